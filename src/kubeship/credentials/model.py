"""Registry credentials, the registry they are for, and the record of how they were found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kubeship import sanitize
from kubeship.errors import InputError

MASK = "***"


class CredentialError(InputError):
    """Credentials exist but cannot be read or used: a malformed file, a failing helper, a bad entry."""


@dataclass(frozen=True)
class RegistryTarget:
    """The registry a credential is looked up for.

    ``host`` is the registry host with an optional port, normalized as image
    references are (``docker.io`` for Docker Hub). ``repository`` is the
    repository path when the lookup started from an image reference, so that
    namespace keys such as ``quay.io/org`` can match; it is ``None`` for a bare
    registry.
    """

    host: str
    repository: str | None = None
    image: str | None = None

    @property
    def is_docker_hub(self) -> bool:
        return self.host == "docker.io"

    @property
    def name(self) -> str:
        """The repository name with its host, or the host alone."""
        return f"{self.host}/{self.repository}" if self.repository else self.host

    def __str__(self) -> str:
        return self.image or self.host


@dataclass(frozen=True)
class Credential:
    """A username and password (or an identity token) for one registry.

    ``scope`` is what the credential applies to: the registry host, or a
    namespace such as ``quay.io/org`` when it came from a namespace key.
    ``source`` names where it was found, for messages. ``expires_at`` is set for
    short-lived tokens (UTC). ``identity_token`` is an OAuth2 refresh token
    that Docker exchanges at the registry's token endpoint; the kubelet cannot
    use one, so a pull secret needs ``password``.
    """

    scope: str
    username: str
    password: str
    source: str
    identity_token: str = ""
    expires_at: dt.datetime | None = None
    notes: tuple[str, ...] = ()

    @property
    def host(self) -> str:
        return self.scope.split("/", 1)[0]

    def describe(self) -> str:
        """Describe the credential for messages, with every secret masked."""
        parts = [f"user {self.username!r}" if self.username else "no user"]
        if self.password:
            parts.append(f"password {MASK}")
        if self.identity_token:
            parts.append(f"identity token {MASK}")
        if self.expires_at is not None:
            parts.append(f"expires {format_time(self.expires_at)}")
        return ", ".join(parts)

    def __repr__(self) -> str:
        return f"Credential(scope={self.scope!r}, source={self.source!r}, {self.describe()})"


@dataclass
class Attempt:
    """One source tried during a lookup: its name, whether it supplied the credential, and why not."""

    source: str
    found: bool
    detail: str


@dataclass
class Lookup:
    """The outcome of a credential search: the credential (or ``None``) and every source tried, in order."""

    target: RegistryTarget
    credential: Credential | None = None
    attempts: list[Attempt] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def miss(self, source: str, detail: str) -> None:
        self.attempts.append(Attempt(source, False, detail))

    def hit(self, credential: Credential, detail: str) -> Credential:
        register_credential_secrets(credential)
        self.attempts.append(Attempt(credential.source, True, detail))
        self.credential = credential
        return credential

    def explain(self) -> str:
        """Format the search as numbered lines, one per source, with secrets masked."""
        lines = [f"credentials for {self.target.host} (looked up for {self.target}):"]
        for number, attempt in enumerate(self.attempts, start=1):
            marker = "found" if attempt.found else "no"
            lines.append(f"  {number}. {attempt.source}: {marker}: {attempt.detail}")
        if self.credential is None:
            lines.append("  result: no credentials; the image is pulled anonymously")
        else:
            lines.append(f"  result: {self.credential.source} ({self.credential.describe()})")
        for warning in self.warnings:
            lines.append(f"  warning: {warning}")
        return "\n".join(lines)


def register_credential_secrets(credential: Credential) -> None:
    """Register the credential's password, ``user:password`` forms and identity token for masking."""
    sanitize.register_credential(credential.username, credential.password, kind="registry-password")
    sanitize.register_secret(credential.identity_token, kind="identity-token")


def format_time(moment: dt.datetime) -> str:
    """Format ``moment`` as RFC 3339 in UTC with a ``Z`` suffix, to the second."""
    utc = moment.astimezone(dt.timezone.utc) if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
