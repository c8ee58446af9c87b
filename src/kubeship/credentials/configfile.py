"""Reading docker ``config.json``, ``DOCKER_AUTH_CONFIG``, containers ``auth.json`` and legacy ``.dockercfg`` text.

Every check here turns a problem into a ``CredentialError`` that names the file
(with line and column for JSON errors) and the fix, or into a warning
when kubeship can still go on safely.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kubeship.credentials.model import CredentialError
from kubeship.errors import SourcePosition


@dataclass
class ConfigFile:
    """The credential parts of a docker or containers config file.

    ``origin`` names the file or variable for messages. In the legacy
    ``.dockercfg`` format the whole file is the ``auths`` map.
    """

    origin: str
    auths: dict[str, Any] = field(default_factory=dict)
    creds_store: str = ""
    cred_helpers: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EntryCredentials:
    """The credentials decoded from one ``auths`` entry."""

    username: str = ""
    password: str = ""
    identity_token: str = ""
    registry_token: str = ""

    @property
    def empty(self) -> bool:
        return not (self.username or self.password or self.identity_token or self.registry_token)


def read_json_object(text: str, origin: str, warnings: list[str]) -> dict[str, Any]:
    """Parse config text into a JSON object, decoding it first when it is base64 of one.

    An empty text is an empty object with a warning, as Docker reads an empty
    file as an empty configuration. Raises ``CredentialError``.
    """
    if not text.strip():
        warnings.append(f"{origin} is empty, so it contains no credentials")
        return {}

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        decoded = _decode_base64_json(text)
        if decoded is None:
            raise CredentialError(
                f"not valid JSON: {error.msg}",
                position=SourcePosition(origin, error.lineno, error.colno),
                hint="fix the file, or point --docker-config at a valid docker config.json",
            ) from None
        warnings.append(f"{origin} contains base64 of a docker config; kubeship decoded it once")
        data = decoded

    if not isinstance(data, dict):
        raise CredentialError(
            f"{origin} must contain a JSON object, not {json_type(data)}",
            hint='a docker config looks like {"auths": {"registry.example.com": {"auth": "..."}}}',
        )
    return data


def _decode_base64_json(text: str) -> Any | None:
    compact = "".join(text.split())
    try:
        raw = base64.b64decode(compact, validate=True)
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError):
        return None


def parse_config(data: dict[str, Any], origin: str, *, legacy_format: bool = False) -> ConfigFile:
    """Check the types of the credential fields of a parsed config and return them. Raises ``CredentialError``."""
    config = ConfigFile(origin=origin)
    if legacy_format:
        config.auths = data
    else:
        auths = data.get("auths", {})
        if auths is None:
            auths = {}
        if not isinstance(auths, dict):
            raise CredentialError(
                f'{origin}: "auths" must be a JSON object keyed by registry, not {json_type(auths)}',
                hint='write "auths": {"registry.example.com": {"auth": "<base64 of user:password>"}}',
            )
        config.auths = auths

        creds_store = data.get("credsStore", "")
        if not isinstance(creds_store, str):
            raise CredentialError(f'{origin}: "credsStore" must be a string naming a credential helper')
        config.creds_store = creds_store

        helpers = data.get("credHelpers", {}) or {}
        if not isinstance(helpers, dict) or not all(isinstance(value, str) for value in helpers.values()):
            raise CredentialError(f'{origin}: "credHelpers" must map registry hosts to helper names')
        config.cred_helpers = helpers

    for key, entry in config.auths.items():
        if not isinstance(entry, dict):
            raise CredentialError(
                f"{origin}: the auths entry for {key!r} must be a JSON object, not {json_type(entry)}",
                hint='write {"auth": "<base64 of user:password>"}',
            )
    return config


def load_config_file(path: Path, *, legacy_format: bool = False) -> ConfigFile:
    """Read and check a config file. Raises ``CredentialError`` when it cannot be read or parsed."""
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CredentialError(f"{origin} is not UTF-8 text", hint="a docker config is a JSON file") from None
    except OSError as error:
        raise CredentialError(f"cannot read {origin}: {error.strerror}") from None
    warnings: list[str] = []
    config = parse_config(read_json_object(text, origin, warnings), origin, legacy_format=legacy_format)
    config.warnings.extend(warnings)
    return config


def decode_entry(entry: dict[str, Any], key: str, origin: str, *, read_user_fields: bool = True) -> EntryCredentials:
    """Decode the credentials of one ``auths`` entry as Docker does.

    ``auth`` (padded base64 of ``user:password``) wins over ``username`` and
    ``password``; the password is split at the first colon, so it may contain
    more. containers tools read only ``auth`` and ``identitytoken``, which
    ``read_user_fields=False`` reproduces. Raises ``CredentialError``.
    """
    where = f"{origin}: the auths entry for {key!r}"
    for name in ("auth", "username", "password", "identitytoken", "registrytoken"):
        if not isinstance(entry.get(name, ""), str):
            raise CredentialError(f"{where}: {name!r} must be a string")

    username = entry.get("username", "") if read_user_fields else ""
    password = entry.get("password", "") if read_user_fields else ""
    auth = entry.get("auth", "")
    if auth:
        username, password = decode_auth(auth, where)
    return EntryCredentials(
        username=username,
        password=password,
        identity_token=entry.get("identitytoken", ""),
        registry_token=entry.get("registrytoken", "") if read_user_fields else "",
    )


def decode_auth(auth: str, where: str) -> tuple[str, str]:
    """Split an ``auth`` value into username and password. Raises ``CredentialError``."""
    # Go's base64 decoder skips line breaks, so they are dropped here as well.
    compact = auth.replace("\r", "").replace("\n", "")
    try:
        decoded = base64.b64decode(compact, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise CredentialError(
            f"{where}: 'auth' is not valid base64",
            hint="set it to the padded base64 of username:password, or log in again with docker login",
        ) from None
    username, colon, password = decoded.partition(":")
    if not colon or not username:
        raise CredentialError(
            f"{where}: 'auth' must decode to username:password",
            hint="encode the username, a colon and the password together in base64",
        )
    return username, password.strip("\x00")


def json_type(value: Any) -> str:
    """Name the JSON type of ``value`` for messages."""
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    return "an object"
