"""Go's ``path/filepath.Match`` on Linux, which the kubelet applies to each host label of a key.

Patterns: ``*`` matches any run of bytes except ``/``, ``?`` one character except ``/``,
``[...]`` a character class (``^`` negates, ``lo-hi`` ranges) and ``\\`` escapes the next
character. Go matches plain characters byte by byte and classes and ``?`` rune by rune, so this
module works on the UTF-8 bytes of both strings.
"""

from __future__ import annotations

SEPARATOR = ord("/")
_RUNE_ERROR = 0xFFFD


class BadPattern(ValueError):
    """The pattern is malformed (Go's ``filepath.ErrBadPattern``)."""


def glob_match(pattern: str, name: str) -> bool:
    """Return whether ``name`` matches ``pattern``.

    Raises BadPattern when the pattern is malformed. Like Go 1.16 and later, the whole pattern
    is checked even when the match fails early.
    """
    return _match(pattern.encode("utf-8", "surrogateescape"), name.encode("utf-8", "surrogateescape"))


def _match(pattern: bytes, name: bytes) -> bool:
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            # A trailing star matches the rest of the name unless it crosses a separator.
            return SEPARATOR not in name
        rest, ok = _match_chunk(chunk, name)
        if ok and (not rest or pattern):
            name = rest
            continue
        if star:
            skipped = _match_after_star(chunk, pattern, name)
            if skipped is not None:
                name = skipped
                continue
        # The match failed: the rest of the pattern must still be well formed.
        while pattern:
            _, chunk, pattern = _scan_chunk(pattern)
            _match_chunk(chunk, b"")
        return False
    return not name


def _match_after_star(chunk: bytes, pattern: bytes, name: bytes) -> bytes | None:
    """Try the chunk after skipping 1, 2, ... bytes of ``name``; a star never skips a separator."""
    for i in range(len(name)):
        if name[i] == SEPARATOR:
            break
        rest, ok = _match_chunk(chunk, name[i + 1 :])
        if ok:
            if not pattern and rest:
                continue
            return rest
    return None


def _scan_chunk(pattern: bytes) -> tuple[bool, bytes, bytes]:
    """Split off leading stars and the following chunk, up to the next star outside a class."""
    star = False
    while pattern[:1] == b"*":
        pattern = pattern[1:]
        star = True
    in_range = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == ord("\\"):
            if i + 1 < len(pattern):
                i += 1
        elif char == ord("["):
            in_range = True
        elif char == ord("]"):
            in_range = False
        elif char == ord("*") and not in_range:
            break
        i += 1
    return star, pattern[:i], pattern[i:]


def _match_chunk(chunk: bytes, name: bytes) -> tuple[bytes, bool]:
    """Match ``chunk`` at the start of ``name``; return the rest of the name and whether it matched.

    After a mismatch the loop goes on reading the chunk only to find syntax errors.
    """
    failed = False
    while chunk:
        if not failed and not name:
            failed = True
        head = chunk[0]
        if head == ord("["):
            rune = 0
            if not failed:
                rune, size = _decode_rune(name)
                name = name[size:]
            chunk, matched = _match_class(chunk[1:], rune)
            if not matched:
                failed = True
        elif head == ord("?"):
            if not failed:
                if name[0] == SEPARATOR:
                    failed = True
                _, size = _decode_rune(name)
                name = name[size:]
            chunk = chunk[1:]
        else:
            if head == ord("\\"):
                chunk = chunk[1:]
                if not chunk:
                    raise BadPattern("trailing backslash")
            if not failed:
                if chunk[0] != name[0]:
                    failed = True
                name = name[1:]
            chunk = chunk[1:]
    if failed:
        return b"", False
    return name, True


def _match_class(chunk: bytes, rune: int) -> tuple[bytes, bool]:
    """Read a character class after its ``[``; return the rest of the chunk and whether ``rune`` is in it."""
    negated = False
    if chunk[:1] == b"^":
        negated = True
        chunk = chunk[1:]
    matched = False
    ranges = 0
    while True:
        if chunk[:1] == b"]" and ranges > 0:
            chunk = chunk[1:]
            break
        low, chunk = _class_char(chunk)
        high = low
        if chunk[:1] == b"-":
            high, chunk = _class_char(chunk[1:])
        if low <= rune <= high:
            matched = True
        ranges += 1
    return chunk, matched != negated


def _class_char(chunk: bytes) -> tuple[int, bytes]:
    """Read one possibly escaped character of a class (Go's ``getEsc``)."""
    if not chunk or chunk[0] in (ord("-"), ord("]")):
        raise BadPattern("bad character class")
    if chunk[0] == ord("\\"):
        chunk = chunk[1:]
        if not chunk:
            raise BadPattern("trailing backslash in character class")
    rune, size = _decode_rune(chunk)
    if rune == _RUNE_ERROR and size == 1:
        raise BadPattern("invalid UTF-8 in character class")
    chunk = chunk[size:]
    if not chunk:
        raise BadPattern("unterminated character class")
    return rune, chunk


def _decode_rune(data: bytes) -> tuple[int, int]:
    """Decode the first UTF-8 rune as Go's ``utf8.DecodeRune`` does: (U+FFFD, 1) for a bad byte."""
    if not data:
        return _RUNE_ERROR, 0
    first = data[0]
    if first < 0x80:
        return first, 1
    for size in (2, 3, 4):
        try:
            return ord(data[:size].decode("utf-8")), size
        except UnicodeDecodeError:
            continue
    return _RUNE_ERROR, 1
