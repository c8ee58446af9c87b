"""The manifest model: one Kubernetes object and the place in the rendered output it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kubeship.errors import InputError, SourcePosition
from kubeship.values import GoYAMLError, load_go_yaml_documents

_NodeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A field path inside an object: mapping keys (str) and sequence indexes (int).
FieldPath = tuple[str | int, ...]


@dataclass
class Manifest:
    """One Kubernetes object from a rendered file.

    ``source`` is the manifest file's path relative to the service directory and
    ``line`` the 1-based line in that file's rendered output where the document starts.
    ``positions`` maps field paths to the line of the field's key (or of the item, for a
    sequence item), so a finding can point at the line that produced it. ``scalars`` keeps
    the source text of every scalar that was not read as a string (``yes``, ``1.0``), so a
    message can show what was written.
    ``versioned`` is set by versioning when the object's name got the release suffix;
    the release history records it.
    """

    obj: dict[str, Any]
    source: str
    line: int = 1
    positions: dict[FieldPath, int] = field(default_factory=dict, repr=False)
    scalars: dict[FieldPath, str] = field(default_factory=dict, repr=False)
    versioned: bool = False
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
        name = self.metadata.get("name")
        return "" if name is None else str(name)

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

    def line_of(self, path: FieldPath) -> int:
        """Return the line of ``path``, or of its longest prefix that has a known line.

        Fields that versioning or labelling added have no line of their own, so they
        report the line of the nearest field around them, and at worst the document start.
        """
        for end in range(len(path), 0, -1):
            line = self.positions.get(tuple(path[:end]))
            if line is not None:
                return line
        return self.line

    def position_of(self, path: FieldPath) -> SourcePosition:
        return SourcePosition(self.source, self.line_of(path))


RENDER_YAML_HINT = "check the template that produces these lines; render with --allow-unresolved to see the output"


def parse_documents(text: str, source: str, *, yaml_hint: str = RENDER_YAML_HINT) -> list[Manifest]:
    """Split rendered YAML into manifests, dropping empty documents.

    Scalars are read as kubectl reads them (Go's yaml.v2 with YAML 1.1 booleans, so an
    unquoted ``yes`` is the boolean true), and every field's line is recorded in
    ``Manifest.positions``.

    Raises InputError with the file and line when the rendered text is not valid
    YAML (with ``yaml_hint`` as what to do) or a document is not a mapping.
    """
    try:
        values = load_go_yaml_documents(text, source, json_compatible=True)
    except GoYAMLError as error:
        message = error.message.removeprefix("invalid YAML: ")
        raise InputError(
            f"rendered output is not valid YAML: {message}",
            position=error.position,
            hint=error.hint or yaml_hint,
        ) from None

    # The Go loader returns values only, so the nodes come from a second parse of the same
    # text by the same parser, which yields one node per document in the same order.
    nodes = list(yaml.compose_all(text, Loader=_NodeLoader))
    manifests: list[Manifest] = []
    for node, obj in zip(nodes, values, strict=True):
        if obj is None:
            continue
        line = node.start_mark.line + 1
        if not isinstance(obj, dict):
            kind = "list" if isinstance(obj, list) else type(obj).__name__
            raise InputError(
                f"rendered document is a {kind}, not a Kubernetes object",
                position=SourcePosition(source, line),
                hint="each YAML document of a manifest must be a mapping with apiVersion and kind",
            )
        manifest = Manifest(obj=obj, source=source, line=line)
        _record_positions(node, obj, (), manifest)
        manifests.append(manifest)
    return manifests


def _record_positions(node: yaml.Node, value: Any, path: FieldPath, manifest: Manifest) -> None:
    # Keys are recorded by their scalar text, which is what they decode to for every key
    # a Kubernetes object uses.
    if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            child = (*path, key_node.value)
            manifest.positions[child] = key_node.start_mark.line + 1
            _record_positions(value_node, value.get(key_node.value), child, manifest)
    elif isinstance(node, yaml.SequenceNode) and isinstance(value, list):
        for index, (item_node, item) in enumerate(zip(node.value, value)):
            child = (*path, index)
            manifest.positions[child] = item_node.start_mark.line + 1
            _record_positions(item_node, item, child, manifest)
    elif isinstance(node, yaml.ScalarNode) and value is not None and not isinstance(value, str):
        manifest.scalars[path] = node.value
