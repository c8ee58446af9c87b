"""The render pipeline for a Helm chart: what ``helm template`` does, then kubeship's manifest steps.

The chart is loaded and the user's values are merged as Helm merges them: the
``-f`` files (with their ``${...}`` expressions resolved), then the ``--set``
flags. Conditions and tags switch subcharts on or off, and the engine renders
every template. Each rendered file and each CRD in ``crds/`` is split into
manifests named after their file, ``CHART/templates/x.yaml``, as Helm's
``# Source:`` lines name them.
"""

from __future__ import annotations

import logging
import posixpath

from kubeship import values
from kubeship.errors import InputError
from kubeship.manifests import Manifest, parse_documents, sort_for_apply
from kubeship.render.chart import Chart, load_chart
from kubeship.render.chart_schema import validate_values_schema
from kubeship.render.chart_values import check_dependencies, process_dependencies
from kubeship.render.helm import (
    HelmRelease,
    capabilities,
    check_kube_version,
    render_chart_templates,
    render_values,
    validate_release_name,
)
from kubeship.render.pipeline import (
    RenderRequest,
    RenderResult,
    annotate_pull_secret_expiry,
    expression_context,
    register_secret_values,
    value_sources,
)

log = logging.getLogger(__name__)

NOTES_SUFFIX = "NOTES.txt"
_MANIFEST_EXTENSIONS = (".yaml", ".yml", ".json")


def render_chart(request: RenderRequest) -> RenderResult:
    """Render the chart at ``request.service_dir`` into manifests sorted for apply.

    Raises InputError for a chart Helm cannot load or install, values that cannot be
    loaded, a template error (with Helm's text) and output that is not valid YAML.
    """
    if request.values_typing != values.HELM:
        raise InputError("--values-typing yaml applies to service directories only",
                         hint="Helm charts read values as Helm does; drop --values-typing")
    validate_release_name(request.release_name)
    chart = load_chart(request.service_dir)
    _check_installable(chart)
    release = HelmRelease(request.release_name, request.namespace, request.kube_version, tuple(request.api_versions))
    caps = capabilities(release)

    artifact, context = expression_context(request)
    user_values = values.merge_sources(value_sources(request, context, tuple(request.values_files)))
    process_dependencies(chart, user_values)
    top_values = render_values(chart, user_values)
    validate_values_schema(chart, top_values)
    check_kube_version(chart, caps)

    rendered = render_chart_templates(chart, top_values, release, caps, strict=request.strict)
    manifests = _crd_manifests(chart) + _template_manifests(rendered)
    register_secret_values(manifests)
    if artifact is not None:
        annotate_pull_secret_expiry(manifests, artifact)
    log.debug("rendered %d chart templates into %d objects", len(rendered), len(manifests))
    return RenderResult(sort_for_apply(manifests), dict(top_values), None, rendered, chart)


def _check_installable(chart: Chart) -> None:
    if chart.metadata.type not in ("", "application"):
        raise InputError(f"{chart.metadata.type} charts are not installable",
                         hint="render the application chart that depends on this library chart")
    if chart.metadata.deprecated:
        log.warning("This chart is deprecated")
    if chart.metadata.dependencies is not None:
        check_dependencies(chart)


def _template_manifests(rendered: dict[str, str]) -> list[Manifest]:
    """Split each rendered template into manifests; notes, partials and empty output give none."""
    manifests: list[Manifest] = []
    for name in sorted(rendered):
        text = rendered[name]
        if name.endswith(NOTES_SUFFIX) or posixpath.basename(name).startswith("_") or not text.strip():
            continue
        manifests.extend(parse_documents(text, name))
    return manifests


def _crd_manifests(chart: Chart) -> list[Manifest]:
    """Return the CRDs of ``crds/`` in the chart and its subcharts, as ``helm install`` applies them first."""
    manifests: list[Manifest] = []
    for chart_file in chart.files:
        if chart_file.name.startswith("crds/") and chart_file.name.lower().endswith(_MANIFEST_EXTENSIONS):
            source = posixpath.join(chart.full_path, chart_file.name)
            manifests.extend(parse_documents(chart_file.data.decode("utf-8", "replace"), source))
    for subchart in chart.dependencies:
        manifests.extend(_crd_manifests(subchart))
    return manifests
