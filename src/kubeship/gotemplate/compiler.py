"""Compiler: turn one parse tree into one Python function.

The generated function ``render(S, dot, out)`` appends the template's
output to the list ``out``.  Names are resolved once: functions are bound
when the template compiles, template variables become Python locals, text
becomes constants, and ``range`` becomes a ``for`` loop, so ``break`` and
``continue`` are Python's own.

Go reports an execution error at the node its evaluator last visited
(``state.at``).  The compiler follows Go's evaluation order as it emits
code and tracks that node (``self.at_node``), so each error raised by the
generated code names the node Go would name.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from types import CodeType
from dataclasses import dataclass
from typing import Any

from kubeship.gotemplate import builtins as b
from kubeship.gotemplate import gotypes as g
from kubeship.gotemplate import runtime as r
from kubeship.gotemplate.errors import TemplateExecError
from kubeship.gotemplate.parser import recursion_headroom
from kubeship.gotemplate.nodes import (
    ActionNode, BoolNode, BreakNode, ChainNode, CommandNode, CommentNode, ContinueNode, DotNode,
    FieldNode, IdentifierNode, IfNode, ListNode, NilNode, Node, NumberNode, PipeNode, RangeNode,
    StringNode, TemplateNode, TextNode, VariableNode, WithNode,
)
from kubeship.gotemplate.values import LiteralFailure, convert_literal, ideal_constant

# Python rejects more than 20 statically nested blocks; calls inside deep loops go through a helper.
MAX_INLINE_TRY_DEPTH = 12


@dataclass(frozen=True)
class Binding:
    """A function as a compiled template calls it."""

    name: str
    function: Callable[..., Any]
    signature: g.Signature
    is_builtin: bool


def _literal(value: Any) -> bool:
    return isinstance(value, (BoolNode, NumberNode, StringNode))


class Compiler:
    """Emits the Python source of one template and builds the function."""

    def __init__(self, tree_root: ListNode, exec_name: str, functions: dict[str, Binding], missing_key: str) -> None:
        self.root = tree_root
        self.exec_name = exec_name
        self.functions = functions
        self.missing_key = missing_key
        self.lines: list[str] = []
        self.indent = 1
        self.loop_depth = 0
        self.namespace: dict[str, Any] = dict(_RUNTIME_NAMES)
        self.constants: dict[int, str] = {}
        self.sites: dict[int, str] = {}
        self.counter = itertools.count(1)
        self.scopes: list[tuple[str, str]] = [("$", "v0")]
        self.declared: list[tuple[str, str]] = []
        # Python names of values that may sit in an interface slot, and the expression telling whether.
        self.boxed: dict[str, str] = {}
        self.at_node: Node | None = None
        # After an and/or, the node Go visited last depends on where it stopped, so a variable holds its site.
        self.dynamic_site: str | None = None

    # -- emission

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)

    def temp(self, prefix: str = "t") -> str:
        return f"{prefix}{next(self.counter)}"

    def constant(self, value: Any) -> str:
        key = id(value)
        name = self.constants.get(key)
        if name is None or self.namespace.get(name) is not value:
            name = f"K{next(self.counter)}"
            self.constants[key] = name
            self.namespace[name] = value
        return name

    def site(self, node: Node | None = None) -> str:
        """Return the constant naming the error site at ``node`` (default: Go's current node)."""
        if node is None and self.dynamic_site is not None:
            return self.dynamic_site
        node = self.at_node if node is None else node
        key = id(node)
        name = self.sites.get(key)
        if name is None:
            name = f"S{next(self.counter)}"
            self.sites[key] = name
            self.namespace[name] = r.ErrorSite(node, self.exec_name)
        return name

    def at(self, node: Node) -> None:
        self.at_node = node
        self.dynamic_site = None

    def fail(self, format_text: str, *args: Any) -> str:
        """Emit a raise of Go's error at the current node; return a placeholder value."""
        rendered = ", ".join(self.constant(a) for a in args)
        self.emit(f"raise {self.site()}.error({format_text!r}{', ' if args else ''}{rendered})")
        return "None"

    def build(self) -> Callable[..., None]:
        with recursion_headroom():
            self.walk_list(self.root, "dot")
        body = "\n".join(self.lines)
        # A variable declared in a short-circuited argument is never assigned, so start all at None.
        variables = sorted({python_name for _, python_name in self.declared})
        preset = "".join(f"    {name} = None\n" for name in variables if name != "v0")
        source = f"def render(S, dot, out):\n    append = out.append\n    v0 = dot\n{preset}{body}\n"
        code = _compile_source(source, f"<template {self.exec_name}>")
        exec(code, self.namespace)  # noqa: S102 - the source is generated from a parse tree
        function = self.namespace["render"]
        function.source = source
        return function

    # -- walk (statements)

    def walk_list(self, node_list: ListNode | None, dot: str) -> None:
        start = len(self.lines)
        if node_list is not None:
            for node in node_list.nodes:
                self.walk(node, dot)
        if len(self.lines) == start:
            self.emit("pass")

    def walk(self, node: Node, dot: str) -> None:
        self.at(node)
        if isinstance(node, TextNode):
            self.emit(f"append({self.constant(node.text)})")
        elif isinstance(node, ActionNode):
            self.walk_action(node, dot)
        elif isinstance(node, (IfNode, WithNode)):
            self.walk_if_or_with(node, dot)
        elif isinstance(node, RangeNode):
            self.walk_range(node, dot)
        elif isinstance(node, TemplateNode):
            self.walk_template(node, dot)
        elif isinstance(node, BreakNode):
            self.emit("break")
        elif isinstance(node, ContinueNode):
            self.emit("continue")
        elif isinstance(node, ListNode):
            self.walk_list(node, dot)
        elif not isinstance(node, CommentNode):
            self.fail("unknown node: %s", str(node))

    def walk_action(self, node: ActionNode, dot: str) -> None:
        value = self.pipeline(dot, node.pipe)
        if node.pipe.decl:
            return
        self.at(node)
        if value.startswith("K"):
            text = self.namespace[value]
            if type(text) is str:
                self.emit(f"append({value})")
                return
        self.emit(f"append({value} if {value}.__class__ is str else PRINT({value}, {self.site()}))")

    def walk_if_or_with(self, node: IfNode | WithNode, dot: str) -> None:
        mark = len(self.scopes)
        value = self.pipeline(dot, node.pipe)
        self.emit(f"if {value} is True or ({value} is not False and CONDITION({value}, {self.site()})):")
        self.indent += 1
        self.walk_list(node.list, value if isinstance(node, WithNode) else dot)
        self.indent -= 1
        self.walk_else(node.else_list, dot)
        del self.scopes[mark:]

    def walk_range(self, node: RangeNode, dot: str) -> None:
        mark = len(self.scopes)
        value = self.pipeline(dot, node.pipe)
        keys, elements, element = self.temp("k"), self.temp("e"), self.temp("d")
        self.emit(f"{keys}, {elements} = RANGE({value}, {self.site()}, {len(node.pipe.decl)})")
        boxed = self.temp("b")
        self.emit(f"{boxed} = RANGE_BOXED({value})")
        self.boxed[element] = boxed
        self.emit(f"if {elements}:")
        self.indent += 1
        variables = self.range_variables(node.pipe)
        if len(variables) > 1:
            key = self.temp("i")
            self.emit(f"for {key}, {element} in zip({keys} if {keys} is not None else "
                      f"[None] * len({elements}), {elements}):")
        else:
            key = None
            self.emit(f"for {element} in {elements}:")
        self.indent += 1
        self.loop_depth += 1
        if len(variables) == 1:
            self.emit(f"{variables[0]} = {element}")
            self.boxed[variables[0]] = boxed
        elif len(variables) == 2:
            self.emit(f"{variables[0]} = {key}")
            self.emit(f"{variables[1]} = {element}")
            self.boxed[variables[1]] = boxed
        body_mark = len(self.scopes)
        self.walk_list(node.list, element)
        del self.scopes[body_mark:]
        self.loop_depth -= 1
        self.indent -= 2
        self.walk_else(node.else_list, dot)
        del self.scopes[mark:]

    def walk_else(self, else_list: ListNode | None, dot: str) -> None:
        if else_list is not None:
            self.emit("else:")
            self.indent += 1
            self.walk_list(else_list, dot)
            self.indent -= 1

    def range_variables(self, pipe: PipeNode) -> list[str]:
        """Return the Python names of a range's variables, in declaration order."""
        names = []
        for variable in pipe.decl:
            names.append(self.lookup_variable(variable.ident[0]) or "None")
        return names

    def walk_template(self, node: TemplateNode, dot: str) -> None:
        function = self.temp("f")
        self.emit(f"{function} = S.lookup({self.constant(node.name)}, {self.site()})")
        value = self.pipeline(dot, node.pipe) if node.pipe is not None else "None"
        self.emit("S.depth += 1")
        self.emit(f"{function}(S, {value}, out)")
        self.emit("S.depth -= 1")

    # -- pipelines and commands (expressions)

    def pipeline(self, dot: str, pipe: PipeNode) -> str:
        self.at(pipe)
        value: str | None = None
        for command in pipe.cmds:
            value = self.command(dot, command, value)
        assert value is not None
        for variable in pipe.decl:
            name = variable.ident[0]
            if pipe.is_assign:
                target = self.lookup_variable(name)
                if target is None:
                    self.fail("undefined variable: %s", name)
                    continue
            else:
                target = self.temp("v")
                self.scopes.append((name, target))
                self.declared.append((name, target))
            self.emit(f"{target} = {value}")
        return value

    def lookup_variable(self, name: str) -> str | None:
        for go_name, python_name in reversed(self.scopes):
            if go_name == name:
                return python_name
        return None

    def command(self, dot: str, command: CommandNode, final: str | None) -> str:
        first = command.args[0]
        if isinstance(first, FieldNode):
            self.at(first)
            return self.dig_result(self.field_chain(dot, dot, first, first.ident, command.args, final))
        if isinstance(first, ChainNode):
            return self.dig_result(self.chain(dot, first, command.args, final))
        if isinstance(first, IdentifierNode):
            return self.dig_result(self.function(dot, first, command, command.args, final))
        if isinstance(first, PipeNode):
            self.not_a_function(command.args, final)
            return self.pipeline(dot, first)
        if isinstance(first, VariableNode):
            return self.dig_result(self.variable(dot, first, command.args, final))
        self.at(first)
        self.not_a_function(command.args, final)
        return self.literal_command(first, dot)

    def dig_result(self, value: str) -> str:
        """Emit Go's step that turns a nil interface into no value at the end of a command."""
        if value in ("None", "True", "False") or value.startswith("K"):
            return value
        copy = self.temp()
        self.emit(f"{copy} = None if {value} is NIL else {value}")
        return copy

    def literal_command(self, node: Node, dot: str) -> str:
        if isinstance(node, BoolNode):
            return "True" if node.value else "False"
        if isinstance(node, DotNode):
            return self.dig_result(dot)
        if isinstance(node, NilNode):
            return self.fail("nil is not a command")
        if isinstance(node, NumberNode):
            return self.ideal(node)
        if isinstance(node, StringNode):
            return self.constant(node.text)
        return self.fail("can't evaluate command %q", str(node))

    def ideal(self, node: NumberNode) -> str:
        try:
            return self.constant(ideal_constant(node))
        except LiteralFailure as failure:
            return self.fail(failure.format_text, *failure.args)

    def not_a_function(self, args: list[Node], final: str | None) -> None:
        if len(args) > 1 or final is not None:
            self.fail("can't give argument to non-function %s", str(args[0]))

    def variable(self, dot: str, node: VariableNode, args: list[Node] | None, final: str | None) -> str:
        self.at(node)
        value = self.lookup_variable(node.ident[0])
        if value is None:
            return self.fail("undefined variable: %s", node.ident[0])
        if len(node.ident) == 1:
            self.not_a_function(args or [node], final)
            return value
        return self.field_chain(dot, value, node, node.ident[1:], args, final)

    def chain(self, dot: str, node: ChainNode, args: list[Node] | None, final: str | None) -> str:
        self.at(node)
        if isinstance(node.node, NilNode):
            return self.fail("indirection through explicit nil in %s", str(node))
        receiver = self.argument(dot, None, node.node)
        return self.field_chain(dot, receiver, node, node.fields, args, final)

    def field_chain(self, dot: str, receiver: str, node: Node, idents: list[str],
                    args: list[Node] | None, final: str | None) -> str:
        mode = self.constant(self.missing_key)
        boxed = self.boxed.get(receiver, "False")
        for name in idents[:-1]:
            receiver, boxed = self.field_step(receiver, name, mode, boxed)
        last = idents[-1]
        if (args is None or len(args) <= 1) and final is None:
            return self.field_step(receiver, last, mode, boxed)[0]
        return self.method_call(dot, receiver, last, node, args or [node], final, mode, boxed)

    def field_step(self, receiver: str, name: str, mode: str, boxed: str) -> tuple[str, str]:
        """Emit one step of a field chain; return the value and how to tell whether it is boxed."""
        value = self.temp()
        site = self.site()
        key = self.constant(name)
        self.emit(f"{value} = {receiver}.get({key}, MISS) if {receiver}.__class__ is dict else MISS")
        self.emit(f"if {value} is None: {value} = NIL")
        self.emit(f"elif {value} is MISS: {value} = FIELD({receiver}, {key}, {site}, {mode}, {boxed})")
        return value, f"({receiver}, {key})"

    def method_call(self, dot: str, receiver: str, name: str, node: Node, args: list[Node],
                    final: str | None, mode: str, boxed: str) -> str:
        """Emit ``receiver.name arg...``: a method call, whose parameter types are known only at run time."""
        result = self.temp("m")
        field_site = self.site()
        call_site = self.site(node)
        key = self.constant(name)
        self.emit(f"{result} = MEMBER({receiver}, {key}, {field_site}, {mode}, has_args=True, boxed={boxed})")
        self.emit(f"if {result}.__class__ is METHOD:")
        self.indent += 1
        signature = f"{result}.signature"
        count = len(args) - 1
        self.emit(f"CHECK_COUNT({signature}, {key}, {count}, {final is not None}, {field_site})")
        values = []
        for position, arg in enumerate(args[1:]):
            values.append(self.runtime_typed_argument(dot, f"{signature}.param_type({position})", arg))
        if final is not None:
            values.append(self.validated(final, f"FINAL_TYPE({signature}, {count})"))
        self.emit(f"{result} = CALL_METHOD({result}, {key}, [{', '.join(values)}], {call_site})")
        self.indent -= 1
        return result

    def runtime_typed_argument(self, dot: str, type_expression: str, node: Node) -> str:
        self.at(node)
        if _literal(node) or isinstance(node, NilNode):
            value = self.temp()
            self.emit(f"{value} = LITERAL({self.constant(node)}, {type_expression}, {self.site()})")
            return value
        raw = self.dynamic_argument(dot, node)
        return self.validated(raw, type_expression)

    def validated(self, value: str, type_expression: str) -> str:
        checked = self.temp()
        self.emit(f"{checked} = VALIDATE({value}, {type_expression}, {self.site()})")
        return checked

    # -- arguments (evalArg)

    def argument(self, dot: str, expected: g.GoType | None, node: Node) -> str:
        """Emit the evaluation of one argument checked against ``expected`` (Go's ``evalArg``)."""
        self.at(node)
        if isinstance(node, NilNode):
            if expected is not None and expected.can_be_nil:
                return self.constant(r.validate(None, expected, r.ErrorSite(node, self.exec_name)))
            return self.fail("cannot assign nil to %s", expected.name if expected else "<nil>")
        if not _literal(node):
            raw = self.dynamic_argument(dot, node)
            return self.check_static(raw, expected)
        try:
            return self.constant(convert_literal(node, expected))
        except LiteralFailure as failure:
            return self.fail(failure.format_text, *failure.args)

    def dynamic_argument(self, dot: str, node: Node) -> str:
        """Emit the evaluation of a non-literal argument, unchecked."""
        if isinstance(node, DotNode):
            return dot
        if isinstance(node, FieldNode):
            return self.field_chain(dot, dot, node, node.ident, [node], None)
        if isinstance(node, VariableNode):
            return self.variable(dot, node, None, None)
        if isinstance(node, PipeNode):
            return self.pipeline(dot, node)
        if isinstance(node, IdentifierNode):
            return self.function(dot, node, node, None, None)
        if isinstance(node, ChainNode):
            return self.chain(dot, node, None, None)
        return self.fail("can't handle %s for arg of type %s", str(node), "interface {}")

    def check_static(self, value: str, expected: g.GoType | None) -> str:
        if expected is g.REFLECT_VALUE or expected is None:
            return value
        checked = self.temp()
        if expected.is_empty_interface:
            self.emit(f"{checked} = None if {value} is NIL else {value}")
            return checked
        fast = _FAST_CHECKS.get(expected.name)
        if fast is not None:
            self.emit(f"{checked} = {value} if {value}.__class__ is {fast} else "
                      f"VALIDATE({value}, {self.constant(expected)}, {self.site()})")
        else:
            self.emit(f"{checked} = VALIDATE({value}, {self.constant(expected)}, {self.site()})")
        return checked

    # -- function calls (evalFunction, evalCall)

    def function(self, dot: str, node: IdentifierNode, command: Node, args: list[Node] | None,
                 final: str | None) -> str:
        self.at(node)
        binding = self.functions.get(node.ident)
        if binding is None:
            return self.fail("%q is not a defined function", node.ident)
        arg_nodes = args[1:] if args is not None else []
        signature = binding.signature
        if not self.static_count_ok(signature, binding.name, len(arg_nodes), final is not None):
            return "None"
        if binding.is_builtin and binding.name in ("and", "or"):
            return self.and_or(dot, binding.name, arg_nodes, final)
        values = [self.argument(dot, signature.param_type(i), arg) for i, arg in enumerate(arg_nodes)]
        if final is not None:
            values.append(self.check_static(final, r.final_type(signature, len(arg_nodes))))
        if binding.is_builtin and binding.name == "call":
            callee = self.callee_name(arg_nodes, final)
            return self.invoke("CALL_FUNCTION", [callee, *values], command, binding)
        function = binding.function
        if binding.is_builtin and binding.name == "printf" and arg_nodes and isinstance(arg_nodes[0], StringNode):
            function = b.fast_printf(arg_nodes[0].text) or function
        return self.invoke(self.constant(function), values, command, binding)

    def static_count_ok(self, signature: g.Signature, name: str, count: int, has_final: bool) -> bool:
        try:
            r.check_arg_count(signature, name, count, has_final, r.ErrorSite(self.at_node, self.exec_name))
        except TemplateExecError:  # raised again at run time, when Go would raise it
            self.emit(f"CHECK_COUNT({self.constant(signature)}, {self.constant(name)}, {count}, "
                      f"{has_final}, {self.site()})")
            return False
        return True

    def callee_name(self, arg_nodes: list[Node], final: str | None) -> str:
        if arg_nodes:
            return self.constant(str(arg_nodes[0]))
        name = self.temp()
        self.emit(f"{name} = VALUE_STRING({final})")
        return name

    def invoke(self, function: str, values: list[str], command: Node, binding: Binding) -> str:
        result = self.temp("c")
        site = self.site(command)
        name = self.constant(binding.name)
        arguments = ", ".join(values)
        if self.loop_depth > MAX_INLINE_TRY_DEPTH:
            self.emit(f"{result} = INVOKE({function}, ({arguments}{',' if values else ''}), {site}, {name})")
        else:
            self.emit("try:")
            self.emit(f"    {result} = {function}({arguments})")
            self.emit("except GoError as error:")
            self.emit(f"    raise CALL_ERROR({site}, {name}, error) from None")
        if _needs_fix(binding.signature):
            self.emit(f"{result} = FIX({result}, {self.constant(binding.signature)})")
        return result

    def and_or(self, dot: str, name: str, arg_nodes: list[Node], final: str | None) -> str:
        result = self.temp("a")
        done = self.temp("z")
        self.emit(f"{result} = None")
        self.emit(f"{done} = False")
        stop_when = "not " if name == "and" else ""
        last_site = self.temp("s")
        self.emit(f"{last_site} = {self.site()}")
        for position, arg in enumerate(arg_nodes):
            if position > 0:
                self.emit(f"if not {done}:")
                self.indent += 1
            value = self.argument(dot, g.REFLECT_VALUE, arg)
            self.emit(f"{result} = {value}")
            self.emit(f"{last_site} = {self.site()}")
            self.emit(f"{done} = {stop_when}TRUTH({result})")
            if position > 0:
                self.indent -= 1
        if final is not None:
            self.emit(f"if not {done}: {result} = {final}")
        self.dynamic_site = last_site
        return result


@functools.lru_cache(maxsize=256)
def _compile_source(source: str, filename: str) -> CodeType:
    """Compile generated source, reusing the code for a template compiled before (Helm's tpl repeats them)."""
    return compile(source, filename, "exec")


def _needs_fix(signature: g.Signature) -> bool:
    result = signature.result
    if result is None or result is g.REFLECT_VALUE:
        return False
    return result.can_be_nil or (result.kind in g.INT_KINDS and result.name != "int")


_FAST_CHECKS = {"string": "str", "int": "int", "bool": "bool", "float64": "float",
                "map[string]interface {}": "dict", "[]interface {}": "list"}


def invoke_function(function: Callable[..., Any], args: tuple, site: r.ErrorSite, name: str) -> Any:
    """Call a function, turning its Go error into Go's ``error calling`` (for deeply nested code)."""
    try:
        return function(*args)
    except g.GoError as error:
        raise r.call_error(site, name, error) from None


def call_function(name: str, function: Any, *args: Any) -> Any:
    return b.call_function(name, function, *args)


_RUNTIME_NAMES: dict[str, Any] = {
    "NIL": r.NIL_INTERFACE,
    "MISS": r.MISSING,
    "METHOD": r._Method,
    "GoError": g.GoError,
    "FIELD": r.field,
    "MEMBER": r.member,
    "CHECK_COUNT": r.check_arg_count,
    "FINAL_TYPE": r.final_type,
    "CALL_METHOD": r.call_method,
    "CALL_ERROR": r.call_error,
    "VALIDATE": r.validate,
    "FIX": r.fix_result,
    "TRUTH": r.truth,
    "CONDITION": r.condition,
    "PRINT": r.print_value,
    "RANGE": r.range_sequences,
    "RANGE_BOXED": r.range_boxed,
    "INVOKE": invoke_function,
    "CALL_FUNCTION": call_function,
    "VALUE_STRING": b.reflect_value_string,
}


def _register_literal_helper() -> None:
    from kubeship.gotemplate.values import literal_argument

    _RUNTIME_NAMES["LITERAL"] = literal_argument


_register_literal_helper()
