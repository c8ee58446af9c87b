"""Float formatting against Go on pseudo-random bit patterns: every format strconv offers fmt."""

from __future__ import annotations

import math
import random
import struct

import pytest

from kubeship.gotemplate.gofmt import sprintf
from kubeship.gotemplate.gotypes import Float32
from tests.support.oracle import Oracle

pytestmark = pytest.mark.oracle

FORMATS = "%v|%e|%.3e|%f|%.2f|%g|%.4g|%G|%#g|%b|%x|%.2X|%+.0f|%12.5E"


def _random_floats(seed: int, count: int) -> list[float]:
    rng = random.Random(seed)
    values = []
    while len(values) < count:
        # Half random bit patterns (every exponent), half "round" decimal-looking values.
        if rng.random() < 0.5:
            value = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        else:
            value = round(rng.uniform(-1e7, 1e7), rng.randint(0, 6)) * 10.0 ** rng.randint(-12, 12)
        if math.isfinite(value):
            values.append(value)
    return values


def test_float64_formats_match_go(oracle: Oracle) -> None:
    for value in _random_floats(seed=20261204, count=600):
        assert sprintf(FORMATS, *[value] * 14) == oracle.sprintf(FORMATS, *[value] * 14), value


def test_float32_formats_match_go(oracle: Oracle) -> None:
    rng = random.Random(7)
    for _ in range(600):
        value = Float32(struct.unpack("<f", rng.getrandbits(32).to_bytes(4, "little"))[0])
        if not math.isfinite(value):
            continue
        assert sprintf(FORMATS, *[value] * 14) == oracle.sprintf(FORMATS, *[value] * 14), float(value)
