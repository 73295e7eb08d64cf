"""A cluster's page and its regulation (Quy chế): the version in force in words, every
version with its comments, and the forms to draft (from a preset), comment on and
adopt a version. The draft form is flat (the same schema for the JSON API): one
"trên/từ", share and basis per kind of poll, three award slots, the tie-break order."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, ValidationError, validates_schema

from domain.org.regulation import TIE_BREAKS, AwardRule, Regulation, Threshold
from service.org.presets import preset
from service.org.regulation_words import criterion_words
from service.platform.auth import allow
from service.year import regulations
from web.shell.actions import Action, Ctx, today
from web.shell.fields import Base, Choice, Day, Dec, Int, Text, label
from web.shell.i18n import locale
from web.shell.login import current_principal, login_required
from web.shell.store import store

bp = Blueprint("regulations", __name__)

KINDS = ("leading", "chair", "vice_chair")
AWARD_SLOTS = 3
KIND_LABELS = {
    "leading": _l("Suy tôn đơn vị dẫn đầu"),
    "chair": _l("Bầu Trưởng Cụm"),
    "vice_chair": _l("Bầu Phó Cụm"),
}
SHARE_HELP = _l("Phân số hoặc phần trăm, ví dụ 2/3, 1/2, 80 %.")
SHARE_ERROR = _l(
    "Tỷ lệ phải là một phân số hoặc phần trăm lớn hơn 0 và không quá 1 (ví dụ 2/3, 80 %)."
)


def lang() -> str:
    return "en" if locale().startswith("en") else "vi"


def parse_share(text: str) -> str | None:
    """ "2/3", "0,8", "80 %" → the stored share ("2/3", "0.8", "0.8"); None if not one."""
    raw = text.strip().replace(" ", "").replace(",", ".")
    percent = raw.endswith("%")
    raw = raw.rstrip("%")
    try:
        value = Fraction(raw) / (100 if percent else 1)
    except (ValueError, ZeroDivisionError):
        return None
    if not 0 < value <= 1:
        return None
    if percent or "." in raw:
        return f"{Decimal(value.numerator) / Decimal(value.denominator):f}".rstrip("0")
    return raw


def _share(text: Any, required: bool = True) -> Text:
    return Text(max_length=20, allow_empty=not required, metadata=label(text, help=SHARE_HELP))


def _optional(default: str | None) -> dict[str, Any]:
    return {} if default is None else {"required": False, "load_default": default}


def _mode(text: Any, default: str | None = None) -> Choice:
    return Choice(("more", "least"), metadata=label(text, widget="select"), **_optional(default))


def _basis(text: Any, default: str | None = None) -> Choice:
    return Choice(("members", "votes"), metadata=label(text, widget="select"), **_optional(default))


def _fields() -> dict[str, Any]:
    out: dict[str, Any] = {
        "decree": Text(max_length=300, allow_empty=True, metadata=label(_l("Căn cứ: Nghị định"))),
        "union_decision": Text(
            max_length=300,
            allow_empty=True,
            metadata=label(_l("Căn cứ: Quyết định, Hướng dẫn của Tổng Liên đoàn")),
        ),
        "note": Text(
            max_length=2000,
            allow_empty=True,
            metadata=label(_l("Ghi chú của dự thảo"), widget="textarea"),
        ),
        "preset": Text(max_length=60, allow_empty=True, metadata=label(_l("Mẫu"), hidden=True)),
        "quorum": _share(_l("Túc số: tỷ lệ thành viên tham gia để cuộc bỏ phiếu hợp lệ (từ)")),
        "absentee_votes": Choice(
            ("count", "ignore"),
            metadata=label(_l("Ý kiến bằng văn bản của thành viên vắng mặt"), widget="select"),
        ),
    }
    for kind in KINDS:
        out[f"{kind}_mode"] = _mode(_l("%(kind)s: trên hay từ", kind=KIND_LABELS[kind]))
        out[f"{kind}_share"] = _share(_l("%(kind)s: tỷ lệ đồng ý", kind=KIND_LABELS[kind]))
        out[f"{kind}_basis"] = _basis(_l("%(kind)s: tính trên", kind=KIND_LABELS[kind]))
    for i in range(1, AWARD_SLOTS + 1):
        out[f"award{i}_code"] = Text(
            max_length=60, allow_empty=True, metadata=label("", hidden=True)
        )
        out[f"award{i}_name_en"] = Text(
            max_length=300, allow_empty=True, metadata=label("", hidden=True)
        )
        out[f"award{i}_name"] = Text(
            max_length=300,
            allow_empty=True,
            metadata=label(_l("Hình thức khen thưởng %(n)s: tên (để trống nếu không dùng)", n=i)),
        )
        out[f"award{i}_cap_count"] = Int(
            required=False,
            load_default=None,
            metadata=label(_l("Hình thức khen thưởng %(n)s: số đơn vị tối đa được đề nghị", n=i)),
        )
        out[f"award{i}_cap_percent"] = Dec(
            required=False,
            load_default=None,
            metadata=label(_l("Hình thức khen thưởng %(n)s: tỷ lệ tối đa (%% số thành viên)", n=i)),
        )
        out[f"award{i}_mode"] = _mode(_l("Hình thức khen thưởng %(n)s: trên hay từ", n=i), "more")
        out[f"award{i}_share"] = _share(
            _l("Hình thức khen thưởng %(n)s: tỷ lệ đồng ý", n=i), required=False
        )
        out[f"award{i}_basis"] = _basis(
            _l("Hình thức khen thưởng %(n)s: tính trên", n=i), "members"
        )
    out["secret_ballot"] = Choice(
        ("yes", "no"), metadata=label(_l("Hình thức bỏ phiếu"), widget="select")
    )
    out["rotation"] = Choice(
        ("vice_to_chair", "free"), metadata=label(_l("Luân phiên Trưởng Cụm"), widget="select")
    )
    for i in range(1, len(TIE_BREAKS) + 1):
        more: dict[str, Any] = {} if i == 1 else {"required": False, "load_default": None}
        out[f"tie_break_{i}"] = Choice(
            TIE_BREAKS,
            **more,
            metadata=label(_l("Khi bằng điểm, xét lần lượt: tiêu chí %(n)s", n=i), widget="select"),
        )
    out["late_entry_days"] = Int(metadata=label(_l("Số ngày được nhập muộn không cần nêu lý do")))
    return out


class DraftChecks(Base):
    """The checks across the draft's fields (the fields: `_fields`)."""

    @validates_schema
    def _shares(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[Any]] = {}
        for name in ["quorum", *(f"{k}_share" for k in KINDS)]:
            if parse_share(data.get(name, "")) is None:
                errors[name] = [SHARE_ERROR]
        for i in range(1, AWARD_SLOTS + 1):
            if not data.get(f"award{i}_name"):
                continue
            if parse_share(data.get(f"award{i}_share", "")) is None:
                errors[f"award{i}_share"] = [SHARE_ERROR]
            percent = data.get(f"award{i}_cap_percent")
            if percent is not None and not 0 < percent <= 100:
                errors[f"award{i}_cap_percent"] = [_l("Phải lớn hơn 0 và không quá 100.")]
        chosen = [data[f"tie_break_{i}"] for i in range(1, 6) if data.get(f"tie_break_{i}")]
        if len(chosen) != len(set(chosen)):
            errors["tie_break_2"] = [_l("Mỗi tiêu chí chỉ chọn một lần.")]
        if not 0 <= data.get("late_entry_days", 0) <= 366:
            errors["late_entry_days"] = [_l("Phải từ 0 đến 366.")]
        if errors:
            raise ValidationError(errors)


DraftForm = type("DraftForm", (DraftChecks,), _fields())


class CommentForm(Base):
    class Meta:
        unknown = RAISE

    version = Int(minimum=1, metadata=label(_l("Dự thảo số")))
    text = Text(max_length=4000, metadata=label(_l("Nội dung góp ý"), widget="textarea"))


class AdoptForm(Base):
    version = Int(minimum=1, metadata=label(_l("Dự thảo số")))
    effective_on = Day(required=True, metadata=label(_l("Ngày có hiệu lực"), widget="date"))
    reason = Text(
        max_length=2000,
        metadata=label(
            _l("Lý do, căn cứ thông qua (ví dụ: Hội nghị Cụm ngày ... thông qua)"),
            widget="textarea",
        ),
    )


def _threshold(d: dict[str, Any], prefix: str) -> Threshold:
    share = parse_share(d.get(f"{prefix}_share") or "") or "1/2"
    return Threshold(share, strict=d[f"{prefix}_mode"] == "more", basis=d[f"{prefix}_basis"])


def regulation_from(d: dict[str, Any]) -> Regulation:
    """The validated draft form as a regulation (its number comes with the draft)."""
    awards = []
    for i in range(1, AWARD_SLOTS + 1):
        name = d.get(f"award{i}_name")
        if not name:
            continue
        percent = d.get(f"award{i}_cap_percent")
        awards.append(
            AwardRule(
                code=d.get(f"award{i}_code") or f"award_{i}",
                name=name,
                name_en=d.get(f"award{i}_name_en") or "",
                cap_count=d.get(f"award{i}_cap_count"),
                cap_percent=None if percent is None else Decimal(percent),
                threshold=_threshold(d, f"award{i}"),
            )
        )
    return Regulation(
        quorum=parse_share(d["quorum"]) or "2/3",
        absentee_votes=d["absentee_votes"],
        thresholds={k: _threshold(d, k) for k in KINDS},
        awards=tuple(awards),
        secret_ballot=d["secret_ballot"] == "yes",
        rotation=d["rotation"],
        tie_break=tuple(d[f"tie_break_{i}"] for i in range(1, 6) if d.get(f"tie_break_{i}")),
        late_entry_days=d["late_entry_days"],
        decree=d.get("decree", ""),
        union_decision=d.get("union_decision", ""),
        preset=d.get("preset", ""),
    )


def _share_text(share: str) -> str:
    if "/" in share:
        return share
    return f"{(Fraction(share) * 100).numerator / (Fraction(share) * 100).denominator:g} %".replace(
        ".", ","
    )


def values_of(reg: Regulation) -> dict[str, Any]:
    """A regulation as the draft form's values (to start a draft from it)."""
    v: dict[str, Any] = {
        "decree": reg.decree,
        "union_decision": reg.union_decision,
        "preset": reg.preset,
        "quorum": _share_text(reg.quorum),
        "absentee_votes": reg.absentee_votes,
        "secret_ballot": "yes" if reg.secret_ballot else "no",
        "rotation": reg.rotation,
        "late_entry_days": reg.late_entry_days,
    }
    for kind in KINDS:
        t = reg.threshold_for(kind)
        v |= {
            f"{kind}_mode": "more" if t.strict else "least",
            f"{kind}_share": _share_text(t.share),
            f"{kind}_basis": t.basis,
        }
    for i, a in enumerate(reg.awards[:AWARD_SLOTS], start=1):
        t = a.threshold
        v |= {
            f"award{i}_code": a.code,
            f"award{i}_name": a.name,
            f"award{i}_name_en": a.name_en,
            f"award{i}_cap_count": a.cap_count,
            f"award{i}_cap_percent": None if a.cap_percent is None else f"{a.cap_percent:f}",
            f"award{i}_mode": "more" if t.strict else "least",
            f"award{i}_share": _share_text(t.share),
            f"award{i}_basis": t.basis,
        }
    for i, code in enumerate(reg.tie_break, start=1):
        v[f"tie_break_{i}"] = code
    return v


def _choices() -> dict[str, list[tuple[str, Any]]]:
    mode = [("more", _l("trên")), ("least", _l("từ"))]
    basis = [("members", _l("tổng số thành viên")), ("votes", _l("số phiếu hợp lệ"))]
    ties = [(code, criterion_words(code, lang())) for code in TIE_BREAKS]
    out: dict[str, list[tuple[str, Any]]] = {
        "absentee_votes": [
            ("count", _l("Tính như phiếu bầu và tính vào túc số")),
            ("ignore", _l("Ghi nhận nhưng không tính")),
        ],
        "secret_ballot": [("yes", _l("Bỏ phiếu kín")), ("no", _l("Biểu quyết công khai"))],
        "rotation": [
            ("vice_to_chair", _l("Phó Cụm năm trước được bầu làm Trưởng Cụm năm sau")),
            ("free", _l("Mọi thành viên đều có thể được bầu làm Trưởng Cụm")),
        ],
    }
    for prefix in [*KINDS, *(f"award{i}" for i in range(1, AWARD_SLOTS + 1))]:
        out[f"{prefix}_mode"], out[f"{prefix}_basis"] = mode, basis
    for i in range(1, len(TIE_BREAKS) + 1):
        out[f"tie_break_{i}"] = ties
    return out


def cluster_url(args: dict[str, Any]) -> str:
    return url_for("regulations.cluster", code=args["code"])


def _context(ctx: Ctx) -> dict[str, Any]:
    info = regulations.regulation_info(ctx.app, ctx.args["code"], ctx.today, lang())
    return {"case_title": info["name"], "cluster": info}


def _may_manage(ctx: Ctx) -> None:
    cluster_ = regulations.cluster_of(ctx.app, ctx.args["code"], read_only=True)
    allow(regulations.may_manage(ctx.app, ctx.who, cluster_))


def prepare_draft(ctx: Ctx) -> dict[str, Any]:
    _may_manage(ctx)
    found = _context(ctx)
    code = request.args.get("preset")
    start = (
        preset(code).regulation
        if code
        else regulations.cluster_of(ctx.app, ctx.args["code"], read_only=True).regulation_on(
            ctx.today
        )
    )
    return {**found, "values": values_of(start), "choices": _choices()}


def prepare_adopt(ctx: Ctx) -> dict[str, Any]:
    _may_manage(ctx)
    found = _context(ctx)
    drafts = [v["number"] for v in found["cluster"]["versions"] if v["status"] == "draft"]
    return {
        **found,
        "values": {
            "version": drafts[0] if drafts else "",
            "effective_on": ctx.today.strftime("%d/%m/%Y"),
        },
    }


def prepare_comment(ctx: Ctx) -> dict[str, Any]:
    allow(regulations.member_of(ctx.app, ctx.args["code"], ctx.who.unit))
    found = _context(ctx)
    drafts = [v["number"] for v in found["cluster"]["versions"] if v["status"] == "draft"]
    return {**found, "values": {"version": drafts[0] if drafts else ""}}


# -- pages -----------------------------------------------------------------------------
@bp.get("/clusters/<code>")
@login_required
def cluster(code: str) -> str:
    app, who = store(), current_principal()
    info = regulations.regulation_info(app, code, today(), lang())
    cluster_ = regulations.cluster_of(app, code, read_only=True)
    may_manage = who is not None and regulations.may_manage(app, who, cluster_)
    is_member = who is not None and cluster_.is_member(who.unit)
    return render_template(
        "org/cluster.html", cluster=info, may_manage=may_manage, is_member=is_member
    )


def _draft(c: Ctx, d: dict[str, Any]) -> dict[str, int]:
    """The draft's number, as {"version": n} (a bare number would read as days late)."""
    number = regulations.draft(c.app, c.who, c.args["code"], regulation_from(d), d["note"], c.today)
    return {"version": number}


R = "/clusters/<code>/regulation"
ACTIONS = [
    Action("draft_regulation", R + "/drafts", _l("Soạn dự thảo Quy chế Cụm"), DraftForm,
           _draft,
           cluster_url, template="org/regulation_form.html", prepare=prepare_draft, tag="clusters",
           extra={"submit": _l("Lưu dự thảo")}),
    Action("comment_regulation", R + "/comments", _l("Góp ý dự thảo Quy chế Cụm"), CommentForm,
           lambda c, d: regulations.comment(c.app, c.who, c.args["code"], d["version"], d["text"], c.today),
           cluster_url, prepare=prepare_comment, tag="clusters"),
    Action("adopt_regulation", R + "/adopt", _l("Thông qua Quy chế Cụm"), AdoptForm,
           lambda c, d: regulations.adopt(c.app, c.who, c.args["code"], d["version"], d["effective_on"],
                                          d["reason"], c.today),
           cluster_url, prepare=prepare_adopt, tag="clusters", extra={"submit": _l("Thông qua")}),
]  # fmt: skip
