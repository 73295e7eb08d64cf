"""A checkpoint signed by the server's key: the signature covers exactly the checkpoint,
chains to the CA, and `thidua audit checkpoint --sign` writes it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from click.testing import CliRunner

from domain.org.unit import Unit, UnitKind
from service.documents.checkpoint_signature import sign_checkpoint, signature_valid
from service.documents.keys import DevKeys
from service.platform.app import ThiduaApplication
from service.platform.chain_format import Checkpoint
from web.cli.main import cli


def ca_of(keys: DevKeys) -> list[asn1_x509.Certificate]:
    _, _, der = pem.unarmor(keys.ca.read_bytes())
    return [asn1_x509.Certificate.load(der)]


def test_the_signature_covers_exactly_the_checkpoint(signer, keys: DevKeys) -> None:  # type: ignore[no-untyped-def]
    cp = Checkpoint(5, 5, "ab" * 32, "cd" * 32, "2026-01-01T00:00:00+00:00")
    record = sign_checkpoint(cp, signer, None)
    assert signature_valid(record, ca_of(keys))
    for field, value in (("count", 6), ("merkle_root", "ce" * 32), ("position", 4)):
        changed = {**record, "checkpoint": {**record["checkpoint"], field: value}}
        assert not signature_valid(changed, ca_of(keys)), field
    assert not signature_valid(record, [])  # a signer nobody trusts
    assert not signature_valid({**record, "signature": "bm90IGEgc2lnbmF0dXJl"}, ca_of(keys))


def test_audit_checkpoint_sign(keys: DevKeys, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    env = {
        "THIDUA_DATABASE_URL": url,
        "THIDUA_INSTANCE_PATH": str(tmp_path / "instance"),
        "THIDUA_SIGNING_P12": str(keys.p12),
        "THIDUA_SIGNING_P12_PASSWORD": keys.password,
    }
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "init"], env=env).exit_code == 0
    app = ThiduaApplication(url)
    try:
        app.save(Unit.register("HN", UnitKind.PROVINCE, "LĐLĐ HN", None, date(2025, 7, 1)))
    finally:
        app.close()
    out = tmp_path / "cp.json"
    done = runner.invoke(cli, ["audit", "checkpoint", "--sign", "-o", str(out)], env=env)
    assert done.exit_code == 0, done.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["checkpoint"]["count"] == 1 and signature_valid(record, ca_of(keys))
    later = runner.invoke(cli, ["audit", "verify", "--checkpoint", str(out)], env=env)
    assert later.exit_code == 0, later.output  # a signed checkpoint is still a checkpoint

    proof = tmp_path / "proof.json"
    proved = runner.invoke(cli, ["audit", "prove", str(out), "--sign", "-o", str(proof)], env=env)
    assert proved.exit_code == 0, proved.output
    body = json.loads(proof.read_text(encoding="utf-8"))["consistency"]
    new = {"checkpoint": body["new"], "signature": body["new_signature"]}
    assert signature_valid(new, ca_of(keys))

    unsigned = {k: v for k, v in env.items() if not k.startswith("THIDUA_SIGNING")}
    refused = runner.invoke(cli, ["audit", "checkpoint", "--sign"], env=unsigned)
    assert refused.exit_code == 1 and "Chưa cấu hình chữ ký số" in refused.output
