"""The test harness itself: the control plane runs real controllers, and the node simulator pulls for real."""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

from tests.cluster.waiting import wait_for
from tests.support.registry import REGISTRY_USERS, SESSION_IMAGE


def dockercfg_secret(name: str, host: str, username: str, password: str) -> dict[str, Any]:
    payload = {f"{host}/": {"username": username, "password": password}}
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name},
        "type": "kubernetes.io/dockercfg",
        "data": {".dockercfg": base64.b64encode(json.dumps(payload).encode()).decode()},
    }


def deployment(name: str, image: str, pull_secret: str | None, replicas: int = 2) -> dict[str, Any]:
    spec: dict[str, Any] = {"containers": [{"name": "app", "image": image}]}
    if pull_secret:
        spec["imagePullSecrets"] = [{"name": pull_secret}]
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": spec},
        },
    }


def create_namespace(kube, name: str) -> None:
    kube.core.create_namespace({"metadata": {"name": name}})
    wait_for(lambda: kube.core.list_namespaced_service_account(name, field_selector="metadata.name=default").items,
             what=f"the default ServiceAccount of {name}")


def waiting_reasons(kube, namespace: str, app: str) -> list[tuple[str, str]]:
    reasons = []
    for pod in kube.core.list_namespaced_pod(namespace, label_selector=f"app={app}").items:
        for status in pod.status.container_statuses or []:
            if status.state.waiting:
                reasons.append((status.state.waiting.reason, status.state.waiting.message or ""))
    return reasons


def test_node_registered_ready_with_fresh_lease(kube, node):
    registered = kube.core.read_node(node.node_name)
    ready = [c for c in registered.status.conditions if c.type == "Ready"]
    assert ready and ready[0].status == "True"

    lease = kube.coordination.read_namespaced_lease(node.node_name, "kube-node-lease")
    age = datetime.datetime.now(datetime.timezone.utc) - lease.spec.renew_time
    assert age.total_seconds() < 3 * node.lease_interval


def test_pull_with_right_secret_makes_deployment_available(kube, node, registry, namespace):
    create_namespace(kube, namespace)
    user, password = "deploy-bot", REGISTRY_USERS["deploy-bot"]
    kube.core.create_namespaced_secret(namespace, dockercfg_secret("pull", registry.host, user, password))
    image = registry.image(*SESSION_IMAGE)
    kube.apps.create_namespaced_deployment(namespace, deployment("web", image, "pull"))

    def available() -> bool:
        status = kube.apps.read_namespaced_deployment("web", namespace).status
        return status.available_replicas == 2 and status.updated_replicas == 2

    wait_for(available, what="the Deployment to have 2 available replicas")
    pods = kube.core.list_namespaced_pod(namespace, label_selector="app=web").items
    assert [pod.status.phase for pod in pods] == ["Running", "Running"]
    assert all(pod.spec.node_name == node.node_name for pod in pods)
    assert all(pod.status.container_statuses[0].ready for pod in pods)


def test_pull_with_wrong_password_backs_off(kube, node, registry, namespace):
    create_namespace(kube, namespace)
    kube.core.create_namespaced_secret(namespace, dockercfg_secret("pull", registry.host, "deploy-bot", "wrong"))
    image = registry.image(*SESSION_IMAGE)
    kube.apps.create_namespaced_deployment(namespace, deployment("web", image, "pull", replicas=1))

    reasons = wait_for(
        lambda: [r for r in waiting_reasons(kube, namespace, "web") if r[0] == "ImagePullBackOff"],
        what="a container in ImagePullBackOff",
    )
    assert reasons[0][1] == f'Back-off pulling image "{image}"'

    events = kube.core.list_namespaced_event(namespace).items
    failed = [e.message for e in events if e.reason == "Failed" and e.type == "Warning"]
    pulled = [m for m in failed if m.startswith(f'Failed to pull image "{image}"')]
    assert pulled, failed
    assert "unauthorized" in pulled[0].lower() or "authentication required" in pulled[0].lower()
    assert any(e.reason == "BackOff" for e in events)
    assert kube.apps.read_namespaced_deployment("web", namespace).status.available_replicas is None


def test_pull_without_secret_is_anonymous_and_fails(kube, node, registry, namespace):
    create_namespace(kube, namespace)
    image = registry.image(*SESSION_IMAGE)
    kube.apps.create_namespaced_deployment(namespace, deployment("web", image, None, replicas=1))

    reasons = wait_for(
        lambda: [r for r in waiting_reasons(kube, namespace, "web") if r[0] == "ErrImagePull"],
        what="a container in ErrImagePull",
    )
    assert "authentication required" in reasons[0][1] or "unauthorized" in reasons[0][1].lower()


def test_node_lease_renewed_over_time(kube, node):
    def renew_time():
        return kube.coordination.read_namespaced_lease(node.node_name, "kube-node-lease").spec.renew_time

    first = renew_time()
    wait_for(lambda: renew_time() > first, timeout=3 * node.lease_interval, what="a newer Lease renewTime")
