"""A registry token server for tests: signs ES256 JWTs that distribution 2.8 accepts.

``start_token_server`` creates an EC P-256 key and a self-signed certificate for it, and serves
``GET /token`` (Basic credentials or anonymous) and ``POST /token`` (OAuth2
``grant_type=refresh_token``) on 127.0.0.1 with a port it picks. A token grants the intersection
of the requested scopes and the user's permissions, so a user asking for a repository it may not
read gets a token without access, and the registry returns 401 ``insufficient_scope``. The JWT
header carries the key's libtrust key ID as ``kid``, which distribution 2.8 looks up in the
certificate bundle named by ``rootcertbundle``.

The server serves at most ``MAX_REQUESTS`` requests and stops when the test's block ends.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


ISSUER = "kubeship-test-token-server"
SERVICE = "kubeship-test-registry"
TOKEN_LIFETIME_SECONDS = 300
MAX_REQUESTS = 500


@dataclass
class TokenUser:
    """An account of the token server: its password, refresh token and actions per repository."""

    password: str
    repositories: dict[str, set[str]]
    refresh_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))


@dataclass
class TokenServer:
    """A running token server; ``realm`` is its token URL and ``bundle`` the certificate file."""

    host: str
    bundle: Path
    users: dict[str, TokenUser]
    requests: list[dict[str, str]] = field(default_factory=list)
    accept_post: bool = True

    @property
    def realm(self) -> str:
        return f"http://{self.host}/token"

    def registry_auth(self) -> dict:
        """Return the registry's ``auth`` configuration section that trusts this server."""
        return {"token": {"realm": self.realm, "service": SERVICE, "issuer": ISSUER, "rootcertbundle": str(self.bundle)}}


def libtrust_key_id(public_key) -> str:
    """Return the libtrust key ID: SHA-256 of the DER SubjectPublicKeyInfo, 30 bytes, base32, 4-char groups."""
    from cryptography.hazmat.primitives import serialization

    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    encoded = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode().rstrip("=")
    return ":".join(encoded[index : index + 4] for index in range(0, len(encoded), 4))


def _key_and_certificate(directory: Path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ISSUER)])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    bundle = directory / "token-server.pem"
    bundle.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key, bundle


def _granted(user: TokenUser | None, scopes: list[str]) -> list[dict]:
    access = []
    for scope in scopes:
        parts = scope.split(":")
        if len(parts) < 3 or parts[0] != "repository":
            continue
        name, requested = ":".join(parts[1:-1]), set(parts[-1].split(","))
        allowed = user.repositories.get(name, set()) if user else set()
        actions = sorted(requested & allowed)
        if actions:
            access.append({"type": "repository", "name": name, "actions": actions})
    return access


def _make_handler(server: TokenServer, key, key_id: str, budget: threading.Semaphore):
    import jwt

    def sign(subject: str, access: list[dict]) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER, "sub": subject, "aud": SERVICE, "exp": now + TOKEN_LIFETIME_SECONDS,
            "nbf": now - 10, "iat": now, "jti": secrets.token_hex(8), "access": access,
        }
        return jwt.encode(claims, key, algorithm="ES256", headers={"kid": key_id})

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def _reply(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _basic_user(self) -> tuple[str, TokenUser | None] | None:
            """Return (name, user) for valid Basic credentials, ("", None) without credentials, None for wrong ones."""
            header = self.headers.get("Authorization", "")
            if not header.startswith("Basic "):
                return "", None
            name, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            user = server.users.get(name)
            if user is None or secret not in (user.password, user.refresh_token):
                return None
            return name, user

        def do_GET(self) -> None:
            if not budget.acquire(blocking=False):
                self._reply(503, {"error": "request budget used up"})
                return
            query = parse_qs(urlsplit(self.path).query)
            server.requests.append({"method": "GET", "account": query.get("account", [""])[0]})
            found = self._basic_user()
            if found is None:
                self._reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "invalid credentials"}]})
                return
            name, user = found
            self._reply(200, {"token": sign(name, _granted(user, query.get("scope", []))), "expires_in": 300})

        def do_POST(self) -> None:
            if not budget.acquire(blocking=False):
                self._reply(503, {"error": "request budget used up"})
                return
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode())
            server.requests.append({"method": "POST", "grant_type": form.get("grant_type", [""])[0]})
            if not server.accept_post:
                self._reply(404, {"error": "not found"})
                return
            token = form.get("refresh_token", [""])[0]
            match = [(name, user) for name, user in server.users.items() if user.refresh_token == token]
            if form.get("grant_type") != ["refresh_token"] or not match:
                self._reply(401, {"error": "invalid_grant"})
                return
            name, user = match[0]
            scopes = " ".join(form.get("scope", [])).split()
            self._reply(200, {"access_token": sign(name, _granted(user, scopes)), "expires_in": 300})

    return Handler


@contextlib.contextmanager
def start_token_server(work_dir: Path, users: Mapping[str, TokenUser]) -> Iterator[TokenServer]:
    """Serve tokens for ``users`` on 127.0.0.1 until the block ends."""
    work_dir.mkdir(parents=True, exist_ok=True)
    key, bundle = _key_and_certificate(work_dir)
    http_server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server = TokenServer(host=f"127.0.0.1:{http_server.server_address[1]}", bundle=bundle, users=dict(users))
    http_server.RequestHandlerClass = _make_handler(server, key, libtrust_key_id(key.public_key()),
                                                    threading.Semaphore(MAX_REQUESTS))
    thread = threading.Thread(target=http_server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        http_server.shutdown()
        http_server.server_close()
        thread.join(timeout=10)
