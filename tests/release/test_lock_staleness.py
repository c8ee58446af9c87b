"""When a release's Lease counts as abandoned."""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import sys

from kubeship.cluster.lock import stale_reason

NOW = datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)


def lease(holder: str | None, renewed_seconds_ago: float, duration: int = 30) -> dict:
    renewed = NOW - datetime.timedelta(seconds=renewed_seconds_ago)
    return {"spec": {
        "holderIdentity": holder,
        "leaseDurationSeconds": duration,
        "renewTime": renewed.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }}


def exited_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_lease_of_live_holder_is_not_stale():
    holder = f"{socket.gethostname()}/{os.getpid()}/abc"

    assert stale_reason(lease(holder, 5), NOW) is None


def test_lease_without_holder_is_stale():
    assert stale_reason(lease(None, 5), NOW) == "it has no holder"


def test_lease_of_exited_local_process_is_stale():
    holder = f"{socket.gethostname()}/{exited_pid()}/abc"

    assert stale_reason(lease(holder, 1), NOW) == f"its holder {holder} is no longer running"


def test_lease_not_renewed_in_its_duration_is_stale():
    holder = "other-host/123/abc"

    assert stale_reason(lease(holder, 29), NOW) is None
    assert stale_reason(lease(holder, 31), NOW) == f"its holder {holder} has not renewed it for more than 30s"
