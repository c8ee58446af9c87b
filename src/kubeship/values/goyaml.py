"""The Go YAML reader for kubeship's own inputs: errors become :class:`~kubeship.errors.InputError`.

The reader itself lives in the template package (``fromYaml`` needs it and that
package imports nothing else from kubeship); see
:mod:`kubeship.gotemplate.functions.goyaml` for the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubeship.errors import InputError, SourcePosition
from kubeship.gotemplate.functions import goyaml as _reader
from kubeship.gotemplate.functions.goyaml import resolve_scalar


class GoYAMLError(InputError):
    """A YAML document that Go's yaml.v2 (or sigs.k8s.io/yaml) would reject."""


def _reraise(load: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return load(*args, **kwargs)
    except _reader.GoYAMLError as error:
        position = SourcePosition(*error.position)
        raise GoYAMLError(error.message, position=position, hint=error.hint) from None


def load_go_yaml(text: str | bytes, path: str = "<input>", *, json_compatible: bool = False) -> Any:
    """Decode the first document of ``text`` with yaml.v2's rules (``None`` when empty)."""
    return _reraise(_reader.load_go_yaml, text, path, json_compatible=json_compatible)


def load_go_yaml_documents(text: str | bytes, path: str = "<input>", *, json_compatible: bool = False) -> list[Any]:
    """Decode every document of a YAML stream with yaml.v2's rules (an empty document is ``None``)."""
    return _reraise(_reader.load_go_yaml_documents, text, path, json_compatible=json_compatible)


__all__ = ["GoYAMLError", "load_go_yaml", "load_go_yaml_documents", "resolve_scalar"]
