"""gofmt against Go's fmt, case by case from gofmt_cases.yaml, through the Go oracle's templates.

A case is one of:

- ``format`` and ``args``: ``{{printf FORMAT .A0 .A1 …}}`` in Go against ``sprintf``;
- ``print`` or ``println`` (a list of operands): ``{{print …}}`` against ``sprint``, ``sprintln``;
- ``value``: ``{{.}}`` in Go against ``format_value`` (for values that text/template prints
  as fmt.Sprint does: not pointers, not nil).

Operands are YAML in the oracle's typed JSON form (``{$: int64, v: 5}``), decoded into the
gotypes model. ``xfail`` contains the reason why a case cannot agree.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubeship.gotemplate.gofmt import format_value, sprint, sprintf, sprintln
from kubeship.gotemplate.gotypes import string_bytes
from tests.support.oracle import Oracle, from_typed_json

pytestmark = pytest.mark.oracle

CASES_FILE = Path(__file__).with_name("gofmt_cases.yaml")
# PyYAML reads 1e6 (no dot, no exponent sign) as a string; the table must spell floats 1.0e+6.
_FLOAT_LOOKALIKE = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$")


def _load_cases() -> list[Any]:
    cases = yaml.safe_load(CASES_FILE.read_text())
    names = [case["name"] for case in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"duplicate case names in {CASES_FILE.name}: {sorted(duplicates)}"
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(case, id=case["name"], marks=marks))
    return params


def _check_no_float_lookalikes(value: Any, name: str) -> None:
    if isinstance(value, str):
        assert not _FLOAT_LOOKALIKE.match(value), f"{name}: {value!r} reads as a string; write it as 1.0e+6"
    elif isinstance(value, list):
        for item in value:
            _check_no_float_lookalikes(item, name)
    elif isinstance(value, dict):
        for item in value.values():
            _check_no_float_lookalikes(item, name)


def go_string_literal(text: str) -> str:
    """Spell ``text`` as a Go interpreted string literal (bytes that are not UTF-8 as \\x escapes)."""
    parts = ['"']
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            parts.append(f"\\x{code - 0xDC00:02x}")
        elif char in '"\\':
            parts.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            parts.append(f"\\x{code:02x}")
        else:
            parts.append(char)
    parts.append('"')
    return "".join(parts)


def _operands(raw: list[Any]) -> tuple[str, dict[str, Any], list[Any]]:
    """Return the template's operand list (.A0 .A1 …), its data map and the decoded operands."""
    values = [from_typed_json(item) for item in raw]
    data = {f"A{index}": value for index, value in enumerate(values)}
    return " ".join(f".A{index}" for index in range(len(values))), data, values


def _render_case(case: dict[str, Any]) -> tuple[str, dict[str, Any], str]:
    """Return the Go template, its data and kubeship's output for one case."""
    if "format" in case:
        names, data, values = _operands(case.get("args", []))
        template = "{{printf " + go_string_literal(case["format"]) + " " + names + "}}"
        return template, data, sprintf(case["format"], *values)
    if "print" in case:
        names, data, values = _operands(case["print"])
        return "{{print " + names + "}}", data, sprint(*values)
    if "println" in case:
        names, data, values = _operands(case["println"])
        return "{{println " + names + "}}", data, sprintln(*values)
    value = from_typed_json(case["value"])
    return "{{.}}", value, format_value(value)


@pytest.mark.parametrize("case", _load_cases())
def test_gofmt_case_matches_go(oracle: Oracle, case: dict[str, Any]) -> None:
    _check_no_float_lookalikes(case, case["name"])
    template, data, ours = _render_case(case)
    result = oracle.render(template, data)
    assert result.ok, result.error
    expected = result.output
    if isinstance(expected, bytes):
        assert string_bytes(ours) == expected
    else:
        assert ours == expected
