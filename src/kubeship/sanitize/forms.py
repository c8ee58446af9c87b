"""The forms a secret value takes when it leaks: encodings, escapes and quotes.

A password rarely leaks as itself. It shows up base64-encoded inside a
``.dockercfg``, JSON-escaped inside a docker config, URL-encoded in a registry
URL, quoted by YAML, Go's ``%q`` or Python's ``repr``. :func:`derived_forms`
returns every such form of one value, so the masker can search for all of them.
"""

from __future__ import annotations

import base64
import json
import urllib.parse

MIN_SECRET_LENGTH = 3
"""Values and derived forms shorter than this many characters are not masked.

A one- or two-character value occurs everywhere in ordinary text, so masking it
would hide most of a log without protecting anything. Harness FirstGen applies
the same rule.
"""

# Chars of base64(prefix + value) that depend on the k prefix bytes (k = 0, 1, 2).
_BASE64_HEAD_CHARS = {0: 0, 1: 2, 2: 3}

_GO_SHORT_ESCAPES = {"\a": r"\a", "\b": r"\b", "\f": r"\f", "\n": r"\n", "\r": r"\r", "\t": r"\t", "\v": r"\v"}

# PyYAML's short escapes in double-quoted scalars (yaml/emitter.py, ESCAPE_REPLACEMENTS).
_YAML_SHORT_ESCAPES = {
    "\0": "0", "\x07": "a", "\x08": "b", "\x09": "t", "\x0A": "n", "\x0B": "v", "\x0C": "f",
    "\x0D": "r", "\x1B": "e", '"': '"', "\\": "\\", "\x85": "N", "\xA0": "_", "\u2028": "L", "\u2029": "P",
}


def derived_forms(value: str | bytes) -> set[str]:
    """Return the value and every form it takes when encoded, escaped or quoted.

    The set contains the raw value, each line of a multi-line value, the text
    escapes of :func:`text_forms` and the base64 forms of :func:`base64_forms`
    of the value and of its JSON-escaped forms. Forms shorter than
    :data:`MIN_SECRET_LENGTH` are left out, and a value shorter than that gives
    an empty set.
    """
    if isinstance(value, bytes):
        raw = value
        text = value.decode("utf-8", errors="replace")
    else:
        text = value
        raw = value.encode("utf-8", errors="surrogatepass")
    if len(text) < MIN_SECRET_LENGTH:
        return set()

    forms = text_forms(text)
    forms.add(text)
    forms.update(line.strip() for line in text.splitlines())

    # A docker config is JSON and then base64, so the JSON-escaped forms get base64 forms too.
    base64_sources = {raw}
    base64_sources.update(form.encode("utf-8", errors="surrogatepass") for form in json_forms(text))
    for source in base64_sources:
        forms.update(base64_forms(source))

    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


def text_forms(text: str) -> set[str]:
    """Return the JSON, URL, YAML, Go and Python escapes of ``text``, without the surrounding quotes."""
    forms = set(json_forms(text))
    forms.add(urllib.parse.quote(text, safe=""))
    forms.add(urllib.parse.quote(text))
    forms.add(urllib.parse.quote_plus(text, safe=""))
    forms.add(yaml_double_quoted(text, allow_unicode=True))
    forms.add(yaml_double_quoted(text, allow_unicode=False))
    forms.add(text.replace("'", "''"))
    forms.add(go_quoted(text, ascii_only=False))
    forms.add(go_quoted(text, ascii_only=True))
    forms.add(repr(text)[1:-1])
    forms.add(ascii(text)[1:-1])
    return forms


def json_forms(text: str) -> list[str]:
    """Return ``text`` as a JSON string body: Python's escapes, ASCII-only, and Go's HTML-safe escapes."""
    plain = json.dumps(text, ensure_ascii=False)[1:-1]
    ascii_only = json.dumps(text, ensure_ascii=True)[1:-1]
    go_html_safe = (
        plain.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return [plain, ascii_only, go_html_safe]


def base64_forms(data: bytes) -> set[str]:
    """Return the base64 forms of ``data`` in the standard and URL-safe alphabets.

    For each alphabet: the whole encoding with and without ``=`` padding, and
    the three alignment cores. A core is the run of characters that encode only
    bytes of ``data`` when ``data`` starts 0, 1 or 2 bytes into a 3-byte group
    of a longer base64 stream, such as a password inside a base64 docker config.
    """
    forms: set[str] = set()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        whole = encode(data).decode("ascii")
        forms.add(whole)
        forms.add(whole.rstrip("="))
        for offset in range(3):
            forms.add(base64_core(data, offset, encode))
    return forms


def base64_core(data: bytes, offset: int, encode=base64.b64encode) -> str:
    """Return the base64 characters that encode only ``data`` when it starts ``offset`` bytes into a group.

    The first characters of the encoding also carry bits of the bytes before
    ``data`` and the last one may carry bits of the bytes after it, so both are
    cut off. What remains appears verbatim in any base64 stream that contains
    ``data`` at that alignment.
    """
    encoded = encode(bytes(offset) + data).decode("ascii")
    complete_chars = (8 * (offset + len(data))) // 6
    return encoded[_BASE64_HEAD_CHARS[offset]:complete_chars]


def yaml_double_quoted(text: str, *, allow_unicode: bool) -> str:
    """Return the body of ``text`` as PyYAML 6 writes a double-quoted scalar, without line folding."""
    pieces = []
    for char in text:
        if not _yaml_needs_escape(char, allow_unicode):
            pieces.append(char)
        elif char in _YAML_SHORT_ESCAPES:
            pieces.append("\\" + _YAML_SHORT_ESCAPES[char])
        else:
            pieces.append(_numeric_escape(char, max_byte_escape=0xFF, uppercase=True))
    return "".join(pieces)


def _yaml_needs_escape(char: str, allow_unicode: bool) -> bool:
    # The rule of PyYAML's Emitter.write_double_quoted.
    if char in '"\\\x85\u2028\u2029\ufeff':
        return True
    if "\x20" <= char <= "\x7e":
        return False
    return not (allow_unicode and ("\xa0" <= char <= "\ud7ff" or "\ue000" <= char <= "\ufffd"))


def go_quoted(text: str, *, ascii_only: bool) -> str:
    """Return the body of Go's ``strconv.Quote`` (or ``QuoteToASCII`` when ``ascii_only``) of ``text``.

    Go keeps printable runes (``unicode.IsPrint``, close to Python's
    ``str.isprintable``), escapes ``"`` and ``\\``, uses the short escapes
    ``\\a \\b \\f \\n \\r \\t \\v``, and ``\\xHH``, ``\\uHHHH`` or ``\\UHHHHHHHH``
    for the rest.
    """
    pieces = []
    for char in text:
        if char in ('"', "\\"):
            pieces.append("\\" + char)
        elif char.isprintable() and (char.isascii() or not ascii_only):
            pieces.append(char)
        elif char in _GO_SHORT_ESCAPES:
            pieces.append(_GO_SHORT_ESCAPES[char])
        else:
            pieces.append(_numeric_escape(char, max_byte_escape=0x7F, uppercase=False))
    return "".join(pieces)


def _numeric_escape(char: str, *, max_byte_escape: int, uppercase: bool) -> str:
    # \xHH up to max_byte_escape, then \uHHHH, then \UHHHHHHHH.
    code = ord(char)
    if code <= max_byte_escape:
        escape = f"\\x{code:02x}"
    elif code <= 0xFFFF:
        escape = f"\\u{code:04x}"
    else:
        escape = f"\\U{code:08x}"
    return escape[:2] + escape[2:].upper() if uppercase else escape
