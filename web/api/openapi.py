"""The OpenAPI 3 document of /api/v1, built from the same actions and schemas.

Dates: request bodies accept dd/mm/yyyy or ISO 8601 (yyyy-mm-dd); responses give ISO
dates. Decimals: strings ("9,5" or "9.5"; responses "9.5"). Ids: UUIDs, written
hyphenated in every answer, taken hyphenated or as 32 hex digits. A body field the
form does not have, in a nested row too, is refused (422, the field named). As of:
`?as_of=2025-06-30` (or 30/06/2025) gives what counted by that day, with the names,
parents and memberships of that day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from service.platform.uploads import EXTENSIONS
from web.shell.actions import Action, dated
from web.shell.fields import Day, Dec, EntryForm

PREFIX = "/api/v1"
Read = tuple[str, Callable[..., Any], str, str]  # rule, function, summary, tag

AS_OF_READS = ("year", "standings", "poll", "review_progress", "units", "unit")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
ERRORS = {
    "401": "Chưa đăng nhập hoặc mã truy cập không hợp lệ",
    "403": "Không có quyền (auth.forbidden); không có gì được lưu",
    "404": "Không tìm thấy",
    "409": "Nghiệp vụ không cho phép (mã lỗi và thông báo)",
    "422": "Dữ liệu không hợp lệ: thông báo theo từng trường",
}


def _name(schema: Any) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    return f"{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__}"


DATED: dict[type, type] = {}


def _dated(schema: type) -> type:
    """The action's schema with the entry's fields (on, late_reason) among its own: one
    object, so "no other field" (additionalProperties false) holds for the whole body
    (an allOf of two closed objects would accept no body at all)."""
    if schema not in DATED:
        DATED[schema] = type(f"{schema.__name__}Dated", (schema, EntryForm), {})
        DATED[schema].__module__ = schema.__module__
    return DATED[schema]


def _path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    params = []
    for kind, name in PARAM.findall(rule):
        schema = {"type": "string", "format": "uuid"} if kind == "uuid" else {"type": "string"}
        params.append({"in": "path", "name": name, "required": True, "schema": schema})
    return PREFIX + PARAM.sub(r"{\2}", rule), params


def _read_ok(fn: Any) -> dict[str, Any]:
    """A read's 200 by what it returns: a JSON array, a JSON object or a stored file."""
    returns = str(fn.__annotations__.get("return", ""))
    if returns.startswith(("list", "dict")):
        kind = "array" if returns.startswith("list") else "object"
        schema = {"type": kind, **({"items": {"type": "object"}} if kind == "array" else {})}
        return {"description": "OK", "content": {"application/json": {"schema": schema}}}
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"description": "Tệp (tải về)", "content": {t: binary for t in EXTENSIONS}}


def _responses(ok: dict[str, Any], *codes: str) -> dict[str, Any]:
    out: dict[str, Any] = {"200": ok}
    for code in codes:
        out[code] = {
            "description": ERRORS[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return out


def document(actions: tuple[tuple[str, Action], ...], reads: tuple[Read, ...]) -> dict[str, Any]:
    plugin = MarshmallowPlugin(schema_name_resolver=_name)
    spec = APISpec(
        title="thidua API",
        version="1",
        openapi_version="3.0.3",
        plugins=[plugin],
        info={"description": __doc__},
        servers=[{"url": "/"}],
        security=[{"bearerAuth": []}, {"cookieAuth": [], "csrfHeader": []}],
    )
    plugin.map_to_openapi_type(Dec, "string", None)
    plugin.map_to_openapi_type(Day, "string", None)
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme(
        "cookieAuth", {"type": "apiKey", "in": "cookie", "name": "thidua_session"}
    )
    spec.components.security_scheme(
        "csrfHeader", {"type": "apiKey", "in": "header", "name": "X-CSRFToken"}
    )
    spec.components.schema(
        "Error",
        {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    )
    ok = {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}
    for blueprint, action in sorted(actions, key=lambda ba: ba[1].rule):
        path, params = _path(action.rule)
        body: dict[str, Any] = {"schema": action.schema}
        if dated(action):  # its date (on) and late reason, beside the action's own fields
            body["schema"] = _dated(action.schema)
        if "example" in action.extra:
            body["example"] = action.extra["example"]
        spec.path(
            path=path,
            parameters=params or None,
            operations={
                "post": {
                    "operationId": f"{blueprint}.{action.name}",
                    "summary": str(action.title),
                    "tags": [action.tag or blueprint],
                    "requestBody": {"required": True, "content": {"application/json": body}},
                    "responses": _responses(ok, "401", "403", "404", "409", "422"),
                }
            },
        )
    for rule, fn, summary, tag in reads:
        path, params = _path(rule)
        extra: list[dict[str, Any]] = []
        if fn.__name__ in AS_OF_READS:
            extra = [
                {
                    "in": "query",
                    "name": "as_of",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": (
                        "Như tại: một ngày (2025-06-30 hoặc 30/06/2025: theo ngày mỗi thao tác"
                        " được tính, với tên, cấp trên và thành viên của ngày đó), một thời"
                        " điểm ISO 8601 (giờ Việt Nam nếu không ghi múi giờ) hoặc vị trí trong"
                        " nhật ký (số)"
                    ),
                }
            ]
        if fn.__name__ == "timeline":
            extra = [
                {"in": "query", "name": n, "required": False, "schema": {"type": "string"}}
                for n in ("case_id", "actor_unit", "actor_account", "kind")
            ] + [
                {
                    "in": "query",
                    "name": "limit",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
                }
            ]
        spec.path(
            path=path,
            parameters=(params + extra) or None,
            operations={
                "get": {
                    "operationId": f"get.{fn.__name__}",
                    "summary": summary,
                    "tags": [tag],
                    "responses": _responses(_read_ok(fn), "401", "403", "404", "409", "422"),
                }
            },
        )
    spec.path(
        path=PREFIX + "/uploads",
        operations={
            "post": {
                "operationId": "files.upload",
                "summary": "Lưu một tệp (PDF, DOCX, XLSX, PNG, JPEG)",
                "tags": ["files"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {"file": {"type": "string", "format": "binary"}},
                            }
                        }
                    },
                },
                "responses": {
                    "201": ok,
                    **{k: v for k, v in _responses(ok, "401", "422").items() if k != "200"},
                },
            }
        },
    )
    spec.path(
        path=PREFIX + "/openapi.json",
        operations={
            "get": {
                "operationId": "get.openapi",
                "summary": "Tài liệu OpenAPI này",
                "tags": ["meta"],
                "security": [],
                "responses": {"200": ok},
            }
        },
    )
    built = spec.to_dict()
    for name, schema in built["components"]["schemas"].items():
        if name != "Error" and "properties" in schema:  # the API refuses what it does not know
            schema["additionalProperties"] = False
    return built
