"""The public ``Template`` API, shaped like Go's ``text/template.Template``.

A ``Template`` belongs to a set of associated templates that share function
maps, options and definitions, as in Go: ``parse`` may add templates to the
set (``define``, ``block``), ``lookup`` finds one by name and
``{{template "name"}}`` calls one.  Each template compiles to one Python
function the first time it executes after a change to the set.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from typing import IO, Any

from kubeship.gotemplate import gotypes as g
from kubeship.gotemplate import runtime as r
from kubeship.gotemplate.builtins import BUILTINS
from kubeship.gotemplate.compiler import Binding, Compiler
from kubeship.gotemplate.errors import TemplateError, TemplateExecError
from kubeship.gotemplate.lexer import go_quote
from kubeship.gotemplate.nodes import is_empty_tree
from kubeship.gotemplate.parser import Tree, parse

# Go's limit on nested {{template}} calls; Python's recursion limit is raised to allow it.
MAX_EXEC_DEPTH = 100000
_FRAMES_PER_TEMPLATE = 2


class BoundFunction:
    """A function that needs the template set executing it, as Helm binds ``include`` and ``tpl``.

    ``factory(template)`` receives the ``Template`` whose ``funcs`` registered
    it and returns the callable; ``spelling`` is its Go signature.  The
    engine calls the factory again whenever the set recompiles.
    """

    def __init__(self, factory: Callable[[Template], Callable[..., Any]], spelling: str) -> None:
        self.factory = factory
        self.signature = g.signature(spelling)


_BUILTIN_BINDINGS = {name: Binding(name, fn, g.signature_of(fn), True) for name, fn in BUILTINS.items()}


class _Common:
    """The state associated templates share: definitions, functions, options and compiled code."""

    def __init__(self, owner: Template) -> None:
        self.owner = owner
        self.templates: dict[str, Template] = {}
        self.functions: dict[str, Any] = {}
        self.missing_key = r.MISSING_KEY_DEFAULT
        self.compiled: dict[str, Callable[..., None]] = {}
        self.bindings: dict[str, Binding] | None = None

    def invalidate(self) -> None:
        self.compiled.clear()
        self.bindings = None

    def function_bindings(self) -> dict[str, Binding]:
        if self.bindings is None:
            bindings = dict(_BUILTIN_BINDINGS)
            for name, value in self.functions.items():
                if isinstance(value, BoundFunction):
                    bindings[name] = Binding(name, value.factory(self.owner), value.signature, False)
                else:
                    bindings[name] = Binding(name, value, g.signature_of(value), False)
            self.bindings = bindings
        return self.bindings

    def compiled_function(self, name: str) -> Callable[..., None] | None:
        function = self.compiled.get(name)
        if function is None:
            template = self.templates.get(name)
            if template is None or template.tree is None or template.tree.root is None:
                return None
            compiler = Compiler(template.tree.root, name, self.function_bindings(), self.missing_key)
            function = compiler.build()
            self.compiled[name] = function
        return function


class ExecState:
    """The state of one execution: the template set and the depth of ``{{template}}`` calls."""

    __slots__ = ("common", "depth")

    def __init__(self, common: _Common) -> None:
        self.common = common
        self.depth = 0

    def lookup(self, name: str, site: r.ErrorSite) -> Callable[..., None]:
        """Return the compiled template ``name`` for a ``{{template}}`` call, checking Go's depth limit."""
        function = self.common.compiled_function(name)
        if function is None:
            site.fail("template %q not defined", name)
        if self.depth >= MAX_EXEC_DEPTH:
            site.fail("exceeded maximum template depth (%v)", MAX_EXEC_DEPTH)
        if self.depth > 200:
            _ensure_recursion_limit()
        return function


def _ensure_recursion_limit() -> None:
    needed = MAX_EXEC_DEPTH * _FRAMES_PER_TEMPLATE + 1000
    if sys.getrecursionlimit() < needed:
        sys.setrecursionlimit(needed)


_ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _good_name(name: str) -> bool:
    """Return whether ``name`` is a valid function name: a letter or ``_`` then letters, digits, ``_``."""
    if name.isascii():
        return _ASCII_NAME.fullmatch(name) is not None
    if not name:
        return False
    for position, char in enumerate(name):
        if char == "_":
            continue
        if position == 0 and not _is_letter(char):
            return False
        if not _is_letter(char) and unicodedata.category(char) != "Nd":
            return False
    return True


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


class Template:
    """A named template in a set of associated templates (Go's ``*template.Template``).

    Methods that configure the set return the template, so calls chain:
    ``Template("x").funcs(functions).option("missingkey=zero").parse(text)``.
    """

    def __init__(self, name: str, *, _common: _Common | None = None) -> None:
        self._name = name
        self.tree: Tree | None = None
        self.left_delim = ""
        self.right_delim = ""
        self._common = _common if _common is not None else _Common(self)

    @property
    def name(self) -> str:
        return self._name

    def new(self, name: str) -> Template:
        """Return a new template with ``name`` in this template's set (Go's ``New`` method)."""
        template = Template(name, _common=self._common)
        template.left_delim, template.right_delim = self.left_delim, self.right_delim
        return template

    def funcs(self, mapping: Mapping[str, Any]) -> Template:
        """Add functions to the set; a later entry replaces an earlier one of the same name.

        Values are callables (declared with ``gotypes.go_func`` or plain),
        ``gotypes.GoFunc`` or ``BoundFunction``.  Raises ``ValueError`` for
        an invalid name or a result list Go does not accept.
        """
        for name, value in mapping.items():
            if not _good_name(name):
                raise ValueError(f"function name {go_quote(name)} is not a valid identifier")
            if not callable(value) and not isinstance(value, BoundFunction):
                raise ValueError(f"value for {name} not a function")
            signature = value.signature if isinstance(value, BoundFunction) else g.signature_of(value)
            problem = signature.result_problem(name)
            if problem is not None:
                raise ValueError(problem)
        self._common.functions.update(mapping)
        self._common.invalidate()
        return self

    def option(self, *options: str) -> Template:
        """Set options; only ``missingkey=default|invalid|zero|error`` exists, as in Go."""
        for option in options:
            if not option:
                raise ValueError("empty option string")
            key, _, value = option.partition("=")
            if key != "missingkey" or value not in ("default", "invalid", "zero", "error"):
                raise ValueError(f"unrecognized option: {option}")
            self._common.missing_key = r.MISSING_KEY_DEFAULT if value == "invalid" else value
        self._common.invalidate()
        return self

    def delims(self, left: str, right: str) -> Template:
        """Set the action delimiters for later ``parse`` calls; empty strings mean ``{{`` and ``}}``."""
        self.left_delim = left
        self.right_delim = right
        return self

    def parse(self, text: str) -> Template:
        """Parse ``text`` as this template's body; definitions in it join the set.

        Raises ``TemplateParseError`` with Go's message.
        """
        trees = parse(self._name, text, self.left_delim, self.right_delim, self.function_names())
        for name, tree in trees.items():
            self._add_tree(name, tree)
        self._common.invalidate()
        return self

    def function_names(self) -> set[str]:
        """Return the names a template in this set can call: the builtins and every added function."""
        return set(BUILTINS) | set(self._common.functions)

    def _add_tree(self, name: str, tree: Tree) -> None:
        template = self if name == self._name else self.new(name)
        existing = self._common.templates.get(name)
        if existing is not None and is_empty_tree(tree.root) and existing.tree is not None:
            if template.tree is None:
                template.tree = tree
            return
        self._common.templates[name] = template
        template.tree = tree

    def lookup(self, name: str) -> Template | None:
        """Return the template ``name`` of this set, or None."""
        return self._common.templates.get(name)

    def templates(self) -> list[Template]:
        """Return the templates of this set."""
        return list(self._common.templates.values())

    def defined_templates(self) -> str:
        """Return Go's ``; defined templates are: "a", "b"`` list, or an empty string."""
        names = [go_quote(n) for n, t in self._common.templates.items() if t.tree and t.tree.root]
        return "; defined templates are: " + ", ".join(names) if names else ""

    def clone(self) -> Template:
        """Return a copy of the set that later ``parse`` and ``funcs`` calls leave this one unchanged by."""
        copy = Template(self._name)
        common = copy._common
        common.functions = dict(self._common.functions)
        common.missing_key = self._common.missing_key
        copy.left_delim, copy.right_delim = self.left_delim, self.right_delim
        for name, template in self._common.templates.items():
            member = copy if name == self._name else copy.new(name)
            member.tree = template.tree
            common.templates[name] = member
        return copy

    # -- execution

    def execute(self, data: Any = None) -> str:
        """Execute this template with ``data`` as dot and return the output.

        Raises ``TemplateExecError`` with Go's message.  The output is a ``str``
        in which bytes that are not valid UTF-8 appear as lone surrogates
        (see ``gotypes``); ``execute_bytes`` returns the bytes Go writes.
        """
        out: list[str] = []
        self._run(data, out)
        return "".join(out)

    def execute_bytes(self, data: Any = None) -> bytes:
        """Execute this template and return the output bytes."""
        return g.string_bytes(self.execute(data))

    def execute_template(self, name: str, data: Any = None) -> str:
        """Execute the template ``name`` of this set; raise ``TemplateExecError`` if there is none."""
        return self._named(name).execute(data)

    def execute_to(self, stream: IO[str], data: Any = None) -> None:
        """Execute this template and write the output to ``stream``.

        As in Go, output produced before an error is written before the error propagates.
        """
        out: list[str] = []
        try:
            self._run(data, out)
        finally:
            stream.write("".join(out))

    def execute_template_to(self, stream: IO[str], name: str, data: Any = None) -> None:
        """Execute the template ``name`` of this set into ``stream``."""
        self._named(name).execute_to(stream, data)

    def _named(self, name: str) -> Template:
        template = self.lookup(name)
        if template is None:
            raise TemplateExecError(f"template: no template {go_quote(name)} associated with template "
                                    f"{go_quote(self._name)}", name=self._name)
        return template

    def _run(self, data: Any, out: list[str]) -> None:
        function = self._common.compiled_function(self._name) if self.lookup(self._name) is self else None
        if function is None:
            if self.tree is None or self.tree.root is None:
                raise r.ErrorSite(None, self._name).error("%q is an incomplete or empty template", self._name)
            compiler = Compiler(self.tree.root, self._name, self._common.function_bindings(),
                                self._common.missing_key)
            function = compiler.build()
        limit = sys.getrecursionlimit()
        try:
            function(ExecState(self._common), data, out)
        finally:
            # Deep {{template}} recursion raises the limit; give the process its own back.
            if sys.getrecursionlimit() != limit:
                sys.setrecursionlimit(limit)


__all__ = ["BoundFunction", "Template", "TemplateError"]
