"""Sprig's regular expression functions with Go's ``regexp`` semantics.

Patterns are compiled by RE2 (the google-re2 package), the engine Go's
``regexp/syntax`` was ported from, so the syntax (POSIX classes, ``\\pL``,
``\\z``, ``(?U)``, no backreferences) and leftmost-first matching agree with Go.
Iteration, replacement and splitting follow Go's code: an empty match right
after a previous match is skipped, ``$1W`` names the group ``1W`` (use ``${1}W``),
and compile errors use Go's wording.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

from kubeship.gotemplate.functions import gounicode
from kubeship.gotemplate.functions.gostrconv import quote as go_quote
from kubeship.gotemplate.gotypes import GoError, GoSlice, go_func

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False

# RE2's error texts and Go's for the same error codes.
_GO_ERROR_TEXTS = {
    "invalid escape sequence": "invalid escape sequence",
    "invalid character class": "invalid character class",
    "invalid character class range": "invalid character class range",
    "missing ]": "missing closing ]",
    "missing )": "missing closing )",
    "unexpected )": "unexpected )",
    "trailing \\": "trailing backslash at end of expression",
    "no argument for repetition operator": "missing argument to repetition operator",
    "invalid repetition size": "invalid repeat count",
    "bad repetition operator": "invalid nested repetition operator",
    "invalid perl operator": "invalid or unsupported Perl syntax",
    "invalid UTF-8": "invalid UTF-8",
    "invalid named capture group": "invalid named capture",
}


class RegexpError(ValueError):
    """A pattern Go's ``regexp.Compile`` rejects, with Go's message."""


@lru_cache(maxsize=256)
def compile_go(pattern: str) -> Any:
    """Compile ``pattern`` as Go's ``regexp.Compile``; raise :class:`RegexpError` with Go's message."""
    try:
        return re2.compile(pattern, options=_OPTIONS)
    except re2.error as error:
        raise RegexpError(_go_message(error)) from None


def _go_message(error: Exception) -> str:
    text = error.args[0] if error.args else ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    code, _, expression = text.partition(": ")
    if code == "trailing \\":
        expression = ""
    return f"error parsing regexp: {_GO_ERROR_TEXTS.get(code, code)}: `{expression}`"


def must_compile(pattern: str) -> Any:
    """Compile as Go's ``regexp.MustCompile``: an invalid pattern is a panic naming it."""
    try:
        return compile_go(pattern)
    except RegexpError as error:
        raise GoError(f"regexp: Compile({_quote_pattern(pattern)}): {error}") from None


def _quote_pattern(pattern: str) -> str:
    if "`" not in pattern and all(char == "\t" or char >= " " and char != "\x7f" for char in pattern):
        return f"`{pattern}`"
    return go_quote(pattern)


def find_all_spans(compiled: Any, text: str, limit: int) -> list[tuple[int, int, Any]]:
    """Return up to ``limit`` (all when negative) matches as Go's ``FindAll*`` finds them."""
    if limit < 0:
        limit = len(text) + 1
    found: list[tuple[int, int, Any]] = []
    position = 0
    previous_end = -1
    while len(found) < limit and position <= len(text):
        match = compiled.search(text, position)
        if match is None:
            break
        start, end = match.span()
        accept = True
        if end == position:
            if start == previous_end:
                accept = False
            position += 1
        else:
            position = end
        previous_end = end
        if accept:
            found.append((start, end, match))
    return found


def expand(template: str, match: Any, group_names: dict[str, int]) -> str:
    """Expand ``$1``, ``${1}``, ``$name``, ``${name}`` and ``$$`` as Go's ``Regexp.Expand`` does.

    A name runs to the first rune that is not a letter, digit or ``_``, so ``$1W``
    names the group ``1W``. A group that does not exist or did not take part
    expands to "", and a malformed reference leaves the ``$`` as it is.
    """
    out: list[str] = []
    rest = template
    while True:
        before, dollar, after = rest.partition("$")
        if not dollar:
            break
        out.append(before)
        rest = after
        if rest.startswith("$"):
            out.append("$")
            rest = rest[1:]
            continue
        reference = _extract(rest)
        if reference is None:
            out.append("$")
            continue
        name, number, rest = reference
        out.append(_group_text(match, name, number, group_names))
    out.append(rest)
    return "".join(out)


def _extract(text: str) -> tuple[str, int, str] | None:
    """Read a group reference after ``$`` as Go's ``extract``: (name, number or -1, rest), or None."""
    if not text:
        return None
    braced = text[0] == "{"
    if braced:
        text = text[1:]
    length = 0
    while length < len(text) and (text[length].isalpha() or gounicode.is_digit(text[length]) or text[length] == "_"):
        length += 1
    if length == 0:
        return None
    name = text[:length]
    if braced:
        if length >= len(text) or text[length] != "}":
            return None
        length += 1
    number = int(name) if name.isascii() and name.isdigit() and len(name) <= 8 else -1
    if name[0] == "0" and len(name) > 1:
        number = -1
    return name, number, text[length:]


def _group_text(match: Any, name: str, number: int, group_names: dict[str, int]) -> str:
    if number < 0:
        number = group_names.get(name, -1)
    if number < 0 or number > match.re.groups:
        return ""
    value = match.group(number)
    return value if value is not None else ""


def replace_all(compiled: Any, text: str, replacement: Any) -> str:
    """Replace every match as Go's ``replaceAll`` does; ``replacement`` maps a match to its text."""
    out: list[str] = []
    last_end = 0
    position = 0
    while position <= len(text):
        match = compiled.search(text, position)
        if match is None:
            break
        start, end = match.span()
        out.append(text[last_end:start])
        if end > last_end or start == 0:
            out.append(replacement(match))
        last_end = end
        if position + 1 > end:
            position += 1
        else:
            position = end
    out.append(text[last_end:])
    return "".join(out)


def split(compiled: Any, pattern: str, text: str, limit: int) -> list[str]:
    """Split as Go's ``Regexp.Split``."""
    if limit == 0:
        return []
    if pattern and text == "":
        return [""]
    pieces: list[str] = []
    begin = 0
    end = 0
    for start, stop, _ in find_all_spans(compiled, text, limit):
        if limit > 0 and len(pieces) == limit - 1:
            break
        end = start
        if stop != 0:
            pieces.append(text[begin:end])
        begin = stop
    if end != len(text):
        pieces.append(text[begin:])
    return pieces


def _strings(items: list[str] | None) -> GoSlice:
    if items is None:
        return GoSlice([], "string", is_nil=True)
    return GoSlice(items, "string", is_nil=not items)


def _regex_match(pattern: str, text: str) -> bool:
    return compile_go(pattern).search(text) is not None


def _find_all(compiled: Any, text: str, limit: int) -> GoSlice:
    if limit == 0:
        return _strings(None)
    spans = find_all_spans(compiled, text, limit)
    return _strings([text[start:end] for start, end, _ in spans] or None)


def _find(compiled: Any, text: str) -> str:
    match = compiled.search(text)
    return match.group(0) if match else ""


def _replace(compiled: Any, text: str, replacement: str) -> str:
    names = compiled.groupindex
    return replace_all(compiled, text, lambda match: expand(replacement, match, names))


def _replace_literal(compiled: Any, text: str, replacement: str) -> str:
    return replace_all(compiled, text, lambda match: replacement)


def _split(compiled: Any, pattern: str, text: str, limit: int) -> GoSlice:
    pieces = split(compiled, pattern, text, limit)
    return GoSlice(pieces, "string", is_nil=limit == 0)


@go_func("func(string, string) bool")
def regex_match(pattern: str, text: str) -> bool:
    try:
        return _regex_match(pattern, text)
    except RegexpError:
        return False


@go_func("func(string, string) (bool, error)")
def must_regex_match(pattern: str, text: str) -> bool:
    try:
        return _regex_match(pattern, text)
    except RegexpError as error:
        raise GoError(str(error)) from None


def _compile_or_error(pattern: str) -> Any:
    try:
        return compile_go(pattern)
    except RegexpError as error:
        raise GoError(str(error)) from None


@go_func("func(string, string, int) []string")
def regex_find_all(pattern: str, text: str, limit: int) -> GoSlice:
    return _find_all(must_compile(pattern), text, limit)


@go_func("func(string, string, int) ([]string, error)")
def must_regex_find_all(pattern: str, text: str, limit: int) -> GoSlice:
    return _find_all(_compile_or_error(pattern), text, limit)


@go_func("func(string, string) string")
def regex_find(pattern: str, text: str) -> str:
    return _find(must_compile(pattern), text)


@go_func("func(string, string) (string, error)")
def must_regex_find(pattern: str, text: str) -> str:
    return _find(_compile_or_error(pattern), text)


@go_func("func(string, string, string) string")
def regex_replace_all(pattern: str, text: str, replacement: str) -> str:
    return _replace(must_compile(pattern), text, replacement)


@go_func("func(string, string, string) (string, error)")
def must_regex_replace_all(pattern: str, text: str, replacement: str) -> str:
    return _replace(_compile_or_error(pattern), text, replacement)


@go_func("func(string, string, string) string")
def regex_replace_all_literal(pattern: str, text: str, replacement: str) -> str:
    return _replace_literal(must_compile(pattern), text, replacement)


@go_func("func(string, string, string) (string, error)")
def must_regex_replace_all_literal(pattern: str, text: str, replacement: str) -> str:
    return _replace_literal(_compile_or_error(pattern), text, replacement)


@go_func("func(string, string, int) []string")
def regex_split(pattern: str, text: str, limit: int) -> GoSlice:
    return _split(must_compile(pattern), pattern, text, limit)


@go_func("func(string, string, int) ([]string, error)")
def must_regex_split(pattern: str, text: str, limit: int) -> GoSlice:
    return _split(_compile_or_error(pattern), pattern, text, limit)


_SPECIAL = frozenset("\\.+*?()|[]{}^$")


@go_func("func(string) string")
def regex_quote_meta(text: str) -> str:
    return "".join("\\" + char if char in _SPECIAL else char for char in text)


FUNCTIONS = {
    "regexMatch": regex_match,
    "mustRegexMatch": must_regex_match,
    "regexFindAll": regex_find_all,
    "mustRegexFindAll": must_regex_find_all,
    "regexFind": regex_find,
    "mustRegexFind": must_regex_find,
    "regexReplaceAll": regex_replace_all,
    "mustRegexReplaceAll": must_regex_replace_all,
    "regexReplaceAllLiteral": regex_replace_all_literal,
    "mustRegexReplaceAllLiteral": must_regex_replace_all_literal,
    "regexSplit": regex_split,
    "mustRegexSplit": must_regex_split,
    "regexQuoteMeta": regex_quote_meta,
}
