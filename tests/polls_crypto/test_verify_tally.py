"""tools/verify_tally.py, run as its own process: it accepts a sound record (bare, or
embedded in a JSONL export), and refuses one byte flipped anywhere, naming the item;
`--receipt` finds a voter's ballot. It imports nothing of thidua."""

from __future__ import annotations

import ast
import copy
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from service.polls.secret import group as g
from service.polls.secret import record as records
from tests.polls_crypto.ceremony import cast_all, close, context_of, key_ceremony

TOOL = Path(__file__).resolve().parents[2] / "tools" / "verify_tally.py"
Record = dict[str, Any]

VOTES = [[0], [1], [2], [0], [], [1], [0], [2], [0], [1], [0], []]  # 12 members, max 1


@pytest.fixture(scope="module")
def good() -> Record:
    committee = key_ceremony("poll-verify")
    context = context_of(committee, 1)
    ballots = cast_all(context, VOTES)
    counts, rec = close(context, committee, ballots, (1, 3))
    assert counts == [5, 3, 2]
    return rec


def run(tmp_path: Path, data: bytes, *args: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "record.json"
    path.write_bytes(data)
    return subprocess.run(
        [sys.executable, "-I", str(TOOL), str(path), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )


def test_a_sound_record_passes(tmp_path: Path, good: Record) -> None:
    result = run(tmp_path, records.dumps(good))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KẾT LUẬN: hồ sơ kiểm phiếu hợp lệ." in result.stdout
    assert "12 phiếu" in result.stdout and "[5, 3, 2]" in result.stdout
    assert records.loads(records.dumps(good)).tally == [5, 3, 2]


def test_a_record_inside_a_jsonl_export_passes(tmp_path: Path, good: Record) -> None:
    lines = [{"position": 1, "topic": "x"}, {"poll": {"election_record": good}}]
    data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
    result = run(tmp_path, data)
    assert result.returncode == 0, result.stdout + result.stderr


def test_receipts(tmp_path: Path, good: Record) -> None:
    receipt = good["ballots"][6]["hash"]
    assert records.has_receipt(good, receipt)
    found = run(tmp_path, records.dumps(good), "--receipt", receipt)
    assert found.returncode == 0 and "phiếu CÓ trong hồ sơ" in found.stdout
    missing = run(tmp_path, records.dumps(good), "--receipt", "ab" * 32)
    assert missing.returncode == 1 and "KHÔNG tìm thấy" in missing.stdout


def flip(value: str, at: int = 3) -> str:
    """The hex string with one byte flipped (bit 0 of byte `at`)."""
    data = bytearray(bytes.fromhex(value))
    data[at] ^= 0x01
    return data.hex()


def at(path: list[Any]) -> Callable[[Record], None]:
    def change(rec: Record) -> None:
        node: Any = rec
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = flip(node[path[-1]])

    return change


CASES = {
    "ballot ciphertext": (
        at(["ballots", 6, "ciphertexts", 1, 1]),
        "phiếu số 7: bản mã lựa chọn 2",
    ),  # unless the flipped bytes still decode to a group element: see STILL_A_POINT
    "ballot choice proof": (
        at(["ballots", 6, "proofs", 1, 0, 0]),
        "phiếu số 7: chứng minh lựa chọn 2",
    ),
    "ballot choice response": (
        at(["ballots", 6, "proofs", 2, 1, 1]),
        "phiếu số 7: chứng minh lựa chọn 3",
    ),
    "ballot sum proof": (at(["ballots", 6, "sum_proof", 0, 1]), "phiếu số 7: chứng minh tổng"),
    "ballot hash": (at(["ballots", 6, "hash"]), "phiếu số 7: mã băm"),
    "partial decryption": (
        at(["partial_decryptions", 1, "shares", 0]),
        "phần giải mã của thành viên 3",
    ),
    "partial proof": (
        at(["partial_decryptions", 0, "proofs", 2, 0]),
        "phần giải mã của thành viên 1 sai",
    ),
    "commitment": (at(["committee", 1, "commitments", 1]), "cam kết 1 của thành viên 2"),
    "commitment proof": (at(["committee", 1, "proofs", 0, 1]), "cam kết 0 của thành viên 2"),
    "verification key": (
        at(["committee", 2, "verification_key"]),
        "khoá kiểm tra của thành viên 3",
    ),
    "joint key": (at(["poll", "joint_key"]), "khoá chung"),
    "encrypted tally": (at(["encrypted_tally", 0, 0]), "tổng mã hoá"),
}


# A ciphertext flipped into another valid point (the record's randomness makes that
# happen now and then) is no malformed point: the first proof bound to the ballot's
# ciphertexts, option 1's, fails instead. Which of the two is decided, not guessed.
STILL_A_POINT = {
    "ballot ciphertext": (
        ["ballots", 6, "ciphertexts", 1, 1],
        "phiếu số 7: chứng minh lựa chọn 1 sai",
    )
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_flipped_byte_is_refused_and_named(tmp_path: Path, good: Record, case: str) -> None:
    change, named = CASES[case]
    bad = copy.deepcopy(good)
    change(bad)
    if case in STILL_A_POINT:
        path, instead = STILL_A_POINT[case]
        node: Any = bad
        for key in path:
            node = node[key]
        if g.is_point(bytes.fromhex(node)):
            named = instead
    result = run(tmp_path, records.dumps(bad))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert f"KHÔNG HỢP LỆ: {named}" in result.stdout, result.stdout


def test_wrong_tally_and_missing_partial_are_refused(tmp_path: Path, good: Record) -> None:
    bad = copy.deepcopy(good)
    bad["tally"] = [4, 4, 2]
    result = run(tmp_path, records.dumps(bad))
    assert result.returncode == 1 and "kết quả của lựa chọn 1 (4)" in result.stdout
    bad = copy.deepcopy(good)
    bad["partial_decryptions"] = bad["partial_decryptions"][:1]
    result = run(tmp_path, records.dumps(bad))
    assert result.returncode == 1 and "cần ít nhất 2 phần giải mã" in result.stdout


def test_a_copied_ballot_is_refused(tmp_path: Path, good: Record) -> None:
    bad = copy.deepcopy(good)
    bad["ballots"].append(bad["ballots"][0])
    result = run(tmp_path, records.dumps(bad))
    assert result.returncode == 1 and "phiếu số 13: trùng bản mã" in result.stdout


def test_unreadable_input_says_so_without_a_traceback(tmp_path: Path) -> None:
    result = run(tmp_path, b"{not json")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    result = run(tmp_path, b'{"format": "thidua-eg-1"}')
    assert result.returncode == 1 and "sai định dạng" in result.stdout


def test_the_tool_imports_only_the_standard_library_and_pynacl() -> None:
    tree = ast.parse(TOOL.read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert {name.split(".")[0] for name in names} <= {"hashlib", "json", "struct", "sys", "nacl"}


def load_tool() -> Any:
    spec = importlib.util.spec_from_file_location("verify_tally_under_test", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL_MODULE = load_tool()


def hex_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every hex string of 32 bytes in the record (points, scalars, hashes)."""
    if isinstance(value, dict):
        return [p for k, v in sorted(value.items()) for p in hex_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in hex_paths(v, (*path, i))]
    if isinstance(value, str) and len(value) == 64:
        return [path]
    return []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_flipped_byte_of_any_value_is_refused(good: Record, data: st.DataObject) -> None:
    """In-process (the tool loaded from its file): a byte flipped at any position of any
    point, scalar or hash of the record fails the check, with a named item."""
    tool = TOOL_MODULE
    paths = hex_paths(good)
    path = data.draw(st.sampled_from(paths))
    position, bit = data.draw(st.integers(0, 31)), data.draw(st.integers(0, 7))
    bad = copy.deepcopy(good)
    node: Any = bad
    for key in path[:-1]:
        node = node[key]
    raw = bytearray(bytes.fromhex(node[path[-1]]))
    raw[position] ^= 1 << bit
    node[path[-1]] = raw.hex()
    with pytest.raises(tool.Bad):
        tool.verify(bad)


def all_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    inner: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        inner = [p for k, v in sorted(value.items()) for p in all_paths(v, (*path, k))]
    elif isinstance(value, list):
        inner = [p for i, v in enumerate(value) for p in all_paths(v, (*path, i))]
    return [path, *inner] if path else inner


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3), st.just([]), st.just({})
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_malformed_record_is_refused_in_words(
    good: Record, data: st.DataObject, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any node of the record replaced by junk: exit 1 with a sentence, never a traceback."""
    bad = copy.deepcopy(good)
    path = data.draw(st.sampled_from([p for p in all_paths(bad) if p[0] != "format"]))
    node: Any = bad
    for key in path[:-1]:
        node = node[key]
    junk = data.draw(JUNK)
    assume(junk != node[path[-1]])
    node[path[-1]] = junk
    target = tmp_path / "junk.json"
    target.write_bytes(records.dumps(bad))
    assert TOOL_MODULE.main(["verify_tally.py", str(target), "--receipt", "00" * 32]) == 1
    assert "KHÔNG HỢP LỆ: " in capsys.readouterr().out
