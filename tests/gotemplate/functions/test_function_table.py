"""Every function table case rendered by kubeship and by the Go oracle, compared byte for byte.

A case with ``shape`` (random or time-dependent output) is checked against that
regular expression instead; a case with ``xfail`` is a known difference, kept
with its reason.
"""

from __future__ import annotations

import re

import pytest

from kubeship.gotemplate.functions.goyaml import json_round_trip
from tests.gotemplate.functions.harness import Case, load_cases, render_kubeship, render_oracle
from tests.support.oracle import oracle  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.oracle

CASES = load_cases()
PARAMS = [
    pytest.param(case, engine, id=f"{engine}:{case.id}",
                 marks=[pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else [])
    for case in CASES
    for engine in case.engines
]


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 700
    assert len(PARAMS) >= len(CASES)


@pytest.mark.parametrize(("case", "engine"), PARAMS)
def test_function_case(oracle, case: Case, engine: str) -> None:
    actual = render_kubeship(engine, case.template, case.values)
    if case.shape is not None:
        assert actual.ok, actual.text
        assert re.fullmatch(case.shape, actual.text, re.DOTALL), actual.text
        expected = render_oracle(oracle, engine, case.template, case.values)
        assert expected.ok, expected.text
        assert re.fullmatch(case.shape, expected.text, re.DOTALL), f"the shape does not fit Go's output {expected.text!r}"
        return

    expected = render_oracle(oracle, engine, case.template, case.values)
    text = actual.text
    if engine == "helm" and actual.ok:
        # The oracle sends Helm's files as JSON strings, so invalid UTF-8 arrives as U+FFFD.
        text = json_round_trip(text)
    assert (actual.ok, text) == (expected.ok, expected.text)
