"""Values loaded by kubeship compared with Helm's loading through the Go oracle.

Each case is printed three ways (``{{ .Values }}``, ``{{ toJson .Values }}``,
``{{ toYaml .Values }}``) by kubeship's engine and by Helm's, and the loaded
values are compared as typed Go values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kubeship.values import ValueSources, combine_values, load_values_text
from tests.gotemplate.functions.harness import render_with_values
from tests.support.oracle import oracle  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.oracle

CASES_FILE = Path(__file__).parent / "cases.yaml"
PRINTING = "{{ .Values }}\n{{ toJson .Values }}\n{{ toYaml .Values }}"
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))


def _case_id(case: dict[str, Any]) -> str:
    parts = [*case.get("files", []), *case.get("set", []), *case.get("set_string", []), *case.get("set_json", []),
             *case.get("set_literal", []), *case.get("set_file", [])]
    return ("chart+" if "chart" in case else "") + " | ".join(parts).replace("\n", "⏎")[:90]


def _kubeship_values(case: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    files = []
    for index, text in enumerate(case.get("files", [])):
        path = tmp_path / f"values-{index}.yaml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    set_files = case.get("set_file_texts", {})
    sources = ValueSources(files=files, set_values=case.get("set", []), set_string=case.get("set_string", []),
                           set_json=case.get("set_json", []), set_file=case.get("set_file", []),
                           set_literal=case.get("set_literal", []), read_file=set_files.__getitem__)
    defaults = load_values_text(case["chart"], "values.yaml") if "chart" in case else {}
    return combine_values(defaults, sources)


def _oracle_render(oracle, case: dict[str, Any]):
    chart = {"values_yaml": case["chart"]} if "chart" in case else None
    return oracle.render(
        PRINTING, engine="helm", chart=chart,
        values=[(f"values-{index}.yaml", text) for index, text in enumerate(case.get("files", []))],
        set=case.get("set", []), set_string=case.get("set_string", []), set_json=case.get("set_json", []),
        set_literal=case.get("set_literal", []), set_file=case.get("set_file", []),
        files=case.get("set_file_texts"), return_values=True,
    )


PARAMS = [
    pytest.param(case, id=_case_id(case),
                 marks=[pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else [])
    for case in CASES
]


@pytest.mark.parametrize("case", PARAMS)
def test_values_match_helm(oracle, tmp_path: Path, case: dict[str, Any]) -> None:
    expected = _oracle_render(oracle, case)
    try:
        values = _kubeship_values(case, tmp_path)
    except Exception as error:
        assert not expected.ok, f"kubeship rejected the values ({error}), Helm rendered {expected.outputs}"
        return
    assert expected.ok, f"Helm failed with {expected.error!r}, kubeship loaded {values!r}"

    assert values == expected.render_values
    assert _types(values) == _types(expected.render_values)
    rendered = render_with_values("helm", PRINTING, values)
    assert rendered.ok, rendered.text
    assert rendered.text == next(iter(expected.outputs.values()))


def _types(value: Any) -> Any:
    """Return the Go type of every leaf, so 1 (int64) and 1.0 (float64) differ."""
    from kubeship.gotemplate.gotypes import go_type_name

    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return go_type_name(value)


FILE_ONLY = [case for case in CASES if set(case) == {"files"}]


@pytest.mark.parametrize("case", [pytest.param(case, id=_case_id(case)) for case in FILE_ONLY])
def test_values_match_go_template(oracle, case: dict[str, Any]) -> None:
    """Harness go-template loads each file with ghodss/yaml and merges later files over earlier ones."""
    from kubeship.values import merge_values

    values_files = [(f"values-{index}.yaml", text) for index, text in enumerate(case["files"])]
    expected = oracle.render(PRINTING, engine="gotemplate", values=values_files)
    try:
        merged: dict[str, Any] = {}
        for name, text in values_files:
            merged = merge_values(merged, load_values_text(text, name))
    except Exception as error:
        assert not expected.ok, f"kubeship rejected the values ({error}), go-template printed {expected.output!r}"
        return
    assert expected.ok, f"go-template failed with {expected.error!r}, kubeship loaded {merged!r}"
    rendered = render_with_values("gotemplate", PRINTING, merged)
    assert rendered.ok, rendered.text
    assert rendered.text == expected.output
