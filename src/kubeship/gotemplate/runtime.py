"""Runtime helpers called by compiled templates: field access, argument checks, calls, printing, range.

Each helper follows the function of Go's ``exec.go`` named in its docstring.
Two markers extend the value model here:

- ``None`` is Go's invalid ``reflect.Value`` ("no value"): a missing map key
  or an untyped nil.
- ``NIL_INTERFACE`` is a nil stored in an interface-typed slot (a ``null``
  map value, a nil list element).  Go keeps the two apart inside a field
  chain and in argument checks (``nil pointer evaluating interface {}.x``,
  ``got interface {}``), and turns the second into the first at the end of
  each pipeline command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from kubeship.gotemplate import gotypes as g
from kubeship.gotemplate.errors import TemplateExecError
from kubeship.gotemplate import gofmt as fmt
from kubeship.gotemplate.lexer import go_quote
from kubeship.gotemplate.nodes import Node
from kubeship.gotemplate.parser import recursion_headroom
from kubeship.gotemplate.sorting import sorted_map_items

MISSING_KEY_DEFAULT = "default"
MISSING_KEY_ZERO = "zero"
MISSING_KEY_ERROR = "error"


class NilInterface:
    """The nil value of an interface-typed slot; see the module docstring.

    ``NIL_INTERFACE`` is the one of ``interface {}``, which Go turns into no
    value after each command.  A nil of an interface with methods (a nil
    ``error`` result) keeps its type and prints as ``<nil>``.
    """

    __slots__ = ("go_type",)
    is_nil = True

    def __init__(self, go_type: g.GoType) -> None:
        self.go_type = go_type

    def __repr__(self) -> str:
        return f"NilInterface({self.go_type.name})"

    def __bool__(self) -> bool:
        return False


NIL_INTERFACE = NilInterface(g.EMPTY_INTERFACE)


class _Missing:
    """Go's ``missingVal``: no piped value is passed to this command."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def double_percent(text: str) -> str:
    return text.replace("%", "%%")


def byte_length(text: str) -> int:
    return len(text) if text.isascii() else len(g.string_bytes(text))


def node_location(node: Node) -> tuple[str, int, int]:
    """Return ``(parse name, line, byte column)`` of a node, as Go's ``ErrorContext`` computes them."""
    tree = node.tree
    before = tree.text[:node.pos]
    newline = before.rfind("\n")
    column = byte_length(before) if newline < 0 else byte_length(before[newline + 1:])
    return tree.parse_name, 1 + before.count("\n"), column


class ErrorSite:
    """The place an execution error is reported at: the executing template and the node Go would name."""

    __slots__ = ("node", "exec_name")

    def __init__(self, node: Node | None, exec_name: str) -> None:
        self.node = node
        self.exec_name = exec_name

    def error(self, format_text: str, *args: Any) -> TemplateExecError:
        """Build the error Go's ``state.errorf`` would return for this message."""
        name = double_percent(self.exec_name)
        if self.node is None:
            prefix = f"template: {name}: "
            line = column = None
            parse_name = self.exec_name
        else:
            parse_name, line, column = node_location(self.node)
            with recursion_headroom():
                context = double_percent(str(self.node))
            prefix = f"template: {parse_name}:{line}:{column}: executing {go_quote(name)} at <{context}>: "
        message = fmt.sprintf(prefix + format_text, *args)
        return TemplateExecError(message, name=parse_name, line=line, column=column)

    def fail(self, format_text: str, *args: Any) -> NoReturn:
        raise self.error(format_text, *args)


# ---------------------------------------------------------------------------
# Values


def indirect(value: Any) -> tuple[Any, bool]:
    """Follow pointers to the value they point to (Go's ``indirect``); report a nil on the way."""
    while isinstance(value, g.GoPointer):
        if value.target is None:
            return value, True
        value = value.target
    if value.__class__ is NilInterface:
        return value, True
    return value, False


def indirect_interface(value: Any) -> Any:
    """Return the value inside an interface slot: None for a nil one (Go's ``indirectInterface``)."""
    return None if value.__class__ is NilInterface else value


def type_name(value: Any) -> str:
    """Return the Go type name of a runtime value (``interface {}`` for a nil interface slot)."""
    return g.go_type_name(value)


def nil_slot(interface_type: g.GoType) -> NilInterface:
    """Return the nil of an interface type."""
    return NIL_INTERFACE if interface_type.is_empty_interface else NilInterface(interface_type)


def slot(value: Any) -> Any:
    """Return a value read from an interface-typed slot: nil becomes ``NIL_INTERFACE``."""
    return NIL_INTERFACE if value is None else value


def element_slot(container: Any, value: Any) -> Any:
    """Return an element read from a slice or map: nil in an interface element becomes ``NIL_INTERFACE``."""
    if value is None:
        element_type = _element_type(container)
        if element_type is None:
            return NIL_INTERFACE
        if element_type.kind == g.INTERFACE:
            return nil_slot(element_type)
    return value


def _element_type(container: Any) -> g.GoType | None:
    declared = getattr(container, "go_type", None)
    if isinstance(declared, g.GoType):
        return declared.elem
    return None


# ---------------------------------------------------------------------------
# Fields and methods (evalField)


def field(receiver: Any, name: str, site: ErrorSite, mode: str, boxed: Any = False) -> Any:
    """Evaluate ``receiver.name`` without arguments (Go's ``evalField`` with no args).

    ``boxed`` is true when the receiver is in an interface slot, which
    changes the type Go's errors name; see ``is_boxed``.
    """
    if type(receiver) is dict:
        value = receiver.get(name, MISSING)
        if value is MISSING:
            return missing_key(receiver, name, site, mode)
        return NIL_INTERFACE if value is None else value
    result = member(receiver, name, site, mode, has_args=False, boxed=boxed)
    if result.__class__ is _Method:
        return call_method(result, name, [], site)
    return result


class _Method:
    """A method found on a receiver, ready to be called."""

    __slots__ = ("bound", "signature")

    def __init__(self, bound: Callable[..., Any], signature: g.Signature) -> None:
        self.bound = bound
        self.signature = signature


def is_boxed(boxed: Any) -> bool:
    """Resolve whether a receiver sits in an interface slot (Go reports its type as ``interface {}``).

    ``boxed`` is a bool, or the ``(container, name)`` the receiver was read
    from, resolved only when an error needs it.
    """
    if not isinstance(boxed, tuple):
        return bool(boxed)
    container, name = boxed
    target, is_nil = indirect(container)
    if is_nil:
        return False
    found = g.find_method(container if isinstance(container, g.GoPointer) else target, name)
    if found is not None:
        result = found[1].result
        return result is not None and result.kind == g.INTERFACE
    if isinstance(target, dict):
        return g.go_type(target).elem.kind == g.INTERFACE
    if isinstance(target, g.GoStruct):
        field_type = type(target)._resolve_field_types().get(name)
        return field_type is not None and field_type.kind == g.INTERFACE
    return False


def member(receiver: Any, name: str, site: ErrorSite, mode: str, *, has_args: bool, boxed: Any = False) -> Any:
    """Resolve ``receiver.name``: return a ``_Method`` for a method, else the field or map value.

    Raises Go's errors for nil receivers, unexported fields, arguments given
    to a non-method and unknown names.
    """
    if receiver is None:
        if mode == MISSING_KEY_ERROR:
            site.fail("nil data; no entry for key %q", name)
        return None
    receiver_type = "interface {}" if is_boxed(boxed) else type_name(receiver)
    target, is_nil = indirect(receiver)
    if target.__class__ is NilInterface:
        site.fail("nil pointer evaluating %s.%s", receiver_type, name)

    found = g.find_method(receiver if isinstance(receiver, g.GoPointer) and not is_nil else target, name)
    if found is not None:
        return _Method(found[0], found[1])

    if isinstance(target, (g.GoStruct, g.GoTime)) and not is_nil:
        return _struct_field(target, name, receiver_type, site, has_args)
    if isinstance(target, dict) and not is_nil:
        return _map_key(target, name, receiver_type, site, mode, has_args)
    if is_nil and isinstance(target, g.GoPointer):
        element = target.go_type.elem
        has_field = element.kind != g.STRUCT or (
            element.python_class is not None and name in element.python_class.go_fields
        )
        if has_field:
            site.fail("nil pointer evaluating %s.%s", receiver_type, name)
    site.fail("can't evaluate field %s in type %s", name, receiver_type)


def _struct_field(target: Any, name: str, receiver_type: str, site: ErrorSite, has_args: bool) -> Any:
    if isinstance(target, g.GoTime):
        site.fail("can't evaluate field %s in type %s", name, receiver_type)
    found, value = target.go_field(name)
    if not found:
        site.fail("can't evaluate field %s in type %s", name, receiver_type)
    if not name[0].isupper():
        site.fail("%s is an unexported field of struct type %s", name, receiver_type)
    if has_args:
        site.fail("%s has arguments but cannot be invoked as function", name)
    field_type = type(target).field_types[name]
    if value is None and field_type.kind == g.INTERFACE:
        return nil_slot(field_type)
    return value


def _map_key(target: dict, name: str, receiver_type: str, site: ErrorSite, mode: str, has_args: bool) -> Any:
    map_type = g.go_type(target)
    if map_type.key.kind != g.STRING and not map_type.key.is_empty_interface:
        site.fail("can't evaluate field %s in type %s", name, receiver_type)
    if has_args:
        site.fail("%s is not a method but has arguments", name)
    value = target.get(name, MISSING)
    if value is MISSING:
        return missing_key(target, name, site, mode)
    if value is None and map_type.elem.kind == g.INTERFACE:
        return nil_slot(map_type.elem)
    return value


def missing_key(container: dict, name: str, site: ErrorSite, mode: str) -> Any:
    """Apply the ``missingkey`` option to a key the map lacks."""
    if mode == MISSING_KEY_DEFAULT:
        return None
    if mode == MISSING_KEY_ZERO:
        element_type = g.go_type(container).elem
        if element_type.kind == g.INTERFACE:
            return NIL_INTERFACE
        return g.zero_value(element_type)
    site.fail("map has no entry for key %q", name)


# ---------------------------------------------------------------------------
# Argument checks (validateType, evalArg for literals)


def validate(value: Any, expected: g.GoType | None, site: ErrorSite) -> Any:
    """Check that ``value`` can be passed as ``expected``, converting as Go's ``validateType`` does."""
    if value is None:
        if expected is None:
            return None
        if expected.can_be_nil:
            return None if expected.kind == g.INTERFACE or expected is g.REFLECT_VALUE else g.zero_value(expected)
        site.fail("invalid value; expected %s", expected.name)
    if expected is None or expected is g.REFLECT_VALUE:
        return value
    if value.__class__ is NilInterface:
        if g.assignable(value.go_type, expected):
            return None
        site.fail("wrong type for value; expected %s; got %s", expected.name, value.go_type.name)
    if expected.is_empty_interface:
        return value
    if g.value_assignable(value, expected):
        return value
    if isinstance(value, g.GoPointer) and g.assignable(value.go_type.elem, expected):
        if value.target is None:
            site.fail("dereference of nil pointer of type %s", expected.name)
        return value.target
    site.fail("wrong type for value; expected %s; got %s", expected.name, type_name(value))


def for_function(value: Any) -> Any:
    """Return an argument as a Python function receives it: a nil interface becomes None."""
    return None if value.__class__ is NilInterface else value


# ---------------------------------------------------------------------------
# Calls (evalCall, safeCall)


def check_arg_count(signature: g.Signature, name: str, arg_count: int, has_final: bool, site: ErrorSite) -> None:
    """Raise Go's errors for a wrong number of arguments or an invalid result list."""
    count = arg_count + (1 if has_final else 0)
    total = len(signature.params)
    if signature.variadic:
        if count < total - 1:
            site.fail("wrong number of args for %s: want at least %d got %d", name, total - 1, arg_count)
    elif count != total:
        site.fail("wrong number of args for %s: want %d got %d", name, total, count)
    problem = signature.result_problem(name)
    if problem is not None:
        site.fail("%s", problem)


def final_type(signature: g.Signature, arg_count: int) -> g.GoType:
    """Return the type the piped value must have: the parameter it lands on."""
    params = signature.params
    if not signature.variadic:
        return params[-1]
    count = arg_count + 1
    if count - 1 < signature.fixed_count:
        return params[count - 1]
    return signature.variadic_elem  # type: ignore[return-value]


def fix_result(value: Any, signature: g.Signature) -> Any:
    """Give a Python result the Go type the signature declares (nil slots, typed nils, sized ints)."""
    result = signature.result
    if result is None or result is g.REFLECT_VALUE:
        return value
    kind = result.kind
    if value is None:
        if kind == g.INTERFACE:
            return NIL_INTERFACE if result.is_empty_interface else NilInterface(result)
        if result.can_be_nil:
            return g.zero_value(result)
        return value
    if kind in g.INT_KINDS and type(value) is int and result.name != "int":
        return g.make_int(value, result)
    return value


def call_error(site: ErrorSite, name: str, error: BaseException) -> TemplateExecError:
    """Build Go's ``error calling NAME: ...`` for an error a function returned or raised."""
    return site.error("error calling %s: %s", name, str(error))


def call_method(method: _Method, name: str, args: Sequence[Any], site: ErrorSite) -> Any:
    """Call a method whose arguments are already checked, reporting errors at ``site``."""
    if not args:
        check_arg_count(method.signature, name, 0, False, site)
    try:
        value = method.bound(*[for_function(a) for a in args])
    except g.GoError as error:
        raise call_error(site, name, error) from None
    return fix_result(value, method.signature)


# ---------------------------------------------------------------------------
# Truth, printing, ranges


def truth(value: Any) -> bool:
    """Return Go's truth of a value, counting values without one as false (Go's ``truth``)."""
    return g.is_true(indirect_interface(value))[0]


def condition(value: Any, site: ErrorSite) -> bool:
    """Return the truth of an ``if``/``with`` pipeline value, or raise when it has none."""
    truth_value, ok = g.is_true(indirect_interface(value))
    if not ok:
        site.fail("if/with can't use %v", value)
    return truth_value


def print_value(value: Any, site: ErrorSite) -> str:
    """Return the text an action prints for ``value`` (Go's ``printValue``)."""
    if value is None:
        return "<no value>"
    kind = type(value)
    if kind is NilInterface:
        return "<nil>"
    if kind is str:
        return value
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, g.GoPointer):
        value = _printable_target(value)
    if isinstance(value, g.GoFunc) and not (g.has_method(value, "String") or g.has_method(value, "Error")):
        site.fail("can't print %s of type %s", str(site.node), type_name(value))
    return fmt.sprint(value)


def _printable_target(pointer: g.GoPointer) -> Any:
    """Follow a pointer for printing, unless only the pointer has the ``String``/``Error`` method."""
    target, is_nil = indirect(pointer)
    if is_nil:
        return target
    for name in ("Error", "String"):
        if g.has_method(target, name):
            return target
    for name in ("Error", "String"):
        if g.has_method(pointer, name):
            return pointer
    return target


def printable_argument(value: Any) -> Any:
    """Prepare an argument of ``html``/``js``/``urlquery`` as Go's ``printableValue`` does."""
    if isinstance(value, g.GoPointer):
        value = _printable_target(value)
    if value is None or value.__class__ is NilInterface:
        return "<no value>"
    return value


_EMPTY: tuple = ()


def range_sequences(value: Any, site: ErrorSite, variable_count: int) -> tuple[Sequence[Any] | None, Sequence[Any]]:
    """Return ``(indexes or keys, elements)`` that ``range`` iterates over (Go's ``walkRange``).

    ``range_boxed`` reports whether the elements are in interface slots.

    Raises Go's error for values range cannot iterate over.  An empty result
    means the ``else`` branch runs.
    """
    value, _ = indirect(value)
    if value is None:
        return None, _EMPTY
    if isinstance(value, list):
        if None in value:
            return range(len(value)), [element_slot(value, v) for v in value]
        return range(len(value)), value
    if isinstance(value, dict):
        items = sorted_map_items(value)
        keys = [k for k, _ in items]
        elements = [element_slot(value, v) for _, v in items]
        return keys, elements
    if isinstance(value, bytes):
        return range(len(value)), [g.Uint8(b) for b in value]
    if isinstance(value, int) and not isinstance(value, bool):
        if variable_count > 1:
            site.fail("can't use %v to iterate over more than one variable", value)
        if type(value) is int:
            return None, range(value) if value > 0 else _EMPTY
        return None, [type(value)(i) for i in range(value)] if value > 0 else _EMPTY
    site.fail("range can't iterate over %v", value)


def range_boxed(value: Any) -> bool:
    """Return whether the elements ``range`` yields from ``value`` sit in interface slots."""
    value, _ = indirect(value)
    if isinstance(value, (list, dict)) and not isinstance(value, bytes):
        element = _element_type(value)
        return element is None or element.kind == g.INTERFACE
    return False
