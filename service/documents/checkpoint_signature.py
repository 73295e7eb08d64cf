"""A checkpoint signed by the server's key (CMS, detached), timestamped when configured.

The signed bytes are the checkpoint's JSON with sorted keys, compact separators and
UTF-8 (`signed_bytes`), so anyone can rebuild them from the file; the signature is a
detached CMS SignedData (pyHanko, the key the bundles are signed with: PKCS#12 or a
PKCS#11 token, service/documents/signing.py), with an RFC 3161 timestamp when a
timestamp server is configured. `openssl cms -verify -binary -inform DER -in SIG
-content CP -CAfile ca.pem` checks it too.
"""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

from asn1crypto import cms
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext

from service.platform.chain_format import Checkpoint


def signed_bytes(cp: Checkpoint) -> bytes:
    return json.dumps(
        cp.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def sign_checkpoint(cp: Checkpoint, signer: Any, timestamper: TimeStamper | None) -> dict[str, Any]:
    """`{"checkpoint": {...}, "signature": base64 DER}`: the checkpoint file, signed."""
    signed = asyncio.run(
        signer.async_sign_general_data(
            signed_bytes(cp), "sha256", detached=True, timestamper=timestamper
        )
    )
    return {"checkpoint": cp.to_json(), "signature": base64.b64encode(signed.dump()).decode()}


def signature_valid(record: dict[str, Any], trust_roots: list[Any]) -> bool:
    """Does the record's signature cover its checkpoint, by a certificate that chains to
    one of `trust_roots` (asn1crypto certificates)?"""
    try:
        cp = Checkpoint.from_json(record["checkpoint"])
        info = cms.ContentInfo.load(base64.b64decode(record["signature"], validate=True))
        status = asyncio.run(
            async_validate_detached_cms(
                signed_bytes(cp),
                info["content"],
                signer_validation_context=ValidationContext(trust_roots=trust_roots),
            )
        )
    except Exception:  # not a signature at all: not valid
        return False
    return bool(status.bottom_line)
