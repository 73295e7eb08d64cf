"""`thidua projections ...`: keep, rebuild and inspect the views.

thidua projections status           vị trí và độ trễ của từng bảng xem
thidua projections rebuild [NAME]   dựng lại từ đầu vào bảng mới rồi chuyển sang
thidua projections run              chạy liên tục, cập nhật các bảng xem (PostgreSQL)
"""

from __future__ import annotations

import signal
import time
from types import FrameType

import click
from flask.cli import AppGroup

from service.views.projector import projector_of
from web.shell.store import store, store_holder

projections = AppGroup("projections", help="Các bảng xem (projections).")


def _projector():  # type: ignore[no-untyped-def]
    click.get_current_context().call_on_close(store_holder().close)
    return projector_of(store())


@projections.command("status")
def status() -> None:
    """Vị trí đã xử lý, vị trí mới nhất và độ trễ của từng bảng xem."""
    for row in _projector().status():
        click.echo(
            f"{row.view:<15} thế hệ {row.generation:>3}  vị trí {row.position:>9}  "
            f"mới nhất {row.head:>9}  trễ {row.lag:>9}"
        )


@projections.command("rebuild")
@click.argument("name", required=False)
def rebuild(name: str | None) -> None:
    """Dựng lại bảng xem NAME (mặc định: tất cả) từ sự kiện đầu tiên, rồi chuyển sang bảng mới."""
    projector = _projector()
    names = [name] if name else list(projector.views)
    unknown = [n for n in names if n not in projector.views]
    if unknown:
        raise click.BadParameter(
            f"không có bảng xem {', '.join(unknown)}; có: {', '.join(projector.views)}"
        )
    head = projector.app.recorder.max_notification_id() or 0
    started = time.perf_counter()
    with click.progressbar(length=head, label=f"Dựng lại {', '.join(names)}") as bar:
        read = projector.rebuild(*names, progress=bar.update)
    seconds = time.perf_counter() - started
    rate = read / seconds if seconds else 0
    click.echo(
        f"Đã dựng lại {len(names)} bảng xem: {read} sự kiện trong {seconds:.2f} giây ({rate:,.0f} sự kiện/giây)"
    )


@projections.command("run")
@click.option(
    "--interval", default=0.5, show_default=True, help="Giây chờ khi không có sự kiện mới."
)
@click.option("--once", is_flag=True, help="Cập nhật một lần rồi dừng.")
def run(interval: float, once: bool) -> None:
    """Cập nhật liên tục mọi bảng xem cho tới khi nhận SIGTERM/SIGINT."""
    projector = _projector()
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo("Đang cập nhật các bảng xem; dừng bằng Ctrl-C.")
    while not stopping:
        read = projector.catch_up()
        if read:
            click.echo(f"Đã áp dụng {read} sự kiện.")
        if once:
            break
        if not read:
            time.sleep(interval)
    click.echo("Đã dừng.")
