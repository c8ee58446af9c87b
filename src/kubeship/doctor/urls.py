"""Go's ``net/url.Parse`` and ``net.SplitHostPort``, as far as the kubelet's keyring uses them.

The kubelet turns every docker config key and every image repository into a URL with
``url.Parse("https://" + value)`` and compares hosts, ports and paths. Go's parser has its own
rules (the host is percent-decoded, ``?`` starts a query even inside a key, a port must be all
digits), so the keyring reproduces them here instead of using ``urllib.parse``.
"""

from __future__ import annotations

from dataclasses import dataclass

# Characters Go accepts unescaped in a host besides letters, digits and bytes >= 0x80.
_HOST_PUNCTUATION = frozenset(b"!$&'()*+,;=:[]<>\"-_.~")
# Characters Go accepts in the userinfo before ``@``.
_USERINFO_PUNCTUATION = frozenset(b"-._:~!$&'()*+,;=%@")
_HEX = frozenset(b"0123456789abcdefABCDEF")


# NOTE: written from Go's parse, parseAuthority, parseHost and unescape in net/url. Go releases
# differ in how strictly they check IPv6 literals in brackets; this follows the lenient form.


class URLError(ValueError):
    """Go's ``url.Parse`` would return an error for this value."""


@dataclass(frozen=True)
class ParsedURL:
    """The parts of a parsed URL the keyring reads: the host (with port) and the decoded path."""

    scheme: str
    host: str
    path: str


def parse_url(raw: str) -> ParsedURL:
    """Parse an absolute URL such as ``https://registry.example.com:5000/team`` as Go does.

    Raises URLError where Go's ``url.Parse`` fails. Only URLs with a scheme are supported,
    which is all the keyring ever parses.
    """
    before_fragment, hash_sign, fragment = raw.partition("#")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in before_fragment):
        raise URLError("invalid control character in URL")
    scheme, colon, rest = before_fragment.partition(":")
    if not colon or not scheme or not scheme[0].isascii() or not scheme[0].isalpha():
        raise URLError("missing protocol scheme")
    if not all(char.isascii() and (char.isalnum() or char in "+-.") for char in scheme):
        raise URLError("first path segment in URL cannot contain colon")

    # Everything after the first "?" is the query, which Parse does not validate.
    rest = rest.partition("?")[0]
    host = ""
    if rest.startswith("//"):
        authority, slash, path_rest = rest[2:].partition("/")
        rest = slash + path_rest
        host = _parse_authority(authority)
    path = _unescape(rest, "path")
    if hash_sign:
        _unescape(fragment, "fragment")
    return ParsedURL(scheme=scheme.lower(), host=host, path=path)


def _parse_authority(authority: str) -> str:
    userinfo, at_sign, host = authority.rpartition("@")
    host = _parse_host(host)
    if at_sign:
        if not all(char.isascii() and (char.isalnum() or ord(char) in _USERINFO_PUNCTUATION) for char in userinfo):
            raise URLError("invalid userinfo")
        for part in userinfo.split(":", 1):
            _unescape(part, "userinfo")
    return host


def _parse_host(host: str) -> str:
    if host.startswith("["):
        end = host.rfind("]")
        if end < 0:
            raise URLError("missing ']' in host")
        if not _valid_optional_port(host[end + 1 :]):
            raise URLError(f"invalid port {host[end + 1:]!r} after host")
        zone = host[:end].find("%25")
        if zone >= 0:
            return _unescape(host[:zone], "host") + _unescape(host[zone:end], "zone") + _unescape(host[end:], "host")
    else:
        colon = host.rfind(":")
        if colon >= 0 and not _valid_optional_port(host[colon:]):
            raise URLError(f"invalid port {host[colon:]!r} after host")
    return _unescape(host, "host")


def _valid_optional_port(port: str) -> bool:
    if not port:
        return True
    return port[0] == ":" and all("0" <= char <= "9" for char in port[1:])


def _host_byte_allowed(byte: int) -> bool:
    return byte >= 0x80 or chr(byte).isalnum() or byte in _HOST_PUNCTUATION


def _unescape(text: str, mode: str) -> str:
    """Decode %XX escapes as Go's ``unescape`` does for a host, zone, path, userinfo or fragment."""
    data = text.encode("utf-8", "surrogateescape")
    out = bytearray()
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == ord("%"):
            if i + 2 >= len(data) or data[i + 1] not in _HEX or data[i + 2] not in _HEX:
                raise URLError(f"invalid URL escape {data[i:i + 3].decode('utf-8', 'replace')!r}")
            value = int(data[i + 1 : i + 3], 16)
            escape = data[i : i + 3]
            if mode == "host" and value < 0x80 and escape != b"%25":
                raise URLError(f"invalid URL escape {escape.decode()!r}")
            if mode == "zone" and escape != b"%25" and value != 0x20 and value < 0x80 and not _host_byte_allowed(value):
                raise URLError(f"invalid URL escape {escape.decode()!r}")
            out.append(value)
            i += 3
            continue
        if mode in ("host", "zone") and byte < 0x80 and not _host_byte_allowed(byte):
            raise URLError(f"invalid character {chr(byte)!r} in host name")
        out.append(byte)
        i += 1
    return out.decode("utf-8", "surrogateescape")


def split_host_port(hostport: str) -> tuple[str, str]:
    """Split ``host:port`` as Go's ``net.SplitHostPort``; raise URLError where Go returns an error."""
    colon = hostport.rfind(":")
    if colon < 0:
        raise URLError("missing port in address")
    start, end_of_host = 0, 0
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            raise URLError("missing ']' in address")
        if close + 1 == len(hostport):
            raise URLError("missing port in address")
        if close + 1 != colon:
            if hostport[close + 1] == ":":
                raise URLError("too many colons in address")
            raise URLError("missing port in address")
        host = hostport[1:close]
        start, end_of_host = 1, close + 1
    else:
        host = hostport[:colon]
        if ":" in host:
            raise URLError("too many colons in address")
    if "[" in hostport[start:]:
        raise URLError("unexpected '[' in address")
    if "]" in hostport[end_of_host:]:
        raise URLError("unexpected ']' in address")
    return host, hostport[colon + 1 :]
