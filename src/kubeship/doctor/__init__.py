"""Pull prediction: which pull secret and key the kubelet uses for each image, and whether it works.

``diagnose(manifests)`` predicts every container image pull of rendered manifests and lists
wiring findings; ``Verifier().verify(diagnosis)`` checks each pull against its registry; ``explain_image_pull``
diagnoses one image with Secrets read from a cluster.
"""

from kubeship.doctor.dockerconfig import (
    DockerConfigEntry,
    DockerConfigError,
    decode_auth_field,
    parse_dockercfg,
    parse_dockerconfigjson,
)
from kubeship.doctor.explain import explain_image_pull
from kubeship.doctor.glob import BadPattern, glob_match
from kubeship.doctor.inputs import load_manifests
from kubeship.doctor.keyring import (
    DOCKERCFG_KEY,
    DOCKERCFG_TYPE,
    DOCKERCONFIGJSON_KEY,
    DOCKERCONFIGJSON_TYPE,
    Keyring,
    KeyringCredential,
    Lookup,
    MalformedPullSecret,
    PullSecretData,
    key_matches,
    normalize_key,
)
from kubeship.doctor.model import (
    CANNOT_TELL,
    OK,
    SCHEMA_VERSION,
    VERDICTS,
    WARNING,
    WILL_FAIL,
    CredentialSource,
    Diagnosis,
    Finding,
    ImagePull,
    Verification,
)
from kubeship.doctor.predict import diagnose
from kubeship.doctor.verification import Verifier

__all__ = [
    "CANNOT_TELL",
    "DOCKERCFG_KEY",
    "DOCKERCFG_TYPE",
    "DOCKERCONFIGJSON_KEY",
    "DOCKERCONFIGJSON_TYPE",
    "OK",
    "SCHEMA_VERSION",
    "VERDICTS",
    "WARNING",
    "WILL_FAIL",
    "BadPattern",
    "CredentialSource",
    "Diagnosis",
    "DockerConfigEntry",
    "DockerConfigError",
    "Finding",
    "ImagePull",
    "Keyring",
    "KeyringCredential",
    "Lookup",
    "MalformedPullSecret",
    "PullSecretData",
    "Verification",
    "Verifier",
    "decode_auth_field",
    "diagnose",
    "explain_image_pull",
    "glob_match",
    "key_matches",
    "load_manifests",
    "normalize_key",
    "parse_dockercfg",
    "parse_dockerconfigjson",
]
