"""What the cluster-year documents say, read from the store: views, aggregates, events.

Standings come from the standings view (as of the bundle's checkpoint), polls from
their aggregates (`Poll.result`, the paper tally, Participation records), texts the
aggregates do not keep (compiled reports, open ballots) from the case's events.
Secret ballots give only their tallies: who took part is public, what they chose is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.org.cluster import Cluster
from domain.polls.poll import Participation, Poll
from domain.year.award import AwardProposal
from domain.year.dossier import Dossier
from domain.year.year import EmulationYear
from service.documents.case import CaseEvents, directory_as_of
from service.platform.app import ThiduaApplication, load
from service.polls.polls import polls_of_year
from service.views import views


@dataclass(frozen=True)
class PollFacts:
    poll: Poll
    result: Any  # domain.poll_rules.PollResult, or None while open
    participants: list[tuple[UUID, bool]]  # (voter, absentee), in the voters' order
    open_ballots: list[tuple[UUID, list[UUID], bool]]  # open votes: voter, choices, absentee

    @property
    def closed_on(self) -> date | None:
        return None if self.result is None else self.result.closed_on


@dataclass
class YearFacts:
    year: EmulationYear
    cluster: Cluster
    standings: views.Standings
    polls: list[PollFacts]
    proposal: AwardProposal | None
    dossiers: dict[UUID, Dossier]
    compiled: dict[str, Any]  # kind → its last CompiledReportSent event
    next_year: EmulationYear | None
    parent_name: str  # the body the cluster reports to (TLĐ), from the directory
    names: dict[str, str] = field(default_factory=dict)  # unit hex → name
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # unit hex → directory
    day: date | None = None  # made as of this day: its members, names and standings

    def name(self, unit: UUID | str | None) -> str:
        if unit is None:
            return ""
        key = unit if isinstance(unit, str) else unit.hex
        return self.names.get(key, key)

    def name_on(self, unit: UUID | str | None, day: date) -> str:
        """The unit's name on `day` (its history), e.g. a merged unit's old name."""
        if unit is None:
            return ""
        key = unit if isinstance(unit, str) else unit.hex
        found = self.name(key)
        for h in self.entries.get(key, {}).get("history", []):
            if date.fromisoformat(h["since"]) <= day:
                found = h["name"]
        return found

    def carried_name(self, unit: str) -> str:
        """A row's name: a carried dossier keeps its unit's old name and says who
        answers for it (Y carrying X's dossier)."""
        successor = self.standings.state.get("carried", {}).get(unit)
        if successor is None:
            return self.name(unit)
        return f"{self.name(unit)} (hồ sơ do {self.name(successor)} tiếp nhận)"

    @property
    def conference_on(self) -> date | None:
        days = [p.poll.opened_on for p in self.polls]
        return min(days) if days else None

    @property
    def members(self) -> list[UUID]:
        return self.year.members_on(self.day) if self.day else list(self.year.members)

    def present(self) -> list[UUID]:
        """Members that voted in person at the conference (in any poll)."""
        seen = {v for p in self.polls for v, absentee in p.participants if not absentee}
        return [m for m in self.members if m in seen]

    def absent(self) -> list[UUID]:
        here = set(self.present())
        return [m for m in self.members if m not in here]

    def sent_in_writing(self) -> list[UUID]:
        sent = {v for p in self.polls for v, absentee in p.participants if absentee}
        return [m for m in self.absent() if m in sent]


def load_year(
    app: ThiduaApplication,
    year_id: UUID,
    case: CaseEvents,
    as_of: int | None = None,
    *,
    day: date | None = None,
) -> YearFacts:
    """What the year's documents read, as of a log position; or as of a `day` people
    know: the standings, polls, members and names of that day."""
    year: EmulationYear = load(app, year_id, "năm thi đua")
    cluster: Cluster = app.get(year.cluster_id)
    standings = views.year_standings(app, year_id, as_of=day or as_of)
    polls = [_poll_facts(app, p["id"], case) for p in polls_of_year(app, year_id)]
    polls = [p for p in polls if day is None or p.poll.opened_on <= day]
    everyone = [*year.members, *year.carried_by, *year.departed]  # carried and departed too
    dossiers = {m: d for m in everyone if (d := app.find(Dossier.id_for(year_id, m)))}
    compiled = {e.kind: e for e in case.of_stream(year_id, EmulationYear.CompiledReportSent)}
    next_year = app.find(EmulationYear.id_for(year.cluster_id, year.year + 1))
    ids = {m.hex for m in everyone}
    for p in polls:
        ids.update(o.hex for o in p.poll.options)
    chair = year.chair.hex if year.chair else None
    entries = directory_as_of(app, ids | ({chair} if chair else set()), as_of)
    parent = entries.get(chair, {}).get("parent") if chair else None
    names = {
        k: v.get("name", k) if day is None else views.name_on(k, v, day) for k, v in entries.items()
    }
    parent_entry = directory_as_of(app, [parent], as_of).get(parent, {}) if parent else {}
    parent_name = parent_entry.get("name", "")
    if day is not None and parent:
        parent_name = views.name_on(parent, parent_entry, day)
    return YearFacts(
        year=year,
        cluster=cluster,
        standings=standings,
        polls=polls,
        proposal=app.find(AwardProposal.id_for(year_id)),
        dossiers=dossiers,
        compiled=compiled,
        next_year=next_year,
        parent_name=parent_name,
        names=names,
        entries=entries,
        day=day,
    )


def _poll_facts(app: ThiduaApplication, poll_id: UUID, case: CaseEvents) -> PollFacts:
    poll: Poll = app.get(poll_id)
    participants = []
    for voter in poll.voters:
        found = app.find(Participation.id_for(poll.id, voter))
        if found is not None:
            participants.append((voter, bool(found.absentee)))
    ballots = []
    if not poll.secret:
        for e in case.of_stream(poll.id, Poll.BallotCast):
            ballots.append((e.voter, list(e.choices), bool(e.absentee)))
    result = poll.result if poll.is_closed else None
    return PollFacts(poll, result, participants, ballots)


# -- wording of the rules in force ----------------------------------------------------
def share_text(share: str) -> str:
    return {"1/2": "1/2", "2/3": "2/3", "1": "toàn bộ"}.get(share, share)


def quorum_text(rules: dict[str, Any]) -> str:
    return f"ít nhất {share_text(rules['quorum'])} tổng số thành viên tham gia bỏ phiếu"


def threshold_text(rules: dict[str, Any]) -> str:
    t = rules["threshold"]
    basis = "tổng số thành viên" if t.get("basis", "members") == "members" else "số phiếu hợp lệ"
    share = share_text(t.get("share", "1/2"))
    return f"trên {share} {basis}" if t.get("strict", True) else f"từ {share} {basis} trở lên"


def absentee_text(rules: dict[str, Any]) -> str:
    if rules.get("absentee_votes") == "ignore":
        return "phiếu gửi của đơn vị vắng mặt không được tính"
    return "phiếu gửi của đơn vị vắng mặt được tính như phiếu trực tiếp"


METHOD = {"electronic": "bỏ phiếu điện tử", "paper": "bỏ phiếu giấy, Ban kiểm phiếu kiểm đếm"}
