"""Template errors whose ``str()`` is Go's exact error text."""

from __future__ import annotations


class TemplateError(Exception):
    """Base of template errors.

    ``name`` is the template named in the location, ``line`` its line (from 1)
    and ``column`` the 0-based byte column Go prints, when the error has them.
    """

    def __init__(self, message: str, *, name: str = "", line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.name = name
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return self.message


class TemplateParseError(TemplateError):
    """A template failed to parse: ``template: NAME:LINE: MESSAGE``."""


class TemplateExecError(TemplateError):
    """A template failed while executing: ``template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE``."""
