"""Pull secret payloads (``.dockercfg``, ``.dockerconfigjson``) and Secret objects built from credentials."""

from kubeship.pullsecret.payload import (
    dockercfg_key,
    dockercfg_payload,
    dockerconfigjson_key,
    dockerconfigjson_payload,
    encode_payload,
    entry_for,
    pull_secret_login,
)
from kubeship.pullsecret.render import (
    ImagePullPayloads,
    dockercfg_for_image,
    dockerconfigjson_for_image,
    pull_payloads_for_image,
)
from kubeship.pullsecret.secret import DOCKERCFG, DOCKERCONFIGJSON, SECRET_TYPES, build_pull_secret, payload_for

__all__ = [
    "DOCKERCFG",
    "DOCKERCONFIGJSON",
    "SECRET_TYPES",
    "ImagePullPayloads",
    "build_pull_secret",
    "dockercfg_for_image",
    "dockercfg_key",
    "dockercfg_payload",
    "dockerconfigjson_for_image",
    "dockerconfigjson_key",
    "dockerconfigjson_payload",
    "encode_payload",
    "entry_for",
    "payload_for",
    "pull_payloads_for_image",
    "pull_secret_login",
]
