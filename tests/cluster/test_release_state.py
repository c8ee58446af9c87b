"""The release Lease and the history ConfigMap under concurrent deploys."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time

import pytest

from kubeship.cluster import (
    SUCCEEDED,
    HistoryStore,
    Release,
    ReleaseLock,
    ReleaseLocked,
    ResourceId,
    RestClient,
    connect,
)
from kubeship.cluster.lock import LEASE, lease_name


@pytest.fixture
def client(control_plane, kube, namespace):
    kube.core.create_namespace({"metadata": {"name": namespace}})
    connection = connect(control_plane.kubeconfig, environ={})
    yield RestClient(connection)
    connection.close()


def test_second_lock_fails_naming_holder(client, namespace):
    with ReleaseLock(client, namespace, "web") as first:
        with pytest.raises(ReleaseLocked, match=f"release web is being deployed by {first.identity}"):
            ReleaseLock(client, namespace, "web").acquire()

    second = ReleaseLock(client, namespace, "web")
    second.acquire()
    second.release()
    assert client.get_optional(LEASE, namespace, lease_name("web")) is None


def test_waiting_lock_gets_it_after_release(client, namespace):
    first = ReleaseLock(client, namespace, "web")
    first.acquire()
    timer = threading.Timer(2.0, first.release)
    timer.start()
    started = time.monotonic()

    with ReleaseLock(client, namespace, "web", wait=30) as second:
        waited = time.monotonic() - started
        lease = client.get(LEASE, namespace, lease_name("web"))
        assert lease["spec"]["holderIdentity"] == second.identity
    timer.join()
    assert waited >= 1.5


def test_lock_of_dead_process_is_taken_over(client, namespace, caplog):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket

    abandoned = ReleaseLock(client, namespace, "web", identity=f"{socket.gethostname()}/{dead.pid}/gone")
    abandoned.acquire()
    abandoned._stop.set()  # stop renewing without deleting the Lease, as a killed process would

    with caplog.at_level(logging.WARNING, logger="kubeship.cluster.lock"):
        with ReleaseLock(client, namespace, "web") as taker:
            lease = client.get(LEASE, namespace, lease_name("web"))
            assert lease["spec"]["holderIdentity"] == taker.identity
    assert f"took over the stale lock of release web: its holder {abandoned.identity} is no longer running" in caplog.text


def test_concurrent_history_writers_lose_no_release(client, namespace):
    writers, per_writer = 4, 5
    errors = []

    def write(writer: int) -> None:
        store = HistoryStore(client, namespace, "web")
        for _ in range(per_writer):
            def change(history, writer=writer):
                number = history.next_number()
                history.add(Release(number, SUCCEEDED, [ResourceId("ConfigMap", f"w{writer}-{number}", namespace, True)]))
            try:
                store.update(change)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    history = HistoryStore(client, namespace, "web").read()
    assert [release.number for release in history.releases] == list(range(writers * per_writer, 0, -1))


def test_large_history_stored_compressed(client, namespace, kube):
    store = HistoryStore(client, namespace, "web")

    def change(history):
        for number in range(1, 61):
            resources = [ResourceId("ConfigMap", f"config-{index}-{number}", namespace, True) for index in range(20)]
            history.add(Release(number, SUCCEEDED, resources))

    store.update(change)

    data = kube.core.read_namespaced_config_map("web", namespace).data
    assert data["isReleaseHistoryCompressed"] == "true"
    assert "number" not in data["releaseHistory"]
    assert [release.number for release in store.read().releases][:3] == [60, 59, 58]
