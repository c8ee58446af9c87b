"""``kubeship doctor``: predict, and optionally verify, every image pull of rendered manifests."""

from __future__ import annotations

import json
import os
import sys
from itertools import groupby

import typer

from kubeship.doctor import CANNOT_TELL, OK, WARNING, WILL_FAIL, Diagnosis, Verifier, diagnose, load_manifests
from kubeship.errors import InputError

OUTPUT_FORMATS = ("text", "json")
PIPE_WIDTH = 160
_VERDICT_STYLES = {OK: "green", WARNING: "yellow", CANNOT_TELL: "cyan", WILL_FAIL: "bold red"}


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)


def doctor(
    path: str = typer.Argument("-", help="Rendered manifests: a file, a directory, or - for standard input."),
    output: str = typer.Option("text", "--output", "-o", help="Output format: text or json."),
    existing_secret: list[str] = typer.Option(
        [], "--existing-secret", metavar="NAME", help="A pull secret that exists in the cluster but is not rendered."
    ),
    namespace: str | None = typer.Option(
        None, "--namespace", "-n", help="Namespace of objects that do not set metadata.namespace."
    ),
    verify: bool = typer.Option(False, "--verify", help="Ask each registry whether the credentials can pull."),
    insecure_registry: list[str] = typer.Option(
        [], "--insecure-registry", metavar="HOST", help="Use plain HTTP for this registry or token server host[:port]."
    ),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds to wait for each registry request."),
) -> None:
    """Say which pull secret and key the kubelet uses for every image, and whether the pull will work.

    Exit code 0 when every pull is expected to work, 1 when one will fail, 2 for an input error.
    """
    if output not in OUTPUT_FORMATS:
        raise InputError(f"unknown output format {output!r}", hint="use --output text or --output json")
    if timeout <= 0:
        raise InputError(f"--timeout must be positive, not {timeout}", hint="give a number of seconds such as 10")

    diagnosis = diagnose(load_manifests(path), existing_secrets=existing_secret, namespace=namespace)
    if verify:
        Verifier(insecure_hosts=insecure_registry, timeout=timeout).verify(diagnosis)

    if output == "json":
        print(json.dumps(diagnosis.to_json(), indent=2))
    else:
        print_diagnosis(diagnosis)
    raise typer.Exit(diagnosis.exit_code)


def print_diagnosis(diagnosis: Diagnosis, *, stream=None) -> None:
    """Print a table per workload (one row per container) and the wiring findings, with Rich."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    stream = stream or sys.stdout
    # Rich assumes 80 columns when not on a terminal; seven columns need more unless COLUMNS sets the width.
    width = None if stream.isatty() or "COLUMNS" in os.environ else PIPE_WIDTH
    console = Console(file=stream, width=width, soft_wrap=False)
    if not diagnosis.pulls:
        console.print("No pod templates found: nothing is pulled.")
    for (workload, source), pulls in groupby(diagnosis.pulls, key=lambda pull: (pull.workload, pull.source)):
        table = Table(title=Text(f"{workload} ({source})"), title_justify="left", show_lines=True)
        for column in ("container", "image", "registry", "credentials", "verdict", "reason", "fix"):
            table.add_column(column, overflow="fold")
        for pull in pulls:
            container = pull.container if pull.container_type == "containers" else f"{pull.container} ({pull.container_type})"
            reason = "\n".join(filter(None, [pull.reason, *(check.describe() for check in pull.verification)]))
            table.add_row(
                Text(container), Text(pull.image), Text(pull.registry or ""), Text(pull.credential_summary),
                Text(pull.verdict, style=_VERDICT_STYLES[pull.verdict]), Text(reason), Text(pull.fix),
            )
        console.print(table)

    if diagnosis.findings:
        table = Table(title="Wiring findings", title_justify="left", show_lines=True)
        for column in ("severity", "object", "source", "finding", "fix"):
            table.add_column(column, overflow="fold")
        for finding in diagnosis.findings:
            table.add_row(
                Text(finding.severity, style=_VERDICT_STYLES[finding.severity]),
                Text(finding.object), Text(finding.source), Text(finding.message), Text(finding.fix),
            )
        console.print(table)

    counts = diagnosis.to_json()["summary"]["verdicts"]
    console.print(", ".join(f"{count} {verdict}" for verdict, count in counts.items() if count) or "0 images")
