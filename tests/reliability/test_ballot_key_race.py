"""The ballot key file is created on first use: the first secret ballots of a fresh
install, cast at once by several workers, must all get the same, complete secret."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from service.platform import ballots


def first_use_at_once(path: Path, readers: int = 8) -> list[object]:
    barrier = threading.Barrier(readers)
    seen: list[object] = []

    def read() -> None:
        barrier.wait()
        try:
            seen.append(ballots._read_or_create(path))
        except Exception as e:
            seen.append(e)

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return seen


@pytest.mark.parametrize("round_", range(20))
def test_first_use_of_the_ballot_key_by_many_at_once(tmp_path, round_):
    path = tmp_path / "keys" / "ballot.key"
    seen = first_use_at_once(path)
    assert all(isinstance(s, bytes) for s in seen), seen
    assert len(set(seen)) == 1  # one secret: no ballot sealed under a lost key
    assert path.read_bytes().strip() == seen[0]
    assert sorted(p.name for p in path.parent.iterdir()) == ["ballot.key"]
