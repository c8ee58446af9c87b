"""A deploy of one release: lock, number, dry run, apply, steady state, record, clean up.

The steps follow Harness FirstGen's rolling deploy. The caller renders the
manifests and supplies ``prepare``, which versions ConfigMaps and Secrets for the
release number that only the history can tell.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kubeship.cluster.apply import Applier
from kubeship.cluster.errors import ApiError, ClusterUnreachable, HistoryError, OperationFailed, RollbackError
from kubeship.errors import InputError
from kubeship.cluster.history import (
    FAILED,
    IN_PROGRESS,
    SUCCEEDED,
    HistoryStore,
    Release,
    ReleaseHistory,
    ResourceId,
    WorkloadRevision,
    utc_now,
)
from kubeship.cluster.kubeconfig import ClusterConnection
from kubeship.cluster.lock import ReleaseLock
from kubeship.cluster.namespaces import missing_namespaces
from kubeship.cluster.rest import RestClient
from kubeship.cluster.rollback import observed_revisions, undo
from kubeship.cluster.steady import ProgressReporter, PullFailure, SteadyStateResult, SteadyStateWait, Workload
from kubeship.manifests import Manifest

log = logging.getLogger(__name__)

WORKLOAD_API_VERSIONS = {"Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1"}
# Seconds a release that succeeded waits for the controllers to number the applied templates.
OBSERVE_TIMEOUT = 30.0


@dataclass
class ReleasePlan:
    """The objects of one release, with versioned names, and the managed workloads among them."""

    manifests: list[Manifest]
    managed_workloads: list[Manifest]
    jobs: list[Manifest] = field(default_factory=list)
    image: str | None = None


@dataclass
class DeployRequest:
    """The options of one deploy, as ``kubeship deploy`` takes them."""

    release_name: str
    namespace: str
    timeout: float = 600
    dry_run_only: bool = False
    skip_dry_run: bool = False
    skip_steady_state: bool = False
    wait_for_jobs: bool = False
    force_conflicts: bool = False
    lock_wait: float = 0
    create_namespace: bool = False


@dataclass
class DeployResult:
    """The outcome of a deploy: the recorded release (None for a dry run) and the wait's result."""

    release: Release | None
    succeeded: bool
    failures: list[str] = field(default_factory=list)
    pull_failures: list[PullFailure] = field(default_factory=list)
    # For a failed release: the release that ``kubeship rollback`` would return to, if any.
    rollback_target: int | None = None


Prepare = Callable[[int], ReleasePlan]


class Deployer:
    """Runs deploys and rollbacks of one release in one namespace."""

    def __init__(
        self,
        connection: ClusterConnection,
        request: DeployRequest,
        reporter: ProgressReporter,
        on_pull_failure: Callable[[PullFailure], None] | None = None,
    ) -> None:
        self.client = RestClient(connection)
        self.request = request
        self.reporter = reporter
        self.on_pull_failure = on_pull_failure
        self.store = HistoryStore(self.client, request.namespace, request.release_name)
        self.applier = Applier(self.client, request.namespace, force_conflicts=request.force_conflicts)

    def lock(self) -> ReleaseLock:
        return ReleaseLock(self.client, self.request.namespace, self.request.release_name, wait=self.request.lock_wait)

    # Deploy

    def deploy(self, rendered: Sequence[Manifest], prepare: Prepare) -> DeployResult:
        """Deploy the rendered manifests as the next release of the history."""
        missing = missing_namespaces(self.client, rendered, self.request.namespace)
        if self.request.dry_run_only:
            return self._dry_run_only(prepare, missing)
        # Prepare once before changing anything, so invalid objects fail the deploy first.
        self._check_history_name(prepare(self._expected_number(missing)))
        self._create_namespaces(rendered, missing)
        with self.lock():
            history = self.fail_stale_releases()
            number = history.next_number()
            log.info("release %s: deploying release %d", self.request.release_name, number)
            plan = prepare(number)
            self._check_history_name(plan)
            if self.request.skip_dry_run:
                log.info("skipping the server-side dry run")
            else:
                checked = self.applier.dry_run(plan.manifests)
                log.info("server-side dry run accepted %d objects", checked)
            release = self._start_release(number, plan)
            log.info("applying %d objects", len(plan.manifests))
            return self._run_release(release, plan)

    def _check_history_name(self, plan: ReleasePlan) -> None:
        """Raise InputError when the release would overwrite its own history ConfigMap."""
        for manifest in plan.manifests:
            namespace = manifest.namespace or self.request.namespace
            if manifest.kind == "ConfigMap" and manifest.name == self.request.release_name and namespace == self.request.namespace:
                raise InputError(
                    f"{manifest.position}: ConfigMap {manifest.name} has the name of the release history "
                    f"ConfigMap of release {self.request.release_name}",
                    hint="choose another release name with --release",
                )

    def _expected_number(self, missing: set[str]) -> int:
        """Return the number the next release will most likely get, before taking the lock."""
        if self.request.namespace in missing:
            return 1
        return self.store.read().next_number()

    def _dry_run_only(self, prepare: Prepare, missing: set[str]) -> DeployResult:
        plan = prepare(self._expected_number(missing))
        self._check_history_name(plan)
        # A deploy would fail on a namespace it cannot create, so the dry run does too.
        self._namespaces_to_create(plan.manifests, missing)
        if missing:
            log.warning(
                "namespace(s) %s do not exist yet: objects in them cannot be checked until they are created",
                ", ".join(sorted(missing)),
            )
        checked = self.applier.dry_run(plan.manifests, skip_namespaces=sorted(missing))
        log.info("server-side dry run accepted %d objects, and nothing was applied", checked)
        return DeployResult(release=None, succeeded=True)

    def _create_namespaces(self, rendered: Sequence[Manifest], missing: set[str]) -> None:
        """Apply the manifests' own Namespace objects for namespaces that do not exist yet.

        The release's Lease and history live in the target namespace, so it must
        exist before anything else. The other objects are still dry-run before
        any of them is applied.
        """
        if not missing:
            return
        declared = self._namespaces_to_create(rendered, missing)
        if not self.request.skip_dry_run:
            self.applier.dry_run(declared)
        self.applier.apply(declared)
        log.info("created namespace(s) %s", ", ".join(sorted(missing)))

    def _namespaces_to_create(self, rendered: Sequence[Manifest], missing: set[str]) -> list[Manifest]:
        """Return the Namespace objects that create the ``missing`` namespaces.

        Raises OperationFailed naming the namespaces that neither the manifests
        nor ``--create-namespace`` create.
        """
        declared = [m for m in rendered if m.kind == "Namespace" and m.name in missing]
        undeclared = missing - {m.name for m in declared}
        if undeclared and self.request.create_namespace and undeclared == {self.request.namespace}:
            declared.append(_namespace_manifest(self.request.namespace))
            undeclared = set()
        if undeclared:
            raise OperationFailed(
                f"namespace(s) {', '.join(sorted(undeclared))} not found",
                hint="create them first, add a Namespace manifest to the service, or pass --create-namespace",
            )
        return declared

    def fail_stale_releases(self) -> ReleaseHistory:
        """Mark InProgress releases Failed, because no other deploy runs while this one holds the lock."""

        def change(history: ReleaseHistory) -> None:
            for release in history.releases:
                if release.status == IN_PROGRESS:
                    log.warning(
                        "release %d of %s was left InProgress by a deploy that did not finish, marking it Failed",
                        release.number, self.request.release_name,
                    )
                    release.status = FAILED
                    release.end_time = release.end_time or utc_now()

        history = self.store.read()
        if any(release.status == IN_PROGRESS for release in history.releases):
            history = self.store.update(change)
        return history

    def _start_release(self, number: int, plan: ReleasePlan) -> Release:
        resources = []
        for manifest in plan.manifests:
            namespace = None if manifest.kind == "Namespace" else manifest.namespace or self.request.namespace
            resources.append(
                ResourceId(manifest.kind, manifest.name, namespace, manifest.versioned)
            )
        workloads = [
            WorkloadRevision(ResourceId(m.kind, m.name, m.namespace or self.request.namespace)) for m in plan.managed_workloads
        ]
        release = Release(
            number=number, status=IN_PROGRESS, resources=resources, managed_workloads=workloads,
            image=plan.image, start_time=utc_now(),
        )
        self.store.update(lambda history: history.add(release))
        return release

    def _run_release(self, release: Release, plan: ReleasePlan) -> DeployResult:
        def apply() -> list[Workload]:
            applied = self.applier.apply(plan.manifests)
            log.info("applied %d objects", len(applied))
            # Jobs have no revisions to record; the wait includes them only with wait_for_jobs.
            managed = {id(manifest) for manifest in plan.managed_workloads + plan.jobs}
            return [
                Workload(item.resource, item.namespace or self.request.namespace, item.name)
                for item in applied
                if id(item.manifest) in managed
            ]

        return self._complete(release, apply)

    def _complete(self, release: Release, change: Callable[[], list[Workload]]) -> DeployResult:
        """Run ``change`` (an apply or a rollback), wait for its workloads and record the outcome.

        Any error, an interrupt included, records the release as Failed before it propagates.
        """
        try:
            workloads = change()
            result = self.wait(workloads)
        except BaseException:
            self.finish(release, FAILED, [])
            raise
        self.finish(release, SUCCEEDED if result.succeeded else FAILED, workloads)
        if result.succeeded:
            self.clean_up(release.number)
            return DeployResult(release, True, result.failures, result.pull_failures)
        return DeployResult(
            release, False, result.failures, result.pull_failures, rollback_target=self._rollback_candidate(release.number)
        )

    def _rollback_candidate(self, number: int) -> int | None:
        """Return the release a rollback after failed release ``number`` would go to, or None when there is none."""
        try:
            previous = self.store.read().last_successful(before=number, restorable=True)
        except (ApiError, ClusterUnreachable, HistoryError) as error:
            log.debug("cannot read the history to suggest a rollback: %s", error)
            return None
        return previous.number if previous is not None else None

    def wait(self, workloads: list[Workload]) -> SteadyStateResult:
        """Wait for the workloads' steady state, unless the request skips it."""
        waited = [w for w in workloads if w.kind != "Job" or self.request.wait_for_jobs]
        if self.request.skip_steady_state or not waited:
            if self.request.skip_steady_state:
                log.info("skipping the steady-state wait")
            return SteadyStateResult(succeeded=True)
        log.info("waiting up to %gs for %s", self.request.timeout, ", ".join(w.describe() for w in waited))
        wait = SteadyStateWait(
            self.client, waited, self.reporter, timeout=self.request.timeout, on_pull_failure=self.on_pull_failure
        )
        return wait.run()

    def finish(self, release: Release, status: str, workloads: list[Workload]) -> None:
        """Record the release's final status, end time and the workloads' revisions."""
        # After a successful wait the controllers have numbered the templates. After
        # --skip-steady-state they may need a moment, and a failed release does not wait for them.
        observe = min(self.request.timeout, OBSERVE_TIMEOUT) if status == SUCCEEDED else 0
        revisions = {
            (workload.kind, workload.name): revision
            for workload, revision in observed_revisions(self.client, workloads, observe).items()
        }

        def change(history: ReleaseHistory) -> None:
            recorded = history.get(release.number)
            if recorded is None:
                history.add(release)
                recorded = release
            recorded.status = status
            recorded.end_time = utc_now()
            for item in recorded.managed_workloads:
                revision = revisions.get((item.workload.kind, item.workload.name))
                if revision is not None:
                    item.revision = revision

        try:
            self.store.update(change)
        except Exception as error:  # noqa: BLE001 - the deploy's own outcome matters more than this record
            log.error("could not record release %d as %s: %s", release.number, status, error)
            return
        release.status = status
        log.info("release %d of %s: %s", release.number, self.request.release_name, status)

    # Rollback

    def rollback(self, to: int | None = None) -> DeployResult:
        """Roll the managed workloads back to release ``to`` (default: the last successful one before the latest).

        The rollback is recorded as a new release that lists the target's objects.
        """
        # Taking the lock needs the namespace, so a release without history is reported first.
        if self.store.read().latest() is None:
            raise self._no_history()
        with self.lock():
            history = self.fail_stale_releases()
            target = self._rollback_target(history, to)
            workloads = [self._workload(item) for item in target.managed_workloads]
            self._check_versioned_objects(target)

            number = history.next_number()
            log.info("release %s: rolling back to release %d as release %d", self.request.release_name, target.number, number)
            release = Release(
                number=number, status=IN_PROGRESS, resources=list(target.resources),
                managed_workloads=[WorkloadRevision(item.workload) for item in target.managed_workloads],
                image=target.image, start_time=utc_now(), rollback_to=target.number,
            )
            self.store.update(lambda stored: stored.add(release))

            def roll_back() -> list[Workload]:
                for workload, recorded in zip(workloads, target.managed_workloads):
                    assert recorded.revision is not None
                    log.info("%s: %s", workload.describe(), undo(self.client, workload, recorded.revision))
                return workloads

            return self._complete(release, roll_back)

    def _rollback_target(self, history: ReleaseHistory, to: int | None) -> Release:
        latest = history.latest()
        if latest is None:
            raise self._no_history()
        if to is not None:
            target = history.get(to)
            if target is None:
                known = ", ".join(str(release.number) for release in history.releases)
                raise RollbackError(
                    f"release {to} is not in the history of {self.request.release_name} (releases: {known})",
                    hint="give --to one of the releases listed. A successful deploy removes the releases "
                    "older than the previous successful one",
                )
            if target.status != SUCCEEDED:
                log.warning("rolling back to release %d, which has status %s", target.number, target.status)
        else:
            found = history.last_successful(before=latest.number, restorable=True)
            if found is None:
                raise RollbackError(
                    f"release {self.request.release_name} has no successful release before release {latest.number} "
                    "with a recorded revision for each managed workload",
                    hint="see kubeship history; --to N picks a release",
                )
            target = found
        if not target.restorable():
            unrecorded = [item.workload.describe() for item in target.managed_workloads if item.revision is None]
            raise RollbackError(
                f"release {target.number} recorded no revision for {', '.join(unrecorded) or 'any managed workload'}",
                hint="only releases whose workloads were rolled out can be rolled back to",
            )
        return target

    def _no_history(self) -> RollbackError:
        return RollbackError(
            f"release {self.request.release_name} has no history in namespace {self.request.namespace}",
            hint="check the release name and -n/--namespace",
        )

    def _workload(self, recorded: WorkloadRevision) -> Workload:
        kind = recorded.workload.kind
        api_version = WORKLOAD_API_VERSIONS.get(kind)
        if api_version is None:
            raise RollbackError(f"cannot roll back a {kind}: it has no rollout revisions")
        resource = self.client.resource_type(api_version, kind)
        return Workload(resource, recorded.workload.namespace or self.request.namespace, recorded.workload.name)

    def _check_versioned_objects(self, target: Release) -> None:
        gone = []
        for resource in target.resources:
            if not resource.versioned:
                continue
            resource_type = self.client.resource_type("v1", resource.kind)
            if self.client.get_optional(resource_type, resource.namespace or self.request.namespace, resource.name) is None:
                gone.append(resource.describe())
        if gone:
            raise RollbackError(
                f"release {target.number}'s versioned objects no longer exist: {', '.join(gone)}",
                hint="roll back to a newer release",
            )

    # Cleanup

    def clean_up(self, number: int) -> None:
        """Delete versioned objects of releases older than the last successful one before ``number``.

        Their history entries go too, as Harness does. Objects that a kept release
        still lists are kept, because a rollback release lists its target's objects.
        """
        removed: list[Release] = []

        def change(history: ReleaseHistory) -> None:
            removed.clear()
            # A release that cannot be rolled back to keeps the older objects a rollback still needs.
            previous = history.last_successful(before=number, restorable=True)
            if previous is None:
                return
            removed.extend(r for r in history.releases if r.number < previous.number)
            history.releases = [r for r in history.releases if r.number >= previous.number]

        history = self.store.update(change)
        kept = {resource for release in history.releases for resource in release.resources}
        for release in removed:
            for resource in release.resources:
                if resource.versioned and resource not in kept:
                    self._delete(resource)

    def _delete(self, resource: ResourceId) -> None:
        api_version = "v1"
        try:
            resource_type = self.client.resource_type(api_version, resource.kind)
            if self.client.delete(resource_type, resource.namespace or self.request.namespace, resource.name):
                log.info("deleted %s of an old release", resource.describe())
        except ApiError as error:
            log.warning("could not delete %s of an old release: %s", resource.describe(), error)


def _namespace_manifest(name: str) -> Manifest:
    """Return a Namespace object for ``--create-namespace``; it has no source file."""
    obj = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}
    return Manifest(obj=obj, source="(--create-namespace)")
