"""Load the conformance tables in tests/gotemplate/cases and run a case through kubeship and the oracle.

A case is one YAML mapping:

- ``name``: what the case shows (unique within its file);
- ``template``: the text of the template ``tpl``; ``templates``: further
  ``[name, text]`` pairs parsed in order into the same set;
- ``data``: the dot, in the oracle's typed JSON.  Plain YAML integers, floats,
  strings, booleans, nulls, lists and maps are Go's int, float64, string,
  bool, nil, ``[]interface {}`` and ``map[string]interface {}``, and
  ``{"$": "int64", "v": 5}`` names any other type;
- ``missingkey``, ``delims``, ``execute``: Go's option, delimiters and the
  template to execute (default ``tpl``);
- ``engine``: ``text`` (Go's builtins only, the default) or ``gotemplate``
  (Harness go-template's function map: Sprig and its YAML and JSON functions);
- ``xfail``: why kubeship cannot match Go on this case (expected failure);
- ``note``: a remark for readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kubeship.gotemplate import Template, TemplateError
from kubeship.gotemplate.functions import gotemplate_functions
from tests.support.oracle import Oracle, from_typed_json

CASES_DIR = Path(__file__).parent / "cases"
TEMPLATE_NAME = "tpl"
KNOWN_KEYS = {"name", "template", "templates", "data", "missingkey", "delims", "execute", "engine", "xfail", "note"}
ENGINES = ("text", "gotemplate")


@dataclass(frozen=True)
class Outcome:
    """What an engine produced: the output, or the error text."""

    output: str | bytes | None
    error: str | None


def load_cases() -> list[dict[str, Any]]:
    """Return every case of every table, each with an ``id`` of ``file:name``."""
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        names = set()
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            unknown = set(case) - KNOWN_KEYS
            if unknown:
                raise ValueError(f"{path.name}: case {case.get('name')!r} has unknown keys {sorted(unknown)}")
            if case.get("engine", "text") not in ENGINES:
                raise ValueError(f"{path.name}: case {case['name']!r} names an unknown engine")
            if case["name"] in names:
                raise ValueError(f"{path.name}: duplicate case name {case['name']!r}")
            names.add(case["name"])
            cases.append({**case, "id": f"{path.stem}:{case['name']}"})
    return cases


def run_kubeship(case: dict[str, Any]) -> Outcome:
    """Parse and execute a case with kubeship's engine."""
    try:
        template = Template(TEMPLATE_NAME)
        if case.get("engine") == "gotemplate":
            template.funcs(gotemplate_functions())
        if case.get("missingkey"):
            template.option(f"missingkey={case['missingkey']}")
        if case.get("delims"):
            template.delims(*case["delims"])
        template.parse(case["template"])
        for name, text in case.get("templates", []):
            template.new(name).parse(text)
        data = from_typed_json(case.get("data"))
        output = template.execute_template(case.get("execute") or TEMPLATE_NAME, data)
    except TemplateError as error:
        return Outcome(None, str(error))
    return Outcome(output, None)


def run_oracle(oracle: Oracle, case: dict[str, Any]) -> Outcome:
    """Render a case with Go's text/template through the oracle."""
    result = oracle.render(
        case["template"],
        from_typed_json(case.get("data")),
        engine=case.get("engine", "text"),
        name=TEMPLATE_NAME,
        templates=[tuple(pair) for pair in case.get("templates", [])],
        execute=case.get("execute"),
        missingkey=case.get("missingkey"),
        delims=tuple(case["delims"]) if case.get("delims") else None,
    )
    if result.ok:
        return Outcome(result.output, None)
    return Outcome(None, result.error)


def comparable(outcome: Outcome) -> tuple[bytes | None, str | None]:
    """Return an outcome with the output as bytes, as Go writes it."""
    output = outcome.output
    if isinstance(output, str):
        output = output.encode("utf-8", "surrogateescape")
    return output, outcome.error
