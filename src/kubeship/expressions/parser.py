"""Find ``${...}`` expressions in text and parse each into a small syntax tree.

The language is the part of Harness's expression syntax that values files use:
a dotted path of names, calls with literal arguments (``artifact.label.get("k")``,
``secrets.getValue("db")``) and ``["key"]`` indexing. An argument string may itself
contain ``${...}``; the resolver expands the inner expression first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

Literal = Union[str, int, float, bool, None]


@dataclass(frozen=True)
class Name:
    """A name at the start of a path, such as ``artifact``."""

    name: str


@dataclass(frozen=True)
class Attribute:
    """``target.name``."""

    target: "Node"
    name: str


@dataclass(frozen=True)
class Index:
    """``target["key"]``."""

    target: "Node"
    key: Literal


@dataclass(frozen=True)
class Call:
    """``target.method(arguments)``."""

    target: "Node"
    method: str
    arguments: tuple[Literal, ...]


Node = Union[Name, Attribute, Index, Call]


@dataclass(frozen=True)
class Occurrence:
    """One ``${...}`` in a text: its offsets (``end`` is exclusive) and the expression inside."""

    start: int
    end: int
    source: str

    @property
    def text(self) -> str:
        """Return the expression as written, ``${`` and ``}`` included."""
        return "${" + self.source + "}"


class ExpressionSyntaxError(ValueError):
    """An expression is not valid; ``offset`` counts characters from the expression start."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def find_expressions(text: str) -> list[Occurrence]:
    """Return the outermost ``${...}`` occurrences of ``text`` in order.

    Braces nest, and a quoted string may contain braces. An opening ``${`` without its
    closing brace is not an expression and stays as text, as Harness leaves it.
    """
    occurrences: list[Occurrence] = []
    position = text.find("${")
    while position != -1:
        end = _matching_brace(text, position + 2)
        if end is None:
            break
        occurrences.append(Occurrence(position, end + 1, text[position + 2 : end]))
        position = text.find("${", end + 1)
    return occurrences


def _matching_brace(text: str, start: int) -> int | None:
    depth = 1
    quote: str | None = None
    index = start
    while index < len(text):
        char = text[index]
        if char == "\n" and quote is None:
            return None
        if quote is not None:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.offset = 0

    def parse(self) -> Node:
        node: Node = Name(self._identifier())
        while True:
            self._skip_space()
            if self._at_end():
                return node
            char = self.source[self.offset]
            if char == ".":
                self.offset += 1
                name = self._identifier()
                self._skip_space()
                if self._peek("("):
                    node = Call(node, name, self._arguments())
                else:
                    node = Attribute(node, name)
            elif char == "[":
                self.offset += 1
                self._skip_space()
                key = self._literal()
                self._expect("]")
                node = Index(node, key)
            else:
                raise ExpressionSyntaxError(f"unexpected {char!r}", self.offset)

    def _arguments(self) -> tuple[Literal, ...]:
        self._expect("(")
        arguments: list[Literal] = []
        self._skip_space()
        if self._peek(")"):
            self.offset += 1
            return ()
        while True:
            self._skip_space()
            arguments.append(self._literal())
            self._skip_space()
            if self._peek(","):
                self.offset += 1
                continue
            self._expect(")")
            return tuple(arguments)

    def _literal(self) -> Literal:
        if self._at_end():
            raise ExpressionSyntaxError("missing argument", self.offset)
        char = self.source[self.offset]
        if char in "\"'":
            return self._string(char)
        start = self.offset
        while not self._at_end() and (self.source[self.offset].isalnum() or self.source[self.offset] in "._-+"):
            self.offset += 1
        word = self.source[start : self.offset]
        if word in ("true", "false"):
            return word == "true"
        if word == "null":
            return None
        try:
            return int(word)
        except ValueError:
            pass
        try:
            return float(word)
        except ValueError:
            raise ExpressionSyntaxError(
                f"expected a quoted string or a number, found {word or self.source[start:start + 1]!r}", start
            ) from None

    def _string(self, quote: str) -> str:
        self.offset += 1
        chars: list[str] = []
        while not self._at_end():
            char = self.source[self.offset]
            if char == "\\" and self.offset + 1 < len(self.source):
                chars.append(self.source[self.offset + 1])
                self.offset += 2
                continue
            self.offset += 1
            if char == quote:
                return "".join(chars)
            chars.append(char)
        raise ExpressionSyntaxError("unterminated string", self.offset)

    def _identifier(self) -> str:
        self._skip_space()
        start = self.offset
        while not self._at_end() and (self.source[self.offset].isalnum() or self.source[self.offset] == "_"):
            self.offset += 1
        if start == self.offset:
            found = "the end" if self._at_end() else repr(self.source[self.offset])
            raise ExpressionSyntaxError(f"expected a name, found {found}", start)
        return self.source[start : self.offset]

    def _expect(self, char: str) -> None:
        self._skip_space()
        if not self._peek(char):
            found = "the end" if self._at_end() else repr(self.source[self.offset])
            raise ExpressionSyntaxError(f"expected {char!r}, found {found}", self.offset)
        self.offset += 1

    def _peek(self, char: str) -> bool:
        return not self._at_end() and self.source[self.offset] == char

    def _skip_space(self) -> None:
        while not self._at_end() and self.source[self.offset] in " \t":
            self.offset += 1

    def _at_end(self) -> bool:
        return self.offset >= len(self.source)


def parse_expression(source: str) -> Node:
    """Parse the text between ``${`` and ``}``; raises ExpressionSyntaxError."""
    return _Parser(source).parse()


def describe(node: Node) -> str:
    """Return the path of ``node`` as written, for messages (``artifact.source.username``)."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Attribute):
        return f"{describe(node.target)}.{node.name}"
    if isinstance(node, Index):
        return f"{describe(node.target)}[{node.key!r}]"
    arguments = ", ".join(repr(argument) for argument in node.arguments)
    return f"{describe(node.target)}.{node.method}({arguments})"
