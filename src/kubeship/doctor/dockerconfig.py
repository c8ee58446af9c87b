"""Reading ``.dockercfg`` and ``.dockerconfigjson`` payloads the way the kubelet's Go code does.

The kubelet decodes a ``.dockerconfigjson`` payload into ``{"auths": {KEY: ENTRY}}`` (other
top-level fields are ignored) and a ``.dockercfg`` payload as the bare ``{KEY: ENTRY}`` map.
Go's ``encoding/json`` matches field names case-insensitively, lets the last duplicate win,
merges a repeated ``auths`` object into the first, and rejects a value of the wrong type. An
entry keeps ``username``, ``password`` and ``email``; a non-empty ``auth`` replaces username and
password with its base64-decoded ``user:password``. ``identitytoken`` and ``registrytoken``
are ignored.

Error messages never quote the payload, because it contains credentials.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any


class DockerConfigError(ValueError):
    """The payload cannot be decoded the way the kubelet decodes it; the message contains no secret."""


@dataclass(frozen=True)
class DockerConfigEntry:
    """Credentials for one registry key. ``from_auth`` records that ``auth`` supplied them."""

    username: str
    password: str = field(repr=False)
    email: str = ""
    from_auth: bool = False


# Go matches JSON object keys to struct fields ignoring case, with its Unicode simple folding.
def _fold(name: str) -> str:
    return name.replace("\u017f", "s").replace("\u212a", "k").lower()


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object kept as its (key, value) pairs, so duplicate keys survive decoding."""


def _loads(payload: bytes) -> Any:
    text = payload.decode("utf-8", "replace")
    try:
        return json.loads(text, object_pairs_hook=_Pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise DockerConfigError(f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    except ValueError as error:
        raise DockerConfigError(str(error)) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"not valid JSON: {name} is not a JSON value")


def json_type_name(value: Any) -> str:
    """Return the JSON type of a decoded value, as Go's decoding errors name it."""
    if isinstance(value, (_Pairs, dict)):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return "string"


def _expect_object(value: Any, what: str) -> _Pairs | None:
    """Return the pairs of a JSON object, None for JSON null, and raise for any other type."""
    if value is None or isinstance(value, _Pairs):
        return value
    raise DockerConfigError(f"cannot decode a JSON {json_type_name(value)} as {what}, which must be an object")


def parse_dockercfg(payload: bytes) -> dict[str, DockerConfigEntry]:
    """Decode a ``.dockercfg`` payload: a map from registry key to entry."""
    return _parse_entries(_expect_object(_loads(payload), "the .dockercfg map"))


def parse_dockerconfigjson(payload: bytes) -> dict[str, DockerConfigEntry]:
    """Decode a ``.dockerconfigjson`` payload; only its ``auths`` map supplies credentials."""
    top = _expect_object(_loads(payload), "the .dockerconfigjson document")
    auths: dict[str, DockerConfigEntry] | None = None
    for name, value in top or ():
        folded = _fold(name)
        if folded == "auths":
            pairs = _expect_object(value, '"auths"')
            if pairs is None:
                # Go sets the map to nil for a JSON null, dropping what an earlier "auths" added.
                auths = None
            else:
                auths = {**(auths or {}), **_parse_entries(pairs)}
        elif folded == "httpheaders":
            for _, header in _expect_object(value, '"HttpHeaders"') or ():
                if header is not None and not isinstance(header, str):
                    raise DockerConfigError(f'cannot decode a JSON {json_type_name(header)} as an "HttpHeaders" value')
    return auths or {}


def _parse_entries(pairs: _Pairs | None) -> dict[str, DockerConfigEntry]:
    entries: dict[str, DockerConfigEntry] = {}
    for key, value in pairs or ():
        entries[key] = _parse_entry(key, value)
    return entries


_ENTRY_FIELDS = ("username", "password", "email", "auth")


def _parse_entry(key: str, value: Any) -> DockerConfigEntry:
    fields = {name: "" for name in _ENTRY_FIELDS}
    for name, item in _expect_object(value, f"the entry for {key!r}") or ():
        folded = _fold(name)
        if folded not in fields:
            continue
        if item is None:
            continue  # Go leaves a string field unchanged for null
        if not isinstance(item, str):
            raise DockerConfigError(f"field {folded!r} of the entry for {key!r} is a JSON {json_type_name(item)}, not a string")
        fields[folded] = item
    if not fields["auth"]:
        return DockerConfigEntry(fields["username"], fields["password"], fields["email"])
    username, password = decode_auth_field(fields["auth"], key)
    return DockerConfigEntry(username, password, fields["email"], from_auth=True)


_STD_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_RAW_BASE64 = re.compile(r"[A-Za-z0-9+/]*")


def go_base64_decode(text: str, *, padded: bool) -> bytes:
    """Decode base64 as Go's ``StdEncoding`` (padded) or ``RawStdEncoding`` (no padding) does.

    Go skips ``\\r`` and ``\\n`` and rejects every other character outside the alphabet.
    Raises ValueError with no part of the input in the message.
    """
    compact = text.replace("\r", "").replace("\n", "")
    if padded:
        valid = _STD_BASE64.fullmatch(compact) is not None
    else:
        valid = _RAW_BASE64.fullmatch(compact) is not None and len(compact) % 4 != 1
        compact += "=" * (-len(compact) % 4)
    if not valid:
        raise ValueError("illegal base64 data")
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error:
        raise ValueError("illegal base64 data") from None


def decode_auth_field(auth: str, key: str = "") -> tuple[str, str]:
    """Split an ``auth`` field into username and password as the kubelet does.

    A value ending in ``=`` (after trimming spaces) is decoded as padded base64, anything else as
    unpadded base64; the text is split at the first colon.
    """
    where = f" of the entry for {key!r}" if key else ""
    try:
        decoded = go_base64_decode(auth, padded=auth.strip().endswith("="))
    except ValueError:
        raise DockerConfigError(f"the auth field{where} is not valid base64") from None
    text = decoded.decode("utf-8", "replace")
    username, colon, password = text.partition(":")
    if not colon:
        raise DockerConfigError(f"the auth field{where} does not decode to username:password")
    return username, password
