"""Rollout status rules, checked against the messages `kubectl rollout status` prints."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kubeship.cluster import rollout_status

CASES = yaml.safe_load((Path(__file__).parent / "rollout_cases.yaml").read_text())


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_rollout_status_case(case):
    status = rollout_status(case["object"])

    assert status.message == case["message"]
    assert status.done is case["done"]
    assert (status.failure is not None) is case.get("failure", False)


def test_rollout_status_counts_replicas():
    status = rollout_status({
        "kind": "Deployment",
        "metadata": {"name": "web", "generation": 1},
        "spec": {"replicas": 3},
        "status": {"observedGeneration": 1, "replicas": 3, "updatedReplicas": 2, "availableReplicas": 1},
    })

    assert (status.updated, status.ready, status.desired) == (2, 1, 3)
