"""Sprig v2.22.0, the version Harness go-template links, as differences from the v3 set.

v2 lacks the ``must*`` forms and about thirty newer functions; its ``int``,
``int64`` and ``float64`` use reflection instead of spf13/cast (strings are read
in base 10 only, so ``"0x1F"`` is 0; uint64 above int64 becomes int64's maximum;
``time.Duration`` converts as its int64), and its ``trunc`` has no negative form.
"""

from __future__ import annotations

from typing import Any

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.functions import crypto, semver
from kubeship.gotemplate.functions.casing import camelcase_v2
from kubeship.gotemplate.functions.cast import float_to_int64, indirect
from kubeship.gotemplate.functions.gostrconv import INT64_MAX, NumError, parse_float, parse_int
from kubeship.gotemplate.functions.numeric import arithmetic_functions
from kubeship.gotemplate.functions.panics import slice_string
from kubeship.gotemplate.gotypes import Int64, go_func

# Functions Sprig v3 added; v2 templates that call them fail with "function not defined".
V3_ONLY = frozenset("""
add1f addf all any bcrypt chunk dig divf duration durationRound fromJson genCAWithKey
genSelfSignedCertWithKey genSignedCertWithKey get htpasswd maxf minf mulf mustAppend mustChunk
mustCompact mustDateModify mustDeepCopy mustFirst mustFromJson mustHas mustInitial mustLast
mustMerge mustMergeOverwrite mustPrepend mustRegexFind mustRegexFindAll mustRegexMatch
mustRegexReplaceAll mustRegexReplaceAllLiteral mustRegexSplit mustRest mustReverse mustSlice
mustToDate mustToJson mustToPrettyJson mustToRawJson mustUniq mustWithout must_date_modify osBase
osClean osDir osExt osIsAbs randBytes randInt regexQuoteMeta seq sha512sum subf toRawJson
""".split())


def to_int64_v2(value: Any) -> int:
    """Convert as Sprig v2's ``toInt64``: base-10 strings, reflection on numbers, 0 otherwise."""
    if type(value) is str:
        try:
            return parse_int(value, 10)
        except NumError:
            return 0
    value = indirect(value)
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, gotypes.Uint64) or isinstance(value, (gotypes.Uint, gotypes.Uintptr)):
        return min(int(value), INT64_MAX)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float_to_int64(float(value))
    return 0


def to_float64_v2(value: Any) -> float:
    """Convert as Sprig v2's ``toFloat64``: strings by ``ParseFloat``, numbers by reflection, 0 otherwise."""
    if type(value) is str:
        try:
            return parse_float(value)
        except NumError:
            return 0.0
    value = indirect(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    return 0.0


@go_func("func(any) int")
def to_int(value: Any) -> int:
    return to_int64_v2(value)


@go_func("func(any) int64")
def to_int64(value: Any) -> Int64:
    return Int64(to_int64_v2(value))


@go_func("func(any) float64")
def to_float64(value: Any) -> float:
    return to_float64_v2(value)


@go_func("func(int, string) string")
def trunc(count: int, text: str) -> str:
    if gotypes.string_length(text) <= count:
        return text
    return slice_string(text, 0, count)


@go_func("func(string) string")
def gen_private_key_v2(kind: str) -> str:
    """Sprig v2's ``genPrivateKey``: rsa, dsa and ecdsa only."""
    if kind == "ed25519":
        return "Unknown type ed25519"
    return crypto.gen_private_key(kind)


def sprig_v2_functions(v3_functions: dict[str, Any]) -> dict[str, Any]:
    """Return the v2 function map derived from the v3 map."""
    functions = {name: function for name, function in v3_functions.items() if name not in V3_ONLY}
    functions.update(arithmetic_functions(to_int64_v2, to_float64_v2))
    for name in V3_ONLY:
        functions.pop(name, None)
    functions.update({"int": to_int, "int64": to_int64, "float64": to_float64, "trunc": trunc,
                      "camelcase": camelcase_v2})
    functions.update(semver.FUNCTIONS_V1)
    functions["genPrivateKey"] = gen_private_key_v2
    return functions
