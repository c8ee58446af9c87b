"""Render time of a Helm-style ConfigMap template: kubeship, Go's text/template and Jinja2.

Run: PYTHONPATH=src:. python bench/template_render.py [--renders 20000]
(needs the bench extra: pip install -e '.[bench]')

The template has a 20-item range and a 3-key map range, the shape of a
ConfigMap in a Helm chart.  Each engine parses once, then renders the same
data ``--renders`` times; the number is the mean wall time of one render,
measured in one run on this machine.  Go's time comes from the oracle
(tests/oracle), which renders in-process and reports its own mean, so no
process or pipe overhead is counted.  Jinja2 renders the equivalent
template.  kubeship's output is checked against Go's before timing.
"""

from __future__ import annotations

import argparse
import sys
import time

try:
    import jinja2
except ImportError:
    sys.exit("error: Jinja2 is not installed; run: pip install -e '.[bench]'")

from kubeship.gotemplate import Template, compiler
from tests.support.oracle import Oracle

GO_TEMPLATE = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.name }}-config
  labels:
{{- range $key, $value := .Values.labels }}
    {{ $key }}: {{ printf "%q" $value }}
{{- end }}
data:
{{- range .Values.items }}
  {{ .key }}: {{ printf "%q" .value }}
{{- end }}
"""

JINJA_TEMPLATE = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ Values.name }}-config
  labels:
{%- for key, value in Values.labels|dictsort %}
    {{ key }}: "{{ value }}"
{%- endfor %}
data:
{%- for item in Values["items"] %}
  {{ item.key }}: "{{ item.value }}"
{%- endfor %}
"""

DATA = {
    "Values": {
        "name": "web",
        "labels": {"tier": "front", "app": "web", "team": "platform"},
        "items": [{"key": f"KEY_{index}", "value": f"value-{index}"} for index in range(20)],
    }
}


def cold_parse_and_render() -> str:
    """Parse, compile and render without the cache of compiled code that repeated templates hit."""
    compiler._compile_source.cache_clear()
    return Template("configmap.yaml").parse(GO_TEMPLATE).execute(DATA)


def mean_seconds(function, renders: int) -> float:
    start = time.perf_counter()
    for _ in range(renders):
        function()
    return (time.perf_counter() - start) / renders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20000, help="renders per engine (default 20000)")
    renders = parser.parse_args().renders

    template = Template("configmap.yaml").parse(GO_TEMPLATE)
    output = template.execute(DATA)

    oracle = Oracle()
    try:
        result = oracle.render(GO_TEMPLATE, DATA, name="configmap.yaml", repeat=renders)
    finally:
        oracle.close()
    if result.text != output:
        raise SystemExit("kubeship's output differs from Go's; fix that before timing")

    jinja = jinja2.Environment(autoescape=False, keep_trailing_newline=True).from_string(JINJA_TEMPLATE)
    if jinja.render(DATA) != output:
        raise SystemExit("the Jinja2 template's output differs; keep the templates equivalent")

    kubeship = mean_seconds(lambda: template.execute(DATA), renders)
    jinja_time = mean_seconds(lambda: jinja.render(DATA), renders)
    go = result.timing["execute_mean_ns"] / 1e9
    go_parse = result.timing["parse_mean_ns"] / 1e9
    # Compiling is slower than rendering, so it is timed over fewer runs.
    compiles = max(1, renders // 50)
    kubeship_compile = mean_seconds(cold_parse_and_render, compiles) - kubeship
    jinja_compile = mean_seconds(lambda: jinja2.Environment().from_string(JINJA_TEMPLATE), compiles)

    print(f"renders per engine: {renders}; parses per engine: {compiles}")
    print(f"kubeship parse + compile: {kubeship_compile * 1e6:9.1f} us")
    print(f"Go parse:                 {go_parse * 1e6:9.1f} us")
    print(f"Jinja2 compile:           {jinja_compile * 1e6:9.1f} us")
    print(f"kubeship render: {kubeship * 1e6:8.1f} us")
    print(f"Go render:       {go * 1e6:8.1f} us")
    print(f"Jinja2 render:   {jinja_time * 1e6:8.1f} us")
    print(f"kubeship / Go:     {kubeship / go:5.2f}x")
    print(f"kubeship / Jinja2: {kubeship / jinja_time:5.2f}x")


if __name__ == "__main__":
    main()
