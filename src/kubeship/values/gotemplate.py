"""Merging values files as Harness's go-template command does.

go-template reads each ``-f`` file in order and coalesces it over the files
before it: the later file wins key by key and nested maps merge, which is
Helm's ``merge_values``.  Where one file has a map and the other a scalar
for the same key, the later value stays and go-template prints a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kubeship.gotemplate.gofmt import sprintf
from kubeship.values.merge import merge_values


def merge_gotemplate_values(layers: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """Merge values maps in order; return the result and go-template's type-conflict warnings."""
    merged: dict[str, Any] = {}
    warnings: list[str] = []
    for layer in layers:
        warnings.extend(_conflicts(merged, layer))
        merged = merge_values(merged, layer)
    return merged, warnings


def _conflicts(earlier: dict[str, Any], later: dict[str, Any]) -> list[str]:
    """Return the warnings go-template prints for keys whose map-ness differs between two layers."""
    warnings = []
    for key, old in earlier.items():
        if key not in later:
            continue
        new = later[key]
        old_is_map = isinstance(old, dict)
        new_is_map = isinstance(new, dict)
        if old_is_map and new_is_map:
            warnings.extend(_conflicts(old, new))
        elif old_is_map:
            warnings.append(sprintf("Warning: Attempt to override Map value [%s] with String value [%s] for key [%s].",
                                    old, new, key))
        elif new_is_map:
            warnings.append(sprintf("Warning: Attempt to override String value [%s] with Map values [%s] for key [%s].",
                                    old, new, key))
    return warnings
