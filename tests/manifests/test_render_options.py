"""``kubeship render`` with --release-number, --skip-versioning, --validate and --kube-version, run as a user runs it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.support.cli import REPO_ROOT, run_kubeship

EXAMPLE = REPO_ROOT / "examples" / "harness-default"
PRIVATE_IMAGE = "registry.example.com/team/web:1.4.2"


@pytest.fixture
def user_env(tmp_path: Path) -> dict[str, str]:
    """An environment with registry credentials and an empty docker config, as a deploy job has."""
    config = tmp_path / "docker-config"
    config.mkdir()
    (config / "config.json").write_text("{}")
    return {
        "DOCKER_CONFIG": str(config),
        "HOME": str(config),
        "KUBESHIP_REGISTRY_USERNAME": "deploy-bot",
        "KUBESHIP_REGISTRY_PASSWORD": "hunter2",
    }


def render(args: list[str], env: dict[str, str]):
    return run_kubeship(["render", *args], env=env)


def objects(stdout: str) -> dict[tuple[str, str], dict]:
    return {(doc["kind"], doc["metadata"]["name"]): doc for doc in yaml.safe_load_all(stdout) if doc}


def test_release_number_versions_harness_default(user_env: dict[str, str]) -> None:
    result = render([str(EXAMPLE), "--image", PRIVATE_IMAGE, "--release-number", "3"], user_env)

    assert result.returncode == 0, result.stderr
    found = objects(result.stdout)
    assert ("ConfigMap", "web-3") in found
    assert ("Secret", "web-3") in found
    assert ("Secret", "web-dockercfg") in found
    assert ("ConfigMap", "web") not in found
    assert ("Secret", "web") not in found
    pod = found[("Deployment", "web-deployment")]["spec"]["template"]["spec"]
    assert pod["containers"][0]["envFrom"] == [{"configMapRef": {"name": "web-3"}}, {"secretRef": {"name": "web-3"}}]
    assert pod["imagePullSecrets"] == [{"name": "web-dockercfg"}]


def test_skip_versioning_keeps_names(user_env: dict[str, str]) -> None:
    result = render([str(EXAMPLE), "--image", PRIVATE_IMAGE, "--release-number", "3", "--skip-versioning"], user_env)

    assert result.returncode == 0, result.stderr
    found = objects(result.stdout)
    assert ("ConfigMap", "web") in found
    assert ("Secret", "web") in found
    pod = found[("Deployment", "web-deployment")]["spec"]["template"]["spec"]
    assert pod["containers"][0]["envFrom"] == [{"configMapRef": {"name": "web"}}, {"secretRef": {"name": "web"}}]


def test_validate_accepts_harness_default(user_env: dict[str, str]) -> None:
    result = render([str(EXAMPLE), "--image", PRIVATE_IMAGE, "--release-number", "3", "--validate", "--kube-version", "1.34"], user_env)

    assert result.returncode == 0, result.stderr
    assert ("ConfigMap", "web-3") in objects(result.stdout)


def test_validate_reports_unquoted_true(user_env: dict[str, str], tmp_path: Path) -> None:
    service = tmp_path / "web"
    shutil.copytree(EXAMPLE, service)
    template = service / "templates" / "deployment.yaml"
    template.write_text(template.read_text().replace('harness.io/skip-versioning: "true"', "harness.io/skip-versioning: true"))

    result = render([str(service), "--image", PRIVATE_IMAGE, "--validate"], user_env)

    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "templates/deployment.yaml:" in result.stderr
    assert "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.annotations of type string" in result.stderr
    assert 'harness.io/skip-versioning: "true"' in result.stderr
    assert "hunter2" not in result.stderr


def test_kube_version_without_validate_is_rejected(user_env: dict[str, str]) -> None:
    result = render([str(EXAMPLE), "--kube-version", "1.34"], user_env)

    assert result.returncode == 2
    assert "--kube-version only applies to --validate" in result.stderr


def test_unsupported_kube_version_is_rejected(user_env: dict[str, str]) -> None:
    result = render([str(EXAMPLE), "--validate", "--kube-version", "1.9"], user_env)

    assert result.returncode == 2
    assert "Kubernetes version 1.9 is not supported" in result.stderr
    assert result.stdout == ""


def test_release_number_zero_is_rejected(user_env: dict[str, str]) -> None:
    result = render([str(EXAMPLE), "--release-number", "0"], user_env)

    assert result.returncode == 2
    assert result.stdout == ""
