"""Regressions for the access rules the matrix (test_access_matrix.py) found missing:
each refusal is `auth.forbidden` before any other check, and nothing is stored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.kernel.base import DomainError
from domain.org.unit import Unit
from service.platform.app import ThiduaApplication
from service.platform.auth import STEERING, Principal
from service.review import review_reports, reviews
from service.year import dossiers


def officer(code: str, *roles: str) -> Principal:
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code), frozenset(roles))


def refused(app: ThiduaApplication, act: object, code: str = "auth.forbidden") -> None:
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError) as e:
        act()  # type: ignore[operator]
    assert e.value.code == code
    assert app.recorder.max_notification_id() == before


def test_an_appraiser_never_appraises_its_own_unit(
    demo_app: ThiduaApplication, demo_summary: dict[str, Any]
) -> None:
    app = demo_app
    summary = demo_summary
    year16 = summary["next_year_id"]  # Lào Cai chairs 2016; no dossier registered yet
    laocai = officer("LAOCAI")
    scores = {"1.1": (Decimal(9), "")}
    refused(
        app,
        lambda: dossiers.appraise(app, laocai, year16, laocai.unit, scores, date(2016, 1, 9)),
        "dossier.self_appraisal",  # its own message, before "not registered" (answered 403)
    )


def test_a_federations_steering_role_does_not_reach_another_federation(
    demo_app: ThiduaApplication,
    demo_summary: dict[str, Any],
) -> None:
    app = demo_app
    review = demo_summary["review"]  # Lạng Sơn's term XV and its review
    hagiang = officer("HAGIANG", STEERING)
    on = date(2016, 1, 9)
    refused(
        app,
        lambda: reviews.open_term(
            app, hagiang, "LANGSON", "XVI", "XVI", 2018, 2023, date(2018, 7, 1), "NQ"
        ),
    )
    refused(app, lambda: reviews.add_programme(app, hagiang, review["term_id"], "CTr9", "x", on))
    refused(
        app,
        lambda: reviews.schedule_milestone(
            app, hagiang, review["campaign_id"], "extra", "x", on, on, on
        ),
    )
    refused(
        app,
        lambda: review_reports.accept_report(app, hagiang, review["campaign_id"], "LS-VANQUAN", on),
    )
    # held for its own federation, the role acts there
    reviews.open_term(app, hagiang, "HAGIANG", "XV", "XV", 2013, 2018, date(2013, 7, 1), "NQ")
