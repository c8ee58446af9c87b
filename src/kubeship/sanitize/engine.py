"""The masking engine: one search pass per form set over the text for every registered form.

The searchers (:mod:`kubeship.sanitize.searchers`) run over the UTF-8 bytes
of the text. UTF-8 is self-synchronizing, so a match of a valid UTF-8 pattern
always starts and ends on character boundaries. All matches are reported,
overlapping ones included. Matches that overlap or nest are merged into one
span, so the longest covering match wins and no piece of either secret is
left visible. Each span becomes :data:`MASK`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kubeship.sanitize import searchers
from kubeship.sanitize.searchers import AhoCorasickSearcher, HyperscanSearcher, Span, hyperscan_accepts

MASK = "*" * 14
"""The replacement of every masked span: 14 asterisks, as Harness FirstGen prints."""

_MASK_BYTES = MASK.encode("ascii")

# A JSON Web Token: base64url header and payload that both start with '{"', then a signature.
_JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*")
# The start of a text that a JWT may still complete, at the end of a stream chunk.
_JWT_PREFIX_AT_END = re.compile(rb"eyJ[A-Za-z0-9_-]*(?:\.(?:e(?:y(?:J[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?)?)?)?)?\Z")
# The bytes that _JWT_PREFIX_AT_END matches.
_JWT_PREFIX_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."


def encode_text(text: str) -> bytes:
    """Return the UTF-8 bytes of ``text``, keeping lone surrogates so the round trip is exact."""
    try:
        # The strict codec is about 4 times faster than the surrogatepass error handler.
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogatepass")


def decode_text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogatepass")


USE_HYPERSCAN = True
"""Whether form sets built with ``optimize_search`` use Hyperscan. The benchmark turns it off to compare."""


class FormSet:
    """An immutable set of forms with the searchers built from them.

    With ``optimize_search``, the set gets the fastest searcher at a higher
    build cost: a Hyperscan database, plus an Aho-Corasick DFA for the forms
    Hyperscan cannot take (a NUL byte, more than 16,000 bytes). Where the
    hyperscan package is missing or fails, every form goes into the DFA.
    Without ``optimize_search``, for a set rebuilt after each registration,
    the forms go into a contiguous NFA, the cheapest searcher to build.
    """

    def __init__(self, forms: Iterable[str], *, optimize_search: bool = False) -> None:
        patterns = sorted({encode_text(form) for form in forms if form})
        self.pattern_count = len(patterns)
        self.max_length = max((len(pattern) for pattern in patterns), default=0)
        self.hyperscan_error: str | None = None
        self._patterns = patterns
        self._searchers: list[AhoCorasickSearcher | HyperscanSearcher] = []
        if not patterns:
            return
        if not optimize_search:
            self._searchers = [AhoCorasickSearcher(patterns, dfa=False)]
        elif USE_HYPERSCAN and searchers.hyperscan_module() is not None:
            self._build_with_hyperscan()
        else:
            self._searchers = [AhoCorasickSearcher(patterns)]

    @property
    def engines(self) -> list[str]:
        """The names of the searchers, for the debug log and the benchmark."""
        return [searcher.engine for searcher in self._searchers]

    def describe(self) -> str:
        """Return the form count and the searchers, for the debug log. It names no form."""
        description = f"{self.pattern_count} forms with {' and '.join(self.engines)}"
        if self.hyperscan_error:
            description += f" because Hyperscan failed ({self.hyperscan_error})"
        return description

    def find(self, data: bytes) -> list[Span]:
        """Return the ``(start, end)`` byte spans of every match, overlapping ones included."""
        try:
            return [span for searcher in self._searchers for span in searcher.find(data)]
        except searchers.hyperscan_errors() as error:
            self._fall_back_to_aho_corasick(error)
            return self.find(data)

    def _build_with_hyperscan(self) -> None:
        accepted = [pattern for pattern in self._patterns if hyperscan_accepts(pattern)]
        rejected = [pattern for pattern in self._patterns if not hyperscan_accepts(pattern)]
        try:
            self._searchers = [HyperscanSearcher(accepted)] if accepted else []
        except searchers.hyperscan_errors() as error:
            self._fall_back_to_aho_corasick(error)
            return
        if rejected:
            self._searchers.append(AhoCorasickSearcher(rejected))

    def _fall_back_to_aho_corasick(self, error: Exception) -> None:
        # Masking must go on, so a Hyperscan failure costs speed, not output. Nothing is logged
        # here, because the log filter masks through this object; the registry's debug log names it.
        self.hyperscan_error = f"{type(error).__name__}: {error}"
        self._searchers = [AhoCorasickSearcher(self._patterns)]


class Masker:
    """An immutable matcher over one or more form sets, searched one after the other.

    The registry keeps a large base set and a small set of recent forms, so a
    registration between two maskings rebuilds only the small automaton.
    ``searched_bytes`` counts the bytes searched so far. The registry merges
    the two sets once that count has paid for compiling them into one.
    """

    def __init__(self, forms: Iterable[str] = (), *, form_sets: Iterable[FormSet] = ()) -> None:
        self._form_sets = [form_set for form_set in [FormSet(forms), *form_sets] if form_set.pattern_count]
        self.pattern_count = sum(form_set.pattern_count for form_set in self._form_sets)
        self.max_length = max((form_set.max_length for form_set in self._form_sets), default=0)
        self.searched_bytes = 0

    @property
    def form_sets(self) -> list[FormSet]:
        return list(self._form_sets)

    def spans(self, data: bytes) -> list[Span]:
        """Return the merged ``(start, end)`` byte spans of every form and JWT in ``data``, in order."""
        # Threads may lose an increment here; the count only schedules a merge.
        self.searched_bytes += len(data)
        found: list[Span] = []
        for form_set in self._form_sets:
            found.extend(form_set.find(data))
        if b".eyJ" in data:
            found.extend(match.span() for match in _JWT.finditer(data))
        return merge_spans(found)

    def growing_match_start(self, data: bytes) -> int | None:
        """Return where a JWT that more text could still complete starts in ``data``, if one does."""
        # Such a match lies in the trailing run of token bytes, so only that run is searched.
        tail_start = len(data.rstrip(_JWT_PREFIX_BYTES))
        match = _JWT_PREFIX_AT_END.search(data, tail_start)
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
