"""Credentials from options, the environment and docker config.json."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from kubeship.credentials import CredentialError, CredentialOptions, credential_for, target_for_registry
from tests.credentials.conftest import b64, write_docker_config, write_json

IMAGE = "registry.example.com:5000/team/web:1.4.2"
HOST = "registry.example.com:5000"


def test_options_win_over_environment(options: CredentialOptions) -> None:
    options.username, options.password = "flag-user", "flag-pass"
    options.environ.update(KUBESHIP_REGISTRY_USERNAME="env-user", KUBESHIP_REGISTRY_PASSWORD="env-pass")
    credential = credential_for(IMAGE, options).credential
    assert credential.username == "flag-user"
    assert credential.password == "flag-pass"
    assert credential.scope == HOST


def test_environment_wins_over_docker_config(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {"auth": b64("file-user:file-pass")}}})
    options.environ.update(KUBESHIP_REGISTRY_USERNAME="env-user", KUBESHIP_REGISTRY_PASSWORD="env-pass")
    assert credential_for(IMAGE, options).credential.username == "env-user"


def test_username_without_password_is_error(options: CredentialOptions) -> None:
    options.username = "flag-user"
    with pytest.raises(CredentialError, match="without a password"):
        credential_for(IMAGE, options)


def test_stdin_password_with_environment_username(options: CredentialOptions) -> None:
    options.password = "stdin-pass"
    options.environ["KUBESHIP_REGISTRY_USERNAME"] = "env-user"
    credential = credential_for(IMAGE, options).credential
    assert (credential.username, credential.password) == ("env-user", "stdin-pass")


@pytest.mark.parametrize(
    "present, missing",
    [
        ("KUBESHIP_REGISTRY_USERNAME", "KUBESHIP_REGISTRY_PASSWORD"),
        ("KUBESHIP_REGISTRY_PASSWORD", "KUBESHIP_REGISTRY_USERNAME"),
    ],
)
def test_half_environment_is_error(options: CredentialOptions, present: str, missing: str) -> None:
    options.environ[present] = "set-value"
    with pytest.raises(CredentialError, match=f"^{present} is set but {missing} is not"):
        credential_for(IMAGE, options)


@pytest.mark.parametrize(
    "key",
    [
        HOST,
        f"https://{HOST}",
        f"http://{HOST}",
        f"https://{HOST}/",
        f"https://{HOST}/v1/",
        f"https://{HOST}/v2/",
        f"{HOST}/v1/",
        f"https://user@{HOST}/",
    ],
)
def test_auths_key_spellings(options: CredentialOptions, home: Path, key: str) -> None:
    write_docker_config(home, {"auths": {key: {"auth": b64("deploy-bot:pw")}}})
    credential = credential_for(IMAGE, options).credential
    assert credential is not None
    assert credential.password == "pw"
    assert credential.scope == HOST


@pytest.mark.parametrize("key", ["registry.example.com", "registry.example.com:5001", "https://registry.example.com/", "example.com:5000"])
def test_auths_key_for_other_host_unused(options: CredentialOptions, home: Path, key: str) -> None:
    write_docker_config(home, {"auths": {key: {"auth": b64("deploy-bot:pw")}}})
    assert credential_for(IMAGE, options).credential is None


def test_exact_key_wins_over_url_key(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {f"https://{HOST}/": {"auth": b64("url:1")}, HOST: {"auth": b64("exact:2")}}})
    assert credential_for(IMAGE, options).credential.username == "exact"


def test_several_url_keys_warn(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {f"https://{HOST}/": {"auth": b64("a:1")}, f"http://{HOST}": {"auth": b64("b:2")}}})
    lookup = credential_for(IMAGE, options)
    assert lookup.credential.username == "b"
    assert any("several auths keys" in warning for warning in lookup.warnings)


def test_docker_hub_key_is_index_v1(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {"https://index.docker.io/v1/": {"auth": b64("hub-user:pw")}}})
    for image in ("nginx", "docker.io/team/web", "index.docker.io/team/web:1"):
        credential = credential_for(image, options).credential
        assert credential.username == "hub-user"
        assert credential.scope == "docker.io"


def test_docker_hub_under_docker_io_key_explained(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {"docker.io": {"auth": b64("hub-user:pw")}}})
    lookup = credential_for("nginx", options)
    assert lookup.credential is None
    assert "only under 'https://index.docker.io/v1/'" in lookup.explain()


def test_registry_1_docker_io_is_not_docker_hub(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {"https://index.docker.io/v1/": {"auth": b64("hub-user:pw")}}})
    assert credential_for("registry-1.docker.io/team/web", options).credential is None


def test_auth_wins_over_username_and_password(options: CredentialOptions, home: Path) -> None:
    entry = {"auth": b64("from-auth:secret-a"), "username": "field-user", "password": "field-pass"}
    write_docker_config(home, {"auths": {HOST: entry}})
    credential = credential_for(IMAGE, options).credential
    assert (credential.username, credential.password) == ("from-auth", "secret-a")


def test_username_and_password_fields_without_auth(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {"username": "u", "password": "p"}}})
    credential = credential_for(IMAGE, options).credential
    assert (credential.username, credential.password) == ("u", "p")


def test_password_split_at_first_colon(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {"auth": b64("user:pa:ss:word")}}})
    assert credential_for(IMAGE, options).credential.password == "pa:ss:word"


def test_identity_token_kept(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {"auth": b64("user:"), "identitytoken": "refresh-token"}}})
    credential = credential_for(IMAGE, options).credential
    assert credential.identity_token == "refresh-token"
    assert credential.password == ""


def test_registry_token_only_is_error(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {"registrytoken": "bearer"}}})
    with pytest.raises(CredentialError, match="registrytoken"):
        credential_for(IMAGE, options)


def test_docker_config_variable(options: CredentialOptions, tmp_path: Path) -> None:
    write_json(tmp_path / "dc" / "config.json", {"auths": {HOST: {"auth": b64("dc-user:pw")}}})
    options.environ["DOCKER_CONFIG"] = str(tmp_path / "dc")
    lookup = credential_for(IMAGE, options)
    assert lookup.credential.username == "dc-user"
    assert str(tmp_path / "dc" / "config.json") in lookup.credential.source


def test_explicit_docker_config_file_and_directory(options: CredentialOptions, tmp_path: Path) -> None:
    path = write_json(tmp_path / "given" / "config.json", {"auths": {HOST: {"auth": b64("given:pw")}}})
    options.docker_config = path
    assert credential_for(IMAGE, options).credential.username == "given"
    options.docker_config = path.parent
    assert credential_for(IMAGE, options).credential.username == "given"


def test_explicit_docker_config_missing_is_error(options: CredentialOptions, tmp_path: Path) -> None:
    options.docker_config = tmp_path / "missing.json"
    with pytest.raises(CredentialError, match="does not exist"):
        credential_for(IMAGE, options)


def test_docker_auth_config_first(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {"auth": b64("file:pw")}}})
    options.environ["DOCKER_AUTH_CONFIG"] = json.dumps({"auths": {HOST: {"auth": b64("env:pw")}}})
    assert credential_for(IMAGE, options).credential.username == "env"


def test_docker_auth_config_exact_key_only(options: CredentialOptions) -> None:
    options.environ["DOCKER_AUTH_CONFIG"] = json.dumps({"auths": {f"https://{HOST}/": {"auth": b64("env:pw")}}})
    lookup = credential_for(IMAGE, options)
    assert lookup.credential is None
    assert "DOCKER_AUTH_CONFIG" in lookup.explain()


def test_config_not_json_names_line_and_column(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, '{"auths": {\n  "x": }\n}')
    with pytest.raises(CredentialError) as raised:
        credential_for(IMAGE, options)
    assert raised.value.position.line == 2
    assert raised.value.position.column == 8
    assert "not valid JSON" in str(raised.value)


def test_empty_config_warns(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, "")
    lookup = credential_for(IMAGE, options)
    assert lookup.credential is None
    assert any("is empty" in warning for warning in lookup.warnings)


def test_base64_config_decoded_once(options: CredentialOptions, home: Path) -> None:
    config = json.dumps({"auths": {HOST: {"auth": b64("b64-user:pw")}}})
    write_docker_config(home, base64.b64encode(config.encode()).decode() + "\n")
    lookup = credential_for(IMAGE, options)
    assert lookup.credential.username == "b64-user"
    assert any("decoded it once" in warning for warning in lookup.warnings)


def test_auths_as_string_is_error(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": "registry.example.com"})
    with pytest.raises(CredentialError, match='"auths" must be a JSON object'):
        credential_for(IMAGE, options)


def test_top_level_array_is_error(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, "[]")
    with pytest.raises(CredentialError, match="must contain a JSON object, not an array"):
        credential_for(IMAGE, options)


def test_entry_without_credentials_or_helper_is_error(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {}}})
    with pytest.raises(CredentialError) as raised:
        credential_for(IMAGE, options)
    message = str(raised.value)
    assert HOST in message
    assert "docker login" in message


def test_invalid_auth_base64_is_error(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {"auth": "not base64!"}}})
    with pytest.raises(CredentialError, match="not valid base64"):
        credential_for(IMAGE, options)


@pytest.mark.parametrize("decoded", ["no-colon", ":password-only"])
def test_auth_without_username_is_error(options: CredentialOptions, home: Path, decoded: str) -> None:
    write_docker_config(home, {"auths": {HOST: {"auth": b64(decoded)}}})
    with pytest.raises(CredentialError, match="username:password"):
        credential_for(IMAGE, options)


def test_malformed_entry_of_other_registry_ignored(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {"other.example.com": {"auth": "@@@"}, HOST: {"auth": b64("u:p")}}})
    assert credential_for(IMAGE, options).credential.username == "u"


def test_exotic_password_byte_for_byte(options: CredentialOptions, home: Path) -> None:
    password = 'q"uo\\te$HOME:colon\nnewline\ttab ü€ \x7f'
    write_docker_config(home, {"auths": {HOST: {"auth": b64("u:" + password)}}})
    assert credential_for(IMAGE, options).credential.password == password


def test_target_for_registry_spellings() -> None:
    assert target_for_registry("https://index.docker.io/v1/").host == "docker.io"
    assert target_for_registry("index.docker.io").host == "docker.io"
    assert target_for_registry("https://registry.example.com:5000/v2/").host == HOST
    with pytest.raises(Exception, match="invalid registry"):
        target_for_registry("not a host")


def test_explain_masks_secrets(options: CredentialOptions, home: Path) -> None:
    write_docker_config(home, {"auths": {HOST: {"auth": b64("deploy-bot:TopSecret123")}}})
    text = credential_for(IMAGE, options).explain()
    assert "TopSecret123" not in text
    assert b64("deploy-bot:TopSecret123") not in text
    assert "password ***" in text
