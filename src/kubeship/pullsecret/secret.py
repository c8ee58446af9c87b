"""Secret objects of type ``kubernetes.io/dockercfg`` and ``kubernetes.io/dockerconfigjson``."""

from __future__ import annotations

from typing import Any

from kubeship.credentials import Credential, expiry_annotations
from kubeship.errors import InputError
from kubeship.pullsecret.payload import dockercfg_payload, dockerconfigjson_payload, encode_payload

DOCKERCFG = "dockercfg"
DOCKERCONFIGJSON = "dockerconfigjson"
SECRET_TYPES = {
    DOCKERCFG: ("kubernetes.io/dockercfg", ".dockercfg"),
    DOCKERCONFIGJSON: ("kubernetes.io/dockerconfigjson", ".dockerconfigjson"),
}


def payload_for(credentials: list[Credential], payload_type: str) -> str:
    """Return the base64 ``data`` value of the given payload type for ``credentials``."""
    if payload_type == DOCKERCFG:
        return encode_payload(dockercfg_payload(credentials))
    if payload_type == DOCKERCONFIGJSON:
        return encode_payload(dockerconfigjson_payload(credentials))
    raise InputError(f"invalid pull secret type {payload_type!r}", hint="use dockerconfigjson or dockercfg")


def build_pull_secret(
    credentials: list[Credential],
    *,
    name: str,
    namespace: str | None = None,
    payload_type: str = DOCKERCONFIGJSON,
) -> dict[str, Any]:
    """Build a pull Secret for ``credentials``.

    The data key is always ``.dockerconfigjson`` or ``.dockercfg``, matching the
    type. A credential that expires puts ``kubeship.io/credentials-expire-at``
    (RFC 3339, the earliest expiry) on the Secret.
    """
    data_value = payload_for(credentials, payload_type)
    secret_type, data_key = SECRET_TYPES[payload_type]
    metadata: dict[str, Any] = {"name": name}
    if namespace:
        metadata["namespace"] = namespace
    annotations = expiry_annotations(credentials)
    if annotations:
        metadata["annotations"] = annotations
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": metadata,
        "type": secret_type,
        "data": {data_key: data_value},
    }
