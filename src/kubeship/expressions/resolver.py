"""Resolve ``${...}`` expressions in a text against a context of nested mappings.

A context is a mapping from top-level names (``artifact``, ``infra``, ``secrets`` ...) to
nested mappings. Leaves are strings, numbers or booleans, and a callable leaf is a method
(``artifact.label.get``, ``secrets.getValue``). The code that builds a context registers
its secret values with the sanitizer, so that no log line can show them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kubeship.errors import InputError, SourcePosition
from kubeship.expressions.parser import (
    Attribute,
    Call,
    ExpressionSyntaxError,
    Index,
    Name,
    Node,
    Occurrence,
    describe,
    find_expressions,
    parse_expression,
)


class UnresolvedExpression(LookupError):
    """An expression names something the context does not have."""


@dataclass(frozen=True)
class ResolveOptions:
    """Options for expressions that cannot be resolved.

    ``name_hints`` maps a top-level name to the hint shown when the context lacks it,
    for example ``{"artifact": "pass --image"}``.
    """

    allow_unresolved: bool = False
    name_hints: Mapping[str, str] = field(default_factory=dict)


def resolve_text(
    text: str,
    context: Mapping[str, Any],
    *,
    path: str,
    options: ResolveOptions = ResolveOptions(),
) -> str:
    """Return ``text`` with every ``${...}`` replaced by its value.

    ``path`` names the file for error positions. Raises InputError at the expression's
    line and column when an expression is invalid, or when it cannot be resolved and
    ``options.allow_unresolved`` is false (then it is left as written).
    """
    pieces: list[str] = []
    previous_end = 0
    for occurrence in find_expressions(text):
        pieces.append(text[previous_end : occurrence.start])
        pieces.append(_resolve_occurrence(text, occurrence, context, path, options))
        previous_end = occurrence.end
    pieces.append(text[previous_end:])
    return "".join(pieces)


def _resolve_occurrence(
    text: str,
    occurrence: Occurrence,
    context: Mapping[str, Any],
    path: str,
    options: ResolveOptions,
) -> str:
    position = _position(text, occurrence.start, path)
    try:
        node = parse_expression(occurrence.source)
    except ExpressionSyntaxError as error:
        column = (position.column or 1) + 2 + error.offset
        raise InputError(
            f"invalid expression {occurrence.text}: {error}",
            position=SourcePosition(path, position.line, column),
            hint='expressions look like ${artifact.metadata.image} or ${secrets.getValue("name")}',
        ) from None

    try:
        return _to_text(_evaluate(node, context, text, position, path, options))
    except UnresolvedExpression as error:
        if options.allow_unresolved:
            return occurrence.text
        raise InputError(
            f"cannot resolve {occurrence.text}: {error}",
            position=position,
            hint=options.name_hints.get(_root_name(node), _DEFAULT_HINT),
        ) from None


_DEFAULT_HINT = "check the expression's spelling, or pass --allow-unresolved to leave it as written"


def _root_name(node: Node) -> str:
    while not isinstance(node, Name):
        node = node.target
    return node.name


def _evaluate(
    node: Node,
    context: Mapping[str, Any],
    text: str,
    position: SourcePosition,
    path: str,
    options: ResolveOptions,
) -> Any:
    if isinstance(node, Name):
        if node.name not in context:
            known = ", ".join(sorted(context))
            raise UnresolvedExpression(f"unknown name {node.name!r} (known: {known})")
        return context[node.name]

    target = _evaluate(node.target, context, text, position, path, options)
    if isinstance(node, Attribute):
        return _member(target, node.name, describe(node.target))
    if isinstance(node, Index):
        return _member(target, node.key, describe(node.target))

    assert isinstance(node, Call)
    method = _member(target, node.method, describe(node.target))
    if not callable(method):
        raise UnresolvedExpression(f"{describe(node.target)}.{node.method} is not a method")
    arguments = [
        resolve_text(argument, context, path=path, options=options) if isinstance(argument, str) else argument
        for argument in node.arguments
    ]
    return _call(method, arguments, describe(Call(node.target, node.method, tuple(arguments))))


def _member(target: Any, key: Any, owner: str) -> Any:
    if isinstance(target, Mapping) and key in target:
        value = target[key]
        if value is None:
            raise UnresolvedExpression(f"{owner}.{key} has no value")
        return value
    raise UnresolvedExpression(f"{owner} has no field {key!r}")


def _call(method: Callable[..., Any], arguments: list[Any], description: str) -> Any:
    try:
        value = method(*arguments)
    except TypeError:
        raise UnresolvedExpression(f"{description} was called with the wrong number of arguments") from None
    if value is None:
        raise UnresolvedExpression(f"{description} returned no value")
    return value


def _to_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping) or callable(value):
        raise UnresolvedExpression("the expression names a group of values, not a value")
    return str(value)


def _position(text: str, offset: int, path: str) -> SourcePosition:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return SourcePosition(path, line, column)
