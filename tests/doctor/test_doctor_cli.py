"""``kubeship doctor`` as a user runs it: inputs, text output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import run_kubeship

FIXTURES = Path(__file__).parent / "fixtures"


def test_doctor_reads_standard_input() -> None:
    result = run_kubeship(["doctor", "-o", "json", "-"], stdin=(FIXTURES / "good.yaml").read_text())

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schemaVersion"] == 1
    assert report["pulls"][0]["source"] == "<stdin>:10"


def test_doctor_reads_a_directory_recursively(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "web.yaml").write_text((FIXTURES / "good.yaml").read_text())
    (tmp_path / "pod.yml").write_text((FIXTURES / "localhost.yaml").read_text())
    (tmp_path / "notes.txt").write_text("not a manifest")

    result = run_kubeship(["doctor", "-o", "json", str(tmp_path)])

    assert result.returncode == 0, result.stderr
    sources = [pull["source"] for pull in json.loads(result.stdout)["pulls"]]
    # Paths start with the directory as given, so a finding can be opened from where the command ran.
    assert sources == [f"{tmp_path}/nested/web.yaml:10", f"{tmp_path}/nested/web.yaml:10", f"{tmp_path}/pod.yml:2"]


def test_doctor_text_output_has_a_table_per_workload() -> None:
    result = run_kubeship(["doctor", str(FIXTURES / "malformed_auth.yaml")])

    assert result.returncode == 1
    assert "CronJob/report" in result.stdout
    assert "will fail" in result.stdout
    assert "Wiring findings" in result.stdout
    assert "2 will fail" in result.stdout


def test_doctor_missing_path_is_an_input_error(tmp_path: Path) -> None:
    result = run_kubeship(["doctor", str(tmp_path / "absent.yaml")])

    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_doctor_invalid_yaml_names_position(tmp_path: Path) -> None:
    manifest = tmp_path / "broken.yaml"
    manifest.write_text("kind: Pod\nmetadata: {name: [unclosed\n")

    result = run_kubeship(["doctor", str(manifest)])

    assert result.returncode == 2
    assert f"{manifest}:" in result.stderr
    assert "not valid YAML" in result.stderr
    assert "fix the YAML syntax there" in result.stderr
    assert "--allow-unresolved" not in result.stderr


def test_doctor_file_not_utf8(tmp_path: Path) -> None:
    manifest = tmp_path / "latin1.yaml"
    manifest.write_bytes(b"kind: Pod\nmetadata: {name: caf\xe9}\n")

    result = run_kubeship(["doctor", str(manifest)])

    assert result.returncode == 2
    assert f"{manifest}: not UTF-8 text (invalid byte at offset 30)" in result.stderr
    assert "codec" not in result.stderr
    assert "Traceback" not in result.stderr


def test_doctor_unknown_output_format_is_an_input_error() -> None:
    result = run_kubeship(["doctor", "-o", "xml", str(FIXTURES / "good.yaml")])

    assert result.returncode == 2
    assert "unknown output format" in result.stderr


def test_doctor_empty_input_pulls_nothing() -> None:
    result = run_kubeship(["doctor", "-"], stdin="")

    assert result.returncode == 0
    assert "nothing is pulled" in result.stdout
