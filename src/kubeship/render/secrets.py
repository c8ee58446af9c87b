"""``${secrets.getValue("name")}`` from environment variables.

A secret named ``db-password`` is read from ``KUBESHIP_SECRET_DB_PASSWORD``: the name in
upper case, with every character other than a letter or digit replaced by ``_``.
Environment variables keep secrets out of command lines and files; every value read is
registered with the sanitizer so that no output can show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from kubeship import sanitize

SECRET_VARIABLE_PREFIX = "KUBESHIP_SECRET_"


def secret_variable_name(name: str) -> str:
    """Return the name of the environment variable that contains the secret ``name``."""
    return SECRET_VARIABLE_PREFIX + re.sub(r"[^A-Za-z0-9]", "_", name).upper()


def environment_secret_lookup(environ: Mapping[str, str]) -> Callable[[str], str | None]:
    """Return a ``secrets.getValue`` function reading from ``environ``; None means not found."""

    def get_value(name: str) -> str | None:
        value = environ.get(secret_variable_name(name))
        if value is not None:
            sanitize.register_secret(value, kind="secret")
        return value

    return get_value
