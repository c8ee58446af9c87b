"""Regular expressions of the image reference grammar.

The grammar is the one of the distribution library (distribution/reference,
regexp.go), which Docker, containerd and the kubelet use:

    reference        := name [ ":" tag ] [ "@" digest ]
    name             := [domain "/"] remote-name
    domain           := host [":" port-number]
    host             := domain-name | "[" IPv6address "]"
    domain-name      := domain-component ["." domain-component]*
    domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
    remote-name      := path-component ["/" path-component]*
    path-component   := /[a-z0-9]+/ [separator /[a-z0-9]+/]*
    separator        := /[_.]|__|[-]+/
    tag              := /[\\w][\\w.-]{0,127}/
    digest           := algorithm ":" /[0-9a-fA-F]{32,}/

Go's regexp package and Python's ``re`` both pick the leftmost-first match, so
the same patterns split a reference into the same groups. The patterns are
compiled with ``re.ASCII`` because Go's ``\\w`` is ASCII only, and matched with
``fullmatch`` because Python's ``$`` would also match before a final newline.
"""

from __future__ import annotations

import re

ALPHANUMERIC = r"[a-z0-9]+"
SEPARATOR = r"(?:[._]|__|[-]+)"
DOMAIN_NAME_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
OPTIONAL_PORT = r"(?::[0-9]+)?"
TAG = r"[\w][\w.-]{0,127}"
DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"
IDENTIFIER = r"[a-f0-9]{64}"
IPV6_ADDRESS = r"\[(?:[a-fA-F0-9:]+)\]"

DOMAIN_NAME = DOMAIN_NAME_COMPONENT + r"(?:\." + DOMAIN_NAME_COMPONENT + r")*"
HOST = r"(?:" + DOMAIN_NAME + r"|" + IPV6_ADDRESS + r")"
DOMAIN_AND_PORT = HOST + OPTIONAL_PORT

PATH_COMPONENT = ALPHANUMERIC + r"(?:" + SEPARATOR + ALPHANUMERIC + r")*"
REMOTE_NAME = PATH_COMPONENT + r"(?:/" + PATH_COMPONENT + r")*"
NAME = r"(?:" + DOMAIN_AND_PORT + r"/)?" + REMOTE_NAME

REFERENCE_RE = re.compile(
    r"(" + NAME + r")(?::(" + TAG + r"))?(?:@(" + DIGEST + r"))?",
    re.ASCII,
)
NAME_RE = re.compile(r"(?:(" + DOMAIN_AND_PORT + r")/)?(" + REMOTE_NAME + r")", re.ASCII)
TAG_RE = re.compile(TAG, re.ASCII)
DIGEST_RE = re.compile(DIGEST, re.ASCII)
DOMAIN_RE = re.compile(DOMAIN_AND_PORT, re.ASCII)
IDENTIFIER_RE = re.compile(IDENTIFIER, re.ASCII)

# The digest syntax of opencontainers/go-digest (DigestRegexpAnchored), used to tell
# an unknown algorithm from a malformed digest.
GO_DIGEST_RE = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+", re.ASCII)

# Hex lengths of the algorithms go-digest registers; only lowercase hex is accepted.
DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
