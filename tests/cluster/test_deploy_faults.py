"""Deploys that meet faults: a restarted API server, a second deploy, a killed deploy, a rejected object."""

from __future__ import annotations

import json
import shutil
import signal
import socket
from pathlib import Path

import pytest
from kubernetes.watch import Watch

from kubeship.cluster import ReleaseLock, RestClient, connect
from tests.cluster.deploy_support import EXAMPLE, SELECTOR_MISMATCH_DEPLOYMENT, Deploy, session_service
from tests.cluster.waiting import wait_for
from tests.support.cli import run_kubeship


@pytest.fixture
def service(control_plane, registry, namespace) -> Deploy:
    return session_service(control_plane, registry, namespace, settings=("--set", "replicas=1"))


@pytest.fixture
def slow_pods(node, service):
    """Hold the service's pods in ContainerCreating for a while, so a rollout takes time."""
    node.ready_delays[service.image] = 5.0
    yield
    node.ready_delays.pop(service.image, None)


BULK_COUNT = 200
BULK_LABEL = "kubeship.test/bulk=true"
# Enough ConfigMaps that applying them takes a good part of a second, so a deploy can be
# killed between the first and the last.
BULK_TEMPLATE = """\
{{- range $index := until %d}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: bulk-{{printf "%%03d" $index}}
  labels:
    kubeship.test/bulk: "true"
data:
  index: {{quote $index}}
{{- end}}
""" % BULK_COUNT


def service_with_bulk(tmp_path) -> Path:
    """Return a copy of the Harness example with BULK_COUNT more ConfigMaps."""
    service_dir = tmp_path / "service"
    shutil.copytree(EXAMPLE, service_dir)
    (service_dir / "templates" / "bulk.yaml").write_text(BULK_TEMPLATE)
    return service_dir


def list_bulk(kube, namespace: str):
    return kube.core.list_namespaced_config_map(namespace, label_selector=BULK_LABEL)


def history(service: Deploy) -> list[tuple[int, str]]:
    shown = service.history("-o", "json")
    assert shown.returncode == 0, shown.stderr
    return [(row["number"], row["status"]) for row in json.loads(shown.stdout)]


def test_wait_resumes_after_api_server_restart(service, control_plane, slow_pods):
    running = service.start()
    running.wait_for_line("waiting up to")

    control_plane.restart_apiserver(downtime=1)
    code = running.finish()

    assert code == 0, running.stderr
    assert "release release-web: release 1 Succeeded" in running.stdout
    assert "API server unreachable, retrying" in running.stderr
    assert "API server reachable again" in running.stderr
    assert history(service) == [(1, "Succeeded")]


def test_second_deploy_fails_while_first_runs(service, node, slow_pods):
    # The first deploy holds the lock from "deploying release 1" until its slow pods are Ready.
    node.ready_delays[service.image] = 12.0
    first = service.start()
    first.wait_for_line("deploying release 1")

    second = service.run()

    assert second.returncode == 1, second.stderr
    assert "release release-web is being deployed by" in second.stderr
    assert "wait for that deploy to finish, or pass --lock-timeout" in second.stderr
    assert first.finish() == 0, first.stderr
    assert history(service) == [(1, "Succeeded")]


def test_second_deploy_waits_with_lock_timeout(service, control_plane, kube):
    # This test holds the release's lock itself, so the deploy surely meets it.
    kube.core.create_namespace({"metadata": {"name": service.namespace}})
    connection = connect(control_plane.kubeconfig, environ={})
    holder = ReleaseLock(RestClient(connection), service.namespace, service.release)
    holder.acquire()
    try:
        waiting = service.start("--lock-timeout", "2m")
        line = waiting.wait_for_line("waiting for the deploy by")
        assert holder.identity in line
    finally:
        holder.release()
        connection.close()

    assert waiting.finish() == 0, waiting.stderr
    assert history(service) == [(1, "Succeeded")]


def test_killed_deploy_is_marked_failed_by_next(service, kube, tmp_path):
    service.service_dir = service_with_bulk(tmp_path)
    kube.core.create_namespace({"metadata": {"name": service.namespace}})
    bulk = list_bulk(kube, service.namespace)
    # Watch from the listed version, so no creation is missed whenever the watch connects.
    watch = Watch()
    events = watch.stream(
        kube.core.list_namespaced_config_map, service.namespace, label_selector=BULK_LABEL,
        resource_version=bulk.metadata.resource_version, timeout_seconds=120,
    )

    killed = service.start()
    for event in events:
        if event["type"] == "ADDED":
            killed.process.send_signal(signal.SIGKILL)
            break
    watch.stop()
    killed.finish()

    applied = len(list_bulk(kube, service.namespace).items)
    assert 0 < applied < BULK_COUNT, killed.stderr
    assert kube.apps.list_namespaced_deployment(service.namespace).items == []
    assert history(service) == [(1, "InProgress")]

    following = service.run()

    assert following.returncode == 0, following.stderr
    assert "release 1 of release-web was left InProgress by a deploy that did not finish" in following.stderr
    assert "took over the stale lock of release release-web" in following.stderr
    assert history(service) == [(2, "Succeeded"), (1, "Failed")]
    releases = {row["number"]: row for row in json.loads(service.history("-o", "json").stdout)}
    assert len(releases[1]["resources"]) == len(releases[2]["resources"])
    assert "bulk-000-1" in {resource["name"] for resource in releases[1]["resources"]}
    names = {item.metadata.name for item in list_bulk(kube, service.namespace).items}
    assert {f"bulk-{index:03d}-2" for index in range(BULK_COUNT)} <= names
    assert kube.coordination.list_namespaced_lease(service.namespace).items == []


def test_dry_run_rejection_applies_nothing(service, kube, tmp_path):
    service_dir = tmp_path / "service"
    shutil.copytree(EXAMPLE, service_dir)
    (service_dir / "templates" / "worker.yaml").write_text(
        SELECTOR_MISMATCH_DEPLOYMENT.replace("{image}", "{{.Values.image}}")
    )
    service.service_dir = service_dir
    kube.core.create_namespace({"metadata": {"name": service.namespace}})
    wait_for(lambda: kube.core.list_namespaced_config_map(service.namespace).items, what="kube-root-ca.crt")

    result = service.run()

    assert result.returncode == 1
    assert "the server-side dry run rejected 1 object(s); nothing was applied" in result.stderr
    assert "templates/worker.yaml:1: Deployment/worker:" in result.stderr
    assert "`selector` does not match template `labels`" in result.stderr
    names = [item.metadata.name for item in kube.core.list_namespaced_config_map(service.namespace).items]
    assert names == ["kube-root-ca.crt"]
    assert kube.apps.list_namespaced_deployment(service.namespace).items == []
    assert kube.core.list_namespaced_secret(service.namespace).items == []


def test_terminated_deploy_records_failure_and_unlocks(service, kube, slow_pods):
    running = service.start()
    running.wait_for_line("waiting up to")

    running.process.send_signal(signal.SIGTERM)
    code = running.finish()

    assert code == 130, running.stderr
    assert "release 1 of release-web: Failed" in running.stderr
    assert "error: deploy of release release-web interrupted" in running.stderr
    assert f"kubeship history release-web -n {service.namespace}" in running.stderr
    assert "Traceback" not in running.stderr
    assert history(service) == [(1, "Failed")]
    assert kube.coordination.list_namespaced_lease(service.namespace).items == []


def test_unreachable_api_server_is_one_line(tmp_path):
    with socket.socket() as reserved:
        # Bound but not listening, so a connection to the port is refused and no other server can take it.
        reserved.bind(("127.0.0.1", 0))
        server = f"https://127.0.0.1:{reserved.getsockname()[1]}"
        kubeconfig = tmp_path / "config"
        kubeconfig.write_text(json.dumps({
            "apiVersion": "v1", "kind": "Config", "current-context": "test",
            "clusters": [{"name": "test", "cluster": {"server": server, "insecure-skip-tls-verify": True}}],
            "users": [{"name": "test", "user": {"token": "unused"}}],
            "contexts": [{"name": "test", "context": {"cluster": "test", "user": "test"}}],
        }))

        result = run_kubeship(["history", "release-web", "--kubeconfig", str(kubeconfig), "-n", "shop"])

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: cannot reach the API server {server}")
