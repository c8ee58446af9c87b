"""Go runtime panics that template functions can raise, with Go's messages.

text/template recovers a panic in a function and reports it as
``error calling NAME: MESSAGE``; raising :class:`~kubeship.gotemplate.gotypes.GoError`
with the runtime's message gives the same text.
"""

from __future__ import annotations

from typing import Any

from kubeship.gotemplate.gotypes import GoError, string_bytes, string_from_bytes


def runtime_error(message: str) -> GoError:
    return GoError(f"runtime error: {message}")


def check_slice_bounds(start: int | None, end: int | None, length: int, capacity: int | None = None) -> None:
    """Raise Go's panic for ``x[start:end]`` on a value of ``length`` (and ``capacity``) when out of range."""
    capacity = length if capacity is None else capacity
    if end is not None:
        if end < 0:
            raise runtime_error(f"slice bounds out of range [:{end}]")
        if end > capacity:
            limit = "length" if capacity == length else "capacity"
            raise runtime_error(f"slice bounds out of range [:{end}] with {limit} {capacity}")
    high = length if end is None else end
    if start is not None:
        if start < 0:
            raise runtime_error(f"slice bounds out of range [{start}:]")
        if start > high:
            raise runtime_error(f"slice bounds out of range [{start}:{high}]")


def slice_string(text: str, start: int | None, end: int | None) -> str:
    """Return Go's ``text[start:end]`` on the UTF-8 bytes, raising Go's panic when out of range."""
    if text.isascii():
        check_slice_bounds(start, end, len(text))
        return text[start:end]
    data = string_bytes(text)
    check_slice_bounds(start, end, len(data))
    return string_from_bytes(data[start:end])


def index_error(index: int, length: int) -> GoError:
    """Return Go's panic for ``x[index]`` out of range."""
    if index < 0:
        return runtime_error(f"index out of range [{index}]")
    return runtime_error(f"index out of range [{index}] with length {length}")


def interface_conversion(value: Any, wanted: str) -> GoError:
    """Return Go's panic for a failed type assertion ``value.(wanted)`` on an ``interface {}``."""
    from kubeship.gotemplate.gotypes import go_type_name

    if value is None:
        return GoError(f"interface conversion: interface {{}} is nil, not {wanted}")
    return GoError(f"interface conversion: interface {{}} is {go_type_name(value)}, not {wanted}")
