"""Managed workloads and the release label on their pods."""

from __future__ import annotations

from kubeship.manifests import RELEASE_NAME_LABEL, add_release_label, managed_workloads, parse_documents, prepare_release

WORKLOADS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  selector: {matchLabels: {app: db}}
  template:
    spec: {containers: [{name: db}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  annotations: {kubeship.io/direct-apply: "True"}
spec:
  template: {spec: {containers: [{name: agent}]}}
---
apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata: {name: legacy}
spec:
  template: {metadata: {labels: {kubeship.io/release-name: other}}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: migration
  annotations: {harness.io/direct-apply: "true"}
spec:
  template: {spec: {containers: [{name: m}]}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template: {spec: {containers: [{name: once}]}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}}
"""


def test_managed_workloads_exclude_direct_apply() -> None:
    manifests = parse_documents(WORKLOADS, "templates/workloads.yaml")

    workloads = managed_workloads(manifests)

    assert [manifest.describe() for manifest in workloads] == ["Deployment/web", "StatefulSet/db", "DeploymentConfig/legacy"]


def test_release_label_goes_on_pod_templates_only() -> None:
    manifests = parse_documents(WORKLOADS, "templates/workloads.yaml")

    changed = add_release_label(manifests, "release-web")

    assert [manifest.describe() for manifest in changed] == ["Deployment/web", "StatefulSet/db"]
    web, db = manifests[0].obj, manifests[1].obj
    assert web["spec"]["template"]["metadata"]["labels"] == {"app": "web", RELEASE_NAME_LABEL: "release-web"}
    assert db["spec"]["template"]["metadata"]["labels"] == {RELEASE_NAME_LABEL: "release-web"}


def test_release_label_leaves_selectors_and_other_objects() -> None:
    manifests = parse_documents(WORKLOADS, "templates/workloads.yaml")
    before = parse_documents(WORKLOADS, "templates/workloads.yaml")

    add_release_label(manifests, "release-web")

    assert manifests[0].obj["spec"]["selector"] == {"matchLabels": {"app": "web"}}
    assert manifests[1].obj["spec"]["selector"] == {"matchLabels": {"app": "db"}}
    for index in (2, 3, 4, 5, 6):
        assert manifests[index].obj == before[index].obj


def test_prepare_release_leaves_the_render_unchanged() -> None:
    rendered = parse_documents(WORKLOADS + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n", "templates/all.yaml")
    before = [manifest.obj for manifest in parse_documents(WORKLOADS + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n", "t.yaml")]

    first = prepare_release(rendered, 1, release_name="release-web")
    second = prepare_release(rendered, 2)

    assert [manifest.obj for manifest in rendered] == before
    assert first[-1].name == "web-1"
    assert first[-1].versioned
    assert second[-1].name == "web-2"
    assert first[0].obj["spec"]["template"]["metadata"]["labels"][RELEASE_NAME_LABEL] == "release-web"
    assert RELEASE_NAME_LABEL not in second[0].obj["spec"]["template"]["metadata"]["labels"]
