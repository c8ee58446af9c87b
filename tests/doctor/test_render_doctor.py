"""``kubeship render --doctor``: the manifests on stdout, the pull prediction on stderr."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support.cli import REPO_ROOT, run_kubeship

EXAMPLE = str(REPO_ROOT / "examples" / "harness-default")


def _render(args: list[str], tmp_path: Path):
    config_dir = tmp_path / "docker-config"
    config_dir.mkdir()
    (config_dir / "config.json").write_text("{}")
    env = {"DOCKER_CONFIG": str(config_dir), "HOME": str(config_dir)}
    return run_kubeship(["render", *args, "--registry-password-stdin", "--doctor"], stdin="render-doctor-pw", env=env)


def test_render_doctor_predicts_the_generated_pull_secret(tmp_path: Path) -> None:
    result = _render([EXAMPLE, "--image", "registry.example.com/team/web:1.4.2", "--registry-username", "deploy-bot"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert any(doc["kind"] == "Secret" for doc in yaml.safe_load_all(result.stdout) if doc)
    assert "web-dockercfg" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "1 ok"
    assert "render-doctor-pw" not in result.stderr


def test_render_doctor_with_a_registry_port(tmp_path: Path) -> None:
    image = "registry.example.com:5000/team/web:1.4.2"

    result = _render([EXAMPLE, "--image", image, "--registry-username", "deploy-bot"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert "web-dockercfg" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "1 ok"
