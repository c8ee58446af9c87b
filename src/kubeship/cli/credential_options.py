"""The registry credential options shared by ``render``, ``pull-secret`` and ``deploy``.

A command declares the options with the ``Annotated`` aliases below and turns
them into ``CredentialOptions`` with ``credential_options_from``. A password is
never accepted as an argument: it comes from standard input
(``--registry-password-stdin``) or from ``KUBESHIP_REGISTRY_PASSWORD``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

from kubeship import sanitize
from kubeship.credentials import Credential, CredentialOptions, Lookup, expiry_warning
from kubeship.errors import InputError

# A credential that expires within this time gets a warning (Harness's default deploy timeout).
EXPIRY_WARNING_WINDOW = dt.timedelta(minutes=10)

RegistryUsernameOption = Annotated[
    str | None,
    typer.Option(
        "--registry-username",
        help="Registry username; the password comes from --registry-password-stdin or KUBESHIP_REGISTRY_PASSWORD.",
        show_default=False,
    ),
]
RegistryPasswordStdinOption = Annotated[
    bool,
    typer.Option("--registry-password-stdin", help="Read the registry password from standard input."),
]
RegistryPasswordRejectedOption = Annotated[
    str | None,
    typer.Option("--registry-password", hidden=True, show_default=False),
]
DockerConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--docker-config",
        help="Docker config.json (or a directory containing one) to read instead of $DOCKER_CONFIG or ~/.docker.",
        show_default=False,
    ),
]
ExplainCredentialsOption = Annotated[
    bool,
    typer.Option(
        "--explain-credentials",
        help="Print on standard error every credential source tried and why it gave nothing, with secrets masked.",
    ),
]


def reject_password_argument(value: str | None) -> None:
    """Raise ``InputError`` when a password was given as an argument, without repeating it."""
    if value is not None:
        sanitize.register_secret(value, kind="password-argument")
        raise InputError(
            "a registry password is never accepted as a command-line argument, where other users can read it",
            hint="pipe it to --registry-password-stdin, or set KUBESHIP_REGISTRY_PASSWORD",
        )


def read_password(stream: BinaryIO) -> str:
    """Read a password from ``stream``, dropping one trailing line break as ``docker login --password-stdin`` does."""
    password = stream.read().decode("utf-8")
    password = password.removesuffix("\n").removesuffix("\r")
    if not password:
        raise InputError(
            "--registry-password-stdin was given but standard input was empty",
            hint="pipe the password in, for example: kubeship ... --registry-password-stdin < password.txt",
        )
    sanitize.register_secret(password, kind="registry-password")
    return password


def credential_options_from(
    username: str | None,
    password_stdin: bool,
    docker_config: Path | None,
    password_argument: str | None = None,
    *,
    stdin: BinaryIO | None = None,
) -> CredentialOptions:
    """Build ``CredentialOptions`` from the shared options, reading the password when asked to."""
    reject_password_argument(password_argument)
    password = read_password(stdin or sys.stdin.buffer) if password_stdin else None
    return CredentialOptions(username=username, password=password, docker_config=docker_config)


def print_explanation(lookup: Lookup) -> None:
    """Print a lookup's search on standard error."""
    print(lookup.explain(), file=sys.stderr)


def print_warnings(lookup: Lookup) -> None:
    """Print the warnings a lookup collected on standard error, one line each."""
    for warning in lookup.warnings:
        print(f"warning: {warning}", file=sys.stderr)


def warn_about_expiry(credentials: list[Credential], options: CredentialOptions, within: dt.timedelta) -> None:
    """Print a warning on standard error for each credential that has expired or expires within ``within``."""
    now = options.clock()
    for credential in credentials:
        warning = expiry_warning(credential, now, within)
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
