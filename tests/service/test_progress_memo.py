"""The term-progress read is kept per process while its inputs are unchanged, and worked
out again when the review's document or the directory changes (a unit moved)."""

from __future__ import annotations

from typing import Any

from domain.org.unit import Unit
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from service.review import queries as review_queries
from service.views import views
from service.views.projector import MEMO_MAX, projector_of


def test_progress_kept_until_the_directory_changes(
    demo_app: ThiduaApplication, demo_summary: dict[str, Any]
) -> None:
    app, campaign = demo_app, demo_summary["review"]["campaign_id"]
    first = views.term_progress(app, campaign)
    assert views.term_progress(app, campaign) is first  # nothing changed: the same roll-up
    rollup = first.rollup
    moved, new = Unit.id_for("LS-BUUDIEN"), Unit.id_for("LS-VANQUAN")  # Lạng Sơn's demo
    assert rollup.parent[moved] == rollup.federation and new in rollup.parent
    units.move_unit(app, SYSTEM_PRINCIPAL, "LS-BUUDIEN", "LS-VANQUAN", rollup.review_date)
    projector_of(app).catch_up()
    after = views.term_progress(app, campaign)
    assert after is not first and after.rollup.parent[moved] == new
    assert after.rollup == review_queries.progress(app, campaign)  # a fresh roll-up
    assert views.term_progress(app, campaign) is after


def test_the_change_stamp_moves_only_with_the_view_s_documents(
    demo_app: ThiduaApplication,
) -> None:
    store = projector_of(demo_app).store
    projector_of(demo_app).catch_up()
    directory, progress = store.changed("directory"), store.changed("term_progress")
    gen, stamp = directory
    assert gen >= 1 and stamp is not None and stamp > 0  # the demo registered units
    assert store.changed("directory") == directory and store.changed("term_progress") == progress


def test_every_kept_read_counts_toward_one_bound(demo_app: ThiduaApplication) -> None:
    projector = projector_of(demo_app)
    projector.memo.clear()
    for i in range(MEMO_MAX + 8):
        assert projector.remember(("a read", i), i) == i
    assert len(projector.memo) == MEMO_MAX  # the oldest went first
    assert ("a read", 0) not in projector.memo and ("a read", MEMO_MAX + 7) in projector.memo
    projector.remember(("a read", 8), "again")  # kept again: the newest now
    assert list(projector.memo)[-1] == ("a read", 8)
