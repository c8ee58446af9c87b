"""Marks every test of this folder as a cluster test.

The fixtures (``control_plane``, ``node``, ``namespace``, ``kube``) live in
tests/support/cluster.py, which tests/conftest.py registers as a plugin, so the
leak test in tests/sanitize shares the same control plane.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.cluster)
