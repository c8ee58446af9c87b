"""Unit tests of the Go value model: type names, truthiness, zero values, signatures."""

from __future__ import annotations

import datetime

import pytest

from kubeship.gotemplate import gotypes as g


class Point(g.GoStruct):
    go_type_name = "main.Point"
    go_fields = {"X": "int", "label": "string", "Next": "*main.Point"}

    @g.go_method("func() string")
    def Describe(self) -> str:
        return f"point {self.X}"

    @g.go_method("func(int) int", pointer=True)
    def Shift(self, by: int) -> int:
        return self.X + by


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (None, "<nil>"),
        (True, "bool"),
        (3, "int"),
        (g.Int64(3), "int64"),
        (g.Uint8(3), "uint8"),
        (1.5, "float64"),
        (g.Float32(1.5), "float32"),
        (1j, "complex128"),
        ("s", "string"),
        (b"s", "[]uint8"),
        ([1], "[]interface {}"),
        ({"a": 1}, "map[string]interface {}"),
        (g.GoSlice(["a"], "string"), "[]string"),
        (g.GoMap({"a": "b"}, "string", "string"), "map[string]string"),
        (g.GoMap({}, "interface {}", "interface {}"), "map[interface {}]interface {}"),
        (Point(), "main.Point"),
        (g.GoPointer(Point()), "*main.Point"),
        (g.GoDuration(5), "time.Duration"),
        (g.GoFunc(len, "func(string) int"), "func(string) int"),
    ],
)
def test_go_type_name_matches_percent_t(value, name):
    assert g.go_type_name(value) == name


def test_go_type_rejects_python_only_values():
    with pytest.raises(g.GoTypeError):
        g.go_type(object())


@pytest.mark.parametrize(
    ("value", "truth"),
    [
        (None, False), (0, False), (1, True), (0.0, False), (-0.5, True), ("", False), ("0", True),
        ("false", True), ([], False), ([0], True), ({}, False), (g.Uint(0), False), (0j, False),
        (Point(), True), (g.GoPointer(None, "main.Point"), False), (g.GoFunc(None, "func()"), False),
    ],
)
def test_is_true_follows_go_zero_values(value, truth):
    assert g.is_true(value) == (truth, True)


def test_is_true_reports_values_without_truth():
    assert g.is_true(object()) == (False, False)


def test_sized_ints_wrap_like_go_conversions():
    assert g.Int8(200) == -56
    assert g.Uint8(-1) == 255
    assert g.make_int(2**64 + 5, "int") == 5


def test_float32_rounds_to_single_precision():
    assert float(g.Float32(0.1)) == 0.10000000149011612


def test_zero_values():
    assert g.zero_value("interface {}") is None
    assert g.zero_value("string") == ""
    assert g.go_type_name(g.zero_value("int32")) == "int32"
    nil_slice = g.zero_value("[]string")
    assert nil_slice == []
    assert nil_slice.is_nil
    assert g.zero_value("map[string]int").is_nil
    assert g.zero_value("*main.Point").is_nil
    assert g.zero_value("main.Point").X == 0


@pytest.mark.parametrize(
    ("spelling", "fixed", "variadic", "error"),
    [
        ("func(string) string", 1, False, False),
        ("func(s string, n int) (string, error)", 2, False, True),
        ("func(string, ...interface {}) string", 1, True, False),
        ("func(...any) bool", 0, True, False),
        ("func(string, interface {}) (string, error)", 2, False, True),
        ("func(m map[string]interface {}, key string) bool", 2, False, False),
    ],
)
def test_signature_parses_go_spelling(spelling, fixed, variadic, error):
    sig = g.signature(spelling)
    assert sig.fixed_count == fixed
    assert sig.variadic is variadic
    assert sig.returns_error is error


def test_signature_names_are_go_spellings():
    assert g.signature("func(s string, xs ...any) (int, error)").go_type.name == (
        "func(string, ...interface {}) (int, error)"
    )


def test_signature_of_plain_callable_uses_empty_interfaces():
    sig = g.signature_of(lambda a, b, *rest: None)
    assert sig.go_type.name == "func(interface {}, interface {}, ...interface {}) interface {}"


def test_result_problem_matches_go_messages():
    assert g.signature("func() (int, int)").result_problem("f") == (
        "invalid function signature for f: second return value should be error; is int"
    )
    assert g.signature("func()").result_problem("f") == "function f has 0 return values; should be 1 or 2"


def test_unknown_type_name_is_rejected():
    with pytest.raises(g.GoTypeError, match="unknown type name"):
        g.parse_type("main.Missing")


def test_methods_follow_receiver_kind():
    point = Point(X=2)
    assert g.find_method(point, "Describe")[0]() == "point 2"
    assert g.find_method(point, "Shift") is None
    assert g.find_method(g.GoPointer(point), "Shift")[0](3) == 5


def test_assignability():
    assert g.value_assignable("x", g.STRING_TYPE)
    assert not g.value_assignable(3, g.STRING_TYPE)
    assert not g.value_assignable(g.Int64(3), g.INT_TYPE)
    assert g.value_assignable(g.GoDuration(3), g.STRINGER_TYPE)
    assert not g.value_assignable(g.GoDuration(3), g.INT64_TYPE)


@pytest.mark.parametrize(
    ("nanoseconds", "text"),
    [(0, "0s"), (1, "1ns"), (1500, "1.5µs"), (2_000_000, "2ms"), (90 * 10**9, "1m30s"),
     (3723_500_000_000, "1h2m3.5s"), (-1500, "-1.5µs")],
)
def test_duration_string(nanoseconds, text):
    assert g.format_duration(nanoseconds) == text


def test_time_string():
    moment = datetime.datetime(2024, 1, 2, 3, 4, 5, 120000, tzinfo=datetime.timezone.utc)
    assert g.format_time(g.GoTime(moment)) == "2024-01-02 03:04:05.12 +0000 UTC"


def test_strings_are_bytes():
    broken = g.string_from_bytes("é".encode()[:1])
    assert g.string_length("é") == 2
    assert g.string_bytes(broken) == b"\xc3"
