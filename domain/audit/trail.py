"""AuditTrail (nhật ký kiểm toán): the record of the chain's verifications.

`thidua audit verify` appends what it found, so the last verification shown to an
auditor is itself an event on the chain it checked, with who ran it and when.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id


class AuditTrail(ThiduaAggregate):
    TOPIC = "thidua.AuditTrail"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.AuditTrail.Started"

    class ChainVerified(ThiduaAggregate.Event):
        TOPIC = "thidua.AuditTrail.ChainVerified"
        ok: bool
        checked: int  # events whose links matched, in order
        position: int  # the last position checked
        head: str  # hex link at that position
        merkle_root: str
        message: str  # Vietnamese: the first bad position and what differs, or ""

    @staticmethod
    def id_for() -> UUID:
        return natural_id("audit_trail")

    @classmethod
    def create_id(cls, **_: object) -> UUID:
        return cls.id_for()

    @event(Created)
    def __init__(self) -> None:
        self.last: dict[str, object] | None = None

    def record(
        self, ok: bool, checked: int, position: int, head: str, merkle_root: str, message: str
    ) -> None:
        self._verified(
            ok=ok,
            checked=checked,
            position=position,
            head=head,
            merkle_root=merkle_root,
            message=message,
        )

    @event(ChainVerified)
    def _verified(
        self, ok: bool, checked: int, position: int, head: str, merkle_root: str, message: str
    ) -> None:
        self.last = {
            "ok": ok,
            "checked": checked,
            "position": position,
            "head": head,
            "merkle_root": merkle_root,
            "message": message,
        }
