"""Sprig's list functions: ``list``, ``append``, ``first``, ``uniq``, ``has``, ``slice``, ``concat`` …

They accept any slice or array (typed slices and ``[]byte`` included) and return
``[]interface {}``. Anything else is an error naming its reflect kind, as
Sprig's panics do. Comparisons use ``reflect.DeepEqual``, so ``1`` and ``1.0``
differ and ``int`` and ``int64`` differ.
"""

from __future__ import annotations

import math
from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions.cast import float_to_int64, strval, to_int
from kubeship.gotemplate.functions.panics import check_slice_bounds, runtime_error
from kubeship.gotemplate.functions.reflection import deep_equal, is_empty, kind_name
from kubeship.gotemplate.gotypes import GoError, GoSlice, go_func

NIL_DEREFERENCE = "invalid memory address or nil pointer dereference"


def items_of(value: Any) -> list[Any] | None:
    """Return the elements of a slice or array as Go values, or None when ``value`` is neither."""
    if isinstance(value, bytes):
        return [gotypes.Uint8(byte) for byte in value]
    if isinstance(value, list):
        return list(value)
    return None


def require_items(value: Any, message: str) -> list[Any]:
    """Return the elements of a slice, or raise Sprig's error ``message % kind`` for other values.

    ``reflect.TypeOf(nil).Kind()`` dereferences a nil type in Go, so nil gets that panic.
    """
    if value is None:
        raise runtime_error(NIL_DEREFERENCE)
    items = items_of(value)
    if items is None:
        raise GoError(message % kind_name(value))
    return items


def nil_list() -> GoSlice:
    """Return a nil ``[]interface {}`` (prints ``[]``, encodes to JSON as ``null``)."""
    return GoSlice([], "interface {}", is_nil=True)


@go_func("func(...interface {}) []interface {}")
def list_(*values: Any) -> list[Any]:
    return list(values)


@go_func("func(any, any) []interface {}")
def push(values: Any, value: Any) -> list[Any]:
    return require_items(values, "Cannot push on type %s") + [value]


@go_func("func(any, any) ([]interface {}, error)")
def must_push(values: Any, value: Any) -> list[Any]:
    return require_items(values, "Cannot push on type %s") + [value]


@go_func("func(any, any) []interface {}")
def prepend(values: Any, value: Any) -> list[Any]:
    return [value] + require_items(values, "Cannot prepend on type %s")


@go_func("func(any, any) ([]interface {}, error)")
def must_prepend(values: Any, value: Any) -> list[Any]:
    return [value] + require_items(values, "Cannot prepend on type %s")


def _chunk(size: int, values: Any) -> list[Any]:
    items = require_items(values, "Cannot chunk type %s")
    length = len(items)
    # Go divides as float64, so a zero size gives an infinity that converts to int64's minimum.
    if size == 0:
        quotient = math.copysign(math.inf, length - 1) if length != 1 else math.nan
    else:
        quotient = (length - 1) / size
    count = float_to_int64(math.floor(quotient) + 1) if math.isfinite(quotient) else float_to_int64(quotient)
    if count < 0:
        raise runtime_error("makeslice: len out of range")
    chunks: list[Any] = []
    for index in range(count):
        chunk_length = size
        if index == count - 1:
            chunk_length = int(math.floor(math.fmod(length, size))) or size
        start = index * size
        if start + chunk_length > length:
            raise runtime_error(f"index out of range [{length}] with length {length}")
        chunks.append(items[start:start + chunk_length])
    return GoSlice(chunks, "[]interface {}")


@go_func("func(int, any) [][]interface {}")
def chunk(size: int, values: Any) -> list[Any]:
    return _chunk(size, values)


@go_func("func(int, any) ([][]interface {}, error)")
def must_chunk(size: int, values: Any) -> list[Any]:
    return _chunk(size, values)


def _first(values: Any) -> Any:
    items = require_items(values, "Cannot find first on type %s")
    return items[0] if items else None


def _last(values: Any) -> Any:
    items = require_items(values, "Cannot find last on type %s")
    return items[-1] if items else None


def _rest(values: Any) -> list[Any]:
    items = require_items(values, "Cannot find rest on type %s")
    return items[1:] if items else nil_list()


def _initial(values: Any) -> list[Any]:
    items = require_items(values, "Cannot find initial on type %s")
    return items[:-1] if items else nil_list()


def _reverse(values: Any) -> list[Any]:
    return list(reversed(require_items(values, "Cannot find reverse on type %s")))


def _compact(values: Any) -> list[Any]:
    return [item for item in require_items(values, "Cannot compact on type %s") if not is_empty(item)]


def contains_value(haystack: list[Any], needle: Any) -> bool:
    """Report whether ``needle`` is in ``haystack`` by ``reflect.DeepEqual``."""
    return any(deep_equal(needle, item) for item in haystack)


def _uniq(values: Any) -> list[Any]:
    result: list[Any] = []
    for item in require_items(values, "Cannot find uniq on type %s"):
        if not contains_value(result, item):
            result.append(item)
    return result


def _without(values: Any, *omit: Any) -> list[Any]:
    omitted = list(omit)
    return [item for item in require_items(values, "Cannot find without on type %s")
            if not contains_value(omitted, item)]


def _has(needle: Any, haystack: Any) -> bool:
    if haystack is None:
        return False
    return contains_value(require_items(haystack, "Cannot find has on type %s"), needle)


def _slice(values: Any, *indices: Any) -> Any:
    if values is None:
        raise runtime_error(NIL_DEREFERENCE)
    items = items_of(values)
    if items is None:
        raise GoError(f"list should be type of slice or array but {kind_name(values)}")
    if not items:
        return None
    start = to_int(indices[0]) if indices else 0
    end = to_int(indices[1]) if len(indices) >= 2 else len(items)
    if not (0 <= start <= end <= len(values)):
        raise GoError("reflect.Value.Slice: slice index out of bounds")
    if isinstance(values, bytes):
        return values[start:end]
    if isinstance(values, GoSlice):
        return GoSlice.of_type(values.go_type, values[start:end])
    return values[start:end]


@go_func("func(...interface {}) interface {}")
def concat(*lists: Any) -> Any:
    result: list[Any] = []
    for values in lists:
        if values is None:
            raise runtime_error(NIL_DEREFERENCE)
        items = items_of(values)
        if items is None:
            raise GoError(f"Cannot concat type {kind_name(values)} as list")
        result.extend(items)
    return result if result else nil_list()


@go_func("func(any) []string")
def sort_alpha(values: Any) -> GoSlice:
    target = values
    while isinstance(target, gotypes.GoPointer) and not target.is_nil:
        target = target.target
    if items_of(target) is None:
        return GoSlice([strval(values)], "string")
    return GoSlice(sorted(to_strings(values), key=gotypes.string_bytes), "string")


def to_strings(value: Any) -> list[str]:
    """Convert to ``[]string`` as Sprig's ``strslice`` does: nil elements are dropped, others go through ``strval``."""
    if isinstance(value, GoSlice) and value.go_type.elem.name == "string":
        return list(value)
    items = items_of(value)
    if items is None:
        return [] if value is None else [strval(value)]
    return [strval(item) for item in items if item is not None]


@go_func("func(any) []string")
def to_strings_function(value: Any) -> GoSlice:
    return GoSlice(to_strings(value), "string")


@go_func("func(string, any) string")
def join(separator: str, value: Any) -> str:
    return separator.join(to_strings(value))


def _plain(function: Any, signature: str) -> Any:
    return gotypes.go_func(signature)(lambda *args: function(*args))


first = _plain(_first, "func(any) interface {}")
must_first = _plain(_first, "func(any) (interface {}, error)")
last = _plain(_last, "func(any) interface {}")
must_last = _plain(_last, "func(any) (interface {}, error)")
rest = _plain(_rest, "func(any) []interface {}")
must_rest = _plain(_rest, "func(any) ([]interface {}, error)")
initial = _plain(_initial, "func(any) []interface {}")
must_initial = _plain(_initial, "func(any) ([]interface {}, error)")
reverse = _plain(_reverse, "func(any) []interface {}")
must_reverse = _plain(_reverse, "func(any) ([]interface {}, error)")
compact = _plain(_compact, "func(any) []interface {}")
must_compact = _plain(_compact, "func(any) ([]interface {}, error)")
uniq = _plain(_uniq, "func(any) []interface {}")
must_uniq = _plain(_uniq, "func(any) ([]interface {}, error)")
without = _plain(_without, "func(any, ...interface {}) []interface {}")
must_without = _plain(_without, "func(any, ...interface {}) ([]interface {}, error)")
has = _plain(_has, "func(any, any) bool")
must_has = _plain(_has, "func(any, any) (bool, error)")
slice_ = _plain(_slice, "func(any, ...interface {}) interface {}")
must_slice = _plain(_slice, "func(any, ...interface {}) (interface {}, error)")

FUNCTIONS = {
    "list": list_,
    "tuple": list_,
    "append": push,
    "push": push,
    "mustAppend": must_push,
    "mustPush": must_push,
    "prepend": prepend,
    "mustPrepend": must_prepend,
    "first": first,
    "mustFirst": must_first,
    "rest": rest,
    "mustRest": must_rest,
    "last": last,
    "mustLast": must_last,
    "initial": initial,
    "mustInitial": must_initial,
    "reverse": reverse,
    "mustReverse": must_reverse,
    "uniq": uniq,
    "mustUniq": must_uniq,
    "without": without,
    "mustWithout": must_without,
    "has": has,
    "mustHas": must_has,
    "slice": slice_,
    "mustSlice": must_slice,
    "concat": concat,
    "chunk": chunk,
    "mustChunk": must_chunk,
    "compact": compact,
    "mustCompact": must_compact,
    "sortAlpha": sort_alpha,
    "toStrings": to_strings_function,
    "join": join,
}
