"""Name, key and label syntax checks with the API server's messages.

Each function returns the list of problems as apimachinery words them (an empty list
when the value is valid), like ``IsDNS1123Subdomain``, ``IsConfigMapKey``,
``IsQualifiedName`` and ``IsValidLabelValue`` in ``k8s.io/apimachinery``.

The wording of label keys and label values changed when apimachinery moved them to its
``api/validate/content`` package. In v0.34 the messages read "must be no more than 63 characters" and "a
qualified name", and in v0.36 and v0.37 they read "must be no more than 63 bytes" and
"a valid label key".
``Wording`` selects one of the two from the target Kubernetes version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kubeship.errors import InputError

DNS1123_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN_FORMAT = DNS1123_LABEL_FORMAT + "(\\." + DNS1123_LABEL_FORMAT + ")*"
CONFIG_MAP_KEY_FORMAT = "[-._a-zA-Z0-9]+"
LABEL_KEY_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
LABEL_VALUE_FORMAT = "(" + LABEL_KEY_FORMAT + ")?"

DNS1123_LABEL_MAX_LENGTH = 63
DNS1123_SUBDOMAIN_MAX_LENGTH = 253
LABEL_KEY_NAME_MAX_LENGTH = 63
LABEL_VALUE_MAX_LENGTH = 63

# fullmatch, because Python's "$" also matches before a final newline and Go's does not.
_DNS1123_LABEL = re.compile(DNS1123_LABEL_FORMAT)
_DNS1123_SUBDOMAIN = re.compile(DNS1123_SUBDOMAIN_FORMAT)
_CONFIG_MAP_KEY = re.compile(CONFIG_MAP_KEY_FORMAT)
_LABEL_KEY = re.compile(LABEL_KEY_FORMAT)
_LABEL_VALUE = re.compile(LABEL_VALUE_FORMAT)

_DNS1123_LABEL_MESSAGE = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN_MESSAGE = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character"
)
_CONFIG_MAP_KEY_MESSAGE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
_LABEL_KEY_MESSAGE = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
)
_LABEL_VALUE_MESSAGE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)


@dataclass(frozen=True)
class Wording:
    """The message variants of one apimachinery generation.

    ``content_unit`` is the unit of the length limits of label keys, label values and
    label key prefixes. ``label_key_noun`` names a label key with more than one '/'.
    """

    content_unit: str
    label_key_noun: str


WORDING_V1_34 = Wording(content_unit="characters", label_key_noun="a qualified name")
WORDING_V1_37 = Wording(content_unit="bytes", label_key_noun="a valid label key")


def wording_for(kube_version: tuple[int, int]) -> Wording:
    """Return the message wording of the API server of ``kube_version`` (major, minor).

    NOTE: the wordings were read in apimachinery v0.34.4, v0.36.2 and v0.37.0. Which one
    1.35 uses was not checked, and it gets the newer one.
    """
    return WORDING_V1_34 if kube_version < (1, 35) else WORDING_V1_37


def regex_error(message: str, pattern: str, *examples: str) -> str:
    """Describe a regular expression failure as apimachinery's ``RegexError`` does."""
    if not examples:
        return f"{message} (regex used for validation is '{pattern}')"
    listed = " or ".join(f"'{example}', " for example in examples)
    return f"{message} (e.g. {listed}regex used for validation is '{pattern}')"


def max_length_error(length: int, unit: str = "characters") -> str:
    return f"must be no more than {length} {unit}"


def check_namespace_name(namespace: str) -> None:
    """Raise InputError when the API server would reject ``namespace`` as a namespace name."""
    problems = is_dns1123_label(namespace)
    if problems:
        raise InputError(f"invalid namespace {namespace!r}: {'; '.join(problems)}",
                         hint="give -n/--namespace a valid namespace name")


def is_dns1123_label(value: str) -> list[str]:
    """Problems of ``value`` as a DNS-1123 label (namespace names)."""
    problems = []
    if len(value.encode()) > DNS1123_LABEL_MAX_LENGTH:
        problems.append(max_length_error(DNS1123_LABEL_MAX_LENGTH))
    if not _DNS1123_LABEL.fullmatch(value):
        if _DNS1123_SUBDOMAIN.fullmatch(value):
            problems.append("must not contain dots")
        else:
            problems.append(regex_error(_DNS1123_LABEL_MESSAGE, DNS1123_LABEL_FORMAT, "my-name", "123-abc"))
    return problems


def is_dns1123_subdomain(value: str, unit: str = "characters") -> list[str]:
    """Problems of ``value`` as a DNS-1123 subdomain (the names of most objects)."""
    problems = []
    if len(value.encode()) > DNS1123_SUBDOMAIN_MAX_LENGTH:
        problems.append(max_length_error(DNS1123_SUBDOMAIN_MAX_LENGTH, unit))
    if not _DNS1123_SUBDOMAIN.fullmatch(value):
        problems.append(regex_error(_DNS1123_SUBDOMAIN_MESSAGE, DNS1123_SUBDOMAIN_FORMAT, "example.com"))
    return problems


def is_config_map_key(value: str) -> list[str]:
    """Problems of ``value`` as a ConfigMap or Secret data key."""
    problems = []
    if len(value.encode()) > DNS1123_SUBDOMAIN_MAX_LENGTH:
        problems.append(max_length_error(DNS1123_SUBDOMAIN_MAX_LENGTH))
    if not _CONFIG_MAP_KEY.fullmatch(value):
        problems.append(regex_error(_CONFIG_MAP_KEY_MESSAGE, CONFIG_MAP_KEY_FORMAT, "key.name", "KEY_NAME", "key-name"))
    if value == ".":
        problems.append("must not be '.'")
    elif value == "..":
        problems.append("must not be '..'")
    elif value.startswith(".."):
        problems.append("must not start with '..'")
    return problems


def is_qualified_name(value: str, wording: Wording) -> list[str]:
    """Problems of ``value`` as a label key or annotation key: ``[prefix/]name``."""
    problems: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            problems.append("prefix part must be non-empty")
        else:
            problems.extend("prefix part " + problem for problem in is_dns1123_subdomain(prefix, wording.content_unit))
    else:
        return [
            f"{wording.label_key_noun} "
            + regex_error(_LABEL_KEY_MESSAGE, LABEL_KEY_FORMAT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]

    if not name:
        problems.append("name part must be non-empty")
    elif len(name.encode()) > LABEL_KEY_NAME_MAX_LENGTH:
        problems.append("name part " + max_length_error(LABEL_KEY_NAME_MAX_LENGTH, wording.content_unit))
    if not _LABEL_KEY.fullmatch(name):
        problems.append("name part " + regex_error(_LABEL_KEY_MESSAGE, LABEL_KEY_FORMAT, "MyName", "my.name", "123-abc"))
    return problems


def is_label_value(value: str, wording: Wording) -> list[str]:
    """Problems of ``value`` as a label value."""
    problems = []
    if len(value.encode()) > LABEL_VALUE_MAX_LENGTH:
        problems.append(max_length_error(LABEL_VALUE_MAX_LENGTH, wording.content_unit))
    if not _LABEL_VALUE.fullmatch(value):
        problems.append(regex_error(_LABEL_VALUE_MESSAGE, LABEL_VALUE_FORMAT, "MyValue", "my_value", "12345"))
    return problems
