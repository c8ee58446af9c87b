"""Redaction of Secret values for display."""

from __future__ import annotations

from kubeship.manifests import REDACTED, redact


def test_redact_hides_data_and_string_data() -> None:
    secret = {"kind": "Secret", "metadata": {"name": "web"}, "data": {"a": "c2VjcmV0"}, "stringData": {"b": "secret"}}

    shown = redact(secret)

    assert shown["data"] == {"a": REDACTED}
    assert shown["stringData"] == {"b": REDACTED}
    assert secret["data"] == {"a": "c2VjcmV0"}


def test_redact_hides_last_applied_configuration() -> None:
    annotation = "kubectl.kubernetes.io/last-applied-configuration"
    secret = {"kind": "Secret", "metadata": {"name": "web", "annotations": {annotation: '{"data":{"a":"c2VjcmV0"}}', "team": "web"}}}

    shown = redact(secret)

    assert shown["metadata"]["annotations"] == {annotation: REDACTED, "team": "web"}


def test_redact_goes_into_lists() -> None:
    listing = {"kind": "List", "items": [{"kind": "Secret", "data": {"a": "eA=="}}, {"kind": "ConfigMap", "data": {"a": "x"}}]}

    shown = redact(listing)

    assert shown["items"][0]["data"] == {"a": REDACTED}
    assert shown["items"][1]["data"] == {"a": "x"}


def test_redact_leaves_other_kinds() -> None:
    config_map = {"kind": "ConfigMap", "data": {"a": "x"}}

    assert redact(config_map) == config_map
