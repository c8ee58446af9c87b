"""Options for the values flags Helm has beyond ``--set``, and for rendering Helm charts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kubeship.errors import InputError

SetStringOption = Annotated[
    list[str],
    typer.Option("--set-string", help="Set a value as a string, KEY=VALUE (Helm's syntax); repeatable.", show_default=False),
]
SetJSONOption = Annotated[
    list[str],
    typer.Option("--set-json", help="Set a value from JSON, KEY=JSON (Helm's syntax); repeatable.", show_default=False),
]
SetFileOption = Annotated[
    list[str],
    typer.Option("--set-file", help="Set a value to the text of a file, KEY=PATH (Helm's syntax); repeatable.", show_default=False),
]
SetLiteralOption = Annotated[
    list[str],
    typer.Option(
        "--set-literal",
        help="Set a value to a literal string, KEY=VALUE: commas, dots and brackets in VALUE are kept (Helm's syntax); repeatable.",
        show_default=False,
    ),
]
ReleaseNameOption = Annotated[
    str,
    typer.Option("--release-name", help="Helm charts: the release name templates see as .Release.Name."),
]
StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="Helm charts: fail on a missing value instead of rendering it empty (missingkey=error)."),
]
APIVersionsOption = Annotated[
    list[str],
    typer.Option(
        "-a", "--api-versions",
        help="Helm charts: an API version (group/version, or group/version/Kind) added to .Capabilities.APIVersions; repeatable.",
        show_default=False,
    ),
]

DEFAULT_RELEASE_NAME = "release-name"


def check_chart_options(service_dir: Path, *, release_name: str, strict: bool, api_versions: list[str]) -> bool:
    """Return whether ``service_dir`` is a Helm chart; reject chart-only options for a service directory."""
    from kubeship.render import is_chart

    if is_chart(service_dir):
        return True
    chart_only_flags = [flag for flag, used in (("--release-name", release_name != DEFAULT_RELEASE_NAME),
                                                ("--strict", strict), ("--api-versions", bool(api_versions))) if used]
    if chart_only_flags:
        flag = chart_only_flags[0]
        raise InputError(f"{flag} applies to Helm charts only, and {service_dir} has no Chart.yaml",
                         hint=f"drop {flag}, or pass a chart directory")
    return False
