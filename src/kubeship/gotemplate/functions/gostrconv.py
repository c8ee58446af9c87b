"""Go's ``strconv`` number parsing: ``ParseInt``, ``ParseUint``, ``ParseFloat``, ``FormatFloat``.

Go's rules differ from Python's ``int()`` and ``float()``: base 0 reads ``0x``,
``0o``, ``0b`` and a bare leading ``0`` (octal) prefixes, underscores may only
separate digits, a hexadecimal float needs a ``p`` exponent, and out-of-range
input is an error (``ErrRange``) instead of a big integer or an infinity.
The YAML resolver, spf13/cast and the Sprig functions all parse with these rules.
"""

from __future__ import annotations

import math
import re

from kubeship.gotemplate import floatfmt
from kubeship.gotemplate.literals import underscore_ok
from kubeship.gotemplate.quote import quote as go_quote

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
UINT64_MAX = (1 << 64) - 1


class NumError(ValueError):
    """A Go ``*strconv.NumError``: the function, the input and the reason."""

    def __init__(self, function: str, text: str, reason: str) -> None:
        super().__init__(f'strconv.{function}: parsing {go_quote_ascii(text)}: {reason}')
        self.function = function
        self.text = text
        self.reason = reason

    @property
    def out_of_range(self) -> bool:
        return self.reason == "value out of range"


SYNTAX = "invalid syntax"
RANGE = "value out of range"


def go_quote_ascii(text: str) -> str:
    """Quote ``text`` the way ``strconv.Quote`` does for printable ASCII (enough for error messages)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


_DIGIT_VALUES = {c: i for i, c in enumerate("0123456789abcdefghijklmnopqrstuvwxyz")}


def parse_uint(text: str, base: int = 0, bit_size: int = 64, *, function: str = "ParseUint") -> int:
    """Parse an unsigned integer as Go's ``strconv.ParseUint`` does."""
    if text == "":
        raise NumError(function, text, SYNTAX)
    original = text
    base_zero = base == 0

    if base == 0:
        base = 10
        if text[0] == "0":
            if len(text) >= 3 and text[1].lower() == "b":
                base, text = 2, text[2:]
            elif len(text) >= 3 and text[1].lower() == "o":
                base, text = 8, text[2:]
            elif len(text) >= 3 and text[1].lower() == "x":
                base, text = 16, text[2:]
            else:
                base, text = 8, text[1:]
    elif not 2 <= base <= 36:
        raise NumError(function, original, f"invalid base {base}")

    limit = (1 << bit_size) - 1
    value = 0
    underscores = False
    for char in text:
        if char == "_" and base_zero:
            underscores = True
            continue
        digit = _DIGIT_VALUES.get(char.lower()) if char.isascii() else None
        if digit is None or digit >= base:
            raise NumError(function, original, SYNTAX)
        value = value * base + digit
    if underscores and not underscore_ok(original):
        raise NumError(function, original, SYNTAX)
    if value > limit:
        raise NumError(function, original, RANGE)
    return value


def parse_int(text: str, base: int = 0, bit_size: int = 64) -> int:
    """Parse a signed integer as Go's ``strconv.ParseInt`` does."""
    if text == "":
        raise NumError("ParseInt", text, SYNTAX)
    negative = text[0] == "-"
    digits = text[1:] if text[0] in "+-" else text
    try:
        magnitude = parse_uint(digits, base, bit_size, function="ParseInt")
    except NumError as error:
        if error.out_of_range:
            raise NumError("ParseInt", text, RANGE) from None
        raise NumError("ParseInt", text, error.reason) from None

    cutoff = 1 << (bit_size - 1)
    if not negative and magnitude >= cutoff:
        raise NumError("ParseInt", text, RANGE)
    if negative and magnitude > cutoff:
        raise NumError("ParseInt", text, RANGE)
    return -magnitude if negative else magnitude


_DECIMAL_FLOAT = re.compile(r"[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?")
_HEX_FLOAT = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+)[pP][+-]?[0-9_]+")
_SPECIAL_FLOATS = {"inf": math.inf, "+inf": math.inf, "-inf": -math.inf, "infinity": math.inf,
                   "+infinity": math.inf, "-infinity": -math.inf, "nan": math.nan}


def parse_float(text: str, bit_size: int = 64) -> float:
    """Parse a float as Go's ``strconv.ParseFloat`` does (decimal, hexadecimal, Inf, NaN)."""
    special = _SPECIAL_FLOATS.get(text.lower())
    if special is not None:
        return special

    if _DECIMAL_FLOAT.fullmatch(text):
        mantissa = re.split(r"[eE]", text)[0]
        if not any(c.isdigit() for c in mantissa):
            raise NumError("ParseFloat", text, SYNTAX)
        value = float(text.replace("_", ""))
    elif _HEX_FLOAT.fullmatch(text):
        value = _parse_hex_float(text)
    else:
        raise NumError("ParseFloat", text, SYNTAX)

    if "_" in text and not underscore_ok(text):
        raise NumError("ParseFloat", text, SYNTAX)
    if bit_size == 32:
        value = to_float32(value, text)
    if math.isinf(value):
        raise NumError("ParseFloat", text, RANGE)
    return value


def _parse_hex_float(text: str) -> float:
    plain = text.replace("_", "")
    mantissa = plain.split("p")[0].split("P")[0]
    if not any(c in "0123456789abcdefABCDEF" for c in mantissa.lower().split("x", 1)[1]):
        raise NumError("ParseFloat", text, SYNTAX)
    try:
        return float.fromhex(plain)
    except OverflowError:
        return -math.inf if plain.startswith("-") else math.inf


def to_float32(value: float, text: str = "") -> float:
    """Round a float64 to the nearest float32 value, as Go's conversion ``float32(x)`` does."""
    return floatfmt.to_float32(value)


def format_float_g(value: float, bit_size: int = 64) -> str:
    """Format ``value`` as Go's ``strconv.FormatFloat(value, 'g', -1, bit_size)`` does."""
    return floatfmt.format_float(value, "g", -1, bit_size)


def format_float_f(value: float, bit_size: int = 64) -> str:
    """Format ``value`` as Go's ``strconv.FormatFloat(value, 'f', -1, bit_size)`` does (no exponent)."""
    return floatfmt.format_float(value, "f", -1, bit_size)


def quote(text: str) -> str:
    """Quote ``text`` as Go's ``strconv.Quote`` does."""
    return go_quote(text)
