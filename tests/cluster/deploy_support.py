"""Running ``kubeship deploy``, ``history`` and ``rollback`` against the test control plane."""

from __future__ import annotations

import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.cli import REPO_ROOT, kubeship_env, run_kubeship
from tests.support.registry import REGISTRY_USERS, SESSION_IMAGE

EXAMPLE = REPO_ROOT / "examples" / "harness-default"
DEPLOY_TIMEOUT = 180
REGISTRY_USER = "deploy-bot"

# A Deployment whose selector does not match its pod labels, a rule only the API server
# checks. ``{image}`` is replaced by the caller.
SELECTOR_MISMATCH_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels: {app: worker}
  template:
    metadata:
      labels: {app: other}
    spec:
      containers:
      - name: worker
        image: {image}
"""


@dataclass
class Deploy:
    """What a test deploys: the service, the image, the registry login and the target."""

    kubeconfig: Path
    namespace: str
    image: str
    username: str
    password: str
    release: str = "release-web"
    service_dir: Path = EXAMPLE
    # Options every deploy of the test gets, such as ("--set", "replicas=1").
    settings: tuple[str, ...] = ()

    def args(self, *extra: str) -> list[str]:
        return [
            "deploy", str(self.service_dir), "--image", self.image,
            "--registry-username", self.username, "--registry-password-stdin",
            "--kubeconfig", str(self.kubeconfig), "-n", self.namespace, "--release", self.release,
            *self.settings, *extra,
        ]

    def run(self, *extra: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        return run_kubeship(self.args(*extra), stdin=password or self.password, timeout=DEPLOY_TIMEOUT)

    def start(self, *extra: str, password: str | None = None) -> RunningCommand:
        return RunningCommand.start(self.args(*extra), password or self.password)

    def history(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return run_kubeship(
            ["history", self.release, "--kubeconfig", str(self.kubeconfig), "-n", self.namespace, *extra]
        )

    def rollback(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return run_kubeship(
            ["rollback", self.release, "--kubeconfig", str(self.kubeconfig), "-n", self.namespace, *extra],
            timeout=DEPLOY_TIMEOUT,
        )


def session_service(control_plane, registry, namespace: str, **settings) -> Deploy:
    """Return a Deploy of the Harness default example for the session registry's image."""
    return Deploy(
        kubeconfig=control_plane.kubeconfig,
        namespace=namespace,
        image=registry.image(*SESSION_IMAGE),
        username=REGISTRY_USER,
        password=REGISTRY_USERS[REGISTRY_USER],
        **settings,
    )


@dataclass
class RunningCommand:
    """A kubeship process running in the background, its standard error collected line by line."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    stdout: str = ""
    _seen: threading.Condition = field(default_factory=threading.Condition)
    _reader: threading.Thread | None = None

    @classmethod
    def start(cls, args: list[str], stdin: str) -> RunningCommand:
        process = subprocess.Popen(
            [sys.executable, "-m", "kubeship", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=kubeship_env(),
        )
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
        running = cls(process)
        running._reader = threading.Thread(target=running._read_stderr, daemon=True)
        running._reader.start()
        return running

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._seen:
                self.lines.append(line)
                self._seen.notify_all()
        with self._seen:
            self._seen.notify_all()

    def wait_for_line(self, text: str, timeout: float = 60) -> str:
        """Wait until a line of standard error contains ``text``, and return it."""
        with self._seen:
            found = self._seen.wait_for(
                lambda: any(text in line for line in self.lines) or self.process.poll() is not None, timeout
            )
            match = next((line for line in self.lines if text in line), None)
        if not found or match is None:
            raise AssertionError(f"no line with {text!r} on standard error:\n{self.stderr}")
        return match

    def finish(self, timeout: float = DEPLOY_TIMEOUT) -> int:
        assert self.process.stdout is not None
        self.stdout = self.process.stdout.read()
        code = self.process.wait(timeout)
        assert self._reader is not None
        self._reader.join(timeout)
        return code

    @property
    def stderr(self) -> str:
        with self._seen:
            return "".join(self.lines)
