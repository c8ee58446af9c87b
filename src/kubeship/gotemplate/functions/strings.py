"""Sprig's string functions: trimming, case, quoting, indentation, splitting, abbreviation, wrapping.

Go strings are bytes, so ``trunc``, ``substr``, ``abbrev``, ``initials`` and
``nospace`` count and cut UTF-8 bytes as Sprig and goutils do (cutting inside a
character leaves invalid UTF-8, which gotypes keeps as surrogates).
"""

from __future__ import annotations

from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions import gounicode
from kubeship.gotemplate.functions.cast import strval
from kubeship.gotemplate.functions.gostrconv import quote as go_quote
from kubeship.gotemplate.functions.panics import slice_string
from kubeship.gotemplate.gotypes import GoError, GoMap, go_func, string_bytes, string_from_bytes


def _length(text: str) -> int:
    return gotypes.string_length(text)


@go_func("func(string) string")
def trim(text: str) -> str:
    return gounicode.trim_space(text)


@go_func("func(string) string")
def upper(text: str) -> str:
    return gounicode.upper(text)


@go_func("func(string) string")
def lower(text: str) -> str:
    return gounicode.lower(text)


@go_func("func(string) string")
def title(text: str) -> str:
    """Upper-case the first letter of each word as Go's deprecated ``strings.Title`` does."""
    result = []
    previous = " "
    for char in text:
        result.append(gounicode.to_title(char) if _is_title_separator(previous) else char)
        previous = char
    return "".join(result)


def _is_title_separator(char: str) -> bool:
    if char.isascii():
        return not (char.isalnum() or char == "_")
    if gounicode.is_letter(char) or gounicode.is_digit(char):
        return False
    return gounicode.is_space(char)


@go_func("func(string) string")
def untitle(text: str) -> str:
    """Lower-case the first letter of each whitespace-separated word (goutils ``Uncapitalize``)."""
    result = []
    next_word = True
    for char in text:
        if gounicode.is_space(char):
            next_word = True
            result.append(char)
        elif next_word:
            result.append(gounicode.to_lower(char))
            next_word = False
        else:
            result.append(char)
    return "".join(result)


@go_func("func(string) string")
def swapcase(text: str) -> str:
    """Swap case word by word as goutils ``SwapCase`` does (a word's first lower-case letter becomes title case)."""
    result = []
    after_space = True
    for char in text:
        if gounicode.is_upper(char) or gounicode.is_title(char):
            result.append(gounicode.to_lower(char))
            after_space = False
        elif gounicode.is_lower(char):
            result.append(gounicode.to_title(char) if after_space else gounicode.to_upper(char))
            after_space = False
        else:
            after_space = gounicode.is_space(char)
            result.append(char)
    return "".join(result)


@go_func("func(int, string) string")
def trunc(count: int, text: str) -> str:
    length = _length(text)
    if count < 0 and length + count > 0:
        return slice_string(text, length + count, None)
    if count >= 0 and length > count:
        return slice_string(text, None, count)
    return text


@go_func("func(int, int, string) string")
def substr(start: int, end: int, text: str) -> str:
    if start < 0:
        return slice_string(text, None, end)
    if end < 0 or end > _length(text):
        return slice_string(text, start, None)
    return slice_string(text, start, end)


def go_repeat(text: str, count: int) -> str:
    """Return ``strings.Repeat(text, count)``; a negative count is Go's panic."""
    if count < 0:
        raise GoError("strings: negative Repeat count")
    return text * count


@go_func("func(int, string) string")
def repeat(count: int, text: str) -> str:
    return go_repeat(text, count)


@go_func("func(string, string) string")
def trim_all(cutset: str, text: str) -> str:
    return text.strip(cutset) if cutset else text


@go_func("func(string, string) string")
def trim_suffix(suffix: str, text: str) -> str:
    return text[:-len(suffix)] if suffix and text.endswith(suffix) else text


@go_func("func(string, string) string")
def trim_prefix(prefix: str, text: str) -> str:
    return text[len(prefix):] if text.startswith(prefix) else text


@go_func("func(string) string")
def nospace(text: str) -> str:
    """Delete white space byte by byte as goutils ``DeleteWhiteSpace`` does (each kept byte is written as a rune)."""
    data = string_bytes(text)
    kept = [byte for byte in data if not gounicode.is_space(chr(byte))]
    if len(kept) == len(data):
        return text
    return "".join(chr(byte) for byte in kept)


@go_func("func(string) string")
def initials(text: str) -> str:
    """Return the first byte of each whitespace-separated word, each written as a rune (goutils ``Initials``)."""
    result = []
    after_gap = True
    for byte in string_bytes(text):
        if gounicode.is_space(chr(byte)):
            after_gap = True
        elif after_gap:
            result.append(chr(byte))
            after_gap = False
    return "".join(result)


@go_func("func(int, string) string")
def abbrev(width: int, text: str) -> str:
    if width < 4:
        return text
    return _abbreviate(text, 0, width) or ""


@go_func("func(int, int, string) string")
def abbrevboth(left: int, right: int, text: str) -> str:
    if right < 4 or (left > 0 and right < 7):
        return text
    return _abbreviate(text, left, right) or ""


def _abbreviate(text: str, offset: int, width: int) -> str | None:
    """Abbreviate with "..." as goutils ``AbbreviateFull`` does; None where it returns an error."""
    if text == "":
        return ""
    if width < 4:
        return None
    length = _length(text)
    if length <= width:
        return text
    offset = min(offset, length)
    if length - offset < width - 3:
        offset = length - (width - 3)
    if offset <= 4:
        return slice_string(text, 0, width - 3) + "..."
    if width < 7:
        return None
    if offset + width - 3 < length:
        inner = _abbreviate(slice_string(text, offset, None), 0, width - 3)
        return "..." + (inner or "")
    return "..." + slice_string(text, length - (width - 3), None)


@go_func("func(int, string) string")
def wrap(width: int, text: str) -> str:
    return wrap_custom(text, width, "", False)


@go_func("func(int, string, string) string")
def wrap_with(width: int, separator: str, text: str) -> str:
    return wrap_custom(text, width, separator, True)


def wrap_custom(text: str, width: int, newline: str, wrap_long_words: bool) -> str:
    """Wrap at spaces as goutils ``WrapCustom`` does, counting bytes."""
    if text == "":
        return ""
    newline = newline or "\n"
    width = max(width, 1)
    data = string_bytes(text)
    newline_bytes = string_bytes(newline)
    length = len(data)
    offset = 0
    out = bytearray()
    while length - offset > width:
        if data[offset] == 0x20:
            offset += 1
            continue
        end = width + offset + 1
        space_at = data[offset:end].rfind(b" ") + offset
        if space_at >= offset:
            out += data[offset:space_at] + newline_bytes
            offset = space_at + 1
        elif wrap_long_words:
            out += data[offset:width + offset] + newline_bytes
            offset += width
        else:
            end = width + offset
            index = data[end:].find(b" ")
            if index == -1:
                out += data[offset:]
                offset = length
            else:
                space_at = index + end
                out += data[offset:space_at] + newline_bytes
                offset = space_at + 1
    out += data[offset:]
    return string_from_bytes(bytes(out))


@go_func("func(string, string) bool")
def contains(substring: str, text: str) -> bool:
    return substring in text


@go_func("func(string, string) bool")
def has_prefix(prefix: str, text: str) -> bool:
    return text.startswith(prefix)


@go_func("func(string, string) bool")
def has_suffix(suffix: str, text: str) -> bool:
    return text.endswith(suffix)


@go_func("func(...interface {}) string")
def quote(*values: Any) -> str:
    return " ".join(go_quote(strval(value)) for value in values if value is not None)


@go_func("func(...interface {}) string")
def squote(*values: Any) -> str:
    from kubeship.gotemplate import gofmt

    return " ".join(f"'{gofmt.format_value(value)}'" for value in values if value is not None)


@go_func("func(...interface {}) string")
def cat(*values: Any) -> str:
    from kubeship.gotemplate import gofmt

    present = [value for value in values if value is not None]
    return gofmt.sprintf(" ".join(["%v"] * len(present)), *present)


@go_func("func(int, string) string")
def indent(spaces: int, text: str) -> str:
    pad = go_repeat(" ", spaces)
    return pad + text.replace("\n", "\n" + pad)


@go_func("func(int, string) string")
def nindent(spaces: int, text: str) -> str:
    return "\n" + indent(spaces, text)


@go_func("func(string, string, string) string")
def replace(old: str, new: str, text: str) -> str:
    return go_replace_all(text, old, new)


def go_replace_all(text: str, old: str, new: str) -> str:
    """Return ``strings.Replace(text, old, new, -1)``: an empty ``old`` inserts ``new`` around every rune."""
    if old == "":
        return new + new.join(text) + new if text else new
    return text.replace(old, new)


@go_func("func(string, string, int) string")
def plural(one: str, many: str, count: int) -> str:
    return one if count == 1 else many


@go_func("func(any) string")
def to_string(value: Any) -> str:
    return strval(value)


@go_func("func(string) int")
def atoi(text: str) -> int:
    from kubeship.gotemplate.functions.gostrconv import NumError, parse_int

    try:
        return parse_int(text, 10)
    except NumError as error:
        # Atoi returns the clamped value on overflow and 0 on a syntax error.
        if error.out_of_range:
            return gotypes.wrap_int(-(1 << 63) if text.startswith("-") else (1 << 63) - 1, 64, True)
        return 0


def _split_map(parts: list[str]) -> GoMap:
    return GoMap({f"_{index}": part for index, part in enumerate(parts)}, "string", "string")


def go_split(text: str, separator: str, limit: int = -1) -> list[str]:
    """Return ``strings.SplitN(text, separator, limit)`` (``limit`` -1 is ``strings.Split``)."""
    if limit == 0:
        return []
    if separator == "":
        characters = list(text)
        if limit > 0 and len(characters) > limit:
            characters = characters[:limit - 1] + ["".join(characters[limit - 1:])]
        return characters
    if limit < 0:
        return text.split(separator)
    return text.split(separator, limit - 1)


@go_func("func(string, string) map[string]string")
def split(separator: str, text: str) -> GoMap:
    return _split_map(go_split(text, separator))


@go_func("func(string, int, string) map[string]string")
def splitn(separator: str, count: int, text: str) -> GoMap:
    return _split_map(go_split(text, separator, count))


@go_func("func(string, string) []string")
def split_list(separator: str, text: str) -> gotypes.GoSlice:
    return gotypes.GoSlice(go_split(text, separator), "string")


FUNCTIONS = {
    "trim": trim,
    "upper": upper,
    "lower": lower,
    "title": title,
    "untitle": untitle,
    "swapcase": swapcase,
    "trunc": trunc,
    "substr": substr,
    "repeat": repeat,
    "trimall": trim_all,
    "trimAll": trim_all,
    "trimSuffix": trim_suffix,
    "trimPrefix": trim_prefix,
    "nospace": nospace,
    "initials": initials,
    "abbrev": abbrev,
    "abbrevboth": abbrevboth,
    "wrap": wrap,
    "wrapWith": wrap_with,
    "contains": contains,
    "hasPrefix": has_prefix,
    "hasSuffix": has_suffix,
    "quote": quote,
    "squote": squote,
    "cat": cat,
    "indent": indent,
    "nindent": nindent,
    "replace": replace,
    "plural": plural,
    "toString": to_string,
    "atoi": atoi,
    "split": split,
    "splitn": splitn,
    "splitList": split_list,
}
