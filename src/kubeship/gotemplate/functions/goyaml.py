"""YAML read with the rules of Go's yaml.v2, as Helm, Harness go-template and kubectl read it.

PyYAML's parser builds the node tree (libyaml, the parser yaml.v2 was ported
from); this module then gives each scalar the Go meaning instead of PyYAML's:

- booleans are YAML 1.1's ``y``/``Y``/``yes``/``on``/``true`` and ``n``/``no``/``off``/``false``
  in three spellings each (``yes``, ``Yes``, ``YES``);
- integers are read by ``strconv.ParseInt`` base 0 after removing ``_``
  (``0x1F``, ``0o17``, ``017`` octal, ``0b101``, ``1_000``), above int64 as uint64;
- a plain scalar that is not an integer but matches ``[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?``
  is a float (``08`` is the float 8, ``1e3`` is 1000); out of range it stays a string;
- dates and times stay strings, and there are no sexagesimal numbers (``1:30`` is a string);
- merge keys (``<<``) set the merged keys in document order, so a merge written after a
  key overrides that key, unlike PyYAML;
- every alias is decoded anew, so two aliases of one anchor never share an object.

Only the first document is read by :func:`load_go_yaml`, as ``yaml.Unmarshal``
does; :func:`load_go_yaml_documents` reads every document of a stream.

Map keys become strings as sigs.k8s.io/yaml converts them (``true``, ``1``,
float keys with float32 precision: ``3.1415927``); a null or uint64 key is an error.
Unsigned integers above int64 are returned as Python ints above ``INT64_MAX``,
which no Go ``int`` can hold, so a caller can tell them apart.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

import yaml
try:
    from yaml.cyaml import CParser
except ImportError:  # pragma: no cover - the C parser ships with PyYAML's wheels
    CParser = None
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from kubeship.gotemplate.gotypes import string_from_bytes
from kubeship.gotemplate.functions.gostrconv import (
    INT64_MAX,
    NumError,
    format_float_g,
    parse_float,
    parse_int,
    parse_uint,
)

TAG_PREFIX = "tag:yaml.org,2002:"
STR_TAG = TAG_PREFIX + "str"
BOOL_TAG = TAG_PREFIX + "bool"
INT_TAG = TAG_PREFIX + "int"
FLOAT_TAG = TAG_PREFIX + "float"
NULL_TAG = TAG_PREFIX + "null"
TIMESTAMP_TAG = TAG_PREFIX + "timestamp"
BINARY_TAG = TAG_PREFIX + "binary"
MERGE_TAG = TAG_PREFIX + "merge"
# Marks a plain scalar without a tag: yaml.v2 resolves those by their text.
PLAIN_TAG = "kubeship:plain"

_RESOLVABLE_TAGS = {"", STR_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, NULL_TAG, TIMESTAMP_TAG}

_WORDS: dict[str, tuple[str, Any]] = {}
for _words, _tag, _value in (
    ("y Y yes Yes YES true True TRUE on On ON", BOOL_TAG, True),
    ("n N no No NO false False FALSE off Off OFF", BOOL_TAG, False),
    ("~ null Null NULL", NULL_TAG, None),
    (".nan .NaN .NAN", FLOAT_TAG, math.nan),
    (".inf .Inf .INF +.inf +.Inf +.INF", FLOAT_TAG, math.inf),
    ("-.inf -.Inf -.INF", FLOAT_TAG, -math.inf),
    ("<<", MERGE_TAG, "<<"),
):
    for _word in _words.split():
        _WORDS[_word] = (_tag, _value)
_WORDS[""] = (NULL_TAG, None)

_YAML_STYLE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?"
)

# yaml.v2 stops a document whose aliases expand it far beyond its size ("billion laughs").
_ALIAS_RATIO_LOW = 400_000
_ALIAS_RATIO_HIGH = 4_000_000


class YAMLPosition(NamedTuple):
    """A place in a YAML text; line and column count from 1 and are None when unknown."""

    path: str
    line: int | None = None
    column: int | None = None


class GoYAMLError(ValueError):
    """A YAML document that Go's yaml.v2 (or sigs.k8s.io/yaml) would reject.

    ``message`` says what is wrong, ``position`` where, ``hint`` what to do.
    """

    def __init__(self, message: str, *, position: YAMLPosition, hint: str | None = None,
                 go_message: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.hint = hint
        # The text sigs.k8s.io/yaml's Unmarshal returns for this problem, when known.
        self.go_message = go_message


class ResolveError(ValueError):
    """A scalar whose explicit tag does not fit its text, such as ``!!int abc``."""


def resolve_scalar(tag: str, text: str) -> Any:
    """Return the Go value of a scalar as yaml.v2 decodes it into an ``interface{}``.

    ``tag`` is the explicit tag, :data:`PLAIN_TAG` for an untagged plain scalar,
    or :data:`STR_TAG` for an untagged quoted or block scalar.
    """
    if tag == STR_TAG:
        return text
    if tag == BINARY_TAG:
        return _decode_binary(text)
    explicit = "" if tag == PLAIN_TAG else tag
    if explicit not in _RESOLVABLE_TAGS:
        return text

    resolved_tag, value = _resolve_text(explicit, text)
    if explicit in ("", resolved_tag):
        return text if resolved_tag == TIMESTAMP_TAG else value
    if explicit == FLOAT_TAG and resolved_tag == INT_TAG:
        return float(value)
    raise ResolveError(f"cannot decode {_short_tag(resolved_tag)} `{text}` as a {_short_tag(explicit)}")


def resolve_plain_tag(text: str) -> str:
    """Return the tag yaml.v2 gives ``text`` as an untagged plain scalar (``!!str`` when it stays a string)."""
    return _resolve_text("", text)[0]


def _resolve_text(tag: str, text: str) -> tuple[str, Any]:
    if text and text[0] not in "+-0123456789yYnNtTfFoO~.":
        return STR_TAG, text
    word = _WORDS.get(text)
    if word is not None:
        return word

    if text.startswith("."):
        try:
            return FLOAT_TAG, parse_float(text)
        except NumError:
            return STR_TAG, text
    if text[0] not in "+-0123456789":
        return STR_TAG, text

    if tag in ("", TIMESTAMP_TAG) and _TIMESTAMP.fullmatch(text):
        return TIMESTAMP_TAG, text
    return _resolve_number(text)


def _resolve_number(text: str) -> tuple[str, Any]:
    plain = text.replace("_", "")
    for parse in (parse_int, parse_uint):
        try:
            return INT_TAG, parse(plain, 0)
        except NumError:
            pass
    if _YAML_STYLE_FLOAT.fullmatch(plain):
        try:
            return FLOAT_TAG, parse_float(plain)
        except NumError:
            pass

    # yaml.v2 reads 0b after ParseInt failed (ParseInt already takes 0b, so this only repeats it).
    binary = plain[2:] if plain.startswith("0b") else None
    if plain.startswith("-0b"):
        binary = "-" + plain[3:]
    if binary is not None:
        try:
            return INT_TAG, parse_int(binary, 2)
        except NumError:
            if not binary.startswith("-"):
                try:
                    return INT_TAG, parse_uint(binary, 2)
                except NumError:
                    pass
    return STR_TAG, text


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(TAG_PREFIX):] if tag.startswith(TAG_PREFIX) else tag


def _decode_binary(text: str) -> str:
    # Go's base64 decoder skips line breaks and nothing else.
    try:
        data = base64.b64decode(text.replace("\r", "").replace("\n", ""), validate=True)
    except binascii.Error:
        raise ResolveError("!!binary value contains invalid base64 data") from None
    # A Go string holds the bytes as they are; gotypes keeps invalid UTF-8 bytes as surrogates.
    return string_from_bytes(data)


class _PlainMarkingResolver(BaseResolver):
    """Tag plain scalars with :data:`PLAIN_TAG` and leave their meaning to :func:`resolve_scalar`."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return PLAIN_TAG if implicit[0] else STR_TAG
        if kind is SequenceNode:
            return TAG_PREFIX + "seq"
        return TAG_PREFIX + "map"


if CParser is not None:

    class _Composer(CParser, _PlainMarkingResolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _PlainMarkingResolver.__init__(self)

else:  # pragma: no cover - the C parser ships with PyYAML's wheels

    class _Composer(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _PlainMarkingResolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _PlainMarkingResolver.__init__(self)


def load_go_yaml(text: str | bytes, path: str = "<input>", *, json_compatible: bool = False) -> Any:
    """Decode the first YAML document of ``text`` as yaml.v2 decodes it into an ``interface{}``.

    An empty document is ``None``. With ``json_compatible`` a NaN or infinite
    float is an error, as it is where Go converts the document to JSON
    (sigs.k8s.io/yaml). Raises :class:`GoYAMLError` with the file, line and column.
    """
    for value in _load(text, path, first_only=True, json_compatible=json_compatible):
        return value
    return None


def load_go_yaml_documents(text: str | bytes, path: str = "<input>", *, json_compatible: bool = False) -> list[Any]:
    """Decode every document of a YAML stream with yaml.v2's rules (an empty document is ``None``)."""
    return list(_load(text, path, first_only=False, json_compatible=json_compatible))


def _load(text: str | bytes, path: str, *, first_only: bool, json_compatible: bool) -> Iterator[Any]:
    source = _decode_source(text, path)
    composer = _Composer(source)
    try:
        while composer.check_node():
            node = composer.get_node()
            yield _Decoder(path, json_compatible).decode(node)
            if first_only:
                return
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, path, source) from None
    except yaml.YAMLError as error:
        raise GoYAMLError(f"invalid YAML: {error}", position=YAMLPosition(path)) from None
    finally:
        composer.dispose()


def _decode_source(text: str | bytes, path: str) -> str:
    if isinstance(text, str):
        return text
    try:
        return text.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = text.count(b"\n", 0, error.start) + 1
        column = error.start - (text.rfind(b"\n", 0, error.start) + 1) + 1
        raise GoYAMLError(
            "invalid YAML: the file is not valid UTF-8",
            position=YAMLPosition(path, line, column),
            hint="save the file as UTF-8",
        ) from None


def _syntax_error(error: yaml.MarkedYAMLError, path: str, source: str) -> GoYAMLError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "invalid syntax"
    if error.context:
        problem = f"{error.context}: {problem}"
    position = YAMLPosition(path, mark.line + 1, mark.column + 1) if mark else YAMLPosition(path)
    return GoYAMLError(f"invalid YAML: {problem}", position=position, go_message=_go_syntax_message(error, source))


def _go_syntax_message(error: yaml.MarkedYAMLError, source: str) -> str:
    """Return the message yaml.v2 gives for the same syntax error, wrapped as sigs.k8s.io/yaml wraps it.

    yaml.v2 reports the 0-based line of a parser error and the 1-based line of a scanner error.
    """
    problem = error.problem or "unknown problem parsing YAML content"
    if isinstance(error, yaml.composer.ComposerError) and problem.startswith("found undefined alias"):
        alias = re.match(r"\*([^\s,\[\]{}]*)", source[error.problem_mark.index:])
        anchor = alias.group(1) if alias else ""
        return f"error converting YAML to JSON: yaml: unknown anchor '{anchor}' referenced"
    line = 0
    if error.problem_mark is not None and error.problem_mark.line != 0:
        line = error.problem_mark.line + (1 if isinstance(error, yaml.scanner.ScannerError) else 0)
    elif error.context_mark is not None and error.context_mark.line != 0:
        line = error.context_mark.line
    where = f"line {line}: " if line else ""
    return f"error converting YAML to JSON: yaml: {where}{problem}"


def node_position(path: str, node: Node) -> YAMLPosition:
    """Return the file, line and column where ``node`` starts."""
    mark = node.start_mark
    return YAMLPosition(path, mark.line + 1, mark.column + 1)


class _Decoder:
    """Build Go values from one document's nodes, following yaml.v2's decoder."""

    def __init__(self, path: str, json_compatible: bool = False) -> None:
        self.path = path
        self.json_compatible = json_compatible
        self.decode_count = 0
        self.alias_count = 0
        self.alias_depth = 0
        self.in_progress: set[int] = set()
        self.decoded: set[int] = set()

    def decode(self, node: Node, into: dict[str, Any] | None = None) -> Any:
        """Decode ``node``; a mapping is decoded into ``into`` when given (for merge keys)."""
        self.decode_count += 1
        if self.alias_depth > 0:
            self.alias_count += 1
        if self.alias_count > 100 and self.decode_count > 1000:
            if self.alias_count / self.decode_count > _allowed_alias_ratio(self.decode_count):
                raise GoYAMLError("invalid YAML: document contains excessive aliasing",
                                  position=node_position(self.path, node))

        # PyYAML's composer returns the anchored node itself for each alias of it.
        node_id = id(node)
        if node_id in self.in_progress:
            raise GoYAMLError("invalid YAML: an anchor's value contains an alias of itself",
                              position=node_position(self.path, node))
        is_alias = node_id in self.decoded
        self.decoded.add(node_id)
        self.in_progress.add(node_id)
        self.alias_depth += is_alias
        try:
            if into is not None and isinstance(node, MappingNode):
                self._decode_mapping(node, into)
                return into
            return self._decode_node(node)
        finally:
            self.alias_depth -= is_alias
            self.in_progress.discard(node_id)

    def _decode_node(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            try:
                value = resolve_scalar(node.tag, node.value)
            except ResolveError as error:
                raise GoYAMLError(f"invalid YAML: {error}", position=node_position(self.path, node)) from None
            if self.json_compatible and isinstance(value, float) and not math.isfinite(value):
                name = "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
                raise GoYAMLError(f"unsupported value {node.value}: NaN and infinity have no JSON form",
                                  position=node_position(self.path, node), hint="quote it to make it a string",
                                  go_message=f"error converting YAML to JSON: json: unsupported value: {name}")
            return value
        if isinstance(node, SequenceNode):
            return [self.decode(child) for child in node.value]
        mapping: dict[str, Any] = {}
        self._decode_mapping(node, mapping)
        return mapping

    def _decode_mapping(self, node: MappingNode, mapping: dict[str, Any]) -> None:
        for key_node, value_node in node.value:
            if _is_merge_key(key_node):
                self._merge(value_node, mapping)
                continue
            key = self.decode(key_node)
            value = self.decode(value_node)
            mapping[self._key_string(key, key_node)] = value

    def _merge(self, node: Node, mapping: dict[str, Any]) -> None:
        # Earlier maps in a merge sequence take precedence, so they are applied last.
        sources = list(reversed(node.value)) if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                raise GoYAMLError("invalid YAML: map merge requires map or sequence of maps as the value",
                                  position=node_position(self.path, source))
            self.decode(source, into=mapping)

    def _key_string(self, key: Any, node: Node) -> str:
        """Convert a map key to a string as sigs.k8s.io/yaml does before the JSON step."""
        if isinstance(key, str):
            return key
        if isinstance(key, bool):
            return "true" if key else "false"
        if isinstance(key, int) and key <= INT64_MAX:
            return str(key)
        if isinstance(key, float):
            text = format_float_g(key, 32)
            return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)
        if isinstance(key, (list, dict)):
            kind = "list" if isinstance(key, list) else "map"
            problem = f"a {kind} cannot be a map key"
        else:
            type_name = "null" if key is None else "an integer above int64"
            problem = f"{type_name} cannot be a map key"
        raise GoYAMLError(f"invalid YAML: {problem}", position=node_position(self.path, node),
                          hint="quote the key to make it a string")


def _is_merge_key(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "<<" and node.tag in (PLAIN_TAG, MERGE_TAG)


def _allowed_alias_ratio(decode_count: int) -> float:
    if decode_count <= _ALIAS_RATIO_LOW:
        return 0.99
    if decode_count >= _ALIAS_RATIO_HIGH:
        return 0.10
    span = _ALIAS_RATIO_HIGH - _ALIAS_RATIO_LOW
    return 0.99 - 0.89 * ((decode_count - _ALIAS_RATIO_LOW) / span)


def json_round_trip(value: Any) -> Any:
    """Return a decoded document as Go sees it after sigs.k8s.io/yaml's JSON step.

    Every number becomes a float64 and each invalid UTF-8 byte in a string becomes U+FFFD.
    """
    if isinstance(value, dict):
        return {_json_string(key): json_round_trip(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_round_trip(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return _json_string(value)
    return value


def _json_string(text: str) -> str:
    if text.isascii():
        return text
    return "".join("\ufffd" if "\udc80" <= char <= "\udcff" else char for char in text)
