"""The release history ConfigMap's data: Harness's YAML format, compression and ordering."""

from __future__ import annotations

import base64
import zlib

import pytest
import yaml

from kubeship.cluster import (
    FAILED,
    SUCCEEDED,
    HistoryError,
    Release,
    ReleaseHistory,
    ResourceId,
    WorkloadRevision,
    decode_history,
    encode_history,
)
from kubeship.cluster.history import COMPRESS_ABOVE


def release(number: int, status: str = SUCCEEDED, configs: int = 1) -> Release:
    resources = [ResourceId("ConfigMap", f"web-config-{index}-{number}", "shop", True) for index in range(configs)]
    resources.append(ResourceId("Deployment", "web-deployment", "shop", False))
    workload = WorkloadRevision(ResourceId("Deployment", "web-deployment", "shop"), str(number))
    return Release(number, status, resources, [workload], image="127.0.0.1:5000/team/web:1.4.2",
                   start_time="2026-01-01T00:00:00Z", end_time="2026-01-01T00:01:00Z")


def test_history_small_is_plain_yaml():
    history = ReleaseHistory([release(2), release(1, FAILED)])

    data = encode_history(history)

    assert set(data) == {"releaseHistory"}
    document = yaml.safe_load(data["releaseHistory"])
    assert document["version"] == "v1"
    assert [entry["number"] for entry in document["releases"]] == [2, 1]
    first = document["releases"][0]
    assert first["status"] == "Succeeded"
    assert first["resources"][0] == {"kind": "ConfigMap", "name": "web-config-0-2", "namespace": "shop", "versioned": True}
    assert first["managedWorkloads"] == [
        {"workload": {"kind": "Deployment", "name": "web-deployment", "namespace": "shop", "versioned": False}, "revision": "2"}
    ]
    assert first["image"] == "127.0.0.1:5000/team/web:1.4.2"


def test_history_large_is_deflated_base64():
    history = ReleaseHistory([release(number, configs=40) for number in range(30, 0, -1)])
    assert len(history.to_yaml()) > COMPRESS_ABOVE

    data = encode_history(history)

    assert data["isReleaseHistoryCompressed"] == "true"
    text = zlib.decompress(base64.b64decode(data["releaseHistory"])).decode()
    assert text == history.to_yaml()
    assert decode_history(data, "test").to_yaml() == history.to_yaml()


def test_history_reads_harness_single_workload_fields():
    text = """
version: v1
releases:
- number: 4
  status: Succeeded
  resources:
  - {kind: ConfigMap, name: web-4, namespace: shop, versioned: true}
  managedWorkload: {kind: Deployment, name: web-deployment, namespace: shop, versioned: false}
  managedWorkloadRevision: '7'
"""
    history = decode_history({"releaseHistory": text}, "test")

    workloads = history.get(4).managed_workloads
    assert workloads == [WorkloadRevision(ResourceId("Deployment", "web-deployment", "shop"), "7")]


def test_history_rejects_other_version():
    with pytest.raises(HistoryError, match="version 'v2'"):
        decode_history({"releaseHistory": "version: v2\nreleases: []\n"}, "ConfigMap shop/web")


def test_history_rejects_corrupt_compression():
    with pytest.raises(HistoryError, match="cannot be decoded"):
        decode_history({"releaseHistory": "not base64!", "isReleaseHistoryCompressed": "true"}, "ConfigMap shop/web")


def test_history_numbers_and_last_successful():
    history = ReleaseHistory()
    assert history.next_number() == 1

    for number, status in ((1, SUCCEEDED), (2, SUCCEEDED), (3, FAILED)):
        history.add(release(number, status))

    assert [entry.number for entry in history.releases] == [3, 2, 1]
    assert history.next_number() == 4
    assert history.last_successful().number == 2
    assert history.last_successful(before=2).number == 1
    assert history.last_successful(before=1) is None


def test_history_add_rejects_taken_number():
    history = ReleaseHistory([release(1)])

    with pytest.raises(HistoryError, match="release 1 is already recorded"):
        history.add(release(1))


def test_last_successful_restorable_skips_unrecorded_revisions():
    unrecorded = release(3)
    unrecorded.managed_workloads = [WorkloadRevision(ResourceId("Deployment", "web-deployment", "shop"), None)]
    history = ReleaseHistory([release(4, FAILED), unrecorded, release(2), release(1)])

    assert history.last_successful(before=4).number == 3
    assert history.last_successful(before=4, restorable=True).number == 2
    assert not unrecorded.restorable()
    assert release(2).restorable()


def test_release_without_workloads_is_not_restorable():
    assert not Release(1, SUCCEEDED).restorable()
