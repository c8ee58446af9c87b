"""Template functions: Sprig, Harness go-template's extras and Helm's extras, grouped by family.

Each family module maps Go names to Python callables declared with their Go
signature (``gotypes.go_func``). The sets here are what the engines install:

- :func:`gotemplate_functions` is Harness go-template's map: Sprig without
  ``env`` and ``expandenv`` plus ``toYaml``, ``fromYaml``, ``toJson``, ``fromJson``
  (also spelled ``ToYaml``, ``FromYaml``, ``ToJson``, ``FromJson``).
- :func:`helm_functions` is Helm's engine map: Sprig v3 without ``env`` and
  ``expandenv`` plus Helm's YAML, JSON and TOML functions, ``required`` and
  ``lookup``. ``include`` and ``tpl`` need the executing template set, so
  ``helm.template_bound_functions`` gives them as engine ``BoundFunction`` values.
- :func:`sprig_functions` is Sprig v3's ``TxtFuncMap`` without ``env`` and ``expandenv``.

NOTE: Harness go-template v0.4 links Sprig v2.22.0, whose conversions, ``trunc``
and function list differ from v3; :func:`gotemplate_functions` follows v2 where
the family modules implement the difference (see ``sprig_v2``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubeship.gotemplate.functions import (
    casing,
    crypto,
    dates,
    defaults,
    dicts,
    documents,
    encoding,
    helm,
    lists,
    numeric,
    reflection,
    regex,
    semver,
    strings,
    toml,
    urls,
)

FunctionMap = dict[str, Callable[..., Any]]

# Sprig registers both; Helm and Harness delete them so templates cannot read the environment.
REMOVED_FUNCTIONS = ("env", "expandenv")

_SPRIG_FAMILIES = (strings, casing, defaults, lists, dicts, numeric, reflection, encoding, regex, dates, semver,
                   crypto, urls)


def sprig_functions() -> FunctionMap:
    """Return Sprig v3's functions without ``env`` and ``expandenv``."""
    functions: FunctionMap = {}
    for family in _SPRIG_FAMILIES:
        functions.update(family.FUNCTIONS)
    for name in REMOVED_FUNCTIONS:
        functions.pop(name, None)
    return functions


def gotemplate_functions() -> FunctionMap:
    """Return Harness go-template's function map (Sprig v2.22.0 plus its YAML and JSON functions)."""
    from kubeship.gotemplate.functions import sprig_v2

    functions = sprig_v2.sprig_v2_functions(sprig_functions())
    functions.update(documents.HARNESS_FUNCTIONS)
    return functions


def helm_functions() -> FunctionMap:
    """Return Helm's engine function map without the template-bound ``include`` and ``tpl``.

    Add :func:`kubeship.gotemplate.functions.helm.template_bound_functions` to the
    template set for those; ``lookup`` here returns an empty map (no cluster).
    """
    functions = sprig_functions()
    functions.update(documents.HELM_FUNCTIONS)
    functions.update(toml.FUNCTIONS)
    functions.update(helm.FUNCTIONS)
    return functions


from kubeship.gotemplate.functions.helm import cleanup_exec_error, lookup_function, template_bound_functions

__all__ = [
    "REMOVED_FUNCTIONS",
    "cleanup_exec_error",
    "lookup_function",
    "template_bound_functions",
    "FunctionMap",
    "gotemplate_functions",
    "helm_functions",
    "sprig_functions",
]
