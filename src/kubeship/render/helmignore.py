"""``.helmignore`` rules, as Helm v3's ``pkg/ignore`` applies them when it loads a chart directory.

Each line is a ``path/filepath.Match`` pattern. A pattern without a ``/`` matches the
base name, one with a ``/`` the path relative to the chart root, one starting with
``/`` the same path from the root, and a trailing ``/`` matches directories only.
``**`` is rejected. Helm always adds ``templates/.?*``, so hidden files in
``templates/`` are never loaded.

A negated pattern (``!pattern``) keeps Helm's reading: a path that does not match it
is ignored, a path that matches it goes on to the next rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kubeship.doctor import BadPattern, glob_match
from kubeship.errors import InputError, SourcePosition

HELMIGNORE = ".helmignore"
DEFAULT_RULES = ("templates/.?*",)


@dataclass(frozen=True)
class _Pattern:
    text: str
    negate: bool
    directory_only: bool
    anchored: bool


class IgnoreRules:
    """The patterns of one ``.helmignore`` file plus Helm's default rule, in file order."""

    def __init__(self, patterns: list[_Pattern]) -> None:
        self._patterns = patterns

    def ignores(self, path: str, is_dir: bool) -> bool:
        """Return whether Helm skips ``path`` (relative to the chart root, ``/``-separated)."""
        if path in ("", ".", "./"):
            return False
        for pattern in self._patterns:
            if pattern.negate:
                if pattern.directory_only and not is_dir:
                    return True
                if not _matches(pattern, path):
                    return True
                continue
            if pattern.directory_only and not is_dir:
                continue
            if _matches(pattern, path):
                return True
        return False


def _matches(pattern: _Pattern, path: str) -> bool:
    name = path if pattern.anchored else path.rsplit("/", 1)[-1]
    try:
        return glob_match(pattern.text, name)
    except BadPattern:
        return False


def load_ignore_rules(chart_root: Path) -> IgnoreRules:
    """Read ``chart_root/.helmignore`` when it exists and add Helm's default rule.

    Raises InputError naming the line of a pattern Helm rejects.
    """
    patterns: list[_Pattern] = []
    path = chart_root / HELMIGNORE
    if path.is_file():
        text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
        for number, line in enumerate(text.split("\n"), start=1):
            _add_rule(patterns, line, SourcePosition(str(path), number))
    for rule in DEFAULT_RULES:
        _add_rule(patterns, rule, SourcePosition("<default rule>"))
    return IgnoreRules(patterns)


def _add_rule(patterns: list[_Pattern], line: str, position: SourcePosition) -> None:
    rule = line.strip()
    if not rule or rule.startswith("#"):
        return
    if "**" in rule:
        raise InputError("double-star (**) syntax is not supported", position=position,
                         hint="Helm's .helmignore has no **; write one pattern per directory level")
    try:
        glob_match(rule, "abc")
    except BadPattern:
        raise InputError(f"syntax error in pattern {rule!r}", position=position,
                         hint="check the [ ] classes and \\ escapes of the pattern") from None

    negate = rule.startswith("!")
    rule = rule.removeprefix("!")
    directory_only = rule.endswith("/")
    rule = rule.removesuffix("/")
    anchored = "/" in rule
    patterns.append(_Pattern(rule.removeprefix("/"), negate, directory_only, anchored))
