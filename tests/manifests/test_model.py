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
    (manifest,) = parse_documents("kind: ConfigMap\ndata:\n  on: yes\n  port: 0x1F\n", "a.yaml")

    assert manifest.scalars[("data", "on")] == "yes"
    assert manifest.scalars[("data", "port")] == "0x1F"


def test_parse_rejects_a_document_that_is_a_list() -> None:
    with pytest.raises(InputError, match=r"a\.yaml:2: rendered document is a list"):
        parse_documents("---\n- a\n- b\n", "a.yaml")
