"""Print rendered manifests as YAML or JSON, to a stream or into a directory."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import yaml

from kubeship.errors import InputError
from kubeship.manifests import Manifest, redact

OUTPUT_FORMATS = ("yaml", "json")


class _ManifestDumper(yaml.SafeDumper):
    """A YAML dumper whose output kubectl reads back as the same values.

    kubectl reads YAML with Go's YAML 1.1 rules, which also take ``y``/``n`` as
    booleans and ``0o17`` as a number, so such strings are quoted.
    """


_ManifestDumper.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$"), list("yYnN")
)
_ManifestDumper.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?0o[0-7_]+$"), list("-+0")
)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text reads best as a literal block, as kubectl and Helm print it.
    style = "|" if "\n" in value and _fits_literal_block(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _fits_literal_block(value: str) -> bool:
    return not any(line != line.rstrip(" \t") for line in value.split("\n")) and "\r" not in value


_ManifestDumper.add_representer(str, _represent_text)


def dump_yaml(obj: Any) -> str:
    """Return ``obj`` as one YAML document in block style, keys in their given order."""
    return yaml.dump(
        obj,
        Dumper=_ManifestDumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=2**31 - 1,
    )


def format_manifests(manifests: Iterable[Manifest], output_format: str, *, redact_secrets: bool) -> str:
    """Return the manifests as a YAML stream headed by ``# Source:`` lines, or as a JSON ``List``."""
    objects = [(manifest.source, redact(manifest.obj) if redact_secrets else manifest.obj) for manifest in manifests]
    if output_format == "json":
        document = {"apiVersion": "v1", "kind": "List", "items": [obj for _, obj in objects]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return "".join(f"---\n# Source: {source}\n{dump_yaml(obj)}" for source, obj in objects)


def write_output(stream: TextIO, manifests: list[Manifest], output_format: str, *, redact_secrets: bool) -> None:
    """Write the manifests to ``stream``."""
    stream.write(format_manifests(manifests, output_format, redact_secrets=redact_secrets))
    stream.flush()


def write_output_dir(directory: Path, manifests: list[Manifest], output_format: str) -> list[Path]:
    """Write one file per source manifest below ``directory`` and return the paths written.

    Files are first written into a temporary directory beside ``directory`` and moved into
    place only when all are written, so a failure leaves no partial output. Files that
    contain a Secret are created with mode 0600.
    """
    by_source: dict[str, list[Manifest]] = {}
    for manifest in manifests:
        by_source.setdefault(manifest.source, []).append(manifest)

    directory = Path(directory)
    relative_paths = {
        source: Path(source).with_suffix(".json") if output_format == "json" else Path(source) for source in by_source
    }
    parent = directory.resolve().parent
    if not parent.is_dir():
        raise InputError(f"cannot write into {directory}: {parent} does not exist", hint="create the parent directory first")
    _check_targets(directory, relative_paths.values())

    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=parent))
    except OSError as error:
        raise InputError(f"cannot write into {directory}: {error.strerror}", hint="choose a writable directory") from None
    try:
        for source, source_manifests in by_source.items():
            target = staging / relative_paths[source]
            target.parent.mkdir(parents=True, exist_ok=True)
            secret = any(m.kind == "Secret" for m in source_manifests)
            _write_file(target, format_manifests(source_manifests, output_format, redact_secrets=False), secret)
        _move_into_place(staging, directory, list(relative_paths.values()))
    except OSError as error:
        raise InputError(f"cannot write into {directory}: {error.strerror}", hint="choose a writable directory") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [directory / relative for relative in relative_paths.values()]


def _check_targets(directory: Path, relative_paths: Iterable[Path]) -> None:
    """Raise InputError when a file would replace a directory, or a directory a file, below ``directory``.

    Checked before anything is written, so such a conflict leaves the directory as it was.
    """
    if directory.exists() and not directory.is_dir():
        raise InputError(f"cannot write into {directory}: it is a file, not a directory",
                         hint="remove the file, or choose another output directory")
    for relative in relative_paths:
        target = directory / relative
        if target.is_dir():
            raise InputError(f"cannot write {target}: a directory of that name exists",
                             hint="remove the directory, or choose another output directory")
        for ancestor in target.parents:
            if ancestor == directory:
                break
            if ancestor.exists() and not ancestor.is_dir():
                raise InputError(f"cannot write {target}: {ancestor} is a file, not a directory",
                                 hint="remove the file, or choose another output directory")


def _write_file(path: Path, text: str, secret: bool) -> None:
    mode = 0o600 if secret else 0o644
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


def _move_into_place(staging: Path, directory: Path, relative_paths: list[Path]) -> None:
    if not directory.exists():
        # mkdtemp creates the directory private to the user; give it the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        staging.rename(directory)
        return
    for relative in relative_paths:
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / relative, target)
