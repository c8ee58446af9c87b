"""Managed workloads of a release and the release label on their pods."""

from __future__ import annotations

from kubeship.manifests.model import Manifest
from kubeship.manifests.podspec import POD_TEMPLATE_PATHS, get_path
from kubeship.manifests.versioning import annotation_is_true

MANAGED_WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "DeploymentConfig")
DIRECT_APPLY_ANNOTATIONS = ("harness.io/direct-apply", "kubeship.io/direct-apply")
RELEASE_NAME_LABEL = "kubeship.io/release-name"


def managed_workloads(manifests: list[Manifest]) -> list[Manifest]:
    """Return the workloads whose rollout the deploy waits for, in the given order.

    These are the Deployments, StatefulSets, DaemonSets and DeploymentConfigs, except
    those annotated ``harness.io/direct-apply`` or ``kubeship.io/direct-apply`` "true"
    (any case), which are applied without waiting.
    """
    return [
        manifest
        for manifest in manifests
        if manifest.kind in MANAGED_WORKLOAD_KINDS and not annotation_is_true(manifest, DIRECT_APPLY_ANNOTATIONS)
    ]


def add_release_label(manifests: list[Manifest], release_name: str) -> list[Manifest]:
    """Label the pods of every managed workload with ``kubeship.io/release-name``, in place.

    The label goes into the pod template's ``metadata.labels`` only
    (``spec.template.metadata.labels``). No selector is changed, because the selectors of
    Deployments, StatefulSets and DaemonSets are immutable in apps/v1. Adding the label to
    the selector of a workload that already exists would make the apply fail, while a
    template label that the selector does not mention is always accepted.

    Returns the workloads whose template was changed. A template that already has the
    label keeps its value and is not returned.
    """
    changed = []
    for manifest in managed_workloads(manifests):
        template = get_path(manifest.obj, POD_TEMPLATE_PATHS[manifest.kind])
        if not isinstance(template, dict):
            continue
        metadata = template.setdefault("metadata", {})
        if not isinstance(metadata, dict):
            continue
        labels = metadata.get("labels")
        if labels is None:
            labels = metadata["labels"] = {}
        if not isinstance(labels, dict) or RELEASE_NAME_LABEL in labels:
            continue
        labels[RELEASE_NAME_LABEL] = release_name
        changed.append(manifest)
    return changed
