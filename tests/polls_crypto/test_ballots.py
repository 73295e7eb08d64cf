"""Ballots: encrypted to the joint key, proven 0-or-1 per option and 0..max in sum;
the server's check refuses anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.polls.secret import elgamal
from service.polls.secret import group as g
from service.polls.secret.elgamal import Ballot, BallotError, Context
from tests.polls_crypto.ceremony import OPTIONS, Committee, key_ceremony

COMMITTEE: Committee = key_ceremony("poll-ballots")


def ctx(max_choices: int = 1) -> Context:
    return Context("poll-ballots", OPTIONS, max_choices, 2, 3, COMMITTEE.joint_key)


@settings(max_examples=15, deadline=None)
@given(st.sets(st.integers(0, 2), max_size=2), st.integers(1, 3))
def test_every_allowed_choice_is_accepted_and_round_trips(chosen: set[int], top: int) -> None:
    context = ctx(top)
    if len(chosen) > top:
        with pytest.raises(ValueError):
            elgamal.encrypt_ballot(context, sorted(chosen))
        return
    ballot = elgamal.encrypt_ballot(context, sorted(chosen))
    elgamal.check_ballot(context, ballot)
    again = Ballot.from_json(ballot.to_json())
    assert again == ballot and again.hash == ballot.hash and len(ballot.hash) == 64


def test_a_blank_ballot_is_all_zeros_and_accepted() -> None:
    ballot = elgamal.encrypt_ballot(ctx(), [])
    elgamal.check_ballot(ctx(), ballot)


def test_a_proof_is_bound_to_its_poll() -> None:
    ballot = elgamal.encrypt_ballot(ctx(), [1])
    other = Context("another-poll", OPTIONS, 1, 2, 3, COMMITTEE.joint_key)
    with pytest.raises(BallotError) as refused:
        elgamal.check_ballot(other, ballot)
    assert refused.value.option == 1


def _forged(context: Context, votes: list[int], claims: list[int], sum_claim: int) -> Ballot:
    """A ballot whose ciphertexts encrypt `votes` while its proofs claim `claims`."""
    key, base = context.joint_key, context.base
    encrypted = [elgamal.encrypt(key, m) for m in votes]
    cts = [ct for ct, _ in encrypted]
    bound = elgamal._bound(cts)
    proofs = tuple(
        elgamal.prove_range(
            key, ct, min(claim, 1), r, 1, elgamal._statement(base, f"option {i}", bound, ct, 1)
        )
        for i, ((ct, r), claim) in enumerate(zip(encrypted, claims, strict=True))
    )
    total_ct = elgamal.add_all(cts)
    total_r = g.s_sum([r for _, r in encrypted])
    top = context.max_choices
    statement = elgamal._statement(base, "sum", bound, total_ct, top)
    sum_proof = elgamal.prove_range(key, total_ct, sum_claim, total_r, top, statement)
    return Ballot(tuple(cts), proofs, sum_proof)


def test_an_option_encrypting_two_is_refused() -> None:
    ballot = _forged(ctx(2), [0, 2, 0], [0, 1, 0], 2)
    with pytest.raises(BallotError) as refused:
        elgamal.check_ballot(ctx(2), ballot)
    assert refused.value.option == 2


def test_two_choices_where_the_maximum_is_one_are_refused() -> None:
    ballot = _forged(ctx(1), [1, 1, 0], [1, 1, 0], 1)
    with pytest.raises(BallotError) as refused:
        elgamal.check_ballot(ctx(1), ballot)
    assert refused.value.option is None and "sum" in str(refused.value)


def test_a_ballot_with_a_bad_point_is_malformed() -> None:
    data = elgamal.encrypt_ballot(ctx(), [0]).to_json()
    data["ciphertexts"][0][1] = g.IDENTITY.hex()
    with pytest.raises(BallotError):
        Ballot.from_json(data)
    with pytest.raises(ValueError):
        elgamal.encrypt_ballot(ctx(), [0, 0])
