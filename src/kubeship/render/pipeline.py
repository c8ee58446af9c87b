"""The render pipeline: service directory -> resolved values -> Go templates -> manifests."""

from __future__ import annotations

import base64
import binascii
import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kubeship import gotemplate, sanitize, values
from kubeship.errors import InputError
from kubeship.gotemplate.functions import gotemplate_functions
from kubeship.expressions import ArtifactContext, InfraContext, ResolveOptions, build_context, resolve_text
from kubeship.manifests import Manifest, parse_documents, sort_for_apply
from kubeship.render.chart import Chart, is_chart
from kubeship.render.service import ServiceDirectory, load_service_directory, read_text_file
from kubeship.render.template_hints import template_input_error

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderRequest:
    """Everything a render needs besides the service directory's (or chart's) own files.

    ``values_files`` are merged after ``values.yaml`` in order, then the ``--set``
    flags in Helm's order (``set_json``, ``set_values``, ``set_string``, ``set_file``,
    ``set_literal``).
    ``artifact`` is None when no image was given, or a function that builds it. The
    pipeline calls that function after reading the service directory, so a wrong
    directory is reported before any credential lookup.
    """

    service_dir: Path
    namespace: str = "default"
    artifact: ArtifactContext | Callable[[], ArtifactContext | None] | None = None
    values_files: Sequence[Path] = ()
    set_values: Sequence[str] = ()
    allow_unresolved: bool = False
    service_variables: Mapping[str, Any] | None = None
    secret_lookup: Callable[[str], str | None] | None = None
    # "helm" types numbers as float64 as Helm and Harness do; "yaml" keeps yaml.v2's integers.
    values_typing: str = values.HELM
    # Helm's other --set flags, applied after --set-json and --set in Helm's order.
    set_string: Sequence[str] = ()
    set_json: Sequence[str] = ()
    set_file: Sequence[str] = ()
    set_literal: Sequence[str] = ()
    # Helm charts only: the release .Release and .Capabilities describe, and missingkey=error.
    release_name: str = "release-name"
    kube_version: str | None = None
    api_versions: Sequence[str] = ()
    strict: bool = False


@dataclass
class RenderResult:
    """The rendered manifests in apply order, and what produced them."""

    manifests: list[Manifest]
    values: dict[str, Any]
    # The service directory rendered, or None for a Helm chart (then ``chart`` is set).
    service: ServiceDirectory | None
    rendered_text: dict[str, str] = field(default_factory=dict)
    chart: Chart | None = None


def render_service(request: RenderRequest) -> RenderResult:
    """Render a service directory, or a Helm chart, into manifests sorted for apply.

    ``request.service_dir`` is a Helm chart when it holds ``Chart.yaml`` or is a
    ``.tgz`` archive; :func:`kubeship.render.chart_pipeline.render_chart` renders it
    as ``helm template`` does. Raises InputError (with file, line and column where
    known) for a missing or invalid values file, an expression that cannot be
    resolved, a template that does not parse or execute, and rendered output that is
    not valid YAML.
    """
    if is_chart(request.service_dir):
        # Imported here because the chart pipeline builds on this module's helpers.
        from kubeship.render.chart_pipeline import render_chart

        return render_chart(request)
    service = load_service_directory(request.service_dir)
    artifact, context = expression_context(request)
    merged = _merged_values(service, request, context)

    manifests: list[Manifest] = []
    rendered_text: dict[str, str] = {}
    for manifest_file in service.manifests:
        display_path = str(Path(request.service_dir) / manifest_file.relative_path)
        text = render_template(manifest_file.text, {"Values": merged}, name=display_path)
        rendered_text[manifest_file.relative_path] = text
        manifests.extend(parse_documents(text, manifest_file.relative_path))
    register_secret_values(manifests)
    if artifact is not None:
        annotate_pull_secret_expiry(manifests, artifact)
    log.debug("rendered %d manifest files into %d objects", len(service.manifests), len(manifests))
    return RenderResult(sort_for_apply(manifests), merged, service, rendered_text)


_PULL_SECRET_KEYS = {"kubernetes.io/dockercfg": ".dockercfg", "kubernetes.io/dockerconfigjson": ".dockerconfigjson"}


def expression_context(request: RenderRequest) -> tuple[ArtifactContext | None, dict[str, Any]]:
    """Return the request's artifact (built now when it is a function) and the context ``${...}`` expressions read."""
    artifact = request.artifact() if callable(request.artifact) else request.artifact
    context = build_context(
        artifact=artifact,
        infra=InfraContext(namespace=request.namespace),
        service_variables=request.service_variables,
        secret_lookup=request.secret_lookup,
    )
    return artifact, context


def annotate_pull_secret_expiry(manifests: list[Manifest], artifact: ArtifactContext) -> None:
    """Add the credential expiry annotation to each pull secret that carries the artifact's payload.

    A template builds the Secret, so the payload is how kubeship recognises it: the
    ``.dockercfg`` or ``.dockerconfigjson`` value equals ``${artifact.source.dockerconfig}``
    or ``${artifact.source.dockerconfigjson}``.
    """
    if not artifact.expiry_annotations:
        return
    payloads = {artifact.dockerconfig, artifact.dockerconfigjson} - {""}
    for manifest in manifests:
        key = _PULL_SECRET_KEYS.get(str(manifest.obj.get("type", "")))
        data = manifest.obj.get("data")
        if manifest.kind != "Secret" or key is None or not isinstance(data, dict) or data.get(key) not in payloads:
            continue
        metadata = manifest.obj.setdefault("metadata", {})
        if not isinstance(metadata.get("annotations"), dict):
            metadata["annotations"] = {}
        metadata["annotations"].update(artifact.expiry_annotations)


def register_secret_values(manifests: list[Manifest]) -> None:
    """Register every Secret value with the sanitizer, so that no log line or error can show it."""
    for manifest in manifests:
        if manifest.kind != "Secret":
            continue
        for field_name, encoded in (("data", True), ("stringData", False)):
            entries = manifest.obj.get(field_name)
            if not isinstance(entries, dict):
                continue
            for value in entries.values():
                if not isinstance(value, str):
                    continue
                sanitize.register_secret(value, kind="secret-data")
                if encoded:
                    sanitize.register_secret(_base64_decoded(value), kind="secret-data")


def _base64_decoded(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _merged_values(service: ServiceDirectory, request: RenderRequest, context: dict[str, Any]) -> dict[str, Any]:
    return values.merge_sources(value_sources(request, context, (service.values_path, *request.values_files)),
                                typing=request.values_typing)


def value_sources(request: RenderRequest, context: dict[str, Any], files: Sequence[Path]) -> values.ValueSources:
    """Return the request's value sources; each file's ``${...}`` expressions are resolved before it is parsed."""
    options = ResolveOptions(allow_unresolved=request.allow_unresolved, name_hints=_NAME_HINTS)

    def load_file(path: str | Path) -> dict[str, Any]:
        text = read_text_file(path)
        resolved = resolve_text(text, context, path=str(path), options=options)
        return values.load_values_text(resolved, str(path), typing=request.values_typing)

    return values.ValueSources(files=files, set_json=request.set_json, set_values=request.set_values,
                               set_string=request.set_string, set_file=request.set_file,
                               set_literal=request.set_literal, load_file=load_file)


_NAME_HINTS = {
    "artifact": "pass --image to give the artifact these expressions describe",
    "serviceVariable": "define it with --service-variable NAME=VALUE",
    "secrets": "kubeship reads ${secrets.getValue(\"NAME\")} from the environment variable KUBESHIP_SECRET_NAME",
}


@functools.cache
def _harness_functions() -> dict[str, Any]:
    return gotemplate_functions()


def render_template(text: str, data: dict[str, Any], *, name: str) -> str:
    """Execute one manifest template as Harness's go-template does (missing keys print ``<no value>``).

    Raises InputError carrying Go's error text and the template's position.
    """
    template = gotemplate.Template(name).funcs(_harness_functions())
    try:
        return template.parse(text).execute(data)
    except gotemplate.TemplateError as error:
        # Go's error text already names the template, line and column.
        raise template_input_error(error, template.function_names()) from None
