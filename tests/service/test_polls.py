"""Poll handlers on both stores: one vote per voter in the store, sealed secret ballots,
elections handing over roles, refusals that store nothing."""

import json
import os
import stat
from datetime import date

import pytest
from eventsourcing.persistence import IntegrityError

from domain.kernel.base import DomainError
from domain.org.regulation import Regulation
from domain.org.unit import Unit, UnitKind
from domain.polls.poll import Participation, Poll
from service.org import units
from service.platform import ballots
from service.platform.auth import Principal
from service.polls import polls
from service.year import clusters

CODES = ["AA", "BB", "CC", "DD", "EE", "FF"]
ON = date(2015, 12, 5)


@pytest.fixture(autouse=True)
def ballot_key(tmp_path, monkeypatch):
    path = tmp_path / "keys" / "ballot.key"
    monkeypatch.delenv(ballots.SECRET_ENV, raising=False)
    monkeypatch.setenv(ballots.KEY_FILE_ENV, str(path))
    return path


@pytest.fixture
def regulation():
    return Regulation()


@pytest.fixture
def year(app, admin, regulation):
    for code in CODES:
        units.register_unit(app, admin, code, UnitKind.PROVINCE, f"LĐLĐ tỉnh {code}", ON)
    clusters.establish_cluster(app, admin, "C1", "Cụm thi đua thử", ON, regulation)
    for code in CODES:
        clusters.admit_member(app, admin, "C1", code, ON)
    return clusters.open_year(
        app, admin, "C1", 2015, date(2014, 11, 18), chair_code="AA", vice_code="BB"
    )


def uid(code):
    return Unit.id_for(code)


def officer(code):
    return Principal(f"canbo.{code.lower()}", uid(code))


CHAIR = officer("AA")


def refused(app, fn):
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError) as e:
        fn()
    assert app.recorder.max_notification_id() == before, "nothing may be stored"
    return e.value.code


def everything(app):
    return app.recorder.select_notifications(None, 10_000)


def test_open_poll_counts_and_publishes_only_after_close(app, year):
    poll = polls.open_poll(app, CHAIR, year, "leading", [uid("CC"), uid("DD")], ON, secret=False)
    for code in ["AA", "BB", "CC", "DD"]:
        polls.cast_ballot(app, officer(code), poll, [uid("CC")], ON)
    polls.cast_ballot(app, officer("EE"), poll, [uid("DD")], ON)
    assert refused(app, lambda: polls.poll_of(app, poll).result) == "poll.not_closed"
    [listed] = polls.polls_of_year(app, year)
    assert (listed["id"], listed["closed"], listed["ballots_received"]) == (poll, False, 5)
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert result == polls.poll_of(app, poll).result
    assert result.tally == {uid("CC"): 4, uid("DD"): 1}
    assert (result.winner, result.quorum_met, result.participated) == (uid("CC"), True, 5)
    assert refused(app, lambda: polls.cast_ballot(app, officer("FF"), poll, [uid("CC")], ON)) == (
        "poll.closed"
    )


def test_one_vote_per_voter_is_enforced_by_the_store(app, year):
    poll = polls.open_poll(app, CHAIR, year, "leading", [uid("CC"), uid("DD")], ON)
    polls.cast_ballot(app, officer("BB"), poll, [uid("CC")], ON)
    again = lambda: polls.cast_ballot(app, officer("BB"), poll, [uid("DD")], ON)  # noqa: E731
    assert refused(app, again) == "poll.already_voted"
    # the check bypassed: two creations of the same Participation collide in the store
    first = Participation(poll=poll, voter=uid("CC"), absentee=False, on=ON)
    second = Participation(poll=poll, voter=uid("CC"), absentee=False, on=ON)
    assert first.id == second.id == Participation.id_for(poll, uid("CC"))
    app.save(first)
    with pytest.raises(IntegrityError):
        app.save(second)
    # a stale check (a race): the save collides, the retry's check refuses, nothing half-written
    real_exists, calls = app.exists, []

    def stale_once(aggregate_id):
        calls.append(aggregate_id)
        return False if len(calls) == 1 else real_exists(aggregate_id)

    app.exists = stale_once
    try:
        assert refused(app, again) == "poll.already_voted"
    finally:
        app.exists = real_exists
    assert len(calls) == 2
    assert app.get(poll).ballots_received == 1  # BB's only: no sealed ballot without its vote


def test_secret_ballots_cannot_be_linked_or_counted_from_the_store(app, year, ballot_key):
    poll = polls.open_poll(app, CHAIR, year, "award", None, ON, award="tld_merit")
    assert app.get(poll).secret  # the regulation's default
    start = app.recorder.max_notification_id()
    choices = {
        "AA": ["BB", "CC"],
        "BB": ["CC"],
        "CC": ["DD", "EE", "FF"],
        "DD": ["AA"],
        "EE": ["CC"],
    }
    for voter, chosen in choices.items():
        polls.cast_ballot(app, officer(voter), poll, [uid(c) for c in chosen], ON)
    polls.cast_absentee_ballot(app, CHAIR, poll, uid("FF"), [], ON, blank=True)
    assert stat.S_IMODE(os.stat(ballot_key).st_mode) == 0o600
    assert refused(app, lambda: polls.poll_of(app, poll).result) == "poll.not_closed"

    hexes = {code: uid(code).hex for code in CODES}
    cast = [n for n in everything(app) if n.id > start]
    assert len(cast) == 12  # one Participation and one sealed ballot per voter
    sealed = []
    for n in cast:
        raw = n.state.decode()
        named = {code for code, h in hexes.items() if h in raw or str(uid(code)) in raw}
        if n.topic == "thidua.Poll.BallotSealed":
            assert named == set(), "a sealed ballot names no unit"
            assert "ballot-box" in raw and "canbo" not in raw
            sealed.append(json.loads(raw)["sealed"])
        else:
            assert n.topic == "thidua.Participation.Created"
            voter = next(c for c in CODES if Participation.id_for(poll, uid(c)) == n.originator_id)
            filer = {"AA"} if voter == "FF" else set()
            assert named == {voter} | filer, "a participation names its voter and filer only"
            assert "choices" not in raw and "sealed" not in raw
    assert len(sealed) == 6 and len({len(s) for s in sealed}) == 1
    other = b"another-secret-of-enough-length-000"
    for s in sealed:
        with pytest.raises(DomainError) as e:
            ballots.unseal(poll, s, other)
        assert e.value.code == "poll.ballot_unreadable"
        ballots.unseal(poll, s)  # the server's secret opens it
        with pytest.raises(DomainError):
            ballots.unseal(Poll.id_for(year, "leading"), s)  # bound to its own poll

    result = polls.close_poll(app, CHAIR, poll, ON)
    assert result.tally == {
        uid("AA"): 1,
        uid("BB"): 1,
        uid("CC"): 3,
        uid("DD"): 1,
        uid("EE"): 1,
        uid("FF"): 1,
    }
    assert (result.participated, result.blank, result.absentee_counted) == (6, 1, 1)
    assert result.reached == result.passed == []  # 3 of 6 is not more than half


def test_wrong_secret_refuses_to_close(app, year, ballot_key, monkeypatch):
    poll = polls.open_poll(app, CHAIR, year, "leading", [uid("CC")], ON)
    for unit in ("AA", "BB", "CC", "DD"):  # the quorum: its counts are published
        polls.cast_ballot(app, officer(unit), poll, [uid("CC")], ON)
    monkeypatch.setenv(ballots.SECRET_ENV, "x" * 40)
    assert refused(app, lambda: polls.close_poll(app, CHAIR, poll, ON)) == "poll.ballot_unreadable"
    monkeypatch.delenv(ballots.SECRET_ENV)
    assert polls.close_poll(app, CHAIR, poll, ON).tally == {uid("CC"): 4}


def test_ballot_secret_configuration(ballot_key, monkeypatch):
    monkeypatch.setenv(ballots.SECRET_ENV, "short")
    with pytest.raises(ballots.BallotSecretError):
        ballots.ballot_secret()
    monkeypatch.delenv(ballots.SECRET_ENV)
    created = ballots.ballot_secret()
    assert ballots.ballot_secret() == created and len(created) == 64
    os.chmod(ballot_key, 0o644)
    with pytest.raises(ballots.BallotSecretError):
        ballots.ballot_secret()


def test_election_hands_the_roles_to_the_elected(app, admin, year):
    nxt = clusters.open_year(app, officer("BB"), "C1", 2016, date(2015, 11, 1))
    chair_poll = polls.open_poll(app, CHAIR, year, "chair", None, ON)
    assert app.get(chair_poll).options == [uid("BB")]  # rotation: this year's vice-chair
    assert refused(app, lambda: polls.open_poll(app, CHAIR, year, "chair", [uid("CC")], ON)) == (
        "poll.previous_round_open"
    )
    for code in CODES[:5]:
        polls.cast_ballot(app, officer(code), chair_poll, [uid("BB")], ON)
    assert polls.close_poll(app, CHAIR, chair_poll, ON).winner == uid("BB")
    assert app.get(year).successors == {"chair": uid("BB")}
    assert app.get(nxt).chair == uid("BB")
    vice_poll = polls.open_poll(app, CHAIR, year, "vice_chair", None, ON, secret=False)
    assert uid("BB") not in app.get(vice_poll).options  # the chair-elect does not stand
    for code in CODES[:4]:
        polls.cast_ballot(app, officer(code), vice_poll, [uid("CC")], ON)
    polls.close_poll(app, CHAIR, vice_poll, ON)
    y, n = app.get(year), app.get(nxt)
    assert y.successors == {"chair": uid("BB"), "vice_chair": uid("CC")}
    assert (n.chair, n.vice_chair) == (uid("BB"), uid("CC"))
    assert refused(app, lambda: polls.open_poll(app, CHAIR, year, "chair", None, ON)) == (
        "poll.already_decided"
    )
    # the new chair runs next year's polls; last year's chair no longer does
    n_poll = polls.open_poll(app, officer("BB"), nxt, "leading", [uid("DD")], date(2016, 12, 5))
    assert refused(app, lambda: polls.close_poll(app, CHAIR, n_poll, date(2016, 12, 5))) == (
        "auth.forbidden"
    )


def test_failed_round_allows_another(app, year):
    first = polls.open_poll(app, CHAIR, year, "leading", [uid("CC"), uid("DD")], ON)
    polls.cast_ballot(app, officer("BB"), first, [uid("CC")], ON)
    assert polls.close_poll(app, CHAIR, first, date(2015, 12, 30)).late_days == 5
    assert not polls.poll_of(app, first).result.quorum_met
    second = polls.open_poll(app, CHAIR, year, "leading", [uid("CC"), uid("DD")], ON)
    assert second == Poll.id_for(year, "leading", round=2) != first
    assert [p["round"] for p in polls.polls_of_year(app, year)] == [1, 2]


def test_paper_ballot_tally_entered_by_the_committee(app, year):
    poll = polls.open_poll(app, CHAIR, year, "leading", [uid("CC"), uid("DD")], ON, method="paper")
    assert refused(app, lambda: polls.cast_ballot(app, officer("BB"), poll, [uid("CC")], ON)) == (
        "poll.wrong_method"
    )
    bad = lambda: polls.record_paper_tally(app, CHAIR, poll, 6, 5, 4, 0, {}, ON)  # noqa: E731
    assert refused(app, bad) == "poll.tally_valid_invalid_mismatch"
    per_option = {uid("CC").hex: 4, uid("DD").hex: 1}
    polls.record_paper_tally(app, CHAIR, poll, 6, 6, 5, 1, per_option, ON)
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert (result.issued, result.participated, result.counted, result.invalid) == (6, 6, 5, 1)
    assert result.winner == uid("CC")


@pytest.mark.parametrize("regulation", [Regulation(absentee_votes="ignore")])
def test_absentee_votes_ignored_by_regulation(app, year):
    poll = polls.open_poll(app, CHAIR, year, "leading", [uid("CC")], ON, secret=False)
    for code in ["BB", "CC", "DD"]:
        polls.cast_ballot(app, officer(code), poll, [uid("CC")], ON)
    polls.cast_absentee_ballot(app, CHAIR, poll, uid("FF"), [uid("CC")], ON)
    participation = app.get(Participation.id_for(poll, uid("FF")))
    assert participation.absentee and participation.voter == uid("FF")
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert (result.absentee_ignored, result.participated, result.quorum_met) == (1, 3, False)
    assert result.winner is None


def test_forbidden_roles_store_nothing(app, year):
    member, outsider = officer("CC"), Principal("khach", None)
    options = [uid("CC"), uid("DD")]
    assert refused(app, lambda: polls.open_poll(app, member, year, "leading", options, ON)) == (
        "auth.forbidden"
    )
    poll = polls.open_poll(app, CHAIR, year, "leading", options, ON, method="electronic")
    checks = [
        lambda: polls.cast_ballot(app, outsider, poll, [uid("CC")], ON),
        lambda: polls.cast_absentee_ballot(app, member, poll, uid("FF"), [uid("CC")], ON),
        lambda: polls.record_paper_tally(app, member, poll, 1, 1, 1, 0, {}, ON),
        lambda: polls.close_poll(app, member, poll, ON),
        lambda: polls.close_poll(app, officer("BB"), poll, ON),  # the vice-chair neither
    ]
    for check in checks:
        assert refused(app, check) == "auth.forbidden"
    stranger = Principal("ngoai", uid("ZZ"))
    assert refused(app, lambda: polls.cast_ballot(app, stranger, poll, [uid("CC")], ON)) == (
        "auth.forbidden"  # not a voter of this poll: refused before the poll is asked
    )
    assert (
        refused(
            app, lambda: polls.cast_absentee_ballot(app, CHAIR, poll, uid("AA"), [uid("CC")], ON)
        )
        == "poll.absentee_for_self"
    )
