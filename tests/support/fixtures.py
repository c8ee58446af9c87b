"""The oracle's fixture types and functions (tests/oracle/fixtures.go) in kubeship's value model.

Each class has the Go type's name, fields in declaration order and methods with the same
receivers, so a template sees the same thing in both engines. ``FIXTURE_FUNCS`` holds the
oracle's named fixture functions; the oracle client sends a ``GoFunc`` from it by name.
"""

from __future__ import annotations

from kubeship.gotemplate.gotypes import (
    GoError,
    GoFunc,
    GoInt,
    GoStruct,
    GoType,
    INT_TYPE,
    go_method,
    register_type,
)


class Coord(GoStruct):
    go_type_name = "main.Coord"
    go_fields = {"X": "int", "Y": "int"}


class Color(GoInt):
    """``type Color int`` with a String method on the value receiver."""

    __slots__ = ()
    go_type = register_type(GoType("main.Color", "int", named=True, underlying=INT_TYPE))

    @go_method("func() string", name="String")
    def go_string(self) -> str:
        names = {0: "red", 1: "green", 2: "blue"}
        return names.get(int(self), f"color-{int(self)}")


Color.go_type.python_class = Color


class Counter(GoStruct):
    """A struct whose String method has a pointer receiver only."""

    go_type_name = "main.Counter"
    go_fields = {"N": "int"}

    @go_method("func() string", name="String", pointer=True)
    def go_string(self) -> str:
        return f"counter={self.N}"


class Failure(GoStruct):
    """An error type with a value receiver."""

    go_type_name = "main.Failure"
    go_fields = {"Code": "int", "Reason": "string"}

    @go_method("func() string", name="Error")
    def go_error(self) -> str:
        return f"failure {self.Code}: {self.Reason}"


class Secretive(GoStruct):
    go_type_name = "main.Secretive"
    go_fields = {"Shown": "string", "hidden": "int"}


class Record(GoStruct):
    """A struct with every kind of field and methods on both receivers."""

    go_type_name = "main.Record"
    go_fields = {
        "Name": "string",
        "Count": "int",
        "Ratio": "float64",
        "Enabled": "bool",
        "Tags": "[]string",
        "Labels": "map[string]string",
        "Extra": "map[string]interface {}",
        "Items": "[]interface {}",
        "Origin": "main.Coord",
        "Next": "*main.Record",
        "Nick": "*string",
        "Any": "interface {}",
        "Shade": "main.Color",
        "Err": "error",
        "Format": "func(string) string",
        "Data": "[]uint8",
    }

    @go_method("func() string", name="Greeting")
    def greeting(self) -> str:
        return "hello, " + self.Name

    @go_method("func(int) int", name="Scaled")
    def scaled(self, factor: int) -> int:
        return self.Count * factor

    @go_method("func(string, ...string) string", name="Join")
    def join(self, sep: str, *parts: str) -> str:
        return self.Name + sep + sep.join(parts)

    @go_method("func(string) (string, error)", name="Label")
    def label(self, key: str) -> str:
        if key in self.Labels:
            return self.Labels[key]
        raise GoError(f'no label "{key}"')

    @go_method("func() string", name="Explode")
    def explode(self) -> str:
        raise GoError("record exploded")

    @go_method("func() string", name="Describe", pointer=True)
    def describe(self) -> str:
        return f"{self.Name}#{self.Count}"

    @go_method("func() *main.Record", name="Successor", pointer=True)
    def successor(self) -> object:
        return self.Next


def _fail() -> str:
    raise GoError("fail was called")


FIXTURE_FUNCS: dict[str, GoFunc] = {
    "upper": GoFunc(str.upper, "func(string) string"),
    "add": GoFunc(lambda a, b: a + b, "func(int, int) int"),
    "fail": GoFunc(_fail, "func() (string, error)"),
    "concat": GoFunc(lambda first, *rest: first + "".join(rest), "func(string, ...string) string"),
    "pair": GoFunc(lambda s, n: f"{s}={n}", "func(string, int) (string, error)"),
    "nilerr": GoFunc(lambda: None, "func() error"),
}

FIXTURE_TYPES = (Coord, Color, Counter, Failure, Secretive, Record)
