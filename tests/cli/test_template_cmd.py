"""``kubeship template`` renders like Harness's go-template: compared with the Go oracle."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.cli import kubeship_env, run_kubeship, run_on_terminal

BASE_VALUES = "name: web\nreplicas: 3\nimage:\n  repository: registry.example.com/team/web\n  tag: \"1.4.2\"\nlabels: {tier: front}\n"
OVERRIDE_VALUES = "replicas: 5\nimage:\n  tag: \"1.5.0\"\nlabels: scalar\nenabled: yes\n"
MANIFEST = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.name }}
  labels: {{ .Values.labels }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
      - name: {{ .Values.name | quote }}
        image: {{ printf "%s:%s" .Values.image.repository .Values.image.tag }}
        env: {{ if .Values.enabled }}enabled{{ else }}disabled{{ end }} {{ .Values.missing }}
{{- range $key, $value := .Values.image }}
        # {{ $key }}={{ $value | upper }}
{{- end }}
"""
SERVICE = "kind: Service\nname: {{ .Values.name }}-svc\nport: {{ add .Values.replicas 1 }}\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.oracle
def test_template_matches_go_template(tmp_path, oracle):
    values = [("values-0.yaml", BASE_VALUES), ("values-1.yaml", OVERRIDE_VALUES)]
    paths = [write(tmp_path, name, text) for name, text in values]
    manifest = write(tmp_path, "deployment.yaml", MANIFEST)
    service = write(tmp_path, "service.yaml", SERVICE)

    result = run_kubeship(["template", "-t", str(manifest), "-t", str(service),
                           "-f", str(paths[0]), "-f", str(paths[1])])

    expected = "".join(oracle.render(text, engine="gotemplate", values=values).text for text in (MANIFEST, SERVICE))
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


@pytest.mark.oracle
def test_template_prints_go_template_warnings(tmp_path, oracle):
    values = [("values-0.yaml", BASE_VALUES), ("values-1.yaml", OVERRIDE_VALUES)]
    paths = [write(tmp_path, name, text) for name, text in values]
    manifest = write(tmp_path, "t.yaml", "{{ .Values.labels }}")

    result = run_kubeship(["template", "-t", str(manifest), "-f", str(paths[0]), "-f", str(paths[1])])

    expected = oracle.render("{{ .Values.labels }}", engine="gotemplate", values=values)
    assert result.stderr.splitlines() == expected.warnings


@pytest.mark.oracle
@pytest.mark.parametrize("missing_key", ["zero", "error"])
def test_template_missing_key_option(tmp_path, oracle, missing_key):
    text = "a: {{ .Values.nope }}\n"
    manifest = write(tmp_path, "t.yaml", text)

    result = run_kubeship(["template", "-t", str(manifest), "--missing-key", missing_key])

    expected = oracle.render(text, {"Values": {}}, engine="gotemplate", name=str(manifest), missingkey=missing_key)
    if expected.ok:
        assert result.stdout == expected.output
    else:
        assert result.returncode == 2
        assert result.stderr == f"error: {expected.error}\n"


def test_template_set_overrides_files(tmp_path):
    values = write(tmp_path, "values.yaml", "replicas: 3\nname: web\n")
    manifest = write(tmp_path, "t.yaml", "{{ .Values.replicas }} {{ printf \"%T\" .Values.replicas }} {{ .Values.name }} {{ .Values.new.key }}")

    result = run_kubeship(["template", "-t", str(manifest), "-f", str(values),
                           "--set", "replicas=7", "--set", "new.key=true"])

    # Helm's --set types integers as int64 and true as a bool; files give float64.
    assert result.stdout == "7 int64 web true"


@pytest.mark.oracle
def test_template_parse_error_is_one_line(tmp_path, oracle):
    text = "ok\n{{ if .Values.x }}\n"
    manifest = write(tmp_path, "broken.yaml", text)
    good = write(tmp_path, "good.yaml", "fine\n")

    result = run_kubeship(["template", "-t", str(good), "-t", str(manifest)])

    expected = oracle.render(text, engine="gotemplate", name=str(manifest))
    assert result.returncode == 2
    assert result.stdout == ""
    # Go's text, then what to do about it.
    assert result.stderr == f"error: {expected.error} (fix the template syntax on that line)\n"


def test_template_unknown_function_is_a_parse_error(tmp_path):
    manifest = write(tmp_path, "t.yaml", "{{ nosuch .Values }}")

    result = run_kubeship(["template", "-t", str(manifest)])

    assert result.returncode == 2
    assert result.stderr.startswith(f'error: template: {manifest}:1: function "nosuch" not defined (')


def test_template_misspelt_function_names_the_closest(tmp_path):
    manifest = write(tmp_path, "t.yaml", "{{ .Values | toyaml }}")

    result = run_kubeship(["template", "-t", str(manifest)])

    assert result.returncode == 2
    assert result.stderr == f'error: template: {manifest}:1: function "toyaml" not defined (did you mean "ToYaml"?)\n'


def test_template_missing_file(tmp_path):
    result = run_kubeship(["template", "-t", str(tmp_path / "absent.yaml")])

    assert result.returncode == 2
    assert "template file not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_template_invalid_values_yaml(tmp_path):
    values = write(tmp_path, "values.yaml", "a: [1, 2\n")
    manifest = write(tmp_path, "t.yaml", "x")

    result = run_kubeship(["template", "-t", str(manifest), "-f", str(values)])

    assert result.returncode == 2
    assert str(values) in result.stderr
    assert result.stdout == ""


def test_template_invalid_missing_key_choice(tmp_path):
    manifest = write(tmp_path, "t.yaml", "x")

    result = run_kubeship(["template", "-t", str(manifest), "--missing-key", "maybe"])

    assert result.returncode == 2
    assert "invalid --missing-key" in result.stderr


SECRET_TEMPLATE = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: {{ .Values.password | quote }}\n"
SECRET_VALUES = "password: template-pass-4821\n"


def test_template_secret_values_masked_on_terminal(tmp_path):
    manifest = write(tmp_path, "secret.yaml", SECRET_TEMPLATE)
    values = write(tmp_path, "values.yaml", SECRET_VALUES)

    code, output, _ = run_on_terminal(["template", "-t", str(manifest), "-f", str(values)])

    assert code == 0
    assert "kind: Secret" in output
    assert "template-pass-4821" not in output
    assert 'password: "**************"' in output


def test_template_secret_values_shown_with_show_secrets(tmp_path):
    manifest = write(tmp_path, "secret.yaml", SECRET_TEMPLATE)
    values = write(tmp_path, "values.yaml", SECRET_VALUES)

    code, output, _ = run_on_terminal(["template", "-t", str(manifest), "-f", str(values), "--show-secrets"])

    assert code == 0
    assert 'password: "template-pass-4821"' in output


def test_template_pipe_gets_secret_and_exact_bytes(tmp_path):
    manifest = write(tmp_path, "secret.yaml", SECRET_TEMPLATE)
    raw = tmp_path / "raw.txt"
    raw.write_bytes(b"bytes: \xff\xfe\n")
    values = write(tmp_path, "values.yaml", SECRET_VALUES)

    result = subprocess.run([sys.executable, "-m", "kubeship", "template", "-t", str(manifest), "-t", str(raw), "-f", str(values)],
                            capture_output=True, env=kubeship_env(), timeout=120)

    assert result.returncode == 0
    assert b'password: "template-pass-4821"\n' in result.stdout
    assert result.stdout.endswith(b"bytes: \xff\xfe\n")


def test_template_error_after_secret_is_masked(tmp_path):
    manifest = write(tmp_path, "secret.yaml", SECRET_TEMPLATE)
    failing = write(tmp_path, "fail.yaml", "{{ fail .Values.password }}\n")
    values = write(tmp_path, "values.yaml", SECRET_VALUES)

    result = run_kubeship(["template", "-t", str(manifest), "-t", str(failing), "-f", str(values)])

    assert result.returncode == 2
    assert result.stdout == ""
    assert "error calling fail: **************" in result.stderr
    assert "template-pass-4821" not in result.stderr
