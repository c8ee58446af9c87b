"""The Harness FirstGen expression context: ``artifact.*``, ``infra.*``, ``env.*``, ``secrets.*``.

Expressions in values files see the same names Harness gives them. A name with no value
(for example ``artifact`` when no image was given) is left out, so resolving it fails
with a clear message instead of producing an empty string.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ArtifactContext:
    """The values of ``${artifact.*}`` expressions for one image.

    ``image`` is the image reference as deployed, ``registry_url`` the registry key of its
    credentials (``https://registry.example.com/``), ``dockerconfig`` and
    ``dockerconfigjson`` the base64 pull-secret payloads ("" when the image needs none).
    ``expiry_annotations`` are the annotations a Secret carrying those payloads gets
    (``kubeship.io/credentials-expire-at`` for a short-lived token); expressions cannot read them.
    """

    image: str
    tag: str
    repository_name: str
    registry_url: str
    username: str
    dockerconfig: str
    dockerconfigjson: str
    digest: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    expiry_annotations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InfraContext:
    """The values of ``${infra.*}`` and ``${env.*}`` expressions."""

    namespace: str
    infra_id: str = ""
    infra_name: str = ""
    env_name: str = ""
    environment_type: str = ""


def build_context(
    *,
    artifact: ArtifactContext | None,
    infra: InfraContext,
    service_variables: Mapping[str, Any] | None = None,
    secret_lookup: Callable[[str], str | None] | None = None,
) -> dict[str, Any]:
    """Return the expression context for one render."""
    context: dict[str, Any] = {
        "infra": {
            "kubernetes": {"namespace": infra.namespace, "infraId": infra.infra_id or None},
            "name": infra.infra_name or None,
        },
        "env": {"name": infra.env_name or None, "environmentType": infra.environment_type or None},
    }
    if artifact is not None:
        context["artifact"] = _artifact_namespace(artifact)
    if service_variables is not None:
        context["serviceVariable"] = dict(service_variables)
    if secret_lookup is not None:
        context["secrets"] = {"getValue": secret_lookup}
    return context


def _artifact_namespace(artifact: ArtifactContext) -> dict[str, Any]:
    labels = dict(artifact.labels)
    return {
        "metadata": {
            "image": artifact.image,
            "tag": artifact.tag,
            "getSHA": lambda: artifact.digest or None,
        },
        "buildNo": artifact.tag,
        "displayName": artifact.tag,
        "revision": artifact.digest or None,
        "label": {"get": labels.get},
        "source": {
            "registryUrl": artifact.registry_url,
            "repositoryName": artifact.repository_name,
            "username": artifact.username,
            "dockerconfig": artifact.dockerconfig,
            "dockerconfigjson": artifact.dockerconfigjson,
        },
    }
