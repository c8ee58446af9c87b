"""Go's depth limits hold without crashing Python: nested parentheses and recursive templates."""

from __future__ import annotations

import pytest

from tests.gotemplate.conformance import comparable, run_kubeship, run_oracle


@pytest.mark.oracle
@pytest.mark.parametrize("depth", [200, 10000, 10001])
def test_nested_parentheses_match_go(oracle, depth):
    case = {"template": "{{ " + "(" * depth + "1" + ")" * depth + " }}"}
    assert comparable(run_kubeship(case)) == comparable(run_oracle(oracle, case))


@pytest.mark.oracle
@pytest.mark.parametrize("depth", [1000, 100000])
def test_deep_template_recursion_matches_go(oracle, depth):
    # Each call drops one byte of dot; Go's limit of 100000 nested calls stops the deepest case.
    recursive = '{{ define "r" }}{{ if . }}{{ template "r" slice . 1 }}{{ end }}{{ end }}{{ template "r" . }}done'
    case = {"template": recursive, "data": "x" * depth}
    assert comparable(run_kubeship(case)) == comparable(run_oracle(oracle, case))
