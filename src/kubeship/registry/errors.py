"""Errors of the registry client, arranged the way users think about a failed request."""

from __future__ import annotations

from dataclasses import dataclass

from kubeship.errors import KubeshipError

# Error codes of the distribution API (OCI distribution spec), with the HTTP status they come with.
ERROR_CODES = {
    "BLOB_UNKNOWN": 404,
    "BLOB_UPLOAD_INVALID": 400,
    "BLOB_UPLOAD_UNKNOWN": 404,
    "DIGEST_INVALID": 400,
    "MANIFEST_BLOB_UNKNOWN": 404,
    "MANIFEST_INVALID": 400,
    "MANIFEST_UNKNOWN": 404,
    "NAME_INVALID": 400,
    "NAME_UNKNOWN": 404,
    "SIZE_INVALID": 400,
    "UNAUTHORIZED": 401,
    "DENIED": 403,
    "UNSUPPORTED": 405,
    "TOOMANYREQUESTS": 429,
    "UNAVAILABLE": 503,
}


@dataclass(frozen=True)
class RegistryErrorDetail:
    """One entry of a registry's ``{"errors": [...]}`` response body."""

    code: str
    message: str = ""


class RegistryError(KubeshipError):
    """A registry request failed."""

    exit_code = 1


class RegistryUnreachable(RegistryError):
    """No HTTP response: connection refused, DNS failure, timeout or TLS failure."""


class PlainHttpAnswer(RegistryUnreachable):
    """The server responded to the TLS handshake in plain HTTP, so it likely serves plain HTTP only."""


class RegistryProtocolError(RegistryError):
    """The registry or its token server sent a response a client cannot use."""


class RegistryResponseError(RegistryError):
    """The registry or its token server returned an error status.

    ``insufficient_scope`` is set when a token was issued but does not grant the requested
    access, which distribution reports as a 401 with ``error="insufficient_scope"``.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        errors: tuple[RegistryErrorDetail, ...] = (),
        insufficient_scope: bool = False,
        from_token_server: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.errors = errors
        self.insufficient_scope = insufficient_scope
        self.from_token_server = from_token_server

    @property
    def code(self) -> str | None:
        """The first error code of the response body, such as ``MANIFEST_UNKNOWN``."""
        return self.errors[0].code if self.errors else None
