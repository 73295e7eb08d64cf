"""Shared building blocks of every aggregate: the actor, coded errors, stable ids."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

DEFAULT_LATE_ENTRY_DAYS = 7  # Regulation.late_entry_days' default

# Namespace of every natural-key id (uuid5). Never change it: ids are stored.
ID_NAMESPACE = UUID("6f1d3c0e-8a4b-5c2d-9e7f-0a1b2c3d4e5f")


def natural_id(kind: str, *parts: object) -> UUID:
    """The id of the one aggregate of `kind` identified by `parts`.

    Two creations of the same natural key collide in the store, so "one per" rules
    (one dossier per member and year, one vote per voter) are enforced by the store.
    """
    return uuid5(ID_NAMESPACE, ":".join([kind, *(str(p) for p in parts)]))


@dataclass(frozen=True)
class Actor:
    """Who did it: an account, acting on behalf of a unit (None for system actions)."""

    account: str
    unit: UUID | None = None


SYSTEM = Actor("system")
current_actor: ContextVar[Actor] = ContextVar("current_actor", default=SYSTEM)
# why the action being entered is entered late (domain/kernel/entry.py), "" if it is not
current_late_reason: ContextVar[str] = ContextVar("current_late_reason", default="")


class DomainError(Exception):
    """A broken rule. `code` is stable (API, tests); service.platform.wording words it
    for a person (`text(error, locale)`); str() is the code and its params, for logs."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        if not self.params:
            return self.code
        return f"{self.code} ({', '.join(f'{k}={v!r}' for k, v in self.params.items())})"


class ThiduaAggregate(Aggregate):
    """Base of every aggregate: each event carries the actor and the late reason (lý do
    nhập muộn) from the context; the date it counts for is each event's own `on`."""

    class Event(Aggregate.Event):
        actor: Actor = field(default_factory=lambda: current_actor.get(), init=False)
        late_reason: str = field(default_factory=lambda: current_late_reason.get(), init=False)
        # False: never stores a late reason (a sealed ballot must not share one with the
        # participation filed with it: that would link the voter to the choice)
        CARRIES_LATE_REASON = True

        def __post_init__(self) -> None:
            # an empty reason is not stored: the event reads the class default "", as
            # events stored before the field existed do
            if not self.late_reason or not self.CARRIES_LATE_REASON:
                object.__delattr__(self, "late_reason")

    class Created(Event, Aggregate.Created):
        pass

    def entry_bounds(self) -> tuple[date | None, int]:
        """When this case opened (None: no such date) and how many days an action may
        be entered after the date it counts for without a reason (Entry.check)."""
        return None, DEFAULT_LATE_ENTRY_DAYS


# Events stored before the field existed have no `late_reason` in their state: the
# mapper restores an event's __dict__ as stored, so they read this class default.
ThiduaAggregate.Event.late_reason = ""  # type: ignore[misc]


def require(condition: bool, code: str, /, **params: Any) -> None:
    """Raise DomainError(code) unless condition holds."""
    if not condition:
        raise DomainError(code, **params)
