"""The secret registry: registration between maskings, reset, counts."""

from __future__ import annotations

from kubeship.sanitize import MASK, SecretRegistry


def test_each_registration_masked_at_once():
    registry = SecretRegistry()
    values = [f"secret-number-{index:04d}" for index in range(1500)]

    for index, value in enumerate(values):
        registry.register(value)
        assert registry.mask(f"[{value}]") == f"[{MASK}]"
        assert registry.mask(f"[{values[index // 2]}]") == f"[{MASK}]"

    assert registry.masker().pattern_count == len(registry.forms())


def test_registering_again_changes_nothing():
    registry = SecretRegistry()
    registry.register("same-value")
    masker = registry.masker()

    registry.register("same-value")

    assert registry.masker() is masker
    assert registry.counts() == {"secret": 2}


def test_reset_forgets_values():
    registry = SecretRegistry()
    registry.register("forgotten-value")

    registry.reset()

    assert registry.mask("forgotten-value") == "forgotten-value"
    assert registry.counts() == {}


def test_none_and_short_values_rejected():
    registry = SecretRegistry()

    assert registry.register(None) is False
    assert registry.register("ab") is False
    assert registry.register("abc") is True
