"""Go literal syntax: ``strconv.Unquote``, ``UnquoteChar`` and the number rules of ``NumberNode``.

Each parser raises ``LiteralError`` with the message Go's function returns.
"""

from __future__ import annotations

import math
import re

from kubeship.gotemplate.nodes import NumberValue

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
UINT64_MAX = (1 << 64) - 1


class LiteralError(ValueError):
    """A literal Go rejects; ``str()`` is Go's error text."""


SYNTAX = "invalid syntax"

_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def unquote_char(text: str, quote: str) -> tuple[str, str]:
    """Decode the first character or escape of ``text`` (Go's ``strconv.UnquoteChar``).

    Returns the decoded character (a lone surrogate for a ``\\x``/octal byte
    above 0x7F, as the value model stores invalid bytes) and the rest.
    """
    if not text:
        raise LiteralError(SYNTAX)
    char = text[0]
    if char == quote and quote in "'\"":
        raise LiteralError(SYNTAX)
    if char != "\\":
        return char, text[1:]
    if len(text) < 2:
        raise LiteralError(SYNTAX)
    code = text[1]
    rest = text[2:]
    if code in _SIMPLE:
        return _SIMPLE[code], rest
    if code in "xuU":
        size = {"x": 2, "u": 4, "U": 8}[code]
        digits = rest[:size]
        if len(digits) < size or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise LiteralError(SYNTAX)
        value = int(digits, 16)
        if code == "x":
            return _byte_char(value), rest[size:]
        if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            raise LiteralError(SYNTAX)
        return chr(value), rest[size:]
    if code in "01234567":
        digits = text[1:4]
        if len(digits) < 3 or not all(c in "01234567" for c in digits):
            raise LiteralError(SYNTAX)
        value = int(digits, 8)
        if value > 255:
            raise LiteralError(SYNTAX)
        return _byte_char(value), text[4:]
    if code in "'\"":
        if code != quote:
            raise LiteralError(SYNTAX)
        return code, rest
    raise LiteralError(SYNTAX)


def _byte_char(value: int) -> str:
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


def unquote(text: str) -> str:
    """Decode a Go string literal in double quotes or backquotes (``strconv.Unquote``)."""
    if len(text) < 2 or text[0] != text[-1]:
        raise LiteralError(SYNTAX)
    quote = text[0]
    body = text[1:-1]
    if quote == "`":
        if "`" in body:
            raise LiteralError(SYNTAX)
        return body.replace("\r", "")
    if quote != '"' or "\n" in body:
        raise LiteralError(SYNTAX)
    if "\\" not in body and '"' not in body:
        return body
    out = []
    while body:
        char, body = unquote_char(body, '"')
        out.append(char)
    return _join_bytes("".join(out))


def _join_bytes(text: str) -> str:
    """Merge escaped bytes that together form valid UTF-8 into characters, as Go strings do."""
    if not any(0xDC80 <= ord(c) <= 0xDCFF for c in text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


def underscore_ok(text: str) -> bool:
    """Return whether the underscores in a number are allowed: only between digits or after a base prefix."""
    saw = "^"
    i = 0
    if text[:1] in ("-", "+"):
        text = text[1:]
    hex_digits = False
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        i = 2
        saw = "0"
        hex_digits = text[1].lower() == "x"
    while i < len(text):
        char = text[i]
        if char.isdigit() or (hex_digits and char.lower() in "abcdef"):
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
        i += 1
    return saw != "_"


def parse_uint(text: str) -> int:
    """Parse an unsigned integer with base prefix rules (``strconv.ParseUint(s, 0, 64)``)."""
    if not text or text[0] in "+-":
        raise LiteralError(SYNTAX)
    body = text
    base = 10
    if body[0] == "0":
        if len(body) >= 3 and body[1].lower() in "box":
            base = {"b": 2, "o": 8, "x": 16}[body[1].lower()]
            body = body[2:]
        else:
            base = 8
            body = body[1:]
    if "_" in body and not underscore_ok(text):
        raise LiteralError(SYNTAX)
    digits = body.replace("_", "")
    if not digits:
        if base == 8 and text.replace("_", "") == "0":
            return 0
        raise LiteralError(SYNTAX)
    try:
        value = int(digits, base)
    except ValueError:
        raise LiteralError(SYNTAX) from None
    if not all(c.isalnum() for c in digits):
        raise LiteralError(SYNTAX)
    if value > UINT64_MAX:
        raise LiteralError("value out of range")
    return value


def parse_int(text: str) -> int:
    """Parse a signed integer with base prefix rules (``strconv.ParseInt(s, 0, 64)``)."""
    sign = 1
    body = text
    if body[:1] in ("+", "-"):
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    value = sign * parse_uint(body)
    if not INT64_MIN <= value <= INT64_MAX:
        raise LiteralError("value out of range")
    return value


_DECIMAL_FLOAT = re.compile(r"[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d[\d_]*)?")
_HEX_FLOAT = re.compile(r"[+-]?0[xX]([\da-fA-F_]*\.?[\da-fA-F_]*)[pP][+-]?\d[\d_]*")


def parse_float(text: str) -> float:
    """Parse a float in Go syntax (``strconv.ParseFloat(s, 64)``), rejecting overflow."""
    if "_" in text and not underscore_ok(text):
        raise LiteralError(SYNTAX)
    if _HEX_FLOAT.fullmatch(text):
        mantissa = text.replace("_", "")
        if not any(c in "0123456789abcdefABCDEF" for c in mantissa.split("x")[-1].split("X")[-1].split("p")[0].split("P")[0]):
            raise LiteralError(SYNTAX)
        value = float.fromhex(mantissa)
    elif _DECIMAL_FLOAT.fullmatch(text):
        value = float(text.replace("_", ""))
    else:
        raise LiteralError(SYNTAX)
    if math.isinf(value):
        raise LiteralError("value out of range")
    return value


def _fits_int64(value: float) -> bool:
    return math.isfinite(value) and -(2.0**63) <= value < 2.0**63 and float(int(value)) == value


def _fits_uint64(value: float) -> bool:
    return math.isfinite(value) and 0 <= value < 2.0**64 and float(int(value)) == value


def _set_from_float(number: NumberValue, value: float) -> None:
    if not number.is_int and _fits_int64(value):
        number.is_int = True
        number.int64 = int(value)
    if not number.is_uint and _fits_uint64(value):
        number.is_uint = True
        number.uint64 = int(value)


def parse_number(text: str, is_char: bool, is_complex: bool) -> NumberValue:
    """Interpret a number literal as Go's ``newNumber`` does; raise ``LiteralError`` with its message."""
    number = NumberValue()
    if is_char:
        return _parse_char(text, number)
    if is_complex:
        number.complex128 = _parse_complex(text)
        number.is_complex = True
        _simplify_complex(number)
        return number
    if text.endswith("i"):
        try:
            imaginary = parse_float(text[:-1])
        except LiteralError:
            pass
        else:
            number.is_complex = True
            number.complex128 = complex(0, imaginary)
            _simplify_complex(number)
            return number
    _parse_real(text, number)
    if not (number.is_int or number.is_uint or number.is_float):
        raise LiteralError(f"illegal number syntax: {_quote(text)}")
    return number


def _parse_real(text: str, number: NumberValue) -> None:
    try:
        number.uint64 = parse_uint(text)
        number.is_uint = True
    except LiteralError:
        pass
    try:
        number.int64 = parse_int(text)
        number.is_int = True
        if number.int64 == 0:
            number.is_uint = True
            number.uint64 = 0
    except LiteralError:
        pass
    if number.is_int:
        number.is_float = True
        number.float64 = float(number.int64)
        return
    if number.is_uint:
        number.is_float = True
        number.float64 = float(number.uint64)
        return
    try:
        value = parse_float(text)
    except LiteralError:
        return
    if not any(c in text for c in ".eEpP"):
        raise LiteralError(f"integer overflow: {_quote(text)}")
    number.is_float = True
    number.float64 = value
    _set_from_float(number, value)


def _parse_char(text: str, number: NumberValue) -> NumberValue:
    char, tail = unquote_char(text[1:], text[0])
    if tail != "'":
        raise LiteralError(f"malformed character constant: {text}")
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        code -= 0xDC00
    number.is_int = number.is_uint = number.is_float = True
    number.int64 = number.uint64 = code
    number.float64 = float(code)
    return number


def _parse_complex(text: str) -> complex:
    split = max(text.rfind("+"), text.rfind("-"))
    while split > 0 and text[split - 1] in "eEpP":
        split = max(text.rfind("+", 0, split), text.rfind("-", 0, split))
    if split <= 0:
        raise LiteralError("expected integer")
    return complex(parse_float(text[:split]), parse_float(text[split:-1]))


def _simplify_complex(number: NumberValue) -> None:
    number.is_float = number.complex128.imag == 0
    if number.is_float:
        number.float64 = number.complex128.real
        _set_from_float(number, number.float64)


def _quote(text: str) -> str:
    from kubeship.gotemplate.lexer import go_quote

    return go_quote(text)
