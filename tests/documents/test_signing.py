"""Signed bundles and their verification: valid; one changed byte; an attachment swapped
by an incremental update; a certificate from another CA; a store rewritten after
signing (with and without recomputed links, on SQLite and PostgreSQL); a bundle built
from a rewritten store, checked against the genuine export. Reasons in Vietnamese."""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from service.audit.restore import restore
from service.documents import build_bundle, verify_bundle
from service.documents.keys import DevKeys, issue, make_ca, p12_bytes
from service.documents.signing import SigningError, p12_signer, sign_pdf
from service.platform.app import ThiduaApplication
from service.platform.chain_format import GENESIS, link
from tests.chain_helpers import Raw, export_to
from tests.documents.conftest import INPUTS, Demo


@pytest.fixture(scope="module")
def signed(shared_app: ThiduaApplication, demo: Demo, signer) -> bytes:  # type: ignore[no-untyped-def]
    return build_bundle(shared_app, demo.year_id, inputs=INPUTS, signer=signer)


@pytest.fixture(scope="module")
def genuine_export(shared_app: ThiduaApplication, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_to(shared_app, tmp_path_factory.mktemp("export") / "genuine.jsonl")


def test_a_signed_bundle_verifies(
    signed: bytes, shared_app: ThiduaApplication, genuine_export: Path, keys: DevKeys
) -> None:
    report = verify_bundle(signed, app=shared_app, export=genuine_export, ca=[keys.ca])
    assert report.ok, report.reasons
    assert [c.ok for c in report.checks] == [True] * 5
    assert "Trưởng Cụm thi đua (phát triển)" in (report.signer or "")
    assert report.checkpoint is not None and report.events > 300
    assert report.message().startswith("Hồ sơ hợp lệ")


def test_without_store_or_export_the_chain_check_is_not_done(signed: bytes, keys: DevKeys) -> None:
    report = verify_bundle(signed, ca=[keys.ca])
    assert report.ok and report.checks[-1].ok is None


def test_one_changed_byte_fails(signed: bytes, keys: DevKeys) -> None:
    for where in (len(signed) // 3, len(signed) // 2, 2000):
        forged = bytearray(signed)
        forged[where] ^= 0x01
        report = verify_bundle(bytes(forged), ca=[keys.ca])
        assert not report.ok, where
        assert any("bị thay đổi" in r or "bị sửa" in r or "hỏng" in r for r in report.reasons)


def test_an_attachment_swapped_by_an_incremental_update_fails(signed: bytes, keys: DevKeys) -> None:
    forged = swap_attachment(signed, "events.jsonl", b'{"forged": true}\n')
    report = verify_bundle(forged, ca=[keys.ca])
    assert not report.ok
    assert any("không bao trùm toàn bộ tệp" in r for r in report.reasons)
    assert any("events.jsonl" in r for r in report.reasons)  # and the extract no longer matches


def test_a_certificate_from_another_ca_fails(
    shared_app: ThiduaApplication, demo: Demo, keys: DevKeys, tmp_path: Path
) -> None:
    other_ca = make_ca("CA khác", bits=2048)
    impostor = issue(other_ca, "Trưởng Cụm thi đua (giả)", bits=2048)
    path = tmp_path / "impostor.p12"
    path.write_bytes(p12_bytes(impostor, other_ca, "x"))
    pdf = build_bundle(shared_app, demo.year_id, inputs=INPUTS, signer=p12_signer(str(path), "x"))
    report = verify_bundle(pdf, ca=[keys.ca])
    assert not report.ok
    assert report.reasons == [
        "Chữ ký số: chứng thư của người ký không do tổ chức chứng thực được tin cậy cấp, "
        "đã hết hạn hoặc không dùng để ký."
    ]


def test_a_store_rewritten_after_signing_fails(
    own_app: ThiduaApplication,
    demo: Demo,
    signer,
    keys: DevKeys,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    pdf = build_bundle(own_app, demo.year_id, inputs=INPUTS, signer=signer)
    assert verify_bundle(pdf, app=own_app, ca=[keys.ca]).ok
    raw = Raw(own_app)
    try:
        p = edit_a_score(own_app, raw)
        report = verify_bundle(pdf, app=own_app, ca=[keys.ca])
        assert not report.ok
        (reason,) = report.reasons
        assert reason.startswith(
            f"Kho sự kiện không khớp hồ sơ: Vị trí {p}: nội dung sự kiện đã bị sửa"
        )

        relink_from(own_app, raw, p)  # who rewrites the store recomputes every later link
        report = verify_bundle(pdf, app=own_app, ca=[keys.ca])
        (reason,) = report.reasons
        assert "không khớp điểm kiểm tra" in reason
        rewritten = export_to(own_app, tmp_path / "rewritten.jsonl")
        report = verify_bundle(pdf, export=rewritten, ca=[keys.ca])
        assert not report.ok and "Tệp xuất kiểm toán không khớp hồ sơ" in report.reasons[0]
    finally:
        raw.close()


def test_a_bundle_from_a_rewritten_store_fails_against_the_genuine_export(
    own_app: ThiduaApplication,
    demo: Demo,
    signer,
    keys: DevKeys,
    genuine_export: Path,  # type: ignore[no-untyped-def]
) -> None:
    raw = Raw(own_app)
    try:
        relink_from(own_app, raw, edit_a_score(own_app, raw))
    finally:
        raw.close()
    pdf = build_bundle(own_app, demo.year_id, inputs=INPUTS, signer=signer)
    assert verify_bundle(pdf, app=own_app, ca=[keys.ca]).ok  # consistent with itself…
    report = verify_bundle(pdf, export=genuine_export, ca=[keys.ca])
    assert not report.ok  # …but not with the chain TLĐ holds
    assert "không khớp điểm kiểm tra" in report.reasons[0]


def test_rewritten_store_on_both_stores(
    app: ThiduaApplication,
    shared_app: ThiduaApplication,
    demo: Demo,
    genuine_export: Path,
    signer,
    keys: DevKeys,  # type: ignore[no-untyped-def]
) -> None:
    restore(app, genuine_export)
    pdf = build_bundle(app, demo.year_id, inputs=INPUTS, signer=signer)
    assert verify_bundle(pdf, app=app, ca=[keys.ca]).ok
    raw = Raw(app)
    try:
        p = edit_a_score(app, raw)
    finally:
        raw.close()
    report = verify_bundle(pdf, app=app, ca=[keys.ca])
    assert not report.ok and f"Vị trí {p}" in report.reasons[0]


def test_a_timestamped_signature_verifies(
    shared_app: ThiduaApplication,
    demo: Demo,
    signer,
    keys: DevKeys,  # type: ignore[no-untyped-def]
) -> None:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    tsa = issue(load_ca(keys), "TSA phát triển", timestamping=True, bits=2048)
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.cert.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa.key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    pdf = build_bundle(shared_app, demo.year_id, inputs=INPUTS, signer=signer, timestamper=stamper)
    report = verify_bundle(pdf, ca=[keys.ca])
    assert report.ok, report.reasons
    assert report.timestamp is not None


def test_a_second_signature_is_refused(signed: bytes, signer, keys: DevKeys) -> None:  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    with pytest.raises(SigningError):  # the chair's field is filled: no second chair signature
        sign_pdf(signed, signer)
    meta = signers.PdfSignatureMetadata(field_name="Khac")
    twice = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(signed)), meta, signer=signer)
    report = verify_bundle(twice.getvalue(), ca=[keys.ca])
    assert not report.ok and "có 2 chữ ký" in report.reasons[0]


# -- helpers ------------------------------------------------------------------------------
def load_ca(keys: DevKeys):  # type: ignore[no-untyped-def]
    from cryptography import x509

    from service.documents.keys import Issued

    cert = x509.load_pem_x509_certificate(keys.ca.read_bytes())
    key = serialization.load_pem_private_key(keys.ca_key.read_bytes(), password=None)
    return Issued(key, cert)  # type: ignore[arg-type]


def swap_attachment(pdf: bytes, name: str, data: bytes) -> bytes:
    """Append an incremental update that points `name` at other bytes (the signed
    revision is left as it was: its byte range still hashes the same)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    for i in range(0, len(names), 2):
        if str(names[i]) == name:
            spec_ref = names.raw_get(i + 1)
            spec = spec_ref.get_object()
            stream = generic.StreamObject(
                {generic.NameObject("/Type"): generic.NameObject("/EmbeddedFile")},
                stream_data=data,
            )
            spec["/EF"] = generic.DictionaryObject(
                {generic.NameObject("/F"): writer.add_object(stream)}
            )
            writer.mark_update(spec_ref)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def edit_a_score(app: ThiduaApplication, raw: Raw) -> int:
    """Change one stored self-score behind the application's back; returns its position."""
    for n in app.recorder.select_notifications(1, 10_000):
        if n.topic == "thidua.Dossier.SelfScored" and b'"9.2"' in n.state:
            raw.run(
                "UPDATE {events} SET state = ? WHERE {id} = ?",
                n.state.replace(b'"9.2"', b'"10.0"'),
                n.id,
            )
            return n.id
    raise AssertionError("no self-score of 9.2 in the demo")


def relink_from(app: ThiduaApplication, raw: Raw, start: int) -> None:
    rows = raw.run(
        "SELECT position, link FROM event_chain WHERE position < ? ORDER BY position DESC LIMIT 1",
        start,
    )
    prev = bytes(rows[0][1]) if rows else GENESIS
    for n in app.recorder.select_notifications(start, 100_000):
        prev = link(prev, n.id, n.originator_id, n.originator_version, n.topic, n.state)
        raw.run(
            "UPDATE event_chain SET link = ?, state_sha256 = ? WHERE position = ?",
            prev,
            hashlib.sha256(n.state).digest(),
            n.id,
        )
