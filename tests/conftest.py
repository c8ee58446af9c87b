"""Fixtures shared by the whole suite."""

import pytest

# The real private registry (docker-registry + skopeo): the ``registry`` and ``registry_factory`` fixtures.
# The Go oracle (tests/oracle): the session-scoped ``oracle`` fixture.
# The Kubernetes control plane and the node simulator: ``control_plane``, ``node``, ``namespace``, ``kube``.
# Plugins registered here define each session fixture once, so all folders share one instance.
pytest_plugins = ["tests.support.registry", "tests.support.oracle", "tests.support.cluster"]


@pytest.fixture(autouse=True)
def _no_cloud_sdk_chains(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep kubeship's cloud SDK lookups away from real clouds and metadata addresses in every test.

    Cloud credential tests turn ``KUBESHIP_CLOUD_SDK`` back on together with moto
    or a loopback token server.
    """
    monkeypatch.setenv("KUBESHIP_CLOUD_SDK", "off")
    monkeypatch.setenv("NO_GCE_CHECK", "True")
    monkeypatch.setenv("GCE_METADATA_HOST", "127.0.0.1:9")
    monkeypatch.setenv("GCE_METADATA_IP", "127.0.0.1:9")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
