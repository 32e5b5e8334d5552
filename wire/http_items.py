"""The ingest API: editors push items; anyone reads one item as their view allows."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from feeds.view import Entry
from wire.errors import BadRequest, Conflict, Gone, NotFound, UnsupportedMediaType
from wire.item_json import item_json
from wire.model import Item, Status
from wire.rules import EDITOR_RULES, Audience, is_visible
from wire.service import SERVICE, Service
from wire.store import Outcome, Refused, Stored

JSON_TYPE = "application/json"


async def post_items(request: web.Request) -> web.Response:
    """POST /v1/items: a JSON object or array of them; 201 with each stored item, or an error that stores nothing."""
    service = request.app[SERVICE]
    service.editor(request)
    if request.content_type != JSON_TYPE:
        raise UnsupportedMediaType(f"send the items as {JSON_TYPE}, not {request.content_type or 'no type'}")
    doc = await read_json(request)
    stories = service.normaliser.stories(doc)
    results = await service.store.put(stories, atomic=True)
    refused = [r for r in results if isinstance(r, Refused)]
    if refused:
        raise _conflict(refused)
    stored = [r for r in results if isinstance(r, Stored)]
    service.publisher.invalidate(s for r in stored if r.outcome is not Outcome.UNCHANGED for s in r.item.story.sections)
    docs = [editor_item_json(service, r.item) for r in stored]
    changed = any(r.outcome is not Outcome.UNCHANGED for r in stored)
    status = 201 if changed else 200
    if isinstance(doc, list):
        return json_response(docs, status=status)
    headers = {"Location": service.viewer.urls.item_api(stored[0].item.id)}
    return json_response(docs[0], status=status, headers=headers)


async def get_item(request: web.Request) -> web.Response:
    """GET /v1/items/{id}: the item as the caller may see it (editors see everything)."""
    service = request.app[SERVICE]
    item = await service.store.get(request.match_info["id"])
    if service.is_editor(request):
        if item is None:
            raise NotFound(f"no item {request.match_info['id']!r}")
        return json_response(editor_item_json(service, item))
    entry = audience_entry(service, service.audience(request), item, request.match_info["id"])
    assert item is not None  # noqa: S101 - audience_entry raised NotFound otherwise
    return json_response(item_json(item, entry))


def audience_entry(service: Service, audience: Audience, item: Item | None, item_id: str) -> Entry:
    """The entry `audience` may see of `item`; NotFound for anything it may not see (nothing is revealed)."""
    missing = NotFound(f"no item {item_id!r}")
    if item is None:
        raise missing
    if item.status is Status.CANCELED:
        raise Gone(f"item {item_id!r} was withdrawn")
    if not any(audience.may_read(s) for s in item.story.sections):
        raise missing
    if not is_visible(item, audience.rules, service.clock()):
        raise missing
    entry = service.viewer.entry(item, audience.rules)
    if entry is None:
        raise missing
    return entry


def editor_item_json(service: Service, item: Item) -> dict[str, Any]:
    entry = service.viewer.entry(item, EDITOR_RULES)
    assert entry is not None  # noqa: S101 - full rules see every item
    return item_json(item, entry)


async def read_json(request: web.Request) -> Any:
    """The request body as JSON; BadRequest saying where it is malformed."""
    raw = await request.read()
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        raise BadRequest("the body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BadRequest(f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


def json_response(doc: object, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    body = json.dumps(doc, ensure_ascii=False).encode()
    return web.Response(status=status, body=body, content_type=JSON_TYPE, charset="utf-8", headers=headers)


def _conflict(refused: list[Refused]) -> Conflict:
    if len(refused) == 1:
        return refused[0].error
    return Conflict("; ".join(r.error.detail for r in refused))
