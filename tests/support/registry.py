"""A real private registry for tests: Debian's ``docker-registry`` with htpasswd Basic auth.

``start_registry`` runs distribution 2.8 on 127.0.0.1 with a free port, a
temporary storage directory and bcrypt htpasswd entries, over plain HTTP on the
loopback interface. ``TestRegistry.push_image`` writes a small OCI image layout
(one config blob, one tar layer) and pushes it with ``skopeo copy``, and
``TestRegistry.inspect`` runs ``skopeo inspect --authfile`` to show whether a
docker config (a pull secret payload) authenticates a real client.

Credentials reach skopeo only through 0600 auth files, never through arguments.
Each skopeo run gets its own HOME, DOCKER_CONFIG, XDG directories and
registries.conf, so the user's own credentials never take part in a check.

Use the pytest fixtures ``registry`` (one registry for the test session, with
the users in ``REGISTRY_USERS`` and the image ``team/web:1.4.2``) or
``registry_factory`` (a fresh registry per call, stopped after the test).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

INSTALL_COMMAND = "scripts/install-test-deps (or as root: apt-get install docker-registry skopeo)"

# Users of the session registry. The second password has characters that break naive quoting.
REGISTRY_USERS: dict[str, str] = {
    "deploy-bot": "s3cret-Pa55",
    "quoting": 'a"b\\c$d:e%f\ng ü',
}
SESSION_IMAGE = ("team/web", "1.4.2")

OCI_MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG_TYPE = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar"

START_TIMEOUT_SECONDS = 20
START_ATTEMPTS = 3
SKOPEO_TIMEOUT_SECONDS = 60


class MissingTool(RuntimeError):
    """A command the registry fixture runs is not installed."""


def require_tools(*commands: str) -> None:
    """Raise ``MissingTool`` naming the install command when one of ``commands`` is not on PATH."""
    missing = [command for command in commands if shutil.which(command) is None]
    if missing:
        raise MissingTool(f"{', '.join(missing)} not found on PATH; install with {INSTALL_COMMAND}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_private_file(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` with mode 0600 from the moment the file exists."""
    data = content.encode() if isinstance(content, str) else content
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
    return path


def htpasswd_line(username: str, password: str) -> str:
    """Return one htpasswd entry with a bcrypt hash, the only kind distribution accepts."""
    import bcrypt

    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
    return f"{username}:{hashed}\n"


def basic_auth(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode()


def docker_config_for(host: str, username: str, password: str) -> dict:
    """Return a ``{"auths": ...}`` docker config with one entry for ``host``, as skopeo reads it."""
    return {"auths": {host: {"auth": basic_auth(username, password)}}}


def as_auth_file(payload: Mapping | bytes | str) -> bytes:
    """Turn a pull secret payload into the content of a containers auth file.

    A ``.dockerconfigjson`` payload (``{"auths": ...}``) is used as it is. A legacy
    ``.dockercfg`` map has no ``auths`` wrapper, so it is wrapped in one, which
    is how the kubelet reads it too. ``bytes`` and ``str`` are JSON text.
    """
    if isinstance(payload, (bytes, str)):
        decoded = json.loads(payload)
    else:
        decoded = dict(payload)
    if "auths" not in decoded:
        decoded = {"auths": decoded}
    return json.dumps(decoded).encode()


def _blob(blobs_dir: Path, data: bytes) -> tuple[str, int]:
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    (blobs_dir / digest.split(":", 1)[1]).write_bytes(data)
    return digest, len(data)


def _layer_tar(content: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        info = tarfile.TarInfo("hello.txt")
        info.size = len(content)
        info.mtime = 0
        info.mode = 0o644
        archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def write_oci_layout(directory: Path, tag: str, content: bytes = b"hello from kubeship tests\n") -> str:
    """Write an OCI image layout with one image tagged ``tag``; return its manifest digest.

    The image has a config blob and one uncompressed tar layer holding ``hello.txt``.
    """
    blobs_dir = directory / "blobs" / "sha256"
    blobs_dir.mkdir(parents=True, exist_ok=True)
    (directory / "oci-layout").write_text(json.dumps({"imageLayoutVersion": "1.0.0"}))

    layer = _layer_tar(content)
    layer_digest, layer_size = _blob(blobs_dir, layer)
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Cmd": ["/hello.txt"]},
        "rootfs": {"type": "layers", "diff_ids": [layer_digest]},
    }
    config_digest, config_size = _blob(blobs_dir, json.dumps(config).encode())
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST_TYPE,
        "config": {"mediaType": OCI_CONFIG_TYPE, "digest": config_digest, "size": config_size},
        "layers": [{"mediaType": OCI_LAYER_TYPE, "digest": layer_digest, "size": layer_size}],
    }
    manifest_digest, manifest_size = _blob(blobs_dir, json.dumps(manifest).encode())
    index = {
        "schemaVersion": 2,
        "manifests": [
            {
                "mediaType": OCI_MANIFEST_TYPE,
                "digest": manifest_digest,
                "size": manifest_size,
                "annotations": {"org.opencontainers.image.ref.name": tag},
            }
        ],
    }
    (directory / "index.json").write_text(json.dumps(index))
    return manifest_digest


@dataclass
class SkopeoResult:
    """The outcome of one skopeo run: ``ok`` when it exited 0."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass
class TestRegistry:
    """A running ``docker-registry`` on 127.0.0.1 and the skopeo helpers that talk to it."""

    __test__ = False  # not a test class, despite the name

    host: str
    users: dict[str, str]
    work_dir: Path
    process: subprocess.Popen | None = None
    images: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    def image(self, repository: str, tag: str) -> str:
        return f"{self.host}/{repository}:{tag}"

    def push_image(self, repository: str, tag: str, username: str | None = None) -> str:
        """Push a small image as ``repository:tag`` with a user's credentials; return its manifest digest."""
        username = username or next(iter(self.users))
        layout = Path(tempfile.mkdtemp(prefix="oci-", dir=self.work_dir))
        write_oci_layout(layout, tag, content=f"{repository}:{tag}\n".encode())
        auth = docker_config_for(self.host, username, self.users[username])
        with self._skopeo_sandbox() as scratch:
            auth_file = write_private_file(scratch / "auth.json", json.dumps(auth))
            result = self._run_skopeo(
                ["copy", "--dest-tls-verify=false", "--dest-authfile", str(auth_file),
                 f"oci:{layout}:{tag}", f"docker://{self.image(repository, tag)}"],
                scratch,
            )
        shutil.rmtree(layout, ignore_errors=True)
        if not result.ok:
            raise RuntimeError(f"skopeo copy to {self.image(repository, tag)} failed: {result.stderr.strip()}")
        digest = self.inspect_with_credentials(repository, tag, username)
        self.images[f"{repository}:{tag}"] = digest
        return digest

    def inspect(self, image: str, auth_file_content: Mapping | bytes | str | None) -> SkopeoResult:
        """Run ``skopeo inspect`` on ``image`` with ``auth_file_content`` as its only credentials.

        ``auth_file_content`` is a docker config (``{"auths": ...}``) or a legacy
        ``.dockercfg`` map, as a mapping or JSON text; ``None`` inspects anonymously.
        ``image`` may omit the registry host.
        """
        if not image.startswith(self.host + "/"):
            image = f"{self.host}/{image}"
        with self._skopeo_sandbox() as scratch:
            arguments = ["inspect", "--tls-verify=false"]
            if auth_file_content is None:
                arguments.append("--no-creds")
            else:
                auth_file = write_private_file(scratch / "auth.json", as_auth_file(auth_file_content))
                arguments += ["--authfile", str(auth_file)]
            return self._run_skopeo([*arguments, f"docker://{image}"], scratch)

    def can_pull(self, image: str, auth_file_content: Mapping | bytes | str | None) -> bool:
        """Return whether skopeo reads ``image``'s manifest with the given credentials."""
        return self.inspect(image, auth_file_content).ok

    def inspect_with_credentials(self, repository: str, tag: str, username: str) -> str:
        auth = docker_config_for(self.host, username, self.users[username])
        result = self.inspect(f"{repository}:{tag}", auth)
        if not result.ok:
            raise RuntimeError(f"skopeo inspect of {repository}:{tag} failed: {result.stderr.strip()}")
        return json.loads(result.stdout)["Digest"]

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def _skopeo_sandbox(self) -> contextlib.AbstractContextManager[Path]:
        return skopeo_sandbox(self.work_dir)

    @staticmethod
    def _run_skopeo(arguments: list[str], scratch: Path) -> SkopeoResult:
        return run_skopeo(arguments, scratch)


@contextlib.contextmanager
def skopeo_sandbox(work_dir: Path) -> Iterator[Path]:
    """Create a private directory below ``work_dir`` for one skopeo run's home, configuration and auth file."""
    scratch = Path(tempfile.mkdtemp(prefix="skopeo-", dir=work_dir))
    for name in ("home", "docker", "config", "runtime"):
        (scratch / name).mkdir(mode=0o700)
    (scratch / "registries.conf").write_text("")
    (scratch / "policy.json").write_text(json.dumps({"default": [{"type": "insecureAcceptAnything"}]}))
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run_skopeo(arguments: list[str], scratch: Path) -> SkopeoResult:
    """Run skopeo with only the sandbox ``scratch`` as its home and configuration."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(scratch / "home"),
        "DOCKER_CONFIG": str(scratch / "docker"),
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_RUNTIME_DIR": str(scratch / "runtime"),
        "CONTAINERS_REGISTRIES_CONF": str(scratch / "registries.conf"),
    }
    completed = subprocess.run(
        ["skopeo", "--policy", str(scratch / "policy.json"), *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=SKOPEO_TIMEOUT_SECONDS,
        stdin=subprocess.DEVNULL,
    )
    return SkopeoResult(completed.returncode, completed.stdout, completed.stderr)


def _registry_config(port: int, storage: Path, auth: Mapping) -> str:
    # JSON is valid YAML, so the configuration needs no YAML writer.
    config = {
        "version": 0.1,
        "log": {"level": "warn", "accesslog": {"disabled": True}},
        "storage": {"filesystem": {"rootdirectory": str(storage)}, "delete": {"enabled": True}},
        "http": {"addr": f"127.0.0.1:{port}", "secret": os.urandom(16).hex()},
        "auth": dict(auth),
    }
    return json.dumps(config, indent=2)


def _wait_until_listening(registry: TestRegistry, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        assert registry.process is not None
        if registry.process.poll() is not None:
            raise RuntimeError(f"docker-registry exited with {registry.process.returncode}: {log_path.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(f"{registry.url}/v2/", timeout=2)
        except urllib.error.HTTPError as error:
            if error.code == 401:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"docker-registry did not listen on {registry.host} within {START_TIMEOUT_SECONDS} s")


@contextlib.contextmanager
def start_registry(
    work_dir: Path, users: Mapping[str, str] | None = None, auth: Mapping | None = None
) -> Iterator[TestRegistry]:
    """Run a registry with htpasswd users (``REGISTRY_USERS`` by default) until the block ends.

    ``auth`` replaces the registry's ``auth`` configuration section, for example with
    ``{"token": {...}}`` for token authentication. ``users`` then only names the accounts
    ``push_image`` may use, and the token server must accept them.

    Raises ``MissingTool`` when ``docker-registry`` or ``skopeo`` is not installed.
    """
    require_tools("docker-registry", "skopeo")
    users = dict(REGISTRY_USERS if users is None else users)
    work_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(work_dir, 0o700)
    storage = work_dir / "storage"
    storage.mkdir(exist_ok=True)
    htpasswd = write_private_file(
        work_dir / "htpasswd", "".join(htpasswd_line(name, password) for name, password in users.items())
    )
    if auth is None:
        auth = {"htpasswd": {"realm": "kubeship-test", "path": str(htpasswd)}}
    registry = _launch(work_dir, users, auth, storage)
    try:
        yield registry
    finally:
        registry.stop()


def _launch(work_dir: Path, users: dict[str, str], auth: Mapping, storage: Path) -> TestRegistry:
    """Start the registry process and wait for it, with a new port if another process took the first."""
    log_path = work_dir / "registry.log"
    config_path = work_dir / "config.yml"
    for attempt in range(1, START_ATTEMPTS + 1):
        port = free_port()
        config_path.write_text(_registry_config(port, storage, auth))
        registry = TestRegistry(host=f"127.0.0.1:{port}", users=users, work_dir=work_dir)
        with open(log_path, "wb") as log:
            registry.process = subprocess.Popen(
                ["docker-registry", "serve", str(config_path)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        try:
            _wait_until_listening(registry, log_path)
            return registry
        except RuntimeError:
            registry.stop()
            if attempt == START_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _start_or_fail(
    work_dir: Path, users: Mapping[str, str] | None, auth: Mapping | None = None
) -> contextlib.AbstractContextManager[TestRegistry]:
    try:
        require_tools("docker-registry", "skopeo")
    except MissingTool as error:
        pytest.fail(str(error), pytrace=False)
    return start_registry(work_dir, users, auth)


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestRegistry]:
    """A registry for the whole session with ``REGISTRY_USERS`` and the image ``team/web:1.4.2``."""
    work_dir = tmp_path_factory.mktemp("registry")
    with _start_or_fail(work_dir, None) as running:
        running.push_image(*SESSION_IMAGE)
        yield running


@pytest.fixture
def registry_factory(tmp_path: Path) -> Iterator:
    """Start fresh registries inside a test: ``registry_factory(users=None, auth=None)``; each stops after the test."""
    with contextlib.ExitStack() as stack:
        counter = iter(range(1000))

        def start(users: Mapping[str, str] | None = None, auth: Mapping | None = None) -> TestRegistry:
            work_dir = tmp_path / f"registry-{next(counter)}"
            return stack.enter_context(_start_or_fail(work_dir, users, auth))

        yield start
