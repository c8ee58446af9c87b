"""Validation of rendered objects before anything is applied."""

from __future__ import annotations

from kubeship.errors import InputError
from kubeship.manifests.findings import Finding, finding_at
from kubeship.manifests.metadata import validate_object_meta, validate_string_maps
from kubeship.manifests.model import Manifest
from kubeship.manifests.names import wording_for
from kubeship.manifests.schema import parse_kube_version, validate_schema
from kubeship.manifests.secrets import validate_config_map, validate_secret


class ManifestValidationError(InputError):
    """Rendered objects that the API server would reject; ``findings`` lists each problem."""

    def __init__(self, findings: list[Finding]) -> None:
        count = len(findings)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  {finding}" for finding in findings)
        super().__init__(
            f"the rendered manifests have {count} {noun} that the API server would reject. "
            f"Fix the templates or values at these lines:\n{lines}"
        )
        self.findings = findings


def validate_manifests(manifests: list[Manifest], kube_version: str | None = None, *, schema: bool = True) -> list[Finding]:
    """Return every problem the API server of ``kube_version`` would reject, sorted by file and line.

    The checks, in order: apiVersion and kind are set. Object metadata is valid (names,
    namespaces, label and annotation syntax, values that must be strings). Secrets and
    ConfigMaps follow the data rules. Each object matches the OpenAPI schema of its kind,
    unless ``schema`` is false. No object is defined twice. ``kube_version`` is
    ``MAJOR.MINOR`` and defaults to the newest supported version.

    Raises InputError for an unsupported ``kube_version``.
    """
    version = parse_kube_version(kube_version)
    wording = wording_for(version)
    findings: list[Finding] = []
    for manifest in manifests:
        missing = [field for field in ("apiVersion", "kind") if not isinstance(manifest.obj.get(field), str) or not manifest.obj.get(field)]
        if missing:
            findings += [finding_at(manifest, (), f"{field} not set") for field in missing]
            continue
        findings += validate_object_meta(manifest, wording)
        findings += validate_string_maps(manifest)
        if manifest.kind == "Secret":
            findings += validate_secret(manifest)
        elif manifest.kind == "ConfigMap":
            findings += validate_config_map(manifest)
        if schema:
            findings += validate_schema(manifest, version)
    findings += find_duplicates(manifests)
    return _unique(findings)


def check_manifests(manifests: list[Manifest], kube_version: str | None = None, *, schema: bool = True) -> None:
    """Validate ``manifests`` and raise ManifestValidationError when anything would be rejected."""
    findings = validate_manifests(manifests, kube_version, schema=schema)
    if findings:
        raise ManifestValidationError(findings)


def find_duplicates(manifests: list[Manifest]) -> list[Finding]:
    """Report every object whose kind, namespace and name an earlier object already has."""
    seen: dict[tuple[str, str | None, str], Manifest] = {}
    findings = []
    for manifest in manifests:
        if not manifest.name:
            continue
        key = (manifest.kind, manifest.namespace, manifest.name)
        first = seen.setdefault(key, manifest)
        if first is manifest:
            continue
        where = f' in namespace "{manifest.namespace}"' if manifest.namespace else ""
        message = f"duplicate object: {manifest.describe()}{where} is also defined at {first.position}"
        findings.append(finding_at(manifest, ("metadata", "name"), message))
    return findings


def _unique(findings: list[Finding]) -> list[Finding]:
    # The schema check and the specific checks can report the same problem. The first
    # report wins because it carries the hint and the Go type name the schema lacks
    # (v1.SecretType where the schema has string).
    unique: dict[tuple[str, int, str, str], Finding] = {}
    for finding in findings:
        key_text = finding.message.split(" of type ")[0] if "cannot unmarshal" in finding.message else finding.message
        unique.setdefault((finding.source, finding.line, finding.object, key_text), finding)
    return sorted(unique.values(), key=lambda finding: (finding.source, finding.line))
