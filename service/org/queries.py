"""What the organisation's pages and tables read: units and their tree."""

from __future__ import annotations

from uuid import UUID

from domain.org.unit import Unit
from service.platform.app import ThiduaApplication

BATCH = 500


def all_units(app: ThiduaApplication) -> list[Unit]:
    """Every unit ever registered (merged and dissolved ones included), by code.

    The cached instances (`ThiduaApplication.read`): for reading only, never to save.
    """
    ids: list[UUID] = []
    start: int | None = None
    while True:
        batch = app.recorder.select_notifications(
            start, BATCH, topics=[Unit.Created.TOPIC], inclusive_of_start=start is None
        )
        ids.extend(UUID(str(n.originator_id)) for n in batch)
        if len(batch) < BATCH:
            break
        start = batch[-1].id
    return sorted((app.read(i) for i in ids), key=lambda u: u.code)
