"""The ingest API: editors push items; anyone reads one item as their view allows."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Mapping
from typing import Any

import orjson
from aiohttp import web

from feeds.formats import EXTENSIONS, Format, find_format
from feeds.view import Entry
from wire.bulk import Input, Report, import_lines, split_lines
from wire.errors import (
    BadRequest,
    Conflict,
    FieldProblem,
    Gone,
    InvalidInput,
    NewswireError,
    NotFound,
    PayloadTooLarge,
    RequestTimeout,
    UndecodableBody,
    UnsupportedMediaType,
)
from wire.http_bodies import read_body, stream_body
from wire.ingest import check_names_once
from wire.item_json import item_json
from wire.model import Item, Status, Story
from wire.rules import EDITOR_RULES, Audience, is_visible, seen_at, seen_before_withdrawal
from wire.service import SERVICE, Service
from wire.store import HIDDEN_REASON, Outcome, Refused, Stored
from wire.text import UTF8_BOM, clean_line, is_utf8, shows_nothing

JSON_TYPE = "application/json"
NDJSON_TYPE = "application/x-ndjson"
LIST_FIELDS = ("section", "limit")
LIST_DEFAULT = 20
LIST_MAX = 100
REASON_MAX = 500  # characters of a withdrawal's public reason


async def post_items(request: web.Request) -> web.Response:
    """POST /v1/items: a JSON object or array of them, all stored or none (201 with each stored item); or NDJSON,
    one item per line, each stored or refused on its own (200 with the result of every line)."""
    service = request.app[SERVICE]
    service.editor(request)
    refuse_query(request.query)
    if request.content_type == NDJSON_TYPE:
        return await _post_bulk(request, service)
    if request.content_type != JSON_TYPE:
        raise UnsupportedMediaType(
            f"send items as {JSON_TYPE} or {NDJSON_TYPE}, not {request.content_type or 'no type'}"
        )
    doc = await read_json(request)
    stories = service.normaliser.stories(doc)
    results = await service.store.put(stories, atomic=True)
    refused = [r for r in results if isinstance(r, Refused)]
    if refused:
        raise conflict_of(refused, stories if isinstance(doc, list) else None)
    stored = [r for r in results if isinstance(r, Stored)]
    for result in stored:
        service.observer.count("ingest", result.outcome.value)
    docs = [editor_item_json(service, r.item) for r in stored]
    changed = any(r.outcome is not Outcome.UNCHANGED for r in stored)
    status = 201 if changed else 200
    if isinstance(doc, list):
        return json_response(docs, status=status)
    headers = {"Location": service.viewer.urls.item_api(stored[0].item.id)}
    return json_response(docs[0], status=status, headers=headers)


async def _post_bulk(request: web.Request, service: Service) -> web.Response:
    limits = service.config.server
    failures: list[NewswireError] = []
    lines = split_lines(stream_body(request, limits.max_bulk_bytes), max_line_bytes=limits.max_body_bytes)
    report = await import_lines(_until_failure(lines, failures), service.bulk_writers, max_lines=limits.max_bulk_lines)
    for outcome, n in report.counts.items():
        service.observer.count("ingest", outcome, n)
    if failures:
        raise _failed_after(failures[0], report)
    if report.past_limit:
        too_many = f"holds more than {limits.max_bulk_lines} lines; send the rest in another request"
        raise _failed_after(InvalidInput.one("(body)", too_many), report)
    return json_response(report.as_json())


# What a bulk's body may meet as it streams in, after some of its lines were stored: it came too slowly, it passed
# its limit, or it was not, whole, in its content coding.
_BODY_FAILURES = (RequestTimeout, PayloadTooLarge, UndecodableBody)


async def _until_failure(lines: AsyncIterator[Input], failures: list[NewswireError]) -> AsyncIterator[Input]:
    """The lines of a bulk's body up to a failure of the body, which goes into `failures`: the complete lines read
    before it are stored as any others (a line it cut is not read)."""
    try:
        async for line in lines:
            yield line
    except _BODY_FAILURES as failure:
        failures.append(failure)


def _failed_after(failure: NewswireError, report: Report) -> NewswireError:
    """The problem of a bulk whose body failed, with the report of the lines read before: those stay stored, and
    the client is told which they are."""
    failure.detail += (
        f"; lines read before: {report.lines}, each stored or refused as `results` says"
        if report.lines
        else "; no line was read before"
    )
    failure.members.update(report.as_json())
    return failure


async def withdraw_item(request: web.Request) -> web.Response:
    """POST /v1/items/{id}/withdraw with {"reason": ...}: the story leaves every feed and item endpoint at once."""
    service = request.app[SERVICE]
    service.editor(request)
    refuse_query(request.query)
    if request.can_read_body and request.content_type != JSON_TYPE:
        raise UnsupportedMediaType(f'send {{"reason": "..."}} as {JSON_TYPE}, not {request.content_type or "no type"}')
    doc = await read_json(request) if request.can_read_body else None
    if not isinstance(doc, dict):
        raise InvalidInput.one("reason", 'is required: send {"reason": "..."}')
    unknown = [key for key in doc if key != "reason"]
    if unknown:
        raise InvalidInput.one(unknown[0], "unknown field (known: reason)")
    reason = doc.get("reason")
    if not isinstance(reason, str) or shows_nothing(clean_line(reason)):
        raise InvalidInput.one("reason", "is required and must be a non-empty string")
    if len(reason) > REASON_MAX:
        raise InvalidInput.one("reason", f"is {len(reason)} characters long; the limit is {REASON_MAX}")
    item = await service.store.withdraw(request.match_info["id"], clean_line(reason))
    return json_response(editor_item_json(service, item))


def refuse_query(query: Mapping[str, str]) -> None:
    """A write takes no query: a field put there (`?dry_run=true`, as pages take it) would go unread, and the write
    be made all the same."""
    InvalidInput.refuse_unread(
        query, lambda _: "unknown query field (this endpoint takes none: its fields go in the body)"
    )


async def list_items(request: web.Request) -> web.Response:
    """GET /v1/items?section=[&limit=] (editors): the section's newest published items, newest first, as editors
    see them (every agency's; an embargoed item once its embargo ends). Never cached."""
    service = request.app[SERVICE]
    service.editor(request)
    section, limit = _list_query(request.query, service)
    window = service.publisher.window(EDITOR_RULES)
    items = await service.store.newest(section, window, limit=limit, held_too=True)  # embargoed ones too
    doc = {"section": section, "items": [editor_item_json(service, item) for item in items]}
    return json_response(doc)


def _list_query(query: Mapping[str, str], service: Service) -> tuple[str, int]:
    known = ", ".join(LIST_FIELDS)
    problems = [FieldProblem(k, f"unknown query field (known: {known})") for k in query if k not in LIST_FIELDS]
    section = query.get("section", "")
    if not section:
        problems.append(FieldProblem("section", "is required"))
    elif section not in service.config.sections:
        configured = ", ".join(sorted(service.config.sections))
        problems.append(FieldProblem("section", f"unknown section {section!r} (configured: {configured})"))
    text = query.get("limit", str(LIST_DEFAULT))
    # ASCII digits only: str.isdigit() also holds for '²', which int() refuses.
    limit = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else 0
    if not 1 <= limit <= LIST_MAX:
        problems.append(FieldProblem("limit", f"must be a whole number from 1 to {LIST_MAX}"))
    if problems:
        raise InvalidInput(problems)
    return section, limit


async def get_versions(request: web.Request) -> web.Response:
    """GET /v1/items/{id}/versions (editors): every version, oldest first."""
    service = request.app[SERVICE]
    service.editor(request)
    history = await service.store.history(request.match_info["id"])
    if not history:
        raise NotFound(f"no item {request.match_info['id']!r}")
    return json_response([editor_item_json(service, item) for item in history])


async def get_item(request: web.Request) -> web.Response:
    """GET /v1/items/{id}[.{ext}]: the item as the caller may see it (editors see everything), as JSON or in a
    format that renders single items (`.newsml`, `.ninjs`)."""
    service = request.app[SERVICE]
    item_id, fmt = _split_ref(request.match_info["ref"], request.query.get("version"))
    item = await service.store.get(item_id)
    editor = service.is_editor(request)
    if editor:
        if item is None:
            raise NotFound(f"no item {item_id!r}")
        if item.status is Status.CANCELED and fmt is None:
            return json_response(editor_item_json(service, item))
        rules = EDITOR_RULES
        entry = service.viewer.entry(item, rules)
        assert entry is not None  # noqa: S101 - editors see every item
    else:
        audience = await service.audience(request)
        rules = audience.rules
        entry = await audience_entry(service, audience, item, item_id)
    assert item is not None  # noqa: S101 - NotFound was raised otherwise
    if fmt is None:
        return json_response(editor_item_json(service, item) if editor else item_json(item, entry))
    assert fmt.render_item is not None  # noqa: S101 - _split_ref only returns formats that render items
    feed = service.viewer.feed(item.story.section, [item], rules, empty_since=service.store.created)
    body = fmt.render_item(feed, entry)
    return web.Response(body=body, headers={**NO_STORE, "Content-Type": fmt.item_content_type})


def _split_ref(ref: str, version: str | None) -> tuple[str, Format | None]:
    """`abc.newsml` -> ("abc", the NewsML format); `abc` -> ("abc", None). Ids never end in a format extension."""
    stem, dot, extension = ref.rpartition(".")
    if not dot or extension not in EXTENSIONS:
        return ref, None
    fmt = find_format(extension, version)
    if fmt is None or fmt.render_item is None:
        raise NotFound(f"items are not served as {extension}{f' version {version}' if version else ''}")
    return stem, fmt


async def audience_entry(service: Service, audience: Audience, item: Item | None, item_id: str) -> Entry:
    """The entry `audience` may see of `item`; NotFound for anything it may not see (nothing is revealed). Gone
    for a withdrawn item the audience had seen, even if a version crediting an agency it has no licence for hid
    it first, and for one such a version took from it after it had seen it (a copy it holds must be taken down as
    well): to one that never could (another section, such an agency from the start, an embargo or delay not yet
    over when it was withdrawn or hidden), it never was."""
    missing = NotFound(f"no item {item_id!r}")
    if item is None or not any(audience.may_read(s) for s in item.story.sections):
        raise missing
    if item.status is Status.CANCELED:
        if await _seen_before_removal(service, item, audience):
            raise Gone(f"item {item_id!r} was withdrawn")
        raise missing
    entry = service.viewer.entry(item, audience.rules)
    if entry is None and await _seen_before_removal(service, item, audience):
        raise Gone(f"item {item_id!r} is {HIDDEN_REASON}")
    if entry is None or not is_visible(item, audience.rules, service.clock()):
        raise missing
    return entry


async def _seen_before_removal(service: Service, item: Item, audience: Audience) -> bool:
    """Whether a withdrawn item, or one the audience may not see at all, had been out for it: before its
    withdrawal, or before the version that hid it by crediting an agency it may not see at all (that last version
    it could see, in a section it reads, by that version's own times: the hiding one may have moved them)."""
    rules = audience.rules
    if service.viewer.entry(item, rules) is not None:
        return seen_before_withdrawal(item, rules)
    versions = await service.store.history(item.id)
    for later, version in itertools.pairwise(reversed(versions)):  # newest first
        if service.viewer.entry(version, rules) is not None:  # the last version they could see, and when it went
            listed = any(audience.may_read(s) for s in version.story.sections)
            return listed and seen_at(version, rules, later.version_created)
    return False


def editor_item_json(service: Service, item: Item) -> dict[str, Any]:
    """The item as editors see it, with what the server derived rather than was given (`derived`): a correction
    that sent those back as its own would keep them from being derived from the corrected text."""
    entry = service.viewer.entry(item, EDITOR_RULES)
    assert entry is not None  # noqa: S101 - full rules see every item
    doc = item_json(item, entry)
    story = item.story
    doc["derived"] = {
        "summary": story.summary is None and entry.summary is not None,
        # Found in the text when stored, and not given by the editor: a credit given stays the editor's, also
        # when its agency is named in the text (a correction that rewords the text must not lose it).
        "credits": list(story.found_credits),
    }
    return doc


async def read_json(request: web.Request) -> Any:
    """The request body as JSON; BadRequest saying where it is malformed, InvalidInput naming the fields it gives
    twice in one object."""
    raw = (await read_body(request)).removeprefix(UTF8_BOM)  # RFC 8259 8.1: a byte-order mark may be ignored
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if not is_utf8(raw):
            raise BadRequest("the body is not UTF-8 (RFC 8259 8.1: JSON exchanged between systems is)") from None
        raise BadRequest(f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    check_names_once(raw, doc)
    return doc


# What the API answers depends on who asks (an editor sees embargoed text, a partner its licensed agencies) and
# changes with every push: no cache may keep it, though some (nginx, by default) keep authenticated answers.
NO_STORE = {"Cache-Control": "no-store"}


def json_response(doc: object, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    body = orjson.dumps(doc)
    headers = NO_STORE if headers is None else {**NO_STORE, **headers}
    return web.Response(status=status, body=body, content_type=JSON_TYPE, charset="utf-8", headers=headers)


def conflict_of(refused: list[Refused], array: list[Story] | None) -> Conflict:
    """The 409 for the stories of a push that the store refused, each named by its field (in an array, with the
    item's position, where its id is there once)."""
    positions: dict[str, list[int]] = {}
    for index, story in enumerate(array or ()):
        positions.setdefault(story.id, []).append(index)

    def field(r: Refused) -> str:
        at = positions.get(r.story_id, [])
        return f"[{at[0]}].{r.field}" if len(at) == 1 else r.field

    problems = [FieldProblem(field(r), r.error.detail) for r in refused]
    return Conflict("; ".join(r.error.detail for r in refused), problems=problems)
