"""The public Template API: sets of templates, options, functions, errors and streaming."""

from __future__ import annotations

import io
import sys

import pytest

from kubeship.gotemplate import BoundFunction, Template, TemplateExecError, TemplateParseError, gotypes


def test_parse_returns_template_for_chaining():
    template = Template("t")
    assert template.parse("x") is template


def test_define_joins_the_set():
    template = Template("main").parse('{{define "part"}}P{{end}}M')
    assert template.lookup("part") is not None
    assert sorted(t.name for t in template.templates()) == ["main", "part"]


def test_execute_template_by_name():
    template = Template("main").parse('{{define "part"}}[{{.}}]{{end}}')
    assert template.execute_template("part", 5) == "[5]"


def test_execute_unknown_template_name():
    with pytest.raises(TemplateExecError) as caught:
        Template("main").parse("x").execute_template("nope")
    assert str(caught.value) == 'template: no template "nope" associated with template "main"'


def test_execute_unparsed_template():
    with pytest.raises(TemplateExecError) as caught:
        Template("empty").execute()
    assert str(caught.value) == 'template: empty: "empty" is an incomplete or empty template'


def test_parse_error_carries_name_and_line():
    with pytest.raises(TemplateParseError) as caught:
        Template("file.yaml").parse("a\nb\n{{ end }}")
    assert caught.value.name == "file.yaml"
    assert caught.value.line == 3


def test_exec_error_carries_position():
    with pytest.raises(TemplateExecError) as caught:
        Template("file.yaml").parse("ab\n  {{ .a.b }}").execute({"a": None})
    assert caught.value.line == 2
    # Go positions a field chain at its second segment.
    assert caught.value.column == 7


def test_missingkey_option_changes_after_parse():
    template = Template("t").parse("{{ .missing }}")
    assert template.execute({}) == "<no value>"
    with pytest.raises(TemplateExecError):
        template.option("missingkey=error").execute({})


def test_invalid_option_is_rejected():
    with pytest.raises(ValueError, match="unrecognized option"):
        Template("t").option("missingkey=maybe")


def test_invalid_function_name_is_rejected():
    with pytest.raises(ValueError, match="not a valid identifier"):
        Template("t").funcs({"no-dash": len})


def test_function_with_bad_results_is_rejected():
    bad = gotypes.GoFunc(lambda: None, "func() (int, int)")
    with pytest.raises(ValueError, match="second return value should be error"):
        Template("t").funcs({"bad": bad})


def test_declared_function_checks_argument_types():
    @gotypes.go_func("func(string) string")
    def shout(text):
        return text.upper() + "!"

    template = Template("t").funcs({"shout": shout}).parse("{{ shout .s }}")
    assert template.execute({"s": "hi"}) == "HI!"
    with pytest.raises(TemplateExecError, match="wrong type for value; expected string; got int"):
        template.execute({"s": 3})


def test_go_error_becomes_error_calling():
    @gotypes.go_func("func() (string, error)")
    def broken():
        raise gotypes.GoError("it broke")

    template = Template("t").funcs({"broken": broken}).parse("{{ broken }}")
    with pytest.raises(TemplateExecError, match="error calling broken: it broke"):
        template.execute()


def test_bound_function_sees_the_template_set():
    def make_include(template):
        @gotypes.go_func("func(string, interface {}) (string, error)")
        def include(name, data):
            return template.execute_template(name, data)

        return include

    template = Template("t").funcs({"include": BoundFunction(make_include, "func(string, interface {}) (string, error)")})
    template.parse('{{define "inner"}}<{{.}}>{{end}}{{ include "inner" 3 | printf "%s!" }}')
    assert template.execute() == "<3>!"


def test_clone_is_independent():
    original = Template("t").parse('{{define "x"}}old{{end}}{{template "x"}}')
    copy = original.clone()
    copy.new("other").parse('{{define "x"}}new{{end}}')
    assert original.execute() == "old"
    assert copy.execute() == "new"


def test_execute_to_writes_partial_output_on_error():
    stream = io.StringIO()
    with pytest.raises(TemplateExecError):
        Template("t").parse("before {{ .a.b }} after").execute_to(stream, {"a": None})
    assert stream.getvalue() == "before "


def test_execute_bytes_keeps_invalid_utf8():
    assert Template("t").parse('{{ slice "é" 0 1 }}').execute_bytes() == b"\xc3"


def test_delims_apply_to_later_parse():
    template = Template("t").delims("[[", "]]").parse("[[ .a ]] {{ .a }}")
    assert template.execute({"a": 1}) == "1 {{ .a }}"


def test_deep_recursion_restores_recursion_limit():
    before = sys.getrecursionlimit()
    template = Template("t").parse('{{ define "r" }}{{ if . }}{{ template "r" slice . 1 }}{{ end }}{{ end }}{{ template "r" . }}')
    assert template.execute("x" * 2000) == ""
    assert sys.getrecursionlimit() == before
