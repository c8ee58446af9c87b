"""A service directory: ``values.yaml`` at its root and manifest files below it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kubeship.errors import InputError, SourcePosition

VALUES_FILE = "values.yaml"
MANIFEST_SUFFIXES = (".yaml", ".yml")
# A manifest whose first line is one of these is not deployed.
SKIP_MARKERS = ("# harness.io/skip-file-for-deploy", "# kubeship.io/skip-file")


@dataclass(frozen=True)
class ManifestFile:
    """One manifest template: its path relative to the service directory, and its text."""

    relative_path: str
    path: Path
    text: str


@dataclass(frozen=True)
class ServiceDirectory:
    """The files of a service: its values file and its manifest templates in path order."""

    root: Path
    values_path: Path
    manifests: tuple[ManifestFile, ...]
    skipped: tuple[str, ...]


def load_service_directory(root: str | Path) -> ServiceDirectory:
    """Read a service directory.

    Manifests are the ``*.yaml`` and ``*.yml`` files anywhere below ``root``, except files
    named ``values.yaml`` and files whose first line is a skip marker. Hidden
    directories are ignored. Raises InputError when ``root`` or its values file is missing.
    """
    root_path = Path(root)
    if not root_path.is_dir():
        problem = "is a file, not a directory" if root_path.exists() else "not found"
        raise InputError(
            f"service directory {root} {problem}",
            hint="pass the directory that holds values.yaml and the manifest templates, or a Helm chart .tgz",
        )
    values_path = root_path / VALUES_FILE
    if not values_path.is_file():
        raise InputError(
            "values file not found",
            position=SourcePosition(str(values_path)),
            hint="a service directory needs values.yaml at its root, even if it is empty",
        )

    manifests: list[ManifestFile] = []
    skipped: list[str] = []
    for path in sorted(_manifest_paths(root_path)):
        relative = path.relative_to(root_path).as_posix()
        text = _read_text(path)
        if _first_line(text).strip() in SKIP_MARKERS:
            skipped.append(relative)
            continue
        manifests.append(ManifestFile(relative, path, text))
    return ServiceDirectory(root_path, values_path, tuple(manifests), tuple(skipped))


def _manifest_paths(root: Path) -> list[Path]:
    paths = []
    for path in root.rglob("*"):
        relative_parts = path.relative_to(root).parts
        if any(part.startswith(".") for part in relative_parts):
            continue
        if path.is_file() and path.suffix in MANIFEST_SUFFIXES and path.name != VALUES_FILE:
            paths.append(path)
    return paths


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 text (invalid byte at offset {error.start})",
            position=SourcePosition(str(path)),
            hint="save the file as UTF-8",
        ) from None
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", position=SourcePosition(str(path))) from None


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def read_text_file(path: str | Path) -> str:
    """Read a UTF-8 text input file, raising InputError when it is missing or unreadable."""
    file_path = Path(path)
    if file_path.is_dir():
        raise InputError("is a directory, not a file", position=SourcePosition(str(path)),
                         hint="give the path of a values file with -f/--values")
    if not file_path.is_file():
        raise InputError("file not found", position=SourcePosition(str(path)), hint="check the path given with -f/--values")
    return _read_text(file_path)
