"""Go ``text/template`` for kubeship: the language, Go's output and errors, byte for byte.

Parse and execute like Go::

    from kubeship.gotemplate import Template

    template = Template("config").option("missingkey=zero").parse("{{ .name | printf \\"%q\\" }}")
    template.execute({"name": "web"})          # '"web"'

``Template`` mirrors Go's ``*template.Template``: ``funcs``, ``option``,
``delims``, ``parse`` (definitions join the set), ``new``, ``lookup``,
``templates``, ``clone``, ``execute``, ``execute_template`` and the
streaming ``execute_to`` / ``execute_template_to``.  Errors are
``TemplateParseError`` and ``TemplateExecError`` (both ``TemplateError``),
whose ``str()`` is Go's error text and which carry ``name``, ``line`` and
``column``.

Values follow the Go value model of ``gotypes`` (``dict`` is
``map[string]interface {}``, ``list`` is ``[]interface {}``, ``int`` is
``int``, ``float`` is ``float64``, ``None`` is nil).  Template functions
declare Go signatures with ``gotypes.go_func``, so the engine checks
arguments as Go does.  ``BoundFunction`` binds a function to the executing
set, as Helm binds ``include`` and ``tpl``.

The package imports nothing else from kubeship.
"""

from kubeship.gotemplate import gotypes
from kubeship.gotemplate.errors import TemplateError, TemplateExecError, TemplateParseError
from kubeship.gotemplate.template import BoundFunction, Template

__all__ = [
    "BoundFunction",
    "Template",
    "TemplateError",
    "TemplateExecError",
    "TemplateParseError",
    "gotypes",
]
