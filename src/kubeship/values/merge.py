"""Merging values from several sources with Helm's rules.

Helm merges the user's sources (``-f`` files, then ``--set-json``, ``--set``,
``--set-string``, ``--set-file``, ``--set-literal``) into one map, where a later
source wins key by key and nested maps merge (:func:`merge_values`). It then
coalesces that map over the chart's ``values.yaml`` (:func:`coalesce_values`):
the user's value wins, nested maps merge, and a user's null deletes the key
from the result when the chart's values have that key.
"""

from __future__ import annotations

import copy
from typing import Any


def merge_values(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Return ``base`` with ``override`` merged in: later wins key by key, nested maps merge.

    Neither argument is changed. A null in ``override`` replaces the value (it
    deletes nothing yet: :func:`coalesce_values` does that against chart values).
    """
    merged = dict(base)
    for key, value in override.items():
        current = merged.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            merged[key] = merge_values(current, value)
        else:
            merged[key] = value
    return merged


def coalesce_values(defaults: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Return ``overrides`` coalesced over ``defaults`` as Helm's ``chartutil.CoalesceValues`` does.

    A key missing from ``overrides`` takes its default; nested maps merge; a
    null in ``overrides`` deletes the key when ``defaults`` has it (at the top
    level always, deeper only when the default is not null itself). Where one
    side is a map and the other is not, the override's value stays. Neither
    argument is changed.
    """
    result = copy.deepcopy(overrides)
    for key, default in copy.deepcopy(defaults).items():
        if key not in result:
            result[key] = default
            continue
        value = result[key]
        if value is None:
            del result[key]
        elif isinstance(value, dict) and isinstance(default, dict):
            _coalesce_tables(value, default)
    return result


def _coalesce_tables(destination: dict[str, Any], source: dict[str, Any]) -> None:
    for key, default in source.items():
        if key not in destination:
            destination[key] = default
            continue
        value = destination[key]
        if value is None:
            if default is not None:
                del destination[key]
        elif isinstance(value, dict) and isinstance(default, dict):
            _coalesce_tables(value, default)
