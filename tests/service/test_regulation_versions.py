"""A cluster's regulation in versions (SQLite and PostgreSQL): drafted from a preset,
commented on by members, adopted with an effective date; a year opens under the version
in force and keeps it after an amendment; refusals store nothing."""

from datetime import date

import pytest

from domain.kernel.base import DomainError
from domain.org.unit import Unit, UnitKind
from service.org import units
from service.org.presets import preset, presets
from service.platform.auth import Principal
from service.polls import polls
from service.year import clusters, regulations

CODES = ["AA", "BB", "CC"]


def officer(code):
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


def refused(app, fn):
    before = app.recorder.max_notification_id()
    with pytest.raises(DomainError) as e:
        fn()
    assert app.recorder.max_notification_id() == before, "nothing may be stored"
    return e.value.code


@pytest.fixture
def cluster(app, admin):
    for code in CODES:
        units.register_unit(app, admin, code, UnitKind.PROVINCE, f"LĐLĐ {code}", date(2010, 1, 1))
    units.register_unit(app, admin, "OUT", UnitKind.PROVINCE, "LĐLĐ ngoài", date(2010, 1, 1))
    clusters.establish_cluster(app, admin, "K", "Khối thử", date(2024, 1, 1))
    for code in CODES:
        clusters.admit_member(app, admin, "K", code, date(2024, 1, 1))
    return "K"


def test_presets_name_their_sources():
    assert {p.code for p in presets()} >= {"nd152_qd999_two_thirds", "nd152_qd999_80_90"}
    for p in presets():
        assert p.sources and p.regulation.preset == p.code
    two_thirds = preset("nd152_qd999_two_thirds").regulation
    leading = two_thirds.threshold_for("leading")
    assert (leading.share, leading.strict, leading.basis) == ("2/3", True, "members")
    assert "152/2025" in two_thirds.decree and "999/QĐ-TLĐ" in two_thirds.union_decision
    shares = preset("nd152_qd999_80_90").regulation
    assert {shares.award(a).threshold.share for a in ("tld_flag", "tld_merit")} == {"0.9", "0.8"}


def test_a_year_keeps_the_version_it_opened_under(app, admin, cluster):
    two = regulations.draft(
        app, admin, cluster, preset("nd152_qd999_two_thirds").regulation, "", date(2024, 11, 1)
    )
    assert two == 2
    regulations.comment(app, officer("BB"), cluster, two, "Đề nghị giữ 2/3", date(2024, 11, 5))
    regulations.adopt(
        app, admin, cluster, two, date(2024, 12, 1), "Hội nghị Khối", date(2024, 12, 1)
    )
    year = clusters.open_year(
        app, admin, cluster, 2025, date(2024, 12, 15), chair_code="AA", vice_code="BB"
    )
    assert app.get(year).regulation.version == 2

    # the chair of the year amends: version 3 (80 % / 90 %) from 01/07/2025
    chair = officer("AA")
    three = regulations.draft(
        app, chair, cluster, preset("nd152_qd999_80_90").regulation, "Sửa đổi", date(2025, 6, 1)
    )
    regulations.adopt(app, chair, cluster, three, date(2025, 7, 1), "Sửa đổi", date(2025, 6, 20))
    k = regulations.cluster_of(app, cluster, read_only=True)
    assert k.regulation.version == 3
    assert k.regulation_on(date(2025, 6, 30)).version == 2
    assert k.regulation_on(date(2025, 7, 1)).version == 3
    assert k.regulation_on(date(2023, 1, 1)).version == 1
    # the open year keeps version 2, and so does a poll it opens after the amendment
    assert app.get(year).regulation.version == 2
    poll = polls.open_poll(app, chair, year, "leading", None, date(2025, 12, 15))
    assert polls.poll_of(app, poll).rules["threshold"] == {
        "share": "2/3",
        "strict": True,
        "basis": "members",
    }
    info = regulations.regulation_info(app, cluster, date(2025, 8, 1))
    assert info["in_force"]["number"] == 3
    assert [v["number"] for v in info["versions"]] == [3, 2, 1]
    [said] = info["versions"][1]["comments"]
    assert (said["unit_name"], said["text"]) == ("LĐLĐ BB", "Đề nghị giữ 2/3")


def test_refusals_store_nothing(app, admin, cluster):
    reg = preset("nd152_qd999_two_thirds").regulation
    two = regulations.draft(app, admin, cluster, reg, "", date(2024, 11, 1))
    on = date(2024, 11, 2)
    # only the administrator and the cluster's chair draft and adopt
    assert refused(app, lambda: regulations.draft(app, officer("BB"), cluster, reg, "", on)) == (
        "auth.forbidden"
    )
    assert refused(
        app, lambda: regulations.adopt(app, officer("BB"), cluster, two, on, "x", on)
    ) == ("auth.forbidden")
    # only members comment, and only on drafts
    assert refused(
        app, lambda: regulations.comment(app, officer("OUT"), cluster, two, "x", on)
    ) == ("auth.forbidden")
    assert refused(app, lambda: regulations.comment(app, officer("AA"), cluster, 1, "x", on)) == (
        "regulation.already_adopted"
    )
    assert refused(app, lambda: regulations.comment(app, officer("AA"), cluster, 9, "x", on)) == (
        "regulation.unknown_version"
    )
    assert refused(app, lambda: regulations.adopt(app, admin, cluster, two, on, "  ", on)) == (
        "regulation.reason_required"
    )
    assert refused(
        app, lambda: regulations.adopt(app, admin, cluster, two, date(2024, 10, 1), "x", on)
    ) == ("regulation.before_draft")
    regulations.adopt(app, admin, cluster, two, on, "Thông qua", on)
    assert refused(app, lambda: regulations.adopt(app, admin, cluster, two, on, "x", on)) == (
        "regulation.already_adopted"
    )
    # an amendment cannot take effect before the version in force
    three = regulations.draft(app, admin, cluster, reg, "", date(2024, 10, 15))
    early = date(2024, 10, 20)
    assert refused(app, lambda: regulations.adopt(app, admin, cluster, three, early, "x", on)) == (
        "regulation.before_in_force"
    )
