"""Objects against the OpenAPI schema of a Kubernetes version, through kubernetes-validate.

kubernetes-validate ships the strict JSON schemas of each supported Kubernetes release
(``additionalProperties: false`` everywhere), so an unknown field such as
``imagePullSecrets`` under a container is an error, as it is for
``kubectl apply --validate=strict``. Its own ``validate`` function stops at the first error
and reloads the 1.8 MB definitions file on every call. This module loads each version's
schemas once and collects every error.

Errors are worded as the API server words them: ``strict decoding error: unknown field
"<path>"`` for fields the schema does not declare, Go's ``json: cannot unmarshal ...`` for values of the wrong
type, and field errors (``Required value``, ``Unsupported value``) for the rest.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from typing import Any

from kubeship.errors import InputError
from kubeship.manifests.findings import Finding, finding_at, format_path, invalid, not_supported, required
from kubeship.manifests.metadata import decode_error, go_json_kind
from kubeship.manifests.model import FieldPath, Manifest

log = logging.getLogger(__name__)

_VERSION = re.compile(r"v?(\d+)\.(\d+)(?:\.\d+)?")


def supported_kube_versions() -> list[str]:
    """Return the Kubernetes versions (``major.minor``) whose schemas are installed, oldest first."""
    from kubernetes_validate import utils

    versions = []
    for version in utils.all_versions():
        short = ".".join(version.split(".")[:2])
        if short not in versions:
            versions.append(short)
    return versions


def newest_kube_version() -> str:
    return supported_kube_versions()[-1]


def parse_kube_version(text: str | None) -> tuple[int, int]:
    """Parse ``1.34``, ``v1.34`` or ``1.34.4`` into (major, minor); None means the newest supported.

    Raises InputError for a malformed or unsupported version.
    """
    supported = supported_kube_versions()
    if text is None:
        text = supported[-1]
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        raise InputError(f"invalid Kubernetes version {text!r}", hint="give it as MAJOR.MINOR, for example 1.34")
    version = (int(match.group(1)), int(match.group(2)))
    if f"{version[0]}.{version[1]}" not in supported:
        raise InputError(
            f"Kubernetes version {text} is not supported for schema validation",
            hint=f"choose one of {supported[0]} to {supported[-1]}",
        )
    return version


class SchemaSet:
    """The strict schemas of one Kubernetes version, loaded once."""

    def __init__(self, version: tuple[int, int]) -> None:
        from importlib import resources

        self.version = version
        root = resources.files("kubernetes_validate") / "kubernetes-json-schema"
        matches = [entry for entry in root.iterdir() if entry.name.startswith(f"v{version[0]}.{version[1]}.") and entry.name.endswith("-local-strict")]
        if not matches:
            raise InputError(
                f"no schemas for Kubernetes {version[0]}.{version[1]} were found in the kubernetes-validate package",
                hint="reinstall kubernetes-validate, or choose another --kube-version",
            )
        self.directory = sorted(matches, key=lambda entry: entry.name)[-1]
        self.definitions: dict[str, Any] = json.loads((self.directory / "_definitions.json").read_text())
        self._validators: dict[str, Any] = {}
        self._served: dict[str, list[str]] = {}

    def schema_file(self, kind: str, api_version: str) -> str:
        # kubernetes-validate names files <kind>-<group without domain>-<version>.json.
        group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
        return f"{kind.lower()}-{group_version}.json"

    def validator(self, kind: str, api_version: str) -> Any | None:
        """Return a validator for the kind, or None when this version has no schema for it."""
        name = self.schema_file(kind, api_version)
        if name not in self._validators:
            self._validators[name] = self._build_validator(name, kind)
        return self._validators[name]

    def _build_validator(self, name: str, kind: str) -> Any | None:
        import jsonschema
        from referencing import Registry, Resource

        path = self.directory / name
        if not path.is_file():
            return None
        schema = json.loads(path.read_text())
        kinds = {entry.get("kind") for entry in schema.get("x-kubernetes-group-version-kind", [])}
        if kind not in kinds:
            return None
        registry = Resource.from_contents(schema) @ Registry()
        registry = Resource.from_contents(self.definitions) @ registry
        return jsonschema.Draft202012Validator(schema, registry=registry)

    def api_versions_of(self, kind: str) -> list[str]:
        """Return the apiVersions this Kubernetes version serves ``kind`` in."""
        if kind not in self._served:
            self._served[kind] = self._find_api_versions(kind)
        return self._served[kind]

    def _find_api_versions(self, kind: str) -> list[str]:
        found = []
        for entry in self.directory.iterdir():
            if not entry.name.startswith(kind.lower() + "-"):
                continue
            schema = json.loads(entry.read_text())
            for gvk in schema.get("x-kubernetes-group-version-kind", []):
                if gvk.get("kind") == kind:
                    group = gvk.get("group")
                    found.append(f"{group}/{gvk['version']}" if group else gvk["version"])
        return sorted(set(found))

    def resolve(self, schema: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        """Follow ``$ref`` links; return the schema and the definition name it ended on."""
        name = None
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.definitions["$defs"][name]
        return schema, name


@functools.cache
def schema_set(version: tuple[int, int]) -> SchemaSet:
    return SchemaSet(version)


def validate_schema(manifest: Manifest, version: tuple[int, int]) -> list[Finding]:
    """Check ``manifest`` against the schema of its kind in Kubernetes ``version``."""
    schemas = schema_set(version)
    if not manifest.kind or not manifest.api_version:
        return []
    validator = schemas.validator(manifest.kind, manifest.api_version)
    if validator is None:
        served = schemas.api_versions_of(manifest.kind)
        if not served:
            log.debug("no schema for %s %s in Kubernetes %d.%d; its fields are not checked", manifest.kind, manifest.api_version, *version)
            return []
        message = f'no matches for kind "{manifest.kind}" in version "{manifest.api_version}"'
        hint = f"Kubernetes {version[0]}.{version[1]} serves {manifest.kind} as " + " or ".join(served)
        return [finding_at(manifest, ("apiVersion",), message, hint)]

    findings = []
    for error in sorted(validator.iter_errors(manifest.obj), key=lambda error: [str(part) for part in error.absolute_path]):
        findings += _convert(manifest, schemas, error)
    return findings


def _convert(manifest: Manifest, schemas: SchemaSet, error: Any) -> list[Finding]:
    path: FieldPath = tuple(error.absolute_path)
    field_path = format_path(path)
    if error.validator == "additionalProperties":
        declared = set(error.schema.get("properties", {}))
        unknown = sorted(str(key) for key in error.instance if key not in declared)
        return [
            finding_at(manifest, (*path, key), decode_error(manifest, f'strict decoding error: unknown field "{format_path((*path, key))}"'))
            for key in unknown
        ]
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return [finding_at(manifest, path, required(format_path((*path, key)))) for key in missing]
    if error.validator == "type":
        return [finding_at(manifest, path, decode_error(manifest, _type_error(schemas, manifest, path, error.instance)))]
    if error.validator == "enum":
        supported = [str(item) for item in error.validator_value]
        return [finding_at(manifest, path, not_supported(field_path, error.instance, supported))]
    return [finding_at(manifest, path, invalid(field_path, error.instance, error.message))]


def _type_error(schemas: SchemaSet, manifest: Manifest, path: FieldPath, value: Any) -> str:
    """Word a type mismatch as Go's ``UnmarshalTypeError`` does for the API server's structs."""
    schema: dict[str, Any] = schemas.validator(manifest.kind, manifest.api_version).schema
    definition: str | None = None
    struct = manifest.kind
    go_fields: list[str] = []
    for element in path:
        schema, name = schemas.resolve(schema)
        definition = name or definition
        if isinstance(element, int):
            schema = schema.get("items", {})
            continue
        properties = schema.get("properties", {})
        if element in properties:
            struct = definition.rsplit(".", 1)[-1] if definition else manifest.kind
            go_fields.append(str(element))
            schema = properties[element]
        else:
            # A map value: Go names the map field, not the key.
            schema = schema.get("additionalProperties", {})
    field_type = _go_type(schemas, schema)
    return f"json: cannot unmarshal {go_json_kind(value)} into Go struct field {struct}.{'.'.join(go_fields)} of type {field_type}"


def _go_type(schemas: SchemaSet, schema: dict[str, Any]) -> str:
    """Name the Go type a field schema stands for, as ``reflect.Type.String`` prints it."""
    schema, name = schemas.resolve(schema)
    if name is not None and "properties" in schema:
        parts = name.split(".")
        return f"{parts[-2]}.{parts[-1]}"
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else [item for item in types if item != "null"]
    kind = types[0] if types else ""
    if kind == "integer":
        return schema.get("format", "int64")
    if kind == "number":
        return "float64"
    if kind == "boolean":
        return "bool"
    if kind == "array":
        return "[]" + _go_type(schemas, schema.get("items", {}))
    if kind == "object":
        values = schema.get("additionalProperties")
        return f"map[string]{_go_type(schemas, values)}" if isinstance(values, dict) else "map[string]interface {}"
    if schema.get("format") == "byte":
        return "[]uint8"
    return "string"
