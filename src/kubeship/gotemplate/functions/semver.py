"""Sprig's ``semver`` and ``semverCompare`` with the rules of Masterminds/semver v3 (v3.5).

Versions are read loosely (``v1``, ``1.2`` and ``1.2.3-rc.1+build`` are valid;
a numeric prerelease part may not start with 0). Constraints support ``=``,
``!=``, ``>``, ``<``, ``>=``, ``<=``, ``~``, ``~>``, ``^``, wildcards (``1.x``,
``*``), ranges (``1 - 2``), ``,`` or a space for "and", and ``||`` for "or".
A prerelease version only satisfies a group whose constraints name a prerelease.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.gotypes import GoError, GoStruct, go_func, go_method

MAX_VERSION_LENGTH = 256
MAX_CONSTRAINT_LENGTH = 512
MAX_CONSTRAINT_GROUPS = 32

_LOOSE_VERSION = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_CV = (r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
       r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
       r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?")
_OPS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"
_CONSTRAINT = re.compile(rf"^\s*({_OPS})\s*({_CV})\s*$")
_CONSTRAINT_RANGE = re.compile(rf"\s*({_CV})\s+-\s+({_CV})\s*")
_FIND_CONSTRAINT = re.compile(rf"({_OPS})\s*({_CV})")
_VALID_CONSTRAINT = re.compile(rf"^(\s*({_OPS})\s*({_CV})\s*)((?:\s+|,\s*)({_OPS})\s*({_CV})\s*)*$")
_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789")
_UINT64_MAX = (1 << 64) - 1


class SemverError(ValueError):
    """A version or constraint Masterminds/semver rejects, with its message."""


class Version(GoStruct):
    """A ``semver.Version``; templates call ``Major``, ``Minor``, ``Patch``, ``Prerelease``, ``Metadata``, ``Original``."""

    go_type_name = "semver.Version"
    go_fields = {"major": "uint64", "minor": "uint64", "patch": "uint64", "pre": "string",
                 "metadata": "string", "original": "string"}

    @go_method("func() string", name="String")
    def go_string(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.pre:
            text += "-" + self.pre
        if self.metadata:
            text += "+" + self.metadata
        return text

    @go_method("func() uint64", name="Major")
    def go_major(self) -> int:
        return gotypes.Uint64(self.major)

    @go_method("func() uint64", name="Minor")
    def go_minor(self) -> int:
        return gotypes.Uint64(self.minor)

    @go_method("func() uint64", name="Patch")
    def go_patch(self) -> int:
        return gotypes.Uint64(self.patch)

    @go_method("func() string", name="Prerelease")
    def go_prerelease(self) -> str:
        return self.pre

    @go_method("func() string", name="Metadata")
    def go_metadata(self) -> str:
        return self.metadata

    @go_method("func() string", name="Original", pointer=True)
    def go_original(self) -> str:
        return self.original


def parse_version(text: str) -> Version:
    """Parse as ``semver.NewVersion`` (v3, coercing): raise SemverError with semver's message."""
    if len(text) > MAX_VERSION_LENGTH:
        raise SemverError(f"version string is too long (max {MAX_VERSION_LENGTH} bytes)")
    match = _LOOSE_VERSION.fullmatch(text)
    if match is None:
        raise SemverError("invalid semantic version")
    major = _segment(match.group(1))
    minor = _segment(match.group(2)[1:]) if match.group(2) else 0
    patch = _segment(match.group(3)[1:]) if match.group(3) else 0
    pre = match.group(5) or ""
    metadata = match.group(8) or ""
    if pre:
        for part in pre.split("."):
            if part == "":
                raise SemverError("invalid prerelease string")
            if part.isdigit() and len(part) > 1 and part[0] == "0":
                raise SemverError("version segment starts with 0")
            if not set(part) <= _ALLOWED:
                raise SemverError("invalid prerelease string")
    if metadata and any(part == "" or not set(part) <= _ALLOWED for part in metadata.split(".")):
        raise SemverError("invalid metadata string")
    return Version(major=major, minor=minor, patch=patch, pre=pre, metadata=metadata, original=text)


def _segment(text: str) -> int:
    value = int(text)
    if value > _UINT64_MAX:
        raise SemverError(f'error parsing version segment: strconv.ParseUint: parsing "{text}": value out of range')
    return value


def compare(left: Version, right: Version) -> int:
    """Order two versions by precedence (metadata ignored), as ``Version.Compare``."""
    for a, b in ((left.major, right.major), (left.minor, right.minor), (left.patch, right.patch)):
        if a != b:
            return -1 if a < b else 1
    if not left.pre and not right.pre:
        return 0
    if not left.pre:
        return 1
    if not right.pre:
        return -1
    return _compare_prerelease(left.pre, right.pre)


def _compare_prerelease(left: str, right: str) -> int:
    left_parts, right_parts = left.split("."), right.split(".")
    for index in range(max(len(left_parts), len(right_parts))):
        a = left_parts[index] if index < len(left_parts) else ""
        b = right_parts[index] if index < len(right_parts) else ""
        result = _compare_part(a, b)
        if result:
            return result
    return 0


def _compare_part(a: str, b: str) -> int:
    if a == b:
        return 0
    if a == "":
        return -1
    if b == "":
        return 1
    a_number = a.isdigit() and a.isascii() and int(a) <= _UINT64_MAX
    b_number = b.isdigit() and b.isascii() and int(b) <= _UINT64_MAX
    if not a_number and not b_number:
        return 1 if a > b else -1
    if not b_number:
        return -1
    if not a_number:
        return 1
    return 1 if int(a) > int(b) else -1


@dataclass
class _Constraint:
    version: Version
    original: str
    operator: str
    minor_dirty: bool
    patch_dirty: bool
    dirty: bool


def _is_wild(text: str) -> bool:
    return text in ("x", "*", "X")


def _parse_constraint(text: str) -> _Constraint:
    match = _CONSTRAINT.match(text)
    if match is None:
        raise SemverError(f"improper constraint: {_go_q(text)}")
    operator, original = match.group(1), match.group(2)
    major, minor, patch, pre = match.group(3), match.group(4) or "", match.group(5) or "", match.group(6) or ""
    minor_dirty = patch_dirty = dirty = False
    version_text = original
    if _is_wild(major) or major == "":
        version_text, dirty = f"0.0.0{pre}", True
    elif _is_wild(minor.removeprefix(".")) or minor == "":
        version_text, dirty, minor_dirty = f"{major}.0.0{pre}", True, True
    elif _is_wild(patch.removeprefix(".")) or patch == "":
        version_text, dirty, patch_dirty = f"{major}{minor}.0{pre}", True, True
    try:
        version = parse_version(version_text)
    except SemverError:
        raise SemverError("constraint parser error") from None
    return _Constraint(version, original, operator, minor_dirty, patch_dirty, dirty)


def _go_q(text: str) -> str:
    from kubeship.gotemplate.functions.gostrconv import quote

    return quote(text)


def parse_constraints(text: str) -> list[tuple[list[_Constraint], bool]]:
    """Parse as ``semver.NewConstraint``: groups joined by ``||``, each with whether it names a prerelease."""
    if len(text) > MAX_CONSTRAINT_LENGTH:
        raise SemverError(f"constraint string is too long (max {MAX_CONSTRAINT_LENGTH} bytes)")
    text = _rewrite_range(text)
    groups = text.split("||")
    if len(groups) > MAX_CONSTRAINT_GROUPS:
        raise SemverError(f"too many constraint groups (max {MAX_CONSTRAINT_GROUPS})")
    parsed = []
    for group in groups:
        if not _VALID_CONSTRAINT.match(group):
            raise SemverError(f"improper constraint: {_go_q(group)}")
        pieces = [m.group(0) for m in _FIND_CONSTRAINT.finditer(group)] or [group]
        constraints = [_parse_constraint(piece) for piece in pieces]
        parsed.append((constraints, any(c.version.pre for c in constraints)))
    return parsed


def _rewrite_range(text: str) -> str:
    for match in list(_CONSTRAINT_RANGE.finditer(text)):
        text = text.replace(match.group(0), f">= {match.group(1)}, <= {match.group(11)} ", 1)
    return text


def check(groups: list[tuple[list[_Constraint], bool]], version: Version) -> bool:
    """Return whether ``version`` satisfies any group (``Constraints.Check``)."""
    return any(all(_satisfies(version, c, has_pre) for c in constraints) for constraints, has_pre in groups)


def _satisfies(v: Version, c: _Constraint, include_pre: bool) -> bool:
    if v.pre and not include_pre:
        return False
    operator = c.operator
    if operator in ("", "="):
        return _tilde(v, c) if c.dirty else compare(v, c.version) == 0
    if operator == "!=":
        return _not_equal(v, c)
    if operator == ">":
        return _greater(v, c)
    if operator == "<":
        return compare(v, c.version) < 0
    if operator in (">=", "=>"):
        return compare(v, c.version) >= 0
    if operator in ("<=", "=<"):
        return _less_equal(v, c)
    if operator in ("~", "~>"):
        return _tilde(v, c)
    return _caret(v, c)


def _not_equal(v: Version, c: _Constraint) -> bool:
    if c.dirty:
        if c.version.major != v.major:
            return True
        if c.version.minor != v.minor and not c.minor_dirty:
            return True
        if c.minor_dirty:
            return False
        if c.version.patch != v.patch and not c.patch_dirty:
            return True
        if c.patch_dirty:
            if v.pre or c.version.pre:
                return _compare_prerelease(v.pre, c.version.pre) != 0
            return False
    return compare(v, c.version) != 0


def _greater(v: Version, c: _Constraint) -> bool:
    if not c.dirty:
        return compare(v, c.version) == 1
    if v.major != c.version.major:
        return v.major > c.version.major
    if c.minor_dirty:
        return False
    if c.patch_dirty:
        return v.minor > c.version.minor
    return compare(v, c.version) == 1


def _less_equal(v: Version, c: _Constraint) -> bool:
    if not c.dirty:
        return compare(v, c.version) <= 0
    if v.major > c.version.major:
        return False
    return not (v.major == c.version.major and v.minor > c.version.minor and not c.minor_dirty)


def _tilde(v: Version, c: _Constraint) -> bool:
    if compare(v, c.version) < 0:
        return False
    con = c.version
    if con.major == 0 and con.minor == 0 and con.patch == 0 and not c.minor_dirty and not c.patch_dirty:
        return True
    if v.major != con.major:
        return False
    return not (v.minor != con.minor and not c.minor_dirty)


def _caret(v: Version, c: _Constraint) -> bool:
    con = c.version
    if compare(v, con) < 0:
        return False
    if con.major > 0 or c.minor_dirty:
        return v.major == con.major
    if v.major > 0:
        return False
    if con.minor > 0 or c.patch_dirty:
        return v.minor == con.minor
    if v.minor > 0:
        return False
    return con.patch == v.patch


@go_func("func(string) (*semver.Version, error)")
def semver(text: str) -> Any:
    try:
        return gotypes.GoPointer(parse_version(text))
    except SemverError as error:
        raise GoError(str(error)) from None


@go_func("func(string, string) (bool, error)")
def semver_compare(constraint: str, version: str) -> bool:
    try:
        groups = parse_constraints(constraint)
        parsed = parse_version(version)
    except SemverError as error:
        raise GoError(str(error)) from None
    return check(groups, parsed)


FUNCTIONS = {
    "semver": semver,
    "semverCompare": semver_compare,
}


# -- Masterminds/semver v1.5.0, which Sprig v2 (Harness go-template) uses

_V1_CONSTRAINT = re.compile(rf"^\s*(=|!=|>|<|>=|=>|<=|=<|~|~>|\^|)\s*({_CV})\s*$")
_V1_RANGE = re.compile(rf"\s*({_CV})\s+-\s+({_CV})\s*")


class VersionV1(Version):
    """A semver v1 ``Version``: every method has a pointer receiver and ``Major`` returns int64."""

    go_type_name = "semver.Version"

    @go_method("func() string", name="String", pointer=True)
    def go_string(self) -> str:
        return Version.go_string(self)

    @go_method("func() int64", name="Major", pointer=True)
    def go_major(self) -> int:
        return gotypes.Int64(self.major)

    @go_method("func() int64", name="Minor", pointer=True)
    def go_minor(self) -> int:
        return gotypes.Int64(self.minor)

    @go_method("func() int64", name="Patch", pointer=True)
    def go_patch(self) -> int:
        return gotypes.Int64(self.patch)

    @go_method("func() string", name="Prerelease", pointer=True)
    def go_prerelease(self) -> str:
        return self.pre

    @go_method("func() string", name="Metadata", pointer=True)
    def go_metadata(self) -> str:
        return self.metadata


def parse_version_v1(text: str) -> VersionV1:
    """Parse as semver v1's ``NewVersion``."""
    match = _LOOSE_VERSION.fullmatch(text)
    if match is None:
        raise SemverError("Invalid Semantic Version")
    numbers = []
    for part in (match.group(1), (match.group(2) or ".0")[1:], (match.group(3) or ".0")[1:]):
        if int(part) > (1 << 63) - 1:
            raise SemverError(f'Error parsing version segment: strconv.ParseInt: parsing "{part}": value out of range')
        numbers.append(int(part))
    return VersionV1(major=numbers[0], minor=numbers[1], patch=numbers[2], pre=match.group(5) or "",
                     metadata=match.group(8) or "", original=text)


def _parse_constraint_v1(text: str) -> _Constraint:
    match = _V1_CONSTRAINT.match(text)
    if match is None:
        raise SemverError(f"improper constraint: {text}")
    operator, original = match.group(1), match.group(2)
    major, minor, patch, pre = match.group(3), match.group(4) or "", match.group(5) or "", match.group(6) or ""
    minor_dirty = patch_dirty = dirty = False
    version_text = original
    if _is_wild(major):
        version_text, dirty = "0.0.0", True
    elif _is_wild(minor.removeprefix(".")) or minor == "":
        version_text, dirty, minor_dirty = f"{major}.0.0{pre}", True, True
    elif _is_wild(patch.removeprefix(".")):
        version_text, dirty, patch_dirty = f"{major}{minor}.0{pre}", True, True
    try:
        version = parse_version_v1(version_text)
    except SemverError:
        raise SemverError("constraint Parser Error") from None
    return _Constraint(version, original, operator, minor_dirty, patch_dirty, dirty)


def parse_constraints_v1(text: str) -> list[list[_Constraint]]:
    """Parse as semver v1's ``NewConstraint``: ``||`` groups of ``,``-separated constraints."""
    for match in list(_V1_RANGE.finditer(text)):
        text = text.replace(match.group(0), f">= {match.group(1)}, <= {match.group(11)}", 1)
    return [[_parse_constraint_v1(piece) for piece in group.split(",")] for group in text.split("||")]


def _satisfies_v1(v: Version, c: _Constraint) -> bool:
    con = c.version
    if v.pre and not con.pre:
        return False
    operator = c.operator
    if operator in ("", "="):
        return _tilde(v, c) if c.dirty else compare(v, con) == 0
    if operator == "!=":
        if c.dirty:
            return con.major != v.major or (con.minor != v.minor and not c.minor_dirty)
        return compare(v, con) != 0
    if operator == ">":
        return compare(v, con) == 1
    if operator in (">=", "=>"):
        return compare(v, con) >= 0
    if operator in ("<", "<=", "=<"):
        if not c.dirty:
            return compare(v, con) < 0 if operator == "<" else compare(v, con) <= 0
        return not (v.major > con.major or (v.minor > con.minor and not c.minor_dirty))
    if operator in ("~", "~>"):
        return _tilde(v, c)
    return compare(v, con) >= 0 and v.major == con.major


@go_func("func(string) (*semver.Version, error)")
def semver_v1(text: str) -> Any:
    try:
        return gotypes.GoPointer(parse_version_v1(text))
    except SemverError as error:
        raise GoError(str(error)) from None


@go_func("func(string, string) (bool, error)")
def semver_compare_v1(constraint: str, version: str) -> bool:
    try:
        groups = parse_constraints_v1(constraint)
        parsed = parse_version_v1(version)
    except SemverError as error:
        raise GoError(str(error)) from None
    return any(all(_satisfies_v1(parsed, c) for c in group) for group in groups)


FUNCTIONS_V1 = {
    "semver": semver_v1,
    "semverCompare": semver_compare_v1,
}
