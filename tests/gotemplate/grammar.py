"""Hypothesis strategies that generate Go templates and data from a grammar of the language.

Templates draw from every construct.  Text comes with trim markers and
comments; actions use field chains on dot, ``$`` and variables, literals of
every form and builtin calls with arguments of any type, in pipelines and
parenthesized pipelines, with declarations and assignments.  Blocks are
``if``, ``with`` and ``range`` with ``else`` chains, ``break`` and
``continue`` inside ``range``, and calls of a defined template.  Data mixes the
types values files give (float64, maps, lists) with sized integers, float32,
typed slices and maps, a fixture struct and a nil pointer.  Most output
parses, and the rest exercises the parser's error paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

KEYS = ("a", "b", "c", "name", "list", "Values", "X")
TEXT_ALPHABET = "ab xyz\n\t-:{}é"

FLOATS = (0.0, 0.5, -1.5, 3.0, 1e6, 123456.0, 1e-5, 0.1, 1e21, 2.5e-7)
# Integers stay small: "range N" over a large one would run for minutes in both engines.
INT_LITERALS = ("0", "1", "-3", "42", "0x1F", "0o17", "017", "0b101", "1_0", "'a'")
FLOAT_LITERALS = ("1.5", ".5", "1e3", "2.5e-3", "0x1p-2", "1e6", "3.0")
OTHER_LITERALS = ("true", "false", "nil", '"s"', '""', '"a b"', '"%d"', '"%v %s"', "`raw`", "2i", "1+2i")
BUILTINS = ("and", "or", "not", "len", "index", "slice", "print", "printf", "println",
            "html", "js", "urlquery", "eq", "ne", "lt", "le", "gt", "ge")

def _tagged(type_name: str, payloads: st.SearchStrategy) -> st.SearchStrategy:
    """Values of other Go types, in the oracle's typed JSON form."""
    return payloads.map(lambda payload: {"$": type_name, "v": payload})


short_strings = st.text(alphabet="abé <>&'\"0", max_size=4)
typed_values = st.one_of(
    _tagged("int64", st.integers(min_value=-3, max_value=3)),
    _tagged("uint8", st.integers(min_value=0, max_value=5)),
    _tagged("float32", st.sampled_from((0.0, 0.5, 1.25, -2.0))),
    _tagged("[]string", st.lists(short_strings, max_size=3)),
    _tagged("map[string]int", st.dictionaries(st.sampled_from(KEYS), st.integers(-2, 2), max_size=2)),
    _tagged("main.Coord", st.fixed_dictionaries({"X": st.integers(-2, 2), "Y": st.integers(-2, 2)})),
    _tagged("*main.Coord", st.none()),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=5),
    st.sampled_from(FLOATS),
    short_strings,
    typed_values,
)

data_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=3),
    ),
    max_leaves=8,
)

data_roots = st.dictionaries(st.sampled_from(KEYS), data_values, max_size=5)


@dataclass
class Scope:
    """The variables a generated template may use at one point, and whether a ``range`` encloses it."""

    variables: list[str] = field(default_factory=lambda: ["$"])
    in_range: bool = False
    depth: int = 0

    def child(self, *, in_range: bool | None = None) -> Scope:
        return Scope(list(self.variables), self.in_range if in_range is None else in_range, self.depth + 1)


@st.composite
def field_chain(draw: st.DrawFn, scope: Scope) -> str:
    names = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3))
    head = draw(st.sampled_from(["", *scope.variables]))
    return head + "".join("." + name for name in names)


@st.composite
def literal(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(INT_LITERALS + FLOAT_LITERALS + OTHER_LITERALS))


@st.composite
def operand(draw: st.DrawFn, scope: Scope) -> str:
    choices = ["field", "literal", "dot", "variable"]
    if scope.depth < 3:
        choices += ["call", "paren"]
    kind = draw(st.sampled_from(choices))
    if kind == "field":
        return draw(field_chain(scope))
    if kind == "literal":
        return draw(literal())
    if kind == "dot":
        return "."
    if kind == "variable":
        return draw(st.sampled_from(scope.variables))
    if kind == "call":
        return "(" + draw(call(scope.child())) + ")"
    return "(" + draw(pipeline(scope.child())) + ")"


@st.composite
def call(draw: st.DrawFn, scope: Scope) -> str:
    name = draw(st.sampled_from(BUILTINS))
    args = draw(st.lists(operand(scope), min_size=0, max_size=3))
    if name == "printf" and draw(st.booleans()):
        args = [draw(st.sampled_from(['"%v"', '"%d %s"', '"%q"', '"%5.2f"', '"%x"', '"%T"']))] + args
    return " ".join([name, *args])


@st.composite
def command(draw: st.DrawFn, scope: Scope, first: bool) -> str:
    if first:
        return draw(st.one_of(operand(scope), call(scope)))
    name = draw(st.sampled_from(("print", "printf \"%v\"", "len", "not", "html", "eq 1", "index .list", "or 0", "and 1")))
    extra = draw(st.lists(operand(scope), max_size=1))
    return " ".join([name, *extra])


@st.composite
def pipeline(draw: st.DrawFn, scope: Scope) -> str:
    count = draw(st.integers(min_value=1, max_value=3))
    commands = [draw(command(scope, index == 0)) for index in range(count)]
    return " | ".join(commands)


@st.composite
def action(draw: st.DrawFn, scope: Scope) -> str:
    left = draw(st.sampled_from(["{{", "{{ ", "{{- "]))
    right = draw(st.sampled_from(["}}", " }}", " -}}"]))
    kind = draw(st.sampled_from(["print", "print", "declare", "assign"]))
    body = draw(pipeline(scope))
    if kind == "declare":
        name = "$v" + str(len(scope.variables))
        scope.variables.append(name)
        body = f"{name} := {body}"
    elif kind == "assign":
        body = f"{draw(st.sampled_from(scope.variables))} = {body}"
    return left + body + right


@st.composite
def block(draw: st.DrawFn, scope: Scope) -> str:
    keyword = draw(st.sampled_from(["if", "with", "range"]))
    inner = scope.child(in_range=True if keyword == "range" else None)
    header = draw(pipeline(scope.child()))
    if keyword == "range" and draw(st.booleans()):
        first, second = "$i" + str(scope.depth), "$e" + str(scope.depth)
        header = f"{first}, {second} := {header}"
        inner.variables += [first, second]
    body = draw(node_list(inner))
    text = "{{" + keyword + " " + header + "}}" + body
    if draw(st.booleans()):
        if keyword in ("if", "with") and draw(st.booleans()):
            text += "{{else " + keyword + " " + draw(pipeline(scope.child())) + "}}" + draw(node_list(scope.child()))
        text += "{{else}}" + draw(node_list(scope.child()))
    return text + "{{end}}"


@st.composite
def node(draw: st.DrawFn, scope: Scope) -> str:
    choices = ["text", "action", "action", "comment"]
    if scope.depth < 3:
        choices += ["block", "template"]
    if scope.in_range:
        choices += ["break", "continue"]
    kind = draw(st.sampled_from(choices))
    if kind == "text":
        return draw(st.text(alphabet=TEXT_ALPHABET, min_size=1, max_size=6)).replace("{{", "{ {")
    if kind == "comment":
        return draw(st.sampled_from(["{{/* c */}}", "{{- /* c */ -}}"]))
    if kind == "block":
        return draw(block(scope))
    if kind == "template":
        argument = draw(st.sampled_from(["", " .", " .a", " $"]))
        return '{{template "helper"' + argument + "}}"
    if kind in ("break", "continue"):
        return "{{" + kind + "}}"
    return draw(action(scope))


@st.composite
def node_list(draw: st.DrawFn, scope: Scope) -> str:
    count = draw(st.integers(min_value=0, max_value=3))
    return "".join(draw(node(scope)) for _ in range(count))


@st.composite
def templates(draw: st.DrawFn) -> str:
    """Return a template text that defines ``helper`` and uses the rest of the grammar."""
    # At depth 3 the helper calls no template, so it cannot recurse.
    helper = draw(node_list(Scope(depth=3)))
    body = draw(node_list(Scope()))
    return '{{define "helper"}}' + helper + "{{end}}" + body
