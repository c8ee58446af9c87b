"""Go's ``fmt`` printing for kubeship's Go value model: ``Sprint``, ``Sprintln``, ``Sprintf``.

The output is byte for byte what Go 1.26 prints for the same Go values (see
``gotypes`` for how Python values stand for Go values): shortest float digits
with Go's exponent rules, maps in ``internal/fmtsort`` key order, ``<nil>`` in
containers, ``{a b}`` and ``{A:a B:b}`` structs, ``String()`` and ``Error()``
methods, every verb, flag, width, precision and argument index, and Go's error
forms (``%!d(string=x)``, ``%!v(MISSING)``, ``%!(EXTRA int=2)`` …).

Output strings follow the model's convention for Go strings: a byte that is not
valid UTF-8 is the lone surrogate U+DC80..U+DCFF.

Known differences, each marked where it sits: addresses of pointers, funcs, maps
and slices (``%p``, nested pointers) cannot match Go's, map keys of mixed dynamic
types under ``interface {}`` sort by type name instead of Go's type-descriptor
address, and ``%q`` uses Python's Unicode database to decide which runes print.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubeship.gotemplate import gotypes as gt
from kubeship.gotemplate.floatfmt import format_float
from kubeship.gotemplate.quote import (
    MAX_RUNE,
    RUNE_ERROR,
    can_backquote,
    is_escaped_byte,
    is_print,
    quote,
    quote_rune,
)

__all__ = ["format_value", "sprint", "sprintf", "sprintln"]

_UINT64_MASK = (1 << 64) - 1
_INT64_MAX = (1 << 63) - 1
_MAX_WIDTH = 1_000_000  # Go's fmt ignores widths and precisions beyond this ("tooLarge").
_NIL = "<nil>"

_SIZED_INTS = frozenset({gt.Int8, gt.Int16, gt.Int32, gt.Int64, gt.Uint, gt.Uint8, gt.Uint16, gt.Uint32,
                         gt.Uint64, gt.Uintptr})
_POINTER_KINDS = frozenset({gt.CHAN, gt.FUNC, gt.MAP, gt.POINTER, gt.SLICE})
_STRINGER_VERBS = frozenset("vsxXq")
_FLOAT_VERBS = {"v": ("g", -1), "b": ("b", -1), "g": ("g", -1), "G": ("G", -1), "x": ("x", -1),
                "X": ("X", -1), "f": ("f", 6), "e": ("e", 6), "E": ("E", 6), "F": ("f", 6)}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def format_value(value: Any) -> str:
    """Return ``value`` formatted as Go's ``%v`` (``fmt.Sprint(value)``)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        fast = _plain_float_v(value)
        if fast is not None:
            return fast
    if value is None:
        return _NIL
    printer = _Printer()
    printer.print_arg(value, "v")
    return "".join(printer.parts)


def sprint(*values: Any) -> str:
    """Return Go's ``fmt.Sprint(values...)``: a space only between two operands when neither is a string."""
    printer = _Printer()
    previous_is_string = False
    for index, value in enumerate(values):
        is_string = value is not None and gt.go_kind(value) == gt.STRING
        if index > 0 and not is_string and not previous_is_string:
            printer.parts.append(" ")
        printer.print_arg(value, "v")
        previous_is_string = is_string
    return "".join(printer.parts)


def sprintln(*values: Any) -> str:
    """Return Go's ``fmt.Sprintln(values...)``: operands separated by spaces, then a newline."""
    printer = _Printer()
    for index, value in enumerate(values):
        if index > 0:
            printer.parts.append(" ")
        printer.print_arg(value, "v")
    printer.parts.append("\n")
    return "".join(printer.parts)


def sprintf(format: str, *values: Any) -> str:
    """Return Go's ``fmt.Sprintf(format, values...)``."""
    printer = _Printer()
    printer.print_format(format, values)
    return "".join(printer.parts)


class _Printer:
    """The state of one fmt call: the output parts and the flags of the verb being printed."""

    __slots__ = ("parts", "wid", "prec", "wid_present", "prec_present", "minus", "plus", "sharp", "space",
                 "zero", "plus_v", "sharp_v", "erroring", "panicking", "reordered", "good_arg_num")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.clear_flags()
        self.erroring = False
        self.panicking = False
        self.reordered = False
        self.good_arg_num = True

    def clear_flags(self) -> None:
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False

    # -- padding ---------------------------------------------------------------------------

    def write_padding(self, count: int) -> None:
        if count > 0:
            self.parts.append(("0" if self.zero and not self.minus else " ") * count)

    def pad(self, text: str) -> None:
        """Append ``text`` padded to the width (runes are counted: one per character here)."""
        if not self.wid_present or self.wid == 0:
            self.parts.append(text)
            return
        width = self.wid - len(text)
        if self.minus:
            self.parts.append(text)
            self.write_padding(width)
        else:
            self.write_padding(width)
            self.parts.append(text)

    def pad_without_zeros(self, text: str) -> None:
        saved = self.zero
        self.zero = False
        self.pad(text)
        self.zero = saved

    # -- basic formatters (Go's fmt type in format.go) ------------------------------------------

    def fmt_integer(self, value: int, base: int, verb: str, upper: bool = False) -> None:
        """Format a signed or unsigned integer; ``value`` is its mathematical value."""
        negative = value < 0
        magnitude = -value if negative else value

        precision = 0
        if self.prec_present:
            precision = self.prec
            if precision == 0 and magnitude == 0:
                saved = self.zero
                self.zero = False
                self.write_padding(self.wid)
                self.zero = saved
                return
        elif self.zero and not self.minus and self.wid_present:
            precision = self.wid
            if negative or self.plus or self.space:
                precision -= 1  # leave room for the sign

        digits = _integer_digits(magnitude, base, upper).rjust(precision, "0")
        if self.sharp:
            if base == 2:
                digits = "0b" + digits
            elif base == 8 and digits[0] != "0":
                digits = "0" + digits
            elif base == 16:
                digits = ("0X" if upper else "0x") + digits
        if verb == "O":
            digits = "0o" + digits
        if negative:
            digits = "-" + digits
        elif self.plus:
            digits = "+" + digits
        elif self.space:
            digits = " " + digits
        self.pad_without_zeros(digits)

    def fmt_unicode(self, value: int) -> None:
        precision = self.prec if self.prec_present and self.prec > 4 else 4
        text = "U+" + f"{value:X}".rjust(precision, "0")
        if self.sharp and value <= MAX_RUNE and is_print(value):
            text += " '" + chr(value) + "'"
        self.pad_without_zeros(text)

    def fmt_char(self, value: int) -> None:
        rune = value if value <= MAX_RUNE and not 0xD800 <= value <= 0xDFFF else RUNE_ERROR
        self.pad(chr(rune))

    def fmt_quoted_char(self, value: int) -> None:
        rune = value if value <= MAX_RUNE else RUNE_ERROR
        self.pad(quote_rune(rune, ascii_only=self.plus))

    def truncate(self, text: str) -> str:
        if self.prec_present:
            return text[: self.prec]
        return text

    def fmt_s(self, text: str) -> None:
        self.pad(self.truncate(text))

    def fmt_hex_bytes(self, data: bytes, upper: bool) -> None:
        """Format bytes as hexadecimal (``%x``), with ``#`` for 0x and space between bytes."""
        length = len(data)
        if self.prec_present and self.prec < length:
            length = self.prec
        width = 2 * length
        if width <= 0:
            if self.wid_present:
                self.write_padding(self.wid)
            return
        if self.space:
            if self.sharp:
                width *= 2
            width += length - 1
        elif self.sharp:
            width += 2

        if self.wid_present and self.wid > width and not self.minus:
            self.write_padding(self.wid - width)
        prefix = "0X" if upper else "0x"
        digits = data[:length].hex()
        if upper:
            digits = digits.upper()
        if self.space:
            separator = " " + prefix if self.sharp else " "
            pairs = [digits[i : i + 2] for i in range(0, len(digits), 2)]
            text = separator.join(pairs)
        else:
            text = digits
        self.parts.append(prefix + text if self.sharp else text)
        if self.wid_present and self.wid > width and self.minus:
            self.write_padding(self.wid - width)

    def fmt_q(self, text: str) -> None:
        text = self.truncate(text)
        if self.sharp and can_backquote(text):
            self.pad("`" + text + "`")
            return
        self.pad(quote(text, '"', ascii_only=self.plus))

    def fmt_boolean(self, value: bool) -> None:
        self.pad("true" if value else "false")

    def fmt_float(self, value: float, size: int, verb: str, precision: int) -> None:
        if self.prec_present:
            precision = self.prec
        number = format_float(value, verb, precision, size)
        if number[0] not in "+-":
            number = "+" + number
        if self.space and number[0] == "+" and not self.plus:
            number = " " + number[1:]

        # Infinities and NaN are not numbers: no zero padding, and no sign on NaN unless asked for.
        if number[1] in "IN":
            if number[1] == "N" and not self.space and not self.plus:
                number = number[1:]
            self.pad_without_zeros(number)
            return

        if self.sharp and verb != "b":
            number = _keep_float_point(number, verb, precision)

        if self.plus or number[0] != "+":
            if self.zero and not self.minus and self.wid_present and self.wid > len(number):
                self.parts.append(number[0])
                self.write_padding(self.wid - len(number))
                self.parts.append(number[1:])
                return
            self.pad(number)
            return
        self.pad(number[1:])

    # -- printing by type (Go's pp type in print.go) -------------------------------------------

    def bad_verb(self, verb: str, value: Any) -> None:
        self.erroring = True
        self.parts.append("%!" + verb + "(")
        if value is None:
            self.parts.append(_NIL)
        else:
            self.parts.append(gt.go_type_name(value) + "=")
            self.print_arg(value, "v")
        self.parts.append(")")
        self.erroring = False

    def fmt_bool(self, value: bool, verb: str) -> None:
        if verb in ("t", "v"):
            self.fmt_boolean(value)
        else:
            self.bad_verb(verb, value)

    def fmt_0x64(self, value: int, leading_0x: bool) -> None:
        saved = self.sharp
        self.sharp = leading_0x
        self.fmt_integer(value, 16, "v")
        self.sharp = saved

    def print_integer(self, value: int, signed: bool, verb: str, original: Any) -> None:
        if verb == "v":
            if self.sharp_v and not signed:
                self.fmt_0x64(value, True)
            else:
                self.fmt_integer(value, 10, verb)
        elif verb == "d":
            self.fmt_integer(value, 10, verb)
        elif verb == "b":
            self.fmt_integer(value, 2, verb)
        elif verb in ("o", "O"):
            self.fmt_integer(value, 8, verb)
        elif verb in ("x", "X"):
            self.fmt_integer(value, 16, verb, upper=verb == "X")
        elif verb == "c":
            self.fmt_char(value & _UINT64_MASK)
        elif verb == "q":
            self.fmt_quoted_char(value & _UINT64_MASK)
        elif verb == "U":
            self.fmt_unicode(value & _UINT64_MASK)
        else:
            self.bad_verb(verb, original)

    def print_float(self, value: float, size: int, verb: str, original: Any) -> None:
        if verb == "v" and size == 64 and not (self.wid_present or self.prec_present or self.plus or self.space):
            fast = _plain_float_v(value)
            if fast is not None:
                self.parts.append(fast)
                return
        spec = _FLOAT_VERBS.get(verb)
        if spec is None:
            self.bad_verb(verb, original)
            return
        self.fmt_float(value, size, spec[0], spec[1])

    def print_complex(self, value: complex, size: int, verb: str, original: Any) -> None:
        if verb not in _FLOAT_VERBS:
            self.bad_verb(verb, original)
            return
        saved_plus = self.plus
        self.parts.append("(")
        self.print_float(value.real, size // 2, verb, original)
        self.plus = True  # the imaginary part always has a sign
        self.print_float(value.imag, size // 2, verb, original)
        self.parts.append("i)")
        self.plus = saved_plus

    def print_string(self, value: str, verb: str, original: Any) -> None:
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(value)
            else:
                self.fmt_s(value)
        elif verb == "s":
            self.fmt_s(value)
        elif verb in ("x", "X"):
            self.fmt_hex_bytes(gt.string_bytes(value), verb == "X")
        elif verb == "q":
            self.fmt_q(value)
        else:
            self.bad_verb(verb, original)

    def print_bytes(self, value: bytes, verb: str, type_name: str) -> None:
        if verb in ("v", "d"):
            if self.sharp_v:
                self.parts.append(type_name + "{")
                for index, byte in enumerate(value):
                    if index > 0:
                        self.parts.append(", ")
                    self.fmt_0x64(byte, True)
                self.parts.append("}")
            else:
                self.parts.append("[")
                for index, byte in enumerate(value):
                    if index > 0:
                        self.parts.append(" ")
                    self.fmt_integer(byte, 10, verb)
                self.parts.append("]")
        elif verb == "s":
            self.fmt_s(gt.string_from_bytes(value))
        elif verb in ("x", "X"):
            self.fmt_hex_bytes(value, verb == "X")
        elif verb == "q":
            self.fmt_q(gt.string_from_bytes(value))
        else:
            self.print_value(value, verb, 0)

    def print_pointer(self, value: Any, verb: str) -> None:
        if gt.go_kind(value) not in _POINTER_KINDS:
            self.bad_verb(verb, value)
            return
        address = _address(value)
        if verb == "v":
            if self.sharp_v:
                self.parts.append("(" + gt.go_type_name(value) + ")(")
                if address == 0:
                    self.parts.append("nil")
                else:
                    self.fmt_0x64(address, True)
                self.parts.append(")")
            elif address == 0:
                self.pad(_NIL)
            else:
                self.fmt_0x64(address, not self.sharp)
        elif verb == "p":
            self.fmt_0x64(address, not self.sharp)
        elif verb in ("b", "o", "d", "x", "X"):
            self.print_integer(address, False, verb, value)
        else:
            self.bad_verb(verb, value)

    def print_arg(self, value: Any, verb: str) -> None:
        """Print one operand (Go's ``printArg``)."""
        if value is None:
            if verb in ("T", "v"):
                self.pad(_NIL)
            else:
                self.bad_verb(verb, None)
            return
        if verb == "T":
            self.fmt_s(gt.go_type_name(value))
            return
        if verb == "p":
            self.print_pointer(value, "p")
            return

        kind = type(value)
        if kind is str:
            self.print_string(value, verb, value)
        elif kind is int:
            self.print_integer(value, True, verb, value)
        elif kind is float:
            self.print_float(value, 64, verb, value)
        elif kind is bool:
            self.fmt_bool(value, verb)
        elif kind is bytes:
            self.print_bytes(value, verb, "[]byte")
        elif kind in _SIZED_INTS:
            self.print_integer(int(value), not kind.go_type.name.startswith("u"), verb, value)
        elif kind is gt.Float32:
            self.print_float(value, 32, verb, value)
        elif kind is complex:
            self.print_complex(value, 128, verb, value)
        elif kind is gt.Complex64:
            self.print_complex(value, 64, verb, value)
        elif not self.handle_methods(value, verb, True):
            self.print_value(value, verb, 0)

    def handle_methods(self, value: Any, verb: str, exported: bool) -> bool:
        """Print through the value's Error, String or GoString method when fmt would call one."""
        if self.erroring or not exported:
            return False
        if verb == "w":
            # Sprintf accepts %w only in fmt.Errorf.
            self.bad_verb(verb, value)
            return True
        if not isinstance(value, gt.GoValue):
            return False
        if self.sharp_v:
            if isinstance(value, gt.GoTime):
                self.fmt_s(_time_go_string(value))
                return True
            return False
        if verb not in _STRINGER_VERBS:
            return False
        if isinstance(value, gt.GoPointer) and value.is_nil:
            return self.print_nil_receiver(value)
        for name in ("Error", "String"):
            found = gt.find_method(value, name)
            if found is not None:
                self.call_string_method(found[0], name, value, verb)
                return True
        return False

    def print_nil_receiver(self, value: gt.GoPointer) -> bool:
        # NOTE: Go calls the method on the nil pointer; a value-receiver method panics and fmt
        # prints <nil>. A pointer-receiver method that copes with nil receivers would differ.
        methods = getattr(value.go_type.elem.python_class, "go_methods", {})
        if "Error" in methods or "String" in methods:
            self.parts.append(_NIL)
            return True
        return False

    def call_string_method(self, method: Any, name: str, value: Any, verb: str) -> None:
        try:
            text = method()
        except gt.GoError as error:
            self.print_panic(error, name, verb)
            return
        self.print_string(text, verb, value)

    def print_panic(self, error: gt.GoError, method: str, verb: str) -> None:
        """Print a panic in a String or Error method the way fmt's catchPanic does."""
        saved = (self.wid, self.prec, self.wid_present, self.prec_present, self.minus, self.plus,
                 self.sharp, self.space, self.zero, self.plus_v, self.sharp_v)
        self.clear_flags()
        self.parts.append("%!" + verb + "(PANIC=" + method + " method: ")
        self.panicking = True
        self.print_arg(str(error), "v")
        self.panicking = False
        self.parts.append(")")
        (self.wid, self.prec, self.wid_present, self.prec_present, self.minus, self.plus,
         self.sharp, self.space, self.zero, self.plus_v, self.sharp_v) = saved

    def print_value(self, value: Any, verb: str, depth: int, exported: bool = True) -> None:
        """Print a value found inside another (Go's ``printValue``); depth 0 is an operand."""
        if depth > 0 and value is not None and self.handle_methods(value, verb, exported):
            return
        if value is None:
            if depth == 0:
                self.parts.append("<invalid reflect.Value>")
            elif verb == "v":
                self.parts.append(_NIL)
            else:
                self.bad_verb(verb, None)
            return

        kind = gt.go_kind(value)
        if kind == gt.BOOL:
            self.fmt_bool(value, verb)
        elif kind in gt.INT_KINDS:
            self.print_integer(int(value), kind in gt.SIGNED_KINDS, verb, value)
        elif kind in gt.FLOAT_KINDS:
            self.print_float(value, 32 if kind == "float32" else 64, verb, value)
        elif kind in gt.COMPLEX_KINDS:
            self.print_complex(value, 64 if kind == "complex64" else 128, verb, value)
        elif kind == gt.STRING:
            self.print_string(value, verb, value)
        elif kind == gt.MAP:
            self.print_map(value, verb, depth, exported)
        elif kind == gt.STRUCT:
            self.print_struct(value, verb, depth, exported)
        elif kind == gt.SLICE:
            self.print_slice(value, verb, depth, exported)
        elif kind == gt.POINTER:
            self.print_pointer_value(value, verb, depth, exported)
        elif kind == gt.FUNC:
            self.print_pointer(value, verb)
        else:
            self.parts.append("?" + gt.go_type_name(value) + "?")

    def print_element(self, value: Any, static_type: gt.GoType, verb: str, depth: int, exported: bool) -> None:
        """Print a container's element: a nil interface prints <nil> whatever the verb."""
        if static_type.kind == gt.INTERFACE:
            if value is None:
                self.parts.append(static_type.name + "(nil)" if self.sharp_v else _NIL)
                return
            depth += 1
        self.print_value(value, verb, depth, exported)

    def print_map(self, value: Mapping[Any, Any], verb: str, depth: int, exported: bool) -> None:
        map_type = gt.go_type(value)
        if self.sharp_v:
            self.parts.append(map_type.name)
            if getattr(value, "is_nil", False):
                self.parts.append("(nil)")
                return
            self.parts.append("{")
        else:
            self.parts.append("map[")
        for index, key in enumerate(_sorted_keys(value, map_type.key)):
            if index > 0:
                self.parts.append(", " if self.sharp_v else " ")
            self.print_element(key, map_type.key, verb, depth + 1, exported)
            self.parts.append(":")
            self.print_element(value[key], map_type.elem, verb, depth + 1, exported)
        self.parts.append("}" if self.sharp_v else "]")

    def print_struct(self, value: Any, verb: str, depth: int, exported: bool) -> None:
        if not isinstance(value, gt.GoStruct):
            # NOTE: a time.Time reached without its String method (in an unexported field, or
            # inside a bad-verb message) prints Go's internal fields; this prints String() instead.
            self.print_string(value.go_string(), verb, value)
            return
        if self.sharp_v:
            self.parts.append(value.go_type_name)
        self.parts.append("{")
        field_types = value._resolve_field_types()
        for index, (name, field_type) in enumerate(field_types.items()):
            if index > 0:
                self.parts.append(", " if self.sharp_v else " ")
            if self.plus_v or self.sharp_v:
                self.parts.append(name + ":")
            field_exported = exported and name[:1].isupper()
            field_value = getattr(value, name)
            if field_type.kind == gt.INTERFACE and field_value is not None:
                self.print_value(field_value, verb, depth + 1, field_exported)
            else:
                self.print_element(field_value, field_type, verb, depth + 1, field_exported)
        self.parts.append("}")

    def print_slice(self, value: Any, verb: str, depth: int, exported: bool) -> None:
        slice_type = gt.go_type(value)
        if verb in ("s", "q", "x", "X") and slice_type.elem.kind == "uint8":
            self.print_bytes(bytes(value), verb, slice_type.name)
            return
        if self.sharp_v:
            self.parts.append(slice_type.name)
            if getattr(value, "is_nil", False):
                self.parts.append("(nil)")
                return
            self.parts.append("{")
        else:
            self.parts.append("[")
        elem_type = slice_type.elem
        for index, item in enumerate(value):
            if index > 0:
                self.parts.append(", " if self.sharp_v else " ")
            if type(value) is bytes:
                item = gt.Uint8(item)
            self.print_element(item, elem_type, verb, depth + 1, exported)
        self.parts.append("}" if self.sharp_v else "]")

    def print_pointer_value(self, value: gt.GoPointer, verb: str, depth: int, exported: bool) -> None:
        # A pointer to a container or struct prints as &{...} only as an operand, not nested.
        if depth == 0 and not value.is_nil:
            target_kind = gt.go_kind(value.target)
            if target_kind in (gt.ARRAY, gt.SLICE, gt.STRUCT, gt.MAP):
                self.parts.append("&")
                self.print_value(value.target, verb, depth + 1, exported)
                return
        self.print_pointer(value, verb)

    # -- format strings (Go's doPrintf) ----------------------------------------------------------

    def print_format(self, format: str, values: tuple[Any, ...]) -> None:
        end = len(format)
        arg_num = 0
        after_index = False
        self.reordered = False
        i = 0
        while i < end:
            self.good_arg_num = True
            start = i
            i = format.find("%", i)
            if i < 0:
                i = end
            if i > start:
                self.parts.append(format[start:i])
            if i >= end:
                break
            i += 1

            self.clear_flags()
            i = self.parse_flags(format, i)
            arg_num, i, after_index = self.arg_number(arg_num, format, i, len(values))
            arg_num, i, after_index = self.parse_width(format, i, values, arg_num, after_index)
            arg_num, i, after_index = self.parse_precision(format, i, values, arg_num, after_index)
            if not after_index:
                arg_num, i, after_index = self.arg_number(arg_num, format, i, len(values))

            if i >= end:
                self.parts.append("%!(NOVERB)")
                break
            verb = format[i]
            i += 1
            if is_escaped_byte(verb):
                verb = chr(RUNE_ERROR)
            arg_num = self.print_verb(verb, values, arg_num)

        if not self.reordered and arg_num < len(values):
            self.print_extra(values[arg_num:])

    def parse_flags(self, format: str, i: int) -> int:
        while i < len(format):
            char = format[i]
            if char == "#":
                self.sharp = True
            elif char == "0":
                self.zero = True
            elif char == "+":
                self.plus = True
            elif char == "-":
                self.minus = True
            elif char == " ":
                self.space = True
            else:
                break
            i += 1
        return i

    def parse_width(self, format: str, i: int, values: tuple[Any, ...], arg_num: int,
                    after_index: bool) -> tuple[int, int, bool]:
        if i < len(format) and format[i] == "*":
            i += 1
            self.wid, self.wid_present, arg_num = _int_from_arg(values, arg_num)
            if not self.wid_present:
                self.parts.append("%!(BADWIDTH)")
            if self.wid < 0:
                # A negative width from an argument means left alignment.
                self.wid = -self.wid
                self.minus = True
                self.zero = False
            return arg_num, i, False
        self.wid, self.wid_present, i = _parse_number(format, i, len(format))
        if after_index and self.wid_present:  # "%[3]2d"
            self.good_arg_num = False
        return arg_num, i, after_index

    def parse_precision(self, format: str, i: int, values: tuple[Any, ...], arg_num: int,
                        after_index: bool) -> tuple[int, int, bool]:
        if not (i + 1 < len(format) and format[i] == "."):
            return arg_num, i, after_index
        i += 1
        if after_index:  # "%[3].2d"
            self.good_arg_num = False
        arg_num, i, after_index = self.arg_number(arg_num, format, i, len(values))
        if i < len(format) and format[i] == "*":
            i += 1
            self.prec, self.prec_present, arg_num = _int_from_arg(values, arg_num)
            if self.prec < 0:
                self.prec = 0
                self.prec_present = False
            if not self.prec_present:
                self.parts.append("%!(BADPREC)")
            return arg_num, i, False
        self.prec, self.prec_present, i = _parse_number(format, i, len(format))
        if not self.prec_present:
            self.prec = 0
            self.prec_present = True
        return arg_num, i, after_index

    def arg_number(self, arg_num: int, format: str, i: int, count: int) -> tuple[int, int, bool]:
        """Read an explicit argument index ``[n]`` at ``i``, if there is one."""
        if i >= len(format) or format[i] != "[":
            return arg_num, i, False
        self.reordered = True
        index, consumed, ok = _parse_arg_index(format, i)
        if ok and 0 <= index < count:
            return index, i + consumed, True
        self.good_arg_num = False
        return arg_num, i + consumed, ok

    def print_verb(self, verb: str, values: tuple[Any, ...], arg_num: int) -> int:
        if verb == "%":
            self.parts.append("%")  # %% takes no operand and ignores width and precision
            return arg_num
        if not self.good_arg_num:
            self.parts.append("%!" + verb + "(BADINDEX)")
            return arg_num
        if arg_num >= len(values):
            self.parts.append("%!" + verb + "(MISSING)")
            return arg_num
        if verb in ("v", "w"):
            self.sharp_v, self.sharp = self.sharp, False
            self.plus_v, self.plus = self.plus, False
        self.print_arg(values[arg_num], verb)
        return arg_num + 1

    def print_extra(self, extra: tuple[Any, ...]) -> None:
        self.clear_flags()
        self.parts.append("%!(EXTRA ")
        for index, value in enumerate(extra):
            if index > 0:
                self.parts.append(", ")
            if value is None:
                self.parts.append(_NIL)
            else:
                self.parts.append(gt.go_type_name(value) + "=")
                self.print_arg(value, "v")
        self.parts.append(")")


def _plain_float_v(value: float) -> str | None:
    """Return %v of a float64 between 1e-4 and 1e6 (where Go prints no exponent) from repr, else None."""
    magnitude = value if value >= 0 else -value
    if not (1e-4 <= magnitude < 1e6 or value == 0):
        return None
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def _integer_digits(magnitude: int, base: int, upper: bool) -> str:
    if base == 10:
        return str(magnitude)
    if base == 16:
        return f"{magnitude:X}" if upper else f"{magnitude:x}"
    if base == 8:
        return f"{magnitude:o}"
    return f"{magnitude:b}"


def _keep_float_point(number: str, verb: str, precision: int) -> str:
    """Apply ``#`` to a formatted float: always a decimal point, and %g keeps its trailing zeros."""
    digits = 0
    if verb in ("v", "g", "G", "x"):
        digits = 6 if precision == -1 else precision

    tail = ""
    has_point = False
    seen_nonzero = False
    i = 1
    while i < len(number):
        char = number[i]
        if char == ".":
            has_point = True
        elif char in "pP" or (char in "eE" and verb not in ("x", "X")):
            tail = number[i:]
            number = number[:i]
            break
        else:
            if char != "0":
                seen_nonzero = True
            if seen_nonzero:
                digits -= 1
        i += 1

    if not has_point:
        if len(number) == 2 and number[1] == "0":
            digits -= 1  # a lone zero digit counts once
        number += "."
    if digits > 0:
        number += "0" * digits
    return number + tail


def _parse_number(text: str, start: int, end: int) -> tuple[int, bool, int]:
    """Read decimal digits at ``start``: (number, found, next index); a huge number consumes the rest."""
    number = 0
    found = False
    i = start
    while i < end and "0" <= text[i] <= "9":
        if number > _MAX_WIDTH:
            return 0, False, end
        number = number * 10 + ord(text[i]) - 48
        found = True
        i += 1
    return number, found, i


def _parse_arg_index(format: str, start: int) -> tuple[int, int, bool]:
    """Read ``[n]`` at ``start``: (zero-based index, characters consumed, valid)."""
    if len(format) - start < 3:
        return 0, 1, False
    close = format.find("]", start + 1)
    if close < 0:
        return 0, 1, False
    number, found, after = _parse_number(format, start + 1, close)
    if not found or after != close:
        return 0, close - start + 1, False
    return number - 1, close - start + 1, True


def _int_from_arg(values: tuple[Any, ...], arg_num: int) -> tuple[int, bool, int]:
    """Take a ``*`` width or precision from the operands: (number, is an int, next operand)."""
    if arg_num >= len(values):
        return 0, False, arg_num
    value = values[arg_num]
    number, is_int = 0, False
    if isinstance(value, int) and not isinstance(value, bool):
        kind = gt.go_kind(value)
        if kind in gt.SIGNED_KINDS or (kind in gt.UNSIGNED_KINDS and int(value) <= _INT64_MAX):
            number, is_int = int(value), True
    if number > _MAX_WIDTH or number < -_MAX_WIDTH:
        number, is_int = 0, False
    return number, is_int, arg_num + 1


def _address(value: Any) -> int:
    """Return a stand-in for the address Go prints for a pointer, map, slice or func (0 when nil).

    NOTE: Go prints real memory addresses, which no other process can reproduce.
    """
    if gt.is_nil(value):
        return 0
    return 0xC000000000 + (id(value) & 0xFFFFFFF) * 8


def _sorted_keys(value: Mapping[Any, Any], key_type: gt.GoType) -> list[Any]:
    """Return the map's keys in ``internal/fmtsort`` order."""
    keys = list(value)
    if len(keys) < 2:
        return keys
    if all(type(key) is str for key in keys):
        if all(key.isascii() for key in keys):
            return sorted(keys)
        return sorted(keys, key=gt.string_bytes)
    return sorted(keys, key=_sort_key)


def _sort_key(value: Any) -> tuple[Any, ...]:
    """Return a key that orders values as ``internal/fmtsort.compare`` does for one key type.

    NOTE: for keys of different dynamic types (map[interface {}]…) Go orders by the address
    of the type descriptor; this orders by type name instead, and nil first as Go does.
    """
    if value is None:
        return (0,)
    kind = gt.go_kind(value)
    if kind == gt.STRING:
        return (1, gt.go_type_name(value), gt.string_bytes(value))
    if kind in gt.INT_KINDS:
        return (1, gt.go_type_name(value), int(value))
    if kind in gt.FLOAT_KINDS:
        number = float(value)
        # NaN sorts before every other number, as cmp.Compare orders it.
        return (1, gt.go_type_name(value), (0, 0.0) if number != number else (1, number))
    if kind in gt.COMPLEX_KINDS:
        return (1, gt.go_type_name(value), _float_order(value.real), _float_order(value.imag))
    if kind == gt.BOOL:
        return (1, gt.go_type_name(value), bool(value))
    if kind == gt.STRUCT and isinstance(value, gt.GoStruct):
        fields = tuple(_sort_key(getattr(value, name)) for name in value.go_fields)
        return (1, gt.go_type_name(value), fields)
    return (1, gt.go_type_name(value), _address(value))


def _float_order(number: float) -> tuple[int, float]:
    return (0, 0.0) if number != number else (1, number)


def _time_go_string(value: gt.GoTime) -> str:
    """Return Go's ``Time.GoString``: ``time.Date(2009, time.November, 10, 23, 0, 0, 0, time.UTC)``."""
    moment = value.moment
    tzinfo = moment.tzinfo
    key = getattr(tzinfo, "key", None)
    if value.zone_name == "UTC" and moment.utcoffset().total_seconds() == 0 and key in (None, "UTC"):
        location = "time.UTC"
    else:
        location = "time.Location(" + quote(key or "") + ")"
    return (f"time.Date({moment.year}, time.{_MONTHS[moment.month - 1]}, {moment.day}, {moment.hour}, "
            f"{moment.minute}, {moment.second}, {value.nanosecond}, {location})")
