"""``kubeship deploy``, ``history`` and ``rollback``: releases of a service in a cluster."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from kubeship.cli.chart_options import (
    DEFAULT_RELEASE_NAME,
    APIVersionsOption,
    SetFileOption,
    SetLiteralOption,
    SetJSONOption,
    SetStringOption,
    StrictOption,
    check_chart_options,
)
from kubeship.cli.credential_options import (
    DockerConfigOption,
    ExplainCredentialsOption,
    RegistryPasswordRejectedOption,
    RegistryPasswordStdinOption,
    RegistryUsernameOption,
    credential_options_from,
)
from kubeship.cli.render_cmd import (
    AllowUnresolvedOption,
    ImageOption,
    NamespaceOption,
    ServiceDirArgument,
    ServiceVariableOption,
    SetOption,
    ValuesOption,
    ValuesTypingOption,
    build_render_request,
    print_pull_prediction,
)
from kubeship.errors import InputError, OperationFailed, OperationInterrupted

if TYPE_CHECKING:
    from kubeship.cluster import ClusterConnection, DeployResult, PullFailure, ReleaseHistory

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = "10m"
# Seconds an interrupted deploy or rollback gets to record its release Failed and let go of its lock.
INTERRUPT_GRACE_SECONDS = 30
INTERRUPTED_EXIT_CODE = OperationInterrupted.exit_code
_interrupted = threading.Event()
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}

KubeconfigOption = Annotated[
    Optional[Path],
    typer.Option("--kubeconfig", help="Kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.", show_default=False),
]
ContextOption = Annotated[
    Optional[str],
    typer.Option("--context", help="Kubeconfig context to use instead of the current context.", show_default=False),
]
ReleaseNamespaceOption = Annotated[
    Optional[str],
    typer.Option("-n", "--namespace", help="Namespace of the release (default: the context's namespace).", show_default=False),
]
TimeoutOption = Annotated[
    str,
    typer.Option("--timeout", help="How long to wait for the steady state, as a Go duration such as 90s, 10m or 1h30m."),
]
SkipSteadyStateOption = Annotated[
    bool, typer.Option("--skip-steady-state", help="Record the release as Succeeded right after applying, without waiting."),
]
WaitForJobsOption = Annotated[
    bool, typer.Option("--wait-for-jobs", help="Also wait until the managed Jobs complete."),
]
InsecureRegistryOption = Annotated[
    list[str],
    typer.Option(
        "--insecure-registry", metavar="HOST",
        help="Use plain HTTP for this registry when diagnosing a failed image pull; repeatable.", show_default=False,
    ),
]
LockTimeoutOption = Annotated[
    str,
    typer.Option("--lock-timeout", help="How long to wait for another deploy of the same release to finish, as a Go duration."),
]


def register(app: typer.Typer) -> None:
    app.command("deploy")(deploy)
    app.command("history")(history)
    app.command("rollback")(rollback)


def parse_duration(text: str, option: str) -> float:
    """Parse a Go duration (``300ms``, ``1.5h``, ``2h45m``) into seconds. Only ``0`` may omit the unit.

    Raises InputError naming ``option`` for anything else, negative durations included.
    """
    value = text.strip()
    if value == "0":
        return 0.0
    position, seconds = 0, 0.0
    for match in _DURATION_PART.finditer(value):
        if match.start() != position:
            break
        seconds += float(match.group(1)) * _DURATION_UNITS[match.group(2)]
        position = match.end()
    if not value or position != len(value):
        raise InputError(f"invalid {option} {text!r}", hint="write a duration such as 90s, 10m or 1h30m")
    return seconds


def parse_wait_timeout(text: str, skip_steady_state: bool) -> float:
    """Parse ``--timeout``, rejecting zero, which would fail the release right after applying it.

    ``kubectl rollout status --help`` reads a zero timeout as no limit, which kubeship does not offer.
    """
    seconds = parse_duration(text, "--timeout")
    if seconds == 0 and not skip_steady_state:
        raise InputError(
            f"--timeout {text} leaves no time to reach the steady state",
            hint="give a positive duration such as 10m, or --skip-steady-state to record the release without waiting",
        )
    return seconds


def default_release_name(service_dir: Path, namespace: str) -> str:
    """Return ``release-<service directory>-<namespace>``, cut to a valid release name."""
    from kubeship.cluster import MAX_RELEASE_NAME_LENGTH

    service = re.sub(r"[^a-z0-9-]+", "-", service_dir.resolve().name.lower()).strip("-") or "service"
    return f"release-{service}-{namespace}"[:MAX_RELEASE_NAME_LENGTH].rstrip("-")


def connect_cluster(kubeconfig: Path | None, context: str | None) -> ClusterConnection:
    from kubeship.cluster import connect

    # A SIGTERM (a cancelled CI job) then unwinds like Ctrl-C: the release is recorded
    # Failed and the release's lock is let go, instead of both being left behind.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    return connect(kubeconfig, context)


def _interrupt(signum: int, frame: object) -> None:
    """Unwind the main thread like Ctrl-C, and exit anyway if that does not end the process in time.

    The exception can arrive at any point of the main thread, even inside the HTTP
    library's connection pool, so the cleanup after it might block. A second signal
    exits at once.
    """
    if _interrupted.is_set():
        os._exit(INTERRUPTED_EXIT_CODE)
    _interrupted.set()
    watchdog = threading.Timer(INTERRUPT_GRACE_SECONDS, _exit_after_grace)
    watchdog.daemon = True
    watchdog.start()
    raise KeyboardInterrupt


def _exit_after_grace() -> None:
    # os.write, because the main thread may hold the lock of sys.stderr's wrapper. The text contains no secret.
    os.write(2, (
        f"error: the interrupted operation did not finish its cleanup within {INTERRUPT_GRACE_SECONDS} s, so kubeship exits now "
        "(a release left InProgress is marked Failed by the next deploy, and its lock expires)\n"
    ).encode())
    os._exit(INTERRUPTED_EXIT_CODE)


@contextlib.contextmanager
def _interruption(operation: str, release_name: str, namespace: str) -> Iterator[None]:
    """Turn Ctrl-C or SIGTERM into an error that reports what became of the release.

    Typer would otherwise exit with code 130 and print nothing.
    """
    try:
        yield
    except KeyboardInterrupt:
        raise OperationInterrupted(
            f"{operation} of release {release_name} interrupted",
            hint=f"a release it had started is recorded as Failed; kubeship history {release_name} -n {namespace} shows it",
        ) from None


def deploy(
    service_dir: ServiceDirArgument,
    image: ImageOption = None,
    registry_username: RegistryUsernameOption = None,
    registry_password_stdin: RegistryPasswordStdinOption = False,
    registry_password: RegistryPasswordRejectedOption = None,
    docker_config: DockerConfigOption = None,
    explain_credentials: ExplainCredentialsOption = False,
    values_files: ValuesOption = [],
    set_values: SetOption = [],
    set_string: SetStringOption = [],
    set_json: SetJSONOption = [],
    set_file: SetFileOption = [],
    set_literal: SetLiteralOption = [],
    service_variables: ServiceVariableOption = [],
    namespace: ReleaseNamespaceOption = None,
    allow_unresolved: AllowUnresolvedOption = False,
    values_typing: ValuesTypingOption = "helm",
    doctor: Annotated[
        bool,
        typer.Option("--doctor", help="Predict every image pull on stderr first, as kubeship doctor does, and stop when one will fail."),
    ] = False,
    skip_versioning: Annotated[
        bool, typer.Option("--skip-versioning", help="Keep the names of all ConfigMaps and Secrets instead of adding the release number."),
    ] = False,
    kube_version: Annotated[
        Optional[str],
        typer.Option("--kube-version", help="Kubernetes version (MAJOR.MINOR) to validate against; default: the server's.", show_default=False),
    ] = None,
    kubeconfig: KubeconfigOption = None,
    context: ContextOption = None,
    release: Annotated[
        Optional[str],
        typer.Option("--release", help="Release name (default: release-<service directory>-<namespace>).", show_default=False),
    ] = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    dry_run: Annotated[
        Optional[str],
        typer.Option("--dry-run", help="With --dry-run=server, only ask the server to validate every object, and apply nothing.", show_default=False),
    ] = None,
    skip_dry_run: Annotated[bool, typer.Option("--skip-dry-run", help="Apply without the server-side dry run first.")] = False,
    skip_steady_state: SkipSteadyStateOption = False,
    wait_for_jobs: WaitForJobsOption = False,
    force_conflicts: Annotated[
        bool, typer.Option("--force-conflicts", help="Take over fields that other field managers own, as kubectl apply --force-conflicts does."),
    ] = False,
    lock_timeout: LockTimeoutOption = "0",
    insecure_registry: InsecureRegistryOption = [],
    strict: StrictOption = False,
    api_versions: APIVersionsOption = [],
    create_namespace: Annotated[
        bool,
        typer.Option("--create-namespace", help="Create the target namespace when it does not exist, as helm install --create-namespace does."),
    ] = False,
) -> None:
    """Deploy a service: render, dry run, apply, wait for the steady state and record the release.

    Exit code 0 when the release succeeded, 1 when it failed or timed out, 2 for an input error.
    """
    from kubeship.cluster import Deployer, DeployRequest, check_release_target
    from kubeship.render import render_service

    if dry_run not in (None, "server"):
        raise InputError(f"invalid --dry-run {dry_run!r}", hint="kubeship supports --dry-run=server only")
    if dry_run and skip_dry_run:
        raise InputError("--dry-run=server and --skip-dry-run contradict each other", hint="give one of them")
    wait_seconds = parse_wait_timeout(timeout, skip_steady_state or dry_run == "server")
    if kube_version is not None:
        from kubeship.manifests import parse_kube_version

        parse_kube_version(kube_version)
    lock_seconds = parse_duration(lock_timeout, "--lock-timeout")
    # A chart's .Release.Name is the release name, as helm install sets it; --release gives it.
    check_chart_options(service_dir, release_name=DEFAULT_RELEASE_NAME, strict=strict, api_versions=api_versions)

    connection = connect_cluster(kubeconfig, context)
    target_namespace = namespace or connection.namespace
    release_name = release or default_release_name(service_dir, target_namespace)
    check_release_target(release_name, target_namespace)
    options = credential_options_from(registry_username, registry_password_stdin, docker_config, registry_password)
    request = build_render_request(
        service_dir, image, options, explain_credentials,
        namespace=target_namespace, values_files=values_files, set_values=set_values,
        service_variables=service_variables, allow_unresolved=allow_unresolved, values_typing=values_typing,
        set_string=tuple(set_string), set_json=tuple(set_json), set_file=tuple(set_file),
        set_literal=tuple(set_literal),
        release_name=release_name, kube_version=kube_version, api_versions=tuple(api_versions), strict=strict,
    )
    rendered = render_service(request).manifests
    if doctor:
        print_pull_prediction(rendered, target_namespace)
    prepare = _release_preparer(
        rendered, release_name, image, kube_version or _server_minor_version(connection), skip_versioning,
    )

    deploy_request = DeployRequest(
        release_name=release_name, namespace=target_namespace, timeout=wait_seconds,
        dry_run_only=dry_run == "server", skip_dry_run=skip_dry_run, skip_steady_state=skip_steady_state,
        wait_for_jobs=wait_for_jobs, force_conflicts=force_conflicts, lock_wait=lock_seconds,
        create_namespace=create_namespace,
    )
    with _progress() as reporter, _interruption("deploy", release_name, target_namespace):
        deployer = Deployer(
            connection, deploy_request, reporter,
            on_pull_failure=lambda failure: print_pull_diagnosis(connection, failure, insecure_registry),
        )
        result = deployer.deploy(rendered, prepare)
    _report(result, release_name, target_namespace, dry_run_only=dry_run == "server")


def _release_preparer(
    rendered: list[Any], release_name: str, image: str | None, kube_version: str | None, skip_versioning: bool,
):
    """Return the ``prepare`` step of a deploy: a versioned, labelled and validated copy of the manifests."""
    from kubeship.cluster import ReleasePlan
    from kubeship.manifests import check_manifests, managed_workloads, prepare_release

    def prepare(number: int) -> ReleasePlan:
        manifests = prepare_release(rendered, number, release_name=release_name, skip_versioning=skip_versioning)
        # Validation runs on the versioned objects, so a name too long with its suffix is caught too.
        check_manifests(manifests, kube_version)
        workloads = managed_workloads(manifests)
        jobs = [manifest for manifest in manifests if manifest.kind == "Job"]
        return ReleasePlan(manifests, workloads, jobs, image=image or _first_image(workloads))

    return prepare


def _server_minor_version(connection: ClusterConnection) -> str | None:
    """Return the server's ``major.minor`` when kubeship has schemas for it, for validation."""
    from kubeship.cluster import RestClient
    from kubeship.manifests import supported_kube_versions

    version = RestClient(connection).request("GET", "/version")
    minor = re.match(r"\d+", str(version.get("minor", "")))
    text = f"{version.get('major')}.{minor.group(0) if minor else ''}"
    if text in supported_kube_versions():
        return text
    log.info("validating against the newest known Kubernetes schemas: the server runs %s", version.get("gitVersion"))
    return None


def _first_image(workloads: list[Any]) -> str | None:
    for workload in workloads:
        spec = ((workload.obj.get("spec") or {}).get("template") or {}).get("spec") or {}
        for container in spec.get("containers") or []:
            if isinstance(container, dict) and container.get("image"):
                return str(container["image"])
    return None


def _progress():
    """Return a Rich progress display on a terminal, log lines otherwise, both masking secrets."""
    from kubeship import sanitize
    from kubeship.cluster import LogProgress, RichProgress

    if sys.stderr.isatty():
        from rich.console import Console

        return RichProgress(Console(file=sys.stderr), mask=sanitize.mask)
    return LogProgress(mask=sanitize.mask)


def print_pull_diagnosis(connection: ClusterConnection, failure: PullFailure, insecure_registries: list[str]) -> None:
    """Print the doctor's diagnosis of a pull that backs off, with the pod's pull secrets read from the cluster."""
    from kubeship.cluster import ApiError, ClusterUnreachable, ResourceType, RestClient
    from kubeship.doctor import explain_image_pull

    client = RestClient(connection)
    secret_type = ResourceType("v1", "Secret", "secrets", True)
    names = [entry.get("name", "") for entry in failure.pod["spec"].get("imagePullSecrets") or []]
    secrets = []
    try:
        for name in names:
            secret = client.get_optional(secret_type, failure.workload.namespace, name)
            if secret is not None:
                secrets.append(secret)
        pull = explain_image_pull(
            failure.image, secrets, secret_names=names, verify=True, insecure_hosts=insecure_registries
        )
    except (ApiError, ClusterUnreachable) as error:
        log.warning("cannot diagnose the pull of %s: %s", failure.image, error)
        return

    lines = [
        f"image pull diagnosis for {failure.image} (pod {failure.pod['metadata']['name']}, container {failure.container}):",
        f"  kubelet: {failure.reason}: {failure.message}",
        f"  credentials: {pull.credential_summary}",
        f"  verdict: {pull.verdict}",
    ]
    if pull.reason:
        lines.append(f"  reason: {pull.reason}")
    # A failed verification's reason quotes every check, so only checks it does not quote get a line.
    checks = [check.describe() for check in pull.verification]
    lines.extend(f"  registry check: {check}" for check in checks if check not in pull.reason)
    if pull.fix:
        lines.append(f"  fix: {pull.fix}")
    print("\n".join(lines), file=sys.stderr)


def _report(result: DeployResult, release_name: str, namespace: str, *, dry_run_only: bool) -> None:
    if dry_run_only:
        print(f"release {release_name}: server-side dry run passed, and nothing was applied")
        return
    assert result.release is not None
    print(f"release {release_name}: release {result.release.number} {result.release.status}")
    if result.succeeded:
        return
    if result.rollback_target is not None:
        hint = f"kubeship rollback {release_name} -n {namespace} returns the workloads to release {result.rollback_target}"
    else:
        hint = "no earlier successful release has workloads to roll back to: fix the cause and deploy again"
    raise OperationFailed(
        f"release {result.release.number} of {release_name} failed: " + "; ".join(result.failures), hint=hint,
    )


def history(
    release: Annotated[str, typer.Argument(help="Release name, as given to deploy --release.", show_default=False)],
    namespace: ReleaseNamespaceOption = None,
    kubeconfig: KubeconfigOption = None,
    context: ContextOption = None,
    output: Annotated[str, typer.Option("-o", "--output", help="Output format: table, yaml or json.")] = "table",
) -> None:
    """List the releases of a release name, newest first: number, status, image, time."""
    import json

    from kubeship.cluster import HistoryStore, RestClient

    if output not in ("table", "yaml", "json"):
        raise InputError(f"invalid output format {output!r}", hint="use -o table, -o yaml or -o json")
    connection = connect_cluster(kubeconfig, context)
    target_namespace = namespace or connection.namespace
    releases = HistoryStore(RestClient(connection), target_namespace, release).read()
    if not releases.releases:
        raise OperationFailed(
            f"release {release} has no history in namespace {target_namespace}",
            hint="check the release name and -n/--namespace",
        )
    if output == "yaml":
        print(releases.to_yaml(), end="")
    elif output == "json":
        print(json.dumps([entry.to_dict() for entry in releases.releases], indent=2))
    else:
        print_history_table(releases)


def print_history_table(releases: ReleaseHistory) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("RELEASE", "STATUS", "IMAGE", "STARTED", "FINISHED", "NOTE"):
        table.add_column(column)
    for entry in releases.releases:
        note = f"rollback to {entry.rollback_to}" if entry.rollback_to is not None else ""
        table.add_row(str(entry.number), entry.status, entry.image or "", entry.start_time or "", entry.end_time or "", note)
    Console(file=sys.stdout, width=None if sys.stdout.isatty() else 200).print(table)


def rollback(
    release: Annotated[str, typer.Argument(help="Release name, as given to deploy --release.", show_default=False)],
    to: Annotated[
        Optional[int],
        typer.Option("--to", help="Release number to roll back to (default: the last successful release before the latest).", show_default=False),
    ] = None,
    namespace: ReleaseNamespaceOption = None,
    kubeconfig: KubeconfigOption = None,
    context: ContextOption = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    skip_steady_state: SkipSteadyStateOption = False,
    lock_timeout: LockTimeoutOption = "0",
) -> None:
    """Roll the managed workloads back to an earlier release, as kubectl rollout undo --to-revision does.

    The workloads get the pod templates, and so the versioned ConfigMaps and Secrets, of that
    release. The rollback is recorded as a new release. Exit code 0 when it succeeded, 1 otherwise.
    """
    from kubeship.cluster import Deployer, DeployRequest, check_release_target

    if to is not None and to < 1:
        raise InputError(f"invalid --to {to}", hint="give a release number from kubeship history")
    connection = connect_cluster(kubeconfig, context)
    target_namespace = namespace or connection.namespace
    check_release_target(release, target_namespace)
    request = DeployRequest(
        release_name=release, namespace=target_namespace,
        timeout=parse_wait_timeout(timeout, skip_steady_state), skip_steady_state=skip_steady_state,
        lock_wait=parse_duration(lock_timeout, "--lock-timeout"),
    )
    with _progress() as reporter, _interruption("rollback", release, target_namespace):
        result = Deployer(connection, request, reporter).rollback(to)
    _report(result, release, target_namespace, dry_run_only=False)
