"""The kubelet's keyring rules, one case per entry of ``data/keyring_cases.yaml``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubeship.doctor import Keyring, MalformedPullSecret, PullSecretData
from kubeship.imageref import parse_normalized_named

CASES_FILE = Path(__file__).parent / "data" / "keyring_cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text())["cases"]

TYPES = {"dockerconfigjson": "kubernetes.io/dockerconfigjson", "dockercfg": "kubernetes.io/dockercfg"}
DATA_KEYS = {"kubernetes.io/dockerconfigjson": ".dockerconfigjson", "kubernetes.io/dockercfg": ".dockercfg"}


def _secret(spec: dict[str, Any]) -> PullSecretData:
    secret_type = TYPES.get(spec.get("type", "dockerconfigjson"), spec.get("type"))
    data_key = spec.get("data_key") or DATA_KEYS[secret_type]
    if "payload" in spec:
        payload = spec["payload"].encode()
    else:
        keys = spec["keys"]
        if isinstance(keys, list):
            entries = {key: {"username": f"{spec['name']}-user-{index}", "password": "pw"} for index, key in enumerate(keys)}
        else:
            entries = keys
        # The shape follows the data key, so a mismatched type keeps a well-formed payload.
        document = {"auths": entries} if data_key == ".dockerconfigjson" else entries
        payload = json.dumps(document).encode()
    return PullSecretData(name=spec["name"], type=secret_type, data={data_key: payload})


def _secrets(case: dict[str, Any]) -> list[PullSecretData]:
    if "keys" in case:
        return [_secret({"name": "s", "keys": case["keys"]})]
    return [_secret(spec) for spec in case["secrets"]]


def _as_groups(expect: list[Any]) -> list[frozenset[str]]:
    """Each expected position as a set: one item, or a group whose order Go leaves random."""
    return [frozenset(item) if isinstance(item, list) else frozenset([item]) for item in expect]


def _actual_groups(credentials) -> list[frozenset[str]]:
    groups: list[frozenset[str]] = []
    index = 0
    while index < len(credentials):
        size = 1 + len(credentials[index].unordered_with)
        groups.append(frozenset(f"{item.secret} {item.key}" for item in credentials[index : index + size]))
        index += size
    return groups


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_keyring_case(case: dict[str, Any]) -> None:
    repository = parse_normalized_named(case["image"]).name
    if case.get("error"):
        with pytest.raises(MalformedPullSecret):
            Keyring.from_secrets(_secrets(case))
        return

    lookup = Keyring.from_secrets(_secrets(case)).lookup(repository)

    assert _actual_groups(lookup.credentials) == _as_groups(case["expect"])
    if "usernames" in case:
        assert [credential.username for credential in lookup.credentials] == case["usernames"]


def test_keyring_table_has_enough_matching_cases() -> None:
    assert sum(1 for case in CASES if not case.get("error")) >= 80
