"""Quy chế Cụm thi đua: the cluster's own rules, as data.

Quorum, vote thresholds, how absent members' written votes count, caps on award
proposals, the rotation of chair and vice-chair, how standings ties are broken.
Stored in events as plain dicts (`to_dict`/`from_dict`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from domain.kernel.base import require


def _fraction(text: str) -> Fraction:
    try:
        return Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        require(False, "regulation.bad_share", share=text)
        raise AssertionError from None


POLL_KINDS = ("leading", "award", "chair", "vice_chair")
TIE_BREAKS = ("appraised_total", "bonus", "fewer_penalty", "self_total", "earlier_registration")


@dataclass(frozen=True)
class Threshold:
    """A share that must be reached: e.g. more than 1/2 of all members."""

    share: str = "1/2"  # a fraction, kept as text so it stores exactly
    strict: bool = True  # True: more than; False: at least
    basis: str = "members"  # "members" (all eligible) or "votes" (valid votes cast)

    def __post_init__(self) -> None:
        require(self.basis in ("members", "votes"), "regulation.bad_basis", basis=self.basis)
        f = _fraction(self.share)
        require(0 < f <= 1, "regulation.bad_share", share=self.share)

    @property
    def fraction(self) -> Fraction:
        return _fraction(self.share)

    def reached(self, votes: int, members: int, votes_cast: int) -> bool:
        base = members if self.basis == "members" else votes_cast
        if base == 0:
            return False
        ratio = Fraction(votes, base)
        return ratio > self.fraction if self.strict else ratio >= self.fraction


@dataclass(frozen=True)
class AwardRule:
    """An award the cluster may propose, with its cap and vote threshold."""

    code: str
    name: str
    name_en: str = ""
    cap_count: int | None = None
    cap_percent: Decimal | None = None  # of the cluster's members
    threshold: Threshold = field(default_factory=Threshold)

    def cap(self, members: int) -> int:
        caps = [members]
        if self.cap_count is not None:
            caps.append(self.cap_count)
        if self.cap_percent is not None:
            caps.append(int(Decimal(members) * Decimal(self.cap_percent) / 100))
        return min(caps)


DEFAULT_AWARDS = (
    AwardRule(
        "tld_flag",
        "Cờ thi đua của Tổng Liên đoàn",
        "Confederation emulation flag",
        cap_count=1,
        threshold=Threshold("2/3", strict=False),
    ),
    AwardRule(
        "tld_merit",
        "Bằng khen của Ban Chấp hành Tổng Liên đoàn",
        "Certificate of merit of the Confederation",
        cap_percent=Decimal(50),
    ),
)


@dataclass(frozen=True)
class Regulation:
    quorum: str = "2/3"  # share of members present (or voting) for a valid poll
    absentee_votes: str = "count"  # "count": written votes count as votes and presence; "ignore"
    thresholds: dict[str, Threshold] = field(
        default_factory=lambda: {k: Threshold() for k in ("leading", "chair", "vice_chair")}
    )
    awards: tuple[AwardRule, ...] = DEFAULT_AWARDS
    secret_ballot: bool = True
    rotation: str = "vice_to_chair"  # or "free": any member may stand for chair
    tie_break: tuple[str, ...] = ("appraised_total", "bonus", "fewer_penalty")
    # An action may be entered this many days after the date it counts for without a
    # reason (paper first, entered later); beyond it, the person gives the reason.
    late_entry_days: int = 7
    # The version (its number in the cluster, 0 before versions were kept) and its
    # legal basis ("Căn cứ ..."): the decree and the union's decision it follows, as text.
    version: int = 0
    decree: str = ""
    union_decision: str = ""
    preset: str = ""  # the preset it was started from (service/org/presets.json), if any

    def __post_init__(self) -> None:
        require(0 <= self.late_entry_days <= 366, "regulation.bad_late_entry_days")
        require(0 < _fraction(self.quorum) <= 1, "regulation.bad_share", share=self.quorum)
        require(self.absentee_votes in ("count", "ignore"), "regulation.bad_absentee")
        require(self.rotation in ("vice_to_chair", "free"), "regulation.bad_rotation")
        for t in self.tie_break:
            require(t in TIE_BREAKS, "regulation.bad_tie_break", tie_break=t)
        codes = [a.code for a in self.awards]
        require(len(codes) == len(set(codes)), "regulation.duplicate_award")
        require(len(self.tie_break) == len(set(self.tie_break)), "regulation.duplicate_tie_break")
        for a in self.awards:
            require(bool(a.code.strip() and a.name.strip()), "regulation.award_name_required")
            require(a.cap_count is None or a.cap_count >= 0, "regulation.bad_cap")
            require(a.cap_percent is None or 0 < a.cap_percent <= 100, "regulation.bad_cap_percent")

    def numbered(self, version: int) -> Regulation:
        return replace(self, version=version)

    def threshold_for(self, kind: str, award: str | None = None) -> Threshold:
        if kind == "award":
            return self.award(award or "").threshold
        return self.thresholds.get(kind, Threshold())

    def award(self, code: str) -> AwardRule:
        for rule in self.awards:
            if rule.code == code:
                return rule
        raise_unknown_award(code)
        raise AssertionError  # unreachable

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["awards"] = [
            {**a, "cap_percent": None if a["cap_percent"] is None else str(a["cap_percent"])}
            for a in d["awards"]
        ]
        d["tie_break"] = list(self.tie_break)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Regulation:
        awards = tuple(
            AwardRule(
                code=a["code"],
                name=a["name"],
                name_en=a.get("name_en", ""),
                cap_count=a.get("cap_count"),
                cap_percent=None if a.get("cap_percent") is None else Decimal(a["cap_percent"]),
                threshold=Threshold(**a.get("threshold", {})),
            )
            for a in d.get("awards", [])
        )
        return cls(
            quorum=d.get("quorum", "2/3"),
            absentee_votes=d.get("absentee_votes", "count"),
            thresholds={k: Threshold(**v) for k, v in d.get("thresholds", {}).items()},
            awards=awards,
            secret_ballot=d.get("secret_ballot", True),
            rotation=d.get("rotation", "vice_to_chair"),
            tie_break=tuple(d.get("tie_break", ("appraised_total",))),
            late_entry_days=int(d.get("late_entry_days", 7)),
            version=int(d.get("version", 0)),
            decree=d.get("decree", ""),
            union_decision=d.get("union_decision", ""),
            preset=d.get("preset", ""),
        )


def raise_unknown_award(code: str) -> None:
    require(False, "award.unknown", award=code)
