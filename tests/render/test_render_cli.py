"""``kubeship render`` on the bundled examples, run as a user runs it."""

import base64
import json

import pytest
import yaml

from tests.support.cli import REPO_ROOT, run_kubeship

EXAMPLE = str(REPO_ROOT / "examples" / "harness-default")
LEGACY = str(REPO_ROOT / "examples" / "harness-legacy")
PRIVATE_IMAGE = "registry.example.com/team/web:1.4.2"


def render(args, *, password=None, docker_config_dir):
    env = {"DOCKER_CONFIG": str(docker_config_dir), "HOME": str(docker_config_dir)}
    stdin = None
    if password is not None:
        args = [*args, "--registry-password-stdin"]
        stdin = password
    return run_kubeship(["render", *args], stdin=stdin, env=env)


def documents(stdout):
    return [doc for doc in yaml.safe_load_all(stdout) if doc]


def find(docs, kind, name):
    matches = [doc for doc in docs if doc["kind"] == kind and doc["metadata"]["name"] == name]
    assert len(matches) <= 1
    return matches[0] if matches else None


def decode_dockercfg(secret):
    return json.loads(base64.b64decode(secret["data"][".dockercfg"]))


def test_private_image_gets_dockercfg_secret(empty_docker_config):
    result = render(
        [EXAMPLE, "--image", PRIVATE_IMAGE, "--registry-username", "deploy-bot"],
        password="hunter2",
        docker_config_dir=empty_docker_config,
    )
    assert result.returncode == 0, result.stderr
    docs = documents(result.stdout)

    secret = find(docs, "Secret", "web-dockercfg")
    assert secret is not None
    assert secret["type"] == "kubernetes.io/dockercfg"
    assert secret["metadata"]["annotations"]["harness.io/skip-versioning"] == "true"
    assert decode_dockercfg(secret) == {
        "https://registry.example.com/": {
            "username": "deploy-bot",
            "password": "hunter2",
            "auth": base64.b64encode(b"deploy-bot:hunter2").decode(),
        }
    }

    deployment = find(docs, "Deployment", "web-deployment")
    pod_spec = deployment["spec"]["template"]["spec"]
    assert pod_spec["imagePullSecrets"] == [{"name": "web-dockercfg"}]
    assert pod_spec["containers"][0]["image"] == PRIVATE_IMAGE


def test_public_image_gets_no_secret(empty_docker_config):
    result = render([EXAMPLE, "--image", "nginx:1.25"], docker_config_dir=empty_docker_config)
    assert result.returncode == 0, result.stderr
    docs = documents(result.stdout)

    assert find(docs, "Secret", "web-dockercfg") is None
    deployment = find(docs, "Deployment", "web-deployment")
    assert "imagePullSecrets" not in deployment["spec"]["template"]["spec"]
    assert deployment["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.25"


def test_empty_dockercfg_override_renders_no_secret(empty_docker_config, tmp_path):
    override = tmp_path / "override.yaml"
    override.write_text('dockercfg: ""\n')
    result = render(
        [EXAMPLE, "--image", PRIVATE_IMAGE, "--registry-username", "deploy-bot", "-f", str(override)],
        password="hunter2",
        docker_config_dir=empty_docker_config,
    )
    assert result.returncode == 0, result.stderr
    docs = documents(result.stdout)
    assert find(docs, "Secret", "web-dockercfg") is None
    assert "imagePullSecrets" not in find(docs, "Deployment", "web-deployment")["spec"]["template"]["spec"]


@pytest.mark.parametrize("create", [True, False])
def test_legacy_create_image_pull_secret_switch(empty_docker_config, create):
    result = render(
        [LEGACY, "--image", PRIVATE_IMAGE, "--registry-username", "deploy-bot",
         "--set", f"createImagePullSecret={str(create).lower()}"],
        password="hunter2",
        docker_config_dir=empty_docker_config,
    )
    assert result.returncode == 0, result.stderr
    docs = documents(result.stdout)
    secret = find(docs, "Secret", "legacy-web-dockercfg")
    pod_spec = find(docs, "Deployment", "legacy-web-deployment")["spec"]["template"]["spec"]
    if create:
        assert decode_dockercfg(secret)["https://registry.example.com/"]["password"] == "hunter2"
        assert pod_spec["imagePullSecrets"] == [{"name": "legacy-web-dockercfg"}]
    else:
        assert secret is None
        assert "imagePullSecrets" not in pod_spec


PASSWORDS = [
    'quote"inside',
    "back\\slash",
    "dollar$HOME${x}",
    "colon:in:the:middle",
    "percent%20%s",
    "line\nbreak",
    "non-ascii: пароль ☃ 密码",
    "tab\tand\\\"mix\"",
]


@pytest.mark.parametrize("password", PASSWORDS)
def test_exotic_passwords_round_trip(empty_docker_config, password):
    result = run_kubeship(
        ["render", EXAMPLE, "--image", PRIVATE_IMAGE, "--registry-username", "deploy-bot"],
        env={
            "DOCKER_CONFIG": str(empty_docker_config),
            "HOME": str(empty_docker_config),
            "KUBESHIP_REGISTRY_PASSWORD": password,
        },
    )
    assert result.returncode == 0, result.stderr
    entry = decode_dockercfg(find(documents(result.stdout), "Secret", "web-dockercfg"))["https://registry.example.com/"]
    assert entry["password"] == password
    assert base64.b64decode(entry["auth"]).decode() == f"deploy-bot:{password}"


def test_json_output_is_a_list(empty_docker_config):
    result = render([EXAMPLE, "--image", "nginx:1.25", "-o", "json"], docker_config_dir=empty_docker_config)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["kind"] == "List"
    kinds = [item["kind"] for item in document["items"]]
    assert kinds == ["Namespace", "Secret", "ConfigMap", "Service", "Deployment"]


def test_output_is_in_apply_order_with_sources(empty_docker_config):
    result = render([EXAMPLE, "--image", "nginx:1.25"], docker_config_dir=empty_docker_config)
    assert result.returncode == 0, result.stderr
    sources = [line for line in result.stdout.splitlines() if line.startswith("# Source: ")]
    assert sources == [
        "# Source: templates/namespace.yaml",
        "# Source: templates/deployment.yaml",
        "# Source: templates/deployment.yaml",
        "# Source: templates/service.yaml",
        "# Source: templates/deployment.yaml",
    ]
    assert [doc["kind"] for doc in documents(result.stdout)] == ["Namespace", "Secret", "ConfigMap", "Service", "Deployment"]


def test_output_dir_writes_files(empty_docker_config, tmp_path):
    out = tmp_path / "out"
    result = render(
        [EXAMPLE, "--image", PRIVATE_IMAGE, "--registry-username", "deploy-bot", "--output-dir", str(out)],
        password="hunter2",
        docker_config_dir=empty_docker_config,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    deployment_file = out / "templates" / "deployment.yaml"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml")) == [
        "templates/deployment.yaml",
        "templates/namespace.yaml",
        "templates/service.yaml",
    ]
    assert deployment_file.stat().st_mode & 0o777 == 0o600
    secret = find(documents(deployment_file.read_text()), "Secret", "web-dockercfg")
    assert decode_dockercfg(secret)["https://registry.example.com/"]["password"] == "hunter2"


def test_namespace_option_reaches_values(empty_docker_config):
    result = render([EXAMPLE, "--image", "nginx:1.25", "-n", "shop"], docker_config_dir=empty_docker_config)
    assert result.returncode == 0, result.stderr
    assert find(documents(result.stdout), "Namespace", "shop") is not None


def test_password_option_on_command_line_is_rejected(empty_docker_config):
    result = render(
        [EXAMPLE, "--image", PRIVATE_IMAGE, "--registry-username", "u", "--registry-password", "hunter2"],
        docker_config_dir=empty_docker_config,
    )
    assert result.returncode == 2
    assert "hunter2" not in result.stdout + result.stderr


def docker_config_with_token(directory, host, token):
    auth = base64.b64encode(f"robot:{token}".encode()).decode()
    (directory / "config.json").write_text(json.dumps({"auths": {host: {"auth": auth}}}))


def test_short_lived_token_annotates_pull_secret(tmp_path):
    import jwt

    expires = 4102444800  # 2100-01-01T00:00:00Z
    token = jwt.encode({"sub": "robot", "exp": expires}, "kubeship-render-test-signing-key-32b", algorithm="HS256")
    docker_config_with_token(tmp_path, "registry.example.com", token)
    result = render([EXAMPLE, "--image", PRIVATE_IMAGE], docker_config_dir=tmp_path)
    assert result.returncode == 0, result.stderr

    secret = find(documents(result.stdout), "Secret", "web-dockercfg")
    assert secret["metadata"]["annotations"]["kubeship.io/credentials-expire-at"] == "2100-01-01T00:00:00Z"
    assert "warning" not in result.stderr
    assert "kubeship.io/credentials-expire-at" not in find(documents(result.stdout), "Secret", "web")["metadata"].get("annotations", {})


def test_expired_token_warns_how_to_refresh(tmp_path):
    import jwt

    token = jwt.encode({"sub": "robot", "exp": 946684800}, "kubeship-render-test-signing-key-32b", algorithm="HS256")  # 2000-01-01
    docker_config_with_token(tmp_path, "registry.example.com", token)
    result = render([EXAMPLE, "--image", PRIVATE_IMAGE], docker_config_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: credentials for registry.example.com" in result.stderr
    assert "expired at 2000-01-01T00:00:00Z" in result.stderr
    assert "docker login registry.example.com" in result.stderr
    assert token not in result.stderr
