"""Parse tree nodes, as Go's ``text/template/parse/node.go`` defines them.

Each node keeps its offset in the template text and the ``Tree`` it was
parsed into, so errors can name the template, line and column, and its
``__str__`` reproduces Go's ``Node.String()``, which error messages quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubeship.gotemplate.lexer import go_quote

if TYPE_CHECKING:
    from kubeship.gotemplate.parser import Tree


class Node:
    """Base of all nodes: ``pos`` is the character offset in the tree's text."""

    __slots__ = ("pos", "tree")

    def __init__(self, pos: int, tree: Tree | None) -> None:
        self.pos = pos
        self.tree = tree


class ListNode(Node):
    __slots__ = ("nodes",)

    def __init__(self, pos: int, tree: Tree | None) -> None:
        super().__init__(pos, tree)
        self.nodes: list[Node] = []

    def __str__(self) -> str:
        return "".join(str(node) for node in self.nodes)


class TextNode(Node):
    __slots__ = ("text",)

    def __init__(self, pos: int, tree: Tree | None, text: str) -> None:
        super().__init__(pos, tree)
        self.text = text

    def __str__(self) -> str:
        return self.text


class CommentNode(Node):
    __slots__ = ("text",)

    def __init__(self, pos: int, tree: Tree | None, text: str) -> None:
        super().__init__(pos, tree)
        self.text = text

    def __str__(self) -> str:
        return "{{" + self.text + "}}"


class VariableNode(Node):
    """A variable and the fields that follow it: ``$x.a.b`` has ``ident`` ``['$x', 'a', 'b']``."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, tree: Tree | None, ident: str) -> None:
        super().__init__(pos, tree)
        self.ident = ident.split(".")

    def __str__(self) -> str:
        return ".".join(self.ident)


class PipeNode(Node):
    __slots__ = ("line", "is_assign", "decl", "cmds")

    def __init__(self, pos: int, tree: Tree | None, line: int) -> None:
        super().__init__(pos, tree)
        self.line = line
        self.is_assign = False
        self.decl: list[VariableNode] = []
        self.cmds: list[CommandNode] = []

    def __str__(self) -> str:
        text = ""
        if self.decl:
            text = ", ".join(str(v) for v in self.decl)
            text += " = " if self.is_assign else " := "
        return text + " | ".join(str(c) for c in self.cmds)


class ActionNode(Node):
    __slots__ = ("line", "pipe")

    def __init__(self, pos: int, tree: Tree | None, line: int, pipe: PipeNode) -> None:
        super().__init__(pos, tree)
        self.line = line
        self.pipe = pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


class CommandNode(Node):
    __slots__ = ("args",)

    def __init__(self, pos: int, tree: Tree | None) -> None:
        super().__init__(pos, tree)
        self.args: list[Node] = []

    def __str__(self) -> str:
        parts = []
        for arg in self.args:
            if isinstance(arg, PipeNode):
                parts.append("(" + str(arg) + ")")
            else:
                parts.append(str(arg))
        return " ".join(parts)


class IdentifierNode(Node):
    """A function name."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, tree: Tree | None, ident: str) -> None:
        super().__init__(pos, tree)
        self.ident = ident

    def __str__(self) -> str:
        return self.ident


class DotNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "."


class NilNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "nil"


class FieldNode(Node):
    """A field chain on dot: ``.a.b`` has ``ident`` ``['a', 'b']``."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, tree: Tree | None, ident: str) -> None:
        super().__init__(pos, tree)
        self.ident = ident[1:].split(".")

    def __str__(self) -> str:
        return "".join("." + name for name in self.ident)


class ChainNode(Node):
    """Fields applied to a term that is not dot or a variable: ``(pipe).a.b``."""

    __slots__ = ("node", "fields")

    def __init__(self, pos: int, tree: Tree | None, node: Node) -> None:
        super().__init__(pos, tree)
        self.node = node
        self.fields: list[str] = []

    def add(self, field_text: str) -> None:
        self.fields.append(field_text[1:])

    def __str__(self) -> str:
        head = f"({self.node})" if isinstance(self.node, PipeNode) else str(self.node)
        return head + "".join("." + name for name in self.fields)


class BoolNode(Node):
    __slots__ = ("value",)

    def __init__(self, pos: int, tree: Tree | None, value: bool) -> None:
        super().__init__(pos, tree)
        self.value = value

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass
class NumberValue:
    """The interpretations of a number literal, as Go's ``NumberNode`` records them."""

    is_int: bool = False
    is_uint: bool = False
    is_float: bool = False
    is_complex: bool = False
    int64: int = 0
    uint64: int = 0
    float64: float = 0.0
    complex128: complex = field(default=0j)


class NumberNode(Node):
    __slots__ = ("text", "number")

    def __init__(self, pos: int, tree: Tree | None, text: str, number: NumberValue) -> None:
        super().__init__(pos, tree)
        self.text = text
        self.number = number

    def __str__(self) -> str:
        return self.text


class StringNode(Node):
    __slots__ = ("quoted", "text")

    def __init__(self, pos: int, tree: Tree | None, quoted: str, text: str) -> None:
        super().__init__(pos, tree)
        self.quoted = quoted
        self.text = text

    def __str__(self) -> str:
        return self.quoted


class EndNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "{{end}}"


class ElseNode(Node):
    __slots__ = ("line",)

    def __init__(self, pos: int, tree: Tree | None, line: int) -> None:
        super().__init__(pos, tree)
        self.line = line

    def __str__(self) -> str:
        return "{{else}}"


class BranchNode(Node):
    """Base of ``if``, ``range`` and ``with``."""

    __slots__ = ("line", "pipe", "list", "else_list")
    keyword = ""

    def __init__(self, pos: int, tree: Tree | None, line: int, pipe: PipeNode,
                 body: ListNode, else_list: ListNode | None) -> None:
        super().__init__(pos, tree)
        self.line = line
        self.pipe = pipe
        self.list = body
        self.else_list = else_list

    def __str__(self) -> str:
        text = "{{" + self.keyword + " " + str(self.pipe) + "}}" + str(self.list)
        if self.else_list is not None:
            text += "{{else}}" + str(self.else_list)
        return text + "{{end}}"


class IfNode(BranchNode):
    __slots__ = ()
    keyword = "if"


class RangeNode(BranchNode):
    __slots__ = ()
    keyword = "range"


class WithNode(BranchNode):
    __slots__ = ()
    keyword = "with"


class BreakNode(Node):
    __slots__ = ("line",)

    def __init__(self, pos: int, tree: Tree | None, line: int) -> None:
        super().__init__(pos, tree)
        self.line = line

    def __str__(self) -> str:
        return "{{break}}"


class ContinueNode(Node):
    __slots__ = ("line",)

    def __init__(self, pos: int, tree: Tree | None, line: int) -> None:
        super().__init__(pos, tree)
        self.line = line

    def __str__(self) -> str:
        return "{{continue}}"


class TemplateNode(Node):
    __slots__ = ("line", "name", "pipe")

    def __init__(self, pos: int, tree: Tree | None, line: int, name: str, pipe: PipeNode | None) -> None:
        super().__init__(pos, tree)
        self.line = line
        self.name = name
        self.pipe = pipe

    def __str__(self) -> str:
        text = "{{template " + go_quote(self.name)
        if self.pipe is not None:
            text += " " + str(self.pipe)
        return text + "}}"


# The characters Go's unicode.IsSpace accepts, which bytes.TrimSpace removes.
GO_SPACE = " \t\n\v\f\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def is_empty_tree(node: Node | None) -> bool:
    """Return whether a tree contains only space, comments and empty lists (Go's ``IsEmptyTree``)."""
    if node is None or isinstance(node, CommentNode):
        return True
    if isinstance(node, ListNode):
        return all(is_empty_tree(child) for child in node.nodes)
    if isinstance(node, TextNode):
        return node.text.strip(GO_SPACE) == ""
    return False
