"""``kubeship pull-secret --type dockerconfigjson`` against ``kubectl create secret docker-registry``.

kubectl takes the password only as an argument (``--docker-password``), so
these tests give it throwaway test passwords that way. kubeship reads the same
password from standard input.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.cli import run_kubeship

KUBECTL = shutil.which("kubectl") or ("/usr/bin/kubectl" if Path("/usr/bin/kubectl").exists() else None)

pytestmark = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed, so there is nothing to compare with")

CASES = [
    ("registry.example.com:5000", "deploy-bot", "plain-password"),
    ("registry.example.com", "ci", 'q"uo\\te $HOME:colon%s ü€'),
    ("https://index.docker.io/v1/", "hubuser", "multi\nline\tpassword"),
]


def kubectl_secret(server: str, username: str, password: str, tmp_path: Path) -> dict:
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text("")
    completed = subprocess.run(
        [KUBECTL, "create", "secret", "docker-registry", "web-pull", "--namespace", "apps",
         f"--docker-server={server}", f"--docker-username={username}", f"--docker-password={password}",
         "--dry-run=client", "-o", "yaml"],
        capture_output=True, text=True, timeout=60, env={"KUBECONFIG": str(kubeconfig), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert completed.returncode == 0, completed.stderr
    return yaml.safe_load(completed.stdout)


def kubeship_secret(server: str, username: str, password: str, tmp_path: Path) -> dict:
    result = run_kubeship(
        ["pull-secret", "--registry", server, "--name", "web-pull", "-n", "apps", "--type", "dockerconfigjson",
         "--registry-username", username, "--registry-password-stdin"],
        stdin=password,
        env={"HOME": str(tmp_path), "DOCKER_CONFIG": str(tmp_path / "docker")},
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def payload(secret: dict) -> dict:
    return json.loads(base64.b64decode(secret["data"][".dockerconfigjson"]))


@pytest.mark.parametrize(("server", "username", "password"), CASES, ids=["port", "exotic-password", "docker-hub"])
def test_dockerconfigjson_matches_kubectl(server: str, username: str, password: str, tmp_path: Path) -> None:
    expected = kubectl_secret(server, username, password, tmp_path)
    actual = kubeship_secret(server, username, password, tmp_path)

    assert actual["apiVersion"] == expected["apiVersion"]
    assert actual["kind"] == expected["kind"]
    assert actual["type"] == expected["type"]
    assert actual["metadata"]["name"] == expected["metadata"]["name"]
    assert actual["metadata"]["namespace"] == expected["metadata"]["namespace"]
    assert list(actual["data"]) == list(expected["data"])

    expected_auths = payload(expected)["auths"]
    actual_auths = payload(actual)["auths"]
    assert list(actual_auths) == list(expected_auths)
    for key, expected_entry in expected_auths.items():
        actual_entry = actual_auths[key]
        assert set(actual_entry) == set(expected_entry) | {"auth"}
        for field, value in expected_entry.items():
            assert actual_entry[field] == value, field
    assert actual_auths[next(iter(actual_auths))]["password"] == password
