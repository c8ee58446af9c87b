"""kubeship.imageref against the distribution library itself, built from Go source.

The tables hold expected values written from the grammar; this test shows that
the Go library (distribution/reference v0.6.0) returns the same results for every
table row and for a few thousand generated references.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from kubeship.imageref import ImageReferenceError, parse_normalized_named, parse_reference
from tests.imageref.test_imageref import NORMALIZED_CASES, PARSE_CASES

pytestmark = pytest.mark.oracle

HERE = Path(__file__).parent
REPO_ROOT = HERE.parents[1]
PROGRAM_DIR = HERE / "goref"
BINARY = REPO_ROOT / ".cache" / "goref" / "goref"

# Characters that reach every branch of the grammar, weighted toward valid names.
ALPHABET = "abcxyz019" * 4 + "ABZ" + "._-" * 2 + "_/:@[]" + " %é"
FRAGMENTS = [
    "docker.io/", "index.docker.io/", "localhost/", "localhost:5000/", "registry.example.com:443/",
    "[::1]:5000/", "library/", ":latest", "@sha256:" + "ab" * 32, "@sha512:" + "0" * 128, "@sha256:ABC",
    "__", "--", "..",
]


@pytest.fixture(scope="session")
def go_reference_parser() -> Path:
    go = shutil.which("go") or ("/usr/local/go/bin/go" if os.path.exists("/usr/local/go/bin/go") else None)
    if go is None:
        pytest.fail("the Go toolchain is missing: install Go 1.21 or later (scripts/install-test-deps expects it on PATH)")
    sources = [PROGRAM_DIR / name for name in ("main.go", "go.mod", "go.sum")]
    newest_source = max(path.stat().st_mtime for path in sources)
    if not BINARY.exists() or BINARY.stat().st_mtime < newest_source:
        BINARY.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([go, "build", "-o", str(BINARY), "."], cwd=PROGRAM_DIR, check=True, timeout=600)
    return BINARY


def run_go(binary: Path, requests: list[dict]) -> list[dict]:
    lines = "".join(json.dumps(request) + "\n" for request in requests)
    completed = subprocess.run([str(binary)], input=lines, capture_output=True, text=True, check=True, timeout=120)
    return [json.loads(line) for line in completed.stdout.splitlines()]


def describe_python(mode: str, text: str) -> dict:
    try:
        parsed = parse_reference(text) if mode == "parse" else parse_normalized_named(text)
    except ImageReferenceError as error:
        return {"error": error.reason}
    result = {"domain": parsed.domain, "path": parsed.path, "familiar": parsed.familiar_string()}
    if parsed.tag is not None:
        result["tag"] = parsed.tag
    if parsed.digest is not None:
        result["digest"] = parsed.digest
    return result


def generated_references(count: int, seed: int) -> list[str]:
    generator = random.Random(seed)
    references = []
    for _ in range(count):
        parts = []
        for _ in range(generator.randint(1, 6)):
            if generator.random() < 0.3:
                parts.append(generator.choice(FRAGMENTS))
            else:
                parts.append("".join(generator.choice(ALPHABET) for _ in range(generator.randint(1, 8))))
        references.append("".join(parts))
    return references


def compare(binary: Path, requests: list[dict]) -> list[str]:
    mismatches = []
    for request, expected in zip(requests, run_go(binary, requests), strict=True):
        actual = describe_python(request["mode"], request["ref"])
        if request["mode"] == "parse":
            # Go's FamiliarString of an un-normalized name is not part of the comparison.
            expected.pop("familiar", None)
            actual.pop("familiar", None)
        if actual != expected:
            mismatches.append(f"{request}: Go {expected}, kubeship {actual}")
    return mismatches


def test_table_rows_match_go(go_reference_parser: Path) -> None:
    requests = [{"mode": "normalized", "ref": case["ref"]} for case in NORMALIZED_CASES]
    requests += [{"mode": "parse", "ref": case["ref"]} for case in PARSE_CASES]
    assert compare(go_reference_parser, requests) == []


def test_length_limits_match_go(go_reference_parser: Path) -> None:
    references = ["a" * 247, "a" * 248, "web:" + "t" * 128, "web:" + "t" * 129]
    references += ["r.example.com/" + "a/" * 127 + "a", "r.example.com/" + "a/" * 128 + "a"]
    requests = [{"mode": "normalized", "ref": reference} for reference in references]
    assert compare(go_reference_parser, requests) == []


def test_generated_references_match_go(go_reference_parser: Path) -> None:
    references = generated_references(3000, seed=20240605)
    requests = [{"mode": mode, "ref": reference} for reference in references for mode in ("normalized", "parse")]
    assert compare(go_reference_parser, requests) == []
