"""``kubeship render``: print the manifests of a service for an image."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from kubeship.cli.chart_options import (
    DEFAULT_RELEASE_NAME,
    APIVersionsOption,
    ReleaseNameOption,
    SetFileOption,
    SetLiteralOption,
    SetJSONOption,
    SetStringOption,
    StrictOption,
    check_chart_options,
)
from kubeship.cli.credential_options import (
    EXPIRY_WARNING_WINDOW,
    DockerConfigOption,
    ExplainCredentialsOption,
    RegistryPasswordRejectedOption,
    RegistryPasswordStdinOption,
    RegistryUsernameOption,
    credential_options_from,
    print_explanation,
    print_warnings,
    warn_about_expiry,
)
from kubeship.cli.manifest_options import (
    KubeVersionOption,
    ReleaseNumberOption,
    SkipVersioningOption,
    ValidateOption,
    apply_manifest_options,
    check_manifest_options,
)
from kubeship.errors import InputError
from kubeship.manifests import check_namespace_name

if TYPE_CHECKING:
    from kubeship.credentials import CredentialOptions
    from kubeship.render import RenderRequest

ServiceDirArgument = Annotated[
    Path,
    typer.Argument(
        help="Service directory (values.yaml at its root, manifest templates below it), or a Helm chart "
        "(a directory with Chart.yaml, or a .tgz archive).",
        show_default=False,
    ),
]
ImageOption = Annotated[
    Optional[str],
    typer.Option("--image", help="Image reference to deploy, such as registry.example.com/team/web:1.4.2.", show_default=False),
]
ValuesOption = Annotated[
    list[Path],
    typer.Option("-f", "--values", help="Values file merged after values.yaml; repeatable, later files win.", show_default=False),
]
SetOption = Annotated[
    list[str],
    typer.Option("--set", help="Set a value with Helm's syntax, KEY=VALUE; repeatable, applied after the values files.", show_default=False),
]
ServiceVariableOption = Annotated[
    list[str],
    typer.Option("--service-variable", help="Define ${serviceVariable.NAME} as NAME=VALUE; repeatable.", show_default=False),
]
NamespaceOption = Annotated[
    str,
    typer.Option("-n", "--namespace", help="Target namespace, the value of ${infra.kubernetes.namespace}."),
]
ValuesTypingOption = Annotated[
    str,
    typer.Option("--values-typing", help="Number types in values: helm (float64, as Helm and Harness) or yaml (integers stay integers)."),
]
AllowUnresolvedOption = Annotated[
    bool,
    typer.Option("--allow-unresolved", help="Leave ${...} expressions that cannot be resolved as written instead of failing."),
]


def register(app: typer.Typer) -> None:
    app.command("render")(render)


def render(
    service_dir: ServiceDirArgument,
    image: ImageOption = None,
    registry_username: RegistryUsernameOption = None,
    registry_password_stdin: RegistryPasswordStdinOption = False,
    registry_password: RegistryPasswordRejectedOption = None,
    docker_config: DockerConfigOption = None,
    explain_credentials: ExplainCredentialsOption = False,
    values_files: ValuesOption = [],
    set_values: SetOption = [],
    service_variables: ServiceVariableOption = [],
    namespace: NamespaceOption = "default",
    output_format: Annotated[str, typer.Option("-o", "--output", help="Output format: yaml or json.")] = "yaml",
    output_dir: Annotated[
        Optional[Path],
        typer.Option("--output-dir", help="Write one file per manifest file below this directory instead of printing.", show_default=False),
    ] = None,
    show_secrets: Annotated[
        bool,
        typer.Option("--show-secrets", help="Print Secret values on a terminal too; pipes and files always get them in full."),
    ] = False,
    allow_unresolved: AllowUnresolvedOption = False,
    values_typing: ValuesTypingOption = "helm",
    doctor: Annotated[
        bool,
        typer.Option("--doctor", help="Also predict every image pull of the output, as kubeship doctor does, on stderr."),
    ] = False,
    validate: ValidateOption = False,
    kube_version: KubeVersionOption = None,
    release_number: ReleaseNumberOption = None,
    skip_versioning: SkipVersioningOption = False,
    set_string: SetStringOption = [],
    set_json: SetJSONOption = [],
    set_file: SetFileOption = [],
    set_literal: SetLiteralOption = [],
    release_name: ReleaseNameOption = DEFAULT_RELEASE_NAME,
    strict: StrictOption = False,
    api_versions: APIVersionsOption = [],
) -> None:
    """Render a service's manifests (or a Helm chart's) for an image, with its image pull secret."""
    from kubeship.render import render_service, write_output_dir

    if output_format not in ("yaml", "json"):
        raise InputError(f"invalid output format {output_format!r}", hint="use -o yaml or -o json")

    manifest_options = {
        "validate": validate,
        "kube_version": kube_version,
        "release_number": release_number,
        "skip_versioning": skip_versioning,
    }
    chart = check_chart_options(service_dir, release_name=release_name, strict=strict, api_versions=api_versions)
    check_manifest_options(**manifest_options, chart=chart)

    options = credential_options_from(registry_username, registry_password_stdin, docker_config, registry_password)
    request = build_render_request(
        service_dir, image, options, explain_credentials,
        namespace=namespace, values_files=values_files, set_values=set_values, service_variables=service_variables,
        allow_unresolved=allow_unresolved, values_typing=values_typing,
        set_string=tuple(set_string), set_json=tuple(set_json), set_file=tuple(set_file),
        set_literal=tuple(set_literal),
        release_name=release_name, kube_version=kube_version, api_versions=tuple(api_versions), strict=strict,
    )
    result = render_service(request)
    manifests = apply_manifest_options(result.manifests, **manifest_options)

    if output_dir is not None:
        for path in write_output_dir(output_dir, manifests, output_format):
            print(f"wrote {path}", file=sys.stderr)
    else:
        print_manifests(manifests, output_format, show_secrets=show_secrets)
    if doctor:
        print_pull_prediction(manifests, namespace)


def build_render_request(
    service_dir: Path,
    image: str | None,
    options: CredentialOptions,
    explain_credentials: bool,
    *,
    namespace: str,
    values_files: list[Path],
    set_values: list[str],
    service_variables: list[str],
    allow_unresolved: bool,
    values_typing: str,
    **chart_fields: Any,
) -> RenderRequest:
    """Build the render pipeline's request from the options that ``render`` and ``deploy`` share.

    ``chart_fields`` are further RenderRequest fields, such as ``set_string`` or ``release_name``.
    """
    from kubeship.render import RenderRequest

    if values_typing not in ("helm", "yaml"):
        raise InputError(f"invalid values typing {values_typing!r}", hint="use --values-typing helm or --values-typing yaml")
    check_namespace_name(namespace)
    return RenderRequest(
        service_dir=service_dir,
        namespace=namespace,
        artifact=lambda: _artifact(image, options, explain_credentials),
        values_files=tuple(values_files),
        set_values=tuple(set_values),
        allow_unresolved=allow_unresolved,
        service_variables=parse_service_variables(service_variables),
        secret_lookup=_secret_lookup(),
        values_typing=values_typing,
        **chart_fields,
    )


def print_pull_prediction(manifests, namespace: str) -> None:
    """Print the doctor's tables on stderr, so stdout stays the manifests; exit 1 when a pull will fail."""
    from kubeship.cli.doctor_cmd import print_diagnosis
    from kubeship.doctor import diagnose

    diagnosis = diagnose(manifests, namespace=namespace)
    print_diagnosis(diagnosis, stream=sys.stderr)
    if diagnosis.exit_code:
        raise typer.Exit(diagnosis.exit_code)


def _artifact(image, options, explain):
    from kubeship.render.artifact import artifact_for_image

    if image is None:
        return None
    artifact, lookup = artifact_for_image(image, options)
    if explain:
        print_explanation(lookup)
    print_warnings(lookup)
    if lookup.credential is not None:
        warn_about_expiry([lookup.credential], options, EXPIRY_WARNING_WINDOW)
    return artifact


def _secret_lookup():
    from kubeship.render.secrets import environment_secret_lookup

    return environment_secret_lookup(os.environ)


def parse_service_variables(assignments: list[str]) -> dict[str, str] | None:
    """Parse ``NAME=VALUE`` pairs of ``--service-variable``; None when there are none."""
    if not assignments:
        return None
    variables: dict[str, str] = {}
    for assignment in assignments:
        name, separator, value = assignment.partition("=")
        if not separator or not name:
            raise InputError(f"invalid --service-variable {assignment!r}", hint="write NAME=VALUE")
        variables[name] = value
    return variables


def print_manifests(manifests, output_format: str, *, show_secrets: bool) -> None:
    """Print manifests on standard output: Secret values hidden on a terminal unless ``show_secrets``."""
    from kubeship import sanitize
    from kubeship.render import write_output

    if sys.stdout.isatty() and not show_secrets:
        write_output(sys.stdout, manifests, output_format, redact_secrets=True)
    else:
        write_output(sanitize.unmasked_stdout(), manifests, output_format, redact_secrets=False)
