"""Loading values files and combining them with ``--set``-style expressions, as Helm does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kubeship.errors import InputError, SourcePosition
from kubeship.values.goyaml import GoYAMLError, load_go_yaml
from kubeship.values.merge import coalesce_values, merge_values
from kubeship.values.strvals import SetValueError, parse_set
from kubeship.values.typing import HELM, TYPINGS, apply_typing


class ValuesError(InputError):
    """A values file or a ``--set``-style expression that cannot be loaded."""


def load_values_text(text: str | bytes, path: str = "<values>", *, typing: str = HELM) -> dict[str, Any]:
    """Parse a values document as Helm's ``chartutil.ReadValues`` does and type it with ``typing``.

    An empty document is an empty map; a document that is a list or a scalar is
    an error. Raises :class:`~kubeship.values.goyaml.GoYAMLError` or :class:`ValuesError`.
    """
    if typing not in TYPINGS:
        raise ValueError(f"unknown values typing {typing!r}")
    value = load_go_yaml(text, path, json_compatible=typing == HELM)
    if value is None:
        return {}
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "a single value"
        raise ValuesError(f"values must be a map of names to values, not {kind}",
                          position=SourcePosition(path, 1, 1), hint="write the values as key: value lines")
    return apply_typing(value, typing)


def load_values_file(path: str | Path, *, typing: str = HELM) -> dict[str, Any]:
    """Read and parse a values file (see :func:`load_values_text`)."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ValuesError("values file not found", position=SourcePosition(name),
                          hint="check the path given with -f/--values") from None
    except OSError as error:
        raise ValuesError(f"cannot read values file: {error.strerror}", position=SourcePosition(name)) from None
    return load_values_text(data, name, typing=typing)


@dataclass
class ValueSources:
    """The user's value sources, each list in command-line order.

    Helm applies them by kind, not by their order on the command line: files,
    then ``--set-json``, ``--set``, ``--set-string``, ``--set-file``, ``--set-literal``.
    """

    files: Sequence[str | Path] = ()
    set_json: Sequence[str] = ()
    set_values: Sequence[str] = ()
    set_string: Sequence[str] = ()
    set_file: Sequence[str] = ()
    set_literal: Sequence[str] = ()
    read_file: Callable[[str], str] | None = field(default=None, repr=False)
    # Loads one -f file into a map; the default is load_values_file. Render passes one that
    # resolves ${...} expressions in the text first.
    load_file: Callable[[str | Path], dict[str, Any]] | None = field(default=None, repr=False)


def merge_sources(sources: ValueSources, *, typing: str = HELM) -> dict[str, Any]:
    """Merge the user's sources into one map as Helm's ``values.Options.MergeValues`` does."""
    merged: dict[str, Any] = {}
    for path in sources.files:
        loaded = sources.load_file(path) if sources.load_file else load_values_file(path, typing=typing)
        merged = merge_values(merged, loaded)

    read_file = sources.read_file or _read_set_file
    for flag, kind, expressions, value_form in (
        ("--set-json", "json", sources.set_json, "NAME=JSON"),
        ("--set", "set", sources.set_values, "NAME=VALUE"),
        ("--set-string", "string", sources.set_string, "NAME=VALUE"),
        ("--set-file", "file", sources.set_file, "NAME=PATH"),
        ("--set-literal", "literal", sources.set_literal, "NAME=VALUE"),
    ):
        for expression in expressions:
            try:
                parse_set(expression, merged, kind=kind, read_file=read_file)
            except SetValueError as error:
                raise ValuesError(f"invalid {flag} value {expression!r}: {error.message}",
                                  hint=f"write {value_form}, with dots for nested keys and [N] for list items") from None
    return merged


def combine_values(defaults: dict[str, Any], sources: ValueSources, *, typing: str = HELM) -> dict[str, Any]:
    """Return the values templates see: the user's sources coalesced over ``defaults`` (a chart's values.yaml)."""
    return coalesce_values(defaults, merge_sources(sources, typing=typing))


def _read_set_file(name: str) -> str:
    try:
        return Path(name).read_text(encoding="utf-8", errors="surrogateescape")
    except OSError as error:
        raise ValuesError(f"cannot read the file given to --set-file: {error.strerror}",
                          position=SourcePosition(name), hint="check the PATH in --set-file KEY=PATH") from None


