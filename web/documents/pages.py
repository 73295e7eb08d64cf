"""The signed bundle for TLĐ: the chair downloads it from the year's page (built off the
request path, progress shown, an unchanged bundle served from cache); TLĐ uploads one to
verify.

Each page also answers at the path it had when the bundle was called a dossier
(/years/<id>/dossier.pdf, /dossiers/verify, the upload field "dossier"), so saved links
and scripts keep working; the pages link to the new paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.documents import DocumentInputs, package, verify_bundle
from service.documents.jobs import BundleJobs
from service.documents.readiness import gaps
from service.platform.app import ThiduaApplication
from service.platform.auth import AUDITOR, TLD_OFFICER
from service.year import queries
from web.shell.actions import today
from web.shell.as_of import as_of_arg
from web.shell.login import current_principal, login_required
from web.shell.store import store

bp = Blueprint("bundles", __name__)
SIGNER_WORDS = {  # the roles of the check page's "no signer's name" (readiness.SIGNER_WORDS)
    "secretary": _l("Thư ký Hội nghị"),
    "counting_head": _l("Trưởng Ban kiểm phiếu"),
    "chair": _l("Trưởng Cụm"),
    "review_head": _l("Trưởng Ban chỉ đạo sơ kết"),
}
JOBS = "thidua.bundles"


def jobs() -> BundleJobs:
    """One job runner per process; the finished PDFs and progress files are shared on disk
    (instance/bundles: a cache, rebuilt when missing)."""
    found = current_app.extensions.get(JOBS)
    if found is None:
        url = current_app.config["DATABASE_URL"]
        found = BundleJobs(
            Path(current_app.instance_path) / "bundles", lambda: ThiduaApplication(url)
        )
        current_app.extensions[JOBS] = found
    return found


def _file_name(info: dict[str, Any], day: Any) -> str:
    name = f"ho-so-thi-dua-{info['cluster']['code']}-{info['year']}.pdf"
    return name.replace(".pdf", f"-ngay-{day:%Y%m%d}.pdf") if day else name


def _bundle(year_id: UUID, *, serve: bool, zipped: bool = False) -> Any:
    """The bundle's page, or (serve=True, when it is ready) the file itself.

    The page refreshes itself to the page (never to the file), so after the download it
    does not stay at "0%": it says the bundle is ready and links to the file's own URL."""
    app, who = store(), current_principal()
    info = queries.year_header(app, year_id)
    mine = who.unit.hex if who and who.unit else None
    allowed = who is not None and (
        who.is_admin
        or AUDITOR in who.roles
        or TLD_OFFICER in who.roles
        or (mine is not None and mine in (info["chair"], info["vice_chair"]))
    )
    if not allowed:
        abort(403)
    # As of a day people know (?as_of=30/06/2016): that day's members, names, standings.
    asked = as_of_arg()
    if asked.text and (asked.error or asked.day is None):
        text = asked.error or _("Hồ sơ chỉ lập được theo một ngày (dd/mm/yyyy).")
        return render_template("error.html", status=422, text=text), 422
    inputs = DocumentInputs(as_of=asked.day) if asked.day else None
    day_arg = asked.day.isoformat() if asked.day else None
    runner = jobs()
    page = {"year": info, "as_of": day_arg, "day": asked.day}
    if asked.day is None:  # the dossier sent to TLĐ: never signed with blanks
        missing = gaps(app, year_id, today())
        if missing:
            units = {u for g in missing for u in g.units}
            return render_template(
                "bundles/missing.html",
                gaps=missing,
                names=queries.names(app, sorted(units)),
                signer_words=SIGNER_WORDS,
                mine=mine,
                chair=mine is not None and mine in (info["chair"], info["vice_chair"]),
                **page,
            ), 409
    if not runner.config.configured:
        return render_template("bundles/status.html", status=None, unsigned=True, **page), 409
    status = runner.start(app, year_id, inputs=inputs)
    signed = runner.result(status.key) if status.state == "done" else None
    if signed is not None and serve and zipped:
        name = _file_name(info, asked.day)
        data = package(app, year_id, signed, name, inputs)
        return Response(
            data,
            mimetype="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{name[:-4]}.zip"'},
        )
    if status.state == "done" and serve:
        return Response(
            runner.result(status.key),
            mimetype="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="{_file_name(info, asked.day)}"'
            },
        )
    code = 500 if status.state == "failed" else 200 if status.state == "done" else 202
    return render_template(
        "bundles/status.html",
        status=status,
        unsigned=False,
        file_name=_file_name(info, asked.day),
        **page,
    ), code


@bp.get("/years/<uuid:year_id>/bundle")
@login_required
def status(year_id: UUID) -> Any:
    """The bundle's page: started here, progress in words, then a link to the file."""
    return _bundle(year_id, serve=False)


@bp.get("/years/<uuid:year_id>/bundle.pdf")
@login_required
def download(year_id: UUID) -> Any:
    """The file when it is ready (the ready page links here); until then the bundle's page."""
    return _bundle(year_id, serve=True)


@bp.get("/years/<uuid:year_id>/bundle.zip")
@login_required
def download_package(year_id: UUID) -> Any:
    """The dossier package (signed PDF, Word files, manifest) when the bundle is ready."""
    return _bundle(year_id, serve=True, zipped=True)


@bp.route("/bundles/verify", methods=["GET", "POST"])
@login_required
def verify() -> Any:

    if request.method == "GET":
        return render_template("bundles/verify.html", report=None, name=None)
    upload = request.files.get("bundle") or request.files.get("dossier")  # the field's old name
    data = upload.read() if upload else b""
    if not data:
        return render_template(
            "bundles/verify.html",
            report=None,
            name=None,
            error=_("Chọn tệp hồ sơ PDF cần kiểm tra."),
        ), 422
    before = request.files.get("earlier")
    earlier = before.read() if before else b""
    report = verify_bundle(data, app=store(), earlier=earlier or None)
    return render_template(
        "bundles/verify.html",
        report=report,
        name=upload.filename if upload else None,
        earlier=before.filename if earlier and before else None,
    )


# The paths from before "bundle", for saved links and scripts. Added after the new ones,
# so that url_for builds the new ones.
bp.add_url_rule("/years/<uuid:year_id>/dossier.pdf", view_func=download, methods=["GET"])
bp.add_url_rule("/dossiers/verify", view_func=verify, methods=["GET", "POST"])
