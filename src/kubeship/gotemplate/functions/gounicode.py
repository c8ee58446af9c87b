"""Go's ``unicode`` predicates and simple case mappings, which differ from Python's string methods.

Python's ``str.isspace`` accepts U+001C..U+001F and ``str.upper`` applies full
case mappings (``"ß".upper()`` is ``"SS"``); Go's ``unicode.IsSpace`` does not
and Go maps one rune to one rune.
"""

from __future__ import annotations

import unicodedata

_LATIN1_SPACES = frozenset("\t\n\v\f\r \x85\xa0")


def is_space(char: str) -> bool:
    """Report whether Go's ``unicode.IsSpace`` accepts ``char``."""
    if ord(char) <= 0xFF:
        return char in _LATIN1_SPACES
    return char.isspace()


def is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def is_upper(char: str) -> bool:
    return unicodedata.category(char) == "Lu"


def is_lower(char: str) -> bool:
    return unicodedata.category(char) == "Ll"


def is_title(char: str) -> bool:
    return unicodedata.category(char) == "Lt"


def is_number(char: str) -> bool:
    return unicodedata.category(char).startswith("N")


def is_digit(char: str) -> bool:
    return unicodedata.category(char) == "Nd"


def is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def _simple(mapped: str, char: str) -> str:
    return mapped if len(mapped) == 1 else char


def to_upper(char: str) -> str:
    """Map one rune as Go's ``unicode.ToUpper`` does (a full mapping to several runes leaves it unchanged)."""
    return _simple(char.upper(), char)


def to_lower(char: str) -> str:
    return _simple(char.lower(), char)


def to_title(char: str) -> str:
    return _simple(char.title(), char)


def upper(text: str) -> str:
    """Return ``strings.ToUpper(text)``."""
    if text.isascii():
        return text.upper()
    return "".join(to_upper(char) for char in text)


def lower(text: str) -> str:
    """Return ``strings.ToLower(text)``."""
    if text.isascii():
        return text.lower()
    return "".join(to_lower(char) for char in text)


def trim_space(text: str) -> str:
    """Return ``strings.TrimSpace(text)``."""
    start = 0
    end = len(text)
    while start < end and is_space(text[start]):
        start += 1
    while end > start and is_space(text[end - 1]):
        end -= 1
    return text[start:end]
