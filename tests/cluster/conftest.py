"""One Kubernetes control plane and one simulated node for the whole test session.

The control plane binaries are built by scripts/test-deps/30-control-plane.sh;
when they are missing the session fixture runs that script first (seconds with
a warm Go build cache, several minutes without one).
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.cluster)


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


@pytest.fixture
def namespace(control_plane: ControlPlane, node: NodeSimulator) -> str:
    """A fresh namespace name for one test (not created: deploys create their namespace)."""
    return f"test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def kube(control_plane: ControlPlane) -> Iterator[KubeClients]:
    """The official client's APIs, for tests to check what the cluster holds independently of kubeship."""
    from kubernetes import client, config

    api_client = config.new_client_from_config(config_file=str(control_plane.kubeconfig), persist_config=False)
    try:
        yield KubeClients(
            client.CoreV1Api(api_client), client.AppsV1Api(api_client), client.CoordinationV1Api(api_client),
            client.BatchV1Api(api_client),
        )
    finally:
        api_client.close()
