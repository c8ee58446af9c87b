"""``kubeship pull-secret`` as a user runs it: options, errors and output forms."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml

from tests.credentials.conftest import b64, write_json
from tests.support.cli import run_kubeship
from tests.support.registry import REGISTRY_USERS, TestRegistry


def decoded_data(secret: dict) -> dict:
    (value,) = secret["data"].values()
    return json.loads(base64.b64decode(value))


def test_from_docker_config_one_secret_for_all_registries(user_env: dict) -> None:
    write_json(Path(user_env["DOCKER_CONFIG"]) / "config.json", {"auths": {
        "a.example.com": {"auth": b64("alice:pa")},
        "https://b.example.com:5000/": {"auth": b64("bob:pb")},
        "unused.example.com": {"auth": b64("eve:pe")},
    }})
    user_env.update(KUBESHIP_REGISTRY_USERNAME="ignored", KUBESHIP_REGISTRY_PASSWORD="ignored")
    result = run_kubeship(
        ["pull-secret", "--from-docker-config", "--image", "a.example.com/x:1", "--image", "b.example.com:5000/y:2",
         "--image", "a.example.com/z:3", "--image", "public.example.com/p:1", "--name", "all", "-o", "json"],
        env=user_env,
    )
    assert result.returncode == 0, result.stderr
    auths = decoded_data(json.loads(result.stdout))["auths"]
    assert sorted(auths) == ["a.example.com", "b.example.com:5000"]
    assert auths["a.example.com"]["username"] == "alice"
    assert auths["b.example.com:5000"]["password"] == "pb"
    assert "public.example.com/p:1 is left out" in result.stderr


def test_missing_credentials_exit_code_and_hint(user_env: dict) -> None:
    result = run_kubeship(["pull-secret", "--image", "registry.example.com/web:1"], env=user_env)
    assert result.returncode == 2
    assert "no credentials found for registry.example.com" in result.stderr
    assert "--explain-credentials" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_empty_password_stdin_is_error(user_env: dict) -> None:
    result = run_kubeship(
        ["pull-secret", "--registry", "registry.example.com", "--registry-username", "u", "--registry-password-stdin"],
        stdin="",
        env=user_env,
    )
    assert result.returncode == 2
    assert "standard input was empty" in result.stderr


def test_password_argument_rejected_and_not_echoed(user_env: dict) -> None:
    result = run_kubeship(
        ["pull-secret", "--registry", "registry.example.com", "--registry-username", "u", "--registry-password", "hunter2-visible"],
        env=user_env,
    )
    assert result.returncode == 2
    assert "never accepted as a command-line argument" in result.stderr
    assert "hunter2-visible" not in result.stderr
    assert result.stdout == ""


def test_explain_credentials_masks_password(user_env: dict) -> None:
    password = "Sup3r-Secret-Value"
    write_json(Path(user_env["DOCKER_CONFIG"]) / "config.json", {"auths": {"registry.example.com": {"auth": b64(f"bot:{password}")}}})
    result = run_kubeship(["pull-secret", "--registry", "registry.example.com", "--explain-credentials"], env=user_env)
    assert result.returncode == 0, result.stderr
    assert "auths['registry.example.com']" in result.stderr
    assert password not in result.stderr
    assert b64(f"bot:{password}") not in result.stderr
    # Into a pipe the Secret carries the real payload, so it can be applied.
    assert decoded_data(yaml.safe_load(result.stdout))["auths"]["registry.example.com"]["password"] == password


def test_invalid_config_reports_file_line_column(user_env: dict) -> None:
    path = Path(user_env["DOCKER_CONFIG"]) / "config.json"
    write_json(path, '{"auths": {"registry.example.com": {"auth": "eA=="},}}')
    result = run_kubeship(["pull-secret", "--registry", "registry.example.com"], env=user_env)
    assert result.returncode == 2
    assert f"{path}:1:" in result.stderr
    assert "not valid JSON" in result.stderr
    assert result.stderr.count(str(path)) == 1


def test_invalid_image_reference(user_env: dict) -> None:
    result = run_kubeship(["pull-secret", "--image", "Registry.example.com/Team/web"], env=user_env)
    assert result.returncode == 2
    assert "repository name (Team/web) must be lowercase" in result.stderr


def test_invalid_type_and_output(user_env: dict) -> None:
    base = ["pull-secret", "--registry", "r.example.com", "--registry-username", "u", "--registry-password-stdin"]
    assert "invalid --type" in run_kubeship([*base, "--type", "opaque"], stdin="p", env=user_env).stderr
    assert "invalid --output" in run_kubeship([*base, "-o", "xml"], stdin="p", env=user_env).stderr


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--name", "Web_Pull", "invalid --name 'Web_Pull': a lowercase RFC 1123 subdomain"),
        ("-n", "team.apps", "invalid -n/--namespace 'team.apps': must not contain dots"),
    ],
)
def test_invalid_secret_name_or_namespace(user_env: dict, option: str, value: str, message: str) -> None:
    result = run_kubeship(
        ["pull-secret", "--registry", "r.example.com", "--registry-username", "u", "--registry-password-stdin",
         option, value],
        stdin="p", env=user_env,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_missing_credentials_hint_when_explained(user_env: dict) -> None:
    result = run_kubeship(["pull-secret", "--registry", "r.example.com", "--explain-credentials"], env=user_env)
    assert result.returncode == 2
    assert "no credentials found for r.example.com" in result.stderr
    assert "run with --explain-credentials" not in result.stderr


def test_default_name_from_registry(user_env: dict) -> None:
    result = run_kubeship(
        ["pull-secret", "--registry", "Registry.Example.com:5000", "--registry-username", "u", "--registry-password-stdin"],
        stdin="p", env=user_env,
    )
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout)["metadata"]["name"] == "registry.example.com-5000-pull"


@pytest.mark.registry
def test_ghcr_token_on_declared_registry(registry: TestRegistry, user_env: dict) -> None:
    # A registry declared as GHCR takes its credentials from GITHUB_TOKEN and GITHUB_ACTOR.
    env = dict(user_env, KUBESHIP_REGISTRY_KINDS=f"{registry.host}=ghcr", GITHUB_ACTOR="deploy-bot",
               GITHUB_TOKEN=REGISTRY_USERS["deploy-bot"], KUBESHIP_CLOUD_SDK="on")
    result = run_kubeship(["pull-secret", "--image", registry.image("team/web", "1.4.2"), "-o", "json"], env=env)
    assert result.returncode == 0, result.stderr
    payload = base64.b64decode(json.loads(result.stdout)["data"][".dockerconfigjson"])
    assert registry.can_pull("team/web:1.4.2", payload)

    env["GITHUB_TOKEN"] = "not-the-token"
    result = run_kubeship(["pull-secret", "--image", registry.image("team/web", "1.4.2"), "-o", "json"], env=env)
    payload = base64.b64decode(json.loads(result.stdout)["data"][".dockerconfigjson"])
    assert not registry.can_pull("team/web:1.4.2", payload)
