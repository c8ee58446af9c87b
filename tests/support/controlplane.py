"""A Kubernetes control plane for tests: etcd, kube-apiserver and kube-controller-manager on 127.0.0.1.

The binaries come from ``tests/cluster/bin``, built by ``scripts/test-deps/30-control-plane.sh``.
Each server runs as its own process and logs to a file in the control plane's folder.
The API server serves a certificate that this module creates and accepts static tokens.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN_DIR = REPO_ROOT / "tests" / "cluster" / "bin"
BINARIES = ("etcd", "kube-apiserver", "kube-controller-manager")
BUILD_SCRIPT = "scripts/test-deps/30-control-plane.sh"

# The first address of this range is the ClusterIP of the `kubernetes` Service.
SERVICE_CLUSTER_IP_RANGE = "10.0.0.0/16"


def missing_binaries() -> list[str]:
    """Return the control plane binaries that have not been built."""
    return [name for name in BINARIES if not os.access(BIN_DIR / name, os.X_OK)]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that no socket is bound to right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Process:
    """A server process with its command line and its log file."""

    name: str
    args: list[str]
    log_path: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = open(self.log_path, "ab")
        try:
            self.popen = subprocess.Popen(
                self.args,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, grace: float = 10) -> None:
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(grace)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.popen = None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class ControlPlane:
    """A running control plane and the files a client needs to reach it.

    ``admin_token`` belongs to a member of ``system:masters``, and ``kubeconfig`` is a
    kubeconfig file with that token and the serving CA.
    """

    directory: Path
    apiserver_port: int
    ca_path: Path
    admin_token: str
    kubeconfig: Path
    processes: dict[str, Process] = field(default_factory=dict)

    @property
    def server(self) -> str:
        return f"https://127.0.0.1:{self.apiserver_port}"

    def restart_apiserver(self, downtime: float = 0) -> None:
        """Stop kube-apiserver, wait ``downtime`` seconds and start it again on the same port."""
        apiserver = self.processes["kube-apiserver"]
        apiserver.stop()
        time.sleep(downtime)
        apiserver.start()
        wait_for_apiserver(self, timeout=120)

    def stop(self) -> None:
        """Stop every server, the controller-manager first and etcd last."""
        for name in ("kube-controller-manager", "kube-apiserver", "etcd"):
            process = self.processes.get(name)
            if process is not None:
                process.stop()

    def describe_failure(self) -> str:
        """Return the end of each server's log, for a failed start."""
        parts = []
        for process in self.processes.values():
            state = "running" if process.running() else "exited"
            parts.append(f"--- {process.name} ({state}), {process.log_path}:\n{process.log_tail()}")
        return "\n".join(parts)


def start_control_plane(directory: Path | None = None, timeout: float = 180) -> ControlPlane:
    """Start etcd, kube-apiserver and kube-controller-manager and wait until they serve.

    Everything they write goes to ``directory`` (a new temporary folder by default).
    On any failure the started processes are stopped before the error propagates.
    """
    missing = missing_binaries()
    if missing:
        raise RuntimeError(f"control plane binaries not built: {', '.join(missing)}; run {BUILD_SCRIPT}")
    if directory is None:
        directory = Path(tempfile.mkdtemp(prefix="kubeship-controlplane-"))
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)

    pki = write_pki(directory / "pki")
    apiserver_port = free_port()
    admin_token = os.urandom(16).hex()
    controller_token = os.urandom(16).hex()
    token_file = directory / "tokens.csv"
    write_private(
        token_file,
        f'{admin_token},kubeship-admin,uid-admin,"system:masters"\n'
        f'{controller_token},system:kube-controller-manager,uid-kcm,"system:masters"\n',
    )
    server = f"https://127.0.0.1:{apiserver_port}"
    kubeconfig = directory / "admin.kubeconfig"
    write_private(kubeconfig, kubeconfig_yaml(server, pki["ca.crt"], admin_token, "admin"))
    controller_kubeconfig = directory / "controller-manager.kubeconfig"
    write_private(controller_kubeconfig, kubeconfig_yaml(server, pki["ca.crt"], controller_token, "kcm"))

    plane = ControlPlane(
        directory=directory,
        apiserver_port=apiserver_port,
        ca_path=pki["ca.crt"],
        admin_token=admin_token,
        kubeconfig=kubeconfig,
    )
    etcd_url = f"http://127.0.0.1:{free_port()}"
    plane.processes = {
        "etcd": Process("etcd", etcd_args(directory, etcd_url), directory / "etcd.log"),
        "kube-apiserver": Process(
            "kube-apiserver",
            apiserver_args(directory, apiserver_port, etcd_url, pki, token_file),
            directory / "kube-apiserver.log",
        ),
        "kube-controller-manager": Process(
            "kube-controller-manager",
            controller_manager_args(controller_kubeconfig, pki),
            directory / "kube-controller-manager.log",
        ),
    }

    try:
        plane.processes["etcd"].start()
        wait_for_url(f"{etcd_url}/health", plane.processes["etcd"], timeout)
        plane.processes["kube-apiserver"].start()
        wait_for_apiserver(plane, timeout)
        plane.processes["kube-controller-manager"].start()
        wait_for_default_service_account(plane, timeout)
    except BaseException:
        failure = plane.describe_failure()
        plane.stop()
        raise RuntimeError(f"control plane did not start\n{failure}") from None
    return plane


def etcd_args(directory: Path, client_url: str) -> list[str]:
    data_dir = directory / "etcd-data"
    return [
        str(BIN_DIR / "etcd"),
        f"--data-dir={data_dir}",
        f"--client-url={client_url}",
        f"--peer-url=http://127.0.0.1:{free_port()}",
    ]


def apiserver_args(
    directory: Path, port: int, etcd_url: str, pki: dict[str, Path], token_file: Path
) -> list[str]:
    return [
        str(BIN_DIR / "kube-apiserver"),
        f"--etcd-servers={etcd_url}",
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        f"--secure-port={port}",
        f"--cert-dir={directory / 'apiserver-certs'}",
        f"--tls-cert-file={pki['apiserver.crt']}",
        f"--tls-private-key-file={pki['apiserver.key']}",
        f"--client-ca-file={pki['ca.crt']}",
        f"--token-auth-file={token_file}",
        "--authorization-mode=RBAC",
        f"--service-cluster-ip-range={SERVICE_CLUSTER_IP_RANGE}",
        f"--service-account-issuer=https://127.0.0.1:{port}",
        f"--service-account-key-file={pki['service-account.pub']}",
        f"--service-account-signing-key-file={pki['service-account.key']}",
        "--allow-privileged=true",
        # Keep the `kubernetes` Service's endpoints out of it: nothing listens for it here.
        "--endpoint-reconciler-type=none",
        "--enable-priority-and-fairness=false",
        "--profiling=false",
        "--v=1",
    ]


def controller_manager_args(kubeconfig: Path, pki: dict[str, Path]) -> list[str]:
    return [
        str(BIN_DIR / "kube-controller-manager"),
        f"--kubeconfig={kubeconfig}",
        "--leader-elect=false",
        "--bind-address=127.0.0.1",
        # Port 0 turns the controller-manager's own HTTPS server off.
        "--secure-port=0",
        f"--root-ca-file={pki['ca.crt']}",
        f"--service-account-private-key-file={pki['service-account.key']}",
        "--use-service-account-credentials=false",
        "--kube-api-qps=200",
        "--kube-api-burst=400",
        "--profiling=false",
        "--v=1",
    ]


def kubeconfig_yaml(server: str, ca_path: Path, token: str, user: str) -> str:
    """Return a kubeconfig with one cluster, one user with a bearer token, and one context."""
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "test", "cluster": {"server": server, "certificate-authority": str(ca_path)}}],
        "users": [{"name": user, "user": {"token": token}}],
        "contexts": [{"name": "test", "context": {"cluster": "test", "user": user}}],
        "current-context": "test",
    }
    return yaml.safe_dump(config, sort_keys=False)


def write_private(path: Path, text: str | bytes) -> None:
    """Write a file only its owner can read (mode 0600 from creation on)."""
    data = text.encode() if isinstance(text, str) else text
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def write_pki(directory: Path) -> dict[str, Path]:
    """Create a CA, a serving certificate for 127.0.0.1 and a service account key pair.

    Returns the paths by file name: ca.crt, apiserver.crt, apiserver.key,
    service-account.key and service-account.pub.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    lifetime = datetime.timedelta(days=2)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubeship-test-ca")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + lifetime)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                key_encipherment=False, data_encipherment=False, key_agreement=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )

    serving_key = ec.generate_private_key(ec.SECP256R1())
    names = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"]
    addresses = [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_network(SERVICE_CLUSTER_IP_RANGE)[1]]
    serving_cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")]))
        .issuer_name(ca_name)
        .public_key(serving_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + lifetime)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(name) for name in names] + [x509.IPAddress(address) for address in addresses]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    account_key = ec.generate_private_key(ec.SECP256R1())

    def private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
        return key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    files: dict[str, bytes] = {
        "ca.crt": ca_cert.public_bytes(serialization.Encoding.PEM),
        "apiserver.crt": serving_cert.public_bytes(serialization.Encoding.PEM),
        "apiserver.key": private_pem(serving_key),
        "service-account.key": private_pem(account_key),
        "service-account.pub": account_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = directory / name
        write_private(paths[name], data)
    return paths


def wait_for_url(url: str, process: Process, timeout: float, context: ssl.SSLContext | None = None,
                 headers: dict[str, str] | None = None) -> None:
    """Poll ``url`` until it answers 200; fail early when ``process`` exits."""
    deadline = time.monotonic() + timeout
    last_error = "no answer"
    while time.monotonic() < deadline:
        if not process.running():
            raise RuntimeError(f"{process.name} exited while starting")
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=5, context=context) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as error:
            last_error = str(error)
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer 200 within {timeout}s: {last_error}")


def wait_for_api_path(plane: ControlPlane, path: str, process: Process, timeout: float) -> None:
    """Poll an API server path as the admin user until it answers 200; fail early when ``process`` exits."""
    context = ssl.create_default_context(cafile=str(plane.ca_path))
    headers = {"Authorization": f"Bearer {plane.admin_token}"}
    wait_for_url(f"{plane.server}{path}", process, timeout, context=context, headers=headers)


def wait_for_apiserver(plane: ControlPlane, timeout: float) -> None:
    wait_for_api_path(plane, "/readyz", plane.processes["kube-apiserver"], timeout)


def wait_for_default_service_account(plane: ControlPlane, timeout: float) -> None:
    """Wait until the controller-manager's service account controller has run.

    The ServiceAccount admission plugin rejects pods of a namespace until its
    `default` ServiceAccount exists, so this is the readiness that matters to tests.
    """
    path = "/api/v1/namespaces/default/serviceaccounts/default"
    wait_for_api_path(plane, path, plane.processes["kube-controller-manager"], timeout)
