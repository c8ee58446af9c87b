"""Pod template and pod spec locations of each workload kind, and access to their containers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubeship.manifests.model import FieldPath, Manifest

# Kinds whose objects carry a pod template, and the path of that template.
POD_TEMPLATE_PATHS: dict[str, FieldPath] = {
    "Deployment": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "Job": ("spec", "template"),
    "DeploymentConfig": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}

# Kinds whose pod specs may refer to ConfigMaps and Secrets: the templates above and Pod.
POD_KINDS = frozenset(POD_TEMPLATE_PATHS) | {"Pod"}

CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def get_path(obj: Any, path: FieldPath) -> Any:
    """Return the value at ``path`` inside ``obj``, or None when any step is missing."""
    value = obj
    for element in path:
        if isinstance(element, int):
            if not isinstance(value, list) or element >= len(value):
                return None
        elif not isinstance(value, dict):
            return None
        value = value[element] if isinstance(element, int) else value.get(element)
        if value is None:
            return None
    return value


def pod_spec_path(kind: str) -> FieldPath | None:
    """Return the path of the pod spec in objects of ``kind``, or None when it has none."""
    if kind == "Pod":
        return ("spec",)
    template = POD_TEMPLATE_PATHS.get(kind)
    return None if template is None else (*template, "spec")


def pod_spec(manifest: Manifest) -> tuple[FieldPath, dict[str, Any]] | None:
    """Return the path and the pod spec mapping of ``manifest``, or None when it has none."""
    path = pod_spec_path(manifest.kind)
    if path is None:
        return None
    spec = get_path(manifest.obj, path)
    return (path, spec) if isinstance(spec, dict) else None


def containers(spec_path: FieldPath, spec: dict[str, Any]) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    """Yield the path and mapping of every init, regular and ephemeral container of a pod spec."""
    for list_name in CONTAINER_LISTS:
        items = spec.get(list_name)
        if not isinstance(items, list):
            continue
        for index, container in enumerate(items):
            if isinstance(container, dict):
                yield (*spec_path, list_name, index), container
