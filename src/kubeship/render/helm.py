"""Render a chart's templates as Helm v3.21's engine does (``pkg/engine``, ``chartutil.ToRenderValues``).

Every template of the chart and its subcharts is parsed into one template set,
deeper paths first and then in reverse alphabetical order, so that a later
``define`` of the same name wins as it does in Helm. Each template whose base
name does not start with ``_`` then executes with its own chart's ``.Values``,
``.Chart`` and ``.Files``. Missing keys follow ``missingkey=zero`` (``error`` when
strict), and every ``<no value>`` is removed from the output. Errors read as
Helm's: ``parse error at (FILE:LINE): ...`` and ``execution error at (FILE:LINE:COL): ...``.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from kubeship.errors import InputError
from kubeship.gotemplate import Template, TemplateError, TemplateExecError, TemplateParseError, gotypes
from kubeship.gotemplate.functions import cleanup_exec_error, helm_functions, template_bound_functions
from kubeship.render.chart import Chart
from kubeship.render.template_hints import template_input_error
from kubeship.render.chart_values import NoTable, coalesce_chart_values, is_compatible_range, table
from kubeship.render.helm_objects import (
    BuildInfo,
    Capabilities,
    HelmFiles,
    HelmValues,
    KubeVersion,
    VersionSet,
    template_chart,
)

# The Helm release whose engine kubeship reproduces, and the Kubernetes version a released
# build of it reports to `helm template` (its default for .Capabilities.KubeVersion).
HELM_VERSION = "v3.21.4"
DEFAULT_KUBE_VERSION = "v1.36.0"
# chartutil.DefaultVersionSet: the group versions client-go v0.36 registers, in Helm's order.
DEFAULT_API_VERSIONS = (
    "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1", "apps/v1beta1",
    "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1", "autoscaling/v1", "autoscaling/v2", "batch/v1",
    "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1", "events.k8s.io/v1", "events.k8s.io/v1beta1", "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1beta1", "node.k8s.io/v1",
    "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1beta1", "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
)
DEFAULT_RELEASE_NAME = "release-name"
NO_VALUE = "<no value>"

_RELEASE_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_MAX_RELEASE_NAME = 53
_KUBE_VERSION = re.compile(r"^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$")


@dataclass(frozen=True)
class HelmRelease:
    """The release settings that ``.Release`` and ``.Capabilities`` show; ``helm template``'s defaults unless given."""

    name: str = DEFAULT_RELEASE_NAME
    namespace: str = "default"
    kube_version: str | None = None
    api_versions: tuple[str, ...] = field(default=())


def validate_release_name(name: str) -> None:
    """Raise InputError unless ``name`` is a release name Helm accepts."""
    if not name:
        raise InputError('release name "": no name provided', hint="give --release-name NAME")
    if len(name) > _MAX_RELEASE_NAME or not _RELEASE_NAME.match(name):
        raise InputError(
            f'release name "{name}": invalid release name, must match regex {_RELEASE_NAME.pattern} '
            "and the length must not be longer than 53",
            hint="use lower-case letters, digits, - and . only",
        )


def parse_kube_version(text: str) -> KubeVersion:
    """Parse a Kubernetes version as ``helm template --kube-version`` does (``1.29``, ``v1.29.3``)."""
    match = _KUBE_VERSION.match(text)
    if match is None:
        raise InputError(f"invalid --kube-version {text!r}: could not parse it as a version",
                         hint="give MAJOR.MINOR or MAJOR.MINOR.PATCH, for example 1.34")
    components = match.group(1).split(".")
    if len(components) < 2:
        raise InputError(f"invalid --kube-version {text!r}: illegal version string",
                         hint="give at least MAJOR.MINOR, for example 1.34")
    if components[0].startswith("0") and components[0] != "0":
        raise InputError(f"invalid --kube-version {text!r}: illegal zero-prefixed version component",
                         hint="write the major version without a leading zero")
    numbers = [str(int(component)) for component in components]
    return KubeVersion(Version="v" + ".".join(numbers), Major=numbers[0], Minor=numbers[1])


def capabilities(release: HelmRelease) -> gotypes.GoPointer:
    """Return ``.Capabilities`` as ``helm template`` builds it without a cluster."""
    kube_version = (parse_kube_version(release.kube_version) if release.kube_version
                    else parse_kube_version(DEFAULT_KUBE_VERSION))
    # NOTE: a released Helm binary also reports its git commit and Go version; kubeship reports neither.
    return gotypes.GoPointer(Capabilities(
        KubeVersion=kube_version,
        APIVersions=VersionSet([*DEFAULT_API_VERSIONS, *release.api_versions]),
        HelmVersion=BuildInfo(Version=HELM_VERSION),
    ))


def check_kube_version(chart: Chart, caps: gotypes.GoPointer) -> None:
    """Reject a chart whose ``kubeVersion`` constraint the target Kubernetes version does not meet."""
    constraint = chart.metadata.kube_version
    version = caps.target.KubeVersion.Version
    if constraint and not is_compatible_range(constraint, version):
        raise InputError(f"chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {version}",
                         hint="pass --kube-version with a version the chart supports")


def render_values(chart: Chart, values: dict[str, Any]) -> HelmValues:
    """Return ``.Values`` of the top chart: the user's values coalesced with the charts' (``ToRenderValues``)."""
    return HelmValues(coalesce_chart_values(chart, values))


@dataclass
class _Renderable:
    text: str
    data: dict[str, Any]
    base_path: str


def render_chart_templates(chart: Chart, values: HelmValues, release: HelmRelease, caps: gotypes.GoPointer, *,
                           strict: bool = False) -> dict[str, str]:
    """Render every template of ``chart`` and its subcharts; return the output by template name.

    Partials (``_*``) are parsed but not in the result. Raises InputError with Helm's
    parse or execution error text.
    """
    release_map = {"Name": release.name, "Namespace": release.namespace, "IsUpgrade": False, "IsInstall": True,
                   "Revision": 1, "Service": "Helm"}
    renderables: dict[str, _Renderable] = {}
    _collect_templates(chart, renderables, {"Release": release_map, "Capabilities": caps, "Values": values})

    root = Template("gotpl").option("missingkey=error" if strict else "missingkey=zero")
    root.funcs(_helm_function_map()).funcs(template_bound_functions(strict))
    names = sorted(renderables, key=lambda name: (name.count("/"), name.encode("utf-8", "surrogateescape")),
                   reverse=True)
    for name in names:
        try:
            root.new(name).parse(renderables[name].text)
        except TemplateParseError as error:
            raise template_input_error(error, root.function_names(), message=cleanup_parse_error(name, str(error))) from None

    rendered: dict[str, str] = {}
    for name in names:
        if posixpath.basename(name).startswith("_"):
            continue
        renderable = renderables[name]
        renderable.data["Template"] = HelmValues({"Name": name, "BasePath": renderable.base_path})
        try:
            output = root.execute_template(name, renderable.data)
        except TemplateExecError as error:
            raise InputError(cleanup_exec_error(name, str(error))) from None
        except TemplateError as error:
            raise InputError(str(error)) from None
        rendered[name] = output.replace(NO_VALUE, "")
    return rendered


@functools.cache
def _helm_function_map() -> dict[str, Any]:
    return helm_functions()


def _collect_templates(chart: Chart, renderables: dict[str, _Renderable], parent: dict[str, Any]) -> dict[str, Any]:
    """Add the chart's templates to ``renderables`` and return the data its templates see (Helm's ``recAllTpls``)."""
    subcharts: dict[str, Any] = {}
    data: dict[str, Any] = {
        "Chart": template_chart(chart.metadata, chart.is_root),
        "Files": HelmFiles((f.name, f.data) for f in chart.files),
        "Release": parent["Release"],
        "Capabilities": parent["Capabilities"],
        "Values": HelmValues(),
        "Subcharts": subcharts,
    }
    if chart.is_root:
        data["Values"] = parent["Values"]
    else:
        try:
            # NOTE: a copy, where Helm shares the map with the parent's .Values.<name>, so a
            # template's `set` on one is not seen through the other.
            data["Values"] = HelmValues(table(parent, "Values." + chart.name))
        except NoTable:
            pass

    for subchart in chart.dependencies:
        subcharts[subchart.name] = _collect_templates(subchart, renderables, data)

    prefix = chart.full_path
    library = chart.metadata.type.lower() == "library"
    for template_file in chart.templates:
        if library and not posixpath.basename(template_file.name).startswith("_"):
            continue
        renderables[posixpath.join(prefix, template_file.name)] = _Renderable(
            gotypes.string_from_bytes(template_file.data), data, posixpath.join(prefix, "templates"))
    return data


def cleanup_parse_error(filename: str, message: str) -> str:
    """Reword a parse error as Helm's ``cleanupParseError``: ``parse error at (FILE:LINE): MESSAGE``."""
    tokens = message.split(": ")
    if len(tokens) == 1:
        return f"parse error in ({filename}): {message}"
    return f"parse error at ({tokens[1]}): {tokens[-1]}"
