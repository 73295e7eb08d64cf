"""Command handlers and reads for a cluster's regulation (Quy chế): draft (from a
preset or by hand), comment, adopt or amend; who may: the administrator and the
cluster's chair (the chair unit of its latest year). Member units comment on drafts.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.org.cluster import Cluster, RegulationVersion
from domain.org.regulation import Regulation
from domain.year.year import EmulationYear
from service.org.presets import presets
from service.org.regulation_words import regulation_lines, version_words
from service.platform.app import ThiduaApplication, execute, load
from service.platform.auth import Principal, allow
from service.views import views


def cluster_of(app: ThiduaApplication, code: str, read_only: bool = False) -> Cluster:
    return load(app, Cluster.id_for(code), f"Cụm {code}", read_only)


def latest_year(app: ThiduaApplication, cluster: Cluster) -> EmulationYear | None:
    doc = views.directory_entries(app, [cluster.id.hex]).get(cluster.id.hex, {})
    years = sorted((int(y) for y in doc.get("years", {})), reverse=True)
    for year in years:
        found = app.find(EmulationYear.id_for(cluster.id, year))
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None


def may_manage(app: ThiduaApplication, who: Principal, cluster: Cluster) -> bool:
    """The administrator, or an officer of the chair unit of the cluster's latest year."""
    if who.is_admin:
        return True
    year = latest_year(app, cluster) if who.unit else None
    return year is not None and who.unit == year.chair


def _manage(app: ThiduaApplication, who: Principal, code: str, change: Any) -> Any:
    def run() -> Any:
        cluster = cluster_of(app, code)
        allow(may_manage(app, who, cluster))
        result = change(cluster)
        app.save(cluster)
        return result

    return execute(app, who.actor, run)


def draft(
    app: ThiduaApplication,
    who: Principal,
    code: str,
    regulation: Regulation,
    note: str,
    on: date,
) -> int:
    """A new draft; returns its number."""
    return int(_manage(app, who, code, lambda c: c.draft_regulation(regulation, note, on)))


def adopt(
    app: ThiduaApplication,
    who: Principal,
    code: str,
    version: int,
    effective_on: date,
    reason: str,
    on: date,
) -> None:
    _manage(app, who, code, lambda c: c.adopt_version(version, effective_on, reason, on))


def comment(
    app: ThiduaApplication, who: Principal, code: str, version: int, text: str, on: date
) -> None:
    def run() -> None:
        cluster = cluster_of(app, code)
        allow(who.unit is not None and cluster.is_member(who.unit))
        assert who.unit is not None
        cluster.comment_regulation(version, who.unit, text, on)
        app.save(cluster)

    execute(app, who.actor, run)


# -- reads ---------------------------------------------------------------------------
def _version(v: RegulationVersion, names: dict[str, str], lang: str) -> dict[str, Any]:
    return {
        "number": v.number,
        "title": version_words(v.number, lang),
        "status": "adopted" if v.adopted else "draft",
        "drafted_on": v.drafted_on,
        "adopted_on": v.adopted_on,
        "effective_on": v.effective_on,
        "reason": v.reason,
        "note": v.note,
        "regulation": v.regulation.to_dict(),
        "words": regulation_lines(v.regulation, lang),
        "comments": [
            {"unit": u, "unit_name": names.get(u.hex, u.hex), "text": t, "on": d}
            for u, t, d in v.comments
        ],
    }


def regulation_info(
    app: ThiduaApplication, code: str, today: date, lang: str = "vi"
) -> dict[str, Any]:
    """The cluster's regulation: the version in force today, every version, the presets."""
    cluster = cluster_of(app, code, read_only=True)
    units = {u for v in cluster.versions.values() for u, _, _ in v.comments}
    names = views.unit_names(
        app, sorted({*(u.hex for u in units), *(m.hex for m in cluster.members)})
    )
    in_force = cluster.version_on(today)
    return {
        "code": cluster.code,
        "name": cluster.name,
        "id": cluster.id,
        "members": [{"id": m, "name": names.get(m.hex, m.hex)} for m in cluster.members],
        "in_force": _version(in_force, names, lang),
        "versions": [
            _version(v, names, lang) for _, v in sorted(cluster.versions.items(), reverse=True)
        ],
        "presets": [
            {
                "code": p.code,
                "name": p.name_en if lang == "en" else p.name,
                "sources": list(p.sources),
                "note": p.note,
            }
            for p in presets()
        ],
    }


def member_of(app: ThiduaApplication, code: str, unit: UUID | None) -> bool:
    return unit is not None and cluster_of(app, code, read_only=True).is_member(unit)
