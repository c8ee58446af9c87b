"""``values.schema.json``: the values of a chart and of each subchart checked against their JSON Schema.

Helm v3 checks the coalesced values with santhosh-tekuri/jsonschema before it renders,
and JSON Schema draft 2020-12 applies when a schema names no ``$schema``. kubeship
checks with the Python ``jsonschema`` package, so the violations are the same but the
wording of each one is that package's. Remote ``$ref`` targets are never fetched.
"""

from __future__ import annotations

import json
from typing import Any

from kubeship.errors import InputError, SourcePosition
from kubeship.render.chart import Chart

SCHEMA_FILE = "values.schema.json"
_HEADER = "values don't meet the specifications of the schema(s) in the following chart(s):"


def validate_values_schema(chart: Chart, values: dict[str, Any]) -> None:
    """Check ``values`` against the chart's schema and each enabled subchart's, as Helm does.

    Raises InputError listing every violation, chart by chart, on one line.
    """
    problems = _chart_problems(chart, values)
    if problems:
        raise InputError(f"{_HEADER} {'; '.join(problems)}",
                         hint=f"change the values, or the chart's {SCHEMA_FILE} if the schema is wrong")


def _chart_problems(chart: Chart, values: dict[str, Any]) -> list[str]:
    problems = []
    if chart.schema is not None:
        problems.extend(f"{chart.name}: {violation}" for violation in _violations(chart, values))
    for subchart in chart.dependencies:
        subchart_values = values.get(subchart.name)
        if subchart_values is None:
            continue
        if not isinstance(subchart_values, dict):
            problems.append(f"{subchart.name}: invalid type for values: expected object (map)")
            continue
        problems.extend(_chart_problems(subchart, subchart_values))
    return problems


def _violations(chart: Chart, values: dict[str, Any]) -> list[str]:
    import jsonschema
    import referencing
    import referencing.exceptions

    path = chart.source(SCHEMA_FILE)
    schema = _load_schema(chart.schema or b"", path)
    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        validator_class.check_schema(schema)
    except jsonschema.SchemaError as error:
        raise InputError(f"invalid JSON Schema: {error.message}", position=SourcePosition(path),
                         hint="fix the schema; see https://json-schema.org for its rules") from None

    # An empty registry resolves references inside the schema and retrieves nothing remote.
    validator = validator_class(schema, registry=referencing.Registry())
    try:
        errors = sorted(validator.iter_errors(values), key=lambda error: [str(part) for part in error.absolute_path])
    except referencing.exceptions.Unresolvable as error:
        raise InputError(f"cannot resolve the reference {error.ref!r}", position=SourcePosition(path),
                         hint="kubeship does not fetch remote schemas; copy the definitions into the schema") from None
    return [f"at '{_pointer(error.absolute_path)}': {error.message}" for error in errors]


def _load_schema(data: bytes, path: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError("the schema is not UTF-8 text", position=SourcePosition(path)) from None
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg}", position=SourcePosition(path, error.lineno, error.colno),
                         hint="fix the JSON syntax of the schema") from None


def _pointer(parts: Any) -> str:
    """Return the JSON Pointer of a value's path, as Helm prints it (``/image/tag``, ``/ports/0``)."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "/" + "/".join(escaped) if parts else ""
