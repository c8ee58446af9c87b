"""Display copies of objects with Secret values hidden."""

from __future__ import annotations

import copy
from typing import Any

REDACTED = "***"


def redact(obj: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of ``obj`` in which every Secret ``data`` and ``stringData`` value is ``***``.

    Objects of other kinds are returned as a copy, unchanged.
    """
    shown = copy.deepcopy(obj)
    if shown.get("kind") != "Secret":
        return shown
    for field_name in ("data", "stringData"):
        values = shown.get(field_name)
        if isinstance(values, dict):
            shown[field_name] = {key: REDACTED for key in values}
    return shown
