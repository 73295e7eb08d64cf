"""The access tests' site: the demo (cluster BGPB, years 2015 and 2016; the Lạng Sơn
term review) plus a second cluster and a second federation's review, one account per
principal, built once per module on a copy of the demo site (tests/web/site.py);
`restore()` puts the store back as built (a copy of the SQLite files, much faster than
building it again).

Principals (DOMAIN.md "Who is who"; the cluster-year roles come from the demo's events):

- admin, tld (TLĐ officer), auditor: appointed roles, no unit but TLĐ for tld
- chair: Cao Bằng, chair of 2015 (a plain member in 2016)
- vice: Lào Cai, vice-chair of 2015, elected chair of 2016
- vice16: Điện Biên, vice-chair of 2016 (elected on the paper tally)
- member: Lạng Sơn, an ordinary member (and the federation of the term review)
- other: Thái Bình, chair of cluster DBSH's 2016 (a unit of another cluster)
- steering / reviewer: the roles without a unit (any federation)
- appointed: lotienson, appointed to the Lạng Sơn review's steering committee, no role
- hg_steering: the steering role held by a Hà Giang officer (Hà Giang's review only;
  Hà Giang is also a BGPB member)
- district: LĐLĐ huyện Văn Quan, a participant of the Lạng Sơn review
- grassroots: CĐCS Điện lực Lạng Sơn, a grassroots participant of the same review
- hg_district: LĐLĐ huyện Bắc Quang, a participant of Hà Giang's review
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.org.unit import Unit, UnitKind
from service.accounts import accounts
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.polls import polls
from service.review import reviews
from service.views.projector import projector_of
from service.year import clusters
from tests.prepared import checkpoint, copy_sqlite, sqlite_files, sqlite_path
from tests.web.site import PASSWORD, ROLE_ACCOUNTS, Demos, Site, csrf_of
from web.shell.store import EXTENSION

ADMIN = SYSTEM_PRINCIPAL
EXTRA_ACCOUNTS = {  # role -> (username, unit code, appointed roles)
    "vice16": ("dienbien", "DIENBIEN", []),
    "other": ("thaibinh", "THAIBINH", []),
    "appointed": ("lotienson", None, []),
    "hg_steering": ("bcd.hagiang", "HAGIANG", ["steering"]),
    "grassroots": ("dienluc", "LS-DIENLUC", []),
    "hg_district": ("bacquang", "HG-BACQUANG", []),
}
ACCOUNTS = {**ROLE_ACCOUNTS, **EXTRA_ACCOUNTS}
PRINCIPALS = [*sorted(ACCOUNTS), "anonymous"]


def officer(code: str) -> Principal:
    return Principal(f"canbo.{code.lower()}", Unit.id_for(code))


def _second_cluster_and_federation(app: ThiduaApplication) -> dict[str, Any]:
    """Cluster DBSH (Thái Bình chairs 2016, Nam Định vice), an open poll in each 2016
    year, and Hà Giang's term XV with a review whose participant is Bắc Quang."""
    on = date(2015, 1, 5)
    for code, name in (("THAIBINH", "LĐLĐ tỉnh Thái Bình"), ("NAMDINH", "LĐLĐ tỉnh Nam Định")):
        units_register(app, code, UnitKind.PROVINCE, name, on, "TLD")
    units_register(app, "HG-BACQUANG", UnitKind.DISTRICT, "LĐLĐ huyện Bắc Quang", on, "HAGIANG")
    clusters.establish_cluster(app, ADMIN, "DBSH", "Cụm thi đua Đồng bằng sông Hồng", on)
    for code in ("THAIBINH", "NAMDINH"):
        clusters.admit_member(app, ADMIN, "DBSH", code, on)
    other_year = clusters.open_year(
        app, ADMIN, "DBSH", 2016, date(2015, 11, 1), chair_code="THAIBINH", vice_code="NAMDINH"
    )
    members = [Unit.id_for(c) for c in ("CAOBANG", "LAOCAI", "LANGSON", "HAGIANG")]
    poll16 = polls.open_poll(
        app,
        officer("LAOCAI"),
        _year16(app),
        "award",
        members,
        date(2016, 1, 8),
        award="tld_merit",
        max_choices=2,
    )
    other_poll = polls.open_poll(
        app, officer("THAIBINH"), other_year, "leading", [Unit.id_for("NAMDINH")], date(2016, 1, 8)
    )
    term = reviews.open_term(
        app,
        ADMIN,
        "HAGIANG",
        "XV",
        "Nhiệm kỳ XV",
        2013,
        2018,
        date(2013, 7, 1),
        "Nghị quyết Đại hội XV",
    )
    campaign = reviews.plan_review(
        app, ADMIN, term, "Sơ kết XV Hà Giang", date(2015, 12, 31), date(2015, 11, 2)
    )
    reviews.add_participant(app, ADMIN, campaign, "HG-BACQUANG", date(2015, 11, 5))
    return {
        "other_year": other_year,
        "poll16": poll16,
        "other_poll": other_poll,
        "hg_term": term,
        "hg_campaign": campaign,
    }


def _year16(app: ThiduaApplication) -> UUID:
    return clusters.year_by_code(app, "BGPB", 2016).id


def units_register(
    app: ThiduaApplication, code: str, kind: UnitKind, name: str, on: date, parent: str
) -> None:
    from service.org.units import register_unit

    register_unit(app, ADMIN, code, kind, name, on, parent_code=parent)


@dataclass
class AccessSite:
    site: Site
    files: list[Path]
    pristine: Path
    extra: dict[str, Any]

    @property
    def url(self) -> str:
        return self.site.url

    def head(self) -> int:
        """The store's last position of a case's event (a refusal's access record, made
        by every 403, is not one), read without building an application."""
        with closing(sqlite3.connect(self.files[0])) as conn:
            return (
                conn.execute(
                    "SELECT max(rowid) FROM stored_events WHERE topic NOT LIKE 'thidua.AccessRecord.%'"
                ).fetchone()[0]
                or 0
            )

    def restore(self) -> None:
        """The store as built: close the web app's store, copy the saved files back."""
        self.site.app.extensions[EXTENSION].close()
        copy_sqlite(self.pristine, self.files[0])

    def client(self, role: str) -> Any:
        return self.site.api(None if role == "anonymous" else role)

    def login(self, role: str) -> tuple[Any, str]:
        client = self.site.app.test_client()
        token = csrf_of(client.get("/login").get_data(as_text=True))
        response = client.post(
            "/login",
            data={"username": ACCOUNTS[role][0], "password": PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302
        return client, csrf_of(client.get("/account").get_data(as_text=True))


def build_access_site(demos: Demos, tmp: Path, key: Path, **config: Any) -> Iterator[AccessSite]:
    """A copy of the demo site under `tmp` (its ballot secret in `key`, the module's key
    file) with the second cluster and federation and the extra accounts added."""
    for site in demos.site("sqlite", tmp, key, **config):
        app = ThiduaApplication(site.url)
        try:
            extra = _second_cluster_and_federation(app)
            for role, (username, unit, roles) in EXTRA_ACCOUNTS.items():
                accounts.create_account(
                    app,
                    ADMIN,
                    username,
                    f"Tài khoản {role}",
                    unit,
                    roles,
                    PASSWORD,
                    date(2016, 1, 1),
                )
                account = accounts.load_account(app, username)
                site.tokens[role] = accounts.issue_token(
                    app, accounts.principal_for(account), "test", date(2016, 1, 1)
                )
            projector_of(app).catch_up()
        finally:
            app.close()
        site.app.extensions[EXTENSION].close()
        events = sqlite_path(site.url)
        pristine = tmp / "pristine" / events.name
        pristine.parent.mkdir()
        checkpoint(events)
        copy_sqlite(events, pristine)
        yield AccessSite(site, sqlite_files(events), pristine, extra)
