"""The body of a server-side apply patch: JSON that a YAML 1.1 parser reads as the same object."""

from __future__ import annotations

import json

import yaml
from hypothesis import given
from hypothesis import strategies as st

from kubeship.cluster.rest import apply_patch_body

# Lone surrogates cannot be encoded as UTF-8, and the API server's YAML parser rejects them escaped.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))


def test_apply_patch_keeps_emoji_raw():
    body = apply_patch_body({"data": {"TOKEN": "a😀b"}})

    assert "😀".encode() in body
    assert b"\\ud83d" not in body


def test_apply_patch_escapes_yaml_line_breaks():
    body = apply_patch_body({"value": "a\u2028b\x85c\u2029d"})

    assert body == b'{"value": "a\\u2028b\\u0085c\\u2029d"}'


@given(value=TEXT)
def test_apply_patch_reads_back_as_yaml_and_json(value):
    document = {"data": {value: value}, "list": [value]}

    body = apply_patch_body(document)

    assert yaml.safe_load(body.decode()) == document
    assert json.loads(body) == document
