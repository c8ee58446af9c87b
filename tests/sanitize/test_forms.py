"""Derived forms: each expected form comes from the library that produces it, or from Go's documented rule."""

from __future__ import annotations

import base64
import json
import urllib.parse

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeship.sanitize import MASK, MIN_SECRET_LENGTH, SecretRegistry, derived_forms
from kubeship.sanitize.forms import base64_core, go_quoted, yaml_double_quoted

VALUES = [
    "hunter2!",
    'quote"and\\backslash',
    "dollar$and%percent:colon",
    "spaces and + plus / slash",
    "newline\nsecond line\r\nthird",
    "tab\tbell\x07nul\x00esc\x1b",
    "unicode é ü 日本 😀",
    "line sep \u2028 nbsp \xa0 bom \ufeff",
    "<html>&amp;</html>",
    "'single' quotes",
    "abc",
    "a" * 300,
]


def test_short_values_have_no_forms():
    assert derived_forms("") == set()
    assert derived_forms("ab") == set()
    assert derived_forms(b"xy") == set()


def test_three_characters_are_enough():
    assert "abc" in derived_forms("abc")


@pytest.mark.parametrize("value", VALUES)
def test_forms_contain_raw_value(value):
    assert value in derived_forms(value)


@pytest.mark.parametrize("value", VALUES)
def test_forms_contain_base64(value):
    data = value.encode()
    forms = derived_forms(value)
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        encoded = encode(data).decode()
        assert encoded in forms
        assert encoded.rstrip("=") in forms


@pytest.mark.parametrize("value", VALUES)
def test_forms_contain_json_escapes(value):
    forms = derived_forms(value)
    assert json.dumps(value)[1:-1] in forms
    assert json.dumps(value, ensure_ascii=False)[1:-1] in forms


@pytest.mark.parametrize("value", VALUES)
def test_forms_contain_url_encodings(value):
    forms = derived_forms(value)
    assert urllib.parse.quote(value, safe="") in forms
    assert urllib.parse.quote_plus(value, safe="") in forms


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("allow_unicode", [True, False])
def test_yaml_double_quoted_matches_pyyaml(value, allow_unicode):
    dumped = yaml.dump(value, default_style='"', allow_unicode=allow_unicode, width=float("inf"))
    body = dumped.rstrip("\n")
    body = body.removesuffix("\n...")
    assert body.startswith('"')
    assert body.endswith('"')
    assert yaml_double_quoted(value, allow_unicode=allow_unicode) == body[1:-1]
    assert body[1:-1] in derived_forms(value) or len(body[1:-1]) < MIN_SECRET_LENGTH


@pytest.mark.parametrize("value", VALUES)
def test_forms_contain_python_repr(value):
    forms = derived_forms(value)
    assert repr(value)[1:-1] in forms
    assert ascii(value)[1:-1] in forms


def test_forms_contain_yaml_single_quoted():
    assert "it''s secret" in derived_forms("it's secret")


def test_forms_contain_each_line():
    forms = derived_forms("-----BEGIN KEY-----\n  MIIEvQIBADANBg\nab\n-----END KEY-----\n")
    assert "-----BEGIN KEY-----" in forms
    assert "MIIEvQIBADANBg" in forms
    assert "ab" not in forms


# strconv.Quote and strconv.QuoteToASCII, written from the Go documentation (go1.22):
# printable runes stay, \a \b \f \n \r \t \v and \" \\ are short escapes, other control
# characters are \xHH, non-printable or (for ToASCII) non-ASCII runes are \uHHHH or \UHHHHHHHH.
GO_QUOTE_CASES = [
    # value, Quote body, QuoteToASCII body
    ('a"b', 'a\\"b', 'a\\"b'),
    ("back\\slash", "back\\\\slash", "back\\\\slash"),
    ("nl\ncr\rtab\t", "nl\\ncr\\rtab\\t", "nl\\ncr\\rtab\\t"),
    ("bell\x07vt\x0bff\x0cbs\x08", "bell\\avt\\vff\\fbs\\b", "bell\\avt\\vff\\fbs\\b"),
    ("nul\x00esc\x1bdel\x7f", "nul\\x00esc\\x1bdel\\x7f", "nul\\x00esc\\x1bdel\\x7f"),
    ("café", "café", "caf\\u00e9"),
    ("smile😀", "smile😀", "smile\\U0001f600"),
    ("zero\u200bwidth", "zero\\u200bwidth", "zero\\u200bwidth"),
    ("nbsp\xa0", "nbsp\\u00a0", "nbsp\\u00a0"),
    ("$%:' ", "$%:' ", "$%:' "),
]


@pytest.mark.parametrize(("value", "quoted", "quoted_ascii"), GO_QUOTE_CASES)
def test_go_quoted_follows_strconv(value, quoted, quoted_ascii):
    assert go_quoted(value, ascii_only=False) == quoted
    assert go_quoted(value, ascii_only=True) == quoted_ascii
    assert quoted in derived_forms(value)
    assert quoted_ascii in derived_forms(value)


def test_go_json_escapes_html_characters():
    assert "\\u003cb\\u003e\\u0026" in derived_forms("<b>&")


@pytest.mark.parametrize("offset", [0, 1, 2])
@pytest.mark.parametrize("value", ["abc", "password1", "p@ss:w0rd", "é$%"])
def test_base64_core_found_at_every_offset(value, offset):
    data = value.encode()
    for prefix_groups in (0, 1, 5):
        prefix = bytes(range(7, 7 + 3 * prefix_groups + offset))
        for suffix in (b"", b"Z", b"ZZ", b"ZZZ", b"\xff\xfe\xfd\xfc"):
            stream = base64.b64encode(prefix + data + suffix).decode()
            assert base64_core(data, offset) in stream


def test_base64_core_table():
    # base64("\0abcd") = "AGFiY2Q=": "AG" carries the prefix byte, so offset 1 keeps "FiY2".
    assert base64_core(b"abcd", 0) == "YWJjZ"
    assert base64_core(b"abcd", 1) == "FiY2"
    # base64("\0\0abcd") = "AABhYmNk": three chars carry prefix bits.
    assert base64_core(b"abcd", 2) == "hYmNk"


@settings(max_examples=200, deadline=None)
@given(
    secret=st.text(min_size=MIN_SECRET_LENGTH, max_size=40),
    prefix=st.binary(max_size=10),
    suffix=st.binary(max_size=10),
    urlsafe=st.booleans(),
)
def test_secret_inside_base64_stream_is_masked(secret, prefix, suffix, urlsafe):
    registry = SecretRegistry()
    registry.register(secret)
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    data = secret.encode("utf-8", errors="surrogatepass")
    stream = encode(prefix + data + suffix).decode()
    core = base64_core(data, len(prefix) % 3, encode)

    masked = registry.mask(stream)

    assert MASK in masked
    assert core not in masked


def test_password_inside_base64_docker_config_is_masked():
    password = 'pa"ss\\wörd$1'
    username = "deploy-bot"
    auth = base64.b64encode(f"{username}:{password}".encode()).decode()
    config = {"https://registry.example:5000/": {"username": username, "password": password, "auth": auth}}
    payload = base64.b64encode(json.dumps(config).encode()).decode()
    registry = SecretRegistry()
    registry.register_credential(username, password)

    masked = registry.mask(f"data:\n  .dockercfg: {payload}\n")

    password_json = json.dumps(password)[1:-1].encode()
    leaked_cores = [base64_core(password_json, offset) for offset in range(3)]
    leaked_cores += [base64_core(auth.encode(), offset) for offset in range(3)]
    for core in leaked_cores:
        assert core not in masked
    assert masked.count(MASK) >= 2


def test_credential_masks_pair_and_its_base64():
    registry = SecretRegistry()
    registry.register_credential("alice", "s3cret-pass")

    assert registry.mask("alice:s3cret-pass") == MASK
    assert registry.mask(base64.b64encode(b"alice:s3cret-pass").decode()) == MASK
    assert registry.mask("user alice") == "user alice"


def test_command_output_registers_helper_fields():
    registry = SecretRegistry()
    registry.register_command_output(b'{"ServerURL":"https://r.example","Username":"bob","Secret":"t0ken-value"}\n')

    assert registry.mask("token t0ken-value") == f"token {MASK}"
    assert registry.mask(base64.b64encode(b"bob:t0ken-value").decode()) == MASK
    assert registry.mask("server https://r.example") == "server https://r.example"


def test_failed_command_output_keeps_message():
    registry = SecretRegistry()
    registry.register_command_output('{"Username":"bob","Secret":"t0ken-value"}\n{partial\n', whole_output=False)

    assert registry.mask('{"Username":"bob","Secret":"t0ken-value"}') == f'{{"Username":"bob","Secret":"{MASK}"}}'
    assert registry.mask("{partial") == "{partial"


def test_command_output_masks_malformed_output():
    registry = SecretRegistry()
    registry.register_command_output("not json: hunter22\n")

    assert registry.mask("helper printed not json: hunter22") == f"helper printed {MASK}"
