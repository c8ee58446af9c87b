"""The diagnosis: one row per container image, wiring findings, and the JSON form of both."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Verdicts, from worst to best. An image is "ok" when its pull is expected to work.
WILL_FAIL = "will fail"
WARNING = "warning"
CANNOT_TELL = "cannot tell"
OK = "ok"
VERDICTS = (WILL_FAIL, WARNING, CANNOT_TELL, OK)

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class CredentialSource:
    """One credential the kubelet tries: a Secret and its docker config key, or an unchecked existing Secret."""

    secret: str
    key: str | None = None
    username: str | None = None
    docker_hub_fallback: bool = False
    existing: bool = False

    def describe(self) -> str:
        if self.existing:
            return f"Secret {self.secret} (existing, not checked)"
        text = f"Secret {self.secret} key {self.key}"
        if self.docker_hub_fallback:
            text += " (Docker Hub fallback)"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "secret": self.secret,
            "key": self.key,
            "username": self.username,
            "dockerHubFallback": self.docker_hub_fallback,
            "existing": self.existing,
        }


@dataclass(frozen=True)
class Verification:
    """The result of one pull check against the registry, with one credential or anonymously."""

    credential: str
    status: str
    http_status: int | None = None
    error_code: str | None = None
    message: str = ""
    # The registry check's next step, such as --insecure-registry for a plain HTTP registry.
    hint: str = ""

    def describe(self) -> str:
        details = [str(part) for part in (self.http_status, self.error_code) if part]
        text = f"{self.credential}: {self.status}"
        if details:
            text += f" ({', '.join(details)})"
        if self.message:
            text += f": {self.message}"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "credential": self.credential,
            "status": self.status,
            "httpStatus": self.http_status,
            "errorCode": self.error_code,
            "message": self.message,
        }


@dataclass
class ImagePull:
    """The prediction for one container image of one workload."""

    workload: str
    namespace: str | None
    source: str
    container: str
    container_type: str
    image: str
    registry: str | None
    repository: str | None
    credentials: list[CredentialSource] = field(default_factory=list)
    verdict: str = OK
    reason: str = ""
    fix: str = ""
    verification: list[Verification] = field(default_factory=list)
    # The tag or digest to request, and the credentials behind ``credentials`` (not shown).
    reference: str | None = None
    keyring_credentials: tuple[Any, ...] = field(default=(), repr=False, compare=False)

    @property
    def credential_summary(self) -> str:
        if not self.credentials:
            return "anonymous"
        return "; ".join(source.describe() for source in self.credentials)

    def to_json(self) -> dict[str, Any]:
        return {
            "workload": self.workload,
            "namespace": self.namespace,
            "source": self.source,
            "container": self.container,
            "containerType": self.container_type,
            "image": self.image,
            "registry": self.registry,
            "repository": self.repository,
            "credentials": [source.to_json() for source in self.credentials],
            "verdict": self.verdict,
            "reason": self.reason,
            "fix": self.fix,
            "verification": [check.to_json() for check in self.verification],
        }


@dataclass(frozen=True)
class Finding:
    """A wiring problem in the manifests, tied to one object."""

    severity: str
    object: str
    source: str
    message: str
    fix: str

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "object": self.object,
            "source": self.source,
            "message": self.message,
            "fix": self.fix,
        }


@dataclass
class Diagnosis:
    """Every image pull of a set of manifests and the wiring findings."""

    pulls: list[ImagePull] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def will_fail(self) -> bool:
        return any(pull.verdict == WILL_FAIL for pull in self.pulls) or any(
            finding.severity == WILL_FAIL for finding in self.findings
        )

    @property
    def exit_code(self) -> int:
        """0 when every pull is expected to work, 1 when one will fail."""
        return 1 if self.will_fail else 0

    def to_json(self) -> dict[str, Any]:
        counts = {verdict: sum(1 for pull in self.pulls if pull.verdict == verdict) for verdict in VERDICTS}
        return {
            "schemaVersion": SCHEMA_VERSION,
            "pulls": [pull.to_json() for pull in self.pulls],
            "findings": [finding.to_json() for finding in self.findings],
            "summary": {"images": len(self.pulls), "verdicts": counts, "willFail": self.will_fail},
        }
