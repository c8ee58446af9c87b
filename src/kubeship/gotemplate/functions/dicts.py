"""Sprig's dict functions: ``dict``, ``get``, ``set``, ``hasKey``, ``pick``, ``omit``, ``dig``, ``merge`` …

``merge`` and ``mergeOverwrite`` change their first argument in place and
share the source's nested maps and slices with it, as mergo does. ``set`` and
``unset`` change and return their argument.
"""

from __future__ import annotations

from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions.cast import strval
from kubeship.gotemplate.functions.panics import interface_conversion
from kubeship.gotemplate.functions.reflection import is_empty
from kubeship.gotemplate.gotypes import GoError, GoSlice, go_func

MAP_TYPE = "map[string]interface {}"


@go_func("func(...interface {}) map[string]interface {}")
def dict_(*values: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for index in range(0, len(values), 2):
        key = strval(values[index])
        result[key] = values[index + 1] if index + 1 < len(values) else ""
    return result


@go_func("func(map[string]interface {}, string) interface {}")
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping[key] if key in mapping else ""


@go_func("func(map[string]interface {}, string, any) map[string]interface {}")
def set_(mapping: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    if getattr(mapping, "is_nil", False):
        raise GoError("assignment to entry in nil map")
    mapping[key] = value
    return mapping


@go_func("func(map[string]interface {}, string) map[string]interface {}")
def unset(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    mapping.pop(key, None)
    return mapping


@go_func("func(map[string]interface {}, string) bool")
def has_key(mapping: dict[str, Any], key: str) -> bool:
    return key in mapping


@go_func("func(string, ...map[string]interface {}) []interface {}")
def pluck(key: str, *mappings: dict[str, Any]) -> list[Any]:
    return [mapping[key] for mapping in mappings if key in mapping]


@go_func("func(...map[string]interface {}) []string")
def keys(*mappings: dict[str, Any]) -> GoSlice:
    # Go's map order is random; kubeship gives keys in insertion order.
    return GoSlice([key for mapping in mappings for key in mapping], "string")


@go_func("func(map[string]interface {}, ...string) map[string]interface {}")
def pick(mapping: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: mapping[name] for name in names if name in mapping}


@go_func("func(map[string]interface {}, ...string) map[string]interface {}")
def omit(mapping: dict[str, Any], *names: str) -> dict[str, Any]:
    omitted = set(names)
    return {key: value for key, value in mapping.items() if key not in omitted}


@go_func("func(map[string]interface {}) []interface {}")
def values(mapping: dict[str, Any]) -> list[Any]:
    return list(mapping.values())


@go_func("func(...interface {}) (interface {}, error)")
def dig(*arguments: Any) -> Any:
    if len(arguments) < 3:
        raise GoError("dig needs at least three arguments")
    mapping = arguments[-1]
    if type(mapping) is not dict:
        raise interface_conversion(mapping, MAP_TYPE)
    fallback = arguments[-2]
    path = []
    for key in arguments[:-2]:
        if type(key) is not str:
            raise interface_conversion(key, "string")
        path.append(key)

    current: Any = mapping
    for index, key in enumerate(path):
        if key not in current:
            return fallback
        step = current[key]
        if index == len(path) - 1:
            return step
        if type(step) is not dict:
            raise interface_conversion(step, MAP_TYPE)
        current = step
    return fallback


def _is_map(value: Any) -> bool:
    return isinstance(value, dict)


def mergo_merge(destination: dict[Any, Any], source: dict[Any, Any], overwrite: bool) -> None:
    """Merge ``source`` into ``destination`` in place as mergo's ``Merge``/``MergeWithOverwrite`` do for maps.

    Without ``overwrite`` a key is set only where ``destination`` lacks it or has
    an empty value. With it every non-nil source value wins, except that two
    non-empty maps merge key by key. A nil source value only counts with ``overwrite``.
    """
    if getattr(source, "is_nil", False):
        return
    for key, item in source.items():
        current_present = key in destination
        current = destination.get(key)
        if item is None:
            if overwrite:
                destination[key] = item
            continue

        if _is_map(item) and current_present and _is_map(current) and not getattr(current, "is_nil", False):
            mergo_merge(current, item, overwrite)
        if isinstance(item, (list, bytes)) and not isinstance(item, str):
            _merge_slice(destination, source, key, item, overwrite)

        if current_present and not is_empty(current):
            if isinstance(item, (list, bytes)):
                continue
            if _is_map(item) and _is_map(current):
                continue
        if overwrite or not current_present or is_empty(current):
            destination[key] = item


def _merge_slice(destination: dict[Any, Any], source: dict[Any, Any], key: Any, item: Any, overwrite: bool) -> None:
    # mergo tests the emptiness of the two maps here, not of the slices.
    current = destination.get(key)
    if key not in destination or current is None:
        kept = GoSlice.of_type(gotypes.go_type(item), []) if isinstance(item, GoSlice) else type(item)()
    else:
        kept = current
    if overwrite or len(destination) == 0:
        kept = item
    destination[key] = kept


def _merge_all(destination: dict[str, Any], sources: tuple[dict[str, Any], ...], overwrite: bool) -> dict[str, Any]:
    for source in sources:
        mergo_merge(destination, source, overwrite)
    return destination


@go_func("func(map[string]interface {}, ...map[string]interface {}) interface {}")
def merge(destination: dict[str, Any], *sources: dict[str, Any]) -> Any:
    return _merge_all(destination, sources, False)


@go_func("func(map[string]interface {}, ...map[string]interface {}) (interface {}, error)")
def must_merge(destination: dict[str, Any], *sources: dict[str, Any]) -> Any:
    return _merge_all(destination, sources, False)


@go_func("func(map[string]interface {}, ...map[string]interface {}) interface {}")
def merge_overwrite(destination: dict[str, Any], *sources: dict[str, Any]) -> Any:
    return _merge_all(destination, sources, True)


@go_func("func(map[string]interface {}, ...map[string]interface {}) (interface {}, error)")
def must_merge_overwrite(destination: dict[str, Any], *sources: dict[str, Any]) -> Any:
    return _merge_all(destination, sources, True)


FUNCTIONS = {
    "dict": dict_,
    "get": get,
    "set": set_,
    "unset": unset,
    "hasKey": has_key,
    "pluck": pluck,
    "keys": keys,
    "pick": pick,
    "omit": omit,
    "values": values,
    "dig": dig,
    "merge": merge,
    "mustMerge": must_merge,
    "mergeOverwrite": merge_overwrite,
    "mustMergeOverwrite": must_merge_overwrite,
}
