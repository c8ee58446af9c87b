"""Parsing rendered documents with the line of every field."""

from __future__ import annotations

import pytest

from kubeship.errors import InputError
from kubeship.manifests import parse_documents

RENDERED = """\
# Source: templates/web.yaml
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  a: "1"
---
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1
"""


def test_parse_records_document_and_field_lines() -> None:
    config_map, deployment = parse_documents(RENDERED, "templates/web.yaml")

    assert config_map.line == 3
    assert config_map.line_of(("data", "a")) == 8
    assert deployment.line == 11
    assert deployment.line_of(("spec", "template", "spec", "containers", 0)) == 19
    assert deployment.line_of(("spec", "template", "spec", "containers", 0, "image")) == 20


def test_line_of_unknown_field_uses_nearest_parent() -> None:
    (_, deployment) = parse_documents(RENDERED, "templates/web.yaml")

    assert deployment.line_of(("spec", "template", "metadata", "labels")) == 16
    assert deployment.line_of(("status",)) == 11


def test_parse_keeps_text_of_non_string_scalars() -> None:
    (manifest,) = parse_documents("kind: ConfigMap\ndata:\n  enabled: y\n  port: 0x1F\n  name: web\n", "a.yaml")

    assert manifest.obj["data"] == {"enabled": True, "port": 31, "name": "web"}
    assert manifest.scalars[("data", "enabled")] == "y"
    assert manifest.scalars[("data", "port")] == "0x1F"
    assert ("data", "name") not in manifest.scalars


def test_parse_reports_invalid_yaml_with_position() -> None:
    with pytest.raises(InputError, match=r"a\.yaml:3:1: rendered output is not valid YAML"):
        parse_documents("kind: ConfigMap\ndata: [a\n", "a.yaml")


def test_parse_rejects_a_document_that_is_a_list() -> None:
    with pytest.raises(InputError, match=r"a\.yaml:2: rendered document is a list"):
        parse_documents("---\n- a\n- b\n", "a.yaml")
