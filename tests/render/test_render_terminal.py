"""Secret values are hidden when ``kubeship render`` prints to a terminal."""

from tests.support.cli import REPO_ROOT
from tests.support.cli import run_on_terminal as run_render_on_terminal

EXAMPLE = str(REPO_ROOT / "examples" / "harness-default")


def run_on_terminal(args, env):
    """Run kubeship with stdout on a pseudo-terminal and return the exit code and what it printed there."""
    code, terminal, _ = run_render_on_terminal(args, env)
    return code, terminal


def test_terminal_output_redacts_secret_data(empty_docker_config):
    env = {"DOCKER_CONFIG": str(empty_docker_config), "KUBESHIP_REGISTRY_PASSWORD": "terminal-pass-123"}
    args = ["render", EXAMPLE, "--image", "registry.example.com/team/web:1.4.2", "--registry-username", "deploy-bot"]
    code, output = run_on_terminal(args, env)
    assert code == 0
    assert "kind: Secret" in output
    assert ".dockercfg: '***'" in output
    assert "SESSION_KEY: '***'" in output
    assert "change-me" not in output


def test_show_secrets_prints_real_values_on_terminal(empty_docker_config):
    env = {"DOCKER_CONFIG": str(empty_docker_config), "KUBESHIP_REGISTRY_PASSWORD": "terminal-pass-123"}
    args = ["render", EXAMPLE, "--image", "registry.example.com/team/web:1.4.2", "--registry-username", "deploy-bot", "--show-secrets"]
    code, output = run_on_terminal(args, env)
    assert code == 0
    assert "SESSION_KEY: change-me" in output
