"""tools/verify_export.py, run by the system Python with nothing but its standard library,
passes a good export and fails each kind of tampering, naming the same first bad
position as thidua's own check (service/export_check.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pytest

from service.audit.export_check import read_lines, verify_export
from service.platform.chain_format import GENESIS, Checkpoint, MerkleRoot, link
from tests.chain_helpers import build_demo_export
from tests.web.site import Demos

TOOL = Path(__file__).resolve().parents[1] / "tools" / "verify_export.py"
SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin") or "python3"

Lines = list[dict]


@pytest.fixture(scope="module")
def demo_lines(tmp_path_factory: pytest.TempPathFactory, demos: Demos) -> Lines:
    path, _ = build_demo_export(demos.demo("sqlite"), tmp_path_factory.mktemp("demo"))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write(path: Path, lines: Lines) -> Path:
    text = "".join(
        json.dumps(r, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
        for r in lines
    )
    path.write_text(text, encoding="utf-8")
    return path


def standalone(*args: object) -> subprocess.CompletedProcess[str]:
    # -I: isolated, -S: not even site-packages; the script must need nothing else.
    command = [SYSTEM_PYTHON, "-I", "-S", str(TOOL), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def relink(lines: Lines, start: int = 0) -> Lines:
    """What someone who knows the format would do: recompute every link and the checkpoint."""
    prev, merkle, out = GENESIS, MerkleRoot(), []
    for r in lines[:-1]:
        r = dict(r)
        if r["position"] >= start:
            state = r["state"].encode("utf-8")
            r["link"] = link(
                prev, r["position"], UUID(r["originator"]), r["version"], r["topic"], state
            ).hex()
        prev = bytes.fromhex(r["link"])
        merkle.add(prev)
        out.append(r)
    closing = {**lines[-1]["checkpoint"], "head": prev.hex(), "merkle_root": merkle.root().hex()}
    closing.update(position=out[-1]["position"], count=len(out))
    return [*out, {"checkpoint": closing}]


def test_a_good_export_passes(tmp_path: Path, demo_lines: Lines) -> None:
    path = write(tmp_path / "good.jsonl", demo_lines)
    result = standalone(path)
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(demo_lines) - 1
    assert f"ĐÚNG: {count} sự kiện, đến vị trí {demo_lines[-2]['position']}." in result.stdout
    assert demo_lines[-1]["checkpoint"]["head"] in result.stdout
    assert demo_lines[-1]["checkpoint"]["merkle_root"] in result.stdout
    assert verify_export(read_lines(path)).ok


def edit_state(lines: Lines, i: int) -> None:
    old = lines[i]["data"]["points"]
    lines[i]["state"] = lines[i]["state"].replace(f'"{old}"', '"10"')
    lines[i]["data"]["points"] = "10"


def swap_lines(lines: Lines, i: int) -> None:
    lines[i], lines[i + 1] = lines[i + 1], lines[i]


def swap_contents(lines: Lines, i: int) -> None:
    a, b = lines[i], lines[i + 1]
    lines[i] = {**b, "position": a["position"], "link": a["link"]}
    lines[i + 1] = {**a, "position": b["position"], "link": b["link"]}


def forge_line(lines: Lines, i: int) -> None:
    forged = {**lines[-2], "position": lines[-2]["position"] + 1, "link": "ab" * 32}
    lines.insert(len(lines) - 1, forged)


TAMPERING: dict[str, tuple[Callable[[Lines, int], None], Callable[[Lines, int], int], str]] = {
    # kind: (how, which position is named, what the standalone verifier says)
    "state edited": (edit_state, lambda ls, i: ls[i]["position"], "mắt xích băm không khớp"),
    "data edited": (
        lambda ls, i: ls[i]["data"].update(points="10"),
        lambda ls, i: ls[i]["position"],
        "phần đọc được",
    ),
    "line deleted": (lambda ls, i: ls.pop(i), lambda ls, i: ls[i]["position"], "mắt xích băm"),
    "lines swapped": (swap_lines, lambda ls, i: ls[i]["position"], "mắt xích băm không khớp"),
    "events reordered": (swap_contents, lambda ls, i: ls[i]["position"], "mắt xích băm"),
    "line inserted": (forge_line, lambda ls, i: ls[-2]["position"], "mắt xích băm không khớp"),
    "duplicate line": (
        lambda ls, i: ls.insert(i + 1, dict(ls[i])),
        lambda ls, i: ls[i]["position"],
        "không theo thứ tự",
    ),
    "link edited": (
        lambda ls, i: ls[i].update(link="00" * 32),
        lambda ls, i: ls[i]["position"],
        "mắt xích băm không khớp",
    ),
    "checkpoint removed": (
        lambda ls, i: ls.pop(),
        lambda ls, i: ls[-1]["position"],
        "không kết thúc bằng điểm kiểm tra",
    ),
    "checkpoint edited": (
        lambda ls, i: ls[-1]["checkpoint"].update(head="00" * 32),
        lambda ls, i: ls[-2]["position"],
        "điểm kiểm tra cuối tệp không khớp",
    ),
    "tail cut": (
        lambda ls, i: [ls.pop(-2) for _ in range(3)],
        lambda ls, i: ls[-2]["position"],
        "điểm kiểm tra cuối tệp không khớp",
    ),
}


@pytest.mark.parametrize("kind", TAMPERING)
def test_each_kind_of_tampering_fails(tmp_path: Path, demo_lines: Lines, kind: str) -> None:
    how, named, says = TAMPERING[kind]
    lines = [json.loads(json.dumps(r)) for r in demo_lines]
    i = next(n for n, r in enumerate(lines) if r.get("topic") == "thidua.Dossier.SelfScored")
    how(lines, i)
    position = named(lines, i)
    path = write(tmp_path / "tampered.jsonl", lines)

    result = standalone(path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith(f"SAI: vị trí {position}"), result.stdout
    assert says in result.stdout
    problem = verify_export(read_lines(path)).problem  # thidua's own check agrees
    assert problem is not None and problem.position == position


def test_a_later_export_must_extend_an_earlier_one(tmp_path: Path, demo_lines: Lines) -> None:
    earlier = write(tmp_path / "earlier.jsonl", relink([*demo_lines[:300], demo_lines[-1]]))
    at = demo_lines[299]["position"]
    later = write(tmp_path / "later.jsonl", demo_lines)
    result = standalone(later, "--checkpoint", earlier)
    assert result.returncode == 0, result.stdout
    assert f"Nối tiếp điểm kiểm tra trước (vị trí {at})." in result.stdout

    # History rewritten before the earlier checkpoint, every later link recomputed by
    # someone who knows the (public) format: whole on its own, not what was vouched for.
    lines = [json.loads(json.dumps(r)) for r in demo_lines]
    i = next(n for n, r in enumerate(lines) if r.get("topic") == "thidua.Dossier.SelfScored")
    assert i < 299
    edit_state(lines, i)
    forged = write(tmp_path / "forged.jsonl", relink(lines, start=lines[i]["position"]))
    assert standalone(forged).returncode == 0
    against = standalone(forged, "--checkpoint", earlier)
    assert against.returncode == 1
    assert against.stdout.startswith(f"SAI: vị trí {at}: tệp không nối tiếp điểm kiểm tra trước")
    problem = verify_export(read_lines(forged), against=checkpoint_of(earlier)).problem
    assert problem is not None and (problem.position, problem.kind) == (at, "checkpoint")

    checkpoint_file = tmp_path / "cp.json"  # a checkpoint file works the same way
    checkpoint_file.write_text(json.dumps(demo_lines[-1]), encoding="utf-8")
    assert standalone(later, "--checkpoint", checkpoint_file).returncode == 0
    assert standalone(forged, "--checkpoint", checkpoint_file).returncode == 1


def checkpoint_of(export: Path) -> Checkpoint:
    last = export.read_text(encoding="utf-8").splitlines()[-1]
    return Checkpoint.from_json(json.loads(last)["checkpoint"])


def test_usage_and_unreadable_files(tmp_path: Path) -> None:
    assert standalone().returncode == 2
    assert standalone(tmp_path / "missing.jsonl").returncode == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("không phải JSON\n", encoding="utf-8")
    result = standalone(bad)
    assert result.returncode == 1 and "dòng 1 không đọc được" in result.stdout
