"""Rendered documents as Kubernetes objects: parsing with source positions, apply order, redaction."""

from kubeship.manifests.model import Manifest, parse_documents
from kubeship.manifests.order import APPLY_ORDER, sort_for_apply
from kubeship.manifests.redact import REDACTED, redact

__all__ = [
    "APPLY_ORDER",
    "REDACTED",
    "Manifest",
    "parse_documents",
    "redact",
    "sort_for_apply",
]
