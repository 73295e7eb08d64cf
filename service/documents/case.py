"""The stored events of the cases a bundle covers, read once, in log order.

A case (projections.cases) is a cluster-year (its year stream, the members' dossiers,
the polls and ballots, the award proposal) or a term review (the term, the campaign,
the units' reports). The documents read what the aggregates do not keep (a compiled
report's text, who chose what in an open vote) from these events, and the bundle's
event extract is made of exactly these events.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from projections.org import directory
from service.audit.export import load_domain_topics
from service.platform.app import ThiduaApplication
from service.platform.eventlog import case_notifications
from service.views import views
from service.views.projector import projector_of


@dataclass(frozen=True)
class CaseEvents:
    cases: tuple[UUID, ...]
    notifications: tuple[Notification, ...]  # as stored, in log order
    events: tuple[Any, ...]  # the same, decoded

    @property
    def last_position(self) -> int:
        return self.notifications[-1].id if self.notifications else 0

    def of(self, *types: type) -> Iterator[Any]:
        return (e for e in self.events if isinstance(e, types))

    def of_stream(self, originator: UUID, *types: type) -> Iterator[Any]:
        return (e for e in self.of(*types) if e.originator_id == originator)


def originators(app: ThiduaApplication, cases: Iterable[UUID]) -> list[UUID]:
    """Every stream of `cases` (the case index is a view: catch it up first)."""
    projector_of(app).catch_up()
    found: set[UUID] = set()
    for case in cases:
        found.update(projector_of(app).store.originators_of(case))
    return sorted(found)


def read_cases(app: ThiduaApplication, cases: Sequence[UUID]) -> CaseEvents:
    load_domain_topics()
    notifications = case_notifications(app, originators(app, cases))
    events = tuple(app.mapper.to_domain_event(n) for n in notifications)
    return CaseEvents(tuple(cases), tuple(notifications), events)


def directory_as_of(
    app: ThiduaApplication, ids: Iterable[str], position: int | None
) -> dict[str, dict[str, Any]]:
    """Directory entries (name, parent, ...) of units as they stood at `position`, so a
    bundle shows the store as of its checkpoint (a later renaming changes nothing)."""

    keys = sorted({k for k in ids if k})
    if position is None:
        return views.directory_entries(app, keys)
    found = {}
    for key in keys:
        doc = projector_of(app).as_of(directory.NAME, UUID(key), position=position)
        if doc:
            found[key] = doc
    return found
