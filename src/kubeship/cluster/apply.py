"""Server-side dry run and server-side apply of rendered manifests, in kind order.

Every object is sent as an apply patch with field manager ``kubeship``. Objects
of one kind rank go out concurrently, and ranks go out one after the other, so
Namespaces exist before the objects in them.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from kubeship.cluster.errors import ApiError, ApplyConflict, DryRunRejected, readable_rejection
from kubeship.cluster.rest import APPLY_PATCH, ResourceType, RestClient, UnknownKind
from kubeship.manifests import APPLY_ORDER, Manifest

log = logging.getLogger(__name__)

FIELD_MANAGER = "kubeship"
# Rollbacks patch workloads under this manager, as `kubectl rollout undo` does under its own.
# The next deploy takes those fields back without reporting a conflict.
ROLLBACK_FIELD_MANAGER = "kubeship-rollback"
CONCURRENCY = 8
CONFLICT_REJECTION = "conflicts with other field managers"

_KIND_RANK = {kind: rank for rank, kind in enumerate(APPLY_ORDER)}
_CONFLICT_MANAGER = re.compile(r'conflict with "([^"]*)"')


@dataclass
class AppliedObject:
    """A manifest and the object the API server returned for it."""

    manifest: Manifest
    resource: ResourceType
    namespace: str | None
    live: dict[str, Any]

    @property
    def name(self) -> str:
        return self.manifest.name


def target_namespace(manifest: Manifest, resource: ResourceType, default_namespace: str) -> str | None:
    """Return the namespace an object goes to: its own, else the deploy's, and None for cluster-scoped kinds."""
    if not resource.namespaced:
        return None
    return manifest.namespace or default_namespace


def apply_body(manifest: Manifest, namespace: str | None) -> dict[str, Any]:
    body = copy.deepcopy(manifest.obj)
    if namespace is not None:
        body.setdefault("metadata", {})["namespace"] = namespace
    return body


class Applier:
    """Server-side dry runs and applies of manifests into one default namespace."""

    def __init__(self, client: RestClient, namespace: str, *, force_conflicts: bool = False,
                 concurrency: int = CONCURRENCY) -> None:
        self.client = client
        self.namespace = namespace
        self.force_conflicts = force_conflicts
        self.concurrency = concurrency

    def resource_of(self, manifest: Manifest) -> ResourceType:
        return self.client.resource_type(manifest.api_version, manifest.kind)

    def dry_run(self, manifests: Sequence[Manifest], *, skip_namespaces: Sequence[str] = ()) -> int:
        """Dry-run every manifest on the server and return how many were checked.

        Objects in ``skip_namespaces`` (namespaces this deploy creates) cannot be
        checked before their namespace exists and are left out. Raises
        DryRunRejected listing every rejection with the manifest file and line.
        """
        checked = [
            manifest for manifest in manifests
            if manifest.namespace not in skip_namespaces or manifest.kind == "Namespace"
        ]
        results = self._map(lambda manifest: self._dry_run_one(manifest, skip_namespaces), checked)
        rejections = [message for message in results if message]
        if rejections:
            conflicts = any(CONFLICT_REJECTION in message for message in rejections)
            raise DryRunRejected(rejections, conflicts=conflicts)
        return sum(1 for message in results if message is not None)

    def _dry_run_one(self, manifest: Manifest, skip_namespaces: Sequence[str]) -> str | None:
        """Return "" when the server accepts the object, None when skipped, else the rejection."""
        try:
            resource = self.resource_of(manifest)
            namespace = target_namespace(manifest, resource, self.namespace)
            if namespace in skip_namespaces:
                return None
            self.client.patch(
                resource, namespace, manifest.name, apply_body(manifest, namespace),
                content_type=APPLY_PATCH, field_manager=FIELD_MANAGER, force=self.force_conflicts, dry_run=True,
            )
        except UnknownKind as error:
            return f"{manifest.position}: {manifest.describe()}: {error}"
        except ApiError as error:
            conflicts = parse_conflicts(error) if error.status == 409 and error.reason == "Conflict" else []
            if conflicts and all(manager == ROLLBACK_FIELD_MANAGER for _, manager in conflicts):
                return ""
            if conflicts:
                fields = ", ".join(f"{field} (managed by {manager})" for field, manager in conflicts)
                return f"{manifest.position}: {manifest.describe()}: {CONFLICT_REJECTION}: {fields}"
            return f"{manifest.position}: {manifest.describe()}: {readable_rejection(error, manifest.kind)}"
        return ""

    def apply(self, manifests: Sequence[Manifest],
              on_applied: Callable[[AppliedObject], None] | None = None) -> list[AppliedObject]:
        """Apply manifests rank by rank and return the live objects in apply order.

        Raises ApplyConflict when fields are owned by another field manager (unless
        ``force_conflicts``) and ApiError for other rejections. Objects applied
        before the failure stay applied.
        """
        applied: list[AppliedObject] = []
        ordered = sorted(manifests, key=lambda manifest: _KIND_RANK.get(manifest.kind, len(APPLY_ORDER)))
        for _, group in groupby(ordered, key=lambda manifest: _KIND_RANK.get(manifest.kind, len(APPLY_ORDER))):
            results = self._map(self._apply_one, list(group))
            for result in results:
                if on_applied is not None:
                    on_applied(result)
            applied.extend(results)
        return applied

    def _apply_one(self, manifest: Manifest) -> AppliedObject:
        try:
            resource = self.resource_of(manifest)
        except UnknownKind as error:
            raise ApiError(f"{manifest.position}: {manifest.describe()}: {error}", status=404) from None
        namespace = target_namespace(manifest, resource, self.namespace)
        body = apply_body(manifest, namespace)
        try:
            live = self._patch(resource, namespace, manifest, body, force=self.force_conflicts)
        except ApiError as error:
            if error.status != 409 or error.reason != "Conflict":
                raise _located(error, manifest) from None
            conflicts = parse_conflicts(error)
            if conflicts and all(manager == ROLLBACK_FIELD_MANAGER for _, manager in conflicts):
                log.info("%s: taking back the fields a rollback changed", manifest.describe())
                live = self._patch(resource, namespace, manifest, body, force=True)
            else:
                raise ApplyConflict(f"{manifest.describe()} ({manifest.position})", conflicts) from None
        log.debug("applied %s", manifest.describe())
        return AppliedObject(manifest, resource, namespace, live)

    def _patch(self, resource: ResourceType, namespace: str | None, manifest: Manifest, body: dict[str, Any],
               *, force: bool) -> dict[str, Any]:
        return self.client.patch(
            resource, namespace, manifest.name, body,
            content_type=APPLY_PATCH, field_manager=FIELD_MANAGER, force=force,
        )

    def _map(self, function: Callable[[Manifest], Any], manifests: list[Manifest]) -> list[Any]:
        if len(manifests) <= 1 or self.concurrency <= 1:
            return [function(manifest) for manifest in manifests]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(manifests))) as pool:
            return list(pool.map(function, manifests))


def parse_conflicts(error: ApiError) -> list[tuple[str, str]]:
    """Return (field path, field manager) pairs from an apply conflict's Status causes."""
    conflicts = []
    for cause in error.causes:
        match = _CONFLICT_MANAGER.search(str(cause.get("message", "")))
        manager = match.group(1) if match else str(cause.get("message", "another manager"))
        conflicts.append((str(cause.get("field", "")), manager))
    return conflicts


def _located(error: ApiError, manifest: Manifest) -> ApiError:
    located = ApiError(
        f"{manifest.position}: {manifest.describe()}: {readable_rejection(error, manifest.kind)}",
        status=error.status, reason=error.reason, causes=error.causes,
    )
    return located

