"""A rendered pull secret authenticates a real registry client against a real registry."""

import base64
import json
import shutil

import pytest
import yaml

from tests.support.cli import REPO_ROOT, run_kubeship
from tests.support.registry import REGISTRY_USERS, SESSION_IMAGE

EXAMPLE = REPO_ROOT / "examples" / "harness-default"

DOCKERCONFIGJSON_TEMPLATE = """\
{{- if .Values.dockerconfigjson}}
apiVersion: v1
kind: Secret
metadata:
  name: {{.Values.name}}-registry
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: {{.Values.dockerconfigjson}}
{{- end}}
"""


@pytest.fixture
def service_with_both_secret_types(tmp_path):
    service = tmp_path / "service"
    shutil.copytree(EXAMPLE, service)
    (service / "templates" / "registry-secret.yaml").write_text(DOCKERCONFIGJSON_TEMPLATE)
    with (service / "values.yaml").open("a") as values:
        values.write("dockerconfigjson: ${artifact.source.dockerconfigjson}\n")
    return service


def render_secrets(service, image, username, password, tmp_path):
    docker_dir = tmp_path / "docker"
    docker_dir.mkdir(exist_ok=True)
    (docker_dir / "config.json").write_text("{}")
    result = run_kubeship(
        ["render", str(service), "--image", image, "--registry-username", username, "--registry-password-stdin"],
        stdin=password,
        env={"DOCKER_CONFIG": str(docker_dir), "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    secrets = {doc["metadata"]["name"]: doc for doc in yaml.safe_load_all(result.stdout) if doc and doc["kind"] == "Secret"}
    dockercfg = base64.b64decode(secrets["web-dockercfg"]["data"][".dockercfg"])
    dockerconfigjson = base64.b64decode(secrets["web-registry"]["data"][".dockerconfigjson"])
    return json.loads(dockercfg), json.loads(dockerconfigjson)


@pytest.mark.registry
@pytest.mark.parametrize("username", sorted(REGISTRY_USERS))
def test_rendered_secrets_authenticate_skopeo(registry, service_with_both_secret_types, tmp_path, username):
    image = registry.image(*SESSION_IMAGE)
    dockercfg, dockerconfigjson = render_secrets(
        service_with_both_secret_types, image, username, REGISTRY_USERS[username], tmp_path
    )
    assert list(dockercfg) == [f"https://{registry.host}/"]
    assert list(dockerconfigjson["auths"]) == [registry.host]

    dockercfg_check = registry.inspect(image, dockercfg)
    assert dockercfg_check.ok, dockercfg_check.stderr
    dockerconfigjson_check = registry.inspect(image, dockerconfigjson)
    assert dockerconfigjson_check.ok, dockerconfigjson_check.stderr


@pytest.mark.registry
def test_wrong_password_is_rejected_by_registry(registry, service_with_both_secret_types, tmp_path):
    image = registry.image(*SESSION_IMAGE)
    dockercfg, dockerconfigjson = render_secrets(service_with_both_secret_types, image, "deploy-bot", "wrong-password", tmp_path)

    assert not registry.inspect(image, dockercfg).ok
    assert not registry.inspect(image, dockerconfigjson).ok
    assert not registry.inspect(image, None).ok
