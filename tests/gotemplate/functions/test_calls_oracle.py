"""String functions called directly with literal arguments, compared with the same call in Go.

These run before the template engine exists: each case calls the Python
function and renders ``{{ NAME ARG... }}`` with the oracle's engines.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from kubeship.gotemplate.functions import gotemplate_functions, helm_functions
from kubeship.gotemplate.functions.gostrconv import quote as go_quote
from kubeship.gotemplate.functions.goyaml import json_round_trip
from kubeship.gotemplate.gotypes import string_bytes
from tests.support.oracle import oracle  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.oracle

CALLS: list[tuple[str, tuple[Any, ...]]] = [
    ("trim", ("  a b \t\n",)), ("trim", ("\x1c x \u00a0",)),
    ("upper", ("straße é",)), ("lower", ("ÀB Ǆ",)), ("title", ("hello wORLD_x y-z",)),
    ("untitle", ("Hello World",)), ("swapcase", ("Hello wORLD ǅx",)),
    ("trunc", (3, "hello")), ("trunc", (-3, "hello")), ("trunc", (10, "hi")), ("trunc", (2, "héllo")),
    ("substr", (1, 3, "hello")), ("substr", (-1, 3, "hello")), ("substr", (2, -1, "hello")),
    ("substr", (1, 99, "hello")), ("substr", (4, 2, "hello")), ("substr", (0, 9, "hé")),
    ("repeat", (3, "ab")), ("repeat", (-1, "ab")),
    ("trimAll", ("$", "$$5.00$")), ("trimSuffix", ("-", "a-")), ("trimPrefix", ("-", "-a")),
    ("nospace", (" a b\tc ",)), ("nospace", ("é é",)), ("initials", ("Hello big world",)), ("initials", ("élan vital",)),
    ("abbrev", (5, "hello world")), ("abbrev", (3, "hello")), ("abbrevboth", (5, 10, "1234 5678 9123")),
    ("abbrevboth", (1, 5, "hello world")),
    ("wrap", (5, "hello world is here")), ("wrap", (3, "abcdefgh ij")), ("wrapWith", (5, "\t", "Hello World")),
    ("wrapWith", (3, "|", "abcdefgh")),
    ("contains", ("b", "abc")), ("hasPrefix", ("a", "abc")), ("hasSuffix", ("c", "abc")),
    ("quote", ("a\"b\n",)), ("quote", ("é\u200b\x01",)),
    ("indent", (2, "a\nb\n")), ("nindent", (4, "a\n\nb")), ("indent", (-1, "a")),
    ("replace", ("a", "b", "banana")), ("replace", ("", "-", "abc")),
    ("plural", ("one", "many", 1)), ("plural", ("one", "many", 2)),
    ("b64enc", ("hello é",)), ("b64dec", ("aGVsbG8=",)), ("b64dec", ("aGVsbG8",)), ("b64dec", ("a",)),
    ("b64dec", ("aGVs!G8=",)), ("b64dec", ("aGVsbA==x",)),
    ("b32enc", ("hello",)), ("b32dec", ("NBSWY3DP",)), ("b32dec", ("NBSWY3D",)),
    ("sha1sum", ("abc",)), ("sha256sum", ("abc",)), ("adler32sum", ("abc",)),
    ("base", ("/a/b.txt",)), ("base", ("",)), ("base", ("///",)), ("dir", ("/a/b/c",)), ("dir", ("a",)),
    ("clean", ("a//b/../c/.",)), ("clean", ("/../a",)), ("ext", ("a/b.tar.gz",)), ("ext", ("a.b/c",)),
    ("snakecase", ("FirstName",)), ("snakecase", ("HTTPServer2Go",)), ("kebabcase", ("FirstName",)),
    ("camelcase", ("http_server",)), ("camelcase", ("_a_b-c d",)),
    ("toYaml", ("yes",)), ("toJson", ("<a&b>",)),
    ("regexReplaceAll", ("a(x*)b", "-ab-axxb-", "${1}W")), ("regexReplaceAll", ("a(x*)b", "-ab-axxb-", "$1W")),
    ("regexReplaceAllLiteral", ("a(x*)b", "-ab-axxb-", "${1}")), ("regexFind", ("[a-z]+\\d", "ab1 cd2")),
    ("regexQuoteMeta", ("1.2+[x]",)),
]


def go_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return go_quote(value)


def _call_id(call: tuple[str, tuple[Any, ...]]) -> str:
    return f"{call[0]} {json.dumps(call[1], ensure_ascii=False)}"


@pytest.mark.parametrize("engine", ["helm", "gotemplate"])
@pytest.mark.parametrize("call", CALLS, ids=_call_id)
def test_call_matches_go(oracle, engine: str, call: tuple[str, tuple[Any, ...]]) -> None:
    name, args = call
    functions = helm_functions() if engine == "helm" else gotemplate_functions()
    template = "{{ " + " ".join([name, *(go_literal(arg) for arg in args)]) + " }}"
    expected = oracle.render(template, engine=engine)
    output = expected.output
    if output is None and expected.outputs:
        output = next(iter(expected.outputs.values()))
    if name not in functions:
        assert not expected.ok, f"{name} is missing from kubeship's {engine} set but Go has it"
        return

    try:
        result = functions[name](*args)
    except Exception as error:  # a Go error or panic: Go must fail too
        assert not expected.ok, f"kubeship raised {error!r}, Go printed {output!r}"
        assert str(error) in expected.error
        return
    assert expected.ok, f"Go failed with {expected.error!r}, kubeship returned {result!r}"
    if isinstance(result, bool):
        result = "true" if result else "false"
    if isinstance(output, bytes):
        result = string_bytes(result)
    elif engine == "helm" and isinstance(result, str):
        # The oracle sends Helm's rendered files as JSON strings, so invalid UTF-8 arrives as U+FFFD.
        result = json_round_trip(result)
    assert result == output
