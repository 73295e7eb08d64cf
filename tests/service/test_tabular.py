"""Unit tree and target table in and out of CSV and XLSX, on SQLite and PostgreSQL.

Round trip: export → import into an empty store → export gives the same bytes.
Malformed files are refused whole, each problem naming its row and column, and
nothing is imported.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zipfile import ZipFile

import pytest
from openpyxl import Workbook

from domain.kernel.base import DomainError
from service.audit.schema import create_schema
from service.demo.review_data import sample_targets
from service.org.queries import all_units
from service.org.unit_table import export_units, import_units
from service.org.units import dissolve_unit, merge_unit, register_unit, rename_unit
from service.platform.app import ThiduaApplication
from service.platform.auth import Principal
from service.platform.messages import MESSAGES
from service.platform.tabular import TabularError, format_of
from service.platform.wording import render, text
from service.review.queries import load_term
from service.review.reviews import add_targets, open_term, term_id
from service.review.target_table import export_targets, import_targets
from tests.prepared import fresh_postgres_db

UNIT_HEADER = "Mã đơn vị,Loại đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Thành lập từ ngày\r\n"
TARGET_HEADER = (
    "Mã chỉ tiêu,Tên chỉ tiêu,Thước đo,Đơn vị tính,Chỉ tiêu,Đầu nhiệm kỳ,Chiều đánh giá,"
    "Cách tổng hợp,Trọng số,Tử số,Mẫu số\r\n"
)


@pytest.fixture
def empty_app(store_url: str, tmp_path: Path) -> Iterator[ThiduaApplication]:
    """A second, empty store of the same kind as `app`."""
    url = (
        f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        if store_url.startswith("sqlite")
        else fresh_postgres_db()
    )
    create_schema(url)
    application = ThiduaApplication(url)
    yield application
    application.close()


def populate(app: ThiduaApplication, admin: Principal) -> None:
    d = date(2013, 1, 1)
    register_unit(app, admin, "LANGSON", "province", "Liên đoàn Lao động tỉnh Lạng Sơn", d)
    for code, kind, name in [
        ("LS-CAOLOC", "district", "LĐLĐ huyện Cao Lộc"),
        ("LS-LOCBINH", "district", "LĐLĐ huyện Lộc Bình"),
        ("LS-GIAODUC", "sector", "Công đoàn ngành Giáo dục, tỉnh Lạng Sơn"),  # a comma
        ("LS-BANTOCHUC", "department", "Ban Tổ chức"),
        ("LS-KKT", "sector", "Công đoàn Khu kinh tế"),
    ]:
        register_unit(app, admin, code, kind, name, d, "LANGSON")
    register_unit(app, admin, "LS-XM", "grassroots", 'CĐCS Công ty "Xi măng"', d, "LS-CAOLOC")
    register_unit(app, admin, "LS-DS", "grassroots", "CĐCS đã giải thể", d, "LS-LOCBINH")
    rename_unit(app, admin, "LS-CAOLOC", "LĐLĐ thành phố Cao Lộc", date(2020, 1, 1))
    merge_unit(app, admin, "LS-KKT", "LS-GIAODUC", date(2016, 1, 1))
    dissolve_unit(app, admin, "LS-DS", date(2016, 1, 1))
    term = open_term(app, admin, "LANGSON", "XV", "Khoá XV", 2013, 2018, date(2013, 7, 1), "NQ")
    add_targets(app, admin, term, sample_targets(), date(2013, 7, 1))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_is_byte_identical(
    app: ThiduaApplication, empty_app: ThiduaApplication, admin: Principal, fmt: str
) -> None:
    populate(app, admin)
    units = export_units(app, fmt)
    as_of_2015 = export_units(app, fmt, as_of=date(2015, 12, 31))
    targets = export_targets(app, term_id("LANGSON", "XV"), fmt)
    import_units(empty_app, admin, as_of_2015, fmt)  # the tree of the review date
    assert export_units(empty_app, fmt, as_of=date(2015, 12, 31)) == as_of_2015
    assert len(all_units(empty_app)) == 8
    open_term(empty_app, admin, "LANGSON", "XV", "Khoá XV", 2013, 2018, date(2013, 7, 1), "NQ")
    import_targets(empty_app, admin, term_id("LANGSON", "XV"), targets, fmt)
    assert export_targets(empty_app, term_id("LANGSON", "XV"), fmt) == targets
    assert (
        load_term(empty_app, term_id("LANGSON", "XV")).targets
        == load_term(app, term_id("LANGSON", "XV")).targets
    )
    assert export_units(app, fmt) == units  # exporting twice changes nothing


def test_csv_content_is_today_tree_in_vietnamese(app: ThiduaApplication, admin: Principal) -> None:
    populate(app, admin)
    text = export_units(app, "csv").decode("utf-8")
    assert text.startswith("\ufeff" + UNIT_HEADER)
    lines = text[1:].split("\r\n")
    assert [line.split(",")[0] for line in lines[1:-1]] == [  # parents first, then by code
        "LANGSON",
        "LS-BANTOCHUC",
        "LS-CAOLOC",
        "LS-XM",
        "LS-GIAODUC",
        "LS-LOCBINH",
    ]
    assert lines[1] == "LANGSON,LĐLĐ tỉnh,Liên đoàn Lao động tỉnh Lạng Sơn,,01/01/2013"
    assert lines[4] == 'LS-XM,Công đoàn cơ sở,"CĐCS Công ty ""Xi măng""",LS-CAOLOC,01/01/2013'
    assert lines[-1] == ""
    assert "LĐLĐ thành phố Cao Lộc" in text and "LS-KKT" not in text and "LS-DS" not in text
    old = export_units(app, "csv", as_of=date(2015, 12, 31)).decode("utf-8")
    assert "LĐLĐ huyện Cao Lộc" in old and "LS-KKT" in old and "LS-DS" in old


def test_xlsx_export_does_not_depend_on_the_clock(
    app: ThiduaApplication, admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(app, admin)
    first = export_units(app, "xlsx")
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # zipfile stamps time.time()
    assert export_units(app, "xlsx") == first
    with ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


def problems(err: pytest.ExceptionInfo[TabularError]) -> set[tuple]:
    return {(p.row, p.letter, p.code) for p in err.value.problems}


def test_malformed_unit_csv_is_refused_whole(app: ThiduaApplication, admin: Principal) -> None:
    register_unit(app, admin, "LANGSON", "province", "LĐLĐ tỉnh Lạng Sơn", date(2013, 1, 1))
    bad = (
        UNIT_HEADER
        + "LS-A,LĐLĐ huyện,LĐLĐ huyện A,LANGSON,01/01/2013\r\n"  # good, but not imported
        + "LS-B,Xã,LĐLĐ xã B,LANGSON,01/01/2013\r\n"
        + "LS-C,district,,LANGSON,31/02/2013\r\n"
        + "\r\n"  # a blank line keeps the numbering of the rows below
        + "LS-D,sector,CĐ ngành D,LS-ZZZ,2013-01-01\r\n"
        + "ls-a,grassroots,CĐCS trùng mã,LS-A,01/01/2013\r\n"
        + "LANGSON,province,Trùng trong kho,,01/01/2013\r\n"
        + "LS-E,grassroots,E,LS-F,01/01/2013\r\nLS-F,grassroots,F,LS-E,01/01/2013\r\n"
    ).encode("utf-8")
    with pytest.raises(TabularError) as err:
        import_units(app, admin, bad, "csv")
    assert problems(err) == {
        (3, "B", "tabular.bad_choice"),
        (4, "C", "tabular.required"),
        (4, "E", "tabular.bad_date"),
        (6, "D", "tabular.unknown_parent"),
        (7, "A", "tabular.duplicate"),
        (8, "A", "tabular.exists"),
        (9, "D", "tabular.cycle"),
        (10, "D", "tabular.cycle"),
    }
    message = text(err.value)
    assert message.startswith("Tệp không hợp lệ, chưa nhập dữ liệu nào (8 lỗi)")
    assert "Dòng 3, cột B «Loại đơn vị»: giá trị «Xã» không hợp lệ" in message
    assert "Dòng 7, cột A «Mã đơn vị»: mã «LS-A» trùng với dòng 2." in message
    english = text(err.value, "en")  # the same problems, worded in English
    assert english.startswith("The file was refused and nothing was imported (problems: 8)")
    assert "Row 7, column A “Mã đơn vị”: the code “LS-A” repeats row 2." in english
    assert [u.code for u in all_units(app)] == ["LANGSON"]  # nothing imported


def test_header_and_file_problems(app: ThiduaApplication, admin: Principal) -> None:
    header_only_two = "Mã đơn vị;Tên;Ghi chú\r\nA;B;C\r\n".encode()
    with pytest.raises(TabularError) as err:
        import_units(app, admin, header_only_two, "csv")
    codes = {(p.row, p.code, p.params.get("label")) for p in err.value.problems}
    assert (1, "tabular.unknown_column", None) in codes  # "Ghi chú" (semicolon file read)
    assert {"Loại đơn vị", "Thành lập từ ngày"} <= {c[2] for c in codes}
    for data, fmt, code in [
        (b"", "csv", "tabular.empty"),
        (UNIT_HEADER.encode(), "csv", "tabular.no_rows"),
        ("Mã đơn vị".encode("utf-16"), "csv", "tabular.unreadable"),
        (b"PK\x03\x04 not really a workbook", "xlsx", "tabular.unreadable"),
    ]:
        with pytest.raises(TabularError) as err:
            import_units(app, admin, data, fmt)
        assert [p.code for p in err.value.problems] == [code]
    assert all_units(app) == []


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_malformed_target_xlsx_is_refused_whole(app: ThiduaApplication, admin: Principal) -> None:
    register_unit(app, admin, "LANGSON", "province", "LĐLĐ tỉnh Lạng Sơn", date(2013, 1, 1))
    term = open_term(app, admin, "LANGSON", "XV", "Khoá XV", 2013, 2018, date(2013, 7, 1), "NQ")
    header = TARGET_HEADER.strip().split(",")
    rows = [
        header,
        ["CT01", "Đoàn viên mới", "", "người", 10000, None, "không thấp hơn", "cộng dồn"],
        [
            "CT02",
            "Thu nhập",
            "",
            "triệu đồng",
            "mười",
            None,
            "không thấp hơn",
            "bình quân gia quyền",
        ],
        ["CT03", "CĐCS", "", "CĐCS", "10.000", -1, "tăng", "cộng dồn"],
        ["CT04", "Thu nhập", "", "triệu đồng", 5.5, 3.8, "at_least", "weighted_average"],
        ["CT05", "Tỷ lệ", "", "%", 90, 75, "không thấp hơn", "tỷ lệ", "", "Số DN có CĐ"],
        ["ct01", "Trùng", "", "", 1, None, "không vượt quá", "cộng dồn"],
    ]
    with pytest.raises(TabularError) as err:
        import_targets(app, admin, term, xlsx(rows), "xlsx")
    assert problems(err) == {
        (3, "E", "tabular.bad_number"),
        (4, "E", "tabular.ambiguous_number"),
        (4, "F", "tabular.negative"),
        (4, "G", "tabular.bad_choice"),
        (5, "I", "term.weight_label_required"),
        (6, "J", "term.ratio_labels_required"),
        (7, "A", "tabular.duplicate"),
    }
    assert "Dòng 5, cột I «Trọng số»: Chỉ tiêu CT04 tính bình quân gia quyền" in text(err.value)
    assert load_term(app, term).targets == {}
    rows[2][4:] = [4.5, None, "không thấp hơn", "bình quân gia quyền", "Số lao động"]
    rows[3][4:7] = [10, None, "at_least"]
    rows[4] += ["Số lao động"]
    rows[5] += ["Số DN"]
    rows[6][0] = "CT06"
    assert import_targets(app, admin, term, xlsx(rows), "xlsx") == [
        "CT01",
        "CT02",
        "CT03",
        "CT04",
        "CT05",
        "CT06",
    ]
    t = load_term(app, term).targets
    assert (t["CT04"].target, t["CT04"].baseline, t["CT02"].target) == ("5.5", "3.8", "4.5")
    with pytest.raises(TabularError) as err:  # the same file again: every code exists now
        import_targets(app, admin, term, xlsx(rows), "xlsx")
    assert {p.code for p in err.value.problems} == {"tabular.exists"}


def test_excel_typed_cells_are_read(app: ThiduaApplication, admin: Principal) -> None:
    rows = [
        UNIT_HEADER.strip().split(","),
        ["LANGSON", "LĐLĐ TỈNH", "LĐLĐ tỉnh Lạng Sơn", None, datetime(2011, 6, 7)],
        ["LS-A", "district", "LĐLĐ huyện A", "langson", "07/06/2011"],
    ]
    assert len(import_units(app, admin, xlsx(rows), "xlsx")) == 2
    a = app.get(all_units(app)[1].id)
    assert (a.code, a.timeline[0].since, a.parent) == (
        "LS-A",
        date(2011, 6, 7),
        all_units(app)[0].id,
    )


def test_formats_and_wording() -> None:
    assert (format_of("don-vi.CSV"), format_of("chi-tieu.xlsx")) == ("csv", "xlsx")
    with pytest.raises(DomainError) as err:
        format_of("bang.ods")
    assert err.value.code == "tabular.bad_format" and "bang.ods" in text(err.value)
    for code in MESSAGES:
        if code.startswith("tabular."):
            vi, en = render(code, "vi"), render(code, "en")
            assert vi != en and any(ord(ch) > 127 for ch in vi), code
