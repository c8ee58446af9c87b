"""Progress of a steady-state wait: a live Rich table on a terminal, log lines otherwise."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kubeship.cluster.rollout import RolloutStatus
from kubeship.cluster.steady import Workload

log = logging.getLogger(__name__)


def _identity(text: str) -> str:
    return text


def describe_event(event: dict[str, Any]) -> str:
    """Return ``Reason pod/name: message (xN)`` for a warning event."""
    involved = event.get("involvedObject") or {}
    count = int(event.get("count") or 1)
    repeat = f" (x{count})" if count > 1 else ""
    return f"{event.get('reason', '')} pod/{involved.get('name', '')}: {event.get('message', '')}{repeat}"


class LogProgress:
    """Report each change of a workload's rollout message and each warning event as a log line."""

    def __init__(self, mask: Callable[[str], str] = _identity) -> None:
        self.mask = mask
        self._last: dict[Workload, str] = {}

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def status(self, workload: Workload, status: RolloutStatus) -> None:
        if self._last.get(workload) == status.message:
            return
        self._last[workload] = status.message
        log.info(
            "%s: %d/%d updated, %d/%d ready: %s",
            workload.describe(), status.updated, status.desired, status.ready, status.desired, status.message,
        )

    def event(self, workload: Workload, event: dict[str, Any]) -> None:
        log.warning("%s: %s", workload.describe(), self.mask(describe_event(event)))

    def note(self, message: str) -> None:
        log.warning("%s", self.mask(message))


class RichProgress:
    """A live table of the workloads' replicas on a terminal, with events printed above it."""

    def __init__(self, console: Any, mask: Callable[[str], str] = _identity) -> None:
        from rich.live import Live

        self.console = console
        self.mask = mask
        self._statuses: dict[Workload, RolloutStatus] = {}
        self._live = Live(self._table(), console=console, refresh_per_second=4, transient=False)

    def __enter__(self) -> RichProgress:
        self._live.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._live.update(self._table())
        self._live.__exit__(None, None, None)

    def _table(self) -> Any:
        from rich.table import Table

        table = Table(title="Steady state", title_justify="left", expand=False)
        table.add_column("Workload")
        table.add_column("Updated", justify="right")
        table.add_column("Ready", justify="right")
        table.add_column("Status")
        for workload, status in self._statuses.items():
            state = "waiting"
            if status.done:
                state = "[green]done[/]"
            elif status.failure:
                state = "[red]failed[/]"
            table.add_row(
                workload.describe(),
                f"{status.updated}/{status.desired}",
                f"{status.ready}/{status.desired}",
                f"{state}: {status.message}",
            )
        return table

    def status(self, workload: Workload, status: RolloutStatus) -> None:
        self._statuses[workload] = status
        self._live.update(self._table())

    def event(self, workload: Workload, event: dict[str, Any]) -> None:
        from rich.markup import escape

        self._live.console.print(f"[yellow]warning[/] {escape(workload.describe())}: {escape(self.mask(describe_event(event)))}")

    def note(self, message: str) -> None:
        from rich.markup import escape

        self._live.console.print(f"[yellow]{escape(self.mask(message))}[/]")
