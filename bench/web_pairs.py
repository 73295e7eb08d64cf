"""P2 (gunicorn) and P6 (the signed bundle) on one demo store (bench/site.py), at full or quick size."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench import bundle, site, web_pair
from bench.harness import Row

WEB_PAIRS = ("P2", "P6")


@dataclass(frozen=True)
class WebSizes:
    repeats: int
    per_client: int  # P2: form POSTs per client (20 clients) per sample
    hello_per_client: int  # P2: hello-world POSTs per client per sample (it is ~10× faster)
    serves: int  # P6: cached downloads timed


WEB_FULL = WebSizes(repeats=5, per_client=20, hello_per_client=100, serves=50)
WEB_QUICK = WebSizes(repeats=1, per_client=4, hello_per_client=20, serves=10)  # ~40 s


def run(pairs: list[str], quick: bool, repeats: int | None, work: Path, out=print) -> list[Row]:  # type: ignore[no-untyped-def]

    sizes = WEB_QUICK if quick else WEB_FULL
    n = repeats or sizes.repeats
    demo = site.build(work / "web-site")
    rows: list[Row] = []
    if "P6" in pairs:  # first: P2 adds events (to 2016's dossiers), P6 reads 2015's year
        rows += bundle.run(demo, work / "web-site", n, sizes.serves, out)
    if "P2" in pairs:
        rows += web_pair.run(demo, work, n, sizes.per_client, sizes.hello_per_client, out)
    return rows
