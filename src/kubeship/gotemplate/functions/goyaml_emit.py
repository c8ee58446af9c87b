"""YAML output as sigs.k8s.io/yaml's ``Marshal`` writes it (Helm's ``toYaml``, Harness's ``ToYaml``).

The value goes through Go's JSON encoder first, so only what JSON can hold
survives, then yaml.v2 reads that JSON and writes YAML: map keys in yaml.v2's
natural order (``k1 k2 k10``), strings plain when yaml.v2 would read them back as
the same string and double-quoted otherwise (``"yes"``, ``"1:30"``, ``"2001-12-14"``),
multi-line strings as literal blocks, 2-space indentation, sequences not indented
inside mappings, and lines folded at 80 columns. libyaml's emitter, which yaml.v2's
emitter was ported from, writes the scalars.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from kubeship.gotemplate.functions import gojson
from kubeship.gotemplate.functions.goyaml import FLOAT_TAG, INT_TAG, STR_TAG, resolve_plain_tag
from kubeship.gotemplate.functions.gostrconv import format_float_g

try:
    from yaml import CDumper as _Dumper
except ImportError:  # pragma: no cover - the C emitter ships with PyYAML's wheels
    from yaml import Dumper as _Dumper  # type: ignore[assignment]

_BASE60_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


def marshal(value: Any, *, indent_sequences: bool = False) -> str:
    """Return ``value`` as the YAML text sigs.k8s.io/yaml's ``Marshal`` writes (ending in a newline).

    With ``indent_sequences`` sequences inside mappings are indented, as Helm's
    ``toYamlPretty`` (yaml.v3 with an indent of 2) writes them.
    Raises :class:`~kubeship.gotemplate.functions.gojson.GoJSONError` when the
    value has no JSON form.
    """
    text = gojson.marshal(value)
    # yaml.v2 reads the JSON back, and its reader rejects DEL, C1 controls and U+FFFE/U+FFFF,
    # which Go's JSON encoder writes unescaped.
    if _UNREADABLE.search(text):
        raise gojson.GoJSONError("yaml: control characters are not allowed")
    document = gojson.unmarshal(text, number_literals=True)
    return emit_document(document, indent_sequences=indent_sequences)


_UNREADABLE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


class _IndentedSequenceDumper(yaml.Dumper):
    """PyYAML's Python emitter with sequences indented inside mappings."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def emit_document(document: Any, *, indent_sequences: bool = False) -> str:
    """Write one decoded JSON document (numbers as literals) as yaml.v2 writes it."""
    events: list[Event] = [StreamStartEvent(), DocumentStartEvent(explicit=False)]
    events.extend(_events(document))
    events.extend([DocumentEndEvent(explicit=False), StreamEndEvent()])
    if indent_sequences:
        # NOTE: yaml.v3 (toYamlPretty) quotes and wraps by its own rules; yaml.v2's stand in for them here.
        text = yaml.emit(events, Dumper=_IndentedSequenceDumper, width=1 << 30, indent=2, allow_unicode=True)
    else:
        text = yaml.emit(events, Dumper=_Dumper, width=80, indent=2, allow_unicode=True)
    # PyYAML ends a stream whose only or last scalar is open-ended (a plain scalar, "|+") with "...".
    if text.endswith("\n...\n"):
        text = text[:-4]
    return text


def _events(value: Any) -> Iterator[Event]:
    if isinstance(value, dict):
        yield MappingStartEvent(None, None, True, flow_style=not value)
        for key in sorted(value, key=functools.cmp_to_key(_compare_keys)):
            yield _string_event(key)
            yield from _events(value[key])
        yield MappingEndEvent()
    elif isinstance(value, list):
        yield SequenceStartEvent(None, None, True, flow_style=not value)
        for item in value:
            yield from _events(item)
        yield SequenceEndEvent()
    elif isinstance(value, gojson.NumberLiteral):
        yield _plain(_number_text(value))
    elif isinstance(value, str):
        yield _string_event(value)
    elif value is None:
        yield _plain("null")
    else:
        yield _plain("true" if value else "false")


def _plain(text: str) -> ScalarEvent:
    return ScalarEvent(None, None, (True, False), str(text))


def _number_text(literal: str) -> str:
    """Write a JSON number as yaml.v2 does after reading it: integers as they are, floats by %g."""
    tag = resolve_plain_tag(literal)
    if tag == INT_TAG:
        # yaml.v2 reads "-0" as the integer 0.
        return str(int(literal))
    if tag == FLOAT_TAG:
        return format_float_g(float(literal))
    return literal


def _string_event(text: str) -> ScalarEvent:
    # NOTE: strings with U+0085 or U+FEFF differ from Go's output. libyaml escapes both, but
    # yaml.v2 writes U+0085 raw and escapes the byte after U+FEFF too.
    if "\n" in text:
        style = "|"
    elif can_be_plain(text):
        style = None
    else:
        style = '"'
    return ScalarEvent(None, None, (True, True), text, style=style)


def can_be_plain(text: str) -> bool:
    """Return whether yaml.v2 may write ``text`` unquoted: it must read back as the same string."""
    if resolve_plain_tag(text) != STR_TAG:
        return False
    looks_numeric = text[:1] in ("+", "-") or text[:1] in tuple("0123456789")
    return not (looks_numeric and ":" in text and _BASE60_FLOAT.fullmatch(text))


def _compare_keys(left: str, right: str) -> int:
    """Order map keys as yaml.v2's ``keyList.Less`` orders strings (letters by code, digit runs by value)."""
    if _key_less(left, right):
        return -1
    if _key_less(right, left):
        return 1
    return 0


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def _is_digit(char: str) -> bool:
    return unicodedata.category(char) == "Nd"


def _key_less(left: str, right: str) -> bool:
    for index in range(min(len(left), len(right))):
        a, b = left[index], right[index]
        if a == b:
            continue
        a_letter, b_letter = _is_letter(a), _is_letter(b)
        if a_letter and b_letter:
            return a < b
        if a_letter or b_letter:
            return b_letter

        a_number = b_number = 0
        if a == "0" or b == "0":
            # A zero inside a number ("10" against "1a") counts as a digit of that number.
            back = index - 1
            while back >= 0 and _is_digit(left[back]):
                if left[back] != "0":
                    a_number = b_number = 1
                    break
                back -= 1
        a_end = index
        while a_end < len(left) and _is_digit(left[a_end]):
            a_number = a_number * 10 + ord(left[a_end]) - 48
            a_end += 1
        b_end = index
        while b_end < len(right) and _is_digit(right[b_end]):
            b_number = b_number * 10 + ord(right[b_end]) - 48
            b_end += 1
        if a_number != b_number:
            return a_number < b_number
        if a_end != b_end:
            return a_end < b_end
        return a < b
    return len(left) < len(right)
