"""`thidua regulation show|draft|comment|adopt`: a cluster's regulation from the shell.

thidua regulation show BGPB [--en]                         bản đang áp dụng, các lần, dự thảo
thidua regulation draft BGPB --preset nd152_qd999_two_thirds [--decree ...] [--note ...]
thidua regulation draft BGPB --file quy-che.json           quy chế dạng JSON (như API trả về)
thidua regulation comment BGPB 2 "Nội dung" --unit LAOCAI  góp ý của một đơn vị thành viên
thidua regulation adopt BGPB 2 --effective 01/01/2026 --reason "Hội nghị Cụm thông qua"

Run as the local operator (administrator); a comment is recorded for the unit named.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from domain.kernel.base import DomainError
from domain.org.regulation import Regulation
from domain.org.unit import Unit
from service.org.presets import preset
from service.platform import wording
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL, Principal
from service.year import regulations
from web.shell.store import store, store_holder

regulation_cli = AppGroup("regulation", help="Quy chế Cụm thi đua: xem, dự thảo, góp ý, thông qua.")


def _store() -> ThiduaApplication:
    click.get_current_context().call_on_close(store_holder().close)
    return store()


def _day(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise click.BadParameter("Ngày phải có dạng dd/mm/yyyy.") from None


def _refused(e: DomainError) -> click.ClickException:
    return click.ClickException(wording.text(e))


@regulation_cli.command("show")
@click.argument("cluster")
@click.option("--en", is_flag=True, help="In English.")
def show(cluster: str, en: bool) -> None:
    """Quy chế đang áp dụng, các lần ban hành và dự thảo."""
    try:
        info = regulations.regulation_info(_store(), cluster, date.today(), "en" if en else "vi")
    except DomainError as e:
        raise _refused(e) from None
    click.echo(info["name"])
    for v in info["versions"]:
        state = (
            "dự thảo" if v["status"] == "draft" else (f"hiệu lực từ {v['effective_on']:%d/%m/%Y}")
        )
        mark = " (đang áp dụng)" if v["number"] == info["in_force"]["number"] else ""
        click.echo(f"\n{v['title']} — {state}{mark}")
        for line in v["words"]:
            click.echo(f"  - {line}")
        for c in v["comments"]:
            click.echo(f"  * {c['unit_name']} ({c['on']:%d/%m/%Y}): {c['text']}")


@regulation_cli.command("draft")
@click.argument("cluster")
@click.option("--preset", "preset_code", help="Mã mẫu Quy chế (xem `regulation show`).")
@click.option(
    "--file", "path", type=click.Path(exists=True, dir_okay=False), help="Quy chế dạng JSON."
)
@click.option("--decree", help="Căn cứ: Nghị định.")
@click.option("--union-decision", help="Căn cứ: Quyết định của Tổng Liên đoàn.")
@click.option("--note", default="", help="Ghi chú của dự thảo.")
@click.option("--on", "on_text", help="Ngày soạn (dd/mm/yyyy), mặc định hôm nay.")
def draft(
    cluster: str,
    preset_code: str | None,
    path: str | None,
    decree: str | None,
    union_decision: str | None,
    note: str,
    on_text: str | None,
) -> None:
    """Soạn một dự thảo từ mẫu hoặc từ tệp JSON."""
    try:
        if path:
            regulation = Regulation.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        elif preset_code:
            regulation = preset(preset_code).regulation
        else:
            raise click.UsageError("Cần --preset hoặc --file.")
        changes = {"decree": decree, "union_decision": union_decision}
        regulation = Regulation.from_dict(
            {**regulation.to_dict(), **{k: v for k, v in changes.items() if v is not None}}
        )
        number = regulations.draft(
            _store(), SYSTEM_PRINCIPAL, cluster, regulation, note, _day(on_text)
        )
    except DomainError as e:
        raise _refused(e) from None
    click.echo(f"Đã lưu dự thảo Quy chế lần {number}.")


@regulation_cli.command("comment")
@click.argument("cluster")
@click.argument("version", type=int)
@click.argument("text")
@click.option("--unit", "unit_code", required=True, help="Mã đơn vị thành viên góp ý.")
@click.option("--on", "on_text", help="Ngày góp ý (dd/mm/yyyy), mặc định hôm nay.")
def comment(cluster: str, version: int, text: str, unit_code: str, on_text: str | None) -> None:
    """Ghi góp ý của một đơn vị thành viên vào dự thảo."""
    who = Principal("cli", Unit.id_for(unit_code), frozenset())
    try:
        regulations.comment(_store(), who, cluster, version, text, _day(on_text))
    except DomainError as e:
        raise _refused(e) from None
    click.echo("Đã ghi góp ý.")


@regulation_cli.command("adopt")
@click.argument("cluster")
@click.argument("version", type=int)
@click.option("--effective", required=True, help="Ngày có hiệu lực (dd/mm/yyyy).")
@click.option("--reason", required=True, help="Lý do, căn cứ thông qua.")
@click.option("--on", "on_text", help="Ngày thông qua (dd/mm/yyyy), mặc định hôm nay.")
def adopt(cluster: str, version: int, effective: str, reason: str, on_text: str | None) -> None:
    """Thông qua một dự thảo, có hiệu lực từ ngày đã cho."""
    try:
        regulations.adopt(
            _store(), SYSTEM_PRINCIPAL, cluster, version, _day(effective), reason, _day(on_text)
        )
    except DomainError as e:
        raise _refused(e) from None
    click.echo(f"Đã thông qua Quy chế lần {version}, hiệu lực từ {effective}.")
