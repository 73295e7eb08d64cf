"""Hostile input on the JSON API: schemathesis generates requests from
/api/v1/openapi.json (valid and invalid bodies, query strings and path values) and
sends them in-process (WSGI) to the demo site on SQLite.

Properties, for every generated request: no 5xx and no exception escaping the app;
the status, content type and JSON body are the ones the document promises; every 4xx
is a JSON {"code", "message", "fields"?} worded in Vietnamese (not a stack trace, not
the catalogue's "Không thực hiện được thao tác (code)." fallback), every field message
too. Requests go out signed with the token of the role the operation is meant for
(half of them at the demo's real ids, so they reach the service and the domain), and
some with no token at all (401). Afterwards the hash chain still verifies.

Statuses where due: the document says `additionalProperties: false`, so negative cases
carry unknown fields; a body with a field the form does not have is answered 422,
whatever else is wrong with it; a read of an id that does not exist is answered 404
(or 422 for a bad query value), never 200 or 500.

THIDUA_SOAK=1 multiplies the cases by 10.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.audit import chain
from service.platform.app import ThiduaApplication
from tests.reliability.hostile import worded
from tests.reliability.serving import SOAK
from tests.web.examples import examples, read_values
from tests.web.site import Demos, Site

PER_OPERATION = 8 * (10 if SOAK else 1)  # per generation mode
UNKNOWN_PER_OPERATION = 3 * (10 if SOAK else 1)
UNKNOWN_FIELDS = ("unit", "unit_id", "year_id", "actor", "x")  # e.g. another unit's id
UNAUTHENTICATED = 80 * (10 if SOAK else 1)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, demos: Demos) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("hostile-api")
    yield from demos.site("sqlite", tmp, None)  # the API is used with tokens only


@pytest.fixture(scope="module")
def schema(site: Site) -> Any:
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", site.app)
    # the token is set per request (or left out); generating security headers and
    # cookies only to overwrite them took 40 % of the run
    loaded.config.generation.update(with_security_parameters=False)
    return loaded


def refusal_problem(status: int, content_type: str, raw: bytes) -> str | None:
    """What is wrong with a 4xx answer, or None."""
    if not content_type.startswith("application/json"):
        return f"{status} is not JSON ({content_type})"
    try:
        body = json.loads(raw)
    except ValueError:
        return f"{status} body is not JSON"
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        return f"{status} without a code: {body!r:.200}"
    if not worded(body.get("message")):
        return f"{status} {body['code']}: message not worded in Vietnamese: {body.get('message')!r}"
    for name, messages in (body.get("fields") or {}).items():
        bad = [m for m in messages if not worded(m)]
        if bad:
            return f"{status} {body['code']}: field {name} not worded in Vietnamese: {bad!r}"
    return None


def declared(spec: dict[str, Any]) -> dict[str, set[str]]:
    """operationId → the top-level fields its JSON body may have."""
    found = {}
    for item in spec["paths"].values():
        for op in item.values():
            if not isinstance(op, dict) or "requestBody" not in op:
                continue
            if "application/json" not in op["requestBody"]["content"]:
                continue  # an upload (multipart)
            schema = op["requestBody"]["content"]["application/json"].get("schema", {})
            ref = schema.get("$ref", "")
            if ref:
                schema = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
            found[op["operationId"]] = set(schema.get("properties", {}))
    return found


def with_field(pair: tuple[Any, str]) -> Any:
    """A generated case with one field its form does not have added to its body."""
    case, name = pair
    if isinstance(case.body, dict) and name not in case.body:
        case.body = {**case.body, name: "00000000-0000-4000-8000-000000000000"}
    return case


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def due_problem(
    case: Any, status: int, fields: dict[str, set[str]], real: set[str]
) -> tuple[str | None, str | None]:
    """A status that is not the one due: 422 for unknown fields, 404 for unknown ids
    (a path that matches no route, e.g. an id that is no UUID, is a 404 before all)."""
    op_id = case.operation.definition.raw["operationId"]
    given = case.path_parameters or {}
    ids = [
        given.get(p.name)
        for p in case.operation.path_parameters
        if p.definition.get("schema", {}).get("format") == "uuid"
    ]
    if any(_uuid(v) is None for v in ids):
        return None, None
    body = case.body
    unknown = set(body) - fields[op_id] if op_id in fields and isinstance(body, dict) else set()
    if unknown:
        if status not in (401, 422):
            return f"unknown fields {sorted(unknown)!r:.100} answered {status}", "fields"
        return None, "fields"
    known = {str(_uuid(v)) for v in ids} & real
    if case.method == "GET" and ids and not known:
        if status not in (401, 404, 422):
            return f"unknown id {ids} answered {status}", "ids"
        return None, "ids"
    return None, None


class Tally:
    def __init__(
        self, fields: dict[str, set[str]] | None = None, real: set[str] | None = None
    ) -> None:
        self.cases: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []
        self.fields, self.real = fields or {}, real or set()
        self.due: Counter[str] = Counter()  # requests with unknown fields, unknown ids

    def run(self, case: Any, headers: dict[str, str]) -> None:
        label = case.operation.label
        self.cases[label] += 1
        sent = f"{case.method} {case.formatted_path} query={case.query!r} body={case.body!r:.300}"
        try:
            response = case.call(headers=headers)
        except Exception as e:  # an exception escaping the app: a 500 in production
            self.failures.append(f"{label}: {type(e).__name__}: {e} <- {sent}")
            return
        self.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as e:  # one failure per check
            titles = "; ".join(getattr(f, "title", str(f)) for f in getattr(e, "exceptions", [e]))
            self.failures.append(f"{label}: {response.status_code} {titles} <- {sent}")
            return
        problem, sent_kind = due_problem(case, response.status_code, self.fields, self.real)
        if sent_kind:
            self.due[sent_kind] += 1  # unknown fields or unknown ids sent
        if problem:
            self.failures.append(f"{label}: {problem} <- {sent}")
            return
        if 400 <= response.status_code < 500:
            content_type = (response.headers.get("content-type") or [""])[0]
            problem = refusal_problem(response.status_code, content_type, response.content)
            if problem:
                self.failures.append(f"{label}: {problem} <- {sent}")

    def grouped(self) -> str:
        """Each kind of failure once, with its count and the first request that showed it."""
        seen: dict[str, list[Any]] = {}
        for failure in self.failures:
            kind, _, sent = failure.partition(" <- ")
            seen.setdefault(kind[:160], [0, sent])[0] += 1
        return "\n".join(f"{n} × {kind} <- {sent}" for kind, (n, sent) in seen.items())

    def report(self, title: str, seconds: float) -> str:
        return (
            f"{title}: {sum(self.cases.values())} cases over {len(self.cases)} operations in "
            f"{seconds:.1f} s, {len(self.failures)} failed; statuses {dict(sorted(self.statuses.items()))}"
        )


def generate(strategy: Any, examples_: int, body: Callable[[Any], None]) -> None:
    @settings(
        max_examples=examples_,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # no shrinking: every failing request is listed instead
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        body(case)

    with contextlib.suppress(Unsatisfiable):  # negative mode, nothing there to get wrong
        run()


def test_generated_requests_with_a_token_get_no_5xx_and_worded_refusals(
    site: Site, schema: Any
) -> None:
    known = {op: args for op, (_role, args, _body) in examples(site).items()}
    roles = {op: role for op, (role, _args, _body) in examples(site).items()}
    reads = read_values(site)
    spec = site.app.test_client().get("/api/v1/openapi.json").get_json()
    given = [*reads.values(), *(v for args in known.values() for v in args.values())]
    real = {str(found) for v in given if (found := _uuid(v)) is not None}
    tally, started = Tally(declared(spec), real), time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        op_id = operation.definition.raw["operationId"]
        role = roles.get(op_id, "member" if op_id == "files.upload" else "auditor")
        headers = {"Authorization": f"Bearer {site.tokens[role]}"}
        names = {p.name for p in operation.path_parameters}
        real = {k: v for k, v in {**reads, **known.get(op_id, {})}.items() if k in names}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)
            if real:  # half at the demo's real cases, half at made-up ids
                strategy = st.one_of(
                    operation.as_strategy(generation_mode=mode, path_parameters=real), strategy
                )
            generate(strategy, PER_OPERATION, lambda case, h=headers: tally.run(case, h))
        if op_id in tally.fields:  # valid bodies at the real case, one unknown field added
            valid = operation.as_strategy(
                generation_mode=GenerationMode.POSITIVE,
                **({"path_parameters": real} if real else {}),
            )
            generate(
                st.tuples(valid, st.sampled_from(UNKNOWN_FIELDS)).map(with_field),
                UNKNOWN_PER_OPERATION,
                lambda case, h=headers: tally.run(case, h),
            )
    summary = tally.report("with a token", time.monotonic() - started)
    print(summary, dict(tally.due))
    assert not tally.failures, summary + "\n" + tally.grouped()
    assert sum(tally.cases.values()) >= 1000, summary
    assert tally.due["fields"] >= 100 and tally.due["ids"] >= 30, dict(tally.due)
    app = ThiduaApplication(site.url)
    try:
        report = chain.verify(app)
    finally:
        app.close()
    assert report.ok, report.problem


def test_generated_requests_without_a_token_are_refused_401_in_vietnamese(
    site: Site, schema: Any
) -> None:
    tally, started = Tally(), time.monotonic()
    before = site.head()
    generate(schema.as_strategy(), UNAUTHENTICATED, lambda case: tally.run(case, {}))
    summary = tally.report("without a token", time.monotonic() - started)
    print(summary)
    assert not tally.failures, summary + "\n" + tally.grouped()
    assert set(tally.statuses) <= {200, 401}, summary  # 200: the OpenAPI document itself
    assert site.head() == before
