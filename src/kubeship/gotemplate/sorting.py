"""Map key order as Go's ``internal/fmtsort`` defines it, used by ``range`` over maps."""

from __future__ import annotations

import functools
import math
from typing import Any

from kubeship.gotemplate import gotypes as g


def sorted_map_items(mapping: dict) -> list[tuple[Any, Any]]:
    """Return the items of a map sorted by key as Go's ``fmtsort.Sort`` orders them."""
    if type(mapping) is dict:
        if all(key.isascii() for key in mapping):
            return sorted(mapping.items(), key=_first)
        return sorted(mapping.items(), key=_string_key)
    return sorted(mapping.items(), key=functools.cmp_to_key(_compare_items))


def _first(item: tuple[str, Any]) -> str:
    return item[0]


def _string_key(item: tuple[str, Any]) -> bytes:
    return g.string_bytes(item[0])


def _compare_items(left: tuple[Any, Any], right: tuple[Any, Any]) -> int:
    return compare_keys(left[0], right[0])


def compare_keys(left: Any, right: Any) -> int:
    """Compare two map keys: numbers by value (NaN first), strings by bytes, false before true.

    Keys of different types (in an ``interface {}``-keyed map) are ordered by
    their Go type name.  NOTE: Go orders those by the address of the type
    descriptor, so mixed-type key order may differ from Go's.
    """
    if left is None or right is None:
        return (left is not None) - (right is not None)
    left_type = g.go_type_name(left)
    right_type = g.go_type_name(right)
    if left_type != right_type:
        return -1 if left_type < right_type else 1
    if isinstance(left, str):
        return _cmp(g.string_bytes(left), g.string_bytes(right))
    if isinstance(left, float):
        return _compare_floats(left, right)
    if isinstance(left, complex):
        return _compare_floats(left.real, right.real) or _compare_floats(left.imag, right.imag)
    if isinstance(left, (int, bool)):
        return _cmp(int(left), int(right))
    return 0


def _compare_floats(left: float, right: float) -> int:
    if math.isnan(left) or math.isnan(right):
        return (not math.isnan(left)) - (not math.isnan(right))
    return _cmp(left, right)


def _cmp(left: Any, right: Any) -> int:
    return (left > right) - (left < right)
