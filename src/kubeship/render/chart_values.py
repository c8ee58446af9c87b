"""A chart's values with its subcharts', and dependency processing, as Helm v3's ``pkg/chartutil`` does them.

:func:`coalesce_chart_values` is Helm's ``CoalesceValues``: the user's values win
over the chart's ``values.yaml``, maps merge, each subchart's values go under its
name with the parent's ``global`` map copied in, and a user's null deletes a key.
:func:`process_dependencies` is ``ProcessDependenciesWithMerge``: aliases,
``condition`` and ``tags`` switch subcharts off, and ``import-values`` copies
child values into the parent. The functions follow Helm's code step by step,
including the order in which maps are changed, because several results depend on it.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from kubeship.errors import InputError
from kubeship.gotemplate import gotypes
from kubeship.gotemplate.gofmt import sprintf
from kubeship.render.chart import Chart
from kubeship.render.chart_metadata import Dependency, helm_function

log = logging.getLogger(__name__)

GLOBAL_KEY = "global"

Values = dict[str, Any]


def is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


# ---------------------------------------------------------------------------
# Coalescing (coalesce.go)


def coalesce_chart_values(chart: Chart, values: Values | None) -> Values:
    """Return ``values`` coalesced with the chart's and its subcharts' values (Helm's ``CoalesceValues``)."""
    return _coalesce(chart, copy.deepcopy(values) if values else {}, "", merge=False)


def merge_chart_values(chart: Chart, values: Values | None) -> Values:
    """Return Helm's ``MergeValues``: as :func:`coalesce_chart_values`, but nulls are kept."""
    return _coalesce(chart, copy.deepcopy(values) if values else {}, "", merge=True)


def _coalesce(chart: Chart, dest: Values, prefix: str, merge: bool) -> Values:
    _coalesce_values(chart, dest, prefix, merge)
    return _coalesce_dependencies(chart, dest, prefix, merge)


def _coalesce_dependencies(chart: Chart, dest: Values, prefix: str, merge: bool) -> Values:
    for subchart in chart.dependencies:
        if subchart.name not in dest:
            dest[subchart.name] = {}
        elif not is_table(dest[subchart.name]):
            raise InputError(sprintf("type mismatch on %s: %t", subchart.name, dest[subchart.name]),
                             hint=f"the values for subchart {subchart.name} must be a map")
        table = dest[subchart.name]
        sub_prefix = _join(prefix, chart.name)
        _coalesce_globals(table, dest, sub_prefix)
        dest[subchart.name] = _coalesce(subchart, table, sub_prefix, merge)
    return dest


def _coalesce_globals(dest: Values, source: Values, prefix: str) -> None:
    """Copy the parent's ``global`` map into a subchart's values; the parent's entries win."""
    dest_globals = dest[GLOBAL_KEY] if GLOBAL_KEY in dest else {}
    if not is_table(dest_globals):
        log.warning("skipping globals because destination %s is not a table.", GLOBAL_KEY)
        return
    source_globals = source[GLOBAL_KEY] if GLOBAL_KEY in source else {}
    if not is_table(source_globals):
        log.warning("skipping globals because source %s is not a table.", GLOBAL_KEY)
        return

    for key, value in source_globals.items():
        if is_table(value):
            table = dict(value)
            if key not in dest_globals:
                dest_globals[key] = table
            elif not is_table(dest_globals[key]):
                log.warning("Conflict: cannot merge map onto non-map for %r. Skipping.", key)
            else:
                _coalesce_tables(table, dest_globals[key], _join(prefix, key), merge=True)
                dest_globals[key] = table
        elif key in dest_globals and is_table(dest_globals[key]):
            log.warning("key %s is table. Skipping", key)
        else:
            dest_globals[key] = value
    dest[GLOBAL_KEY] = dest_globals


def _coalesce_values(chart: Chart, values: Values, prefix: str, merge: bool) -> None:
    """Fill ``values`` from the chart's own values; ``values`` wins."""
    sub_prefix = _join(prefix, chart.name)
    for key, default in copy.deepcopy(chart.values or {}).items():
        if key not in values:
            values[key] = default
            continue
        value = values[key]
        if value is None and not merge:
            # A null from the user removes the chart's key.
            del values[key]
        elif is_table(value):
            if not is_table(default):
                if default is not None:
                    log.warning("skipped value for %s.%s: Not a table.", sub_prefix, key)
                continue
            # A subchart's table keeps its nulls until the subchart's own values are coalesced.
            table_merge = merge or any(sub.name == key for sub in chart.dependencies)
            _coalesce_tables(value, default, _join(sub_prefix, key), table_merge)


def merge_tables(dest: Values | None, source: Values | None) -> Values | None:
    """Return Helm's ``MergeTables``: ``source`` merged into ``dest``, which wins, nulls kept."""
    return _coalesce_tables(dest, source, "", merge=True)


def _coalesce_tables(dest: Values | None, source: Values | None, prefix: str, merge: bool) -> Values | None:
    """Merge ``source`` into ``dest`` (Helm's ``coalesceTablesFullKey``); ``dest`` wins and is changed."""
    if source is None:
        return dest
    if dest is None:
        return source
    source_non_null = {key for key, value in source.items() if value is not None}
    for key, value in dest.items():
        if value is None:
            source[key] = None

    for key, value in source.items():
        full_key = _join(prefix, key)
        present = key in dest
        current = dest.get(key)
        if present and not merge and current is None and key in source_non_null:
            # The user set null over a chart default: the key goes.
            del dest[key]
        elif not present:
            dest[key] = value
        elif is_table(value):
            if is_table(current):
                _coalesce_tables(current, value, full_key, merge)
            else:
                log.warning("cannot overwrite table with non table for %s (%s)", full_key, sprintf("%v", value))
        elif is_table(current) and value is not None:
            log.warning("destination for %s is a table. Ignoring non-table value (%s)", full_key, sprintf("%v", value))
    return dest


# ---------------------------------------------------------------------------
# Tables and paths (values.go)


class NoTable(LookupError):
    """Helm's ``ErrNoTable``: a key is missing or is not a map."""

    def __init__(self, key: str) -> None:
        super().__init__(sprintf("%q is not a table", key))


class NoValue(LookupError):
    """Helm's ``ErrNoValue``: a path does not end at a value that is not a map."""

    def __init__(self, key: str) -> None:
        super().__init__(sprintf("%q is not a value", key))


def table(values: Values, name: str) -> Values:
    """Return the map at the dotted path ``name`` (Helm's ``Values.Table``); raise NoTable."""
    current = values
    for part in name.split("."):
        if part not in current:
            raise NoTable(part)
        value = current[part]
        if not is_table(value):
            raise NoTable(part)
        current = value
    return current


def path_value(values: Values, path: str) -> Any:
    """Return the value at the dotted ``path`` (Helm's ``Values.PathValue``); raise NoValue or ValueError."""
    if path == "":
        raise ValueError("YAML path cannot be empty")
    parts = path.split(".")
    key = parts[-1]
    if len(parts) == 1:
        container = values
    else:
        try:
            container = table(values, ".".join(parts[:-1]))
        except NoTable:
            raise NoValue(key) from None
    if key in container and not is_table(container[key]):
        return container[key]
    raise NoValue(key)


# ---------------------------------------------------------------------------
# Dependencies (dependencies.go)


def is_compatible_range(constraint: str, version: str) -> bool:
    """Return Helm's ``IsCompatibleRange``: whether ``version`` meets the semver ``constraint``."""
    try:
        return bool(helm_function("semverCompare")(constraint, version))
    except gotypes.GoError:
        return False


def check_dependencies(chart: Chart) -> None:
    """Reject a chart whose Chart.yaml lists a dependency missing from ``charts/``, as ``helm template`` does."""
    names = {subchart.name for subchart in chart.dependencies}
    missing = [d.name for d in chart.metadata.dependencies or [] if d is not None and d.name not in names]
    if missing:
        raise InputError(
            "An error occurred while checking for chart dependencies. You may need to run `helm dependency build` "
            f"to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {', '.join(missing)}",
            hint=f"put the subcharts into {chart.location}/charts/, for example with helm dependency build",
        )


def process_dependencies(chart: Chart, values: Values) -> None:
    """Drop disabled subcharts and import child values, as Helm's ``ProcessDependenciesWithMerge`` does."""
    _process_enabled(chart, values, "")
    _process_import_values_tree(chart)


def _alias_dependency(charts: list[Chart], dependency: Dependency) -> Chart | None:
    for chart in charts:
        if chart.name != dependency.name or not is_compatible_range(dependency.version, chart.metadata.version):
            continue
        # A shallow copy, as Go copies the struct: the copy shares the subchart's files and children.
        alias = copy.copy(chart)
        alias.metadata = copy.copy(chart.metadata)
        if dependency.alias:
            alias.metadata.name = dependency.alias
        return alias
    return None


def _process_enabled(chart: Chart, values: Values, path: str) -> None:
    requirements = chart.metadata.dependencies
    if requirements is None:
        return
    # Subcharts that no requirement names stay; the ones named come back once per requirement.
    subcharts: list[Chart] = []
    for existing in chart.dependencies:
        if not any(existing.name == r.name and is_compatible_range(r.version, existing.metadata.version)
                   for r in requirements if r is not None):
            subcharts.append(existing)
    for requirement in requirements:
        if requirement is None:
            continue
        aliased = _alias_dependency(chart.dependencies, requirement)
        if aliased is not None:
            subcharts.append(aliased)
        if requirement.alias:
            requirement.name = requirement.alias
    chart.set_dependencies(subcharts)

    for requirement in requirements:
        requirement.enabled = True
    coalesced = coalesce_chart_values(chart, values)
    _apply_tags(requirements, coalesced)
    _apply_conditions(requirements, coalesced, path)

    disabled = {r.name for r in requirements if not r.enabled}
    enabled_charts = [c for c in chart.dependencies if c.name not in disabled]
    enabled_requirements = [r for r in requirements if r.name not in disabled]
    for subchart in enabled_charts:
        _process_enabled(subchart, coalesced, f"{path}{subchart.name}.")
    chart.metadata.dependencies = enabled_requirements
    chart.set_dependencies(enabled_charts)


def _apply_conditions(requirements: list[Dependency], values: Values, path: str) -> None:
    for requirement in requirements:
        # Helm trims the whole condition but not the paths between its commas.
        for condition in requirement.condition.strip().split(","):
            if not condition:
                continue
            try:
                value = path_value(values, path + condition)
            except NoValue:
                continue
            except ValueError as error:
                log.warning("PathValue returned error %s", error)
                continue
            if isinstance(value, bool):
                requirement.enabled = value
                break
            log.warning("Condition path '%s' for chart %s returned non-bool value", condition, requirement.name)


def _apply_tags(requirements: list[Dependency], values: Values) -> None:
    try:
        tags = table(values, "tags")
    except NoTable:
        return
    for requirement in requirements:
        has_true = has_false = False
        for tag in requirement.tags or []:
            if tag not in tags:
                continue
            value = tags[tag]
            if isinstance(value, bool):
                has_true, has_false = has_true or value, has_false or not value
            else:
                log.warning("Tag '%s' for chart %s returned non-bool value", tag, requirement.name)
        if not has_true and has_false:
            requirement.enabled = False
        elif has_true or not has_false:
            requirement.enabled = True


def _process_import_values_tree(chart: Chart) -> None:
    for subchart in chart.dependencies:
        _process_import_values_tree(subchart)
    _process_import_values(chart)


def _process_import_values(chart: Chart) -> None:
    requirements = chart.metadata.dependencies
    if requirements is None:
        return
    merged = merge_chart_values(chart, None)
    imported: Values = {}
    for requirement in requirements:
        rewritten: list[Any] | None = None
        for item in requirement.import_values or []:
            if isinstance(item, dict):
                child, parent = sprintf("%v", item.get("child")), sprintf("%v", item.get("parent"))
            elif isinstance(item, str):
                child, parent = "exports." + item, "."
            else:
                continue
            rewritten = [*(rewritten or []), {"child": child, "parent": parent}]
            try:
                exported = table(merged, f"{requirement.name}.{child}")
            except NoTable as error:
                log.warning("ImportValues missing table from chart %s: %s", requirement.name, error)
                continue
            # Helm passes the child's map itself, so later merges may change it in place.
            imported = merge_tables(imported, _path_to_map(parent, exported))
        requirement.import_values = rewritten
    # Imported values rank below the parent's own, so the parent's are merged over them.
    chart.values = merge_tables(copy.deepcopy(merged), imported)


def _path_to_map(path: str, data: Values) -> Values:
    if path == ".":
        return data
    result: Values = data
    for part in reversed(path.split(".")):
        result = {part: result}
    return result
