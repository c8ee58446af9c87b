"""Registry credentials from every source users keep them in, with a record of the search."""

from kubeship.credentials.cloud import registry_kind
from kubeship.credentials.expiry import EXPIRY_ANNOTATION, earliest_expiry, expiry_annotations, expiry_warning
from kubeship.credentials.hosts import DOCKER_HUB_CONFIG_KEY, target_for_image, target_for_registry
from kubeship.credentials.lookup import (
    ALL_SOURCES,
    AUTH_JSON,
    CLOUD,
    DOCKER_CONFIG,
    ENVIRONMENT,
    LEGACY_DOCKERCFG,
    OPTIONS,
    PASSWORD_VARIABLE,
    USERNAME_VARIABLE,
    CredentialOptions,
    credential_for,
    docker_config_path,
)
from kubeship.credentials.model import MASK, Attempt, Credential, CredentialError, Lookup, RegistryTarget, format_time

__all__ = [
    "ALL_SOURCES",
    "AUTH_JSON",
    "CLOUD",
    "DOCKER_CONFIG",
    "DOCKER_HUB_CONFIG_KEY",
    "ENVIRONMENT",
    "EXPIRY_ANNOTATION",
    "LEGACY_DOCKERCFG",
    "MASK",
    "OPTIONS",
    "PASSWORD_VARIABLE",
    "USERNAME_VARIABLE",
    "Attempt",
    "Credential",
    "CredentialError",
    "CredentialOptions",
    "Lookup",
    "RegistryTarget",
    "credential_for",
    "docker_config_path",
    "earliest_expiry",
    "expiry_annotations",
    "expiry_warning",
    "format_time",
    "registry_kind",
    "target_for_image",
    "target_for_registry",
]
