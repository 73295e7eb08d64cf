"""A bundle's link to the cluster's previous signed bundle: the previous checkpoint and
an RFC 9162 §2.1.4 consistency proof from it to this bundle's checkpoint.

The previous bundle is the last one signed for an earlier year
(domain/year/signed_bundles.py, recorded when a bundle is signed). Holding both files,
anyone checks the proof (tools/verify_consistency.py EARLIER.pdf LATER.pdf, or the
verify page): the log only grew between the two, so nothing the earlier bundle was
built from has been rewritten. When the store's first links no longer give the
previous checkpoint, the proof is still written (of the store as it is) but marked not
consistent, and signing is refused: a bundle is never signed over a rewritten history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID

from domain.kernel.base import Actor
from domain.year.signed_bundles import SignedBundle, SignedBundles
from service.audit.prove import checkpoint_of
from service.platform.app import ThiduaApplication, execute
from service.platform.chain_format import Checkpoint
from service.platform.consistency import consistency_proof, verify_consistency


@dataclass(frozen=True)
class Previous:
    bundle: SignedBundle
    proof: list[bytes]
    consistent: bool
    problem: str  # in Vietnamese; "" when consistent

    @property
    def checkpoint(self) -> Checkpoint:
        return checkpoint_signed(self.bundle)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.bundle.year,
            "bundle_sha256": self.bundle.sha256,
            "checkpoint": self.checkpoint.to_json(),
            "proof": [p.hex() for p in self.proof],
            "consistent": self.consistent,
        }


def checkpoint_signed(b: SignedBundle) -> Checkpoint:
    """The checkpoint a signed bundle was built to."""
    return Checkpoint(b.chain_position, b.links, b.head, b.merkle_root, b.taken_at)


def signed_bundles(app: ThiduaApplication, cluster_id: UUID) -> SignedBundles | None:
    found = app.find(SignedBundles.id_for(cluster_id))
    return found if isinstance(found, SignedBundles) else None


def previous_bundle(app: ThiduaApplication, cluster_id: UUID, year: int) -> SignedBundle | None:
    """The bundle a year's bundle continues, as far as the register knows."""
    register = signed_bundles(app, cluster_id)
    return register.previous(year) if register is not None else None


def previous_of(
    bundle: SignedBundle, links: Sequence[tuple[int, bytes]], checkpoint: Checkpoint
) -> Previous:
    """The proof from the previous `bundle`'s checkpoint to `checkpoint`, whose links
    (position, link) are `links`, and whether the first links still give it."""
    m, n = bundle.links, len(links)
    if m > n:
        return Previous(
            bundle,
            [],
            False,
            f"Chuỗi băm hiện có {n} mắt xích, ít hơn {m} mắt xích của hồ sơ năm "
            f"{bundle.year} đã ký: lịch sử đã bị cắt bớt.",
        )
    proof = consistency_proof([x for _, x in links], m) if m < n else []
    old = checkpoint_signed(bundle)
    prefix = checkpoint_of(links[:m], old.taken_at)
    if prefix.same_chain(old):
        return Previous(bundle, proof, True, "")
    return Previous(bundle, proof, False, _where(bundle, prefix))


def _where(bundle: SignedBundle, prefix: Checkpoint) -> str:
    """Where the store parts from the earlier bundle's checkpoint, as near as the
    checkpoint alone can tell (the earlier file's extract or an export narrows it);
    `prefix` is the checkpoint of the store's first links as many as it had."""
    said = (
        f"Lịch sử sự kiện trong kho không còn nối tiếp hồ sơ năm {bundle.year} đã ký "
        f"(điểm kiểm tra đến vị trí {bundle.chain_position}, {bundle.links} mắt xích): "
    )
    if prefix.merkle_root != bundle.merkle_root:
        said += (
            f"{bundle.links} mắt xích đầu của kho cho gốc Merkle khác, tức là lịch sử đã bị "
            f"viết lại ở một vị trí nào đó đến vị trí {bundle.chain_position}. "
        )
    return said + (
        "Đối chiếu tệp hồ sơ năm đó với kho (thidua audit verify, hoặc "
        "tools/verify_consistency.py HỒ-SƠ-TRƯỚC.pdf TỆP-XUẤT.jsonl) để biết vị trí."
    )


def record_signed(
    app: ThiduaApplication, actor: Actor, cluster_id: UUID, bundle: SignedBundle
) -> None:
    """Enter a bundle just signed in the cluster's register of signed bundles."""
    execute(app, actor, partial(_record, app, cluster_id, bundle))


def _record(app: ThiduaApplication, cluster_id: UUID, bundle: SignedBundle) -> None:
    register = signed_bundles(app, cluster_id) or SignedBundles(cluster_id=cluster_id)
    register.record(bundle)
    app.save(register)


def continues(old: Checkpoint, manifest: dict[str, Any], new: Checkpoint) -> str:
    """ "" when the bundle whose checkpoint.json is `manifest` (checkpoint `new`) proves it
    continues the earlier bundle's checkpoint `old`; else the reason, in Vietnamese."""
    previous = manifest.get("previous")
    if previous is None:
        return (
            "Hồ sơ sau không mang bằng chứng nối tiếp hồ sơ nào đã ký trước, nên không chứng "
            "minh được nhật ký chỉ được nối thêm kể từ hồ sơ trước."
        )
    try:
        claimed = Checkpoint.from_json(previous["checkpoint"])
        proof = [bytes.fromhex(h) for h in previous["proof"]]
    except (KeyError, TypeError, ValueError):
        return "Phần nối tiếp hồ sơ trước trong checkpoint.json không đọc được."
    if not claimed.same_chain(old):
        return (
            f"Hồ sơ sau nối tiếp một hồ sơ khác (năm {previous.get('year')}, điểm kiểm tra đến "
            f"vị trí {claimed.position}), không phải hồ sơ trước được đưa (điểm kiểm tra đến "
            f"vị trí {old.position})."
        )
    old_root, new_root = bytes.fromhex(old.merkle_root), bytes.fromhex(new.merkle_root)
    if not verify_consistency(old.count, new.count, old_root, new_root, proof):
        return (
            "Nhật ký đã bị viết lại giữa hai hồ sơ: bằng chứng nhất quán không chứng minh được "
            f"chuỗi của hồ sơ sau nối tiếp điểm kiểm tra đến vị trí {old.position} của hồ sơ "
            "trước (tools/verify_consistency.py HỒ-SƠ-TRƯỚC.pdf HỒ-SƠ-SAU.pdf chỉ ra khoảng "
            "bị viết lại)."
        )
    return ""
