"""Credential helpers, containers auth.json files and the legacy ~/.dockercfg."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kubeship.credentials import CredentialError, CredentialOptions, credential_for
from tests.credentials.conftest import b64, write_docker_config, write_helper, write_json

IMAGE = "registry.example.com:5000/team/web:1.4.2"
HOST = "registry.example.com:5000"

# A helper that records its arguments and standard input, then prints a prepared JSON reply.
RECORDING_HELPER = """
printf '%s\\n' "$@" > "$(dirname "$0")/args.txt"
cat > "$(dirname "$0")/stdin.txt"
cat "$(dirname "$0")/reply.json"
"""


def test_cred_helper_gets_url_on_stdin(options: CredentialOptions, home: Path, bin_dir: Path) -> None:
    write_helper(bin_dir, "rec", RECORDING_HELPER)
    write_json(bin_dir / "reply.json", {"ServerURL": HOST, "Username": "helper-user", "Secret": "helper-secret"})
    write_docker_config(home, {"credHelpers": {HOST: "rec"}, "auths": {HOST: {"auth": b64("file:pw")}}})
    lookup = credential_for(IMAGE, options)
    assert lookup.credential.username == "helper-user"
    assert lookup.credential.password == "helper-secret"
    assert (bin_dir / "args.txt").read_text() == "get\n"
    assert (bin_dir / "stdin.txt").read_text() == HOST
    assert "credHelpers" in lookup.credential.source


def test_docker_hub_helper_gets_index_url(options: CredentialOptions, home: Path, bin_dir: Path) -> None:
    write_helper(bin_dir, "rec", RECORDING_HELPER)
    write_json(bin_dir / "reply.json", {"ServerURL": "x", "Username": "hub", "Secret": "pw"})
    write_docker_config(home, {"credsStore": "rec"})
    assert credential_for("nginx", options).credential.username == "hub"
    assert (bin_dir / "stdin.txt").read_text() == "https://index.docker.io/v1/"


def test_token_username_becomes_identity_token(options: CredentialOptions, home: Path, bin_dir: Path) -> None:
    write_helper(bin_dir, "rec", RECORDING_HELPER)
    write_json(bin_dir / "reply.json", {"ServerURL": HOST, "Username": "<token>", "Secret": "refresh-me"})
    write_docker_config(home, {"credsStore": "rec"})
    credential = credential_for(IMAGE, options).credential
    assert credential.identity_token == "refresh-me"
    assert credential.username == ""
    assert credential.password == ""


def test_helper_not_found_message_is_miss(options: CredentialOptions, home: Path, bin_dir: Path) -> None:
    write_helper(bin_dir, "empty", "cat >/dev/null\necho 'credentials not found in native keychain'\nexit 1\n")
    write_docker_config(home, {"credsStore": "empty", "auths": {HOST: {}}})
    lookup = credential_for(IMAGE, options)
    assert lookup.credential is None
    explanation = lookup.explain()
    assert "docker-credential-empty has no credentials" in explanation
    assert "marker" in explanation


def test_cred_helper_miss_falls_back_to_auths(options: CredentialOptions, home: Path, bin_dir: Path) -> None:
    write_helper(bin_dir, "empty", "cat >/dev/null\necho 'credentials not found in native keychain'\nexit 1\n")
    write_docker_config(home, {"credHelpers": {HOST: "empty"}, "auths": {HOST: {"auth": b64("file:pw")}}})
    assert credential_for(IMAGE, options).credential.username == "file"


def test_failing_helper_is_error_naming_it(options: CredentialOptions, home: Path, bin_dir: Path) -> None:
    write_helper(bin_dir, "broken", "cat >/dev/null\necho 'error: keychain locked'\nexit 3\n")
    write_docker_config(home, {"credsStore": "broken"})
    with pytest.raises(CredentialError) as raised:
        credential_for(IMAGE, options)
    message = str(raised.value)
    assert "docker-credential-broken" in message
    assert "exit code 3" in message
    assert "keychain locked" in message


def test_hanging_helper_times_out(options: CredentialOptions, home: Path, bin_dir: Path) -> None:
    # The helper starts a child that also sleeps, so the whole process group must be ended.
    write_helper(bin_dir, "hang", "sleep 60 &\nsleep 60\n")
    write_docker_config(home, {"credsStore": "hang"})
    options.helper_timeout = 1.0
    started = time.monotonic()
    with pytest.raises(CredentialError, match="timed out after 1 s"):
        credential_for(IMAGE, options)
    assert time.monotonic() - started < 10


def test_missing_helper_is_error(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"credsStore": "nonexistent-helper"})
    with pytest.raises(CredentialError, match="docker-credential-nonexistent-helper not found"):
        credential_for(IMAGE, options)


def test_helper_invalid_json_not_echoed(options: CredentialOptions, home: Path, bin_dir: Path) -> None:
    write_helper(bin_dir, "garbled", "cat >/dev/null\necho 'Secret=hunter2-garbled'\n")
    write_docker_config(home, {"credsStore": "garbled"})
    with pytest.raises(CredentialError) as raised:
        credential_for(IMAGE, options)
    assert "invalid JSON" in str(raised.value)
    assert "hunter2" not in str(raised.value)


def test_auth_json_namespace_keys_most_specific(options: CredentialOptions, environ: dict) -> None:
    auth_file = Path(environ["XDG_RUNTIME_DIR"]) / "containers" / "auth.json"
    write_json(auth_file, {"auths": {
        HOST: {"auth": b64("host-user:1")},
        f"{HOST}/team": {"auth": b64("team-user:2")},
        f"{HOST}/team/web": {"auth": b64("repo-user:3")},
    }})
    credential = credential_for(IMAGE, options).credential
    assert credential.username == "repo-user"
    assert credential.scope == f"{HOST}/team/web"
    other = credential_for(f"{HOST}/team/api:1", options).credential
    assert other.username == "team-user"
    assert other.scope == f"{HOST}/team"
    assert credential_for(f"{HOST}/else/app", options).credential.username == "host-user"


def test_auth_json_ignores_username_fields(options: CredentialOptions, environ: dict) -> None:
    auth_file = Path(environ["XDG_RUNTIME_DIR"]) / "containers" / "auth.json"
    write_json(auth_file, {"auths": {HOST: {"username": "u", "password": "p"}}})
    lookup = credential_for(IMAGE, options)
    assert lookup.credential is None
    assert "entry has no auth value" in lookup.explain()


def test_auth_json_url_key_normalized(options: CredentialOptions, environ: dict) -> None:
    auth_file = Path(environ["XDG_CONFIG_HOME"]) / "containers" / "auth.json"
    write_json(auth_file, {"auths": {"https://index.docker.io/v1/": {"auth": b64("hub:pw")}}})
    assert credential_for("nginx", options).credential.username == "hub"


def test_auth_json_docker_io_key_for_docker_hub(options: CredentialOptions, environ: dict) -> None:
    auth_file = Path(environ["XDG_CONFIG_HOME"]) / "containers" / "auth.json"
    write_json(auth_file, {"auths": {"docker.io": {"auth": b64("hub:pw")}}})
    assert credential_for("team/web", options).credential.username == "hub"


def test_registry_auth_file_replaces_default_paths(options: CredentialOptions, environ: dict, tmp_path: Path) -> None:
    write_json(Path(environ["XDG_RUNTIME_DIR"]) / "containers" / "auth.json", {"auths": {HOST: {"auth": b64("runtime:1")}}})
    explicit = write_json(tmp_path / "explicit-auth.json", {"auths": {HOST: {"auth": b64("explicit:2")}}})
    options.environ["REGISTRY_AUTH_FILE"] = str(explicit)
    assert credential_for(IMAGE, options).credential.username == "explicit"


def test_runtime_auth_file_before_config_home(options: CredentialOptions, environ: dict) -> None:
    write_json(Path(environ["XDG_RUNTIME_DIR"]) / "containers" / "auth.json", {"auths": {HOST: {"auth": b64("runtime:1")}}})
    write_json(Path(environ["XDG_CONFIG_HOME"]) / "containers" / "auth.json", {"auths": {HOST: {"auth": b64("config:2")}}})
    assert credential_for(IMAGE, options).credential.username == "runtime"


def test_docker_config_before_auth_json(options: CredentialOptions, environ: dict, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {"auth": b64("docker:1")}}})
    write_json(Path(environ["XDG_RUNTIME_DIR"]) / "containers" / "auth.json", {"auths": {HOST: {"auth": b64("podman:2")}}})
    assert credential_for(IMAGE, options).credential.username == "docker"


def test_legacy_dockercfg(options: CredentialOptions, home: Path) -> None:
    write_json(home / ".dockercfg", {f"https://{HOST}/v1/": {"auth": b64("legacy:pw"), "email": "a@example.com"}})
    lookup = credential_for(IMAGE, options)
    assert lookup.credential.username == "legacy"
    assert ".dockercfg" in lookup.credential.source


def test_legacy_dockercfg_malformed_is_error(options: CredentialOptions, home: Path) -> None:
    write_json(home / ".dockercfg", "{not json")
    with pytest.raises(CredentialError, match=r"\.dockercfg:1:2: not valid JSON"):
        credential_for(IMAGE, options)


def test_sources_limit(options: CredentialOptions, home: Path) -> None:
    from kubeship.credentials import DOCKER_CONFIG

    write_json(home / ".dockercfg", {HOST: {"auth": b64("legacy:pw")}})
    options.environ.update(KUBESHIP_REGISTRY_USERNAME="env", KUBESHIP_REGISTRY_PASSWORD="pw")
    options.sources = frozenset({DOCKER_CONFIG})
    assert credential_for(IMAGE, options).credential is None
