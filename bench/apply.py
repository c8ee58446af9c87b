"""Server-side apply of 200 objects: kubeship against ``kubectl apply --server-side``.

Run: PYTHONPATH=src:. python bench/apply.py [--objects 200] [--repeat 3]

Starts the test control plane (tests/cluster/bin, built by
scripts/test-deps/30-control-plane.sh) on 127.0.0.1 and applies the same
objects (ConfigMaps, Secrets, Services and Deployments with 0 replicas, so no
pod is needed) three ways, each into a fresh namespace and then once more
unchanged:

- ``kubeship (library)``: ``kubeship.cluster.Applier.apply`` in this process;
- ``kubeship deploy``: the CLI with --skip-dry-run --skip-steady-state, which also
  renders, validates, records the release and starts a Python process;
- ``kubectl apply --server-side`` (the kubectl on PATH) with its discovery cache warm.

Times are wall-clock seconds, the best of ``--repeat`` runs, so other load on the
machine counts less. The ratio is kubeship's time over kubectl's (below 1 is faster).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from kubeship.cluster import Applier, RestClient, connect
from kubeship.manifests import parse_documents
from tests.support.controlplane import start_control_plane
from tests.support.cli import kubeship_env

KINDS = ("ConfigMap", "Secret", "Service", "Deployment")


def make_objects(count: int) -> list[dict]:
    objects = []
    for index in range(count):
        kind = KINDS[index % len(KINDS)]
        name = f"bench-{index:04d}"
        if kind == "ConfigMap":
            objects.append({"apiVersion": "v1", "kind": kind, "metadata": {"name": name},
                            "data": {"index": str(index), "payload": "x" * 200}})
        elif kind == "Secret":
            objects.append({"apiVersion": "v1", "kind": kind, "metadata": {"name": name},
                            "stringData": {"token": f"value-{index}"}})
        elif kind == "Service":
            objects.append({"apiVersion": "v1", "kind": kind, "metadata": {"name": name},
                            "spec": {"selector": {"app": name}, "ports": [{"port": 80, "targetPort": 8080}]}})
        else:
            objects.append({
                "apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name},
                "spec": {
                    "replicas": 0,
                    "selector": {"matchLabels": {"app": name}},
                    "template": {"metadata": {"labels": {"app": name}},
                                 "spec": {"containers": [{"name": "app", "image": "127.0.0.1:1/bench:1"}]}},
                },
            })
    return objects


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def create_namespace(kubeconfig: Path, name: str) -> None:
    subprocess.run(["kubectl", "--kubeconfig", str(kubeconfig), "create", "namespace", name],
                   check=True, capture_output=True)


def bench_library(kubeconfig: Path, text: str, namespace: str) -> tuple[float, float]:
    create_namespace(kubeconfig, namespace)
    connection = connect(kubeconfig, environ={})
    try:
        def apply() -> None:
            # Each run starts cold, as a new kubeship process does: discovery included.
            Applier(RestClient(connection), namespace).apply(parse_documents(text, "bench.yaml"))

        return timed(apply), timed(apply)
    finally:
        connection.close()


def bench_kubectl(kubeconfig: Path, manifest: Path, namespace: str, cache_dir: Path) -> tuple[float, float]:
    create_namespace(kubeconfig, namespace)
    command = ["kubectl", "--kubeconfig", str(kubeconfig), "--cache-dir", str(cache_dir), "-n", namespace,
               "apply", "--server-side", "-f", str(manifest)]

    def apply() -> None:
        subprocess.run(command, check=True, capture_output=True)

    return timed(apply), timed(apply)


def bench_cli(kubeconfig: Path, service_dir: Path, namespace: str) -> tuple[float, float]:
    command = [sys.executable, "-m", "kubeship", "deploy", str(service_dir), "--kubeconfig", str(kubeconfig),
               "-n", namespace, "--release", "bench", "--skip-dry-run", "--skip-steady-state"]
    create_namespace(kubeconfig, namespace)

    def apply() -> None:
        completed = subprocess.run(command, capture_output=True, text=True, env=kubeship_env())
        if completed.returncode != 0:
            raise RuntimeError(f"kubeship deploy failed: {completed.stderr}")

    return timed(apply), timed(apply)


def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(run[0] for run in runs), min(run[1] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objects", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    if shutil.which("kubectl") is None:
        sys.exit("kubectl not found on PATH")

    work = Path(tempfile.mkdtemp(prefix="kubeship-bench-"))
    plane = start_control_plane(work / "controlplane")
    try:
        objects = make_objects(arguments.objects)
        text = yaml.safe_dump_all(objects, sort_keys=False)
        manifest = work / "objects.yaml"
        manifest.write_text(text)
        service_dir = work / "service"
        (service_dir / "templates").mkdir(parents=True)
        (service_dir / "values.yaml").write_text("{}\n")
        (service_dir / "templates" / "objects.yaml").write_text(text)
        cache_dir = work / "kubectl-cache"

        # Warm kubectl's discovery cache, as on a machine where kubectl has run before.
        create_namespace(plane.kubeconfig, "bench-warmup")
        subprocess.run(["kubectl", "--kubeconfig", str(plane.kubeconfig), "--cache-dir", str(cache_dir),
                        "api-resources"], check=True, capture_output=True)

        library, kubectl, cli = [], [], []
        for run in range(arguments.repeat):
            library.append(bench_library(plane.kubeconfig, text, f"bench-library-{run}"))
            kubectl.append(bench_kubectl(plane.kubeconfig, manifest, f"bench-kubectl-{run}", cache_dir))
            cli.append(bench_cli(plane.kubeconfig, service_dir, f"bench-cli-{run}"))
    finally:
        plane.stop()
        shutil.rmtree(work, ignore_errors=True)

    kubectl_create, kubectl_update = best(kubectl)
    print(f"server-side apply of {arguments.objects} objects, best of {arguments.repeat} (seconds; ratio = kubeship / kubectl)")
    print(f"{'':32} {'create':>8} {'ratio':>6} {'re-apply':>9} {'ratio':>6}")
    print(f"{'kubectl apply --server-side':32} {kubectl_create:8.2f} {'':>6} {kubectl_update:9.2f}")
    for label, runs in (("kubeship (library)", library), ("kubeship deploy (CLI)", cli)):
        create, update = best(runs)
        print(f"{label:32} {create:8.2f} {create / kubectl_create:6.2f} {update:9.2f} {update / kubectl_update:6.2f}")
    print(f"cores: {os.cpu_count()}, load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
