"""The counting committee: a 2-of-3 key ceremony, a 12-member poll closed by any two
members, a lost share survived, and one share alone deciding nothing."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.polls.secret import decrypt, elgamal, threshold
from service.polls.secret import group as g
from service.polls.secret.decrypt import DecryptionError
from service.polls.secret.threshold import PassphraseError, ShareError
from tests.polls_crypto.ceremony import cast_all, close, context_of, counts_of, key_ceremony

COMMITTEE = key_ceremony("poll-12")
FAST = {"opslimit": 2, "memlimit": 8 * 1024 * 1024}  # argon2id's minimum-ish: tests only


def test_nobody_holds_the_joint_key_but_it_is_the_shares_interpolated() -> None:
    shares = COMMITTEE.shares
    for pair in itertools.combinations(shares, 2):
        weights = decrypt.lagrange_at_zero(list(pair))
        secret = g.s_sum([g.s_mul(weights[j], shares[j].value) for j in pair])
        assert g.base_mul(secret) == COMMITTEE.joint_key
    for j, share in shares.items():
        assert share.verification_key == threshold.verification_key(j, COMMITTEE.announcements)
        assert g.base_mul(share.value) != COMMITTEE.joint_key


@pytest.mark.parametrize("max_choices", [1, 2])
def test_twelve_voters_any_two_of_three_members_close(max_choices: int) -> None:
    rng = random.Random(max_choices)
    choices = [
        c
        for c in itertools.chain.from_iterable(
            itertools.combinations(range(3), size) for size in range(max_choices + 1)
        )
    ]
    votes = [list(rng.choice(choices)) for _ in range(12)]
    context = context_of(COMMITTEE, max_choices)
    ballots = cast_all(context, votes)
    for members in itertools.combinations((1, 2, 3), 2):  # member 3's share lost: 1 and 2
        counts, _ = close(context, COMMITTEE, ballots, members)
        assert counts == counts_of(votes)
    counts, record = close(context, COMMITTEE, ballots, (1, 2, 3))
    assert counts == counts_of(votes) and len(record["partial_decryptions"]) == 3


def test_a_single_share_cannot_close() -> None:
    context = context_of(COMMITTEE)
    ballots = cast_all(context, [[0], [1], [0]])
    tally = decrypt.encrypted_tally(context, ballots)
    partial = decrypt.partial_decrypt(context, COMMITTEE.shares[2], tally)
    with pytest.raises(DecryptionError, match="2 partial decryptions are needed"):
        decrypt.combine(context, tally, {2: partial}, COMMITTEE.verification_keys(), 3)


@settings(max_examples=10, deadline=None)
@given(
    st.lists(st.sampled_from([[], [0], [1], [2]]), min_size=1, max_size=8),
    st.sampled_from([1, 2, 3]),
)
def test_k_minus_one_partials_and_everything_public_give_a_wrong_answer(
    votes: list[list[int]], member: int
) -> None:
    """With one share (k = 2) and the whole record, the best combination (λ = 1 for a
    lone point) is not the tally: M = B − D_j ≠ t·G for every plausible t."""
    context = context_of(COMMITTEE)
    ballots = [elgamal.encrypt_ballot(context, v) for v in votes]
    tally = decrypt.encrypted_tally(context, ballots)
    partial = decrypt.partial_decrypt(context, COMMITTEE.shares[member], tally)
    for i, (_, b) in enumerate(tally):
        guess = g.sub(b, partial.shares[i])
        with pytest.raises(DecryptionError):
            decrypt.discrete_log(guess, len(votes))
        assert guess != g.power(counts_of(votes)[i])


def test_a_forged_partial_decryption_is_refused_by_name() -> None:
    context = context_of(COMMITTEE)
    ballots = cast_all(context, [[0], [1], [2], [0]])
    tally = decrypt.encrypted_tally(context, ballots)
    partials = {j: decrypt.partial_decrypt(context, COMMITTEE.shares[j], tally) for j in (1, 2)}
    wrong = decrypt.partial_decrypt(context, COMMITTEE.shares[1], tally)  # 1's share as 2's
    partials[2] = decrypt.Partial(2, wrong.shares, wrong.proofs)
    with pytest.raises(DecryptionError) as refused:
        decrypt.combine(context, tally, partials, COMMITTEE.verification_keys(), 4)
    assert refused.value.member == 2


def test_a_bad_share_from_a_dealer_is_caught_and_named() -> None:
    dealers, anns = {}, {}
    for i in (1, 2, 3):
        dealers[i], anns[i] = threshold.start("poll-bad", i, 2, 3)
    sealed = threshold.deal(dealers[1], anns)
    dealers[1].coefficients[0] = g.random_scalar()  # deals from another polynomial
    resealed = threshold.deal(dealers[1], anns)
    assert threshold.receive(dealers[2], anns[1], sealed[2])
    with pytest.raises(ShareError) as refused:
        threshold.receive(dealers[2], anns[1], resealed[2])
    assert refused.value.member == 1
    with pytest.raises(ShareError):  # a share sealed to member 3 is not member 2's
        threshold.receive(dealers[2], anns[1], sealed[3])
    forged = threshold.Announcement(1, anns[2].commitments, anns[1].proofs, anns[1].box_key)
    with pytest.raises(ShareError, match="member 1: proof of commitment 0"):
        threshold.check_announcement("poll-bad", 2, 3, forged)


def test_share_file_round_trip_and_wrong_passphrase() -> None:
    share = COMMITTEE.shares[2]
    data = threshold.share_file(share, "mật khẩu của thành viên 2", **FAST)
    assert share.value.hex() not in data.decode()
    assert threshold.open_share_file(data, "mật khẩu của thành viên 2") == share
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        threshold.open_share_file(data, "mật khẩu khác")
    with pytest.raises(PassphraseError):
        threshold.open_share_file(b"not json", "x")


def test_share_file_default_limits_are_moderate() -> None:
    data = threshold.share_file(COMMITTEE.shares[1], "pass phrase")
    assert b'"memlimit":268435456' in data and b'"opslimit":3' in data
    assert threshold.open_share_file(data, "pass phrase") == COMMITTEE.shares[1]


def test_a_dealer_state_survives_between_steps_under_a_passphrase() -> None:
    dealer, announcement = threshold.start("poll-steps", 1, 2, 3)
    locked = threshold.lock(dealer.to_bytes(), "pass", **FAST)
    again = threshold.Dealer.from_bytes(threshold.unlock(locked, "pass"))
    assert again == dealer
    threshold.check_announcement("poll-steps", 2, 3, announcement)
    assert threshold.Announcement.from_json(announcement.to_json()) == announcement
    with pytest.raises(PassphraseError):
        threshold.unlock(locked, "other")
