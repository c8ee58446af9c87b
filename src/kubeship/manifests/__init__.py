"""Rendered documents as Kubernetes objects.

Parsing with source positions, validation as the API server validates (Secret rules,
OpenAPI schemas, duplicates), ConfigMap and Secret versioning per release, apply order,
managed workloads and the release label, and redaction for display.
"""

from kubeship.manifests.findings import Finding
from kubeship.manifests.model import FieldPath, Manifest, parse_documents
from kubeship.manifests.names import check_namespace_name, is_dns1123_label, is_dns1123_subdomain
from kubeship.manifests.order import APPLY_ORDER, sort_for_apply
from kubeship.manifests.podspec import CONTAINER_LISTS, POD_KINDS, pod_spec, pod_spec_path
from kubeship.manifests.redact import REDACTED, redact
from kubeship.manifests.release import prepare_release
from kubeship.manifests.schema import newest_kube_version, parse_kube_version, supported_kube_versions
from kubeship.manifests.validate import ManifestValidationError, check_manifests, find_duplicates, validate_manifests
from kubeship.manifests.versioning import (
    SKIP_VERSIONING_ANNOTATIONS,
    pod_references,
    version_manifests,
    versioned_name,
)
from kubeship.manifests.workloads import (
    DIRECT_APPLY_ANNOTATIONS,
    MANAGED_WORKLOAD_KINDS,
    RELEASE_NAME_LABEL,
    add_release_label,
    managed_workloads,
)

__all__ = [
    "APPLY_ORDER",
    "CONTAINER_LISTS",
    "DIRECT_APPLY_ANNOTATIONS",
    "MANAGED_WORKLOAD_KINDS",
    "POD_KINDS",
    "REDACTED",
    "RELEASE_NAME_LABEL",
    "SKIP_VERSIONING_ANNOTATIONS",
    "FieldPath",
    "Finding",
    "Manifest",
    "ManifestValidationError",
    "add_release_label",
    "check_manifests",
    "find_duplicates",
    "check_namespace_name",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "managed_workloads",
    "newest_kube_version",
    "parse_documents",
    "parse_kube_version",
    "pod_references",
    "pod_spec",
    "pod_spec_path",
    "prepare_release",
    "redact",
    "sort_for_apply",
    "supported_kube_versions",
    "validate_manifests",
    "version_manifests",
    "versioned_name",
]
