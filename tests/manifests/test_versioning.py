"""ConfigMap and Secret versioning, table-driven from data/versioning.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kubeship.manifests import parse_documents, version_manifests

CASES = yaml.safe_load((Path(__file__).parent / "data" / "versioning.yaml").read_text())


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_versioning_case(case: dict) -> None:
    manifests = parse_documents(case["input"], "templates/all.yaml")

    versioned = version_manifests(manifests, case["release"], skip_versioning=case.get("skip_versioning", False))

    assert [manifest.obj for manifest in manifests] == list(yaml.safe_load_all(case["expected"]))
    assert [manifest.describe() for manifest in versioned] == case["versioned"]
    assert [manifest.describe() for manifest in manifests if manifest.versioned] == case["versioned"]


def test_versioning_twice_keeps_the_first_suffix() -> None:
    manifests = parse_documents("kind: ConfigMap\napiVersion: v1\nmetadata: {name: web}\n", "a.yaml")

    version_manifests(manifests, 1)
    version_manifests(manifests, 2)

    assert manifests[0].name == "web-1"


def test_versioning_rejects_release_zero() -> None:
    with pytest.raises(ValueError, match="release number must be 1 or more"):
        version_manifests([], 0)
