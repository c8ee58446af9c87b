"""Helm's ``toToml`` and ``fromToml`` (BurntSushi/toml).

``toToml`` writes plain keys before tables, each group in sorted key order, as
BurntSushi's encoder does; an encoding error is returned as the text. ``fromToml``
returns a map with an ``Error`` key when the document is invalid.
"""

from __future__ import annotations

import math
import re
import tomllib
from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions.gojson import quote_string
from kubeship.gotemplate.gotypes import go_func

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class _TomlError(ValueError):
    pass


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else quote_string(name, escape_html=False)


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return quote_string(value, escape_html=False)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(float(value))
        return text if ("." in text or "e" in text or "inf" in text) else text + ".0"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_scalar(v)}" for k, v in sorted(value.items())) + "}"
    if value is None:
        raise _TomlError("toml: cannot encode a nil value")
    raise _TomlError(f"toml: cannot encode {gotypes.go_type_name(value)}")


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _encode_table(table: dict[str, Any], path: list[str], out: list[str], indent: str) -> None:
    plain = [(k, v) for k, v in sorted(table.items()) if not _is_table(v) and not _is_table_array(v) and v is not None]
    for key, value in plain:
        out.append(f"{indent}{_key(key)} = {_scalar(value)}\n")
    for key, value in sorted(table.items()):
        if _is_table(value):
            name = ".".join(_key(part) for part in path + [key])
            # BurntSushi separates only top-level tables with a blank line.
            separator = "" if path else "\n"
            out.append(f"{separator}{indent}[{name}]\n")
            _encode_table(value, path + [key], out, indent + "  ")
        elif _is_table_array(value):
            name = ".".join(_key(part) for part in path + [key])
            for item in value:
                out.append(f"\n{indent}[[{name}]]\n")
                _encode_table(item, path + [key], out, indent + "  ")


@go_func("func(any) string")
def to_toml(value: Any) -> str:
    # NOTE: written from BurntSushi/toml's documented output; rare values (nested arrays of tables,
    # floats with exponents, times) may be formatted differently from Go.
    if not isinstance(value, dict):
        try:
            return _scalar(value)
        except _TomlError as error:
            return str(error)
    out: list[str] = []
    try:
        _encode_table(value, [], out, "")
    except _TomlError as error:
        return str(error)
    text = "".join(out)
    return text[1:] if text.startswith("\n") else text


def _go_values(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _go_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_go_values(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return gotypes.Int64(value)
    return value


@go_func("func(string) map[string]any")
def from_toml(text: str) -> dict[str, Any]:
    try:
        return _go_values(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        return {"Error": f"toml: {error}"}


FUNCTIONS = {
    "toToml": to_toml,
    "fromToml": from_toml,
}
