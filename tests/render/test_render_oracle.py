"""Every example's templates render byte for byte as Harness's go-template (the Go oracle) renders them."""

from pathlib import Path

import pytest

from kubeship.expressions import ArtifactContext, InfraContext, build_context, resolve_text
from kubeship.render import RenderRequest, load_service_directory, render_service
from tests.support.cli import REPO_ROOT

# Service directories only: tests/render/helm checks the Helm chart example against Helm.
EXAMPLES = sorted(path for path in (REPO_ROOT / "examples").iterdir()
                  if (path / "values.yaml").is_file() and not (path / "Chart.yaml").is_file())

PRIVATE = ArtifactContext(
    image="registry.example.com:5000/team/web:1.4.2",
    tag="1.4.2",
    repository_name="team/web",
    registry_url="https://registry.example.com:5000/",
    username="deploy-bot",
    dockerconfig="eyJodHRwczovL3JlZ2lzdHJ5LmV4YW1wbGUuY29tOjUwMDAvIjp7fX0=",
    dockerconfigjson="eyJhdXRocyI6e319",
)
PUBLIC = ArtifactContext(
    image="nginx:1.25", tag="1.25", repository_name="library/nginx",
    registry_url="https://index.docker.io/v1/", username="", dockerconfig="", dockerconfigjson="",
)

# Each scenario is an artifact and an override values file (Harness's go-template takes -f files, no --set).
SCENARIOS = {
    "private image": (PRIVATE, ""),
    "public image": (PUBLIC, ""),
    "pull secret switch on": (PRIVATE, "createImagePullSecret: true\n"),
    "no config, one replica": (PRIVATE, "env:\n  config: null\nreplicas: 1\n"),
    "empty dockercfg override": (PRIVATE, 'dockercfg: ""\n'),
}


@pytest.mark.oracle
@pytest.mark.parametrize("example", EXAMPLES, ids=[path.name for path in EXAMPLES])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=list(SCENARIOS))
def test_example_matches_go(oracle, tmp_path, example: Path, scenario: str):
    artifact, override = SCENARIOS[scenario]
    override_file = tmp_path / "override.yaml"
    override_file.write_text(override)
    result = render_service(
        RenderRequest(service_dir=example, namespace="team-ns", artifact=artifact, values_files=(override_file,))
    )
    context = build_context(artifact=artifact, infra=InfraContext(namespace="team-ns"))
    resolved_values = resolve_text((example / "values.yaml").read_text(), context, path="values.yaml")

    service = load_service_directory(example)
    assert service.manifests, f"{example} has no manifests"
    for manifest_file in service.manifests:
        go = oracle.render(
            manifest_file.text,
            engine="gotemplate",
            name=str(example / manifest_file.relative_path),
            values=[("values.yaml", resolved_values), ("override.yaml", override)],
        )
        assert result.rendered_text[manifest_file.relative_path] == go.text, manifest_file.relative_path
