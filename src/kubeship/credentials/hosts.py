"""Registry hosts and the key spellings Docker and containers tools use for them in credential files."""

from __future__ import annotations

from kubeship.errors import InputError
from kubeship.imageref import (
    DEFAULT_DOMAIN,
    LEGACY_DEFAULT_DOMAIN,
    ImageReference,
    is_valid_domain,
    parse_normalized_named,
)
from kubeship.credentials.model import RegistryTarget

# The key Docker stores and reads Docker Hub credentials under (Go's registry.IndexServer).
DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/"
DOCKER_HUB_ALIASES = frozenset({DEFAULT_DOMAIN, LEGACY_DEFAULT_DOMAIN})


def target_for_image(image: str | ImageReference) -> RegistryTarget:
    """Return the registry target of an image reference. Raises ``ImageReferenceError``."""
    reference = image if isinstance(image, ImageReference) else parse_normalized_named(image)
    return RegistryTarget(host=reference.domain, repository=reference.path, image=str(image))


def target_for_registry(registry: str) -> RegistryTarget:
    """Return the target for a registry given as a host, ``host:port`` or URL.

    ``docker.io``, ``index.docker.io`` and ``https://index.docker.io/v1/`` all
    mean Docker Hub. Raises ``InputError`` for text that is not a registry host.
    """
    host = convert_to_hostname(registry.strip())
    if host in DOCKER_HUB_ALIASES:
        host = DEFAULT_DOMAIN
    if not host or not is_valid_domain(host):
        raise InputError(
            f"invalid registry {registry!r}",
            hint="give a host with an optional port, such as registry.example.com:5000",
        )
    return RegistryTarget(host=host)


def docker_config_key(target: RegistryTarget) -> str:
    """Return the key Docker looks up in config.json and passes to credential helpers for ``target``."""
    return DOCKER_HUB_CONFIG_KEY if target.host in DOCKER_HUB_ALIASES else target.host


def convert_to_hostname(key: str) -> str:
    """Reduce a config key to ``host[:port]`` as Docker's ``ConvertToHostname`` does.

    A key with a scheme (``https://host:5000/v1/``) yields its URL host and
    port; any other key is cut at its first ``/``.
    """
    if "://" in key:
        authority = key.split("://", 1)[1]
        for separator in "/?#":
            authority = authority.split(separator, 1)[0]
        authority = authority.rsplit("@", 1)[-1]
        if authority.endswith(":"):
            authority = authority[:-1]
        if authority:
            return authority
    return key.split("/", 1)[0]


def matching_docker_keys(keys: list[str], lookup_key: str) -> list[str]:
    """Return the config.json ``auths`` keys Docker would read for ``lookup_key``, best first.

    Docker takes the exact key, and otherwise any key whose hostname form is
    the lookup key. Several such keys make Docker's choice random (a Go map
    walk), so they are returned sorted and the caller warns about them.
    """
    # NOTE: newer docker/cli source also matches "*" wildcard keys such as *.example.com
    # (cli/config/internal/hostmatch); kubeship does not match them yet.
    if lookup_key in keys:
        return [lookup_key]
    return sorted(key for key in keys if convert_to_hostname(key) == lookup_key)


def normalize_containers_registry(host: str) -> str:
    """Return the host form containers/image compares auth.json registry keys in."""
    return LEGACY_DEFAULT_DOMAIN if host in ("registry-1.docker.io", DEFAULT_DOMAIN) else host


def normalize_containers_key(key: str, legacy_format: bool) -> str:
    """Normalize an auth.json key as containers/image does before comparing it with a registry host.

    A scheme is removed, and then the path too (always in the legacy
    ``.dockercfg`` format), so ``https://host/v1/`` becomes ``host``.
    """
    stripped = key.removeprefix("http://").removeprefix("https://")
    if legacy_format or stripped != key:
        stripped = stripped.split("/", 1)[0]
    return normalize_containers_registry(stripped)


def namespace_keys(target: RegistryTarget) -> list[str]:
    """Return the auth.json keys for ``target`` from the most specific to the registry host.

    ``quay.io/org/team/app`` gives ``quay.io/org/team/app``, ``quay.io/org/team``,
    ``quay.io/org`` and ``quay.io``.
    """
    name = target.name
    keys = [name]
    while "/" in name:
        name = name.rsplit("/", 1)[0]
        keys.append(name)
    return keys
