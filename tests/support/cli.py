"""Run the kubeship CLI in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = REPO_ROOT / "src"


def kubeship_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return an environment in which ``python -m kubeship`` imports this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SOURCE_DIR), env.get("PYTHONPATH", "")]))
    # Keep the user's own registry credentials out of the tests.
    for name in ("KUBESHIP_REGISTRY_USERNAME", "KUBESHIP_REGISTRY_PASSWORD", "DOCKER_AUTH_CONFIG"):
        env.pop(name, None)
    env["NO_COLOR"] = "1"
    # Keep cloud SDKs from probing instance metadata or real cloud endpoints; cloud tests turn this on.
    env["KUBESHIP_CLOUD_SDK"] = "off"
    if extra:
        env.update(extra)
    return env


def run_kubeship(
    args: list[str],
    *,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kubeship ARGS`` and return the completed process with text output."""
    if isinstance(stdin, bytes):
        stdin = stdin.decode()
    return subprocess.run(
        [sys.executable, "-m", "kubeship", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=kubeship_env(env),
        cwd=cwd,
        timeout=timeout,
    )


def run_on_terminal(
    args: list[str], env: dict[str, str] | None = None, *, stream: str = "stdout", timeout: float = 60,
) -> tuple[int, str, str]:
    """Run ``python -m kubeship ARGS`` with ``stream`` (stdout or stderr) on a pseudo-terminal.

    Returns the exit code, what was printed on the terminal (line ends as ``\\n``) and
    what was printed on the other stream, which is a pipe.
    """
    import os
    import pty

    controller, terminal = pty.openpty()
    terminal_stdout = stream == "stdout"
    process = subprocess.Popen(
        [sys.executable, "-m", "kubeship", *args],
        stdin=subprocess.DEVNULL,
        stdout=terminal if terminal_stdout else subprocess.PIPE,
        stderr=subprocess.PIPE if terminal_stdout else terminal,
        env=kubeship_env(env),
    )
    os.close(terminal)
    printed = read_terminal(controller)
    piped = process.stderr if terminal_stdout else process.stdout
    other = piped.read().decode(errors="replace") if piped is not None else ""
    process.wait(timeout=timeout)
    os.close(controller)
    return process.returncode, printed.decode(errors="replace").replace("\r\n", "\n"), other


def read_terminal(controller: int) -> bytes:
    """Read the controller side of a pseudo-terminal until the child has closed its side."""
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            # Linux reports EIO once the child has closed its side.
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
