"""Pytest fixtures for one Kubernetes control plane and one simulated node per test session.

tests/conftest.py registers this module as a plugin, so every test folder can request
``control_plane``, ``node``, ``namespace`` and ``kube``. A session fixture starts only
when the first test requests it, so a run without cluster tests starts no server, and
a run of several folders shares one control plane.

scripts/test-deps/30-control-plane.sh builds the control plane binaries. When they
are missing, the session fixture runs that script first, which takes seconds with a
warm Go build cache and several minutes without one.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.controlplane import BUILD_SCRIPT, REPO_ROOT, ControlPlane, missing_binaries, start_control_plane
from tests.support.kubelet import NodeSimulator


@dataclass
class KubeClients:
    core: Any
    apps: Any
    coordination: Any
    batch: Any


@pytest.fixture(scope="session")
def control_plane(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    if missing_binaries():
        subprocess.run(["bash", str(REPO_ROOT / BUILD_SCRIPT)], check=True)
    directory = tmp_path_factory.mktemp("controlplane")
    plane = start_control_plane(directory)
    try:
        yield plane
    finally:
        plane.stop()
        shutil.rmtree(directory / "etcd-data", ignore_errors=True)


@pytest.fixture(scope="session")
def node(control_plane: ControlPlane) -> Iterator[NodeSimulator]:
    simulator = NodeSimulator(control_plane.kubeconfig)
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


def unique_namespace() -> str:
    """Return a namespace name that no other test uses."""
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def namespace(control_plane: ControlPlane, node: NodeSimulator) -> str:
    """A fresh namespace name for one test (not created: deploys create their namespace)."""
    return unique_namespace()


@pytest.fixture(scope="session")
def kube(control_plane: ControlPlane) -> Iterator[KubeClients]:
    """The official client's APIs, for tests to check what the cluster contains independently of kubeship."""
    from kubernetes import client, config

    api_client = config.new_client_from_config(config_file=str(control_plane.kubeconfig), persist_config=False)
    try:
        yield KubeClients(
            client.CoreV1Api(api_client), client.AppsV1Api(api_client), client.CoordinationV1Api(api_client),
            client.BatchV1Api(api_client),
        )
    finally:
        api_client.close()
