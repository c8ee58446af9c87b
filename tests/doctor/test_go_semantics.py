"""The Go behaviours the keyring depends on: filepath.Match, url.Parse, net.SplitHostPort, base64."""

from __future__ import annotations

import pytest

from kubeship.doctor.dockerconfig import DockerConfigError, decode_auth_field, go_base64_decode
from kubeship.doctor.glob import BadPattern, glob_match
from kubeship.doctor.urls import URLError, parse_url, split_host_port
from kubeship.doctor import explain_image_pull
from kubeship.registry import parse_challenges


@pytest.mark.parametrize(
    ("pattern", "name", "matched"),
    [
        ("abc", "abc", True),
        ("*", "abc", True),
        ("*c", "abc", True),
        ("a*", "a", True),
        ("a*/b", "abc/b", True),
        ("a*/b", "a/c/b", False),
        ("a*b*c*d*e*/f", "axbxcxdxe/f", True),
        ("ab[c]", "abc", True),
        ("ab[b-d]", "abc", True),
        ("ab[e-g]", "abc", False),
        ("ab[^c]", "abc", False),
        ("ab[^e-g]", "abc", True),
        ("a?b", "a☺b", True),
        ("a[^a]b", "a☺b", True),
        ("a???b", "a☺b", False),
        ("a\\*b", "a*b", True),
        ("a\\*b", "ab", False),
        ("[a-ζ]*", "α", True),
        ("*[a-ζ]", "A", False),
        ("a?b", "a/b", False),
        ("a*b", "a/b", False),
    ],
)
def test_glob_match_follows_go(pattern: str, name: str, matched: bool) -> None:
    assert glob_match(pattern, name) is matched


@pytest.mark.parametrize(
    ("pattern", "name"),
    [("[", "a"), ("[^", "a"), ("[^bc", "a"), ("a[", "a"), ("a[", "ab"), ("a[", "x"), ("a/[", "a/b"), ("*x[", "xy"), ("\\", "a"), ("[]a]", "]"), ("[-]", "-"), ("[x-]", "x")],
)
def test_glob_bad_pattern_always_raises(pattern: str, name: str) -> None:
    with pytest.raises(BadPattern):
        glob_match(pattern, name)


def test_url_parse_host_path_and_escapes() -> None:
    parsed = parse_url("https://user@Registry.Example.com:5000/te%61m/app?x=1#frag")

    assert parsed.host == "Registry.Example.com:5000"
    assert parsed.path == "/team/app"


@pytest.mark.parametrize(
    "raw",
    ["https://registry example.com", "https://registry.example.com:port", "https://[::1", "https://a%zz.com",
     "https://reg^x.example.com", "https://a\x01b.com", "https://a%41.com"],
)
def test_url_parse_rejects_what_go_rejects(raw: str) -> None:
    with pytest.raises(URLError):
        parse_url(raw)


@pytest.mark.parametrize(
    ("hostport", "expected"),
    [("example.com:5000", ("example.com", "5000")), ("[::1]:5000", ("::1", "5000")), ("example.com:", ("example.com", ""))],
)
def test_split_host_port(hostport: str, expected: tuple[str, str]) -> None:
    assert split_host_port(hostport) == expected


@pytest.mark.parametrize("hostport", ["example.com", "[::1]", "::1", "[::1]x:5", "a[b]:5"])
def test_split_host_port_errors(hostport: str) -> None:
    with pytest.raises(URLError):
        split_host_port(hostport)


def test_base64_padded_and_raw() -> None:
    assert go_base64_decode("dXNlcjpwdw==", padded=True) == b"user:pw"
    assert go_base64_decode("dXNlcjpw\ndw==", padded=True) == b"user:pw"
    assert go_base64_decode("dXNlcjpwdw", padded=False) == b"user:pw"
    for text, padded in (("dXNlcjpwdw", True), ("dXNlcjpwdw==", False), ("dXNlcjpwd", False), ("dXNl cjpwdw==", True)):
        with pytest.raises(ValueError):
            go_base64_decode(text, padded=padded)


def test_auth_field_error_never_quotes_the_value() -> None:
    with pytest.raises(DockerConfigError) as raised:
        decode_auth_field("c2VjcmV0LXZhbHVl", "registry.example.com")

    assert "c2VjcmV0LXZhbHVl" not in str(raised.value)
    assert "secret-value" not in str(raised.value)


def test_challenge_parsing_with_quotes_and_several_schemes() -> None:
    challenges = parse_challenges(
        'Basic realm="a, b", Bearer realm="https://auth.example.com/token",service="registry.example.com",'
        'scope="repository:team/web:pull",error="insufficient_scope"'
    )

    assert [challenge.scheme for challenge in challenges] == ["basic", "bearer"]
    assert challenges[0].realm == "a, b"
    assert challenges[1].parameters["scope"] == "repository:team/web:pull"
    assert challenges[1].parameters["error"] == "insufficient_scope"


def test_explain_image_pull_with_cluster_secrets() -> None:
    import base64
    import json

    payload = json.dumps({"auths": {"registry.example.com": {"username": "robot", "password": "explain-password"}}})
    secret = {
        "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "regcred", "namespace": "app"},
        "type": "kubernetes.io/dockerconfigjson",
        "data": {".dockerconfigjson": base64.b64encode(payload.encode()).decode()},
    }

    found = explain_image_pull("registry.example.com/team/web:1", [secret])
    missing = explain_image_pull("registry.example.com/team/web:1", [secret], secret_names=["regcred", "gone"])

    assert (found.verdict, [source.secret for source in found.credentials]) == ("ok", ["regcred"])
    assert missing.verdict == "warning"
    assert "gone" in missing.reason
