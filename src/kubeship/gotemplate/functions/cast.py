"""Conversions as Sprig does them: spf13/cast's ``ToInt``, ``ToInt64``, ``ToFloat64``, ``ToString`` and Sprig's ``strval``.

cast (v1.7) dereferences pointers, converts numbers with Go's conversions
(floats truncate toward zero, uint64 wraps into int64), parses strings with
``strconv.ParseInt(s, 0, 0)`` after dropping a ``.0…`` suffix (so ``"0x1F"`` is 31,
``"010"`` is 8 and ``"1.5"`` fails), and reads booleans as 1 and 0. A value it
cannot convert gives 0 (the non-``E`` functions Sprig calls ignore the error).
"""

from __future__ import annotations

import math
from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions.gostrconv import (
    INT64_MIN,
    NumError,
    format_float_f,
    parse_float,
    parse_int,
)


class CastError(ValueError):
    """A value spf13/cast cannot convert, with cast's message."""


def indirect(value: Any) -> Any:
    """Follow pointers to the value they point at (a nil pointer stays as it is)."""
    while isinstance(value, gotypes.GoPointer) and not value.is_nil:
        value = value.target
    return value


def float_to_int64(value: float) -> int:
    """Convert a float to int64 as Go does on amd64: truncate, and give int64's minimum when out of range."""
    if math.isnan(value) or not -9.223372036854775808e18 <= value < 9.223372036854775808e18:
        return INT64_MIN
    return int(value)


def trim_zero_decimal(text: str) -> str:
    """Drop a decimal point followed only by zeros (``"10.00"`` to ``"10"``), as cast does."""
    found_zero = False
    for index in range(len(text), 0, -1):
        char = text[index - 1]
        if char == ".":
            if found_zero:
                return text[:index - 1]
        elif char == "0":
            found_zero = True
        else:
            return text
    return text


def to_int64_e(value: Any) -> int:
    """Convert as cast's ``ToInt64E``; raises :class:`CastError` with cast's message."""
    value = indirect(value)
    if value is None:
        return 0
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, int) and not isinstance(value, gotypes.GoDuration):
        return gotypes.wrap_int(int(value), 64, True)
    if isinstance(value, float):
        return float_to_int64(float(value))
    if isinstance(value, str):
        try:
            return parse_int(trim_zero_decimal(value), 0, 64)
        except NumError:
            raise CastError(f"unable to cast {go_sharp_v(value)} of type string to int64") from None
    raise CastError(f"unable to cast {go_sharp_v(value)} of type {gotypes.go_type_name(value)} to int64")


def to_int64(value: Any) -> int:
    """Convert as Sprig's ``int64`` (cast's ``ToInt64``): 0 when the value cannot be converted."""
    try:
        return to_int64_e(value)
    except CastError:
        return 0


def to_int(value: Any) -> int:
    """Convert as Sprig's ``int`` (cast's ``ToInt``); Go's ``int`` is 64 bits here."""
    return to_int64(value)


def to_float64_e(value: Any) -> float:
    """Convert as cast's ``ToFloat64E``."""
    value = indirect(value)
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)) and not isinstance(value, gotypes.GoDuration):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_float(value)
        except NumError:
            raise CastError(f"unable to cast {go_sharp_v(value)} of type string to float64") from None
    raise CastError(f"unable to cast {go_sharp_v(value)} of type {gotypes.go_type_name(value)} to float64")


def to_float64(value: Any) -> float:
    """Convert as Sprig's ``float64`` (cast's ``ToFloat64``): 0 when the value cannot be converted."""
    try:
        return to_float64_e(value)
    except CastError:
        return 0.0


def to_string_e(value: Any) -> str:
    """Convert as cast's ``ToStringE`` (floats in plain decimal form, ``[]byte`` as text, nil as "")."""
    value = _indirect_to_stringer(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, gotypes.Float32):
        return format_float_f(float(value), 32)
    if isinstance(value, float):
        return format_float_f(value, 64)
    if isinstance(value, int) and not gotypes.has_method(value, "String"):
        return str(int(value))
    if isinstance(value, bytes):
        return gotypes.string_from_bytes(value)
    if gotypes.has_method(value, "String"):
        return call_method(value, "String")
    if gotypes.has_method(value, "Error"):
        return call_method(value, "Error")
    raise CastError(f"unable to cast {go_sharp_v(value)} of type {gotypes.go_type_name(value)} to string")


def _indirect_to_stringer(value: Any) -> Any:
    while (isinstance(value, gotypes.GoPointer) and not value.is_nil
           and not gotypes.has_method(value, "String") and not gotypes.has_method(value, "Error")):
        value = value.target
    return value


def call_method(value: Any, name: str) -> Any:
    """Call the Go method ``name`` of ``value`` (it must exist)."""
    found = gotypes.find_method(value, name)
    assert found is not None
    method, _ = found
    return method()


def strval(value: Any) -> str:
    """Convert a value to a string as Sprig's ``strval`` does: strings, ``[]byte``, ``Error()``, ``String()``, else ``%v``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return gotypes.string_from_bytes(value)
    if value is not None and gotypes.has_method(value, "Error"):
        return call_method(value, "Error")
    if value is not None and gotypes.has_method(value, "String"):
        return call_method(value, "String")
    from kubeship.gotemplate import gofmt

    return gofmt.format_value(value)


def go_sharp_v(value: Any) -> str:
    """Format a value as Go's ``%#v`` does, for the messages that quote it."""
    from kubeship.gotemplate import gofmt

    return gofmt.sprintf("%#v", value)
