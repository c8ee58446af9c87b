"""A small subset of Go's ``fmt``, used only until ``gofmt`` is present."""

from __future__ import annotations

import decimal
import math
import re
from typing import Any

from kubeship.gotemplate import gotypes as g


def format_float(value: float) -> str:
    """Format a float as Go's ``%v`` does: shortest digits, exponent below 1e-4 or from 1e+06."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    sign, digits, exponent = decimal.Decimal(repr(float(value))).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + exponent
    scientific = point - 1
    prefix = "-" if sign else ""
    if scientific < -4 or scientific >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        exp_sign = "-" if scientific < 0 else "+"
        return f"{prefix}{mantissa}e{exp_sign}{abs(scientific):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{text}"
    if point >= len(text):
        return prefix + text + "0" * (point - len(text))
    return f"{prefix}{text[:point]}.{text[point:]}"


def format_value(value: Any, top: bool = True) -> str:
    """Format a value as Go's ``%v`` does, for the model's common types."""
    if value is None or getattr(value, "is_nil", False) is True and not isinstance(value, (list, dict)):
        return "<nil>"
    method = g.find_method(value, "Error") or g.find_method(value, "String")
    if method is not None:
        return method[0]()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, complex):
        imag = format_float(value.imag)
        return f"({format_float(value.real)}{'' if imag[0] in '+-' else '+'}{imag}i)"
    if isinstance(value, bytes):
        return "[" + " ".join(str(b) for b in value) + "]"
    if isinstance(value, list):
        return "[" + " ".join(format_value(v, False) for v in value) + "]"
    if isinstance(value, dict):
        from kubeship.gotemplate.sorting import sorted_map_items

        return "map[" + " ".join(f"{format_value(k, False)}:{format_value(v, False)}"
                                 for k, v in sorted_map_items(value)) + "]"
    if isinstance(value, g.GoPointer):
        return "&" + format_value(value.target, False)
    if isinstance(value, g.GoStruct):
        return "{" + " ".join(format_value(getattr(value, f), False) for f in value.go_fields) + "}"
    return str(value)


def sprint(*values: Any) -> str:
    parts = []
    for index, value in enumerate(values):
        if index > 0 and not isinstance(value, str) and not isinstance(values[index - 1], str):
            parts.append(" ")
        parts.append(format_value(value))
    return "".join(parts)


def sprintln(*values: Any) -> str:
    return " ".join(format_value(v) for v in values) + "\n"


_VERB = re.compile(r"%([-+# 0]*)(\d*)(?:\.(\d*))?([a-zA-Z%])")


def sprintf(format_text: str, *values: Any) -> str:
    out = []
    position = 0
    index = 0
    for match in _VERB.finditer(format_text):
        out.append(format_text[position:match.start()])
        position = match.end()
        verb = match.group(4)
        if verb == "%":
            out.append("%")
            continue
        if index >= len(values):
            out.append(f"%!{verb}(MISSING)")
            continue
        value = values[index]
        index += 1
        out.append(_format_verb(verb, value))
    out.append(format_text[position:])
    if index < len(values):
        extra = ", ".join(f"{g.go_type_name(v)}={format_value(v)}" for v in values[index:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _format_verb(verb: str, value: Any) -> str:
    from kubeship.gotemplate.lexer import go_quote

    if verb == "q" and isinstance(value, str):
        return go_quote(value)
    if verb == "T":
        return g.go_type_name(value)
    if verb == "d" and not isinstance(value, int):
        return f"%!d({g.go_type_name(value)}={format_value(value)})"
    return format_value(value)
