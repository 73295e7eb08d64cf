"""`thidua committee partial`: a counting committee member's partial decryption,
computed on the member's own machine, so its key share never reaches the server.

thidua committee partial TALLY.json SHARE.thidua-share [-o PHAN-GIAI-MA.json]

TALLY.json is downloaded from the poll page ("Tải tổng phiếu mã hoá"); SHARE is the
member's share file from the key ceremony; the passphrase is asked for (never an
argument). The output file is what the member uploads on the poll page. No store, no
network: run it on any machine with thidua installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from domain.kernel.base import DomainError
from service.platform import wording
from service.polls.committee import partial_on_own_machine

committee_cli = click.Group(
    "committee", help="Ban kiểm phiếu: tính phần giải mã trên máy của thành viên."
)


@committee_cli.command("partial")
@click.argument("tally_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("share_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
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
    try:
        tally = json.loads(tally_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise click.ClickException(wording.text(DomainError("poll.tally_file_invalid"))) from None
    try:
        result = partial_on_own_machine(tally, share_path.read_bytes(), passphrase)
    except DomainError as e:
        raise click.ClickException(wording.text(e)) from None
    output.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(
        f"Đã ghi phần giải mã của thành viên số {result['index']} "
        f"({result['ballots']} phiếu) vào {output}. Hãy nộp tệp này trên trang cuộc bỏ phiếu."
    )
