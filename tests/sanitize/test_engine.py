"""The masking engine: overlapping matches, stream chunk boundaries, JWTs."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeship.sanitize import MASK, Masker, MaskingTextStream, SecretRegistry

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXBsb3kifQ.c2lnbmF0dXJlLXZhbHVl"


def test_mask_replaces_each_occurrence():
    masker = Masker(["hunter2"])

    assert masker.mask("a hunter2 b hunter2") == f"a {MASK} b {MASK}"


def test_mask_is_fourteen_asterisks():
    assert MASK == "**************"


def test_mask_without_match_returns_text():
    masker = Masker(["hunter2"])

    assert masker.mask("nothing here") == "nothing here"


def test_overlapping_matches_are_merged():
    masker = Masker(["abcdef", "defghi"])

    assert masker.mask("xxabcdefghixx") == f"xx{MASK}xx"


def test_nested_match_longest_wins():
    masker = Masker(["secret", "my-secret-value"])

    assert masker.mask("[my-secret-value]") == f"[{MASK}]"


def test_adjacent_matches_masked_separately():
    masker = Masker(["abc", "def"])

    assert masker.mask("abcdef") == MASK + MASK


def test_unicode_text_positions():
    masker = Masker(["日本語"])

    assert masker.mask("é 日本語 😀") == f"é {MASK} 😀"


def test_lone_surrogate_survives():
    masker = Masker(["secret"])

    assert masker.mask("\udcff secret") == f"\udcff {MASK}"


def test_jwt_masked_without_registration():
    masker = Masker([])

    assert masker.mask(f"Authorization: Bearer {JWT}\n") == f"Authorization: Bearer {MASK}\n"


def _stream_mask(chunks: list[str], registry: SecretRegistry) -> str:
    target = io.StringIO()
    stream = MaskingTextStream(target, registry)
    for chunk in chunks:
        stream.write(chunk)
    stream.flush()
    return target.getvalue()


@pytest.mark.parametrize("secret", ["hunter2-long", "日本語パスワード", 'q"uo\\te'])
def test_stream_finds_secret_at_every_split(secret):
    registry = SecretRegistry()
    registry.register(secret)
    text = f"before {secret} after\n"
    expected = registry.mask(text)

    for split in range(len(text) + 1):
        assert _stream_mask([text[:split], text[split:]], registry) == expected


def test_stream_finds_jwt_at_every_split():
    registry = SecretRegistry()
    text = f"token {JWT} end"
    expected = f"token {MASK} end"

    for split in range(len(text) + 1):
        assert _stream_mask([text[:split], text[split:]], registry) == expected


def test_stream_one_character_writes():
    registry = SecretRegistry()
    registry.register("p@ssw0rd")
    text = "login p@ssw0rd ok\n" * 3

    assert _stream_mask(list(text), registry) == registry.mask(text)


def test_stream_sees_secret_registered_mid_stream():
    registry = SecretRegistry()
    target = io.StringIO()
    stream = MaskingTextStream(target, registry)
    stream.write("first line\n")
    registry.register("late-secret")
    stream.write("now late-secret\n")
    stream.flush()

    assert target.getvalue() == f"first line\nnow {MASK}\n"


def test_stream_rejects_bytes():
    stream = MaskingTextStream(io.StringIO(), SecretRegistry())

    with pytest.raises(TypeError):
        stream.write(b"bytes")


def test_stream_buffer_masks_bytes():
    registry = SecretRegistry()
    registry.register("bytes-secret")
    target = io.StringIO()
    stream = MaskingTextStream(target, registry)
    stream.buffer.write("a bytes-sec".encode())
    stream.buffer.write("ret b é".encode()[:-1])
    stream.buffer.write("é".encode()[-1:])
    stream.buffer.flush()

    assert target.getvalue() == f"a {MASK} b é"


@settings(max_examples=150, deadline=None)
@given(
    secrets=st.lists(st.text(min_size=3, max_size=20), min_size=1, max_size=4),
    filler=st.lists(st.text(max_size=15), min_size=1, max_size=6),
    data=st.data(),
)
def test_stream_equals_whole_text_mask(secrets, filler, data):
    registry = SecretRegistry()
    for secret in secrets:
        registry.register(secret)
    pieces = []
    for index, text in enumerate(filler):
        pieces.append(text)
        pieces.append(secrets[index % len(secrets)])
    text = "".join(pieces)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    chunks = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)])]

    masked = _stream_mask(chunks, registry)

    assert masked == registry.mask(text)
    for secret in secrets:
        assert secret not in masked or secret in MASK
