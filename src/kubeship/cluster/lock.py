"""One deploy at a time per release: a coordination.k8s.io Lease held while a deploy runs.

The holder renews the Lease every ``RENEW_EVERY`` seconds and deletes it on exit.
A Lease whose holder is gone is stale and is taken over with a warning: either
its renewTime is older than its leaseDurationSeconds, or it names a process on
this host that no longer exists (a deploy that was killed).
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from kubeship.cluster.errors import ApiError, ClusterUnreachable, ReleaseLocked
from kubeship.cluster.rest import ResourceType, RestClient

log = logging.getLogger(__name__)

LEASE = ResourceType("coordination.k8s.io/v1", "Lease", "leases", True)
LEASE_DURATION = 30
RENEW_EVERY = 10.0
POLL_EVERY = 1.0


def lease_name(release_name: str) -> str:
    return f"{release_name}-kubeship-lock"


def holder_identity() -> str:
    """Return ``host/pid/random``: unique per deploy, and checkable for a live process on this host."""
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:8]}"


def _micro_time(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_time(text: str | None) -> datetime.datetime | None:
    if not text:
        return None
    for pattern in ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return datetime.datetime.strptime(text, pattern).replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            continue
    return None


def stale_reason(lease: dict[str, Any], now: datetime.datetime | None = None) -> str | None:
    """Return why a Lease's holder is gone, or None while the holder looks alive."""
    spec = lease.get("spec") or {}
    holder = spec.get("holderIdentity")
    if not holder:
        return "it has no holder"
    host, _, rest = str(holder).partition("/")
    pid_text = rest.partition("/")[0]
    if host == socket.gethostname() and pid_text.isdigit() and not _process_exists(int(pid_text)):
        return f"its holder {holder} is no longer running"
    now = now or datetime.datetime.now(datetime.timezone.utc)
    renewed = _parse_time(spec.get("renewTime")) or _parse_time(spec.get("acquireTime"))
    duration = int(spec.get("leaseDurationSeconds") or LEASE_DURATION)
    if renewed is None or (now - renewed).total_seconds() > duration:
        return f"its holder {holder} has not renewed it for more than {duration}s"
    return None


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class ReleaseLock:
    """The Lease of one release while this process holds it; use as a context manager."""

    client: RestClient
    namespace: str
    release_name: str
    wait: float = 0.0
    identity: str = ""

    def __post_init__(self) -> None:
        self.identity = self.identity or holder_identity()
        self.name = lease_name(self.release_name)
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None
        self.lost = False

    def __enter__(self) -> ReleaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the Lease, waiting up to ``wait`` seconds for a live holder to let go.

        Raises ReleaseLocked when a live holder still has it after that.
        """
        deadline = time.monotonic() + self.wait
        announced = False
        while True:
            holder = self._try_acquire()
            if holder is None:
                break
            if time.monotonic() >= deadline:
                raise ReleaseLocked(
                    f"release {self.release_name} is being deployed by {holder} "
                    f"(Lease {self.namespace}/{self.name})",
                    hint="wait for that deploy to finish, or pass --lock-timeout (such as 5m) to wait for it. "
                    f"A lock whose holder died is taken over after {LEASE_DURATION}s",
                )
            if not announced:
                log.info("waiting for the deploy by %s to finish (Lease %s/%s)", holder, self.namespace, self.name)
                announced = True
            time.sleep(POLL_EVERY)
        self._renewer = threading.Thread(target=self._renew_loop, name="kubeship-lease", daemon=True)
        self._renewer.start()

    def _try_acquire(self) -> str | None:
        """Take the Lease if it is free or stale; return the live holder otherwise."""
        now = datetime.datetime.now(datetime.timezone.utc)
        lease = self.client.get_optional(LEASE, self.namespace, self.name)
        if lease is None:
            try:
                self.client.create(LEASE, self.namespace, self._new_lease(now))
                return None
            except ApiError as error:
                if error.status == 409:
                    return "another deploy"
                raise

        reason = stale_reason(lease, now)
        if reason is None:
            return str((lease.get("spec") or {}).get("holderIdentity"))
        lease["spec"] = self._new_lease(now)["spec"]
        try:
            self.client.replace(LEASE, self.namespace, lease)
        except ApiError as error:
            if error.status == 409:
                return "another deploy"
            raise
        log.warning("took over the stale lock of release %s: %s", self.release_name, reason)
        return None

    def _new_lease(self, now: datetime.datetime) -> dict[str, Any]:
        return {
            "apiVersion": "coordination.k8s.io/v1",
            "kind": "Lease",
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": {"app.kubernetes.io/managed-by": "kubeship"}},
            "spec": {
                "holderIdentity": self.identity,
                "leaseDurationSeconds": LEASE_DURATION,
                "acquireTime": _micro_time(now),
                "renewTime": _micro_time(now),
            },
        }

    def _renew_loop(self) -> None:
        while not self._stop.wait(RENEW_EVERY):
            try:
                self.renew()
            except (ApiError, ClusterUnreachable) as error:
                log.warning("could not renew the lock of release %s: %s", self.release_name, error)

    def renew(self) -> None:
        lease = self.client.get_optional(LEASE, self.namespace, self.name)
        holder = None if lease is None else (lease.get("spec") or {}).get("holderIdentity")
        if holder != self.identity:
            if not self.lost:
                log.error("the lock of release %s was taken over by %s", self.release_name, holder or "nobody")
            self.lost = True
            return
        assert lease is not None
        lease["spec"]["renewTime"] = _micro_time(datetime.datetime.now(datetime.timezone.utc))
        self.client.replace(LEASE, self.namespace, lease)

    def release(self) -> None:
        """Stop renewing and delete the Lease if this process still holds it."""
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
        try:
            lease = self.client.get_optional(LEASE, self.namespace, self.name)
            if lease is not None and (lease.get("spec") or {}).get("holderIdentity") == self.identity:
                uid = lease["metadata"]["uid"]
                self.client.request(
                    "DELETE",
                    LEASE.object_path(self.namespace, self.name),
                    body={"preconditions": {"uid": uid, "resourceVersion": lease["metadata"]["resourceVersion"]}},
                )
        except (ApiError, ClusterUnreachable) as error:
            log.warning("could not release the lock of release %s: %s", self.release_name, error)
