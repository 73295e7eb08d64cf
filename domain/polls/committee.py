"""Ban kiểm phiếu: the counting committee of a secret electronic poll (format "eg1").

n member units of the year and a threshold k (1 < k ≤ n) share the poll's decryption
key: no one holds it whole, not the server, not one member. The committee's stream is
the public side of the key ceremony and of the count (docs/secret-ballots.md):

1. each member announces its commitments and its box key (`Announced`);
2. once all have announced, each deals the others their shares, sealed to each
   recipient's box key (`SharesDealt`: only the recipient can open its part);
3. once all have dealt, each receives and checks its shares and confirms its key
   share by its verification key (`KeyShareConfirmed`); when all n have confirmed, the
   joint key is published (`JointKeyPublished`, on the Poll too: ballots may be cast);
4. to close, members give partial decryptions of the encrypted tally
   (`PartialRecorded`, proofs checked by the service before); with k of them the
   tally is computed and the poll's election record published (`RecordPublished`).

The domain stores JSON and hex and checks structure and order; the cryptography
(proofs, shares) is the service's (service/polls/secret). Nothing stored here opens
a ballot. Members are numbered 1..n in the order named.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require


class CountingCommittee(ThiduaAggregate):
    TOPIC = "thidua.CountingCommittee"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.CountingCommittee.Named"
        poll: UUID
        members: list[UUID]
        threshold: int

    class Announced(ThiduaAggregate.Event):
        TOPIC = "thidua.CountingCommittee.Announced"
        member: UUID
        announcement: dict[str, Any]

    class SharesDealt(ThiduaAggregate.Event):
        TOPIC = "thidua.CountingCommittee.SharesDealt"
        member: UUID
        sealed: dict[str, str]  # recipient's number -> the share sealed to it (hex)

    class KeyShareConfirmed(ThiduaAggregate.Event):
        TOPIC = "thidua.CountingCommittee.KeyShareConfirmed"
        member: UUID
        verification_key: str

    class JointKeyPublished(ThiduaAggregate.Event):
        TOPIC = "thidua.CountingCommittee.JointKeyPublished"
        joint_key: str

    class PartialRecorded(ThiduaAggregate.Event):
        TOPIC = "thidua.CountingCommittee.PartialRecorded"
        member: UUID
        partial: dict[str, Any]
        ballots: int  # how many ballots the decrypted tally summed

    class RecordPublished(ThiduaAggregate.Event):
        TOPIC = "thidua.CountingCommittee.RecordPublished"
        record: dict[str, Any]

    @staticmethod
    def id_for(poll: UUID) -> UUID:
        return natural_id("counting-committee", poll)

    @classmethod
    def create_id(cls, poll: UUID, **_: Any) -> UUID:
        return cls.id_for(poll)

    @classmethod
    def name(cls, poll: UUID, members: list[UUID], threshold: int) -> CountingCommittee:
        check_committee(members, threshold)
        return cls(poll=poll, members=list(members), threshold=threshold)

    @event(Created)
    def __init__(self, poll: UUID, members: list[UUID], threshold: int) -> None:
        self.poll, self.members, self.threshold = poll, list(members), threshold
        self.announcements: dict[int, dict[str, Any]] = {}
        self.dealt: dict[int, dict[str, str]] = {}
        self.verification_keys: dict[int, str] = {}
        self.joint_key: str | None = None
        self.partials: dict[int, tuple[dict[str, Any], int]] = {}
        self.record: dict[str, Any] | None = None

    # -- state ---------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.members)

    def index_of(self, member: UUID | None) -> int:
        """The member's number 1..n; refused (poll.not_committee_member) otherwise."""
        require(member in self.members, "poll.not_committee_member")
        return self.members.index(member) + 1  # type: ignore[arg-type]

    @property
    def stage(self) -> str:
        """announcing, dealing, confirming, ready (joint key published), published."""
        if self.record is not None:
            return "published"
        if self.joint_key is not None:
            return "ready"
        if len(self.dealt) == self.n:
            return "confirming"
        if len(self.announcements) == self.n:
            return "dealing"
        return "announcing"

    def sealed_for(self, index: int) -> dict[int, str]:
        """The shares the other members sealed to member `index`, by sender."""
        return {i: shares[str(index)] for i, shares in self.dealt.items() if i != index}

    def partials_for(self, ballots: int) -> dict[int, dict[str, Any]]:
        """The partial decryptions of the tally of exactly `ballots` ballots."""
        return {i: p for i, (p, count) in self.partials.items() if count == ballots}

    # -- commands ------------------------------------------------------------
    def announce(self, member: UUID, announcement: dict[str, Any]) -> None:
        i = self.index_of(member)
        require(self.stage == "announcing", "poll.ceremony_out_of_order")
        require(i not in self.announcements, "poll.ceremony_already_begun")
        require(announcement.get("index") == i, "poll.ceremony_bad_data")
        self._announced(member=member, announcement=announcement)

    def deal(self, member: UUID, sealed: dict[str, str]) -> None:
        i = self.index_of(member)
        require(i in self.announcements, "poll.ceremony_not_begun")
        require(self.stage == "dealing", "poll.ceremony_out_of_order")
        require(i not in self.dealt, "poll.ceremony_step_done")
        others = {str(j) for j in range(1, self.n + 1) if j != i}
        require(set(sealed) == others, "poll.ceremony_bad_data")
        self._shares_dealt(member=member, sealed=dict(sealed))

    def confirm(self, member: UUID, verification_key: str, joint_key: str) -> bool:
        """Member's key share checked on its side; with the last of the n, the joint
        key (computed by the service from the announcements) is published. Returns
        whether it was."""
        i = self.index_of(member)
        require(self.stage == "confirming", "poll.ceremony_out_of_order")
        require(i not in self.verification_keys, "poll.ceremony_step_done")
        self._key_share_confirmed(member=member, verification_key=verification_key)
        if len(self.verification_keys) < self.n:
            return False
        self._joint_key_published(joint_key=joint_key)
        return True

    def record_partial(self, member: UUID, partial: dict[str, Any], ballots: int) -> None:
        """A partial decryption whose proof the service checked. A later one of the
        same member (after more ballots) replaces its earlier one."""
        i = self.index_of(member)
        require(self.stage == "ready", "poll.key_not_published")
        require(partial.get("index") == i, "poll.ceremony_bad_data")
        self._partial_recorded(member=member, partial=partial, ballots=ballots)

    def publish(self, record: dict[str, Any]) -> None:
        require(self.stage == "ready", "poll.key_not_published")
        self._record_published(record=record)

    # -- mutators ------------------------------------------------------------
    @event(Announced)
    def _announced(self, member: UUID, announcement: dict[str, Any]) -> None:
        self.announcements[self.members.index(member) + 1] = announcement

    @event(SharesDealt)
    def _shares_dealt(self, member: UUID, sealed: dict[str, str]) -> None:
        self.dealt[self.members.index(member) + 1] = sealed

    @event(KeyShareConfirmed)
    def _key_share_confirmed(self, member: UUID, verification_key: str) -> None:
        self.verification_keys[self.members.index(member) + 1] = verification_key

    @event(JointKeyPublished)
    def _joint_key_published(self, joint_key: str) -> None:
        self.joint_key = joint_key

    @event(PartialRecorded)
    def _partial_recorded(self, member: UUID, partial: dict[str, Any], ballots: int) -> None:
        self.partials[self.members.index(member) + 1] = (partial, ballots)

    @event(RecordPublished)
    def _record_published(self, record: dict[str, Any]) -> None:
        self.record = record


def check_committee(members: list[UUID], threshold: int) -> None:
    """n distinct members, 1 < k ≤ n."""
    require(len(set(members)) == len(members), "poll.committee_duplicate")
    require(len(members) >= 2, "poll.committee_too_small")
    require(
        type(threshold) is int and 1 < threshold <= len(members),
        "poll.committee_bad_threshold",
        n=len(members),
    )
