"""The successor's officer acts on the dossier it took over through the web: the forms
offer a dossier picker (only when the unit answers for more than one in the year), the
chosen dossier is the one changed, and an officer with one dossier sees no picker."""

from __future__ import annotations

from uuid import UUID

from domain.year.dossier import Dossier
from service.platform.app import ThiduaApplication
from tests.web.site import Site, unit

TITLE = "Cờ thi đua (Lai Châu, do Lào Cai đăng ký thay)"


def test_the_successor_picks_the_carried_dossier(site: Site) -> None:
    admin, token = site.login("admin")
    merged = admin.post(
        "/admin/units/merge",
        data={"csrf_token": token, "code": "LAICHAU", "into_code": "LAOCAI", "on": "05/01/2016"},
    )
    assert merged.status_code == 302
    taken = admin.post(
        f"/years/{site.year16}/changes/take-over",
        data={"csrf_token": token, "unit": unit("LAICHAU"), "successor": unit("LAOCAI"),
              "reason": "Quyết định hợp nhất"},
    )  # fmt: skip
    assert taken.status_code == 302, taken.get_data(as_text=True)[:400]

    # Lào Cai's officer: its own dossier and Lai Châu's, the one asked for preselected
    client, token = site.login("vice")
    form = client.get(f"/years/{site.year16}/register?unit={unit('LAICHAU')}")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and 'name="dossier_unit"' in html
    assert f'<option value="{unit("LAICHAU")}" selected>' in html
    assert f'<option value="{unit("LAOCAI")}" ' in html
    score = client.get(f"/years/{site.year16}/self-score?unit={unit('LAICHAU')}")
    assert 'name="dossier_unit"' in score.get_data(as_text=True)
    page = client.get(f"/years/{site.year16}/dossiers/{unit('LAICHAU')}").get_data(as_text=True)
    assert f"/years/{site.year16}/register?unit={unit('LAICHAU')}" in page

    posted = client.post(
        f"/years/{site.year16}/register",
        data={"csrf_token": token, "dossier_unit": unit("LAICHAU"), "title": TITLE,
              "commitments": "Phát triển đoàn viên"},
    )  # fmt: skip
    assert posted.status_code == 302, posted.get_data(as_text=True)[:600]
    reader = ThiduaApplication(site.url)
    try:
        year = UUID(site.year16)
        carried = reader.get(Dossier.id_for(year, UUID(unit("LAICHAU"))))
        assert carried.registration["title"] == TITLE
        own = reader.find(Dossier.id_for(year, UUID(unit("LAOCAI"))))
        assert own is None or (own.registration or {}).get("title") != TITLE
    finally:
        reader.close()

    # an officer with one dossier sees no picker
    member, _ = site.login("member")
    assert 'name="dossier_unit"' not in member.get(f"/years/{site.year16}/register").get_data(
        as_text=True
    )
