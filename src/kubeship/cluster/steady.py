"""Waiting for managed workloads to reach a steady state, with their pods' warning events.

The wait polls the workloads once a second. Polling, unlike a watch, needs no
resourceVersion bookkeeping to survive an API server restart: an unanswered
poll is logged and the next one goes on, until the timeout.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kubeship.cluster.errors import ApiError, ClusterUnreachable
from kubeship.cluster.rest import ResourceType, RestClient
from kubeship.cluster.rollout import RolloutStatus, rollout_status

log = logging.getLogger(__name__)

POD = ResourceType("v1", "Pod", "pods", True)
EVENT = ResourceType("v1", "Event", "events", True)
POLL_EVERY = 1.0
PULL_FAILURE_REASONS = ("ErrImagePull", "ImagePullBackOff")
EVENT_CLOCK_SKEW = datetime.timedelta(seconds=5)


@dataclass(frozen=True)
class Workload:
    """A managed workload to wait for."""

    resource: ResourceType
    namespace: str
    name: str

    @property
    def kind(self) -> str:
        return self.resource.kind

    def describe(self) -> str:
        return f"{self.kind}/{self.name}"


@dataclass(frozen=True)
class PullFailure:
    """A container whose image the kubelet cannot pull, as its pod status reports it."""

    workload: Workload
    pod: dict[str, Any]
    container: str
    image: str
    reason: str
    message: str


class ProgressReporter(Protocol):
    """The receiver of a wait's progress: a Rich display or log lines."""

    def status(self, workload: Workload, status: RolloutStatus) -> None: ...

    def event(self, workload: Workload, event: dict[str, Any]) -> None: ...

    def note(self, message: str) -> None: ...


@dataclass
class SteadyStateResult:
    """The outcome of a wait: every workload done, or the failures that ended it."""

    succeeded: bool
    failures: list[str] = field(default_factory=list)
    statuses: dict[Workload, RolloutStatus] = field(default_factory=dict)
    pull_failures: list[PullFailure] = field(default_factory=list)


def label_selector(selector: dict[str, Any] | None) -> str:
    """Render a LabelSelector (matchLabels and matchExpressions) as a label selector query."""
    if not selector:
        return ""
    terms = [f"{key}={value}" for key, value in sorted((selector.get("matchLabels") or {}).items())]
    for expression in selector.get("matchExpressions") or []:
        key, operator = expression["key"], expression["operator"]
        values = ",".join(expression.get("values") or [])
        if operator == "In":
            terms.append(f"{key} in ({values})")
        elif operator == "NotIn":
            terms.append(f"{key} notin ({values})")
        elif operator == "Exists":
            terms.append(key)
        elif operator == "DoesNotExist":
            terms.append(f"!{key}")
    return ",".join(terms)


class SteadyStateWait:
    """One wait for a set of workloads; ``run`` polls until done, failed or timed out."""

    def __init__(
        self,
        client: RestClient,
        workloads: Sequence[Workload],
        reporter: ProgressReporter,
        *,
        timeout: float,
        on_pull_failure: Callable[[PullFailure], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.workloads = list(workloads)
        self.reporter = reporter
        self.timeout = timeout
        self.on_pull_failure = on_pull_failure
        self.clock = clock
        # Events older than the wait (minus clock skew) belong to earlier deploys.
        self.events_since = datetime.datetime.now(datetime.timezone.utc) - EVENT_CLOCK_SKEW
        self._seen_events: dict[str, int] = {}
        self._reported_pulls: set[tuple[str, str]] = set()
        self._recorded_pulls: set[tuple[str, str, str]] = set()
        self._unreachable_since: float | None = None
        self.result = SteadyStateResult(succeeded=False)

    def run(self) -> SteadyStateResult:
        deadline = self.clock() + self.timeout
        pending = list(self.workloads)
        while True:
            pending = self._poll(pending)
            if self.result.failures:
                return self.result
            if not pending:
                self.result.succeeded = True
                return self.result
            if self.clock() >= deadline:
                names = ", ".join(workload.describe() for workload in pending)
                self.result.failures.append(f"timed out after {self.timeout:g}s waiting for {names}")
                return self.result
            time.sleep(POLL_EVERY)

    def _poll(self, pending: list[Workload]) -> list[Workload]:
        still_pending = []
        try:
            for workload in pending:
                if not self._check(workload):
                    still_pending.append(workload)
        except (ClusterUnreachable, ApiError) as error:
            # An API server that is starting returns 429 or 5xx for a while, so the wait treats it as down.
            if isinstance(error, ApiError) and error.status != 429 and error.status < 500:
                raise
            if self._unreachable_since is None:
                self._unreachable_since = self.clock()
                self.reporter.note(f"API server unreachable, retrying: {error}")
            return pending
        if self._unreachable_since is not None:
            self.reporter.note(f"API server reachable again after {self.clock() - self._unreachable_since:.0f}s")
            self._unreachable_since = None
        return still_pending

    def _check(self, workload: Workload) -> bool:
        """Poll one workload, its pods and their events; return True once it is done."""
        obj = self.client.get_optional(workload.resource, workload.namespace, workload.name)
        if obj is None:
            self.result.failures.append(f"{workload.describe()} was deleted while waiting for it")
            return False
        status = rollout_status(obj)
        self.result.statuses[workload] = status
        self.reporter.status(workload, status)
        self._check_pods(workload, obj)
        if status.failure:
            self.result.failures.append(status.failure)
        return status.done

    def _check_pods(self, workload: Workload, obj: dict[str, Any]) -> None:
        selector = label_selector((obj.get("spec") or {}).get("selector"))
        if not selector:
            return
        try:
            pods = self.client.list(POD, workload.namespace, label_selector=selector)
        except ApiError as error:
            log.debug("cannot list pods of %s: %s", workload.describe(), error)
            return
        # A terminating pod belongs to an old ReplicaSet, not to this rollout.
        current = [pod for pod in pods if not pod["metadata"].get("deletionTimestamp")]
        for pod in current:
            self._check_pull(workload, pod)
        self._report_events(workload, {pod["metadata"]["name"] for pod in current})

    def _check_pull(self, workload: Workload, pod: dict[str, Any]) -> None:
        status = pod.get("status") or {}
        for container in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses") or []):
            waiting = (container.get("state") or {}).get("waiting") or {}
            if waiting.get("reason") not in PULL_FAILURE_REASONS:
                continue
            failure = PullFailure(
                workload, pod, container["name"], container.get("image", ""), waiting["reason"],
                waiting.get("message", ""),
            )
            pod_key = (pod["metadata"]["name"], failure.container, failure.reason)
            if pod_key not in self._recorded_pulls:
                self._recorded_pulls.add(pod_key)
                self.result.pull_failures.append(failure)
            key = (workload.describe(), failure.image)
            if waiting["reason"] == "ImagePullBackOff" and key not in self._reported_pulls:
                self._reported_pulls.add(key)
                if self.on_pull_failure is not None:
                    self.on_pull_failure(failure)

    def _report_events(self, workload: Workload, pod_names: set[str]) -> None:
        if not pod_names:
            return
        try:
            events = self.client.list(EVENT, workload.namespace, field_selector="involvedObject.kind=Pod,type=Warning")
        except ApiError as error:
            log.debug("cannot list events of %s: %s", workload.describe(), error)
            return
        for event in sorted(events, key=_event_time):
            involved = event.get("involvedObject") or {}
            if involved.get("name") not in pod_names:
                continue
            happened = _parse_time(_event_time(event))
            if happened is not None and happened < self.events_since:
                continue
            uid = event["metadata"]["uid"]
            count = int(event.get("count") or 1)
            reported = self._seen_events.get(uid, 0)
            if count <= reported:
                continue
            self._seen_events[uid] = count
            # Report an event when first seen, then its repeats at counts 2, 4, 8, ... only.
            if reported == 0 or count >= 2 * reported:
                self.reporter.event(workload, event)
            else:
                self._seen_events[uid] = reported


def _parse_time(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _event_time(event: dict[str, Any]) -> str:
    return str(event.get("lastTimestamp") or event.get("eventTime") or event["metadata"].get("creationTimestamp") or "")
