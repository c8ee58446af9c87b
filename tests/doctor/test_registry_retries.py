"""Retries, backoff and timeouts of the registry client, against loopback servers the tests start."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kubeship.registry import check_pull

DIGEST = "sha256:" + "a" * 64


class FlakyRegistry(BaseHTTPRequestHandler):
    """Return 503 to the first ``failures`` requests, then serve /v2/ and one manifest without auth."""

    failures = 0
    seen: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def _respond(self) -> None:
        FlakyRegistry.seen.append(f"{self.command} {self.path}")
        if len(FlakyRegistry.seen) <= FlakyRegistry.failures:
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Docker-Content-Digest", DIGEST)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = _respond
    do_HEAD = _respond


@pytest.fixture
def flaky_registry() -> Iterator[str]:
    FlakyRegistry.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FlakyRegistry)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_client_retries_503_then_succeeds(flaky_registry: str) -> None:
    FlakyRegistry.failures = 2

    check = check_pull(flaky_registry, "team/web", "1.0", insecure_hosts=[flaky_registry], backoff=0.01)

    assert check.status == "ok"
    assert check.digest == DIGEST
    assert FlakyRegistry.seen == ["GET /v2/", "GET /v2/", "GET /v2/", "HEAD /v2/team/web/manifests/1.0"]


def test_client_gives_up_after_bounded_attempts(flaky_registry: str) -> None:
    FlakyRegistry.failures = 100

    check = check_pull(flaky_registry, "team/web", "1.0", insecure_hosts=[flaky_registry], attempts=3, backoff=0.01)

    assert check.status == "error"
    assert check.http_status == 503
    assert len(FlakyRegistry.seen) == 3


def test_client_times_out_on_a_silent_server() -> None:
    # A listening socket that never accepts: the connection opens but no response ever comes.
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    host = f"127.0.0.1:{silent.getsockname()[1]}"
    try:
        check = check_pull(host, "team/web", "1.0", insecure_hosts=[host], timeout=0.3, attempts=2, backoff=0.01)
    finally:
        silent.close()

    assert check.status == "unreachable"
    assert "ReadTimeout" in check.message
