import shutil
from pathlib import Path

import pytest

from tests.support.cli import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples"


@pytest.fixture
def example_copy(tmp_path):
    """Return a function that copies an example service into a temporary directory."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(EXAMPLES / name, target)
        return target

    return copy


@pytest.fixture
def empty_docker_config(tmp_path):
    """A docker config directory with no credentials, so the user's own never leak in."""
    directory = tmp_path / "docker-config"
    directory.mkdir()
    (directory / "config.json").write_text("{}")
    return directory
