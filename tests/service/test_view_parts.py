"""A review's term-progress document is stored as its own row plus one row per report,
participant and report link (its parts): a batch writes only the entries it touched, a
read gets only the entries written since its kept roll-up and refiles them, and the
result is what a fresh fold and roll-up give. Both stores."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from domain.org.unit import Unit
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.review import review_reports as rr
from service.views import views
from service.views.projector import projector_of
from tests.service.test_review_scenario import REVIEWER_P, UNITS, send, setup_review

SENT = ("CL", "VQ", "TP", "GD", "CT", "XM")


def fresh(app: ThiduaApplication, campaign: UUID) -> views.TermProgress:
    """The roll-up worked out from zero: the events folded in memory, not the views."""
    projector = projector_of(app)
    head = app.recorder.max_notification_id()
    return views.rolled_up(app, projector.as_of("term_progress", campaign, position=head))


def printed(progress: views.TermProgress) -> dict[Any, str]:
    rollup = progress.rollup
    return {
        (unit, code): repr(p) for unit in rollup.parent for code, p in rollup.progress[unit].items()
    }


def own_row(app: ThiduaApplication, campaign: UUID) -> dict[str, Any]:
    snap = projector_of(app).store.snapshot("term_progress", campaign.hex)
    assert snap is not None and snap.main is not None
    return dict(json.loads(snap.main))


def test_a_read_refiles_only_what_changed(app: ThiduaApplication, admin: Principal) -> None:
    _term, campaign = setup_review(app, admin)
    for code in SENT:
        send(app, campaign, code, date(2015, 12, 15))
    rr.accept_report(app, REVIEWER_P, campaign, "CL", date(2016, 1, 11))
    kept = views.term_progress(app, campaign)
    kept_printed, kept_state = printed(kept), json.dumps(kept.state, sort_keys=True)
    assert not {"reports", "participants", "report_units"} & set(own_row(app, campaign))

    store = projector_of(app).store
    before = store.snapshot("term_progress", campaign.hex)
    assert before is not None
    rr.accept_report(app, REVIEWER_P, campaign, "VQ", date(2016, 1, 11))
    projector_of(app).catch_up()
    since = store.snapshot("term_progress", campaign.hex, before.position)
    assert since is not None
    report = Unit.id_for("VQ").hex  # the report link (a string) was read, not rewritten
    assert [(part, entry) for part, entry, _p, _s in since.rows] == [("reports", report)]

    after = views.term_progress(app, campaign)
    assert after is not kept
    assert after.state["reports"][report]["status"] == "accepted"
    assert printed(after) == printed(fresh(app, campaign))
    assert after.state == fresh(app, campaign).state == store.get("term_progress", campaign.hex)
    assert printed(after) != kept_printed  # VQ's figures now count
    assert printed(kept) == kept_printed  # the kept one, perhaps being read, is untouched
    assert json.dumps(kept.state, sort_keys=True) == kept_state
    assert views.term_progress(app, campaign) is after  # nothing since: the same


def test_a_report_sent_but_not_counted_refiles_nothing(
    app: ThiduaApplication, admin: Principal
) -> None:
    _term, campaign = setup_review(app, admin)
    for code in SENT[:2]:
        send(app, campaign, code, date(2015, 12, 15))
    rr.accept_report(app, REVIEWER_P, campaign, "CL", date(2016, 1, 11))
    kept = views.term_progress(app, campaign)

    send(app, campaign, "TP", date(2015, 12, 16))  # submitted: not counted until accepted
    projector_of(app).catch_up()
    after = views.term_progress(app, campaign)
    report = Unit.id_for("TP").hex
    assert after is not kept and after.state["reports"][report]["status"] == "submitted"
    assert after.rollup is kept.rollup  # no figure moved: the roll-up kept as it was
    assert printed(after) == printed(fresh(app, campaign))

    rr.accept_report(app, REVIEWER_P, campaign, "TP", date(2016, 1, 11))
    projector_of(app).catch_up()
    accepted = views.term_progress(app, campaign)
    assert accepted.rollup is not kept.rollup
    assert printed(accepted) == printed(fresh(app, campaign)) != printed(after)


def stored_whole(store: Any, key: str, doc: dict[str, Any]) -> None:
    with store.transaction() as cur:
        cur.execute(store._q("DELETE FROM view_parts WHERE key = ?"), (key,))
        cur.execute(
            store._q("UPDATE view_documents SET state = ? WHERE view = ? AND key = ?"),
            (json.dumps(doc), "term_progress", key),
        )


def test_a_document_stored_whole_is_split_once(app: ThiduaApplication, admin: Principal) -> None:
    _term, campaign = setup_review(app, admin)
    for code in SENT:
        send(app, campaign, code, date(2015, 12, 15))
    projector = projector_of(app)
    projector.catch_up()
    store, key = projector.store, campaign.hex
    whole = store.get("term_progress", key)
    stored_whole(store, key, whole)  # as a store kept before documents had parts
    assert store.get("term_progress", key) == whole  # read whole as it is stored
    rr.accept_report(app, REVIEWER_P, campaign, "GD", date(2016, 1, 11))
    projector.catch_up()  # applied to the whole document as it is, written out in parts
    assert store.get("term_progress", key) == fresh(app, campaign).state
    assert "reports" not in own_row(app, campaign)

    whole = fresh(app, campaign).state
    stored_whole(store, key, whole)  # as before the parts again
    projector.create_tables()  # `thidua db init` on the new version
    assert "reports" not in own_row(app, campaign)
    assert store.get("term_progress", key) == whole
    rr.accept_report(app, REVIEWER_P, campaign, "TP", date(2016, 1, 11))
    assert printed(views.term_progress(app, campaign)) == printed(fresh(app, campaign))
    assert store.get("term_progress", key) == fresh(app, campaign).state


def test_a_document_an_event_left_unchanged_is_not_written_again(
    app: ThiduaApplication, admin: Principal
) -> None:
    _term, campaign = setup_review(app, admin)
    send(app, campaign, "CL", date(2015, 12, 15))
    projector = projector_of(app)
    projector.catch_up()
    board, progress = (
        projector.store.changed("plan_board"),
        projector.store.changed("term_progress"),
    )
    rr.accept_report(app, REVIEWER_P, campaign, "CL", date(2016, 1, 11))
    projector.catch_up()  # the plan board has no cell for an acceptance: not rewritten
    assert projector.store.changed("plan_board") == board
    assert projector.store.changed("term_progress")[1] > progress[1]
    assert projector.store.get("plan_board", campaign.hex) == projector.as_of(
        "plan_board", campaign, position=app.recorder.max_notification_id()
    )


def test_many_documents_read_at_once_are_those_read_one_by_one(
    app: ThiduaApplication, admin: Principal
) -> None:
    """More than a few keys go to PostgreSQL as one array joined to the table; the
    answer is the same as key by key, parts included, unknown keys left out."""
    _term, campaign = setup_review(app, admin)
    for code in SENT:
        send(app, campaign, code, date(2015, 12, 15))
    store = projector_of(app).store
    projector_of(app).catch_up()
    units = sorted(store.all_documents("directory"))
    assert len(units) > 8  # beyond the few sent as a list
    asked = [*units, "0" * 32]
    one_by_one = {k: store.get("directory", k) for k in units}
    assert store.get_many("directory", asked) == one_by_one
    reviews = [campaign.hex, "1" * 32] * 5  # a view with parts, a key asked twice
    assert store.get_many("term_progress", reviews) == {
        campaign.hex: store.get("term_progress", campaign.hex)
    }
    only = store.get_many("term_progress", reviews, parts=["participants"])[campaign.hex]
    assert set(only["participants"]) == {Unit.id_for(code).hex for code, _kind, _up in UNITS}
    assert "reports" not in only  # not asked for
