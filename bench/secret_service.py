"""P10 through the service: the same 60-member poll as `secret_ballots.whole_poll`, but
every step a command of the real service on a SQLite store (events written, chain
links, the committee and poll aggregates loaded and saved each time):

open the eg1 poll with a 2-of-3 committee, the three members' three ceremony steps
(their files locked and opened again, as a member's requests do), 60 ballots cast by
60 officers (each encrypted and checked by the server before it is stored), two
members' partial decryptions, close (tally combined, record published), and the
record read back and checked by tools/verify_tally.py.

The store (60 units, the cluster, the year) is made before the clock starts, one per
repeat. The members' files use libsodium's smallest Argon2id limits: with the
service's MODERATE limits each of the 6 files costs 0.5-0.8 s more, spent once per
member in that member's own request (measured apart in docs/PERFORMANCE.md).
"""

from __future__ import annotations

import json
import random
import tempfile
from datetime import date
from pathlib import Path
from types import ModuleType
from uuid import UUID

from nacl import pwhash

from domain.org.regulation import Regulation
from domain.org.unit import Unit, UnitKind
from service.audit.schema import create_schema
from service.org import units
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.polls import committee as counting
from service.polls import polls
from service.year import clusters

VOTERS = 60
CODES = [f"B{i:02d}" for i in range(1, VOTERS + 1)]
COMMITTEE, CANDIDATES = CODES[:3], CODES[3:6]
ON = date(2015, 12, 5)
PASSPHRASE = "cụm mật khẩu thử của ban kiểm phiếu"


def officer(code: str) -> Principal:
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


class Stores:
    """Fresh SQLite stores holding 60 units in a cluster and its open year."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="thidua-p10-")
        self.made = 0

    def fresh(self) -> tuple[ThiduaApplication, UUID]:
        self.made += 1
        url = f"sqlite:///{Path(self.folder.name) / f'p10-{self.made}.db'}"
        create_schema(url)
        app = ThiduaApplication(url)
        admin = SYSTEM_PRINCIPAL
        for code in CODES:
            units.register_unit(app, admin, code, UnitKind.PROVINCE, f"LĐLĐ tỉnh {code}", ON)
        clusters.establish_cluster(app, admin, "P10", "Cụm đo P10", ON, Regulation())
        for code in CODES:
            clusters.admit_member(app, admin, "P10", code, ON)
        year = clusters.open_year(
            app, admin, "P10", 2015, date(2014, 11, 18), chair_code=CODES[0], vice_code=CODES[1]
        )
        return app, year

    def close(self) -> None:
        self.folder.cleanup()


def service_poll(app: ThiduaApplication, year: UUID, verifier: ModuleType, seed: int = 1) -> None:
    """Open, ceremony, 60 ballots, 2 partials, close, verify: all through the service."""
    rng = random.Random(seed)
    chair = officer(CODES[0])
    poll = polls.open_poll(
        app,
        chair,
        year,
        "leading",
        [Unit.id_for(c) for c in CANDIDATES],
        ON,
        secret=True,
        committee=[Unit.id_for(c) for c in COMMITTEE],
        threshold=2,
    )
    dealers = {m: counting.begin_ceremony(app, officer(m), poll, PASSPHRASE) for m in COMMITTEE}
    for m in COMMITTEE:
        counting.deal_shares(app, officer(m), poll, dealers[m], PASSPHRASE)
    shares = {
        m: counting.finish_ceremony(app, officer(m), poll, dealers[m], PASSPHRASE)
        for m in COMMITTEE
    }
    for code in CODES:
        choice = rng.choice([None, *CANDIDATES])
        chosen = [Unit.id_for(choice)] if choice else []
        polls.cast_ballot(app, officer(code), poll, chosen, ON, blank=choice is None)
    for m in (COMMITTEE[0], COMMITTEE[2]):
        counting.submit_partial(app, officer(m), poll, shares[m], PASSPHRASE)
    polls.close_poll(app, chair, poll, ON)
    record = counting.election_record(app, poll)
    verifier.verify(json.loads(json.dumps(record)))


class FastFiles:
    """The members' files at libsodium's smallest Argon2id limits while timing."""

    def __enter__(self) -> FastFiles:
        self.saved = counting.OPSLIMIT, counting.MEMLIMIT
        counting.OPSLIMIT = pwhash.argon2id.OPSLIMIT_MIN
        counting.MEMLIMIT = pwhash.argon2id.MEMLIMIT_MIN
        return self

    def __exit__(self, *_: object) -> None:
        counting.OPSLIMIT, counting.MEMLIMIT = self.saved
