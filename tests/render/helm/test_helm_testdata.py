"""The test charts in Helm's own source render in kubeship as in Helm, or fail in both.

Building the oracle puts Helm's module (the version the oracle builds with) into the Go
module cache. Its ``testdata`` directories hold about a hundred charts and archives written
to exercise Helm's loader, dependency processing and engine. Each one is rendered by
kubeship and by `helm template` in the oracle from the same path.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from kubeship.errors import KubeshipError
from kubeship.render import RenderRequest, render_service
from tests.support.oracle import ORACLE_DIR, oracle  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.oracle


def helm_module_dir() -> Path:
    version = re.search(r"^\s*helm\.sh/helm/v3 (v\S+)", (ORACLE_DIR / "go.mod").read_text(), re.MULTILINE)
    assert version is not None, "tests/oracle/go.mod does not require helm.sh/helm/v3"
    cache = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip()
    return Path(cache) / f"helm.sh/helm/v3@{version.group(1)}"


def helm_test_charts() -> list[Path]:
    root = helm_module_dir()
    if not root.is_dir():
        return []
    # Top-level charts only: a chart inside another chart's charts/ is a subchart.
    directories = {p.parent for p in root.glob("**/testdata/**/Chart.yaml")}
    archives = set(root.glob("**/testdata/**/*.tgz"))
    charts = [p for p in directories | archives if "/charts/" not in str(p.relative_to(root))]
    # Helm would fetch a schema's remote $ref, and tests send traffic only to servers they start.
    return sorted(p for p in charts if not (p.is_dir() and _has_remote_reference(p)))


def _has_remote_reference(chart: Path) -> bool:
    return any(re.search(r'"\$ref"\s*:\s*"https?:', path.read_text(errors="replace"))
               for path in chart.glob("**/values.schema.json"))


CHARTS = helm_test_charts()


def test_helm_test_charts_are_found():
    assert len(CHARTS) > 50, f"expected Helm's test charts in {helm_module_dir()}: run scripts/test-deps/20-go-oracle.sh"


@pytest.mark.parametrize("chart", CHARTS, ids=[str(p.relative_to(helm_module_dir())) for p in CHARTS])
def test_helm_test_chart_matches_helm(oracle, chart: Path):
    expected = oracle.render(None, engine="helm", chart={"path": str(chart)}, helm_template=True, timeout=30)
    try:
        rendered = render_service(RenderRequest(service_dir=chart)).rendered_text
    except KubeshipError as error:
        assert not expected.ok, f"kubeship failed with {error}, Helm rendered the chart"
        return
    assert expected.ok, f"Helm failed with {expected.error!r}, kubeship rendered the chart"
    assert sorted(rendered) == sorted(expected.outputs)
    for name, text in expected.outputs.items():
        assert rendered[name] == text, name
