"""Running docker credential helpers (``docker-credential-<name> get``).

The protocol: the server URL goes to the helper's standard input, never to its
arguments, and the helper prints ``{"ServerURL": ..., "Username": ..., "Secret": ...}``.
A helper that has nothing stored exits non-zero and prints
``credentials not found in native keychain``. kubeship treats that as a miss,
and any other failure as an error that names the helper.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

from kubeship import sanitize
from kubeship.credentials.model import CredentialError

log = logging.getLogger(__name__)

HELPER_PREFIX = "docker-credential-"
# The username a helper stores when the secret is an identity token (docker/cli's tokenUsername).
TOKEN_USERNAME = "<token>"
NOT_FOUND_MESSAGE = "credentials not found"
DEFAULT_TIMEOUT_SECONDS = 30.0
# Maximum length of a helper's error output repeated in a message.
MAX_OUTPUT_IN_MESSAGE = 300


@dataclass(frozen=True)
class HelperCredentials:
    """The reply of a helper: a username and password, or an identity token."""

    server_url: str
    username: str
    password: str
    identity_token: str


def get_credentials(
    helper: str,
    server_url: str,
    *,
    environ: Mapping[str, str],
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> HelperCredentials | None:
    """Ask ``docker-credential-<helper>`` for the credentials of ``server_url``.

    Returns ``None`` when the helper has none stored. Raises ``CredentialError``
    when the helper is missing, fails, times out or prints something that is
    not the protocol's JSON.
    """
    program = HELPER_PREFIX + helper
    executable = shutil.which(program, path=environ.get("PATH", os.defpath))
    if executable is None:
        raise CredentialError(
            f"credential helper {program} not found on PATH",
            hint=f"install {program}, or remove {helper!r} from credsStore/credHelpers in the docker config",
        )

    log.debug("running %s get for %s", program, server_url)
    returncode, stdout, stderr = _run(executable, server_url, dict(environ), timeout, program)
    # A failed run's output becomes the error message, so then only the secret fields it carries are registered.
    sanitize.register_command_output(stdout, kind="credential-helper", whole_output=returncode == 0)

    if returncode != 0:
        output = (stdout.strip() or stderr.strip())
        if NOT_FOUND_MESSAGE in output.lower():
            log.debug("%s has no credentials for %s", program, server_url)
            return None
        raise CredentialError(
            f"credential helper {program} failed for {server_url} with exit code {returncode}: "
            f"{sanitize.mask(output[:MAX_OUTPUT_IN_MESSAGE]) or 'no output'}",
            hint=f"run 'echo {server_url} | {program} get' to see the helper's own error",
        )
    return _parse_output(stdout, server_url, program)


def _run(executable: str, server_url: str, environ: dict[str, str], timeout: float, program: str) -> tuple[int, str, str]:
    # The helper gets its own process group, so a timeout also ends any process it started.
    process = subprocess.Popen(
        [executable, "get"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(server_url.encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise CredentialError(
            f"credential helper {program} timed out after {timeout:g} s for {server_url}",
            hint="check that the helper does not wait for input such as a passphrase prompt",
        ) from None
    return process.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace")


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def _parse_output(stdout: str, server_url: str, program: str) -> HelperCredentials:
    try:
        reply = json.loads(stdout)
    except json.JSONDecodeError:
        # The output is not repeated: it may contain the secret.
        raise CredentialError(
            f"credential helper {program} printed invalid JSON for {server_url}",
            hint='a helper must print {"ServerURL": ..., "Username": ..., "Secret": ...}',
        ) from None
    if not isinstance(reply, dict) or not all(isinstance(reply.get(name, ""), str) for name in ("ServerURL", "Username", "Secret")):
        raise CredentialError(f"credential helper {program} printed JSON without string ServerURL, Username and Secret fields")

    username = reply.get("Username", "")
    secret = reply.get("Secret", "")
    if username == TOKEN_USERNAME:
        return HelperCredentials(reply.get("ServerURL") or server_url, "", "", secret)
    return HelperCredentials(reply.get("ServerURL") or server_url, username, secret, "")
