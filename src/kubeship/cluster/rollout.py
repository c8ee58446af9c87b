"""Rollout status of one workload, with the conditions ``kubectl rollout status`` uses.

The rules follow kubectl's status viewers (k8s.io/kubectl/pkg/polymorphichelpers,
rollout_status.go) for Deployments, DaemonSets and StatefulSets. A Job is done
when its Complete condition is True and failed when its Failed condition is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROLLOUT_KINDS = ("Deployment", "DaemonSet", "StatefulSet")
# A Deployment's Progressing condition has this reason once progressDeadlineSeconds passed.
PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded"


@dataclass(frozen=True)
class RolloutStatus:
    """The progress of a workload's rollout.

    ``done`` means the steady state is reached. ``failure`` is set when it never
    will be without a change. ``updated``/``ready``/``desired`` count replicas
    (pods for a DaemonSet, completions for a Job) for progress displays.
    """

    message: str
    done: bool = False
    failure: str | None = None
    updated: int = 0
    ready: int = 0
    desired: int = 0


def rollout_status(obj: dict[str, Any]) -> RolloutStatus:
    """Return the rollout status of a Deployment, DaemonSet, StatefulSet or Job."""
    kind = obj.get("kind")
    if kind == "Deployment":
        return deployment_status(obj)
    if kind == "DaemonSet":
        return daemon_set_status(obj)
    if kind == "StatefulSet":
        return stateful_set_status(obj)
    if kind == "Job":
        return job_status(obj)
    return RolloutStatus(f"{kind} has no rollout status", done=True)


def _observed(obj: dict[str, Any]) -> bool:
    generation = int((obj.get("metadata") or {}).get("generation") or 0)
    observed = int((obj.get("status") or {}).get("observedGeneration") or 0)
    return generation <= observed


def deployment_status(obj: dict[str, Any]) -> RolloutStatus:
    name = obj["metadata"]["name"]
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    replicas = spec.get("replicas")
    updated = int(status.get("updatedReplicas") or 0)
    available = int(status.get("availableReplicas") or 0)
    total = int(status.get("replicas") or 0)
    counts = {"updated": updated, "ready": available, "desired": 1 if replicas is None else int(replicas)}

    if not _observed(obj):
        return RolloutStatus("Waiting for deployment spec update to be observed...", **counts)
    for condition in status.get("conditions") or []:
        if condition.get("type") == "Progressing" and condition.get("reason") == PROGRESS_DEADLINE_EXCEEDED:
            return RolloutStatus(
                f'deployment "{name}" exceeded its progress deadline',
                failure=f'deployment "{name}" exceeded its progress deadline',
                **counts,
            )
    if replicas is not None and updated < int(replicas):
        return RolloutStatus(
            f'Waiting for deployment "{name}" rollout to finish: {updated} out of {replicas} new replicas have been updated...',
            **counts,
        )
    if total > updated:
        return RolloutStatus(
            f'Waiting for deployment "{name}" rollout to finish: {total - updated} old replicas are pending termination...',
            **counts,
        )
    if available < updated:
        return RolloutStatus(
            f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} updated replicas are available...',
            **counts,
        )
    return RolloutStatus(f'deployment "{name}" successfully rolled out', done=True, **counts)


def daemon_set_status(obj: dict[str, Any]) -> RolloutStatus:
    name = obj["metadata"]["name"]
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    strategy = (spec.get("updateStrategy") or {}).get("type") or "RollingUpdate"
    desired = int(status.get("desiredNumberScheduled") or 0)
    updated = int(status.get("updatedNumberScheduled") or 0)
    available = int(status.get("numberAvailable") or 0)
    counts = {"updated": updated, "ready": available, "desired": desired}

    if strategy != "RollingUpdate":
        # kubectl reports an error and stops waiting: there is no rollout to follow.
        return RolloutStatus(f'daemon set "{name}" uses {strategy}: rollout status is only available for RollingUpdate', done=True, **counts)
    if not _observed(obj):
        return RolloutStatus("Waiting for daemon set spec update to be observed...", **counts)
    if updated < desired:
        return RolloutStatus(
            f'Waiting for daemon set "{name}" rollout to finish: {updated} out of {desired} new pods have been updated...',
            **counts,
        )
    if available < desired:
        return RolloutStatus(
            f'Waiting for daemon set "{name}" rollout to finish: {available} of {desired} updated pods are available...',
            **counts,
        )
    return RolloutStatus(f'daemon set "{name}" successfully rolled out', done=True, **counts)


def stateful_set_status(obj: dict[str, Any]) -> RolloutStatus:
    name = obj["metadata"]["name"]
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    strategy = spec.get("updateStrategy") or {}
    strategy_type = strategy.get("type") or "RollingUpdate"
    replicas = spec.get("replicas")
    ready = int(status.get("readyReplicas") or 0)
    updated = int(status.get("updatedReplicas") or 0)
    counts = {"updated": updated, "ready": ready, "desired": 1 if replicas is None else int(replicas)}

    if strategy_type != "RollingUpdate":
        return RolloutStatus(f'statefulset "{name}" uses {strategy_type}: rollout status is only available for RollingUpdate', done=True, **counts)
    observed = int(status.get("observedGeneration") or 0)
    if observed == 0 or int((obj.get("metadata") or {}).get("generation") or 0) > observed:
        return RolloutStatus("Waiting for statefulset spec update to be observed...", **counts)
    if replicas is not None and ready < int(replicas):
        return RolloutStatus(f"Waiting for {int(replicas) - ready} pods to be ready...", **counts)
    rolling = strategy.get("rollingUpdate")
    if rolling is not None:
        partition = rolling.get("partition")
        if replicas is not None and partition is not None and updated < int(replicas) - int(partition):
            return RolloutStatus(
                f"Waiting for partitioned roll out to finish: {updated} out of {int(replicas) - int(partition)} new pods have been updated...",
                **counts,
            )
        return RolloutStatus(f"partitioned roll out complete: {updated} new pods have been updated...", done=True, **counts)
    update_revision, current_revision = status.get("updateRevision"), status.get("currentRevision")
    if update_revision != current_revision:
        return RolloutStatus(
            f"waiting for statefulset rolling update to complete {updated} pods at revision {update_revision}...",
            **counts,
        )
    current = int(status.get("currentReplicas") or 0)
    return RolloutStatus(f"statefulset rolling update complete {current} pods at revision {current_revision}...", done=True, **counts)


def job_status(obj: dict[str, Any]) -> RolloutStatus:
    name = obj["metadata"]["name"]
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    completions = int(spec.get("completions") or 1)
    succeeded = int(status.get("succeeded") or 0)
    counts = {"updated": succeeded, "ready": succeeded, "desired": completions}
    for condition in status.get("conditions") or []:
        if condition.get("status") != "True":
            continue
        if condition.get("type") == "Complete":
            return RolloutStatus(f'job "{name}" completed', done=True, **counts)
        if condition.get("type") == "Failed":
            reason = condition.get("message") or condition.get("reason") or "failed"
            return RolloutStatus(f'job "{name}" failed: {reason}', failure=f'job "{name}" failed: {reason}', **counts)
    return RolloutStatus(f'Waiting for job "{name}" to complete: {succeeded} of {completions} succeeded...', **counts)
