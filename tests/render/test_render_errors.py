"""Bad input to ``kubeship render``: one clear line, exit code 2, no traceback, no partial output."""

import shutil

import pytest

from tests.support.cli import REPO_ROOT, run_kubeship

EXAMPLE = REPO_ROOT / "examples" / "harness-default"


def service_with(tmp_path, files):
    """Copy the default example and replace or add files given as {relative path: text}."""
    service = tmp_path / "service"
    shutil.copytree(EXAMPLE, service)
    for relative, text in files.items():
        path = service / relative
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return service


def docker_config(tmp_path, text):
    directory = tmp_path / "docker"
    directory.mkdir(exist_ok=True)
    (directory / "config.json").write_text(text)
    return directory


def assert_one_clear_line(result, *fragments):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert result.stdout == ""


def run_render(tmp_path, service, *extra, config_text="{}", password=None):
    config_dir = docker_config(tmp_path, config_text)
    out = tmp_path / "out"
    env = {"DOCKER_CONFIG": str(config_dir), "HOME": str(tmp_path)}
    if password is not None:
        env["KUBESHIP_REGISTRY_PASSWORD"] = password
    result = run_kubeship(["render", str(service), "--output-dir", str(out), *extra], env=env)
    return result, out


def test_missing_values_file(tmp_path):
    service = service_with(tmp_path, {"values.yaml": None})
    result, out = run_render(tmp_path, service, "--image", "nginx:1.25")
    assert_one_clear_line(result, "values.yaml", "not found")
    assert not out.exists()


def test_invalid_values_yaml(tmp_path):
    service = service_with(tmp_path, {"values.yaml": "name: web\nreplicas: [1, 2\nimage: x\n"})
    result, out = run_render(tmp_path, service)
    assert_one_clear_line(result, "values.yaml:")
    assert not out.exists()


def test_template_parse_error(tmp_path):
    service = service_with(tmp_path, {"templates/broken.yaml": "kind: ConfigMap\nname: {{ if .Values.name }}\n"})
    result, out = run_render(tmp_path, service, "--image", "nginx:1.25")
    assert_one_clear_line(result, "templates/broken.yaml:", "unexpected EOF")
    assert not out.exists()


def test_unknown_function(tmp_path):
    service = service_with(tmp_path, {"templates/broken.yaml": "a: 1\nb: {{ frobnicate .Values.name }}\n"})
    result, out = run_render(tmp_path, service, "--image", "nginx:1.25")
    assert_one_clear_line(result, "templates/broken.yaml:2", 'function "frobnicate" not defined')
    assert not out.exists()


@pytest.mark.parametrize(
    "image, message",
    [
        ("Registry.example.com/Team/Web:1", "must be lowercase"),
        ("registry.example.com/team/web:bad tag", "invalid reference format"),
        ("", "invalid reference format"),
    ],
)
def test_invalid_image_reference(tmp_path, image, message):
    result, out = run_render(tmp_path, EXAMPLE, "--image", image)
    assert_one_clear_line(result, message)
    assert not out.exists()


def test_docker_config_not_json(tmp_path):
    result, out = run_render(tmp_path, EXAMPLE, "--image", "registry.example.com/team/web:1", config_text="{not json")
    assert_one_clear_line(result, "config.json")
    assert not out.exists()


def test_creds_store_helper_missing(tmp_path):
    result, out = run_render(
        tmp_path, EXAMPLE, "--image", "registry.example.com/team/web:1",
        config_text='{"credsStore": "kubeship-test-absent"}',
    )
    assert_one_clear_line(result, "docker-credential-kubeship-test-absent")
    assert not out.exists()


def test_unresolved_expression_names_file_and_line(tmp_path):
    service = service_with(tmp_path, {"values.yaml": "name: web\nimage: ${artifact.metadata.image}\nteam: ${serviceVariable.team}\n"})
    result, out = run_render(tmp_path, service, "--image", "nginx:1.25")
    assert_one_clear_line(result, "values.yaml:3:7", "${serviceVariable.team}")
    assert not out.exists()


def test_missing_image_names_option(tmp_path):
    result, out = run_render(tmp_path, EXAMPLE)
    assert_one_clear_line(result, "values.yaml:6:8", "--image")
    assert not out.exists()


def test_missing_service_directory(tmp_path):
    result, out = run_render(tmp_path, tmp_path / "nope", "--image", "nginx:1.25")
    assert_one_clear_line(result, "not found")


def test_failed_render_keeps_existing_output_dir_untouched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("old")
    service = service_with(tmp_path, {"templates/broken.yaml": "{{ nope }}"})
    result, _ = run_render(tmp_path, service, "--image", "nginx:1.25")
    assert result.returncode == 2
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_output_dir_is_a_file(tmp_path):
    out = tmp_path / "out"
    out.write_text("old")
    result, _ = run_render(tmp_path, EXAMPLE, "--image", "nginx:1.25")
    assert_one_clear_line(result, str(out), "is a file, not a directory")
    assert out.read_text() == "old"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_output_dir_directory_in_the_way(tmp_path):
    blocker = tmp_path / "out" / "templates" / "service.yaml"
    blocker.mkdir(parents=True)
    result, out = run_render(tmp_path, EXAMPLE, "--image", "nginx:1.25")
    assert_one_clear_line(result, "templates/service.yaml", "a directory of that name exists")
    assert [p.name for p in (out / "templates").iterdir()] == ["service.yaml"]
    assert blocker.is_dir()


def test_values_option_given_a_directory(tmp_path):
    result, out = run_render(tmp_path, EXAMPLE, "--image", "nginx:1.25", "-f", str(tmp_path))
    assert_one_clear_line(result, f"{tmp_path}: is a directory, not a file", "-f/--values")
    assert not out.exists()


def test_values_option_file_missing(tmp_path):
    result, out = run_render(tmp_path, EXAMPLE, "--image", "nginx:1.25", "-f", str(tmp_path / "absent.yaml"))
    assert_one_clear_line(result, "absent.yaml: file not found", "-f/--values")
    assert not out.exists()


def test_service_directory_given_a_file(tmp_path):
    service = tmp_path / "service.yaml"
    service.write_text("kind: ConfigMap\n")
    result, out = run_render(tmp_path, service, "--image", "nginx:1.25")
    assert_one_clear_line(result, "is a file, not a directory")
    assert not out.exists()


def test_invalid_namespace(tmp_path):
    service = service_with(tmp_path, {})
    result, out = run_render(tmp_path, service, "--image", "nginx:1.25", "-n", "Bad_NS")
    assert_one_clear_line(result, "invalid namespace 'Bad_NS'", "give -n/--namespace a valid namespace name")
    assert not out.exists()
