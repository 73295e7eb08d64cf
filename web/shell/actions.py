"""One definition per action, two faces: an HTML form and a JSON call under /api/v1.

An `Action` names its URL rule, its marshmallow schema and the service call. The form
face renders the schema (or a table template), re-renders with the person's input and
a message per field on invalid input (422), and shows a refused command's message
(409; 403 when not allowed; 404 when not found). The API face takes the same schema as
JSON and answers errors as {"code", "message", "fields"}. Who may act is decided once,
by the service; the web only hides forms from people who could not use them.

Every action on a case also takes the date it counts for (`on`, "Ngày thực hiện",
today by default) and the reason it is entered late (`late_reason`): the service builds
and checks the entry (service/platform/clock.py); the action then runs with that date
as its `today`, and each event it causes carries the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import EXCLUDE, RAISE, Schema

from domain.kernel.base import DomainError
from domain.kernel.entry import Entry, entering
from service.audit.export import json_safe
from service.platform import clock
from service.platform.app import ThiduaApplication, recording
from service.platform.auth import AUDITOR, Principal
from service.platform.uploads import UploadStore
from service.views import views
from web.shell import resilience
from web.shell.fields import EntryForm, clean_text
from web.shell.forms import FormErrors, from_form, validate
from web.shell.i18n import message
from web.shell.ids import canonical_ids
from web.shell.login import api_principal, current_principal
from web.shell.security import status_of
from web.shell.store import store

ENTRY_FIELDS = ("on", "late_reason")
# sign-in matters, not case work: their forms take no date (their events carry today)
UNDATED_RULES = ("/account/", "/admin/accounts/")
ENTRY_FIELD_OF = {
    "entry.late_reason_required": "late_reason",
    "entry.reason_too_long": "late_reason",
}


@dataclass(frozen=True)
class Ctx:
    app: ThiduaApplication
    who: Principal
    today: date  # when an action runs: the date it counts for (its entry's `on`)
    args: dict[str, Any]
    uploads: UploadStore


@dataclass(frozen=True)
class Action:
    name: str  # endpoint on its blueprint, and the API's operationId
    rule: str  # e.g. "/years/<uuid:year_id>/register"
    title: Any  # lazy, Vietnamese message id
    schema: type[Schema]
    run: Callable[[Ctx, dict[str, Any]], Any]
    back: Callable[[dict[str, Any]], str] | None = None
    template: str = "actions/form.html"
    prepare: Callable[[Ctx], dict[str, Any]] | None = None
    row_keys: tuple[str, ...] = ()
    files: bool = False  # the form takes files (input "files"); the API takes "attachments"
    # checks of the whole input against the case (a score over its criterion's maximum,
    # a tally over the ballots issued), run with the schema's so every error shows at
    # once beside its row: {"rows/3/points": [message]} (web/year/score_checks.py)
    check: Callable[[Ctx, Mapping[str, Any]], dict[str, list[str]]] | None = None
    # where a refusal about one row belongs ("rows/3/evidence"), None: above the form
    refusal_at: Callable[[DomainError, Mapping[str, Any]], str | None] | None = None
    tag: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def today() -> date:
    """Today in Vietnam, read on each request (config TODAY, else THIDUA_TODAY as now)."""
    return clock.today(current_app.config.get("TODAY"))


def dated(action: Action) -> bool:
    """Whether the action takes the date it counts for (an action whose form already
    asks for its own date, e.g. an organisation change's effective date, does not)."""
    declared = action.schema._declared_fields  # the class's fields: no instance built
    return "on" not in declared and not action.rule.startswith(UNDATED_RULES)


def entry_of(action: Action, ctx: Ctx, given: Mapping[str, Any]) -> Entry:
    """The checked entry of the posted `on` and `late_reason`; FormErrors beside them."""
    if not dated(action):
        return Entry(ctx.today, ctx.today)
    fields_ = validate(EntryForm(), {k: given[k] for k in ENTRY_FIELDS if k in given})
    try:
        return clock.entry(ctx.app, _cases(ctx), fields_["on"], fields_["late_reason"], ctx.today)
    except DomainError as e:
        if not e.code.startswith("entry."):
            raise
        raise FormErrors({ENTRY_FIELD_OF.get(e.code, "on"): [message(e)]}) from None


def _cases(ctx: Ctx) -> list[UUID]:
    return [v for v in ctx.args.values() if isinstance(v, UUID)]


def run_entered(action: Action, ctx: Ctx, data: dict[str, Any], entry: Entry) -> Any:
    """Run the action as of its entry's date; its events carry the late reason."""
    with entering(entry):
        return action.run(replace(ctx, today=entry.on), data)


def uploads() -> UploadStore:
    return current_app.extensions["thidua.uploads"]


def context(who: Principal, args: dict[str, Any]) -> Ctx:
    return Ctx(store(), who, today(), dict(args), uploads())


def late_note(result: Any) -> str:
    if isinstance(result, int) and not isinstance(result, bool) and result > 0:
        return " " + _("Ghi nhận nộp muộn %(days)s ngày.", days=result)
    return ""


# -- the form face -------------------------------------------------------------------
def bind(bp: Blueprint, actions: list[Action]) -> None:
    """Add each action's form face to `bp` (once: web/site/registry.py)."""
    for action in actions:
        bp.add_url_rule(action.rule, action.name, _html_view(action), methods=["GET", "POST"])


def _html_view(action: Action) -> Callable[..., ResponseReturnValue]:
    def view(**args: Any) -> ResponseReturnValue:

        who = current_principal()
        if who is None:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        if request.method == "GET" and AUDITOR in who.roles and not action.extra.get("auditor_ok"):
            abort(403)  # an auditor reads; no form is offered
        ctx = context(who, args)
        extra = Prepared(action, ctx)
        if request.method == "GET":
            return _page(action, ctx, extra, extra.get("values", {}), {})
        return _submit(action, ctx, extra)

    view.__name__ = action.name
    return view


class Prepared(Mapping[str, Any]):
    """The form page's context (`action.prepare`), computed when a page is rendered.

    A POST that succeeds redirects without it: preparing read the year, its views and
    unit names, a third of a self-score POST's time (bench P2, pyinstrument). A prepare
    that fails (unknown case) answers with its error's status, as before.
    """

    def __init__(self, action: Action, ctx: Ctx) -> None:
        self._action, self._ctx = action, ctx
        self._found: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._found is None:
            prepare = self._action.prepare  # a refusal here: web/shell/security.py's page
            self._found = prepare(self._ctx) if prepare else {}
        return self._found

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


def _submit(action: Action, ctx: Ctx, extra: Mapping[str, Any]) -> ResponseReturnValue:
    schema = action.schema()
    raw = from_form(request.form, schema, action.row_keys)
    for name in ENTRY_FIELDS if dated(action) else ():
        raw.setdefault(name, request.form.get(name, ""))
    pending: list[tuple[str, bytes]] = []
    kept = kept_files(ctx) if action.files else []
    try:
        errors: dict[str, list[str]] = {}
        if action.files:  # a refused file: its error, and the other fields checked too
            pending, problems = _posted_files()
            if problems:
                errors["files"] = problems
        try:
            data, entry = _checked(action, ctx, raw, raw, schema=schema)
        except FormErrors as e:
            errors = {**e.errors, **errors}
        if errors:
            raise FormErrors(errors)
        with ctx.uploads.held(pending) as stored:  # in place only if the command succeeds
            refs = [item.reference() for item in stored] or kept  # a new choice replaces
            if refs:
                data["attachments"] = [*data.get("attachments", []), *refs]
            with recording() as positions:
                result = run_entered(action, ctx, data, entry)
    except FormErrors as e:
        kept = keep(ctx, pending, kept)
        return _page(action, ctx, extra, raw, e.errors, kept=kept), 422
    except DomainError as e:
        current_app.logger.info("refused %s for %s: %s", action.name, ctx.who.account, e.code)
        if status_of(e) not in (403, 404):  # a refusal no retry can undo keeps no file
            kept = keep(ctx, pending, kept)
        at = action.refusal_at(e, raw) if action.refusal_at else None
        if at is not None:
            return _page(action, ctx, extra, raw, {at: [message(e)]}, kept=kept), status_of(e)
        return _page(action, ctx, extra, raw, {}, refusal=message(e), kept=kept), status_of(e)
    except Exception as e:  # the database or the disk gone: the form again, input kept
        outage = resilience.outage_of(e)
        if outage is None:
            raise
        resilience.handle(outage, e)
        return _page(action, ctx, extra, raw, {}, refusal=resilience.text(outage)), outage.status
    done = action.extra.get("done")  # what happened, in words (default: "Đã lưu: …")
    said = str(done) if done else _("Đã lưu: %(what)s.", what=action.title)
    if action.extra.get("own_receipt"):  # its page is the receipt (a ballot's)
        flash(said + late_note(result), "ok")
    else:
        flash(receipt(action, ctx, said + late_note(result), entry, positions), "receipt")  # type: ignore[arg-type]  # a dict: the session keeps JSON
    if isinstance(result, str) and action.extra.get("show_result"):
        flash(action.extra["show_result"] + " " + result, "secret")
    target = action.back(ctx.args) if action.back else url_for("home.index")
    return redirect(target)


def receipt(
    action: Action, ctx: Ctx, said: str, entry: Entry, positions: list[int]
) -> dict[str, str]:
    """What the person did, for which unit, when, and the reference to find it by in the
    log (its position: the audit pages and the export list events by it)."""
    asked = ctx.args.get("unit")  # the unit the form is about (an appraisal's), else the
    unit = asked if isinstance(asked, UUID) else ctx.who.unit  # person's own
    name = views.unit_name(ctx.app, unit) if unit else ""
    refs = sorted(positions)
    ref = "" if not refs else str(refs[0]) if len(refs) == 1 else f"{refs[0]}–{refs[-1]}"
    return {
        "said": said,
        "what": str(action.title),
        "unit": name,
        "at": datetime.now(clock.VIETNAM).strftime("%H:%M %d/%m/%Y"),
        "on": entry.on.strftime("%d/%m/%Y") if entry.on != entry.recorded else "",
        "ref": ref,
    }


def kept_files(ctx: Ctx) -> list[dict[str, Any]]:
    """Files chosen on an earlier submit of this form that failed (hidden `kept`
    inputs: their SHA-256 and name), as attachment references; only files that are
    stored, their size read from the store, never from the form."""
    found = []
    for value in request.form.getlist("kept")[:20]:
        sha, _sep, name = value.partition(":")
        try:
            path = ctx.uploads.path(sha)
            size = path.stat().st_size
        except (DomainError, OSError):
            continue
        found.append({"name": clean_text(name)[:150] or sha[:16], "sha256": sha, "size": size})
    return found


def keep(
    ctx: Ctx, pending: list[tuple[str, bytes]], kept: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """After a failed submit: the chosen files stored (content-addressed, so choosing
    the same file again costs nothing) and offered back with the form, so the next
    submit keeps them; a file refused for its content is not kept (its error shows)."""
    if not pending:
        return kept
    refs = []
    for name, content in pending:
        try:
            refs.append(ctx.uploads.save(name, content).reference())
        except (DomainError, OSError):
            continue
    return refs


def _checked(
    action: Action,
    ctx: Ctx,
    raw: Any,
    given: Mapping[str, Any],
    unknown: Literal["exclude", "raise"] = EXCLUDE,
    schema: Schema | None = None,
) -> tuple[dict[str, Any], Entry]:
    """The action's data and its entry (from `given`), or every error of both at once."""
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    try:
        data = validate(schema or action.schema(), raw, unknown=unknown)
    except FormErrors as e:
        errors.update(e.errors)
    if action.check is not None and isinstance(raw, Mapping):
        for key, found in action.check(ctx, raw).items():
            errors.setdefault(key, []).extend(m for m in found if m not in errors.get(key, []))
    try:
        entry = entry_of(action, ctx, given)
    except FormErrors as e:
        errors.update(e.errors)
    if errors:
        raise FormErrors(errors)
    return data, entry


def _posted_files() -> tuple[list[tuple[str, bytes]], list[str]]:
    store_ = uploads()
    found, problems = [], []
    for item in request.files.getlist("files"):
        if not item or not item.filename:
            continue
        content = item.read(store_.limit + 1)
        try:
            store_.check(item.filename, content)
        except DomainError as e:
            problems.append(message(e))
            continue
        found.append((item.filename, content))
    return found, problems


def _page(
    action: Action,
    ctx: Ctx,
    extra: Mapping[str, Any],
    values: Mapping[str, Any],
    errors: dict[str, list[str]],
    refusal: str | None = None,
    kept: list[dict[str, Any]] | None = None,
) -> str:
    return render_template(
        action.template,
        kept_files=kept or [],
        action=action,
        schema=action.schema(),
        values=values,
        errors=errors,
        refusal=refusal,
        ctx=ctx,
        dated=dated(action),
        entry_rules=clock.bounds(ctx.app, _cases(ctx)) if dated(action) else None,
        **{k: v for k, v in extra.items() if k != "values"},
    )


# -- the API face --------------------------------------------------------------------
def api_error(status: int, code: str, text: str, fields: dict[str, Any] | None = None) -> Any:
    body: dict[str, Any] = {"code": code, "message": text}
    if fields:
        body["fields"] = fields
    return jsonify(body), status


def api_view(action: Action) -> Callable[..., ResponseReturnValue]:
    def view(**args: Any) -> ResponseReturnValue:

        who = api_principal()
        if who is None:
            return api_error(
                401, "auth.login_required", message(DomainError("auth.login_required"))
            )
        ctx = context(who, args)
        body = request.get_json(silent=True)
        given: dict[str, Any] = {}
        if dated(action) and isinstance(body, dict):
            given = {k: body.pop(k) for k in ENTRY_FIELDS if k in body}
        try:
            data, entry = _checked(action, ctx, body, given, unknown=RAISE)
            for attachment in data.get("attachments", []) if action.files else []:
                if not ctx.uploads.path(attachment["sha256"]).exists():
                    raise FormErrors({"attachments": [message(DomainError("upload.not_found"))]})
            result = run_entered(action, ctx, data, entry)
        except FormErrors as e:
            return api_error(422, "validation", _("Dữ liệu không hợp lệ."), e.errors)
        except DomainError as e:
            return api_error(status_of(e), e.code, message(e))
        return jsonify(ok=True, result=canonical_ids(json_safe(result)))

    view.__name__ = "api_" + action.name
    return view
