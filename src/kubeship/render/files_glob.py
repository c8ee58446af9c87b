"""The glob patterns of Helm's ``.Files.Glob``: github.com/gobwas/glob v0.2.3 with ``/`` as separator.

``*`` matches any run of characters except ``/``, ``**`` any run including ``/``,
``?`` one character except ``/``, ``[abc]``, ``[a-z]`` and ``[!…]`` one character,
``{a,b}`` one of the alternatives (which may hold patterns themselves) and ``\\``
escapes the next character. A pattern gobwas cannot compile makes Helm fall back to
``**``, which matches every file.
"""

from __future__ import annotations

import functools
import re

_TEXT_BREAKERS = "?*[{"
_TERMS_BREAKERS = _TEXT_BREAKERS + "},"


class _PatternError(ValueError):
    pass


@functools.lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Return a regular expression matching what gobwas matches for ``pattern``, or ``**`` for a bad pattern."""
    try:
        return re.compile(_Translator(pattern).translate(), re.DOTALL)
    except _PatternError:
        return re.compile(".*", re.DOTALL)


def glob_matches(pattern: str, name: str) -> bool:
    """Return whether ``name`` matches the gobwas ``pattern`` as a whole."""
    return compile_glob(pattern).fullmatch(name) is not None


class _Translator:
    """Reads a pattern as gobwas's lexer does and writes the equivalent regular expression."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.position = 0
        self.terms_level = 0

    def translate(self) -> str:
        parts: list[str] = []
        while self.position < len(self.pattern):
            char = self.pattern[self.position]
            if char == "{":
                self.position += 1
                self.terms_level += 1
                parts.append("(?:")
            elif char == "," and self.terms_level:
                self.position += 1
                parts.append("|")
            elif char == "}" and self.terms_level:
                self.position += 1
                self.terms_level -= 1
                parts.append(")")
            elif char == "[":
                self.position += 1
                parts.append(self.character_class())
            elif char == "?":
                self.position += 1
                parts.append("[^/]")
            elif char == "*":
                double = self.pattern.startswith("**", self.position)
                self.position += 2 if double else 1
                parts.append(".*" if double else "[^/]*")
            else:
                parts.append(re.escape(self.text(_TERMS_BREAKERS if self.terms_level else _TEXT_BREAKERS)))
        # gobwas accepts alternatives left open at the end of the pattern.
        parts.append(")" * self.terms_level)
        return "".join(parts)

    def text(self, breakers: str) -> str:
        characters: list[str] = []
        escaped = False
        while self.position < len(self.pattern):
            char = self.pattern[self.position]
            if not escaped:
                if char == "\\":
                    escaped = True
                    self.position += 1
                    continue
                if char in breakers:
                    break
            escaped = False
            characters.append(char)
            self.position += 1
        return "".join(characters)

    def character_class(self) -> str:
        negated = self.pattern.startswith("!", self.position)
        if negated:
            self.position += 1
        if self.pattern[self.position + 1:self.position + 2] == "-":
            low = self.take_one()
            self.position += 1
            high = self.take_one()
            if high < low:
                raise _PatternError("hi character should be greater than lo")
            members = f"{re.escape(low)}-{re.escape(high)}"
        else:
            members = "".join(re.escape(char) for char in self.text("]"))
            if not members:
                raise _PatternError("could not parse range")
        if not self.pattern.startswith("]", self.position):
            raise _PatternError("expected close range character")
        self.position += 1
        return f"[{'^' if negated else ''}{members}]"

    def take_one(self) -> str:
        if self.position >= len(self.pattern):
            raise _PatternError("unexpected end of input")
        char = self.pattern[self.position]
        self.position += 1
        return char
