"""P10: the secret-ballot core (issue 16) against the primitive it is made of.

The base of every ratio is one bare `crypto_scalarmult_ed25519_noclamp` (libsodium
through PyNaCl): a ratio of 40 means the step costs as much as 40 bare scalar
multiplications. Each row's `extra` has the step's primitive counts (variable-base
and fixed-base scalar multiplications, point additions), counted in a separate pass
(the library's side only: the standalone verifier calls libsodium itself, so the whole
poll's counts leave out its re-check, which costs about as much as the server's checks).

- one option's encryption with its 0-or-1 proof; one such proof checked;
- one member's partial decryption of a 3-option tally (with its proofs);
- the whole poll: the 2-of-3 key ceremony, 60 ballots (3 options, at most 1 choice)
  each encrypted and checked by the server, close by 2 members (tally, partials
  checked, combined), the record built, then checked by tools/verify_tally.py (loaded
  from its file: it is not part of the service). Goal ≤ 2 s on 2 cores;
- the same poll through the service on SQLite (bench/secret_service.py): every step a
  command, events stored; same goal.
"""

from __future__ import annotations

import importlib.util
import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from nacl import bindings as sodium

from bench import secret_service
from bench.harness import Row, interleave
from service.polls.secret import decrypt, elgamal, record, threshold
from service.polls.secret import group as g

TOOL = Path(__file__).resolve().parents[1] / "tools" / "verify_tally.py"
OPTIONS = ("A", "B", "C")
VOTERS = 60


def load_verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_tally", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count libsodium's group operations made through service.polls.secret.group."""
    counts: Counter[str] = Counter()
    saved = {name: getattr(g, name) for name in ("mul", "base_mul", "add", "sub")}
    labels = {"mul": "scalarmult", "base_mul": "scalarmult_base", "add": "add", "sub": "sub"}

    def counted(name: str) -> Callable[..., bytes]:
        def fn(*args: bytes) -> bytes:
            counts[labels[name]] += 1
            return saved[name](*args)

        return fn

    for name in saved:
        setattr(g, name, counted(name))
    try:
        yield counts
    finally:
        for name, fn in saved.items():
            setattr(g, name, fn)


def ceremony(poll_id: str) -> tuple[dict[int, threshold.Announcement], dict[int, threshold.Share]]:
    dealers, anns = {}, {}
    for i in (1, 2, 3):
        dealers[i], anns[i] = threshold.start(poll_id, i, 2, 3)
    for ann in anns.values():
        threshold.check_announcement(poll_id, 2, 3, ann)
    sealed = {i: threshold.deal(dealers[i], anns) for i in dealers}
    shares = {}
    for j, dealer in dealers.items():
        got = {i: threshold.receive(dealer, anns[i], sealed[i][j]) for i in dealers if i != j}
        shares[j] = threshold.finish(dealer, got, anns)
    return anns, shares


def whole_poll(verifier: ModuleType, seed: int = 1) -> dict[str, Any]:
    """Open, 60 ballots, close by members 1 and 3, verify; returns the record."""
    rng = random.Random(seed)
    anns, shares = ceremony("bench-poll")
    context = elgamal.Context("bench-poll", OPTIONS, 1, 2, 3, threshold.joint_key(anns))
    ballots = []
    for _ in range(VOTERS):
        ballot = elgamal.encrypt_ballot(context, rng.choice([[], [0], [1], [2]]))
        elgamal.check_ballot(context, ballot)
        ballots.append(ballot)
    tally_ct = decrypt.encrypted_tally(context, ballots)
    keys = {j: threshold.verification_key(j, anns) for j in anns}
    partials = {j: decrypt.partial_decrypt(context, shares[j], tally_ct) for j in (1, 3)}
    counts = decrypt.combine(context, tally_ct, partials, keys, VOTERS)
    rec = record.build(context, anns, ballots, tally_ct, list(partials.values()), counts)
    verifier.verify(json.loads(record.dumps(rec)))
    return rec


def run(repeats: int, quick: bool = False, out: Callable[[str], None] = print) -> list[Row]:
    verifier = load_verifier()
    anns, shares = ceremony("bench-micro")
    context = elgamal.Context("bench-micro", OPTIONS, 1, 2, 3, threshold.joint_key(anns))
    key, base = context.joint_key, context.base
    point, k = g.power(7), g.random_scalar()
    n_micro = 20 if quick else 100

    def prove_one() -> tuple[elgamal.Ciphertext, elgamal.Proof, list[Any]]:
        ct, r = elgamal.encrypt(key, 1)
        statement = elgamal._statement(base, "option 0", list(ct), ct, 1)
        return ct, elgamal.prove_range(key, ct, 1, r, 1, statement), statement

    ct, proof, statement = prove_one()
    tally_ct = decrypt.encrypted_tally(
        context, [elgamal.encrypt_ballot(context, [i % 3]) for i in range(6)]
    )

    def bare() -> int:
        for _ in range(n_micro):
            sodium.crypto_scalarmult_ed25519_noclamp(k, point)
        return n_micro

    def encrypt_option() -> int:
        for _ in range(n_micro):
            prove_one()
        return n_micro

    def check_option() -> int:
        for _ in range(n_micro):
            assert elgamal.check_range(key, ct, proof, 1, statement)
        return n_micro

    def partial() -> int:
        for _ in range(n_micro // 5):
            decrypt.partial_decrypt(context, shares[1], tally_ct)
        return n_micro // 5

    def poll() -> int:
        whole_poll(verifier)
        return 1

    stores = secret_service.Stores()
    ready = [stores.fresh() for _ in range(repeats + 1)]  # made before the clock starts

    def service() -> int:
        app, year = ready.pop()
        secret_service.service_poll(app, year, verifier)
        app.close()
        return 1

    fns = {"bare": bare, "encrypt": encrypt_option, "check": check_option, "partial": partial}
    fns["poll"] = poll
    fns["service"] = service
    with secret_service.FastFiles():
        seconds = interleave(fns, repeats)
    ops: dict[str, dict[str, int]] = {}
    for name, fn in [
        ("encrypt", prove_one),
        ("check", lambda: elgamal.check_range(key, ct, proof, 1, statement)),
        ("partial", lambda: decrypt.partial_decrypt(context, shares[1], tally_ct)),
        ("poll", lambda: whole_poll(verifier)),
        ("service", service),
    ]:
        with counting() as counts, secret_service.FastFiles():
            fn()
        ops[name] = dict(counts)
    stores.close()
    base_ms = seconds["bare"] * 1e3

    def row(name: str, subject: str, goal: str = "") -> Row:
        return Row(
            "P10",
            subject,
            seconds[name] * 1e3,
            "ms",
            "bare scalarmult_ed25519_noclamp",
            base_ms,
            goal,
            extra=ops[name],
        )

    for name, subject in [
        ("encrypt", "one option"),
        ("check", "one check"),
        ("partial", "one partial"),
        ("poll", "whole poll"),
        ("service", "whole poll through the service"),
    ]:
        counted = ", ".join(f"{op} {n:,}" for op, n in sorted(ops[name].items()))
        out(f"P10 primitives, {subject}: {counted}")
    return [
        row("encrypt", "encrypt one option + 0/1 proof"),
        row("check", "check one option's 0/1 proof"),
        row("partial", "partial decryption, 3 options"),
        row("poll", "open + 60 ballots + close + verify", "<= 2000 ms"),
        row("service", "the same through the service on SQLite", "<= 2000 ms"),
    ]
