"""Errors of cluster operations, each with what failed and what to do next."""

from __future__ import annotations

import json
from typing import Any

from kubeship.errors import ConfigurationError, KubeshipError, OperationFailed


class ClusterUnreachable(ConfigurationError):
    """No response from the API server: connection refused, reset or timed out."""

    exit_code = 1

    def __init__(self, server: str, cause: BaseException) -> None:
        super().__init__(
            f"cannot reach the API server {server}: {_short_reason(cause)}",
            hint="check the cluster's address in the kubeconfig and that the cluster is running",
        )
        self.server = server


def _short_reason(cause: BaseException) -> str:
    reason = getattr(cause, "reason", None)
    return str(reason or cause)


class ApiError(KubeshipError):
    """An error status returned by the API server.

    ``reason`` is the Status reason (NotFound, Conflict, Invalid, ...). ``causes`` are
    the Status details' causes, as dicts with ``field``, ``message`` and ``reason``.
    ``request`` is the method and path that failed.
    """

    exit_code = 1

    def __init__(
        self, message: str, *, status: int, reason: str = "", causes: list[dict[str, Any]] | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.request = ""
        self.status = status
        self.reason = reason
        self.causes = causes or []

    @classmethod
    def from_response(cls, method: str, path: str, status: int, body: Any) -> ApiError:
        """Build the error from the Status object the API server sends, or its raw body."""
        if isinstance(body, bytes):
            body = body.decode("utf-8", errors="replace")
        document: dict[str, Any] = {}
        if isinstance(body, str) and body.strip().startswith("{"):
            try:
                document = json.loads(body)
            except ValueError:
                document = {}
        message = document.get("message") or (body.strip() if isinstance(body, str) else "") or f"HTTP {status}"
        causes = (document.get("details") or {}).get("causes") or []
        error = cls(message, status=status, reason=document.get("reason") or "", causes=causes)
        error.request = f"{method} {path}"
        return error


# An invalid value longer than this is cut in messages, because the API server prints
# the whole value: a pod template takes thousands of characters on one line.
MAX_SHOWN_VALUE = 120
_INVALID_VALUE = "Invalid value: "
IMMUTABLE = "field is immutable"


def readable_rejection(error: ApiError, kind: str) -> str:
    """Return the API server's rejection of a ``kind`` object, with long values cut and the next step.

    Only a cause that starts with ``Invalid value:`` is cut; the field and the
    reason after the value stay whole.
    """
    message = error.message
    for cause in error.causes:
        text = str(cause.get("message", ""))
        if not text.startswith(_INVALID_VALUE) or len(text) <= MAX_SHOWN_VALUE:
            continue
        value, separator, detail = text[len(_INVALID_VALUE):].rpartition(": ")
        if not separator or len(value) <= MAX_SHOWN_VALUE:
            continue
        shortened = f"{_INVALID_VALUE}{value[:MAX_SHOWN_VALUE // 2]}... ({len(value)} characters): {detail}"
        message = message.replace(text, shortened)
    immutable = [str(cause.get("field", "")) for cause in error.causes if IMMUTABLE in str(cause.get("message", ""))]
    if not immutable:
        return message
    if kind == "Job" and "spec.template" in immutable:
        hint = "a Job's pod template cannot change after it is created: delete the Job before the deploy, or name it per release"
    else:
        hint = "these fields cannot change on an existing object: keep the live values, or delete the object so the deploy creates it again"
    return f"{message} ({hint})"


CONFLICT_HINT = "change those fields back, or deploy with --force-conflicts to take them over"


class ApplyConflict(OperationFailed):
    """A server-side apply found fields owned by other field managers with other values."""

    def __init__(self, target: str, conflicts: list[tuple[str, str]]) -> None:
        lines = [f"  {field} (managed by {manager})" for field, manager in conflicts]
        super().__init__(
            f"apply of {target} conflicts with other field managers:\n" + "\n".join(lines),
            hint=CONFLICT_HINT,
        )
        self.target = target
        self.conflicts = conflicts


class DryRunRejected(OperationFailed):
    """The API server's dry run rejected one or more objects; nothing was applied."""

    def __init__(self, rejections: list[str], *, conflicts: bool = False) -> None:
        super().__init__(
            f"the server-side dry run rejected {len(rejections)} object(s); nothing was applied:\n"
            + "\n".join(f"  {line}" for line in rejections),
            hint=CONFLICT_HINT if conflicts else None,
        )
        self.rejections = rejections


class ReleaseLocked(OperationFailed):
    """Another deploy holds the release's Lease and did not let go in time."""


class HistoryError(OperationFailed):
    """The release history ConfigMap cannot be read or updated."""


class RollbackError(OperationFailed):
    """A rollback target does not exist or cannot be restored."""
