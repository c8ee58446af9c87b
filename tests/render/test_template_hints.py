"""Hints after Go template errors: Go's text is kept and the hint names the next step."""

from __future__ import annotations

import pytest

from kubeship.gotemplate import Template, TemplateError
from kubeship.gotemplate.functions import gotemplate_functions
from kubeship.render.template_hints import parse_error_hint, template_input_error

FUNCTION_NAMES = ["toYaml", "ToYaml", "nindent", "indent", "quote", "default", "b64enc"]


@pytest.mark.parametrize(
    "message, hint",
    [
        ('template: t:1: function "nidnent" not defined', 'did you mean "nindent"?'),
        ('template: t:1: function "TOYAML" not defined', 'did you mean "ToYaml"?'),
        ('template: t:1: function "env" not defined', "env is removed, as in Harness and Helm: pass the value in values.yaml, -f or --set"),
        ('template: t:1: function "expandenv" not defined', "expandenv is removed, as in Harness and Helm: pass the value in values.yaml, -f or --set"),
        ('template: t:1: function "frobnicate" not defined',
         "check the function name: the template builtins, Sprig and the Harness and Helm functions are defined"),
        ('template: t:3: unexpected "}" in operand', "fix the template syntax on that line"),
    ],
)
def test_parse_error_hint(message, hint):
    assert parse_error_hint(message, FUNCTION_NAMES) == hint


def test_case_match_wins_over_close_spelling():
    assert parse_error_hint('template: t:1: function "toyaml" not defined', ["toYaml", "toYam"]) == 'did you mean "toYaml"?'


def errors_of(text: str) -> tuple[TemplateError, set[str]]:
    template = Template("t").funcs(gotemplate_functions())
    with pytest.raises(TemplateError) as raised:
        template.parse(text).execute({"Values": {"name": "web"}})
    return raised.value, template.function_names()


def test_parse_error_keeps_gos_text():
    error, names = errors_of("{{ .Values.name | upperr }}")

    converted = template_input_error(error, names)

    assert converted.message == 'template: t:1: function "upperr" not defined'
    assert converted.hint == 'did you mean "upper"?'


def test_execution_error_has_no_hint():
    error, names = errors_of("{{ index .Values.name 9 }}")

    converted = template_input_error(error, names)

    assert converted.message == str(error)
    assert converted.hint is None


def test_function_names_include_builtins_and_added():
    names = Template("t").funcs({"custom": len}).function_names()

    assert {"and", "printf", "index", "custom"} <= names
