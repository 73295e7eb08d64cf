"""SignedBundles (sổ hồ sơ đã ký gửi Tổng Liên đoàn): every bundle a cluster's chair
signed, with the checkpoint it was built to and the signed file's SHA-256.

The next year's bundle carries a consistency proof from the checkpoint of the last
bundle signed for an earlier year (service/documents/lineage.py), so TLĐ, holding both
files, can check that the log only grew in between: nothing it was sent was rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require


@dataclass(frozen=True)
class SignedBundle:
    year: int
    chain_position: int  # the checkpoint: last position, links, head, Merkle root
    links: int
    head: str
    merkle_root: str
    taken_at: str
    sha256: str  # of the signed PDF
    as_of: date | None  # a copy made as of a day, not the year's bundle


class SignedBundles(ThiduaAggregate):
    TOPIC = "thidua.SignedBundles"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.SignedBundles.Opened"
        cluster_id: UUID

    class BundleSigned(ThiduaAggregate.Event):
        TOPIC = "thidua.SignedBundles.BundleSigned"
        year: int
        chain_position: int
        links: int
        head: str
        merkle_root: str
        taken_at: str
        sha256: str
        as_of: date | None

    @staticmethod
    def id_for(cluster_id: UUID) -> UUID:
        return natural_id("signed_bundles", cluster_id)

    @classmethod
    def create_id(cls, cluster_id: UUID, **_: object) -> UUID:
        return cls.id_for(cluster_id)

    @event(Created)
    def __init__(self, cluster_id: UUID) -> None:
        self.cluster_id = cluster_id
        self.bundles: list[SignedBundle] = []

    def record(self, bundle: SignedBundle) -> None:
        require(len(bundle.sha256) == 64 and len(bundle.head) == 64, "bundles.bad_record")
        require(bundle.links > 0 and bundle.chain_position > 0, "bundles.bad_record")
        self._signed(**bundle.__dict__)

    @event(BundleSigned)
    def _signed(
        self,
        year: int,
        chain_position: int,
        links: int,
        head: str,
        merkle_root: str,
        taken_at: str,
        sha256: str,
        as_of: date | None,
    ) -> None:
        self.bundles.append(
            SignedBundle(year, chain_position, links, head, merkle_root, taken_at, sha256, as_of)
        )

    def previous(self, year: int) -> SignedBundle | None:
        """The bundle a year's bundle continues: the last signed for an earlier year
        (not a copy made as of a day)."""
        earlier = [b for b in self.bundles if b.year < year and b.as_of is None]
        return earlier[-1] if earlier else None
