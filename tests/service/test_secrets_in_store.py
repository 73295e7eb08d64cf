"""What the immutable store (and so every audit export) must never hold in clear."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from domain.kernel.base import DomainError
from domain.org.unit import Unit
from service.accounts import accounts
from service.audit.export import export_events
from service.platform.app import ThiduaApplication
from service.platform.auth import AUDITOR, SYSTEM_PRINCIPAL, Principal
from service.polls import polls
from service.review import reviews


def test_password_hashes_are_sealed_in_events_and_exports(app):
    accounts.create_account(
        app,
        SYSTEM_PRINCIPAL,
        "canbo.ls",
        "Cán bộ Lạng Sơn",
        None,
        [AUDITOR],
        "mot-mat-khau-dai",
        date(2015, 1, 1),
    )
    accounts.reset_password(
        app, SYSTEM_PRINCIPAL, "canbo.ls", "mat-khau-moi-dai-hon", date(2015, 2, 1)
    )
    out = io.StringIO()
    export_events(app, out)
    text = out.getvalue()
    assert "PasswordChanged" in text and "$argon2" not in text
    assert accounts.authenticate(app, "canbo.ls", "mat-khau-moi-dai-hon") is not None
    assert accounts.authenticate(app, "canbo.ls", "mot-mat-khau-dai") is None


def test_a_unit_that_is_no_voter_is_forbidden_not_just_refused(
    demo_app: ThiduaApplication, demo_summary: dict[str, Any]
):
    app = demo_app
    demo = demo_summary
    poll_id = polls.polls_of_year(app, demo["year_id"])[0]["id"]
    outsider = Principal("canbo.tld", Unit.id_for("TLD"))  # a unit, but not a voter
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError) as refused:
        polls.cast_ballot(app, outsider, poll_id, [Unit.id_for("QUANGNINH")], date(2015, 12, 18))
    assert refused.value.code == "auth.forbidden"
    assert app.recorder.max_notification_id() == before


def test_an_auditor_is_never_on_a_steering_committee(
    demo_app: ThiduaApplication, demo_summary: dict[str, Any]
):
    app = demo_app
    demo = demo_summary
    campaign = demo["review"]["campaign_id"]
    accounts.create_account(
        app,
        SYSTEM_PRINCIPAL,
        "kiemtoan",
        "Kiểm toán viên",
        None,
        [AUDITOR],
        "mot-mat-khau-dai",
        date(2015, 1, 1),
    )
    with pytest.raises(DomainError) as refused:
        reviews.appoint_steering_member(
            app,
            SYSTEM_PRINCIPAL,
            campaign,
            "kiemtoan",
            "Kiểm toán viên",
            "member",
            "Kiểm toán",
            date(2015, 11, 20),
        )
    assert refused.value.code == "review.auditor_in_steering"
