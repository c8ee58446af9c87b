"""``Chart.yaml``: decoding and validation as Helm v3 does them (``pkg/chart`` ``Metadata.Validate``).

Helm reads ``Chart.yaml`` with sigs.k8s.io/yaml into its ``Metadata`` struct, with Go's
YAML 1.1 rules. A number or boolean whose field is a string becomes that string, so
``version: 1.10`` is ``"1.1"`` (formatted as a float32). Keys match field names without
regard to case, unknown keys are ignored and a null leaves the field empty. A value of
the wrong kind (a list where a string belongs) is an error.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from kubeship.errors import InputError, SourcePosition
from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions import helm_functions
from kubeship.gotemplate.gofmt import sprintf
from kubeship.values import HELM, GoYAMLError, apply_typing, load_go_yaml

API_VERSION_V1 = "v1"
API_VERSION_V2 = "v2"
CHART_TYPES = ("", "application", "library")


@dataclass
class Maintainer:
    """One entry of ``maintainers``."""

    name: str = ""
    email: str = ""
    url: str = ""


@dataclass
class Dependency:
    """One entry of ``dependencies`` (or of a v1 chart's ``requirements.yaml``).

    Helm changes ``name`` to the alias, ``enabled`` from conditions and tags, and
    ``import_values`` to its child/parent form while it processes dependencies.
    """

    name: str = ""
    version: str = ""
    repository: str = ""
    condition: str = ""
    tags: list[str] | None = None
    enabled: bool = False
    import_values: list[Any] | None = None
    alias: str = ""


@dataclass
class ChartMetadata:
    """The fields of ``Chart.yaml``, named after Helm's ``chart.Metadata`` JSON keys."""

    name: str = ""
    home: str = ""
    sources: list[str] | None = None
    version: str = ""
    description: str = ""
    keywords: list[str] | None = None
    maintainers: list[Maintainer | None] | None = None
    icon: str = ""
    api_version: str = ""
    condition: str = ""
    tags: str = ""
    app_version: str = ""
    deprecated: bool = False
    annotations: dict[str, str] | None = None
    kube_version: str = ""
    dependencies: list[Dependency | None] | None = None
    type: str = ""
    # Where each key's value sits in Chart.yaml: ("version",) or ("dependencies", 0, "alias").
    positions: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)


# Field kinds, decoded as encoding/json decodes the Go types.
STRING, BOOL, STRINGS, STRING_MAP, ANY_LIST = "string", "bool", "[]string", "map[string]string", "[]interface {}"
MAINTAINERS, DEPENDENCIES = "[]*chart.Maintainer", "[]*chart.Dependency"

_METADATA_FIELDS = {
    "name": ("name", STRING), "home": ("home", STRING), "sources": ("sources", STRINGS),
    "version": ("version", STRING), "description": ("description", STRING), "keywords": ("keywords", STRINGS),
    "maintainers": ("maintainers", MAINTAINERS), "icon": ("icon", STRING), "apiVersion": ("api_version", STRING),
    "condition": ("condition", STRING), "tags": ("tags", STRING), "appVersion": ("app_version", STRING),
    "deprecated": ("deprecated", BOOL), "annotations": ("annotations", STRING_MAP),
    "kubeVersion": ("kube_version", STRING), "dependencies": ("dependencies", DEPENDENCIES), "type": ("type", STRING),
}
_MAINTAINER_FIELDS = {"name": ("name", STRING), "email": ("email", STRING), "url": ("url", STRING)}
_DEPENDENCY_FIELDS = {
    "name": ("name", STRING), "version": ("version", STRING), "repository": ("repository", STRING),
    "condition": ("condition", STRING), "tags": ("tags", STRINGS), "enabled": ("enabled", BOOL),
    "import-values": ("import_values", ANY_LIST), "alias": ("alias", STRING),
}


def decode_chart_yaml(data: bytes, path: str, metadata: ChartMetadata | None = None) -> ChartMetadata:
    """Decode ``Chart.yaml`` (or ``requirements.yaml``) text into ``metadata``, or into a new one.

    Raises InputError with the file, line and column for invalid YAML or a value of
    the wrong kind.
    """
    metadata = metadata if metadata is not None else ChartMetadata()
    try:
        document = load_go_yaml(data, path)
    except GoYAMLError as error:
        raise InputError(f"cannot load {_base(path)}: {error.message}", position=error.position,
                         hint=error.hint or "fix the YAML syntax") from None
    positions = _value_positions(data)
    metadata.positions.update(positions)
    if document is None:
        return metadata
    if not isinstance(document, dict):
        raise InputError(f"cannot load {_base(path)}: the document is {_json_kind(document)}, not a map of fields",
                         position=SourcePosition(path, 1, 1), hint="write the chart's fields as key: value lines")
    decoder = _Decoder(path, positions)
    decoder.fill(metadata, document, _METADATA_FIELDS, ())
    return metadata


class _Decoder:
    """Decodes YAML values into the metadata classes with encoding/json's rules."""

    def __init__(self, path: str, positions: dict[tuple[Any, ...], tuple[int, int]]) -> None:
        self.path = path
        self.positions = positions

    def fill(self, target: Any, document: dict[str, Any], fields: dict[str, tuple[str, str]],
             where: tuple[Any, ...]) -> None:
        # encoding/json reads the keys in sorted order (sigs.k8s.io/yaml marshals a Go map), so
        # of two keys that match one field without regard to case, the later one wins.
        for key in sorted(document, key=lambda k: k.encode("utf-8", "surrogateescape")):
            spec = fields.get(key) or next((s for name, s in fields.items() if name.lower() == key.lower()), None)
            if spec is None:
                continue
            attribute, kind = spec
            value = document[key]
            if value is None:
                continue
            setattr(target, attribute, self.decode(value, kind, (*where, key)))

    def decode(self, value: Any, kind: str, where: tuple[Any, ...]) -> Any:
        if kind == STRING:
            return self.string(value, where)
        if kind == BOOL:
            if not isinstance(value, bool):
                self.fail(value, "a boolean (true or false)", where)
            return value
        if kind == ANY_LIST:
            if not isinstance(value, list):
                self.fail(value, "a list", where)
            # The items stay as encoding/json decodes them: numbers become float64.
            return apply_typing(value, HELM)
        if kind == STRING_MAP:
            if not isinstance(value, dict):
                self.fail(value, "a map of strings", where)
            return {k: ("" if v is None else self.string(v, (*where, k))) for k, v in value.items()}
        if not isinstance(value, list):
            self.fail(value, "a list", where)
        if kind == STRINGS:
            return [("" if item is None else self.string(item, (*where, index))) for index, item in enumerate(value)]
        item_class, fields = (Maintainer, _MAINTAINER_FIELDS) if kind == MAINTAINERS else (Dependency, _DEPENDENCY_FIELDS)
        return [self.structure(item, item_class, fields, (*where, index)) for index, item in enumerate(value)]

    def structure(self, value: Any, item_class: Callable[[], Any], fields: dict[str, tuple[str, str]],
                  where: tuple[Any, ...]) -> Any:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(value, "a map of fields", where)
        item = item_class()
        self.fill(item, value, fields, where)
        return item

    def string(self, value: Any, where: tuple[Any, ...]) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            # sigs.k8s.io/yaml formats a float for a string field with float32 precision.
            return sprintf("%v", gotypes.Float32(value))
        if isinstance(value, int):
            return str(int(value))
        self.fail(value, "a string", where)
        raise AssertionError("unreachable")

    def fail(self, value: Any, expected: str, where: tuple[Any, ...]) -> None:
        field_path = ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in where).replace(".[", "[")
        line, column = self.positions.get(where, (None, None))
        raise InputError(f"cannot load {_base(self.path)}: {field_path} is {_json_kind(value)}, but Helm expects {expected}",
                         position=SourcePosition(self.path, line, column),
                         hint=f"write {field_path} as {expected}")


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"


def _base(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _value_positions(data: bytes) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Return the 1-based line and column of every value, by key path; empty when PyYAML cannot read it."""
    try:
        root = yaml.compose(data.decode("utf-8", "replace"), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    positions: dict[tuple[Any, ...], tuple[int, int]] = {}
    _walk_nodes(root, (), positions)
    return positions


def _walk_nodes(node: Any, where: tuple[Any, ...], positions: dict[tuple[Any, ...], tuple[int, int]]) -> None:
    if node is None:
        return
    positions[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _walk_nodes(value, (*where, key.value), positions)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk_nodes(item, (*where, index), positions)


# ---------------------------------------------------------------------------
# Validation (chart.Metadata.Validate)


class ChartValidationError(InputError):
    """``Chart.yaml`` decoded but breaks one of Helm's rules; the message is Helm's own."""


def validate_metadata(metadata: ChartMetadata, path: str) -> None:
    """Sanitize the text fields and check the chart's fields in Helm's order.

    Raises ChartValidationError with Helm's ``validation: ...`` message and the
    position of the offending value when there is one.
    """
    _sanitize(metadata)
    if not metadata.api_version:
        _invalid(metadata, path, ("apiVersion",), "chart.metadata.apiVersion is required", "add apiVersion: v2")
    if not metadata.name:
        _invalid(metadata, path, ("name",), "chart.metadata.name is required", "add name: with the chart's name")
    if metadata.name in (".", ".."):
        _invalid(metadata, path, ("name",), sprintf("chart.metadata.name %q is not allowed", metadata.name),
                 "choose another chart name")
    if "/" in metadata.name:
        _invalid(metadata, path, ("name",), sprintf("chart.metadata.name %q is invalid", metadata.name),
                 "a chart name cannot contain a /")
    if not metadata.version:
        _invalid(metadata, path, ("version",), "chart.metadata.version is required", "add version: such as 0.1.0")
    if not is_valid_semver(metadata.version):
        _invalid(metadata, path, ("version",), sprintf("chart.metadata.version %q is invalid", metadata.version),
                 "give a semantic version such as 1.2.3")
    if metadata.type not in CHART_TYPES:
        _invalid(metadata, path, ("type",), "chart.metadata.type must be application or library",
                 "use type: application or type: library")
    for index, maintainer in enumerate(metadata.maintainers or []):
        if maintainer is None:
            _invalid(metadata, path, ("maintainers", index), "maintainers must not contain empty or null nodes",
                     "remove the empty maintainers entry")
    _validate_dependencies(metadata, path)


def _validate_dependencies(metadata: ChartMetadata, path: str) -> None:
    seen: set[str] = set()
    for index, dependency in enumerate(metadata.dependencies or []):
        if dependency is None:
            _invalid(metadata, path, ("dependencies", index), "dependencies must not contain empty or null nodes",
                     "remove the empty dependencies entry")
            continue
        if dependency.alias and not _is_alias_name(dependency.alias):
            _invalid(metadata, path, ("dependencies", index, "alias"),
                     sprintf("dependency %q has disallowed characters in the alias", dependency.name),
                     "an alias may contain only letters, digits, _ and -")
        key = dependency.alias or dependency.name
        if key in seen:
            _invalid(metadata, path, ("dependencies", index),
                     sprintf("more than one dependency with name or alias %q", key),
                     "give each dependency a distinct alias")
        seen.add(key)


def _invalid(metadata: ChartMetadata, path: str, where: tuple[Any, ...], message: str, hint: str) -> None:
    line, column = metadata.positions.get(where, (None, None))
    raise ChartValidationError(f"validation: {message}", position=SourcePosition(path, line, column), hint=hint)


def _is_alias_name(alias: str) -> bool:
    return all(char.isascii() and (char.isalnum() or char in "_-") for char in alias)


@functools.cache
def helm_function(name: str) -> Any:
    """Return the function ``name`` of Helm's engine function map."""
    return helm_functions()[name]


def is_valid_semver(version: str) -> bool:
    """Return whether Masterminds/semver v3 parses ``version``, as Helm requires of a chart version."""
    try:
        helm_function("semver")(version)
    except gotypes.GoError:
        return False
    return True


def _sanitize(metadata: ChartMetadata) -> None:
    for attribute in ("name", "description", "home", "icon", "condition", "tags", "app_version", "kube_version"):
        setattr(metadata, attribute, sanitize_string(getattr(metadata, attribute)))
    for attribute in ("sources", "keywords"):
        items = getattr(metadata, attribute)
        if items is not None:
            setattr(metadata, attribute, [sanitize_string(item) for item in items])
    for maintainer in metadata.maintainers or []:
        if maintainer is not None:
            maintainer.name, maintainer.email, maintainer.url = (
                sanitize_string(maintainer.name), sanitize_string(maintainer.email), sanitize_string(maintainer.url))
    for dependency in metadata.dependencies or []:
        if dependency is not None:
            for attribute in ("name", "version", "repository", "condition"):
                setattr(dependency, attribute, sanitize_string(getattr(dependency, attribute)))
            if dependency.tags is not None:
                dependency.tags = [sanitize_string(tag) for tag in dependency.tags]


# Go's unicode.IsSpace for Latin-1; above it, the White_Space property, which str.isspace follows.
_GO_LATIN1_SPACES = frozenset("\t\n\v\f\r \x85\xa0")


def sanitize_string(text: str) -> str:
    """Turn every space character into `` `` and drop characters Go's ``unicode.IsPrint`` rejects."""
    characters = []
    for char in text:
        if char in _GO_LATIN1_SPACES or (ord(char) > 0xFF and char.isspace()):
            characters.append(" ")
        elif char == " " or unicodedata.category(char)[0] in "LMNPS":
            characters.append(char)
    return "".join(characters)
