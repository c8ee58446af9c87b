"""The values ``${artifact.source.dockerconfig}`` and ``${artifact.source.dockerconfigjson}`` of a render."""

from __future__ import annotations

from dataclasses import dataclass

from kubeship.credentials import CredentialOptions, Lookup, credential_for
from kubeship.imageref import ImageReference
from kubeship.pullsecret.secret import DOCKERCFG, DOCKERCONFIGJSON, payload_for


@dataclass(frozen=True)
class ImagePullPayloads:
    """Both payloads for one image, base64 encoded; empty strings when no credentials were found.

    ``lookup`` keeps the search, for ``--explain-credentials`` and warnings.
    """

    dockercfg: str
    dockerconfigjson: str
    lookup: Lookup


def pull_payloads_for_image(image: str | ImageReference, options: CredentialOptions | None = None) -> ImagePullPayloads:
    """Look up the credentials of ``image``'s registry and build both payloads.

    Raises ``ImageReferenceError`` for an invalid reference and
    ``CredentialError`` for a broken credential source; both are ``InputError``.
    """
    lookup = credential_for(image, options)
    if lookup.credential is None:
        return ImagePullPayloads("", "", lookup)
    credentials = [lookup.credential]
    return ImagePullPayloads(payload_for(credentials, DOCKERCFG), payload_for(credentials, DOCKERCONFIGJSON), lookup)


def dockercfg_for_image(image: str | ImageReference, options: CredentialOptions | None = None) -> str:
    """Return ``${artifact.source.dockerconfig}``: base64 of the legacy ``.dockercfg`` map, or ``""``."""
    return pull_payloads_for_image(image, options).dockercfg


def dockerconfigjson_for_image(image: str | ImageReference, options: CredentialOptions | None = None) -> str:
    """Return ``${artifact.source.dockerconfigjson}``: base64 of ``{"auths": ...}``, or ``""``."""
    return pull_payloads_for_image(image, options).dockerconfigjson
