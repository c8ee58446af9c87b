"""The artifact of a render: an image reference and the pull-secret payloads for it."""

from __future__ import annotations

import logging

from kubeship.credentials import DOCKER_HUB_CONFIG_KEY, CredentialOptions, Lookup, expiry_annotations
from kubeship.expressions import ArtifactContext
from kubeship.imageref import DEFAULT_TAG, parse_normalized_named
from kubeship.pullsecret import dockercfg_key, pull_payloads_for_image

log = logging.getLogger(__name__)


def artifact_for_image(image: str, options: CredentialOptions) -> tuple[ArtifactContext, Lookup]:
    """Resolve ``image`` into what ``${artifact.*}`` expressions see, and the credential search.

    ``artifact.metadata.image`` is the reference as the user wrote it; the tag is
    ``latest`` when the reference has neither tag nor digest. The payloads are
    empty strings when no source has credentials for the image's registry, so a
    public image renders no pull secret. Raises ImageReferenceError for an invalid
    reference and CredentialError for a broken credential source.
    """
    reference = parse_normalized_named(image)
    payloads = pull_payloads_for_image(reference, options)
    credential = payloads.lookup.credential
    if credential is None:
        log.debug("no registry credentials found for %s; rendering without a pull secret", reference.domain)

    tag = reference.tag or ("" if reference.digest else DEFAULT_TAG)
    artifact = ArtifactContext(
        image=image,
        tag=tag,
        digest=reference.digest or "",
        repository_name=reference.path,
        registry_url=dockercfg_key(credential) if credential else _registry_url(reference.domain),
        username=credential.username if credential else "",
        dockerconfig=payloads.dockercfg,
        dockerconfigjson=payloads.dockerconfigjson,
        expiry_annotations=expiry_annotations([credential]) if credential else {},
    )
    return artifact, payloads.lookup


def _registry_url(domain: str) -> str:
    return DOCKER_HUB_CONFIG_KEY if domain == "docker.io" else f"https://{domain}/"
