"""Go's ``strconv.FormatFloat``: float64 and float32 values in every format fmt uses.

Digits come from Python's correctly rounded formatting (``repr`` for the shortest
float64 digits, ``%.Ne``/``%.Nf`` for a fixed precision, both rounding half to even
on exact ties as Go does) and from an exact search for the shortest float32 digits.
The layout (exponent width, the ``%g`` switch between forms, ``%b`` and ``%x``)
follows Go 1.26's ``strconv/ftoa.go``.
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction

FLOAT64_MANT_BITS, FLOAT64_BIAS = 52, -1023
FLOAT32_MANT_BITS, FLOAT32_BIAS = 23, -127


def format_float(value: float, fmt: str, prec: int, bit_size: int = 64) -> str:
    """Format ``value`` as ``strconv.FormatFloat(value, fmt, prec, bit_size)`` does.

    ``fmt`` is one of ``b e E f g G x X``; ``prec`` -1 requests the fewest digits that
    read back as the same value. A 32-bit ``bit_size`` rounds ``value`` to float32 first.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if bit_size == 32:
        value = to_float32(value)
    negative = math.copysign(1.0, value) < 0
    magnitude = -value if negative else value

    if fmt == "b":
        return _format_binary(negative, magnitude, bit_size)
    if fmt in "xX":
        return _format_hex(negative, magnitude, fmt, prec, bit_size)

    shortest = prec < 0
    if magnitude == 0:
        digits, point = "", 0
    elif shortest:
        digits, point = shortest_digits(magnitude, bit_size)
        prec = {"e": len(digits) - 1, "E": len(digits) - 1, "f": max(len(digits) - point, 0)}.get(fmt, len(digits))
    else:
        if fmt in "gG" and prec == 0:
            prec = 1
        digits, point = _rounded_digits(magnitude, fmt, prec)
    return _format_digits(negative, digits, point, fmt, prec, shortest)


def to_float32(value: float) -> float:
    """Return ``float32(value)`` as a Python float (infinite when out of float32 range)."""
    try:
        return struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def shortest_digits(magnitude: float, bit_size: int = 64) -> tuple[str, int]:
    """Return the fewest digits (closest to ``magnitude`` among them) and the decimal point.

    ``magnitude`` (positive, finite) equals ``0.DIGITS × 10**point`` after reading back
    at ``bit_size``; the digits have no trailing zeros.
    """
    if bit_size == 64:
        return _digits_of_repr(repr(magnitude))
    return _shortest_float32_digits(magnitude)


def _digits_of_repr(text: str) -> tuple[str, int]:
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    all_digits = whole + fraction
    stripped = all_digits.lstrip("0")
    point = len(whole) - (len(all_digits) - len(stripped)) + (int(exponent) if exponent else 0)
    return stripped.rstrip("0"), point


def _shortest_float32_digits(magnitude: float) -> tuple[str, int]:
    """Search 1 to 9 significant digits for the closest decimal that reads back as this float32."""
    exact = Fraction(magnitude)
    low, high, inclusive = _rounding_interval(magnitude)
    exponent = _decimal_exponent(exact)
    for count in range(1, 10):
        scale = exponent - count + 1
        unit = Fraction(10) ** scale
        quotient = exact / unit
        below = math.floor(quotient)
        candidates = [c for c in (below, below + 1) if _inside(Fraction(c) * unit, low, high, inclusive)]
        if not candidates:
            continue
        if len(candidates) == 2:
            gap_below, gap_above = quotient - below, below + 1 - quotient
            if gap_below != gap_above:
                chosen = below if gap_below < gap_above else below + 1
            else:
                chosen = below if below % 2 == 0 else below + 1
        else:
            chosen = candidates[0]
        text = str(chosen)
        return text.rstrip("0"), scale + len(text)
    raise AssertionError(f"no float32 digits found for {magnitude!r}")


def _rounding_interval(magnitude: float) -> tuple[Fraction, Fraction, bool]:
    """Return the bounds of the values that round to this float32, and whether they round to it."""
    bits = struct.unpack("<I", struct.pack("<f", magnitude))[0]
    mantissa = bits & ((1 << FLOAT32_MANT_BITS) - 1)
    biased = bits >> FLOAT32_MANT_BITS
    if biased == 0:
        exponent = 1 + FLOAT32_BIAS - FLOAT32_MANT_BITS
    else:
        mantissa |= 1 << FLOAT32_MANT_BITS
        exponent = biased + FLOAT32_BIAS - FLOAT32_MANT_BITS
    ulp = Fraction(2) ** exponent
    value = mantissa * ulp
    high = value + ulp / 2
    # Just above a power of two the gap below is half as wide.
    low = value - (ulp / 4 if mantissa == 1 << FLOAT32_MANT_BITS and biased > 1 else ulp / 2)
    return low, high, mantissa % 2 == 0


def _inside(candidate: Fraction, low: Fraction, high: Fraction, inclusive: bool) -> bool:
    if inclusive:
        return low <= candidate <= high
    return low < candidate < high


def _decimal_exponent(exact: Fraction) -> int:
    """Return E with 10**E <= exact < 10**(E+1)."""
    exponent = math.floor(math.log10(exact))
    while Fraction(10) ** exponent > exact:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= exact:
        exponent += 1
    return exponent


def _rounded_digits(magnitude: float, fmt: str, prec: int) -> tuple[str, int]:
    """Return the digits rounded to ``prec`` places (``f``) or significant digits (``e``, ``g``)."""
    if fmt == "f":
        text = f"{magnitude:.{prec}f}"
        whole, _, fraction = text.partition(".")
        all_digits = (whole + fraction).lstrip("0")
        point = len(whole) - (len(whole + fraction) - len(all_digits))
        return all_digits.rstrip("0"), point if all_digits else 0
    significant = prec + 1 if fmt in "eE" else prec
    return _digits_of_repr(f"{magnitude:.{significant - 1}e}")


def _format_digits(negative: bool, digits: str, point: int, fmt: str, prec: int, shortest: bool) -> str:
    if fmt in "eE":
        return _format_e(negative, digits, point, prec, fmt)
    if fmt == "f":
        return _format_f(negative, digits, point, prec)
    if fmt in "gG":
        count = len(digits)
        exponent_limit = prec
        if exponent_limit > count and count >= point:
            exponent_limit = count
        if shortest:
            exponent_limit = 6
        exponent = point - 1
        if exponent < -4 or exponent >= exponent_limit:
            if prec > count:
                prec = count
            return _format_e(negative, digits, point, prec - 1, "e" if fmt == "g" else "E")
        if prec > point:
            prec = count
        return _format_f(negative, digits, point, max(prec - point, 0))
    return "%" + fmt


def _format_e(negative: bool, digits: str, point: int, prec: int, letter: str) -> str:
    parts = ["-" if negative else "", digits[:1] or "0"]
    if prec > 0:
        parts.append(".")
        parts.append(digits[1 : prec + 1].ljust(prec, "0"))
    exponent = point - 1 if digits else 0
    sign = "-" if exponent < 0 else "+"
    parts.append(f"{letter}{sign}{abs(exponent):02d}")
    return "".join(parts)


def _format_f(negative: bool, digits: str, point: int, prec: int) -> str:
    parts = ["-" if negative else ""]
    if point > 0:
        parts.append(digits[:point].ljust(point, "0"))
    else:
        parts.append("0")
    if prec > 0:
        parts.append(".")
        fraction = "".join(digits[point + i] if 0 <= point + i < len(digits) else "0" for i in range(prec))
        parts.append(fraction)
    return "".join(parts)


def _float_parts(magnitude: float, bit_size: int) -> tuple[int, int, int]:
    """Return (mantissa with the implicit bit, binary exponent, mantissa bits) as Go's genericFtoa splits them."""
    if bit_size == 32:
        bits = struct.unpack("<I", struct.pack("<f", magnitude))[0]
        mant_bits, exp_bits, bias = FLOAT32_MANT_BITS, 8, FLOAT32_BIAS
    else:
        bits = struct.unpack("<Q", struct.pack("<d", magnitude))[0]
        mant_bits, exp_bits, bias = FLOAT64_MANT_BITS, 11, FLOAT64_BIAS
    exponent = (bits >> mant_bits) & ((1 << exp_bits) - 1)
    mantissa = bits & ((1 << mant_bits) - 1)
    if exponent == 0:
        exponent += 1
    else:
        mantissa |= 1 << mant_bits
    return mantissa, exponent + bias, mant_bits


def _format_binary(negative: bool, magnitude: float, bit_size: int) -> str:
    mantissa, exponent, mant_bits = _float_parts(magnitude, bit_size)
    exponent -= mant_bits
    sign = "+" if exponent >= 0 else ""
    return f"{'-' if negative else ''}{mantissa}p{sign}{exponent}"


def _format_hex(negative: bool, magnitude: float, fmt: str, prec: int, bit_size: int) -> str:
    mantissa, exponent, mant_bits = _float_parts(magnitude, bit_size)
    if mantissa == 0:
        exponent = 0

    # Normalize so that the leading 1 sits at bit 60.
    mantissa <<= 60 - mant_bits
    while mantissa != 0 and mantissa & (1 << 60) == 0:
        mantissa <<= 1
        exponent -= 1

    if 0 <= prec < 15:
        shift = prec * 4
        extra = (mantissa << shift) & ((1 << 60) - 1)
        mantissa >>= 60 - shift
        if extra | (mantissa & 1) > 1 << 59:
            mantissa += 1
        mantissa <<= 60 - shift
        if mantissa & (1 << 61):
            mantissa >>= 1
            exponent += 1

    hex_digits = "0123456789abcdef" if fmt == "x" else "0123456789ABCDEF"
    parts = ["-" if negative else "", "0", fmt, str((mantissa >> 60) & 1)]
    mantissa = (mantissa << 4) & ((1 << 64) - 1)
    if prec < 0 and mantissa != 0:
        parts.append(".")
        while mantissa != 0:
            parts.append(hex_digits[(mantissa >> 60) & 15])
            mantissa = (mantissa << 4) & ((1 << 64) - 1)
    elif prec > 0:
        parts.append(".")
        for _ in range(prec):
            parts.append(hex_digits[(mantissa >> 60) & 15])
            mantissa = (mantissa << 4) & ((1 << 64) - 1)
    sign = "-" if exponent < 0 else "+"
    parts.append(f"{'p' if fmt == 'x' else 'P'}{sign}{abs(exponent):02d}")
    return "".join(parts)
