"""Sprig's encodings, hashes and path functions: base64, base32, sha*/adler32 sums, ``base``, ``dir`` …

A failed decode returns the decoder's error text as the result, as Sprig does.
Paths use Go's ``path`` rules (forward slashes); the ``os*`` forms use
``path/filepath``, which on Linux follows the same rules.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib

from kubeship.gotemplate.gotypes import go_func, string_bytes, string_from_bytes


@go_func("func(string) string")
def b64enc(text: str) -> str:
    return base64.b64encode(string_bytes(text)).decode("ascii")


@go_func("func(string) string")
def b64dec(text: str) -> str:
    try:
        return string_from_bytes(go_base64_decode(string_bytes(text)))
    except ValueError as error:
        return str(error)


_BASE64_VALUES = {byte: index for index, byte in
                  enumerate(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def go_base64_decode(data: bytes) -> bytes:
    """Decode as Go's ``base64.StdEncoding.DecodeString``; raise ValueError with Go's message and offset.

    Line breaks are skipped, padding is required, and bits after the last byte are ignored.
    """
    out = bytearray()
    index = 0
    while True:
        quantum: list[int] = []
        error_at = None
        while len(quantum) < 4:
            if index == len(data):
                if not quantum:
                    return bytes(out)
                raise _corrupt(index - len(quantum))
            byte = data[index]
            index += 1
            if byte in _BASE64_VALUES:
                quantum.append(_BASE64_VALUES[byte])
                continue
            if byte in b"\r\n":
                continue
            if byte != ord("="):
                raise _corrupt(index - 1)
            index, error_at = _base64_padding(data, index, len(quantum))
            break
        value = 0
        for digit in quantum + [0] * (4 - len(quantum)):
            value = value << 6 | digit
        out += value.to_bytes(3, "big")[:len(quantum) - 1]
        if error_at is not None:
            raise _corrupt(error_at)
        if len(quantum) < 4:
            return bytes(out)


def _base64_padding(data: bytes, index: int, count: int) -> tuple[int, int | None]:
    """Check the padding after ``count`` digits of a quantum; return the next index and a trailing-garbage offset."""
    if count < 2:
        raise _corrupt(index - 1)
    if count == 2:
        while index < len(data) and data[index] in b"\r\n":
            index += 1
        if index == len(data):
            raise _corrupt(len(data))
        if data[index] != ord("="):
            raise _corrupt(index - 1)
        index += 1
    while index < len(data) and data[index] in b"\r\n":
        index += 1
    return index, (index if index < len(data) else None)


def _corrupt(offset: int) -> ValueError:
    return ValueError(f"illegal base64 data at input byte {offset}")


@go_func("func(string) string")
def b32enc(text: str) -> str:
    return base64.b32encode(string_bytes(text)).decode("ascii")


@go_func("func(string) string")
def b32dec(text: str) -> str:
    data = string_bytes(text).replace(b"\r", b"").replace(b"\n", b"")
    try:
        return string_from_bytes(base64.b32decode(data))
    except (binascii.Error, ValueError):
        return f"illegal base32 data at input byte {_base32_error_offset(data)}"


def _base32_error_offset(data: bytes) -> int:
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    for index, byte in enumerate(data):
        if byte not in alphabet and byte != ord("="):
            return index
    return len(data) - len(data) % 8 if len(data) % 8 else len(data)


@go_func("func(string) string")
def sha1sum(text: str) -> str:
    return hashlib.sha1(string_bytes(text)).hexdigest()


@go_func("func(string) string")
def sha256sum(text: str) -> str:
    return hashlib.sha256(string_bytes(text)).hexdigest()


@go_func("func(string) string")
def sha512sum(text: str) -> str:
    return hashlib.sha512(string_bytes(text)).hexdigest()


@go_func("func(string) string")
def adler32sum(text: str) -> str:
    return str(zlib.adler32(string_bytes(text)))


def clean_path(path: str) -> str:
    """Return Go's ``path.Clean(path)``: one slash between elements, no ``.`` and resolved ``..``."""
    if path == "":
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    cleaned = "/".join(parts)
    if rooted:
        return "/" + cleaned
    return cleaned or "."


@go_func("func(string) string")
def base(path: str) -> str:
    if path == "":
        return "."
    path = path.rstrip("/")
    if path == "":
        return "/"
    return path.rsplit("/", 1)[-1]


@go_func("func(string) string")
def dir_(path: str) -> str:
    head = path[:path.rfind("/") + 1]
    return clean_path(head)


@go_func("func(string) string")
def clean(path: str) -> str:
    return clean_path(path)


@go_func("func(string) string")
def ext(path: str) -> str:
    for index in range(len(path) - 1, -1, -1):
        if path[index] == "/":
            break
        if path[index] == ".":
            return path[index:]
    return ""


@go_func("func(string) bool")
def is_abs(path: str) -> bool:
    return path.startswith("/")


FUNCTIONS = {
    "b64enc": b64enc,
    "b64dec": b64dec,
    "b32enc": b32enc,
    "b32dec": b32dec,
    "sha1sum": sha1sum,
    "sha256sum": sha256sum,
    "sha512sum": sha512sum,
    "adler32sum": adler32sum,
    "base": base,
    "dir": dir_,
    "clean": clean,
    "ext": ext,
    "isAbs": is_abs,
    "osBase": base,
    "osDir": dir_,
    "osClean": clean,
    "osExt": ext,
    "osIsAbs": is_abs,
}
