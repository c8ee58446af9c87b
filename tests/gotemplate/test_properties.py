"""Random templates and data from the grammar render the same in kubeship and in Go."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.gotemplate.conformance import comparable, run_kubeship, run_oracle
from tests.gotemplate.grammar import data_roots, templates

# Derandomized, so every run (CI included) checks the same 2,000 examples.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("KUBESHIP_PROPERTY_EXAMPLES", "2000")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@pytest.mark.oracle
@PROPERTY_SETTINGS
@given(text=templates(), data=data_roots)
def test_random_template_matches_go(oracle, text, data):
    case = {"template": text, "data": data}
    for missingkey in (None, "zero"):
        case["missingkey"] = missingkey
        assert comparable(run_kubeship(case)) == comparable(run_oracle(oracle, case))
