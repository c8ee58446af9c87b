"""Logging with every registered secret masked: the filter, the JSON formatter and the setup."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import TextIO

from kubeship.sanitize.registry import DEFAULT_REGISTRY, SecretRegistry

LOG_FORMATS = ("text", "json")

TEXT_FORMAT = "%(levelname)s %(name)s: %(message)s"

# Libraries whose debug output is wire-level noise; they stay at INFO under --debug. Without
# --debug they log only warnings, because httpx logs every request it sends at INFO.
_QUIET_LOGGERS = ("httpx", "httpcore", "hpack", "urllib3", "asyncio")

# urllib3 warns about each retry of a failed connection and prints its internal Retry state.
# The error kubeship reports afterwards names the server and the cause, so retries show only under --debug.
_RETRY_LOGGER = "urllib3.connectionpool"


class SecretFilter(logging.Filter):
    """Masks the message, the traceback and the stack of each record in place. Never drops a record.

    The message is formatted with its arguments first, so a secret passed as
    an argument is masked too; the record then carries no arguments.
    """

    def __init__(self, registry: SecretRegistry = DEFAULT_REGISTRY) -> None:
        super().__init__()
        self._registry = registry

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg} (log arguments did not match the message: {record.args!r})"
        record.msg = self._registry.mask(message)
        record.args = None

        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._registry.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self._registry.mask(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object a line: time, level, logger, message, and exception or stack."""

    def __init__(self, registry: SecretRegistry = DEFAULT_REGISTRY) -> None:
        super().__init__()
        self._registry = registry

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self._registry.mask(record.getMessage()),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = self._registry.mask(record.exc_text)
        if record.stack_info:
            entry["stack"] = self._registry.mask(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


class _KubeshipHandlerMarker:
    """Marks the handler that :func:`configure_logging` installed, so a second call replaces it."""


def configure_logging(
    *,
    debug: bool = False,
    log_format: str = "text",
    stream: TextIO | None = None,
    registry: SecretRegistry = DEFAULT_REGISTRY,
) -> logging.Handler:
    """Set up the root logger: level, one handler on ``stream`` (stderr by default), masking everywhere.

    ``text`` uses a Rich handler when the stream is a terminal and plain
    ``LEVEL logger: message`` lines otherwise; ``json`` writes one JSON object
    a line. A :class:`SecretFilter` sits on the root logger and on the handler,
    because a filter on a logger does not see the records that its child
    loggers propagate. Calling it again replaces the handler it installed.
    """
    if log_format not in LOG_FORMATS:
        raise ValueError(f"unknown log format {log_format!r}: use one of {', '.join(LOG_FORMATS)}")
    stream = stream if stream is not None else sys.stderr

    handler = _make_handler(log_format, stream, debug, registry)
    handler.addFilter(SecretFilter(registry))
    setattr(handler, "_kubeship", _KubeshipHandlerMarker)

    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_kubeship", None) is _KubeshipHandlerMarker]:
        root.removeHandler(old)
    for old_filter in [f for f in root.filters if isinstance(f, SecretFilter)]:
        root.removeFilter(old_filter)
    root.addFilter(SecretFilter(registry))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO if debug else logging.WARNING)
    logging.getLogger(_RETRY_LOGGER).setLevel(logging.INFO if debug else logging.ERROR)
    logging.captureWarnings(True)
    return handler


def _make_handler(log_format: str, stream: TextIO, debug: bool, registry: SecretRegistry) -> logging.Handler:
    if log_format == "json":
        handler: logging.Handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonFormatter(registry))
        return handler
    if stream.isatty():
        from rich.console import Console
        from rich.logging import RichHandler

        # Rich wraps long lines, which would split a secret, so records reach it masked and
        # tracebacks come from the masked record instead of Rich's own renderer.
        console = Console(file=stream, stderr=stream is sys.stderr)
        handler = RichHandler(console=console, show_path=debug, rich_tracebacks=False, markup=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
        return handler
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    return handler
