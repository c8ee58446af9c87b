"""Checking whether credentials can pull an image, as a container runtime would."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kubeship.registry.client import (
    DEFAULT_ATTEMPTS,
    DEFAULT_BACKOFF_SECONDS,
    DEFAULT_TIMEOUT_SECONDS,
    RegistryClient,
    RegistryCredentials,
)
from kubeship.registry.errors import PlainHttpAnswer, RegistryError, RegistryResponseError, RegistryUnreachable

OK = "ok"
UNAUTHORIZED = "unauthorized"
DENIED = "denied"
NOT_FOUND = "not found"
UNREACHABLE = "unreachable"
ERROR = "error"


@dataclass(frozen=True)
class PullCheck:
    """The outcome of one pull check.

    ``status`` is ok, unauthorized (401: credentials missing or rejected), denied (403, or a
    token that does not grant pull), not found (404: repository or tag), unreachable, or error.
    """

    status: str
    http_status: int | None = None
    error_code: str | None = None
    message: str = ""
    digest: str | None = None
    # What to do next when the status alone does not show it, such as for a plain HTTP registry.
    hint: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK


def check_pull(
    registry: str,
    repository: str,
    reference: str,
    credentials: RegistryCredentials | None = None,
    *,
    insecure_hosts: Iterable[str] = (),
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    attempts: int = DEFAULT_ATTEMPTS,
    backoff: float = DEFAULT_BACKOFF_SECONDS,
) -> PullCheck:
    """Ping the registry, authenticate for ``repository:NAME:pull`` and request the manifest.

    ``reference`` is a tag or a digest. A registry failure (unreachable, HTTP error,
    protocol error) is returned as the status, not raised.
    """
    client = RegistryClient(
        registry, credentials, insecure_hosts=insecure_hosts, timeout=timeout, attempts=attempts, backoff=backoff
    )
    with client:
        try:
            info = client.head_manifest(repository, reference)
        except PlainHttpAnswer as error:
            return PullCheck(UNREACHABLE, message=error.message, hint=error.hint or "")
        except RegistryUnreachable as error:
            return PullCheck(UNREACHABLE, message=error.message)
        except RegistryResponseError as error:
            authenticated = credentials is not None and (credentials.has_basic or bool(credentials.identity_token))
            check = _from_response_error(error, repository, reference, authenticated)
            if check.status == NOT_FOUND:
                check = _repository_or_reference(client, check, repository, reference)
            return check
        except RegistryError as error:
            return PullCheck(ERROR, message=error.message)
    return PullCheck(OK, http_status=200, digest=info.digest, message=f"manifest {info.digest or 'found'}")


def _repository_or_reference(client: RegistryClient, check: PullCheck, repository: str, reference: str) -> PullCheck:
    """Tell a missing repository from a missing tag: distribution 2.8 sends MANIFEST_UNKNOWN for both,
    but its tag list of a missing repository fails with NAME_UNKNOWN."""
    try:
        client.list_tags(repository)
    except RegistryResponseError as error:
        if error.status == 404:
            return PullCheck(NOT_FOUND, 404, error.code or check.error_code, f"repository {repository} not found")
        return check
    except RegistryError:
        return check
    return PullCheck(NOT_FOUND, 404, check.error_code, f"tag or digest {reference} not found in {repository}")


def _from_response_error(
    error: RegistryResponseError, repository: str, reference: str, authenticated: bool
) -> PullCheck:
    status = error.status
    if status == 401 and error.insufficient_scope and authenticated and not error.from_token_server:
        verdict, message = DENIED, f"the token does not grant pull on {repository}"
    elif status == 401:
        verdict = UNAUTHORIZED
        if error.from_token_server:
            message = "the token server rejected the credentials"
        elif authenticated:
            message = "the registry rejected the credentials"
        else:
            message = "authentication required"
    elif status == 403:
        verdict, message = DENIED, f"pull on {repository} is denied"
    elif status == 404 and error.code == "MANIFEST_UNKNOWN":
        verdict, message = NOT_FOUND, f"tag or digest {reference} not found in {repository}"
    elif status == 404:
        verdict, message = NOT_FOUND, f"repository {repository} not found"
    else:
        verdict, message = ERROR, error.message
    registry_message = error.errors[0].message if error.errors else ""
    if registry_message and verdict != ERROR and registry_message.lower() != message.lower():
        message += f" ({registry_message})"
    return PullCheck(verdict, http_status=status, error_code=error.code, message=message)
