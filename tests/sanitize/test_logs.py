"""The log filter, the JSON formatter and configure_logging."""

from __future__ import annotations

import io
import json
import logging

import pytest

from kubeship.sanitize import MASK, SecretRegistry, configure_logging


@pytest.fixture
def registry():
    registry = SecretRegistry()
    registry.register('to"ken$value')
    # Build the masker now, so its own debug record does not appear in the tests' output.
    registry.masker()
    return registry


@pytest.fixture
def restore_root_logger():
    root = logging.getLogger()
    handlers, filters, level = list(root.handlers), list(root.filters), root.level
    yield
    root.handlers[:] = handlers
    root.filters[:] = filters
    root.setLevel(level)


def _raise_with(message: str) -> None:
    raise RuntimeError(message)


def test_text_log_masks_arguments(registry, restore_root_logger):
    output = io.StringIO()
    configure_logging(log_format="text", stream=output, registry=registry)

    logging.getLogger("kubeship.test").info("password %s in %r", 'to"ken$value', {"p": 'to"ken$value'})

    line = output.getvalue()
    assert 'to"ken$value' not in line
    assert "to\\\"ken" not in line
    assert line == f"INFO kubeship.test: password {MASK} in {{'p': '{MASK}'}}\n"


def test_text_log_masks_traceback(registry, restore_root_logger):
    output = io.StringIO()
    configure_logging(debug=True, log_format="text", stream=output, registry=registry)

    try:
        _raise_with('bad to"ken$value')
    except RuntimeError:
        logging.getLogger("kubeship.test").exception("failed")

    text = output.getvalue()
    assert "Traceback" in text
    assert f"RuntimeError: bad {MASK}" in text
    assert "ken$value" not in text


def test_json_log_is_one_object_a_line(registry, restore_root_logger):
    output = io.StringIO()
    configure_logging(debug=True, log_format="json", stream=output, registry=registry)

    logging.getLogger("kubeship.test").debug("value=%s", 'to"ken$value')
    try:
        _raise_with('to"ken$value')
    except RuntimeError:
        logging.getLogger("kubeship.other").error("failed", exc_info=True)

    # Every line is one JSON object. Threads left by other tests in this session (the control
    # plane fixture's clients) may log too, so only this test's two loggers are counted.
    records = [json.loads(line) for line in output.getvalue().splitlines()]
    ours = [record for record in records if record["logger"] in ("kubeship.test", "kubeship.other")]
    assert len(ours) == 2
    first, second = ours
    assert first["level"] == "DEBUG"
    assert first["logger"] == "kubeship.test"
    assert first["message"] == f"value={MASK}"
    assert second["level"] == "ERROR"
    assert second["exception"].endswith(f"RuntimeError: {MASK}")
    assert "ken$value" not in output.getvalue()


def test_info_level_without_debug(registry, restore_root_logger):
    output = io.StringIO()
    configure_logging(log_format="text", stream=output, registry=registry)

    logging.getLogger("kubeship.test").debug("hidden")
    logging.getLogger("kubeship.test").info("shown")

    assert output.getvalue() == "INFO kubeship.test: shown\n"


def test_second_configuration_replaces_handler(registry, restore_root_logger):
    first, second = io.StringIO(), io.StringIO()
    configure_logging(log_format="text", stream=first, registry=registry)
    configure_logging(log_format="json", stream=second, registry=registry)

    logging.getLogger("kubeship.test").warning("once")

    assert first.getvalue() == ""
    assert json.loads(second.getvalue())["message"] == "once"


def test_unknown_log_format_rejected(restore_root_logger):
    with pytest.raises(ValueError, match="unknown log format 'xml'"):
        configure_logging(log_format="xml")


def test_mismatched_arguments_still_logged(registry, restore_root_logger):
    output = io.StringIO()
    handler = configure_logging(log_format="text", stream=output, registry=registry)
    # pytest's capture handler raises on the bad arguments before our handler runs.
    logging.getLogger().handlers[:] = [handler]

    logging.getLogger("kubeship.test").info("two %s %s", 'to"ken$value')

    assert "log arguments did not match" in output.getvalue()
    assert "ken$value" not in output.getvalue()


def test_http_client_requests_only_under_debug(registry, restore_root_logger):
    output = io.StringIO()
    configure_logging(log_format="text", stream=output, registry=registry)

    # httpx logs every request at INFO, and a registry check in doctor or deploy sends several.
    logging.getLogger("httpx").info('HTTP Request: GET http://127.0.0.1:5000/v2/ "HTTP/1.1 401 Unauthorized"')
    quiet = output.getvalue()
    configure_logging(debug=True, log_format="text", stream=output, registry=registry)
    logging.getLogger("httpx").info("HTTP Request: HEAD http://127.0.0.1:5000/v2/team/web/manifests/1.4.2")

    assert quiet == ""
    assert "HEAD http://127.0.0.1:5000/v2/team/web/manifests/1.4.2" in output.getvalue()
