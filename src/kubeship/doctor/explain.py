"""The diagnosis of a single image pull, for callers that hold cluster objects instead of manifests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kubeship.doctor.model import ImagePull
from kubeship.doctor.predict import diagnose
from kubeship.doctor.verification import Verifier
from kubeship.manifests import Manifest


def explain_image_pull(
    image: str,
    pull_secrets: Sequence[dict[str, Any]],
    *,
    secret_names: Sequence[str] | None = None,
    verify: bool = False,
    insecure_hosts: Iterable[str] = (),
) -> ImagePull:
    """Diagnose the pull of ``image`` by a pod that lists ``secret_names`` in ``imagePullSecrets``.

    ``pull_secrets`` are Secret objects as the API server returns them (``data`` in base64).
    ``secret_names`` defaults to their names in order; a name without a Secret counts as missing.
    A deploy that finds a pod in ImagePullBackOff calls this with the pod's image and Secrets.
    """
    names = list(secret_names) if secret_names is not None else [secret["metadata"]["name"] for secret in pull_secrets]
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "image-pull"},
        "spec": {
            "imagePullSecrets": [{"name": name} for name in names],
            "containers": [{"name": "image", "image": image}],
        },
    }
    manifests = [Manifest(obj={**secret, "metadata": {**secret.get("metadata", {}), "namespace": None}},
                          source="<cluster>") for secret in pull_secrets]
    manifests.append(Manifest(obj=pod, source="<cluster>"))
    diagnosis = diagnose(manifests)
    pull = diagnosis.pulls[0]
    if verify:
        Verifier(insecure_hosts=insecure_hosts).verify(diagnosis)
    return pull
