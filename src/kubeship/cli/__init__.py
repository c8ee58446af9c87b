"""The ``kubeship`` command line: Typer commands over the library packages."""

from kubeship.cli.app import app, main

__all__ = ["app", "main"]
