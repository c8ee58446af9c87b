"""A registry v2 client over httpx: ping, Basic and Bearer authentication, manifests and tags.

Authentication follows the distribution token specification as container runtimes implement
it. ``GET /v2/`` returns 200 or a 401 challenge. After a ``Basic`` challenge every request
carries the credentials. A ``Bearer`` challenge names a token server (``realm``) and a
``service``, from which the client requests a token with the scope ``repository:NAME:pull``. With a
username and password the token request is a GET with Basic credentials (anonymous without
credentials); with an identity (refresh) token it is an OAuth2 POST with
``grant_type=refresh_token``, falling back to the GET when the token server answers 400, 401,
404 or 405, as containerd does.

TLS verification is always on. Plain HTTP is used only for hosts listed in
``insecure_hosts``, and a token realm over plain HTTP is followed only when its host is listed
too. No credential or token is put in a URL, a log line or an exception message.
"""

from __future__ import annotations

import base64
import logging
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kubeship import sanitize
from kubeship.registry.challenge import Challenge, parse_challenges
from kubeship.registry.errors import (
    PlainHttpAnswer,
    RegistryErrorDetail,
    RegistryProtocolError,
    RegistryResponseError,
    RegistryUnreachable,
)

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

DOCKER_HUB_DOMAIN = "docker.io"
DOCKER_HUB_API_HOST = "registry-1.docker.io"

# The manifest types a container runtime accepts, most preferred first.
MANIFEST_MEDIA_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
)
MANIFEST_ACCEPT = ", ".join(MANIFEST_MEDIA_TYPES)

DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF_SECONDS = 0.5
MAX_RETRY_AFTER_SECONDS = 10.0
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Token server statuses after which containerd retries an OAuth2 POST as a GET.
POST_FALLBACK_STATUSES = frozenset({400, 401, 404, 405})
OAUTH_CLIENT_ID = "kubeship"
MAX_ERROR_MESSAGE = 200


@dataclass(frozen=True)
class RegistryCredentials:
    """Credentials for one registry: username and password, or an identity (refresh) token."""

    username: str = ""
    password: str = field(default="", repr=False)
    identity_token: str = field(default="", repr=False)

    @property
    def has_basic(self) -> bool:
        return bool(self.username and self.password)


@dataclass(frozen=True)
class ManifestInfo:
    """The result of a manifest request: digest, media type and size in bytes."""

    digest: str | None
    media_type: str | None
    size: int | None


def api_host(registry: str) -> str:
    """Return the host the registry API is served from; Docker Hub's is ``registry-1.docker.io``."""
    return DOCKER_HUB_API_HOST if registry in (DOCKER_HUB_DOMAIN, "index.docker.io") else registry


class RegistryClient:
    """A client for one registry host (``host[:port]``), used as a context manager."""

    def __init__(
        self,
        registry: str,
        credentials: RegistryCredentials | None = None,
        *,
        insecure_hosts: Iterable[str] = (),
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = DEFAULT_BACKOFF_SECONDS,
    ) -> None:
        import httpx

        self.registry = registry
        self.host = api_host(registry)
        self.insecure_hosts = frozenset(insecure_hosts)
        scheme = "http" if self.host in self.insecure_hosts or registry in self.insecure_hosts else "https"
        self.base_url = f"{scheme}://{self.host}"
        self._credentials = credentials or RegistryCredentials()
        sanitize.register_credential(self._credentials.username, self._credentials.password, kind="registry")
        sanitize.register_secret(self._credentials.identity_token, kind="identity-token")
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self._http = httpx.Client(timeout=timeout, verify=True, follow_redirects=True, trust_env=False)
        self._challenge: Challenge | None = None
        self._pinged = False
        self._tokens: dict[str, str] = {}

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # Requests

    def ping(self) -> Challenge | None:
        """Send ``GET /v2/``; return the authentication challenge, or None when no auth is needed."""
        response = self._send("GET", f"{self.base_url}/v2/")
        self._pinged = True
        if response.status_code == 200:
            self._challenge = None
        elif response.status_code == 401:
            self._challenge = _pick_challenge(response)
        else:
            raise _response_error(response, f"GET /v2/ on {self.registry}")
        return self._challenge

    def head_manifest(self, repository: str, reference: str) -> ManifestInfo:
        """Check that a manifest exists and the credentials may pull it, without downloading it."""
        response = self._authorized("HEAD", f"/v2/{repository}/manifests/{reference}", repository)
        if response.status_code != 200:
            # A HEAD response has no body, so ask again with GET for the registry's error code.
            response = self._authorized("GET", f"/v2/{repository}/manifests/{reference}", repository)
            if response.status_code != 200:
                raise _response_error(response, f"manifest {repository}:{reference}")
        return _manifest_info(response)

    def get_manifest(self, repository: str, reference: str) -> tuple[ManifestInfo, bytes]:
        """Download a manifest; return its description and raw bytes."""
        response = self._authorized("GET", f"/v2/{repository}/manifests/{reference}", repository)
        if response.status_code != 200:
            raise _response_error(response, f"manifest {repository}:{reference}")
        return _manifest_info(response), response.content

    def list_tags(self, repository: str) -> list[str]:
        """Return the repository's tags (the first page the registry sends)."""
        response = self._authorized("GET", f"/v2/{repository}/tags/list", repository)
        if response.status_code != 200:
            raise _response_error(response, f"tags of {repository}")
        try:
            tags = response.json().get("tags") or []
        except ValueError:
            raise RegistryProtocolError(f"{self.registry} sent a tag list that is not JSON") from None
        return [str(tag) for tag in tags]

    # Authentication

    def _authorized(self, method: str, path: str, repository: str) -> httpx.Response:
        if not self._pinged:
            self.ping()
        headers = {"Accept": MANIFEST_ACCEPT} if "/manifests/" in path else {}
        challenge = self._challenge
        if challenge is not None and challenge.scheme == "basic" and self._credentials.has_basic:
            headers["Authorization"] = "Basic " + _basic(self._credentials.username, self._credentials.password)
        elif challenge is not None and challenge.scheme == "bearer":
            token = self._token(challenge, f"repository:{repository}:pull")
            if token:
                headers["Authorization"] = f"Bearer {token}"
        return self._send(method, f"{self.base_url}{path}", headers=headers)

    def _token(self, challenge: Challenge, scope: str) -> str:
        if scope in self._tokens:
            return self._tokens[scope]
        realm = challenge.realm
        if not realm:
            raise RegistryProtocolError(f"{self.registry} sent a Bearer challenge without a realm")
        self._check_realm(realm)
        service = challenge.parameters.get("service", "")
        response = None
        if self._credentials.identity_token:
            response = self._send("POST", realm, data=_oauth_form(self._credentials, service, scope))
            if response.status_code in POST_FALLBACK_STATUSES:
                log.debug("token server %s returned HTTP %s to an OAuth2 POST; retrying with GET", realm, response.status_code)
                response = None
        if response is None:
            response = self._token_get(realm, service, scope)
        if response.status_code != 200:
            raise _response_error(response, f"token for {scope} from {_without_query(realm)}", from_token_server=True)
        token = _token_from(response, realm)
        sanitize.register_secret(token, kind="registry-token")
        self._tokens[scope] = token
        return token

    def _token_get(self, realm: str, service: str, scope: str) -> httpx.Response:
        params = {"scope": scope}
        if service:
            params["service"] = service
        headers = {}
        username = self._credentials.username
        secret = self._credentials.password or self._credentials.identity_token
        if username and secret:
            params["account"] = username
            headers["Authorization"] = "Basic " + _basic(username, secret)
        return self._send("GET", realm, params=params, headers=headers)

    def _check_realm(self, realm: str) -> None:
        parts = urlsplit(realm)
        if parts.scheme == "https":
            return
        if parts.scheme == "http" and parts.netloc in self.insecure_hosts:
            return
        raise RegistryProtocolError(
            f"{self.registry} names the token server {_without_query(realm)}, which is not HTTPS",
            hint=f"pass --insecure-registry {parts.netloc} if that server is meant to be reached over plain HTTP",
        )

    # Transport with retries

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        import httpx

        for attempt in range(1, self._attempts + 1):
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.HTTPError as error:
                if _answered_in_plain_http(error):
                    host = urlsplit(url).netloc
                    raise PlainHttpAnswer(
                        f"cannot reach {_without_query(url)}: the server responded in plain HTTP, not TLS",
                        hint=f"pass --insecure-registry {host} if the registry serves plain HTTP",
                    ) from None
                if attempt == self._attempts:
                    raise RegistryUnreachable(
                        f"cannot reach {_without_query(url)}: {type(error).__name__}: {_short(str(error))}",
                        hint="check the registry address, the network and the TLS certificate",
                    ) from None
                log.info("retrying %s %s after %s (attempt %d of %d)", method, _without_query(url),
                         type(error).__name__, attempt, self._attempts)
            else:
                if response.status_code not in RETRY_STATUSES or attempt == self._attempts:
                    return response
                log.info("retrying %s %s after HTTP %d (attempt %d of %d)", method, _without_query(url),
                         response.status_code, attempt, self._attempts)
                delay = _retry_after(response)
                if delay is not None:
                    time.sleep(delay)
                    continue
            time.sleep(self._backoff * 2 ** (attempt - 1))
        raise AssertionError("the retry loop always returns or raises")


def _answered_in_plain_http(error: Exception) -> bool:
    """Return whether a TLS handshake failed because the server sent plain HTTP.

    OpenSSL reads the first bytes of an HTTP response as a TLS record with an
    unknown version, and reports WRONG_VERSION_NUMBER.
    """
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError) and cause.reason == "WRONG_VERSION_NUMBER":
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _basic(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def _oauth_form(credentials: RegistryCredentials, service: str, scope: str) -> dict[str, str]:
    return {
        "grant_type": "refresh_token",
        "refresh_token": credentials.identity_token,
        "service": service,
        "scope": scope,
        "client_id": OAUTH_CLIENT_ID,
    }


def _pick_challenge(response: httpx.Response) -> Challenge:
    challenges = [challenge for header in response.headers.get_list("www-authenticate")
                  for challenge in parse_challenges(header)]
    for scheme in ("bearer", "basic"):
        for challenge in challenges:
            if challenge.scheme == scheme:
                return challenge
    raise RegistryProtocolError(f"{response.url.host} returned 401 to GET /v2/ without a Basic or Bearer challenge")


def _insufficient_scope(response: httpx.Response) -> bool:
    for header in response.headers.get_list("www-authenticate"):
        for challenge in parse_challenges(header):
            if challenge.parameters.get("error") == "insufficient_scope":
                return True
    return False


def _token_from(response: httpx.Response, realm: str) -> str:
    try:
        body = response.json()
    except ValueError:
        raise RegistryProtocolError(f"the token server {_without_query(realm)} sent a response that is not JSON") from None
    token = (body.get("access_token") or body.get("token")) if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        raise RegistryProtocolError(f"the token server {_without_query(realm)} sent no token")
    return token


def _manifest_info(response: httpx.Response) -> ManifestInfo:
    size = response.headers.get("content-length")
    return ManifestInfo(
        digest=response.headers.get("docker-content-digest"),
        media_type=response.headers.get("content-type"),
        size=int(size) if size and size.isdigit() else None,
    )


def _response_error(response: httpx.Response, what: str, *, from_token_server: bool = False) -> RegistryResponseError:
    errors = _error_details(response)
    text = f"{what}: HTTP {response.status_code}"
    if errors:
        text += " " + "; ".join(f"{error.code}: {error.message}" if error.message else error.code for error in errors)
    return RegistryResponseError(
        text,
        status=response.status_code,
        errors=errors,
        insufficient_scope=response.status_code == 401 and _insufficient_scope(response),
        from_token_server=from_token_server,
    )


def _error_details(response: httpx.Response) -> tuple[RegistryErrorDetail, ...]:
    if response.request.method == "HEAD":
        return ()
    try:
        body = response.json()
    except ValueError:
        return ()
    entries = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(entries, list):
        return ()
    return tuple(
        RegistryErrorDetail(code=str(entry.get("code", "")), message=_short(str(entry.get("message", ""))))
        for entry in entries
        if isinstance(entry, dict)
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_SECONDS)
    return None


def _without_query(url: str) -> str:
    return url.split("?", 1)[0]


def _short(text: str) -> str:
    return text if len(text) <= MAX_ERROR_MESSAGE else text[: MAX_ERROR_MESSAGE - 3] + "..."
