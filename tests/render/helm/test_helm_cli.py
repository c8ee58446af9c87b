"""``kubeship render CHART`` run as a user runs it: output, pull secret, output directory, errors."""

from __future__ import annotations

import base64
import json
import stat

from tests.render.test_render_cli import documents, find
from tests.render.test_render_terminal import run_on_terminal
from tests.support.cli import REPO_ROOT, run_kubeship

EXAMPLE = str(REPO_ROOT / "examples" / "helm-chart")
DEPLOY_VALUES = str(REPO_ROOT / "examples" / "helm-chart" / "values-kubeship.yaml")
SERVICE = str(REPO_ROOT / "examples" / "harness-default")
PRIVATE_IMAGE = "registry.example.com/team/web:1.4.2"


def render(args, docker_config_dir, *, password=None):
    env = {"DOCKER_CONFIG": str(docker_config_dir), "HOME": str(docker_config_dir)}
    if password is not None:
        args = [*args, "--registry-password-stdin"]
    return run_kubeship(["render", *args], stdin=password, env=env)


def test_private_image_gets_dockerconfigjson_secret(empty_docker_config):
    result = render([EXAMPLE, "-f", DEPLOY_VALUES, "--image", PRIVATE_IMAGE, "--registry-username", "deploy-bot",
                     "--release-name", "shop", "-n", "apps"], empty_docker_config, password='pa"ss\\wörd')
    assert result.returncode == 0, result.stderr
    docs = documents(result.stdout)

    secret = find(docs, "Secret", "shop-web-pull")
    assert secret["type"] == "kubernetes.io/dockerconfigjson"
    payload = json.loads(base64.b64decode(secret["data"][".dockerconfigjson"]))
    assert payload == {"auths": {"registry.example.com": {
        "username": "deploy-bot", "password": 'pa"ss\\wörd',
        "auth": base64.b64encode('deploy-bot:pa"ss\\wörd'.encode()).decode(),
    }}}
    pod_spec = find(docs, "Deployment", "shop-web")["spec"]["template"]["spec"]
    assert pod_spec["imagePullSecrets"] == [{"name": "shop-web-pull"}]
    assert pod_spec["containers"][0]["image"] == PRIVATE_IMAGE
    assert find(docs, "Deployment", "shop-redis")["metadata"]["labels"]["example.com/environment"] == "apps"
    assert "# Source: web/templates/pull-secret.yaml\n" in result.stdout
    assert "# Source: web/charts/redis/templates/service.yaml\n" in result.stdout


def test_public_image_gets_no_pull_secret(empty_docker_config):
    result = render([EXAMPLE, "-f", DEPLOY_VALUES, "--image", "nginx:1.25"], empty_docker_config)
    assert result.returncode == 0, result.stderr
    docs = documents(result.stdout)

    assert not [doc for doc in docs if doc["kind"] == "Secret"]
    pod_spec = find(docs, "Deployment", "release-name-web")["spec"]["template"]["spec"]
    assert "imagePullSecrets" not in pod_spec
    assert pod_spec["containers"][0]["image"] == "nginx:1.25"


def test_set_flags_reach_the_chart(empty_docker_config, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("ns={{ .Release.Namespace }}")
    result = render([EXAMPLE, "--set", "redis.enabled=false", "--set", "replicaCount=3", "--set-string", "config.logLevel=7",
                     "--set-json", 'podAnnotations={"a": "{{ .Release.Name }}"}', "--set-file", f"podAnnotations.note={note}",
                     "--set-literal", "podAnnotations.raw=a,b.c[0]={x}"],
                    empty_docker_config)
    assert result.returncode == 0, result.stderr
    docs = documents(result.stdout)

    assert find(docs, "Deployment", "release-name-redis") is None
    deployment = find(docs, "Deployment", "release-name-web")
    assert deployment["spec"]["replicas"] == 3
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["a"] == "release-name"
    assert annotations["note"] == "ns=default"
    # --set-literal keeps everything after the first "=" as one string (Helm's rule).
    assert annotations["raw"] == "a,b.c[0]={x}"
    assert annotations["example.com/owner"] == "team-default"
    assert find(docs, "ConfigMap", "release-name-web-config")["data"]["LOG_LEVEL"] == "7"


def test_json_output_is_a_list(empty_docker_config):
    result = render([EXAMPLE, "-o", "json"], empty_docker_config)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)

    assert document["kind"] == "List"
    assert [item["kind"] for item in document["items"]] == ["ConfigMap", "Service", "Service", "Deployment", "Deployment"]


def test_output_dir_mirrors_template_paths(empty_docker_config, tmp_path):
    target = tmp_path / "out"
    result = render([EXAMPLE, "-f", DEPLOY_VALUES, "--image", PRIVATE_IMAGE, "--registry-username", "deploy-bot",
                     "--output-dir", str(target)], empty_docker_config, password="hunter2")
    assert result.returncode == 0, result.stderr

    written = sorted(str(path.relative_to(target)) for path in target.rglob("*.yaml"))
    assert written == [
        "web/charts/redis/templates/deployment.yaml", "web/charts/redis/templates/service.yaml",
        "web/templates/configmap.yaml", "web/templates/deployment.yaml", "web/templates/pull-secret.yaml",
        "web/templates/service.yaml",
    ]
    assert stat.S_IMODE((target / "web/templates/pull-secret.yaml").stat().st_mode) == 0o600
    assert result.stdout == ""


def test_terminal_output_redacts_pull_secret(empty_docker_config):
    env = {"DOCKER_CONFIG": str(empty_docker_config), "KUBESHIP_REGISTRY_PASSWORD": "terminal-pass-123"}
    code, output = run_on_terminal(["render", EXAMPLE, "-f", DEPLOY_VALUES, "--image", PRIVATE_IMAGE,
                                    "--registry-username", "deploy-bot"], env)
    assert code == 0
    assert "kind: Secret" in output
    assert ".dockerconfigjson: '***'" in output


def write_chart(directory, chart_yaml, templates):
    directory.mkdir()
    (directory / "Chart.yaml").write_text(chart_yaml)
    (directory / "templates").mkdir()
    for name, text in templates.items():
        (directory / "templates" / name).write_text(text)
    return str(directory)


def assert_one_line_error(result, expected):
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_chart_without_name_is_an_error(empty_docker_config, tmp_path):
    chart = write_chart(tmp_path / "chart", "apiVersion: v2\nversion: 0.1.0\n", {})
    result = render([chart], empty_docker_config)
    assert_one_line_error(result, "Chart.yaml: validation: chart.metadata.name is required")


def test_template_error_is_helms_text(empty_docker_config, tmp_path):
    chart = write_chart(tmp_path / "chart", "apiVersion: v2\nname: web\nversion: 0.1.0\n",
                        {"cm.yaml": "a: {{ .Values.a | nosuchfunction }}\n"})
    result = render([chart], empty_docker_config)
    assert_one_line_error(result, 'parse error at (web/templates/cm.yaml:1): function "nosuchfunction" not defined')


def test_missing_required_value_is_an_error(empty_docker_config):
    result = render([EXAMPLE, "--set", "image.repository="], empty_docker_config)
    assert_one_line_error(result, "execution error at (web/templates/deployment.yaml:")
    assert "image.repository is required: set it in a values file or with --set" in result.stderr


def test_output_dir_is_not_created_on_error(empty_docker_config, tmp_path):
    target = tmp_path / "out"
    result = render([EXAMPLE, "--set", "image.repository=", "--output-dir", str(target)], empty_docker_config)
    assert result.returncode == 2
    assert not target.exists()


def test_chart_options_need_a_chart(empty_docker_config):
    for option in (["--strict"], ["--release-name", "shop"], ["--api-versions", "example.com/v1"]):
        result = render([SERVICE, *option], empty_docker_config)
        assert_one_line_error(result, f"{option[0]} applies to Helm charts only")


def test_values_typing_yaml_is_for_service_directories(empty_docker_config):
    result = render([EXAMPLE, "--values-typing", "yaml"], empty_docker_config)
    assert_one_line_error(result, "--values-typing yaml applies to service directories only")


def test_kube_version_sets_capabilities_without_validate(empty_docker_config, tmp_path):
    chart = write_chart(tmp_path / "chart", "apiVersion: v2\nname: web\nversion: 0.1.0\n",
                        {"cm.yaml": "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: cm\n"
                                    "data:\n  kube: {{ .Capabilities.KubeVersion.Version }}\n"})
    result = render([chart, "--kube-version", "1.31"], empty_docker_config)
    assert result.returncode == 0, result.stderr
    assert documents(result.stdout)[0]["data"]["kube"] == "v1.31"
