"""The Go value model: how Python values stand for Go values inside templates.

Go's template engine works on ``reflect.Value``; kubeship works on plain Python
values, and this module fixes which Go type each one has:

========================================  ==========================================
Go                                        Python
========================================  ==========================================
nil (untyped, nil interface)              ``None``
``bool``                                  ``bool``
``int``                                   ``int``
``int8`` … ``int64``, ``uint`` … ``uintptr``  ``Int8`` … ``Uintptr`` (subclasses of ``int``)
``float64`` / ``float32``                 ``float`` / ``Float32``
``complex128`` / ``complex64``            ``complex`` / ``Complex64``
``string``                                ``str`` (see "Strings are bytes" below)
``[]byte``                                ``bytes``
``[]interface {}``                        ``list``
other slices (``[]string`` …)             ``GoSlice`` (a ``list`` carrying its type)
``map[string]interface {}``               ``dict``
other maps (``map[string]string`` …)      ``GoMap`` (a ``dict`` carrying its type)
structs                                   subclasses of ``GoStruct``
pointers                                  ``GoPointer``
``time.Time`` / ``time.Duration``         ``GoTime`` / ``GoDuration``
func values                               ``GoFunc`` (a callable and its ``Signature``)
nil slice, map, pointer, func             ``GoSlice``/``GoMap`` with ``is_nil``, ``GoPointer(None)``,
                                          ``GoFunc(None)``
========================================  ==========================================

Strings are bytes: a Go string is a byte sequence, so ``len``, ``index`` and
``slice`` count UTF-8 bytes.  A Go string whose bytes are not valid UTF-8 (the
result of slicing inside a character) is a ``str`` in which each invalid byte
is a lone surrogate U+DC80..U+DCFF, as Python's ``surrogateescape`` error
handler produces.  ``string_bytes`` and ``string_from_bytes`` convert.

Functions declare their Go signature with ``signature("func(string, ...interface {}) (string, error)")``
(or the ``go_func`` decorator) so the engine checks and converts arguments as
Go's reflection-based calls do.  A function reports a Go error (a returned
``error`` or a panic) by raising ``GoError``; the engine prints it as
``error calling NAME: MESSAGE``.

Methods on model types (``String()``, struct methods called from templates)
are declared with the ``go_method`` decorator, with ``pointer=True`` for a
pointer receiver.  A defined integer type (``type Color int``) subclasses
``GoInt`` and sets ``go_type`` to a registered named ``GoType``.
"""

from __future__ import annotations

import datetime as _dt
import inspect
import struct
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

# Kinds, spelled as reflect.Kind prints them.
INVALID = "invalid"
BOOL = "bool"
STRING = "string"
SLICE = "slice"
ARRAY = "array"
MAP = "map"
STRUCT = "struct"
POINTER = "ptr"
FUNC = "func"
INTERFACE = "interface"
CHAN = "chan"

SIGNED_KINDS = frozenset({"int", "int8", "int16", "int32", "int64"})
UNSIGNED_KINDS = frozenset({"uint", "uint8", "uint16", "uint32", "uint64", "uintptr"})
INT_KINDS = SIGNED_KINDS | UNSIGNED_KINDS
FLOAT_KINDS = frozenset({"float32", "float64"})
COMPLEX_KINDS = frozenset({"complex64", "complex128"})
NILLABLE_KINDS = frozenset({SLICE, MAP, POINTER, FUNC, INTERFACE, CHAN})


class GoError(Exception):
    """A Go error raised by a template function: a returned ``error`` or a recovered panic.

    The engine reports it as ``error calling NAME: <message>``.  Any other
    Python exception escaping a function is a bug and propagates unchanged.
    """


class GoTypeError(TypeError):
    """A Python value or type spelling has no place in the Go value model."""


# ---------------------------------------------------------------------------
# Types


class GoType:
    """A Go type: its name as ``reflect.Type.String()`` prints it, its kind and its parts.

    ``elem`` is the element type of slices, arrays, maps and pointers; ``key``
    the key type of maps.  Function types carry ``params``, ``results`` and
    ``variadic``; interface types carry their method names in ``methods``.
    ``named`` is true for defined types (``time.Duration``, ``main.T``), whose
    ``underlying`` type decides assignability.
    """

    __slots__ = ("name", "kind", "elem", "key", "params", "results", "variadic",
                 "methods", "named", "underlying", "length", "python_class")

    def __init__(
        self,
        name: str,
        kind: str,
        *,
        elem: GoType | None = None,
        key: GoType | None = None,
        params: tuple[GoType, ...] = (),
        results: tuple[GoType, ...] = (),
        variadic: bool = False,
        methods: frozenset[str] = frozenset(),
        named: bool = False,
        underlying: GoType | None = None,
        length: int = 0,
    ) -> None:
        self.name = name
        self.kind = kind
        self.elem = elem
        self.key = key
        self.params = params
        self.results = results
        self.variadic = variadic
        self.methods = methods
        self.named = named
        self.underlying = underlying if underlying is not None else self
        self.length = length
        self.python_class: type | None = None

    def __repr__(self) -> str:
        return f"GoType({self.name!r})"

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoType) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    @property
    def is_empty_interface(self) -> bool:
        return self.kind == INTERFACE and not self.methods

    @property
    def can_be_nil(self) -> bool:
        """Return whether untyped nil can be assigned to this type (Go's ``canBeNil``)."""
        return self.kind in NILLABLE_KINDS or self is REFLECT_VALUE


def _basic(name: str, kind: str | None = None) -> GoType:
    return GoType(name, kind or name)


BOOL_TYPE = _basic("bool")
STRING_TYPE = _basic("string")
INT_TYPE = _basic("int")
INT8_TYPE = _basic("int8")
INT16_TYPE = _basic("int16")
INT32_TYPE = _basic("int32")
INT64_TYPE = _basic("int64")
UINT_TYPE = _basic("uint")
UINT8_TYPE = _basic("uint8")
UINT16_TYPE = _basic("uint16")
UINT32_TYPE = _basic("uint32")
UINT64_TYPE = _basic("uint64")
UINTPTR_TYPE = _basic("uintptr")
FLOAT32_TYPE = _basic("float32")
FLOAT64_TYPE = _basic("float64")
COMPLEX64_TYPE = _basic("complex64")
COMPLEX128_TYPE = _basic("complex128")
EMPTY_INTERFACE = GoType("interface {}", INTERFACE)
ERROR_TYPE = GoType("error", INTERFACE, methods=frozenset({"Error"}), named=True)
STRINGER_TYPE = GoType("fmt.Stringer", INTERFACE, methods=frozenset({"String"}), named=True)
# reflect.Value parameters receive the argument as it is, nil included, unchecked.
REFLECT_VALUE = GoType("reflect.Value", STRUCT, named=True)
BYTES_TYPE = GoType("[]uint8", SLICE, elem=UINT8_TYPE)
LIST_TYPE = GoType("[]interface {}", SLICE, elem=EMPTY_INTERFACE)
DICT_TYPE = GoType("map[string]interface {}", MAP, key=STRING_TYPE, elem=EMPTY_INTERFACE)
DURATION_TYPE = GoType("time.Duration", "int64", named=True, underlying=INT64_TYPE)
TIME_TYPE = GoType("time.Time", STRUCT, named=True)

_NAMED_TYPES: dict[str, GoType] = {
    t.name: t
    for t in (
        BOOL_TYPE, STRING_TYPE, INT_TYPE, INT8_TYPE, INT16_TYPE, INT32_TYPE, INT64_TYPE,
        UINT_TYPE, UINT8_TYPE, UINT16_TYPE, UINT32_TYPE, UINT64_TYPE, UINTPTR_TYPE,
        FLOAT32_TYPE, FLOAT64_TYPE, COMPLEX64_TYPE, COMPLEX128_TYPE, ERROR_TYPE,
        STRINGER_TYPE, REFLECT_VALUE, DURATION_TYPE, TIME_TYPE,
    )
}
_NAMED_TYPES.update({"byte": UINT8_TYPE, "rune": INT32_TYPE, "any": EMPTY_INTERFACE})


def register_type(go_type: GoType) -> GoType:
    """Make a defined type (such as ``main.T``) known to ``parse_type`` by its name."""
    _NAMED_TYPES[go_type.name] = go_type
    return go_type


def slice_type(elem: GoType) -> GoType:
    """Return the type ``[]elem``."""
    return GoType(f"[]{elem.name}", SLICE, elem=elem)


def map_type(key: GoType, elem: GoType) -> GoType:
    """Return the type ``map[key]elem``."""
    return GoType(f"map[{key.name}]{elem.name}", MAP, key=key, elem=elem)


def pointer_type(elem: GoType) -> GoType:
    """Return the type ``*elem``."""
    return GoType(f"*{elem.name}", POINTER, elem=elem)


def func_type(params: Iterable[GoType], results: Iterable[GoType], variadic: bool = False) -> GoType:
    """Return a func type; with ``variadic`` the last parameter is the ``[]T`` of ``...T``."""
    params = tuple(params)
    results = tuple(results)
    shown = [p.name for p in params]
    if variadic:
        shown[-1] = "..." + params[-1].elem.name
    name = f"func({', '.join(shown)})"
    if len(results) == 1:
        name += f" {results[0].name}"
    elif results:
        name += f" ({', '.join(r.name for r in results)})"
    return GoType(name, FUNC, params=params, results=results, variadic=variadic)


# ---------------------------------------------------------------------------
# Parsing Go type spellings


class _TypeScanner:
    """Reads one Go type spelling, such as ``map[string][]*main.T`` or ``func(string, ...int) (int, error)``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, what: str) -> GoTypeError:
        return GoTypeError(f"invalid Go type {self.text!r}: {what} at offset {self.pos}")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1

    def take(self, literal: str) -> bool:
        self.skip_space()
        if self.text.startswith(literal, self.pos):
            self.pos += len(literal)
            return True
        return False

    def expect(self, literal: str) -> None:
        if not self.take(literal):
            raise self.fail(f"expected {literal!r}")

    def identifier(self) -> str:
        self.skip_space()
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalnum() or self.text[self.pos] in "_."):
            self.pos += 1
        if start == self.pos:
            raise self.fail("expected a type")
        return self.text[start:self.pos]

    def parse_type(self) -> GoType:
        if self.take("[]"):
            return slice_type(self.parse_type())
        if self.take("*"):
            return pointer_type(self.parse_type())
        if self.take("map["):
            key = self.parse_type()
            self.expect("]")
            return map_type(key, self.parse_type())
        if self.take("interface"):
            self.expect("{")
            self.expect("}")
            return EMPTY_INTERFACE
        if self.take("func("):
            return self.parse_func_rest()
        name = self.identifier()
        if name not in _NAMED_TYPES:
            raise self.fail(f"unknown type name {name!r} (register it with register_type)")
        return _NAMED_TYPES[name]

    def parse_func_rest(self) -> GoType:
        params: list[GoType] = []
        variadic = False
        while not self.take(")"):
            if params:
                self.expect(",")
            self.skip_param_name()
            if self.take("..."):
                variadic = True
                params.append(slice_type(self.parse_type()))
            else:
                params.append(self.parse_type())
        return func_type(params, self.parse_results(), variadic)

    def skip_param_name(self) -> None:
        """Skip a parameter name as in ``func(s string)``: an identifier followed by a type."""
        self.skip_space()
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalnum() or self.text[self.pos] == "_"):
            self.pos += 1
        after = self.pos
        self.skip_space()
        rest = self.text[self.pos:]
        word = self.text[start:after]
        if after > start and self.pos > after and rest[:1] not in ("", ",", ")") and word not in _TYPE_KEYWORDS:
            return
        self.pos = start

    def parse_results(self) -> list[GoType]:
        self.skip_space()
        if self.pos >= len(self.text) or self.text[self.pos] in ",)]":
            return []
        if self.take("("):
            results = [self.parse_type()]
            while self.take(","):
                results.append(self.parse_type())
            self.expect(")")
            return results
        return [self.parse_type()]


_TYPE_KEYWORDS = frozenset({"interface", "func", "map", "chan", "struct"})
_TYPE_CACHE: dict[str, GoType] = {}


def parse_type(spelling: str | GoType) -> GoType:
    """Return the ``GoType`` for a Go type spelling such as ``"[]string"`` or ``"func(int) string"``."""
    if isinstance(spelling, GoType):
        return spelling
    cached = _TYPE_CACHE.get(spelling)
    if cached is not None:
        return cached
    scanner = _TypeScanner(spelling)
    go_type = scanner.parse_type()
    scanner.skip_space()
    if scanner.pos != len(spelling):
        raise scanner.fail("unexpected text")
    _TYPE_CACHE[spelling] = go_type
    return go_type


# ---------------------------------------------------------------------------
# Function signatures


class Signature:
    """The Go signature of a template function or method.

    ``params`` lists the parameter types; with ``variadic`` the last one is the
    slice type of ``...T`` and ``variadic_elem`` is ``T``.  ``result`` is the
    first result type; ``returns_error`` is true when a second ``error`` result follows.
    """

    __slots__ = ("go_type", "params", "variadic", "variadic_elem", "result", "returns_error",
                 "result_count", "fixed_count")

    def __init__(self, go_type: GoType) -> None:
        if go_type.kind != FUNC:
            raise GoTypeError(f"{go_type.name} is not a func type")
        self.go_type = go_type
        self.params = go_type.params
        self.variadic = go_type.variadic
        self.variadic_elem = go_type.params[-1].elem if go_type.variadic else None
        self.fixed_count = len(self.params) - 1 if self.variadic else len(self.params)
        self.result_count = len(go_type.results)
        self.result = go_type.results[0] if go_type.results else None
        self.returns_error = self.result_count == 2 and go_type.results[1] == ERROR_TYPE

    def param_type(self, index: int) -> GoType:
        """Return the type the argument at ``index`` must have (``T`` for the ``...T`` part)."""
        if self.variadic and index >= self.fixed_count:
            return self.variadic_elem  # type: ignore[return-value]
        return self.params[index]

    def result_problem(self, name: str) -> str | None:
        """Return Go's complaint about the result list of function ``name``, or None when it is valid."""
        if self.result_count == 1 or self.returns_error:
            return None
        if self.result_count == 2:
            return (f"invalid function signature for {name}: second return value should be error; "
                    f"is {self.go_type.results[1].name}")
        return f"function {name} has {self.result_count} return values; should be 1 or 2"

    def __repr__(self) -> str:
        return f"Signature({self.go_type.name!r})"


def signature(spelling: str | GoType) -> Signature:
    """Return the ``Signature`` for a func type spelling such as ``"func(string, ...interface {}) string"``."""
    return Signature(parse_type(spelling))


def go_func(spelling: str) -> Callable[[Callable], Callable]:
    """Declare the Go signature of a template function (decorator)."""
    sig = signature(spelling)

    def mark(function: Callable) -> Callable:
        function.__go_signature__ = sig  # type: ignore[attr-defined]
        return function

    return mark


def signature_of(function: Callable[..., Any]) -> Signature:
    """Return the Go signature of a callable.

    A ``GoFunc`` or a function marked with ``go_func`` has its declared one.
    Any other callable gets ``func(interface {}, …) interface {}`` with one
    parameter per positional Python parameter, variadic when it takes ``*args``.
    """
    if isinstance(function, GoFunc):
        return function.signature
    declared = getattr(function, "__go_signature__", None)
    if declared is not None:
        return declared
    params: list[GoType] = []
    variadic = False
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind is parameter.VAR_POSITIONAL:
            params.append(LIST_TYPE)
            variadic = True
        elif parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            if parameter.default is parameter.empty:
                params.append(EMPTY_INTERFACE)
    return Signature(func_type(params, [EMPTY_INTERFACE], variadic))


# ---------------------------------------------------------------------------
# Methods


class GoMethod:
    """A Go method declared on a model class: the Python function, its signature and receiver."""

    __slots__ = ("name", "function", "signature", "pointer")

    def __init__(self, name: str, function: Callable[..., Any], signature: Signature, pointer: bool) -> None:
        self.name = name
        self.function = function
        self.signature = signature
        self.pointer = pointer


def go_method(spelling: str, *, name: str | None = None, pointer: bool = False) -> Callable[[Callable], Callable]:
    """Declare a Python method as a Go method with the signature ``spelling``.

    ``pointer=True`` gives it a pointer receiver: it is in the method set of
    ``*T`` only, so templates reach it through a ``GoPointer``.  The Python
    method receives the struct (never the pointer) as ``self``.
    """

    def mark(function: Callable) -> Callable:
        function.__go_method__ = (name or function.__name__, spelling, pointer)  # type: ignore[attr-defined]
        return function

    return mark


class GoValue:
    """Mixin that collects ``go_method`` declarations of a model class into ``go_methods``."""

    go_methods: ClassVar[dict[str, GoMethod]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        methods = dict(getattr(cls, "go_methods", {}))
        for attribute in vars(cls).values():
            declared = getattr(attribute, "__go_method__", None)
            if declared is not None:
                go_name, spelling, pointer = declared
                methods[go_name] = GoMethod(go_name, attribute, signature(spelling), pointer)
        cls.go_methods = methods


def find_method(value: Any, name: str) -> tuple[Callable[..., Any], Signature] | None:
    """Return the bound Go method ``name`` of ``value`` and its signature, or None.

    A pointer has the methods of its element with either receiver kind; a
    value has only its value-receiver methods.  A nil pointer has none.
    """
    if isinstance(value, GoPointer):
        target = value.target
        methods = getattr(type(target), "go_methods", None)
        if not methods or name not in methods:
            return None
        method = methods[name]
        return _bind(method, target), method.signature
    methods = getattr(type(value), "go_methods", None)
    if not methods:
        return None
    method = methods.get(name)
    if method is None or method.pointer:
        return None
    return _bind(method, value), method.signature


def _bind(method: GoMethod, receiver: Any) -> Callable[..., Any]:
    function = method.function

    def bound(*args: Any) -> Any:
        return function(receiver, *args)

    return bound


def has_method(value: Any, name: str) -> bool:
    """Return whether ``value`` has the Go method ``name`` in its method set."""
    return find_method(value, name) is not None


# ---------------------------------------------------------------------------
# Values


class _GoInt(int, GoValue):
    """Base of the sized integer types; arithmetic on them returns plain ``int``."""

    go_type: ClassVar[GoType]
    bits: ClassVar[int] = 64
    signed: ClassVar[bool] = True

    def __new__(cls, value: int = 0) -> _GoInt:
        return super().__new__(cls, wrap_int(int(value), cls.bits, cls.signed))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({int(self)})"


def wrap_int(value: int, bits: int, signed: bool) -> int:
    """Convert ``value`` to a ``bits``-wide integer as a Go conversion does (two's complement wrap)."""
    value &= (1 << bits) - 1
    if signed and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def _int_class(name: str, go_type: GoType, bits: int, signed: bool) -> type:
    return type(name, (_GoInt,), {"go_type": go_type, "bits": bits, "signed": signed, "__slots__": ()})


Int8 = _int_class("Int8", INT8_TYPE, 8, True)
Int16 = _int_class("Int16", INT16_TYPE, 16, True)
Int32 = _int_class("Int32", INT32_TYPE, 32, True)
Int64 = _int_class("Int64", INT64_TYPE, 64, True)
Uint = _int_class("Uint", UINT_TYPE, 64, False)
Uint8 = _int_class("Uint8", UINT8_TYPE, 8, False)
Uint16 = _int_class("Uint16", UINT16_TYPE, 16, False)
Uint32 = _int_class("Uint32", UINT32_TYPE, 32, False)
Uint64 = _int_class("Uint64", UINT64_TYPE, 64, False)
Uintptr = _int_class("Uintptr", UINTPTR_TYPE, 64, False)
Rune = Int32
Byte = Uint8
# The base of defined integer types (``type Color int``): subclass it and set ``go_type``.
GoInt = _GoInt


class Float32(float):
    """A Go ``float32``: the value is rounded to single precision on construction."""

    __slots__ = ()
    go_type: ClassVar[GoType] = FLOAT32_TYPE

    def __new__(cls, value: float = 0.0) -> Float32:
        return super().__new__(cls, struct.unpack("f", struct.pack("f", float(value)))[0])

    def __repr__(self) -> str:
        return f"Float32({float(self)!r})"


class Complex64(complex):
    """A Go ``complex64``: both parts are rounded to single precision on construction."""

    __slots__ = ()
    go_type: ClassVar[GoType] = COMPLEX64_TYPE

    def __new__(cls, value: complex = 0j) -> Complex64:
        value = complex(value)
        return super().__new__(cls, float(Float32(value.real)), float(Float32(value.imag)))


class GoSlice(list, GoValue):
    """A Go slice of a declared element type (``[]string``), or a nil slice when ``is_nil``."""

    def __init__(self, items: Iterable[Any] = (), elem: GoType | str = EMPTY_INTERFACE, *, is_nil: bool = False) -> None:
        super().__init__(items)
        self.go_type = slice_type(parse_type(elem))
        self.is_nil = is_nil and not self

    @classmethod
    def of_type(cls, go_type: GoType, items: Iterable[Any] = (), *, is_nil: bool = False) -> GoSlice:
        """Build a slice of the slice type ``go_type``."""
        result = cls(items, go_type.elem, is_nil=is_nil)
        result.go_type = go_type
        return result

    def __repr__(self) -> str:
        return f"GoSlice({list.__repr__(self)}, {self.go_type.elem.name!r})"


class GoMap(dict, GoValue):
    """A Go map with declared key and element types, or a nil map when ``is_nil``."""

    def __init__(
        self,
        items: Mapping[Any, Any] | Iterable[tuple[Any, Any]] = (),
        key: GoType | str = STRING_TYPE,
        elem: GoType | str = EMPTY_INTERFACE,
        *,
        is_nil: bool = False,
    ) -> None:
        super().__init__(items)
        self.go_type = map_type(parse_type(key), parse_type(elem))
        self.is_nil = is_nil and not self

    @classmethod
    def of_type(cls, go_type: GoType, items: Mapping[Any, Any] = (), *, is_nil: bool = False) -> GoMap:
        """Build a map of the map type ``go_type``."""
        result = cls(items, go_type.key, go_type.elem, is_nil=is_nil)
        result.go_type = go_type
        return result

    def __repr__(self) -> str:
        return f"GoMap({dict.__repr__(self)}, {self.go_type.name!r})"


class GoStruct(GoValue):
    """Base of Go struct types.

    A subclass sets ``go_type_name`` (``"main.T"``) and ``go_fields`` (field
    name to Go type spelling, in declaration order) and may declare methods
    with ``go_method``.  Instances take field values as keyword arguments;
    an omitted field gets its type's zero value.  Fields whose names start
    with a lower-case letter are unexported, as in Go.
    """

    go_type_name: ClassVar[str] = "main.Struct"
    go_fields: ClassVar[dict[str, str]] = {}
    go_type: ClassVar[GoType]
    field_types: ClassVar[dict[str, GoType]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Register the type before the methods' signatures are parsed, so they may name it.
        cls.go_type = register_type(GoType(cls.go_type_name, STRUCT, named=True))
        cls.go_type.python_class = cls
        cls.field_types = {}
        super().__init_subclass__(**kwargs)

    def __init__(self, **fields: Any) -> None:
        types = self._resolve_field_types()
        unknown = set(fields) - set(types)
        if unknown:
            raise GoTypeError(f"{self.go_type_name} has no field {sorted(unknown)[0]!r}")
        for name, go_type in types.items():
            setattr(self, name, fields[name] if name in fields else zero_value(go_type))

    @classmethod
    def _resolve_field_types(cls) -> dict[str, GoType]:
        # Resolved lazily so a field may name a struct type defined later.
        if len(cls.field_types) != len(cls.go_fields):
            cls.field_types = {name: parse_type(spelling) for name, spelling in cls.go_fields.items()}
        return cls.field_types

    def go_field(self, name: str) -> tuple[bool, Any]:
        """Return ``(found, value)`` for the field ``name``."""
        if name in self._resolve_field_types():
            return True, getattr(self, name)
        return False, None

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.go_fields)
        return f"{type(self).__name__}({shown})"


class GoPointer(GoValue):
    """A Go pointer to ``target``, or a nil pointer of type ``*elem`` when ``target`` is None."""

    __slots__ = ("target", "go_type")

    def __init__(self, target: Any, elem: GoType | str | None = None) -> None:
        if elem is None:
            if target is None:
                raise GoTypeError("a nil GoPointer needs its element type")
            elem = go_type(target)
        self.target = target
        self.go_type = pointer_type(parse_type(elem))

    @property
    def is_nil(self) -> bool:
        return self.target is None

    def __repr__(self) -> str:
        return f"GoPointer({self.target!r}, {self.go_type.elem.name!r})"


class GoDuration(_GoInt):
    """A Go ``time.Duration``: nanoseconds, printed by Go's ``Duration.String``."""

    __slots__ = ()
    go_type = DURATION_TYPE

    @go_method("func() string", name="String")
    def go_string(self) -> str:
        return format_duration(int(self))


class GoTime(GoValue):
    """A Go ``time.Time``: an aware ``datetime`` plus nanoseconds past its microseconds.

    ``zone_name`` is the zone abbreviation Go prints (``UTC``, ``CET``); when
    empty, Go prints the numeric offset in its place.
    """

    __slots__ = ("moment", "nanosecond", "zone_name")
    go_type: ClassVar[GoType] = TIME_TYPE

    def __init__(self, moment: _dt.datetime, nanosecond: int | None = None, zone_name: str | None = None) -> None:
        if moment.tzinfo is None:
            raise GoTypeError("GoTime needs an aware datetime")
        self.moment = moment
        self.nanosecond = moment.microsecond * 1000 if nanosecond is None else nanosecond
        self.zone_name = moment.tzname() if zone_name is None else zone_name

    @go_method("func() string", name="String")
    def go_string(self) -> str:
        return format_time(self)

    def __repr__(self) -> str:
        return f"GoTime({self.moment.isoformat()})"


DURATION_TYPE.python_class = GoDuration


def format_duration(nanoseconds: int) -> str:
    """Format a duration as Go's ``time.Duration.String`` does (``1h2m3.5s``, ``1.5µs``, ``0s``)."""
    if nanoseconds == 0:
        return "0s"
    sign = "-" if nanoseconds < 0 else ""
    magnitude = abs(nanoseconds)
    if magnitude < 1_000_000_000:
        for unit, size in (("ns", 1), ("µs", 1_000), ("ms", 1_000_000)):
            if magnitude < size * 1000:
                return sign + _decimal(magnitude, size) + unit
    seconds_text = _decimal(magnitude % 60_000_000_000, 1_000_000_000) + "s"
    minutes = magnitude // 60_000_000_000
    if minutes == 0:
        return sign + seconds_text
    hours, minutes = divmod(minutes, 60)
    text = f"{minutes}m{seconds_text}"
    if hours:
        text = f"{hours}h{text}"
    return sign + text


def _decimal(value: int, unit: int) -> str:
    whole, fraction = divmod(value, unit)
    if not fraction:
        return str(whole)
    digits = str(fraction).rjust(len(str(unit)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}"


def format_time(value: GoTime) -> str:
    """Format a time as Go's ``Time.String`` does: ``2006-01-02 15:04:05.999999999 -0700 MST``."""
    moment = value.moment
    text = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")
    if value.nanosecond:
        text += "." + f"{value.nanosecond:09d}".rstrip("0")
    offset = moment.utcoffset() or _dt.timedelta(0)
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    numeric = f"{sign}{hours:02d}{rest // 60:02d}"
    zone = value.zone_name or numeric
    return f"{text} {numeric} {zone}"


class GoFunc(GoValue):
    """A Go func value: a Python callable and its Go signature; ``function`` None is a nil func."""

    __slots__ = ("function", "signature", "go_type")

    def __init__(self, function: Callable[..., Any] | None, sig: Signature | str) -> None:
        self.function = function
        self.signature = sig if isinstance(sig, Signature) else signature(sig)
        self.go_type = self.signature.go_type

    @property
    def is_nil(self) -> bool:
        return self.function is None

    def __call__(self, *args: Any) -> Any:
        if self.function is None:
            raise GoError("call of nil func value")
        return self.function(*args)

    def __repr__(self) -> str:
        return f"GoFunc({self.go_type.name})"


# ---------------------------------------------------------------------------
# Type of a value


_PLAIN_TYPES: dict[type, GoType] = {
    bool: BOOL_TYPE,
    int: INT_TYPE,
    float: FLOAT64_TYPE,
    complex: COMPLEX128_TYPE,
    str: STRING_TYPE,
    bytes: BYTES_TYPE,
    list: LIST_TYPE,
    dict: DICT_TYPE,
}


def go_type(value: Any) -> GoType:
    """Return the Go type of a non-nil model value.

    Raises ``GoTypeError`` for ``None`` (untyped nil has no type) and for
    Python values outside the model.
    """
    plain = _PLAIN_TYPES.get(type(value))
    if plain is not None:
        return plain
    declared = getattr(value, "go_type", None)
    if isinstance(declared, GoType):
        return declared
    if value is None:
        raise GoTypeError("untyped nil has no Go type")
    for python_type, mapped in _PLAIN_TYPES.items():
        if isinstance(value, python_type):
            return mapped
    raise GoTypeError(f"no Go type for Python {type(value).__name__} value {value!r}")


def go_type_name(value: Any) -> str:
    """Return the type name Go's ``%T`` prints for ``value`` (``<nil>`` for untyped nil)."""
    if value is None:
        return "<nil>"
    return go_type(value).name


def go_kind(value: Any) -> str:
    """Return the reflect kind of ``value`` (``invalid`` for untyped nil)."""
    if value is None:
        return INVALID
    plain = _PLAIN_TYPES.get(type(value))
    if plain is not None:
        return plain.kind
    return go_type(value).underlying.kind


def is_nil(value: Any) -> bool:
    """Return whether ``value`` is untyped nil or the nil of a slice, map, pointer or func type."""
    return value is None or getattr(value, "is_nil", False) is True


def is_true(value: Any) -> tuple[bool, bool]:
    """Return Go's ``(truth, ok)`` for ``if``/``with``/``and``/``or``/``not``.

    Truth is "not the zero value of its type": empty strings, containers,
    zero numbers, false and nil are false; structs are always true.  ``ok``
    is false for values with no truth value (channels and unknown objects).
    """
    if value is None:
        return False, True
    kind = type(value)
    if kind is bool or kind is str or kind is int or kind is float or kind is list or kind is dict:
        return bool(value), True
    if isinstance(value, (int, float, complex, str, bytes, list, dict)):
        return bool(value), True
    if isinstance(value, (GoPointer, GoFunc)):
        return not value.is_nil, True
    if isinstance(value, (GoStruct, GoTime)):
        return True, True
    return False, False


def zero_value(go_type_: GoType | str) -> Any:
    """Return the zero value of a Go type, as ``reflect.Zero`` builds it."""
    t = parse_type(go_type_)
    kind = t.underlying.kind
    if kind == INTERFACE:
        return None
    if t is DURATION_TYPE:
        return GoDuration(0)
    simple = _ZERO_BY_NAME.get(t.name)
    if simple is not None or t.name in _ZERO_BY_NAME:
        return simple
    if kind == SLICE:
        return b"" if t == BYTES_TYPE else GoSlice.of_type(t, is_nil=True)
    if kind == MAP:
        return GoMap.of_type(t, is_nil=True)
    if kind == POINTER:
        return GoPointer(None, t.elem)
    if kind == FUNC:
        return GoFunc(None, Signature(t))
    if t is TIME_TYPE:
        return GoTime(_dt.datetime(1, 1, 1, tzinfo=_dt.timezone.utc), 0, "UTC")
    if t.python_class is not None and issubclass(t.python_class, int):
        return t.python_class(0)
    if kind == STRUCT and t.python_class is not None:
        return t.python_class()
    raise GoTypeError(f"no zero value for Go type {t.name}")


_ZERO_BY_NAME: dict[str, Any] = {
    "bool": False,
    "string": "",
    "int": 0,
    "int8": Int8(0),
    "int16": Int16(0),
    "int32": Int32(0),
    "int64": Int64(0),
    "uint": Uint(0),
    "uint8": Uint8(0),
    "uint16": Uint16(0),
    "uint32": Uint32(0),
    "uint64": Uint64(0),
    "uintptr": Uintptr(0),
    "float32": Float32(0.0),
    "float64": 0.0,
    "complex64": Complex64(0j),
    "complex128": 0j,
}


_INT_CLASSES: dict[str, type] = {
    "int8": Int8, "int16": Int16, "int32": Int32, "int64": Int64, "uint": Uint, "uint8": Uint8,
    "uint16": Uint16, "uint32": Uint32, "uint64": Uint64, "uintptr": Uintptr,
}


def make_int(value: int, go_type_: GoType | str) -> int:
    """Return ``value`` converted to the integer type ``go_type_`` (Go conversion: wraps)."""
    t = parse_type(go_type_)
    if t is DURATION_TYPE:
        return GoDuration(value)
    if t.name == "int":
        return wrap_int(int(value), 64, True)
    cls = _INT_CLASSES.get(t.name)
    if cls is None:
        raise GoTypeError(f"{t.name} is not an integer type")
    return cls(value)


def make_float(value: float, go_type_: GoType | str) -> float:
    """Return ``value`` as the float type ``go_type_``."""
    t = parse_type(go_type_)
    return Float32(value) if t.name == "float32" else float(value)


# ---------------------------------------------------------------------------
# Assignability


def assignable(value_type: GoType, target: GoType) -> bool:
    """Return whether a value of ``value_type`` is assignable to ``target`` (Go's ``AssignableTo``).

    Covers identical types, identical underlying types when one side is not a
    defined type, and interfaces whose methods the value's type has (checked
    by name against the model class, for ``error`` and ``fmt.Stringer``).
    """
    if value_type == target or target.is_empty_interface:
        return True
    if target.kind == INTERFACE:
        cls = value_type.python_class
        methods = getattr(cls, "go_methods", {}) if cls is not None else {}
        return all(name in methods and not methods[name].pointer for name in target.methods)
    if value_type.named and target.named:
        return False
    return value_type.underlying == target.underlying and value_type.underlying.kind not in _BASIC_KINDS


_BASIC_KINDS = INT_KINDS | FLOAT_KINDS | COMPLEX_KINDS | {BOOL, STRING}


def value_assignable(value: Any, target: GoType) -> bool:
    """Return whether the non-nil ``value`` is assignable to ``target``, interfaces checked on the value itself."""
    if target.is_empty_interface or target is REFLECT_VALUE:
        return True
    if target.kind == INTERFACE:
        return all(has_method(value, name) for name in target.methods)
    return assignable(go_type(value), target)


def convert_int_like(value: Any, target: GoType) -> Any:
    """Convert an integer ``value`` to the integer type ``target``, as Go's ``prepareArg`` allows."""
    return make_int(int(value), target)


# ---------------------------------------------------------------------------
# Strings are bytes


def string_bytes(text: str) -> bytes:
    """Return the bytes of the Go string that ``text`` contains."""
    return text.encode("utf-8", "surrogateescape")


def string_from_bytes(data: bytes) -> str:
    """Return the Python ``str`` that contains the Go string with these bytes."""
    return data.decode("utf-8", "surrogateescape")


def string_length(text: str) -> int:
    """Return ``len(text)`` as Go counts it: UTF-8 bytes."""
    if text.isascii():
        return len(text)
    return len(string_bytes(text))
