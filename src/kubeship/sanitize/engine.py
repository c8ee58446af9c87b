"""The masking engine: one Aho-Corasick pass over the text for every registered form.

The automaton (ahocorasick-rs, a binding of Rust's ``aho-corasick`` crate) runs
over the UTF-8 bytes of the text. UTF-8 is self-synchronizing, so a match of a
valid UTF-8 pattern always starts and ends on character boundaries. All
matches are reported, overlapping ones included. Matches that overlap or nest
are merged into one span, so the longest covering match wins and no piece of
either secret is left visible. Each span becomes :data:`MASK`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick_rs

MASK = "*" * 14
"""The replacement of every masked span: 14 asterisks, as Harness FirstGen prints."""

_MASK_BYTES = MASK.encode("ascii")

# A JSON Web Token: base64url header and payload that both start with '{"', then a signature.
_JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*")
# The start of a text that a JWT may still complete, at the end of a stream chunk.
_JWT_PREFIX_AT_END = re.compile(rb"eyJ[A-Za-z0-9_-]*(?:\.(?:e(?:y(?:J[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?)?)?)?)?\Z")

Span = tuple[int, int]


def encode_text(text: str) -> bytes:
    """Return the UTF-8 bytes of ``text``, keeping lone surrogates so the round trip is exact."""
    try:
        # The strict codec is about 4 times faster than the surrogatepass error handler.
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogatepass")


def decode_text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogatepass")


# Up to this many forms a DFA is built: 2 to 3 times faster to search than the contiguous NFA, but
# slower to build and larger (10,000 forms, about 1,000 secrets: 0.25 s to build on the bench machine).
DFA_MAX_FORMS = 10_000


class FormSet:
    """An immutable set of forms with its automaton."""

    def __init__(self, forms: Iterable[str]) -> None:
        patterns = sorted({encode_text(form) for form in forms if form})
        self.pattern_count = len(patterns)
        self.max_length = max((len(pattern) for pattern in patterns), default=0)
        self._automaton = _build_automaton(patterns) if patterns else None

    def find(self, data: bytes) -> list[Span]:
        """Return the ``(start, end)`` byte spans of every match, overlapping ones included."""
        if self._automaton is None:
            return []
        return [(start, end) for _, start, end in self._automaton.find_matches_as_indexes(data, overlapping=True)]


class Masker:
    """An immutable matcher over one or more form sets, searched one after the other.

    The registry keeps a large base set and a small set of recent forms, so a
    registration between two maskings rebuilds only the small automaton.
    """

    def __init__(self, forms: Iterable[str] = (), *, form_sets: Iterable[FormSet] = ()) -> None:
        self._form_sets = [form_set for form_set in [FormSet(forms), *form_sets] if form_set.pattern_count]
        self.pattern_count = sum(form_set.pattern_count for form_set in self._form_sets)
        self.max_length = max((form_set.max_length for form_set in self._form_sets), default=0)

    def spans(self, data: bytes) -> list[Span]:
        """Return the merged ``(start, end)`` byte spans of every form and JWT in ``data``, in order."""
        found: list[Span] = []
        for form_set in self._form_sets:
            found.extend(form_set.find(data))
        if b".eyJ" in data:
            found.extend(match.span() for match in _JWT.finditer(data))
        return merge_spans(found)

    def growing_match_start(self, data: bytes) -> int | None:
        """Return where a JWT that more text could still complete starts in ``data``, if one does."""
        if b"eyJ" not in data:
            return None
        match = _JWT_PREFIX_AT_END.search(data)
        return match.start() if match else None

    def mask_bytes(self, data: bytes) -> bytes:
        spans = self.spans(data)
        if not spans:
            return data
        return replace_spans(data, spans)

    def mask(self, text: str) -> str:
        """Return ``text`` with every registered form replaced by :data:`MASK`."""
        if not text:
            return text
        data = encode_text(text)
        spans = self.spans(data)
        if not spans:
            return text
        return decode_text(replace_spans(data, spans))


def _build_automaton(patterns: list[bytes]) -> ahocorasick_rs.BytesAhoCorasick:
    if len(patterns) <= DFA_MAX_FORMS:
        implementation = ahocorasick_rs.Implementation.DFA
    else:
        implementation = ahocorasick_rs.Implementation.ContiguousNFA
    return ahocorasick_rs.BytesAhoCorasick(
        patterns,
        matchkind=ahocorasick_rs.MATCHKIND_STANDARD,
        implementation=implementation,
    )


def merge_spans(spans: list[Span]) -> list[Span]:
    """Return ``spans`` sorted, with overlapping and nested spans joined."""
    if not spans:
        return spans
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start < last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def replace_spans(data: bytes, spans: list[Span]) -> bytes:
    pieces = []
    position = 0
    for start, end in spans:
        pieces.append(data[position:start])
        pieces.append(_MASK_BYTES)
        position = end
    pieces.append(data[position:])
    return b"".join(pieces)


class StreamMasker:
    """Masks text that arrives in chunks, finding forms that straddle two chunks.

    :meth:`feed` returns the part of the text seen so far that no later chunk
    can change: everything except the last ``max_length - 1`` bytes, and except
    a match that may still grow. :meth:`flush` returns the rest.
    """

    def __init__(self, masker_source) -> None:
        # masker_source() returns the current Masker, so forms registered mid-stream apply at once.
        self._masker_source = masker_source
        self._pending = b""

    def feed(self, text: str) -> str:
        """Add ``text`` and return the masked text that is safe to emit now."""
        if not text:
            return ""
        self._pending += encode_text(text)
        masker = self._masker_source()
        spans = masker.spans(self._pending)

        # A match that starts before the cut is complete, because no form is longer than max_length.
        # Two bytes are always held, in case they are the "ey" of a JWT.
        cut = len(self._pending) - max(masker.max_length - 1, 2)
        growing = masker.growing_match_start(self._pending)
        if growing is not None:
            cut = min(cut, growing)
        for start, end in spans:
            if start < cut < end:
                cut = start
                break
        cut = _utf8_boundary(self._pending, max(cut, 0))
        if cut == 0:
            return ""

        released = [span for span in spans if span[1] <= cut]
        output = replace_spans(self._pending[:cut], released)
        self._pending = self._pending[cut:]
        return decode_text(output)

    def flush(self) -> str:
        """Return everything still held, masked. A form cut off by the end of the text is not found."""
        data, self._pending = self._pending, b""
        if not data:
            return ""
        return decode_text(self._masker_source().mask_bytes(data))


def _utf8_boundary(data: bytes, index: int) -> int:
    # Move back over UTF-8 continuation bytes (0b10xxxxxx) so no character is split.
    while 0 < index < len(data) and data[index] & 0xC0 == 0x80:
        index -= 1
    return index
