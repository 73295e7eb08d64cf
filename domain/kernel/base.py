"""Shared building blocks of every aggregate: the actor, coded errors, stable ids."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

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
    """Base of every aggregate: each event carries the actor from the context."""

    class Event(Aggregate.Event):
        actor: Actor = field(default_factory=lambda: current_actor.get(), init=False)

    class Created(Event, Aggregate.Created):
        pass


def require(condition: bool, code: str, /, **params: Any) -> None:
    """Raise DomainError(code) unless condition holds."""
    if not condition:
        raise DomainError(code, **params)
