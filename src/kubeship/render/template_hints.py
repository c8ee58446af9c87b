"""Hints after Go template errors: Go's text unchanged, then the next step for the user."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from kubeship.errors import InputError
from kubeship.gotemplate import TemplateError, TemplateParseError

_UNDEFINED_FUNCTION = re.compile(r'function "([^"]+)" not defined')
# Sprig has these, but Harness and Helm remove them so that templates cannot read the host's environment.
REMOVED_FUNCTIONS = frozenset({"env", "expandenv"})


def template_input_error(error: TemplateError, function_names: Iterable[str], *, message: str | None = None) -> InputError:
    """Return the InputError for a template error: ``message`` (Go's text by default) and a hint.

    Only parse errors get a hint; an execution error already names the action that
    failed and the value it met.
    """
    text = str(error) if message is None else message
    hint = parse_error_hint(text, function_names) if isinstance(error, TemplateParseError) else None
    return InputError(text, hint=hint)


def parse_error_hint(message: str, function_names: Iterable[str]) -> str:
    """Return what to do about a parse error: the closest function name for an unknown one, else the syntax."""
    undefined = _UNDEFINED_FUNCTION.search(message)
    if undefined is None:
        return "fix the template syntax on that line"
    name = undefined.group(1)
    if name in REMOVED_FUNCTIONS:
        return f"{name} is removed, as in Harness and Helm: pass the value in values.yaml, -f or --set"
    names = sorted(set(function_names))
    by_case = [candidate for candidate in names if candidate.lower() == name.lower()]
    close = by_case or difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    if close:
        return f'did you mean "{close[0]}"?'
    return "check the function name: the template builtins, Sprig and the Harness and Helm functions are defined"
