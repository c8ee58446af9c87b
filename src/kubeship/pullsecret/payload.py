"""Pull secret payloads: Harness's legacy ``.dockercfg`` map and ``.dockerconfigjson``.

Both are built with a JSON encoder, so quotes, backslashes, ``$``, ``:``,
newlines and non-ASCII characters in a password survive byte for byte (Harness
escaped only double quotes, which broke on a backslash).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from kubeship import sanitize
from kubeship.credentials import DOCKER_HUB_CONFIG_KEY, Credential, CredentialError

ACR_HOST_SUFFIXES = (".azurecr.io", ".azurecr.cn", ".azurecr.us")
ACR_REFRESH_TOKEN_USERNAME = "00000000-0000-0000-0000-000000000000"


def pull_secret_login(credential: Credential) -> tuple[str, str]:
    """Return the username and password a pull secret carries for ``credential``.

    The kubelet sends only a username and password. An identity token (an
    OAuth2 refresh token) works as a password only at ACR, with its fixed
    username; for any other registry it raises ``CredentialError``.
    """
    if credential.password:
        return credential.username, credential.password
    if credential.identity_token and credential.host.endswith(ACR_HOST_SUFFIXES):
        return ACR_REFRESH_TOKEN_USERNAME, credential.identity_token
    if credential.identity_token:
        raise CredentialError(
            f"the credential for {credential.scope} from {credential.source} is an identity token, "
            "which the kubelet cannot use",
            hint="store a username and password (or an access token used as password) for this registry",
        )
    raise CredentialError(f"the credential for {credential.scope} from {credential.source} has no password")


def entry_for(credential: Credential) -> dict[str, str]:
    """Return ``{"username", "password", "auth"}`` with ``auth`` the base64 of ``username:password``."""
    username, password = pull_secret_login(credential)
    sanitize.register_credential(username, password, kind="registry-password")
    auth = base64.b64encode(f"{username}:{password}".encode("utf-8")).decode("ascii")
    return {"username": username, "password": password, "auth": auth}


def dockercfg_key(credential: Credential) -> str:
    """Return the legacy key: ``https://<host[:port]>/``, or ``https://index.docker.io/v1/`` for Docker Hub.

    A namespace credential (``quay.io/org``) keeps its path: ``https://quay.io/org``.
    """
    if credential.host == "docker.io" and credential.scope == "docker.io":
        return DOCKER_HUB_CONFIG_KEY
    if "/" in credential.scope:
        return f"https://{credential.scope}"
    return f"https://{credential.scope}/"


def dockerconfigjson_key(credential: Credential) -> str:
    """Return the ``auths`` key: ``<host[:port]>`` (or ``host/namespace``); Docker Hub as kubectl writes it."""
    if credential.host == "docker.io" and credential.scope == "docker.io":
        return DOCKER_HUB_CONFIG_KEY
    return credential.scope


def dockercfg_payload(credentials: list[Credential]) -> dict[str, Any]:
    """Build the legacy ``.dockercfg`` map ``{"<key>": {"username", "password", "auth"}}``."""
    return _keyed_entries(credentials, dockercfg_key)


def dockerconfigjson_payload(credentials: list[Credential]) -> dict[str, Any]:
    """Build ``{"auths": {"<host[:port]>": {"username", "password", "auth"}}}``."""
    return {"auths": _keyed_entries(credentials, dockerconfigjson_key)}


def _keyed_entries(credentials: list[Credential], key_for) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    for credential in credentials:
        key = key_for(credential)
        entry = entry_for(credential)
        if key in entries and entries[key] != entry:
            raise CredentialError(
                f"two different credentials for {key} ({credential.source} and an earlier one)",
                hint="build one pull secret per registry, or keep one login per registry",
            )
        entries[key] = entry
    return entries


def encode_payload(payload: dict[str, Any]) -> str:
    """Return base64 of the compact JSON of ``payload``, as a Secret's ``data`` value."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sanitize.register_secret(encoded, kind="pull-secret-payload")
    return encoded
