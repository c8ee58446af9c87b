"""Multi-literal searchers over UTF-8 bytes: Aho-Corasick (ahocorasick-rs) and Hyperscan.

Both report every occurrence of every pattern as a ``(start, end)`` byte
span, overlapping and nested occurrences included, so they are
interchangeable. Aho-Corasick builds fast and suits the small set of recent
forms, which the registry rebuilds after each registration. Hyperscan (the
``hyperscan`` package, which bundles Vectorscan 5.4) compiles about 3 times
slower, but its literal matchers stay fast with tens of thousands of forms,
where an Aho-Corasick automaton outgrows the CPU caches (docs/sanitize.md).
"""

from __future__ import annotations

import threading
from functools import cache
from types import ModuleType

import ahocorasick_rs

Span = tuple[int, int]

# Up to this many patterns the Aho-Corasick automaton is a DFA: 2 to 3 times faster to search than the
# contiguous NFA, but slower to build and larger (10,000 forms, about 1,000 secrets: 0.25 s to build).
DFA_MAX_FORMS = 10_000

# Vectorscan 5.4 rejects longer literals ("Pattern length exceeds limit").
HYPERSCAN_MAX_LITERAL_BYTES = 16_000


class AhoCorasickSearcher:
    """An ahocorasick-rs automaton.

    With ``dfa``, a DFA up to :data:`DFA_MAX_FORMS` patterns and a contiguous
    NFA above. Without it, a contiguous NFA, which builds about 10 times faster
    than the DFA (0.7 against 8 ms for 512 forms) and searches about half as fast.
    """

    engine = "ahocorasick-rs"

    def __init__(self, patterns: list[bytes], *, dfa: bool = True) -> None:
        if dfa and len(patterns) <= DFA_MAX_FORMS:
            implementation = ahocorasick_rs.Implementation.DFA
        else:
            implementation = ahocorasick_rs.Implementation.ContiguousNFA
        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            patterns,
            matchkind=ahocorasick_rs.MATCHKIND_STANDARD,
            implementation=implementation,
        )

    def find(self, data: bytes) -> list[Span]:
        return [(start, end) for _, start, end in self._automaton.find_matches_as_indexes(data, overlapping=True)]


class HyperscanSearcher:
    """A Hyperscan database of literals in block mode.

    Hyperscan reports where each match ends. The start is the end minus the
    pattern's length, so the database needs no start-of-match tracking.
    Threads share the database, but each scan needs scratch memory of its own.
    Each thread keeps a pool of scratch spaces, so a scan that starts inside
    another scan on the same thread (a log call from a signal handler) gets
    one too. Patterns must pass :func:`hyperscan_accepts`.
    """

    engine = "hyperscan"

    def __init__(self, patterns: list[bytes]) -> None:
        hyperscan = hyperscan_module()
        if hyperscan is None:
            raise RuntimeError("the hyperscan package is not installed")
        self._lengths = [len(pattern) for pattern in patterns]
        self._database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._database.compile(expressions=patterns, ids=list(range(len(patterns))), literal=True)
        self._scratch_pools = threading.local()

    def find(self, data: bytes) -> list[Span]:
        if not data:
            return []
        pool = self._scratch_pool()
        scratch = pool.pop() if pool else hyperscan_module().Scratch(self._database)
        spans: list[Span] = []
        lengths = self._lengths

        def on_match(pattern_id: int, _start: int, end: int, _flags: int, _context: object) -> None:
            spans.append((end - lengths[pattern_id], end))

        try:
            self._database.scan(data, match_event_handler=on_match, scratch=scratch)
        finally:
            pool.append(scratch)
        return spans

    def _scratch_pool(self) -> list:
        pool = getattr(self._scratch_pools, "pool", None)
        if pool is None:
            pool = self._scratch_pools.pool = []
        return pool


def hyperscan_accepts(pattern: bytes) -> bool:
    """Return whether the hyperscan binding compiles ``pattern`` as the literal it is.

    The binding (python-hyperscan 0.9) measures literals with ``strlen``, so a
    pattern with a NUL byte would be cut short there.
    """
    return b"\0" not in pattern and len(pattern) <= HYPERSCAN_MAX_LITERAL_BYTES


@cache
def hyperscan_module() -> ModuleType | None:
    """Return the ``hyperscan`` module, or None where it is not installed. Imported on first use (about 40 ms)."""
    try:
        import hyperscan
    except ImportError:
        return None
    return hyperscan


def hyperscan_errors() -> tuple[type[Exception], ...]:
    """Return the exception class of the hyperscan binding, or no class where it is not installed."""
    hyperscan = hyperscan_module()
    return (hyperscan.error,) if hyperscan is not None else ()
