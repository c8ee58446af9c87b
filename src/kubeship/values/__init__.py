"""Values for templates, loaded with Go's rules: YAML 1.1 as yaml.v2 reads it, Helm's typing,
``--set`` parsing and merging.

``goyaml`` is the YAML reader; the manifests package reads rendered documents
with it too, since kubectl's YAML library resolves scalars the same way.
"""

from kubeship.values.gotemplate import merge_gotemplate_values
from kubeship.values.goyaml import (
    GoYAMLError,
    load_go_yaml,
    load_go_yaml_documents,
    resolve_scalar,
)
from kubeship.values.loader import (
    ValueSources,
    ValuesError,
    combine_values,
    load_values_file,
    load_values_text,
    merge_sources,
)
from kubeship.values.merge import coalesce_values, merge_values
from kubeship.values.strvals import SetValueError, parse_set, typed_value
from kubeship.values.typing import HELM, TYPINGS, YAML, apply_typing

__all__ = [
    "HELM",
    "TYPINGS",
    "YAML",
    "GoYAMLError",
    "SetValueError",
    "ValueSources",
    "ValuesError",
    "apply_typing",
    "coalesce_values",
    "combine_values",
    "load_go_yaml",
    "load_go_yaml_documents",
    "load_values_file",
    "load_values_text",
    "merge_gotemplate_values",
    "merge_sources",
    "merge_values",
    "parse_set",
    "resolve_scalar",
    "typed_value",
]
