"""A timeline row read from the stored bytes (service/views/stamps.py, no decoding) is
the row of the decoded event, for every event of the demo on both stores; a state that
does not start plainly is decoded instead, and a rebuild gives the same timeline."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from projections.audit.timeline import row, row_of
from service.platform.app import ThiduaApplication
from service.views.projector import projector_of
from service.views.stamps import stamp_of


def notifications(app: ThiduaApplication) -> list[Any]:
    return list(app.recorder.select_notifications(1, 10**6))


def test_every_stored_stamp_gives_the_decoded_events_row(demo_app: ThiduaApplication) -> None:
    stamped = 0
    for n in notifications(demo_app):
        stamp = stamp_of(n)
        event = demo_app.mapper.to_domain_event(n)
        if stamp is None:
            continue
        stamped += 1
        assert row_of(stamp, None) == row(event, None), n.id
    assert stamped == len(notifications(demo_app))  # every event of today's code reads plainly


def test_a_state_that_does_not_start_plainly_is_not_stamped(demo_app: ThiduaApplication) -> None:
    n = notifications(demo_app)[5]
    reordered = b'{"actor"' + bytes(n.state)[1:]
    escaped = bytes(n.state).replace(b'"_data_":["', b'"_data_":["\\u0061', 1)
    assert stamp_of(n) is not None
    for state in (reordered, escaped, b"\x78\x9c compressed"):
        assert stamp_of(replace(n, state=state)) is None


def test_a_rebuild_of_the_timeline_alone_gives_the_decoded_timeline(
    demo_app: ThiduaApplication,
) -> None:
    projector = projector_of(demo_app)
    projector.catch_up()  # every view in one pass: every event decoded
    decoded = projector.store.timeline({}, limit=10**6)
    assert projector.rebuild("timeline") == len(notifications(demo_app))  # stamps
    assert projector.store.timeline({}, limit=10**6) == decoded
    assert len(decoded) == len(notifications(demo_app))
