"""Parsing ``WWW-Authenticate`` headers (RFC 7235) into authentication challenges."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PARAM = re.compile(rf"\s*({_TOKEN})\s*=\s*({_QUOTED}|{_TOKEN})\s*")
_SCHEME = re.compile(rf"\s*({_TOKEN})(?=\s|$|,)")


@dataclass(frozen=True)
class Challenge:
    """One challenge: its scheme in lower case and its parameters with lower-case names."""

    scheme: str
    parameters: dict[str, str] = field(default_factory=dict)

    @property
    def realm(self) -> str | None:
        return self.parameters.get("realm")


def parse_challenges(header: str) -> list[Challenge]:
    """Parse one ``WWW-Authenticate`` value, which may hold several comma-separated challenges."""
    challenges: list[Challenge] = []
    position = 0
    current: Challenge | None = None
    while position < len(header):
        if header[position] in ", \t":
            position += 1
            continue
        parameter = _PARAM.match(header, position)
        if parameter and current is not None:
            value = parameter.group(2)
            if value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            current.parameters[parameter.group(1).lower()] = value
            position = parameter.end()
            continue
        scheme = _SCHEME.match(header, position)
        if not scheme:
            break
        current = Challenge(scheme=scheme.group(1).lower())
        challenges.append(current)
        position = scheme.end()
    return challenges
