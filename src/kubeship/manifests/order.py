"""Apply order: kinds in the order Harness FirstGen applies them, then by source path."""

from __future__ import annotations

from kubeship.manifests.model import Manifest

# Kinds not listed here are applied after all listed kinds, in source order.
APPLY_ORDER: tuple[str, ...] = (
    "Namespace",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "Secret",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "ServiceAccount",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
    "Role",
    "RoleBinding",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "DeploymentConfig",
    "StatefulSet",
    "Job",
    "CronJob",
    "Ingress",
    "APIService",
)

_RANK = {kind: rank for rank, kind in enumerate(APPLY_ORDER)}


def sort_for_apply(manifests: list[Manifest]) -> list[Manifest]:
    """Return the manifests sorted by kind rank, then source path; the sort is stable."""
    return sorted(manifests, key=lambda m: (_RANK.get(m.kind, len(APPLY_ORDER)), m.source))
