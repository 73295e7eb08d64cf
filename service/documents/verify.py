"""Verify a bundle for TLĐ (`thidua bundle verify`, the upload page): every reason in
Vietnamese.

1. The PAdES signature, judged by pyHanko's `bottom_line` against the trusted CA(s):
   intact, cryptographically valid, trusted chain, timestamp if any; and it must cover
   the whole file (nothing appended after signing, e.g. a swapped attachment).
2. The attachments events.jsonl and checkpoint.json are there, as the PDF states them.
3. The extract agrees with the checkpoint (extract_check: links, Merkle proofs).
4. With the store (`app`) or an audit export: the store's chain passes through the
   checkpoint (service/chain.verify or service/export_check.verify_export, `against=`),
   so a store rewritten after signing, or a bundle built from a rewritten store, fails.
5. With the cluster's earlier signed bundle (`earlier`, its bytes): that file is valid
   on its own (1–3), and this bundle's consistency proof takes the earlier checkpoint to
   this one (lineage.continues): the log only grew in between.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from service.audit.chain import verify
from service.audit.export_check import read_lines, verify_export
from service.documents import embedded
from service.documents.extract import EXTRACT, MANIFEST
from service.documents.extract_check import check_extract
from service.documents.lineage import continues
from service.platform.chain_format import Checkpoint
from service.platform.paths import secret_file

CA_FILE = "keys/ca.pem"  # under the secrets folder (or the instance folder, before)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: not checked (e.g. no store or export given)
    detail: str = ""


@dataclass
class VerificationReport:
    checks: list[Check] = field(default_factory=list)
    signer: str | None = None
    signed_at: datetime | None = None
    timestamp: datetime | None = None
    checkpoint: Checkpoint | None = None
    cases: list[dict[str, str]] = field(default_factory=list)
    events: int = 0
    manifest: dict[str, Any] = field(default_factory=dict)  # checkpoint.json as read

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok is not False for c in self.checks)

    @property
    def reasons(self) -> list[str]:
        return [c.detail or c.name for c in self.checks if c.ok is False]

    def add(self, name: str, ok: bool | None, detail: str = "") -> None:
        self.checks.append(Check(name, ok, detail))

    def message(self) -> str:
        if self.ok:
            return "Hồ sơ hợp lệ: " + "; ".join(c.name for c in self.checks if c.ok) + "."
        return "Hồ sơ KHÔNG hợp lệ: " + " ".join(self.reasons)


def trust_roots(ca: Sequence[str | Path] | None = None) -> list[Any]:
    """Certificates from PEM/DER files: `ca`, else THIDUA_TRUST_CA, else keys/ca.pem in the
    secrets folder (`thidua keys dev` writes it there)."""

    paths = [Path(p) for p in ca] if ca else []
    if not paths and os.environ.get("THIDUA_TRUST_CA"):
        paths = [Path(p) for p in os.environ["THIDUA_TRUST_CA"].split(os.pathsep) if p]
    if not paths and secret_file(CA_FILE).is_file():
        paths = [secret_file(CA_FILE)]
    roots: list[Any] = []
    for path in paths:
        data = path.read_bytes()
        blobs = (
            [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        )
        roots.extend(x509.Certificate.load(der) for der in blobs)
    return roots


def verify_bundle(
    pdf: bytes,
    app: Any = None,
    export: str | Path | None = None,
    ca: Sequence[str | Path] | None = None,
    earlier: bytes | None = None,
) -> VerificationReport:
    report = VerificationReport()
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as e:  # a damaged file raises many kinds of error
        report.add("Đọc tệp PDF", False, f"Tệp không phải PDF đọc được hoặc đã bị hỏng ({e}).")
        return report
    _signature(report, signatures, ca)
    files = _attachments(report, reader)
    if files is not None:
        _extract(report, *files)
    _store(report, app, export)
    _lineage(report, earlier, ca)
    return report


def _lineage(report: VerificationReport, earlier: bytes | None, ca: Any) -> None:
    name = "Nối tiếp hồ sơ đã ký trước"
    previous = report.manifest.get("previous")
    if earlier is None:
        if previous is not None:
            report.add(
                name,
                None,
                f"không kiểm tra: hồ sơ mang bằng chứng nối tiếp hồ sơ năm "
                f"{previous.get('year')}; đưa tệp hồ sơ đó để kiểm tra",
            )
        return
    if report.checkpoint is None:
        report.add(name, False, "Không có điểm kiểm tra hợp lệ để đối chiếu với hồ sơ trước.")
        return
    before = verify_bundle(earlier, ca=ca)
    if not before.ok or before.checkpoint is None:
        report.add(name, False, "Hồ sơ trước không hợp lệ: " + " ".join(before.reasons))
        return
    problem = continues(before.checkpoint, report.manifest, report.checkpoint)
    if problem:
        report.add(name, False, problem)
        return
    detail = (
        f"hồ sơ năm {previous.get('year') if previous else ''} (điểm kiểm tra đến vị trí "
        f"{before.checkpoint.position}) được nối thêm đến vị trí {report.checkpoint.position}"
    )
    if (
        previous is not None
        and previous.get("bundle_sha256") != hashlib.sha256(earlier).hexdigest()
    ):
        detail += "; lưu ý: hồ sơ sau ghi mã băm của một bản ký khác của hồ sơ trước"
    report.add(name, True, detail)


def _signature(report: VerificationReport, signatures: list[Any], ca: Any) -> None:

    name = "Chữ ký số của Trưởng Cụm"
    if len(signatures) != 1:
        detail = (
            "Hồ sơ chưa được ký số."
            if not signatures
            else (f"Hồ sơ có {len(signatures)} chữ ký; hồ sơ gửi Tổng Liên đoàn chỉ có một.")
        )
        report.add(name, False, detail)
        return
    roots = trust_roots(ca)
    if not roots:
        report.add(name, False, "Chưa có chứng thư gốc tin cậy để kiểm tra chữ ký (--ca).")
        return
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[0], signer_validation_context=context)
    except Exception as e:
        report.add(name, False, f"Không kiểm tra được chữ ký: tệp đã bị sửa hoặc hỏng ({e}).")
        return
    report.signer = status.signing_cert.subject.human_friendly
    report.signed_at = status.signer_reported_dt
    if status.timestamp_validity is not None:
        report.timestamp = status.timestamp_validity.timestamp
    problems = []
    if not status.intact:
        problems.append("nội dung đã ký bị thay đổi sau khi ký (mã băm không khớp)")
    elif not status.valid:
        problems.append("chữ ký không hợp lệ về mặt mật mã")
    elif not status.trusted:
        problems.append(
            "chứng thư của người ký không do tổ chức chứng thực được tin cậy cấp, "
            "đã hết hạn hoặc không dùng để ký"
        )
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("chữ ký không bao trùm toàn bộ tệp: tệp đã được thêm nội dung sau khi ký")
    if status.timestamp_validity is not None and not (
        status.timestamp_validity.intact
        and status.timestamp_validity.valid
        and status.timestamp_validity.trusted
    ):
        problems.append("dấu thời gian không hợp lệ hoặc không được tin cậy")
    if not status.bottom_line and not problems:
        problems.append("trình kiểm tra PAdES không chấp nhận chữ ký")
    if problems:
        report.add(name, False, "Chữ ký số: " + "; ".join(problems) + ".")
    else:
        report.add(name, True, report.signer)


def _attachments(report: VerificationReport, reader: Any) -> tuple[bytes, bytes] | None:
    name = "Tệp đính kèm"
    try:
        files = embedded.files(reader)
    except Exception as e:
        report.add(name, False, f"Không đọc được tệp đính kèm ({e}).")
        return None
    missing = [n for n in (EXTRACT, MANIFEST) if n not in files]
    if missing:
        report.add(name, False, f"Thiếu tệp đính kèm: {', '.join(missing)}.")
        return None
    bad = [n for n, f in files.items() if n in (EXTRACT, MANIFEST) and not f.matches_params]
    if bad:
        report.add(
            name,
            False,
            f"Tệp đính kèm không khớp kích thước, mã kiểm tra ghi trong PDF: {', '.join(bad)}.",
        )
        return None
    report.add(name, True, f"{EXTRACT}, {MANIFEST}")
    return files[EXTRACT].data, files[MANIFEST].data


def _extract(report: VerificationReport, events: bytes, manifest: bytes) -> None:
    result = check_extract(events, manifest)
    report.checkpoint, report.events = result.checkpoint, result.events
    report.cases = list(result.manifest.get("cases", []))
    report.manifest = dict(result.manifest)
    if result.ok:
        report.add("Bản trích sự kiện khớp điểm kiểm tra", True, f"{result.events} sự kiện")
    else:
        report.add("Bản trích sự kiện", False, "Bản trích sự kiện: " + " ".join(result.problems))


def _store(report: VerificationReport, app: Any, export: str | Path | None) -> None:
    cp = report.checkpoint
    name = "Điểm kiểm tra nằm trên chuỗi băm của kho"
    if app is None and export is None:
        report.add(name, None, "không kiểm tra (không có kho hoặc tệp xuất)")
        return
    if cp is None:
        report.add(name, False, "Không có điểm kiểm tra hợp lệ để đối chiếu với kho.")
        return
    if app is not None:
        result = verify(app, against=cp)
        if result.problem is not None:
            report.add(name, False, f"Kho sự kiện không khớp hồ sơ: {result.problem.message()}")
        else:
            report.add(name, True, f"kho, vị trí {cp.position}")
    if export is not None:
        try:
            checked = verify_export(read_lines(export), against=cp)
        except OSError as e:
            report.add("Điểm kiểm tra nằm trên tệp xuất", False, f"Không đọc được tệp xuất: {e}.")
            return
        if checked.problem is not None:
            report.add(
                "Điểm kiểm tra nằm trên tệp xuất",
                False,
                f"Tệp xuất kiểm toán không khớp hồ sơ: {checked.problem.message()}",
            )
        else:
            report.add("Điểm kiểm tra nằm trên tệp xuất", True, str(export))
