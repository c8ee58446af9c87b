"""Values of literal arguments: Go's ``idealConstant`` and the literal cases of ``evalArg``."""

from __future__ import annotations

from typing import Any

from kubeship.gotemplate import gotypes as g
from kubeship.gotemplate.nodes import BoolNode, NilNode, Node, NumberNode, StringNode


class LiteralFailure(Exception):
    """A literal that cannot be used in its position: Go's error format and its arguments."""

    def __init__(self, format_text: str, *args: Any) -> None:
        super().__init__(format_text)
        self.format_text = format_text
        self.args = args


def _is_hex_int(text: str) -> bool:
    return len(text) > 2 and text[0] == "0" and text[1] in "xX" and not any(c in text for c in "pP")


def ideal_constant(node: NumberNode) -> Any:
    """Return the value of a number literal in an untyped context (Go's ``idealConstant``)."""
    number = node.number
    text = node.text
    if number.is_complex:
        return number.complex128
    if (number.is_float and not _is_hex_int(text) and not text.startswith("'")
            and any(c in text for c in ".eEpP")):
        return number.float64
    if number.is_int:
        return number.int64
    if number.is_uint:
        raise LiteralFailure("%s overflows int", text)
    return None


def convert_literal(node: Node, expected: g.GoType | None) -> Any:
    """Return a literal argument converted to the parameter type ``expected`` (the literal cases of ``evalArg``)."""
    if expected is None or expected.is_empty_interface or expected is g.REFLECT_VALUE:
        return _empty_interface_value(node)
    kind = expected.underlying.kind
    if kind == g.BOOL:
        if isinstance(node, BoolNode):
            return node.value
        raise LiteralFailure("expected bool; found %s", str(node))
    if kind in g.COMPLEX_KINDS:
        if isinstance(node, NumberNode) and node.number.is_complex:
            value = node.number.complex128
            return g.Complex64(value) if kind == "complex64" else value
        raise LiteralFailure("expected complex; found %s", str(node))
    if kind in g.FLOAT_KINDS:
        if isinstance(node, NumberNode) and node.number.is_float:
            return g.make_float(node.number.float64, expected)
        raise LiteralFailure("expected float; found %s", str(node))
    if kind in g.SIGNED_KINDS:
        if isinstance(node, NumberNode) and node.number.is_int:
            return g.make_int(node.number.int64, expected)
        raise LiteralFailure("expected integer; found %s", str(node))
    if kind in g.UNSIGNED_KINDS:
        if isinstance(node, NumberNode) and node.number.is_uint:
            return g.make_int(node.number.uint64, expected)
        raise LiteralFailure("expected unsigned integer; found %s", str(node))
    if kind == g.STRING:
        if isinstance(node, StringNode):
            return node.text
        raise LiteralFailure("expected string; found %s", str(node))
    raise LiteralFailure("can't handle %s for arg of type %s", str(node), expected.name)


def _empty_interface_value(node: Node) -> Any:
    if isinstance(node, BoolNode):
        return node.value
    if isinstance(node, NumberNode):
        return ideal_constant(node)
    if isinstance(node, StringNode):
        return node.text
    raise LiteralFailure("can't handle assignment of %s to empty interface argument", str(node))


def literal_argument(node: Node, expected: g.GoType, site: Any) -> Any:
    """Convert a literal argument whose parameter type is known only at run time (method arguments)."""
    if isinstance(node, NilNode):
        if expected.can_be_nil:
            return None if expected.kind == g.INTERFACE else g.zero_value(expected)
        site.fail("cannot assign nil to %s", expected.name)
    try:
        return convert_literal(node, expected)
    except LiteralFailure as failure:
        site.fail(failure.format_text, *failure.args)
