"""Signing with a PKCS#11 token: SoftHSM2 (Debian's softhsm2, installed by bootstrap.sh)
holding the chair's key and certificate, selected by token and key label through the
same configuration a hardware token would use."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from service.documents import SigningConfig, build_bundle, verify_bundle
from service.documents.keys import DevKeys
from service.documents.signing import SigningError
from service.platform.app import ThiduaApplication
from tests.documents.conftest import INPUTS, Demo

MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
PIN, SO_PIN, TOKEN, LABEL = "1234", "5678", "thidua-test", "truong-cum"

pytestmark = pytest.mark.skipif(
    not (MODULE.exists() and shutil.which("softhsm2-util")),
    reason="softhsm2 is not installed (scripts/bootstrap.sh installs it)",
)


@pytest.fixture
def token(keys: DevKeys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SigningConfig:
    """A SoftHSM2 token with the dev signer's key (softhsm2-util) and certificate."""
    tokens = tmp_path / "tokens"
    tokens.mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    key, cert, _ = pkcs12.load_key_and_certificates(keys.p12.read_bytes(), keys.password.encode())
    assert key is not None and cert is not None
    pem = tmp_path / "key.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    util = ["softhsm2-util"]
    subprocess.run(
        [*util, "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *util,
            "--import",
            str(pem),
            "--token",
            TOKEN,
            "--label",
            LABEL,
            "--id",
            "01",
            "--pin",
            PIN,
        ],
        check=True,
        capture_output=True,
    )
    pem.unlink()
    _store_certificate(cert)
    return SigningConfig(
        pkcs11_module=str(MODULE), pkcs11_token=TOKEN, pkcs11_key=LABEL, pkcs11_pin=PIN
    )


def _store_certificate(cert) -> None:  # type: ignore[no-untyped-def]
    """softhsm2-util imports keys only: put the certificate on the token with python-pkcs11."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    token = pkcs11.lib(str(MODULE)).get_token(token_label=TOKEN)
    with token.open(user_pin=PIN, rw=True) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: LABEL,
                Attribute.ID: b"\x01",
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.ISSUER: cert.issuer.public_bytes(),
            }
        )


def test_a_bundle_signed_on_a_pkcs11_token_verifies(
    token: SigningConfig, shared_app: ThiduaApplication, demo: Demo, keys: DevKeys
) -> None:
    pdf = build_bundle(shared_app, demo.year_id, inputs=INPUTS, config=token)
    report = verify_bundle(pdf, app=shared_app, ca=[keys.ca])
    assert report.ok, report.reasons
    assert "Trưởng Cụm thi đua (phát triển)" in (report.signer or "")


def test_a_wrong_pin_is_refused_in_vietnamese(
    token: SigningConfig, shared_app: ThiduaApplication, demo: Demo
) -> None:
    wrong = SigningConfig(**{**token.__dict__, "pkcs11_pin": "0000"})
    with pytest.raises(SigningError, match="Không mở được thiết bị ký PKCS#11"):
        build_bundle(shared_app, demo.year_id, inputs=INPUTS, config=wrong)
