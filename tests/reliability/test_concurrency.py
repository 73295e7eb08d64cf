"""Racing commands on both stores: exactly one wins, the rest get a clear refusal, and
nothing is half-written.

Each racer is its own `ThiduaApplication` on the same store (as gunicorn workers are),
released together by a barrier. Every outcome is either success or a `DomainError`
whose Vietnamese message is a real sentence (never the fallback "Không thực hiện được
thao tác (code)"); the events in the store are counted against the successes.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.kernel.base import DomainError
from domain.org.regulation import Regulation
from domain.org.unit import Unit, UnitKind
from domain.polls.poll import Participation
from domain.year.plan import PlanTask
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.platform.wording import CATALOGUE, render
from service.polls import polls
from service.year import clusters, dossiers

CODES = ["AA", "BB", "CC", "DD", "EE", "FF", "GG", "HH"]
ON = date(2015, 12, 5)
RACERS = 8


def uid(code: str) -> Any:
    return Unit.id_for(code)


def officer(code: str) -> Principal:
    return Principal(f"canbo.{code.lower()}", uid(code))


CHAIR = officer("AA")


@pytest.fixture
def year(app: ThiduaApplication, admin: Principal) -> Any:
    for code in CODES:
        units.register_unit(app, admin, code, UnitKind.PROVINCE, f"LĐLĐ tỉnh {code}", ON)
    clusters.establish_cluster(app, admin, "C1", "Cụm thi đua thử", ON, Regulation())
    for code in CODES:
        clusters.admit_member(app, admin, "C1", code, ON)
    return clusters.open_year(
        app, admin, "C1", 2015, date(2014, 11, 18), chair_code="AA", vice_code="BB"
    )


def race(store_url: str, jobs: list[Callable[[ThiduaApplication], Any]]) -> list[Any]:
    """Run each job on its own application, all released at once. Returns, per job,
    its result or the DomainError it raised (anything else fails the test)."""
    apps = [ThiduaApplication(store_url) for _ in jobs]
    barrier = threading.Barrier(len(jobs))
    outcomes: list[Any] = [None] * len(jobs)

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = ("ok", jobs[i](apps[i]))
        except DomainError as e:
            outcomes[i] = ("refused", e)
        except BaseException as e:  # reported below, never swallowed
            outcomes[i] = ("crashed", e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for a in apps:
        a.close()
    crashed = [o[1] for o in outcomes if o is None or o[0] == "crashed"]
    assert not crashed, f"a racer failed with no clear message: {crashed!r}"
    return outcomes


def assert_clear(error: DomainError, *allowed: str) -> None:
    assert error.code in allowed, error.code
    assert error.code in CATALOGUE, f"{error.code} has no Vietnamese message"
    message = render(error.code, "vi", error.params)
    assert "(" + error.code + ")" not in message and len(message) > 20


def topics(app: ThiduaApplication, start: int) -> Counter[str]:
    return Counter(n.topic for n in app.recorder.select_notifications(start + 1, 10_000))


def test_double_submitted_registration_stores_one(app, store_url, year):
    """A double-clicked registration form: one registration, the rest refused."""
    before = app.recorder.max_notification_id() or 0
    member = officer("CC")
    job = lambda a: dossiers.register(a, member, year, "Đăng ký thi đua", ["Chỉ tiêu 1"], ON)  # noqa: E731
    outcomes = race(store_url, [job] * RACERS)
    wins = [o for o in outcomes if o[0] == "ok"]
    assert len(wins) == 1
    for _, error in (o for o in outcomes if o[0] == "refused"):
        assert_clear(error, "dossier.already_registered", "store.conflict")
    assert topics(app, before) == Counter(
        {"thidua.Dossier.Opened": 1, "thidua.Dossier.Registered": 1}
    )


def test_chair_edits_race_plan_adoption(app, store_url, year):
    """Chair and administrator edit the same year while others adopt the plan: exactly one
    adoption; every task edit either lands before it or is refused; nothing else stored."""
    before = app.recorder.max_notification_id() or 0
    admin = Principal("quantri", None, frozenset({"admin"}))

    def set_task(i: int) -> Callable[[ThiduaApplication], Any]:
        task = PlanTask(f"extra{i}", f"9{i}", f"Nhiệm vụ thêm {i}", "chair", ON, ON)
        who = CHAIR if i % 2 else admin
        return lambda a: clusters.set_plan_task(a, who, year, task)

    adopt = lambda a: clusters.adopt_plan(a, CHAIR, year, ON)  # noqa: E731
    jobs = [adopt if i % 2 == 0 else set_task(i) for i in range(RACERS)]
    outcomes = race(store_url, jobs)

    adoptions = [o for i, o in enumerate(outcomes) if i % 2 == 0 and o[0] == "ok"]
    assert len(adoptions) == 1
    for _, error in (o for o in outcomes if o[0] == "refused"):
        assert_clear(error, "plan.already_adopted", "store.conflict")
    landed = {f"extra{i}" for i, o in enumerate(outcomes) if i % 2 and o[0] == "ok"}
    stored = clusters.year_of(app, year)
    assert stored.plan_adopted
    assert {k for k in stored.plan if k.startswith("extra")} == landed
    assert topics(app, before) == Counter(
        {"thidua.EmulationYear.PlanAdopted": 1, "thidua.EmulationYear.PlanTaskSet": len(landed)}
    )


def test_ballots_race_the_close_of_their_poll(app, store_url, year):
    """Members vote while the chair closes the poll: every accepted ballot is counted,
    every refused one left nothing behind, and the poll closed exactly once."""
    poll = polls.open_poll(app, CHAIR, year, "leading", [uid("CC"), uid("DD")], ON, secret=True)
    before = app.recorder.max_notification_id() or 0
    voters = CODES[1:]
    jobs: list[Callable[[ThiduaApplication], Any]] = [
        (lambda code: lambda a: polls.cast_ballot(a, officer(code), poll, [uid("CC")], ON))(c)
        for c in voters
    ]
    jobs.append(lambda a: polls.close_poll(a, CHAIR, poll, ON))
    jobs.append(lambda a: polls.close_poll(a, CHAIR, poll, ON))  # the chair double-clicks
    outcomes = race(store_url, jobs)

    for _, error in (o for o in outcomes if o[0] == "refused"):
        assert_clear(error, "poll.closed", "store.conflict")
    accepted = [c for c, o in zip(voters, outcomes, strict=False) if o[0] == "ok"]
    closes = [o for o in outcomes[len(voters) :] if o[0] == "ok"]
    if not closes:  # both closes lost to ballots three times over: close once more, calmly
        polls.close_poll(app, CHAIR, poll, ON)
    else:
        assert len(closes) == 1
    for code in voters:
        assert app.exists(Participation.id_for(poll, uid(code))) == (code in accepted)
    result = polls.poll_of(app, poll).result
    assert result.participated == len(accepted)
    counted = topics(app, before)
    assert counted == Counter(
        {
            "thidua.Poll.Closed": 1,
            "thidua.Poll.BallotSealed": len(accepted),
            "thidua.Participation.Created": len(accepted),
        }
    )


def test_simultaneous_ballots_of_different_members_are_all_accepted(app, store_url, year):
    """Ballots of different members do not conflict: all are stored, though each one
    writes the same poll (its tally of voters). A retry must absorb the contention."""
    poll = polls.open_poll(app, CHAIR, year, "leading", [uid("CC"), uid("DD")], ON, secret=True)
    voters = CODES[1:]
    jobs: list[Callable[[ThiduaApplication], Any]] = [
        (lambda code: lambda a: polls.cast_ballot(a, officer(code), poll, [uid("DD")], ON))(c)
        for c in voters
    ]
    outcomes = race(store_url, jobs)
    assert [o[0] for o in outcomes] == ["ok"] * len(voters)
    assert polls.close_poll(app, CHAIR, poll, ON).participated == len(voters)
