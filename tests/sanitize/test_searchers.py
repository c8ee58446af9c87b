"""The searchers: Hyperscan finds exactly what Aho-Corasick finds, and the form sets that choose between them."""

from __future__ import annotations

import random
import string
import sys
import threading

import hyperscan
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeship.sanitize import MASK, Masker, SecretRegistry, derived_forms
from kubeship.sanitize import searchers
from kubeship.sanitize.engine import _JWT_PREFIX_AT_END, FormSet
from kubeship.sanitize.searchers import (
    HYPERSCAN_MAX_LITERAL_BYTES,
    AhoCorasickSearcher,
    HyperscanSearcher,
)

# A small alphabet makes patterns overlap, nest and repeat inside the text.
_overlapping_bytes = st.binary(min_size=1, max_size=12).map(lambda data: bytes(b"abc"[byte % 3] for byte in data))


def _sorted_spans(searcher_or_set, data: bytes) -> list[tuple[int, int]]:
    return sorted(searcher_or_set.find(data))


def _assert_hyperscan_masks_like_aho_corasick(forms: set[str], text: str) -> str:
    """Mask ``text`` with a Hyperscan form set, check it against Aho-Corasick, and return it."""
    with_hyperscan = FormSet(forms, optimize_search=True)

    masked = Masker(form_sets=[with_hyperscan]).mask(text)

    assert masked == Masker(forms).mask(text)
    assert with_hyperscan.engines[0] == "hyperscan"
    assert with_hyperscan.hyperscan_error is None
    return masked


@settings(max_examples=300, deadline=None)
@given(patterns=st.lists(_overlapping_bytes, min_size=1, max_size=20), text=st.binary(max_size=200))
def test_hyperscan_matches_equal_aho_corasick(patterns, text):
    patterns = sorted(set(patterns))
    text = bytes(b"abc"[byte % 3] for byte in text)

    found = _sorted_spans(HyperscanSearcher(patterns), text)

    assert found == _sorted_spans(AhoCorasickSearcher(patterns), text)


@settings(max_examples=200, deadline=None)
@given(forms=st.lists(st.text(alphabet="ab\0é", min_size=1, max_size=10), min_size=1, max_size=15), text=st.text(alphabet="ab\0é ", max_size=150))
def test_form_set_nul_forms_equal_aho_corasick(forms, text):
    data = text.encode()

    with_hyperscan = FormSet(forms, optimize_search=True)

    assert _sorted_spans(with_hyperscan, data) == _sorted_spans(FormSet(forms), data)
    assert with_hyperscan.hyperscan_error is None
    if any("\0" not in form for form in forms):
        assert with_hyperscan.engines[0] == "hyperscan"


@settings(max_examples=40, deadline=None)
@given(
    secrets=st.lists(st.text(min_size=3, max_size=30), min_size=1, max_size=12),
    filler=st.lists(st.text(max_size=20), min_size=1, max_size=12),
    data=st.data(),
)
def test_hyperscan_masker_derived_forms_equal(secrets, filler, data):
    forms = set().union(*(derived_forms(secret) for secret in secrets))
    ordered_forms = sorted(forms)
    pieces = []
    for text in filler:
        pieces.append(text)
        pieces.append(data.draw(st.sampled_from(ordered_forms)))
    text = "".join(pieces)

    _assert_hyperscan_masks_like_aho_corasick(forms, text)


def test_hyperscan_masker_random_log_equal():
    rng = random.Random(9)
    alphabet = string.ascii_letters + string.digits + "!$%:/+=@#-_.\"\\ é"
    secrets = ["".join(rng.choice(alphabet) for _ in range(rng.randint(3, 40))) for _ in range(300)]
    forms = set().union(*(derived_forms(secret) for secret in secrets))
    ordered_forms = sorted(forms)
    lines = []
    for number in range(3000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        if number % 3 == 0:
            form = rng.choice(ordered_forms)
            cut = rng.randint(0, len(line))
            line = line[:cut] + form + line[cut:]
        lines.append(line)
    text = "\n".join(lines)

    masked = _assert_hyperscan_masks_like_aho_corasick(forms, text)

    assert masked.count(MASK) >= 1000


def test_forms_hyperscan_rejects_go_to_aho_corasick():
    rng = random.Random(4)
    long_form = "".join(rng.choice(string.ascii_letters) for _ in range(HYPERSCAN_MAX_LITERAL_BYTES + 1))
    form_set = FormSet(["plain-form", "nul\0form", long_form], optimize_search=True)
    masker = Masker(form_sets=[form_set])

    masked = masker.mask(f"a plain-form b nul\0form c {long_form} d nul")

    assert form_set.engines == ["hyperscan", "ahocorasick-rs"]
    assert masked == f"a {MASK} b {MASK} c {MASK} d nul"


def test_hyperscan_scan_failure_falls_back_to_aho_corasick():
    forms = [f"form-{index}" for index in range(200)]
    form_set = FormSet(forms, optimize_search=True)
    (searcher,) = form_set._searchers
    # A scratch allocated for a smaller database makes the real hs_scan fail with HS_INVALID.
    other_database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    other_database.compile(expressions=[b"abc"], ids=[0], literal=True)
    searcher._scratch_pool().append(hyperscan.Scratch(other_database))

    spans = form_set.find(b"x form-7 form-199")

    assert sorted(spans) == [(2, 8), (9, 15), (9, 16), (9, 17)]
    assert form_set.engines == ["ahocorasick-rs"]
    assert "Hyperscan failed (InvalidError" in form_set.describe()


def test_hyperscan_searcher_scans_from_many_threads():
    forms = [f"thread-secret-{index:04d}" for index in range(2000)]
    form_set = FormSet(forms, optimize_search=True)
    masker = Masker(form_sets=[form_set])
    # Long stretches without a match keep each scan outside the GIL, so the threads' scans overlap.
    data = "".join(f"{'log line without secrets ' * 80000}{form}\n" for form in forms[::400]).encode()
    expected = Masker(forms).spans(data)
    results: list[list[tuple[int, int]]] = []

    def mask_repeatedly() -> None:
        for _ in range(4):
            results.append(masker.spans(data))

    threads = [threading.Thread(target=mask_repeatedly) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [expected] * 16
    assert form_set.hyperscan_error is None


def test_registry_merge_after_searched_text():
    registry = SecretRegistry()
    registry.register("recent-secret-value")
    assert [form_set.engines for form_set in registry.masker().form_sets] == [["ahocorasick-rs"]]
    form_count = registry.masker().pattern_count

    registry.mask("x" * (registry.MERGE_BYTES_PER_FORM * form_count - 1))
    assert [form_set.engines for form_set in registry.masker().form_sets] == [["ahocorasick-rs"]]
    registry.mask("x")

    assert [form_set.engines for form_set in registry.masker().form_sets] == [["hyperscan"]]
    assert registry.mask("a recent-secret-value b") == f"a {MASK} b"


def test_registry_merge_when_recent_outgrows_base():
    registry = SecretRegistry()
    for index in range(300):
        registry.register(f"many-secret-{index:03d}")

    masker = registry.masker()

    assert masker.pattern_count > registry.RECENT_MIN_FORMS
    assert [form_set.engines for form_set in masker.form_sets] == [["hyperscan"]]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="eyJ.ab-_ \n=", max_size=60))
def test_growing_jwt_start_matches_full_search(text):
    data = text.encode()
    match = _JWT_PREFIX_AT_END.search(data)

    assert Masker().growing_match_start(data) == (match.start() if match else None)


def test_form_set_without_hyperscan_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "hyperscan", None)
    searchers.hyperscan_module.cache_clear()
    try:
        form_set = FormSet(["plain-form"], optimize_search=True)
    finally:
        searchers.hyperscan_module.cache_clear()

    assert form_set.engines == ["ahocorasick-rs"]
    assert Masker(form_sets=[form_set]).mask("a plain-form b") == f"a {MASK} b"
