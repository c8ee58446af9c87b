"""The render pipeline: service directory -> resolved values -> Go templates -> manifests."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kubeship import gotemplate, values
from kubeship.errors import InputError
from kubeship.expressions import ArtifactContext, InfraContext, ResolveOptions, build_context, resolve_text
from kubeship.manifests import Manifest, parse_documents, sort_for_apply
from kubeship.render.service import ServiceDirectory, load_service_directory, read_text_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderRequest:
    """Everything a render needs besides the service directory's own files.

    ``values_files`` are merged after ``values.yaml`` in order, then ``set_values``
    (Helm ``--set`` syntax). ``artifact`` is None when no image was given.
    """

    service_dir: Path
    namespace: str = "default"
    artifact: ArtifactContext | None = None
    values_files: Sequence[Path] = ()
    set_values: Sequence[str] = ()
    allow_unresolved: bool = False
    service_variables: Mapping[str, Any] | None = None


@dataclass
class RenderResult:
    """The rendered manifests in apply order, and what produced them."""

    manifests: list[Manifest]
    values: dict[str, Any]
    service: ServiceDirectory
    rendered_text: dict[str, str] = field(default_factory=dict)


def render_service(request: RenderRequest) -> RenderResult:
    """Render a service directory into manifests sorted for apply.

    Raises InputError (with file, line and column where known) for a missing or
    invalid values file, an expression that cannot be resolved, a template that does
    not parse or execute, and rendered output that is not valid YAML.
    """
    service = load_service_directory(request.service_dir)
    context = build_context(
        artifact=request.artifact,
        infra=InfraContext(namespace=request.namespace),
        service_variables=request.service_variables,
    )
    merged = _merged_values(service, request, context)

    manifests: list[Manifest] = []
    rendered_text: dict[str, str] = {}
    for manifest_file in service.manifests:
        display_path = str(Path(request.service_dir) / manifest_file.relative_path)
        text = render_template(manifest_file.text, {"Values": merged}, name=display_path)
        rendered_text[manifest_file.relative_path] = text
        manifests.extend(parse_documents(text, manifest_file.relative_path))
    log.debug("rendered %d manifest files into %d objects", len(service.manifests), len(manifests))
    return RenderResult(sort_for_apply(manifests), merged, service, rendered_text)


def _merged_values(service: ServiceDirectory, request: RenderRequest, context: dict[str, Any]) -> dict[str, Any]:
    options = ResolveOptions(allow_unresolved=request.allow_unresolved)
    sources = [service.values_path, *request.values_files]
    layers = []
    for path in sources:
        text = read_text_file(path)
        resolved = resolve_text(text, context, path=str(path), options=options)
        layers.append(values.load_values_text(resolved, path=str(path)))
    merged = values.merge_values(*layers)
    for assignment in request.set_values:
        merged = values.apply_set(merged, assignment)
    return merged


def render_template(text: str, data: dict[str, Any], *, name: str) -> str:
    """Execute one manifest template as Harness's go-template does (missing keys print ``<no value>``).

    Raises InputError carrying Go's error text and the template's position.
    """
    try:
        template = gotemplate.Template(name).funcs(gotemplate.gotemplate_functions()).parse(text)
        return template.execute(data)
    except gotemplate.TemplateError as error:
        # Go's error text already names the template, line and column.
        raise InputError(str(error)) from None
