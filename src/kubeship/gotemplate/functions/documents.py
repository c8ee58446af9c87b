"""Helm's and Harness go-template's YAML, JSON and TOML functions.

Helm (``pkg/engine/funcs.go``): ``toYaml`` marshals through JSON with
sigs.k8s.io/yaml and trims the final newline; ``toYamlPretty`` indents
sequences inside mappings; ``fromYaml``/``fromJson`` return a map with an
``Error`` key on failure; ``fromYamlArray``/``fromJsonArray`` return a list
whose only element is the error text; ``toJson`` returns "" on failure.
Harness go-template's ``toYaml`` (ghodss/yaml) keeps the final newline.
"""

from __future__ import annotations

from typing import Any

from kubeship.gotemplate.functions import gojson, goyaml, goyaml_emit
from kubeship.gotemplate.functions.defaults import to_json
from kubeship.gotemplate.gotypes import go_func


def _yaml_error_text(error: goyaml.GoYAMLError) -> str:
    return error.go_message or error.message


def to_yaml_text(value: Any) -> str:
    """Return sigs.k8s.io/yaml's ``Marshal`` output, or "" when the value has no JSON form."""
    try:
        return goyaml_emit.marshal(value)
    except gojson.GoJSONError:
        return ""


@go_func("func(any) string")
def helm_to_yaml(value: Any) -> str:
    return to_yaml_text(value).removesuffix("\n")


@go_func("func(any) string")
def helm_to_yaml_pretty(value: Any) -> str:
    try:
        text = goyaml_emit.marshal(value, indent_sequences=True)
    except gojson.GoJSONError:
        return ""
    return text.removesuffix("\n")


@go_func("func(any) string")
def harness_to_yaml(value: Any) -> str:
    return to_yaml_text(value)


def _from_yaml(text: str) -> Any:
    """Unmarshal as sigs.k8s.io/yaml into an ``interface{}``; raise GoYAMLError with Go's message."""
    document = goyaml.load_go_yaml(text, "<fromYaml>", json_compatible=True)
    return goyaml.json_round_trip(document)


@go_func("func(string) map[string]interface {}")
def from_yaml(text: str) -> dict[str, Any]:
    try:
        document = _from_yaml(text)
    except goyaml.GoYAMLError as error:
        return {"Error": _yaml_error_text(error)}
    if document is None:
        return {}
    if not isinstance(document, dict):
        kind = "array" if isinstance(document, list) else _json_kind(document)
        return {"Error": "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                         f"{kind} into Go value of type map[string]interface {{}}"}
    return document


@go_func("func(string) []interface {}")
def from_yaml_array(text: str) -> list[Any]:
    try:
        document = _from_yaml(text)
    except goyaml.GoYAMLError as error:
        return [_yaml_error_text(error)]
    if document is None:
        return []
    if not isinstance(document, list):
        kind = "object" if isinstance(document, dict) else _json_kind(document)
        return ["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                f"{kind} into Go value of type []interface {{}}"]
    return document


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return "string"


@go_func("func(string) map[string]interface {}")
def from_json(text: str) -> dict[str, Any]:
    try:
        document = gojson.unmarshal(text)
    except gojson.GoJSONError as error:
        return {"Error": str(error)}
    if document is None:
        return {}
    if not isinstance(document, dict):
        kind = "array" if isinstance(document, list) else _json_kind(document)
        return {"Error": f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"}
    return document


@go_func("func(string) []interface {}")
def from_json_array(text: str) -> list[Any]:
    try:
        document = gojson.unmarshal(text)
    except gojson.GoJSONError as error:
        return [str(error)]
    if document is None:
        return []
    if not isinstance(document, list):
        kind = "object" if isinstance(document, dict) else _json_kind(document)
        return [f"json: cannot unmarshal {kind} into Go value of type []interface {{}}"]
    return document


@go_func("func(string) map[string]interface {}")
def harness_from_yaml(text: str) -> dict[str, Any]:
    """Harness go-template's ``fromYaml`` (ghodss/yaml, whose JSON errors lack "while decoding JSON")."""
    result = from_yaml(text)
    error = result.get("Error") if len(result) == 1 else None
    if isinstance(error, str):
        result["Error"] = error.replace("error unmarshaling JSON: while decoding JSON: ", "error unmarshaling JSON: ")
    return result


HELM_FUNCTIONS = {
    "toYaml": helm_to_yaml,
    "toYamlPretty": helm_to_yaml_pretty,
    "fromYaml": from_yaml,
    "fromYamlArray": from_yaml_array,
    "toJson": to_json,
    "fromJson": from_json,
    "fromJsonArray": from_json_array,
}

HARNESS_FUNCTIONS = {
    "toYaml": harness_to_yaml,
    "fromYaml": harness_from_yaml,
    "toJson": to_json,
    "fromJson": from_json,
    "ToYaml": harness_to_yaml,
    "FromYaml": harness_from_yaml,
    "ToJson": to_json,
    "FromJson": from_json,
}
