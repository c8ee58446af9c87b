"""Parsing and normalization of image references, as the distribution library does them.

``parse_normalized_named`` is Go's ``reference.ParseNormalizedNamed``: it turns the
familiar form a user writes (``nginx``, ``team/web:1.4``) into the full name the
registry, the container runtime and the kubelet use (``docker.io/library/nginx``).
Errors carry Go's message text, so users can search for what they see.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kubeship.errors import InputError, SourcePosition
from kubeship.imageref import grammar

DEFAULT_DOMAIN = "docker.io"
# The name Docker Hub had as "the Docker Index"; still the key of Docker Hub credentials.
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"
LOCALHOST = "localhost"
REPOSITORY_NAME_MAX_LENGTH = 255

# Go's error texts (distribution/reference v0.6.0 and opencontainers/go-digest v1.0.0).
INVALID_REFERENCE_FORMAT = "invalid reference format"
INVALID_TAG_FORMAT = "invalid tag format"
INVALID_DIGEST_FORMAT = "invalid digest format"
NAME_CONTAINS_UPPERCASE = "repository name must be lowercase"
NAME_EMPTY = "repository name must have at least one component"
NAME_TOO_LONG = f"repository name must not be more than {REPOSITORY_NAME_MAX_LENGTH} characters"
INVALID_CHECKSUM_DIGEST_FORMAT = "invalid checksum digest format"
INVALID_CHECKSUM_DIGEST_LENGTH = "invalid checksum digest length"
UNSUPPORTED_DIGEST_ALGORITHM = "unsupported digest algorithm"

_HINT = "write it as [registry[:port]/]repository[:tag][@digest] with a lowercase repository"


class ImageReferenceError(InputError):
    """An image reference that the distribution library's grammar rejects.

    ``reference`` is the text as given and ``reason`` Go's error message for it.
    """

    def __init__(self, reference: str, reason: str, *, position: SourcePosition | None = None) -> None:
        super().__init__(f"invalid image reference {reference!r}: {reason}", position=position, hint=_HINT)
        self.reference = reference
        self.reason = reason


@dataclass(frozen=True)
class ImageReference:
    """A parsed image reference.

    ``domain`` is the registry host with its optional port (empty only for a
    reference from ``parse_reference`` without one), ``path`` the repository path
    within the registry, ``tag`` and ``digest`` are ``None`` when absent.
    """

    domain: str
    path: str
    tag: str | None = None
    digest: str | None = None

    @property
    def name(self) -> str:
        """The repository name with its domain, without tag or digest (Go's ``Name()``)."""
        return f"{self.domain}/{self.path}" if self.domain else self.path

    @property
    def registry(self) -> str:
        """The registry host and optional port, the part credentials are keyed by."""
        return self.domain

    @property
    def repository(self) -> str:
        """The repository path within the registry, such as ``library/nginx``."""
        return self.path

    @property
    def is_docker_hub(self) -> bool:
        return self.domain in (DEFAULT_DOMAIN, LEGACY_DEFAULT_DOMAIN)

    @property
    def familiar_name(self) -> str:
        """The name as Docker shows it: without ``docker.io/`` and, for official images, ``library/``."""
        if self.domain != DEFAULT_DOMAIN:
            return self.name
        path = self.path
        if path.startswith(OFFICIAL_REPO_PREFIX) and "/" not in path[len(OFFICIAL_REPO_PREFIX) :]:
            path = path[len(OFFICIAL_REPO_PREFIX) :]
        return path

    def familiar_string(self) -> str:
        """Format the whole reference in familiar form (Go's ``FamiliarString``)."""
        return self.familiar_name + self._suffix()

    def with_default_tag(self) -> ImageReference:
        """Add the tag ``latest`` when the reference has neither a tag nor a digest (Go's ``TagNameOnly``)."""
        if self.tag is None and self.digest is None:
            return replace(self, tag=DEFAULT_TAG)
        return self

    def _suffix(self) -> str:
        text = ""
        if self.tag is not None:
            text += ":" + self.tag
        if self.digest is not None:
            text += "@" + self.digest
        return text

    def __str__(self) -> str:
        return self.name + self._suffix()


def parse_reference(text: str, *, position: SourcePosition | None = None) -> ImageReference:
    """Parse ``text`` by the grammar alone, without normalization (Go's ``reference.Parse``).

    The domain is empty when the first path component is not one. Raises
    ``ImageReferenceError`` with Go's message for an invalid reference.
    """
    if text == "":
        raise ImageReferenceError(text, NAME_EMPTY, position=position)

    match = grammar.REFERENCE_RE.fullmatch(text)
    if match is None:
        lowered = text.lower()
        if lowered != text and grammar.REFERENCE_RE.fullmatch(lowered) is not None:
            raise ImageReferenceError(text, NAME_CONTAINS_UPPERCASE, position=position)
        raise ImageReferenceError(text, INVALID_REFERENCE_FORMAT, position=position)

    name, tag, digest = match.group(1), match.group(2), match.group(3)
    name_match = grammar.NAME_RE.fullmatch(name)
    assert name_match is not None, "a name matched by the reference grammar matches the name grammar"
    domain, path = name_match.group(1) or "", name_match.group(2)

    if len(path) > REPOSITORY_NAME_MAX_LENGTH:
        raise ImageReferenceError(text, NAME_TOO_LONG, position=position)
    if digest is not None:
        reason = digest_error(digest)
        if reason is not None:
            raise ImageReferenceError(text, reason, position=position)
    return ImageReference(domain=domain, path=path, tag=tag, digest=digest)


def parse_normalized_named(text: str, *, position: SourcePosition | None = None) -> ImageReference:
    """Parse a familiar or full reference into its normalized form (Go's ``ParseNormalizedNamed``).

    ``nginx`` becomes ``docker.io/library/nginx``, ``index.docker.io/team/web``
    becomes ``docker.io/team/web``. No default tag is added (see
    ``ImageReference.with_default_tag``). Raises ``ImageReferenceError``.
    """
    if grammar.IDENTIFIER_RE.fullmatch(text):
        reason = f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"
        raise ImageReferenceError(text, reason, position=position)

    domain, remainder = split_docker_domain(text)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        reason = f"{INVALID_REFERENCE_FORMAT}: repository name ({remote}) must be lowercase"
        raise ImageReferenceError(text, reason, position=position)

    try:
        parsed = parse_reference(f"{domain}/{remainder}", position=position)
    except ImageReferenceError as error:
        # Report the text the user wrote, not the normalized form that was parsed.
        raise ImageReferenceError(text, error.reason, position=position) from None
    return parsed


def parse_docker_ref(text: str, *, position: SourcePosition | None = None) -> ImageReference:
    """Normalize as Docker does before a pull (Go's ``ParseDockerRef``).

    A reference with both a tag and a digest keeps only the digest, one with
    neither gets the tag ``latest``.
    """
    reference = parse_normalized_named(text, position=position)
    if reference.tag is not None and reference.digest is not None:
        return replace(reference, tag=None)
    return reference.with_default_tag()


def split_docker_domain(name: str) -> tuple[str, str]:
    """Split an unparsed name into its registry domain and the rest, applying Docker Hub's defaults.

    The first component is a domain when it contains ``.`` or ``:``, is
    ``localhost``, or contains an uppercase letter (repository paths cannot).
    """
    first, slash, rest = name.partition("/")
    if not slash:
        return DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name

    if first == LOCALHOST:
        domain, remainder = first, rest
    elif first == LEGACY_DEFAULT_DOMAIN:
        domain, remainder = DEFAULT_DOMAIN, rest
    elif "." in first or ":" in first:
        domain, remainder = first, rest
    elif first.lower() != first:
        domain, remainder = first, rest
    else:
        domain, remainder = DEFAULT_DOMAIN, name

    if domain == DEFAULT_DOMAIN and "/" not in remainder:
        remainder = OFFICIAL_REPO_PREFIX + remainder
    return domain, remainder


def digest_error(digest: str) -> str | None:
    """Return go-digest's error message for ``digest``, or ``None`` when it is valid.

    Only sha256, sha384 and sha512 are known algorithms, each with lowercase hex of
    its length. The length is checked before the characters, as go-digest v1.0.0 does.
    """
    algorithm, colon, encoded = digest.partition(":")
    if not colon or not algorithm or not encoded:
        return INVALID_CHECKSUM_DIGEST_FORMAT

    length = grammar.DIGEST_HEX_LENGTHS.get(algorithm)
    if length is None:
        if grammar.GO_DIGEST_RE.fullmatch(digest) is None:
            return INVALID_CHECKSUM_DIGEST_FORMAT
        return UNSUPPORTED_DIGEST_ALGORITHM
    if len(encoded) != length:
        return INVALID_CHECKSUM_DIGEST_LENGTH
    if any(char not in "0123456789abcdef" for char in encoded):
        return INVALID_CHECKSUM_DIGEST_FORMAT
    return None


def is_valid_tag(tag: str) -> bool:
    """Check whether ``tag`` is a valid tag: a word character, then up to 127 of ``[\\w.-]``."""
    return grammar.TAG_RE.fullmatch(tag) is not None


def is_valid_domain(domain: str) -> bool:
    """Check whether ``domain`` is a registry host with an optional port, as the grammar allows."""
    return grammar.DOMAIN_RE.fullmatch(domain) is not None
