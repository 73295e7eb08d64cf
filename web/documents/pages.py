"""The signed dossier: the chair downloads it from the year's page (built off the request
path, progress shown, an unchanged dossier served from cache); TLĐ uploads one to verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _

from service.documents import verify_bundle
from service.documents.jobs import BundleJobs
from service.platform.app import ThiduaApplication
from service.platform.auth import AUDITOR, TLD_OFFICER
from service.year import queries
from web.shell.login import current_principal, login_required
from web.shell.store import store

bp = Blueprint("dossier_pdf", __name__)
JOBS = "thidua.dossiers"


def jobs() -> BundleJobs:
    """One job runner per process; the finished PDFs and progress files are shared on disk."""
    found = current_app.extensions.get(JOBS)
    if found is None:
        url = current_app.config["DATABASE_URL"]
        found = BundleJobs(
            Path(current_app.instance_path) / "dossiers", lambda: ThiduaApplication(url)
        )
        current_app.extensions[JOBS] = found
    return found


@bp.get("/years/<uuid:year_id>/dossier.pdf")
@login_required
def download(year_id: UUID) -> Any:

    app, who = store(), current_principal()
    info = queries.year_header(app, year_id)
    mine = who.unit.hex if who and who.unit else None
    allowed = who is not None and (
        who.is_admin or AUDITOR in who.roles or TLD_OFFICER in who.roles
        or (mine is not None and mine in (info["chair"], info["vice_chair"]))
    )  # fmt: skip
    if not allowed:
        abort(403)
    runner = jobs()
    if not runner.config.configured:
        return render_template(
            "dossiers/pdf_status.html", year=info, status=None, unsigned=True
        ), 409
    status = runner.start(app, year_id)
    if status.state == "done":
        pdf = runner.result(status.key)
        name = f"ho-so-thi-dua-{info['cluster']['code']}-{info['year']}.pdf"
        return Response(pdf, mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
    code = 500 if status.state == "failed" else 202
    return render_template(
        "dossiers/pdf_status.html", year=info, status=status, unsigned=False
    ), code


@bp.route("/dossiers/verify", methods=["GET", "POST"])
@login_required
def verify() -> Any:

    if request.method == "GET":
        return render_template("dossiers/verify.html", report=None, name=None)
    upload = request.files.get("dossier")
    data = upload.read() if upload else b""
    if not data:
        return render_template("dossiers/verify.html", report=None, name=None,
                               error=_("Chọn tệp hồ sơ PDF cần kiểm tra.")), 422  # fmt: skip
    report = verify_bundle(data, app=store())
    return render_template(
        "dossiers/verify.html", report=report, name=upload.filename if upload else None
    )
