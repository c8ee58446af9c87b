"""Rendered Secret manifests as the API server stores them and the kubelet reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kubeship import sanitize
from kubeship.doctor.dockerconfig import go_base64_decode
from kubeship.doctor.keyring import DOCKERCFG_KEY, DOCKERCONFIGJSON_KEY, PULL_SECRET_KEYS, PullSecretData
from kubeship.manifests import Manifest

DOCKER_CONFIG_KEYS = (DOCKERCONFIGJSON_KEY, DOCKERCFG_KEY)


@dataclass
class RenderedSecret:
    """A Secret from the manifests: its decoded data and the reasons the API server would reject it.

    ``data`` merges ``stringData`` over the base64-decoded ``data``, as the API server does.
    """

    manifest: Manifest
    type: str
    data: dict[str, bytes] = field(repr=False)
    rejections: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def accepted(self) -> bool:
        return not self.rejections

    @property
    def is_pull_secret(self) -> bool:
        """A pull secret type, or a Secret holding a docker config key under any type."""
        return self.type in PULL_SECRET_KEYS or any(key in self.data for key in DOCKER_CONFIG_KEYS)

    def as_pull_secret(self) -> PullSecretData:
        return PullSecretData(name=self.name, type=self.type, data=self.data)


def read_secret(manifest: Manifest) -> RenderedSecret:
    """Decode a Secret manifest and check what the API server checks for pull secrets."""
    secret_type = manifest.obj.get("type") or "Opaque"
    secret = RenderedSecret(manifest=manifest, type=str(secret_type), data={})
    _decode_data(manifest, secret)
    _check_required_key(secret)
    return secret


def _decode_data(manifest: Manifest, secret: RenderedSecret) -> None:
    data = manifest.obj.get("data") or {}
    string_data = manifest.obj.get("stringData") or {}
    if not isinstance(data, dict) or not isinstance(string_data, dict):
        secret.rejections.append("data and stringData must be maps from key to value")
        return
    for key, value in data.items():
        if not isinstance(value, str):
            secret.rejections.append(f"data[{key}] must be a base64 string")
            continue
        _register(key, value)
        try:
            secret.data[str(key)] = go_base64_decode(value, padded=True)
            _register(key, secret.data[str(key)])
        except ValueError:
            secret.rejections.append(f"data[{key}] is not valid base64")
    for key, value in string_data.items():
        if not isinstance(value, str):
            secret.rejections.append(f"stringData[{key}] must be a string")
            continue
        _register(key, value)
        secret.data[str(key)] = value.encode()


def _register(key: object, value: str | bytes) -> None:
    """Register a docker config payload for masking; other Secret values are never shown, so they stay out."""
    if key in DOCKER_CONFIG_KEYS:
        sanitize.register_secret(value, kind="pull-secret")


def _check_required_key(secret: RenderedSecret) -> None:
    """Check that a pull secret type has its key, with JSON that decodes as an object or null."""
    data_key = PULL_SECRET_KEYS.get(secret.type)
    if data_key is None:
        return
    if data_key not in secret.data:
        secret.rejections.append(f"type {secret.type} requires the data key {data_key}")
        return
    try:
        document = json.loads(secret.data[data_key].decode("utf-8", "replace"))
    except ValueError:
        secret.rejections.append(f"{data_key} is not valid JSON")
        return
    if document is not None and not isinstance(document, dict):
        secret.rejections.append(f"{data_key} must be a JSON object")
