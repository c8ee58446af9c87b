"""No secret in any output: the secret registry, the masking engine, the log filter and stream wrappers.

Every component that handles a secret registers it as soon as it has it:

    from kubeship import sanitize

    sanitize.register_credential(username, password)         # a registry login
    sanitize.register_secret(token, kind="ecr-token")         # a token, a Secret value, a payload
    sanitize.register_command_output(helper_process.stdout)   # output of a credential helper
    message = sanitize.mask(helper_process.stderr)            # text about to be shown

From then on :func:`mask` replaces the value and each of its derived forms
with ``**************`` (14 asterisks). The derived forms are the base64
forms (standard and URL-safe, with and without padding, and the three
alignments inside a longer base64 stream), the JSON, URL, YAML, Go and Python
escapes, and each line of a multi-line value. A credential adds
``username:password`` and its base64.
JWT-looking strings are masked whether registered or not.

Values shorter than 3 characters (:data:`MIN_SECRET_LENGTH`) are not
registered: a one- or two-character string occurs everywhere in ordinary text,
so masking it would hide the log without protecting anything.

The CLI installs the protection before any command runs: masking wrappers on
``sys.stdout`` and ``sys.stderr`` (:func:`install_stream_wrappers`) and a
:class:`SecretFilter` on the root logger and its handler
(:func:`configure_logging`). A command writes output meant to carry a secret
into a pipe, such as rendered manifests, through :func:`unmasked_stdout`.
Tests call :func:`reset` to start from an empty registry.

See docs/sanitize.md for the rules and the measured speed.
"""

from __future__ import annotations

from kubeship.sanitize.engine import MASK, Masker, StreamMasker
from kubeship.sanitize.forms import MIN_SECRET_LENGTH, derived_forms
from kubeship.sanitize.logs import LOG_FORMATS, JsonFormatter, SecretFilter, configure_logging
from kubeship.sanitize.registry import DEFAULT_REGISTRY, SECRET_FIELD_NAMES, SecretRegistry
from kubeship.sanitize.streams import (
    MaskingTextStream,
    install_stream_wrappers,
    restore_standard_streams,
    unmasked_stdout,
)

__all__ = [
    "DEFAULT_REGISTRY",
    "LOG_FORMATS",
    "MASK",
    "MIN_SECRET_LENGTH",
    "SECRET_FIELD_NAMES",
    "JsonFormatter",
    "Masker",
    "MaskingTextStream",
    "SecretFilter",
    "SecretRegistry",
    "StreamMasker",
    "configure_logging",
    "derived_forms",
    "install_stream_wrappers",
    "mask",
    "mask_stream",
    "register_command_output",
    "register_credential",
    "register_secret",
    "reset",
    "restore_standard_streams",
    "unmasked_stdout",
]


def register_secret(value: str | bytes | None, *, kind: str = "secret") -> bool:
    """Register a secret value and its derived forms for masking.

    ``kind`` names the source for the debug count (``"password"``,
    ``"ecr-token"``, ``"secret-data"``...). Returns False, and registers
    nothing, for None and for values shorter than :data:`MIN_SECRET_LENGTH`.
    """
    return DEFAULT_REGISTRY.register(value, kind=kind)


def register_credential(username: str | None, password: str | bytes | None, *, kind: str = "credential") -> None:
    """Register a password, ``username:password`` and its base64 (the ``auth`` field of a docker config).

    The username alone stays visible, so messages can still name the account.
    """
    DEFAULT_REGISTRY.register_credential(username, password, kind=kind)


def register_command_output(
    output: str | bytes | None, *, kind: str = "command-output", whole_output: bool = True
) -> None:
    """Register the captured standard output of a program that prints secrets, such as a credential helper.

    Call it right after the program returns, before parsing the output, so an
    error message that quotes malformed output is masked too. For a failed run
    whose output becomes the error message, pass ``whole_output=False``: then
    only the secret fields of JSON in the output are registered.
    """
    DEFAULT_REGISTRY.register_command_output(output, kind=kind, whole_output=whole_output)


def mask(text: str) -> str:
    """Return ``text`` with every registered secret, in every derived form, replaced by :data:`MASK`."""
    return DEFAULT_REGISTRY.mask(text)


def mask_stream(stream) -> MaskingTextStream:
    """Return a text stream that masks registered secrets before writing to ``stream``."""
    return MaskingTextStream(stream, DEFAULT_REGISTRY)


def reset() -> None:
    """Forget every registered secret. For tests."""
    DEFAULT_REGISTRY.reset()
