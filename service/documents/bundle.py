"""The bundle for TLĐ: one PDF/A-3b of the year's documents, the extract and checkpoint
attached, then signed (service/documents/signing.py). ("Bundle" is the signed file the
chair sends, "bộ hồ sơ gửi Tổng Liên đoàn"; a dossier is a member unit's record in a
cluster-year, domain/year/dossier.py.)

`render_bundle` is reproducible: the same events and inputs give the same bytes
(documents read the views as of the checkpoint; dates come from events; the file
identifier is a digest of the content). `build_bundle` signs that. Order: contents,
award proposal, conference minutes, vote-count records, score table, pact, compiled
reports, term reviews, and last the verification page that prints the checkpoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from service.documents import year_docs
from service.documents.case import read_cases
from service.documents.extract import EXTRACT, MANIFEST, Extract, build_extract, manifest_of
from service.documents.letterhead import PREVIEW_MARK, Doc, DocumentInputs
from service.documents.lineage import Previous, previous_bundle, previous_of
from service.documents.numbers import registered
from service.documents.render import Renderer, html_of, instant, write_pdf
from service.documents.review_docs import review_report
from service.documents.year_data import YearFacts, load_year
from service.documents.year_reports import compiled_report
from service.documents.year_votes import tally_doc
from service.platform.app import ThiduaApplication, load
from service.platform.chain_format import Checkpoint
from service.review.queries import load_campaign

Progress = Callable[[str, int, int], None]  # (step in Vietnamese, done, total)
TEMPLATE_VERSION = "8"  # bump when a template changes what the same events render to


@dataclass(frozen=True)
class Rendered:
    pdf: bytes  # unsigned PDF/A-3b
    checkpoint: Checkpoint
    extract: Extract
    documents: list[tuple[str, int, int]] = field(default_factory=list)  # label, first, last
    previous: Previous | None = None  # the cluster's previous signed bundle, with the proof
    cluster_id: UUID | None = None
    year: int = 0


def _quiet(step: str, done: int, total: int) -> None:
    pass


def year_documents(
    app: ThiduaApplication, f: YearFacts, case: Any, inputs: DocumentInputs, as_of: int
) -> list[Doc]:
    found = [
        year_docs.award_proposal(f, case, inputs),
        year_docs.minutes(f, case, inputs),
        *[tally_doc(f, p, inputs, i) for i, p in enumerate(f.polls, 1) if p.result is not None],
        year_docs.score_table(f, case, inputs),
        year_docs.org_changes(f, case, inputs),
        year_docs.pact(f, case, inputs),
        compiled_report(app, f, case, "midyear", inputs, as_of),
        compiled_report(app, f, case, "yearend", inputs, as_of),
    ]
    return [d for d in found if d is not None]


@dataclass(frozen=True)
class Collected:
    facts: YearFacts
    extract: Extract
    cases: list[dict[str, str]]
    docs: list[Doc]
    previous: Previous | None = None
    preview: bool = False  # nothing of the year numbered: never signed


def collect(
    app: ThiduaApplication,
    year_id: UUID,
    reviews: Sequence[UUID] = (),
    inputs: DocumentInputs | None = None,
    *,
    day: date | None = None,
) -> Collected:
    """The extract and every document (HTML) of the bundle, as of the cases' last event;
    or made as of a `day` people know (given here or as the inputs' `as_of`), with that
    day's members, names and standings."""
    inputs = inputs or DocumentInputs()
    day = day or inputs.as_of
    load(app, year_id, "năm thi đua")  # refuse unknown ids before reading anything
    for review in reviews:
        load_campaign(app, review)
    case = read_cases(app, [year_id, *reviews])
    cases = [{"id": str(year_id), "kind": "year"}] + [
        {"id": str(r), "kind": "review"} for r in reviews
    ]
    year = app.read(year_id)
    prior = previous_bundle(app, year.cluster_id, year.year)
    extract = build_extract(app, case, cases, prior.chain_position if prior else 0)
    as_of = extract.checkpoint.position
    f = load_year(app, year_id, case, as_of=as_of, day=day)
    previous = previous_of(prior, extract.links, extract.checkpoint) if prior else None
    if previous is not None:
        manifest = manifest_of(
            extract.checkpoint,
            cases,
            extract.events,
            extract.count,
            previous.to_json(),
            extract.head_proof,
        )
        extract = replace(extract, manifest=manifest)
    y = f.year.year  # its documents are dated from the year before to the year after
    numbers = registered(app, f.cluster.id, range(y - 1, y + 2), f"{y}/", inputs.symbol)
    inputs = replace(inputs, registered=numbers)
    docs = year_documents(app, f, case, inputs, as_of)
    docs += [review_report(app, r, inputs, as_of=as_of) for r in reviews]
    return Collected(f, extract, cases, docs, previous, preview=not numbers)


def _when(on: Any) -> datetime:
    return instant(on) if on is not None else datetime(1970, 1, 1, tzinfo=UTC)


def render_bundle(
    app: ThiduaApplication,
    year_id: UUID,
    *,
    reviews: Sequence[UUID] = (),
    inputs: DocumentInputs | None = None,
    progress: Progress | None = None,
    day: date | None = None,
) -> Rendered:
    say = progress or _quiet
    say("Đọc sự kiện của hồ sơ", 0, 1)
    collected = collect(app, year_id, reviews, inputs, day=day)
    f, extract, cases, docs = (
        collected.facts,
        collected.extract,
        collected.cases,
        collected.docs,
    )
    renderer, laid = Renderer(), []
    for i, doc in enumerate(docs):
        say(f"Dàn trang: {doc.label}", i, len(docs) + 2)
        laid.append(renderer.layout(doc.html))
    title = f"Hồ sơ thi đua năm {f.year.year} — {f.cluster.name}"
    say("Trang xác thực", len(docs), len(docs) + 2)
    titles = {c["id"]: _case_title(app, c, f) for c in cases}
    mark = PREVIEW_MARK if collected.preview else ""  # on every page, these too
    last = renderer.layout(
        _verification_html(title, extract, cases, titles, collected.previous, mark)
    )
    ranges, first = [], 2  # page 1 is the contents
    for doc, layout in zip(docs, laid, strict=True):
        ranges.append((doc.label, first, first + len(layout.pages) - 1))
        first += len(layout.pages)
    ranges.append(("Phụ lục: xác thực hồ sơ điện tử", first, first + len(last.pages) - 1))
    say("Danh mục hồ sơ", len(docs) + 1, len(docs) + 2)
    contents = renderer.layout(_contents_html(title, f, ranges, mark))
    if len(contents.pages) > 1:  # a long contents shifts every document: number again
        shift = len(contents.pages) - 1
        ranges = [(label, a + shift, b + shift) for label, a, b in ranges]
        contents = renderer.layout(_contents_html(title, f, ranges, mark))
    digest = hashlib.sha256(TEMPLATE_VERSION.encode())
    for doc in docs:
        digest.update(doc.html.encode())
    digest.update(extract.events + extract.manifest)
    say("Ghi tệp PDF/A-3b", len(docs) + 2, len(docs) + 2)
    pdf = write_pdf(
        [contents, *laid, last],
        title=title,
        author=f.cluster.name,
        when=_instant(extract.checkpoint.taken_at),
        identifier=digest.digest()[:16],
        attachments=[
            (EXTRACT, extract.events, "Bản trích sự kiện của hồ sơ, kèm mắt xích chuỗi băm"),
            (MANIFEST, extract.manifest, "Điểm kiểm tra chuỗi băm của hồ sơ"),
        ],
    )
    return Rendered(
        pdf, extract.checkpoint, extract, ranges, collected.previous, f.cluster.id, f.year.year
    )


def _instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso) if iso else datetime(1970, 1, 1)


def _contents_html(title: str, f: YearFacts, ranges: list[tuple[str, int, int]], mark: str) -> str:
    proposal = f.proposal
    decisions = []
    if proposal is not None:
        for (award, unit), granted in sorted(proposal.decisions.items(), key=str):
            rule = f.year.regulation.award(award)
            decisions.append((rule.name, f.name(unit), granted))
    return html_of(
        "documents/contents.html",
        doc_title=title,
        title=title,
        cluster=f.cluster.name,
        year=f.year.year,
        ranges=ranges,
        proposal=proposal,
        decisions=decisions,
        preview_mark=mark,
    )


def _case_title(app: ThiduaApplication, case: dict[str, str], f: YearFacts) -> str:
    """A covered case as a person names it (its id follows as the reference)."""
    if case["kind"] == "year":
        return f"Năm thi đua {f.year.year} của {f.cluster.name}"
    return f"Đợt sơ kết: {load_campaign(app, UUID(case['id'])).title}"


def _verification_html(
    title: str,
    extract: Extract,
    cases: list[dict[str, str]],
    titles: dict[str, str],
    previous: Previous | None,
    mark: str,
) -> str:
    manifest_sha = hashlib.sha256(extract.manifest).hexdigest()
    return html_of(
        "documents/verification.html",
        doc_title=title,
        cp=extract.checkpoint,
        cases=cases,
        titles=titles,
        previous=previous,
        preview_mark=mark,
        files=[
            (EXTRACT, len(extract.events), extract.sha256, f"{extract.count} sự kiện"),
            (MANIFEST, len(extract.manifest), manifest_sha, "điểm kiểm tra"),
        ],
    )
