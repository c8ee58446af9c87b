"""Every conformance case renders the same bytes, or fails with the same error text, as Go."""

from __future__ import annotations

import pytest

from tests.gotemplate.conformance import comparable, load_cases, run_kubeship, run_oracle

CASES = load_cases()


def _params() -> list:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.mark.oracle
@pytest.mark.parametrize("case", _params())
def test_case_matches_go(case, oracle):
    expected = comparable(run_oracle(oracle, case))
    actual = comparable(run_kubeship(case))
    assert actual == expected


def test_tables_cover_every_pitfall():
    covered = {case["name"].split(":")[0] for case in CASES if case["name"].startswith("pitfall ")}
    assert covered == {f"pitfall {number}" for number in range(1, 41)}


def test_tables_have_at_least_500_cases():
    assert len(CASES) >= 500
