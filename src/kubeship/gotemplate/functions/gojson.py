"""Go's ``encoding/json`` for model values: ``Marshal``, ``MarshalIndent`` and ``Unmarshal`` into ``interface{}``.

Marshal writes map keys sorted by their bytes, escapes ``<``, ``>``, ``&``,
U+2028 and U+2029 unless HTML escaping is off, writes each invalid UTF-8 byte
as U+FFFD, encodes ``[]byte`` as base64 and formats float64 the way Go does
(``1e+21``, ``1e-7``, ``0.000001``). NaN, infinities, complex numbers, funcs
and channels are errors with Go's messages. Unmarshal returns float64 numbers,
``[]interface {}`` and ``map[string]interface {}`` and reports errors in Go's words.
"""

from __future__ import annotations

import base64
import math
from typing import Any

from kubeship.gotemplate import floatfmt, gotypes


class GoJSONError(ValueError):
    """An error of Go's encoding/json, with Go's message (``json: unsupported value: NaN``)."""


_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def quote_string(text: str, escape_html: bool = True) -> str:
    """Return ``text`` as a JSON string literal written by Go's encoder."""
    parts = ['"']
    for char in text:
        escaped = _SHORT_ESCAPES.get(char)
        if escaped is not None:
            parts.append(escaped)
        elif char < " ":
            parts.append(f"\\u{ord(char):04x}")
        elif "\udc80" <= char <= "\udcff":
            # An invalid UTF-8 byte: Go writes the escape of U+FFFD in its place.
            parts.append("\\ufffd")
        elif escape_html and char in _HTML_ESCAPES:
            parts.append(_HTML_ESCAPES[char])
        elif char in "\u2028\u2029":
            parts.append(f"\\u{ord(char):04x}")
        else:
            parts.append(char)
    parts.append('"')
    return "".join(parts)


def _valid_text(text: str) -> str:
    """Replace each byte of invalid UTF-8 (kept as a surrogate by gotypes) with U+FFFD."""
    if text.isascii():
        return text
    return "".join("\ufffd" if "\udc80" <= char <= "\udcff" else char for char in text)


def format_float(value: float, bits: int = 64) -> str:
    """Format a float as Go's JSON encoder does (exponent form below 1e-6 and from 1e21)."""
    if math.isnan(value) or math.isinf(value):
        raise GoJSONError(f"json: unsupported value: {_float_name(value)}")
    magnitude = abs(floatfmt.to_float32(value) if bits == 32 else value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        text = floatfmt.format_float(value, "e", -1, bits)
        # Go's encoder shortens the exponent "e-07" to "e-7".
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]
        return text
    return floatfmt.format_float(value, "f", -1, bits)


def _float_name(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    return "+Inf" if value > 0 else "-Inf"


def marshal(value: Any, *, escape_html: bool = True, indent: str | None = None, prefix: str = "") -> str:
    """Return ``value`` encoded as Go's ``json.Marshal`` (or ``MarshalIndent`` with ``indent``) does.

    Raises :class:`GoJSONError` with Go's message for values JSON cannot hold.
    """
    parts: list[str] = []
    _encode(value, parts, escape_html)
    text = "".join(parts)
    if indent is not None:
        text = _indent(text, prefix, indent)
    return text


def _encode(value: Any, parts: list[str], escape_html: bool) -> None:
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, str):
        parts.append(quote_string(value, escape_html))
    elif isinstance(value, gotypes.GoDuration):
        parts.append(str(int(value)))
    elif isinstance(value, int):
        parts.append(str(int(value)))
    elif isinstance(value, float):
        parts.append(format_float(float(value), 32 if isinstance(value, gotypes.Float32) else 64))
    elif isinstance(value, bytes):
        parts.append('"' + base64.b64encode(value).decode("ascii") + '"')
    elif isinstance(value, dict):
        _encode_map(value, parts, escape_html)
    elif isinstance(value, list):
        _encode_list(value, parts, escape_html)
    else:
        _encode_other(value, parts, escape_html)


def _encode_map(value: dict, parts: list[str], escape_html: bool) -> None:
    if getattr(value, "is_nil", False):
        parts.append("null")
        return
    keyed = sorted((_map_key(key), item) for key, item in value.items())
    parts.append("{")
    for index, (key, item) in enumerate(keyed):
        if index:
            parts.append(",")
        parts.append(quote_string(key, escape_html))
        parts.append(":")
        _encode(item, parts, escape_html)
    parts.append("}")


def _map_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, int) and not isinstance(key, bool):
        return str(int(key))
    raise GoJSONError(f"json: unsupported type: {gotypes.go_type_name(key)}")


def _encode_list(value: list, parts: list[str], escape_html: bool) -> None:
    if getattr(value, "is_nil", False):
        parts.append("null")
        return
    elem = getattr(getattr(value, "go_type", None), "elem", None)
    if elem is not None and elem.name == "uint8":
        parts.append('"' + base64.b64encode(bytes(int(b) for b in value)).decode("ascii") + '"')
        return
    parts.append("[")
    for index, item in enumerate(value):
        if index:
            parts.append(",")
        _encode(item, parts, escape_html)
    parts.append("]")


def _encode_other(value: Any, parts: list[str], escape_html: bool) -> None:
    if isinstance(value, gotypes.GoPointer):
        if value.is_nil:
            parts.append("null")
        else:
            _encode(value.target, parts, escape_html)
        return
    if isinstance(value, gotypes.GoTime):
        parts.append('"' + _rfc3339_nano(value) + '"')
        return
    if isinstance(value, gotypes.GoStruct):
        # A struct with JSON field tags lists its own members (go_json_members); others use the field names.
        members = getattr(value, "go_json_members", None)
        fields = members() if members is not None else [
            (name, getattr(value, name)) for name in type(value).go_fields if name[:1].isupper()]
        parts.append("{")
        for index, (name, item) in enumerate(fields):
            if index:
                parts.append(",")
            parts.append(quote_string(name, escape_html) + ":")
            _encode(item, parts, escape_html)
        parts.append("}")
        return
    raise GoJSONError(f"json: unsupported type: {gotypes.go_type_name(value)}")


def _rfc3339_nano(value: gotypes.GoTime) -> str:
    moment = value.moment
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if value.nanosecond:
        text += "." + f"{value.nanosecond:09d}".rstrip("0")
    offset = moment.utcoffset()
    if not offset:
        return text + "Z"
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    return f"{text}{sign}{hours:02d}:{rest // 60:02d}"


def _indent(compact: str, prefix: str, indent: str) -> str:
    """Indent compact JSON as Go's ``json.Indent`` does (empty containers stay ``{}``/``[]``)."""
    out: list[str] = []
    depth = 0
    in_string = False
    escaped = False
    need_indent = False
    for char in compact:
        if in_string:
            out.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if need_indent and char not in "]}":
            need_indent = False
            depth += 1
            out.append("\n" + prefix + indent * depth)
        if char == '"':
            in_string = True
            out.append(char)
        elif char in "{[":
            out.append(char)
            need_indent = True
        elif char == ",":
            out.append(",\n" + prefix + indent * depth)
        elif char == ":":
            out.append(": ")
        elif char in "]}":
            if need_indent:
                need_indent = False
            else:
                depth -= 1
                out.append("\n" + prefix + indent * depth)
            out.append(char)
        else:
            out.append(char)
    return "".join(out)


# ---------------------------------------------------------------------------
# Unmarshal


class _Decoder:
    """A JSON reader that reports errors with the texts of Go's ``encoding/json`` scanner."""

    def __init__(self, text: str, number_literals: bool = False) -> None:
        self.text = text
        self.pos = 0
        self.number_literals = number_literals

    def fail(self, context: str) -> GoJSONError:
        if self.pos >= len(self.text):
            return GoJSONError("unexpected end of JSON input")
        return GoJSONError(f"invalid character {_quote_char(self.text[self.pos])} {context}")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def value(self) -> Any:
        self.skip_space()
        if self.pos >= len(self.text):
            raise GoJSONError("unexpected end of JSON input")
        char = self.text[self.pos]
        if char == "{":
            return self.object()
        if char == "[":
            return self.array()
        if char == '"':
            return self.string()
        if char == "-" or char.isdigit() and char.isascii():
            return self.number()
        for word, result in (("true", True), ("false", False), ("null", None)):
            if char == word[0]:
                return self.literal(word, result)
        raise self.fail("looking for beginning of value")

    def at_end(self, context: str) -> GoJSONError:
        """Return the error Go's scanner gives at the end of input, where it steps a final space."""
        return GoJSONError(f"invalid character ' ' {context}")

    def literal(self, word: str, result: Any) -> Any:
        for expected in word:
            if self.pos >= len(self.text):
                raise self.at_end(f"in literal {word} (expecting {_quote_char(expected)})")
            if self.text[self.pos] != expected:
                raise self.fail(f"in literal {word} (expecting {_quote_char(expected)})")
            self.pos += 1
        return result

    def number(self) -> Any:
        start = self.pos
        if self.text[self.pos] == "-":
            self.pos += 1
            if self.pos >= len(self.text):
                raise self.at_end("in numeric literal")
            if not self._digit():
                raise self.fail("in numeric literal")
        if self.text[self.pos] == "0":
            self.pos += 1
        else:
            self._digits()
        if self.pos < len(self.text) and self.text[self.pos] == ".":
            self.pos += 1
            if self.pos >= len(self.text):
                raise self.at_end("after decimal point in numeric literal")
            if not self._digit():
                raise self.fail("after decimal point in numeric literal")
            self._digits()
        if self.pos < len(self.text) and self.text[self.pos] in "eE":
            self.pos += 1
            if self.pos < len(self.text) and self.text[self.pos] in "+-":
                self.pos += 1
            if self.pos >= len(self.text):
                raise self.at_end("in exponent of numeric literal")
            if not self._digit():
                raise self.fail("in exponent of numeric literal")
            self._digits()
        literal = self.text[start:self.pos]
        if self.number_literals:
            return NumberLiteral(literal)
        value = float(literal)
        if math.isinf(value):
            raise GoJSONError(f"json: cannot unmarshal number {literal} into Go value of type float64")
        return value

    def _digit(self) -> bool:
        return self.pos < len(self.text) and self.text[self.pos] in "0123456789"

    def _digits(self) -> None:
        while self._digit():
            self.pos += 1

    def string(self) -> str:
        self.pos += 1
        parts: list[str] = []
        while True:
            if self.pos >= len(self.text):
                raise GoJSONError("unexpected end of JSON input")
            char = self.text[self.pos]
            if char == '"':
                self.pos += 1
                return _valid_text("".join(parts))
            if char < " ":
                raise self.fail("in string literal")
            if char == "\\":
                parts.append(self.escape())
                continue
            parts.append(char)
            self.pos += 1

    def escape(self) -> str:
        self.pos += 1
        if self.pos >= len(self.text):
            raise self.at_end("in string escape code")
        char = self.text[self.pos]
        simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
        if char in simple:
            self.pos += 1
            return simple[char]
        if char != "u":
            raise self.fail("in string escape code")
        self.pos += 1
        code = self.hex4()
        if 0xD800 <= code < 0xDC00:
            if self.text[self.pos:self.pos + 2] == "\\u":
                saved = self.pos
                self.pos += 2
                low = self.hex4()
                if 0xDC00 <= low < 0xE000:
                    return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                self.pos = saved
            return "\ufffd"
        if 0xDC00 <= code < 0xE000:
            return "\ufffd"
        return chr(code)

    def hex4(self) -> int:
        for index in range(4):
            if self.pos >= len(self.text):
                raise self.at_end("in \\u hexadecimal character escape")
            if self.text[self.pos] not in "0123456789abcdefABCDEF":
                raise self.fail("in \\u hexadecimal character escape")
            self.pos += 1
        return int(self.text[self.pos - 4:self.pos], 16)

    def array(self) -> list[Any]:
        self.pos += 1
        items: list[Any] = []
        self.skip_space()
        if self.pos < len(self.text) and self.text[self.pos] == "]":
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            self.skip_space()
            if self.pos >= len(self.text):
                raise GoJSONError("unexpected end of JSON input")
            if self.text[self.pos] == ",":
                self.pos += 1
                continue
            if self.text[self.pos] == "]":
                self.pos += 1
                return items
            raise self.fail("after array element")

    def object(self) -> dict[str, Any]:
        self.pos += 1
        result: dict[str, Any] = {}
        self.skip_space()
        if self.pos < len(self.text) and self.text[self.pos] == "}":
            self.pos += 1
            return result
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                raise GoJSONError("unexpected end of JSON input")
            if self.text[self.pos] != '"':
                raise self.fail("looking for beginning of object key string")
            key = self.string()
            self.skip_space()
            if self.pos >= len(self.text):
                raise GoJSONError("unexpected end of JSON input")
            if self.text[self.pos] != ":":
                raise self.fail("after object key")
            self.pos += 1
            result[key] = self.value()
            self.skip_space()
            if self.pos >= len(self.text):
                raise GoJSONError("unexpected end of JSON input")
            if self.text[self.pos] == ",":
                self.pos += 1
                continue
            if self.text[self.pos] == "}":
                self.pos += 1
                return result
            raise self.fail("after object key:value pair")


def _quote_char(char: str) -> str:
    """Quote a character as Go's JSON scanner does in its errors: ``'x'``, ``'\\''``, ``'\\n'``."""
    if char == "'":
        return "'\\''"
    if char == '"':
        return "'\"'"
    if char.isprintable() and not ("\udc80" <= char <= "\udcff"):
        return f"'{char}'"
    code = ord(char)
    named = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
    if char in named:
        return f"'{named[char]}'"
    if code < 0x80:
        return f"'\\x{code:02x}'"
    if code < 0x10000:
        return f"'\\u{code:04x}'"
    return f"'\\U{code:08x}'"


class NumberLiteral(str):
    """A JSON number kept as its text (for readers that type numbers themselves, as yaml.v2 does)."""


def unmarshal(text: str, *, number_literals: bool = False) -> Any:
    """Decode one JSON document as Go's ``json.Unmarshal`` into an ``interface{}`` does.

    With ``number_literals`` numbers come back as :class:`NumberLiteral` text.
    """
    decoder = _Decoder(text, number_literals)
    value = decoder.value()
    decoder.skip_space()
    if decoder.pos < len(text):
        raise decoder.fail("after top-level value")
    return value
