"""Pull prediction details: namespaces, List objects, and keys no input can crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kubeship.doctor import Keyring, diagnose, normalize_key
from kubeship.doctor.glob import BadPattern, glob_match
from kubeship.doctor.dockerconfig import DockerConfigEntry
from kubeship.manifests import parse_documents

SECRET = """
apiVersion: v1
kind: Secret
metadata: {name: regcred, namespace: app}
type: kubernetes.io/dockerconfigjson
stringData:
  .dockerconfigjson: '{"auths": {"registry.example.com": {"username": "robot", "password": "predict-password"}}}'
"""

POD = """
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  imagePullSecrets: [{name: regcred}]
  containers: [{name: web, image: registry.example.com/team/web:1}]
"""


def test_default_namespace_joins_pod_and_secret() -> None:
    manifests = parse_documents(SECRET + "---" + POD, "app.yaml")

    in_app = diagnose(manifests, namespace="app").pulls[0]
    elsewhere = diagnose(manifests, namespace="other").pulls[0]

    assert [source.secret for source in in_app.credentials] == ["regcred"]
    assert elsewhere.verdict == "warning"
    assert "neither rendered nor declared" in elsewhere.reason


def test_list_items_are_read() -> None:
    listing = """
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: a, image: "nginx:1.27"}]}}
  - {apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {containers: [{name: b, image: "busybox:1.36"}]}}
"""
    pulls = diagnose(parse_documents(listing, "list.yaml")).pulls

    assert [(pull.workload, pull.repository) for pull in pulls] == [("Pod/a", "library/nginx"), ("Pod/b", "library/busybox")]


REPOSITORIES = ["docker.io/library/nginx", "registry.example.com/team/app", "[::1]:5000/app", "localhost/app", "10.0.0.1:5000/a"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=5))
def test_keyring_never_raises_for_any_key(keys: list[str]) -> None:
    keyring = Keyring()
    keyring.add("s", {key: DockerConfigEntry("user", "password") for key in keys})

    for repository in REPOSITORIES:
        lookup = keyring.lookup(repository)
        assert all(credential.key in keys for credential in lookup.credentials)
    for key in keys:
        normalized = normalize_key(key)
        assert normalized is None or isinstance(normalized, str)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab*?[]^-\\/", max_size=10), st.text(alphabet="ab/-", max_size=8))
def test_glob_match_returns_or_raises_bad_pattern(pattern: str, name: str) -> None:
    try:
        result = glob_match(pattern, name)
    except BadPattern:
        return
    assert isinstance(result, bool)
