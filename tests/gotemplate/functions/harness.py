"""Render a function case with kubeship as Harness go-template and Helm render it, and with the oracle."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kubeship.gotemplate import Template, TemplateError, TemplateParseError, gotypes
from kubeship.gotemplate.functions import gotemplate_functions, helm_functions
from kubeship.gotemplate.functions.helm import cleanup_exec_error, template_bound_functions
from kubeship.values import load_values_text

CASES_DIR = Path(__file__).parent / "cases"
HELM_TEMPLATE = "mychart/templates/template.yaml"
# Helm's .Values has the named type chartutil.Values, which type assertions such as dig's tell apart.
CHARTUTIL_VALUES = gotypes.GoType("chartutil.Values", gotypes.MAP, key=gotypes.STRING_TYPE,
                                  elem=gotypes.EMPTY_INTERFACE, named=True, underlying=gotypes.DICT_TYPE)
ENGINES = ("helm", "gotemplate")


@dataclass(frozen=True)
class Case:
    """One row of a function table: a template, optional values, and how to judge it."""

    file: str
    template: str
    values: str | None
    engines: tuple[str, ...]
    shape: str | None
    xfail: str | None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.template}"


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(Case(
                file=path.stem,
                template=entry["template"],
                values=entry.get("values"),
                engines=tuple(entry.get("engines", ENGINES)),
                shape=entry.get("shape"),
                xfail=entry.get("xfail"),
            ))
    return cases


@dataclass(frozen=True)
class Rendered:
    ok: bool
    text: str


def render_kubeship(engine: str, template_text: str, values_text: str | None) -> Rendered:
    """Render as the engine's tool does: go-template's dot is {"Values": ...}; Helm adds its own rules."""
    values: dict[str, Any] = load_values_text(values_text or "", "values.yaml") if values_text else {}
    return render_with_values(engine, template_text, values)


def render_with_values(engine: str, template_text: str, values: dict[str, Any]) -> Rendered:
    """Render ``template_text`` with ``values`` as ``.Values`` the way ``engine`` renders a file."""
    if engine == "gotemplate":
        template = Template("tpl").funcs(gotemplate_functions())
        try:
            return Rendered(True, template.parse(template_text).execute({"Values": values}))
        except TemplateError as error:
            return Rendered(False, str(error))

    # Helm parses every file into one set whose root template is named "gotpl".
    root = Template("gotpl").option("missingkey=zero").funcs(helm_functions())
    root.funcs(template_bound_functions())
    template = root.new(HELM_TEMPLATE)
    try:
        template.parse(template_text)
    except TemplateParseError as error:
        return Rendered(False, _helm_parse_error(str(error)))
    try:
        output = template.execute({"Values": gotypes.GoMap.of_type(CHARTUTIL_VALUES, values)})
    except TemplateError as error:
        return Rendered(False, cleanup_exec_error(HELM_TEMPLATE, str(error)))
    return Rendered(True, output.replace("<no value>", ""))


def _helm_parse_error(message: str) -> str:
    # Helm rewrites "template: FILE:LINE: msg" as "parse error at (FILE:LINE): msg".
    prefix = "template: "
    if message.startswith(prefix):
        location, _, rest = message[len(prefix):].partition(": ")
        return f"parse error at ({location}): {rest}"
    return message


def render_oracle(oracle: Any, engine: str, template_text: str, values_text: str | None) -> Rendered:
    values = [("values.yaml", values_text)] if values_text else []
    result = oracle.render(template_text, engine=engine, values=values)
    if not result.ok:
        return Rendered(False, result.error or "")
    output = result.output
    if output is None and result.outputs:
        output = next(iter(result.outputs.values()))
    if isinstance(output, bytes):
        output = output.decode("utf-8", "surrogateescape")
    return Rendered(True, output or "")
