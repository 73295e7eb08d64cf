"""`thidua committee ...`: a counting committee member's steps on its own machine, so
its dealer state and its key share never reach the server.

thidua committee begin  DU-LIEU.json [-k KHOA.thidua-key] [-o TRA-LOI.json]
thidua committee deal   DU-LIEU.json KHOA.thidua-key [-o TRA-LOI.json]
thidua committee finish DU-LIEU.json KHOA.thidua-key [-s PHAN-KHOA.thidua-share] [-o TRA-LOI.json]
thidua committee partial TONG-PHIEU.json PHAN-KHOA.thidua-share [-o PHAN-GIAI-MA.json]

DU-LIEU.json (the ceremony's public material) and TONG-PHIEU.json (the encrypted
tally) are downloaded from the poll page; the answers written here are what the
member hands in there. The passphrase is asked for (never an argument). No store, no
network: run it on any machine with thidua installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from domain.kernel.base import DomainError
from service.platform import wording
from service.polls.committee import (
    MIN_PASSPHRASE,
    begin_on_own_machine,
    deal_on_own_machine,
    finish_on_own_machine,
    partial_on_own_machine,
)

committee_cli = click.Group(
    "committee", help="Ban kiểm phiếu: tính phần giải mã trên máy của thành viên."
)


FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
OUT = click.Path(dir_okay=False, path_type=Path)


def _read_json(path: Path, code: str) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise click.ClickException(wording.text(DomainError(code))) from None


def _write_answer(answer: dict[str, object], output: Path) -> None:
    output.write_text(json.dumps(answer, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"Đã ghi tệp trả lời vào {output}. Hãy nộp tệp này trên trang cuộc bỏ phiếu.")


def _asked(new: bool = False) -> Any:
    return click.option(
        "--passphrase",
        prompt="Cụm mật khẩu của tệp khoá",
        hide_input=True,
        confirmation_prompt=new,
        help="Cụm mật khẩu của tệp khoá (nên để lệnh hỏi).",
    )


@committee_cli.command("begin")
@click.argument("material_path", type=FILE)
@click.option(
    "-k", "--key", "key_out", type=OUT, default=Path("khoa.thidua-key"), show_default=True
)
@click.option("-o", "--output", type=OUT, default=Path("tra-loi.json"), show_default=True)
@_asked(new=True)
def begin(material_path: Path, key_out: Path, output: Path, passphrase: str) -> None:
    """Bước 1: tạo khoá của thành viên (tệp khoá giữ trên máy này)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise click.ClickException(f"Cụm mật khẩu cần ít nhất {MIN_PASSPHRASE} ký tự.")
    material = _read_json(material_path, "poll.material_file_invalid")
    try:
        key_file, answer = begin_on_own_machine(material, passphrase)
    except DomainError as e:
        raise click.ClickException(wording.text(e)) from None
    key_out.write_bytes(key_file)
    click.echo(f"Đã ghi tệp khoá vào {key_out}: giữ nó và cụm mật khẩu cho các bước sau.")
    _write_answer(answer, output)


@committee_cli.command("deal")
@click.argument("material_path", type=FILE)
@click.argument("key_path", type=FILE)
@click.option("-o", "--output", type=OUT, default=Path("tra-loi.json"), show_default=True)
@_asked()
def deal(material_path: Path, key_path: Path, output: Path, passphrase: str) -> None:
    """Bước 2: gửi phần khoá cho các thành viên khác (đã kiểm tra khoá của họ)."""
    material = _read_json(material_path, "poll.material_file_invalid")
    try:
        answer = deal_on_own_machine(material, key_path.read_bytes(), passphrase)
    except DomainError as e:
        raise click.ClickException(wording.text(e)) from None
    _write_answer(answer, output)


@committee_cli.command("finish")
@click.argument("material_path", type=FILE)
@click.argument("key_path", type=FILE)
@click.option(
    "-s",
    "--share",
    "share_out",
    type=OUT,
    default=Path("phan-khoa.thidua-share"),
    show_default=True,
)
@click.option("-o", "--output", type=OUT, default=Path("tra-loi.json"), show_default=True)
@_asked()
def finish(
    material_path: Path, key_path: Path, share_out: Path, output: Path, passphrase: str
) -> None:
    """Bước 3: nhận và kiểm tra phần khoá của mình (tệp phần khoá giữ trên máy này)."""
    material = _read_json(material_path, "poll.material_file_invalid")
    try:
        share_file, answer = finish_on_own_machine(material, key_path.read_bytes(), passphrase)
    except DomainError as e:
        raise click.ClickException(wording.text(e)) from None
    share_out.write_bytes(share_file)
    click.echo(f"Đã ghi tệp phần khoá vào {share_out}: giữ nó đến khi kiểm phiếu.")
    _write_answer(answer, output)


@committee_cli.command("partial")
@click.argument("tally_path", type=FILE)
@click.argument("share_path", type=FILE)
@click.option(
    "-o",
    "--output",
    type=OUT,
    default=Path("phan-giai-ma.json"),
    show_default=True,
    help="Tệp phần giải mã để nộp trên trang cuộc bỏ phiếu.",
)
@click.password_option(
    "--passphrase",
    prompt="Cụm mật khẩu của phần khoá",
    confirmation_prompt=False,
    help="Cụm mật khẩu đã đặt khi nhận phần khoá (nên để lệnh hỏi).",
)
def partial(tally_path: Path, share_path: Path, output: Path, passphrase: str) -> None:
    """Tính phần giải mã tổng phiếu từ phần khoá của thành viên (trên máy của mình)."""
    tally = _read_json(tally_path, "poll.tally_file_invalid")
    try:
        result = partial_on_own_machine(tally, share_path.read_bytes(), passphrase)
    except DomainError as e:
        raise click.ClickException(wording.text(e)) from None
    output.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(
        f"Đã ghi phần giải mã của thành viên số {result['index']} "
        f"({result['ballots']} phiếu) vào {output}. Hãy nộp tệp này trên trang cuộc bỏ phiếu."
    )
