"""Expiry of short-lived registry tokens: the Secret annotation and the warnings."""

from __future__ import annotations

import datetime as dt

from kubeship.credentials.model import Credential, format_time

EXPIRY_ANNOTATION = "kubeship.io/credentials-expire-at"


def expiry_warning(credential: Credential, now: dt.datetime, within: dt.timedelta) -> str | None:
    """Return a warning when ``credential`` has expired or expires within ``within`` of ``now``, else ``None``.

    The warning tells how to refresh: run kubeship again for a cloud token it
    fetches itself, or renew the stored credential where it came from.
    """
    if credential.expires_at is None:
        return None
    remaining = credential.expires_at - now
    if remaining > within:
        return None

    moment = format_time(credential.expires_at)
    if remaining <= dt.timedelta(0):
        state = f"expired at {moment}"
    else:
        minutes = max(1, int(remaining.total_seconds() // 60))
        state = f"expires at {moment}, in {minutes} min, before the {int(within.total_seconds() // 60)} min timeout ends"
    return f"credentials for {credential.scope} from {credential.source} {state}; {refresh_advice(credential)}"


def refresh_advice(credential: Credential) -> str:
    """Say how to get a fresh credential from the place ``credential`` came from."""
    source = credential.source
    if source.startswith(("ECR", "Google", "ACR")):
        return "run kubeship again shortly before deploying so it fetches a new token, and re-create the pull secret before the token expires"
    if "credHelpers" in source or "credsStore" in source:
        return f"log in again with 'docker login {credential.host}' so the credential helper stores a new token"
    return f"log in again with 'docker login {credential.host}' or pass a new password with --registry-password-stdin"


def earliest_expiry(credentials: list[Credential]) -> dt.datetime | None:
    """Return the earliest ``expires_at`` among ``credentials``, or ``None`` when none expires."""
    moments = [credential.expires_at for credential in credentials if credential.expires_at is not None]
    return min(moments) if moments else None


def expiry_annotations(credentials: list[Credential]) -> dict[str, str]:
    """Return the ``kubeship.io/credentials-expire-at`` annotation for a Secret, or an empty mapping."""
    moment = earliest_expiry(credentials)
    return {EXPIRY_ANNOTATION: format_time(moment)} if moment is not None else {}
