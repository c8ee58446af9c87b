"""Display copies of objects with Secret values hidden."""

from __future__ import annotations

import copy
from typing import Any

REDACTED = "***"

# kubectl's client-side apply keeps the whole applied object, Secret data included, in
# this annotation.
LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"


def redact(obj: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of ``obj`` in which every Secret ``data`` and ``stringData`` value is ``***``.

    A Secret's last-applied-configuration annotation is hidden too, and the items of a
    ``List`` (``kind: List`` or ``SecretList``, as ``kubectl get -o yaml`` prints them) are
    redacted one by one. Objects of other kinds are returned as a copy, unchanged.
    This is the one place that hides Secret values for display: rendered output on a
    terminal, dry-run output and log lines all go through it.
    """
    display_copy = copy.deepcopy(obj)
    _redact_in_place(display_copy)
    return display_copy


def _redact_in_place(obj: dict[str, Any]) -> None:
    kind = obj.get("kind")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(obj.get("items"), list):
        for item in obj["items"]:
            if isinstance(item, dict):
                _redact_in_place(item)
        return
    if kind != "Secret":
        return
    for field_name in ("data", "stringData"):
        values = obj.get(field_name)
        if isinstance(values, dict):
            obj[field_name] = {key: REDACTED for key in values}
    annotations = obj.get("metadata", {}).get("annotations") if isinstance(obj.get("metadata"), dict) else None
    if isinstance(annotations, dict) and LAST_APPLIED_ANNOTATION in annotations:
        annotations[LAST_APPLIED_ANNOTATION] = REDACTED
