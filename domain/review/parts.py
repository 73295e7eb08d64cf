"""Parts of a term review campaign: its fixed vocabulary and its value objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

REPORTS_DUE = "lower_reports"  # the milestone whose deadline unit reports are measured by
TLD_DUE = "tld_report"  # the milestone of the report to the Confederation
STEERING_ROLES = ("head", "deputy", "member", "secretary")
COMMITTEES = ("standing", "executive")  # Ban Thường vụ, Ban Chấp hành
PARTICIPANT_KINDS = ("district", "sector", "grassroots", "department")


@dataclass(frozen=True)
class SteeringMember:
    account: str
    name: str
    role: str
    position: str


@dataclass(frozen=True)
class Milestone:
    code: str
    title: str
    starts_on: date
    due_on: date


@dataclass(frozen=True)
class Participant:
    unit: UUID
    kind: str
    theme: str  # departments: the theme (chuyên đề) of their report

    @property
    def thematic(self) -> bool:
        return self.kind == "department"


@dataclass(frozen=True)
class Consolidated:
    version: int
    title: str
    summary: str
    figures: dict[str, dict[str, Any]]
    counted: list[UUID]
    on: date


@dataclass(frozen=True)
class Presentation:
    """The consolidated report put before a committee (trình Ban Thường vụ / BCH)."""

    committee: str
    session: str
    conclusion: str
    version: int
    on: date


@dataclass(frozen=True)
class Finding:
    """A survey finding (kết quả khảo sát) of the steering committee."""

    unit: UUID | None
    topic: str
    findings: str
    on: date


@dataclass(frozen=True)
class Submission:
    """The report sent to the Confederation (gửi Tổng Liên đoàn)."""

    version: int
    reference: str
    days_late: int
    on: date


@dataclass(frozen=True)
class EarlyClose:
    """A review closed before its end (kết thúc sớm) with what it had: the reports
    received then (counted), those not received (never counted as zero)."""

    reason: str
    basis: str
    counted: list[UUID]
    not_received: list[UUID]
    on: date


@dataclass(frozen=True)
class ParticipantDecision:
    """What became of a participant merged, split or dissolved mid-review: its successor
    reports for it (`successor`), or it withdrew (`successor` None)."""

    unit: UUID
    successor: UUID | None
    reason: str
    cause: str  # "merged", "split", "dissolved" ("" when withdrawn for another reason)
    effective: date
    on: date
