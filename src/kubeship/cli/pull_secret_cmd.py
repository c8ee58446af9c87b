"""``kubeship pull-secret``: print an image pull Secret for the credentials of images or registries."""

from __future__ import annotations

import json
import re
import sys
from typing import Annotated, Any

import typer
import yaml

from kubeship import sanitize
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
from kubeship.credentials import (
    DOCKER_CONFIG,
    Credential,
    CredentialOptions,
    RegistryTarget,
    credential_for,
    target_for_image,
    target_for_registry,
)
from kubeship.errors import InputError
from kubeship.manifests import redact
from kubeship.pullsecret import SECRET_TYPES, build_pull_secret



def register(app: typer.Typer) -> None:
    app.command("pull-secret")(pull_secret)


def pull_secret(
    image: Annotated[list[str] | None, typer.Option("--image", help="Image reference whose registry needs credentials; repeatable.", show_default=False)] = None,
    registry: Annotated[list[str] | None, typer.Option("--registry", help="Registry host[:port] that needs credentials; repeatable.", show_default=False)] = None,
    secret_type: Annotated[str, typer.Option("--type", help="Secret type: dockerconfigjson or dockercfg.")] = "dockerconfigjson",
    name: Annotated[str | None, typer.Option("--name", help="Secret name (default: derived from the first registry).", show_default=False)] = None,
    namespace: Annotated[str | None, typer.Option("-n", "--namespace", help="Secret namespace.", show_default=False)] = None,
    output: Annotated[str, typer.Option("-o", "--output", help="Output format: yaml or json.")] = "yaml",
    from_docker_config: Annotated[bool, typer.Option("--from-docker-config", help="Take credentials only from the docker config (with its helpers), one Secret for every registry the images need.")] = False,
    show_secrets: Annotated[bool, typer.Option("--show-secrets", help="Print Secret data on a terminal too (it is always printed into a pipe or file).")] = False,
    registry_username: RegistryUsernameOption = None,
    registry_password_stdin: RegistryPasswordStdinOption = False,
    registry_password: RegistryPasswordRejectedOption = None,
    docker_config: DockerConfigOption = None,
    explain_credentials: ExplainCredentialsOption = False,
) -> None:
    """Print a Secret with the registry credentials that pull the given images.

    Credentials are searched in the flags, KUBESHIP_REGISTRY_USERNAME and
    KUBESHIP_REGISTRY_PASSWORD, the docker config (DOCKER_AUTH_CONFIG, credential
    helpers, auths), containers auth.json, ~/.dockercfg and cloud registries.
    """
    if secret_type not in SECRET_TYPES:
        raise InputError(f"invalid --type {secret_type!r}", hint="use dockerconfigjson or dockercfg")
    if output not in ("yaml", "json"):
        raise InputError(f"invalid --output {output!r}", hint="use yaml or json")
    check_object_names(name, namespace)
    targets = [target_for_image(reference) for reference in image or []]
    targets += [target_for_registry(host) for host in registry or []]
    if not targets:
        raise InputError("no registry given", hint="pass --image REF or --registry HOST")

    options = credential_options_from(registry_username, registry_password_stdin, docker_config, registry_password)
    if from_docker_config:
        options.sources = frozenset({DOCKER_CONFIG})
    credentials = collect_credentials(targets, options, explain=explain_credentials, require_all=not from_docker_config)

    secret = build_pull_secret(
        credentials,
        name=name or default_name(credentials[0]),
        namespace=namespace,
        payload_type=secret_type,
    )
    warn_about_expiry(credentials, options, EXPIRY_WARNING_WINDOW)
    write_secret(secret, output, show_secrets)


def check_object_names(name: str | None, namespace: str | None) -> None:
    """Raise InputError for a --name or --namespace that the API server would reject."""
    from kubeship.manifests import is_dns1123_label, is_dns1123_subdomain

    checks = (("--name", name, is_dns1123_subdomain), ("-n/--namespace", namespace, is_dns1123_label))
    for option, value, problems_of in checks:
        problems = problems_of(value) if value is not None else []
        if problems:
            raise InputError(f"invalid {option} {value!r}: {'; '.join(problems)}",
                             hint=f"give {option} a value that follows this rule")


def collect_credentials(
    targets: list[RegistryTarget], options: CredentialOptions, *, explain: bool, require_all: bool
) -> list[Credential]:
    """Look up each target and return the distinct credentials found.

    With ``require_all``, a target without credentials is an error. Without it,
    such a target is left out with a warning, and only an empty result is an error.
    """
    credentials: list[Credential] = []
    # Images on one registry may still differ, because auth.json namespace keys give per-repository credentials.
    for target in targets:
        lookup = credential_for(target, options)
        if explain:
            print_explanation(lookup)
        print_warnings(lookup)
        if lookup.credential is None:
            if require_all:
                hint = "give --registry-username with --registry-password-stdin or log in with docker login"
                if not explain:
                    hint += ", or run with --explain-credentials to see every source tried"
                raise InputError(f"no credentials found for {target.host} (needed by {target})", hint=hint)
            print(f"warning: no credentials for {target.host} in the docker config; {target} is left out", file=sys.stderr)
            continue
        if lookup.credential not in credentials:
            credentials.append(lookup.credential)
    if not credentials:
        raise InputError("no credentials found for any of the registries", hint="run with --explain-credentials")
    return credentials


def default_name(credential: Credential) -> str:
    """Derive a DNS-1123 Secret name from the credential's registry, such as ``registry.example.com-5000-pull``."""
    base = re.sub(r"[^a-z0-9.-]+", "-", credential.scope.lower()).strip(".-")
    return f"{base[:240]}-pull"


def write_secret(secret: dict[str, Any], output: str, show_secrets: bool) -> None:
    """Print the Secret: its data masked on a terminal unless ``show_secrets``, real into a pipe or file."""
    stream = sys.stdout
    printed = secret
    if stream.isatty() and not show_secrets:
        printed = redact(secret)
    else:
        stream = sanitize.unmasked_stdout()
    if output == "json":
        stream.write(json.dumps(printed, indent=2, ensure_ascii=False) + "\n")
    else:
        stream.write(yaml.safe_dump(printed, sort_keys=False, allow_unicode=True))
    stream.flush()
