"""The kubelet's keyring for a pod's pull secrets: which credentials it tries for an image.

The rules follow Kubernetes ``pkg/credentialprovider`` (``keyring.go``, ``config.go``) and
``pkg/credentialprovider/secrets/secrets.go``:

* A Secret counts only as type ``kubernetes.io/dockerconfigjson`` with a non-empty
  ``.dockerconfigjson`` key, or as ``kubernetes.io/dockercfg`` with a non-empty ``.dockercfg``
  key. Any other Secret is ignored without a message. A counted Secret that does not decode
  makes the whole keyring fail, and so every pull of the pod.
* Each docker config key is normalized. ``https://`` is prepended unless the key starts with
  ``https://`` or ``http://``, and the result is parsed as a Go URL (a key that does not parse
  is skipped). A leading ``/v1`` or ``/v2`` is cut from a path starting ``/v1/`` or ``/v2/``.
  The keyring key is the host plus that path, or the host alone for an empty path or ``/``.
  Keys that normalize alike share one keyring key and their credentials are appended.
* A keyring key matches an image repository when the ports are equal (a missing port equals
  only a missing port), the hosts have the same number of dot-separated labels, each label
  matches as a Go ``filepath.Match`` glob (case-sensitive), and the key's path is a plain
  string prefix of the repository's path.
* All matching keys contribute, in reverse lexicographic order of the keyring keys. Only when
  no key matches and the repository is on Docker Hub, the credentials under the keyring key
  ``index.docker.io`` are used.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kubeship import sanitize
from kubeship.doctor.dockerconfig import DockerConfigEntry, DockerConfigError, parse_dockercfg, parse_dockerconfigjson
from kubeship.doctor.glob import BadPattern, glob_match
from kubeship.doctor.urls import URLError, parse_url, split_host_port

log = logging.getLogger(__name__)

DOCKERCFG_TYPE = "kubernetes.io/dockercfg"
DOCKERCONFIGJSON_TYPE = "kubernetes.io/dockerconfigjson"
DOCKERCFG_KEY = ".dockercfg"
DOCKERCONFIGJSON_KEY = ".dockerconfigjson"
# The data key the kubelet reads for each pull secret type.
PULL_SECRET_KEYS = {DOCKERCFG_TYPE: DOCKERCFG_KEY, DOCKERCONFIGJSON_TYPE: DOCKERCONFIGJSON_KEY}

DOCKER_HUB_KEYRING_KEY = "index.docker.io"


@dataclass(frozen=True)
class PullSecretData:
    """A Secret as the kubelet reads it: name, type and decoded data."""

    name: str
    type: str
    data: Mapping[str, bytes] = field(repr=False)


@dataclass(frozen=True)
class KeyringCredential:
    """One credential the kubelet tries: where it comes from and the username it sends.

    ``key`` is the docker config key as written in the Secret, ``keyring_key`` its normalized
    form. ``unordered_with`` names the other keys of the same Secret that normalize to the same
    keyring key: Go iterates the Secret's map in random order, so their relative order is not fixed.
    """

    secret: str
    key: str
    keyring_key: str
    username: str
    password: str = field(repr=False)
    from_auth: bool = False
    unordered_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lookup:
    """The credentials the kubelet tries for one repository, in order, and how they were found."""

    repository: str
    credentials: tuple[KeyringCredential, ...]
    docker_hub_fallback: bool = False

    @property
    def anonymous(self) -> bool:
        return not self.credentials


class MalformedPullSecret(Exception):
    """A counted pull secret does not decode, so the kubelet fails every pull of the pod."""

    def __init__(self, secret: str, data_key: str, reason: str) -> None:
        super().__init__(f"Secret {secret}: {data_key} cannot be read by the kubelet: {reason}")
        self.secret = secret
        self.data_key = data_key
        self.reason = reason


def read_pull_secret(secret: PullSecretData) -> dict[str, DockerConfigEntry] | None:
    """Return the docker config the kubelet reads from ``secret``, or None when it ignores the Secret.

    Raises MalformedPullSecret when the Secret counts but does not decode.
    """
    data_key = PULL_SECRET_KEYS.get(secret.type)
    if data_key is None:
        return None
    payload = secret.data.get(data_key)
    if not payload:
        return None
    parse = parse_dockerconfigjson if data_key == DOCKERCONFIGJSON_KEY else parse_dockercfg
    try:
        return parse(payload)
    except DockerConfigError as error:
        raise MalformedPullSecret(secret.name, data_key, str(error)) from None


def normalize_key(key: str) -> str | None:
    """Return the keyring key the kubelet files ``key`` under, or None when it skips the key."""
    value = key if key.startswith(("https://", "http://")) else "https://" + key
    try:
        parsed = parse_url(value)
    except URLError as error:
        log.debug("the kubelet skips docker config key %r: %s", key, error)
        return None
    path = parsed.path
    if path.startswith(("/v2/", "/v1/")):
        path = path[3:]
    if path and path != "/":
        return parsed.host + path
    return parsed.host


def key_matches(keyring_key: str, repository: str) -> bool:
    """Return whether a keyring key covers a repository name such as ``registry.example.com/team/app``."""
    try:
        key_url = parse_url("https://" + keyring_key)
        target_url = parse_url("https://" + repository)
    except URLError:
        return False
    key_labels, key_port = _split_host(key_url.host)
    target_labels, target_port = _split_host(target_url.host)
    if key_port != target_port or len(key_labels) != len(target_labels):
        return False
    if not target_url.path.startswith(key_url.path):
        return False
    try:
        return all(glob_match(pattern, label) for pattern, label in zip(key_labels, target_labels))
    except BadPattern:
        return False


def _split_host(host: str) -> tuple[list[str], str]:
    try:
        name, port = split_host_port(host)
    except URLError:
        name, port = host, ""
    return name.split("."), port


def is_docker_hub_repository(repository: str) -> bool:
    """Return whether the kubelet treats the repository as Docker Hub for its fallback.

    That is a name whose first component is ``docker.io`` or ``index.docker.io``, has no ``/``,
    or contains neither ``.`` nor ``:`` (so ``localhost/app`` counts too).
    """
    first, slash, _ = repository.partition("/")
    if not first:
        return False
    if not slash or first in ("docker.io", "index.docker.io"):
        return True
    return "." not in first and ":" not in first


class Keyring:
    """The keyring built from a pod's pull secrets, in ``imagePullSecrets`` order."""

    def __init__(self) -> None:
        self._credentials: dict[str, list[KeyringCredential]] = {}

    @classmethod
    def from_secrets(cls, secrets: Iterable[PullSecretData]) -> Keyring:
        """Build the keyring; raise MalformedPullSecret for the first counted Secret that does not decode."""
        keyring = cls()
        for secret in secrets:
            config = read_pull_secret(secret)
            if config is not None:
                keyring.add(secret.name, config)
        return keyring

    def add(self, secret: str, config: Mapping[str, DockerConfigEntry]) -> None:
        """Add the entries of one Secret's docker config."""
        normalized: dict[str, list[str]] = {}
        for key in sorted(config):
            keyring_key = normalize_key(key)
            if keyring_key is not None:
                normalized.setdefault(keyring_key, []).append(key)
        for keyring_key, keys in normalized.items():
            for key in keys:
                entry = config[key]
                sanitize.register_credential(entry.username, entry.password, kind="pull-secret")
                others = tuple(other for other in keys if other != key)
                self._credentials.setdefault(keyring_key, []).append(
                    KeyringCredential(
                        secret=secret,
                        key=key,
                        keyring_key=keyring_key,
                        username=entry.username,
                        password=entry.password,
                        from_auth=entry.from_auth,
                        unordered_with=others,
                    )
                )

    @property
    def keyring_keys(self) -> list[str]:
        """The keyring keys in the order the kubelet tries them."""
        return sorted(self._credentials, reverse=True)

    def lookup(self, repository: str) -> Lookup:
        """Return the credentials for a normalized repository name (``docker.io/library/nginx``)."""
        found: list[KeyringCredential] = []
        for keyring_key in self.keyring_keys:
            if key_matches(keyring_key, repository):
                found.extend(self._credentials[keyring_key])
        if found:
            return Lookup(repository, tuple(found))
        if is_docker_hub_repository(repository) and DOCKER_HUB_KEYRING_KEY in self._credentials:
            return Lookup(repository, tuple(self._credentials[DOCKER_HUB_KEYRING_KEY]), docker_hub_fallback=True)
        return Lookup(repository, ())
