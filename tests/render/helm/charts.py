"""Render a chart case with kubeship and with Helm (the Go oracle), from the same files on disk."""

from __future__ import annotations

import io
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kubeship.errors import KubeshipError
from kubeship.manifests import parse_documents
from kubeship.render import RenderRequest, RenderResult, render_service

CASES_DIR = Path(__file__).parent / "cases"


@dataclass(frozen=True)
class ChartCase:
    """One row of a chart table: the chart's files, the user's values and flags, and how errors compare."""

    file: str
    name: str
    chart: dict[str, Any]
    values: list[str] = field(default_factory=list)
    set: list[str] = field(default_factory=list)
    set_string: list[str] = field(default_factory=list)
    set_json: list[str] = field(default_factory=list)
    set_file: dict[str, str] = field(default_factory=dict)
    release: dict[str, str] = field(default_factory=dict)
    kube_version: str | None = None
    api_versions: list[str] = field(default_factory=list)
    strict: bool = False
    archive: bool = False
    # None: the chart renders. "helm": it fails with Helm's error text. Any other text: it fails,
    # kubeship words the error itself, and its message contains this text.
    error: str | None = None
    xfail: str | None = None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"


def load_cases() -> list[ChartCase]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(ChartCase(file=path.stem, **entry))
    return cases


def write_chart(case: ChartCase, directory: Path) -> Path:
    """Write the case's chart below ``directory``; return the chart directory, or its .tgz archive.

    A file whose content is a map of files (``charts/redis-1.0.0.tgz: {Chart.yaml: ...}``)
    is written as a .tgz archive of them.
    """
    root = directory / "chart"
    for name, content in case.chart.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pack_archive(content) if isinstance(content, dict) else content.encode("utf-8"))
    if not case.archive:
        return root
    archive = directory / "chart.tgz"
    archive.write_bytes(pack_archive(case.chart))
    return archive


def pack_archive(files: dict[str, Any]) -> bytes:
    """Return a gzipped tar archive of ``files`` inside one top directory, as `helm package` writes it."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in sorted(files.items()):
            data = pack_archive(content) if isinstance(content, dict) else content.encode("utf-8")
            info = tarfile.TarInfo(f"chart/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@dataclass
class Outcome:
    """What one engine produced: the rendered templates and manifests, or an error text."""

    rendered: dict[str, str] | None = None
    manifests: list[tuple[str, str]] | None = None
    error: str | None = None
    exception: KubeshipError | None = None


def render_kubeship(case: ChartCase, chart_path: Path, directory: Path) -> Outcome:
    values_files = []
    for index, text in enumerate(case.values):
        path = directory / f"values-{index}.yaml"
        path.write_text(text, encoding="utf-8")
        values_files.append(path)
    set_file = []
    for key, text in case.set_file.items():
        path = directory / f"set-file-{key}.txt"
        path.write_text(text, encoding="utf-8")
        set_file.append(f"{key}={path}")
    request = RenderRequest(
        service_dir=chart_path, namespace=case.release.get("namespace", "default"), values_files=tuple(values_files),
        set_values=tuple(case.set), set_string=tuple(case.set_string), set_json=tuple(case.set_json),
        set_file=tuple(set_file), release_name=case.release.get("name", "release-name"),
        kube_version=case.kube_version, api_versions=tuple(case.api_versions), strict=case.strict,
    )
    try:
        result: RenderResult = render_service(request)
    except KubeshipError as error:
        return Outcome(error=error.message, exception=error)
    return Outcome(rendered=result.rendered_text, manifests=comparable([(m.source, m.obj) for m in result.manifests]))


def render_helm(oracle: Any, case: ChartCase, chart_path: Path) -> Outcome:
    result = oracle.render(
        None, engine="helm", chart={"path": str(chart_path)},
        values=[(f"values-{index}.yaml", text) for index, text in enumerate(case.values)],
        set=case.set, set_string=case.set_string, set_json=case.set_json,
        set_file=[f"{key}=set-file-{key}.txt" for key in case.set_file],
        files={f"set-file-{key}.txt": text for key, text in case.set_file.items()},
        release=case.release or None, kube_version=case.kube_version, api_versions=case.api_versions,
        strict=case.strict, helm_template=True,
    )
    if not result.ok:
        return Outcome(error=result.error)
    return Outcome(rendered=result.outputs, manifests=comparable(printed_manifests(result.manifest or "")))


def printed_manifests(text: str) -> list[tuple[str, Any]]:
    """Split `helm template`'s output into (source, object) pairs."""
    objects = []
    for block in text.split("---\n# Source: ")[1:]:
        source, _, content = block.partition("\n")
        objects.extend((source, manifest.obj) for manifest in parse_documents(content, source))
    return objects


def comparable(objects: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """Return the objects as sorted (source, YAML) pairs, so both engines' orders compare equal."""
    return sorted((source, yaml.safe_dump(obj, sort_keys=True)) for source, obj in objects)
