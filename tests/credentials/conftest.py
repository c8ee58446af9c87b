"""Fixtures for credential tests: an empty home and environment, and helper executables."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from kubeship.credentials import CredentialOptions


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    directory = tmp_path / "home"
    directory.mkdir()
    return directory


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "bin"
    directory.mkdir()
    return directory


@pytest.fixture
def environ(home: Path, bin_dir: Path, tmp_path: Path) -> dict[str, str]:
    """An environment with nothing in it that names credentials."""
    return {
        "HOME": str(home),
        "PATH": f"{bin_dir}{os.pathsep}/usr/bin:/bin",
        "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "KUBESHIP_CLOUD_SDK": "off",
    }


@pytest.fixture
def user_env(tmp_path: Path) -> dict[str, str]:
    """Variables for a kubeship subprocess whose home, docker config and containers paths are empty directories."""
    user_home = tmp_path / "user-home"
    user_home.mkdir()
    return {
        "HOME": str(user_home),
        "DOCKER_CONFIG": str(user_home / ".docker"),
        "XDG_RUNTIME_DIR": str(tmp_path / "user-runtime"),
        "XDG_CONFIG_HOME": str(user_home / ".config"),
        "REGISTRY_AUTH_FILE": "",
    }


@pytest.fixture
def options(environ: dict[str, str], home: Path) -> CredentialOptions:
    return CredentialOptions(environ=environ, home=home)


def write_json(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def write_docker_config(home: Path, data) -> Path:
    return write_json(home / ".docker" / "config.json", data)


def write_helper(bin_dir: Path, name: str, script: str) -> Path:
    """Write an executable ``docker-credential-<name>`` shell script."""
    path = bin_dir / f"docker-credential-{name}"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path
