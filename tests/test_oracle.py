"""The Go oracle's protocol, through the Python client that the other tests use."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubeship.gotemplate.gotypes import Float32, GoMap, GoPointer, GoSlice, Int64, Uint8
from tests.support.fixtures import FIXTURE_FUNCS, Coord, Record
from tests.support.oracle import BUILD_COMMAND, GoTyped, Oracle, OracleError, from_typed_json, require_oracle_binary, to_typed_json

pytestmark = pytest.mark.oracle


def test_text_engine_types_tagged_values(oracle: Oracle) -> None:
    data = {
        "i": 1,
        "f": 2.0,
        "i64": Int64(5),
        "u8": Uint8(255),
        "f32": Float32(0.5),
        "strs": GoSlice(["a", "b"], "string"),
        "m": GoMap({2: "b", 1: "a"}, "int", "string"),
        "p": GoPointer(Coord(X=1, Y=2)),
        "b": b"hi",
        "n": None,
        "fn": FIXTURE_FUNCS["upper"],
    }
    template = "{{range $k, $v := .}}{{$k}}={{printf \"%T\" $v}};{{end}}"
    result = oracle.render(template, data)
    assert result.text == (
        "b=[]uint8;f=float64;f32=float32;fn=func(string) string;i=int;i64=int64;"
        "m=map[int]string;n=<nil>;p=*main.Coord;strs=[]string;u8=uint8;"
    )


def test_text_engine_prints_values(oracle: Oracle) -> None:
    data = {"f": 1000000.0, "m": GoTyped("map[int]string", [[2, "b"], [1, "a"]]), "l": [1, None, "x"]}
    assert oracle.render("{{.f}} {{.m}} {{.l}} {{.missing}}", data).text == "1e+06 map[1:a 2:b] [1 <nil> x] <no value>"


def test_fixture_methods_and_func_fields(oracle: Oracle) -> None:
    record = GoPointer(Record(Name="web", Count=3, Labels=GoMap({"tier": "front"}, "string", "string"), Format=FIXTURE_FUNCS["upper"]))
    template = '{{.Greeting}} {{.Scaled 2}} {{.Join "-" "a" "b"}} {{.Label "tier"}} {{.Describe}} {{call .Format "x"}}'
    assert oracle.render(template, record).text == "hello, web 6 web-a-b front web#3 X"


def test_method_error_is_template_error(oracle: Oracle) -> None:
    record = Record(Name="web")
    result = oracle.render('{{.Label "none"}}', record, name="t")
    assert not result.ok
    assert result.error == 'template: t:1:2: executing "t" at <.Label>: error calling Label: no label "none"'


def test_parse_error_text(oracle: Oracle) -> None:
    result = oracle.render("{{.a", name="page")
    assert not result.ok
    assert result.error is not None
    assert result.error.startswith("template: page:1: ")


def test_named_templates_and_execute(oracle: Oracle) -> None:
    templates = [("main", '{{template "item" .}}!'), ("item", "<{{.}}>")]
    assert oracle.render(templates=templates, data="x").text == "<x>!"
    assert oracle.render(templates=templates, data="y", execute="item").text == "<y>"


def test_options_missingkey_and_delims(oracle: Oracle) -> None:
    assert oracle.render("{{.a}}", {}, missingkey="zero").text == "<no value>"
    result = oracle.render("{{.a}}", {}, missingkey="error", name="t")
    assert result.error == 'template: t:1:2: executing "t" at <.a>: map has no entry for key "a"'
    assert oracle.render("[[.a]] {{.a}}", {"a": 1}, delims=("[[", "]]")).text == "1 {{.a}}"


def test_invalid_utf8_output_is_bytes(oracle: Oracle) -> None:
    assert oracle.render('{{slice "é" 0 1}}').output == b"\xc3"


def test_fmt_engine(oracle: Oracle) -> None:
    assert oracle.sprintf("%5.2f|%x|%q", 3.14159, "hi", "a\tb") == ' 3.14|6869|"a\\tb"'
    assert oracle.sprint("a", 1, 2, "b") == "a1 2b"
    assert oracle.sprintln("a", 1) == "a 1\n"


def test_gotemplate_values_merge_later_file_wins(oracle: Oracle) -> None:
    values = [("base.yaml", "a: 1\nt: {x: 1, z: 2}\ns: on\n"), ("env.yaml", "t: {z: 3}\nb: 2\n")]
    result = oracle.render("{{.Values.t.z}} {{.Values.a}} {{.Values.s}}", engine="gotemplate", values=values, return_values=True)
    assert result.text == "3 1 true"
    assert result.values == {"a": 1.0, "b": 2.0, "s": True, "t": {"x": 1.0, "z": 3.0}}


def test_gotemplate_values_read_yaml_1_1_keys(oracle: Oracle) -> None:
    # github.com/ghodss/yaml reads YAML 1.1, where the key y is the boolean true.
    result = oracle.render("{{.Values.t}}", engine="gotemplate", values=[("v.yaml", "t: {y: 1, n: 2, x: 3}")])
    assert result.text == "map[false:2 true:1 x:3]"


def test_gotemplate_warns_when_table_meets_scalar(oracle: Oracle) -> None:
    values = [("a.yaml", "k: {x: 1}\n"), ("b.yaml", "k: 2\n")]
    result = oracle.render("{{.Values.k}}", engine="gotemplate", values=values)
    assert result.text == "2"
    assert result.warnings == ["Warning: Attempt to override Map value [map[x:%!s(float64=1)]] with String value [%!s(float64=2)] for key [k]."]


def test_gotemplate_has_sprig_without_env(oracle: Oracle) -> None:
    assert oracle.render('{{ "a" | upper }} {{ toJson .Values }}', engine="gotemplate", values=[("v.yaml", "x: 1")]).text == 'A {"x":1}'
    result = oracle.render('{{ env "HOME" }}', engine="gotemplate")
    assert result.error == 'template: tpl:1: function "env" not defined'


def test_helm_values_and_release(oracle: Oracle) -> None:
    chart = {"name": "web", "values_yaml": "replicas: 1000000\nimage: {tag: v1}\n"}
    result = oracle.render(
        "{{.Values.replicas}} {{.Values.image.tag}} {{.Values.n}} {{.Release.Name}} {{.Release.Namespace}} {{.Chart.Name}} {{.Values.none}}",
        engine="helm",
        chart=chart,
        set=["n=12,image.tag=v2"],
        execute="templates/template.yaml",
        return_values=True,
    )
    assert result.text == "1e+06 v2 12 release-name default web "
    assert result.values == {"n": Int64(12), "image": {"tag": "v2"}}
    assert type(result.values["n"]) is Int64
    assert result.render_values == {"n": Int64(12), "image": {"tag": "v2"}, "replicas": 1000000.0}
    assert list(result.outputs) == ["web/templates/template.yaml"]


def test_helm_set_file_reads_request_files(oracle: Oracle) -> None:
    result = oracle.render(
        "{{.Values.cfg}}", engine="helm", set_file=["cfg=conf.txt"], files={"conf.txt": "line"}, execute="templates/template.yaml"
    )
    assert result.text == "line"
    missing = oracle.render("x", engine="helm", set_file=["cfg=absent.txt"])
    assert missing.error == "failed parsing --set-file data: open absent.txt: no such file or directory"


def test_helm_strict_fails_on_missing_key(oracle: Oracle) -> None:
    lenient = oracle.render("{{.Values.a}}", engine="helm", execute="templates/template.yaml")
    assert lenient.text == ""
    strict = oracle.render("{{.Values.a}}", engine="helm", strict=True)
    assert not strict.ok
    assert strict.error is not None
    assert 'map has no entry for key "a"' in strict.error


def test_runaway_template_times_out_and_oracle_restarts(oracle: Oracle) -> None:
    with pytest.raises(OracleError, match="timed out"):
        oracle.render("{{range 100000000000}}{{end}}", timeout=0.3)
    assert oracle.render("ok").text == "ok"


def test_timing_reports_mean(oracle: Oracle) -> None:
    result = oracle.render("{{range .}}{{.}}{{end}}", [1, 2, 3], repeat=50)
    assert result.timing is not None
    assert result.timing["runs"] == 50
    assert result.timing["execute_mean_ns"] > 0
    assert result.timing["parse_mean_ns"] > 0


def test_bad_request_raises_oracle_error(oracle: Oracle) -> None:
    with pytest.raises(OracleError, match="unknown engine"):
        oracle.request({"engine": "jinja"})
    with pytest.raises(OracleError, match="unknown type"):
        oracle.render("{{.}}", GoTyped("main.Nope", {}))


def test_missing_binary_fails_with_build_command(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match=BUILD_COMMAND):
        require_oracle_binary(tmp_path / "oracle")


def test_typed_json_round_trips_model_values(oracle: Oracle) -> None:
    record = Record(Name="r", Tags=GoSlice(["a"], "string"), Origin=Coord(X=1, Y=2), Next=GoPointer(Record(Name="n")))
    values = [Int64(-3), Uint8(7), Float32(0.1), float("inf"), -0.0, 1e21, 2.5j, b"\x00\xff", "\udcff", record]
    for value in values:
        result = oracle.render("{{.}}", value)
        assert result.ok, result.error
    assert from_typed_json(to_typed_json(values[2])) == Float32(0.1)
    decoded = from_typed_json(to_typed_json(record))
    assert isinstance(decoded, Record)
    assert decoded.Next.target.Name == "n"
