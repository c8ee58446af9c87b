"""Template functions: Sprig, Harness go-template's extras and Helm's extras, grouped by family.

Each family module maps Go names to Python callables declared with their Go
signature (``gotypes.go_func``). The sets here are what the engines install:

- :func:`gotemplate_functions` is Harness go-template's map: Sprig without
  ``env`` and ``expandenv`` plus ``toYaml``, ``fromYaml``, ``toJson``, ``fromJson``
  (also spelled ``ToYaml``, ``FromYaml``, ``ToJson``, ``FromJson``).
- :func:`helm_functions` is Helm's engine map: Sprig v3 without ``env`` and
  ``expandenv`` plus Helm's YAML, JSON and TOML functions and ``lookup``;
  ``include``, ``tpl`` and ``required`` come from the engine, bound per template set.
- :func:`sprig_functions` is Sprig v3's ``TxtFuncMap`` without ``env`` and ``expandenv``.

NOTE: Harness go-template v0.4 links Sprig v2.22.0, whose conversions, ``trunc``
and function list differ from v3; :func:`gotemplate_functions` follows v2 where
the family modules implement the difference (see ``sprig_v2``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubeship.gotemplate.functions import (
    defaults,
    dicts,
    documents,
    encoding,
    lists,
    numeric,
    reflection,
    strings,
)

FunctionMap = dict[str, Callable[..., Any]]

# Sprig registers both; Helm and Harness delete them so templates cannot read the environment.
REMOVED_FUNCTIONS = ("env", "expandenv")

_SPRIG_FAMILIES = (strings, defaults, lists, dicts, numeric, reflection, encoding)


def sprig_functions() -> FunctionMap:
    """Return Sprig v3's functions without ``env`` and ``expandenv``."""
    functions: FunctionMap = {}
    for family in _SPRIG_FAMILIES:
        functions.update(family.FUNCTIONS)
    for optional in ("casing", "regex", "dates", "semver", "crypto", "random", "urls", "network"):
        module = _optional_family(optional)
        if module is not None:
            functions.update(module.FUNCTIONS)
    for name in REMOVED_FUNCTIONS:
        functions.pop(name, None)
    return functions


def _optional_family(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(f"kubeship.gotemplate.functions.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"kubeship.gotemplate.functions.{name}":
            raise
        return None


def gotemplate_functions() -> FunctionMap:
    """Return Harness go-template's function map (Sprig v2.22.0 plus its YAML and JSON functions)."""
    from kubeship.gotemplate.functions import sprig_v2

    functions = sprig_v2.sprig_v2_functions(sprig_functions())
    functions.update(documents.HARNESS_FUNCTIONS)
    return functions


def helm_functions() -> FunctionMap:
    """Return Helm's engine function map without the template-bound ``include``, ``tpl`` and ``required``."""
    functions = sprig_functions()
    functions.update(documents.HELM_FUNCTIONS)
    toml = _optional_family("toml")
    if toml is not None:
        functions.update(toml.FUNCTIONS)
    helm = _optional_family("helm")
    if helm is not None:
        functions.update(helm.FUNCTIONS)
    return functions


__all__ = [
    "REMOVED_FUNCTIONS",
    "FunctionMap",
    "gotemplate_functions",
    "helm_functions",
    "sprig_functions",
]
