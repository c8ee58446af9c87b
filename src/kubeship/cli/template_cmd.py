"""``kubeship template``: render Go templates with values, a drop-in for Harness's go-template command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kubeship import sanitize
from kubeship.errors import InputError, SourcePosition
from kubeship.gotemplate import Template, TemplateError
from kubeship.gotemplate.functions import gotemplate_functions
from kubeship.manifests import parse_documents
from kubeship.render.pipeline import register_secret_values
from kubeship.render.template_hints import template_input_error
from kubeship.values import HELM, SetValueError, load_values_file, merge_gotemplate_values, parse_set

MISSING_KEY_CHOICES = ("default", "zero", "error")


def register(app: typer.Typer) -> None:
    app.command("template")(template)


def template(
    template_files: Annotated[list[Path], typer.Option("-t", "--template", help="Template file to render; repeatable, rendered in order.", show_default=False)],
    values_files: Annotated[list[Path] | None, typer.Option("-f", "--values", help="Values file; repeatable, a later file wins key by key.", show_default=False)] = None,
    set_values: Annotated[list[str] | None, typer.Option("--set", help="Set a value as NAME=VALUE (Helm's --set syntax); repeatable, applied after the files.", show_default=False)] = None,
    missing_key: Annotated[str, typer.Option("--missing-key", help="Value of a missing map key: default (prints <no value>), zero (the zero value) or error.")] = "default",
    show_secrets: Annotated[bool, typer.Option("--show-secrets", help="Print Secret values on a terminal too; pipes and files always get them in full.")] = False,
) -> None:
    """Render each template with .Values bound to the merged values, as Harness's go-template does.

    Templates run Go's text/template with Sprig and toYaml, fromYaml, toJson and
    fromJson. Output goes to stdout only when every template rendered. The values
    of Secrets in the output are masked on a terminal and in every message.
    """
    if missing_key not in MISSING_KEY_CHOICES:
        raise InputError(f"invalid --missing-key {missing_key!r}", hint="use default, zero or error")
    values = load_values(values_files or [], set_values or [])
    outputs = []
    for path in template_files:
        output = render_file(path, values, missing_key)
        # Registered before the next template runs, so that its errors cannot show these values.
        register_rendered_secrets(output, path)
        outputs.append(output)

    if sys.stdout.isatty() and not show_secrets:
        stream = sys.stdout.buffer
    else:
        # Piped output must be Go's exact bytes, and the masking wrapper would replace bytes that are not UTF-8.
        stream = sanitize.unmasked_stdout().buffer
    for output in outputs:
        stream.write(output)
    stream.flush()


def register_rendered_secrets(output: bytes, path: Path) -> None:
    """Register the values of the Secrets in a template's output; output that is not YAML has none."""
    try:
        manifests = parse_documents(output.decode("utf-8"), str(path))
    except (UnicodeDecodeError, InputError):
        return
    register_secret_values(manifests)


def load_values(values_files: list[Path], set_values: list[str]) -> dict:
    """Load and merge the values files, print go-template's merge warnings, then apply ``--set``."""
    layers = [load_values_file(path, typing=HELM) for path in values_files]
    merged, warnings = merge_gotemplate_values(layers)
    for warning in warnings:
        print(warning, file=sys.stderr)
    for expression in set_values:
        try:
            parse_set(expression, merged, kind="set")
        except SetValueError as error:
            raise InputError(f"invalid --set value {expression!r}: {error.message}",
                             hint="write NAME=VALUE, with dots for nested keys and [N] for list items") from None
    return merged


def render_file(path: Path, values: dict, missing_key: str) -> bytes:
    """Render one template file; raise InputError with Go's error text."""
    try:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
    except FileNotFoundError:
        raise InputError("template file not found", position=SourcePosition(str(path)),
                         hint="check the path given with -t/--template") from None
    except OSError as error:
        raise InputError(f"cannot read template file: {error.strerror}", position=SourcePosition(str(path))) from None
    engine = Template(str(path)).funcs(gotemplate_functions()).option(f"missingkey={missing_key}")
    try:
        return engine.parse(text).execute_bytes({"Values": values})
    except TemplateError as error:
        # Go's error text already names the file, line and column.
        raise template_input_error(error, engine.function_names()) from None
