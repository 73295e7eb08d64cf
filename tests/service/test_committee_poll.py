"""Issue 16 on SQLite and PostgreSQL: a 12-member secret poll counted by a 2-of-3
committee (format "eg1"): the key ceremony, 12 ballots, close with members 1 and 3
(member 2's share lost), the record checked by tools/verify_tally.py from the audit
export; one partial or none cannot close; someone holding the whole store, every
server file and one member's share opens no ballot."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from nacl import pwhash

from domain.kernel.base import DomainError
from domain.org.regulation import Regulation
from domain.org.unit import Unit, UnitKind
from domain.polls.committee import CountingCommittee
from service.audit.export import write_export
from service.audit.schema import create_schema
from service.org import units
from service.platform import ballots
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.platform.paths import instance_path, secrets_path
from service.polls import committee as counting
from service.polls import polls
from service.polls.queries import poll_info
from service.polls.secret import decrypt, threshold
from service.polls.secret import group as g
from service.polls.secret.threshold import Dealer
from service.year import clusters
from tests.prepared import fresh_postgres_db
from web.cli.committee import committee_cli

ROOT = Path(__file__).resolve().parents[2]
CODES = [f"T{i:02d}" for i in range(1, 13)]
ON = date(2015, 12, 5)
PASS = {code: f"cụm mật khẩu của {code}" for code in CODES}
COMMITTEE = ["T01", "T02", "T03"]
CANDIDATES = ["T04", "T05", "T06"]
# 12 ballots: T04 gets 7, T05 2, T06 1, 2 blank
CHOICES = {
    **{c: "T04" for c in CODES[:7]},
    **{c: "T05" for c in CODES[7:9]},
    "T10": "T06",
    "T11": None,
    "T12": None,
}


@pytest.fixture(autouse=True)
def fast_files(monkeypatch, tmp_path):
    """The members' files with libsodium's smallest Argon2id limits (the format and the
    code path are the same; MODERATE costs ~0.6 s a file)."""
    monkeypatch.setattr(counting, "OPSLIMIT", pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(counting, "MEMLIMIT", pwhash.argon2id.MEMLIMIT_MIN)
    monkeypatch.delenv(ballots.SECRET_ENV, raising=False)
    monkeypatch.delenv(ballots.KEY_FILE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)  # no ./instance of a developer's checkout read as the server's


def uid(code):
    return Unit.id_for(code)


def officer(code):
    return Principal(f"canbo.{code.lower()}", uid(code))


CHAIR = officer("T01")


def refused(app, fn):
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError) as e:
        fn()
    assert app.recorder.max_notification_id() == before, "nothing may be stored"
    return e.value.code


@pytest.fixture
def regulation():
    return Regulation()


@pytest.fixture
def year(app, admin, regulation):
    for code in CODES:
        units.register_unit(app, admin, code, UnitKind.PROVINCE, f"LĐLĐ tỉnh {code}", ON)
    clusters.establish_cluster(app, admin, "C1", "Cụm thi đua thử", ON, regulation)
    for code in CODES:
        clusters.admit_member(app, admin, "C1", code, ON)
    return clusters.open_year(
        app, admin, "C1", 2015, date(2014, 11, 18), chair_code="T01", vice_code="T02"
    )


def open_eg1(app, year, kind="leading", committee=COMMITTEE, k=2):
    return polls.open_poll(
        app,
        CHAIR,
        year,
        kind,
        [uid(c) for c in CANDIDATES],
        ON,
        secret=True,
        committee=[uid(c) for c in committee],
        threshold=k,
    )


def ceremony(app, poll, members=COMMITTEE, dealers=None):
    """The three steps, each member in its own request; returns each one's share file
    (and fills `dealers` with their dealer files)."""
    dealers = {} if dealers is None else dealers
    dealers.update({m: counting.begin_ceremony(app, officer(m), poll, PASS[m]) for m in members})
    for m in members:
        counting.deal_shares(app, officer(m), poll, dealers[m], PASS[m])
    return {
        m: counting.finish_ceremony(app, officer(m), poll, dealers[m], PASS[m]) for m in members
    }


def vote_all(app, poll, absentee=()):
    """Every unit votes as CHOICES says; those in `absentee` by a written vote that the
    chair files."""
    receipts = {}
    for code, choice in CHOICES.items():
        chosen = [] if choice is None else [uid(choice)]
        if code in absentee:
            polls.cast_absentee_ballot(
                app, CHAIR, poll, uid(code), chosen, ON, blank=choice is None
            )
            continue
        receipts[code] = polls.cast_ballot(
            app, officer(code), poll, chosen, ON, blank=choice is None
        )
    return receipts


def run_tool(*args):
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "verify_tally.py"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_committee_poll_from_ceremony_to_a_verified_tally(app, year, tmp_path):
    poll = open_eg1(app, year)
    assert polls.poll_of(app, poll).format == "eg1"
    assert refused(app, lambda: polls.cast_ballot(app, officer("T05"), poll, [uid("T04")], ON)) == (
        "poll.key_not_published"
    )
    # the ceremony, with its refusals
    outsider = officer("T09")
    assert refused(app, lambda: counting.begin_ceremony(app, outsider, poll, "x")) == (
        "poll.not_committee_member"
    )
    d1 = counting.begin_ceremony(app, officer("T01"), poll, PASS["T01"])
    assert refused(app, lambda: counting.begin_ceremony(app, officer("T01"), poll, "y")) == (
        "poll.ceremony_already_begun"
    )
    assert refused(
        app, lambda: counting.deal_shares(app, officer("T01"), poll, d1, PASS["T01"])
    ) == ("poll.ceremony_out_of_order")
    d2 = counting.begin_ceremony(app, officer("T02"), poll, PASS["T02"])
    d3 = counting.begin_ceremony(app, officer("T03"), poll, PASS["T03"])
    dealers = {"T01": d1, "T02": d2, "T03": d3}
    assert refused(app, lambda: counting.deal_shares(app, officer("T01"), poll, d1, "sai")) == (
        "poll.wrong_passphrase"
    )
    assert refused(
        app, lambda: counting.deal_shares(app, officer("T01"), poll, d2, PASS["T02"])
    ) == ("poll.share_not_yours")
    for m in COMMITTEE[:2]:
        counting.deal_shares(app, officer(m), poll, dealers[m], PASS[m])
    assert refused(
        app, lambda: counting.finish_ceremony(app, officer("T01"), poll, d1, PASS["T01"])
    ) == ("poll.ceremony_out_of_order")
    counting.deal_shares(app, officer("T03"), poll, d3, PASS["T03"])
    shares = {
        m: counting.finish_ceremony(app, officer(m), poll, dealers[m], PASS[m]) for m in COMMITTEE
    }
    stored = polls.poll_of(app, poll)
    assert stored.joint_key is not None
    # voting: 12 ballots, 2 blank, T12's a written vote the chair files (counted)
    receipts = vote_all(app, poll, absentee={"T12"})
    assert len(receipts) == 11 and all(len(r) == 64 for r in receipts.values())
    assert polls.poll_of(app, poll).ballots_received == 12
    # no one alone closes: not the operator or the chair without partials, not one member
    assert refused(app, lambda: polls.close_poll(app, CHAIR, poll, ON)) == "poll.too_few_partials"
    counting.submit_partial(app, officer("T01"), poll, shares["T01"], PASS["T01"])
    assert refused(app, lambda: polls.close_poll(app, CHAIR, poll, ON)) == "poll.too_few_partials"
    assert refused(
        app, lambda: counting.submit_partial(app, officer("T03"), poll, shares["T01"], PASS["T01"])
    ) == ("poll.share_not_yours")
    assert refused(app, lambda: polls.cast_ballot(app, officer("T01"), poll, [], ON, blank=True))
    # member 2's share is lost: members 1 and 3 are enough
    counting.submit_partial(app, officer("T03"), poll, shares["T03"], PASS["T03"])
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert {code: result.tally[uid(code)] for code in CANDIDATES} == {"T04": 7, "T05": 2, "T06": 1}
    assert (result.participated, result.counted, result.blank) == (12, 12, 2)
    assert (result.absentee_counted, result.absentee_ignored) == (1, 0)
    assert result.winner == uid("T04")
    record = counting.election_record(app, poll)
    assert record["tally"] == [7, 2, 1] and len(record["ballots"]) == 12
    info = poll_info(app, poll)
    assert info["format"] == "eg1" and info["record"] == record
    assert info["committee"]["threshold"] == 2

    # the audit export embeds the record: both verifiers accept it
    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as f:
        write_export(app, f)
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "verify_export.py"), str(export)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    done = run_tool(export)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "KẾT LUẬN: hồ sơ kiểm phiếu hợp lệ." in done.stdout
    # a voter finds its receipt
    done = run_tool(export, "--receipt", receipts["T08"])
    assert done.returncode == 0 and "CÓ trong hồ sơ" in done.stdout, done.stdout
    # one flipped byte in ballot 5: refused, naming it
    lines = export.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "thidua-eg-1" in line)
    row = json.loads(lines[at])
    proof = row["data"]["record"]["ballots"][4]["proofs"][1][0]
    proof[1] = proof[1][:10] + ("0" if proof[1][10] != "0" else "1") + proof[1][11:]
    lines[at] = json.dumps(row, ensure_ascii=False)
    flipped = tmp_path / "flipped.jsonl"
    flipped.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_tool(flipped)
    assert done.returncode == 1, done.stdout
    assert "KHÔNG HỢP LỆ: phiếu số 5" in done.stdout, done.stdout


def test_a_committee_poll_refuses_what_it_must(app, year):
    assert refused(
        app,
        lambda: polls.open_poll(
            app, CHAIR, year, "leading", [uid("T04")], ON, secret=False,
            committee=[uid(c) for c in COMMITTEE], threshold=2,
        ),
    ) == "poll.committee_not_secret"  # fmt: skip
    for committee, k, code in [
        (COMMITTEE, 1, "poll.committee_bad_threshold"),
        (COMMITTEE, 4, "poll.committee_bad_threshold"),
        (["T01"], 2, "poll.committee_too_small"),
        (["T01", "T01"], 2, "poll.committee_duplicate"),
    ]:
        assert refused(app, lambda c=committee, k=k: open_eg1(app, year, committee=c, k=k)) == code
    poll = open_eg1(app, year)
    assert app.exists(CountingCommittee.id_for(poll))
    shares = ceremony(app, poll)
    # too few ballots to publish: nothing is decrypted, the poll only fails
    polls.cast_ballot(app, officer("T04"), poll, [uid("T04")], ON)
    assert refused(
        app, lambda: counting.submit_partial(app, officer("T01"), poll, shares["T01"], PASS["T01"])
    ) == ("poll.too_few_to_count")
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert result.tally == {} and not result.quorum_met and result.participated == 1
    assert refused(app, lambda: counting.election_record(app, poll)) == "poll.no_record"


@pytest.mark.parametrize("regulation", [Regulation(absentee_votes="ignore")])
def test_written_absentee_votes_left_out_when_the_rules_say_so(app, year, tmp_path):
    poll = open_eg1(app, year)
    shares = ceremony(app, poll)
    assert CHOICES["T10"] == "T06"
    vote_all(app, poll, absentee={"T10"})  # T10's vote for T06 is a written one
    for m in ("T02", "T03"):
        counting.submit_partial(app, officer(m), poll, shares[m], PASS[m])
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert {code: result.tally[uid(code)] for code in CANDIDATES} == {"T04": 7, "T05": 2, "T06": 0}
    assert (result.participated, result.absentee_counted, result.absentee_ignored) == (11, 0, 1)
    record = counting.election_record(app, poll)
    assert len(record["ballots"]) == 11 and record["tally"] == [7, 2, 0]
    (tmp_path / "record.json").write_text(json.dumps(record), encoding="utf-8")
    done = run_tool(tmp_path / "record.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert polls.poll_of(app, poll).ballots_received == 12


def test_a_partial_of_fewer_ballots_does_not_count(app, year):
    """A member's partial covers the tally as it stood; a later ballot (cast before the
    first partial was recorded) makes it stale: it must be given again."""
    poll = open_eg1(app, year)
    shares = ceremony(app, poll)
    vote_all(app, poll)
    committee = app.repository.get(CountingCommittee.id_for(poll))
    assert committee.stage == "ready"
    counting.submit_partial(app, officer("T01"), poll, shares["T01"], PASS["T01"])
    counting.submit_partial(app, officer("T02"), poll, shares["T02"], PASS["T02"])
    # a forged partial count: the record of member 2 says 11 ballots
    committee = app.repository.get(CountingCommittee.id_for(poll))
    partial = committee.partials[2][0]
    committee.record_partial(uid("T02"), partial, 11)
    app.save(committee)
    assert refused(app, lambda: polls.close_poll(app, CHAIR, poll, ON)) == "poll.too_few_partials"
    counting.submit_partial(app, officer("T02"), poll, shares["T02"], PASS["T02"])
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert result.tally[uid("T04")] == 7


# -- the attacker with everything but k shares ---------------------------------------
def _cell(value):
    """A stored value as text: bytes as UTF-8 when they are, else as hex."""
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.hex()
    return value


def _stored_rows(app, store_url):
    """Every row of every table of the store, as text."""
    rows = []
    if store_url.startswith("sqlite"):
        path = store_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            for table in tables:
                rows += [repr(tuple(map(_cell, r))) for r in db.execute(f'SELECT * FROM "{table}"')]
    else:
        with psycopg.connect(store_url) as db:
            tables = db.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).fetchall()
            for schema, table in tables:
                for r in db.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall():
                    rows.append(repr(tuple(map(_cell, r))))
    return rows


def test_everything_but_k_shares_opens_no_ballot(app, year, store_url, tmp_path):
    ballots.ballot_secret()  # the server's v1 ballot key file exists, as it does in use
    poll = open_eg1(app, year)
    dealers = {}
    shares = ceremony(app, poll, dealers=dealers)
    vote_all(app, poll)
    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as f:
        write_export(app, f)

    texts = [*_stored_rows(app, store_url), export.read_text(encoding="utf-8")]
    files = [
        p for root in (instance_path(), secrets_path()) if root.exists()
        for p in root.rglob("*") if p.is_file()
    ]  # fmt: skip
    assert files, "the server's files are searched too"
    secrets = [p.read_bytes() for p in files]
    texts += [s.decode("utf-8", "replace") for s in secrets]
    # every 32-byte value written in hex anywhere, every secret as a scalar, one
    # member's share
    found = set()
    for text in texts:
        found.update(re.findall(r"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])", text))
    candidates = {bytes.fromhex(h) for h in found}
    candidates |= {s.strip()[:32].ljust(32, b"\0") for s in secrets}
    # and one member's files: its key share, its dealer state (polynomial, box key)
    member = threshold.open_share_file(shares["T01"], PASS["T01"])
    candidates.add(member.value)
    dealer = Dealer.from_bytes(threshold.unlock(dealers["T01"], PASS["T01"]))
    candidates.update([*dealer.coefficients, dealer.box_secret])
    assert len(candidates) > 300
    scalars = [g.scalar(int.from_bytes(c, "little") % g.ORDER) for c in candidates]
    scalars += [g.scalar(int.from_bytes(c, "big") % g.ORDER) for c in candidates]
    stored = polls.poll_of(app, poll)
    rows = " ".join(_stored_rows(app, store_url))
    assert stored.encrypted[0][0]["ciphertexts"][0][0] in rows, "the rows were read as text"
    zero_or_one = {g.IDENTITY, g.G}
    opened = 0
    for ballot, _ in stored.encrypted:
        cts = [(bytes.fromhex(a), bytes.fromhex(b)) for a, b in ballot["ciphertexts"]]
        for x in scalars:
            if all(g.sub(b, g.mul(x, a)) in zero_or_one for a, b in cts):
                opened += 1
        # the v1 path with every secret the server has
        text = json.dumps(ballot)
        for secret in secrets:
            assert ballots.open_with(ballots.SALT, ballots.PREFIX, poll, text, secret) is None
    assert opened == 0
    # the same search does open a ballot with the joint secret (k shares pooled)
    pooled = _pooled_secret(app, poll, shares, ["T01", "T03"])
    ballot = stored.encrypted[0][0]
    cts = [(bytes.fromhex(a), bytes.fromhex(b)) for a, b in ballot["ciphertexts"]]
    assert all(g.sub(b, g.mul(pooled, a)) in zero_or_one for a, b in cts)


def _pooled_secret(app, poll, shares, members):
    opened = {
        counting.committee_of(app, poll).index_of(uid(m)): threshold.open_share_file(
            shares[m], PASS[m]
        )
        for m in members
    }
    weights = decrypt.lagrange_at_zero(sorted(opened))
    return g.s_sum([g.s_mul(weights[j], s.value) for j, s in opened.items()])


# -- non-interference: two worlds where two voters swap ballots ----------------------
BLANKS = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?"), "<time>"),
    (re.compile(r"datetime\.datetime\([^)]*\)"), "<time>"),
    (re.compile(r"[0-9a-fA-F]{64,}"), "<random>"),  # points, proofs, sealed shares, links
    (re.compile(r"\b[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}\b"), "<mark>"),
]


def _blank(text):
    for pattern, replacement in BLANKS:
        text = pattern.sub(replacement, text)
    return text


def _world(store_kind, tmp_path, name, admin, swap):
    url = f"sqlite:///{tmp_path / name}.sqlite3" if store_kind == "sqlite" else fresh_postgres_db()
    create_schema(url)
    app = ThiduaApplication(url)
    try:
        year = _year_in(app, admin)
        poll = open_eg1(app, year)
        shares = ceremony(app, poll)
        choices = dict(CHOICES)
        if swap:  # T01 and T08 swap ballots: the tally is the same
            choices["T01"], choices["T08"] = choices["T08"], choices["T01"]
        for code, choice in choices.items():
            chosen = [] if choice is None else [uid(choice)]
            polls.cast_ballot(app, officer(code), poll, chosen, ON, blank=choice is None)
        for m in ("T01", "T03"):
            counting.submit_partial(app, officer(m), poll, shares[m], PASS[m])
        out = {"close": repr(polls.close_poll(app, CHAIR, poll, ON))}
        out["info"] = json.dumps(poll_info(app, poll), default=str, sort_keys=True)
        text = tmp_path / f"{name}.jsonl"
        with text.open("w", encoding="utf-8") as f:
            write_export(app, f)
        out["export"] = text.read_text(encoding="utf-8")
        ours = ("thidua.Poll", "thidua.Participation", "thidua.CountingCommittee")
        found = [r for r in _stored_rows(app, url) if any(t in r for t in ours)]
        for i, row in enumerate(sorted(_blank(r) for r in found)):
            out[f"row {i}"] = row
        return {k: _blank(v) for k, v in out.items()}
    finally:
        app.close()


def _year_in(app, admin):
    for code in CODES:
        units.register_unit(app, admin, code, UnitKind.PROVINCE, f"LĐLĐ tỉnh {code}", ON)
    clusters.establish_cluster(app, admin, "C1", "Cụm thi đua thử", ON, Regulation())
    for code in CODES:
        clusters.admit_member(app, admin, "C1", code, ON)
    return clusters.open_year(
        app, admin, "C1", 2015, date(2014, 11, 18), chair_code="T01", vice_code="T02"
    )


def test_two_voters_swapping_ballots_change_nothing_readable(store_kind, tmp_path, admin):
    """Everything public (who voted, the tally) is the same in both worlds; every stored
    row, the export, the poll's API answer and the result must be too once random values
    (points, proofs, sealed shares, chain links) and times are blanked."""
    a = _world(store_kind, tmp_path, "a", admin, swap=False)
    b = _world(store_kind, tmp_path, "b", admin, swap=True)
    assert set(a) == set(b)
    differ = [k for k in a if a[k] != b[k]]
    assert not differ, [(k, a[k][:300], b[k][:300]) for k in differ[:3]]
    assert len([k for k in a if k.startswith("row")]) > 30


def test_a_poll_whose_ceremony_cannot_finish_is_closed_and_run_again(app, year):
    """A member lost its dealer file after step 1: no key, no ballot; the chair closes
    (nothing is decrypted: the poll fails) and opens the next round."""
    poll = open_eg1(app, year)
    counting.begin_ceremony(app, officer("T01"), poll, PASS["T01"])
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert result.participated == 0 and not result.quorum_met and result.winner is None
    again = open_eg1(app, year)
    assert polls.poll_of(app, again).round == 2


def test_paper_ballots_of_the_room_count_beside_the_decrypted_tally(app, year):
    """Eight units vote electronically (T08's a written absentee vote), the four others
    on paper in the room: the committee's paper figures are added to the decrypted
    tally and the result says how many ballots came by each way."""
    poll = open_eg1(app, year)
    shares = ceremony(app, poll)
    electronic = CODES[:8]
    for code in electronic:
        choice = CHOICES[code]
        chosen = [uid(choice)] if choice else []
        if code == "T08":
            polls.cast_absentee_ballot(app, CHAIR, poll, uid(code), chosen, ON)
        else:
            polls.cast_ballot(app, officer(code), poll, chosen, ON)
    # 4 units have not voted: no more than 4 paper ballots
    assert (
        refused(
            app,
            lambda: polls.record_paper_tally(app, CHAIR, poll, 5, 5, 5, 0, {uid("T05"): 1}, ON),
        )
        == "poll.tally_issued_over_eligible"
    )
    assert poll_info(app, poll)["paper_eligible"] == 4
    # paper: 4 issued and returned, 1 invalid; T05 1, T06 1, one blank among the valid
    polls.record_paper_tally(
        app, CHAIR, poll, 4, 4, 3, 1, {uid("T05"): 1, uid("T06"): 1, uid("T04"): 0}, ON
    )
    # every unit left got a paper ballot: no electronic ballot any more
    assert (
        refused(app, lambda: polls.cast_ballot(app, officer("T09"), poll, [uid("T04")], ON))
        == "poll.paper_issued_to_rest"
    )
    for m in ("T01", "T02"):
        counting.submit_partial(app, officer(m), poll, shares[m], PASS[m])
    result = polls.close_poll(app, CHAIR, poll, ON)
    # electronic: T04 ×7, T05 ×1 (T08); paper: T05 1, T06 1
    assert {code: result.tally[uid(code)] for code in CANDIDATES} == {"T04": 7, "T05": 2, "T06": 1}
    assert (result.participated, result.counted, result.invalid, result.issued) == (12, 11, 1, 4)
    origins = result.origins
    assert origins is not None
    assert (origins["electronic"], origins["absentee"], origins["paper"]) == (7, 1, 4)
    assert origins["encrypted_tally"] == {uid("T04").hex: 7, uid("T05").hex: 1, uid("T06").hex: 0}
    assert origins["paper_tally"] == {uid("T04").hex: 0, uid("T05").hex: 1, uid("T06").hex: 1}
    # the election record covers the electronic part only, and says so by its tally
    assert counting.election_record(app, poll)["tally"] == [7, 1, 0]


def test_a_tiny_electronic_part_beside_paper_is_never_decrypted(app, year):
    """Two electronic ballots and ten paper ones: the total less the public paper
    figures would show what the two chose, so nothing is decrypted or published."""
    poll = open_eg1(app, year)
    shares = ceremony(app, poll)
    polls.cast_ballot(app, officer("T04"), poll, [uid("T04")], ON)
    polls.cast_ballot(app, officer("T05"), poll, [uid("T05")], ON)
    polls.record_paper_tally(app, CHAIR, poll, 10, 10, 10, 0, {uid("T06"): 10}, ON)
    assert refused(
        app, lambda: counting.submit_partial(app, officer("T01"), poll, shares["T01"], PASS["T01"])
    ) == ("poll.too_few_to_count")
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert result.tally == {} and result.participated == 12
    assert result.origins is not None and result.origins["encrypted_tally"] is None
    assert (result.origins["electronic"], result.origins["paper"]) == (2, 10)


def test_a_partial_computed_on_the_members_own_machine(app, year, tmp_path):
    """Member 3 never sends its share: it downloads the tally, runs `thidua committee
    partial` on its machine and hands in the partial; stale, forged or someone else's
    partials are refused; with member 1's (computed here) the poll closes."""
    poll = open_eg1(app, year)
    shares = ceremony(app, poll)
    for code in CODES[:8]:  # enough for the quorum (2/3 of 12)
        polls.cast_ballot(app, officer(code), poll, [uid(CHOICES[code])], ON)
    stale = counting.tally_to_decrypt(app, poll)
    polls.cast_ballot(app, officer("T09"), poll, [uid("T05")], ON)
    tally = counting.tally_to_decrypt(app, poll)
    assert tally["ballots"] == 9 and len(tally["tally"]) == 3
    tally_file = tmp_path / "tong-phieu.json"
    tally_file.write_text(json.dumps(tally), encoding="utf-8")
    share_file = tmp_path / "phan-khoa.thidua-share"
    share_file.write_bytes(shares["T03"])
    out = tmp_path / "phan-giai-ma.json"
    runner = CliRunner()
    wrong = runner.invoke(
        committee_cli, ["partial", str(tally_file), str(share_file), "-o", str(out)], input="sai\n"
    )
    assert wrong.exit_code == 1 and "Sai cụm mật khẩu" in wrong.output and not out.exists()
    done = runner.invoke(
        committee_cli,
        ["partial", str(tally_file), str(share_file), "-o", str(out)],
        input=PASS["T03"] + "\n",
    )
    assert done.exit_code == 0, done.output
    assert "thành viên số 3 (9 phiếu)" in done.output
    computed = json.loads(out.read_text(encoding="utf-8"))
    assert set(computed) == {"format", "ballots", "index", "shares", "proofs"}
    # refusals: another member's, a stale one, a forged one, not a partial at all
    assert (
        refused(app, lambda: counting.submit_computed_partial(app, officer("T01"), poll, computed))
        == "poll.share_not_yours"
    )
    old = counting.partial_on_own_machine(stale, shares["T03"], PASS["T03"])
    assert (
        refused(app, lambda: counting.submit_computed_partial(app, officer("T03"), poll, old))
        == "poll.partial_stale"
    )
    forged = {**computed, "shares": [computed["shares"][1], *computed["shares"][1:]]}
    assert (
        refused(app, lambda: counting.submit_computed_partial(app, officer("T03"), poll, forged))
        == "poll.partial_invalid"
    )
    assert (
        refused(app, lambda: counting.submit_computed_partial(app, officer("T03"), poll, {"x": 1}))
        == "poll.partial_file_invalid"
    )
    counting.submit_computed_partial(app, officer("T03"), poll, computed)
    counting.submit_partial(app, officer("T01"), poll, shares["T01"], PASS["T01"])
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert {code: result.tally[uid(code)] for code in CANDIDATES} == {"T04": 7, "T05": 2, "T06": 0}
    assert result.participated == 9


def test_as_of_a_day_the_committee_stands_as_the_poll_did(app, year):
    """The poll's page as of a day shows the committee's steps recorded before the
    poll's first later event: none before the poll opened; on the day of the ballots
    the ceremony done, the partials in, no record yet; after the close, the record."""
    poll = open_eg1(app, year)
    shares = ceremony(app, poll)
    for code in CODES[:9]:
        polls.cast_ballot(app, officer(code), poll, [uid(CHOICES[code])], ON)
    for m in ("T02", "T03"):
        counting.submit_partial(app, officer(m), poll, shares[m], PASS[m])
    later = date(2015, 12, 6)
    polls.close_poll(app, CHAIR, poll, later)

    before = poll_info(app, poll, day=date(2015, 12, 4))
    assert not before["opened"] and before["committee"] is None
    on_the_day = poll_info(app, poll, day=ON)
    c = on_the_day["committee"]
    assert not on_the_day["closed"] and c["stage"] == "ready" and c["partials"] == 2
    assert [m["decrypted"] for m in c["members"]] == [False, True, True]
    after = poll_info(app, poll, day=later)
    assert after["closed"] and after["committee"]["stage"] == "published"


def test_the_key_ceremony_on_the_members_own_machines(app, year, tmp_path):
    """T02 and T03 run their three steps with `thidua committee begin|deal|finish` on
    their own machines from the downloaded material, T01 through the server: the
    joint key comes out the same way, their shares work, and bad answers are refused."""
    poll = open_eg1(app, year)
    runner = CliRunner()
    own = ("T02", "T03")

    def cli(member, *args):
        material = tmp_path / f"{member}-material.json"
        material.write_text(json.dumps(counting.ceremony_material(app, officer(member), poll)))
        key, answer = tmp_path / f"{member}.thidua-key", tmp_path / f"{member}-answer.json"
        files = [str(key)] if args[0] != "begin" else ["-k", str(key)]
        typed = PASS[member] + "\n" + (PASS[member] + "\n" if args[0] == "begin" else "")
        done = runner.invoke(
            committee_cli,
            [args[0], str(material), *files, "-o", str(answer), *args[1:]],
            input=typed,
        )
        assert done.exit_code == 0, done.output
        return json.loads(answer.read_text(encoding="utf-8"))

    dealers = {"T01": counting.begin_ceremony(app, officer("T01"), poll, PASS["T01"])}
    answer = cli("T02", "begin")
    assert (
        refused(app, lambda: counting.submit_ceremony_answer(app, officer("T03"), poll, answer))
        == "poll.share_not_yours"
    )
    forged = json.loads(json.dumps(answer))
    forged["announcement"]["proofs"][0][1] = forged["announcement"]["proofs"][1][1]
    assert (
        refused(app, lambda: counting.submit_ceremony_answer(app, officer("T02"), poll, forged))
        == "poll.answer_file_invalid"
    )
    counting.submit_ceremony_answer(app, officer("T02"), poll, answer)
    counting.submit_ceremony_answer(app, officer("T03"), poll, cli("T03", "begin"))
    counting.deal_shares(app, officer("T01"), poll, dealers["T01"], PASS["T01"])
    for m in own:
        counting.submit_ceremony_answer(app, officer(m), poll, cli(m, "deal"))
    shares = {"T01": counting.finish_ceremony(app, officer("T01"), poll, dealers["T01"], PASS["T01"])}  # fmt: skip
    wrong_vk = {**cli("T02", "finish", "-s", str(tmp_path / "T02.thidua-share"))}
    wrong_vk["verification_key"] = g.base_mul(g.random_scalar()).hex()
    assert (
        refused(app, lambda: counting.submit_ceremony_answer(app, officer("T02"), poll, wrong_vk))
        == "poll.share_invalid"
    )
    for m in own:
        share_path = tmp_path / f"{m}.thidua-share"
        counting.submit_ceremony_answer(
            app, officer(m), poll, cli(m, "finish", "-s", str(share_path))
        )
        shares[m] = share_path.read_bytes()
    assert polls.poll_of(app, poll).joint_key is not None
    vote_all(app, poll)
    for m in ("T02", "T03"):
        counting.submit_partial(app, officer(m), poll, shares[m], PASS[m])
    result = polls.close_poll(app, CHAIR, poll, ON)
    assert {code: result.tally[uid(code)] for code in CANDIDATES} == {"T04": 7, "T05": 2, "T06": 1}
    (tmp_path / "record.json").write_text(json.dumps(counting.election_record(app, poll)))
    assert run_tool(tmp_path / "record.json").returncode == 0
