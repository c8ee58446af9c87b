"""``kubeship deploy``, ``history`` and ``rollback`` end to end: the Harness default example in a real cluster."""

from __future__ import annotations

import base64
import json

import pytest
import yaml

from tests.cluster.deploy_support import REGISTRY_USER, Deploy, session_service

WRONG_PASSWORD = "wrong-Passw0rd-42"


@pytest.fixture
def service(control_plane, registry, namespace) -> Deploy:
    return session_service(control_plane, registry, namespace)


def config_map_names(kube, namespace: str) -> set[str]:
    return {item.metadata.name for item in kube.core.list_namespaced_config_map(namespace).items}


def env_from_config_map(kube, namespace: str) -> str:
    deployment = kube.apps.read_namespaced_deployment("web-deployment", namespace)
    sources = deployment.spec.template.spec.containers[0].env_from
    return next(source.config_map_ref.name for source in sources if source.config_map_ref)


def ready_pods(kube, namespace: str) -> list[str]:
    names = []
    for pod in kube.core.list_namespaced_pod(namespace, label_selector="app=web").items:
        ready = [c for c in pod.status.conditions or [] if c.type == "Ready" and c.status == "True"]
        if ready and pod.metadata.deletion_timestamp is None:
            names.append(pod.metadata.name)
    return names


def history_rows(service: Deploy) -> list[dict]:
    shown = service.history("-o", "json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def secret_forms(*passwords: str) -> list[str]:
    """Return each password and the base64 forms a leak would most likely take."""
    forms = []
    for password in passwords:
        forms.append(password)
        forms.append(base64.b64encode(f"{REGISTRY_USER}:{password}".encode()).decode())
    return forms


def test_deploy_release_history_and_rollback(service, kube, registry):
    namespace = service.namespace

    first = service.run()
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "release release-web: release 1 Succeeded"
    assert len(ready_pods(kube, namespace)) == 2
    assert {"release-web", "web-1"} <= config_map_names(kube, namespace)
    assert "web" not in config_map_names(kube, namespace)
    assert env_from_config_map(kube, namespace) == "web-1"
    rows = history_rows(service)
    assert [(row["number"], row["status"]) for row in rows] == [(1, "Succeeded")]
    assert rows[0]["image"] == service.image
    assert rows[0]["managedWorkloads"][0]["revision"] == "1"

    second = service.run("--set", "env.config.LOG_LEVEL=debug")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "release release-web: release 2 Succeeded"
    assert {"web-1", "web-2"} <= config_map_names(kube, namespace)
    assert env_from_config_map(kube, namespace) == "web-2"
    assert kube.core.read_namespaced_config_map("web-2", namespace).data["LOG_LEVEL"] == "debug"

    failed = service.run(
        "--set", "env.config.LOG_LEVEL=warn", "--timeout", "20s", "--insecure-registry", registry.host,
        password=WRONG_PASSWORD,
    )
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert failed.stdout.strip() == "release release-web: release 3 Failed"
    assert "ImagePullBackOff" in failed.stderr
    assert f"image pull diagnosis for {service.image}" in failed.stderr
    assert "verdict: will fail" in failed.stderr
    assert "401" in failed.stderr
    assert "the registry rejected the credentials" in failed.stderr
    # The reason already quotes the one registry check, so no separate line repeats it.
    assert "registry check:" not in failed.stderr
    assert f"kubeship rollback release-web -n {namespace} returns the workloads to release 2" in failed.stderr
    for form in secret_forms(WRONG_PASSWORD, service.password):
        assert form not in output
    assert [(row["number"], row["status"]) for row in history_rows(service)] == [
        (3, "Failed"), (2, "Succeeded"), (1, "Succeeded"),
    ]
    # Release 1's ConfigMap stays until a release after 2 succeeds.
    assert {"web-1", "web-2", "web-3"} <= config_map_names(kube, namespace)

    rolled_back = service.rollback("--timeout", "60s")
    assert rolled_back.returncode == 0, rolled_back.stderr
    assert rolled_back.stdout.strip() == "release release-web: release 4 Succeeded"
    assert env_from_config_map(kube, namespace) == "web-2"
    assert len(ready_pods(kube, namespace)) == 2
    rows = history_rows(service)
    assert [(row["number"], row["status"], row.get("rollbackTo")) for row in rows] == [
        (4, "Succeeded", 2), (3, "Failed", None), (2, "Succeeded", None),
    ]
    assert "web-1" not in config_map_names(kube, namespace)


def test_history_table_lists_releases(service):
    assert service.run("--skip-steady-state").returncode == 0

    shown = service.history()

    assert shown.returncode == 0, shown.stderr
    header, first = shown.stdout.splitlines()[:2]
    assert header.split() == ["RELEASE", "STATUS", "IMAGE", "STARTED", "FINISHED", "NOTE"]
    assert first.split()[:3] == ["1", "Succeeded", service.image]


def test_history_stored_in_harness_format(service, kube):
    assert service.run().returncode == 0

    stored = kube.core.read_namespaced_config_map("release-web", service.namespace).data
    document = yaml.safe_load(stored["releaseHistory"])

    assert document["version"] == "v1"
    release = document["releases"][0]
    assert release["number"] == 1
    assert {"kind": "ConfigMap", "name": "web-1", "namespace": service.namespace, "versioned": True} in release["resources"]
    assert {"kind": "Secret", "name": "web-dockercfg", "namespace": service.namespace, "versioned": False} in release["resources"]


def test_history_of_unknown_release(service):
    shown = service.history()
    rolled_back = service.rollback()

    for result in (shown, rolled_back):
        assert result.returncode == 1
        assert f"release release-web has no history in namespace {service.namespace}" in result.stderr
        assert "check the release name and -n/--namespace" in result.stderr


def test_rollback_to_named_release(service, kube):
    for level in ("info", "debug", "warn"):
        assert service.run("--set", f"env.config.LOG_LEVEL={level}").returncode == 0
    assert env_from_config_map(kube, service.namespace) == "web-3"

    rolled_back = service.rollback("--to", "2")

    assert rolled_back.returncode == 0, rolled_back.stderr
    assert env_from_config_map(kube, service.namespace) == "web-2"
    assert history_rows(service)[0]["rollbackTo"] == 2


def test_rollback_to_missing_release(service):
    assert service.run("--skip-steady-state").returncode == 0

    rolled_back = service.rollback("--to", "7")

    assert rolled_back.returncode == 1
    assert "release 7 is not in the history of release-web (releases: 1)" in rolled_back.stderr
    assert "give --to one of the releases listed" in rolled_back.stderr


def test_deploy_dry_run_server_applies_nothing(service, kube):
    checked = service.run("--dry-run=server")

    assert checked.returncode == 0, checked.stderr
    assert "server-side dry run passed" in checked.stdout
    namespaces = [item.metadata.name for item in kube.core.list_namespace().items]
    assert service.namespace not in namespaces


def test_dry_run_fails_on_missing_namespace(service, kube):
    checked = service.run("--dry-run=server", "--set", "createNamespace=false")
    created = service.run("--dry-run=server", "--set", "createNamespace=false", "--create-namespace")

    assert checked.returncode == 1, checked.stderr
    assert f"namespace(s) {service.namespace} not found" in checked.stderr
    assert "--create-namespace" in checked.stderr
    assert "server-side dry run passed" not in checked.stdout
    assert created.returncode == 0, created.stderr
    namespaces = [item.metadata.name for item in kube.core.list_namespace().items]
    assert service.namespace not in namespaces


def test_deploy_rejects_bad_timeout(service):
    result = service.run("--timeout", "ten minutes")

    assert result.returncode == 2
    assert "invalid --timeout 'ten minutes'" in result.stderr


@pytest.mark.parametrize("command", ["deploy", "rollback"])
def test_zero_timeout_is_rejected(service, kube, command):
    run = service.run if command == "deploy" else service.rollback

    result = run("--timeout", "0s")

    assert result.returncode == 2, result.stderr
    assert "--timeout 0s leaves no time to reach the steady state" in result.stderr
    assert "Traceback" not in result.stderr
    namespaces = [item.metadata.name for item in kube.core.list_namespace().items]
    assert service.namespace not in namespaces


def test_invalid_release_name_changes_nothing(service, kube):
    service.release = "Web_Release"

    result = service.run()

    assert result.returncode == 2, result.stderr
    assert "invalid release name 'Web_Release': a lowercase RFC 1123 subdomain" in result.stderr
    namespaces = [item.metadata.name for item in kube.core.list_namespace().items]
    assert service.namespace not in namespaces


def test_invalid_namespace_is_named(service):
    service.namespace = "Shop_Apps"

    deployed = service.run()
    rolled_back = service.rollback()

    for result in (deployed, rolled_back):
        assert result.returncode == 2, result.stderr
        assert "invalid namespace 'Shop_Apps': a lowercase RFC 1123 label" in result.stderr


def test_release_name_of_a_config_map_is_rejected(service, kube):
    service.release = "web-1"

    result = service.run()

    assert result.returncode == 2
    assert "ConfigMap web-1 has the name of the release history ConfigMap of release web-1" in result.stderr
    assert "--release" in result.stderr
    assert "web-1" not in config_map_names(kube, service.namespace)


def test_invalid_object_fails_before_any_change(service, kube):
    result = service.run("--set", "name=Web_Shop")

    assert result.returncode == 2
    assert "templates/deployment.yaml" in result.stderr
    assert "Web_Shop" in result.stderr
    namespaces = [item.metadata.name for item in kube.core.list_namespace().items]
    assert service.namespace not in namespaces
