"""Charts rendered by kubeship and by Helm v3.21 (the Go oracle), compared template by template.

Each case of ``cases/*.yaml`` is written to disk and rendered both ways from the same
files: every rendered template must be equal byte for byte, the manifests equal to
what `helm template --include-crds` prints (in any order), and an error equal to
Helm's text unless the case names the text kubeship words itself.
"""

from __future__ import annotations

import pytest

from tests.render.helm.charts import ChartCase, load_cases, render_helm, render_kubeship, write_chart
from tests.support.oracle import oracle  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.oracle

CASES = load_cases()
PARAMS = [
    pytest.param(case, id=case.id,
                 marks=[pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else [])
    for case in CASES
]


@pytest.mark.parametrize("case", PARAMS)
def test_chart_matches_helm(oracle, tmp_path, case: ChartCase) -> None:
    chart_path = write_chart(case, tmp_path)
    expected = render_helm(oracle, case, chart_path)
    actual = render_kubeship(case, chart_path, tmp_path)

    if case.error is not None:
        assert expected.error is not None, f"the case expects an error, but Helm rendered {expected.rendered}"
        assert actual.error is not None, f"Helm failed with {expected.error!r}, kubeship rendered {actual.rendered}"
        if case.error == "helm":
            assert actual.error == expected.error
        else:
            assert case.error in str(actual.exception)
        return
    assert expected.error is None, f"Helm failed with {expected.error!r}"
    assert actual.error is None, f"kubeship failed with {actual.error!r}, Helm rendered {expected.rendered}"

    assert sorted(actual.rendered) == sorted(expected.rendered)
    for name, text in expected.rendered.items():
        assert actual.rendered[name] == text, name
    assert actual.manifests == expected.manifests
