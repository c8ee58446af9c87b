"""API server rejections made readable: long invalid values cut, the next step for immutable fields."""

from __future__ import annotations

from kubeship.cluster.errors import MAX_SHOWN_VALUE, ApiError, readable_rejection


def invalid(field: str, body: str) -> ApiError:
    return ApiError(f'Deployment.apps "web" is invalid: {field}: {body}', status=422, reason="Invalid",
                    causes=[{"reason": "FieldValueInvalid", "field": field, "message": body}])


def test_short_value_is_kept():
    error = invalid("spec.replicas", "Invalid value: -1: must be greater than or equal to 0")

    assert readable_rejection(error, "Deployment") == error.message


def test_long_value_is_cut_and_detail_kept():
    value = '{"matchLabels":{"app":"' + "x" * 500 + '"}}'
    error = invalid("spec.selector", f"Invalid value: {value}: field is immutable")

    text = readable_rejection(error, "Deployment")

    assert value not in text
    assert f"Invalid value: {value[:MAX_SHOWN_VALUE // 2]}... ({len(value)} characters): field is immutable" in text
    assert text.endswith("(these fields cannot change on an existing object: keep the live values, "
                         "or delete the object so the deploy creates it again)")


def test_job_template_gets_job_hint():
    error = invalid("spec.template", "Invalid value: {}: field is immutable")

    assert "a Job's pod template cannot change after it is created" in readable_rejection(error, "Job")


def test_message_without_causes_is_unchanged():
    error = ApiError('namespaces "absent" not found', status=404, reason="NotFound")

    assert readable_rejection(error, "ConfigMap") == 'namespaces "absent" not found'
