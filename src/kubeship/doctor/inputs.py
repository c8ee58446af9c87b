"""Reading rendered manifests for the doctor: a file, a directory of files, or standard input."""

from __future__ import annotations

import sys
from pathlib import Path

from kubeship.errors import InputError, SourcePosition
from kubeship.manifests import Manifest, parse_documents

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
YAML_HINT = "fix the YAML syntax there, or render the manifests again"


def load_manifests(path: str) -> list[Manifest]:
    """Parse the manifests at ``path``: a file, a directory (its YAML and JSON files, recursively,
    in path order) or ``-`` for standard input.

    Raises InputError for a missing path, an unreadable file or invalid YAML.
    """
    if path == "-":
        return parse_documents(sys.stdin.read(), "<stdin>", yaml_hint=YAML_HINT)
    root = Path(path)
    if root.is_dir():
        files = sorted(item for item in root.rglob("*") if item.is_file() and item.suffix in MANIFEST_SUFFIXES)
        manifests: list[Manifest] = []
        for file in files:
            manifests.extend(parse_documents(_read(file), str(file), yaml_hint=YAML_HINT))
        return manifests
    if not root.exists():
        raise InputError(f"{path} does not exist", hint="give a manifest file, a directory of manifests, or - for stdin")
    return parse_documents(_read(root), str(root), yaml_hint=YAML_HINT)


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text (invalid byte at offset {error.start})", position=SourcePosition(str(file)),
                         hint="save the file as UTF-8") from None
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror}", hint="give a readable UTF-8 manifest file") from None
