"""Raw page ingest: POST /v1/pages takes the text of a scraped news page and stores its article and headlines."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import web

from wire.config import SourceConfig, is_language_tag
from wire.copyright import Notice
from wire.errors import BadRequest, FieldProblem, InvalidInput, UnsupportedMediaType
from wire.http_bodies import read_body
from wire.http_items import conflict_of, editor_item_json, json_response
from wire.model import Item, Kind, Status, Story, stored_form
from wire.pages import HeadlineDraft, Page, PageError, derived_id, page_key, parse_page
from wire.service import SERVICE, Service
from wire.store import Current, Outcome, Plan, Planned, Refused, Stored, plan_version
from wire.text import text_to_html
from wire.timestamps import Found

TEXT_TYPE = "text/plain"
QUERY_FIELDS = ("source", "section", "title", "published", "id", "language", "dry_run")
# Pages longer than this are parsed in a worker thread, off the event loop.
_THREAD_CHARS = 32_768
# How a field of the article's document is named to the editor: the query field, or the page itself.
_ARTICLE_FIELDS = {"headline": "title", "body": "(body)"}


@dataclass(frozen=True, slots=True)
class PageQuery:
    """The query of a page push, checked: every problem is named by its query field."""

    source: str
    section: str
    title: str | None
    published: str | None
    id: str | None
    language: str | None  # of the article and headlines: a page in another language than its source's
    dry_run: bool

    @classmethod
    def read(cls, query: Mapping[str, str], service: Service) -> PageQuery:
        known = ", ".join(QUERY_FIELDS)
        problems = [FieldProblem(k, f"unknown query field (known: {known})") for k in query if k not in QUERY_FIELDS]
        source = _required(query, "source", service.config.sources, problems)
        section = _required(query, "section", service.config.sections, problems)
        dry_run = query.get("dry_run", "false")
        if dry_run not in ("true", "false"):
            problems.append(FieldProblem("dry_run", "must be true or false"))
        language = query.get("language", "").strip() or None
        if language is not None and not is_language_tag(language):
            problems.append(FieldProblem("language", f"{language[:40]!r} is not a BCP 47 language tag such as 'ar'"))
        if problems:
            raise InvalidInput(problems)
        return cls(
            source=source,
            section=section,
            title=query.get("title"),
            published=query.get("published"),
            id=query.get("id"),
            language=language,
            dry_run=dry_run == "true",
        )


def _required(query: Mapping[str, str], key: str, known: Mapping[str, object], problems: list[FieldProblem]) -> str:
    value = query.get(key, "").strip()
    if not value:
        problems.append(FieldProblem(key, "is required"))
    elif value not in known:
        problems.append(FieldProblem(key, f"unknown {key} {value!r} (configured: {', '.join(sorted(known))})"))
    return value


async def post_page(request: web.Request) -> web.Response:
    """POST /v1/pages?source=&section=[&title=&published=&id=&language=&dry_run=]: a page as text/plain (UTF-8).

    201 with every item made and what was left out, all stored or none (but those withdrawn before, which stay
    withdrawn, and those the store holds in a newer version than the page's, which stay as they are: both are
    listed); 200 when nothing changed or with `dry_run=true` (nothing is stored). A page that holds no article is
    refused with 422 naming `(body)`.
    """
    service = request.app[SERVICE]
    service.editor(request)
    charset = (request.charset or "utf-8").lower()
    if request.content_type != TEXT_TYPE or charset not in _CHARSETS:
        given = request.headers.get("Content-Type", "no type")
        raise UnsupportedMediaType(f"send the page as {TEXT_TYPE}; charset=utf-8, not {given[:100]}")
    query = PageQuery.read(request.query, service)
    text = await _read_text(request, _CHARSETS[charset], given=request.charset is not None)
    now = service.clock()
    source = service.config.sources[query.source]
    key = page_key(query.source, text)
    seen = await service.store.page_lines(query.source, excluding=key)
    page = await _parse(text, source, service, now, seen)
    stories = page_stories(service, query, page, now)
    stored_before = await _stored(service, stories)
    # A withdrawn story stays withdrawn: a site goes on listing its headline on page after page, and the page's
    # other items must still come in.
    withdrawn = [s.id for s in stories if (item := stored_before.get(s.id)) and item.status is Status.CANCELED]
    # A story the store holds in a newer version than the page's (an editor's correction made since) stays as it
    # is: the page is older news of it, and the page's other items (the new headlines of its next scrape) must
    # still come in.
    newer = await _newer_in_store(service, stories, stored_before, now)
    stories = [s for s in stories if s.id not in withdrawn and s.id not in newer]
    if query.dry_run:
        results = _plan(stories, stored_before, now)
    else:
        results = await service.store.put(stories, atomic=True) if stories else []
    refused = [r for r in results if isinstance(r, Refused)]
    if refused:
        raise conflict_of(refused, None)
    stored = [r for r in results if isinstance(r, Stored)]
    changed = [r for r in stored if r.outcome is not Outcome.UNCHANGED]
    if not query.dry_run:
        for result in stored:
            service.observer.count("ingest", result.outcome.value)
    if not query.dry_run:
        await service.store.remember_page_lines(query.source, key, page.lines_to_remember)
    status = 201 if changed and not query.dry_run else 200
    return json_response(_answer(service, query, page, stored, withdrawn, newer), status=status)


# The charsets a page is read in, by the names a Content-Type gives them: UTF-8, and US-ASCII (which is UTF-8 too,
# if the bytes keep to it).
_CHARSETS = {"utf-8": "UTF-8", "utf8": "UTF-8", "us-ascii": "US-ASCII", "ascii": "US-ASCII"}


async def _read_text(request: web.Request, charset: str, *, given: bool) -> str:
    """The body in `charset`: the one its Content-Type `given`, or else UTF-8, which a page must then be in."""
    raw = await read_body(request)
    try:
        # A byte-order mark at the start is no part of the page; US-ASCII has none.
        return raw.decode("utf-8-sig" if charset == "UTF-8" else "ascii")
    except UnicodeDecodeError:
        said = "as its Content-Type says" if given else "as a page must be when its Content-Type names no charset"
        raise BadRequest(f"the body is not {charset}, {said}") from None


async def _parse(text: str, source: SourceConfig, service: Service, now: datetime, seen: frozenset[str]) -> Page:
    credits = service.normaliser.credits
    try:
        if len(text) > _THREAD_CHARS:
            return await asyncio.to_thread(
                lambda: parse_page(text, source=source, credits=credits, now=now, seen_lines=seen)
            )
        return parse_page(text, source=source, credits=credits, now=now, seen_lines=seen)
    except PageError as exc:
        raise InvalidInput.one("(body)", str(exc)) from None


def page_stories(service: Service, query: PageQuery, page: Page, now: datetime) -> list[Story]:
    """The page's article and headlines as Stories, through the normaliser that reads every pushed item."""
    # The story's rights are the holder's its copyright line under it names (an agency's), else the site's; the
    # headlines of the site's lists are the site's.
    rights = _rights(page.notice)
    # Credits its text names are found in it again by the normaliser (derived: a correction finds them anew);
    # those a line beside the story gave ("(AFP)" alone) are given, as an editor's would be: that line is no part
    # of the text a correction rewords.
    article = {
        "id": query.id or derived_id(query.source, Kind.ARTICLE, page.article.text),
        "kind": Kind.ARTICLE.value,
        "section": query.section,
        "source": query.source,
        "headline": query.title if query.title is not None else page.article.headline,
        "body": text_to_html(page.article.text),
        "published": query.published if query.published is not None else _as_written(page.article.published),
        "updated": _as_written(page.article.updated),
        "byline": page.article.byline,
        "credits": [code for code in page.article.credits if code in page.article.signed],
        "rights": _rights(page.article.notice or page.notice),
        "language": query.language,
    }
    problems: list[FieldProblem] = []
    stories: list[Story] = []
    try:
        stories.append(service.normaliser.story(article, now=now))
    except InvalidInput as exc:
        problems.extend(FieldProblem(_ARTICLE_FIELDS.get(p.field, p.field), p.reason) for p in exc.problems)
    for draft in page.headlines:
        try:
            stories.append(service.normaliser.story(_headline_doc(query, draft, rights), now=now))
        except InvalidInput as exc:
            reasons = "; ".join(f"{p.field}: {p.reason}" for p in exc.problems)
            problems.append(FieldProblem("(body)", f"headline on line {draft.line} ({draft.text!r}): {reasons}"))
    if problems:
        raise InvalidInput(problems)
    return stories


def _rights(notice: Notice | None) -> dict[str, str | None] | None:
    return {"holder": notice.holder, "notice": notice.text} if notice else None


def _headline_doc(query: PageQuery, draft: HeadlineDraft, rights: dict[str, str | None] | None) -> dict[str, Any]:
    return {
        "id": derived_id(query.source, Kind.HEADLINE, draft.text),
        "kind": Kind.HEADLINE.value,
        "section": query.section,
        "source": query.source,
        "headline": draft.text,
        "published": _as_written(draft.time),
        "rights": rights,
        "language": query.language,
    }


def _as_written(time: Found | None) -> str | None:
    """A time of the page as the page writes it (one written without its date, with the date it took: "2024-03-12
    16h30"): the normaliser reads it again to the same instant, and keeps it as its provenance."""
    return time.reading.text if time else None


async def _stored(service: Service, stories: Sequence[Story]) -> dict[str, Item]:
    """The stored items of `stories`, by id (those stored before)."""
    items = await asyncio.gather(*(service.store.get(story.id) for story in stories))
    return {item.id: item for item in items if item is not None}


async def _newer_in_store(
    service: Service, stories: Sequence[Story], stored: Mapping[str, Item], now: datetime
) -> list[str]:
    """The ids of `stories` that the store holds in a newer version than the page gives (see `_is_older_news`)."""
    changing = [
        (story, item)
        for story in stories
        if (item := stored.get(story.id)) is not None
        and item.status is Status.USABLE
        and not _changes_nothing(story, item, now)
    ]
    older = await asyncio.gather(*(_is_older_news(service, story, item, now) for story, item in changing))
    return [story.id for (story, _), old in zip(changing, older, strict=True) if old]


async def _is_older_news(service: Service, story: Story, item: Item, now: datetime) -> bool:
    """Whether the page's `story` is older than the stored `item`: updated before it (the store's rule, which
    refuses it as a roll-back), or, for a page that prints no update's time, the same as a version stored before
    it (the page repeats what the store has moved on from)."""
    if story.updated is not None and story.updated < item.updated:
        return True
    if item.version == 1:
        return False
    earlier = (await service.store.history(story.id))[:-1]
    return any(_changes_nothing(story, version, now) for version in earlier)


def _changes_nothing(story: Story, item: Item, now: datetime) -> bool:
    """Whether `story` pushed onto `item` would change nothing, as the store decides it (a version that does not
    restate its publication time keeps the item's, for one)."""
    planned = plan_version(story, _current(item), now=now, seq=0)
    return isinstance(planned, Planned) and planned.outcome is Outcome.UNCHANGED


def _plan(stories: Sequence[Story], stored: Mapping[str, Item], now: datetime) -> list[Stored | Refused]:
    """What storing `stories` would do against the items `stored`, storing nothing (a dry run)."""
    state = {item.id: _current(item) for item in stored.values()}
    return Plan(state, seq=0, now=now).push(stories, atomic=True)


def _current(item: Item) -> Current:
    """An item stored before, as the store plans a version against it."""
    return Current(item, stored_form(item.story)[1])


def _answer(
    service: Service,
    query: PageQuery,
    page: Page,
    stored: Sequence[Stored],
    withdrawn: Sequence[str],
    newer: Sequence[str],
) -> dict[str, Any]:
    notice = page.article.notice or page.notice
    return {
        "dry_run": query.dry_run,
        "items": [editor_item_json(service, r.item) for r in stored],
        "outcomes": {r.item.id: r.outcome.value for r in stored},
        "withdrawn": list(withdrawn),
        "newer": list(newer),
        "removed": [{"line": r.line, "reason": r.reason.value, "text": r.text} for r in page.removed],
        "rights": {"holder": notice.holder, "year": notice.year} if notice else None,
    }
