"""The release history: a ConfigMap named after the release, in Harness FirstGen's format.

Data key ``releaseHistory`` contains YAML ``version: v1`` with ``releases``, newest
first. When that YAML exceeds ``COMPRESS_ABOVE`` bytes it is stored zlib-deflated
and base64-encoded, with data key ``isReleaseHistoryCompressed: "true"`` (Harness
reads the same flag). Every update sends the resourceVersion it read, so two
writers can never overwrite each other's release: the loser reads again and
reapplies its change.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import logging
import random
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from kubeship.cluster.errors import ApiError, HistoryError
from kubeship.cluster.rest import ResourceType, RestClient

log = logging.getLogger(__name__)

HISTORY_KEY = "releaseHistory"
COMPRESSED_FLAG = "isReleaseHistoryCompressed"
HISTORY_VERSION = "v1"
# ConfigMaps are limited to 1 MiB; compress well before a long history gets near it.
COMPRESS_ABOVE = 32 * 1024
MAX_RELEASES = 100
MAX_UPDATE_ATTEMPTS = 20
# Seconds to wait after a conflicting write, times the attempt number, with random jitter
# so that writers that collided do not collide again.
CONFLICT_BACKOFF = 0.05

IN_PROGRESS = "InProgress"
SUCCEEDED = "Succeeded"
FAILED = "Failed"
STATUSES = (IN_PROGRESS, SUCCEEDED, FAILED)

CONFIG_MAP = ResourceType("v1", "ConfigMap", "configmaps", True)
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
RELEASE_LABEL = "harness.io/release-name"


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class ResourceId:
    """One object a release applied; ``versioned`` objects carry the release number in their name."""

    kind: str
    name: str
    namespace: str | None = None
    versioned: bool = False

    def describe(self) -> str:
        return f"{self.kind}/{self.name}"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "namespace": self.namespace, "versioned": self.versioned}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ResourceId:
        return cls(
            kind=str(data.get("kind", "")),
            name=str(data.get("name", "")),
            namespace=data.get("namespace"),
            versioned=bool(data.get("versioned", False)),
        )


@dataclass
class WorkloadRevision:
    """A managed workload and its rollout revision (Deployment revision, ControllerRevision number)."""

    workload: ResourceId
    revision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"workload": self.workload.to_dict(), "revision": self.revision}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkloadRevision:
        revision = data.get("revision")
        return cls(ResourceId.from_dict(data.get("workload") or {}), None if revision is None else str(revision))


@dataclass
class Release:
    """One deploy or rollback of a release, as the history records it."""

    number: int
    status: str = IN_PROGRESS
    resources: list[ResourceId] = field(default_factory=list)
    managed_workloads: list[WorkloadRevision] = field(default_factory=list)
    image: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    rollback_to: int | None = None

    def restorable(self) -> bool:
        """Return whether a rollback can restore this release: each managed workload has a recorded revision."""
        return bool(self.managed_workloads) and all(item.revision is not None for item in self.managed_workloads)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "number": self.number,
            "status": self.status,
            "image": self.image,
            "startTime": self.start_time,
            "endTime": self.end_time,
            "resources": [resource.to_dict() for resource in self.resources],
            "managedWorkloads": [workload.to_dict() for workload in self.managed_workloads],
        }
        if self.rollback_to is not None:
            data["rollbackTo"] = self.rollback_to
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Release:
        workloads = [WorkloadRevision.from_dict(item) for item in data.get("managedWorkloads") or []]
        # Older Harness histories record a single managed workload in two fields.
        if not workloads and data.get("managedWorkload"):
            workloads = [
                WorkloadRevision(ResourceId.from_dict(data["managedWorkload"]), data.get("managedWorkloadRevision"))
            ]
        rollback_to = data.get("rollbackTo")
        return cls(
            number=int(data["number"]),
            status=str(data.get("status") or IN_PROGRESS),
            resources=[ResourceId.from_dict(item) for item in data.get("resources") or []],
            managed_workloads=workloads,
            image=data.get("image"),
            start_time=data.get("startTime"),
            end_time=data.get("endTime"),
            rollback_to=None if rollback_to is None else int(rollback_to),
        )


@dataclass
class ReleaseHistory:
    """The releases of one release name, newest first."""

    releases: list[Release] = field(default_factory=list)

    def next_number(self) -> int:
        return max((release.number for release in self.releases), default=0) + 1

    def latest(self) -> Release | None:
        return self.releases[0] if self.releases else None

    def get(self, number: int) -> Release | None:
        return next((release for release in self.releases if release.number == number), None)

    def last_successful(self, *, before: int | None = None, restorable: bool = False) -> Release | None:
        """Return the newest Succeeded release, only among numbers below ``before`` when given.

        With ``restorable``, only a release that recorded a revision for each of its
        managed workloads counts, because only such a release can be rolled back to.
        """
        for release in self.releases:
            if release.status != SUCCEEDED or (before is not None and release.number >= before):
                continue
            if restorable and not release.restorable():
                continue
            return release
        return None

    def add(self, release: Release) -> None:
        if self.get(release.number) is not None:
            raise HistoryError(
                f"release {release.number} is already recorded",
                hint="another deploy of this release took the same number; deploy again",
            )
        self.releases.insert(0, release)
        self.releases.sort(key=lambda item: item.number, reverse=True)
        del self.releases[MAX_RELEASES:]

    def to_yaml(self) -> str:
        document = {"version": HISTORY_VERSION, "releases": [release.to_dict() for release in self.releases]}
        return yaml.safe_dump(document, sort_keys=False, default_flow_style=False)

    @classmethod
    def from_yaml(cls, text: str, where: str) -> ReleaseHistory:
        try:
            document = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            raise HistoryError(f"release history in {where} is not valid YAML: {error}") from None
        if not isinstance(document, dict):
            raise HistoryError(f"release history in {where} is not a mapping")
        version = document.get("version", HISTORY_VERSION)
        if version != HISTORY_VERSION:
            raise HistoryError(f"release history in {where} has version {version!r}; kubeship reads {HISTORY_VERSION}")
        try:
            releases = [Release.from_dict(item) for item in document.get("releases") or []]
        except (KeyError, TypeError, ValueError) as error:
            raise HistoryError(f"release history in {where} has an invalid release entry: {error}") from None
        releases.sort(key=lambda item: item.number, reverse=True)
        return cls(releases)


def encode_history(history: ReleaseHistory) -> dict[str, str]:
    """Return the ConfigMap data for a history, compressed when large."""
    text = history.to_yaml()
    if len(text.encode()) <= COMPRESS_ABOVE:
        return {HISTORY_KEY: text}
    compressed = base64.b64encode(zlib.compress(text.encode(), 9)).decode("ascii")
    return {HISTORY_KEY: compressed, COMPRESSED_FLAG: "true"}


def decode_history(data: dict[str, str], where: str) -> ReleaseHistory:
    """Read a history from ConfigMap data, compressed or not."""
    text = data.get(HISTORY_KEY) or ""
    if str(data.get(COMPRESSED_FLAG, "")).lower() == "true":
        try:
            text = zlib.decompress(base64.b64decode(text, validate=True)).decode("utf-8")
        except (binascii.Error, zlib.error, UnicodeDecodeError) as error:
            raise HistoryError(f"compressed release history in {where} cannot be decoded: {error}") from None
    return ReleaseHistory.from_yaml(text, where)


class HistoryStore:
    """The history ConfigMap of one release in one namespace."""

    def __init__(self, client: RestClient, namespace: str, release_name: str) -> None:
        self.client = client
        self.namespace = namespace
        self.release_name = release_name

    @property
    def where(self) -> str:
        return f"ConfigMap {self.namespace}/{self.release_name}"

    def read(self) -> ReleaseHistory:
        history, _ = self._read()
        return history

    def _read(self) -> tuple[ReleaseHistory, dict[str, Any] | None]:
        config_map = self.client.get_optional(CONFIG_MAP, self.namespace, self.release_name)
        if config_map is None:
            return ReleaseHistory(), None
        return decode_history(config_map.get("data") or {}, self.where), config_map

    def update(self, change: Callable[[ReleaseHistory], None]) -> ReleaseHistory:
        """Apply ``change`` to the stored history and write it back, retrying on a concurrent write.

        ``change`` runs again on the fresh history after each conflict, so it must
        derive what it writes from the history it gets.
        """
        for attempt in range(1, MAX_UPDATE_ATTEMPTS + 1):
            history, config_map = self._read()
            change(history)
            try:
                if config_map is None:
                    self.client.create(CONFIG_MAP, self.namespace, self._new_config_map(history))
                else:
                    config_map["data"] = encode_history(history)
                    self.client.replace(CONFIG_MAP, self.namespace, config_map)
                return history
            except ApiError as error:
                if error.status != 409:
                    raise
                log.info("release history %s changed while updating it (attempt %d), reading it again", self.where, attempt)
                time.sleep(CONFLICT_BACKOFF * attempt * random.uniform(0.5, 1.5))
        raise HistoryError(f"{self.where} kept changing; gave up after {MAX_UPDATE_ATTEMPTS} attempts")

    def _new_config_map(self, history: ReleaseHistory) -> dict[str, Any]:
        return {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": self.release_name,
                "namespace": self.namespace,
                "labels": {MANAGED_BY_LABEL: "kubeship", RELEASE_LABEL: self.release_name},
            },
            "data": encode_history(history),
        }
