"""Object metadata rules: names, namespaces, label and annotation syntax, string-typed maps.

Two kinds of rejection are reproduced here:

- decoding: the API server decodes the JSON that kubectl sends into Go structs, so a
  label, annotation, ConfigMap ``data`` or Secret ``stringData`` value that YAML read as a
  boolean or number is rejected before validation, with Go's
  ``json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.annotations of type string``;
- validation: ``ValidateObjectMeta`` and ``ValidateLabels`` from apimachinery, and
  ``ValidatePodTemplateSpec`` for the labels and annotations of pod templates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kubeship.manifests import names
from kubeship.manifests.findings import Finding, finding_at, format_path, invalid, required, too_long
from kubeship.manifests.model import FieldPath, Manifest
from kubeship.manifests.podspec import POD_TEMPLATE_PATHS, get_path

TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024

# Name rules per kind, as apimachinery's ValidateNameFunc of each kind. Kinds not listed
# get only the "name is required" check.
_DNS_SUBDOMAIN_KINDS = frozenset(
    {
        "Secret", "ConfigMap", "Pod", "ReplicationController", "ServiceAccount", "Endpoints",
        "LimitRange", "ResourceQuota", "PersistentVolume", "PersistentVolumeClaim",
        "Deployment", "DaemonSet", "ReplicaSet", "Job", "Ingress", "IngressClass",
        "StorageClass", "PriorityClass",
    }
)  # fmt: skip
_DNS1035_LABEL_MESSAGE = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
    "start with an alphabetic character, and end with an alphanumeric character"
)


def name_problems(kind: str, name: str) -> list[str]:
    """Return the API server's problems with ``name`` for an object of ``kind``."""
    if kind == "Namespace":
        return names.is_dns1123_label(name)
    if kind == "Service":
        return _dns1035_label_problems(name)
    if kind in _DNS_SUBDOMAIN_KINDS:
        return names.is_dns1123_subdomain(name)
    return []


def _dns1035_label_problems(value: str) -> list[str]:
    problems = []
    if len(value.encode()) > names.DNS1123_LABEL_MAX_LENGTH:
        problems.append(names.max_length_error(names.DNS1123_LABEL_MAX_LENGTH))
    pattern = "[a-z]([-a-z0-9]*[a-z0-9])?"
    if not re.fullmatch(pattern, value):
        problems.append(names.regex_error(_DNS1035_LABEL_MESSAGE, pattern, "my-name", "abc-123"))
    return problems


def validate_object_meta(manifest: Manifest, wording: names.Wording) -> list[Finding]:
    """Check the name, namespace, labels and annotations of ``manifest`` and of its pod template."""
    metadata = manifest.obj.get("metadata")
    if not isinstance(metadata, dict):
        return [finding_at(manifest, ("metadata",), required("metadata.name", "name or generateName is required"))]

    findings = []
    name = metadata.get("name")
    if not isinstance(name, str) or not name:
        if not metadata.get("generateName"):
            findings.append(finding_at(manifest, ("metadata", "name"), required("metadata.name", "name or generateName is required")))
    else:
        for problem in name_problems(manifest.kind, name):
            findings.append(finding_at(manifest, ("metadata", "name"), invalid("metadata.name", name, problem)))

    namespace = metadata.get("namespace")
    if isinstance(namespace, str) and namespace:
        for problem in names.is_dns1123_label(namespace):
            findings.append(finding_at(manifest, ("metadata", "namespace"), invalid("metadata.namespace", namespace, problem)))

    findings += _labels_and_annotations(manifest, ("metadata",), "metadata", wording)
    template = POD_TEMPLATE_PATHS.get(manifest.kind)
    if template is not None:
        # A pod template embeds its metadata inline in Go, so the API server's paths
        # read spec.template.labels, not spec.template.metadata.labels.
        findings += _labels_and_annotations(manifest, (*template, "metadata"), format_path(template), wording)
    return findings


def _labels_and_annotations(manifest: Manifest, meta_path: FieldPath, api_prefix: str, wording: names.Wording) -> list[Finding]:
    findings: list[Finding] = []
    labels = get_path(manifest.obj, (*meta_path, "labels"))
    if isinstance(labels, dict):
        field = f"{api_prefix}.labels"
        for key, value in labels.items():
            position = (*meta_path, "labels", str(key))
            key = str(key)
            for problem in names.is_qualified_name(key, wording):
                findings.append(finding_at(manifest, position, invalid(field, key, problem)))
            if isinstance(value, str):
                for problem in names.is_label_value(value, wording):
                    findings.append(finding_at(manifest, position, invalid(field, value, problem)))

    annotations = get_path(manifest.obj, (*meta_path, "annotations"))
    if isinstance(annotations, dict):
        field = f"{api_prefix}.annotations"
        size = 0
        for key, value in annotations.items():
            key = str(key)
            # Annotation keys follow the label key rule, except that case does not matter.
            for problem in names.is_qualified_name(key.lower(), wording):
                findings.append(finding_at(manifest, (*meta_path, "annotations", key), invalid(field, key, problem)))
            size += len(key.encode()) + (len(value.encode()) if isinstance(value, str) else 0)
        if size > TOTAL_ANNOTATION_SIZE_LIMIT:
            findings.append(finding_at(manifest, (*meta_path, "annotations"), too_long(field, TOTAL_ANNOTATION_SIZE_LIMIT)))
    return findings


def _string_maps(manifest: Manifest) -> Iterator[tuple[FieldPath, str]]:
    """Yield each map whose values the API server decodes as Go strings, with the Go struct that contains it."""
    for meta_path in _object_meta_paths(manifest.kind):
        yield (*meta_path, "labels"), "ObjectMeta"
        yield (*meta_path, "annotations"), "ObjectMeta"
    if manifest.kind == "ConfigMap":
        yield ("data",), "ConfigMap"
    if manifest.kind == "Secret":
        yield ("stringData",), "Secret"
    if manifest.kind in ("Service", "ReplicationController"):
        yield ("spec", "selector"), f"{manifest.kind}Spec"
    elif manifest.kind in POD_TEMPLATE_PATHS and manifest.kind not in ("CronJob", "DeploymentConfig"):
        yield ("spec", "selector", "matchLabels"), "LabelSelector"


def _object_meta_paths(kind: str) -> list[FieldPath]:
    paths: list[FieldPath] = [("metadata",)]
    if kind == "CronJob":
        paths.append(("spec", "jobTemplate", "metadata"))
    template = POD_TEMPLATE_PATHS.get(kind)
    if template is not None:
        paths.append((*template, "metadata"))
    return paths


def go_json_kind(value: Any) -> str:
    """Name a JSON value's kind as Go's ``UnmarshalTypeError`` does."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


def decode_error(manifest: Manifest, detail: str) -> str:
    """Word a decoding failure as the API server does for a create request."""
    version = manifest.api_version.rsplit("/", 1)[-1]
    return f'{manifest.kind} in version "{version}" cannot be handled as a {manifest.kind}: {detail}'


def quote_hint(manifest: Manifest, path: FieldPath, value: Any) -> str:
    """Say how to quote a value that YAML read as a boolean or number."""
    written = manifest.scalars.get(path)
    if written is None and isinstance(value, bool):
        written = "true" if value else "false"
    elif written is None:
        written = str(value)
    return f'quote the value so that YAML reads a string, for example {path[-1]}: "{written}", or pipe it to quote in a template'


def validate_string_maps(manifest: Manifest) -> list[Finding]:
    """Report map values that the API server cannot decode as strings."""
    findings = []
    for map_path, struct in _string_maps(manifest):
        values = get_path(manifest.obj, map_path)
        go_field = f"{struct}.{'.'.join(str(element) for element in map_path)}"
        if values is not None and not isinstance(values, dict):
            detail = f"json: cannot unmarshal {go_json_kind(values)} into Go struct field {go_field} of type map[string]string"
            findings.append(finding_at(manifest, map_path, decode_error(manifest, detail)))
            continue
        for key, value in (values or {}).items():
            if value is None or isinstance(value, str):
                continue
            path = (*map_path, str(key))
            detail = f"json: cannot unmarshal {go_json_kind(value)} into Go struct field {go_field} of type string"
            hint = quote_hint(manifest, path, value) if isinstance(value, (bool, int, float)) else None
            findings.append(finding_at(manifest, path, decode_error(manifest, detail), hint))
    return findings
