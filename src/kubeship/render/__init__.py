"""The render pipeline: a service directory or a Helm chart, and an image, to sorted Kubernetes manifests."""

from kubeship.render.chart import Chart, ChartFile, is_chart, load_chart
from kubeship.render.output import OUTPUT_FORMATS, dump_yaml, format_manifests, write_output, write_output_dir
from kubeship.render.pipeline import RenderRequest, RenderResult, render_service, render_template
from kubeship.render.service import ManifestFile, ServiceDirectory, load_service_directory

__all__ = [
    "OUTPUT_FORMATS",
    "Chart",
    "ChartFile",
    "ManifestFile",
    "RenderRequest",
    "RenderResult",
    "ServiceDirectory",
    "dump_yaml",
    "format_manifests",
    "is_chart",
    "load_chart",
    "load_service_directory",
    "render_service",
    "render_template",
    "write_output",
    "write_output_dir",
]
