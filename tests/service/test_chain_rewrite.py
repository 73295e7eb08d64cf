"""A consistent rewrite of the tail (an event changed at position 200, every later link
recomputed) passes plain verify; given the earlier export, verify names 200, where the
rewrite begins; given only the earlier checkpoint, it says the history differs somewhere
up to that checkpoint's head and how to find where."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from service.audit.chain import checkpoint
from service.platform.app import ThiduaApplication
from tests.chain_helpers import Raw, export_to
from tests.service.test_chain import relink_from
from web.cli.main import cli

AT = 200


def thidua(url: str, tmp_path: Path, *args: str) -> Result:
    env = {"THIDUA_DATABASE_URL": url, "THIDUA_INSTANCE_PATH": str(tmp_path / "instance")}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def rewrite_from(app: ThiduaApplication, position: int) -> None:
    raw = Raw(app)
    try:
        (state,) = raw.run("SELECT state FROM {events} WHERE {id} = ?", position)[0]
        forged = bytes(state) + b" "  # still JSON, other bytes
        raw.run("UPDATE {events} SET state = ? WHERE {id} = ?", forged, position)
        relink_from(app, raw, position)
    finally:
        raw.close()


def test_a_tail_rewrite_is_named_where_it_begins(
    demo_app: ThiduaApplication, tmp_path: Path
) -> None:
    earlier = export_to(demo_app, tmp_path / "earlier.jsonl")
    cp = checkpoint(demo_app)
    assert cp.position > AT + 500
    rewrite_from(demo_app, AT)

    plain = thidua(demo_app.url, tmp_path, "audit", "verify", "--no-record")
    assert plain.exit_code == 0, plain.output  # the chain alone cannot tell

    named = thidua(
        demo_app.url, tmp_path, "audit", "verify", "--no-record", "--checkpoint", str(earlier)
    )
    assert named.exit_code == 1, named.output
    assert f"SAI: Vị trí {AT}: mắt xích khác với tệp xuất trước" in named.output
    assert f"({AT - 1} sự kiện đầu khớp.)" in named.output

    cp_file = tmp_path / "cp.json"
    cp_file.write_text(earlier.read_text(encoding="utf-8").splitlines()[-1], encoding="utf-8")
    only_cp = thidua(
        demo_app.url, tmp_path, "audit", "verify", "--no-record", "--checkpoint", str(cp_file)
    )
    assert only_cp.exit_code == 1, only_cp.output
    assert f"SAI: Vị trí {cp.position}: chuỗi không khớp điểm kiểm tra" in only_cp.output
    assert "ở một vị trí nào đó đến vị trí này" in only_cp.output
    assert "--checkpoint TỆP_XUẤT" in only_cp.output


def test_an_unchanged_store_extends_its_earlier_export(
    demo_app: ThiduaApplication, tmp_path: Path
) -> None:
    earlier = export_to(demo_app, tmp_path / "earlier.jsonl")
    ok = thidua(
        demo_app.url, tmp_path, "audit", "verify", "--no-record", "--checkpoint", str(earlier)
    )
    assert ok.exit_code == 0, ok.output
    assert "Nối tiếp điểm kiểm tra trước" in ok.output


def test_a_later_export_is_named_where_its_rewrite_begins(
    demo_app: ThiduaApplication, tmp_path: Path
) -> None:
    earlier = export_to(demo_app, tmp_path / "earlier.jsonl")
    rewrite_from(demo_app, AT)
    later = export_to(demo_app, tmp_path / "later.jsonl")
    named = thidua(
        demo_app.url,
        tmp_path,
        "audit",
        "verify",
        "--export",
        str(later),
        "--checkpoint",
        str(earlier),
    )
    assert named.exit_code == 1, named.output
    assert f"SAI: Vị trí {AT}: mắt xích khác với tệp xuất trước" in named.output
