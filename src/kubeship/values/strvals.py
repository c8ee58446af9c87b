"""``--set``, ``--set-string``, ``--set-json``, ``--set-file`` and ``--set-literal`` parsed by Helm's strvals rules.

An expression is ``name=value[,name=value...]``. A name is a dotted path
(``a.b.c``) whose parts may carry list indexes (``list[0].name``, ``m[1][2]``);
a backslash escapes the next character (``a\\.b`` is one key, ``x=1\\,2`` one value).
``{a,b}`` is a list value. ``--set`` types each value as Helm's ``typedVal`` does:
``true``/``false`` in any case are booleans, ``null`` is nil (which later deletes
the key from chart values), a decimal without a leading zero that fits int64 is an
``int64``, and everything else, ``0755`` and ``1.5`` included, stays a string.
``--set-string`` keeps every value a string, ``--set-json`` reads each value as
one JSON document (numbers become float64), ``--set-file`` reads the named file,
and ``--set-literal`` takes everything after the first ``=`` verbatim.

The helm 3 source (``pkg/strvals``) is the reference; error messages keep its wording.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from kubeship.errors import InputError
from kubeship.gotemplate.gotypes import Int64
from kubeship.gotemplate.functions.gostrconv import NumError, parse_int

# Helm caps list indexes and name depth so a short flag cannot allocate gigabytes.
MAX_INDEX = 65536
MAX_NESTED_NAME_LEVEL = 30

ValueReader = Callable[[str], Any]


class SetValueError(InputError):
    """A ``--set``-style expression that Helm's strvals parser rejects."""


class _EndOfInput(Exception):
    """The expression ended (Go's ``io.EOF``)."""


class _NotAList(Exception):
    """The value does not start with ``{`` (Go's ``ErrNotList``)."""


class _Scanner:
    """A rune reader over the expression with one character of push-back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def read(self) -> str:
        if self.pos >= len(self.text):
            raise _EndOfInput
        char = self.text[self.pos]
        self.pos += 1
        return char

    def unread(self) -> None:
        self.pos -= 1

    def rest(self) -> str:
        return self.text[self.pos:]

    def runes_until(self, stop: str, *, escapes: bool = True) -> tuple[str, str | None]:
        """Read up to a stop character; return the text and the stop character (None at the end)."""
        chars: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            self.pos += 1
            if char in stop:
                return "".join(chars), char
            if char == "\\" and escapes:
                if self.pos >= len(self.text):
                    return "".join(chars), None
                chars.append(self.text[self.pos])
                self.pos += 1
                continue
            chars.append(char)
        return "".join(chars), None


def typed_value(text: str, *, as_string: bool = False) -> Any:
    """Type a ``--set`` value as Helm's ``typedVal`` does."""
    if as_string:
        return text
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if lowered == "null":
        return None
    if text == "0":
        return Int64(0)
    if text and text[0] != "0":
        try:
            return Int64(parse_int(text, 10))
        except NumError:
            pass
    return text


class _Parser:
    """One strvals parse over an expression, writing into ``data``."""

    def __init__(self, text: str, data: dict[str, Any], reader: ValueReader | None, *,
                 json_values: bool = False, literal: bool = False) -> None:
        self.scanner = _Scanner(text)
        self.data = data
        self.reader = reader
        self.json_values = json_values
        self.literal = literal

    def parse(self) -> None:
        while True:
            try:
                self.key(self.data, 0)
            except _EndOfInput:
                return

    def key(self, data: dict[str, Any], level: int) -> None:
        stop = "=[." if self.literal else "=[,."
        name, last = self.scanner.runes_until(stop, escapes=not self.literal)
        if last is None:
            if not name:
                raise _EndOfInput
            raise SetValueError(f'key "{name}" has no value')

        if last == "[":
            index = self.key_index()
            existing = data.get(name, []) if name in data else []
            items = _expect_list(existing, name)
            try:
                items = self.list_item(items, index, level)
            finally:
                _set(data, name, items)
            return
        if last == "=":
            self.assign(data, name)
            return
        if last == ",":
            _set(data, name, "")
            raise SetValueError(f'key "{name}" has no value (cannot end with ,)')

        level += 1
        if level > MAX_NESTED_NAME_LEVEL:
            raise SetValueError(
                f"value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}")
        inner = _expect_map(data[name], name) if name in data else {}
        try:
            self.key(inner, level)
        except _EndOfInput:
            if inner:
                _set(data, name, inner)
            raise
        if not inner:
            raise SetValueError(f'key map "{name}" has no value')
        _set(data, name, inner)

    def assign(self, data: dict[str, Any], name: str) -> None:
        if self.literal:
            _set(data, name, self.scanner.rest())
            self.scanner.pos = len(self.scanner.text)
            return
        if self.json_values:
            _set(data, name, self.json_value())
            return
        try:
            items = self.value_list()
        except _EndOfInput:
            _set(data, name, "")
            raise
        except _NotAList:
            _set(data, name, self.read_value())
            return
        _set(data, name, items)

    def read_value(self) -> Any:
        text, _ = self.scanner.runes_until(",")
        return self.convert(text)

    def convert(self, text: str) -> Any:
        if self.reader is None:
            return typed_value(text)
        return self.reader(text)

    def json_value(self) -> Any:
        if self.skip_empty_value():
            return None
        decoder = json.JSONDecoder(parse_int=_json_number, parse_float=_json_number, parse_constant=_reject_constant)
        rest = self.scanner.rest()
        start = len(rest) - len(rest.lstrip(" \t\r\n"))
        try:
            value, end = decoder.raw_decode(rest, start)
        except json.JSONDecodeError as error:
            raise SetValueError(f"invalid JSON value: {error.msg} at offset {error.pos}") from None
        self.scanner.pos += end
        self.skip_empty_value()
        return value

    def skip_empty_value(self) -> bool:
        """Skip white space up to a comma or the end (Go's ``emptyVal``); return whether the value is empty."""
        while True:
            try:
                char = self.scanner.read()
            except _EndOfInput:
                return True
            if char == ",":
                return True
            if not char.isspace():
                self.scanner.unread()
                return False

    def key_index(self) -> int:
        text, last = self.scanner.runes_until("]", escapes=not self.literal)
        if last is None:
            raise SetValueError("error parsing index: the expression ends before ']'")
        try:
            return parse_int(text, 10)
        except NumError as error:
            message = str(error).replace("strconv.ParseInt", "strconv.Atoi")
            raise SetValueError(f"error parsing index: {message}") from None

    def list_item(self, items: list[Any], index: int, level: int) -> list[Any]:
        if index < 0:
            raise SetValueError(f"negative {index} index not allowed")
        text, last = self.scanner.runes_until("[.=", escapes=not self.literal)
        if text:
            raise SetValueError(f"unexpected data at end of array index: {json.dumps(text)}")
        if last is None:
            raise _EndOfInput

        if last == "=":
            return _set_index(items, index, self.list_item_value())
        if last == "[":
            next_index = self.key_index()
            current: list[Any] = []
            if index < len(items) and items[index] is not None:
                current = _expect_list(items[index], f"[{index}]")
            return _set_index(items, index, self.list_item(current, next_index, level))

        inner: dict[str, Any] = {}
        if index < len(items):
            if not isinstance(items[index], dict):
                items[index] = {}
            inner = items[index]
        self.key(inner, level)
        return _set_index(items, index, inner)

    def list_item_value(self) -> Any:
        if self.literal:
            value = self.scanner.rest()
            self.scanner.pos = len(self.scanner.text)
            return value
        if self.json_values:
            return self.json_value()
        try:
            return self.value_list()
        except _EndOfInput:
            return ""
        except _NotAList:
            return self.read_value()

    def value_list(self) -> list[Any]:
        if self.scanner.read() != "{":
            self.scanner.unread()
            raise _NotAList
        items: list[Any] = []
        while True:
            text, last = self.scanner.runes_until(",}")
            if last is None:
                raise SetValueError("list must terminate with '}'")
            items.append(self.convert(text))
            if last == "}":
                try:
                    if self.scanner.read() != ",":
                        self.scanner.unread()
                except _EndOfInput:
                    pass
                return items


def _json_number(text: str) -> float:
    # Go's encoding/json decodes every number into an interface{} as float64.
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise SetValueError(f"invalid JSON value: number {text} does not fit a float64")
    return value


def _reject_constant(name: str) -> Any:
    raise SetValueError(f"invalid JSON value: {name} is not JSON")


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    if key:
        data[key] = value


def _set_index(items: list[Any], index: int, value: Any) -> list[Any]:
    if index < 0:
        raise SetValueError(f"negative {index} index not allowed")
    if index > MAX_INDEX:
        raise SetValueError(f"index of {index} is greater than maximum supported index of {MAX_INDEX}")
    if len(items) <= index:
        items = items + [None] * (index + 1 - len(items))
    items[index] = value
    return items


def _expect_list(value: Any, name: str) -> list[Any]:
    if isinstance(value, list):
        return value
    raise SetValueError(f'unable to parse key: "{name}" holds {_describe(value)}, not a list')


def _expect_map(value: Any, name: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise SetValueError(f'unable to parse key: "{name}" holds {_describe(value)}, not a map')


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return f"the value {value!r}"


def parse_set(expression: str, into: dict[str, Any] | None = None, *, kind: str = "set",
              read_file: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Parse one ``--set``-style expression into ``into`` (a new map when None) and return it.

    ``kind`` is ``set``, ``string``, ``json``, ``file`` (each value names a file,
    read with ``read_file``) or ``literal``. Raises :class:`SetValueError`.
    """
    data = {} if into is None else into
    if kind == "set":
        parser = _Parser(expression, data, None)
    elif kind == "string":
        parser = _Parser(expression, data, lambda text: text)
    elif kind == "json":
        parser = _Parser(expression, data, None, json_values=True)
    elif kind == "file":
        if read_file is None:
            raise ValueError("parse_set(kind='file') needs read_file")
        parser = _Parser(expression, data, read_file)
    elif kind == "literal":
        parser = _Parser(expression, data, None, literal=True)
    else:
        raise ValueError(f"unknown --set kind {kind!r}")
    parser.parse()
    return data
