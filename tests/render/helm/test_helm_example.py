"""The example chart renders as Helm v3.21 (the Go oracle) renders it, for several deploy scenarios."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kubeship.expressions import InfraContext, build_context, resolve_text
from kubeship.render import RenderRequest, render_service
from tests.render.helm.charts import comparable, printed_manifests
from tests.render.test_render_oracle import PRIVATE as PRIVATE_1_4_2
from tests.render.test_render_oracle import PUBLIC
from tests.support.cli import REPO_ROOT
from tests.support.oracle import oracle  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.oracle

EXAMPLE = REPO_ROOT / "examples" / "helm-chart"
DEPLOY_VALUES = EXAMPLE / "values-kubeship.yaml"

# A tag that YAML would read as the number 1.1 unless the values file quotes it.
PRIVATE = replace(PRIVATE_1_4_2, image="registry.example.com:5000/team/web:1.10", tag="1.10")

# Each scenario: the artifact, --set flags, the release name and the namespace.
SCENARIOS = {
    "private image": (PRIVATE, [], "release-name", "default"),
    "public image": (PUBLIC, [], "shop", "apps"),
    "no redis and one replica": (PRIVATE, ["redis.enabled=false", "replicaCount=1"], "web", "apps"),
    "image from repository and tag": (PUBLIC, ["image.reference=", "image.tag=2.0.1"], "web", "default"),
}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=list(SCENARIOS))
def test_example_chart_matches_helm(oracle, scenario: str) -> None:
    artifact, set_values, release_name, namespace = SCENARIOS[scenario]
    result = render_service(RenderRequest(
        service_dir=EXAMPLE, namespace=namespace, artifact=artifact, values_files=(DEPLOY_VALUES,),
        set_values=tuple(set_values), release_name=release_name,
    ))
    context = build_context(artifact=artifact, infra=InfraContext(namespace=namespace))
    resolved = resolve_text(DEPLOY_VALUES.read_text(), context, path=str(DEPLOY_VALUES))

    helm = oracle.render(None, engine="helm", chart={"path": str(EXAMPLE)}, values=[("values-kubeship.yaml", resolved)],
                         set=set_values, release={"name": release_name, "namespace": namespace}, helm_template=True)
    assert helm.ok, helm.error
    assert sorted(result.rendered_text) == sorted(helm.outputs)
    for name, text in helm.outputs.items():
        assert result.rendered_text[name] == text, name
    assert comparable([(m.source, m.obj) for m in result.manifests]) == comparable(printed_manifests(helm.manifest))


def test_example_chart_renders_its_parts() -> None:
    result = render_service(RenderRequest(service_dir=EXAMPLE, artifact=PRIVATE, values_files=(DEPLOY_VALUES,)))
    sources = {manifest.source for manifest in result.manifests}

    assert "web/templates/pull-secret.yaml" in sources
    assert "web/charts/redis/templates/deployment.yaml" in sources
    assert "web/templates/NOTES.txt" in result.rendered_text
    assert not any(source.endswith("NOTES.txt") or "/_" in source for source in sources)
    deployment = next(m.obj for m in result.manifests if m.source == "web/templates/deployment.yaml")
    assert deployment["spec"]["template"]["spec"]["containers"][0]["image"] == PRIVATE.image
