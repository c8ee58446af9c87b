"""Rollout revisions of managed workloads, and rolling one back the way ``kubectl rollout undo`` does.

A Deployment's revisions are its ReplicaSets (annotation
``deployment.kubernetes.io/revision``); a DaemonSet's or StatefulSet's are its
ControllerRevisions. Rolling back copies the recorded pod template into the
workload; the workload's controller then rolls out as for any change.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Sequence
from typing import Any

from kubeship.cluster.apply import ROLLBACK_FIELD_MANAGER
from kubeship.cluster.errors import ApiError, ClusterUnreachable, RollbackError
from kubeship.cluster.rest import JSON_PATCH, STRATEGIC_MERGE_PATCH, ResourceType, RestClient
from kubeship.cluster.steady import Workload, label_selector

log = logging.getLogger(__name__)

REPLICA_SET = ResourceType("apps/v1", "ReplicaSet", "replicasets", True)
CONTROLLER_REVISION = ResourceType("apps/v1", "ControllerRevision", "controllerrevisions", True)
REVISION_ANNOTATION = "deployment.kubernetes.io/revision"
REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history"
POD_TEMPLATE_HASH = "pod-template-hash"
REVISION_KINDS = ("Deployment", "DaemonSet", "StatefulSet")
OBSERVE_POLL = 0.2
# A rollback keeps these annotations of the Deployment and copies the ReplicaSet's others,
# as kubectl does (its list: last-applied-configuration, revision, revision-history,
# desired-replicas, max-replicas, and the deprecated rollbackTo).
DEPLOYMENT_OWN_ANNOTATIONS = frozenset({
    "kubectl.kubernetes.io/last-applied-configuration",
    REVISION_ANNOTATION,
    REVISION_HISTORY_ANNOTATION,
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
})


def _owned_by(obj: dict[str, Any], owner: dict[str, Any]) -> bool:
    uid = owner["metadata"]["uid"]
    return any(reference.get("uid") == uid for reference in obj["metadata"].get("ownerReferences") or [])


def _owned(client: RestClient, resource: ResourceType, owner: dict[str, Any]) -> list[dict[str, Any]]:
    selector = label_selector((owner.get("spec") or {}).get("selector"))
    items = client.list(resource, owner["metadata"]["namespace"], label_selector=selector or None)
    return [item for item in items if _owned_by(item, owner)]


def _replica_set_revisions(replica_set: dict[str, Any]) -> set[str]:
    """Return the revision numbers a ReplicaSet stands for: its own and those it had before a rollback."""
    annotations = replica_set["metadata"].get("annotations") or {}
    revisions = set()
    if annotations.get(REVISION_ANNOTATION):
        revisions.add(str(annotations[REVISION_ANNOTATION]))
    for earlier in str(annotations.get(REVISION_HISTORY_ANNOTATION) or "").split(","):
        if earlier.strip():
            revisions.add(earlier.strip())
    return revisions


def generation_observed(live: dict[str, Any]) -> bool:
    """Return True once the workload's controller has seen its latest spec, and so numbered its template."""
    generation = int(live["metadata"].get("generation") or 0)
    return 0 < generation <= int((live.get("status") or {}).get("observedGeneration") or 0)


def current_revision(client: RestClient, workload: Workload, live: dict[str, Any] | None = None) -> str | None:
    """Return the revision a workload's controller assigned to its current pod template, if known yet.

    It is not known until the controller has observed the workload's generation:
    before that, the newest revision belongs to the template before the last change.
    """
    live = live or client.get_optional(workload.resource, workload.namespace, workload.name)
    if live is None or workload.kind not in REVISION_KINDS or not generation_observed(live):
        return None
    if workload.kind == "Deployment":
        revision = (live["metadata"].get("annotations") or {}).get(REVISION_ANNOTATION)
        return None if revision is None else str(revision)
    history = _owned(client, CONTROLLER_REVISION, live)
    # A StatefulSet names the ControllerRevision of its template in status.updateRevision. A DaemonSet's
    # is its newest one, because its controller renumbers a reused ControllerRevision as the newest.
    update_revision = (live.get("status") or {}).get("updateRevision")
    if update_revision:
        history = [item for item in history if item["metadata"]["name"] == update_revision]
    revisions = [int(item.get("revision") or 0) for item in history]
    return str(max(revisions)) if revisions else None


def observed_revisions(client: RestClient, workloads: Sequence[Workload], timeout: float) -> dict[Workload, str]:
    """Return the current revision of each workload that has one, waiting up to ``timeout`` seconds for it.

    A workload whose controller has not observed its last change within the timeout
    gets no revision, rather than the previous template's, and a warning.
    """
    revisions: dict[Workload, str] = {}
    pending = [workload for workload in workloads if workload.kind in REVISION_KINDS]
    deadline = time.monotonic() + timeout
    announced = False
    while pending:
        waiting = []
        for workload in pending:
            try:
                revision = current_revision(client, workload)
            except (ApiError, ClusterUnreachable) as error:
                log.warning("cannot read the revision of %s: %s", workload.describe(), error)
                continue
            if revision is None:
                waiting.append(workload)
            else:
                revisions[workload] = revision
        pending = waiting
        if not pending:
            break
        names = ", ".join(workload.describe() for workload in pending)
        if time.monotonic() >= deadline:
            log.warning(
                "%s: the controller has not numbered the applied template yet, so no revision is recorded "
                "and this release cannot be rolled back to",
                names,
            )
            break
        if not announced:
            log.info("waiting for the controllers of %s to number the applied templates", names)
            announced = True
        time.sleep(OBSERVE_POLL)
    return revisions


def undo(client: RestClient, workload: Workload, revision: str) -> str:
    """Restore a workload's pod template from ``revision``; return what was done.

    Raises RollbackError when the workload or the revision no longer exists, or
    when the kind has no revisions.
    """
    live = client.get_optional(workload.resource, workload.namespace, workload.name)
    if live is None:
        raise RollbackError(f"{workload.describe()} not found in namespace {workload.namespace}")
    if workload.kind == "Deployment":
        return _undo_deployment(client, workload, live, revision)
    if workload.kind in ("DaemonSet", "StatefulSet"):
        return _undo_controller_revision(client, workload, live, revision)
    raise RollbackError(f"{workload.describe()} has no rollout revisions to roll back to")


def _undo_deployment(client: RestClient, workload: Workload, live: dict[str, Any], revision: str) -> str:
    if (live.get("spec") or {}).get("paused"):
        raise RollbackError(
            f"cannot roll back the paused {workload.describe()}",
            hint=f"resume it first: kubectl rollout resume deployment/{workload.name} -n {workload.namespace}",
        )
    target = next(
        (item for item in _owned(client, REPLICA_SET, live) if revision in _replica_set_revisions(item)), None
    )
    if target is None:
        raise RollbackError(
            f"revision {revision} of {workload.describe()} not found",
            hint="its ReplicaSet may have been removed by the Deployment's revisionHistoryLimit",
        )

    template = copy.deepcopy(target["spec"]["template"])
    (template.get("metadata") or {}).get("labels", {}).pop(POD_TEMPLATE_HASH, None)
    current = copy.deepcopy(live["spec"]["template"])
    (current.get("metadata") or {}).get("labels", {}).pop(POD_TEMPLATE_HASH, None)
    if template == current:
        return f"skipped: the current template already matches revision {revision}"

    own = live["metadata"].get("annotations") or {}
    annotations = {key: value for key, value in own.items() if key in DEPLOYMENT_OWN_ANNOTATIONS}
    for key, value in (target["metadata"].get("annotations") or {}).items():
        if key not in DEPLOYMENT_OWN_ANNOTATIONS:
            annotations[key] = value
    patch = [
        {"op": "replace", "path": "/spec/template", "value": template},
        {"op": "add", "path": "/metadata/annotations", "value": annotations},
    ]
    client.patch(
        workload.resource, workload.namespace, workload.name, patch,
        content_type=JSON_PATCH, field_manager=ROLLBACK_FIELD_MANAGER,
    )
    return f"rolled back to revision {revision}"


def _undo_controller_revision(client: RestClient, workload: Workload, live: dict[str, Any], revision: str) -> str:
    history = _owned(client, CONTROLLER_REVISION, live)
    target = next((item for item in history if str(item.get("revision")) == revision), None)
    if target is None:
        raise RollbackError(f"revision {revision} of {workload.describe()} not found")
    # Compare templates, not numbers, because the controller may not have numbered the current template yet.
    template = copy.deepcopy(((target.get("data") or {}).get("spec") or {}).get("template") or {})
    template.pop("$patch", None)
    if template == (live.get("spec") or {}).get("template"):
        return f"skipped: the current template already matches revision {revision}"
    client.patch(
        workload.resource, workload.namespace, workload.name, target["data"],
        content_type=STRATEGIC_MERGE_PATCH, field_manager=ROLLBACK_FIELD_MANAGER,
    )
    return f"rolled back to revision {revision}"
