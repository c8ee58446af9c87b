"""The objects of one release, as a deploy applies them."""

from __future__ import annotations

import copy

from kubeship.manifests.model import Manifest
from kubeship.manifests.versioning import version_manifests
from kubeship.manifests.workloads import add_release_label


def prepare_release(
    rendered: list[Manifest],
    release_number: int,
    *,
    release_name: str | None = None,
    skip_versioning: bool = False,
) -> list[Manifest]:
    """Return copies of ``rendered`` as release ``release_number`` applies them.

    ConfigMaps and Secrets are versioned and the references to them rewritten (unless
    ``skip_versioning``), and with ``release_name`` the pods of the managed workloads get
    the ``kubeship.io/release-name`` label. ``rendered`` is not changed, so a caller can
    prepare the same render for several release numbers.
    """
    manifests = copy.deepcopy(rendered)
    version_manifests(manifests, release_number, skip_versioning=skip_versioning)
    if release_name is not None:
        add_release_label(manifests, release_name)
    return manifests
