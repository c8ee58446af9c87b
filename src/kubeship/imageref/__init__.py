"""Image references: the distribution library's grammar and Docker's normalization."""

from kubeship.imageref.reference import (
    DEFAULT_DOMAIN,
    DEFAULT_TAG,
    LEGACY_DEFAULT_DOMAIN,
    OFFICIAL_REPO_PREFIX,
    REPOSITORY_NAME_MAX_LENGTH,
    ImageReference,
    ImageReferenceError,
    digest_error,
    is_valid_domain,
    is_valid_tag,
    parse_docker_ref,
    parse_normalized_named,
    parse_reference,
    split_docker_domain,
)

__all__ = [
    "DEFAULT_DOMAIN",
    "DEFAULT_TAG",
    "LEGACY_DEFAULT_DOMAIN",
    "OFFICIAL_REPO_PREFIX",
    "REPOSITORY_NAME_MAX_LENGTH",
    "ImageReference",
    "ImageReferenceError",
    "digest_error",
    "is_valid_domain",
    "is_valid_tag",
    "parse_docker_ref",
    "parse_normalized_named",
    "parse_reference",
    "split_docker_domain",
]
