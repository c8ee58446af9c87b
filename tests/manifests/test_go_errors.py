"""kubeship's reproduction of Go's JSON and base64 errors, compared with Go's own libraries.

The Go program in ``goerrors/`` uses only the standard library, so it builds with the
machine's Go toolchain and no module download.
"""

from __future__ import annotations

import base64
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from kubeship.manifests.gobase64 import Base64Error, decode_std
from kubeship.manifests.gojson import unmarshal_object_error

PROGRAM_DIR = Path(__file__).parent / "goerrors"

JSON_CASES = [
    b"", b" ", b"{", b"}", b"{}", b"null", b"nul", b"[]", b'"x"', b"1", b"-", b"-0", b"01", b"1.",
    b"1.5e", b"1e+", b"true", b"tru", b"fals", b'{"a":1,}', b'{"a" 1}', b"{1:2}", b"[1 2]",
    b'{"a":1} x', b'{"a":"\x01"}', b'{"a":"\\x"}', b'{"a":"\\u12g4"}', b"\xef\xbb\xbf{}", b"{'a':1}",
    b'{"\\\\":1}', b'{"a":1}}', b"[" * 10001, b'{"a":[1,2,{"b":null}]} ', b"\x7f", b"\x80", b"\xa0",
    b"\xad", b"\\", b'{"a":1\n', b'\t{"a":true}\r\n', b"1 2", b'{"a":-}', b'{"a":"\xff"}',
    b'{"https://registry.example.com/":{"username":"u","password":"p\\"q"}}',
]  # fmt: skip

BASE64_CASES = [
    "", "=", "==", "Y", "YW", "YWJ", "YWJj", "YWJjZA", "YWJjZA=", "YWJjZA==", "YWJjZA===", "YWJjZGU=",
    "YW=j", "Y===", "YWJj\nZGVm", "YWJj\r\nZGVm\n", "YWJjZA=\n=", "YWJjZA==\nx", "hunter2!", "a b",
    "YWJjZGVmZ2hpams=", "YWJjZGVmZ2hp!ms=", "_-_-", "YQ==YQ==",
]  # fmt: skip


@pytest.fixture(scope="module")
def go_errors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    go = shutil.which("go")
    assert go is not None, "the Go toolchain is needed to build tests/manifests/goerrors; install Go and rerun"
    binary = tmp_path_factory.mktemp("goerrors") / "goerrors"
    subprocess.run([go, "build", "-o", str(binary), "."], cwd=PROGRAM_DIR, check=True)
    return binary


def run_go(binary: Path, mode: str, inputs: list[bytes]) -> list[str]:
    lines = "".join(f"{mode} {base64.b64encode(item).decode()}\n" for item in inputs)
    result = subprocess.run([str(binary)], input=lines, capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def random_json_inputs(count: int) -> list[bytes]:
    generator = random.Random(7)
    alphabet = b'{}[]":,.-+eE0123456789tfnrulsa \\\n\x01x'
    return [bytes(generator.choice(alphabet) for _ in range(generator.randint(0, 12))) for _ in range(count)]


def random_base64_inputs(count: int) -> list[str]:
    generator = random.Random(11)
    alphabet = "ABCabc012+/=\n\r!_ "
    return ["".join(generator.choice(alphabet) for _ in range(generator.randint(0, 14))) for _ in range(count)]


def python_base64_result(text: str) -> str:
    try:
        decode_std(text)
    except Base64Error as error:
        return str(error)
    return "OK"


def test_json_errors_match_go(go_errors: Path) -> None:
    inputs = JSON_CASES + random_json_inputs(3000)

    expected = run_go(go_errors, "json", inputs)

    assert len(expected) == len(inputs)
    mismatches = [
        (item, want, unmarshal_object_error(item) or "OK")
        for item, want in zip(inputs, expected)
        if (unmarshal_object_error(item) or "OK") != want
    ]
    assert mismatches == []


def test_base64_errors_match_go(go_errors: Path) -> None:
    inputs = BASE64_CASES + random_base64_inputs(3000)

    expected = run_go(go_errors, "base64", [item.encode() for item in inputs])

    assert len(expected) == len(inputs)
    mismatches = [(item, want, python_base64_result(item)) for item, want in zip(inputs, expected) if python_base64_result(item) != want]
    assert mismatches == []


def test_base64_decodes_like_go() -> None:
    assert decode_std("YWJj\nZGVm") == b"abcdef"
    assert decode_std("") == b""
