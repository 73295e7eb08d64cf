"""Who is asking: the principal behind a command, and the one place rules of access live.

Roles that people hold by appointment (administrator, TLĐ officer, auditor, ...) come
with the principal; roles a *unit* holds for a year (chair, vice-chair, member) are
derived from events by the handlers, never typed in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from domain.kernel.base import Actor, DomainError

ADMIN = "admin"
TLD_OFFICER = "tld"
AUDITOR = "auditor"
STEERING = "steering"  # Ban chỉ đạo of a term review
REVIEWER = "reviewer"  # federation staff who accept or return review reports


@dataclass(frozen=True)
class Principal:
    account: str
    unit: UUID | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def actor(self) -> Actor:
        return Actor(self.account, self.unit)

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return ADMIN in self.roles


SYSTEM_PRINCIPAL = Principal("system", None, frozenset({ADMIN}))


def allow(condition: bool) -> None:
    """Refuse with auth.forbidden unless `condition` holds."""
    if not condition:
        raise DomainError("auth.forbidden")


def require_role(principal: Principal, *roles: str) -> None:
    allow(principal.is_admin or any(principal.has(r) for r in roles))


def acts_for(principal: Principal, unit: UUID) -> bool:
    """The principal speaks for `unit` (its own unit)."""
    return principal.unit == unit


def holds_for(principal: Principal, role: str, federation: UUID) -> bool:
    """The principal holds `role` for `federation`: a role held with a unit is held for
    that unit only (a federation's steering committee or review office acts on that
    federation's terms, not on another's); held without a unit (a confederation-level
    appointment), for every federation."""
    return principal.has(role) and principal.unit in (None, federation)
