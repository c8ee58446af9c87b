"""Sprig's arithmetic: int64 functions that truncate (``add``, ``div`` …), float functions, and
decimal arithmetic in ``addf``/``subf``/``mulf``/``divf`` as shopspring/decimal computes it.

Integer results wrap around on overflow as Go's int64 does; ``div`` and ``mod``
truncate toward zero and dividing by zero is Go's runtime panic. The ``*f``
functions turn each operand into the shortest decimal that reads back as the
same float64, compute exactly (``divf`` rounds the quotient half away from zero
at 16 decimal places) and return the nearest float64.
"""

from __future__ import annotations

import decimal
import math
import random
from collections.abc import Callable
from typing import Any

from kubeship.gotemplate.functions.cast import to_float64, to_int, to_int64
from kubeship.gotemplate.functions.panics import runtime_error
from kubeship.gotemplate.gotypes import GoError, GoSlice, Int64, go_func, wrap_int

# shopspring/decimal's DivisionPrecision.
DIVISION_PRECISION = 16
_DECIMAL_CONTEXT = decimal.Context(prec=2000, rounding=decimal.ROUND_HALF_EVEN)


def _int64(value: int) -> Int64:
    return Int64(wrap_int(value, 64, True))


def go_div(left: int, right: int) -> int:
    """Divide as Go's integer ``/``: truncated toward zero; zero divisor is a runtime panic."""
    if right == 0:
        raise runtime_error("integer divide by zero")
    quotient = abs(left) // abs(right)
    return quotient if (left < 0) == (right < 0) else -quotient


def go_mod(left: int, right: int) -> int:
    """Take Go's ``%``: the remainder has the sign of the dividend."""
    if right == 0:
        raise runtime_error("integer divide by zero")
    return left - go_div(left, right) * right


def arithmetic_functions(to_int64: Callable[[Any], int], to_float64: Callable[[Any], float]) -> dict[str, Any]:
    """Return Sprig's integer and rounding functions built on the given conversions (they differ in Sprig v2)."""

    @go_func("func(...interface {}) int64")
    def add(*values: Any) -> Int64:
        return _int64(sum(to_int64(value) for value in values))

    @go_func("func(any) int64")
    def add1(value: Any) -> Int64:
        return _int64(to_int64(value) + 1)

    @go_func("func(any, any) int64")
    def sub(left: Any, right: Any) -> Int64:
        return _int64(to_int64(left) - to_int64(right))

    @go_func("func(any, any) int64")
    def div(left: Any, right: Any) -> Int64:
        return _int64(go_div(to_int64(left), to_int64(right)))

    @go_func("func(any, any) int64")
    def mod(left: Any, right: Any) -> Int64:
        return _int64(go_mod(to_int64(left), to_int64(right)))

    @go_func("func(any, ...interface {}) int64")
    def mul(first: Any, *values: Any) -> Int64:
        product = to_int64(first)
        for value in values:
            product = wrap_int(product * to_int64(value), 64, True)
        return _int64(product)

    @go_func("func(any, ...interface {}) int64")
    def max_(first: Any, *values: Any) -> Int64:
        return _int64(max([to_int64(first), *(to_int64(value) for value in values)]))

    @go_func("func(any, ...interface {}) int64")
    def min_(first: Any, *values: Any) -> Int64:
        return _int64(min([to_int64(first), *(to_int64(value) for value in values)]))

    @go_func("func(any) float64")
    def floor(value: Any) -> float:
        number = to_float64(value)
        return number if math.isinf(number) or math.isnan(number) else float(math.floor(number))

    @go_func("func(any) float64")
    def ceil(value: Any) -> float:
        number = to_float64(value)
        return number if math.isinf(number) or math.isnan(number) else float(math.ceil(number))

    @go_func("func(any, int, ...float64) float64")
    def round_(value: Any, places: int, *round_on: float) -> float:
        return go_round(to_float64(value), places, round_on[0] if round_on else 0.5)

    return {"add": add, "add1": add1, "sub": sub, "div": div, "mod": mod, "mul": mul, "max": max_,
            "biggest": max_, "min": min_, "floor": floor, "ceil": ceil, "round": round_}


def go_max(left: float, right: float) -> float:
    """Return Go's ``math.Max``: NaN wins, and +0 beats -0."""
    if math.isinf(left) and left > 0 or math.isinf(right) and right > 0:
        return math.inf
    if math.isnan(left) or math.isnan(right):
        return math.nan
    if left == 0 and right == 0:
        return left if math.copysign(1, left) > 0 else right
    return left if left > right else right


def go_min(left: float, right: float) -> float:
    """Return Go's ``math.Min``: NaN wins, and -0 beats +0."""
    if math.isinf(left) and left < 0 or math.isinf(right) and right < 0:
        return -math.inf
    if math.isnan(left) or math.isnan(right):
        return math.nan
    if left == 0 and right == 0:
        return left if math.copysign(1, left) < 0 else right
    return left if left < right else right


@go_func("func(any, ...interface {}) float64")
def maxf(first: Any, *values: Any) -> float:
    result = to_float64(first)
    for value in values:
        result = go_max(result, to_float64(value))
    return result


@go_func("func(any, ...interface {}) float64")
def minf(first: Any, *values: Any) -> float:
    result = to_float64(first)
    for value in values:
        result = go_min(result, to_float64(value))
    return result


def go_pow10(exponent: int) -> float:
    """Return ``math.Pow(10, exponent)``; powers up to 1e22 and their inverses are exact in both languages."""
    if abs(exponent) <= 22:
        power = 10.0 ** abs(exponent)
        return power if exponent >= 0 else 1 / power
    return math.pow(10, exponent)


def go_round(number: float, places: int, threshold: float) -> float:
    """Round as Sprig's ``round``: scale by 10^places, round up when the fraction reaches ``threshold``."""
    power = go_pow10(places)
    digit = power * number
    if math.isinf(digit) or math.isnan(digit):
        return digit / power
    fraction = math.modf(digit)[0]
    rounded = math.ceil(digit) if fraction >= threshold else math.floor(digit)
    return float(rounded) / power


def to_decimal_value(value: float) -> decimal.Decimal:
    """Return shopspring/decimal's ``NewFromFloat``: the shortest decimal that reads back as ``value``."""
    if math.isnan(value) or math.isinf(value):
        from kubeship.gotemplate import gofmt

        raise GoError(f"Cannot create a Decimal from {gofmt.format_value(value)}")
    return decimal.Decimal(repr(value)) if value != 0 else decimal.Decimal(0)


def _decimal_operation(first: Any, rest: tuple[Any, ...], operation: str) -> float:
    result = to_decimal_value(to_float64(first))
    for value in rest:
        operand = to_decimal_value(to_float64(value))
        if operation == "add":
            result = _DECIMAL_CONTEXT.add(result, operand)
        elif operation == "sub":
            result = _DECIMAL_CONTEXT.subtract(result, operand)
        elif operation == "mul":
            result = _DECIMAL_CONTEXT.multiply(result, operand)
        else:
            result = _divide_round(result, operand)
    return float(result)


def _divide_round(dividend: decimal.Decimal, divisor: decimal.Decimal) -> decimal.Decimal:
    """Divide as ``Decimal.Div``: the quotient rounded half away from zero at 16 decimal places."""
    if divisor == 0:
        raise GoError("decimal division by 0")
    exact = _DECIMAL_CONTEXT.divide(dividend, divisor)
    step = decimal.Decimal(1).scaleb(-DIVISION_PRECISION)
    return exact.quantize(step, rounding=decimal.ROUND_HALF_UP, context=_DECIMAL_CONTEXT)


@go_func("func(...interface {}) float64")
def addf(*values: Any) -> float:
    return _decimal_operation(0.0, values, "add")


@go_func("func(any) float64")
def add1f(value: Any) -> float:
    return _decimal_operation(value, (1,), "add")


@go_func("func(any, ...interface {}) float64")
def subf(first: Any, *values: Any) -> float:
    return _decimal_operation(first, values, "sub")


@go_func("func(any, ...interface {}) float64")
def mulf(first: Any, *values: Any) -> float:
    return _decimal_operation(first, values, "mul")


@go_func("func(any, ...interface {}) float64")
def divf(first: Any, *values: Any) -> float:
    return _decimal_operation(first, values, "div")


@go_func("func(any) int")
def to_int_function(value: Any) -> int:
    return to_int(value)


@go_func("func(any) int64")
def to_int64_function(value: Any) -> Int64:
    return Int64(to_int64(value))


@go_func("func(any) float64")
def to_float64_function(value: Any) -> float:
    return to_float64(value)


@go_func("func(any) int64")
def to_decimal(value: Any) -> Int64:
    """Read the value's ``%v`` text as an octal number (Sprig's ``toDecimal``); 0 when it is not one."""
    from kubeship.gotemplate import gofmt
    from kubeship.gotemplate.functions.gostrconv import NumError, parse_int

    try:
        return Int64(parse_int(gofmt.sprint(value), 8))
    except NumError:
        return Int64(0)


def until_step(start: int, stop: int, step: int) -> list[int]:
    if stop < start:
        return list(range(start, stop, step)) if step < 0 else []
    return list(range(start, stop, step)) if step > 0 else []


@go_func("func(int) []int")
def until(count: int) -> GoSlice:
    return GoSlice(until_step(0, count, -1 if count < 0 else 1), "int")


@go_func("func(int, int, int) []int")
def until_step_function(start: int, stop: int, step: int) -> GoSlice:
    return GoSlice(until_step(start, stop, step), "int")


@go_func("func(...int) string")
def seq(*params: int) -> str:
    if len(params) == 1:
        start, end = 1, params[0]
        increment = -1 if end < start else 1
        return _join_ints(until_step(start, end + increment, increment))
    if len(params) == 2:
        start, end = params
        step = -1 if end < start else 1
        return _join_ints(until_step(start, end + step, step))
    if len(params) == 3:
        start, step, end = params
        increment = 1
        if end < start:
            increment = -1
            if step > 0:
                return ""
        return _join_ints(until_step(start, end + increment, step))
    return ""


def _join_ints(numbers: list[int]) -> str:
    return " ".join(str(number) for number in numbers)


@go_func("func(int, int) int")
def rand_int(minimum: int, maximum: int) -> int:
    if maximum - minimum <= 0:
        raise GoError("invalid argument to Intn")
    return random.randrange(maximum - minimum) + minimum


FUNCTIONS = {
    **arithmetic_functions(to_int64, to_float64),
    "maxf": maxf,
    "minf": minf,
    "addf": addf,
    "add1f": add1f,
    "subf": subf,
    "mulf": mulf,
    "divf": divf,
    "int": to_int_function,
    "int64": to_int64_function,
    "float64": to_float64_function,
    "toDecimal": to_decimal,
    "until": until,
    "untilStep": until_step_function,
    "seq": seq,
    "randInt": rand_int,
}
