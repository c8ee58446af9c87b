"""ConfigMap and Secret versioning per release, as Harness FirstGen does it.

Each ConfigMap and Secret of a release is renamed ``<name>-<release number>`` unless its
annotation ``harness.io/skip-versioning`` or ``kubeship.io/skip-versioning`` is ``"true"``
(any case). Every reference to a renamed object in a pod spec of the same release is
rewritten, so a rollout picks up the new configuration and a rollback to an older
workload revision picks up the older one. A reference to an object that is not in the
release, or that was not versioned, is left as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kubeship.manifests.model import FieldPath, Manifest
from kubeship.manifests.podspec import containers, pod_spec

SKIP_VERSIONING_ANNOTATIONS = ("harness.io/skip-versioning", "kubeship.io/skip-versioning")
VERSIONED_KINDS = ("ConfigMap", "Secret")


@dataclass(frozen=True)
class Reference:
    """A reference from a pod spec to a ConfigMap or Secret: where it is and what it names."""

    kind: str
    path: FieldPath
    holder: dict[str, Any]
    key: str

    @property
    def name(self) -> Any:
        return self.holder.get(self.key)


def annotation_is_true(manifest: Manifest, names: tuple[str, ...]) -> bool:
    """Return whether any of the annotations ``names`` is "true", ignoring case.

    A boolean ``true`` counts too, although validation rejects it, so that versioning
    agrees with what the author meant.
    """
    annotations = manifest.metadata.get("annotations")
    if not isinstance(annotations, dict):
        return False
    return any(str(annotations.get(name)).lower() == "true" for name in names)


def versioned_name(name: str, release_number: int) -> str:
    return f"{name}-{release_number}"


def version_manifests(manifests: list[Manifest], release_number: int, *, skip_versioning: bool = False) -> list[Manifest]:
    """Rename the release's ConfigMaps and Secrets and rewrite the references to them, in place.

    Returns the manifests that were versioned; each has ``versioned`` set. With
    ``skip_versioning`` nothing changes, as Harness's "skip versioning for service" switch.
    Raises ValueError for a release number below 1.
    """
    if release_number < 1:
        raise ValueError(f"release number must be 1 or more, not {release_number}")
    if skip_versioning:
        return []

    renamed: dict[tuple[str, str], list[tuple[str | None, str]]] = {}
    versioned = []
    for manifest in manifests:
        if manifest.kind not in VERSIONED_KINDS or not manifest.name or manifest.versioned:
            continue
        if annotation_is_true(manifest, SKIP_VERSIONING_ANNOTATIONS):
            continue
        new_name = versioned_name(manifest.name, release_number)
        renamed.setdefault((manifest.kind, manifest.name), []).append((manifest.namespace, new_name))
        manifest.obj["metadata"]["name"] = new_name
        manifest.versioned = True
        versioned.append(manifest)

    for manifest in manifests:
        for reference in pod_references(manifest):
            new_name = _lookup(renamed, reference, manifest.namespace)
            if new_name is not None:
                reference.holder[reference.key] = new_name
    return versioned


def _lookup(renamed: dict[tuple[str, str], list[tuple[str | None, str]]], reference: Reference, namespace: str | None) -> str | None:
    # A pod can only use objects of its own namespace. An object without a namespace is
    # created in the namespace of the deploy, so it matches a pod of any namespace.
    if not isinstance(reference.name, str):
        return None
    for object_namespace, new_name in renamed.get((reference.kind, reference.name), []):
        if object_namespace is None or namespace is None or object_namespace == namespace:
            return new_name
    return None


def pod_references(manifest: Manifest) -> Iterator[Reference]:
    """Yield every ConfigMap and Secret reference in the pod spec of ``manifest``.

    In init, regular and ephemeral containers: ``env[].valueFrom.configMapKeyRef`` and
    ``secretKeyRef``, and ``envFrom[].configMapRef`` and ``secretRef``. In the pod spec:
    volumes of type ``configMap`` and ``secret``, the same sources of ``projected``
    volumes, and ``imagePullSecrets``.
    """
    found = pod_spec(manifest)
    if found is None:
        return
    spec_path, spec = found
    for container_path, container in containers(spec_path, spec):
        yield from _container_references(container_path, container)
    yield from _volume_references(spec_path, spec)
    for index, secret in _mappings(spec.get("imagePullSecrets")):
        yield Reference("Secret", (*spec_path, "imagePullSecrets", index, "name"), secret, "name")


def _container_references(path: FieldPath, container: dict[str, Any]) -> Iterator[Reference]:
    for index, variable in _mappings(container.get("env")):
        value_from = variable.get("valueFrom")
        if not isinstance(value_from, dict):
            continue
        for field_name, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
            holder = value_from.get(field_name)
            if isinstance(holder, dict):
                yield Reference(kind, (*path, "env", index, "valueFrom", field_name, "name"), holder, "name")
    for index, source in _mappings(container.get("envFrom")):
        for field_name, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
            holder = source.get(field_name)
            if isinstance(holder, dict):
                yield Reference(kind, (*path, "envFrom", index, field_name, "name"), holder, "name")


def _volume_references(spec_path: FieldPath, spec: dict[str, Any]) -> Iterator[Reference]:
    for index, volume in _mappings(spec.get("volumes")):
        path = (*spec_path, "volumes", index)
        if isinstance(volume.get("configMap"), dict):
            yield Reference("ConfigMap", (*path, "configMap", "name"), volume["configMap"], "name")
        if isinstance(volume.get("secret"), dict):
            yield Reference("Secret", (*path, "secret", "secretName"), volume["secret"], "secretName")
        projected = volume.get("projected")
        if not isinstance(projected, dict):
            continue
        for source_index, source in _mappings(projected.get("sources")):
            source_path = (*path, "projected", "sources", source_index)
            if isinstance(source.get("configMap"), dict):
                yield Reference("ConfigMap", (*source_path, "configMap", "name"), source["configMap"], "name")
            if isinstance(source.get("secret"), dict):
                yield Reference("Secret", (*source_path, "secret", "name"), source["secret"], "name")


def _mappings(items: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item
