"""Client for the Go oracle in tests/oracle: one process serves a whole test session.

The oracle renders templates with Go's text/template, Harness go-template's functions or
Helm's engine, and formats values with Go's fmt. tests/oracle/README.md documents the
protocol; this module encodes Python values as typed JSON, sends one request per line and
decodes the reply.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import math
import os
import re
import select
import subprocess
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kubeship.gotemplate import gotypes
from tests.support.cli import REPO_ROOT
from tests.support.fixtures import FIXTURE_FUNCS

ORACLE_DIR = REPO_ROOT / "tests" / "oracle"
ORACLE_BINARY = ORACLE_DIR / "bin" / "oracle"
ORACLE_STAMP = ORACLE_DIR / "bin" / "inputs.txt"
BUILD_COMMAND = "scripts/test-deps/20-go-oracle.sh"

TAG = "$"
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1

# Seconds the client waits beyond the oracle's own per-request timeout before it gives up
# on the process.
REPLY_GRACE = 10.0


class OracleError(RuntimeError):
    """The oracle rejected a request, timed out or died (not a template error)."""


@dataclass(frozen=True)
class GoTyped:
    """A Go value spelled out as its type and payload, for what the value model cannot build.

    ``GoTyped("map[int]string", [[1, "a"]])`` is a map with int keys. Values of the model
    (``Int64(5)``, ``GoSlice``, fixture structs …) encode themselves; replies decode into
    the model, and into ``GoTyped`` only for types it lacks.
    """

    type: str
    payload: Any


def to_typed_json(value: Any) -> Any:
    """Encode a value of kubeship's Go value model in the oracle's typed JSON form."""
    if value is None or value is True or value is False:
        return value
    if isinstance(value, GoTyped):
        return {TAG: value.type, "v": _encode_payload(value.payload)}
    plain_type = type(value)
    if plain_type is str:
        return value if _is_utf8(value) else {TAG: "string", "v": _encode_payload(value)}
    if plain_type is int:
        if not INT64_MIN <= value <= INT64_MAX:
            raise ValueError(f"{value} does not fit Go's int; use Uint64 or Int64")
        return value
    if plain_type is float and _is_plain_float(value):
        return value
    if plain_type is list:
        return [to_typed_json(item) for item in value]
    if plain_type is dict and TAG not in value:
        if not all(type(key) is str for key in value):
            raise TypeError("a dict is map[string]interface {}: its keys must be str (use GoMap)")
        return {key: to_typed_json(item) for key, item in value.items()}
    if isinstance(value, gotypes.GoFunc):
        return {TAG: "func", "v": _fixture_func_name(value)}
    return {TAG: gotypes.go_type_name(value), "v": _encode_payload(value)}


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_plain_float(value: float) -> bool:
    return math.isfinite(value) and not (value == 0 and math.copysign(1, value) < 0)


def _encode_payload(value: Any) -> Any:
    """Encode the payload of a value whose type the reader already knows."""
    if isinstance(value, gotypes.GoFunc) and value.is_nil:
        return None
    if isinstance(value, (GoTyped, gotypes.GoFunc)):
        return to_typed_json(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        if _is_utf8(value):
            return value
        return {"base64": base64.b64encode(gotypes.string_bytes(value)).decode("ascii")}
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if _is_plain_float(value) else _special_float_text(value)
    if isinstance(value, complex):
        return [_encode_payload(value.real), _encode_payload(value.imag)]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, gotypes.GoPointer):
        return None if value.is_nil else _encode_payload(value.target)
    if isinstance(value, gotypes.GoTime):
        return _encode_time(value)
    if isinstance(value, gotypes.GoStruct):
        return {name: _encode_element(getattr(value, name), value.field_types[name]) for name in value.go_fields}
    if isinstance(value, (list, tuple)):
        elem = value.go_type.elem if isinstance(value, gotypes.GoSlice) else gotypes.EMPTY_INTERFACE
        if getattr(value, "is_nil", False):
            return None
        return [_encode_element(item, elem) for item in value]
    if isinstance(value, Mapping):
        return _encode_map_payload(value)
    raise TypeError(f"cannot encode {type(value).__name__} for the Go oracle: use GoTyped")


def _encode_element(value: Any, elem: gotypes.GoType) -> Any:
    if elem.kind == gotypes.INTERFACE:
        return to_typed_json(value)
    return _encode_payload(value)


def _encode_map_payload(value: Mapping[Any, Any]) -> Any:
    if getattr(value, "is_nil", False):
        return None
    go_type = value.go_type if isinstance(value, gotypes.GoMap) else gotypes.DICT_TYPE
    if go_type.key.underlying.kind == gotypes.STRING and all(_is_utf8(key) for key in value):
        return {key: _encode_element(item, go_type.elem) for key, item in value.items()}
    return [[_encode_element(key, go_type.key), _encode_element(item, go_type.elem)] for key, item in value.items()]


def _fixture_func_name(value: gotypes.GoFunc) -> str:
    for name, fixture in FIXTURE_FUNCS.items():
        if fixture is value:
            return name
    raise TypeError("the oracle knows only the fixture functions in tests/support/fixtures.py")


def _special_float_text(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return "-0"


_SPECIAL_FLOATS = {"NaN": math.nan, "+Inf": math.inf, "-Inf": -math.inf, "-0": -0.0}


def from_typed_json(value: Any) -> Any:
    """Decode the oracle's typed JSON into kubeship's Go value model."""
    if isinstance(value, list):
        return [from_typed_json(item) for item in value]
    if isinstance(value, dict):
        if TAG in value:
            return _decode_tagged(value[TAG], value.get("v"))
        return {key: from_typed_json(item) for key, item in value.items()}
    return value


def _decode_tagged(type_name: str, payload: Any) -> Any:
    if type_name == "func":
        return FIXTURE_FUNCS[payload]
    try:
        go_type = gotypes.parse_type(type_name)
    except gotypes.GoTypeError:
        return GoTyped(type_name, payload)
    return _decode_payload(payload, go_type)


def _decode_payload(payload: Any, go_type: gotypes.GoType) -> Any:
    kind = go_type.underlying.kind
    if isinstance(payload, dict) and TAG in payload:
        return from_typed_json(payload)
    if kind == gotypes.INTERFACE:
        return from_typed_json(payload)
    if go_type is gotypes.TIME_TYPE:
        return _decode_time(payload)
    if go_type.python_class is not None and go_type.kind != gotypes.STRUCT:
        return _decode_defined(payload, go_type)
    if kind in gotypes.INT_KINDS:
        return gotypes.make_int(int(payload), go_type)
    if kind in gotypes.FLOAT_KINDS:
        number = _SPECIAL_FLOATS.get(payload, payload) if isinstance(payload, str) else payload
        number = float(number)
        return gotypes.make_float(number, go_type)
    if kind in gotypes.COMPLEX_KINDS:
        number = complex(*(float(_SPECIAL_FLOATS.get(part, part)) for part in payload))
        return gotypes.Complex64(number) if kind == "complex64" else number
    if kind == gotypes.STRING:
        if isinstance(payload, dict):
            return gotypes.string_from_bytes(base64.b64decode(payload["base64"]))
        return payload
    if kind == gotypes.BOOL:
        return payload
    return _decode_composite(payload, go_type)


def _decode_defined(payload: Any, go_type: gotypes.GoType) -> Any:
    return go_type.python_class(payload)


_RFC3339 = re.compile(r"^(?P<base>[^.]+?)(?:\.(?P<fraction>\d+))?(?P<zone>Z|[+-]\d\d:\d\d)$")


def _decode_time(payload: Any) -> gotypes.GoTime:
    if isinstance(payload, dict):
        text, location = payload["time"], payload.get("location", "")
    else:
        # A bare RFC 3339 time reads as Go's time.Parse reads it: "Z" is UTC, an offset a fixed zone.
        text, location = payload, "UTC" if payload.endswith("Z") else ""
    match = _RFC3339.match(text)
    if match is None:
        raise ValueError(f"invalid RFC 3339 time from the oracle: {text!r}")
    zone = match["zone"].replace("Z", "+00:00")
    moment = dt.datetime.fromisoformat(match["base"] + zone)
    nanosecond = int((match["fraction"] or "").ljust(9, "0"))
    if location == "UTC":
        moment = moment.astimezone(dt.timezone.utc)
    elif location not in ("", "Local"):
        moment = moment.astimezone(zoneinfo.ZoneInfo(location))
    zone_name = moment.tzname() if location not in ("", "Local") else ""
    if not location and match["zone"] == "Z":
        # Go's time.Parse gives a "Z" time the UTC location, which prints as UTC.
        zone_name = "UTC"
    return gotypes.GoTime(moment.replace(microsecond=nanosecond // 1000), nanosecond, zone_name)


def _encode_time(value: gotypes.GoTime) -> dict[str, str]:
    moment = value.moment
    offset = moment.strftime("%z")
    zone = "Z" if offset == "+0000" and value.zone_name == "UTC" else f"{offset[:3]}:{offset[3:]}"
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{value.nanosecond:09d}" + zone
    tzinfo = moment.tzinfo
    if isinstance(tzinfo, zoneinfo.ZoneInfo):
        location = tzinfo.key
    elif value.zone_name == "UTC":
        location = "UTC"
    else:
        location = ""
    return {"time": text, "location": location}


def _decode_composite(payload: Any, go_type: gotypes.GoType) -> Any:
    kind = go_type.underlying.kind
    if kind == gotypes.SLICE:
        if go_type == gotypes.BYTES_TYPE:
            return bytes(payload) if isinstance(payload, list) else base64.b64decode(payload)
        if payload is None:
            return gotypes.GoSlice.of_type(go_type, is_nil=True)
        items = [_decode_payload(item, go_type.elem) for item in payload]
        return items if go_type == gotypes.LIST_TYPE else gotypes.GoSlice.of_type(go_type, items)
    if kind == gotypes.MAP:
        if payload is None:
            return gotypes.GoMap.of_type(go_type, is_nil=True)
        pairs = payload.items() if isinstance(payload, dict) else payload
        items = {_decode_payload(k, go_type.key): _decode_payload(v, go_type.elem) for k, v in pairs}
        return items if go_type == gotypes.DICT_TYPE else gotypes.GoMap.of_type(go_type, items)
    if kind == gotypes.POINTER:
        if payload is None:
            return gotypes.GoPointer(None, go_type.elem)
        return gotypes.GoPointer(_decode_payload(payload, go_type.elem), go_type.elem)
    if kind == gotypes.STRUCT and go_type.python_class is not None:
        cls = go_type.python_class
        types = cls._resolve_field_types()
        return cls(**{name: _decode_payload(item, types[name]) for name, item in payload.items()})
    return GoTyped(go_type.name, payload)


@dataclass
class RenderResult:
    """One oracle reply: the output (``ok``) or Go's error text."""

    ok: bool
    output: str | bytes | None = None
    error: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    # `helm template`'s printed manifests, for a helm_template request.
    manifest: str | None = None
    values: Any = None
    render_values: Any = None
    warnings: list[str] = field(default_factory=list)
    timing: dict[str, int] | None = None

    @property
    def text(self) -> str:
        """Return the output, or raise AssertionError with Go's error when rendering failed."""
        if not self.ok:
            raise AssertionError(f"the Go oracle failed to render: {self.error}")
        if not isinstance(self.output, str):
            raise AssertionError(f"the Go oracle's output is not valid UTF-8: {self.output!r}")
        return self.output


class Oracle:
    """A running oracle process; requests are sent one at a time."""

    def __init__(self, binary: Path = ORACLE_BINARY) -> None:
        self.binary = binary
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._next_id = 0

    def close(self) -> None:
        """Stop the oracle process."""
        process, self._process = self._process, None
        if process is None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one raw request and return the raw reply; raise OracleError on oracle_error."""
        process = self._ensure_started()
        self._next_id += 1
        payload = {**payload, "id": self._next_id}
        line = json.dumps(payload, ensure_ascii=False).encode() + b"\n"
        assert process.stdin is not None
        try:
            process.stdin.write(line)
            process.stdin.flush()
        except BrokenPipeError:
            self._forget_process()
            raise OracleError("the oracle process exited before the request was sent") from None
        timeout = payload.get("timeout_ms", 10_000) / 1000 + REPLY_GRACE
        reply = json.loads(self._read_line(timeout))
        if reply.get("restart"):
            self._forget_process()
        if reply.get("oracle_error"):
            raise OracleError(reply["oracle_error"])
        if reply.get("id") != self._next_id:
            self.close()
            raise OracleError(f"reply id {reply.get('id')} does not match request id {self._next_id}")
        return reply

    def render(
        self,
        template: str | None = None,
        data: Any = None,
        *,
        engine: str = "text",
        name: str | None = None,
        templates: Sequence[tuple[str, str]] = (),
        execute: str | None = None,
        missingkey: str | None = None,
        delims: tuple[str, str] | None = None,
        values: Sequence[tuple[str, str]] = (),
        set: Iterable[str] = (),
        set_string: Iterable[str] = (),
        set_json: Iterable[str] = (),
        set_file: Iterable[str] = (),
        set_literal: Iterable[str] = (),
        files: Mapping[str, str] | None = None,
        chart: Mapping[str, Any] | None = None,
        release: Mapping[str, Any] | None = None,
        kube_version: str | None = None,
        api_versions: Sequence[str] = (),
        strict: bool = False,
        helm_template: bool = False,
        return_values: bool = False,
        timeout: float = 10.0,
        repeat: int = 0,
    ) -> RenderResult:
        """Render a template (or named templates in parse order) with one of the oracle's engines.

        ``values`` are (name, YAML text) values files, loaded as the engine's tool loads them;
        ``set*`` are Helm's --set flags; ``files`` are the files --set-file reads. With
        ``helm_template`` the helm engine also runs `helm template`'s whole path (``manifest``).
        """
        payload: dict[str, Any] = {"engine": engine, "timeout_ms": int(timeout * 1000)}
        if template is not None:
            payload["template"] = template
        optional = {
            "name": name,
            "templates": [{"name": n, "text": t} for n, t in templates],
            "execute": execute,
            "missingkey": missingkey,
            "delims": list(delims) if delims else None,
            "values": [{"name": n, "text": t} for n, t in values],
            "set": list(set),
            "set_string": list(set_string),
            "set_json": list(set_json),
            "set_file": list(set_file),
            "set_literal": list(set_literal),
            "files": [{"name": n, "text": t} for n, t in (files or {}).items()],
            "chart": dict(chart) if chart else None,
            "release": dict(release) if release else None,
            "kube_version": kube_version,
            "api_versions": list(api_versions),
            "strict": strict,
            "helm_template": helm_template,
            "return_values": return_values,
            "repeat": repeat,
        }
        payload.update({key: item for key, item in optional.items() if item})
        if data is not None:
            payload["data"] = to_typed_json(data)
        return _result_from_reply(self.request(payload))

    def sprintf(self, format: str, *args: Any) -> str:
        """Return Go's fmt.Sprintf(format, args...)."""
        return self._fmt("sprintf", format, args)

    def sprint(self, *args: Any) -> str:
        """Return Go's fmt.Sprint(args...)."""
        return self._fmt("sprint", "", args)

    def sprintln(self, *args: Any) -> str:
        """Return Go's fmt.Sprintln(args...)."""
        return self._fmt("sprintln", "", args)

    def _fmt(self, func: str, format: str, args: Sequence[Any]) -> str:
        payload = {"engine": "fmt", "func": func, "format": format, "args": [to_typed_json(a) for a in args]}
        result = _result_from_reply(self.request(payload))
        assert isinstance(result.output, str), "fmt output is not valid UTF-8"
        return result.output

    def _ensure_started(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            require_oracle_binary(self.binary)
            self._buffer = b""
            self._process = subprocess.Popen(
                [str(self.binary)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        return self._process

    def _forget_process(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _read_line(self, timeout: float) -> bytes:
        process = self._process
        assert process is not None and process.stdout is not None
        fd = process.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                self.close()
                raise OracleError(f"no reply from the oracle within {timeout:.0f} s; the process was stopped")
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
                self._forget_process()
                raise OracleError(f"the oracle process exited without a reply: {stderr.strip()}")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line


def _result_from_reply(reply: dict[str, Any]) -> RenderResult:
    output: str | bytes | None = reply.get("output")
    if "output_base64" in reply:
        output = base64.b64decode(reply["output_base64"])
    return RenderResult(
        ok=reply["ok"],
        output=output,
        error=reply.get("error"),
        outputs=reply.get("outputs") or {},
        manifest=reply.get("manifest"),
        values=from_typed_json(reply.get("values")),
        render_values=from_typed_json(reply.get("render_values")),
        warnings=reply.get("warnings") or [],
        timing=reply.get("timing"),
    )


def oracle_inputs_stamp() -> list[str]:
    """Return the per-file lines that the build script's stamp records (sha256sum format)."""
    names = ["go.mod", "go.sum", *sorted(p.name for p in ORACLE_DIR.glob("*.go"))]
    return [f"{hashlib.sha256((ORACLE_DIR / n).read_bytes()).hexdigest()}  {n}" for n in names]


def require_oracle_binary(binary: Path = ORACLE_BINARY) -> None:
    """Fail the test, naming the build command, when the oracle binary is missing or stale."""
    if not binary.exists():
        pytest.fail(f"the Go oracle is not built ({binary} is missing): run {BUILD_COMMAND}", pytrace=False)
    if binary == ORACLE_BINARY:
        stamp = ORACLE_STAMP.read_text().splitlines()[:-1] if ORACLE_STAMP.exists() else []
        if stamp != oracle_inputs_stamp():
            pytest.fail(f"the Go oracle is older than its sources in {ORACLE_DIR}: run {BUILD_COMMAND}", pytrace=False)


@pytest.fixture(scope="session")
def oracle() -> Iterable[Oracle]:
    """One Go oracle process for the whole test session."""
    require_oracle_binary()
    client = Oracle()
    try:
        yield client
    finally:
        client.close()
