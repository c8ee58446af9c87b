"""Registry v2 client: ping, Basic and Bearer token authentication, manifests, tags, pull checks."""

from kubeship.registry.challenge import Challenge, parse_challenges
from kubeship.registry.client import (
    DOCKER_HUB_API_HOST,
    MANIFEST_MEDIA_TYPES,
    ManifestInfo,
    RegistryClient,
    RegistryCredentials,
    api_host,
)
from kubeship.registry.errors import (
    ERROR_CODES,
    PlainHttpAnswer,
    RegistryError,
    RegistryErrorDetail,
    RegistryProtocolError,
    RegistryResponseError,
    RegistryUnreachable,
)
from kubeship.registry.verify import DENIED, ERROR, NOT_FOUND, OK, UNAUTHORIZED, UNREACHABLE, PullCheck, check_pull

__all__ = [
    "DENIED",
    "DOCKER_HUB_API_HOST",
    "ERROR",
    "ERROR_CODES",
    "MANIFEST_MEDIA_TYPES",
    "NOT_FOUND",
    "OK",
    "UNAUTHORIZED",
    "UNREACHABLE",
    "Challenge",
    "ManifestInfo",
    "PlainHttpAnswer",
    "PullCheck",
    "RegistryClient",
    "RegistryCredentials",
    "RegistryError",
    "RegistryErrorDetail",
    "RegistryProtocolError",
    "RegistryResponseError",
    "RegistryUnreachable",
    "api_host",
    "check_pull",
    "parse_challenges",
]
