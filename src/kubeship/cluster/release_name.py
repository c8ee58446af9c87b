"""Checks of a release's name and namespace before a deploy or rollback changes anything."""

from __future__ import annotations

from kubeship.cluster.lock import lease_name
from kubeship.errors import InputError
from kubeship.manifests import check_namespace_name, is_dns1123_subdomain

# The maximum length of a release name whose Lease name still fits the 253 characters of an object name.
MAX_RELEASE_NAME_LENGTH = 253 - len(lease_name(""))


def check_release_target(release_name: str, namespace: str) -> None:
    """Raise InputError when the API server would reject the release's namespace or object names.

    The release name names the history ConfigMap and, with a suffix, the release's Lease, so
    a name the API server rejects would otherwise fail the deploy after it created namespaces.
    The namespace is checked first, because the default release name contains it.
    """
    check_namespace_name(namespace)

    problems = is_dns1123_subdomain(release_name)
    if not problems and len(release_name) > MAX_RELEASE_NAME_LENGTH:
        problems = [f"must be no more than {MAX_RELEASE_NAME_LENGTH} characters, "
                    f"because the release's Lease adds {lease_name('')!r} to it"]
    if problems:
        raise InputError(f"invalid release name {release_name!r}: {'; '.join(problems)}",
                         hint="choose a release name that follows this rule")
