"""Pull secret payloads, Secret objects and expiry warnings."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from kubeship.credentials import Credential, CredentialError, expiry_warning
from kubeship.pullsecret import (
    DOCKERCFG,
    DOCKERCONFIGJSON,
    build_pull_secret,
    dockercfg_for_image,
    dockerconfigjson_for_image,
    payload_for,
)

NOW = dt.datetime(2024, 6, 5, 12, 0, 0, tzinfo=dt.timezone.utc)
EXOTIC = 'q"uo\\te $HOME:colon\nnewline %s ü€'


def credential(scope: str = "registry.example.com:5000", password: str = "pw", **fields) -> Credential:
    return Credential(scope=scope, username=fields.pop("username", "deploy-bot"), password=password, source="test", **fields)


def decoded(value: str) -> dict:
    return json.loads(base64.b64decode(value))


def test_dockercfg_legacy_map() -> None:
    payload = decoded(payload_for([credential(password=EXOTIC)], DOCKERCFG))
    entry = payload["https://registry.example.com:5000/"]
    assert list(payload) == ["https://registry.example.com:5000/"]
    assert entry["username"] == "deploy-bot"
    assert entry["password"] == EXOTIC
    assert base64.b64decode(entry["auth"]).decode() == f"deploy-bot:{EXOTIC}"


def test_dockerconfigjson_auths() -> None:
    payload = decoded(payload_for([credential(password=EXOTIC)], DOCKERCONFIGJSON))
    entry = payload["auths"]["registry.example.com:5000"]
    assert entry["password"] == EXOTIC
    assert set(entry) == {"username", "password", "auth"}


def test_docker_hub_keys() -> None:
    hub = credential(scope="docker.io")
    assert list(decoded(payload_for([hub], DOCKERCFG))) == ["https://index.docker.io/v1/"]
    assert list(decoded(payload_for([hub], DOCKERCONFIGJSON))["auths"]) == ["https://index.docker.io/v1/"]


def test_namespace_scope_keys() -> None:
    scoped = credential(scope="quay.io/org")
    assert list(decoded(payload_for([scoped], DOCKERCFG))) == ["https://quay.io/org"]
    assert list(decoded(payload_for([scoped], DOCKERCONFIGJSON))["auths"]) == ["quay.io/org"]


def test_identity_token_only_at_acr() -> None:
    acr = credential(scope="myreg.azurecr.io", password="", identity_token="refresh", username="")
    entry = decoded(payload_for([acr], DOCKERCONFIGJSON))["auths"]["myreg.azurecr.io"]
    assert entry["username"] == "00000000-0000-0000-0000-000000000000"
    assert entry["password"] == "refresh"
    other = credential(password="", identity_token="refresh")
    with pytest.raises(CredentialError, match="identity token"):
        payload_for([other], DOCKERCONFIGJSON)


def test_conflicting_credentials_for_one_key() -> None:
    with pytest.raises(CredentialError, match="two different credentials"):
        payload_for([credential(password="a"), credential(password="b")], DOCKERCONFIGJSON)


def test_secret_object_and_expiry_annotation() -> None:
    expiring = credential(expires_at=NOW + dt.timedelta(hours=12))
    secret = build_pull_secret([expiring], name="web-pull", namespace="apps", payload_type=DOCKERCFG)
    assert secret["type"] == "kubernetes.io/dockercfg"
    assert list(secret["data"]) == [".dockercfg"]
    assert secret["metadata"] == {
        "name": "web-pull",
        "namespace": "apps",
        "annotations": {"kubeship.io/credentials-expire-at": "2024-06-06T00:00:00Z"},
    }


def test_secret_without_expiry_has_no_annotation() -> None:
    secret = build_pull_secret([credential()], name="web-pull")
    assert "annotations" not in secret["metadata"]
    assert secret["type"] == "kubernetes.io/dockerconfigjson"


def test_render_payloads_empty_without_credentials(tmp_path) -> None:
    from kubeship.credentials import CredentialOptions

    options = CredentialOptions(environ={"HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path)}, home=tmp_path)
    assert dockercfg_for_image("registry.example.com/web:1", options) == ""
    assert dockerconfigjson_for_image("registry.example.com/web:1", options) == ""


def test_render_payloads_with_credentials(tmp_path) -> None:
    from kubeship.credentials import CredentialOptions

    options = CredentialOptions(username="u", password=EXOTIC, environ={"HOME": str(tmp_path)}, home=tmp_path)
    payload = decoded(dockercfg_for_image("registry.example.com/web:1", options))
    assert payload["https://registry.example.com/"]["password"] == EXOTIC


def test_expiry_warning_when_expired() -> None:
    expired = credential(expires_at=NOW - dt.timedelta(minutes=5))
    warning = expiry_warning(expired, NOW, dt.timedelta(minutes=10))
    assert "expired at 2024-06-05T11:55:00Z" in warning
    assert "docker login" in warning


def test_expiry_warning_within_timeout() -> None:
    soon = credential(expires_at=NOW + dt.timedelta(minutes=4))
    warning = expiry_warning(soon, NOW, dt.timedelta(minutes=10))
    assert "in 4 min" in warning
    assert "10 min timeout" in warning


def test_no_expiry_warning_when_valid_long_enough() -> None:
    later = credential(expires_at=NOW + dt.timedelta(minutes=11))
    assert expiry_warning(later, NOW, dt.timedelta(minutes=10)) is None
    assert expiry_warning(credential(), NOW, dt.timedelta(minutes=10)) is None


def test_jwt_password_sets_expiry(tmp_path) -> None:
    from kubeship.credentials import CredentialOptions, credential_for

    claims = base64.urlsafe_b64encode(json.dumps({"exp": int(NOW.timestamp())}).encode()).decode().rstrip("=")
    token = f"eyJhbGciOiJub25lIn0.{claims}.signature"
    options = CredentialOptions(username="u", password=token, environ={"HOME": str(tmp_path)}, home=tmp_path)
    # Explicit options carry no expiry; the same token in a docker config does.
    assert credential_for("registry.example.com/web", options).credential.expires_at is None
    config = tmp_path / ".docker" / "config.json"
    config.parent.mkdir()
    auth = base64.b64encode(f"u:{token}".encode()).decode()
    config.write_text(json.dumps({"auths": {"registry.example.com": {"auth": auth}}}))
    options = CredentialOptions(environ={"HOME": str(tmp_path)}, home=tmp_path)
    assert credential_for("registry.example.com/web", options).credential.expires_at == NOW
