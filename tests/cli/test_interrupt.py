"""An interrupted deploy or rollback always ends: a cleanup that blocks is cut off after a grace period."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.support.cli import kubeship_env

# A process that installs the deploy command's signal handler, signals itself, and then
# blocks in its cleanup the way a deadlocked HTTP connection pool would.
STUCK_CLEANUP = textwrap.dedent("""
    import os, signal, threading
    from kubeship.cli import deploy_cmd

    deploy_cmd.INTERRUPT_GRACE_SECONDS = 1
    signal.signal(signal.SIGTERM, deploy_cmd._interrupt)
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        threading.Event().wait(60)
    except KeyboardInterrupt:
        print("cleanup started", flush=True)
        threading.Event().wait(60)
""")


def test_stuck_cleanup_exits_after_grace():
    result = subprocess.run([sys.executable, "-c", STUCK_CLEANUP], capture_output=True, text=True,
                            env=kubeship_env(), timeout=30)

    assert result.returncode == 130
    assert result.stdout == "cleanup started\n"
    assert "did not finish its cleanup within 1 s, so kubeship exits now" in result.stderr
    assert "Traceback" not in result.stderr


def test_second_signal_exits_at_once():
    script = STUCK_CLEANUP.replace('print("cleanup started", flush=True)',
                                   'print("cleanup started", flush=True); os.kill(os.getpid(), signal.SIGTERM)')
    script = script.replace("INTERRUPT_GRACE_SECONDS = 1", "INTERRUPT_GRACE_SECONDS = 50")

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=kubeship_env(), timeout=30)

    assert result.returncode == 130
    assert result.stdout == "cleanup started\n"
    assert result.stderr == ""
