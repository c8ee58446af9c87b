"""StatefulSets, DaemonSets and Jobs deployed, waited for and rolled back in a real cluster.

The service is ``tests/cluster/services/workloads``: a StatefulSet and a DaemonSet that
read the versioned ConfigMap ``store-N``, and Jobs that the node simulator runs to
completion as their pod annotations specify (see tests/support/kubelet.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cluster.deploy_support import Deploy, session_service
from tests.cluster.waiting import wait_for
from tests.support.cli import REPO_ROOT

SERVICE = REPO_ROOT / "tests" / "cluster" / "services" / "workloads"


@pytest.fixture
def service(control_plane, registry, namespace) -> Deploy:
    return session_service(
        control_plane, registry, namespace, release="store", service_dir=SERVICE,
        settings=("--create-namespace", "--timeout", "60s"),
    )


@pytest.fixture
def controllers(control_plane):
    """The kube-controller-manager process, for a test that stops it. It runs again after the test."""
    process = control_plane.processes["kube-controller-manager"]
    yield process
    if not process.running():
        process.start()


def history_rows(service: Deploy) -> list[dict[str, Any]]:
    shown = service.history("-o", "json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def releases(service: Deploy) -> list[tuple[int, str, int | None]]:
    return [(row["number"], row["status"], row.get("rollbackTo")) for row in history_rows(service)]


def recorded_revisions(row: dict[str, Any]) -> dict[str, str | None]:
    return {item["workload"]["kind"]: item["revision"] for item in row["managedWorkloads"]}


def config_map_of(template) -> str:
    sources = template.spec.containers[0].env_from
    return next(source.config_map_ref.name for source in sources if source.config_map_ref)


def pod_config_maps(kube, namespace: str, app: str) -> list[tuple[str, str]]:
    """Return (pod name, ConfigMap it reads) for each live pod of ``app``."""
    pods = kube.core.list_namespaced_pod(namespace, label_selector=f"app={app}").items
    return sorted((pod.metadata.name, config_map_of(pod)) for pod in pods if pod.metadata.deletion_timestamp is None)


def rollout(kube, namespace: str) -> dict[str, Any]:
    """Return the state of both workloads as the cluster reports it: templates, rollout counts and pods."""
    stateful_set = kube.apps.read_namespaced_stateful_set("store", namespace)
    daemon_set = kube.apps.read_namespaced_daemon_set("store-agent", namespace)
    return {
        "StatefulSet": (
            config_map_of(stateful_set.spec.template),
            stateful_set.status.ready_replicas,
            stateful_set.status.current_revision == stateful_set.status.update_revision,
        ),
        "DaemonSet": (
            config_map_of(daemon_set.spec.template),
            daemon_set.status.updated_number_scheduled,
            daemon_set.status.number_available,
        ),
        "pods": pod_config_maps(kube, namespace, "store") + [
            ("agent", config_map) for _, config_map in pod_config_maps(kube, namespace, "store-agent")
        ],
    }


def rolled_out_on(config_map: str) -> dict[str, Any]:
    """Return ``rollout`` of both workloads rolled out on ``config_map``: 2 ordinal pods and 1 agent."""
    return {
        "StatefulSet": (config_map, 2, True),
        "DaemonSet": (config_map, 1, 1),
        "pods": [("store-0", config_map), ("store-1", config_map), ("agent", config_map)],
    }


def owned_revisions(kube, namespace: str, owner) -> dict[str, int]:
    """Return the number of each ControllerRevision the workload owns, by name."""
    revisions = kube.apps.list_namespaced_controller_revision(namespace).items
    return {
        item.metadata.name: item.revision
        for item in revisions
        if any(ref.uid == owner.metadata.uid for ref in item.metadata.owner_references or [])
    }


def job_conditions(kube, namespace: str, name: str) -> set[str]:
    job = kube.batch.read_namespaced_job(name, namespace)
    return {condition.type for condition in job.status.conditions or [] if condition.status == "True"}


def test_workloads_roll_out_and_back(service, kube, node):
    namespace = service.namespace

    first = service.run()
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "release store: release 1 Succeeded"
    # The API server defaults rollingUpdate.partition to 0, so kubectl's partitioned check applies.
    assert "StatefulSet/store: 2/2 updated, 2/2 ready: partitioned roll out complete" in first.stderr
    assert 'DaemonSet/store-agent: 1/1 updated, 1/1 ready: daemon set "store-agent" successfully rolled out' in first.stderr
    assert rollout(kube, namespace) == rolled_out_on("store-1")
    agent = kube.core.list_namespaced_pod(namespace, label_selector="app=store-agent").items[0]
    assert agent.spec.node_name == node.node_name
    assert recorded_revisions(history_rows(service)[0]) == {"StatefulSet": "1", "DaemonSet": "1"}

    second = service.run("--set", "config.LOG_LEVEL=debug")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "release store: release 2 Succeeded"
    assert rollout(kube, namespace) == rolled_out_on("store-2")
    assert kube.core.read_namespaced_config_map("store-2", namespace).data == {"LOG_LEVEL": "debug"}
    assert recorded_revisions(history_rows(service)[0]) == {"StatefulSet": "2", "DaemonSet": "2"}
    stateful_set = kube.apps.read_namespaced_stateful_set("store", namespace)
    first_template = next(name for name, number in owned_revisions(kube, namespace, stateful_set).items() if number == 1)

    rolled_back = service.rollback("--timeout", "60s")
    assert rolled_back.returncode == 0, rolled_back.stderr
    assert rolled_back.stdout.strip() == "release store: release 3 Succeeded"
    assert "StatefulSet/store: rolled back to revision 1" in rolled_back.stderr
    assert "DaemonSet/store-agent: rolled back to revision 1" in rolled_back.stderr
    assert rollout(kube, namespace) == rolled_out_on("store-1")
    # The controllers reuse the ControllerRevision of release 1's template and renumber it 3,
    # as after kubectl rollout undo --to-revision=1.
    stateful_set = kube.apps.read_namespaced_stateful_set("store", namespace)
    assert stateful_set.status.update_revision == first_template
    assert owned_revisions(kube, namespace, stateful_set)[first_template] == 3
    daemon_set = kube.apps.read_namespaced_daemon_set("store-agent", namespace)
    assert sorted(owned_revisions(kube, namespace, daemon_set).values()) == [2, 3]
    # Release 1 leaves the history once release 3 succeeds, but its ConfigMap stays because release 3 uses it.
    assert releases(service) == [(3, "Succeeded", 1), (2, "Succeeded", None)]
    assert recorded_revisions(history_rows(service)[0]) == {"StatefulSet": "3", "DaemonSet": "3"}
    assert kube.core.read_namespaced_config_map("store-1", namespace).data == {"LOG_LEVEL": "info"}

    again = service.rollback("--to", "3")
    assert again.returncode == 0, again.stderr
    assert "StatefulSet/store: skipped: the current template already matches revision 3" in again.stderr
    assert "DaemonSet/store-agent: skipped: the current template already matches revision 3" in again.stderr
    assert rollout(kube, namespace) == rolled_out_on("store-1")

    # The next deploy takes back the template fields the rollback changed.
    following = service.run("--set", "config.LOG_LEVEL=warn")
    assert following.returncode == 0, following.stderr
    assert "StatefulSet/store: taking back the fields a rollback changed" in following.stderr
    assert rollout(kube, namespace) == rolled_out_on("store-5")


def test_revisions_wait_for_controllers(service, controllers):
    assert service.run("--skip-steady-state").returncode == 0
    controllers.stop()

    # Without a steady-state wait, the release is recorded before any controller saw the new templates.
    running = service.start("--skip-steady-state", "--set", "config.LOG_LEVEL=debug")
    running.wait_for_line("waiting for the controllers of")
    controllers.start()

    assert running.finish() == 0, running.stderr
    assert [recorded_revisions(row) for row in history_rows(service)] == [
        {"StatefulSet": "2", "DaemonSet": "2"}, {"StatefulSet": "1", "DaemonSet": "1"},
    ]


def test_rollback_while_controllers_are_stopped(service, kube, controllers):
    namespace = service.namespace
    assert service.run().returncode == 0
    controllers.stop()

    second = service.run("--skip-steady-state", "--timeout", "2s", "--set", "config.LOG_LEVEL=debug")
    assert second.returncode == 0, second.stderr
    assert recorded_revisions(history_rows(service)[0]) == {"StatefulSet": None, "DaemonSet": None}
    assert "the controller has not numbered the applied template yet, so no revision is recorded" in second.stderr

    # The newest ControllerRevision is still release 1's, but the templates are release 2's.
    rolled_back = service.rollback("--skip-steady-state", "--timeout", "2s")
    assert rolled_back.returncode == 0, rolled_back.stderr
    assert "StatefulSet/store: rolled back to revision 1" in rolled_back.stderr
    assert "DaemonSet/store-agent: rolled back to revision 1" in rolled_back.stderr

    controllers.start()
    wait_for(lambda: rollout(kube, namespace) == rolled_out_on("store-1"), what="the rollout of store-1")
    # Release 2 recorded no revisions, so release 1 stays: it is the release a rollback can restore.
    assert releases(service) == [(3, "Succeeded", 1), (2, "Succeeded", None), (1, "Succeeded", None)]


def test_wait_for_jobs_until_complete(service, kube):
    result = service.run("--wait-for-jobs", "--set-json", 'jobs={"seed": {"runSeconds": 2}}')

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "release store: release 1 Succeeded"
    assert 'Job/seed: 1/1 updated, 1/1 ready: job "seed" completed' in result.stderr
    assert "Complete" in job_conditions(kube, service.namespace, "seed")
    assert releases(service) == [(1, "Succeeded", None)]


def test_wait_for_jobs_fails_when_job_fails(service, kube):
    result = service.run("--wait-for-jobs", "--set-json", 'jobs={"migrate": {"exitCode": 3}}')

    assert result.returncode == 1, result.stderr
    assert result.stdout.strip() == "release store: release 1 Failed"
    assert 'release 1 of store failed: job "migrate" failed: Job has reached the specified backoff limit' in result.stderr
    assert "kubeship rollback" not in result.stderr
    assert "no earlier successful release has workloads to roll back to" in result.stderr
    assert "Failed" in job_conditions(kube, service.namespace, "migrate")
    pods = kube.core.list_namespaced_pod(service.namespace, label_selector="job-name=migrate").items
    assert [pod.status.container_statuses[0].state.terminated.exit_code for pod in pods] == [3]
    assert releases(service) == [(1, "Failed", None)]


def test_jobs_not_waited_for_by_default(service, kube):
    result = service.run("--set-json", 'jobs={"report": {"runSeconds": 60}, "migrate": {"exitCode": 3}}')

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "release store: release 1 Succeeded"
    assert "Job/" not in result.stderr
    assert job_conditions(kube, service.namespace, "report") & {"Complete", "Failed"} == set()
    wait_for(lambda: "Failed" in job_conditions(kube, service.namespace, "migrate"), what="Job migrate to fail")
    assert releases(service) == [(1, "Succeeded", None)]


def test_changed_job_template_is_rejected_readably(service, kube):
    first = service.run("--set-json", 'jobs={"seed": {}}')
    assert first.returncode == 0, first.stderr

    second = service.run("--set-json", 'jobs={"seed": {}}', "--set", "config.LOG_LEVEL=debug")

    assert second.returncode == 1
    rejection = next(line for line in second.stderr.splitlines() if "field is immutable" in line)
    assert "Job/seed" in rejection
    assert "field is immutable" in rejection
    assert "a Job's pod template cannot change after it is created" in rejection
    # The API server prints the whole pod template as a Go struct; the rejection keeps a short start of it.
    assert "characters): field is immutable" in rejection
    assert len(rejection) < 800
    assert kube.core.list_namespaced_config_map(service.namespace, field_selector="metadata.name=store-2").items == []
