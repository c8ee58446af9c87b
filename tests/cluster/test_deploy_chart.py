"""``kubeship deploy`` of a Helm chart: the example chart in a real cluster."""

from __future__ import annotations

import json

import pytest

from tests.cluster.deploy_support import Deploy, session_service
from tests.support.cli import REPO_ROOT

CHART = REPO_ROOT / "examples" / "helm-chart"


@pytest.fixture
def chart_service(control_plane, registry, namespace) -> Deploy:
    return session_service(
        control_plane, registry, namespace,
        service_dir=CHART,
        release="web",
        # The Redis subchart's public image is not in the test registry.
        settings=("-f", str(CHART / "values-kubeship.yaml"), "--set", "redis.enabled=false", "--strict", "--create-namespace"),
    )


def test_chart_deploys_with_pull_secret(chart_service, kube):
    result = chart_service.run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "release web: release 1 Succeeded"

    deployments = kube.apps.list_namespaced_deployment(chart_service.namespace).items
    assert [item.metadata.name for item in deployments] == ["web"]
    deployment = deployments[0]
    assert deployment.status.ready_replicas == deployment.spec.replicas
    pod_spec = deployment.spec.template.spec
    assert pod_spec.containers[0].image == chart_service.image
    assert [ref.name for ref in pod_spec.image_pull_secrets] != []

    pull_secret_name = pod_spec.image_pull_secrets[0].name
    secret = kube.core.read_namespaced_secret(pull_secret_name, chart_service.namespace)
    assert secret.type == "kubernetes.io/dockerconfigjson"

    shown = chart_service.history("-o", "json")
    assert shown.returncode == 0, shown.stderr
    releases = json.loads(shown.stdout)
    assert [(row["number"], row["status"]) for row in releases] == [(1, "Succeeded")]


def test_strict_chart_deploy_fails_on_missing_value(chart_service, kube):
    result = chart_service.run("--set", "image.reference=null")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert kube.apps.list_namespaced_deployment(chart_service.namespace).items == []


def test_missing_namespace_needs_create_namespace(control_plane, registry, namespace, kube):
    service = session_service(
        control_plane, registry, namespace, service_dir=CHART, release="web",
        settings=("-f", str(CHART / "values-kubeship.yaml"), "--set", "redis.enabled=false"),
    )
    result = service.run()
    assert result.returncode == 1
    assert f"namespace(s) {namespace} not found" in result.stderr
    assert "--create-namespace" in result.stderr


def test_strict_is_rejected_for_service_directory(control_plane, registry, namespace):
    service = session_service(control_plane, registry, namespace)
    result = service.run("--strict")
    assert result.returncode == 2
    assert "--strict applies to Helm charts only" in result.stderr
