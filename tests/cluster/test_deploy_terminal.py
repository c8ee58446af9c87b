"""``kubeship deploy`` on a terminal: a live Rich table of the rollout instead of log lines."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from tests.cluster.deploy_support import DEPLOY_TIMEOUT, session_service
from tests.support.cli import kubeship_env


def run_with_terminal_stderr(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run kubeship with standard error on a pseudo-terminal; return the exit code, stdout and the terminal's text."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kubeship", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal, env=kubeship_env(env),
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    stdout = process.stdout.read().decode()
    process.wait(timeout=DEPLOY_TIMEOUT)
    os.close(controller)
    return process.returncode, stdout, b"".join(chunks).decode(errors="replace")


def test_terminal_shows_rollout_table(control_plane, registry, namespace):
    service = session_service(control_plane, registry, namespace)
    args = [arg for arg in service.args() if arg != "--registry-password-stdin"]

    code, stdout, terminal = run_with_terminal_stderr(args, {"KUBESHIP_REGISTRY_PASSWORD": service.password})

    assert code == 0, terminal
    assert stdout.strip() == "release release-web: release 1 Succeeded"
    assert "Steady state" in terminal
    assert "Deployment/web-deployment" in terminal
    assert "2/2" in terminal
    assert "done: deployment" in terminal
    assert service.password not in terminal
