"""Sprig's ``urlParse``, ``urlJoin`` and ``getHostByName``.

``urlParse`` splits a URL as Go's ``net/url`` does (scheme lower-cased, the path
unescaped, the raw query kept); ``urlJoin`` writes one back as ``URL.String``.
``getHostByName`` reads ``/etc/hosts`` only: templates never make kubeship send
DNS queries, so a name that file lacks fails as Go fails on an empty answer.
"""

from __future__ import annotations

import random
import re
from typing import Any
from urllib.parse import unquote

from kubeship.gotemplate.functions.reflection import kind_name
from kubeship.gotemplate.gotypes import GoError, go_func

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_HEX = "0123456789ABCDEF"


def _should_escape(char: str, mode: str) -> bool:
    """Report whether ``net/url`` escapes ``char`` in ``mode`` (``path``, ``fragment``, ``userinfo``)."""
    if char.isascii() and (char.isalnum()):
        return False
    if char in "-_.~":
        return False
    if char in "$&+,/:;=?@":
        if mode == "path":
            return char == "?"
        if mode == "userinfo":
            return char in "@/?:"
        if mode == "fragment":
            return False
    if mode == "fragment" and char in "!()*":
        return False
    if mode == "path" and char in "!()*":
        return False
    return True


def _escape(text: str, mode: str) -> str:
    out = []
    for byte in text.encode("utf-8", "surrogateescape"):
        char = chr(byte)
        if byte < 0x80 and not _should_escape(char, mode):
            out.append(char)
        else:
            out.append("%" + _HEX[byte >> 4] + _HEX[byte & 15])
    return "".join(out)


def parse_url(text: str) -> dict[str, str]:
    """Split ``text`` into the fields ``urlParse`` returns."""
    rest, _, fragment = text.partition("#")
    scheme = ""
    match = _SCHEME.match(rest)
    if match:
        scheme, rest = match.group(1).lower(), rest[match.end():]
    rest, has_query, query = rest.partition("?")
    opaque = host = userinfo = ""
    path = rest
    if scheme and not rest.startswith("/"):
        opaque, path = rest, ""
    elif rest.startswith("//"):
        authority, slash, tail = rest[2:].partition("/")
        path = slash + tail
        if "@" in authority:
            userinfo, _, host = authority.rpartition("@")
        else:
            host = authority
    hostname = host
    if hostname.startswith("["):
        hostname = hostname[1:hostname.find("]")] if "]" in hostname else hostname[1:]
    elif ":" in hostname:
        hostname = hostname.rsplit(":", 1)[0]
    return {
        "scheme": scheme,
        "host": unquote(host),
        "hostname": unquote(hostname),
        "path": unquote(path),
        "query": query if has_query else "",
        "opaque": opaque,
        "fragment": unquote(fragment),
        "userinfo": userinfo,
    }


@go_func("func(string) map[string]any")
def url_parse(text: str) -> dict[str, Any]:
    return dict(parse_url(text))


def _field(mapping: dict[str, Any], key: str) -> str:
    if key not in mapping:
        return ""
    value = mapping[key]
    if not isinstance(value, str):
        raise GoError(f"unable to parse {key} key, must be of type string, but {kind_name(value)} found")
    return value


@go_func("func(map[string]any) string")
def url_join(parts: dict[str, Any]) -> str:
    scheme, host, path = _field(parts, "scheme"), _field(parts, "host"), _field(parts, "path")
    query, opaque, fragment = _field(parts, "query"), _field(parts, "opaque"), _field(parts, "fragment")
    userinfo = _field(parts, "userinfo")
    out = []
    if scheme:
        out.append(scheme + ":")
    if opaque:
        out.append(opaque)
    else:
        if scheme or host or userinfo:
            if host or path or userinfo:
                out.append("//")
            if userinfo:
                out.append(userinfo + "@")
            out.append(host)
        escaped_path = _escape(path, "path")
        if escaped_path and not escaped_path.startswith("/") and host:
            out.append("/")
        if not out and ":" in escaped_path.split("/", 1)[0]:
            out.append("./")
        out.append(escaped_path)
    if query:
        out.append("?" + query)
    if fragment:
        out.append("#" + _escape(fragment, "fragment"))
    return "".join(out)


def _hosts_file_addresses(name: str) -> list[str]:
    addresses = []
    try:
        with open("/etc/hosts", encoding="utf-8", errors="replace") as hosts:
            for line in hosts:
                fields = line.split("#", 1)[0].split()
                if len(fields) >= 2 and name.lower() in (field.lower() for field in fields[1:]):
                    addresses.append(fields[0])
    except OSError:
        pass
    return addresses


@go_func("func(string) string")
def get_host_by_name(name: str) -> str:
    addresses = _hosts_file_addresses(name)
    if not addresses:
        raise GoError("invalid argument to Intn")
    return random.choice(addresses)


FUNCTIONS = {
    "urlParse": url_parse,
    "urlJoin": url_join,
    "getHostByName": get_host_by_name,
}
