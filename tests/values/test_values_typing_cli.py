"""``kubeship render --values-typing``: how numbers in values files reach the templates."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import run_kubeship


def _service(tmp_path: Path) -> Path:
    service = tmp_path / "service"
    (service / "templates").mkdir(parents=True)
    (service / "values.yaml").write_text("name: web\nreplicas: 1000000\nratio: 0.5\n", encoding="utf-8")
    (service / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n"
        "data:\n  replicas: \"{{ .Values.replicas }}\"\n  type: \"{{ typeOf .Values.replicas }}\"\n"
        "  ratio: \"{{ .Values.ratio }}\"\n",
        encoding="utf-8",
    )
    return service


def test_helm_typing_is_default(tmp_path: Path) -> None:
    result = run_kubeship(["render", str(_service(tmp_path))])
    assert result.returncode == 0, result.stderr
    assert "replicas: 1e+06\n" in result.stdout
    assert "type: float64\n" in result.stdout


def test_yaml_typing_keeps_integers(tmp_path: Path) -> None:
    result = run_kubeship(["render", str(_service(tmp_path)), "--values-typing", "yaml"])
    assert result.returncode == 0, result.stderr
    assert "replicas: '1000000'\n" in result.stdout
    assert "type: int\n" in result.stdout
    assert "ratio: '0.5'\n" in result.stdout


def test_unknown_typing_is_input_error(tmp_path: Path) -> None:
    result = run_kubeship(["render", str(_service(tmp_path)), "--values-typing", "json"])
    assert result.returncode == 2
    assert "invalid values typing 'json'" in result.stderr
    assert "Traceback" not in result.stderr
