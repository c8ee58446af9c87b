"""Go's ``strconv`` quoting: ``Quote``, ``QuoteToASCII``, ``QuoteRune``, ``CanBackquote``, ``IsPrint``.

A Go string is a ``str`` whose invalid UTF-8 bytes are the lone surrogates
U+DC80..U+DCFF (Python's ``surrogateescape``), so each such character is one byte
that Go's decoder reads as ``utf8.RuneError`` of width 1.
"""

from __future__ import annotations

import unicodedata

RUNE_ERROR = 0xFFFD
MAX_RUNE = 0x10FFFF

_SIMPLE_ESCAPES = {0x07: "\\a", 0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x0B: "\\v"}


def is_escaped_byte(char: str) -> bool:
    """Return whether ``char`` stands for an invalid UTF-8 byte of a Go string."""
    return "\udc80" <= char <= "\udcff"


def is_print(rune: int) -> bool:
    """Return whether Go's ``strconv.IsPrint`` holds: letters, marks, numbers, punctuation, symbols, ASCII space.

    NOTE: this reads Python's Unicode database (Unicode 14 on Python 3.11); Go 1.26 uses
    Unicode 15, so characters first assigned in Unicode 15 print escaped here.
    """
    if rune <= 0xFF:
        return 0x20 <= rune <= 0x7E or (0xA1 <= rune <= 0xFF and rune != 0xAD)
    if rune > MAX_RUNE or 0xD800 <= rune <= 0xDFFF:
        return False
    return unicodedata.category(chr(rune))[0] in "LMNPS"


def quote(text: str, quote_char: str = '"', ascii_only: bool = False) -> str:
    """Quote a Go string as ``strconv.Quote`` (or ``QuoteToASCII`` with ``ascii_only``) does."""
    parts = [quote_char]
    for char in text:
        if is_escaped_byte(char):
            parts.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            parts.append(_escape_rune(ord(char), quote_char, ascii_only))
    parts.append(quote_char)
    return "".join(parts)


def quote_rune(rune: int, ascii_only: bool = False) -> str:
    """Quote a rune as ``strconv.QuoteRune`` (or ``QuoteRuneToASCII``) does; invalid runes become U+FFFD."""
    if not valid_rune(rune):
        rune = RUNE_ERROR
    return "'" + _escape_rune(rune, "'", ascii_only) + "'"


def valid_rune(rune: int) -> bool:
    """Return whether ``rune`` is a Unicode scalar value (``utf8.ValidRune``)."""
    return 0 <= rune <= MAX_RUNE and not 0xD800 <= rune <= 0xDFFF


def _escape_rune(rune: int, quote_char: str, ascii_only: bool) -> str:
    if rune == ord(quote_char) or rune == 0x5C:
        return "\\" + chr(rune)
    if ascii_only:
        if rune < 0x80 and is_print(rune):
            return chr(rune)
    elif is_print(rune):
        return chr(rune)
    simple = _SIMPLE_ESCAPES.get(rune)
    if simple is not None:
        return simple
    if rune < 0x20 or rune == 0x7F:
        return f"\\x{rune:02x}"
    if not valid_rune(rune):
        rune = RUNE_ERROR
    if rune < 0x10000:
        return f"\\u{rune:04x}"
    return f"\\U{rune:08x}"


def can_backquote(text: str) -> bool:
    """Return whether ``text`` can be a raw string literal unchanged (``strconv.CanBackquote``)."""
    for char in text:
        if is_escaped_byte(char) or char == "\ufeff":
            return False
        if char < " " and char != "\t":
            return False
        if char == "`" or char == "\x7f":
            return False
    return True
