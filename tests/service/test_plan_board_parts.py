"""A case's plan board is stored as its own row plus one row per member, report stream
and party (its parts): a submission writes the submitting unit's row, a read remakes only
the cells of the parties whose rows were written since it last read, and every read
equals the board of a fresh fold. A board stored in the first shape (members a list,
done by task) is rebuilt by `thidua db init`. Both stores."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID

from domain.org.unit import Unit
from domain.review.report import ReviewReport
from projections.year import plan_board
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.review import cut_short
from service.review import review_reports as rr
from service.views import views
from service.views.projector import projector_of
from service.views.viewstore import SHAPES
from tests.chain_helpers import in_first_shape
from tests.service.test_review_scenario import REVIEWER_P, STEERING_P, send, setup_review

DAY = date(2016, 1, 5)


def fresh(app: ThiduaApplication, campaign: UUID, today: date = DAY) -> list[plan_board.TaskRow]:
    """The board from the events folded in memory, not from the views."""
    head = app.recorder.max_notification_id()
    return plan_board.board(projector_of(app).as_of("plan_board", campaign, position=head), today)


def reports_row(rows: list[plan_board.TaskRow]) -> plan_board.TaskRow:
    return next(r for r in rows if r.key == "lower_reports")


def test_a_submission_writes_one_entry_and_a_read_remakes_its_cells(
    app: ThiduaApplication, admin: Principal
) -> None:
    _term, campaign = setup_review(app, admin)
    send(app, campaign, "CL", date(2015, 12, 15))
    kept = views.board(app, campaign, DAY)
    assert kept == fresh(app, campaign)
    kept_cells = list(reports_row(kept).cells)

    store = projector_of(app).store
    before = store.snapshot("plan_board", campaign.hex)
    assert before is not None and before.main is not None
    assert not set(plan_board.PARTS) & set(json.loads(before.main))  # its own row: no parts
    send(app, campaign, "VQ", date(2016, 1, 2))  # late: two days after 31/12
    projector_of(app).catch_up()
    since = store.snapshot("plan_board", campaign.hex, before.position)
    assert since is not None and since.main == before.main
    vq = Unit.id_for("VQ").hex
    stream = ReviewReport.id_for(campaign, Unit.id_for("VQ")).hex
    assert sorted((part, entry) for part, entry, _p, _s in since.rows) == [
        ("done", vq),  # what VQ did
        ("dossiers", stream),  # the report it drafted, followed
    ]

    after = views.board(app, campaign, DAY)
    assert after == fresh(app, campaign)
    cell = next(c for c in reports_row(after).cells if c.party == vq)
    assert (cell.status, cell.days_late) == ("late", 2)
    assert reports_row(kept).cells == kept_cells  # the kept rows, perhaps being read: untouched
    assert views.board(app, campaign, DAY) is after  # nothing since: the same rows


def test_members_leaving_and_another_day_are_read_as_a_fresh_fold_reads_them(
    app: ThiduaApplication, admin: Principal
) -> None:
    _term, campaign = setup_review(app, admin)
    send(app, campaign, "CL", date(2015, 12, 15))
    first = views.board(app, campaign, date(2015, 12, 20))
    assert first == fresh(app, campaign, date(2015, 12, 20))
    assert {c.status for c in reports_row(first).cells} == {"done", "open"}

    vq = Unit.id_for("VQ")
    cut_short.withdraw_participant(app, STEERING_P, campaign, vq, "Giải thể", date(2015, 12, 21))
    after = views.board(app, campaign, date(2015, 12, 21))
    assert after == fresh(app, campaign, date(2015, 12, 21))
    assert vq.hex not in {c.party for c in reports_row(after).cells}
    assert len(reports_row(after).cells) == len(reports_row(first).cells) - 1

    later = views.board(app, campaign, DAY)  # past the deadline: open cells are overdue
    assert later == fresh(app, campaign, DAY)
    assert "overdue" in {c.status for c in reports_row(later).cells}

    rr.accept_report(app, REVIEWER_P, campaign, "CL", date(2016, 1, 6))
    assert views.board(app, campaign, DAY) is later  # an acceptance has no cell


def test_a_board_stored_in_the_first_shape_is_rebuilt_by_db_init(
    app: ThiduaApplication, admin: Principal
) -> None:
    _term, campaign = setup_review(app, admin)
    for code in ("CL", "VQ"):
        send(app, campaign, code, date(2015, 12, 15))
    projector = projector_of(app)
    projector.catch_up()
    store = projector.store
    doc = store.get("plan_board", campaign.hex)
    old = in_first_shape(doc)
    gen = store.current_gen("plan_board")
    with store.transaction() as cur:  # as a store kept before this version: no shape noted
        cur.execute(store._q("DELETE FROM view_parts WHERE view = ?"), ("plan_board",))
        cur.execute(
            store._q("UPDATE view_documents SET state = ? WHERE view = ? AND key = ?"),
            (json.dumps(old), "plan_board", campaign.hex),
        )
        cur.execute(store._q("DELETE FROM view_documents WHERE view = ?"), (SHAPES,))

    projector.create_tables()  # `thidua db init` on the new version
    assert store.current_gen("plan_board") > gen  # rebuilt
    assert store.get("plan_board", campaign.hex) == doc
    assert views.board(app, campaign, DAY) == fresh(app, campaign)
    rebuilt = store.current_gen("plan_board")
    projector.create_tables()
    assert store.current_gen("plan_board") == rebuilt  # in today's shape: left alone
    assert store.current_gen("term_progress") == 1  # a view of the same shape: left alone
