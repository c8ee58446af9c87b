"""Image reference parsing against tables written from the distribution library's grammar."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kubeship.errors import InputError
from kubeship.imageref import (
    ImageReference,
    ImageReferenceError,
    is_valid_domain,
    is_valid_tag,
    parse_docker_ref,
    parse_normalized_named,
    parse_reference,
)

HERE = Path(__file__).parent
DIGEST = "sha256:" + "0123456789abcdef" * 4


def load_cases(name: str) -> list[dict]:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


NORMALIZED_CASES = load_cases("normalized_cases.yaml")
PARSE_CASES = load_cases("parse_cases.yaml")


def check_case(case: dict, parsed: ImageReference) -> None:
    assert parsed.domain == case["domain"]
    assert parsed.path == case["path"]
    assert parsed.tag == case.get("tag")
    assert parsed.digest == case.get("digest")


@pytest.mark.parametrize("case", NORMALIZED_CASES, ids=[repr(case["ref"]) for case in NORMALIZED_CASES])
def test_parse_normalized_named_table(case: dict) -> None:
    if "error" in case:
        with pytest.raises(ImageReferenceError) as raised:
            parse_normalized_named(case["ref"])
        assert raised.value.reason == case["error"]
        assert raised.value.reference == case["ref"]
        return

    parsed = parse_normalized_named(case["ref"])
    check_case(case, parsed)
    assert parsed.familiar_string() == case["familiar"]


@pytest.mark.parametrize("case", PARSE_CASES, ids=[repr(case["ref"]) for case in PARSE_CASES])
def test_parse_reference_table(case: dict) -> None:
    if "error" in case:
        with pytest.raises(ImageReferenceError) as raised:
            parse_reference(case["ref"])
        assert raised.value.reason == case["error"]
        return

    parsed = parse_reference(case["ref"])
    check_case(case, parsed)
    assert str(parsed) == case["ref"]


def test_normalized_string_is_full_form() -> None:
    assert str(parse_normalized_named("nginx:1.25")) == "docker.io/library/nginx:1.25"
    assert str(parse_normalized_named("index.docker.io/team/web")) == "docker.io/team/web"
    assert parse_normalized_named("localhost:5000/web").name == "localhost:5000/web"


def test_normalized_form_parses_to_itself() -> None:
    for case in NORMALIZED_CASES:
        if "error" in case:
            continue
        full = str(parse_normalized_named(case["ref"]))
        assert str(parse_normalized_named(full)) == full


def test_repository_path_at_max_length() -> None:
    path = "library/" + "a" * 247
    parsed = parse_normalized_named("a" * 247)
    assert parsed.path == path
    assert len(parsed.path) == 255


def test_repository_path_over_max_length() -> None:
    # "library/" makes the 248 characters written by the user a 256-character path.
    with pytest.raises(ImageReferenceError) as raised:
        parse_normalized_named("a" * 248)
    assert raised.value.reason == "repository name must not be more than 255 characters"


def test_length_limit_counts_path_without_domain() -> None:
    reference = "registry.example.com:5000/" + "a/" * 127 + "a:tag-puts-this-over-max"
    parsed = parse_normalized_named(reference)
    assert len(parsed.path) == 255
    assert parsed.tag == "tag-puts-this-over-max"

    with pytest.raises(ImageReferenceError) as raised:
        parse_normalized_named("registry.example.com/" + "a/" * 128 + "a")
    assert raised.value.reason == "repository name must not be more than 255 characters"


def test_tag_length_limit() -> None:
    assert parse_normalized_named("web:" + "t" * 128).tag == "t" * 128
    with pytest.raises(ImageReferenceError) as raised:
        parse_normalized_named("web:" + "t" * 129)
    assert raised.value.reason == "invalid reference format"


def test_digest_length_per_algorithm() -> None:
    with pytest.raises(ImageReferenceError) as raised:
        parse_normalized_named("web@sha256:" + "a" * 63)
    assert raised.value.reason == "invalid checksum digest length"
    assert parse_normalized_named("web@sha384:" + "a" * 96).digest == "sha384:" + "a" * 96


def test_parse_docker_ref_adds_latest() -> None:
    assert str(parse_docker_ref("nginx")) == "docker.io/library/nginx:latest"
    assert str(parse_docker_ref("team/web:1.0")) == "docker.io/team/web:1.0"


def test_parse_docker_ref_drops_tag_beside_digest() -> None:
    parsed = parse_docker_ref(f"registry.example.com/web:1.0@{DIGEST}")
    assert parsed.tag is None
    assert parsed.digest == DIGEST


def test_parse_docker_ref_keeps_digest_without_tag() -> None:
    assert parse_docker_ref(f"web@{DIGEST}").tag is None


def test_with_default_tag_only_for_bare_names() -> None:
    assert parse_normalized_named("web").with_default_tag().tag == "latest"
    assert parse_normalized_named(f"web@{DIGEST}").with_default_tag().tag is None
    assert parse_normalized_named("web:v2").with_default_tag().tag == "v2"


def test_docker_hub_detection() -> None:
    assert parse_normalized_named("nginx").is_docker_hub
    assert parse_normalized_named("index.docker.io/team/web").is_docker_hub
    assert not parse_normalized_named("registry-1.docker.io/team/web").is_docker_hub
    assert not parse_normalized_named("registry.example.com/web").is_docker_hub


def test_registry_and_repository_names() -> None:
    parsed = parse_normalized_named("registry.example.com:5000/team/web:1.4.2")
    assert parsed.registry == "registry.example.com:5000"
    assert parsed.repository == "team/web"


def test_error_is_input_error_with_message() -> None:
    with pytest.raises(InputError) as raised:
        parse_normalized_named("Team/web:")
    message = str(raised.value)
    assert message.startswith("invalid image reference 'Team/web:': invalid reference format")
    assert "lowercase" in message
    assert raised.value.exit_code == 2


def test_valid_tag_and_domain_checks() -> None:
    assert is_valid_tag("v1.0-rc_2")
    assert not is_valid_tag(".hidden")
    assert not is_valid_tag("")
    assert is_valid_domain("registry.example.com:5000")
    assert is_valid_domain("[::1]:5000")
    assert not is_valid_domain("https://registry.example.com")
    assert not is_valid_domain("registry.example.com/")
