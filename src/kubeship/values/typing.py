"""How loaded values are typed before templates see them.

``helm`` (the default) types values as Helm does: sigs.k8s.io/yaml converts the
YAML to JSON and Go's encoding/json decodes that, so every number is a float64
(``3`` prints as ``3``, ``1000000`` as ``1e+06``, and integers above 2**53 lose
precision exactly as a float64 does) and invalid UTF-8 becomes U+FFFD.
Harness go-template loads values files the same way (through ghodss/yaml, the
library sigs.k8s.io/yaml was forked from), so ``helm`` is Harness's typing too.

``yaml`` keeps the types yaml.v2 resolves: integers are Go ``int`` (``uint64``
above int64), floats are float64, and NaN and infinities are allowed.
"""

from __future__ import annotations

from typing import Any

from kubeship.gotemplate.functions.goyaml import json_round_trip
from kubeship.gotemplate.gotypes import Uint64
from kubeship.gotemplate.functions.gostrconv import INT64_MAX

HELM = "helm"
YAML = "yaml"
TYPINGS = (HELM, YAML)


def apply_typing(value: Any, typing: str) -> Any:
    """Return ``value`` (as :mod:`kubeship.values.goyaml` decodes it) with the Go types of ``typing``."""
    if typing == HELM:
        return json_round_trip(value)
    if typing == YAML:
        return _yaml_types(value)
    raise ValueError(f"unknown values typing {typing!r}; expected one of {', '.join(TYPINGS)}")


def _yaml_types(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _yaml_types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_yaml_types(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and value > INT64_MAX:
        return Uint64(value)
    return value
