"""The error Go's ``encoding/json`` returns when unmarshalling into ``map[string]interface{}``.

The API server checks a ``.dockercfg`` or ``.dockerconfigjson`` payload with
``json.Unmarshal(data, &map[string]interface{}{})`` and puts the error text in its field
error. This module reproduces that text: the scanner's syntax errors (Go's
``encoding/json/scanner.go`` states and their context words), then the type error for a
valid document that is not an object. ``null`` is accepted, as Go accepts it.
"""

from __future__ import annotations

MAX_NESTING_DEPTH = 10000

_SPACE = frozenset(b" \t\r\n")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_DIGITS = frozenset(b"0123456789")

_OBJECT_KEY, _OBJECT_VALUE, _ARRAY_VALUE = range(3)

# Literal states: the expected byte, then the state after it.
_LITERALS = {
    "t": ("r", "tr", "in literal true (expecting 'r')"),
    "tr": ("u", "tru", "in literal true (expecting 'u')"),
    "tru": ("e", "end", "in literal true (expecting 'e')"),
    "f": ("a", "fa", "in literal false (expecting 'a')"),
    "fa": ("l", "fal", "in literal false (expecting 'l')"),
    "fal": ("s", "fals", "in literal false (expecting 's')"),
    "fals": ("e", "end", "in literal false (expecting 'e')"),
    "n": ("u", "nu", "in literal null (expecting 'u')"),
    "nu": ("l", "nul", "in literal null (expecting 'l')"),
    "nul": ("l", "end", "in literal null (expecting 'l')"),
}


class _SyntaxError(Exception):
    pass


def quote_char(byte: int) -> str:
    """Quote one input byte as the scanner's ``quoteChar`` does in its messages."""
    if byte == 0x27:
        return "'\\''"
    if byte == 0x22:
        return "'\"'"
    char = chr(byte)
    escapes = {"\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
    if char in escapes:
        return f"'{escapes[char]}'"
    if byte < 0x20 or byte == 0x7F:
        return f"'\\x{byte:02x}'"
    if not char.isprintable():
        return f"'\\u{byte:04x}'"
    return f"'{char}'"


class _Scanner:
    """Go's JSON scanner, one byte at a time; ``state`` names the Go step function."""

    def __init__(self) -> None:
        self.state = "begin_value"
        self.stack: list[int] = []
        self.end_top = False

    def fail(self, byte: int, context: str) -> None:
        raise _SyntaxError(f"invalid character {quote_char(byte)} {context}")

    def push(self, byte: int, parse_state: int) -> None:
        self.stack.append(parse_state)
        if len(self.stack) > MAX_NESTING_DEPTH:
            self.fail(byte, "exceeded max depth")

    def pop(self) -> None:
        self.stack.pop()
        if not self.stack:
            self.state = "end_top"
            self.end_top = True
        else:
            self.state = "end_value"

    def step(self, byte: int) -> None:
        handler = self._literal if self.state in _LITERALS else getattr(self, "_" + self.state)
        handler(byte)

    def _begin_value_or_empty(self, byte: int) -> None:
        if byte in _SPACE:
            return
        if byte == ord("]"):
            self._end_value(byte)
            return
        self._begin_value(byte)

    def _begin_value(self, byte: int) -> None:
        if byte in _SPACE:
            return
        char = chr(byte)
        if char == "{":
            self.state = "begin_string_or_empty"
            self.push(byte, _OBJECT_KEY)
        elif char == "[":
            self.state = "begin_value_or_empty"
            self.push(byte, _ARRAY_VALUE)
        elif char == '"':
            self.state = "in_string"
        elif char == "-":
            self.state = "negative"
        elif char == "0":
            self.state = "zero"
        elif char in "tfn":
            self.state = char
        elif "1" <= char <= "9":
            self.state = "integer"
        else:
            self.fail(byte, "looking for beginning of value")

    def _begin_string_or_empty(self, byte: int) -> None:
        if byte in _SPACE:
            return
        if byte == ord("}"):
            self.stack[-1] = _OBJECT_VALUE
            self._end_value(byte)
            return
        self._begin_string(byte)

    def _begin_string(self, byte: int) -> None:
        if byte in _SPACE:
            return
        if byte == ord('"'):
            self.state = "in_string"
            return
        self.fail(byte, "looking for beginning of object key string")

    def _end_value(self, byte: int) -> None:
        if not self.stack:
            self.state = "end_top"
            self.end_top = True
            self._end_top(byte)
            return
        if byte in _SPACE:
            self.state = "end_value"
            return
        char = chr(byte)
        parse_state = self.stack[-1]
        if parse_state == _OBJECT_KEY:
            if char == ":":
                self.stack[-1] = _OBJECT_VALUE
                self.state = "begin_value"
                return
            self.fail(byte, "after object key")
        if parse_state == _OBJECT_VALUE:
            if char == ",":
                self.stack[-1] = _OBJECT_KEY
                self.state = "begin_string"
                return
            if char == "}":
                self.pop()
                return
            self.fail(byte, "after object key:value pair")
        if char == ",":
            self.state = "begin_value"
            return
        if char == "]":
            self.pop()
            return
        self.fail(byte, "after array element")

    def _end_top(self, byte: int) -> None:
        if byte not in _SPACE:
            self.fail(byte, "after top-level value")

    def _in_string(self, byte: int) -> None:
        if byte == ord('"'):
            self.state = "end_value"
        elif byte == ord("\\"):
            self.state = "in_string_escape"
        elif byte < 0x20:
            self.fail(byte, "in string literal")

    def _in_string_escape(self, byte: int) -> None:
        if chr(byte) in 'bfnrt\\/"':
            self.state = "in_string"
        elif byte == ord("u"):
            self.state = "unicode_escape_0"
        else:
            self.fail(byte, "in string escape code")

    def _hex_digit(self, byte: int, next_state: str) -> None:
        if byte not in _HEX:
            self.fail(byte, "in \\u hexadecimal character escape")
        self.state = next_state

    def _unicode_escape_0(self, byte: int) -> None:
        self._hex_digit(byte, "unicode_escape_1")

    def _unicode_escape_1(self, byte: int) -> None:
        self._hex_digit(byte, "unicode_escape_2")

    def _unicode_escape_2(self, byte: int) -> None:
        self._hex_digit(byte, "unicode_escape_3")

    def _unicode_escape_3(self, byte: int) -> None:
        self._hex_digit(byte, "in_string")

    def _negative(self, byte: int) -> None:
        if byte == ord("0"):
            self.state = "zero"
        elif byte in _DIGITS:
            self.state = "integer"
        else:
            self.fail(byte, "in numeric literal")

    def _integer(self, byte: int) -> None:
        if byte in _DIGITS:
            return
        self._zero(byte)

    def _zero(self, byte: int) -> None:
        if byte == ord("."):
            self.state = "dot"
        elif chr(byte) in "eE":
            self.state = "exponent"
        else:
            self._end_value(byte)

    def _dot(self, byte: int) -> None:
        if byte in _DIGITS:
            self.state = "fraction"
            return
        self.fail(byte, "after decimal point in numeric literal")

    def _fraction(self, byte: int) -> None:
        if byte in _DIGITS:
            return
        if chr(byte) in "eE":
            self.state = "exponent"
            return
        self._end_value(byte)

    def _exponent(self, byte: int) -> None:
        if chr(byte) in "+-":
            self.state = "exponent_sign"
            return
        self._exponent_sign(byte)

    def _exponent_sign(self, byte: int) -> None:
        if byte in _DIGITS:
            self.state = "exponent_digits"
            return
        self.fail(byte, "in exponent of numeric literal")

    def _exponent_digits(self, byte: int) -> None:
        if byte in _DIGITS:
            return
        self._end_value(byte)

    def _literal(self, byte: int) -> None:
        expected, next_state, context = _LITERALS[self.state]
        if chr(byte) != expected:
            self.fail(byte, context)
        self.state = "end_value" if next_state == "end" else next_state

    def finish(self) -> None:
        if self.end_top:
            return
        self.step(ord(" "))
        if not self.end_top:
            raise _SyntaxError("unexpected end of JSON input")


def unmarshal_object_error(data: bytes) -> str | None:
    """Return Go's error for ``json.Unmarshal(data, &map[string]interface{}{})``, or None when it succeeds."""
    scanner = _Scanner()
    try:
        for byte in data:
            scanner.step(byte)
        scanner.finish()
    except _SyntaxError as error:
        return str(error)

    first = data.lstrip(b" \t\r\n")[:1]
    kinds = {b"[": "array", b'"': "string", b"t": "bool", b"f": "bool"}
    if first in (b"{", b"n"):
        return None
    kind = kinds.get(first, "number")
    return f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
