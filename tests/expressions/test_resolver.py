from pathlib import Path

import pytest
import yaml

from kubeship.errors import InputError
from kubeship.expressions import ArtifactContext, InfraContext, ResolveOptions, build_context, resolve_text

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text())

SECRETS = {"db-password": "s3cr3t", "db-team-ns": "ns-secret"}


def make_context():
    artifact = ArtifactContext(
        image="registry.example.com:5000/team/web:1.4.2",
        tag="1.4.2",
        repository_name="team/web",
        registry_url="https://registry.example.com:5000/",
        username="deploy-bot",
        dockerconfig="ZG9ja2VyY2Zn",
        dockerconfigjson="ZG9ja2VyY29uZmlnanNvbg==",
        labels={"team": "payments"},
    )
    return build_context(
        artifact=artifact,
        infra=InfraContext(namespace="team-ns"),
        service_variables={"replicas": 3, "enabled": True},
        secret_lookup=SECRETS.get,
    )


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_resolve_text_case(case):
    context = make_context()
    if "error" in case:
        with pytest.raises(InputError) as raised:
            resolve_text(case["text"], context, path="values.yaml")
        assert case["error"] in raised.value.message
        assert str(raised.value.position) == case["position"]
    else:
        assert resolve_text(case["text"], context, path="values.yaml") == case["expected"]


def test_allow_unresolved_keeps_text():
    text = "a: ${artifact.metadata.sha}\nb: ${artifact.metadata.tag}"
    resolved = resolve_text(text, make_context(), path="values.yaml", options=ResolveOptions(allow_unresolved=True))
    assert resolved == "a: ${artifact.metadata.sha}\nb: 1.4.2"


def test_no_artifact_means_artifact_unresolved():
    context = build_context(artifact=None, infra=InfraContext(namespace="default"))
    with pytest.raises(InputError) as raised:
        resolve_text("image: ${artifact.metadata.image}", context, path="values.yaml")
    assert "unknown name 'artifact'" in raised.value.message
