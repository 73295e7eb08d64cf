"""A store written before the rooms (issue 13) opens, verifies and serves unchanged.

`tests/fixtures/store-0a70144.jsonl.gz` is `thidua audit export` of the demo store
(814 events) made by the code at commit 0a70144, the last before the move;
`views-0a70144.json.gz` is every view that code built from it. Today's code restores
the export, verifies its chain, decodes every aggregate and must build the same views.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from uuid import UUID

from service.audit.chain import verify
from service.audit.restore import restore
from service.platform.app import ThiduaApplication
from service.year import queries
from tests.chain_helpers import in_first_shape, views_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STORE = FIXTURES / "store-0a70144.jsonl.gz"
VIEWS = FIXTURES / "views-0a70144.json.gz"
EVENTS = 814


def restored(app: ThiduaApplication, tmp_path: Path) -> Path:
    path = tmp_path / "old.jsonl"
    path.write_bytes(gzip.decompress(STORE.read_bytes()))
    restore(app, path)
    return path


def test_an_old_store_restores_verifies_and_decodes(app: ThiduaApplication, tmp_path: Path) -> None:
    path = restored(app, tmp_path)
    report = verify(app)
    assert report.ok and report.checked == EVENTS
    originators = {json.loads(line)["originator"] for line in path.read_text().splitlines()[:-1]}
    assert len(originators) == 99
    for originator in originators:  # every stored event decodes with today's classes
        assert app.repository.get(UUID(originator)).version >= 1


def test_an_old_store_serves_the_same_views(app: ThiduaApplication, tmp_path: Path) -> None:
    restored(app, tmp_path)
    now = json.loads(json.dumps(views_of(app), sort_keys=True, default=str, ensure_ascii=False))
    before = json.loads(gzip.decompress(VIEWS.read_bytes()))
    boards = now.pop("plan_board")  # since stored in a second shape (its parts): the same
    assert {k: in_first_shape(b) for k, b in boards.items()} == before.pop("plan_board")
    assert now == before
    years = {doc["year"]: key for key, doc in now["standings"].items()}
    assert sorted(years) == [2015, 2016]
    rows = queries.standings(app, UUID(years[2015]))["rows"]  # the page's shaping reads it
    assert len(rows) == 7 and sorted(r["rank"] for r in rows)[0] == 1
