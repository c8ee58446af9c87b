"""Validation rules, table-driven: each case is a document that breaks one rule and the findings expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kubeship.errors import InputError
from kubeship.manifests import (
    ManifestValidationError,
    check_manifests,
    newest_kube_version,
    parse_documents,
    parse_kube_version,
    supported_kube_versions,
    validate_manifests,
)

CASES = yaml.safe_load((Path(__file__).parent / "data" / "validation.yaml").read_text())
SOURCE = "templates/case.yaml"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_validation_rule(case: dict) -> None:
    manifests = parse_documents(case["document"], SOURCE)

    findings = validate_manifests(manifests, case.get("kube_version"))

    actual = [(finding.source, finding.line, finding.message) for finding in findings]
    expected = [(SOURCE, item["line"], item["message"]) for item in case["findings"]]
    assert actual == expected
    for finding, item in zip(findings, case["findings"]):
        if "hint" in item:
            assert finding.hint == item["hint"]


def secret_with_value_size(size: int) -> str:
    return f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: big\nstringData:\n  a: {'x' * (size - 1)}\n  b: x\n"


def test_secret_over_one_mebibyte_is_too_long() -> None:
    manifests = parse_documents(secret_with_value_size(1024 * 1024 + 1), SOURCE)

    findings = validate_manifests(manifests, schema=False)

    assert [(finding.line, finding.message) for finding in findings] == [(5, "data: Too long: may not be more than 1048576 bytes")]


def test_secret_of_exactly_one_mebibyte_is_accepted() -> None:
    manifests = parse_documents(secret_with_value_size(1024 * 1024), SOURCE)

    assert validate_manifests(manifests, schema=False) == []


def test_duplicate_objects_across_files() -> None:
    first = parse_documents("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n", "templates/a.yaml")
    second = parse_documents(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n",
        "templates/b.yaml",
    )
    other_namespace = parse_documents("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: qa\n", "templates/c.yaml")

    findings = validate_manifests(first + second + other_namespace)

    assert [(finding.source, finding.line, finding.message) for finding in findings] == [
        ("templates/b.yaml", 9, "duplicate object: ConfigMap/web is also defined at templates/a.yaml:1"),
    ]


def test_unsupported_kube_version_is_an_input_error() -> None:
    with pytest.raises(InputError, match="Kubernetes version 1.2 is not supported"):
        validate_manifests([], "1.2")


@pytest.mark.parametrize("text, version", [("1.34", (1, 34)), ("v1.34.4", (1, 34)), (" 1.30.0 ", (1, 30))])
def test_kube_version_forms(text: str, version: tuple[int, int]) -> None:
    assert parse_kube_version(text) == version


def test_kube_version_defaults_to_newest() -> None:
    newest = newest_kube_version()

    assert parse_kube_version(None) == tuple(int(part) for part in newest.split("."))
    assert newest == supported_kube_versions()[-1]


def test_malformed_kube_version_is_an_input_error() -> None:
    with pytest.raises(InputError, match="invalid Kubernetes version 'latest'"):
        parse_kube_version("latest")


def test_check_manifests_lists_every_finding() -> None:
    manifests = parse_documents("apiVersion: v1\nkind: Secret\nmetadata:\n  name: Bad\ntype: kubernetes.io/tls\n", SOURCE)

    with pytest.raises(ManifestValidationError) as caught:
        check_manifests(manifests, "1.34")

    assert len(caught.value.findings) == 3
    assert "have 3 problems that the API server would reject" in caught.value.message
    assert f"{SOURCE}:5: Secret/Bad: data[tls.crt]: Required value" in caught.value.message
    assert caught.value.exit_code == 2
