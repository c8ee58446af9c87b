"""``imagePullSecrets`` references of pods and ServiceAccounts, and the mistakes made writing them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kubeship.doctor.dockerconfig import json_type_name
from kubeship.doctor.model import WARNING, WILL_FAIL, Finding
from kubeship.manifests import Manifest


@dataclass
class PullSecretReferences:
    """The Secret names an ``imagePullSecrets`` list refers to, in order, and what is wrong with it.

    ``rejected`` is set when the API server rejects the whole object because of the list's shape.
    Names are kept even then, so the prediction shows what the intended list would do.
    """

    names: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rejected: bool = False
    rejected_object: str = "this workload"


def read_references(value: Any, manifest: Manifest, field_path: str) -> PullSecretReferences:
    """Read an ``imagePullSecrets`` value; empty names are skipped, as the kubelet skips them."""
    references = PullSecretReferences()
    if value is None:
        return references
    where = manifest.describe()
    source = str(manifest.position)
    if not isinstance(value, list):
        references.rejected = True
        references.findings.append(
            Finding(
                WILL_FAIL, where, source,
                f"{field_path} is a JSON {json_type_name(value)}; the API server rejects the object",
                f"write {field_path} as a list of objects: - name: SECRET",
            )
        )
        return references

    strings = [item for item in value if isinstance(item, str)]
    if strings:
        references.rejected = True
        references.findings.append(
            Finding(
                WILL_FAIL, where, source,
                f"{field_path} is given as a list of strings; the API server rejects the object "
                "because each entry must be an object with a name",
                f"write each entry as - name: {strings[0]}",
            )
        )
    for item in value:
        if isinstance(item, str):
            name: Any = item
        elif isinstance(item, dict):
            name = item.get("name")
            if "namespace" in item:
                references.findings.append(
                    Finding(
                        WARNING, where, source,
                        f"{field_path} entry {name!r} has a namespace, which the API server drops: "
                        "the kubelet reads pull secrets only from the pod's own namespace",
                        f"remove namespace and create Secret {name} in the pod's namespace",
                    )
                )
        else:
            references.rejected = True
            references.findings.append(
                Finding(WILL_FAIL, where, source, f"{field_path} has an entry that is a JSON {json_type_name(item)}",
                        "write each entry as - name: SECRET")
            )
            continue
        if name is None or name == "":
            continue
        if not isinstance(name, str):
            references.rejected = True
            references.findings.append(
                Finding(WILL_FAIL, where, source, f"{field_path} has a name that is a JSON {json_type_name(name)}",
                        "quote the Secret name so it is a string")
            )
            name = str(name)
        references.names.append(name)
    return references


def container_level_finding(container_spec: dict[str, Any], manifest: Manifest, field_path: str) -> Finding | None:
    """Report ``imagePullSecrets`` written under a container, where the API server drops it."""
    if "imagePullSecrets" not in container_spec:
        return None
    return Finding(
        WARNING, manifest.describe(), str(manifest.position),
        f"{field_path}.imagePullSecrets is not a container field; the API server drops it, "
        "so the kubelet does not use these Secrets",
        "move imagePullSecrets up to the pod spec, next to containers",
    )
