"""``--debug`` and ``--log-format`` before or after the command name."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run_kubeship


@pytest.mark.parametrize("args", [["--log-format"], ["render", "service", "--log-format"]])
def test_log_format_without_value(args: list[str]) -> None:
    result = run_kubeship(args)

    assert result.returncode == 2
    assert result.stderr == "error: missing value for --log-format (write --log-format text or --log-format json)\n"
    assert result.stdout == ""


def test_log_format_after_command(tmp_path) -> None:
    result = run_kubeship(["render", str(tmp_path / "absent"), "--log-format", "json"])

    assert result.returncode == 2
    record = json.loads(result.stderr)
    assert record["level"] == "ERROR"
    assert "service directory" in record["message"]
