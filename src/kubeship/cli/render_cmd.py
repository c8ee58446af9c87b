"""``kubeship render``: print the manifests of a service for an image."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from kubeship.errors import InputError

SERVICE_DIR_HELP = "Service directory: values.yaml at its root and manifest templates below it."


def register(app: typer.Typer) -> None:
    app.command("render")(render)


def render(
    service_dir: Path = typer.Argument(..., help=SERVICE_DIR_HELP, show_default=False),
    image: Optional[str] = typer.Option(None, "--image", help="Image reference to deploy, such as registry.example.com/team/web:1.4.2."),
    registry_username: Optional[str] = typer.Option(
        None, "--registry-username", envvar="KUBESHIP_REGISTRY_USERNAME", show_envvar=True,
        help="User name for the image's registry.",
    ),
    registry_password_stdin: bool = typer.Option(
        False, "--registry-password-stdin",
        help="Read the registry password from standard input (KUBESHIP_REGISTRY_PASSWORD also works).",
    ),
    docker_config: Optional[Path] = typer.Option(
        None, "--docker-config", help="Docker config.json to read registry credentials from (default: $DOCKER_CONFIG/config.json, then ~/.docker/config.json).",
    ),
    values_files: list[Path] = typer.Option([], "-f", "--values", help="Values file merged after values.yaml; repeatable, later files win."),
    set_values: list[str] = typer.Option([], "--set", help="Set a value with Helm's syntax, KEY=VALUE; repeatable, applied last."),
    namespace: str = typer.Option("default", "-n", "--namespace", help="Target namespace, the value of ${infra.kubernetes.namespace}."),
    output_format: str = typer.Option("yaml", "-o", "--output", help="Output format: yaml or json."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", help="Write one file per manifest below this directory instead of printing."),
    show_secrets: bool = typer.Option(False, "--show-secrets", help="Print Secret data on a terminal too (it is always written in full to pipes and files)."),
    allow_unresolved: bool = typer.Option(False, "--allow-unresolved", help="Leave ${...} expressions that cannot be resolved as written instead of failing."),
) -> None:
    """Render a service's manifests for an image, with its image pull secret."""
    from kubeship.render import RenderRequest, render_service, write_output, write_output_dir
    from kubeship.render.artifact import RegistryLogin, artifact_for_image

    if output_format not in ("yaml", "json"):
        raise InputError(f"invalid output format {output_format!r}", hint="use -o yaml or -o json")

    login = RegistryLogin.from_options(
        username=registry_username,
        password_from_stdin=registry_password_stdin,
        docker_config=docker_config,
    )
    artifact = artifact_for_image(image, login) if image else None
    request = RenderRequest(
        service_dir=service_dir,
        namespace=namespace,
        artifact=artifact,
        values_files=tuple(values_files),
        set_values=tuple(set_values),
        allow_unresolved=allow_unresolved,
    )
    result = render_service(request)

    if output_dir is not None:
        for path in write_output_dir(output_dir, result.manifests, output_format):
            print(f"wrote {path}", file=sys.stderr)
        return
    redact_secrets = sys.stdout.isatty() and not show_secrets
    write_output(sys.stdout, result.manifests, output_format, redact_secrets=redact_secrets)
