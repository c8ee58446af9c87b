"""A test-only ``leak-probe`` command that puts a secret on every output path the CLI has.

It plays a component that registers a secret and then writes it, so the
leak test checks the plumbing of ``kubeship.cli.main`` (stream
wrappers, the log filter, both log formats, error printing, tracebacks)
in a real process. The commands' own scenarios check that the components
register what they handle.
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
import urllib.parse
from pathlib import Path

import typer

from kubeship import sanitize
from kubeship.errors import InputError, OperationFailed, SourcePosition

log = logging.getLogger("kubeship.leak_probe")

USERNAME = "leak-user"


def register(app: typer.Typer) -> None:
    app.command("leak-probe", hidden=True)(leak_probe)


def leak_probe(
    case: str = typer.Argument(..., help="log, print, input-error, crash or helper"),
    helper: Path = typer.Option(None, "--helper", help="credential helper to run for the helper case"),
) -> None:
    secret = sys.stdin.read().removesuffix("\n")
    sanitize.register_credential(USERNAME, secret, kind="password")

    if case == "log":
        _log_every_form(secret)
    elif case == "print":
        _print_every_form(secret)
    elif case == "input-error":
        log.debug("parsing values with password %s", secret)
        raise InputError(f"invalid value {secret!r}", position=SourcePosition("values.yaml", 3, 11), hint=f"was {secret}")
    elif case == "crash":
        raise RuntimeError(f"unexpected value {json.dumps(secret)}")
    elif case == "helper":
        _run_helper(helper)
    else:
        raise InputError(f"unknown case {case!r}")


def _docker_config(secret: str) -> str:
    auth = base64.b64encode(f"{USERNAME}:{secret}".encode()).decode()
    config = {"https://127.0.0.1:5000/": {"username": USERNAME, "password": secret, "auth": auth}}
    return base64.b64encode(json.dumps(config).encode()).decode()


def _forms(secret: str) -> dict[str, str]:
    return {
        "raw": secret,
        "pair": f"{USERNAME}:{secret}",
        "json": json.dumps({"password": secret}),
        "dockercfg": _docker_config(secret),
        "url": "https://127.0.0.1/?token=" + urllib.parse.quote_plus(secret),
        "repr": repr({"password": secret}),
    }


def _log_every_form(secret: str) -> None:
    for name, text in _forms(secret).items():
        log.debug("debug %s: %s", name, text)
        log.info("info %s: %s", name, text)
    try:
        raise ValueError(secret)
    except ValueError:
        log.warning("caught an error while handling %r", secret, exc_info=True)


def _print_every_form(secret: str) -> None:
    from rich.console import Console

    for name, text in _forms(secret).items():
        print(f"stdout {name}: {text}")
        typer.echo(f"stderr {name}: {text}", err=True)
        sys.stdout.write(f"split {name}: {text[: len(text) // 2]}")
        sys.stdout.write(f"{text[len(text) // 2:]}\n")
    Console(soft_wrap=True).print(f"rich: {secret}", markup=False)


def _run_helper(helper: Path) -> None:
    process = subprocess.run([str(helper), "get"], input="https://127.0.0.1:5000", capture_output=True, text=True, timeout=30)
    sanitize.register_command_output(process.stdout)
    if process.returncode != 0:
        stderr = sanitize.mask(process.stderr.strip())
        raise OperationFailed(f"credential helper {helper.name} failed: {stderr}")
    log.debug("helper output: %s", process.stdout)
