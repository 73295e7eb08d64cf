"""PDF documents and the signed bundle for TLĐ (issue #7).

The bundle is the signed PDF/A-3b file the cluster chair sends to TLĐ ("bộ hồ sơ gửi
Tổng Liên đoàn"); "dossier" in this code base means only a member unit's record in a
cluster-year (domain/year/dossier.py).

Public functions (the web's download and upload pages call these):

- `render_bundle(app, year_id, reviews=(), inputs=None, progress=None) -> Rendered`:
  the unsigned PDF/A-3b (reproducible: same events and inputs, same bytes);
- `build_bundle(app, year_id, reviews=(), inputs=None, ...) -> bytes`: rendered and
  signed with the configured certificate (signing.SigningConfig);
- `verify_bundle(pdf_bytes, app=None, export=None, ca=None) -> VerificationReport`
  with the reasons in Vietnamese;
- `BundleJobs` (jobs.py): build off the request path, progress in a file, cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.base import SYSTEM, Actor
from domain.year.signed_bundles import SignedBundle
from service.documents import lineage
from service.documents.bundle import Progress, Rendered, collect, render_bundle
from service.documents.letterhead import DocumentInputs
from service.documents.numbers import issue, undated
from service.documents.package import package, word_files
from service.documents.readiness import signer_words
from service.documents.signing import (
    SigningConfig,
    SigningError,
    configured_signer,
    configured_timestamper,
    sign_pdf,
    signer_name,
)
from service.documents.verify import VerificationReport, verify_bundle
from service.platform.app import ThiduaApplication

__all__ = [
    "DocumentInputs",
    "Rendered",
    "SigningConfig",
    "SigningError",
    "VerificationReport",
    "build_bundle",
    "package",
    "render_bundle",
    "verify_bundle",
    "word_files",
]


def build_bundle(
    app: ThiduaApplication,
    year_id: UUID,
    *,
    reviews: Sequence[UUID] = (),
    inputs: DocumentInputs | None = None,
    signer: Any = None,
    timestamper: Any = None,
    config: SigningConfig | None = None,
    progress: Progress | None = None,
    actor: Actor = SYSTEM,
) -> bytes:
    """The signed bundle. Without `signer`, the configured one (PKCS#12 or PKCS#11)
    and the configured timestamp server (THIDUA_TSA_URL) are used; the key is opened
    before rendering, so a missing key or a wrong PIN fails at once. Every document
    is numbered in its issuer's register first (as `actor`), and a document without a
    date or a signer's name refuses the signature, as does a store that no longer
    continues the cluster's previous signed bundle (lineage.py); the signed file is
    entered in the cluster's register of signed bundles."""

    def render_and_sign(key: Any, stamp: Any) -> bytes:
        signing = with_signer(inputs or DocumentInputs(), key)
        name = signing.people.get("chair")
        number_documents(app, year_id, reviews, signing, actor)
        rendered = render_bundle(app, year_id, reviews=reviews, inputs=signing, progress=progress)
        if progress is not None:
            progress("Ký số", 0, 1)
        signed = sign_pdf(rendered.pdf, key, timestamper=stamp, name=name)
        record_signed(app, actor, rendered, signed, signing.as_of)
        return signed

    if signer is not None:
        return render_and_sign(signer, timestamper)
    config = config or SigningConfig.from_env()
    with configured_signer(config) as configured:
        return render_and_sign(configured, timestamper or configured_timestamper(config))


def record_signed(
    app: ThiduaApplication, actor: Actor, rendered: Rendered, signed: bytes, as_of: date | None
) -> None:
    """Enter the signed file in the cluster's register of signed bundles: the next
    year's bundle proves it continues this one's checkpoint (lineage.py)."""
    assert rendered.cluster_id is not None
    cp = rendered.checkpoint
    bundle = SignedBundle(
        year=rendered.year,
        chain_position=cp.position,
        links=cp.count,
        head=cp.head,
        merkle_root=cp.merkle_root,
        taken_at=cp.taken_at,
        sha256=hashlib.sha256(signed).hexdigest(),
        as_of=as_of,
    )
    lineage.record_signed(app, actor, rendered.cluster_id, bundle)


def with_signer(inputs: DocumentInputs, signer: Any) -> DocumentInputs:
    """The chair's signature block names the person the signing certificate names,
    unless a name was given."""
    name = inputs.people.get("chair") or signer_name(signer)
    return replace(inputs, people={**inputs.people, "chair": name}) if name else inputs


def number_documents(
    app: ThiduaApplication,
    year_id: UUID,
    reviews: Sequence[UUID],
    inputs: DocumentInputs | None,
    actor: Actor,
) -> int:
    """Number the bundle's documents that have no number yet (numbers.issue); refuse
    (SigningError) while the store no longer continues the cluster's previous signed
    bundle (never sign over a rewritten history), or while a document has no date or a
    signature block no name (the year's signers, readiness.py): a signed document is
    never undated nor unnamed."""
    collected = collect(app, year_id, reviews, inputs)
    if collected.previous is not None and not collected.previous.consistent:
        raise SigningError("Chưa thể ký hồ sơ: " + collected.previous.problem)
    docs = collected.docs
    missing = undated(docs)
    if missing:
        raise SigningError("Chưa thể ký hồ sơ: văn bản chưa có ngày: " + "; ".join(missing))
    roles = tuple(dict.fromkeys(r for d in docs for r in d.blank_signers))
    if roles:
        raise SigningError(
            "Chưa thể ký hồ sơ: chưa có họ tên người ký: " + "; ".join(signer_words(roles))
        )
    return issue(app, actor, docs)
