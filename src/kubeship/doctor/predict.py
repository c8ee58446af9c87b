"""Pull prediction over rendered manifests: the credentials and verdict for every container image."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kubeship.doctor.keyring import Keyring, Lookup, MalformedPullSecret, read_pull_secret
from kubeship.doctor.lint import secret_findings, shape_problem
from kubeship.doctor.model import CANNOT_TELL, OK, WARNING, WILL_FAIL, CredentialSource, Diagnosis, Finding, ImagePull
from kubeship.doctor.references import PullSecretReferences, container_level_finding, read_references
from kubeship.doctor.secrets import RenderedSecret, read_secret
from kubeship.doctor.workloads import Container, PodTemplate, containers, expand_lists, pod_template
from kubeship.imageref import ImageReferenceError, parse_normalized_named
from kubeship.manifests import Manifest

_RENDER_OR_DECLARE = "render Secret {name}, or pass --existing-secret {name} if it already exists in the cluster"


@dataclass
class _Index:
    """Secrets and ServiceAccounts of the manifests by (namespace, name)."""

    secrets: dict[tuple[str | None, str], RenderedSecret] = field(default_factory=dict)
    service_accounts: dict[tuple[str | None, str], Manifest] = field(default_factory=dict)
    referenced: set[tuple[str | None, str]] = field(default_factory=set)
    account_findings: list[Finding] = field(default_factory=list)


@dataclass
class _PodSecrets:
    """The pull secrets of one pod: the kubelet's keyring or its failure, and the referenced Secrets by state."""

    keyring: Keyring | None = None
    failure: MalformedPullSecret | None = None
    rejected_by_api: list[RenderedSecret] = field(default_factory=list)
    ignored: list[RenderedSecret] = field(default_factory=list)
    counted: list[RenderedSecret] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    origin: str = "pod"


_DOCKER_HUB_HOSTS = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


def _near_misses(keyring_keys: list[str], registry: str) -> list[str]:
    """Return the keys whose host names the image's registry when port, case and path are ignored."""
    wanted = _bare_host(registry)
    near = []
    for key in keyring_keys:
        host = _bare_host(key.split("/", 1)[0])
        if host == wanted or (host in _DOCKER_HUB_HOSTS and wanted in _DOCKER_HUB_HOSTS):
            near.append(key)
    return near


def _bare_host(host: str) -> str:
    host = host.lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.partition(":")[0]


def diagnose(
    manifests: Iterable[Manifest],
    *,
    existing_secrets: Iterable[str] = (),
    namespace: str | None = None,
) -> Diagnosis:
    """Predict every image pull of the manifests and collect the wiring findings.

    ``existing_secrets`` names Secrets that exist in the cluster but are not rendered.
    ``namespace`` is the namespace objects without ``metadata.namespace`` are applied to.
    """
    objects = list(expand_lists(list(manifests)))
    existing = set(existing_secrets)
    index = _index(objects, namespace)
    diagnosis = Diagnosis(findings=list(index.account_findings))

    for manifest in objects:
        template = pod_template(manifest)
        if template is not None:
            _diagnose_pod(template, index, existing, namespace, diagnosis)

    for (secret_namespace, name), secret in index.secrets.items():
        referenced = (secret_namespace, name) in index.referenced
        diagnosis.findings.extend(secret_findings(secret, referenced))
    return diagnosis


def _index(objects: list[Manifest], namespace: str | None) -> _Index:
    index = _Index()
    for manifest in objects:
        key = (manifest.namespace or namespace, manifest.name)
        if manifest.kind == "Secret":
            index.secrets[key] = read_secret(manifest)
        elif manifest.kind == "ServiceAccount":
            index.service_accounts[key] = manifest
            references = read_references(manifest.obj.get("imagePullSecrets"), manifest, "imagePullSecrets")
            index.account_findings.extend(references.findings)
            for name in references.names:
                index.referenced.add((key[0], name))
    return index


def _diagnose_pod(
    template: PodTemplate, index: _Index, existing: set[str], namespace: str | None, diagnosis: Diagnosis
) -> None:
    manifest = template.manifest
    pod_namespace = manifest.namespace or namespace
    references = read_references(template.spec.get("imagePullSecrets"), manifest, f"{template.path}.imagePullSecrets")
    diagnosis.findings.extend(references.findings)
    origin = "pod"
    if not references.names:
        account_references = _service_account_references(template, index, pod_namespace, diagnosis)
        if account_references is not None:
            origin = f"ServiceAccount {template.service_account}"
            references = PullSecretReferences(
                names=account_references.names,
                rejected=references.rejected or account_references.rejected,
                rejected_object="this workload" if references.rejected else origin,
            )

    pod_secrets = _resolve(references.names, pod_namespace, index, existing)
    pod_secrets.origin = origin
    for name in references.names:
        index.referenced.add((pod_namespace, name))

    for container in containers(template):
        field_path = f"{template.path}.{container.field}[{container.index}]"
        finding = container_level_finding(container.spec, manifest, field_path)
        pull = _predict(template, container, references, pod_secrets)
        if finding is not None:
            diagnosis.findings.append(finding)
            if pull.verdict == OK:
                pull.verdict = WARNING
                pull.reason = f"{pull.reason}; the imagePullSecrets under this container are dropped"
                pull.fix = finding.fix
        diagnosis.pulls.append(pull)


def _service_account_references(
    template: PodTemplate, index: _Index, pod_namespace: str | None, diagnosis: Diagnosis
) -> PullSecretReferences | None:
    """Return the ServiceAccount's references when it is rendered; admission copies them to a pod that lists none."""
    account = index.service_accounts.get((pod_namespace, template.service_account))
    if account is None:
        return None
    return read_references(account.obj.get("imagePullSecrets"), account, "imagePullSecrets")


def _resolve(names: list[str], pod_namespace: str | None, index: _Index, existing: set[str]) -> _PodSecrets:
    pod_secrets = _PodSecrets()
    accepted: list[RenderedSecret] = []
    for name in names:
        secret = index.secrets.get((pod_namespace, name))
        if secret is None:
            (pod_secrets.existing if name in existing else pod_secrets.missing).append(name)
        elif not secret.accepted:
            # A rejected Secret never reaches the cluster, so the kubelet builds the keyring without it.
            pod_secrets.rejected_by_api.append(secret)
        else:
            accepted.append(secret)
    for secret in accepted:
        try:
            counted = read_pull_secret(secret.as_pull_secret()) is not None
        except MalformedPullSecret as error:
            pod_secrets.failure = pod_secrets.failure or error
            continue
        (pod_secrets.counted if counted else pod_secrets.ignored).append(secret)
    if pod_secrets.failure is None:
        pod_secrets.keyring = Keyring.from_secrets(secret.as_pull_secret() for secret in accepted)
    return pod_secrets


def _predict(
    template: PodTemplate, container: Container, references: PullSecretReferences, pod_secrets: _PodSecrets
) -> ImagePull:
    manifest = template.manifest
    pull = ImagePull(
        workload=manifest.describe(),
        namespace=manifest.namespace,
        source=str(manifest.position),
        container=container.name,
        container_type=container.field,
        image=str(container.image) if container.image is not None else "",
        registry=None,
        repository=None,
    )
    if references.rejected:
        pull.verdict = WILL_FAIL
        pull.reason = f"the API server rejects {references.rejected_object} because of its imagePullSecrets"
        pull.fix = "write imagePullSecrets as a list of objects: - name: SECRET"
        return pull

    if not isinstance(container.image, str) or not container.image.strip():
        pull.verdict = WILL_FAIL
        pull.reason = "the container has no image"
        pull.fix = "set image to a reference such as registry.example.com/team/app:1.0"
        return pull
    try:
        reference = parse_normalized_named(container.image)
    except ImageReferenceError as error:
        pull.verdict = WILL_FAIL
        pull.reason = f"InvalidImageName: {error.message}"
        pull.fix = error.hint or "fix the image reference"
        return pull
    pull.registry = reference.domain
    pull.repository = reference.path
    pull.reference = reference.digest or reference.with_default_tag().tag

    if pod_secrets.failure is not None:
        pull.verdict = WILL_FAIL
        pull.reason = f"{pod_secrets.failure}; the kubelet fails every image pull of this pod"
        pull.fix = f"fix or remove Secret {pod_secrets.failure.secret}"
        return pull
    assert pod_secrets.keyring is not None
    lookup = pod_secrets.keyring.lookup(reference.name)
    pull.keyring_credentials = lookup.credentials
    pull.credentials = _sources(lookup) + [CredentialSource(secret=name, existing=True) for name in pod_secrets.existing]
    _judge(pull, lookup, pod_secrets, template)
    return pull


def _sources(lookup: Lookup) -> list[CredentialSource]:
    return [
        CredentialSource(
            secret=credential.secret,
            key=credential.key,
            username=credential.username,
            docker_hub_fallback=lookup.docker_hub_fallback,
        )
        for credential in lookup.credentials
    ]


def _judge(pull: ImagePull, lookup: Lookup, pod_secrets: _PodSecrets, template: PodTemplate) -> None:
    """Set the verdict, reason and fix of a pull whose keyring was built."""
    registry = pull.registry or ""
    if pod_secrets.rejected_by_api:
        secret = pod_secrets.rejected_by_api[0]
        pull.verdict = WILL_FAIL
        pull.reason = f"the API server rejects pull secret {secret.name}: {secret.rejections[0]}"
        pull.fix = f"fix Secret {secret.name}"
        return
    if registry == "localhost" or registry.startswith("localhost:"):
        pull.verdict = CANNOT_TELL
        pull.reason = "localhost is each node's own registry, so the pull depends on the node"
        pull.fix = "push the image to a registry the nodes reach by name"
        return
    if pod_secrets.missing:
        names = ", ".join(pod_secrets.missing)
        pull.verdict = WARNING
        pull.reason = (
            f"pull secret {names} is neither rendered nor declared existing; "
            "the kubelet skips it with a FailedToRetrieveImagePullSecret event"
        )
        pull.fix = _RENDER_OR_DECLARE.format(name=pod_secrets.missing[0])
        return
    if lookup.credentials:
        pull.verdict = OK
        count = len(lookup.credentials)
        pull.reason = f"the kubelet tries {count} credential{'s' if count > 1 else ''} in this order"
        if lookup.docker_hub_fallback:
            pull.reason += ", found through the Docker Hub fallback key index.docker.io"
        return
    if pod_secrets.existing:
        pull.verdict = OK
        pull.reason = "no rendered key matches; existing Secrets may hold credentials, which are not checked"
        return
    _judge_anonymous(pull, pod_secrets, template)


def _judge_anonymous(pull: ImagePull, pod_secrets: _PodSecrets, template: PodTemplate) -> None:
    registry = pull.registry or ""
    if pod_secrets.ignored:
        secret = pod_secrets.ignored[0]
        pull.verdict = WARNING
        pull.reason = (
            f"pull secret {secret.name} has type {secret.type} without a non-empty key of that type, "
            "so the kubelet ignores it and pulls anonymously"
        )
        pull.fix = f"give Secret {secret.name} type kubernetes.io/dockerconfigjson and a .dockerconfigjson key"
        return
    for secret in pod_secrets.counted:
        problem = shape_problem(secret)
        if problem is not None:
            pull.verdict = WARNING
            pull.reason = f"pull secret {secret.name}: {problem[0]}; the kubelet pulls anonymously"
            pull.fix = problem[1]
            return
    if pod_secrets.counted and pod_secrets.keyring is not None:
        names = ", ".join(secret.name for secret in pod_secrets.counted)
        near = _near_misses(pod_secrets.keyring.keyring_keys, registry)
        if near:
            pull.verdict = WARNING
            pull.reason = (
                f"key {', '.join(near)} of pull secret {names} is meant for {registry} but does not match "
                f"{pull.registry}/{pull.repository} (port, case, labels and path must match); "
                "the kubelet pulls anonymously"
            )
            pull.fix = f"add the key {registry} to pull secret {pod_secrets.counted[0].name}"
        else:
            pull.verdict = OK
            pull.reason = f"anonymous pull: no key of pull secret {names} is for {registry}"
        return
    pull.verdict = OK
    pull.reason = "anonymous pull: the pod lists no pull secrets"
    if pod_secrets.origin == "pod" and not template.spec.get("imagePullSecrets"):
        pull.reason += f" (admission adds those of ServiceAccount {template.service_account}, which is not rendered)"
