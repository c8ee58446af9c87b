"""The Typer application, its global options and the mapping of errors to exit codes."""

from __future__ import annotations

import importlib
import logging
import sys

import typer

from kubeship.errors import KubeshipError

# Each module registers its commands with ``register(app)``. Keep one module a line.
COMMAND_MODULES: tuple[str, ...] = (
)

app = typer.Typer(
    name="kubeship",
    help="Render, check and deploy Kubernetes services whose images live in private registries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

log = logging.getLogger(__name__)


class GlobalOptions:
    """Options given before the command name, shared by every command."""

    debug: bool = False
    log_format: str = "text"


@app.callback()
def global_options(
    debug: bool = typer.Option(False, "--debug", help="Log debug messages and print full tracebacks."),
    log_format: str = typer.Option("text", "--log-format", help="Log line format: text or json."),
) -> None:
    if log_format not in ("text", "json"):
        raise typer.BadParameter("must be text or json", param_hint="--log-format")
    GlobalOptions.debug = debug
    GlobalOptions.log_format = log_format
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _register_commands() -> None:
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(app)


def main() -> None:
    """Run the CLI and map kubeship errors to one line on stderr and their exit code.

    Typer handles usage errors itself (exit code 2) and exits with the command's code.
    """
    _register_commands()
    try:
        app()
    except KubeshipError as error:
        if GlobalOptions.debug:
            log.exception("command failed")
        print(f"error: {error}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
