"""The manifest model: one Kubernetes object and the place in the rendered output it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kubeship.errors import InputError, SourcePosition


@dataclass
class Manifest:
    """One Kubernetes object from a rendered file.

    ``source`` is the manifest file's path relative to the service directory and
    ``line`` the 1-based line in that file's rendered output where the document starts.
    """

    obj: dict[str, Any]
    source: str
    line: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return str(self.obj.get("kind", ""))

    @property
    def api_version(self) -> str:
        return str(self.obj.get("apiVersion", ""))

    @property
    def metadata(self) -> dict[str, Any]:
        metadata = self.obj.get("metadata")
        return metadata if isinstance(metadata, dict) else {}

    @property
    def name(self) -> str:
        return str(self.metadata.get("name", ""))

    @property
    def namespace(self) -> str | None:
        namespace = self.metadata.get("namespace")
        return None if namespace is None else str(namespace)

    @property
    def position(self) -> SourcePosition:
        return SourcePosition(self.source, self.line)

    def describe(self) -> str:
        """Return ``Kind/name`` as kubectl prints it."""
        return f"{self.kind}/{self.name}"


def parse_documents(text: str, source: str) -> list[Manifest]:
    """Split rendered YAML into manifests, dropping empty documents.

    Raises InputError with the file and line when the rendered text is not valid
    YAML or a document is not a mapping.
    """
    manifests: list[Manifest] = []
    try:
        for node in yaml.compose_all(text, Loader=yaml.SafeLoader):
            if node is None:
                continue
            line = node.start_mark.line + 1
            obj = _construct(node)
            if obj is None:
                continue
            if not isinstance(obj, dict):
                raise InputError(
                    f"rendered document is a {type(obj).__name__}, not a Kubernetes object",
                    position=SourcePosition(source, line),
                    hint="each YAML document of a manifest must be a mapping with apiVersion and kind",
                )
            manifests.append(Manifest(obj=obj, source=source, line=line))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = SourcePosition(source, mark.line + 1, mark.column + 1) if mark else SourcePosition(source)
        raise InputError(
            f"rendered output is not valid YAML: {error.problem or error.context}",
            position=position,
            hint="check the template that produces these lines; render with --allow-unresolved to see the output",
        ) from None
    return manifests


def _construct(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    return loader.construct_document(node)
