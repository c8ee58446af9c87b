"""Helm charts, loaded as Helm v3's ``pkg/chart/loader`` loads them from a directory or a ``.tgz`` archive.

A directory is read with its ``.helmignore`` rules (an archive is read whole, as
Helm reads it). ``Chart.yaml`` gives the metadata, ``values.yaml`` the chart's
values, ``templates/`` the templates and ``charts/`` the subcharts, each an
unpacked directory or a ``.tgz`` archive. Every other file is a chart file that
templates read through ``.Files``.
"""

from __future__ import annotations

import gzip
import io
import logging
import posixpath
import re
import stat
import tarfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kubeship.errors import InputError, SourcePosition
from kubeship.render.chart_metadata import (
    API_VERSION_V1,
    ChartMetadata,
    decode_chart_yaml,
    validate_metadata,
)
from kubeship.render.helmignore import load_ignore_rules
from kubeship.values import GoYAMLError, ValuesError, load_values_text

log = logging.getLogger(__name__)

CHART_FILE = "Chart.yaml"
# Helm's MaxDecompressedFileSize and MaxDecompressedChartSize.
MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ARCHIVE_SIZE = 100 * 1024 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"
_DRIVE_PATH = re.compile(r"^[a-zA-Z]:/")


@dataclass(frozen=True)
class ChartFile:
    """A file of a chart: its ``/``-separated path relative to the chart root, and its bytes."""

    name: str
    data: bytes


class Chart:
    """A loaded chart and its subcharts, shaped like Helm's ``chart.Chart``.

    ``location`` is where the chart's files came from (a directory, or a path
    inside an archive), for error messages.
    """

    def __init__(self, metadata: ChartMetadata, location: str) -> None:
        self.metadata = metadata
        self.location = location
        self.values: dict[str, Any] | None = None
        self.schema: bytes | None = None
        self.templates: list[ChartFile] = []
        self.files: list[ChartFile] = []
        self.parent: Chart | None = None
        self._dependencies: list[Chart] = []

    @property
    def name(self) -> str:
        return self.metadata.name

    @property
    def dependencies(self) -> list[Chart]:
        return self._dependencies

    def set_dependencies(self, charts: Iterable[Chart]) -> None:
        """Replace the subcharts (with a new list, as Go's ``SetDependencies`` builds a new slice)."""
        self._dependencies = []
        self.add_dependencies(charts)

    def add_dependencies(self, charts: Iterable[Chart]) -> None:
        for chart in charts:
            chart.parent = self
            self._dependencies.append(chart)

    @property
    def is_root(self) -> bool:
        return self.parent is None

    @property
    def full_path(self) -> str:
        """Return Helm's ``ChartFullPath``: ``web``, ``web/charts/redis`` …, the prefix of template names."""
        if self.parent is None:
            return self.name
        return f"{self.parent.full_path}/charts/{self.name}"

    def source(self, name: str) -> str:
        """Return where the chart file ``name`` came from, for messages."""
        return f"{self.location}/{name}"

    def __repr__(self) -> str:
        return f"Chart({self.name!r}, {self.location!r})"


def is_chart(path: str | Path) -> bool:
    """Return whether ``path`` is a chart: a directory with ``Chart.yaml``, or a ``.tgz`` file."""
    path = Path(path)
    if path.is_dir():
        return (path / CHART_FILE).is_file()
    return path.is_file() and path.name.endswith((".tgz", ".tar.gz"))


def load_chart(path: str | Path) -> Chart:
    """Load the chart at ``path`` (a directory or a ``.tgz`` archive) with its subcharts.

    Raises InputError naming the file (and line and column where there is one) for
    every problem Helm's loader reports.
    """
    path = Path(path)
    if path.is_dir():
        return load_files(_directory_files(path), str(path))
    if not path.is_file():
        raise InputError(f"chart {path} not found", hint="pass a chart directory (with Chart.yaml) or a .tgz archive")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read the chart archive: {error.strerror}", position=SourcePosition(str(path))) from None
    return load_files(archive_files(data, str(path)), str(path))


# ---------------------------------------------------------------------------
# Reading files


def _directory_files(root: Path) -> list[ChartFile]:
    rules = load_ignore_rules(root)
    files: list[ChartFile] = []

    def walk(directory: Path, prefix: str) -> None:
        for entry in sorted(directory.iterdir(), key=lambda p: p.name):
            name = prefix + entry.name
            if entry.is_dir():
                if not rules.ignores(name, True):
                    walk(entry, name + "/")
                continue
            if rules.ignores(name, False):
                continue
            files.append(ChartFile(name, _read_chart_file(entry)))

    walk(root, "")
    return files


def _read_chart_file(path: Path) -> bytes:
    position = SourcePosition(str(path))
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise InputError(f"cannot read the chart file: {error.strerror}", position=position) from None
    if not stat.S_ISREG(mode):
        raise InputError("cannot load an irregular file (a device, socket or pipe) into a chart", position=position,
                         hint="remove it from the chart or list it in .helmignore")
    if path.stat().st_size > MAX_FILE_SIZE:
        raise InputError(f"chart file is larger than the maximum file size {MAX_FILE_SIZE}", position=position,
                         hint="list it in .helmignore if templates do not need it")
    try:
        return path.read_bytes().removeprefix(_UTF8_BOM)
    except OSError as error:
        raise InputError(f"cannot read the chart file: {error.strerror}", position=position) from None


def archive_files(data: bytes, location: str) -> list[ChartFile]:
    """Return the files of a chart archive as Helm's ``LoadArchiveFiles`` reads them.

    The first component of each path (the chart's directory) is dropped. Raises
    InputError for a file that is not a gzipped tar archive, a path that leaves the
    chart directory, and the size limits.
    """
    position = SourcePosition(location)
    if not data.startswith(b"\x1f\x8b\x08"):
        hint = "pass the chart directory, or the .tgz that helm package writes"
        raise InputError("the chart file does not appear to be a gzipped archive", position=position, hint=hint)
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            return _archive_members(archive, position)
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, OSError, zlib.error) as error:
        raise InputError(f"cannot read the chart archive: {error}", position=position) from None


def _archive_members(archive: tarfile.TarFile, position: SourcePosition) -> list[ChartFile]:
    files: list[ChartFile] = []
    remaining = MAX_ARCHIVE_SIZE
    for member in archive:
        if member.isdir():
            continue
        delimiter = "\\" if "\\" in member.name else "/"
        parts = member.name.split(delimiter)
        name = "/".join(parts[1:])
        if name.startswith("/"):
            raise InputError("chart illegally contains absolute paths", position=position)
        name = posixpath.normpath(name) if name else "."
        if name == ".":
            raise InputError(f"chart illegally contains content outside the base directory: {member.name!r}",
                             position=position)
        if name.startswith(".."):
            raise InputError("chart illegally references parent directory", position=position)
        if _DRIVE_PATH.match(name):
            raise InputError("chart contains illegally named files", position=position)
        if parts[0] == CHART_FILE:
            raise InputError("chart yaml not in base directory", position=position,
                             hint="an archive's files must sit in one top directory named after the chart")
        if member.size > MAX_FILE_SIZE:
            raise InputError(f"decompressed chart file {member.name!r} is larger than the maximum file size "
                             f"{MAX_FILE_SIZE}", position=position)
        content = archive.extractfile(member) if member.isreg() else None
        payload = content.read() if content is not None else b""
        remaining -= len(payload)
        if remaining <= 0:
            raise InputError(f"decompressed chart is larger than the maximum file size {MAX_ARCHIVE_SIZE}",
                             position=position)
        files.append(ChartFile(name, payload.removeprefix(_UTF8_BOM)))
    if not files:
        raise InputError("no files in chart archive", position=position)
    return files


# ---------------------------------------------------------------------------
# Building the chart (loader.LoadFiles)


def load_files(files: list[ChartFile], location: str) -> Chart:
    """Build a chart from its files as Helm's ``LoadFiles`` does, subcharts included."""
    metadata: ChartMetadata | None = None
    for chart_file in files:
        if chart_file.name == CHART_FILE:
            metadata = decode_chart_yaml(chart_file.data, f"{location}/{CHART_FILE}", metadata)
            if not metadata.api_version:
                metadata.api_version = API_VERSION_V1
    if metadata is None:
        raise InputError("Chart.yaml file is missing", position=SourcePosition(f"{location}/{CHART_FILE}"),
                         hint="a chart directory needs Chart.yaml with apiVersion, name and version")

    chart = Chart(metadata, location)
    subchart_files: dict[str, list[ChartFile]] = {}
    for chart_file in files:
        _sort_file(chart, chart_file, subchart_files)

    validate_metadata(metadata, chart.source(CHART_FILE))
    for directory, members in subchart_files.items():
        subchart = _load_subchart(chart, directory, members)
        if subchart is not None:
            chart.add_dependencies([subchart])
    return chart


def _sort_file(chart: Chart, chart_file: ChartFile, subchart_files: dict[str, list[ChartFile]]) -> None:
    name = chart_file.name
    if name in (CHART_FILE, "Chart.lock", "requirements.lock"):
        # Lock files pin what `helm dependency build` fetched; rendering does not read them.
        if name == "requirements.lock" and chart.metadata.api_version == API_VERSION_V1:
            chart.files.append(chart_file)
        return
    if name == "values.yaml":
        chart.values = _load_chart_values(chart_file.data, chart.source(name))
    elif name == "values.schema.json":
        chart.schema = chart_file.data
    elif name == "requirements.yaml":
        if chart.metadata.api_version != API_VERSION_V1:
            log.warning("%s: dependencies belong in Chart.yaml since apiVersion v2", chart.source(name))
        decode_chart_yaml(chart_file.data, chart.source(name), chart.metadata)
        if chart.metadata.api_version == API_VERSION_V1:
            chart.files.append(chart_file)
    elif name.startswith("templates/"):
        chart.templates.append(chart_file)
    elif name.startswith("charts/"):
        if posixpath.splitext(name)[1] == ".prov":
            chart.files.append(chart_file)
            return
        relative = name.removeprefix("charts/")
        directory = relative.split("/", 1)[0]
        subchart_files.setdefault(directory, []).append(ChartFile(relative, chart_file.data))
    else:
        chart.files.append(chart_file)


def _load_chart_values(data: bytes, path: str) -> dict[str, Any]:
    try:
        return load_values_text(data, path)
    except GoYAMLError as error:
        raise InputError(f"cannot load values.yaml: {error.message}", position=error.position,
                         hint=error.hint or "fix the YAML syntax") from None
    except ValuesError as error:
        raise InputError(f"cannot load values.yaml: {error.message}", position=error.position, hint=error.hint) from None


def _load_subchart(parent: Chart, directory: str, members: list[ChartFile]) -> Chart | None:
    if directory[:1] in ("_", "."):
        return None
    location = parent.source(f"charts/{directory}")
    if posixpath.splitext(directory)[1] == ".tgz":
        first = members[0]
        if first.name != directory:
            raise InputError(f"error unpacking subchart tar in {parent.name}: expected {directory}, got {first.name}",
                             position=SourcePosition(location))
        return load_files(archive_files(first.data, location), location)
    inner = [ChartFile(m.name.split("/", 1)[1], m.data) for m in members if "/" in m.name]
    return load_files(inner, location)
