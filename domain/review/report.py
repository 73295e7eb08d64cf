"""ReviewReport (báo cáo sơ kết của đơn vị): one unit's report in a term review.

Draft → submitted (days late against the reports deadline) → returned for revision
with comments → resubmitted → accepted. A report carries, for each target it reports
on, the figures the roll-up needs: a value (sum), a value and its weight (weighted
average), or a numerator and a denominator (ratio). Departments (các Ban) submit
thematic reports: a theme, the narrative, and figures only where their theme has any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import event

from domain.kernel.base import ThiduaAggregate, natural_id, require
from domain.kernel.messages import Listing, Phrase
from domain.review.term import Rollup, Target, canonical_decimal
from domain.year.plan import days_late

FIGURES = {
    Rollup.SUM: ("value",),
    Rollup.WEIGHTED_AVERAGE: ("value", "weight"),
    Rollup.RATIO: ("numerator", "denominator"),
}
# the figures that count something (a weight is the count a value is weighted by)
COUNTS = {"weight", "numerator", "denominator"}
RATINGS = ("done", "partly_done", "not_done")
NARRATIVE = ("done", "not_done", "causes", "lessons", "tasks")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"
    ACCEPTED = "accepted"


UNDER_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED)
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


@dataclass(frozen=True)
class Attachment:
    sha256: str
    name: str
    size: int


class ReviewReport(ThiduaAggregate):
    TOPIC = "thidua.ReviewReport"

    class Created(ThiduaAggregate.Created):
        TOPIC = "thidua.ReviewReport.Created"
        campaign: UUID
        unit: UUID
        thematic: bool
        theme: str
        on: date

    class ValueReported(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewReport.ValueReported"
        target: str
        figures: dict[str, str]
        on: date

    class ValueWithdrawn(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewReport.ValueWithdrawn"
        target: str
        on: date

    class ProgrammeAssessed(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewReport.ProgrammeAssessed"
        programme: str
        rating: str
        assessment: str
        on: date

    class NarrativeWritten(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewReport.NarrativeWritten"
        narrative: dict[str, str]
        on: date

    class AttachmentAdded(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewReport.AttachmentAdded"
        sha256: str
        name: str
        size: int
        on: date

    class Submitted(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewReport.Submitted"
        due_on: date | None
        days_late: int
        on: date

    class Returned(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewReport.Returned"
        comments: list[str]
        resubmit_by: date | None
        on: date

    class Resubmitted(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewReport.Resubmitted"
        due_on: date | None
        days_late: int
        on: date

    class Accepted(ThiduaAggregate.Event):
        TOPIC = "thidua.ReviewReport.Accepted"
        on: date

    @staticmethod
    def id_for(campaign: UUID, unit: UUID) -> UUID:
        """One report per unit and review campaign."""
        return natural_id("review_report", campaign, unit)

    @classmethod
    def create_id(cls, campaign: UUID, unit: UUID, **_: object) -> UUID:
        return cls.id_for(campaign, unit)

    @classmethod
    def start(
        cls, campaign: UUID, unit: UUID, thematic: bool, theme: str, on: date
    ) -> ReviewReport:
        require(not thematic or bool(theme.strip()), "review.theme_required")
        return cls(campaign=campaign, unit=unit, thematic=thematic, theme=theme.strip(), on=on)

    @event(Created)
    def __init__(self, campaign: UUID, unit: UUID, thematic: bool, theme: str, on: date) -> None:
        self.campaign = campaign
        self.unit = unit
        self.thematic = thematic
        self.theme = theme
        self.status = ReportStatus.DRAFT
        self.values: dict[str, dict[str, str]] = {}
        self.assessments: dict[str, tuple[str, str]] = {}
        self.narrative: dict[str, str] = {}
        self.attachments: dict[str, Attachment] = {}
        self.last_on = on
        self.submitted_on: date | None = None
        self.days_late = 0  # of the first submission
        self.returns: list[tuple[date, list[str], date | None]] = []
        self.resubmit_by: date | None = None
        self.accepted_on: date | None = None

    # -- drafting ------------------------------------------------------------
    def _editable(self, on: date) -> None:
        require(self.status in EDITABLE, "review.report_locked", status=self._status_phrase())
        self._in_order(on)

    def _status_phrase(self) -> Phrase:
        return Phrase(f"review.report_status.{self.status.value}")

    def _in_order(self, on: date) -> None:
        require(on >= self.last_on, "review.date_order", last=self.last_on)

    def report_value(self, target: Target, figures: dict[str, object], on: date) -> None:
        self._editable(on)
        clean = clean_figures(target, figures)
        if self.values.get(target.code) != clean:
            self._value_reported(target=target.code, figures=clean, on=on)

    def withdraw_value(self, target: str, on: date) -> None:
        self._editable(on)
        require(target in self.values, "review.no_such_value", target=target)
        self._value_withdrawn(target=target, on=on)

    def assess(self, programme: str, rating: str, assessment: str, on: date) -> None:
        self._editable(on)
        require(rating in RATINGS, "review.bad_rating", rating=rating)
        require(bool(assessment.strip()), "review.assessment_required", programme=programme)
        if self.assessments.get(programme) != (rating, assessment.strip()):
            self._programme_assessed(
                programme=programme, rating=rating, assessment=assessment.strip(), on=on
            )

    def write(self, on: date, **parts: str) -> None:
        """Write the narrative: done, not_done, causes, lessons, tasks (for the second half)."""
        self._editable(on)
        unknown = sorted(set(parts) - set(NARRATIVE))
        require(not unknown, "review.bad_narrative", parts=", ".join(unknown))
        narrative = {**self.narrative, **{k: v.strip() for k, v in parts.items()}}
        if narrative != self.narrative:
            self._narrative_written(narrative=narrative, on=on)

    def attach(self, sha256: str, name: str, size: int, on: date) -> None:
        self._editable(on)
        sha256 = sha256.strip().lower()
        require(bool(SHA256.match(sha256)), "review.bad_checksum")
        require(bool(name.strip()), "review.attachment_name_required")
        require(size >= 0, "review.bad_size")
        require(sha256 not in self.attachments, "review.duplicate_attachment", name=name)
        self._attachment_added(sha256=sha256, name=name.strip(), size=size, on=on)

    # -- the review cycle ----------------------------------------------------
    def submit(self, on: date, due_on: date | None, programmes: list[str]) -> None:
        """Submit a draft (late against `due_on`) or resubmit a returned report."""
        require(self.status in EDITABLE, "review.not_submittable", status=self._status_phrase())
        self._in_order(on)
        missing = [k for k in NARRATIVE if not self.narrative.get(k)]
        require(
            not missing,
            "review.narrative_missing",
            parts=Listing(tuple(Phrase(f"review.narrative.{k}") for k in missing)),
        )
        if not self.thematic:
            require(bool(self.values), "review.no_values")
            unassessed = [p for p in programmes if p not in self.assessments]
            require(not unassessed, "review.programme_unassessed", programmes=", ".join(unassessed))
        if self.status is ReportStatus.DRAFT:
            self._submitted(due_on=due_on, days_late=days_late(on, due_on), on=on)
        else:
            due = self.resubmit_by
            self._resubmitted(due_on=due, days_late=days_late(on, due), on=on)

    def return_for_revision(self, comments: list[str], resubmit_by: date | None, on: date) -> None:
        require(
            self.status in UNDER_REVIEW,
            "review.not_under_review",
            status=self._status_phrase(),
        )
        self._in_order(on)
        comments = [c.strip() for c in comments if c.strip()]
        require(bool(comments), "review.comments_required")
        require(resubmit_by is None or resubmit_by >= on, "review.resubmit_before_return")
        self._returned(comments=comments, resubmit_by=resubmit_by, on=on)

    def accept(self, on: date) -> None:
        require(
            self.status in UNDER_REVIEW,
            "review.not_under_review",
            status=self._status_phrase(),
        )
        self._in_order(on)
        self._accepted(on=on)

    # -- mutators ------------------------------------------------------------
    @event(ValueReported)
    def _value_reported(self, target: str, figures: dict[str, str], on: date) -> None:
        self.values[target] = dict(figures)
        self.last_on = on

    @event(ValueWithdrawn)
    def _value_withdrawn(self, target: str, on: date) -> None:
        del self.values[target]
        self.last_on = on

    @event(ProgrammeAssessed)
    def _programme_assessed(self, programme: str, rating: str, assessment: str, on: date) -> None:
        self.assessments[programme] = (rating, assessment)
        self.last_on = on

    @event(NarrativeWritten)
    def _narrative_written(self, narrative: dict[str, str], on: date) -> None:
        self.narrative = dict(narrative)
        self.last_on = on

    @event(AttachmentAdded)
    def _attachment_added(self, sha256: str, name: str, size: int, on: date) -> None:
        self.attachments[sha256] = Attachment(sha256, name, size)
        self.last_on = on

    @event(Submitted)
    def _submitted(self, due_on: date | None, days_late: int, on: date) -> None:
        self.status = ReportStatus.SUBMITTED
        self.submitted_on = on
        self.days_late = days_late
        self.last_on = on

    @event(Returned)
    def _returned(self, comments: list[str], resubmit_by: date | None, on: date) -> None:
        self.status = ReportStatus.RETURNED
        self.returns.append((on, list(comments), resubmit_by))
        self.resubmit_by = resubmit_by
        self.last_on = on

    @event(Resubmitted)
    def _resubmitted(self, due_on: date | None, days_late: int, on: date) -> None:
        self.status = ReportStatus.RESUBMITTED
        self.last_on = on

    @event(Accepted)
    def _accepted(self, on: date) -> None:
        self.status = ReportStatus.ACCEPTED
        self.accepted_on = on
        self.last_on = on


def clean_figures(target: Target, figures: dict[str, object]) -> dict[str, str]:
    """A target's reported figures, checked against its kind (a sum's value, a weighted
    average's value and weight, a ratio's numerator and denominator) and made canonical;
    DomainError on the first broken rule. The report form checks each row with it so that
    every row's error is shown at once."""
    names = FIGURES[Rollup(target.rollup)]
    given = {k for k, v in figures.items() if v not in (None, "")}
    require(
        given == set(names),
        "review.figures_shape",
        target=target.code,
        names=Listing(tuple(Phrase(f"review.figure.{k}") for k in names)),
    )
    clean = {
        k: canonical_decimal(figures[k], "review.bad_figure", target=target.code) for k in names
    }
    require(
        all(Decimal(v) >= 0 for v in clean.values()), "review.negative_figure", target=target.code
    )
    for name in COUNTS.intersection(clean):  # people, unions, enterprises: whole numbers
        require(
            Decimal(clean[name]) == Decimal(clean[name]).to_integral_value(),
            f"review.{name}_not_whole",
            target=target.code,
            value=str(figures[name]),
        )
    if "weight" in clean:
        require(Decimal(clean["weight"]) > 0, "review.weight_positive", target=target.code)
    if "denominator" in clean:
        require(
            Decimal(clean["denominator"]) > 0, "review.denominator_positive", target=target.code
        )
        require(
            Decimal(clean["numerator"]) <= Decimal(clean["denominator"]),
            "review.numerator_exceeds",
            target=target.code,
            numerator=clean["numerator"],
            denominator=clean["denominator"],
        )
    return clean
