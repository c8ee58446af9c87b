"""Generic object access over the API server's REST paths, with discovery by group version.

Objects are plain dicts, as rendered. A kind's resource name and scope come from the
API server's discovery document of its group version, fetched once per group version
(not the whole discovery tree, which kubectl caches on disk).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from kubeship.cluster.errors import ApiError, ClusterUnreachable
from kubeship.cluster.kubeconfig import ClusterConnection

log = logging.getLogger(__name__)

APPLY_PATCH = "application/apply-patch+yaml"
MERGE_PATCH = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"
STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json"

# Characters that a YAML 1.1 parser (the API server's go-yaml, PyYAML) rejects unescaped, or reads
# as a line break and so folds inside a quoted scalar. json.dumps escapes the C0 controls itself.
_YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def apply_patch_body(body: Any) -> bytes:
    """Serialize a server-side apply patch as UTF-8 JSON that a YAML parser reads as the same object.

    The API server parses apply patches as YAML, and YAML has no surrogate pairs: the
    ``\\ud83d\\ude00`` escapes that ``json.dumps`` writes for a character outside the Basic
    Multilingual Plane (an emoji) make the server reject the object. Such characters stay raw
    UTF-8 here, and the characters YAML does not take raw become ``\\u`` escapes.
    """
    text = json.dumps(body, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text).encode()


@dataclass(frozen=True)
class ResourceType:
    """A kind as the API server serves it: its REST name and whether it lives in a namespace."""

    api_version: str
    kind: str
    plural: str
    namespaced: bool

    def collection_path(self, namespace: str | None) -> str:
        group_path = "/api/v1" if self.api_version == "v1" else f"/apis/{self.api_version}"
        if self.namespaced:
            if not namespace:
                raise ValueError(f"{self.kind} is namespaced and no namespace was given")
            return f"{group_path}/namespaces/{quote(namespace, safe='')}/{self.plural}"
        return f"{group_path}/{self.plural}"

    def object_path(self, namespace: str | None, name: str) -> str:
        return f"{self.collection_path(namespace)}/{quote(name, safe='')}"


class UnknownKind(Exception):
    """The API server serves no such kind in that group version."""

    def __init__(self, api_version: str, kind: str, detail: str = "") -> None:
        super().__init__(f"the server has no resource type {kind} in {api_version}{detail}")
        self.api_version = api_version
        self.kind = kind


class RestClient:
    """Requests to one API server: discovery, get, list, create, update, patch, delete."""

    def __init__(self, connection: ClusterConnection) -> None:
        self.connection = connection
        self._discovered: dict[str, dict[str, ResourceType]] = {}
        self._lock = threading.Lock()

    # Discovery

    def resource_type(self, api_version: str, kind: str) -> ResourceType:
        """Return the resource type of a kind; raise UnknownKind when the server does not serve it."""
        with self._lock:
            kinds = self._discovered.get(api_version)
        if kinds is None:
            kinds = self._discover(api_version)
            with self._lock:
                self._discovered[api_version] = kinds
        try:
            return kinds[kind]
        except KeyError:
            raise UnknownKind(api_version, kind) from None

    def _discover(self, api_version: str) -> dict[str, ResourceType]:
        path = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        try:
            document = self.request("GET", path)
        except ApiError as error:
            if error.status == 404:
                raise UnknownKind(api_version, "", f": group version {api_version} is not served") from None
            raise
        kinds = {}
        for resource in document.get("resources", []):
            if "/" in resource["name"]:
                continue  # a subresource such as deployments/status
            kinds[resource["kind"]] = ResourceType(
                api_version, resource["kind"], resource["name"], bool(resource.get("namespaced"))
            )
        return kinds

    # Requests

    def request(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        body: Any = None,
        content_type: str = "application/json",
        timeout: float | None = 60,
    ) -> Any:
        """Send one request and return the decoded JSON response.

        Raises ApiError for an error status and ClusterUnreachable when no response came.
        """
        from kubernetes.client.rest import ApiException
        from urllib3.exceptions import HTTPError

        query_params = [(key, value) for key, value in (query or {}).items() if value is not None]
        if content_type == APPLY_PATCH and body is not None:
            # The client sends a bytes body as it is unless the content type is exactly
            # APPLY_PATCH or names JSON. The API server accepts the charset parameter.
            body = apply_patch_body(body)
            content_type = f"{APPLY_PATCH}; charset=utf-8"
        headers = {"Accept": "application/json", "Content-Type": content_type}
        try:
            response = self.connection.api_client.call_api(
                path,
                method,
                query_params=query_params,
                header_params=headers,
                body=body,
                auth_settings=["BearerToken"],
                _preload_content=False,
                _request_timeout=timeout,
                _return_http_data_only=True,
            )
        except ApiException as error:
            raise ApiError.from_response(method, path, error.status, error.body) from None
        except HTTPError as error:
            raise ClusterUnreachable(self.connection.server, error) from None
        except OSError as error:
            raise ClusterUnreachable(self.connection.server, error) from None
        data = response.data
        return json.loads(data) if data else {}

    def get(self, resource: ResourceType, namespace: str | None, name: str) -> dict[str, Any]:
        return self.request("GET", resource.object_path(namespace, name))

    def get_optional(self, resource: ResourceType, namespace: str | None, name: str) -> dict[str, Any] | None:
        try:
            return self.get(resource, namespace, name)
        except ApiError as error:
            if error.status == 404:
                return None
            raise

    def list(
        self, resource: ResourceType, namespace: str | None, *, label_selector: str | None = None,
        field_selector: str | None = None,
    ) -> list[dict[str, Any]]:
        answer = self.request(
            "GET",
            resource.collection_path(namespace),
            query={"labelSelector": label_selector, "fieldSelector": field_selector},
        )
        return list(answer.get("items") or [])

    def create(self, resource: ResourceType, namespace: str | None, body: dict[str, Any]) -> dict[str, Any]:
        return self.request("POST", resource.collection_path(namespace), body=body)

    def replace(self, resource: ResourceType, namespace: str | None, body: dict[str, Any]) -> dict[str, Any]:
        return self.request("PUT", resource.object_path(namespace, body["metadata"]["name"]), body=body)

    def patch(
        self, resource: ResourceType, namespace: str | None, name: str, body: Any, *, content_type: str,
        field_manager: str | None = None, force: bool = False, dry_run: bool = False,
    ) -> dict[str, Any]:
        query: dict[str, Any] = {"fieldManager": field_manager}
        if force:
            query["force"] = "true"
        if dry_run:
            query["dryRun"] = "All"
        return self.request(
            "PATCH", resource.object_path(namespace, name), query=query, body=body, content_type=content_type
        )

    def delete(self, resource: ResourceType, namespace: str | None, name: str) -> bool:
        """Delete an object in the background; return False when it did not exist."""
        try:
            self.request(
                "DELETE", resource.object_path(namespace, name), body={"propagationPolicy": "Background"}
            )
        except ApiError as error:
            if error.status == 404:
                return False
            raise
        return True
