"""`thidua audit ...` beyond export: check the hash chain, take checkpoints, restore.

thidua audit verify [--export PATH] [--checkpoint FILE]   kiểm tra chuỗi băm (kho hoặc tệp xuất)
thidua audit checkpoint [-o FILE]                         ghi điểm kiểm tra của chuỗi
thidua audit restore PATH                                 khôi phục tệp xuất vào kho trống
thidua audit prove OLD_CHECKPOINT [-o FILE]               chứng minh chuỗi chỉ nối thêm từ đó

Exit status of verify: 0 intact, 1 the first bad position is named.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

import click
from flask.cli import with_appcontext

from service.audit.chain import checkpoint, verify
from service.audit.export_check import export_links, read_lines, verify_export
from service.audit.history import record_verification
from service.audit.prove import NotExtended, prove
from service.audit.restore import RestoreRefused, restore
from service.documents.checkpoint_signature import sign_checkpoint
from service.documents.signing import SigningError, configured_signer, configured_timestamper
from service.platform.auth import ADMIN, Principal
from service.platform.chain_format import Checkpoint
from web.shell.store import store, store_holder


def _store():  # type: ignore[no-untyped-def]
    click.get_current_context().call_on_close(store_holder().close)
    return store()


def read_checkpoint(path: Path) -> Checkpoint:
    """A checkpoint file (`audit checkpoint -o`), or the last line of an earlier export."""
    text = path.read_text(encoding="utf-8")
    try:
        record = json.loads(text)
    except ValueError:
        record = json.loads(text.strip().splitlines()[-1])
    try:
        return Checkpoint.from_json(record.get("checkpoint", record))
    except (KeyError, TypeError, ValueError) as e:
        raise click.ClickException(f"{path} không phải điểm kiểm tra: {e}") from None


def _signed(cp: Checkpoint) -> dict[str, object]:
    try:
        with configured_signer() as signer:
            return sign_checkpoint(cp, signer, configured_timestamper())
    except SigningError as e:
        raise click.ClickException(str(e)) from None


def _show(cp: Checkpoint) -> None:
    click.echo(f"Đầu chuỗi: {cp.head}")
    click.echo(f"Gốc Merkle: {cp.merkle_root}")


@click.command("verify")
@with_appcontext
@click.option(
    "--export", "export_path", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--checkpoint",
    "checkpoint_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Điểm kiểm tra trước (hoặc tệp xuất trước) mà chuỗi phải nối tiếp.",
)
@click.option(
    "--record/--no-record",
    default=True,
    help="Ghi kết quả kiểm tra kho vào nhật ký kiểm toán (mặc định: có).",
)
def audit_verify(export_path: Path | None, checkpoint_path: Path | None, record: bool) -> None:
    """Kiểm tra chuỗi băm của kho (hoặc của tệp xuất --export) và nêu vị trí sai đầu tiên."""
    against = read_checkpoint(checkpoint_path) if checkpoint_path else None
    earlier = _earlier_links(checkpoint_path) if checkpoint_path else None
    if export_path is not None:
        size = max(1, export_path.stat().st_size)
        with click.progressbar(length=size, label="Đang kiểm tra tệp xuất") as bar:
            report = verify_export(_counted(read_lines(export_path), bar), against, None, earlier)
        problem, reached, checked = report.problem, report.checkpoint, report.checked
    else:
        app = _store()
        try:
            last = max(app.recorder.chain_extent())
        except Exception:  # verify says what is wrong with the store
            last = 0
        with click.progressbar(length=last, label="Đang kiểm tra chuỗi băm") as bar:
            result = verify(
                app,
                progress=lambda pos: bar.update(pos - bar.pos),
                against=against,
                earlier=earlier,
            )
        problem, reached, checked = result.problem, result.reached, result.checked
        if record:
            _record(app, result)
    if problem is not None:
        click.echo(f"SAI: {problem.message()}")
        click.echo(f"({checked} sự kiện đầu khớp.)")
        raise SystemExit(1)
    assert reached is not None
    click.echo(f"ĐÚNG: {checked} sự kiện khớp chuỗi băm, đến vị trí {reached.position}.")
    _show(reached)
    if against is not None:
        click.echo(f"Nối tiếp điểm kiểm tra trước (vị trí {against.position}).")


def _earlier_links(path: Path) -> list[tuple[int, bytes]] | None:
    """The links of an earlier export given as --checkpoint (None for a checkpoint file):
    the store must hold the same, and the first that differs is named."""
    with path.open(encoding="utf-8") as f:
        try:
            first = json.loads(f.readline())
        except ValueError:  # a checkpoint written over several lines
            return None
    if not isinstance(first, dict) or "link" not in first:  # a checkpoint file
        return None
    try:
        report, links = export_links(read_lines(path))
    except (ValueError, KeyError, TypeError):
        report = None
    if report is None or not report.ok:
        raise click.ClickException(f"Tệp xuất trước {path} không hợp lệ, không dùng để đối chiếu.")
    return links


def _record(app, result) -> None:  # type: ignore[no-untyped-def]
    """The outcome goes on the audit trail, so auditors' pages show the last verification."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    operator = Principal(f"cli:{user}", None, frozenset({ADMIN}))
    try:
        record_verification(app, operator, result)
    except Exception:  # a damaged store may refuse the append; the verdict stands
        click.echo("(Không ghi được kết quả vào nhật ký kiểm toán: kho không nhận thêm sự kiện.)")


def _counted(lines, bar):  # type: ignore[no-untyped-def]
    for line in lines:
        bar.update(len(line.encode("utf-8")))
        yield line


@click.command("checkpoint")
@with_appcontext
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option(
    "--sign",
    is_flag=True,
    help="Ký điểm kiểm tra bằng khóa của máy chủ (và gắn dấu thời gian khi có cấu hình).",
)
def audit_checkpoint(output: Path | None, sign: bool) -> None:
    """Ghi điểm kiểm tra (vị trí, đầu chuỗi, gốc Merkle) để đối chiếu về sau."""
    cp = checkpoint(_store())
    record = _signed(cp) if sign else {"checkpoint": cp.to_json()}
    text = json.dumps(record, sort_keys=True, ensure_ascii=False)
    if output is None:
        click.echo(text)
        return
    if not output.parent.is_dir():
        raise click.ClickException(f"Không có thư mục {output.parent}")
    tmp = output.with_name(f".{output.name}.part")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, output)
    click.echo(f"Đã ghi điểm kiểm tra (vị trí {cp.position}, {cp.count} sự kiện) vào {output}")
    _show(cp)


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def audit_restore(path: Path) -> None:
    """Khôi phục tệp xuất PATH vào kho trống (cùng vị trí, cùng chuỗi băm)."""
    app = _store()
    try:
        length = read_checkpoint(path).position  # the export's closing line
    except (click.ClickException, ValueError, IndexError):
        length = 0  # not a whole export: restore() says what is wrong
    try:
        with click.progressbar(length=length, label="Đang khôi phục") as bar:
            cp = restore(app, path, progress=lambda pos: bar.update(pos - bar.pos))
    except RestoreRefused as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"Đã khôi phục {cp.count} sự kiện (đến vị trí {cp.position}) từ {path}.")
    _show(cp)
    click.echo("Các bảng xem sẽ được dựng lại khi cập nhật (thidua projections rebuild).")


@click.command("prove")
@with_appcontext
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--sign", is_flag=True, help="Ký điểm kiểm tra mới bằng khóa của máy chủ.")
def audit_prove(old: Path, output: Path | None, sign: bool) -> None:
    """Chứng minh nhất quán (RFC 9162) từ điểm kiểm tra OLD đến chuỗi hiện nay."""
    earlier = read_checkpoint(old)
    try:
        found = prove(_store(), earlier)
    except NotExtended:
        click.echo(
            f"SAI: chuỗi hiện nay không nối tiếp điểm kiểm tra trước (vị trí {earlier.position}):"
            " lịch sử đã khác ở một vị trí nào đó đến vị trí đó. Kiểm tra với tệp xuất lúc lấy"
            " điểm kiểm tra đó (thidua audit verify --checkpoint TỆP_XUẤT) để biết vị trí."
        )
        raise SystemExit(1) from None
    record = found.to_json()
    if sign:
        record["consistency"]["new_signature"] = _signed(found.new)["signature"]
    text = json.dumps(record, sort_keys=True, ensure_ascii=False)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Đã ghi bằng chứng nhất quán vào {output}")
    new, err = found.new, output is None  # stdout: the proof alone, when it goes there
    click.echo(
        f"ĐÚNG: chuỗi đến vị trí {new.position} ({new.count} sự kiện) nối tiếp điểm kiểm tra"
        f" trước (vị trí {earlier.position}, {earlier.count} sự kiện); bằng chứng gồm"
        f" {len(found.proof)} mã băm.",
        err=err,
    )
    click.echo(f"Gốc Merkle: {new.merkle_root}", err=err)


COMMANDS = (audit_verify, audit_checkpoint, audit_restore, audit_prove)
