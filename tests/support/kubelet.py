"""A node simulator that plays the kubelet for the test control plane, as kwok does.

It registers one Node and keeps its Lease fresh, binds pending pods to that
Node (there is no scheduler), and "pulls" each container image by asking the
registry with ``skopeo inspect`` and the pod's own pull secrets, read from the
API. A pull that works makes the pod Running and Ready. A pull that fails puts
the container in ErrImagePull, then ImagePullBackOff, with the registry's message
and the kubelet's events. Nothing runs: no container, no probe.

A pod whose restartPolicy is Never or OnFailure (a Job's pod) runs to completion
instead. Two pod annotations, for tests only, say how:

- ``kubelet-simulator.kubeship.test/exit-code``: the exit code of every container
  (default 0). The pod ends Succeeded with 0 and Failed with anything else.
- ``kubelet-simulator.kubeship.test/run-seconds``: how long the pod stays Running
  before its containers exit (default 0).

NOTE: under restartPolicy OnFailure a real kubelet restarts a failed container in
place. The simulator fails the pod instead, so tests of failing Jobs use Never.

The simulator binds pods that no scheduler has bound, and runs the pods bound to
its Node whoever bound them (a DaemonSet's pods name the Node in an affinity
only, so they are bound here like any other pod).

Only registries on 127.0.0.1 or localhost are contacted; any other image fails
its pull with a message that says so.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import fnmatch
import hashlib
import json
import logging
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.registry import run_skopeo, skopeo_sandbox, write_private_file

log = logging.getLogger(__name__)

KUBELET_VERSION = "v1.34.4"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
PULL_RESULT_TTL = 5.0
EXIT_CODE_ANNOTATION = "kubelet-simulator.kubeship.test/exit-code"
RUN_SECONDS_ANNOTATION = "kubelet-simulator.kubeship.test/run-seconds"


def now_rfc3339() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_micro() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class PullResult:
    ok: bool
    message: str = ""


@dataclass
class PodState:
    """What the simulator did with one pod, by pod UID."""

    attempts: int = 0
    next_pull: float = 0.0
    backoff_at: float | None = None
    done: bool = False
    ip: str = ""
    ready_at: float | None = None
    # When the containers of a pod that runs to completion exit.
    exit_at: float | None = None


@dataclass
class NodeSimulator:
    """Play the kubelet of one Node against the API server of ``kubeconfig``.

    ``backoff`` is the delay, in seconds, from ErrImagePull to ImagePullBackOff and
    from there to the next pull attempt (the kubelet starts at 10 s).
    """

    kubeconfig: Path
    node_name: str = "kubeship-node"
    interval: float = 0.2
    lease_interval: float = 5.0
    backoff: float = 2.0
    # Seconds a pod of an image stays ContainerCreating after its pull, for tests that need a slow rollout.
    ready_delays: dict[str, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _pods: dict[str, PodState] = field(default_factory=dict)
    _pull_cache: dict[tuple[str, str], tuple[float, PullResult]] = field(default_factory=dict)
    _events: dict[str, int] = field(default_factory=dict)
    _next_ip: int = 2
    _last_lease: float = 0.0
    _work_dir: Path | None = None
    pull_count: int = 0

    def start(self) -> None:
        from kubernetes import client, config

        self._api = config.new_client_from_config(config_file=str(self.kubeconfig), persist_config=False)
        self._core = client.CoreV1Api(self._api)
        self._coordination = client.CoordinationV1Api(self._api)
        self._work_dir = Path(tempfile.mkdtemp(prefix="kubeship-kubelet-"))
        self._work_dir.chmod(0o700)
        self.register_node()
        self.renew_lease()
        self._thread = threading.Thread(target=self._run, name=f"kubelet-{self.node_name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._work_dir is not None:
            shutil.rmtree(self._work_dir, ignore_errors=True)
        self._api.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            if time.monotonic() - self._last_lease >= self.lease_interval:
                self._attempt("renew the node Lease", self.renew_lease)
            self._attempt("sync pods", self.sync_pods)
            self._stop.wait(self.interval)

    def _attempt(self, action: str, function: Any) -> None:
        try:
            function()
        except Exception as error:  # noqa: BLE001 - the API server may be restarting; the next tick retries
            log.warning("node simulator could not %s: %s", action, error)

    # Node and Lease

    def register_node(self) -> None:
        from kubernetes.client.rest import ApiException

        node = {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "name": self.node_name,
                "labels": {
                    "kubernetes.io/hostname": self.node_name,
                    "kubernetes.io/os": "linux",
                    "kubernetes.io/arch": "amd64",
                    "type": "simulated",
                },
            },
        }
        try:
            self._core.create_node(node)
        except ApiException as error:
            if error.status != 409:
                raise
        self._core.patch_node_status(self.node_name, {"status": self.node_status()})

    def node_status(self) -> dict[str, Any]:
        heartbeat = now_rfc3339()
        resources = {"cpu": "32", "memory": "256Gi", "pods": "250", "ephemeral-storage": "100Gi"}

        def condition(kind: str, status: str, reason: str, message: str) -> dict[str, str]:
            return {
                "type": kind,
                "status": status,
                "reason": reason,
                "message": message,
                "lastHeartbeatTime": heartbeat,
                "lastTransitionTime": heartbeat,
            }

        return {
            "capacity": resources,
            "allocatable": resources,
            "conditions": [
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "addresses": [
                {"type": "InternalIP", "address": "127.0.0.1"},
                {"type": "Hostname", "address": self.node_name},
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "operatingSystem": "linux",
                "kubeletVersion": KUBELET_VERSION,
                "kubeProxyVersion": KUBELET_VERSION,
                "containerRuntimeVersion": "simulated://1.0",
                "kernelVersion": "",
                "osImage": "simulated",
                "machineID": "",
                "systemUUID": "",
                "bootID": "",
            },
        }

    def renew_lease(self) -> None:
        from kubernetes.client.rest import ApiException

        lease = {
            "apiVersion": "coordination.k8s.io/v1",
            "kind": "Lease",
            "metadata": {"name": self.node_name, "namespace": "kube-node-lease"},
            "spec": {"holderIdentity": self.node_name, "leaseDurationSeconds": 40, "renewTime": now_micro()},
        }
        try:
            self._coordination.patch_namespaced_lease(self.node_name, "kube-node-lease", {"spec": lease["spec"]})
        except ApiException as error:
            if error.status != 404:
                raise
            self._coordination.create_namespaced_lease("kube-node-lease", lease)
        self._last_lease = time.monotonic()

    # Pods

    def sync_pods(self) -> None:
        pending = self._core.list_pod_for_all_namespaces(field_selector="spec.nodeName=")
        for pod in pending.items:
            self.bind(pod)
        bound = self._core.list_pod_for_all_namespaces(field_selector=f"spec.nodeName={self.node_name}")
        seen = set()
        for pod in bound.items:
            seen.add(pod.metadata.uid)
            self._attempt(f"sync pod {pod.metadata.namespace}/{pod.metadata.name}", lambda pod=pod: self.sync_pod(pod))
        for uid in list(self._pods):
            if uid not in seen:
                del self._pods[uid]

    def bind(self, pod: Any) -> None:
        from kubernetes.client.rest import ApiException

        binding = {
            "apiVersion": "v1",
            "kind": "Binding",
            "metadata": {"name": pod.metadata.name, "namespace": pod.metadata.namespace},
            "target": {"apiVersion": "v1", "kind": "Node", "name": self.node_name},
        }
        try:
            # _preload_content=False: the client cannot deserialize the Status this call returns.
            self._core.create_namespaced_pod_binding(
                pod.metadata.name, pod.metadata.namespace, binding, _preload_content=False
            )
        except ApiException as error:
            if error.status not in (404, 409):
                raise
            return
        self.record_event(pod, "Normal", "Scheduled", f"Successfully assigned {pod.metadata.namespace}/{pod.metadata.name} to {self.node_name}", component="default-scheduler")

    def sync_pod(self, pod: Any) -> None:
        from kubernetes.client.rest import ApiException

        if pod.metadata.deletion_timestamp is not None:
            try:
                self._core.delete_namespaced_pod(pod.metadata.name, pod.metadata.namespace, grace_period_seconds=0)
            except ApiException as error:
                if error.status != 404:
                    raise
            return

        state = self._pods.setdefault(pod.metadata.uid, PodState())
        if state.done or pod.status.phase in ("Succeeded", "Failed"):
            return
        if not state.ip:
            state.ip = f"10.244.{self._next_ip // 250}.{self._next_ip % 250 + 2}"
            self._next_ip += 1

        current = time.monotonic()
        if state.exit_at is not None:
            if current >= state.exit_at:
                self.exit_containers(pod)
                state.done = True
            return
        if state.ready_at is not None:
            if current >= state.ready_at:
                self.run(pod, state)
            return
        if state.backoff_at is not None and current >= state.backoff_at:
            self.enter_backoff(pod)
            state.backoff_at = None
        if current < state.next_pull:
            return

        state.attempts += 1
        failures = self.pull_images(pod)
        if failures:
            self.enter_pull_error(pod, failures)
            state.backoff_at = current + self.backoff
            state.next_pull = current + 2 * self.backoff
            return
        delay = max((self.ready_delays.get(container.image, 0.0) for container in containers_of(pod)), default=0.0)
        if delay > 0:
            state.ready_at = current + delay
            self.patch_waiting(pod, {})
            return
        self.run(pod, state)

    def run(self, pod: Any, state: PodState) -> None:
        """Start the pod's containers; a pod that runs to completion exits now or after its run-seconds."""
        if not runs_to_completion(pod):
            self.start_containers(pod)
            state.done = True
            return
        run_seconds = annotation_number(pod, RUN_SECONDS_ANNOTATION, 0.0)
        if run_seconds <= 0:
            self.exit_containers(pod)
            state.done = True
            return
        self.start_containers(pod)
        state.exit_at = time.monotonic() + run_seconds

    def pull_images(self, pod: Any) -> dict[str, PullResult]:
        """Pull every image of the pod and return the failed pulls by container name."""
        credentials = self.pull_credentials(pod)
        failures = {}
        for container in containers_of(pod):
            self.record_event(pod, "Normal", "Pulling", f'Pulling image "{container.image}"', container=container.name)
            result = self.pull(container.image, credentials)
            if result.ok:
                self.record_event(pod, "Normal", "Pulled", f'Successfully pulled image "{container.image}"', container=container.name)
            else:
                failures[container.name] = result
                self.record_event(pod, "Warning", "Failed", f'Failed to pull image "{container.image}": {result.message}', container=container.name)
                self.record_event(pod, "Warning", "Failed", "Error: ErrImagePull", container=container.name)
        return failures

    def pull_credentials(self, pod: Any) -> list[tuple[str, dict[str, str]]]:
        """Return (registry key, {username, password}) pairs from the pod's pull secrets, in order."""
        from kubernetes.client.rest import ApiException

        pairs: list[tuple[str, dict[str, str]]] = []
        missing = []
        for reference in pod.spec.image_pull_secrets or []:
            try:
                secret = self._core.read_namespaced_secret(reference.name, pod.metadata.namespace)
            except ApiException as error:
                if error.status != 404:
                    raise
                missing.append(reference.name)
                continue
            pairs.extend(parse_pull_secret(secret.type, secret.data or {}))
        if missing:
            self.record_event(
                pod, "Warning", "FailedToRetrieveImagePullSecret",
                f"Unable to retrieve some image pull secrets ({', '.join(missing)}); attempting to pull the image may not succeed.",
            )
        return pairs

    def pull(self, image: str, credentials: list[tuple[str, dict[str, str]]]) -> PullResult:
        """Try the credentials that match the image's registry in order, as the kubelet's keyring does.

        With no matching credentials the pull is anonymous.
        """
        host, repository = split_image(image)
        if host.rsplit(":", 1)[0] not in LOOPBACK_HOSTS:
            return PullResult(False, f"the node simulator pulls only from registries on 127.0.0.1, not {host}")
        matching = [entry for key, entry in credentials if registry_key_matches(key, host, repository)]
        attempts: list[dict[str, str] | None] = list(matching) or [None]

        result = PullResult(False, "no pull attempted")
        for entry in attempts:
            result = self.pull_once(image, host, entry)
            if result.ok:
                return result
        return result

    def pull_once(self, image: str, host: str, entry: dict[str, str] | None) -> PullResult:
        fingerprint = hashlib.sha256(json.dumps(entry, sort_keys=True).encode()).hexdigest()
        cached = self._pull_cache.get((image, fingerprint))
        if cached is not None and time.monotonic() - cached[0] < PULL_RESULT_TTL:
            return cached[1]

        auths = {}
        if entry is not None:
            auths[host] = {"auth": base64.b64encode(f"{entry['username']}:{entry['password']}".encode()).decode()}
        assert self._work_dir is not None
        with skopeo_sandbox(self._work_dir) as scratch:
            auth_file = write_private_file(scratch / "auth.json", json.dumps({"auths": auths}))
            completed = run_skopeo(
                ["inspect", "--raw", "--retry-times=0", "--tls-verify=false", "--authfile", str(auth_file),
                 f"docker://{image}"],
                scratch,
            )
        self.pull_count += 1

        if completed.returncode == 0:
            result = PullResult(True)
        else:
            result = PullResult(False, skopeo_message(completed.stderr))
        self._pull_cache[(image, fingerprint)] = (time.monotonic(), result)
        return result

    def enter_pull_error(self, pod: Any, failures: dict[str, PullResult]) -> None:
        waiting = {
            name: {"reason": "ErrImagePull", "message": result.message} for name, result in failures.items()
        }
        self.patch_waiting(pod, waiting)

    def enter_backoff(self, pod: Any) -> None:
        waiting = {}
        for status in pod.status.container_statuses or []:
            if status.state and status.state.waiting and status.state.waiting.reason == "ErrImagePull":
                waiting[status.name] = {
                    "reason": "ImagePullBackOff",
                    "message": f'Back-off pulling image "{status.image}"',
                }
                self.record_event(pod, "Normal", "BackOff", f'Back-off pulling image "{status.image}"', container=status.name)
                self.record_event(pod, "Warning", "Failed", "Error: ImagePullBackOff", container=status.name)
        if waiting:
            self.patch_waiting(pod, waiting)

    def patch_waiting(self, pod: Any, waiting: dict[str, dict[str, str]]) -> None:
        """Set the pod Pending with the given containers waiting and the others not started."""
        statuses = []
        for container in pod.spec.containers:
            statuses.append({
                "name": container.name,
                "image": container.image,
                "imageID": "",
                "ready": False,
                "started": False,
                "restartCount": 0,
                "state": {"waiting": waiting.get(container.name, {"reason": "ContainerCreating"})},
            })
        unready = ", ".join(sorted(waiting) or [container.name for container in pod.spec.containers])
        self.patch_status(pod, {
            "phase": "Pending",
            "conditions": pod_conditions(ready=False, message=f"containers with unready status: [{unready}]"),
            "containerStatuses": statuses,
        })

    def start_containers(self, pod: Any) -> None:
        """Make the pod Running and Ready with every container running."""
        started = now_rfc3339()
        statuses = []
        for container in pod.spec.containers:
            statuses.append(self.container_status(pod, container, {"running": {"startedAt": started}}, ready=True))
            self.record_event(pod, "Normal", "Created", f"Created container: {container.name}", container=container.name)
            self.record_event(pod, "Normal", "Started", f"Started container {container.name}", container=container.name)
        self.patch_status(pod, self.running_status(pod, "Running", started, statuses, pod_conditions(ready=True)))

    def exit_containers(self, pod: Any) -> None:
        """End a pod that runs to completion: Succeeded when its exit code is 0, Failed otherwise."""
        code = int(annotation_number(pod, EXIT_CODE_ANNOTATION, 0))
        finished = now_rfc3339()
        started = pod.status.start_time.strftime("%Y-%m-%dT%H:%M:%SZ") if pod.status.start_time else finished
        terminated = {
            "exitCode": code, "reason": "Completed" if code == 0 else "Error", "startedAt": started, "finishedAt": finished,
        }
        statuses = []
        for container in pod.spec.containers:
            statuses.append(self.container_status(pod, container, {"terminated": terminated}, ready=False))
            if pod.status.phase != "Running":
                self.record_event(pod, "Normal", "Created", f"Created container: {container.name}", container=container.name)
                self.record_event(pod, "Normal", "Started", f"Started container {container.name}", container=container.name)
        phase = "Succeeded" if code == 0 else "Failed"
        conditions = pod_conditions(ready=False, reason="PodCompleted" if code == 0 else "PodFailed")
        self.patch_status(pod, self.running_status(pod, phase, started, statuses, conditions))

    def container_status(self, pod: Any, container: Any, state: dict[str, Any], *, ready: bool) -> dict[str, Any]:
        return {
            "name": container.name,
            "image": container.image,
            "imageID": f"{container.image}@sha256:{'0' * 64}",
            "containerID": f"simulated://{pod.metadata.uid}-{container.name}",
            "ready": ready,
            "started": ready,
            "restartCount": 0,
            "state": state,
        }

    def running_status(
        self, pod: Any, phase: str, started: str, statuses: list[dict[str, Any]], conditions: list[dict[str, str]],
    ) -> dict[str, Any]:
        ip = self._pods[pod.metadata.uid].ip
        return {
            "phase": phase,
            "hostIP": "127.0.0.1",
            "hostIPs": [{"ip": "127.0.0.1"}],
            "podIP": ip,
            "podIPs": [{"ip": ip}],
            "startTime": started,
            "conditions": conditions,
            "containerStatuses": statuses,
        }

    def patch_status(self, pod: Any, status: dict[str, Any]) -> None:
        from kubernetes.client.rest import ApiException

        try:
            self._core.patch_namespaced_pod_status(pod.metadata.name, pod.metadata.namespace, {"status": status})
        except ApiException as error:
            if error.status != 404:
                raise

    # Events

    def record_event(
        self, pod: Any, kind: str, reason: str, message: str, *, container: str | None = None,
        component: str = "kubelet",
    ) -> None:
        """Create an Event about the pod, or count a repeat of the same one as the kubelet's recorder does."""
        from kubernetes.client.rest import ApiException

        key = hashlib.sha256(f"{pod.metadata.uid}/{kind}/{reason}/{message}/{container}".encode()).hexdigest()[:16]
        name = f"{pod.metadata.name}.{key}"
        timestamp = now_rfc3339()
        count = self._events.get(name, 0) + 1
        self._events[name] = count
        if count > 1:
            try:
                self._core.patch_namespaced_event(
                    name, pod.metadata.namespace, {"count": count, "lastTimestamp": timestamp}
                )
                return
            except ApiException as error:
                if error.status != 404:
                    raise
        involved = {
            "apiVersion": "v1",
            "kind": "Pod",
            "name": pod.metadata.name,
            "namespace": pod.metadata.namespace,
            "uid": pod.metadata.uid,
        }
        if container is not None:
            involved["fieldPath"] = f"spec.containers{{{container}}}"
        event = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": name, "namespace": pod.metadata.namespace},
            "involvedObject": involved,
            "reason": reason,
            "message": message,
            "type": kind,
            "source": {"component": component, "host": self.node_name},
            "reportingComponent": component,
            "reportingInstance": self.node_name,
            "firstTimestamp": timestamp,
            "lastTimestamp": timestamp,
            "count": count,
        }
        try:
            self._core.create_namespaced_event(pod.metadata.namespace, event)
        except ApiException as error:
            # A terminating namespace rejects new events; the pod is going away with it.
            if error.status not in (403, 409):
                raise


def runs_to_completion(pod: Any) -> bool:
    """Return True for a pod whose containers are not restarted after they exit, such as a Job's."""
    return (pod.spec.restart_policy or "Always") != "Always"


def annotation_number(pod: Any, name: str, default: float) -> float:
    """Return a pod annotation as a number; a value that is not one fails the test that set it."""
    value = (pod.metadata.annotations or {}).get(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"pod {pod.metadata.namespace}/{pod.metadata.name}: annotation {name} is not a number: {value!r}") from None


def containers_of(pod: Any) -> list[Any]:
    return list(pod.spec.init_containers or []) + list(pod.spec.containers)


def pod_conditions(*, ready: bool, message: str = "", reason: str = "") -> list[dict[str, str]]:
    timestamp = now_rfc3339()
    conditions = []
    for kind, status in (
        ("PodReadyToStartContainers", "True"),
        ("Initialized", "True"),
        ("Ready", "True" if ready else "False"),
        ("ContainersReady", "True" if ready else "False"),
        ("PodScheduled", "True"),
    ):
        condition = {"type": kind, "status": status, "lastTransitionTime": timestamp}
        if status == "False":
            condition["reason"] = reason or "ContainersNotReady"
            if message:
                condition["message"] = message
        conditions.append(condition)
    return conditions


def split_image(image: str) -> tuple[str, str]:
    """Split an image reference into registry host and repository path, as Docker normalizes it."""
    name = re.split(r"[@]", image, maxsplit=1)[0]
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        host, path = first, rest
    else:
        host, path = "docker.io", name if rest else f"library/{name}"
    path = re.sub(r":[^/]+$", "", path)
    return host, path


def registry_key_matches(key: str, host: str, repository: str) -> bool:
    """Match a pull secret's registry key against an image, as the kubelet's keyring does.

    The key may carry a scheme and a path. Its host may use glob patterns per
    dot-separated part, and its port must equal the image's port.
    """
    text = re.sub(r"^[a-z]+://", "", key.strip()).rstrip("/")
    key_host, _, key_path = text.partition("/")
    if key_host in ("index.docker.io", "registry-1.docker.io"):
        key_host = "docker.io"
    if key_path == "v1" and key_host == "docker.io":
        key_path = ""
    key_name, _, key_port = key_host.partition(":")
    image_name, _, image_port = host.partition(":")
    if key_port != image_port:
        return False
    key_parts, image_parts = key_name.split("."), image_name.split(".")
    if len(key_parts) != len(image_parts):
        return False
    if not all(fnmatch.fnmatchcase(part, pattern) for pattern, part in zip(key_parts, image_parts)):
        return False
    return not key_path or repository == key_path or repository.startswith(key_path.rstrip("/") + "/")


def parse_pull_secret(secret_type: str | None, data: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """Return (registry key, credentials) pairs of a .dockercfg or .dockerconfigjson Secret."""
    if secret_type == "kubernetes.io/dockerconfigjson":
        document = decode_json(data.get(".dockerconfigjson"))
        entries = document.get("auths", {}) if isinstance(document, dict) else {}
    elif secret_type == "kubernetes.io/dockercfg":
        entries = decode_json(data.get(".dockercfg"))
    else:
        return []
    pairs = []
    for key, entry in (entries or {}).items():
        if not isinstance(entry, dict):
            continue
        username, password = entry.get("username", ""), entry.get("password", "")
        if entry.get("auth"):
            try:
                username, _, password = base64.b64decode(entry["auth"]).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                continue
        pairs.append((key, {"username": username, "password": password}))
    return pairs


def decode_json(encoded: str | None) -> Any:
    if not encoded:
        return {}
    try:
        return json.loads(base64.b64decode(encoded))
    except (binascii.Error, ValueError):
        return {}


def skopeo_message(stderr: str) -> str:
    """Return the error of skopeo's last log line: the ``msg`` field when it logs as logrus does."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    if not lines:
        return "pull failed"
    last = lines[-1]
    match = re.search(r'msg="((?:[^"\\]|\\.)*)"', last)
    if match:
        return match.group(1).replace('\\"', '"')
    return last
