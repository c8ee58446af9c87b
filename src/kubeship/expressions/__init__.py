"""The ``${...}`` expression language of Harness values files: parsing, context, resolution."""

from kubeship.expressions.context import ArtifactContext, InfraContext, build_context
from kubeship.expressions.parser import ExpressionSyntaxError, find_expressions, parse_expression
from kubeship.expressions.resolver import ResolveOptions, resolve_text

__all__ = [
    "ArtifactContext",
    "ExpressionSyntaxError",
    "InfraContext",
    "ResolveOptions",
    "build_context",
    "find_expressions",
    "parse_expression",
    "resolve_text",
]
