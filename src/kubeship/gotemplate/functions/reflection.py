"""Sprig's type functions (``typeOf``, ``kindOf`` …) and Go's ``reflect.DeepEqual`` and emptiness rules."""

from __future__ import annotations

import math
from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.gotypes import go_func


def type_name(value: Any) -> str:
    """Return what Go's ``%T`` prints (``<nil>`` for nil)."""
    return gotypes.go_type_name(value)


def kind_name(value: Any) -> str:
    """Return ``reflect.ValueOf(value).Kind().String()`` (``invalid`` for nil)."""
    return gotypes.go_kind(value)


def deep_equal(left: Any, right: Any) -> bool:
    """Compare as Go's ``reflect.DeepEqual``: same types, then equal contents (NaN is never equal)."""
    if left is None or right is None:
        return left is None and right is None
    if type_name(left) != type_name(right):
        return False
    if isinstance(left, float):
        return left == right
    if isinstance(left, (list, dict)) and getattr(left, "is_nil", False) != getattr(right, "is_nil", False):
        return False
    if isinstance(left, list):
        return len(left) == len(right) and all(deep_equal(a, b) for a, b in zip(left, right))
    if isinstance(left, dict):
        if len(left) != len(right):
            return False
        return all(key in right and deep_equal(item, right[key]) for key, item in left.items())
    if isinstance(left, gotypes.GoPointer):
        if left.is_nil or right.is_nil:
            return left.is_nil and right.is_nil
        return left.target is right.target or deep_equal(left.target, right.target)
    if isinstance(left, gotypes.GoFunc):
        return left.is_nil and right.is_nil
    if isinstance(left, gotypes.GoStruct):
        return all(deep_equal(getattr(left, name), getattr(right, name)) for name in type(left).go_fields)
    if isinstance(left, gotypes.GoTime):
        return left.moment == right.moment and left.nanosecond == right.nanosecond and left.zone_name == right.zone_name
    return left == right


def is_empty(value: Any) -> bool:
    """Report emptiness as Sprig's ``empty`` does: nil, zero numbers, false, and empty strings, slices and maps.

    Structs (``time.Time`` included) are never empty; pointers and funcs are empty only when nil.
    """
    if value is None:
        return True
    if isinstance(value, (str, bytes, list, dict)):
        return len(value) == 0
    if isinstance(value, (bool, int, complex)):
        return value == 0
    if isinstance(value, float):
        return value == 0 and not math.isnan(value)
    if isinstance(value, (gotypes.GoPointer, gotypes.GoFunc)):
        return value.is_nil
    return False


@go_func("func(any) string")
def type_of(value: Any) -> str:
    return type_name(value)


@go_func("func(string, any) bool")
def type_is(target: str, value: Any) -> bool:
    return target == type_name(value)


@go_func("func(string, any) bool")
def type_is_like(target: str, value: Any) -> bool:
    name = type_name(value)
    return target == name or "*" + target == name


@go_func("func(any) string")
def kind_of(value: Any) -> str:
    return kind_name(value)


@go_func("func(string, any) bool")
def kind_is(target: str, value: Any) -> bool:
    return target == kind_name(value)


@go_func("func(any, any) bool")
def deep_equal_function(left: Any, right: Any) -> bool:
    return deep_equal(left, right)


FUNCTIONS = {
    "typeOf": type_of,
    "typeIs": type_is,
    "typeIsLike": type_is_like,
    "kindOf": kind_of,
    "kindIs": kind_is,
    "deepEqual": deep_equal_function,
}
