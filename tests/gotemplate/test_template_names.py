"""Go formats error texts with the template name inside the format, so a % in a name shows through."""

from __future__ import annotations

import pytest

from kubeship.gotemplate import Template, TemplateError

NAMES = ["plain.yaml", "dir/é.yaml", "50%.yaml", "a%d", "%s-%q"]
PARSE_ERROR = ("{{ if }}", None)
EXEC_ERRORS = [("x\n {{ .a.b }}", {"a": None}), ("{{ len 3 }}", None)]


def kubeship_outcome(name, text, data):
    try:
        return Template(name).parse(text).execute(data), None
    except TemplateError as error:
        return None, str(error)


def go_outcome(oracle, name, text, data):
    result = oracle.render(text, data, name=name)
    return (result.output if result.ok else None), result.error


@pytest.mark.oracle
@pytest.mark.parametrize("name", NAMES)
def test_parse_error_with_name_matches_go(oracle, name):
    assert kubeship_outcome(name, *PARSE_ERROR) == go_outcome(oracle, name, *PARSE_ERROR)


@pytest.mark.oracle
@pytest.mark.parametrize("name", [name for name in NAMES if "%" not in name])
@pytest.mark.parametrize(("text", "data"), EXEC_ERRORS)
def test_exec_error_with_name_matches_go(oracle, name, text, data):
    # A % in the name of an executing template makes Go format its reflect.Type
    # arguments' internals and addresses, which no other engine can reproduce.
    assert kubeship_outcome(name, text, data) == go_outcome(oracle, name, text, data)
