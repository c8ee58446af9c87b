"""Server-side dry run and apply against the test API server."""

from __future__ import annotations

import pytest

from kubeship.cluster import Applier, ApplyConflict, DryRunRejected, RestClient, connect
from kubeship.manifests import parse_documents
from tests.cluster.deploy_support import SELECTOR_MISMATCH_DEPLOYMENT
from tests.support.registry import SESSION_IMAGE

# Formatted with the session registry's image: the node simulator pulls whatever the pods name.
SERVICE_TEMPLATE = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: info
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: {image}
"""


@pytest.fixture
def service(registry) -> str:
    return SERVICE_TEMPLATE.replace("{image}", registry.image(*SESSION_IMAGE))


@pytest.fixture
def applier(control_plane, kube, namespace):
    kube.core.create_namespace({"metadata": {"name": namespace}})
    connection = connect(control_plane.kubeconfig, environ={})
    yield Applier(RestClient(connection), namespace)
    connection.close()


def replicas_owned_by_another_manager(service, applier, kube, namespace) -> list:
    """Apply ``service``, let another field manager scale it to 3, and return manifests that set 2 replicas."""
    applier.apply(parse_documents(service, "templates/web.yaml"))
    kube.apps.patch_namespaced_deployment("web", namespace, {"spec": {"replicas": 3}}, field_manager="kubectl-scale")
    return parse_documents(service.replace("replicas: 1", "replicas: 2"), "templates/web.yaml")


def test_apply_creates_objects_with_field_manager(service, applier, kube, namespace):
    applied = applier.apply(parse_documents(service, "templates/web.yaml"))

    assert [item.manifest.describe() for item in applied] == ["ConfigMap/settings", "Deployment/web"]
    deployment = kube.apps.read_namespaced_deployment("web", namespace)
    managers = {(entry.manager, entry.operation) for entry in deployment.metadata.managed_fields}
    assert ("kubeship", "Apply") in managers


def test_apply_conflict_names_fields_and_managers(service, applier, kube, namespace):
    changed = replicas_owned_by_another_manager(service, applier, kube, namespace)

    with pytest.raises(ApplyConflict) as raised:
        applier.apply(changed)

    assert raised.value.conflicts == [(".spec.replicas", "kubectl-scale")]
    assert "Deployment/web (templates/web.yaml:8)" in str(raised.value)
    assert "--force-conflicts" in str(raised.value)
    assert kube.apps.read_namespaced_deployment("web", namespace).spec.replicas == 3


def test_apply_force_conflicts_takes_fields(service, applier, kube, namespace):
    changed = replicas_owned_by_another_manager(service, applier, kube, namespace)
    applier.force_conflicts = True

    applier.apply(changed)

    assert kube.apps.read_namespaced_deployment("web", namespace).spec.replicas == 2


def test_dry_run_conflict_suggests_force_conflicts(service, applier, kube, namespace):
    changed = replicas_owned_by_another_manager(service, applier, kube, namespace)

    with pytest.raises(DryRunRejected) as raised:
        applier.dry_run(changed)

    assert raised.value.rejections == [
        "templates/web.yaml:8: Deployment/web: conflicts with other field managers: .spec.replicas (managed by kubectl-scale)"
    ]
    assert "--force-conflicts" in str(raised.value)


def test_dry_run_rejection_names_file_and_applies_nothing(service, applier, kube, namespace, registry):
    broken = service + "---\n" + SELECTOR_MISMATCH_DEPLOYMENT.replace("{image}", registry.image(*SESSION_IMAGE))
    manifests = parse_documents(broken, "templates/web.yaml")

    with pytest.raises(DryRunRejected) as raised:
        applier.dry_run(manifests)

    assert len(raised.value.rejections) == 1
    rejection = raised.value.rejections[0]
    assert rejection.startswith("templates/web.yaml:24: Deployment/worker: ")
    assert "spec.template.metadata.labels: Invalid value" in rejection
    assert "`selector` does not match template `labels`" in rejection
    assert kube.core.list_namespaced_config_map(namespace, field_selector="metadata.name=settings").items == []
    assert kube.apps.list_namespaced_deployment(namespace).items == []


def test_dry_run_unknown_kind(service, applier):
    manifests = parse_documents("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n", "templates/w.yaml")

    with pytest.raises(DryRunRejected, match="templates/w.yaml:1: Widget/w: the server has no resource type"):
        applier.dry_run(manifests)


def test_apply_keeps_emoji_and_line_separators(applier, kube, namespace):
    # The server parses apply patches as YAML, which has no JSON surrogate-pair escapes.
    manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unicode\ndata:\n  VALUE: "😀 𐀀 \\u2028 \\x85"\n'

    applier.dry_run(parse_documents(manifest, "templates/unicode.yaml"))
    applier.apply(parse_documents(manifest, "templates/unicode.yaml"))

    assert kube.core.read_namespaced_config_map("unicode", namespace).data == {"VALUE": "😀 𐀀 \u2028 \x85"}
