"""Helm's engine functions that need the executing template set or the cluster: ``include``, ``tpl``,
``required``, ``fail`` and ``lookup`` (helm v3 ``pkg/engine/engine.go``).

``required`` and ``fail`` wrap their message in ``HELM_ERR_START``/``HELM_ERR_END``
so that the renderer can report it as ``execution error at (FILE:LINE:COL): MESSAGE``
(:func:`cleanup_exec_error`). ``include`` stops a template that includes itself
more than 1000 times. ``lookup`` returns an empty map unless a cluster lookup
function is given.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from kubeship.gotemplate.gotypes import GoError, go_func

WARN_START = "HELM_ERR_START"
WARN_END = "HELM_ERR_END"
# Helm's recursionMaxNums: how often one name may be included inside itself.
RECURSION_MAX = 1000

_WARNING = re.compile(WARN_START + r"((?s:.*))" + WARN_END)

# lookup(apiVersion, kind, namespace, name) -> the object, or {} when there is none.
ClusterLookup = Callable[[str, str, str, str], dict[str, Any]]


def warn_wrap(message: str) -> str:
    return WARN_START + message + WARN_END


def cleanup_exec_error(filename: str, message: str) -> str:
    """Reword an execution error as Helm's ``cleanupExecError`` does.

    ``template: FILE:LINE:COL: executing ... HELM_ERR_STARTmsgHELM_ERR_END`` becomes
    ``execution error at (FILE:LINE:COL): msg``; other texts stay as they are.
    """
    tokens = message.split(": ", 2)
    if len(tokens) != 3:
        return f"execution error in ({filename}): {message}"
    found = _WARNING.search(tokens[2])
    if found:
        return f"execution error at ({tokens[1]}): {found.group(1)}"
    return message


# Python frames one nested include uses, measured with a template that includes itself (an estimate
# with a margin), so Helm's 1000 nested includes fit under the interpreter's recursion limit.
_FRAMES_PER_INCLUDE = 40


def _ensure_recursion_limit() -> None:
    needed = (RECURSION_MAX + 2) * _FRAMES_PER_INCLUDE + 2000
    if sys.getrecursionlimit() < needed:
        sys.setrecursionlimit(needed)


def include_function(template: Any, included: dict[str, int]) -> Callable[[str, Any], str]:
    """Return Helm's ``include`` bound to ``template``'s set, counting nested inclusions in ``included``."""
    from kubeship.gotemplate import TemplateError

    @go_func("func(string, any) (string, error)")
    def include(name: str, data: Any) -> str:
        count = included.get(name, 0)
        if count > RECURSION_MAX:
            raise GoError(f"rendering template has a nested reference name: {name}: unable to execute template")
        included[name] = count + 1
        if count > 50:
            _ensure_recursion_limit()
        try:
            return template.execute_template(name, data)
        except TemplateError as error:
            raise GoError(str(error)) from None
        finally:
            included[name] -= 1

    return include


def tpl_function(parent: Any, included: dict[str, int], strict: bool) -> Callable[[str, Any], str]:
    """Return Helm's ``tpl``: parse the text in a clone of the set, execute it and drop ``<no value>``."""
    from kubeship.gotemplate import TemplateError
    from kubeship.gotemplate.gofmt import sprintf

    @go_func("func(string, any) (string, error)")
    def tpl(text: str, values: Any) -> str:
        clone = parent.clone()
        clone.option("missingkey=error" if strict else "missingkey=zero")
        clone.funcs({"include": include_function(clone, included), "tpl": tpl_function(clone, included, strict)})
        try:
            template = clone.new(parent.name).parse(text)
        except TemplateError as error:
            raise GoError(sprintf("cannot parse template %q: %s", text, str(error))) from None
        try:
            output = template.execute(values)
        except TemplateError as error:
            raise GoError(sprintf("error during tpl function execution for %q: %s", text, str(error))) from None
        return output.replace("<no value>", "")

    return tpl


@go_func("func(string, any) (any, error)")
def required(message: str, value: Any) -> Any:
    if value is None or (type(value) is str and value == ""):
        raise GoError(warn_wrap(message))
    return value


@go_func("func(string) (string, error)")
def fail(message: str) -> str:
    raise GoError(warn_wrap(message))


def lookup_function(cluster: ClusterLookup | None = None) -> Callable[..., dict[str, Any]]:
    """Return Helm's ``lookup``; without ``cluster`` it returns an empty map, as ``helm template`` does."""

    @go_func("func(string, string, string, string) (map[string]any, error)")
    def lookup(api_version: str, kind: str, namespace: str, name: str) -> dict[str, Any]:
        if cluster is None:
            return {}
        return cluster(api_version, kind, namespace, name)

    return lookup


def template_bound_functions(strict: bool = False) -> dict[str, Any]:
    """Return ``include`` and ``tpl`` as engine ``BoundFunction`` values for a Helm template set.

    The set shares one inclusion counter, as Helm's render does.
    """
    from kubeship.gotemplate import BoundFunction

    included: dict[str, int] = {}
    return {
        "include": BoundFunction(lambda template: include_function(template, included),
                                 "func(string, any) (string, error)"),
        "tpl": BoundFunction(lambda template: tpl_function(template, included, strict),
                             "func(string, any) (string, error)"),
    }


@go_func("func(string) string")
def get_host_by_name(name: str) -> str:
    # Helm answers "" unless DNS lookups are enabled (--enable-dns), which kubeship never does.
    return ""


FUNCTIONS = {
    "getHostByName": get_host_by_name,
    "required": required,
    "fail": fail,
    "lookup": lookup_function(),
}
