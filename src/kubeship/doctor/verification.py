"""``doctor --verify``: ask each registry whether the credentials the kubelet tries can pull."""

from __future__ import annotations

from collections.abc import Iterable

from kubeship.doctor.keyring import KeyringCredential
from kubeship.doctor.model import CANNOT_TELL, OK, WILL_FAIL, Diagnosis, ImagePull, Verification
from kubeship.registry import UNREACHABLE, PullCheck, RegistryCredentials, check_pull

_CacheKey = tuple[str, str, str, str, str]


class Verifier:
    """Runs pull checks for a diagnosis, each distinct (image, credential) once."""

    def __init__(self, *, insecure_hosts: Iterable[str] = (), timeout: float = 10.0, attempts: int = 3) -> None:
        self.insecure_hosts = frozenset(insecure_hosts)
        self.timeout = timeout
        self.attempts = attempts
        self._cache: dict[_CacheKey, PullCheck] = {}

    def verify(self, diagnosis: Diagnosis) -> None:
        """Check every pull whose verdict may still change, and update its verdict."""
        for pull in diagnosis.pulls:
            if pull.verdict in (WILL_FAIL, CANNOT_TELL) or not pull.registry or not pull.reference:
                continue
            self.verify_pull(pull)

    def verify_pull(self, pull: ImagePull) -> None:
        """Try the pull's credentials in the kubelet's order; the first that can pull decides."""
        attempts: list[tuple[str, KeyringCredential | None]] = [
            (f"Secret {credential.secret} key {credential.key}", credential) for credential in pull.keyring_credentials
        ]
        if not attempts:
            attempts = [("anonymous", None)]
        for label, credential in attempts:
            check = self._check(pull, credential)
            pull.verification.append(
                Verification(label, check.status, check.http_status, check.error_code, check.message, check.hint)
            )
            if check.ok:
                pull.reason = f"{label} can pull ({check.message})"
                if pull.verdict != OK:
                    pull.reason += f"; before verification: {pull.verdict}"
                pull.verdict = OK
                return
        _judge_failed(pull)

    def _check(self, pull: ImagePull, credential: KeyringCredential | None) -> PullCheck:
        assert pull.registry is not None
        assert pull.repository is not None
        assert pull.reference is not None
        username = credential.username if credential else ""
        password = credential.password if credential else ""
        key = (pull.registry, pull.repository, pull.reference, username, password)
        if key not in self._cache:
            self._cache[key] = check_pull(
                pull.registry,
                pull.repository,
                pull.reference,
                RegistryCredentials(username, password),
                insecure_hosts=self.insecure_hosts,
                timeout=self.timeout,
                attempts=self.attempts,
            )
        return self._cache[key]


def _judge_failed(pull: ImagePull) -> None:
    checks = pull.verification
    summary = "; ".join(check.describe() for check in checks)
    if all(check.status == UNREACHABLE for check in checks):
        pull.verdict = CANNOT_TELL
        pull.reason = f"the registry is unreachable from here: {summary}"
        hints = [check.hint for check in checks if check.hint]
        pull.fix = hints[0] if hints else "check the registry address and this machine's network; nodes may still reach it"
        return
    if any(source.existing for source in pull.credentials):
        pull.verdict = CANNOT_TELL
        pull.reason = f"no rendered credential can pull, and existing Secrets were not checked: {summary}"
        pull.fix = "check the existing Secrets' keys for this registry"
        return
    pull.verdict = WILL_FAIL
    pull.reason = f"no credential the kubelet tries can pull: {summary}"
    pull.fix = _fix_for(checks[-1].status, pull)


def _fix_for(status: str, pull: ImagePull) -> str:
    if status == "unauthorized":
        return f"put valid credentials for {pull.registry} in the pull secret"
    if status == "denied":
        return f"grant the pull secret's account pull access to {pull.repository}"
    if status == "not found":
        return f"push {pull.repository}:{pull.reference} or fix the image reference"
    return "check the registry's answer above"
