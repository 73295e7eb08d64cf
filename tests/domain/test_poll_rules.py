"""Poll rules without I/O: coded refusals, quorum, thresholds, ties, absentee votes,
awards within caps, paper tallies, sealed ballots."""

from datetime import date
from uuid import uuid4

import pytest

from domain.kernel.base import Actor, DomainError, current_actor
from domain.org.regulation import AwardRule, Regulation, Threshold
from domain.polls.poll import BALLOT_BOX, Participation, Poll
from domain.year.plan import default_plan
from domain.year.year import EmulationYear

ON = date(2015, 12, 5)


def codes(fn):
    with pytest.raises(DomainError) as e:
        fn()
    return e.value.code


def year_with(members=6, **regulation):
    units = [uuid4() for _ in range(members)]
    reg = Regulation(**{"secret_ballot": False, **regulation})
    y = EmulationYear.open(
        uuid4(), 2015, units[0], units[1], units, reg, default_plan(2015), date(2014, 12, 5)
    )
    return y, units


def seal(plain: bytes) -> str:  # a stand-in for service.ballots: reversible, keyless
    return plain.hex()


def vote(poll, voters, choices, **kw):
    for v in voters:
        poll.cast(v, choices, ON, **kw)


def test_opening_refusals():
    y, u = year_with()
    outsider = uuid4()
    assert codes(lambda: Poll.open(y, "mayor", u[:2], ON)) == "poll.bad_kind"
    assert codes(lambda: Poll.open(y, "leading", u[:2], ON, method="fax")) == "poll.bad_method"
    assert (
        codes(lambda: Poll.open(y, "leading", u[:2], ON, award="tld_flag")) == "poll.award_mismatch"
    )
    assert codes(lambda: Poll.open(y, "award", u[:2], ON)) == "poll.award_mismatch"
    assert codes(lambda: Poll.open(y, "award", u[:2], ON, award="nobel")) == "award.unknown"
    assert codes(lambda: Poll.open(y, "leading", [], ON)) == "poll.no_options"
    assert codes(lambda: Poll.open(y, "leading", [u[2], u[2]], ON)) == "poll.duplicate_option"
    assert codes(lambda: Poll.open(y, "leading", [u[2], outsider], ON)) == "poll.option_not_member"
    assert (
        codes(lambda: Poll.open(y, "leading", u[:3], ON, max_choices=2)) == "poll.bad_max_choices"
    )
    # the flag's cap is 1 unit; merit's 50% of 6 members = 3
    assert (
        codes(lambda: Poll.open(y, "award", u, ON, award="tld_flag", max_choices=2))
        == "poll.bad_max_choices"
    )
    assert Poll.open(y, "award", u, ON, award="tld_merit").max_choices == 3
    assert (
        codes(lambda: Poll.open(y, "award", u, ON, award="tld_merit", max_choices=0))
        == "poll.bad_max_choices"
    )
    none = AwardRule("none", "Không đề nghị", cap_count=0)
    y0, u0 = year_with(awards=(none,))
    assert codes(lambda: Poll.open(y0, "award", u0[:2], ON, award="none")) == "poll.award_cap_zero"


def test_election_candidates_follow_rotation():
    y, u = year_with()  # chair u[0], vice-chair u[1]
    assert codes(lambda: Poll.open(y, "chair", [u[2]], ON)) == "poll.rotation_candidate"
    assert codes(lambda: Poll.open(y, "chair", [u[1], u[2]], ON)) == "poll.rotation_candidate"
    assert Poll.open(y, "chair", [u[1]], ON).options == [u[1]]
    y.record_successor("chair", u[1], uuid4(), ON)
    assert codes(lambda: Poll.open(y, "chair", [u[1]], ON)) == "poll.role_filled"
    assert (
        codes(lambda: Poll.open(y, "vice_chair", [u[1], u[2]], ON))
        == "poll.candidate_is_chair_elect"
    )
    free, fu = year_with(rotation="free")
    assert Poll.open(free, "chair", [fu[2], fu[3]], ON).options == [fu[2], fu[3]]


def test_rules_are_copied_at_opening():
    y, u = year_with(
        quorum="3/4",
        absentee_votes="ignore",
        thresholds={"leading": Threshold("2/3", strict=False, basis="votes")},
    )
    poll = Poll.open(y, "leading", u[:2], ON)
    created = poll.collect_events()[0]
    assert created.rules == {
        "quorum": "3/4",
        "absentee_votes": "ignore",
        "threshold": {"share": "2/3", "strict": False, "basis": "votes"},
        "late_entry_days": 7,
    }
    assert created.voters == u and created.question == "Suy tôn đơn vị dẫn đầu Cụm thi đua năm 2015"
    secret_year, su = year_with(secret_ballot=True)
    assert Poll.open(secret_year, "leading", su[:2], ON).secret is True
    assert Poll.open(secret_year, "leading", su[:2], ON, secret=False).secret is False


def test_ballot_refusals():
    y, u = year_with()
    poll = Poll.open(y, "leading", u[:3], ON)
    assert codes(lambda: poll.cast(uuid4(), [u[0]], ON)) == "poll.not_eligible"
    assert codes(lambda: poll.cast(u[3], [u[4]], ON)) == "poll.choice_not_option"
    assert codes(lambda: poll.cast(u[3], [u[0], u[1]], ON)) == "poll.too_many_choices"
    assert codes(lambda: poll.cast(u[3], [u[0], u[0]], ON)) == "poll.duplicate_choice"
    assert codes(lambda: poll.cast(u[3], [], ON)) == "poll.no_choice"
    assert codes(lambda: poll.cast(u[3], [u[0]], ON, blank=True)) == "poll.blank_with_choices"
    assert codes(lambda: poll.cast(u[3], [u[0]], date(2015, 12, 4))) == "poll.before_open"
    assert codes(lambda: poll.cast(u[0], [u[1]], ON, filed_by=u[0])) == "poll.absentee_for_self"
    assert codes(lambda: poll.record_paper_tally(1, 1, 1, 0, {}, ON)) == "poll.wrong_method"
    participation = poll.cast(u[3], [u[0]], ON)
    assert (participation.poll, participation.voter, participation.absentee) == (
        poll.id,
        u[3],
        False,
    )
    assert participation.id == Participation.id_for(poll.id, u[3])
    assert codes(lambda: poll.cast(u[3], [u[1]], ON)) == "poll.already_voted"
    assert codes(lambda: poll.result) == "poll.not_closed"
    assert codes(lambda: poll.tally) == "poll.not_closed"
    poll.close(ON)
    assert codes(lambda: poll.cast(u[4], [u[0]], ON)) == "poll.closed"
    assert codes(lambda: poll.close(ON)) == "poll.closed"


def test_majority_winner_and_replay():
    y, u = year_with()
    poll = Poll.open(y, "leading", u[:3], ON)
    vote(poll, u[:4], [u[2]])
    poll.cast(u[4], [u[0]], ON)
    assert poll.ballots_received == 5
    assert poll.close(date(2015, 12, 28), deadline=y.deadline("conference")) == u[2]
    r = poll.result
    assert r.tally == {u[0]: 1, u[1]: 0, u[2]: 4}
    assert (r.eligible, r.participated, r.counted, r.quorum_met) == (6, 5, 5, True)
    assert (r.winner, r.passed, r.reached, r.late_days) == (u[2], [u[2]], [u[2]], 3)
    replayed = None
    for e in poll.collect_events():
        replayed = e.mutate(replayed)
    assert replayed.result == r and replayed.decided


def test_quorum_not_met_is_a_result_without_winner():
    y, u = year_with()  # quorum 2/3 of 6 = 4 ballots
    poll = Poll.open(y, "leading", u[:3], ON)
    vote(poll, u[:3], [u[2]])  # 3 of 6 vote, all for u[2] (1/2, not more)
    assert poll.close(ON) is None
    r = poll.result
    assert r.quorum_met is False and r.winner is None and r.passed == []
    assert r.tally[u[2]] == 3 and not poll.decided


@pytest.mark.parametrize(("strict", "winner"), [(True, False), (False, True)])
def test_threshold_more_than_versus_at_least(strict, winner):
    y, u = year_with(thresholds={"leading": Threshold("1/2", strict=strict)})
    poll = Poll.open(y, "leading", u[:2], ON)
    vote(poll, u[:3], [u[0]])
    vote(poll, u[3:5], [u[1]])  # u[0]: 3 of 6 members = exactly 1/2
    assert (poll.close(ON) == u[0]) is winner
    assert (u[0] in poll.result.reached) is winner


def test_blank_ballots_count_as_votes_cast():
    y, u = year_with(thresholds={"leading": Threshold("1/2", basis="votes")})
    poll = Poll.open(y, "leading", u[:2], ON)
    vote(poll, u[:2], [u[0]])
    vote(poll, u[2:4], [], blank=True)  # 2 of 4 valid ballots: not more than half
    assert poll.close(ON) is None
    assert (poll.result.counted, poll.result.blank, poll.result.quorum_met) == (4, 2, True)


def test_tie_at_the_top_has_no_winner():
    y, u = year_with(thresholds={"leading": Threshold("1/3", strict=False)})
    poll = Poll.open(y, "leading", u[:2], ON)
    vote(poll, u[:3], [u[0]])
    vote(poll, u[3:6], [u[1]])
    assert poll.close(ON) is None
    r = poll.result
    assert r.quorum_met and set(r.reached) == {u[0], u[1]} and r.winner is None


@pytest.mark.parametrize("rule", ["count", "ignore"])
def test_absentee_written_votes(rule):
    y, u = year_with(absentee_votes=rule)
    chair = u[0]
    poll = Poll.open(y, "leading", u[2:4], ON)
    vote(poll, u[:3], [u[2]])
    p = poll.cast(u[5], [u[2]], ON, filed_by=chair)
    assert p.absentee and p.voter == u[5]
    winner = poll.close(ON)
    r = poll.result
    if rule == "count":  # 4 of 6 ballots: quorum; 4 votes > 1/2 of 6
        assert (r.participated, r.absentee_counted, r.absentee_ignored) == (4, 1, 0)
        assert r.quorum_met and winner == u[2]
    else:  # 3 of 6: no quorum, and the written vote is recorded but not counted
        assert (r.participated, r.absentee_counted, r.absentee_ignored) == (3, 0, 1)
        assert not r.quorum_met and winner is None and r.tally[u[2]] == 3


def test_award_passes_within_the_cap():
    merit = AwardRule("merit", "Bằng khen", cap_count=2, threshold=Threshold("1/3", strict=False))
    y, u = year_with(awards=(merit,))
    poll = Poll.open(y, "award", u[:4], ON, award="merit")
    assert poll.max_choices == 2 and poll.cap == 2
    vote(poll, u[:6], [u[0], u[1]])
    poll.close(ON)
    assert poll.result.passed == [u[0], u[1]] and poll.result.over_cap == []
    # three reach the threshold (at least 2 of 6): the two with most votes pass
    ranked = Poll.open(y, "award", u[:4], ON, award="merit", round=2)
    assert ranked.id != poll.id
    vote(ranked, u[:4], [u[0], u[1]])
    vote(ranked, u[4:6], [u[1], u[2]])
    ranked.close(ON)
    r = ranked.result
    assert r.tally == {u[0]: 4, u[1]: 6, u[2]: 2, u[3]: 0}
    assert r.reached == [u[1], u[0], u[2]] and r.passed == [u[1], u[0]] and r.over_cap == [u[2]]
    tied = Poll.open(y, "award", u[:4], ON, award="merit", round=3)
    vote(tied, u[:2], [u[0], u[1]])
    vote(tied, u[2:4], [u[0], u[2]])
    vote(tied, u[4:6], [u[1], u[2]])
    tied.close(ON)  # each option 4 of 6: all reach; the cap (2) cuts a three-way tie
    assert tied.result.passed == [] and set(tied.result.over_cap) == {u[0], u[1], u[2]}
    assert tied.decided  # quorum met: a result, even with no unit proposed


@pytest.mark.parametrize(
    ("figures", "code"),
    [
        ((3, 2, 2, 0, {"a": -1}), "poll.tally_negative"),
        ((7, 5, 5, 0, {}), "poll.tally_issued_over_eligible"),
        ((5, 6, 6, 0, {}), "poll.tally_returned_over_issued"),
        ((6, 5, 4, 0, {}), "poll.tally_valid_invalid_mismatch"),
        ((6, 5, 4, 1, {"a": 5}), "poll.tally_option_over_valid"),
        ((6, 5, 4, 1, {"a": 4, "b": 1}), "poll.tally_sum_over_capacity"),
    ],
)
def test_bad_paper_tallies(figures, code):
    y, u = year_with()
    poll = Poll.open(y, "leading", u[:2], ON, method="paper")
    issued, returned, valid, invalid, per = figures
    names = {"a": u[0], "b": u[1]}
    per_option = {names[k]: v for k, v in per.items()}
    assert (
        codes(lambda: poll.record_paper_tally(issued, returned, valid, invalid, per_option, ON))
        == code
    )
    assert (
        codes(lambda: poll.record_paper_tally(1, 1, 1, 0, {uuid4(): 1}, ON))
        == "poll.choice_not_option"
    )
    assert codes(lambda: poll.cast(u[2], [u[0]], ON)) == "poll.wrong_method"
    assert codes(lambda: poll.close(ON)) == "poll.no_paper_tally"


def test_paper_tally_decides_and_can_be_corrected_before_close():
    y, u = year_with()
    poll = Poll.open(y, "chair", [u[1]], ON, method="paper", secret=True)
    poll.record_paper_tally(6, 5, 5, 0, {u[1]: 3}, ON)
    poll.record_paper_tally(6, 6, 5, 1, {u[1]: 4}, ON)  # the committee's correction
    assert poll.close(ON) == u[1]
    r = poll.result
    assert (r.issued, r.participated, r.counted, r.invalid, r.tally) == (6, 6, 5, 1, {u[1]: 4})


def test_secret_ballot_is_sealed_fixed_length_and_anonymous():
    y, u = year_with(secret_ballot=True, quorum="1/2")  # 3 ballots make the quorum: published
    poll = Poll.open(y, "award", u[:4], ON, award="tld_merit")
    assert poll.secret and poll.max_choices == 3
    with pytest.raises(TypeError):
        poll.cast(u[0], [u[1]], ON)
    token = current_actor.set(Actor("canbo.a", u[0]))
    try:
        poll.cast(u[0], [u[1]], ON, seal=seal)
        poll.cast(u[2], [u[0], u[1], u[3]], ON, seal=seal)
        p = poll.cast(u[3], [], ON, blank=True, seal=seal, filed_by=u[0])
    finally:
        current_actor.reset(token)
    assert p.absentee and poll.voted == set()
    sealed = [e for e in poll.collect_events() if isinstance(e, Poll.BallotSealed)]
    assert len(sealed) == 3 and len({len(e.sealed) for e in sealed}) == 1
    for e in sealed:
        assert e.actor == BALLOT_BOX and set(vars(e)) & {"voter", "choices"} == set()
    with pytest.raises(TypeError):
        poll.close(ON)
    poll.close(ON, unseal=bytes.fromhex)
    r = poll.result
    assert r.tally == {u[0]: 1, u[1]: 2, u[2]: 0, u[3]: 1}
    assert (r.participated, r.blank, r.absentee_counted) == (3, 1, 1)


def test_unreadable_sealed_ballot_refuses_close():
    y, u = year_with(secret_ballot=True)
    poll = Poll.open(y, "leading", u[:2], ON)
    poll.cast(u[0], [u[1]], ON, seal=lambda plain: "00")
    assert codes(lambda: poll.close(ON, unseal=bytes.fromhex)) == "poll.ballot_unreadable"
    assert not poll.is_closed


@pytest.mark.parametrize(("cast", "published"), [(1, False), (2, False), (3, True)])
def test_a_secret_poll_with_too_few_ballots_publishes_no_counts(cast, published):
    """Quorum 1/4 of 4 members needs one ballot, but fewer than 3 ballots would show how
    those few chose: the result says only that the poll failed."""
    y, u = year_with(members=4, secret_ballot=True, quorum="1/4")
    poll = Poll.open(y, "leading", u[:2], ON)
    for voter in u[:cast]:
        poll.cast(voter, [u[0]], ON, seal=seal)
    poll.close(ON, unseal=bytes.fromhex)
    r = poll.result
    assert r.participated == cast  # who took part is public either way
    if published:
        assert r.tally == {u[0]: 3, u[1]: 0} and r.winner == u[0]
    else:
        assert r.tally == {} and (r.counted, r.blank) == (0, 0)
        assert r.winner is None and r.passed == [] and not r.quorum_met


def test_an_open_poll_with_few_ballots_still_publishes_its_counts():
    y, u = year_with(members=4, quorum="1/4")
    poll = Poll.open(y, "leading", u[:2], ON)
    poll.cast(u[0], [u[1]], ON)
    poll.close(ON)
    assert poll.result.tally == {u[0]: 0, u[1]: 1}  # an open vote shows who chose whom anyway
