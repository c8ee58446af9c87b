"""Finding and loading cluster credentials the way kubectl does.

The precedence follows client-go's clientcmd loading rules. ``--kubeconfig`` names one
file, which must exist. Without it, the files listed in ``KUBECONFIG`` are merged and
missing ones skipped. Without that, ``~/.kube/config`` is read, and without that the
in-cluster service account is used when ``KUBERNETES_SERVICE_HOST`` and
``KUBERNETES_SERVICE_PORT`` are set. Exec credential
plugins, tokens, client certificates and relative file paths are handled by the
official ``kubernetes`` client's loader.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kubeship.errors import ConfigurationError, InputError, SourcePosition

log = logging.getLogger(__name__)

SERVICE_ACCOUNT_DIR = Path("/var/run/secrets/kubernetes.io/serviceaccount")

# The named lists of a kubeconfig and the field of each entry that contains its settings.
NAMED_LISTS = {"clusters": "cluster", "contexts": "context", "users": "user"}


@dataclass
class ClusterConnection:
    """An API client for one cluster, with the chosen context's namespace.

    ``namespace`` is the context's namespace (``default`` when it sets none);
    ``source`` names where the credentials came from, for messages.
    """

    api_client: Any
    namespace: str
    context: str | None
    server: str
    source: str

    def close(self) -> None:
        self.api_client.close()


def connect(
    kubeconfig: str | os.PathLike[str] | None = None,
    context: str | None = None,
    *,
    environ: dict[str, str] | None = None,
    service_account_dir: Path = SERVICE_ACCOUNT_DIR,
) -> ClusterConnection:
    """Build an API client from kubeconfig files or the in-cluster service account.

    Raises InputError for a ``--kubeconfig`` or ``--context`` that does not exist,
    and ConfigurationError when no credentials are found or they cannot be loaded
    (an exec plugin that fails, a certificate file that is missing).
    """
    environ = dict(os.environ) if environ is None else environ
    paths = kubeconfig_paths(kubeconfig, environ)
    if paths:
        return _connect_with_kubeconfig(paths, context)
    if environ.get("KUBERNETES_SERVICE_HOST") and environ.get("KUBERNETES_SERVICE_PORT"):
        if context is not None:
            raise InputError(
                f"context {context!r} not found: running in a cluster and no kubeconfig file was found",
                hint="pass --kubeconfig or set KUBECONFIG to use a context",
            )
        return _connect_in_cluster(environ, service_account_dir)
    raise ConfigurationError(
        "no cluster credentials found: no kubeconfig file and not running in a cluster",
        hint="pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config",
    )


def kubeconfig_paths(kubeconfig: str | os.PathLike[str] | None, environ: dict[str, str]) -> list[Path]:
    """Return the kubeconfig files to merge, in precedence order (possibly none)."""
    if kubeconfig is not None:
        path = Path(kubeconfig).expanduser()
        if not path.is_file():
            raise InputError(f"kubeconfig file {path} not found", hint="check the path given to --kubeconfig")
        return [path]
    listed = environ.get("KUBECONFIG")
    if listed:
        paths = [Path(entry).expanduser() for entry in listed.split(os.pathsep) if entry]
        existing = [path for path in paths if path.is_file()]
        if not existing:
            log.debug("none of the KUBECONFIG files exist: %s", listed)
        return _unique(existing)
    default = Path(environ.get("HOME", "~")).expanduser() / ".kube" / "config"
    return [default] if default.is_file() else []


def _unique(paths: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    unique = []
    for path in paths:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(path)
    return unique


def _connect_with_kubeconfig(paths: list[Path], context: str | None) -> ClusterConnection:
    from kubernetes import client
    from kubernetes.config.config_exception import ConfigException
    from kubernetes.config.kube_config import KubeConfigLoader, KubeConfigMerger

    source = os.pathsep.join(str(path) for path in paths)
    for path in paths:
        check_kubeconfig_file(path)
    try:
        merger = KubeConfigMerger(source)
    except (OSError, yaml.YAMLError, ConfigException) as error:
        raise ConfigurationError(f"cannot read kubeconfig {source}: {error}") from None
    if merger.config is None:
        raise ConfigurationError(f"kubeconfig {source} contains no configuration")

    # The merger wraps each entry in a ConfigNode, whose ``value`` is the plain mapping.
    contexts = {node.value["name"]: node.value for node in merger.config.value.get("contexts") or []}
    chosen = context or _first_current_context(merger.config_files, paths)
    if not chosen:
        raise ConfigurationError(
            f"kubeconfig {source} sets no current context",
            hint="pass --context NAME or run kubectl config use-context NAME",
        )
    if chosen not in contexts:
        known = ", ".join(sorted(contexts)) or "none"
        error_type = InputError if context else ConfigurationError
        raise error_type(f"context {chosen!r} not found in {source} (contexts: {known})")

    configuration = client.Configuration()
    try:
        loader = KubeConfigLoader(config_dict=merger.config, active_context=chosen, config_base_path=None)
        loader.load_and_set(configuration)
    except ConfigException as error:
        raise ConfigurationError(f"cannot use context {chosen!r} of {source}: {error}") from None
    except OSError as error:
        raise ConfigurationError(f"cannot use context {chosen!r} of {source}: {error}") from None

    _check_exec_plugin(loader, configuration, chosen)
    namespace = (contexts[chosen].get("context") or {}).get("namespace") or "default"
    return ClusterConnection(client.ApiClient(configuration), namespace, chosen, configuration.host, source)


def check_kubeconfig_file(path: Path) -> None:
    """Raise ConfigurationError at the file, line and column of a kubeconfig that kubectl would not load.

    Checks the YAML syntax and the shape the client's loader relies on: a mapping whose
    ``clusters``, ``contexts`` and ``users`` are lists of mappings with a ``name``.
    """
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except OSError as error:
        raise ConfigurationError(f"cannot read kubeconfig {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ConfigurationError(f"kubeconfig is not UTF-8 text (invalid byte at offset {error.start})",
                                 position=SourcePosition(str(path)), hint="save the file as UTF-8") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ConfigurationError(f"invalid YAML in kubeconfig: {error.problem or error.context}",
                                 position=_position(path, mark), hint="fix the YAML syntax") from None
    if root is None:
        raise ConfigurationError("kubeconfig is empty", position=SourcePosition(str(path)),
                                 hint="fill it with a kubeconfig, or use another file")

    _expect_mapping(root, path, "a kubeconfig")
    for key_node, value_node in root.value:
        entry_field = NAMED_LISTS.get(key_node.value)
        if entry_field is None or _is_null(value_node):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            raise _shape_error(value_node, path, f"{key_node.value} must be a list of named entries")
        for entry in value_node.value:
            _expect_mapping(entry, path, f"each entry of {key_node.value}")
            fields = {field.value: value for field, value in entry.value}
            name = fields.get("name")
            if not isinstance(name, yaml.ScalarNode) or _is_null(name):
                raise _shape_error(entry, path, f"an entry of {key_node.value} has no name")
            settings = fields.get(entry_field)
            if settings is not None and not _is_null(settings):
                _expect_mapping(settings, path, f"{entry_field} of {key_node.value} entry {name.value!r}")


def _expect_mapping(node: yaml.Node, path: Path, description: str) -> None:
    if not isinstance(node, yaml.MappingNode):
        raise _shape_error(node, path, f"{description} must be a mapping of fields")


def _shape_error(node: yaml.Node, path: Path, message: str) -> ConfigurationError:
    return ConfigurationError(f"invalid kubeconfig: {message}", position=_position(path, node.start_mark),
                              hint="compare the file with the output of kubectl config view")


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _position(path: Path, mark: Any) -> SourcePosition:
    if mark is None:
        return SourcePosition(str(path))
    return SourcePosition(str(path), mark.line + 1, mark.column + 1)


def _check_exec_plugin(loader: Any, configuration: Any, context: str) -> None:
    """Raise ConfigurationError when the context's exec credential plugin produced no credentials.

    The client's loader logs a failed plugin and carries on without credentials,
    which would surface later as a confusing 401.
    """
    user = loader._user  # the loader exposes the chosen user only through this attribute
    if not user or "exec" not in user:
        return
    if configuration.api_key.get("BearerToken") or configuration.cert_file:
        return
    command = user["exec"].safe_get("command") or "the exec plugin"
    raise ConfigurationError(
        f"the exec credential plugin {command!r} of context {context!r} returned no credentials",
        hint="run the plugin by hand to see its error",
    )


def _first_current_context(config_files: dict[str, Any], paths: list[Path]) -> str | None:
    """Return the current-context of the first file that sets one, as kubectl merges them."""
    for path in paths:
        document = config_files.get(os.path.expanduser(str(path))) or {}
        current = document.get("current-context")
        if current:
            return str(current)
    return None


def _connect_in_cluster(environ: dict[str, str], service_account_dir: Path) -> ClusterConnection:
    from kubernetes import client
    from kubernetes.config.config_exception import ConfigException
    from kubernetes.config.incluster_config import InClusterConfigLoader

    configuration = client.Configuration()
    try:
        InClusterConfigLoader(
            token_filename=str(service_account_dir / "token"),
            cert_filename=str(service_account_dir / "ca.crt"),
            environ=environ,
        ).load_and_set(configuration)
    except ConfigException as error:
        raise ConfigurationError(f"cannot use the in-cluster service account in {service_account_dir}: {error}") from None

    namespace_file = service_account_dir / "namespace"
    namespace = namespace_file.read_text().strip() if namespace_file.is_file() else "default"
    return ClusterConnection(client.ApiClient(configuration), namespace, None, configuration.host, "in-cluster service account")
