"""Short-lived credentials from cloud registries: ECR, GCR and Artifact Registry, ACR, GHCR.

Each provider's SDK is an optional extra (``kubeship[aws]``, ``kubeship[gcp]``,
``kubeship[azure]``) imported only when an image on that provider's registry
needs credentials. A provider that has no credentials to offer returns a
``Miss`` with the reason; one that fails for another reason raises
``CredentialError``.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kubeship import sanitize
from kubeship.credentials.model import Credential, CredentialError

log = logging.getLogger(__name__)

ECR_HOST = re.compile(
    r"(?P<account>[0-9]{12})\.dkr\.ecr(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?"
)
GCR_HOST = re.compile(r"(?:[a-z0-9-]+\.)?gcr\.io|[a-z0-9-]+-docker\.pkg\.dev")
ACR_HOST = re.compile(r"[a-zA-Z0-9-]+\.azurecr\.(?:io|cn|us)")
GHCR_HOST = "ghcr.io"

ECR_USERNAME = "AWS"
GCP_ACCESS_TOKEN_USERNAME = "oauth2accesstoken"
GCP_JSON_KEY_USERNAME = "_json_key"
ACR_REFRESH_TOKEN_USERNAME = "00000000-0000-0000-0000-000000000000"
GCP_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
AZURE_MANAGEMENT_SCOPE = "https://management.azure.com/.default"
HTTP_TIMEOUT_SECONDS = 30.0

# Environment variables kubeship reads for cloud registries.
REGISTRY_KINDS_VARIABLE = "KUBESHIP_REGISTRY_KINDS"
GCP_KEY_VARIABLE = "KUBESHIP_GCP_SERVICE_ACCOUNT_KEY"
AZURE_TOKEN_VARIABLE = "KUBESHIP_AZURE_ACCESS_TOKEN"
GHCR_TOKEN_VARIABLES = ("KUBESHIP_GHCR_TOKEN", "GITHUB_TOKEN", "GH_TOKEN")
GHCR_USERNAME_VARIABLES = ("KUBESHIP_GHCR_USERNAME", "GITHUB_ACTOR")
# "off" stops kubeship from asking the SDKs' default credential chains (instance metadata, CLI logins).
CLOUD_SDK_VARIABLE = "KUBESHIP_CLOUD_SDK"


def sdk_chains_enabled(environ: Mapping[str, str]) -> bool:
    """Return whether the cloud SDKs may search their default credential chains."""
    return environ.get(CLOUD_SDK_VARIABLE, "on").lower() != "off"


def _sdk_chains_off() -> Miss:
    return Miss(f"cloud SDK credential chains are turned off ({CLOUD_SDK_VARIABLE}=off)")


@dataclass(frozen=True)
class Miss:
    """A provider had nothing to offer, and why."""

    reason: str


def registry_kind(host: str, environ: Mapping[str, str]) -> str | None:
    """Return ``ecr``, ``gcr``, ``acr`` or ``ghcr`` for a cloud registry host, else ``None``.

    Hosts are recognised by their patterns; a registry on a custom domain is
    declared in ``KUBESHIP_REGISTRY_KINDS`` as ``host=kind`` pairs separated by commas.
    """
    declared = parse_registry_kinds(environ.get(REGISTRY_KINDS_VARIABLE, ""))
    if host in declared:
        return declared[host]
    if ECR_HOST.fullmatch(host):
        return "ecr"
    if GCR_HOST.fullmatch(host):
        return "gcr"
    if ACR_HOST.fullmatch(host):
        return "acr"
    if host == GHCR_HOST:
        return "ghcr"
    return None


def parse_registry_kinds(text: str) -> dict[str, str]:
    """Parse ``host=kind,host=kind``. Raises ``CredentialError`` for an unknown kind."""
    kinds: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        host, equals, kind = item.partition("=")
        if not equals or kind not in ("ecr", "gcr", "acr", "ghcr"):
            raise CredentialError(
                f"{REGISTRY_KINDS_VARIABLE}: invalid item {item!r}",
                hint="write host=kind pairs separated by commas, with kind one of ecr, gcr, acr, ghcr",
            )
        kinds[host.strip()] = kind
    return kinds


def cloud_credential(kind: str, host: str, environ: Mapping[str, str]) -> Credential | Miss:
    """Fetch a credential for ``host`` from its cloud provider."""
    providers = {"ecr": ecr_credential, "gcr": gcp_credential, "acr": acr_credential, "ghcr": ghcr_credential}
    return providers[kind](host, environ)


def ecr_credential(host: str, environ: Mapping[str, str]) -> Credential | Miss:
    """Get an ECR authorization token (user ``AWS``, valid 12 hours) with boto3."""
    match = ECR_HOST.fullmatch(host)
    if match is None:
        return Miss(f"{host} is not an ECR host of the form ACCOUNT.dkr.ecr.REGION.amazonaws.com")
    if not sdk_chains_enabled(environ):
        return _sdk_chains_off()
    try:
        import boto3
        import botocore.exceptions
    except ImportError:
        return Miss("boto3 is not installed; install kubeship[aws] to fetch ECR tokens")

    client = boto3.client("ecr", region_name=match["region"])
    try:
        response = client.get_authorization_token(registryIds=[match["account"]])
    except botocore.exceptions.NoCredentialsError:
        return Miss("no AWS credentials are configured (environment, shared files or instance role)")
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        raise CredentialError(f"ECR GetAuthorizationToken for {host} failed: {error}") from None

    data = response["authorizationData"][0]
    username, _, password = base64.b64decode(data["authorizationToken"]).decode().partition(":")
    proxy_host = data.get("proxyEndpoint", "").removeprefix("https://").rstrip("/") or host
    return Credential(
        scope=proxy_host,
        username=username or ECR_USERNAME,
        password=password,
        source=f"ECR GetAuthorizationToken ({match['region']})",
        expires_at=_utc(data.get("expiresAt")),
    )


def gcp_credential(host: str, environ: Mapping[str, str]) -> Credential | Miss:
    """Use a service-account key (``_json_key``) or an access token from google-auth (``oauth2accesstoken``)."""
    key_file = environ.get(GCP_KEY_VARIABLE)
    if key_file:
        return _gcp_json_key(host, Path(key_file))
    if not sdk_chains_enabled(environ):
        return _sdk_chains_off()
    try:
        import google.auth
        import google.auth.exceptions
        import google.auth.transport.requests
    except ImportError:
        return Miss(f"google-auth is not installed; install kubeship[gcp] or set {GCP_KEY_VARIABLE}")

    try:
        credentials, _ = google.auth.default(scopes=[GCP_SCOPE])
        credentials.refresh(google.auth.transport.requests.Request())
    except google.auth.exceptions.DefaultCredentialsError:
        return Miss("no Google application default credentials are configured")
    except google.auth.exceptions.GoogleAuthError as error:
        raise CredentialError(f"getting a Google access token for {host} failed: {error}") from None
    return Credential(
        scope=host,
        username=GCP_ACCESS_TOKEN_USERNAME,
        password=credentials.token,
        source="Google application default credentials (access token)",
        expires_at=_utc(credentials.expiry),
    )


def _gcp_json_key(host: str, path: Path) -> Credential:
    try:
        key = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CredentialError(f"cannot read {GCP_KEY_VARIABLE} file {path}: {error.strerror}") from None
    except ValueError:
        raise CredentialError(f"{GCP_KEY_VARIABLE} file {path} is not valid JSON") from None
    if not isinstance(key, dict) or key.get("type") != "service_account":
        raise CredentialError(
            f"{GCP_KEY_VARIABLE} file {path} is not a service-account key",
            hint='download a JSON key with "type": "service_account" for a service account that can read the registry',
        )
    # Compact JSON has no line breaks, so the key survives as one password value.
    return Credential(
        scope=host,
        username=GCP_JSON_KEY_USERNAME,
        password=json.dumps(key, separators=(",", ":")),
        source=f"Google service-account key {path}",
    )


def acr_credential(host: str, environ: Mapping[str, str]) -> Credential | Miss:
    """Use a service principal, or exchange an Entra ID token for an ACR refresh token."""
    client_id, client_secret = environ.get("AZURE_CLIENT_ID"), environ.get("AZURE_CLIENT_SECRET")
    if client_id and client_secret:
        return Credential(scope=host, username=client_id, password=client_secret, source="Azure service principal (AZURE_CLIENT_ID)")

    access_token = environ.get(AZURE_TOKEN_VARIABLE)
    source = AZURE_TOKEN_VARIABLE
    if not access_token:
        if not sdk_chains_enabled(environ):
            return _sdk_chains_off()
        token_or_miss = _azure_identity_token()
        if isinstance(token_or_miss, Miss):
            return token_or_miss
        access_token, source = token_or_miss, "azure-identity DefaultAzureCredential"

    sanitize.register_secret(access_token, kind="entra-id-token")
    refresh_token = exchange_acr_token(host, access_token, tenant=environ.get("AZURE_TENANT_ID"))
    return Credential(
        scope=host,
        username=ACR_REFRESH_TOKEN_USERNAME,
        password=refresh_token,
        source=f"ACR refresh token exchanged for an Entra ID token ({source})",
        expires_at=jwt_expiry(refresh_token),
    )


def _azure_identity_token() -> str | Miss:
    try:
        import azure.core.exceptions
        import azure.identity
    except ImportError:
        return Miss(f"azure-identity is not installed; install kubeship[azure] or set {AZURE_TOKEN_VARIABLE}")
    # NOTE: this path calls Azure's real endpoints, so no test runs it; the tests cover the exchange with a given token.
    try:
        credential = azure.identity.DefaultAzureCredential(exclude_interactive_browser_credential=True)
        return credential.get_token(AZURE_MANAGEMENT_SCOPE).token
    except azure.core.exceptions.ClientAuthenticationError:
        return Miss("azure-identity found no Entra ID credentials")


def exchange_acr_token(host: str, access_token: str, *, tenant: str | None = None) -> str:
    """POST an Entra ID access token to the registry's ``/oauth2/exchange`` and return the refresh token.

    Loopback registries are reached over plain HTTP, as Docker treats 127.0.0.0/8
    as insecure by default; every other registry over HTTPS.
    """
    import httpx

    form = {"grant_type": "access_token", "service": host, "access_token": access_token}
    if tenant:
        form["tenant"] = tenant
    url = f"{registry_scheme(host)}://{host}/oauth2/exchange"
    try:
        response = httpx.post(url, data=form, timeout=HTTP_TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        raise CredentialError(f"ACR token exchange at {url} failed: {error}") from None
    if response.status_code != 200:
        raise CredentialError(
            f"ACR token exchange at {url} failed with HTTP {response.status_code}",
            hint="check that the Entra ID identity has the AcrPull role on the registry",
        )
    try:
        refresh_token = response.json()["refresh_token"]
    except (ValueError, KeyError, TypeError):
        raise CredentialError(f"ACR token exchange at {url} returned no refresh_token") from None
    sanitize.register_secret(refresh_token, kind="acr-refresh-token")
    return refresh_token


def ghcr_credential(host: str, environ: Mapping[str, str]) -> Credential | Miss:
    """Use a GitHub token with read:packages and the GitHub user name."""
    token_variable = next((name for name in GHCR_TOKEN_VARIABLES if environ.get(name)), None)
    if token_variable is None:
        return Miss(f"none of {', '.join(GHCR_TOKEN_VARIABLES)} is set")
    username = next((environ[name] for name in GHCR_USERNAME_VARIABLES if environ.get(name)), None)
    if username is None:
        raise CredentialError(
            f"{token_variable} is set for {host} but no GitHub user name is",
            hint=f"set {GHCR_USERNAME_VARIABLES[0]} to the GitHub user that owns the token",
        )
    return Credential(scope=host, username=username, password=environ[token_variable], source=f"GitHub token ({token_variable})")


def registry_scheme(host: str) -> str:
    """Return ``http`` for a loopback registry and ``https`` for every other."""
    if host.startswith("["):
        name = host[1 : host.find("]")]
    else:
        name = host.split(":", 1)[0]
    if name == "localhost":
        return "http"
    try:
        return "http" if ipaddress.ip_address(name).is_loopback else "https"
    except ValueError:
        return "https"


def jwt_expiry(token: str) -> dt.datetime | None:
    """Return the ``exp`` claim of a JWT (not verified) as UTC, or ``None`` when there is none."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded))
        return dt.datetime.fromtimestamp(int(claims["exp"]), tz=dt.timezone.utc)
    except (ValueError, KeyError, TypeError, OverflowError):
        return None


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)
