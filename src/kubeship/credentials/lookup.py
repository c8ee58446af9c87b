"""The credential search: every source in order, each recording why it gave nothing.

Order: explicit options, then ``KUBESHIP_REGISTRY_USERNAME`` and
``KUBESHIP_REGISTRY_PASSWORD``, then the docker config (``DOCKER_AUTH_CONFIG``,
the ``credHelpers`` entry for the registry, ``credsStore``, ``auths``), then
containers ``auth.json`` files, then the legacy ``~/.dockercfg``, then the
registry's cloud provider.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kubeship.credentials import cloud, helpers
from kubeship.credentials.configfile import (
    ConfigFile,
    EntryCredentials,
    decode_entry,
    load_config_file,
    parse_config,
    read_json_object,
)
from kubeship.credentials.hosts import (
    docker_config_key,
    matching_docker_keys,
    namespace_keys,
    normalize_containers_key,
    normalize_containers_registry,
    target_for_image,
)
from kubeship.credentials.model import Credential, CredentialError, Lookup, RegistryTarget
from kubeship.imageref import ImageReference

log = logging.getLogger(__name__)

USERNAME_VARIABLE = "KUBESHIP_REGISTRY_USERNAME"
PASSWORD_VARIABLE = "KUBESHIP_REGISTRY_PASSWORD"

# Source names for CredentialOptions.sources.
OPTIONS = "options"
ENVIRONMENT = "environment"
DOCKER_CONFIG = "docker-config"
AUTH_JSON = "auth-json"
LEGACY_DOCKERCFG = "legacy-dockercfg"
CLOUD = "cloud"
ALL_SOURCES = frozenset({OPTIONS, ENVIRONMENT, DOCKER_CONFIG, AUTH_JSON, LEGACY_DOCKERCFG, CLOUD})


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class CredentialOptions:
    """Settings of a credential search.

    ``username`` and ``password`` are the explicit options (the password comes
    from standard input, never from an argument). ``docker_config`` is a
    config.json file or a directory containing one. ``environ`` and ``home``
    default to the process's. ``sources`` limits the search to some sources.
    """

    username: str | None = None
    password: str | None = None
    docker_config: Path | None = None
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    home: Path | None = None
    helper_timeout: float = helpers.DEFAULT_TIMEOUT_SECONDS
    sources: frozenset[str] = ALL_SOURCES
    clock: Callable[[], dt.datetime] = _utc_now

    @property
    def home_dir(self) -> Path:
        if self.home is not None:
            return self.home
        return Path(self.environ.get("HOME") or Path.home())


def credential_for(
    image_or_target: str | ImageReference | RegistryTarget,
    options: CredentialOptions | None = None,
) -> Lookup:
    """Search every source in order for the credentials of an image's registry (or a registry target).

    Returns a ``Lookup`` whose ``credential`` is ``None`` when no source has
    any, and whose ``attempts`` record what each source did. Raises
    ``CredentialError`` (an ``InputError``) when a source is broken: a malformed
    file, a failing or hanging helper, a bad entry for this registry.
    """
    options = options or CredentialOptions()
    target = image_or_target if isinstance(image_or_target, RegistryTarget) else target_for_image(image_or_target)
    lookup = Lookup(target=target)

    steps = (
        (OPTIONS, _from_options),
        (ENVIRONMENT, _from_environment),
        (DOCKER_CONFIG, _from_docker_config),
        (AUTH_JSON, _from_auth_json),
        (LEGACY_DOCKERCFG, _from_legacy_dockercfg),
        (CLOUD, _from_cloud),
    )
    for name, step in steps:
        if name not in options.sources:
            continue
        if step(target, options, lookup) is not None:
            break
    # TODO: the registries of the project file (kubeship.yaml) come between the environment and the docker config.
    return lookup


def _from_options(target: RegistryTarget, options: CredentialOptions, lookup: Lookup) -> Credential | None:
    source = "options --registry-username/--registry-password-stdin"
    username, password = options.username, options.password
    if not username and not password:
        lookup.miss(source, "not given")
        return None

    # A half given on the command line may take the other half from the environment.
    username = username or options.environ.get(USERNAME_VARIABLE)
    password = password if password is not None else options.environ.get(PASSWORD_VARIABLE)
    if not username:
        raise CredentialError(
            "--registry-password-stdin was given without a username",
            hint=f"add --registry-username or set {USERNAME_VARIABLE}",
        )
    if password is None or password == "":
        raise CredentialError(
            f"--registry-username {username} was given without a password",
            hint=f"pass the password on standard input with --registry-password-stdin, or set {PASSWORD_VARIABLE}",
        )
    credential = Credential(scope=target.host, username=username, password=password, source=source)
    return lookup.hit(credential, f"user {username!r}")


def _from_environment(target: RegistryTarget, options: CredentialOptions, lookup: Lookup) -> Credential | None:
    source = f"environment {USERNAME_VARIABLE}/{PASSWORD_VARIABLE}"
    username = options.environ.get(USERNAME_VARIABLE, "")
    password = options.environ.get(PASSWORD_VARIABLE, "")
    if not username and not password:
        lookup.miss(source, "not set")
        return None
    if not username or not password:
        present, missing = (PASSWORD_VARIABLE, USERNAME_VARIABLE) if not username else (USERNAME_VARIABLE, PASSWORD_VARIABLE)
        raise CredentialError(f"{present} is set but {missing} is not", hint="set both variables, or neither")
    credential = Credential(scope=target.host, username=username, password=password, source=source)
    return lookup.hit(credential, f"user {username!r}")


def docker_config_path(options: CredentialOptions) -> tuple[Path, bool]:
    """Return the docker config.json to read and whether the user named it explicitly."""
    if options.docker_config is not None:
        path = options.docker_config
        return (path / "config.json" if path.is_dir() else path), True
    directory = options.environ.get("DOCKER_CONFIG")
    if directory:
        return Path(directory) / "config.json", False
    return options.home_dir / ".docker" / "config.json", False


def _from_docker_config(target: RegistryTarget, options: CredentialOptions, lookup: Lookup) -> Credential | None:
    key = docker_config_key(target)
    credential = _from_docker_auth_config(target, key, options, lookup)
    if credential is not None:
        return credential

    path, explicit = docker_config_path(options)
    if not path.exists():
        if explicit:
            raise CredentialError(f"docker config {path} does not exist", hint="check the --docker-config path")
        lookup.miss(f"docker config {path}", "file does not exist")
        return None
    config = load_config_file(path)
    lookup.warnings.extend(config.warnings)
    return _search_docker_config(target, key, config, options, lookup)


def _from_docker_auth_config(target: RegistryTarget, key: str, options: CredentialOptions, lookup: Lookup) -> Credential | None:
    source = "environment DOCKER_AUTH_CONFIG"
    text = options.environ.get("DOCKER_AUTH_CONFIG", "")
    if not text:
        lookup.miss(source, "not set")
        return None
    warnings: list[str] = []
    config = parse_config(read_json_object(text, "DOCKER_AUTH_CONFIG", warnings), "DOCKER_AUTH_CONFIG")
    lookup.warnings.extend(warnings)
    # Docker reads only the exact key from this variable.
    if key not in config.auths:
        lookup.miss(source, f"no auths entry with the key {key!r}")
        return None
    entry = decode_entry(config.auths[key], key, source)
    return _entry_credential(target, entry, source, lookup, helper_in_use=False)


def _search_docker_config(
    target: RegistryTarget, key: str, config: ConfigFile, options: CredentialOptions, lookup: Lookup
) -> Credential | None:
    origin = f"docker config {config.origin}"
    helper = config.cred_helpers.get(key)
    if helper:
        credential = _from_helper(target, key, helper, f"{origin} credHelpers[{key!r}]", options, lookup)
        if credential is not None:
            return credential
    else:
        lookup.miss(f"{origin} credHelpers", f"no entry for {key!r}")

    if config.creds_store:
        credential = _from_helper(target, key, config.creds_store, f"{origin} credsStore", options, lookup)
        if credential is not None:
            return credential
    else:
        lookup.miss(f"{origin} credsStore", "not set")

    helper_in_use = bool(helper or config.creds_store)
    keys = matching_docker_keys(list(config.auths), key)
    if not keys:
        lookup.miss(f"{origin} auths", f"no key for {key!r}" + _near_miss_note(target, config))
        return None
    if len(keys) > 1:
        lookup.warnings.append(
            f"{origin} has several auths keys for {key}: {', '.join(keys)}; kubeship uses {keys[0]!r}, Docker picks one at random"
        )
    entry = decode_entry(config.auths[keys[0]], keys[0], config.origin)
    return _entry_credential(target, entry, f"{origin} auths[{keys[0]!r}]", lookup, helper_in_use=helper_in_use)


def _near_miss_note(target: RegistryTarget, config: ConfigFile) -> str:
    if not target.is_docker_hub:
        return ""
    hub_spellings = [key for key in config.auths if key in ("docker.io", "index.docker.io", "registry-1.docker.io")]
    if not hub_spellings:
        return ""
    return f" (Docker reads Docker Hub credentials only under 'https://index.docker.io/v1/', not {hub_spellings[0]!r})"


def _from_helper(
    target: RegistryTarget, key: str, helper: str, source: str, options: CredentialOptions, lookup: Lookup
) -> Credential | None:
    reply = helpers.get_credentials(helper, key, environ=options.environ, timeout=options.helper_timeout)
    if reply is None or not (reply.username or reply.password or reply.identity_token):
        lookup.miss(source, f"docker-credential-{helper} has no credentials for {key!r}")
        return None
    entry = EntryCredentials(username=reply.username, password=reply.password, identity_token=reply.identity_token)
    return _entry_credential(target, entry, source, lookup, helper_in_use=True)


def _entry_credential(
    target: RegistryTarget, entry: EntryCredentials, source: str, lookup: Lookup, *, helper_in_use: bool
) -> Credential | None:
    if entry.empty:
        if helper_in_use:
            lookup.miss(source, "empty entry (a marker docker login leaves when a credential helper keeps the secret)")
            return None
        raise CredentialError(
            f"{source}: the entry for {target.host} has no credentials and no credential helper is configured",
            hint=f"run 'docker login {target.host}', or add an \"auth\" value (base64 of user:password) to the entry",
        )
    if entry.registry_token and not (entry.password or entry.identity_token):
        raise CredentialError(
            f"{source}: the entry for {target.host} has only a registrytoken, which a pull secret cannot carry",
            hint="store a username and password (or a token used as password) for this registry",
        )
    credential = Credential(
        scope=target.host,
        username=entry.username,
        password=entry.password,
        identity_token=entry.identity_token,
        source=source,
        expires_at=cloud.jwt_expiry(entry.password or entry.identity_token),
    )
    return lookup.hit(credential, credential.describe())


def auth_json_paths(options: CredentialOptions) -> list[Path]:
    """Return the containers auth.json files in the order podman and skopeo read them."""
    environ = options.environ
    explicit = environ.get("REGISTRY_AUTH_FILE")
    if explicit:
        return [Path(explicit)]
    runtime_dir = environ.get("XDG_RUNTIME_DIR")
    runtime_file = Path(runtime_dir) / "containers" / "auth.json" if runtime_dir else Path(f"/run/containers/{os.getuid()}/auth.json")
    config_home = Path(environ.get("XDG_CONFIG_HOME") or options.home_dir / ".config")
    return [runtime_file, config_home / "containers" / "auth.json"]


def _from_auth_json(target: RegistryTarget, options: CredentialOptions, lookup: Lookup) -> Credential | None:
    for path in auth_json_paths(options):
        source = f"containers auth file {path}"
        if not path.exists():
            lookup.miss(source, "file does not exist")
            continue
        config = load_config_file(path)
        lookup.warnings.extend(config.warnings)
        credential = _search_containers_file(target, config, source, options, lookup, legacy_format=False)
        if credential is not None:
            return credential
    return None


def _from_legacy_dockercfg(target: RegistryTarget, options: CredentialOptions, lookup: Lookup) -> Credential | None:
    path = options.home_dir / ".dockercfg"
    source = f"legacy docker config {path}"
    if not path.exists():
        lookup.miss(source, "file does not exist")
        return None
    config = load_config_file(path, legacy_format=True)
    lookup.warnings.extend(config.warnings)
    return _search_containers_file(target, config, source, options, lookup, legacy_format=True)


def _search_containers_file(
    target: RegistryTarget, config: ConfigFile, source: str, options: CredentialOptions, lookup: Lookup, *, legacy_format: bool
) -> Credential | None:
    """Search one file as containers/image does: credHelpers, then namespace keys, then normalized keys."""
    helper = config.cred_helpers.get(target.host)
    if helper:
        return _from_helper(target, target.host, helper, f"{source} credHelpers[{target.host!r}]", options, lookup)

    keys = [target.host] if legacy_format or target.repository is None else namespace_keys(target)
    matched = next((key for key in keys if key in config.auths), None)
    if matched is None:
        expected_key = normalize_containers_registry(target.host)
        matched = next(
            (key for key in sorted(config.auths) if normalize_containers_key(key, legacy_format) == expected_key),
            None,
        )
    if matched is None:
        lookup.miss(source, f"no key for {target.host}")
        return None

    entry = decode_entry(config.auths[matched], matched, config.origin, read_user_fields=False)
    if entry.empty:
        # containers tools skip an entry without credentials and read the next file.
        lookup.miss(f"{source} [{matched!r}]", "entry has no auth value")
        return None
    # A namespace key such as quay.io/org keeps its path, so the pull secret is limited to that namespace too.
    scope = matched if matched in keys else target.host
    credential = Credential(
        scope=scope,
        username=entry.username,
        password=entry.password,
        identity_token=entry.identity_token,
        source=f"{source} [{matched!r}]",
        expires_at=cloud.jwt_expiry(entry.password or entry.identity_token),
    )
    return lookup.hit(credential, credential.describe())


def _from_cloud(target: RegistryTarget, options: CredentialOptions, lookup: Lookup) -> Credential | None:
    kind = cloud.registry_kind(target.host, options.environ)
    if kind is None:
        lookup.miss("cloud registry", f"{target.host} is not an ECR, GCR, Artifact Registry, ACR or GHCR host")
        return None
    log.debug("looking up a %s credential for %s", kind.upper(), target.host)
    result = cloud.cloud_credential(kind, target.host, options.environ)
    if isinstance(result, cloud.Miss):
        lookup.miss(f"cloud registry ({kind})", result.reason)
        return None
    return lookup.hit(result, result.describe())
