"""kubeship's validation findings, compared with the real API server's rejections.

Each case of ``tests/manifests/data/validation.yaml`` whose kind the test server serves
is sent to the test control plane as a server-side dry-run create with strict field
validation, as kubectl sends it (the object as JSON, read from YAML with Go's rules).
The API server's messages must equal kubeship's findings, in the wording of the
server's Kubernetes version. The server stops at the first value it cannot decode, so
when it rejects an object that way its message must equal kubeship's first decoding
finding.
"""

from __future__ import annotations

import json
import ssl
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from kubeship.manifests import parse_documents, validate_manifests
from tests.support.controlplane import ControlPlane

CASES_FILE = Path(__file__).parent.parent / "manifests" / "data" / "validation.yaml"
# The collection URL of each (apiVersion, kind) the cases use.
RESOURCES = {
    ("v1", "Secret"): "/api/v1/namespaces/default/secrets",
    ("v1", "ConfigMap"): "/api/v1/namespaces/default/configmaps",
    ("v1", "Service"): "/api/v1/namespaces/default/services",
    ("v1", "Pod"): "/api/v1/namespaces/default/pods",
    ("v1", "Namespace"): "/api/v1/namespaces",
    ("apps/v1", "Deployment"): "/apis/apps/v1/namespaces/default/deployments",
}


DECODE_FAILURE = "cannot be handled as a"


def resource_url(obj: dict[str, Any]) -> str | None:
    return RESOURCES.get((obj.get("apiVersion"), obj.get("kind")))


def data_cases() -> list[dict[str, Any]]:
    cases = yaml.safe_load(CASES_FILE.read_text())
    return [case for case in cases if resource_url(yaml.safe_load(case["document"])) is not None]


def server_version(client: httpx.Client) -> str:
    version = client.get("/version").json()
    return f"{version['major']}.{version['minor'].rstrip('+')}"


def server_messages(client: httpx.Client, obj: dict[str, Any]) -> list[str]:
    """Create ``obj`` with a server-side dry run and return the messages the API server rejects it with."""
    response = client.post(
        resource_url(obj),
        params={"dryRun": "All", "fieldValidation": "Strict"},
        content=json.dumps(obj),
        headers={"Content-Type": "application/json"},
    )
    if response.status_code in (200, 201):
        return []
    status = response.json()
    causes = (status.get("details") or {}).get("causes") or []
    if response.status_code == 422 and causes:
        return sorted(f"{cause['field']}: {cause['message']}" for cause in causes)
    return [status["message"]]


@pytest.fixture(scope="module")
def api(control_plane: ControlPlane) -> httpx.Client:
    headers = {"Authorization": f"Bearer {control_plane.admin_token}"}
    trust = ssl.create_default_context(cafile=str(control_plane.ca_path))
    with httpx.Client(base_url=control_plane.server, verify=trust, headers=headers, timeout=30) as client:
        yield client


@pytest.mark.parametrize("case", data_cases(), ids=lambda case: case["name"])
def test_findings_match_server(api: httpx.Client, case: dict[str, Any]) -> None:
    version = server_version(api)
    if case.get("kube_version", version) != version:
        pytest.skip(f"the case is worded for Kubernetes {case['kube_version']}, the test server runs {version}")
    manifests = parse_documents(case["document"], "templates/case.yaml")

    findings = validate_manifests(manifests, version)

    expected = server_messages(api, manifests[0].obj)
    if len(expected) == 1 and DECODE_FAILURE in expected[0]:
        decoding = [finding.message for finding in findings if DECODE_FAILURE in finding.message]
        assert decoding[:1] == expected
    else:
        assert sorted(finding.message for finding in findings) == expected


@pytest.mark.parametrize("kind, field", [("Secret", "stringData"), ("ConfigMap", "data")])
def test_size_limit_matches_server(api: httpx.Client, kind: str, field: str) -> None:
    document = f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: big\n{field}:\n  a: " + "x" * (1024 * 1024 + 1) + "\n"
    manifests = parse_documents(document, "templates/big.yaml")

    findings = validate_manifests(manifests, server_version(api), schema=False)

    assert [finding.message for finding in findings] == server_messages(api, manifests[0].obj)
    assert len(findings) == 1
