"""`thidua keys dev` and `thidua bundle build|verify`: the signed PDF bundle for TLĐ.

thidua keys dev [--dir DIR]  khóa ký và CA phát triển (mặc định <bí mật>/keys)
thidua bundle build --cluster BGPB --year 2015 -o F.pdf  dựng và ký hồ sơ
    [--review LANGSON:XV] [--chair-name ...] [--number proposal=01/TTr-CTĐ] [--unsigned]
thidua bundle verify F.pdf [--export PATH] [--store] [--earlier E.pdf] [--ca CA.pem]

Both groups are listed in `web/cli/main.py`, which also keeps `thidua dossier` (the
group's name before "bundle") as a hidden alias of `bundle`, so existing scripts run on.
Exit status of verify: 0 valid, 1 not valid (the reasons are printed in Vietnamese).
"""

from __future__ import annotations

import os
from pathlib import Path
from uuid import UUID

import click
from flask.cli import AppGroup, with_appcontext

from domain.kernel.base import DomainError
from domain.review.campaign import ReviewCampaign
from service.documents import (
    DocumentInputs,
    SigningError,
    build_bundle,
    render_bundle,
    verify_bundle,
    word_files,
)
from service.documents.extract import ExtractError
from service.documents.keys import DEV_PASSWORD, make_dev_keys
from service.documents.readiness import Gap, gaps, signer_words
from service.platform import clock, wording
from service.platform.app import ThiduaApplication
from service.platform.paths import secrets_path
from service.review.reviews import term_id
from service.year.clusters import year_by_code
from service.year.queries import names
from web.shell.store import store, store_holder

keys_cli = AppGroup("keys", help="Khóa ký số.")
bundle_cli = AppGroup(
    "bundle",
    help="Hồ sơ PDF ký số gửi Tổng Liên đoàn. Tên lệnh cũ `thidua dossier` vẫn dùng được.",
)


def _store() -> ThiduaApplication:
    click.get_current_context().call_on_close(store_holder().close)
    return store()


@keys_cli.command("dev")
@click.option(
    "--dir",
    "directory",
    default=lambda: secrets_path() / "keys",
    type=click.Path(path_type=Path),
    help="Thư mục ghi khóa (mặc định: thư mục bí mật của máy chủ, keys/).",
)
@click.option("--force", is_flag=True, help="Ghi đè khóa đã có.")
def keys_dev(directory: Path, force: bool) -> None:
    """Tạo CA và chứng thư ký của Trưởng Cụm để phát triển, thử nghiệm (không dùng thật)."""
    if (directory / "signer.p12").exists() and not force:
        raise click.ClickException(f"Đã có khóa trong {directory} (dùng --force để tạo lại).")
    keys = make_dev_keys(directory)
    click.echo(f"Đã tạo CA phát triển: {keys.ca}")
    click.echo(f"Đã tạo khóa ký (PKCS#12, mật khẩu {DEV_PASSWORD!r}): {keys.p12}")
    click.echo("Cấu hình để ký và kiểm tra hồ sơ:")
    click.echo(f"  export THIDUA_SIGNING_P12={keys.p12}")
    click.echo(f"  export THIDUA_SIGNING_P12_PASSWORD={keys.password}")
    click.echo(f"  export THIDUA_TRUST_CA={keys.ca}")


GAP_WORDS = {  # the same list as the bundle's page (web/templates/bundles/missing.html)
    "criteria": "chưa thông qua bộ tiêu chí thi đua của năm",
    "pending_changes": "còn {count} thay đổi tổ chức chờ quyết định",
    "yearend": "chưa gửi báo cáo tổng kết năm: {units}",
    "self_score": "chưa tự chấm điểm: {units}",
    "appraisal": "chưa được thẩm định, chấm điểm: {units}",
    "polls_open": "còn {count} cuộc bỏ phiếu chưa kết thúc",
    "no_polls": "chưa có cuộc bỏ phiếu nào kết thúc",
    "proposal": "chưa lập tờ trình đề nghị khen thưởng",
    "signers": "chưa có họ tên người ký: {items} (ghi ở trang năm thi đua, mục Người ký"
    " các văn bản; hoặc --secretary-name, --counting-head-name)",
    "undated": "văn bản chưa có ngày: {items}",
}


def _missing_words(app: ThiduaApplication, missing: list[Gap]) -> str:
    known = names(app, [u for g in missing for u in g.units])
    lines = [
        "- "
        + GAP_WORDS[g.code].format(
            count=g.count,
            units=", ".join(known[u] for u in g.units),
            items="; ".join(signer_words(g.items) if g.code == "signers" else g.items),
        )
        for g in missing
    ]
    head = "Chưa thể ký hồ sơ: còn thiếu (dùng --unsigned để xem bản nháp chưa ký):"
    return "\n".join([head, *lines])


def _campaign(text: str) -> UUID:
    """LANGSON:XV (federation code : term number) or a campaign id."""
    if ":" in text:
        code, number = text.split(":", 1)
        return ReviewCampaign.id_for(term_id(code.strip(), number.strip()))
    try:
        return UUID(text)
    except ValueError:
        raise click.BadParameter(
            f"{text!r}: cần MÃ:NHIỆM_KỲ (LANGSON:XV) hoặc mã đợt sơ kết"
        ) from None


def _pairs(values: tuple[str, ...], what: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep:
            raise click.BadParameter(f"{value!r}: cần dạng khóa=giá trị ({what})")
        out[key.strip()] = text.strip()
    return out


@bundle_cli.command("build")
@with_appcontext
@click.option("--cluster", required=True, help="Mã Cụm thi đua (BGPB).")
@click.option("--year", required=True, type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--review", "reviews", multiple=True, help="Đợt sơ kết kèm theo: LANGSON:XV.")
@click.option("--chair-name", help="Họ tên người ký (Trưởng Cụm).")
@click.option("--secretary-name", help="Họ tên thư ký Hội nghị.")
@click.option("--counting-head-name", help="Họ tên Trưởng ban kiểm phiếu.")
@click.option("--number", "numbers", multiple=True, help="Số văn bản: proposal=01/TTr-CTĐ.")
@click.option("--place", help="Địa danh ghi ở dòng ngày tháng.")
@click.option("--venue", help="Nơi họp Hội nghị tổng kết.")
@click.option("--unsigned", is_flag=True, help="Không ký (bản xem trước, tái lập được).")
def bundle_build(
    cluster: str,
    year: int,
    output: Path,
    reviews: tuple[str, ...],
    chair_name: str | None,
    secretary_name: str | None,
    counting_head_name: str | None,
    numbers: tuple[str, ...],
    place: str | None,
    venue: str | None,
    unsigned: bool,
) -> None:
    """Dựng hồ sơ PDF/A-3b của năm thi đua, đính kèm bản trích sự kiện, rồi ký số."""

    app = _store()
    people = {"chair": chair_name, "secretary": secretary_name, "counting_head": counting_head_name}
    inputs = DocumentInputs(
        people={k: v for k, v in people.items() if v},
        numbers=_pairs(numbers, "--number"),
        place=place,
        venue=venue,
    )
    if not output.parent.is_dir():
        raise click.ClickException(f"Không có thư mục {output.parent}")
    with click.progressbar(length=100, label="Đang dựng hồ sơ") as bar:

        def progress(step: str, done: int, total: int) -> None:
            bar.label = step[:60]
            bar.update(int(100 * done / max(total, 1)) - bar.pos)

        try:
            year_id = year_by_code(app, cluster, year).id
            missing = [] if unsigned else gaps(app, year_id, clock.today(), inputs)
            if missing:  # a signed dossier never goes with blanks (a preview may)
                raise click.ClickException(_missing_words(app, missing))
            campaigns = [_campaign(r) for r in reviews]
            if unsigned:
                pdf = render_bundle(
                    app, year_id, reviews=campaigns, inputs=inputs, progress=progress
                ).pdf
            else:
                pdf = build_bundle(
                    app, year_id, reviews=campaigns, inputs=inputs, progress=progress
                )
        except DomainError as e:
            raise click.ClickException(wording.text(e)) from None
        except (SigningError, ExtractError) as e:
            raise click.ClickException(str(e)) from None
    tmp = output.with_name(f".{output.name}.part")
    tmp.write_bytes(pdf)
    os.replace(tmp, output)
    click.echo(
        f"Đã ghi hồ sơ {'chưa ký' if unsigned else 'đã ký số'} ({len(pdf):,} byte) vào {output}"
    )


@bundle_cli.command("word")
@with_appcontext
@click.option("--cluster", required=True, help="Mã Cụm thi đua (BGPB).")
@click.option("--year", required=True, type=int)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--review", "reviews", multiple=True, help="Đợt sơ kết kèm theo: LANGSON:XV.")
@click.option("--chair-name", help="Họ tên người ký (Trưởng Cụm), như bản PDF đã ký.")
def bundle_word(
    cluster: str, year: int, output: Path, reviews: tuple[str, ...], chair_name: str | None
) -> None:
    """Ghi từng văn bản của hồ sơ thành tệp Word (.docx), cùng số, ngày, người ký như bản PDF."""
    app = _store()
    try:
        year_id = year_by_code(app, cluster, year).id
        inputs = DocumentInputs(people={"chair": chair_name} if chair_name else {})
        files = word_files(app, year_id, [_campaign(r) for r in reviews], inputs)
    except DomainError as e:
        raise click.ClickException(wording.text(e)) from None
    output.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (output / name).write_bytes(data)
    click.echo(f"Đã ghi {len(files)} tệp Word vào {output}")


@bundle_cli.command("verify")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--export",
    "export_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Tệp xuất kiểm toán (thidua audit export) để đối chiếu điểm kiểm tra.",
)
@click.option("--store", "use_store", is_flag=True, help="Đối chiếu với chuỗi băm của kho này.")
@click.option(
    "--earlier",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Hồ sơ đã ký trước của Cụm: kiểm tra nhật ký chỉ được nối thêm kể từ hồ sơ đó.",
)
@click.option(
    "--ca",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Chứng thư gốc tin cậy (PEM); mặc định THIDUA_TRUST_CA.",
)
def bundle_verify(
    path: Path,
    export_path: Path | None,
    use_store: bool,
    earlier: Path | None,
    ca: tuple[str, ...],
) -> None:
    """Kiểm tra hồ sơ: chữ ký số, tệp đính kèm, bản trích sự kiện, điểm kiểm tra, và nối
    tiếp hồ sơ đã ký trước (--earlier)."""
    app = _store() if use_store else None
    report = verify_bundle(
        path.read_bytes(),
        app=app,
        export=export_path,
        ca=list(ca) or None,
        earlier=earlier.read_bytes() if earlier else None,
    )
    for check in report.checks:
        mark = {True: "ĐÚNG", False: "SAI", None: "BỎ QUA"}[check.ok]
        click.echo(f"[{mark}] {check.name}" + (f": {check.detail}" if check.detail else ""))
    if report.checkpoint is not None:
        cp = report.checkpoint
        click.echo(f"Điểm kiểm tra: vị trí {cp.position}, đầu chuỗi {cp.head}")
    if not report.ok:
        click.echo("KẾT LUẬN: hồ sơ KHÔNG hợp lệ.")
        for reason in report.reasons:
            click.echo(f"  - {reason}")
        raise SystemExit(1)
    click.echo("KẾT LUẬN: hồ sơ hợp lệ.")
