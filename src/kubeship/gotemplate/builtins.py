"""The builtin functions of Go's ``text/template`` (``funcs.go``), with Go's type rules and errors.

Parameters declared ``reflect.Value`` receive the engine's raw values:
``None`` for no value and ``NIL_INTERFACE`` for a nil interface slot.  A
builtin reports Go's error (or recovered panic) by raising ``GoError``.
``and``, ``or`` and ``call`` are compiled specially; their entries here
carry the signatures the argument count checks use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from kubeship.gotemplate import gotypes as g
from kubeship.gotemplate import gofmt as fmt
from kubeship.gotemplate.runtime import NIL_INTERFACE, element_slot, indirect, indirect_interface, printable_argument

# A zero reflect.Value panics when asked for its type; safeCall turns that into this error.
ZERO_VALUE_TYPE_PANIC = "reflect: call of reflect.Value.Type on zero Value"


def _go_error(message: str) -> g.GoError:
    return g.GoError(message)


def _type_of(value: Any) -> str:
    if value is None:
        raise _go_error(ZERO_VALUE_TYPE_PANIC)
    return g.go_type_name(value)


# ---------------------------------------------------------------------------
# Boolean logic


@g.go_func("func(reflect.Value, ...reflect.Value) reflect.Value")
def and_(arg0: Any, *args: Any) -> Any:
    raise AssertionError("and is compiled inline")


@g.go_func("func(reflect.Value, ...reflect.Value) reflect.Value")
def or_(arg0: Any, *args: Any) -> Any:
    raise AssertionError("or is compiled inline")


@g.go_func("func(reflect.Value) bool")
def not_(arg: Any) -> bool:
    return not g.is_true(indirect_interface(arg))[0]


# ---------------------------------------------------------------------------
# len, index, slice


@g.go_func("func(reflect.Value) (int, error)")
def length(item: Any) -> int:
    target, is_nil = indirect(item)
    if is_nil:
        raise _go_error("len of nil pointer")
    if isinstance(target, str):
        return g.string_length(target)
    if isinstance(target, (list, dict, bytes)):
        return len(target)
    raise _go_error(f"len of type {_type_of(target)}")


def index_argument(index: Any, cap: int) -> int:
    """Check an index of a slice, array or string (Go's ``indexArg``)."""
    if index is None:
        raise _go_error("cannot index slice/array with nil")
    if isinstance(index, bool) or not isinstance(index, int):
        raise _go_error(f"cannot index slice/array with type {g.go_type_name(index)}")
    if index < 0 or index > cap:
        raise _go_error(f"index out of range: {int(index)}")
    return int(index)


def prepare_argument(value: Any, expected: g.GoType) -> Any:
    """Check a map key or ``call`` argument against ``expected`` (Go's ``prepareArg``)."""
    if value is None:
        if not expected.can_be_nil:
            raise _go_error(f"value is nil; should be of type {expected.name}")
        return g.zero_value(expected)
    if g.value_assignable(value, expected):
        return value
    value_type = g.go_type(value)
    if value_type.underlying.kind in g.INT_KINDS and expected.underlying.kind in g.INT_KINDS:
        return g.make_int(int(value), expected)
    raise _go_error(f"value has type {value_type.name}; should be {expected.name}")


@g.go_func("func(reflect.Value, ...reflect.Value) (reflect.Value, error)")
def index(item: Any, *indexes: Any) -> Any:
    item = indirect_interface(item)
    if item is None:
        raise _go_error("index of untyped nil")
    for position in indexes:
        position = indirect_interface(position)
        item, is_nil = indirect(item)
        if is_nil:
            raise _go_error("index of nil pointer")
        item = _index_once(item, position)
    return item


def _index_once(item: Any, position: Any) -> Any:
    if isinstance(item, (str, bytes, list)):
        data = g.string_bytes(item) if isinstance(item, str) else item
        offset = index_argument(position, len(data))
        if offset == len(data):
            # reflect's Index panics here; index_argument lets the length itself through.
            raise _go_error(f"reflect: {'string' if isinstance(item, str) else 'slice'} index out of range")
        if isinstance(item, list):
            return element_slot(item, item[offset])
        return g.Uint8(data[offset])
    if isinstance(item, dict):
        map_type = g.go_type(item)
        key = prepare_argument(position, map_type.key)
        if key in item:
            return element_slot(item, item[key])
        if map_type.elem.kind == g.INTERFACE:
            return NIL_INTERFACE
        return g.zero_value(map_type.elem)
    raise _go_error(f"can't index item of type {g.go_type_name(item)}")


@g.go_func("func(reflect.Value, ...reflect.Value) (reflect.Value, error)")
def slice_(item: Any, *indexes: Any) -> Any:
    item = indirect_interface(item)
    if item is None:
        raise _go_error("slice of untyped nil")
    item, is_nil = indirect(item)
    if is_nil:
        raise _go_error("slice of nil pointer")
    if len(indexes) > 3:
        raise _go_error(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise _go_error("cannot 3-index slice a string")
        data = g.string_bytes(item)
    elif isinstance(item, (list, bytes)):
        data = item
    else:
        raise _go_error(f"can't slice item of type {g.go_type_name(item)}")
    # NOTE: Go checks indexes against the slice's capacity, which Python lists do not have,
    # so a Go slice with spare capacity accepts indexes past its length that kubeship rejects.
    bounds = [0, len(data)]
    for position, value in enumerate(indexes):
        if position < 2:
            bounds[position] = index_argument(indirect_interface(value), len(data))
        else:
            bounds.append(index_argument(indirect_interface(value), len(data)))
    if bounds[0] > bounds[1]:
        raise _go_error(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    if len(bounds) == 3 and bounds[1] > bounds[2]:
        raise _go_error(f"invalid slice index: {bounds[1]} > {bounds[2]}")
    return _slice_result(item, data, bounds[0], bounds[1])


def _slice_result(item: Any, data: Any, start: int, end: int) -> Any:
    if isinstance(item, str):
        return g.string_from_bytes(data[start:end])
    if isinstance(item, g.GoSlice):
        return g.GoSlice.of_type(item.go_type, item[start:end])
    return data[start:end]


# ---------------------------------------------------------------------------
# Printing and escaping


@g.go_func("func(...interface {}) string")
def print_(*args: Any) -> str:
    return fmt.sprint(*args)


@g.go_func("func(string, ...interface {}) string")
def printf(format_text: str, *args: Any) -> str:
    return fmt.sprintf(format_text, *args)


@g.go_func("func(...interface {}) string")
def println_(*args: Any) -> str:
    return fmt.sprintln(*args)


_SIMPLE_VERB = re.compile(r"%[svdq]")


def fast_printf(format_text: str) -> Callable[..., str] | None:
    """Return a ``printf`` specialized for a constant format of plain ``%s``/``%v``/``%d``/``%q`` verbs.

    The specialized function formats strings and ints directly and hands any
    other argument, or a wrong argument count, to ``gofmt.sprintf``, so its
    output is always Go's.  Returns None for formats with other verbs or flags.
    """
    pieces = re.split(r"(%[a-zA-Z%]|%[^a-zA-Z%]+[a-zA-Z%])", format_text)
    texts = pieces[0::2]
    verbs = [verb[1] if _SIMPLE_VERB.fullmatch(verb) else None for verb in pieces[1::2]]
    if None in verbs or "%" in "".join(texts):
        return None
    count = len(verbs)

    def formatted(format_ignored: str, *args: Any) -> str:
        if len(args) != count:
            return fmt.sprintf(format_text, *args)
        out = [texts[0]]
        for verb, arg, text in zip(verbs, args, texts[1:]):
            piece = _fast_verb(verb, arg)
            if piece is None:
                return fmt.sprintf(format_text, *args)
            out.append(piece)
            out.append(text)
        return "".join(out)

    formatted.__go_signature__ = printf.__go_signature__  # type: ignore[attr-defined]
    return formatted


def _fast_verb(verb: str, arg: Any) -> str | None:
    kind = type(arg)
    if kind is str:
        if verb in "sv":
            return arg
        if verb == "q" and arg.isascii() and arg.isprintable() and '"' not in arg and "\\" not in arg:
            return '"' + arg + '"'
        return None
    if kind is int and verb in "vd":
        return str(arg)
    return None


def evaluate_arguments(args: tuple[Any, ...]) -> str:
    """Format the arguments of ``html``, ``js`` and ``urlquery`` as Go's ``evalArgs`` does."""
    if len(args) == 1 and type(args[0]) is str:
        return args[0]
    return fmt.sprint(*[printable_argument(a) for a in args])


_HTML_ESCAPES = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}


@g.go_func("func(...interface {}) string")
def html(*args: Any) -> str:
    text = evaluate_arguments(args)
    return "".join(_HTML_ESCAPES.get(c, c) for c in text)


_JS_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026",
               "=": "\\u003D"}


@g.go_func("func(...interface {}) string")
def js(*args: Any) -> str:
    text = evaluate_arguments(args)
    out = []
    for char in text:
        code = ord(char)
        escaped = _JS_ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif code < 0x20:
            out.append(f"\\u00{code:02X}")
        elif code < 0x80 or 0xDC80 <= code <= 0xDCFF:
            out.append(char)
        elif _is_print(char):
            out.append(char)
        else:
            out.append(f"\\u{code:04X}")
    return "".join(out)


def _is_print(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMNPS" or char == " "


_URL_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


@g.go_func("func(...interface {}) string")
def urlquery(*args: Any) -> str:
    data = g.string_bytes(evaluate_arguments(args))
    out = []
    for byte in data:
        if byte in _URL_SAFE:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


# ---------------------------------------------------------------------------
# call


@g.go_func("func(reflect.Value, ...reflect.Value) (reflect.Value, error)")
def call_(function: Any, *args: Any) -> Any:
    raise AssertionError("call is compiled to call_function")


def call_function(name: str, function: Any, *args: Any) -> Any:
    """Call a func value with Go's checks (Go's ``call``); return the result in the engine's form."""
    from kubeship.gotemplate.runtime import fix_result

    function = indirect_interface(function)
    if function is None:
        raise _go_error("call of nil")
    if not isinstance(function, g.GoFunc):
        raise _go_error(f"non-function {name} of type {g.go_type_name(function)}")
    signature = function.signature
    problem = signature.result_problem(name)
    if problem is not None:
        raise _go_error(problem)
    total = len(signature.params)
    if signature.variadic and len(args) < total - 1:
        raise _go_error(f"wrong number of args for {name}: got {len(args)} want at least {total - 1}")
    if not signature.variadic and len(args) != total:
        raise _go_error(f"wrong number of args for {name}: got {len(args)} want {total}")
    prepared = []
    for position, arg in enumerate(args):
        try:
            prepared.append(prepare_argument(indirect_interface(arg), signature.param_type(position)))
        except g.GoError as error:
            raise _go_error(f"arg {position}: {error}") from None
    if function.function is None:
        raise _go_error("reflect.Value.Call: call of nil function")
    return fix_result(function.function(*prepared), signature)


def reflect_value_string(value: Any) -> str:
    """Return what Go's ``reflect.Value.String`` returns: the string itself or ``<T Value>``."""
    value = indirect_interface(value)
    if value is None:
        return "<invalid Value>"
    if isinstance(value, str):
        return value
    return f"<{g.go_type_name(value)} Value>"


# ---------------------------------------------------------------------------
# Comparison

_BOOL, _COMPLEX, _INT, _FLOAT, _STRING, _UINT, _INVALID = "bool", "complex", "int", "float", "string", "uint", ""


def basic_kind(value: Any) -> str:
    """Return the comparison class of a value (Go's ``basicKind``), empty for other kinds."""
    if value is None:
        return _INVALID
    kind = g.go_kind(value)
    if kind == g.BOOL:
        return _BOOL
    if kind in g.SIGNED_KINDS:
        return _INT
    if kind in g.UNSIGNED_KINDS:
        return _UINT
    if kind in g.FLOAT_KINDS:
        return _FLOAT
    if kind in g.COMPLEX_KINDS:
        return _COMPLEX
    if kind == g.STRING:
        return _STRING
    return _INVALID


def _kind_name(value: Any) -> str:
    return g.go_type_name(value)


@g.go_func("func(reflect.Value, ...reflect.Value) (bool, error)")
def eq(arg1: Any, *args: Any) -> bool:
    arg1 = indirect_interface(arg1)
    if not args:
        raise _go_error("missing argument for comparison")
    kind1 = basic_kind(arg1)
    for arg in args:
        arg = indirect_interface(arg)
        if _equal(arg1, kind1, arg):
            return True
    return False


def _equal(arg1: Any, kind1: str, arg: Any) -> bool:
    kind2 = basic_kind(arg)
    if kind1 != kind2:
        if kind1 == _INT and kind2 == _UINT:
            return arg1 >= 0 and int(arg1) == int(arg)
        if kind1 == _UINT and kind2 == _INT:
            return arg >= 0 and int(arg1) == int(arg)
        if arg1 is not None and arg is not None:
            raise _go_error(f"incompatible types for comparison: {_kind_name(arg1)} and {_kind_name(arg)}")
        return False
    if kind1 != _INVALID:
        return arg1 == arg
    return _equal_other(arg1, arg)


def _equal_other(arg1: Any, arg: Any) -> bool:
    if arg1 is not None and arg is not None and g.go_kind(arg1) != g.go_kind(arg):
        raise _go_error(fmt.sprintf("non-comparable types %s: %v, %s: %v", arg1, _kind_name(arg1),
                                    _kind_name(arg), arg))
    if g.is_nil(arg1) or g.is_nil(arg):
        return g.is_nil(arg1) == g.is_nil(arg)
    if g.go_kind(arg) in (g.SLICE, g.MAP, g.FUNC):
        raise _go_error(fmt.sprintf("non-comparable type %s: %v", arg, _kind_name(arg)))
    if g.go_type_name(arg1) != g.go_type_name(arg):
        return False
    if isinstance(arg1, g.GoPointer):
        return arg1.target is arg.target
    if isinstance(arg1, g.GoStruct):
        return all(getattr(arg1, f) == getattr(arg, f) for f in arg1.go_fields)
    return arg1 == arg


@g.go_func("func(reflect.Value, reflect.Value) (bool, error)")
def ne(arg1: Any, arg2: Any) -> bool:
    return not eq(arg1, arg2)


@g.go_func("func(reflect.Value, reflect.Value) (bool, error)")
def lt(arg1: Any, arg2: Any) -> bool:
    arg1 = indirect_interface(arg1)
    kind1 = basic_kind(arg1)
    if kind1 == _INVALID:
        raise _go_error("invalid type for comparison")
    arg2 = indirect_interface(arg2)
    kind2 = basic_kind(arg2)
    if kind2 == _INVALID:
        raise _go_error("invalid type for comparison")
    if kind1 != kind2:
        if kind1 == _INT and kind2 == _UINT:
            return arg1 < 0 or int(arg1) < int(arg2)
        if kind1 == _UINT and kind2 == _INT:
            return arg2 >= 0 and int(arg1) < int(arg2)
        raise _go_error(f"incompatible types for comparison: {_kind_name(arg1)} and {_kind_name(arg2)}")
    if kind1 in (_BOOL, _COMPLEX):
        raise _go_error("invalid type for comparison")
    if kind1 == _STRING:
        return g.string_bytes(arg1) < g.string_bytes(arg2)
    return arg1 < arg2


@g.go_func("func(reflect.Value, reflect.Value) (bool, error)")
def le(arg1: Any, arg2: Any) -> bool:
    return lt(arg1, arg2) or eq(arg1, arg2)


@g.go_func("func(reflect.Value, reflect.Value) (bool, error)")
def gt(arg1: Any, arg2: Any) -> bool:
    return not le(arg1, arg2)


@g.go_func("func(reflect.Value, reflect.Value) (bool, error)")
def ge(arg1: Any, arg2: Any) -> bool:
    return not lt(arg1, arg2)


BUILTINS: dict[str, Any] = {
    "and": and_,
    "call": call_,
    "html": html,
    "index": index,
    "slice": slice_,
    "js": js,
    "len": length,
    "not": not_,
    "or": or_,
    "print": print_,
    "printf": printf,
    "println": println_,
    "urlquery": urlquery,
    "eq": eq,
    "ge": ge,
    "gt": gt,
    "le": le,
    "lt": lt,
    "ne": ne,
}
