"""Error hierarchy shared by every kubeship package.

Every error a user can cause derives from :class:`KubeshipError`. The CLI
prints such an error as one line (no traceback unless ``--debug``) and exits
with its ``exit_code``. An error about an input carries the file, line and
column, and a hint that says what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourcePosition:
    """A place in an input file. Lines and columns count from 1."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class KubeshipError(Exception):
    """Base class of the errors kubeship reports to its users.

    ``message`` says what failed, ``position`` where (when the error is about
    an input file) and ``hint`` what to do next.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        position: SourcePosition | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.position is not None:
            text = f"{self.position}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return text


class InputError(KubeshipError):
    """An input the user gave is invalid: a file, a flag, a value."""


class ConfigurationError(KubeshipError):
    """The environment is not set up for the request: a missing tool, file or setting."""


class OperationFailed(KubeshipError):
    """An operation ran and reported failure, such as a deploy that did not reach a steady state."""

    exit_code = 1


class OperationInterrupted(KubeshipError):
    """The user stopped an operation with Ctrl-C (SIGINT), or a SIGTERM ended it."""

    # 128 + SIGINT, the exit code shells give a program that Ctrl-C ended.
    exit_code = 130
