"""Loading cluster credentials as kubectl does, proven by requests to the test API server."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

from kubeship.cluster import RestClient, connect
from kubeship.errors import ConfigurationError, InputError


def server_version(connection) -> str:
    return RestClient(connection).request("GET", "/version")["gitVersion"]


def write_yaml(path: Path, document: dict) -> Path:
    path.write_text(yaml.safe_dump(document))
    return path


def cluster_entry(control_plane, ca_path: str | None = None) -> dict:
    return {"name": "test", "cluster": {"server": control_plane.server, "certificate-authority": ca_path or str(control_plane.ca_path)}}


def test_kubeconfig_files_merge_like_kubectl(control_plane, tmp_path):
    # The first file that sets current-context wins, and clusters and users come from any file.
    first = write_yaml(tmp_path / "first", {
        "apiVersion": "v1", "kind": "Config",
        "clusters": [cluster_entry(control_plane)],
        "users": [{"name": "admin", "user": {"token": control_plane.admin_token}}],
        "current-context": "shop",
    })
    second = write_yaml(tmp_path / "second", {
        "apiVersion": "v1", "kind": "Config",
        "contexts": [
            {"name": "shop", "context": {"cluster": "test", "user": "admin", "namespace": "shop"}},
            {"name": "other", "context": {"cluster": "test", "user": "admin"}},
        ],
        "current-context": "other",
    })
    missing = tmp_path / "missing"
    environ = {"KUBECONFIG": f"{missing}:{first}:{second}", "HOME": str(tmp_path)}

    connection = connect(environ=environ)

    assert connection.context == "shop"
    assert connection.namespace == "shop"
    assert server_version(connection) == "v1.34.4"


def test_context_option_selects_context(control_plane, tmp_path):
    config = yaml.safe_load(control_plane.kubeconfig.read_text())
    config["contexts"].append({"name": "elsewhere", "context": {"cluster": "test", "user": "admin", "namespace": "team"}})
    path = write_yaml(tmp_path / "config", config)

    connection = connect(path, "elsewhere", environ={})

    assert connection.namespace == "team"
    assert server_version(connection) == "v1.34.4"


def test_unknown_context_lists_known_ones(control_plane):
    with pytest.raises(InputError, match=r"context 'nope' not found in .* \(contexts: test\)"):
        connect(control_plane.kubeconfig, "nope", environ={})


def test_missing_kubeconfig_option_file(tmp_path):
    with pytest.raises(InputError, match="kubeconfig file .*absent not found"):
        connect(tmp_path / "absent", environ={})


@pytest.mark.parametrize(
    "text, position, message",
    [
        ("apiVersion: v1\nclusters: [\n", ":3:1:", "invalid YAML in kubeconfig"),
        ("not json {\n", ":1:1:", "a kubeconfig must be a mapping"),
        ("- name: a\n", ":1:1:", "a kubeconfig must be a mapping"),
        ("contexts: shop\n", ":1:11:", "contexts must be a list"),
        ("contexts:\n- shop\n", ":2:3:", "each entry of contexts must be a mapping"),
        ("contexts:\n- context: {cluster: c}\n", ":2:3:", "an entry of contexts has no name"),
        ("contexts:\n- name: shop\n  context: c\n", ":3:12:", "context of contexts entry 'shop' must be a mapping"),
        ("users:\n- name: admin\n  user: [token]\n", ":3:9:", "user of users entry 'admin' must be a mapping"),
        ("", "", "kubeconfig is empty"),
    ],
)
def test_malformed_kubeconfig_names_position(tmp_path, text, position, message):
    path = tmp_path / "config"
    path.write_text(text)

    with pytest.raises(ConfigurationError) as caught:
        connect(path, environ={})

    assert str(caught.value).startswith(f"{path}{position}")
    assert message in str(caught.value)


def test_no_credentials_anywhere(tmp_path):
    with pytest.raises(ConfigurationError, match="no cluster credentials found"):
        connect(environ={"HOME": str(tmp_path)})


def test_home_kubeconfig_is_default(control_plane, tmp_path):
    (tmp_path / ".kube").mkdir()
    shutil.copy(control_plane.kubeconfig, tmp_path / ".kube" / "config")

    connection = connect(environ={"HOME": str(tmp_path)})

    assert server_version(connection) == "v1.34.4"


def test_relative_paths_resolve_from_kubeconfig_folder(control_plane, tmp_path):
    folder = tmp_path / "conf"
    folder.mkdir()
    shutil.copy(control_plane.ca_path, folder / "ca.crt")
    config = yaml.safe_load(control_plane.kubeconfig.read_text())
    config["clusters"] = [cluster_entry(control_plane, "ca.crt")]
    path = write_yaml(folder / "config", config)

    assert server_version(connect(path, environ={})) == "v1.34.4"


def exec_plugin(tmp_path: Path, token: str | None) -> Path:
    script = tmp_path / "credential-plugin"
    if token is None:
        body = "import sys\nsys.stderr.write('login expired')\nsys.exit(1)\n"
    else:
        credential = {
            "apiVersion": "client.authentication.k8s.io/v1",
            "kind": "ExecCredential",
            "status": {"token": token},
        }
        body = f"import json\nprint(json.dumps({credential!r}))\n"
    script.write_text(f"#!{sys.executable}\n{body}")
    script.chmod(0o700)
    return script


def exec_kubeconfig(control_plane, tmp_path: Path, plugin: Path) -> Path:
    return write_yaml(tmp_path / "config", {
        "apiVersion": "v1", "kind": "Config",
        "clusters": [cluster_entry(control_plane)],
        "users": [{"name": "plugin", "user": {"exec": {
            "apiVersion": "client.authentication.k8s.io/v1",
            "command": str(plugin),
            "interactiveMode": "Never",
        }}}],
        "contexts": [{"name": "test", "context": {"cluster": "test", "user": "plugin"}}],
        "current-context": "test",
    })


def test_exec_credential_plugin_token(control_plane, tmp_path):
    config = exec_kubeconfig(control_plane, tmp_path, exec_plugin(tmp_path, control_plane.admin_token))

    connection = connect(config, environ={})

    namespaces = RestClient(connection).request("GET", "/api/v1/namespaces")
    assert "default" in [item["metadata"]["name"] for item in namespaces["items"]]


def test_exec_credential_plugin_failure(control_plane, tmp_path):
    config = exec_kubeconfig(control_plane, tmp_path, exec_plugin(tmp_path, None))

    with pytest.raises(ConfigurationError, match="exec credential plugin .* returned no credentials"):
        connect(config, environ={})


def test_in_cluster_service_account(control_plane, kube, tmp_path):
    # A real service account token from the TokenRequest API, bound to cluster-admin for the check.
    namespace = "in-cluster-check"
    kube.core.create_namespace({"metadata": {"name": namespace}})
    kube.core.create_namespaced_service_account(namespace, {"metadata": {"name": "deployer"}})
    from kubernetes import client

    rbac = client.RbacAuthorizationV1Api(kube.core.api_client)
    rbac.create_cluster_role_binding({
        "metadata": {"name": "in-cluster-check"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
        "subjects": [{"kind": "ServiceAccount", "name": "deployer", "namespace": namespace}],
    })
    token = kube.core.create_namespaced_service_account_token(
        "deployer", namespace, {"spec": {"audiences": [], "expirationSeconds": 3600}}
    ).status.token
    account_dir = tmp_path / "serviceaccount"
    account_dir.mkdir()
    (account_dir / "token").write_text(token)
    shutil.copy(control_plane.ca_path, account_dir / "ca.crt")
    (account_dir / "namespace").write_text(namespace)
    environ = {
        "HOME": str(tmp_path),
        "KUBERNETES_SERVICE_HOST": "127.0.0.1",
        "KUBERNETES_SERVICE_PORT": str(control_plane.apiserver_port),
    }

    connection = connect(environ=environ, service_account_dir=account_dir)

    assert connection.namespace == namespace
    review = RestClient(connection).request(
        "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
        body={"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"},
    )
    assert review["status"]["userInfo"]["username"] == f"system:serviceaccount:{namespace}:deployer"
