"""Sign a bundle (PAdES B-B, or B-T with a timestamp) with the chair's certificate.

Where the key is comes from configuration (environment), checked in this order:

- THIDUA_SIGNING_P12, THIDUA_SIGNING_P12_PASSWORD: a PKCS#12 file (`thidua keys dev`
  makes a development one);
- THIDUA_PKCS11_MODULE (the token's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so),
  THIDUA_PKCS11_TOKEN (token label), THIDUA_PKCS11_KEY (key label),
  THIDUA_PKCS11_CERT (certificate label; default: the key label), THIDUA_PKCS11_PIN;
- THIDUA_TSA_URL: an RFC 3161 timestamp server (optional).

The signature is invisible: pyHanko's visible stamp mis-spaces Liberation glyphs, and
every document already shows its signature block ("(Đã ký số)") in the HTML.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import fields, pkcs11, signers
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper

from service.documents.pdfa_writer import PdfaIncrementalWriter

FIELD = "ChuKyTruongCum"
REASON = "Trưởng Cụm ký hồ sơ đề nghị khen thưởng gửi Tổng Liên đoàn"


class SigningError(Exception):
    """Signing is not configured or failed (Vietnamese message)."""


@dataclass(frozen=True)
class SigningConfig:
    p12: str | None = None
    p12_password: str | None = None
    pkcs11_module: str | None = None
    pkcs11_token: str | None = None
    pkcs11_key: str | None = None
    pkcs11_cert: str | None = None
    pkcs11_pin: str | None = None
    tsa_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SigningConfig:
        e = os.environ if env is None else env
        return cls(
            p12=e.get("THIDUA_SIGNING_P12") or None,
            p12_password=e.get("THIDUA_SIGNING_P12_PASSWORD"),
            pkcs11_module=e.get("THIDUA_PKCS11_MODULE") or None,
            pkcs11_token=e.get("THIDUA_PKCS11_TOKEN") or None,
            pkcs11_key=e.get("THIDUA_PKCS11_KEY") or None,
            pkcs11_cert=e.get("THIDUA_PKCS11_CERT") or None,
            pkcs11_pin=e.get("THIDUA_PKCS11_PIN"),
            tsa_url=e.get("THIDUA_TSA_URL") or None,
        )

    @property
    def configured(self) -> bool:
        return bool(self.p12 or self.pkcs11_module)


def p12_signer(path: str, password: str | None) -> signers.SimpleSigner:
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            path, passphrase=password.encode() if password is not None else None
        )
    except (OSError, ValueError) as e:
        raise SigningError(f"Không đọc được tệp PKCS#12 {path}: {e}") from None
    if signer is None:
        raise SigningError(f"Không đọc được khóa và chứng thư trong tệp PKCS#12 {path}")
    return signer


@contextmanager
def pkcs11_signer(config: SigningConfig) -> Iterator[Any]:
    """A signer on a PKCS#11 token; the session is closed afterwards."""

    try:
        session = pkcs11.open_pkcs11_session(
            config.pkcs11_module or "",
            token_criteria=TokenCriteria(label=config.pkcs11_token),
            user_pin=config.pkcs11_pin,
        )
    except Exception as e:  # the library raises its own types for a missing token or PIN
        raise SigningError(f"Không mở được thiết bị ký PKCS#11: {e}") from None
    try:
        yield pkcs11.PKCS11Signer(
            session,
            cert_label=config.pkcs11_cert or config.pkcs11_key,
            key_label=config.pkcs11_key,
            other_certs_to_pull=None,
        )
    finally:
        session.close()


@contextmanager
def configured_signer(config: SigningConfig | None = None) -> Iterator[Any]:
    config = config or SigningConfig.from_env()
    if config.p12:
        yield p12_signer(config.p12, config.p12_password)
    elif config.pkcs11_module:
        with pkcs11_signer(config) as signer:
            yield signer
    else:
        raise SigningError(
            "Chưa cấu hình chữ ký số: đặt THIDUA_SIGNING_P12 (tệp PKCS#12) hoặc "
            "THIDUA_PKCS11_MODULE (thiết bị ký); `thidua keys dev` tạo khóa phát triển."
        )


def configured_timestamper(config: SigningConfig | None = None) -> TimeStamper | None:
    config = config or SigningConfig.from_env()
    return HTTPTimeStamper(config.tsa_url) if config.tsa_url else None


def signer_name(signer: Any) -> str | None:
    """The person a signer's certificate names (its subject's common name), if any."""
    cert = getattr(signer, "signing_cert", None)
    if cert is None:
        return None
    try:
        name = cert.subject.native.get("common_name")
    except (AttributeError, ValueError):
        return None
    return str(name).strip() or None if name else None


def sign_pdf(
    pdf: bytes,
    signer: Any,
    *,
    timestamper: TimeStamper | None = None,
    location: str | None = None,
    name: str | None = None,
) -> bytes:
    """`pdf` with one invisible PAdES signature appended (an incremental update that
    keeps the PDF/A metadata consistent: pdfa_writer)."""
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=REASON,
        location=location,
        name=name,
    )
    writer = PdfaIncrementalWriter(BytesIO(pdf), when=datetime.now(UTC))
    try:
        out = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper)
    except Exception as e:  # token, TSA or key errors
        raise SigningError(f"Ký số không thành công: {e}") from e
    return out.getvalue()
