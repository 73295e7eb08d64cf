"""Ban kiểm phiếu: the key ceremony, the partial decryptions and the election record
of a secret electronic poll counted by a committee (format "eg1", issue 16).

Each step of a member is run by that member unit's own officer (`who.unit`), in that
member's request; what is secret (its dealer state, then its key share) leaves the
server at once, locked with the member's passphrase (Argon2id, `threshold.lock`), and
comes back only for the next step, in that request, never stored. The server stores
public values only: announcements, shares sealed to their recipients, verification
keys, the joint key, partial decryptions with their proofs, the record.

    begin_ceremony(app, who, poll_id, passphrase) -> bytes      # the dealer file
    deal_shares(app, who, poll_id, dealer_file, passphrase) -> None
    finish_ceremony(app, who, poll_id, dealer_file, passphrase) -> bytes  # share file
    submit_partial(app, who, poll_id, share_file, passphrase) -> None
    tally_to_decrypt(app, poll_id) -> dict                      # for a member's machine
    partial_on_own_machine(tally, share_file, passphrase) -> dict   # run there, not here
    submit_computed_partial(app, who, poll_id, partial) -> None
    election_record(app, poll_id) -> dict

A member who would rather its share never reach the server downloads the tally to
decrypt, computes its partial on its own machine (`thidua committee partial`, which
runs `partial_on_own_machine`) and hands in only the partial with its proof. The key
ceremony likewise: the member downloads the ceremony's public material
(`ceremony_material`), runs `thidua committee begin|deal|finish` there (the
`*_on_own_machine` functions: its dealer state and share are made and kept there,
the others' announcements and shares checked there) and hands in the answer
(`submit_ceremony_answer`: its announcement, its sealed shares, its verification key).

Casting and closing go through service/polls/polls.py (`encrypter`, `decrypted`
below are what they use for an eg1 poll).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from nacl import pwhash

from domain.kernel.base import DomainError, require
from domain.polls.committee import CountingCommittee
from domain.polls.poll import Poll
from service.platform.app import ThiduaApplication, execute, load
from service.platform.auth import Principal
from service.polls.secret import decrypt, elgamal, record, threshold
from service.polls.secret import group as g
from service.polls.secret.decrypt import DecryptionError, Partial
from service.polls.secret.elgamal import Ballot, BallotError, Context
from service.polls.secret.threshold import Announcement, Dealer, PassphraseError, ShareError

TALLY_FORMAT = "thidua-eg-1/tally-to-decrypt"
MATERIAL_FORMAT = "thidua-eg-1/ceremony"
ANSWER_FORMAT = "thidua-eg-1/ceremony-answer"
PARTIAL_FORMAT = "thidua-eg-1/partial-decryption"
MIN_PASSPHRASE = 12  # characters of a passphrase that locks a member's key file
# Argon2id limits of the files handed to members (tests lower them: each costs ~0.6 s)
OPSLIMIT = pwhash.argon2id.OPSLIMIT_MODERATE
MEMLIMIT = pwhash.argon2id.MEMLIMIT_MODERATE


def committee_of(app: ThiduaApplication, poll_id: UUID) -> CountingCommittee:
    found = app.find(CountingCommittee.id_for(poll_id))
    if found is None:
        raise DomainError("poll.no_committee")
    return found  # type: ignore[no-any-return]


def name_committee(poll: Poll) -> CountingCommittee:
    """The committee aggregate of a poll just opened with one (saved with it)."""
    assert poll.committee is not None
    return CountingCommittee.name(poll.id, poll.committee["members"], poll.threshold)


# -- the key ceremony ---------------------------------------------------------------
def begin_ceremony(app: ThiduaApplication, who: Principal, poll_id: UUID, passphrase: str) -> bytes:
    """Step 1 for `who.unit`: draws its polynomial and box key, records its public
    announcement; returns its dealer state locked with `passphrase`, for the member to
    keep until steps 2 and 3 (the server keeps no copy)."""
    locked: list[bytes] = []

    def run() -> None:
        committee = _open_committee(app, poll_id)
        i = committee.index_of(who.unit)
        require(i not in committee.announcements, "poll.ceremony_already_begun")
        require(committee.stage == "announcing", "poll.ceremony_out_of_order")
        dealer, announcement = threshold.start(str(poll_id), i, committee.threshold, committee.n)
        committee.announce(who.unit, announcement.to_json())  # type: ignore[arg-type]
        app.save(committee)
        locked[:] = [dealer.to_bytes()]

    execute(app, who.actor, run)
    return threshold.lock(locked[0], passphrase, OPSLIMIT, MEMLIMIT)


def deal_shares(
    app: ThiduaApplication, who: Principal, poll_id: UUID, dealer_file: bytes, passphrase: str
) -> None:
    """Step 2 (once all n announced): each other member's share, sealed to it."""
    dealer = _dealer(dealer_file, passphrase)

    def run() -> None:
        committee = _open_committee(app, poll_id)
        i = committee.index_of(who.unit)
        _own(dealer, poll_id, i)
        require(i in committee.announcements, "poll.ceremony_not_begun")
        require(i not in committee.dealt, "poll.ceremony_step_done")
        require(committee.stage == "dealing", "poll.ceremony_out_of_order")
        sealed = threshold.deal(dealer, _announcements(committee))
        committee.deal(who.unit, {str(j): s.hex() for j, s in sealed.items()})  # type: ignore[arg-type]
        app.save(committee)

    execute(app, who.actor, run)


def finish_ceremony(
    app: ThiduaApplication, who: Principal, poll_id: UUID, dealer_file: bytes, passphrase: str
) -> bytes:
    """Step 3 (once all n dealt): opens and checks the shares sealed to this member,
    records its verification key, returns its key share locked with `passphrase`.
    With the last member's confirmation the joint key is published: ballots open."""
    dealer = _dealer(dealer_file, passphrase)
    shares: list[threshold.Share] = []

    def run() -> None:
        committee = _open_committee(app, poll_id)
        i = committee.index_of(who.unit)
        _own(dealer, poll_id, i)
        require(i not in committee.verification_keys, "poll.ceremony_step_done")
        require(committee.stage == "confirming", "poll.ceremony_out_of_order")
        announcements = _announcements(committee)
        try:
            received = {
                j: threshold.receive(dealer, announcements[j], bytes.fromhex(sealed))
                for j, sealed in committee.sealed_for(i).items()
            }
            share = threshold.finish(dealer, received, announcements)
        except ShareError as error:
            raise DomainError("poll.share_invalid", member=error.member or "?") from None
        _confirm(app, who, poll_id, committee, share.verification_key.hex(), announcements)
        shares[:] = [share]

    execute(app, who.actor, run)
    return threshold.share_file(shares[0], passphrase, OPSLIMIT, MEMLIMIT)


# -- the key ceremony on the member's own machine -------------------------------------
def ceremony_material(app: ThiduaApplication, who: Principal, poll_id: UUID) -> dict[str, Any]:
    """What `who`'s machine needs for its next ceremony step: the poll, k, n, its number,
    the stage, every announcement so far and, once all dealt, the shares sealed to it."""
    committee = _open_committee(app, poll_id)
    i = committee.index_of(who.unit)
    return {
        "format": MATERIAL_FORMAT,
        "poll_id": str(poll_id),
        "k": committee.threshold,
        "n": committee.n,
        "index": i,
        "stage": committee.stage,
        "announcements": {str(j): a for j, a in committee.announcements.items()},
        "sealed_for_me": {str(j): v for j, v in committee.sealed_for(i).items()}
        if committee.stage == "confirming"
        else {},
    }


def submit_ceremony_answer(
    app: ThiduaApplication, who: Principal, poll_id: UUID, data: Any
) -> None:
    """A ceremony step done on the member's own machine: its announcement (proofs
    checked here), its shares sealed to the others, or its verification key (which must
    be the one the announcements give for its number)."""
    steps = ("announce", "deal", "confirm")
    require(
        isinstance(data, dict)
        and data.get("format") == ANSWER_FORMAT
        and data.get("step") in steps,
        "poll.answer_file_invalid",
    )
    step = data["step"]

    def run() -> None:
        committee = _open_committee(app, poll_id)
        i = committee.index_of(who.unit)
        require(
            data.get("poll_id") == str(poll_id) and data.get("index") == i, "poll.share_not_yours"
        )
        if step == "announce":
            require(i not in committee.announcements, "poll.ceremony_already_begun")
            require(committee.stage == "announcing", "poll.ceremony_out_of_order")
            announcement = _announcement(committee, data.get("announcement"))
            require(announcement.index == i, "poll.share_not_yours")
            committee.announce(who.unit, announcement.to_json())  # type: ignore[arg-type]
            app.save(committee)
        elif step == "deal":
            require(i in committee.announcements, "poll.ceremony_not_begun")
            require(i not in committee.dealt, "poll.ceremony_step_done")
            require(committee.stage == "dealing", "poll.ceremony_out_of_order")
            sealed = data.get("sealed")
            require(
                isinstance(sealed, dict) and all(_is_hex(v) for v in sealed.values()),
                "poll.answer_file_invalid",
            )
            committee.deal(who.unit, dict(sealed))  # type: ignore[arg-type]
            app.save(committee)
        else:
            require(i not in committee.verification_keys, "poll.ceremony_step_done")
            require(committee.stage == "confirming", "poll.ceremony_out_of_order")
            announcements = _announcements(committee)
            vk = threshold.verification_key(i, announcements).hex()
            require(data.get("verification_key") == vk, "poll.share_invalid", member=i)
            _confirm(app, who, poll_id, committee, vk, announcements)

    execute(app, who.actor, run)


def begin_on_own_machine(material: Any, passphrase: str) -> tuple[bytes, dict[str, Any]]:
    """Step 1 on the member's machine: its dealer state locked with `passphrase` (the
    key file it keeps) and the answer holding its public announcement."""
    poll_id, i, k, n = _material(material, "announcing")
    dealer, announcement = threshold.start(poll_id, i, k, n)
    key_file = threshold.lock(dealer.to_bytes(), passphrase, OPSLIMIT, MEMLIMIT)
    return key_file, _answer(material, "announce", announcement=announcement.to_json())


def deal_on_own_machine(material: Any, key_file: bytes, passphrase: str) -> dict[str, Any]:
    """Step 2 there: each other member's share sealed to it, after checking every
    announcement's proofs."""
    poll_id, i, k, n = _material(material, "dealing")
    dealer = _dealer(key_file, passphrase)
    _own(dealer, UUID(poll_id), i)
    sealed = threshold.deal(dealer, _material_announcements(material, poll_id, k, n))
    return _answer(material, "deal", sealed={str(j): v.hex() for j, v in sealed.items()})


def finish_on_own_machine(
    material: Any, key_file: bytes, passphrase: str
) -> tuple[bytes, dict[str, Any]]:
    """Step 3 there: the shares sealed to this member opened and checked (Feldman), its
    key share locked with `passphrase` (the share file it keeps) and the answer holding
    its verification key."""
    poll_id, i, k, n = _material(material, "confirming")
    dealer = _dealer(key_file, passphrase)
    _own(dealer, UUID(poll_id), i)
    announcements = _material_announcements(material, poll_id, k, n)
    try:
        sealed = {int(j): bytes.fromhex(v) for j, v in material["sealed_for_me"].items()}
        received = {j: threshold.receive(dealer, announcements[j], v) for j, v in sealed.items()}
        share = threshold.finish(dealer, received, announcements)
    except ShareError as error:
        raise DomainError("poll.share_invalid", member=error.member or "?") from None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise DomainError("poll.material_file_invalid") from None
    share_file = threshold.share_file(share, passphrase, OPSLIMIT, MEMLIMIT)
    return share_file, _answer(material, "confirm", verification_key=share.verification_key.hex())


def _material(material: Any, stage: str) -> tuple[str, int, int, int]:
    try:
        require(material["format"] == MATERIAL_FORMAT, "poll.material_file_invalid")
        found = str(material["poll_id"]), int(material["index"]), int(material["k"])
        n = int(material["n"])
    except (KeyError, TypeError, ValueError):
        raise DomainError("poll.material_file_invalid") from None
    require(material.get("stage") == stage, "poll.ceremony_out_of_order")
    return (*found, n)


def _material_announcements(material: Any, poll_id: str, k: int, n: int) -> dict[int, Announcement]:
    try:
        found = {int(j): Announcement.from_json(a) for j, a in material["announcements"].items()}
    except (ShareError, KeyError, TypeError, ValueError, AttributeError):
        raise DomainError("poll.material_file_invalid") from None
    for j, announcement in found.items():
        try:
            threshold.check_announcement(poll_id, k, n, announcement)
        except ShareError:
            raise DomainError("poll.share_invalid", member=j) from None
    return found


def _answer(material: Any, step: str, **payload: Any) -> dict[str, Any]:
    return {
        "format": ANSWER_FORMAT,
        "step": step,
        "poll_id": material["poll_id"],
        "index": material["index"],
        **payload,
    }


def _announcement(committee: CountingCommittee, data: Any) -> Announcement:
    try:
        announcement = Announcement.from_json(data)
        require(len(announcement.box_key) == 32, "poll.answer_file_invalid")
        threshold.check_announcement(
            str(committee.poll), committee.threshold, committee.n, announcement
        )
    except ShareError:
        raise DomainError("poll.answer_file_invalid") from None
    return announcement


def _is_hex(value: Any) -> bool:
    try:
        bytes.fromhex(value)
    except (TypeError, ValueError):
        return False
    return True


def _confirm(
    app: ThiduaApplication,
    who: Principal,
    poll_id: UUID,
    committee: CountingCommittee,
    vk: str,
    announcements: dict[int, Announcement],
) -> None:
    """The member's verification key recorded; with the last of the n, the joint key
    published on the committee and the poll."""
    joint = threshold.joint_key(announcements).hex()
    if committee.confirm(who.unit, vk, joint):  # type: ignore[arg-type]
        poll = load(app, poll_id, "cuộc bỏ phiếu")
        poll.publish_joint_key(joint)
        app.save(committee, poll)
    else:
        app.save(committee)


# -- voting -------------------------------------------------------------------------
def context_of(poll: Poll) -> Context:
    require(poll.committee is not None, "poll.no_committee")
    require(poll.joint_key is not None, "poll.key_not_published")
    assert poll.committee is not None and poll.joint_key is not None
    return Context(
        str(poll.id),
        tuple(o.hex for o in poll.options),
        poll.max_choices,
        poll.threshold,
        len(poll.committee["members"]),
        bytes.fromhex(poll.joint_key),
    )


def encrypter(app: ThiduaApplication, poll: Poll) -> Any:
    """The `encrypt` function of an eg1 poll's `cast`: the chosen options' indices ->
    (ballot JSON, receipt), the ballot's proofs checked as any received one's are.
    Refused once a member has given its partial decryption (counting has begun)."""
    require(not committee_of(app, poll.id).partials, "poll.counting_started")

    def encrypt(selected: list[int]) -> tuple[dict[str, Any], str]:
        context = context_of(poll)
        ballot = elgamal.encrypt_ballot(context, selected)
        return accepted(context, ballot.to_json())

    return encrypt


def accepted(context: Context, ballot_json: Any) -> tuple[dict[str, Any], str]:
    """A received ballot JSON checked (points, proofs): (its canonical JSON, receipt)."""
    try:
        ballot = Ballot.from_json(ballot_json)
        elgamal.check_ballot(context, ballot)
    except BallotError:
        raise DomainError("poll.ballot_invalid") from None
    return ballot.to_json(), ballot.hash


# -- counting -----------------------------------------------------------------------
def submit_partial(
    app: ThiduaApplication, who: Principal, poll_id: UUID, share_file: bytes, passphrase: str
) -> None:
    """A member's partial decryption of the poll's encrypted tally as it stands, with
    its proof, checked and recorded. Only the tally, never a single ballot."""
    try:
        share = threshold.open_share_file(share_file, passphrase)
    except (PassphraseError, ValueError, KeyError, TypeError):
        raise DomainError("poll.wrong_passphrase") from None

    def run() -> None:
        poll, committee, i = _counting(app, who, poll_id)
        require(share.poll_id == str(poll_id) and share.index == i, "poll.share_not_yours")
        context, tally = _tally(poll)
        partial = decrypt.partial_decrypt(context, share, tally)
        _record_checked(app, who, poll, committee, partial, context, tally)

    execute(app, who.actor, run)


def tally_to_decrypt(app: ThiduaApplication, poll_id: UUID) -> dict[str, Any]:
    """What a member's own machine needs to compute its partial decryption: the poll's
    context and its encrypted tally as it stands (public values only)."""
    poll = load(app, poll_id, "cuộc bỏ phiếu", read_only=True)
    require(not poll.is_closed, "poll.closed")
    require(not poll.is_void, "poll.void")
    require(not poll.too_few_to_count(), "poll.too_few_to_count")
    context, tally = _tally(poll)
    return {
        "format": TALLY_FORMAT,
        "context": context.to_json(),
        "ballots": len(poll.counted_encrypted),
        "tally": [[a.hex(), b.hex()] for a, b in tally],
    }


def partial_on_own_machine(tally: Any, share_file: bytes, passphrase: str) -> dict[str, Any]:
    """Run on the member's machine (no store, no server): its share file opened with
    its passphrase, its partial decryption of `tally` (from `tally_to_decrypt`) with the
    proofs; the share never leaves that machine."""
    try:
        share = threshold.open_share_file(share_file, passphrase)
    except (PassphraseError, ValueError, KeyError, TypeError):
        raise DomainError("poll.wrong_passphrase") from None
    try:
        require(tally["format"] == TALLY_FORMAT, "poll.tally_file_invalid")
        c = tally["context"]
        context = Context(
            str(c["poll_id"]),
            tuple(str(o) for o in c["options"]),
            int(c["max_choices"]),
            int(c["k"]),
            int(c["n"]),
            bytes.fromhex(c["joint_key"]),
        )
        cts = tuple(
            (g.point(bytes.fromhex(a)), g.point(bytes.fromhex(b))) for a, b in tally["tally"]
        )
        require(len(cts) == len(context.options), "poll.tally_file_invalid")
    except (KeyError, TypeError, ValueError):
        raise DomainError("poll.tally_file_invalid") from None
    require(share.poll_id == context.poll_id, "poll.share_not_yours")
    partial = decrypt.partial_decrypt(context, share, cts)
    return {"format": PARTIAL_FORMAT, "ballots": int(tally["ballots"]), **partial.to_json()}


def submit_computed_partial(
    app: ThiduaApplication, who: Principal, poll_id: UUID, data: Any
) -> None:
    """A partial decryption computed on the member's own machine: checked against the
    tally as it stands now (a ballot cast since makes it stale: refused, to be made
    again), then recorded like one computed here."""
    try:
        require(
            isinstance(data, dict) and data.get("format") == PARTIAL_FORMAT,
            "poll.partial_file_invalid",
        )
        partial = Partial.from_json(data)
    except DecryptionError:
        raise DomainError("poll.partial_file_invalid") from None

    def run() -> None:
        poll, committee, i = _counting(app, who, poll_id)
        require(partial.index == i, "poll.share_not_yours")
        require(data.get("ballots") == len(poll.counted_encrypted), "poll.partial_stale")
        context, tally = _tally(poll)
        _record_checked(app, who, poll, committee, partial, context, tally)

    execute(app, who.actor, run)


def _counting(
    app: ThiduaApplication, who: Principal, poll_id: UUID
) -> tuple[Poll, CountingCommittee, int]:
    poll = load(app, poll_id, "cuộc bỏ phiếu", read_only=True)
    committee = committee_of(app, poll_id)
    i = committee.index_of(who.unit)
    require(not poll.is_closed, "poll.closed")
    require(not poll.is_void, "poll.void")
    require(not poll.too_few_to_count(), "poll.too_few_to_count")
    return poll, committee, i


def _record_checked(
    app: ThiduaApplication,
    who: Principal,
    poll: Poll,
    committee: CountingCommittee,
    partial: Partial,
    context: Context,
    tally: Any,
) -> None:
    """The partial's proofs checked against the tally as it stands, then recorded."""
    i = partial.index
    vk = bytes.fromhex(committee.verification_keys[i])
    try:
        decrypt.check_partial(context, partial, vk, tally)
    except DecryptionError:
        raise DomainError("poll.partial_invalid", member=i) from None
    committee.record_partial(who.unit, partial.to_json(), len(poll.counted_encrypted))  # type: ignore[arg-type]
    app.save(committee)


def decrypted(
    app: ThiduaApplication, poll: Poll
) -> tuple[tuple[list[int], int] | None, CountingCommittee]:
    """For closing an eg1 poll: (tally per option, valid partials) combined from the
    partials of the tally as it stands (None when fewer than k, or too few ballots
    to count), and the committee, its record published when there is a tally."""
    committee = committee_of(app, poll.id)
    ballots = _ballots(poll)
    if poll.too_few_to_count() or not ballots:  # none: a paper-only count
        return None, committee
    context = context_of(poll)
    tally = decrypt.encrypted_tally(context, ballots)
    partials = _valid_partials(context, committee, tally, len(ballots))
    if len(partials) < context.k:
        return None, committee
    keys = {j: bytes.fromhex(v) for j, v in committee.verification_keys.items()}
    counts = decrypt.combine(context, tally, partials, keys, len(ballots))
    rec = record.build(
        context, _announcements(committee), ballots, tally, list(partials.values()), counts
    )
    committee.publish(rec)
    return (counts, len(partials)), committee


def election_record(app: ThiduaApplication, poll_id: UUID) -> dict[str, Any]:
    """The public record of a closed eg1 poll (format "thidua-eg-1"), as published at
    closing: what tools/verify_tally.py checks."""
    found = app.find(CountingCommittee.id_for(poll_id))
    require(found is not None and found.record is not None, "poll.no_record")
    assert found is not None
    return dict(found.record)


# -- helpers ------------------------------------------------------------------------
def _open_committee(app: ThiduaApplication, poll_id: UUID) -> CountingCommittee:
    poll = load(app, poll_id, "cuộc bỏ phiếu", read_only=True)
    require(not poll.is_closed, "poll.closed")
    require(not poll.is_void, "poll.void")
    return committee_of(app, poll_id)


def _dealer(dealer_file: bytes, passphrase: str) -> Dealer:
    try:
        return Dealer.from_bytes(threshold.unlock(dealer_file, passphrase))
    except (PassphraseError, ValueError, KeyError, TypeError):
        raise DomainError("poll.wrong_passphrase") from None


def _own(dealer: Dealer, poll_id: UUID, index: int) -> None:
    require(dealer.poll_id == str(poll_id) and dealer.index == index, "poll.share_not_yours")


def _announcements(committee: CountingCommittee) -> dict[int, Announcement]:
    found = {}
    for i, data in committee.announcements.items():
        announcement = Announcement.from_json(data)
        try:
            threshold.check_announcement(
                str(committee.poll), committee.threshold, committee.n, announcement
            )
        except ShareError:
            raise DomainError("poll.share_invalid", member=i) from None
        found[i] = announcement
    return found


def _tally(poll: Poll) -> tuple[Context, tuple[Any, ...]]:
    """The poll's context and the encrypted tally of its counted ballots as they stand."""
    context = context_of(poll)
    return context, decrypt.encrypted_tally(context, _ballots(poll))


def _ballots(poll: Poll) -> list[Ballot]:
    return [Ballot.from_json(ballot) for ballot, _ in poll.counted_encrypted]


def _valid_partials(
    context: Context, committee: CountingCommittee, tally: Any, ballots: int
) -> dict[int, Partial]:
    valid = {}
    for j, data in committee.partials_for(ballots).items():
        partial = Partial.from_json(data)
        vk = bytes.fromhex(committee.verification_keys[j])
        try:
            decrypt.check_partial(context, partial, vk, tally)
        except DecryptionError:
            continue
        valid[j] = partial
    return valid
