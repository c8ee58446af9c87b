"""Go's standard base64 decoding, with the error offsets the API server reports.

A Secret's ``data`` values are decoded by Go's ``encoding/json`` with
``base64.StdEncoding``, which ignores ``\\r`` and ``\\n`` and requires padding. A bad value
is rejected with ``illegal base64 data at input byte N``; this module computes the same N
by following the quantum-by-quantum decoding of Go's ``encoding/base64``.
"""

from __future__ import annotations

import base64

_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_NEWLINES = frozenset(b"\r\n")
_PAD = ord("=")


class Base64Error(ValueError):
    """A value that Go's ``base64.StdEncoding`` rejects; ``offset`` is Go's ``CorruptInputError``."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"illegal base64 data at input byte {offset}")
        self.offset = offset


def decode_std(text: str) -> bytes:
    """Decode ``text`` as Go's ``base64.StdEncoding.DecodeString`` does, or raise Base64Error."""
    source = text.encode()
    position = 0
    while position < len(source):
        position = _check_quantum(source, position)
    cleaned = bytes(byte for byte in source if byte not in _NEWLINES)
    return base64.b64decode(cleaned, validate=True)


def _check_quantum(source: bytes, position: int) -> int:
    """Check one 4-character quantum starting at ``position``; return where the next starts."""
    index = 0
    while index < 4:
        if position == len(source):
            if index == 0:
                return position
            raise Base64Error(position - index)
        byte = source[position]
        position += 1
        if byte in _ALPHABET:
            index += 1
            continue
        if byte in _NEWLINES:
            continue
        if byte != _PAD or index < 2:
            raise Base64Error(position - 1)
        return _check_padding(source, position, index)
    return position


def _check_padding(source: bytes, position: int, index: int) -> int:
    if index == 2:
        while position < len(source) and source[position] in _NEWLINES:
            position += 1
        if position == len(source):
            raise Base64Error(len(source))
        if source[position] != _PAD:
            raise Base64Error(position - 1)
        position += 1
    while position < len(source) and source[position] in _NEWLINES:
        position += 1
    if position < len(source):
        raise Base64Error(position)
    return position
