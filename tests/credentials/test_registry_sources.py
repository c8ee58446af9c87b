"""Every credential source, end to end: ``kubeship pull-secret`` output authenticates skopeo at a real registry.

For each source the test writes the credentials where users keep them, runs
the CLI as a user does, decodes the Secret it prints and gives the payload to
``skopeo inspect --authfile``. The right password must read the image and a
wrong one must not.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.credentials.conftest import b64, write_json
from tests.support.cli import run_kubeship
from tests.support.registry import REGISTRY_USERS, TestRegistry

pytestmark = pytest.mark.registry

USER = "deploy-bot"
PASSWORD = REGISTRY_USERS[USER]
QUOTING_USER = "quoting"
REPOSITORY = "team/web:1.4.2"
SECRET_TYPES = ("dockerconfigjson", "dockercfg")


def pull_secret_payload(registry: TestRegistry, env: dict[str, str], secret_type: str, *args: str, stdin: str | None = None) -> bytes:
    result = run_kubeship(
        ["pull-secret", "--image", registry.image(*REPOSITORY.split(":")), "--type", secret_type, "-o", "json", *args],
        env=env,
        stdin=stdin,
    )
    assert result.returncode == 0, result.stderr
    secret = json.loads(result.stdout)
    data_key = f".{secret_type}"
    assert list(secret["data"]) == [data_key]
    return base64.b64decode(secret["data"][data_key])


def assert_pull_works(registry: TestRegistry, payload: bytes) -> None:
    result = registry.inspect(REPOSITORY, payload)
    assert result.ok, result.stderr


def assert_pull_rejected(registry: TestRegistry, payload: bytes) -> None:
    result = registry.inspect(REPOSITORY, payload)
    assert not result.ok
    assert "unauthorized" in result.stderr.lower() or "authentication required" in result.stderr.lower()


@pytest.mark.parametrize("secret_type", SECRET_TYPES)
def test_flags_source(registry: TestRegistry, user_env: dict, secret_type: str) -> None:
    args = ("--registry-username", USER, "--registry-password-stdin")
    assert_pull_works(registry, pull_secret_payload(registry, user_env, secret_type, *args, stdin=PASSWORD + "\n"))
    assert_pull_rejected(registry, pull_secret_payload(registry, user_env, secret_type, *args, stdin="wrong\n"))


@pytest.mark.parametrize("secret_type", SECRET_TYPES)
def test_environment_source(registry: TestRegistry, user_env: dict, secret_type: str) -> None:
    good = dict(user_env, KUBESHIP_REGISTRY_USERNAME=QUOTING_USER, KUBESHIP_REGISTRY_PASSWORD=REGISTRY_USERS[QUOTING_USER])
    assert_pull_works(registry, pull_secret_payload(registry, good, secret_type))
    wrong = dict(good, KUBESHIP_REGISTRY_PASSWORD=REGISTRY_USERS[QUOTING_USER] + "x")
    assert_pull_rejected(registry, pull_secret_payload(registry, wrong, secret_type))


@pytest.mark.parametrize(
    "key_form",
    ["{host}", "https://{host}", "http://{host}", "https://{host}/", "https://{host}/v1/", "https://{host}/v2/", "{host}/v1/"],
)
def test_docker_config_key_spellings(registry: TestRegistry, user_env: dict, key_form: str) -> None:
    key = key_form.format(host=registry.host)
    config_path = Path(user_env["DOCKER_CONFIG"]) / "config.json"
    write_json(config_path, {"auths": {key: {"auth": b64(f"{USER}:{PASSWORD}")}}})
    for secret_type in SECRET_TYPES:
        assert_pull_works(registry, pull_secret_payload(registry, user_env, secret_type))

    write_json(config_path, {"auths": {key: {"auth": b64(f"{USER}:not-the-password")}}})
    assert_pull_rejected(registry, pull_secret_payload(registry, user_env, "dockerconfigjson"))


def test_docker_config_flag_with_quoting_password(registry: TestRegistry, user_env: dict, tmp_path: Path) -> None:
    path = write_json(tmp_path / "given.json", {"auths": {registry.host: {"auth": b64(f"{QUOTING_USER}:{REGISTRY_USERS[QUOTING_USER]}")}}})
    for secret_type in SECRET_TYPES:
        assert_pull_works(registry, pull_secret_payload(registry, user_env, secret_type, "--docker-config", str(path)))


def test_auth_json_source(registry: TestRegistry, user_env: dict) -> None:
    auth_file = Path(user_env["XDG_RUNTIME_DIR"]) / "containers" / "auth.json"
    write_json(auth_file, {"auths": {f"{registry.host}/team": {"auth": b64(f"{USER}:{PASSWORD}")}}})
    for secret_type in SECRET_TYPES:
        assert_pull_works(registry, pull_secret_payload(registry, user_env, secret_type))
    write_json(auth_file, {"auths": {registry.host: {"auth": b64(f"{USER}:wrong")}}})
    assert_pull_rejected(registry, pull_secret_payload(registry, user_env, "dockercfg"))


def test_registry_auth_file_source(registry: TestRegistry, user_env: dict, tmp_path: Path) -> None:
    auth_file = write_json(tmp_path / "ci-auth.json", {"auths": {registry.host: {"auth": b64(f"{USER}:{PASSWORD}")}}})
    env = dict(user_env, REGISTRY_AUTH_FILE=str(auth_file))
    assert_pull_works(registry, pull_secret_payload(registry, env, "dockerconfigjson"))


def test_legacy_dockercfg_source(registry: TestRegistry, user_env: dict) -> None:
    legacy = Path(user_env["HOME"]) / ".dockercfg"
    write_json(legacy, {f"https://{registry.host}/v1/": {"auth": b64(f"{USER}:{PASSWORD}"), "email": "bot@example.invalid"}})
    for secret_type in SECRET_TYPES:
        assert_pull_works(registry, pull_secret_payload(registry, user_env, secret_type))
    write_json(legacy, {f"https://{registry.host}/v1/": {"auth": b64(f"{USER}:wrong")}})
    assert_pull_rejected(registry, pull_secret_payload(registry, user_env, "dockercfg"))


# --- a real credential helper: docker-credential-pass with pass and a throwaway GPG key ---


@pytest.fixture
def pass_store(user_env: dict) -> Iterator[dict[str, str]]:
    """An environment with an initialised ``pass`` store and a GPG key, all in temporary directories."""
    for command in ("docker-credential-pass", "pass", "gpg", "gpgconf"):
        if shutil.which(command) is None:
            pytest.fail(
                f"{command} not found on PATH; install with scripts/install-test-deps "
                "(or as root: apt-get install golang-docker-credential-helpers pass gnupg)",
                pytrace=False,
            )
    # gpg-agent's socket path must stay short, so GNUPGHOME lives directly under the temp directory.
    gnupg_home = Path(tempfile.mkdtemp(prefix="ksgpg-"))
    store_dir = Path(user_env["HOME"]) / ".password-store"
    env = dict(os.environ, **user_env, GNUPGHOME=str(gnupg_home), PASSWORD_STORE_DIR=str(store_dir))
    try:
        key_spec = "%no-protection\nKey-Type: eddsa\nKey-Curve: ed25519\nSubkey-Type: ecdh\nSubkey-Curve: cv25519\n"
        key_spec += "Name-Real: kubeship test\nName-Email: test@example.invalid\nExpire-Date: 0\n%commit\n"
        subprocess.run(["gpg", "--batch", "--gen-key"], input=key_spec, text=True, env=env, check=True, capture_output=True, timeout=120)
        subprocess.run(["pass", "init", "test@example.invalid"], env=env, check=True, capture_output=True, timeout=60)
        yield env
    finally:
        subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True, timeout=30)
        shutil.rmtree(gnupg_home, ignore_errors=True)


def store_in_pass(env: dict[str, str], server_url: str, username: str, secret: str) -> None:
    request = json.dumps({"ServerURL": server_url, "Username": username, "Secret": secret})
    subprocess.run(["docker-credential-pass", "store"], input=request, text=True, env=env, check=True, capture_output=True, timeout=60)


@pytest.mark.parametrize("config_field", ["credsStore", "credHelpers"])
def test_docker_credential_pass_source(registry: TestRegistry, pass_store: dict, config_field: str) -> None:
    store_in_pass(pass_store, registry.host, QUOTING_USER, REGISTRY_USERS[QUOTING_USER])
    helper_config = "pass" if config_field == "credsStore" else {registry.host: "pass"}
    config_path = Path(pass_store["DOCKER_CONFIG"]) / "config.json"
    # Docker leaves an empty auths entry as a marker when a helper keeps the secret.
    write_json(config_path, {config_field: helper_config, "auths": {registry.host: {}}})

    for secret_type in SECRET_TYPES:
        assert_pull_works(registry, pull_secret_payload(registry, pass_store, secret_type))

    store_in_pass(pass_store, registry.host, QUOTING_USER, "replaced-with-wrong")
    assert_pull_rejected(registry, pull_secret_payload(registry, pass_store, "dockerconfigjson"))


def test_docker_credential_pass_miss_explained(registry: TestRegistry, pass_store: dict) -> None:
    write_json(Path(pass_store["DOCKER_CONFIG"]) / "config.json", {"credsStore": "pass"})
    result = run_kubeship(
        ["pull-secret", "--image", registry.image("team/web", "1.4.2"), "--explain-credentials"], env=pass_store
    )
    assert result.returncode == 2
    assert "docker-credential-pass has no credentials" in result.stderr
    assert f"no credentials found for {registry.host}" in result.stderr
    assert "Traceback" not in result.stderr
