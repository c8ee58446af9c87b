"""The Go ``fmt`` implementation the engine prints with.

``gofmt`` is the complete one; until it is present, ``_fmt_fallback`` covers
the common verbs so the engine runs.
"""

from __future__ import annotations

try:
    from kubeship.gotemplate import gofmt as fmt
except ImportError:  # NOTE: the fallback lacks most of Go's verbs, flags and error forms.
    from kubeship.gotemplate import _fmt_fallback as fmt

__all__ = ["fmt"]
