"""``kubeship doctor --verify`` against Debian's docker-registry on 127.0.0.1.

The htpasswd cases use the session registry (``REGISTRY_USERS``, image ``team/web:1.4.2``).
The token cases start a token server and a registry with ``auth: token`` that trusts the
server's certificate. The server lets ``reader`` pull ``team/web`` only.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kubeship.registry import RegistryClient, RegistryCredentials, check_pull
from tests.support.cli import run_kubeship
from tests.support.registry import REGISTRY_USERS, TestRegistry, free_port
from tests.support.token_server import TokenServer, TokenUser, start_token_server

pytestmark = pytest.mark.registry

USER = "deploy-bot"
PASSWORD = REGISTRY_USERS[USER]


def _pod_manifests(image: str, credentials: list[tuple[str, str, str]]) -> str:
    """Return a pod pulling ``image`` with one dockerconfigjson Secret per (secret name, key, user:password)."""
    documents = []
    for name, key, login in credentials:
        auth = base64.b64encode(login.encode()).decode()
        payload = json.dumps({"auths": {key: {"auth": auth}}})
        documents.append(
            {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name},
             "type": "kubernetes.io/dockerconfigjson",
             "data": {".dockerconfigjson": base64.b64encode(payload.encode()).decode()}}
        )
    documents.append(
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
         "spec": {"imagePullSecrets": [{"name": name} for name, _, _ in credentials],
                  "containers": [{"name": "web", "image": image}]}}
    )
    return "\n---\n".join(json.dumps(document) for document in documents)


def _verify(manifests: str, *insecure: str) -> tuple[int, dict, str]:
    arguments = ["doctor", "--verify", "-o", "json", "-"]
    for host in insecure:
        arguments += ["--insecure-registry", host]
    result = run_kubeship(arguments, stdin=manifests)
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1), output
    return result.returncode, json.loads(result.stdout)["pulls"][0], output


def test_verify_htpasswd_right_credentials(registry: TestRegistry) -> None:
    manifests = _pod_manifests(registry.image("team/web", "1.4.2"), [("regcred", registry.host, f"{USER}:{PASSWORD}")])

    code, pull, output = _verify(manifests, registry.host)

    assert code == 0
    assert pull["verdict"] == "ok"
    assert [check["status"] for check in pull["verification"]] == ["ok"]
    assert registry.images["team/web:1.4.2"] in pull["verification"][0]["message"]
    assert PASSWORD not in output


def test_verify_htpasswd_wrong_password(registry: TestRegistry) -> None:
    manifests = _pod_manifests(registry.image("team/web", "1.4.2"), [("regcred", registry.host, f"{USER}:wrong-password")])

    code, pull, output = _verify(manifests, registry.host)

    assert code == 1
    assert pull["verdict"] == "will fail"
    check = pull["verification"][0]
    assert (check["status"], check["httpStatus"], check["errorCode"]) == ("unauthorized", 401, "UNAUTHORIZED")
    assert check["message"] == "the registry rejected the credentials (authentication required)"
    assert "wrong-password" not in output


def test_verify_htpasswd_missing_tag(registry: TestRegistry) -> None:
    manifests = _pod_manifests(registry.image("team/web", "9.9.9"), [("regcred", registry.host, f"{USER}:{PASSWORD}")])

    code, pull, _ = _verify(manifests, registry.host)

    assert code == 1
    check = pull["verification"][0]
    assert (check["status"], check["httpStatus"], check["errorCode"]) == ("not found", 404, "MANIFEST_UNKNOWN")
    assert "9.9.9" in check["message"]
    assert pull["reason"].startswith("no credential the kubelet tries can pull: ")


def test_verify_htpasswd_missing_repository(registry: TestRegistry) -> None:
    manifests = _pod_manifests(registry.image("team/absent", "1.0"), [("regcred", registry.host, f"{USER}:{PASSWORD}")])

    code, pull, _ = _verify(manifests, registry.host)

    assert code == 1
    check = pull["verification"][0]
    assert (check["status"], check["httpStatus"], check["errorCode"]) == ("not found", 404, "NAME_UNKNOWN")
    assert "team/absent" in check["message"]


def test_verify_htpasswd_anonymous_is_unauthorized(registry: TestRegistry) -> None:
    code, pull, _ = _verify(_pod_manifests(registry.image("team/web", "1.4.2"), []), registry.host)

    assert code == 1
    assert pull["credentials"] == []
    assert [check["credential"] for check in pull["verification"]] == ["anonymous"]
    assert pull["verification"][0]["status"] == "unauthorized"
    assert pull["verification"][0]["message"] == "authentication required"


def test_verify_tries_credentials_in_kubelet_order(registry: TestRegistry) -> None:
    # The key with a path sorts first, so its wrong password is tried before the right one.
    manifests = _pod_manifests(
        registry.image("team/web", "1.4.2"),
        [("right", registry.host, f"{USER}:{PASSWORD}"), ("wrong", f"{registry.host}/team", f"{USER}:nope-nope")],
    )

    code, pull, _ = _verify(manifests, registry.host)

    assert code == 0
    assert [check["credential"] for check in pull["verification"]] == [
        f"Secret wrong key {registry.host}/team",
        f"Secret right key {registry.host}",
    ]
    assert [check["status"] for check in pull["verification"]] == ["unauthorized", "ok"]


def test_verify_password_with_special_characters(registry: TestRegistry) -> None:
    login = f"quoting:{REGISTRY_USERS['quoting']}"
    manifests = _pod_manifests(registry.image("team/web", "1.4.2"), [("regcred", registry.host, login)])

    code, pull, output = _verify(manifests, registry.host)

    assert code == 0
    assert pull["verification"][0]["status"] == "ok"
    assert REGISTRY_USERS["quoting"] not in output


def test_verify_closed_port_is_unreachable() -> None:
    host = f"127.0.0.1:{free_port()}"  # picked, then closed again: nothing listens there
    manifests = _pod_manifests(f"{host}/team/web:1.4.2", [("regcred", host, f"{USER}:{PASSWORD}")])

    code, pull, _ = _verify(manifests, host)

    assert code == 0
    assert pull["verdict"] == "cannot tell"
    assert pull["verification"][0]["status"] == "unreachable"


def test_verify_requires_https_unless_insecure(registry: TestRegistry) -> None:
    manifests = _pod_manifests(registry.image("team/web", "1.4.2"), [("regcred", registry.host, f"{USER}:{PASSWORD}")])

    code, pull, _ = _verify(manifests)

    assert pull["verification"][0]["status"] in ("unreachable", "error")
    assert pull["verdict"] != "ok"


def test_verify_plain_http_registry_suggests_insecure(registry: TestRegistry) -> None:
    manifests = _pod_manifests(registry.image("team/web", "1.4.2"), [("regcred", registry.host, f"{USER}:{PASSWORD}")])

    code, pull, output = _verify(manifests)

    assert code == 0
    assert pull["verdict"] == "cannot tell"
    assert pull["verification"][0]["status"] == "unreachable"
    assert "responded in plain HTTP" in pull["verification"][0]["message"]
    assert pull["fix"] == f"pass --insecure-registry {registry.host} if the registry serves plain HTTP"
    # The same response comes on every attempt, so kubeship does not retry.
    assert "retrying" not in output


# Token authentication


@pytest.fixture(scope="module")
def token_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestRegistry, TokenServer]]:
    from tests.support.registry import _start_or_fail

    work_dir = tmp_path_factory.mktemp("token-registry")
    users = {
        "admin": TokenUser("admin-password", {"team/web": {"pull", "push"}, "team/private": {"pull", "push"}}),
        "reader": TokenUser("reader-password", {"team/web": {"pull"}}),
    }
    with start_token_server(work_dir / "token-server", users) as tokens:
        with _start_or_fail(work_dir / "registry", {"admin": "admin-password"}, tokens.registry_auth()) as running:
            running.push_image("team/web", "1.0", "admin")
            running.push_image("team/private", "1.0", "admin")
            yield running, tokens


def test_verify_token_grants_one_repository_and_denies_another(token_registry) -> None:
    registry, tokens = token_registry
    login = "reader:reader-password"

    web_code, web, _ = _verify(
        _pod_manifests(registry.image("team/web", "1.0"), [("regcred", registry.host, login)]), registry.host, tokens.host
    )
    private_code, private, output = _verify(
        _pod_manifests(registry.image("team/private", "1.0"), [("regcred", registry.host, login)]),
        registry.host, tokens.host,
    )

    assert (web_code, web["verdict"], web["verification"][0]["status"]) == (0, "ok", "ok")
    assert (private_code, private["verdict"]) == (1, "will fail")
    check = private["verification"][0]
    assert (check["status"], check["httpStatus"], check["errorCode"]) == ("denied", 401, "UNAUTHORIZED")
    assert "reader-password" not in output


def test_verify_token_wrong_password_is_unauthorized(token_registry) -> None:
    registry, tokens = token_registry
    manifests = _pod_manifests(registry.image("team/web", "1.0"), [("regcred", registry.host, "reader:wrong")])

    code, pull, _ = _verify(manifests, registry.host, tokens.host)

    assert code == 1
    assert pull["verification"][0]["status"] == "unauthorized"
    assert "token server" in pull["verification"][0]["message"]


def test_client_token_request_sends_account_and_scope(token_registry) -> None:
    registry, tokens = token_registry
    credentials = RegistryCredentials("reader", "reader-password")

    with RegistryClient(registry.host, credentials, insecure_hosts=[registry.host, tokens.host]) as client:
        challenge = client.ping()
        tags = client.list_tags("team/web")

    assert challenge is not None
    assert (challenge.scheme, challenge.realm, challenge.parameters["service"]) == ("bearer", tokens.realm, "kubeship-test-registry")
    assert tags == ["1.0"]
    assert tokens.requests[-1] == {"method": "GET", "account": "reader"}


def test_client_refresh_token_uses_oauth_post(token_registry) -> None:
    registry, tokens = token_registry
    credentials = RegistryCredentials("reader", identity_token=tokens.users["reader"].refresh_token)

    check = check_pull(registry.host, "team/web", "1.0", credentials, insecure_hosts=[registry.host, tokens.host])

    assert check.status == "ok"
    assert tokens.requests[-1] == {"method": "POST", "grant_type": "refresh_token"}


def test_client_refresh_token_falls_back_to_get(token_registry) -> None:
    registry, tokens = token_registry
    credentials = RegistryCredentials("reader", identity_token=tokens.users["reader"].refresh_token)
    tokens.accept_post = False
    try:
        check = check_pull(registry.host, "team/web", "1.0", credentials, insecure_hosts=[registry.host, tokens.host])
    finally:
        tokens.accept_post = True

    assert check.status == "ok"
    assert [request["method"] for request in tokens.requests[-2:]] == ["POST", "GET"]


def test_client_rejects_plain_http_token_realm(token_registry) -> None:
    registry, _ = token_registry

    check = check_pull(registry.host, "team/web", "1.0", RegistryCredentials("reader", "reader-password"),
                       insecure_hosts=[registry.host])

    assert check.status == "error"
    assert "not HTTPS" in check.message
