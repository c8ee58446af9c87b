"""Cloud registry credentials: ECR through moto, Google and Azure token endpoints on a loopback server.

No test here reaches a real cloud. boto3 runs inside moto's in-process mock.
google-auth posts to the ``token_uri`` of a service-account key that names a
loopback server. The ACR exchange goes to a registry host on 127.0.0.1 that
``KUBESHIP_REGISTRY_KINDS`` declares as ACR.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kubeship.credentials import CredentialError, CredentialOptions, credential_for, expiry_warning, registry_kind
from kubeship.pullsecret import DOCKERCONFIGJSON, build_pull_secret

ECR_HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"


@pytest.fixture
def cloud_options(options: CredentialOptions) -> CredentialOptions:
    options.environ["KUBESHIP_CLOUD_SDK"] = "on"
    return options


class TokenServer:
    """A loopback HTTP server that records requests and replies to each path with a handler function."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.handlers: dict[str, callable] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                server.requests.append((self.path, form))
                status, body = server.handlers[self.path](form)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> TokenServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def token_server() -> Iterator[TokenServer]:
    with TokenServer() as server:
        yield server


# --- host patterns ---


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        (ECR_HOST, "ecr"),
        ("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "ecr"),
        ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "ecr"),
        ("gcr.io", "gcr"),
        ("eu.gcr.io", "gcr"),
        ("europe-west1-docker.pkg.dev", "gcr"),
        ("myregistry.azurecr.io", "acr"),
        ("ghcr.io", "ghcr"),
        ("registry.example.com", None),
        ("dkr.ecr.eu-west-1.amazonaws.com", None),
        ("notgcr.io", None),
        ("azurecr.io", None),
    ],
)
def test_registry_kind_patterns(host: str, kind: str | None) -> None:
    assert registry_kind(host, {}) == kind


def test_registry_kind_declared_for_custom_domain() -> None:
    assert registry_kind("registry.corp.example", {"KUBESHIP_REGISTRY_KINDS": "registry.corp.example=acr"}) == "acr"
    with pytest.raises(CredentialError, match="KUBESHIP_REGISTRY_KINDS"):
        registry_kind("x", {"KUBESHIP_REGISTRY_KINDS": "x=quay"})


def test_sdk_chains_off_is_a_miss(options: CredentialOptions) -> None:
    lookup = credential_for(f"{ECR_HOST}/web:1", options)
    assert lookup.credential is None
    assert "KUBESHIP_CLOUD_SDK=off" in lookup.explain()


# --- ECR through moto ---


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield


def test_ecr_token(aws, cloud_options: CredentialOptions) -> None:
    lookup = credential_for(f"{ECR_HOST}/team/web:1.4.2", cloud_options)
    credential = lookup.credential
    assert credential.username == "AWS"
    assert credential.password == "123456789012-auth-token"
    assert credential.scope == ECR_HOST
    assert credential.source.startswith("ECR GetAuthorizationToken")
    # moto returns a fixed expiry.
    assert credential.expires_at == dt.datetime(2015, 1, 1, tzinfo=dt.timezone.utc)


def test_ecr_expiry_annotation_and_warning(aws, cloud_options: CredentialOptions) -> None:
    credential = credential_for(f"{ECR_HOST}/web:1", cloud_options).credential
    secret = build_pull_secret([credential], name="ecr", payload_type=DOCKERCONFIGJSON)
    assert secret["metadata"]["annotations"] == {"kubeship.io/credentials-expire-at": "2015-01-01T00:00:00Z"}

    twelve_hours_before = dt.datetime(2014, 12, 31, 12, 0, tzinfo=dt.timezone.utc)
    assert expiry_warning(credential, twelve_hours_before, dt.timedelta(minutes=10)) is None
    five_minutes_before = dt.datetime(2014, 12, 31, 23, 55, tzinfo=dt.timezone.utc)
    warning = expiry_warning(credential, five_minutes_before, dt.timedelta(minutes=10))
    assert "in 5 min" in warning
    assert "run kubeship again" in warning
    after = dt.datetime(2015, 1, 1, 0, 1, tzinfo=dt.timezone.utc)
    assert "expired at 2015-01-01T00:00:00Z" in expiry_warning(credential, after, dt.timedelta(minutes=10))


def test_ecr_without_aws_credentials_is_miss(cloud_options: CredentialOptions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # moto supplies credentials of its own, so this runs without it: boto3 stops before sending anything,
    # and the endpoint is a closed loopback port in case it did not.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    lookup = credential_for(f"{ECR_HOST}/web:1", cloud_options)
    assert lookup.credential is None
    assert "no AWS credentials" in lookup.explain()


def test_docker_config_wins_over_ecr(aws, cloud_options: CredentialOptions, home: Path) -> None:
    from tests.credentials.conftest import b64, write_docker_config

    write_docker_config(home, {"auths": {ECR_HOST: {"auth": b64("AWS:from-docker-login")}}})
    assert credential_for(f"{ECR_HOST}/web:1", cloud_options).credential.password == "from-docker-login"


# --- Google: service-account key and access token from a loopback token endpoint ---


def service_account_key(token_uri: str) -> tuple[dict, rsa.RSAPrivateKey]:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    key = {
        "type": "service_account",
        "project_id": "kubeship-test",
        "private_key_id": "0123456789abcdef",
        "private_key": pem,
        "client_email": "puller@kubeship-test.iam.gserviceaccount.com",
        "client_id": "1234567890",
        "token_uri": token_uri,
    }
    return key, private_key


def test_gcp_json_key(cloud_options: CredentialOptions, tmp_path: Path) -> None:
    key, _ = service_account_key("http://127.0.0.1:9/token")
    path = tmp_path / "key.json"
    path.write_text(json.dumps(key, indent=2))
    cloud_options.environ["KUBESHIP_GCP_SERVICE_ACCOUNT_KEY"] = str(path)
    credential = credential_for("europe-west1-docker.pkg.dev/proj/repo/web:1", cloud_options).credential
    assert credential.username == "_json_key"
    assert "\n" not in credential.password
    assert json.loads(credential.password) == key
    assert credential.expires_at is None


def test_gcp_json_key_wrong_type_is_error(cloud_options: CredentialOptions, tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_text(json.dumps({"type": "authorized_user"}))
    cloud_options.environ["KUBESHIP_GCP_SERVICE_ACCOUNT_KEY"] = str(path)
    with pytest.raises(CredentialError, match="not a service-account key"):
        credential_for("gcr.io/proj/web:1", cloud_options)


def test_gcp_access_token_from_token_endpoint(
    cloud_options: CredentialOptions, token_server: TokenServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, private_key = service_account_key(f"http://{token_server.host}/token")
    public_key = private_key.public_key()

    def issue_token(form: dict) -> tuple[int, dict]:
        # google-auth addresses the assertion to Google's token endpoint whatever token_uri is, so aud is not checked.
        claims = jwt.decode(form["assertion"][0], public_key, algorithms=["RS256"], options={"verify_aud": False})
        if form["grant_type"] != ["urn:ietf:params:oauth:grant-type:jwt-bearer"] or claims["iss"] != key["client_email"]:
            return 400, {"error": "invalid_grant"}
        return 200, {"access_token": "ya29.loopback-token", "expires_in": 3599, "token_type": "Bearer"}

    token_server.handlers["/token"] = issue_token
    path = tmp_path / "adc.json"
    path.write_text(json.dumps(key))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))

    before = dt.datetime.now(dt.timezone.utc)
    credential = credential_for("gcr.io/kubeship-test/web:1", cloud_options).credential
    assert credential.username == "oauth2accesstoken"
    assert credential.password == "ya29.loopback-token"
    assert len(token_server.requests) == 1
    assert dt.timedelta(minutes=50) < credential.expires_at - before < dt.timedelta(minutes=61)


def test_gcp_token_endpoint_rejection_is_error(
    cloud_options: CredentialOptions, token_server: TokenServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, _ = service_account_key(f"http://{token_server.host}/token")
    token_server.handlers["/token"] = lambda form: (400, {"error": "invalid_grant", "error_description": "revoked"})
    path = tmp_path / "adc.json"
    path.write_text(json.dumps(key))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))
    with pytest.raises(CredentialError, match="Google access token"):
        credential_for("gcr.io/kubeship-test/web:1", cloud_options)


# --- Azure: ACR token exchange on a loopback registry host ---


def unsigned_jwt(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.signature"


def test_acr_exchange_for_refresh_token(cloud_options: CredentialOptions, token_server: TokenServer) -> None:
    expires = dt.datetime(2030, 1, 1, 3, 0, tzinfo=dt.timezone.utc)
    refresh_token = unsigned_jwt({"exp": int(expires.timestamp()), "aud": token_server.host})
    entra_token = unsigned_jwt({"aud": "https://management.azure.com", "tid": "tenant-1"})

    def exchange(form: dict) -> tuple[int, dict]:
        expected = {"grant_type": ["access_token"], "service": [token_server.host], "access_token": [entra_token], "tenant": ["tenant-1"]}
        return (200, {"refresh_token": refresh_token}) if form == expected else (400, {"error": "bad request"})

    token_server.handlers["/oauth2/exchange"] = exchange
    cloud_options.environ.update(
        KUBESHIP_REGISTRY_KINDS=f"{token_server.host}=acr",
        KUBESHIP_AZURE_ACCESS_TOKEN=entra_token,
        AZURE_TENANT_ID="tenant-1",
    )
    credential = credential_for(f"{token_server.host}/team/web:1", cloud_options).credential
    assert credential.username == "00000000-0000-0000-0000-000000000000"
    assert credential.password == refresh_token
    assert credential.expires_at == expires
    assert token_server.requests[0][0] == "/oauth2/exchange"


def test_acr_exchange_rejected_is_error(cloud_options: CredentialOptions, token_server: TokenServer) -> None:
    token_server.handlers["/oauth2/exchange"] = lambda form: (401, {"errors": [{"code": "UNAUTHORIZED"}]})
    cloud_options.environ.update(KUBESHIP_REGISTRY_KINDS=f"{token_server.host}=acr", KUBESHIP_AZURE_ACCESS_TOKEN="entra")
    with pytest.raises(CredentialError, match="HTTP 401"):
        credential_for(f"{token_server.host}/web:1", cloud_options)


def test_acr_service_principal(cloud_options: CredentialOptions) -> None:
    cloud_options.environ.update(AZURE_CLIENT_ID="app-id", AZURE_CLIENT_SECRET="app-secret")
    credential = credential_for("myregistry.azurecr.io/web:1", cloud_options).credential
    assert (credential.username, credential.password) == ("app-id", "app-secret")


# --- GHCR ---


def test_ghcr_token(cloud_options: CredentialOptions) -> None:
    cloud_options.environ.update(GITHUB_TOKEN="ghp_test", GITHUB_ACTOR="octocat")
    credential = credential_for("ghcr.io/octocat/web:1", cloud_options).credential
    assert (credential.username, credential.password) == ("octocat", "ghp_test")


def test_ghcr_miss_logs_no_fetch(cloud_options: CredentialOptions, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="kubeship")
    lookup = credential_for("ghcr.io/octocat/web:1", cloud_options)
    assert lookup.credential is None
    assert [record.getMessage() for record in caplog.records] == []


def test_ghcr_token_without_user_is_error(cloud_options: CredentialOptions) -> None:
    cloud_options.environ["GH_TOKEN"] = "ghp_test"
    with pytest.raises(CredentialError, match="no GitHub user name"):
        credential_for("ghcr.io/octocat/web:1", cloud_options)
