"""Options that check and version rendered manifests, shared by the commands that render."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from kubeship.errors import InputError

ValidateOption = Annotated[
    bool,
    typer.Option(
        "--validate",
        help="Check the rendered objects as the API server would (Secrets, names, labels, the OpenAPI schema, duplicates) and fail on any problem.",
    ),
]
KubeVersionOption = Annotated[
    Optional[str],
    typer.Option(
        "--kube-version",
        help="Kubernetes version (MAJOR.MINOR) whose schemas and messages --validate uses; default: the newest supported. "
        "For a Helm chart also .Capabilities.KubeVersion (default v1.36.0, as helm template reports).",
        show_default=False,
    ),
]
ReleaseNumberOption = Annotated[
    Optional[int],
    typer.Option(
        "--release-number",
        min=1,
        help="Show the objects as release N applies them: ConfigMaps and Secrets renamed NAME-N and the references to them rewritten.",
        show_default=False,
    ),
]
SkipVersioningOption = Annotated[
    bool,
    typer.Option("--skip-versioning", help="With --release-number, keep the names of all ConfigMaps and Secrets."),
]


def check_manifest_options(*, validate: bool, kube_version: str | None, release_number: int | None, skip_versioning: bool,
                           chart: bool = False) -> None:
    """Reject option combinations that would do nothing, and a Kubernetes version kubeship has no schemas for.

    Called before rendering, so a mistyped option fails fast. For a Helm ``chart``,
    ``--kube-version`` also sets ``.Capabilities.KubeVersion``, so it needs no ``--validate``.
    """
    from kubeship.manifests import parse_kube_version

    if kube_version is not None and not validate and not chart:
        raise InputError("--kube-version only applies to --validate", hint="add --validate, or drop --kube-version")
    if skip_versioning and release_number is None:
        raise InputError("--skip-versioning only applies to --release-number", hint="add --release-number N, or drop --skip-versioning")
    if validate:
        parse_kube_version(kube_version)


def apply_manifest_options(manifests: list, *, validate: bool, kube_version: str | None, release_number: int | None, skip_versioning: bool) -> list:
    """Version the manifests for ``release_number`` when given, then validate them when asked.

    Validation runs on the versioned objects, which are the ones a deploy applies, so a
    name that grows past the limit with its suffix is caught too. Raises
    ManifestValidationError (exit code 2) listing every problem.
    """
    from kubeship.manifests import check_manifests, prepare_release

    if release_number is not None:
        manifests = prepare_release(manifests, release_number, skip_versioning=skip_versioning)
    if validate:
        check_manifests(manifests, kube_version)
    return manifests
