"""Values loading checked against the documented rules of yaml.v2, sigs.k8s.io/yaml and Helm's strvals.

The byte-for-byte comparison with Go lives in the oracle tests; these cases
pin the rules each module states in its docstring.
"""

from __future__ import annotations

import math

import pytest

from kubeship.errors import InputError
from kubeship.gotemplate.gotypes import Int64, Uint64, go_type_name
from kubeship.values import (
    GoYAMLError,
    ValueSources,
    ValuesError,
    coalesce_values,
    combine_values,
    load_go_yaml,
    load_go_yaml_documents,
    load_values_text,
    merge_values,
    parse_set,
)

YAML_1_1_SCALARS = [
    ("y", True), ("Yes", True), ("ON", True), ("true", True),
    ("n", False), ("No", False), ("off", False), ("FALSE", False),
    ("~", None), ("", None), ("Null", None),
    ("0x1F", 31), ("0o17", 15), ("017", 15), ("0b101", 5), ("-0b11", -3), ("1_000", 1000),
    ("08", 8.0), ("1e3", 1000.0), (".5", 0.5), ("+.5", 0.5), ("1.", 1.0),
    ("1:30", "1:30"), ("2001-12-14", "2001-12-14"), ("0x", "0x"), ("1e400", "1e400"),
    ("yEs", "yEs"), ("._5", "._5"),
]


@pytest.mark.parametrize(("text", "expected"), YAML_1_1_SCALARS)
def test_plain_scalar_resolution(text: str, expected: object) -> None:
    value = load_go_yaml(f"v: {text}\n")["v"]
    assert value == expected
    assert type(value) is type(expected)


def test_integer_above_int64_is_uint64() -> None:
    values = load_values_text("big: 18446744073709551615\n", typing="yaml")
    assert go_type_name(values["big"]) == "uint64"
    assert values["big"] == Uint64(18446744073709551615)


def test_helm_typing_makes_float64() -> None:
    values = load_values_text("count: 3\nbig: 9007199254740993\nl: [1, x]\n")
    assert values == {"count": 3.0, "big": 9007199254740992.0, "l": [1.0, "x"]}
    assert type(values["count"]) is float


def test_quoted_and_tagged_scalars() -> None:
    values = load_go_yaml('a: "yes"\nb: !!str 12\nc: !!float 1\nd: !!binary aGVsbG8=\ne: !custom 5\n')
    assert values == {"a": "yes", "b": "12", "c": 1.0, "d": "hello", "e": "5"}


def test_tag_that_does_not_fit_is_error() -> None:
    with pytest.raises(GoYAMLError) as caught:
        load_go_yaml("a: !!int abc\n", "v.yaml")
    assert str(caught.value.position) == "v.yaml:1:4"
    assert "cannot decode !!str `abc` as a !!int" in caught.value.message


def test_keys_become_strings() -> None:
    values = load_go_yaml("1: a\ntrue: b\n1.5: c\n3.14159265358979: d\n1e6: e\n")
    assert list(values) == ["1", "true", "1.5", "3.1415927", "1e+06"]


def test_null_key_is_error() -> None:
    with pytest.raises(GoYAMLError) as caught:
        load_go_yaml("a: 1\n~: 2\n", "v.yaml")
    assert str(caught.value.position) == "v.yaml:2:1"


def test_merge_key_in_document_order() -> None:
    text = "base: &b {p: 1, q: 2}\nbefore:\n  p: 0\n  <<: *b\nafter:\n  <<: *b\n  p: 0\nlist:\n  <<: [{p: 1}, {p: 2, r: 3}]\n"
    values = load_go_yaml(text)
    assert values["before"] == {"p": 1, "q": 2}
    assert values["after"] == {"p": 0, "q": 2}
    assert values["list"] == {"p": 1, "r": 3}


def test_aliases_do_not_share_objects() -> None:
    values = load_go_yaml("a: &x {k: [1]}\nb: *x\n")
    assert values["a"] == values["b"]
    assert values["a"] is not values["b"]


def test_recursive_alias_is_error() -> None:
    with pytest.raises(GoYAMLError):
        load_go_yaml("a: &x [*x]\n")


def test_only_first_document_is_values() -> None:
    assert load_go_yaml("a: 1\n---\nb: 2\n") == {"a": 1}
    assert load_go_yaml_documents("a: 1\n---\nb: 2\n---\n") == [{"a": 1}, {"b": 2}, None]


def test_invalid_yaml_names_line_and_column() -> None:
    with pytest.raises(GoYAMLError) as caught:
        load_values_text("a: 1\nb: [1, 2\n", "values.yaml")
    assert isinstance(caught.value, InputError)
    assert caught.value.position.path == "values.yaml"
    assert caught.value.position.line == 3


def test_infinity_rejected_with_helm_typing() -> None:
    with pytest.raises(GoYAMLError) as caught:
        load_values_text("a: 1\nb: .inf\n", "values.yaml")
    assert str(caught.value.position) == "values.yaml:2:4"
    assert math.isinf(load_values_text("b: .inf\n", typing="yaml")["b"])


def test_list_document_is_not_values() -> None:
    with pytest.raises(ValuesError):
        load_values_text("- a\n- b\n", "values.yaml")
    assert load_values_text("", "values.yaml") == {}
    assert load_values_text("# only a comment\n", "values.yaml") == {}


def test_invalid_utf8_names_position() -> None:
    with pytest.raises(GoYAMLError) as caught:
        load_values_text(b"a: 1\nb: \xff\n", "values.yaml")
    assert str(caught.value.position) == "values.yaml:2:4"


SET_CASES = [
    ("a=1,b=true,c=null,d=0755,e=1.5,f=-05,g=+5,h=0,i=TRUE",
     {"a": Int64(1), "b": True, "c": None, "d": "0755", "e": "1.5", "f": Int64(-5), "g": Int64(5),
      "h": Int64(0), "i": True}),
    ("a.b.c=1,a.b.d=x", {"a": {"b": {"c": Int64(1), "d": "x"}}}),
    ("l[0]=1,l[2]=x", {"l": [Int64(1), None, "x"]}),
    ("l[0].n=1,l[0].m=2", {"l": [{"n": Int64(1), "m": Int64(2)}]}),
    ("x=a\\,b,y\\.z=1", {"x": "a,b", "y.z": Int64(1)}),
    ("l={a,b,c},m={1}", {"l": ["a", "b", "c"], "m": [Int64(1)]}),
    ("a=", {"a": ""}),
    ("a[0]", {"a": []}),
    ("n[0][1]=3", {"n": [[None, Int64(3)]]}),
    ("big=9223372036854775808", {"big": "9223372036854775808"}),
]


@pytest.mark.parametrize(("expression", "expected"), SET_CASES)
def test_set_expression(expression: str, expected: dict) -> None:
    parsed = parse_set(expression)
    assert parsed == expected
    for key, value in expected.items():
        assert type(parsed[key]) is type(value)


def test_set_string_and_json() -> None:
    assert parse_set("a=1,b=true", kind="string") == {"a": "1", "b": "true"}
    assert parse_set('a={"x": [1, 2.5]},b=', kind="json") == {"a": {"x": [1.0, 2.5]}, "b": None}
    assert parse_set("a=x,y=z", kind="literal") == {"a": "x,y=z"}


@pytest.mark.parametrize("expression", ["a", "a,b=1", "a=1,a.b=2", "a[x]=1", "a[-1]=1", "a={1,2", "a[70000]=1"])
def test_set_expression_errors(expression: str) -> None:
    with pytest.raises(InputError):
        parse_set(expression)


def test_merge_later_wins_key_by_key() -> None:
    base = {"a": {"x": 1, "y": 2}, "b": 1}
    merged = merge_values(base, {"a": {"y": 3, "z": None}, "b": {"c": 1}})
    assert merged == {"a": {"x": 1, "y": 3, "z": None}, "b": {"c": 1}}
    assert base == {"a": {"x": 1, "y": 2}, "b": 1}


def test_coalesce_null_deletes_default() -> None:
    defaults = {"a": 1, "b": {"x": 1, "y": 2, "n": None}, "c": 3}
    result = coalesce_values(defaults, {"a": None, "b": {"x": None, "n": None, "new": None}, "d": None})
    assert result == {"b": {"y": 2, "n": None, "new": None}, "c": 3, "d": None}


def test_sources_apply_by_kind(tmp_path) -> None:
    first = tmp_path / "one.yaml"
    first.write_text("a: 1\nb: {c: 2}\n")
    second = tmp_path / "two.yaml"
    second.write_text("b: {d: 3}\n")
    sources = ValueSources(files=[first, second], set_values=["a=5"], set_string=["a=6"], set_json=['e={"f":1}'])
    values = combine_values({"a": 0, "g": 7}, sources)
    assert values == {"a": "6", "b": {"c": 2.0, "d": 3.0}, "e": {"f": 1.0}, "g": 7}


def test_missing_values_file(tmp_path) -> None:
    with pytest.raises(ValuesError) as caught:
        combine_values({}, ValueSources(files=[tmp_path / "absent.yaml"]))
    assert "absent.yaml" in str(caught.value)


@pytest.mark.parametrize(
    "sources, expected_hint",
    [
        (ValueSources(set_json=["a={bad"]), "write NAME=JSON"),
        (ValueSources(set_values=["a[=b"]), "write NAME=VALUE"),
        (ValueSources(set_file=["nofile"]), "write NAME=PATH"),
    ],
)
def test_invalid_set_flag_hint_names_form(sources: ValueSources, expected_hint: str) -> None:
    with pytest.raises(ValuesError) as caught:
        combine_values({}, sources)
    assert caught.value.hint.startswith(expected_hint)
