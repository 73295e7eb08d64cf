"""The group wrapper: libsodium's refusals handled, points received checked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.polls.secret import group as g


def test_zero_times_g_is_the_identity_and_adds_as_zero() -> None:
    assert g.power(0) == g.IDENTITY
    assert g.base_mul(g.ZERO) == g.IDENTITY
    assert g.mul(g.ZERO, g.G) == g.IDENTITY
    assert g.mul(g.scalar(5), g.IDENTITY) == g.IDENTITY
    assert g.add(g.power(0), g.power(3)) == g.power(3)
    assert g.sub(g.power(2), g.power(2)) == g.IDENTITY
    assert g.power(1) == g.G


def test_received_points_are_checked() -> None:
    assert g.point(g.G) == g.G
    for bad in (g.IDENTITY, bytes(32), b"\xff" * 32, g.G[:31]):
        with pytest.raises(g.GroupError):
            g.point(bad)
    with pytest.raises(g.GroupError):
        g.scalar_of(g.ORDER.to_bytes(32, "little"))


def test_hash_to_scalar_is_domain_separated_and_length_prefixed() -> None:
    assert g.hash_to_scalar("a", ["bc"]) != g.hash_to_scalar("ab", ["c"])
    assert g.hash_to_scalar("d", ["ab", "c"]) != g.hash_to_scalar("d", ["a", "bc"])
    assert g.hash_to_scalar("d", [1]) == g.hash_to_scalar("d", [1])
    assert g.is_point(g.hash_to_point("thidua-eg-1/H", []))


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 200), st.integers(0, 200))
def test_exponents_add(a: int, b: int) -> None:
    assert g.add(g.power(a), g.power(b)) == g.power(a + b)
    assert g.mul(g.scalar(a), g.power(b)) == g.power(a * b)
    assert g.s_add(g.scalar(a), g.scalar(b)) == g.scalar(a + b)
