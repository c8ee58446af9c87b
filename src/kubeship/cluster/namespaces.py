"""The namespaces a deploy needs that do not exist yet."""

from __future__ import annotations

from collections.abc import Sequence

from kubeship.cluster.rest import ResourceType, RestClient
from kubeship.manifests import Manifest

NAMESPACE = ResourceType("v1", "Namespace", "namespaces", False)


def missing_namespaces(client: RestClient, manifests: Sequence[Manifest], default_namespace: str) -> set[str]:
    """Return the namespaces that the deploy's objects or its history need and the cluster lacks."""
    needed = {default_namespace}
    needed.update(m.namespace for m in manifests if m.namespace and m.kind != "Namespace")
    return {name for name in needed if client.get_optional(NAMESPACE, None, name) is None}
