"""Validation findings and the API server's field error wording.

The API server reports a rejected object as a list of field errors, each printed as
``<field path>: <error type>[: <value>][: <detail>]`` by apimachinery's
``util/validation/field`` package (``Error.Error`` and ``ErrorBody``). The helpers here
produce the same strings so that kubeship's findings read like ``kubectl apply`` output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kubeship.errors import SourcePosition
from kubeship.manifests.model import FieldPath, Manifest


@dataclass(frozen=True)
class Finding:
    """One problem with one rendered object: where it is, which object, and what is wrong.

    ``message`` is the API server's field error text where the API server has one.
    ``hint`` tells how to fix it, when the message alone does not.
    """

    source: str
    line: int
    object: str
    message: str
    hint: str | None = None

    @property
    def position(self) -> SourcePosition:
        return SourcePosition(self.source, self.line)

    def __str__(self) -> str:
        text = f"{self.position}: {self.object}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def finding_at(manifest: Manifest, path: FieldPath, message: str, hint: str | None = None) -> Finding:
    """Return a finding about ``manifest`` positioned at the line of ``path``."""
    return Finding(manifest.source, manifest.line_of(path), manifest.describe(), message, hint)


def format_path(path: FieldPath, map_keys: int = 0) -> str:
    """Format a field path as apimachinery's ``field.Path`` prints it.

    Integers print as ``[i]``. The last ``map_keys`` elements are map keys and print as
    ``[key]``, as ``Path.Key`` does (``data[.dockercfg]``).
    """
    text = ""
    split = len(path) - map_keys
    for position, element in enumerate(path):
        if isinstance(element, int) or position >= split:
            text += f"[{element}]"
        elif text:
            text += f".{element}"
        else:
            text = str(element)
    return text


def go_quote(value: str) -> str:
    """Quote a string as Go's ``%q`` verb does, for the ASCII and printable cases field errors show."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif not char.isprintable():
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def required(field: str, detail: str = "") -> str:
    """``field.Required``: ``<field>: Required value[: detail]``."""
    return _with_detail(f"{field}: Required value", detail)


def invalid(field: str, value: object, detail: str = "") -> str:
    """``field.Invalid``: strings are quoted with ``%q``, other values printed as JSON."""
    if isinstance(value, str):
        formatted = go_quote(value)
    elif isinstance(value, bool):
        formatted = "true" if value else "false"
    else:
        formatted = json.dumps(value, separators=(",", ":"), sort_keys=True)
    return _with_detail(f"{field}: Invalid value: {formatted}", detail)


def too_long(field: str, max_bytes: int) -> str:
    """``field.TooLong`` with a byte limit."""
    unit = "byte" if max_bytes == 1 else "bytes"
    return f"{field}: Too long: may not be more than {max_bytes} {unit}"


def not_supported(field: str, value: object, supported: list[str]) -> str:
    """``field.NotSupported``: the value and the quoted list of supported values."""
    detail = "supported values: " + ", ".join(go_quote(item) for item in supported) if supported else ""
    formatted = go_quote(value) if isinstance(value, str) else json.dumps(value)
    return _with_detail(f"{field}: Unsupported value: {formatted}", detail)


def _with_detail(text: str, detail: str) -> str:
    return f"{text}: {detail}" if detail else text
