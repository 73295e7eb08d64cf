"""`thidua db init`, `thidua demo` and `thidua audit export`: the store itself.

thidua db init               tạo lược đồ kho sự kiện (một lần, trước khi chạy web)
thidua demo                  nạp dữ liệu mẫu nếu chưa có
thidua demo --scale national [--seed N]   dữ liệu mẫu cả nước (~2,6 triệu sự kiện)
thidua audit export PATH     xuất toàn bộ sự kiện (kèm chuỗi băm) ra tệp JSON Lines
thidua audit verify|checkpoint|restore   chuỗi băm (web/cli/audit.py)
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from service.audit.export import json_safe, write_export
from service.audit.schema import create_schema
from service.demo.cluster_year import load_demo
from service.demo.national import load_national, nation
from service.platform.app import ThiduaApplication
from web.cli.audit import COMMANDS as AUDIT_COMMANDS
from web.shell.store import store, store_holder

db = AppGroup("db", help="Kho sự kiện.")
audit = AppGroup("audit", help="Kiểm toán.", commands=AUDIT_COMMANDS)


def shown_url(url: str) -> str:
    """`url` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def shown_value(value: object) -> str:
    plain = json_safe(value)
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False)


def command_store() -> ThiduaApplication:
    """The store for this command, closed when the command ends."""
    click.get_current_context().call_on_close(store_holder().close)
    return store()


@db.command("init")
def db_init() -> None:
    """Tạo các bảng của kho sự kiện (an toàn khi chạy lại)."""
    url = current_app.config["DATABASE_URL"]
    linked = create_schema(url)
    events = command_store().recorder.max_notification_id() or 0
    click.echo(f"Đã khởi tạo kho sự kiện {store_holder().kind}: {shown_url(url)}")
    click.echo(f"Kho hiện có {events} sự kiện.")
    if linked:
        click.echo(f"Đã nối chuỗi băm cho {linked} sự kiện có từ trước khi có chuỗi.")


def _scale(value: str | None) -> float | None:
    if value is None:
        return None
    if value == "national":
        return 1.0
    try:
        fraction = float(value)
    except ValueError:
        fraction = 0.0
    if not 0 < fraction <= 1:
        raise click.BadParameter("«national» hoặc một tỉ lệ trong (0, 1], ví dụ 0.002")
    return fraction


@click.command("demo")
@with_appcontext
@click.option(
    "--scale",
    default=None,
    help="«national»: cả nước (34 tỉnh, 20 công đoàn ngành, ~130.000 CĐCS, ~2,6 triệu sự "
    "kiện); hoặc một tỉ lệ của cả nước, ví dụ 0.002.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Hạt giống của dữ liệu.")
def demo(scale: str | None, seed: int) -> None:
    """Nạp dữ liệu mẫu vào kho trống; không làm gì nếu kho đã có dữ liệu."""

    fraction = _scale(scale)
    app = command_store()
    events = app.recorder.max_notification_id() or 0
    if events:
        click.echo(f"Kho đã có dữ liệu ({events} sự kiện): không nạp dữ liệu mẫu.")
        return
    if fraction is not None:
        _national(app, seed, fraction)
        return
    summary = load_demo(app)
    if not summary.get("loaded", True):
        click.echo(summary.get("reason", "Không nạp dữ liệu mẫu."))
        return
    click.echo(f"Đã nạp dữ liệu mẫu ({app.recorder.max_notification_id()} sự kiện):")
    for key, value in summary.items():
        click.echo(f"  {key}: {shown_value(value)}")


def _national(app: ThiduaApplication, seed: int, fraction: float) -> None:

    country = nation(seed, fraction)
    expected = round(19.5 * country.grassroots) + 4_000  # events, for the progress bar
    with click.progressbar(length=expected, label="Đang nạp dữ liệu cả nước") as bar:
        summary = load_national(
            app, seed, fraction, progress=lambda head: bar.update(max(0, head - bar.pos))
        )
    click.echo(
        f"Đã nạp {app.recorder.max_notification_id()} sự kiện: {summary['clusters']} cụm, "
        f"{summary['federations']} LĐLĐ tỉnh và công đoàn ngành, "
        f"{summary['grassroots']} công đoàn cơ sở."
    )


@audit.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def audit_export(path: Path) -> None:
    """Xuất mọi sự kiện, theo thứ tự lưu, kèm mắt xích và điểm kiểm tra, ra tệp PATH."""
    app = command_store()
    last = app.recorder.max_notification_id() or 0
    tmp = path.with_name(f".{path.name}.part")
    if not path.parent.is_dir():
        raise click.ClickException(f"Không có thư mục {path.parent}")
    try:
        with (
            tmp.open("w", encoding="utf-8", newline="\n") as f,
            click.progressbar(length=last, label="Đang xuất sự kiện") as bar,
        ):
            cp = write_export(app, f, progress=lambda pos: bar.update(pos - bar.pos))
        os.replace(tmp, path)  # a half-written export never takes PATH's name
    finally:
        tmp.unlink(missing_ok=True)
    click.echo(f"Đã xuất {cp.count} sự kiện (đến vị trí {last}) vào {path}")
    click.echo(f"Đầu chuỗi: {cp.head}")
