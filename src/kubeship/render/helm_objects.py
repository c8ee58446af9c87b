"""The Go values Helm's engine gives templates, in kubeship's Go value model.

``.Values`` is a ``chartutil.Values`` with its methods ``YAML``, ``Table``, ``AsMap``,
``Encode`` and ``PathValue``, which shadow keys of the same names. ``.Files`` is an
``engine.files`` map, ``.Capabilities`` a ``*chartutil.Capabilities`` and ``.Chart``
the anonymous ``struct { chart.Metadata; IsRoot bool }``, as Helm v3.21 builds them.
"""

from __future__ import annotations

import base64
import posixpath
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.gotypes import GoError, GoMap, GoPointer, GoSlice, GoStruct, GoType, go_method
from kubeship.render.chart_metadata import ChartMetadata, Dependency, Maintainer, helm_function
from kubeship.render.chart_values import NoTable, NoValue, path_value, table
from kubeship.render.files_glob import compile_glob

_STRINGS = gotypes.slice_type(gotypes.STRING_TYPE)
VALUES_TYPE = gotypes.register_type(GoType("chartutil.Values", gotypes.MAP, key=gotypes.STRING_TYPE,
                                           elem=gotypes.EMPTY_INTERFACE, named=True, underlying=gotypes.DICT_TYPE))
FILES_TYPE = gotypes.register_type(GoType(
    "engine.files", gotypes.MAP, key=gotypes.STRING_TYPE, elem=gotypes.BYTES_TYPE, named=True,
    underlying=gotypes.map_type(gotypes.STRING_TYPE, gotypes.BYTES_TYPE)))
VERSION_SET_TYPE = gotypes.register_type(GoType("chartutil.VersionSet", gotypes.SLICE, elem=gotypes.STRING_TYPE,
                                                named=True, underlying=_STRINGS))
gotypes.register_type(GoType("io.Writer", gotypes.INTERFACE, methods=frozenset({"Write"}), named=True))


def _to_yaml(value: Any) -> str:
    return helm_function("toYaml")(value)


class HelmValues(GoMap):
    """``chartutil.Values``: the type of ``.Values`` and ``.Template``."""

    def __init__(self, items: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        dict.__init__(self, items)
        self.go_type = VALUES_TYPE
        self.is_nil = False

    @go_method("func() (string, error)", name="YAML")
    def go_yaml(self) -> str:
        text = _to_yaml(self)
        return text + "\n" if text else text

    @go_method("func(string) (chartutil.Values, error)", name="Table")
    def go_table(self, name: str) -> HelmValues:
        try:
            return HelmValues(table(self, name))
        except NoTable as error:
            raise GoError(str(error)) from None

    @go_method("func() map[string]interface {}", name="AsMap")
    def go_as_map(self) -> dict[str, Any]:
        return dict(self)

    @go_method("func(io.Writer) error", name="Encode")
    def go_encode(self, writer: Any) -> None:
        # A template has no io.Writer to pass, so the engine rejects every call before this runs.
        raise GoError("Encode needs an io.Writer")

    @go_method("func(string) (interface {}, error)", name="PathValue")
    def go_path_value(self, path: str) -> Any:
        try:
            return path_value(self, path)
        except (NoValue, ValueError) as error:
            raise GoError(str(error)) from None


VALUES_TYPE.python_class = HelmValues


class HelmFiles(GoMap):
    """``engine.files``: the chart's files by path, with ``Get``, ``Glob``, ``AsConfig`` and the rest."""

    def __init__(self, items: Mapping[str, bytes] | Iterable[tuple[str, bytes]] = ()) -> None:
        dict.__init__(self, items)
        self.go_type = FILES_TYPE
        self.is_nil = False

    @go_method("func(string) []uint8", name="GetBytes")
    def go_get_bytes(self, name: str) -> bytes:
        return self.get(name, b"")

    @go_method("func(string) string", name="Get")
    def go_get(self, name: str) -> str:
        return gotypes.string_from_bytes(self.get(name, b""))

    @go_method("func(string) engine.files", name="Glob")
    def go_glob(self, pattern: str) -> HelmFiles:
        matcher = compile_glob(pattern)
        return HelmFiles((name, data) for name, data in self.items() if matcher.fullmatch(name))

    @go_method("func() string", name="AsConfig")
    def go_as_config(self) -> str:
        entries = {posixpath.basename(name): gotypes.string_from_bytes(data) for name, data in self.items()}
        return _to_yaml(GoMap(entries, gotypes.STRING_TYPE, gotypes.STRING_TYPE))

    @go_method("func() string", name="AsSecrets")
    def go_as_secrets(self) -> str:
        entries = {posixpath.basename(name): base64.b64encode(data).decode("ascii") for name, data in self.items()}
        return _to_yaml(GoMap(entries, gotypes.STRING_TYPE, gotypes.STRING_TYPE))

    @go_method("func(string) []string", name="Lines")
    def go_lines(self, path: str) -> GoSlice:
        data = self.get(path, b"")
        if not data:
            return GoSlice.of_type(_STRINGS)
        text = gotypes.string_from_bytes(data).removesuffix("\n")
        return GoSlice.of_type(_STRINGS, text.split("\n"))


FILES_TYPE.python_class = HelmFiles


# ---------------------------------------------------------------------------
# .Capabilities


class KubeVersion(GoStruct):
    """``chartutil.KubeVersion``.

    NOTE: Helm declares ``String`` and ``GitVersion`` on the pointer receiver, which Go's
    templates reach on ``.Capabilities.KubeVersion`` because it is a field behind a pointer.
    They are value methods here so that templates reach them too. The cost: a copy passed
    to a function (``printf "%v"``) prints ``{v1.36.0 1 36}`` in Go but the version here.
    """

    go_type_name = "chartutil.KubeVersion"
    go_fields = {"Version": "string", "Major": "string", "Minor": "string"}

    @go_method("func() string", name="String")
    def go_string(self) -> str:
        return self.Version

    @go_method("func() string", name="GitVersion")
    def go_git_version(self) -> str:
        return self.Version


class VersionSet(GoSlice):
    """``chartutil.VersionSet``: the API versions ``.Capabilities.APIVersions.Has`` checks."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        list.__init__(self, items)
        self.go_type = VERSION_SET_TYPE
        self.is_nil = False

    @go_method("func(string) bool", name="Has")
    def go_has(self, api_version: str) -> bool:
        return api_version in self


VERSION_SET_TYPE.python_class = VersionSet


class JSONFields:
    """Mixin for structs whose ``encoding/json`` form uses field tags: ``go_json_fields`` maps field to tag."""

    go_json_fields: ClassVar[dict[str, str]] = {}

    def go_json_members(self) -> list[tuple[str, Any]]:
        """Return the (key, value) pairs ``json.Marshal`` writes, skipping empty ``omitempty`` fields."""
        members = []
        for field, tag in self.go_json_fields.items():
            name, _, option = tag.partition(",")
            value = getattr(self, field)
            if option == "omitempty" and _is_empty(value):
                continue
            members.append((name or field, value))
        return members


def _is_empty(value: Any) -> bool:
    """Return whether encoding/json's ``omitempty`` drops ``value``."""
    if value is None or isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value == 0
    if isinstance(value, (str, bytes, list, dict)):
        return len(value) == 0
    return isinstance(value, GoPointer) and value.is_nil


class BuildInfo(JSONFields, GoStruct):
    """``version.BuildInfo``: ``.Capabilities.HelmVersion``."""

    go_type_name = "version.BuildInfo"
    go_fields = {"Version": "string", "GitCommit": "string", "GitTreeState": "string", "GoVersion": "string"}
    go_json_fields = {"Version": "version,omitempty", "GitCommit": "git_commit,omitempty",
                      "GitTreeState": "git_tree_state,omitempty", "GoVersion": "go_version,omitempty"}


class Capabilities(GoStruct):
    """``chartutil.Capabilities``; templates see a pointer to it."""

    go_type_name = "chartutil.Capabilities"
    go_fields = {"KubeVersion": "chartutil.KubeVersion", "APIVersions": "chartutil.VersionSet",
                 "HelmVersion": "version.BuildInfo"}


# ---------------------------------------------------------------------------
# .Chart


class MaintainerStruct(JSONFields, GoStruct):
    """``chart.Maintainer``."""

    go_type_name = "chart.Maintainer"
    go_fields = {"Name": "string", "Email": "string", "URL": "string"}
    go_json_fields = {"Name": "name,omitempty", "Email": "email,omitempty", "URL": "url,omitempty"}


class DependencyStruct(JSONFields, GoStruct):
    """``chart.Dependency``."""

    go_type_name = "chart.Dependency"
    go_fields = {"Name": "string", "Version": "string", "Repository": "string", "Condition": "string",
                 "Tags": "[]string", "Enabled": "bool", "ImportValues": "[]interface {}", "Alias": "string"}
    go_json_fields = {"Name": "name", "Version": "version,omitempty", "Repository": "repository",
                      "Condition": "condition,omitempty", "Tags": "tags,omitempty", "Enabled": "enabled,omitempty",
                      "ImportValues": "import-values,omitempty", "Alias": "alias,omitempty"}


class MetadataStruct(JSONFields, GoStruct):
    """``chart.Metadata``."""

    go_type_name = "chart.Metadata"
    go_fields = {
        "Name": "string", "Home": "string", "Sources": "[]string", "Version": "string", "Description": "string",
        "Keywords": "[]string", "Maintainers": "[]*chart.Maintainer", "Icon": "string", "APIVersion": "string",
        "Condition": "string", "Tags": "string", "AppVersion": "string", "Deprecated": "bool",
        "Annotations": "map[string]string", "KubeVersion": "string", "Dependencies": "[]*chart.Dependency",
        "Type": "string",
    }
    go_json_fields = {name: f"{name[0].lower()}{name[1:]},omitempty" for name in go_fields}
    go_json_fields["APIVersion"] = "apiVersion,omitempty"
    go_json_fields["AppVersion"] = "appVersion,omitempty"
    go_json_fields["KubeVersion"] = "kubeVersion,omitempty"


class TemplateChart(GoStruct):
    """``.Chart``: Helm's ``struct { chart.Metadata; IsRoot bool }``, whose Metadata fields are promoted."""

    go_type_name = "struct { chart.Metadata; IsRoot bool }"
    go_fields = {"Metadata": "chart.Metadata", "IsRoot": "bool"}

    @classmethod
    def _resolve_field_types(cls) -> dict[str, GoType]:
        # Printing walks the two declared fields; the engine reads a promoted field's type from
        # field_types, so it lists the Metadata fields as well.
        own = {name: gotypes.parse_type(spelling) for name, spelling in cls.go_fields.items()}
        promoted = MetadataStruct._resolve_field_types()
        cls.field_types = {**promoted, **own}
        return own

    def go_field(self, name: str) -> tuple[bool, Any]:
        if name in self.go_fields:
            return True, getattr(self, name)
        return self.Metadata.go_field(name)

    def go_json_members(self) -> list[tuple[str, Any]]:
        return [*self.Metadata.go_json_members(), ("IsRoot", self.IsRoot)]


def template_chart(metadata: ChartMetadata, is_root: bool) -> TemplateChart:
    """Build ``.Chart`` from a chart's metadata."""
    return TemplateChart(Metadata=metadata_struct(metadata), IsRoot=is_root)


def metadata_struct(metadata: ChartMetadata) -> MetadataStruct:
    """Build the ``chart.Metadata`` Go value of ``metadata``."""
    return MetadataStruct(
        Name=metadata.name, Home=metadata.home, Sources=_strings(metadata.sources), Version=metadata.version,
        Description=metadata.description, Keywords=_strings(metadata.keywords),
        Maintainers=_pointers(metadata.maintainers, "*chart.Maintainer", _maintainer_struct),
        Icon=metadata.icon, APIVersion=metadata.api_version, Condition=metadata.condition, Tags=metadata.tags,
        AppVersion=metadata.app_version, Deprecated=metadata.deprecated,
        Annotations=GoMap.of_type(gotypes.parse_type("map[string]string"), metadata.annotations or {},
                                  is_nil=metadata.annotations is None),
        KubeVersion=metadata.kube_version,
        Dependencies=_pointers(metadata.dependencies, "*chart.Dependency", _dependency_struct),
        Type=metadata.type,
    )


def _strings(items: list[str] | None) -> GoSlice:
    return GoSlice.of_type(_STRINGS, items or [], is_nil=items is None)


def _pointers(items: list[Any] | None, pointer_type: str, build: Any) -> GoSlice:
    slice_type = gotypes.slice_type(gotypes.parse_type(pointer_type))
    element = slice_type.elem.elem
    values = [GoPointer(None, element) if item is None else GoPointer(build(item), element) for item in items or []]
    return GoSlice.of_type(slice_type, values, is_nil=items is None)


def _maintainer_struct(maintainer: Maintainer) -> MaintainerStruct:
    return MaintainerStruct(Name=maintainer.name, Email=maintainer.email, URL=maintainer.url)


def _dependency_struct(dependency: Dependency) -> DependencyStruct:
    import_values = dependency.import_values
    return DependencyStruct(
        Name=dependency.name, Version=dependency.version, Repository=dependency.repository,
        Condition=dependency.condition, Tags=_strings(dependency.tags), Enabled=dependency.enabled,
        ImportValues=GoSlice.of_type(gotypes.LIST_TYPE, _import_values(import_values), is_nil=import_values is None),
        Alias=dependency.alias,
    )


def _import_values(items: list[Any] | None) -> list[Any]:
    # Helm rewrites each entry into a map[string]string of child and parent.
    string_map = gotypes.parse_type("map[string]string")
    return [GoMap.of_type(string_map, item) if isinstance(item, dict) else item for item in items or []]
