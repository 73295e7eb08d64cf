"""The election record: everything a poll publishes so that anyone can check its
tally (ElectionGuard 1.0 §5 "Election record"; Helios' and Belenios' public
bulletin board). `tools/verify_tally.py` checks it without thidua's code.

One canonical JSON encoding (sorted keys, no spaces, UTF-8), versioned:

    {"format": "thidua-eg-1",
     "poll": {"poll_id", "options": [...], "max_choices", "k", "n", "joint_key"},
     "committee": [{"index", "commitments": [C_i0..], "proofs": [[c, v]..],
                    "verification_key"}],
     "ballots": [{"ciphertexts": [[A, B]..], "proofs": [[[c, z]..]..],
                  "sum_proof": [[c, z]..], "hash"}],
     "encrypted_tally": [[A, B]..],
     "partial_decryptions": [{"index", "shares": [D..], "proofs": [[c, v]..]}],
     "tally": [t_1, ..]}

Points and scalars are 32-byte hex; `hash` is a ballot's receipt (SHA-256 of its
canonical JSON without `hash`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.polls.secret.codec import FormatError, canonical, unhex
from service.polls.secret.decrypt import Partial
from service.polls.secret.elgamal import FORMAT, Ballot, Ciphertext, Context
from service.polls.secret.group import point
from service.polls.secret.threshold import Announcement, verification_key


def build(
    context: Context,
    announcements: Mapping[int, Announcement],
    ballots: Sequence[Ballot],
    tally_ciphertexts: Sequence[Ciphertext],
    partials: Sequence[Partial],
    tally: Sequence[int],
) -> dict[str, Any]:
    """The record of a closed poll, as a JSON-ready dict."""
    committee = []
    for j, ann in sorted(announcements.items()):
        public = ann.to_json()
        del public["box_key"]  # only the ceremony needed it
        public["verification_key"] = verification_key(j, announcements).hex()
        committee.append(public)
    return {
        "format": FORMAT,
        "poll": context.to_json(),
        "committee": committee,
        "ballots": [{**b.to_json(), "hash": b.hash} for b in ballots],
        "encrypted_tally": [[a.hex(), b.hex()] for a, b in tally_ciphertexts],
        "partial_decryptions": [p.to_json() for p in sorted(partials, key=lambda p: p.index)],
        "tally": list(tally),
    }


def dumps(record: Mapping[str, Any]) -> bytes:
    """The record's one canonical encoding."""
    return canonical(record)


@dataclass(frozen=True)
class Parsed:
    context: Context
    announcements: dict[int, Announcement]
    ballots: list[Ballot]
    tally_ciphertexts: list[Ciphertext]
    partials: list[Partial]
    tally: list[int]


def loads(data: bytes | str) -> Parsed:
    """A record read back into the library's types (points checked on the way)."""
    try:
        d = json.loads(data)
        if d.get("format") != FORMAT:
            raise FormatError(f"not a {FORMAT} record")
        p = d["poll"]
        context = Context(
            p["poll_id"],
            tuple(p["options"]),
            p["max_choices"],
            p["k"],
            p["n"],
            unhex(p["joint_key"]),
        )
        announcements = {
            m["index"]: Announcement.from_json({**m, "box_key": "00" * 32}) for m in d["committee"]
        }
        return Parsed(
            context,
            announcements,
            [Ballot.from_json(b) for b in d["ballots"]],
            [(point(unhex(a)), point(unhex(b))) for a, b in d["encrypted_tally"]],
            [Partial.from_json(x) for x in d["partial_decryptions"]],
            [int(t) for t in d["tally"]],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise FormatError(f"not a readable record: {error}") from error


def has_receipt(record: Mapping[str, Any], receipt: str) -> bool:
    """Whether the ballot whose hash is `receipt` is in the record."""
    return any(b.get("hash") == receipt.strip().lower() for b in record["ballots"])
