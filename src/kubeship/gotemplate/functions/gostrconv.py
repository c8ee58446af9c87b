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
import struct
import unicodedata

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


def underscore_ok(text: str) -> bool:
    """Report whether the underscores in ``text`` only separate digits, as Go number literals require."""
    saw = "^"
    i = 0
    if text[:1] in ("-", "+"):
        text = text[1:]

    hexadecimal = False
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        i = 2
        saw = "0"
        hexadecimal = text[1].lower() == "x"

    while i < len(text):
        char = text[i]
        i += 1
        if char.isascii() and (char.isdigit() or (hexadecimal and char.lower() in "abcdef")):
            saw = "0"
            continue
        if char == "_":
            if saw != "0":
                return False
            saw = "_"
            continue
        if saw == "_":
            return False
        saw = "!"
    return saw != "_"


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
    try:
        return struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def format_float_shortest(value: float, bit_size: int = 64) -> tuple[str, int]:
    """Return the shortest decimal digits and the decimal point position that read back as ``value``.

    The digits have no sign and no leading or trailing zeros; ``value`` equals
    ``0.DIGITS * 10**point``. Zero returns ``("0", 1)``.
    """
    magnitude = abs(value)
    if magnitude == 0:
        return "0", 1
    if bit_size == 64:
        text = repr(magnitude)
    else:
        text = _shortest_float32(to_float32(magnitude))

    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole) + (int(exponent) if exponent else 0)
    leading_zeros = len(whole + fraction) - len((whole + fraction).lstrip("0"))
    point -= leading_zeros
    return digits.rstrip("0") or "0", point


def _shortest_float32(magnitude: float) -> str:
    for precision in range(0, 9):
        text = f"{magnitude:.{precision}e}"
        if to_float32(float(text)) == magnitude:
            return text
    return f"{magnitude:.8e}"


def format_float_g(value: float, bit_size: int = 64) -> str:
    """Format ``value`` as Go's ``strconv.FormatFloat(value, 'g', -1, bit_size)`` does."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"

    sign = "-" if math.copysign(1.0, value) < 0 else ""
    digits, point = format_float_shortest(value, bit_size)

    # With the shortest precision Go switches to the exponent form below 1e-4 and from 1e6 on.
    exponent = point - 1
    if exponent < -4 or exponent >= 6:
        return sign + exponent_form(digits, exponent)
    return sign + decimal_form(digits, point)


def exponent_form(digits: str, exponent: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exponent_sign = "-" if exponent < 0 else "+"
    return f"{mantissa}e{exponent_sign}{abs(exponent):02d}"


def decimal_form(digits: str, point: int) -> str:
    if point <= 0:
        return "0." + "0" * -point + digits
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return digits[:point] + "." + digits[point:]


def format_float_f(value: float, bit_size: int = 64) -> str:
    """Format ``value`` as Go's ``strconv.FormatFloat(value, 'f', -1, bit_size)`` does (no exponent)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    digits, point = format_float_shortest(value, bit_size)
    return sign + decimal_form(digits, point)


def quote(text: str, *, ascii_only: bool = False) -> str:
    """Quote ``text`` as Go's ``strconv.Quote`` does (``QuoteToASCII`` with ``ascii_only``).

    Printable characters stay, others become ``\\a \\b \\f \\n \\r \\t \\v``, ``\\xNN``
    (single bytes, including invalid UTF-8), ``\\uNNNN`` or ``\\UNNNNNNNN``.
    """
    parts = ['"']
    for char in text:
        code = ord(char)
        if char in ('"', "\\"):
            parts.append("\\" + char)
        elif 0xDC80 <= code <= 0xDCFF:
            # An invalid UTF-8 byte, kept as a surrogate by gotypes.
            parts.append(f"\\x{code - 0xDC00:02x}")
        elif _is_go_printable(char) and not (ascii_only and code >= 0x80):
            parts.append(char)
        elif char in _QUOTE_ESCAPES:
            parts.append(_QUOTE_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            parts.append(f"\\x{code:02x}")
        elif code < 0x10000:
            parts.append(f"\\u{code:04x}")
        else:
            parts.append(f"\\U{code:08x}")
    parts.append('"')
    return "".join(parts)


_QUOTE_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _is_go_printable(char: str) -> bool:
    """Report whether Go's ``strconv.IsPrint`` accepts ``char``: letters, marks, numbers, punctuation, symbols and U+0020."""
    if char == " ":
        return True
    category = unicodedata.category(char)
    return category[0] in "LMNPS"
