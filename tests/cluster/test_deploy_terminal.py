"""``kubeship deploy`` on a terminal: a live Rich table of the rollout instead of log lines."""

from __future__ import annotations

from tests.cluster.deploy_support import DEPLOY_TIMEOUT, session_service
from tests.support.cli import run_on_terminal


def test_terminal_shows_rollout_table(control_plane, registry, namespace):
    service = session_service(control_plane, registry, namespace)
    args = [arg for arg in service.args() if arg != "--registry-password-stdin"]

    code, terminal, stdout = run_on_terminal(
        args, {"KUBESHIP_REGISTRY_PASSWORD": service.password}, stream="stderr", timeout=DEPLOY_TIMEOUT,
    )

    assert code == 0, terminal
    assert stdout.strip() == "release release-web: release 1 Succeeded"
    assert "Steady state" in terminal
    assert "Deployment/web-deployment" in terminal
    assert "2/2" in terminal
    assert "done: deployment" in terminal
    assert service.password not in terminal
