"""Wiring findings about rendered pull secrets: wrong type, swapped shape, double base64, unused."""

from __future__ import annotations

import json
from typing import Any

from kubeship.doctor.dockerconfig import go_base64_decode
from kubeship.doctor.keyring import (
    DOCKERCFG_KEY,
    DOCKERCFG_TYPE,
    DOCKERCONFIGJSON_KEY,
    DOCKERCONFIGJSON_TYPE,
    PULL_SECRET_KEYS,
    MalformedPullSecret,
    read_pull_secret,
)
from kubeship.doctor.model import WARNING, WILL_FAIL, Finding
from kubeship.doctor.secrets import DOCKER_CONFIG_KEYS, RenderedSecret

DOUBLE_BASE64_FIX = "encode the docker config once: put the JSON under stringData, or its base64 under data"
_TYPE_FOR_KEY = {DOCKERCONFIGJSON_KEY: DOCKERCONFIGJSON_TYPE, DOCKERCFG_KEY: DOCKERCFG_TYPE}


def secret_findings(secret: RenderedSecret, referenced: bool) -> list[Finding]:
    """Return the findings for one rendered Secret; ``referenced`` is whether a pod or ServiceAccount lists it."""
    findings: list[Finding] = []

    def add(severity: str, message: str, fix: str) -> None:
        findings.append(Finding(severity, secret.manifest.describe(), str(secret.manifest.position), message, fix))

    severity = WILL_FAIL if referenced else WARNING
    data_key = PULL_SECRET_KEYS.get(secret.type)
    double_encoded = data_key is not None and _is_base64_of_json(secret.data.get(data_key, b""))
    for rejection in secret.rejections:
        if double_encoded and "JSON" in rejection:
            add(severity, f"{data_key} is base64-encoded twice, so the API server rejects this Secret "
                "(the value must be a JSON object)", DOUBLE_BASE64_FIX)
        else:
            add(severity, f"the API server rejects this Secret: {rejection}", _rejection_fix(secret))

    docker_keys = [key for key in DOCKER_CONFIG_KEYS if key in secret.data]
    if secret.type not in PULL_SECRET_KEYS and docker_keys:
        add(WARNING, f"holds {docker_keys[0]} but has type {secret.type}, so the kubelet ignores it",
            f"set type: {_TYPE_FOR_KEY[docker_keys[0]]}")

    if secret.accepted and secret.type in PULL_SECRET_KEYS:
        findings.extend(_payload_findings(secret, referenced))

    if secret.is_pull_secret and not referenced:
        add(WARNING, "no pod template or ServiceAccount lists this pull secret in imagePullSecrets",
            f"add - name: {secret.name} to the imagePullSecrets of the pods that pull from its registries")
    return findings


def _rejection_fix(secret: RenderedSecret) -> str:
    data_key = PULL_SECRET_KEYS.get(secret.type)
    other = [key for key in DOCKER_CONFIG_KEYS if key in secret.data and key != data_key]
    if data_key and other:
        return f"use type {_TYPE_FOR_KEY[other[0]]} for a {other[0]} key, or rename the key to {data_key}"
    return "fix the Secret's data so it decodes as the type requires"


def _payload_findings(secret: RenderedSecret, referenced: bool) -> list[Finding]:
    findings: list[Finding] = []
    data_key = PULL_SECRET_KEYS[secret.type]
    payload = secret.data.get(data_key, b"")

    def add(severity: str, message: str, fix: str) -> None:
        findings.append(Finding(severity, secret.manifest.describe(), str(secret.manifest.position), message, fix))

    try:
        read_pull_secret(secret.as_pull_secret())
    except MalformedPullSecret as error:
        if _is_base64_of_json(payload):
            add(WILL_FAIL if referenced else WARNING,
                f"{data_key} is base64-encoded twice, so the kubelet cannot read it and fails every pull of "
                "pods that list it",
                DOUBLE_BASE64_FIX)
        else:
            add(WILL_FAIL if referenced else WARNING,
                f"the kubelet cannot read {data_key} ({error.reason}) and fails every pull of pods that list it",
                "regenerate the pull secret, for example with kubeship pull-secret")
        return findings

    problem = shape_problem(secret)
    if problem is not None:
        add(WARNING, *problem)
    return findings


def shape_problem(secret: RenderedSecret) -> tuple[str, str] | None:
    """Return (message, fix) when a pull secret's payload has the shape of the other data key."""
    data_key = PULL_SECRET_KEYS.get(secret.type)
    document = _json_object(secret.data.get(data_key, b"")) if data_key else None
    if document is None:
        return None
    has_auths = any(key.lower() == "auths" and isinstance(value, dict) for key, value in document.items())
    if data_key == DOCKERCFG_KEY and has_auths:
        return (
            '.dockercfg holds the {"auths": ...} shape of .dockerconfigjson; the kubelet reads "auths" '
            "as a registry name, so no image matches its keys",
            f"set type: {DOCKERCONFIGJSON_TYPE} and rename the key to {DOCKERCONFIGJSON_KEY}, "
            'or remove the "auths" wrapper',
        )
    if data_key == DOCKERCONFIGJSON_KEY and not has_auths and _looks_like_registry_map(document):
        return (
            '.dockerconfigjson holds the bare registry map of .dockercfg; the kubelet reads only "auths", '
            "so this Secret supplies no credentials",
            f'wrap the map in {{"auths": ...}}, or set type: {DOCKERCFG_TYPE} and rename the key to {DOCKERCFG_KEY}',
        )
    return None


def _json_object(payload: bytes) -> dict[str, Any] | None:
    try:
        document = json.loads(payload.decode("utf-8", "replace"))
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _looks_like_registry_map(document: dict[str, Any]) -> bool:
    return any(
        isinstance(value, dict) and {"auth", "username", "password"} & {name.lower() for name in value}
        for value in document.values()
    )


def _is_base64_of_json(payload: bytes) -> bool:
    text = payload.decode("ascii", "replace").strip()
    for padded in (True, False):
        try:
            inner = go_base64_decode(text, padded=padded)
        except ValueError:
            continue
        if _json_object(inner) is not None:
            return True
    return False
