"""The registry fixture: a real docker-registry that skopeo authenticates against."""

from __future__ import annotations

import json
import stat

import pytest

from tests.support.registry import (
    REGISTRY_USERS,
    TestRegistry,
    basic_auth,
    docker_config_for,
    write_oci_layout,
    write_private_file,
)

pytestmark = pytest.mark.registry


def test_session_image_readable_with_password(registry: TestRegistry) -> None:
    auth = docker_config_for(registry.host, "deploy-bot", REGISTRY_USERS["deploy-bot"])
    result = registry.inspect("team/web:1.4.2", auth)
    assert result.ok, result.stderr
    assert json.loads(result.stdout)["Digest"] == registry.images["team/web:1.4.2"]


def test_wrong_password_rejected(registry: TestRegistry) -> None:
    auth = docker_config_for(registry.host, "deploy-bot", "wrong-password")
    result = registry.inspect("team/web:1.4.2", auth)
    assert not result.ok
    assert "unauthorized" in result.stderr.lower()


def test_unknown_user_rejected(registry: TestRegistry) -> None:
    assert not registry.can_pull("team/web:1.4.2", docker_config_for(registry.host, "nobody", "x"))


def test_anonymous_pull_rejected(registry: TestRegistry) -> None:
    assert not registry.can_pull("team/web:1.4.2", None)


def test_credentials_for_other_host_unused(registry: TestRegistry) -> None:
    auth = docker_config_for("registry.example.com", "deploy-bot", REGISTRY_USERS["deploy-bot"])
    assert not registry.can_pull("team/web:1.4.2", auth)


def test_password_with_special_characters(registry: TestRegistry) -> None:
    auth = docker_config_for(registry.host, "quoting", REGISTRY_USERS["quoting"])
    assert registry.can_pull("team/web:1.4.2", auth)


def test_legacy_dockercfg_map_accepted(registry: TestRegistry) -> None:
    # A .dockercfg payload has no "auths" wrapper and uses an https:// URL as its key.
    payload = {f"https://{registry.host}/": {"auth": basic_auth("deploy-bot", REGISTRY_USERS["deploy-bot"])}}
    assert registry.can_pull("team/web:1.4.2", json.dumps(payload))


def test_missing_tag_fails(registry: TestRegistry) -> None:
    auth = docker_config_for(registry.host, "deploy-bot", REGISTRY_USERS["deploy-bot"])
    result = registry.inspect("team/web:0.0.0", auth)
    assert not result.ok
    assert "manifest unknown" in result.stderr.lower()


def test_fresh_registry_has_own_users(registry_factory) -> None:
    fresh = registry_factory(users={"ci": "ci-password"})
    fresh.push_image("solo/app", "v1")
    assert fresh.host != ""
    assert fresh.can_pull("solo/app:v1", docker_config_for(fresh.host, "ci", "ci-password"))
    assert not fresh.can_pull("solo/app:v1", docker_config_for(fresh.host, "deploy-bot", REGISTRY_USERS["deploy-bot"]))


def test_registry_process_stops(registry_factory) -> None:
    fresh = registry_factory()
    process = fresh.process
    fresh.stop()
    assert process.poll() is not None


def test_private_file_mode(tmp_path) -> None:
    path = write_private_file(tmp_path / "auth.json", "{}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_oci_layout_blobs_match_digests(tmp_path) -> None:
    import hashlib

    manifest_digest = write_oci_layout(tmp_path, "v1")
    blob_dir = tmp_path / "blobs" / "sha256"
    for blob in blob_dir.iterdir():
        assert hashlib.sha256(blob.read_bytes()).hexdigest() == blob.name
    index = json.loads((tmp_path / "index.json").read_text())
    assert index["manifests"][0]["digest"] == manifest_digest
