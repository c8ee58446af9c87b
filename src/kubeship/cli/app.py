"""The Typer application, its global options and the mapping of errors to exit codes."""

from __future__ import annotations

import importlib
import logging
import sys
import traceback

import typer

from kubeship import sanitize
from kubeship.errors import InputError, KubeshipError

# Each module registers its commands with ``register(app)``. Keep one module a line.
COMMAND_MODULES: tuple[str, ...] = (
    "kubeship.cli.render_cmd",
    "kubeship.cli.pull_secret_cmd",
    "kubeship.cli.doctor_cmd",
    "kubeship.cli.template_cmd",
    "kubeship.cli.deploy_cmd",
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
    """Options shared by every command. They may be given before or after the command name."""

    debug: bool = False
    log_format: str = "text"


@app.callback()
def global_options(
    debug: bool = typer.Option(False, "--debug", help="Log debug messages and print full tracebacks."),
    log_format: str = typer.Option("text", "--log-format", help="Log line format: text or json."),
) -> None:
    if log_format not in sanitize.LOG_FORMATS:
        raise typer.BadParameter("must be text or json", param_hint="--log-format")
    if (debug, log_format) != (GlobalOptions.debug, GlobalOptions.log_format):
        # Reached when the app runs without main(), as in Click's test runner.
        GlobalOptions.debug = debug
        GlobalOptions.log_format = log_format
        sanitize.configure_logging(debug=debug, log_format=log_format)


def take_global_options(args: list[str]) -> list[str]:
    """Read ``--debug`` and ``--log-format`` wherever they stand and return ``args`` with them first.

    Typer accepts the callback's options only before the command name, so
    moving them there lets users write them after the command too. Arguments
    after ``--`` are left alone. Raises InputError for ``--log-format`` without a value.
    """
    global_args: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        if arg == "--debug":
            GlobalOptions.debug = True
            global_args.append(arg)
        elif arg == "--log-format" and index + 1 < len(args):
            global_args.extend(args[index:index + 2])
            GlobalOptions.log_format = args[index + 1]
            index += 1
        elif arg == "--log-format":
            raise InputError("missing value for --log-format", hint="write --log-format text or --log-format json")
        elif arg.startswith("--log-format="):
            global_args.append(arg)
            GlobalOptions.log_format = arg.partition("=")[2]
        else:
            rest.append(arg)
        index += 1
    return global_args + rest


def _register_commands() -> None:
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(app)


def main() -> None:
    """Run the CLI with every output masked, and map errors to one line on stderr and an exit code.

    Masking is installed before any command module is imported, so nothing
    logs or prints before it. Typer handles usage errors itself (exit code 2)
    and exits with the command's code.
    """
    sanitize.install_stream_wrappers()
    try:
        args = take_global_options(sys.argv[1:])
    except InputError as error:
        report_error(str(error), error)
        sys.exit(error.exit_code)
    if GlobalOptions.log_format not in sanitize.LOG_FORMATS:
        # The callback rejects the value as a usage error; log as text until then.
        GlobalOptions.log_format = "text"
    sanitize.configure_logging(debug=GlobalOptions.debug, log_format=GlobalOptions.log_format)

    try:
        _register_commands()
        app(args=args, prog_name="kubeship")
    except KubeshipError as error:
        report_error(str(error), error)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - a bug: still no secret and no traceback without --debug
        message = f"unexpected {type(error).__name__}: {error}"
        if not GlobalOptions.debug:
            message += " (run again with --debug for the traceback, and report it as a bug)"
        report_error(message, error)
        sys.exit(1)


def report_error(message: str, error: BaseException) -> None:
    """Print ``message`` masked, with the masked traceback of ``error`` under ``--debug``.

    With ``--log-format json`` the error is one JSON log record at level ERROR.
    """
    message = sanitize.mask(message)
    if GlobalOptions.log_format == "json":
        exc_info = (type(error), error, error.__traceback__) if GlobalOptions.debug else None
        log.error("%s", message, exc_info=exc_info)
        return
    if GlobalOptions.debug:
        details = "".join(traceback.format_exception(error))
        print(sanitize.mask(details), file=sys.stderr, end="")
    print(f"error: {message}", file=sys.stderr)
