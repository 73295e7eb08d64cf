"""Seed 000 played end to end through the service layer, on SQLite and PostgreSQL.

Expected figures are worked out by hand from service/demo_data.py (shares of each
criterion's maximum, rounded half-up to 0.1), not by calling the scoring code.
"""

import copy
from decimal import Decimal as D

import pytest

from domain.org.cluster import Cluster
from domain.org.unit import Unit
from domain.year.year import EmulationYear
from service.demo.cluster_year import load_demo
from service.polls import polls
from service.year import awards, dossiers


@pytest.fixture
def app(demo_app):
    """The demo's store: seed 000 played once per store kind, copied for each test."""
    return demo_app


@pytest.fixture
def demo(demos, store_kind):
    summary = copy.deepcopy(demos.demo(store_kind).data)
    assert summary["loaded"] is True
    return summary


def uid(code):
    return Unit.id_for(code)


def test_outcome_leading_unit_proposals_and_next_chair(app, demo):
    year = app.get(demo["year_id"])
    leading = polls.poll_of(app, demo["polls"]["leading"]).result
    assert leading.passed == [uid("QUANGNINH")]
    assert leading.quorum_met and leading.tally[uid("QUANGNINH")] == 7
    assert leading.absentee_counted == 1  # Điện Biên's written vote counts (regulation)

    proposal = awards.proposal_of(app, year.id)
    assert proposal.proposed["tld_flag"] == [uid("QUANGNINH")]
    assert set(proposal.proposed["tld_merit"]) == {uid("LAOCAI"), uid("LANGSON"), uid("CAOBANG")}
    merit = polls.poll_of(app, demo["polls"]["merit"]).result
    assert merit.tally == {
        uid("LAOCAI"): 6,
        uid("LANGSON"): 7,
        uid("CAOBANG"): 6,
        uid("HAGIANG"): 2,
    }
    assert proposal.submitted is not None and proposal.received is not None
    assert proposal.decisions == {("tld_flag", uid("QUANGNINH")): True}

    assert year.successors == {"chair": uid("LAOCAI"), "vice_chair": uid("DIENBIEN")}
    following = app.get(EmulationYear.id_for(Cluster.id_for("BGPB"), 2016))
    assert (following.chair, following.vice_chair) == (uid("LAOCAI"), uid("DIENBIEN"))
    assert following.adopted_version == 1 and len(following.pact) == 7


def test_scores_lateness_and_pact(app, demo):
    year = app.get(demo["year_id"])
    crit = year.criteria
    assert crit.benchmark_total == D(100)
    assert len(year.pact) == 7 and set(year.pact.values()) == {2}
    assert [c.member for c in year.comments] == [uid("LANGSON"), uid("HAGIANG")]
    found = {m: d for m in year.members if (d := dossiers.dossier_of(app, year.id, m))}
    expected = {  # (self total, appraised total)
        "QUANGNINH": (D("101.4"), D("101.4")),
        "LANGSON": (D("95.4"), D("93.9")),
        "LAICHAU": (D("85.0"), D("83.0")),
    }
    for code, (self_total, appraised_total) in expected.items():
        d = found[uid(code)]
        assert (d.self_total(crit), d.appraised_total(crit)) == (self_total, appraised_total), code
    assert found[uid("LAICHAU")].registration["days_late"] == 3
    assert found[uid("HAGIANG")].reports["midyear"]["days_late"] == 3
    assert found[uid("QUANGNINH")].registration["days_late"] == 0
    ranked = sorted(found.values(), key=lambda d: d.appraised_total(crit), reverse=True)
    assert ranked[0].unit == uid("QUANGNINH")


def test_demo_is_idempotent(app, demo):
    before = app.recorder.max_notification_id()
    assert load_demo(app)["loaded"] is False
    assert app.recorder.max_notification_id() == before
