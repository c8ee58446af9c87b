"""Sprig's default and flow functions (``default``, ``empty``, ``coalesce``, ``ternary`` …) and its JSON functions."""

from __future__ import annotations

import copy
from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions import gojson
from kubeship.gotemplate.functions.reflection import is_empty
from kubeship.gotemplate.gotypes import GoError, go_func


@go_func("func(any, ...interface {}) interface {}")
def default(fallback: Any, *given: Any) -> Any:
    if not given or is_empty(given[0]):
        return fallback
    return given[0]


@go_func("func(any) bool")
def empty(value: Any) -> bool:
    return is_empty(value)


@go_func("func(...interface {}) interface {}")
def coalesce(*values: Any) -> Any:
    for value in values:
        if not is_empty(value):
            return value
    return None


@go_func("func(...interface {}) bool")
def all_(*values: Any) -> bool:
    return all(not is_empty(value) for value in values)


@go_func("func(...interface {}) bool")
def any_(*values: Any) -> bool:
    return any(not is_empty(value) for value in values)


@go_func("func(any, any, bool) interface {}")
def ternary(if_true: Any, if_false: Any, condition: bool) -> Any:
    return if_true if condition else if_false


def deep_copy_value(value: Any) -> Any:
    """Copy maps, slices and pointers deeply, as mitchellh/copystructure does (nil is reflect's panic)."""
    if value is None:
        raise GoError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(value, (dict, list, gotypes.GoPointer, gotypes.GoStruct)):
        return copy.deepcopy(value)
    return value


@go_func("func(any) interface {}")
def deep_copy(value: Any) -> Any:
    return deep_copy_value(value)


@go_func("func(any) (interface {}, error)")
def must_deep_copy(value: Any) -> Any:
    return deep_copy_value(value)


def _json_or_error(value: Any, **options: Any) -> str:
    try:
        return gojson.marshal(value, **options)
    except gojson.GoJSONError as error:
        raise GoError(str(error)) from None


@go_func("func(any) string")
def to_json(value: Any) -> str:
    try:
        return gojson.marshal(value)
    except gojson.GoJSONError:
        return ""


@go_func("func(any) (string, error)")
def must_to_json(value: Any) -> str:
    return _json_or_error(value)


@go_func("func(any) string")
def to_pretty_json(value: Any) -> str:
    try:
        return gojson.marshal(value, indent="  ")
    except gojson.GoJSONError:
        return ""


@go_func("func(any) (string, error)")
def must_to_pretty_json(value: Any) -> str:
    return _json_or_error(value, indent="  ")


@go_func("func(any) string")
def to_raw_json(value: Any) -> str:
    # Sprig panics with the encoder's error here, which the template reports.
    return _json_or_error(value, escape_html=False)


@go_func("func(any) (string, error)")
def must_to_raw_json(value: Any) -> str:
    return _json_or_error(value, escape_html=False)


@go_func("func(string) interface {}")
def from_json(text: str) -> Any:
    try:
        return gojson.unmarshal(text)
    except gojson.GoJSONError:
        return None


@go_func("func(string) (interface {}, error)")
def must_from_json(text: str) -> Any:
    try:
        return gojson.unmarshal(text)
    except gojson.GoJSONError as error:
        raise GoError(str(error)) from None


@go_func("func() string")
def hello() -> str:
    return "Hello!"


@go_func("func(string) (string, error)")
def fail(message: str) -> str:
    raise GoError(message)


FUNCTIONS = {
    "hello": hello,
    "fail": fail,
    "default": default,
    "empty": empty,
    "coalesce": coalesce,
    "all": all_,
    "any": any_,
    "ternary": ternary,
    "deepCopy": deep_copy,
    "mustDeepCopy": must_deep_copy,
    "toJson": to_json,
    "mustToJson": must_to_json,
    "toPrettyJson": to_pretty_json,
    "mustToPrettyJson": must_to_pretty_json,
    "toRawJson": to_raw_json,
    "mustToRawJson": must_to_raw_json,
    "fromJson": from_json,
    "mustFromJson": must_from_json,
}
