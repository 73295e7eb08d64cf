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

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from service.documents.bundle import Progress, Rendered, render_bundle
from service.documents.letterhead import DocumentInputs
from service.documents.signing import (
    SigningConfig,
    SigningError,
    configured_signer,
    configured_timestamper,
    sign_pdf,
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
    "render_bundle",
    "verify_bundle",
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
) -> bytes:
    """The signed bundle. Without `signer`, the configured one (PKCS#12 or PKCS#11)
    and the configured timestamp server (THIDUA_TSA_URL) are used; the key is opened
    before rendering, so a missing key or a wrong PIN fails at once."""
    name = (inputs or DocumentInputs()).people.get("chair")

    def render_and_sign(key: Any, stamp: Any) -> bytes:
        rendered = render_bundle(app, year_id, reviews=reviews, inputs=inputs, progress=progress)
        if progress is not None:
            progress("Ký số", 0, 1)
        return sign_pdf(rendered.pdf, key, timestamper=stamp, name=name)

    if signer is not None:
        return render_and_sign(signer, timestamper)
    config = config or SigningConfig.from_env()
    with configured_signer(config) as configured:
        return render_and_sign(configured, timestamper or configured_timestamper(config))
