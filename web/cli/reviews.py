"""`thidua units|targets|reviews ...`: tables in and out, and a term review's progress.

thidua units export FILE [--as-of 31/12/2015]    cây đơn vị ra tệp .csv / .xlsx
thidua units import FILE                          nhập cây đơn vị (cả tệp hoặc không gì)
thidua targets export LANGSON XV FILE             bảng chỉ tiêu của nhiệm kỳ
thidua targets import LANGSON XV FILE             nhập bảng chỉ tiêu
thidua reviews progress LANGSON XV                số liệu tổng hợp theo chỉ tiêu

The three groups are listed in `web/cli/main.py`.
Run as the local operator (administrator): whoever can run this can reach the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import click
from flask.cli import AppGroup

from domain.kernel.base import DomainError
from domain.review.campaign import ReviewCampaign
from service.org.unit_table import export_units, import_units
from service.platform import wording
from service.platform.app import ThiduaApplication
from service.platform.auth import SYSTEM_PRINCIPAL
from service.platform.tabular import format_of
from service.review.queries import load_term, progress, progress_labels
from service.review.reviews import term_id
from service.review.target_table import export_targets, import_targets
from web.shell.store import store, store_holder

T = TypeVar("T")

units_cli = AppGroup("units", help="Cây đơn vị: nhập, xuất bảng.")
targets_cli = AppGroup("targets", help="Bảng chỉ tiêu của nhiệm kỳ: nhập, xuất.")
reviews_cli = AppGroup("reviews", help="Sơ kết nhiệm kỳ.")


def _store() -> ThiduaApplication:
    click.get_current_context().call_on_close(store_holder().close)
    return store()


def _run(fn: Callable[[], T]) -> T:
    """Run `fn`; a refused command prints its Vietnamese message and exits 1."""
    try:
        return fn()
    except DomainError as e:
        raise click.ClickException(wording.text(e)) from None


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise click.BadParameter("ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2015") from None


def vn(number: Decimal | None) -> str:
    """9.5 → "9,5" (Vietnamese decimal comma)."""
    return "—" if number is None else str(number).replace(".", ",")


FILE = click.Path(dir_okay=False, path_type=Path)


@units_cli.command("export")
@click.argument("path", type=FILE)
@click.option("--as-of", "as_of", help="Cây đơn vị tại ngày (dd/mm/yyyy); mặc định: hiện nay.")
def units_export(path: Path, as_of: str | None) -> None:
    """Xuất cây đơn vị ra tệp PATH (.csv hoặc .xlsx)."""
    data = _run(lambda: export_units(_store(), format_of(path.name), _day(as_of)))
    path.write_bytes(data)
    click.echo(f"Đã xuất cây đơn vị ra {path}.")


@units_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def units_import(path: Path) -> None:
    """Nhập cây đơn vị từ tệp PATH; có lỗi thì không nhập dòng nào."""
    app = _store()
    ids = _run(lambda: import_units(app, SYSTEM_PRINCIPAL, path.read_bytes(), format_of(path.name)))
    click.echo(f"Đã nhập {len(ids)} đơn vị.")


@targets_cli.command("export")
@click.argument("federation")
@click.argument("number")
@click.argument("path", type=FILE)
def targets_export(federation: str, number: str, path: Path) -> None:
    """Xuất bảng chỉ tiêu của nhiệm kỳ NUMBER của FEDERATION ra tệp PATH."""
    app = _store()
    data = _run(lambda: export_targets(app, term_id(federation, number), format_of(path.name)))
    path.write_bytes(data)
    click.echo(f"Đã xuất bảng chỉ tiêu ra {path}.")


@targets_cli.command("import")
@click.argument("federation")
@click.argument("number")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def targets_import(federation: str, number: str, path: Path) -> None:
    """Nhập bảng chỉ tiêu vào nhiệm kỳ NUMBER của FEDERATION; có lỗi thì không nhập gì."""
    app, term = _store(), term_id(federation, number)
    fmt = format_of(path.name)
    codes = _run(lambda: import_targets(app, SYSTEM_PRINCIPAL, term, path.read_bytes(), fmt))
    click.echo(f"Đã nhập {len(codes)} chỉ tiêu: {', '.join(codes)}.")


@reviews_cli.command("progress")
@click.argument("federation")
@click.argument("number")
def reviews_progress(federation: str, number: str) -> None:
    """Số liệu tổng hợp từ các báo cáo đã tiếp nhận, theo từng chỉ tiêu."""
    app, term = _store(), term_id(federation, number)
    rollup = _run(lambda: progress(app, ReviewCampaign.id_for(term)))
    targets = load_term(app, term).targets
    labels = progress_labels()
    click.echo(
        f"Số liệu tại ngày {rollup.review_date:%d/%m/%Y}; "
        f"đã qua {vn((rollup.elapsed * 100).quantize(Decimal('0.01')))}% nhiệm kỳ."
    )
    if rollup.closed is not None:  # closed early: say so, and whose reports were not received
        closed = rollup.closed
        click.echo(
            f"Đợt sơ kết kết thúc sớm ngày {closed.on:%d/%m/%Y}. Lý do: {closed.reason}. "
            f"Căn cứ: {closed.basis}. Không nhận được báo cáo của {len(closed.not_received)} "
            "đơn vị (không tính là số 0)."
        )
    for code, target in targets.items():
        p = rollup.total(code)
        percent = "" if p.percent_of_target is None else f" ({vn(p.percent_of_target)}% chỉ tiêu)"
        unit = target.unit if target.unit == "%" else f" {target.unit}"
        click.echo(
            f"{code}  {target.name}: {vn(p.value)}{unit}{percent}"
            f" — {labels[p.status]}; {p.reporters} đơn vị báo cáo"
        )
