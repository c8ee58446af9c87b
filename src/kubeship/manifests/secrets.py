"""Secret and ConfigMap data rules as the API server applies them.

The API server first decodes the object: ``data`` values are base64, and ``stringData``
and ConfigMap ``data`` values are strings. Its v1-to-internal conversion then merges
``stringData`` into ``data``. Last, ``ValidateSecret`` and ``ValidateConfigMap`` from
``pkg/apis/core/validation`` check the data keys, the 1 MiB limit and the keys each
Secret type requires. The messages here are the API server's field errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kubeship.manifests import names
from kubeship.manifests.findings import Finding, finding_at, format_path, invalid, required, too_long
from kubeship.manifests.gobase64 import Base64Error, decode_std
from kubeship.manifests.gojson import unmarshal_object_error
from kubeship.manifests.metadata import decode_error, go_json_kind
from kubeship.manifests.model import FieldPath, Manifest

MAX_SECRET_SIZE = 1024 * 1024

# The value the API server shows in place of a pull secret payload it rejects.
REDACTED_CONTENTS = "<secret contents redacted>"

DOCKERCFG_TYPE = "kubernetes.io/dockercfg"
DOCKERCONFIGJSON_TYPE = "kubernetes.io/dockerconfigjson"
_PULL_SECRET_KEYS = {DOCKERCFG_TYPE: ".dockercfg", DOCKERCONFIGJSON_TYPE: ".dockerconfigjson"}
_SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name"


@dataclass
class SecretData:
    """A Secret's data after decoding and merging, with the source path of each key.

    ``paths`` maps each key to the field it came from (``data`` or ``stringData``), so a
    finding about the merged key points at the line the user wrote.
    """

    values: dict[str, bytes] = field(default_factory=dict)
    paths: dict[str, FieldPath] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def secret_data(manifest: Manifest) -> SecretData:
    """Decode ``data``, then merge ``stringData`` over it, reporting what cannot be decoded."""
    result = SecretData()
    data = manifest.obj.get("data")
    if data is not None and not isinstance(data, dict):
        detail = f"json: cannot unmarshal {go_json_kind(data)} into Go struct field Secret.data of type map[string][]uint8"
        result.findings.append(finding_at(manifest, ("data",), decode_error(manifest, detail)))
        data = None
    for key, value in (data or {}).items():
        key = str(key)
        path = ("data", key)
        decoded = _decode_data_value(manifest, path, value, result.findings)
        if decoded is not None:
            result.values[key] = decoded
            result.paths[key] = path

    # Values that are not strings were reported by the string map check.
    string_data = manifest.obj.get("stringData")
    if isinstance(string_data, dict):
        for key, value in string_data.items():
            if value is None or isinstance(value, str):
                result.values[str(key)] = (value or "").encode()
                result.paths[str(key)] = ("stringData", str(key))
    return result


def _decode_data_value(manifest: Manifest, path: FieldPath, value: object, findings: list[Finding]) -> bytes | None:
    """Decode one base64 value of a Secret's ``data`` or a ConfigMap's ``binaryData``."""
    if value is None:
        return b""
    if not isinstance(value, str):
        go_field = f"{manifest.kind}.{path[0]}"
        detail = f"json: cannot unmarshal {go_json_kind(value)} into Go struct field {go_field} of type []uint8"
        findings.append(finding_at(manifest, path, decode_error(manifest, detail)))
        return None
    try:
        return decode_std(value)
    except Base64Error as error:
        plain = "stringData" if manifest.kind == "Secret" else "data"
        hint = f"{path[0]} values are base64; put plain text under {plain} instead"
        findings.append(finding_at(manifest, path, decode_error(manifest, str(error)), hint))
        return None


def validate_secret(manifest: Manifest) -> list[Finding]:
    """Check a Secret's data and type the way ``ValidateSecret`` does, after decoding and merging."""
    data = secret_data(manifest)
    findings = list(data.findings)
    findings += _data_key_findings(manifest, "data", data.values, data.paths)

    total = sum(len(value) for value in data.values.values())
    if total > MAX_SECRET_SIZE:
        where = "data" if "data" in manifest.obj else "stringData"
        findings.append(finding_at(manifest, (where,), too_long("data", MAX_SECRET_SIZE)))

    secret_type = manifest.obj.get("type") or "Opaque"
    if not isinstance(secret_type, str):
        detail = f"json: cannot unmarshal {go_json_kind(secret_type)} into Go struct field Secret.type of type v1.SecretType"
        return [*findings, finding_at(manifest, ("type",), decode_error(manifest, detail))]
    return findings + _type_findings(manifest, secret_type, data)


def _type_findings(manifest: Manifest, secret_type: str, data: SecretData) -> list[Finding]:
    def missing(key: str) -> Finding:
        return finding_at(manifest, ("type",), required(format_path(("data", key), map_keys=1)))

    if secret_type in _PULL_SECRET_KEYS:
        key = _PULL_SECRET_KEYS[secret_type]
        if key not in data.values:
            return [missing(key)]
        error = unmarshal_object_error(data.values[key])
        if error is None:
            return []
        message = invalid(format_path(("data", key), map_keys=1), REDACTED_CONTENTS, error)
        return [finding_at(manifest, data.paths[key], message)]

    if secret_type == "kubernetes.io/service-account-token":
        annotations = manifest.metadata.get("annotations")
        name = annotations.get(_SERVICE_ACCOUNT_NAME_ANNOTATION) if isinstance(annotations, dict) else None
        if not name:
            path = format_path(("metadata", "annotations", _SERVICE_ACCOUNT_NAME_ANNOTATION), map_keys=1)
            return [finding_at(manifest, ("metadata",), required(path))]
    elif secret_type == "kubernetes.io/basic-auth":
        # Either key may be empty, but one of them must be present.
        if "username" not in data.values and "password" not in data.values:
            return [missing("username"), missing("password")]
    elif secret_type == "kubernetes.io/ssh-auth":
        if not data.values.get("ssh-privatekey"):
            return [missing("ssh-privatekey")]
    elif secret_type == "kubernetes.io/tls":
        return [missing(key) for key in ("tls.crt", "tls.key") if key not in data.values]
    return []


def _data_key_findings(manifest: Manifest, field_name: str, values: dict, paths: dict[str, FieldPath]) -> list[Finding]:
    findings = []
    for key in values:
        for problem in names.is_config_map_key(key):
            message = invalid(format_path((field_name, key), map_keys=1), key, problem)
            findings.append(finding_at(manifest, paths.get(key, (field_name, key)), message))
    return findings


def validate_config_map(manifest: Manifest) -> list[Finding]:
    """Check a ConfigMap's keys and size the way ``ValidateConfigMap`` does."""
    findings: list[Finding] = []
    data = manifest.obj.get("data")
    data = data if isinstance(data, dict) else {}
    binary: dict[str, bytes] = {}
    binary_data = manifest.obj.get("binaryData")
    if binary_data is not None and not isinstance(binary_data, dict):
        detail = f"json: cannot unmarshal {go_json_kind(binary_data)} into Go struct field ConfigMap.binaryData of type map[string][]uint8"
        findings.append(finding_at(manifest, ("binaryData",), decode_error(manifest, detail)))
    elif binary_data:
        for key, value in binary_data.items():
            decoded = _decode_data_value(manifest, ("binaryData", str(key)), value, findings)
            if decoded is not None:
                binary[str(key)] = decoded

    text = {str(key): value for key, value in data.items() if value is None or isinstance(value, str)}
    findings += _data_key_findings(manifest, "data", text, {})
    for key in text:
        if key in binary:
            message = invalid(format_path(("data", key), map_keys=1), key, "duplicate of key present in binaryData")
            findings.append(finding_at(manifest, ("data", key), message))
    findings += _data_key_findings(manifest, "binaryData", binary, {})

    total = sum(len((value or "").encode()) for value in text.values()) + sum(len(value) for value in binary.values())
    if total > MAX_SECRET_SIZE:
        # The API server reports the size of the whole object, with an empty field path.
        findings.append(finding_at(manifest, ("data",), too_long("[]", MAX_SECRET_SIZE)))
    return findings
