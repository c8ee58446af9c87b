"""``kubeship doctor`` on the manifest fixtures: verdicts, credentials and wiring findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import run_kubeship

HERE = Path(__file__).parent
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "data" / "wiring_cases.yaml").read_text())["cases"]


def _credential(source: dict[str, Any]) -> str:
    if source["existing"]:
        return f"{source['secret']} (existing)"
    return f"{source['secret']} {source['key']}"


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{case['fixture']}{' ' + ' '.join(case['args']) if 'args' in case else ''}" for case in CASES]
)
def test_doctor_fixture(case: dict[str, Any]) -> None:
    result = run_kubeship(["doctor", "--output", "json", str(HERE / "fixtures" / case["fixture"]), *case.get("args", [])])

    assert result.returncode == case["exit"], result.stderr
    report = json.loads(result.stdout)
    pulls = report["pulls"]
    assert [(pull["workload"], pull["container"]) for pull in pulls] == [
        (expected["workload"], expected["container"]) for expected in case["pulls"]
    ]
    for pull, expected in zip(pulls, case["pulls"]):
        assert pull["verdict"] == expected["verdict"], pull["reason"]
        if "credentials" in expected:
            assert [_credential(source) for source in pull["credentials"]] == expected["credentials"]
    findings = [(finding["severity"], finding["object"], finding["message"]) for finding in report["findings"]]
    assert len(findings) == len(case["findings"]), findings
    for (severity, obj, message), expected in zip(findings, case["findings"]):
        assert (severity, obj) == (expected["severity"], expected["object"])
        assert expected["message"] in message


def test_doctor_fixture_secret_values_never_printed() -> None:
    # One run over the whole fixture directory reads every Secret of every fixture.
    for output in ("text", "json"):
        result = run_kubeship(["doctor", "--output", output, str(HERE / "fixtures")])

        assert result.returncode == 1, result.stderr
        assert "fixture-password" not in result.stdout + result.stderr
