"""Pod templates of workload manifests and the containers in them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kubeship.manifests import CONTAINER_LISTS, Manifest, pod_spec


@dataclass(frozen=True)
class PodTemplate:
    """The pod spec of one workload manifest; ``path`` is its dotted field path."""

    manifest: Manifest
    spec: dict[str, Any]
    path: str

    @property
    def service_account(self) -> str:
        """The ServiceAccount name; ``serviceAccount`` is the deprecated alias, ``default`` the default."""
        name = self.spec.get("serviceAccountName") or self.spec.get("serviceAccount")
        return str(name) if name else "default"


@dataclass(frozen=True)
class Container:
    """One container of a pod template; ``field`` is the list it is in."""

    field: str
    index: int
    spec: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.spec.get("name") or f"{self.field}[{self.index}]")

    @property
    def image(self) -> Any:
        return self.spec.get("image")


def expand_lists(manifests: list[Manifest]) -> Iterator[Manifest]:
    """Yield each manifest, with the items of a ``kind: List`` in its place."""
    for manifest in manifests:
        items = manifest.obj.get("items")
        if manifest.kind == "List" and isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    yield Manifest(obj=item, source=manifest.source, line=manifest.line)
        else:
            yield manifest


def pod_template(manifest: Manifest) -> PodTemplate | None:
    """Return the pod spec of a workload manifest, or None for another kind or a missing spec."""
    found = pod_spec(manifest)
    if found is None:
        return None
    path, spec = found
    return PodTemplate(manifest=manifest, spec=spec, path=".".join(str(step) for step in path))


def containers(template: PodTemplate) -> Iterator[Container]:
    """Yield the init, regular and ephemeral containers of a pod template."""
    for field_name in CONTAINER_LISTS:
        entries = template.spec.get(field_name)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                yield Container(field=field_name, index=index, spec=entry)
