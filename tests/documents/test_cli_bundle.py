"""`thidua keys dev`, `thidua bundle build` and `thidua bundle verify` (exit 1 with the
reason in Vietnamese when the bundle does not verify); `thidua dossier`, the group's
old name, still runs the same commands and is not listed."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from tests.documents.conftest import Demo
from web.cli.main import cli


def thidua(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_keys_build_and_verify(demo: Demo, tmp_path: Path) -> None:
    env = {
        "THIDUA_DATABASE_URL": demo.copy_to(tmp_path / "store"),
        "THIDUA_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    keys = tmp_path / "keys"
    made = thidua(env, "keys", "dev", "--dir", str(keys))
    assert made.exit_code == 0, made.output
    assert "THIDUA_SIGNING_P12=" in made.output and (keys / "signer.p12").is_file()
    assert thidua(env, "keys", "dev", "--dir", str(keys)).exit_code == 1  # never overwritten

    unsigned = thidua(
        env, "bundle", "build", "--cluster", "BGPB", "--year", "2015", "-o", str(tmp_path / "x.pdf")
    )
    assert unsigned.exit_code == 1 and "Chưa cấu hình chữ ký số" in unsigned.output

    env |= {
        "THIDUA_SIGNING_P12": str(keys / "signer.p12"),
        "THIDUA_SIGNING_P12_PASSWORD": "thidua-dev",
        "THIDUA_TRUST_CA": str(keys / "ca.pem"),
    }
    out = tmp_path / "ho-so-2015.pdf"
    built = thidua(
        env,
        "bundle",
        "build",
        "--cluster",
        "BGPB",
        "--year",
        "2015",
        "-o",
        str(out),
        "--review",
        "LANGSON:XV",
        "--chair-name",
        "Hoàng Đức Hạnh (dữ liệu mẫu)",
        "--number",
        "minutes=12/BB-CTĐ",
    )
    assert built.exit_code == 0, built.output
    assert "đã ký số" in built.output and out.read_bytes().startswith(b"%PDF-")

    # the open 2016 year: not signed with blanks, the list said; a preview is still made
    blank = tmp_path / "ho-so-2016.pdf"
    argv = ["bundle", "build", "--cluster", "BGPB", "--year", "2016", "-o", str(blank)]
    refused_2016 = thidua(env, *argv)
    assert refused_2016.exit_code == 1 and not blank.exists()
    assert "Chưa thể ký hồ sơ" in refused_2016.output
    assert "chưa tự chấm điểm: " in refused_2016.output and "Lạng Sơn" in refused_2016.output
    assert thidua(env, *argv, "--unsigned").exit_code == 0 and blank.is_file()

    checked = thidua(env, "bundle", "verify", str(out), "--store")
    assert checked.exit_code == 0, checked.output
    assert "KẾT LUẬN: hồ sơ hợp lệ." in checked.output
    assert "[ĐÚNG] Điểm kiểm tra nằm trên chuỗi băm của kho" in checked.output

    forged = bytearray(out.read_bytes())
    forged[len(forged) // 2] ^= 0x01
    bad = tmp_path / "forged.pdf"
    bad.write_bytes(bytes(forged))
    refused = thidua(env, "bundle", "verify", str(bad))
    assert refused.exit_code == 1
    assert "KẾT LUẬN: hồ sơ KHÔNG hợp lệ." in refused.output and "[SAI]" in refused.output

    old_name = thidua(env, "dossier", "verify", str(out))  # operators' scripts keep working
    assert old_name.exit_code == 0, old_name.output
    assert "KẾT LUẬN: hồ sơ hợp lệ." in old_name.output


def test_the_old_group_name_is_a_hidden_alias() -> None:
    listed = thidua({}, "--help")
    assert listed.exit_code == 0, listed.output
    assert "bundle" in listed.output and "dossier" not in listed.output
    old, new = thidua({}, "dossier", "--help"), thidua({}, "bundle", "--help")
    assert old.exit_code == new.exit_code == 0
    assert old.output.replace("Usage: thidua dossier", "Usage: thidua bundle", 1) == new.output
