"""Publishing: feed documents rendered once per change and served from memory as bytes.

A document is keyed by (section, format, rules, page): audiences with equal rules share it. The store tells the
publisher which sections every commit touched, and those sections' documents are dropped; a document also knows
the next instant at which an item held back by an embargo or a delay comes out, and is rebuilt from then on
without any write having to happen.

Pages (RFC 5005): the current document holds the newest `page_size` items; archive documents hold one UTC day of
the section each, linked `prev-archive`/`next-archive`; the change log (`?cursor=`, `?since=`) lists what changed,
oldest first, each item once, withdrawals included.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import re
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import brotli

from feeds.formats import Format
from feeds.view import Feed, Link
from wire.answers import Answer
from wire.config import Config
from wire.errors import InvalidInput, NotFound
from wire.model import Item
from wire.rules import Rules, excluded_agencies, public_audience
from wire.store import Clock, Cursor, Store, Window
from wire.views import Viewer

# Documents with more entries than this are rendered in a worker thread, off the event loop.
_RENDER_INLINE_MAX = 20
# A complete archive day changes only if an item of that day is corrected or withdrawn.
ARCHIVE_MAX_AGE = 86_400
_DAY = timedelta(days=1)


# Every answer varies with these request headers: the coding, and the audience a key names.
_VARY = "Accept-Encoding, Authorization"
# Each coding is its own representation, its ETag the identity's with a suffix.
_TAG_SUFFIX = {"identity": "", "gzip": "-gz", "br": "-br"}


@dataclass(frozen=True, slots=True)
class Rendered:
    """A document ready to send: its bytes in each coding, and what its headers are made from.

    The ETag is strong and derived from the bytes, so equal content gives an equal tag across restarts; each
    coding is its own representation with its own tag (`-gz`, `-br`). A cache holds thousands of documents, each
    for as long as its section stays unchanged, so a document keeps only what no other document shares: its
    bodies, its tag, its Link header and its times; the headers are written out once per answer it gives.
    """

    codings: dict[str, bytes]  # identity, gzip, br
    tag: str  # the opaque part of the identity ETag (without quotes)
    content_type: str  # the format's, shared by its documents
    link: str  # the Link header: self, and the pages and archives
    last_modified: datetime
    expires: datetime | None  # when an embargo or delay ends and the document must be rebuilt
    max_age: int | None = None  # Cache-Control max-age, when not the configured default
    kept: bool = True  # held in the cache (an archive of a day without a story is not: any day may be asked for)
    # Answers written ahead, by (coding, max-age, shared, modified, dated): made on first use only, as most documents
    # are only ever asked for in one coding.
    prepared: dict[tuple[str, int, bool, bool, bool], Answer] = field(default_factory=dict)

    def body_in(self, coding: str) -> bytes:
        return self.codings[coding]

    @property
    def body(self) -> bytes:
        return self.codings["identity"]

    @property
    def etag(self) -> str:
        return self.etag_in("identity")

    def etag_in(self, coding: str) -> str:
        return f'"{self.tag}{_TAG_SUFFIX[coding]}"'

    def matches(self, tag: str, coding: str) -> bool:
        """Whether `tag` (quoted, without `W/`: If-None-Match compares weakly) names this document in `coding`,
        the representation the request selects (RFC 9110 13.1.2): a copy kept in another coding is another
        representation, which a cache could not update from a 304 naming this one."""
        return tag == self.etag_in(coding)

    def answer(self, coding: str, max_age: int, shared: bool, *, modified: bool, dated: bool) -> Answer:
        """The answer to a poll: the whole document in `coding` with every header (Last-Modified if `dated`) for a
        200, or what a 304 carries (ETag, Vary, Cache-Control)."""
        key = (coding, max_age, shared, modified, dated)
        answer = self.prepared.get(key)
        if answer is None:
            if modified:
                headers = {"Content-Type": self.content_type}
                if dated:
                    headers["Last-Modified"] = format_datetime(self.last_modified, usegmt=True)
                headers.update(Vary=_VARY, Link=self.link, ETag=self.etag_in(coding))
                if coding != "identity":
                    headers["Content-Encoding"] = coding
            else:
                headers = {"ETag": self.etag_in(coding), "Vary": _VARY}
            headers["Cache-Control"] = self.cache_control(max_age, shared)
            answer = Answer.of(200 if modified else 304, headers, self.codings[coding] if modified else b"")
            self.prepared[key] = answer
        return answer

    def cache_control(self, max_age: int, shared: bool) -> str:
        """How long caches may keep the document: `max_age` (the section's), or the document's own. A shared cache
        keeps one of its own (a complete archive day) no longer than the section's: what a withdrawal took from it,
        or a story filed late added to it, reaches every reader behind a shared cache within that time, while a
        reader's own client keeps the day."""
        if self.max_age is None:
            return f"{'public' if shared else 'private'}, max-age={max_age}"
        if shared:
            return f"public, max-age={self.max_age}, s-maxage={min(max_age, self.max_age)}"
        return f"private, max-age={self.max_age}"

    @property
    def size(self) -> int:
        """Bytes of memory this document holds: every coding, its tag, Link and times, and the answers written so
        far (whose bodies are the codings), with the objects that hold them (what /metrics reports as the cache's
        size)."""
        held: list[object] = [self, self.codings, self.tag, self.link, self.prepared, self.last_modified]
        if self.expires is not None:
            held.append(self.expires)
        held += self.codings.values()
        for key, answer in self.prepared.items():
            held += [key, answer, answer.head]
        return sum(sys.getsizeof(thing) for thing in held)


def rendered(
    body: bytes,
    fmt: Format,
    feed: Feed,
    *,
    modified: datetime,
    expires: datetime | None = None,
    max_age: int | None = None,
    kept: bool = True,
) -> Rendered:
    codings = {
        "identity": body,
        # mtime=0: the gzip form depends on the bytes only, so it is as stable as the ETag.
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
        # A 256 KiB window is enough for a feed document, and far cheaper in memory than the 4 MiB default.
        "br": brotli.compress(body, quality=5, lgwin=18),
    }
    links = ", ".join(
        f'<{link.resolve(fmt.extension, fmt.variant)}>; rel="{link.rel}"' for link in (feed.self_link, *feed.links)
    )
    tag = hashlib.sha256(body).hexdigest()[:32]
    return Rendered(codings, tag, fmt.content_type, links, modified, expires, max_age, kept)


_Key = tuple[str, str, Rules, str]
# Documents dropped whose tag and time are remembered at most (about 200 bytes each).
_BEFORE_MAX = 100_000
_Builder = Callable[[], Awaitable[Rendered]]


class Publisher:
    """Builds and caches feed documents."""

    def __init__(self, config: Config, store: Store, viewer: Viewer, clock: Clock) -> None:
        self._config = config
        self._store = store
        self._viewer = viewer
        self._clock = clock
        self._public = public_audience(config)
        self._cache: dict[_Key, Rendered] = {}
        self._building: dict[_Key, tuple[asyncio.Future[Rendered], int]] = {}  # with the generation it builds
        self._generation: dict[str, int] = {}
        # The ETag and Last-Modified of each document dropped since it was last rendered: a document rendered
        # again with the same bytes keeps its time (a change its audience cannot see is no change to it).
        self._before: dict[_Key, tuple[str, datetime]] = {}
        self.hits = 0
        self.misses = 0
        store.on_change(self.invalidate)

    @property
    def documents(self) -> int:
        return len(self._cache)

    @property
    def cached_bytes(self) -> int:
        """Bytes of memory the cache holds: its documents, and its index (the table and each key's own parts;
        the section, format and rules in a key are the configuration's)."""
        index = sys.getsizeof(self._cache) + sum(
            sys.getsizeof(key) + (sys.getsizeof(key[3]) if key[3] else 0) for key in self._cache
        )
        return index + sum(document.size for document in self._cache.values())

    def invalidate(self, sections: frozenset[str]) -> None:
        """Forget the documents of `sections`: called after every committed change."""
        for section in sections:
            self._generation[section] = self._generation.get(section, 0) + 1
        for key in [k for k in self._cache if k[0] in sections]:
            dropped = self._cache.pop(key)
            self._before[key] = (dropped.tag, dropped.last_modified)
        while len(self._before) > _BEFORE_MAX:  # the oldest first: what was dropped longest ago
            del self._before[next(iter(self._before))]

    async def current(self, section: str, fmt: Format, rules: Rules) -> Rendered:
        """The section's newest items."""
        return await self._cached((section, fmt.key, rules, ""), lambda: self._current(section, fmt, rules))

    def in_memory(self, section: str, fmt: Format, rules: Rules) -> Rendered | None:
        """The section's newest items if they are rendered and current, without waiting; None otherwise."""
        return self._fresh((section, fmt.key, rules, ""))

    async def archive(self, section: str, fmt: Format, rules: Rules, day: date, page: int = 1) -> Rendered:
        """The section's items published on one UTC day: the newest `[feeds] archive_max_items` of them, or the
        `page`th so many (a day with more items has a page for each so many, older and older)."""
        key = (section, fmt.key, rules, day.isoformat() if page == 1 else f"{day.isoformat()}/{page}")
        return await self._cached(key, lambda: self._archive(section, fmt, rules, day, page))

    async def changes(self, section: str, fmt: Format, rules: Rules, after: Cursor | None) -> Rendered:
        """What changed in the section after `after`, oldest first (never cached: each cursor is its own)."""
        window = self.window(rules)
        changes = await self._store.changes(section, window, after=after, limit=self._config.feeds.page_size)
        items = [c.item for c in changes if c.item.status.value == "usable"]
        withdrawn = [c.item for c in changes if c.item.status.value == "canceled"]
        links = [self._hub(), Link("current", self._base(section), per_format=True)]
        # The position after this page's last change. A page with none has no `next`: it would be this page again
        # (JSON Feed forbids that; a reader following `next` to the end would never stop); it is polled again.
        if changes:
            last = encode_cursor(changes[-1].cursor)
            links.append(Link("next", self._base(section), query=f"cursor={last}", per_format=True))
        query = f"cursor={encode_cursor(after)}" if after else ""
        return await self._render(fmt, section, rules, window, items, withdrawn, links=links, query=query, sync=True)

    def _fresh(self, key: _Key) -> Rendered | None:
        """The cached document under `key` unless an embargo or delay has ended since it was rendered."""
        cached = self._cache.get(key)
        if cached is None or (cached.expires is not None and cached.expires <= self._clock()):
            return None
        self.hits += 1
        return cached

    async def _cached(self, key: _Key, build: _Builder) -> Rendered:
        cached = self._fresh(key)
        if cached is not None:
            return cached
        self.misses += 1
        generation = self._generation.get(key[0], 0)
        building = self._building.get(key)
        # A build begun before the section's last change would answer with what that change replaced.
        if building is not None and building[1] == generation:
            return await asyncio.shield(building[0])
        future: asyncio.Future[Rendered] = asyncio.get_running_loop().create_future()
        mine = (future, generation)
        self._building[key] = mine
        try:
            document = self._dated(key, await build())
            if self._generation.get(key[0], 0) == generation and document.kept:
                self._cache[key] = document
                self._before.pop(key, None)
            future.set_result(document)
            return document
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # the waiters, if any, re-raise it; nobody else needs to see it
            raise
        finally:
            if self._building.get(key) is mine:  # not yet replaced by a build of a later generation
                del self._building[key]

    def _dated(self, key: _Key, document: Rendered) -> Rendered:
        """`document` with the Last-Modified it has for its audience, given the one rendered before it under `key`
        (if this process has one): unchanged bytes keep the time they had, whatever was stored meanwhile (an
        embargoed item, one whose agency or delay keeps it from this audience); changed bytes that the items' own
        times do not account for (an item that left the section, or this audience's view) changed now."""
        cached = self._cache.get(key)
        before = (cached.tag, cached.last_modified) if cached is not None else self._before.get(key)
        if before is None:
            return document
        tag, modified = before
        if document.tag == tag:
            return document if document.last_modified == modified else replace(document, last_modified=modified)
        if document.last_modified <= modified:
            return replace(document, last_modified=max(modified, self._clock()))
        return document

    async def _current(self, section: str, fmt: Format, rules: Rules) -> Rendered:
        window = self.window(rules)
        page_size = self._config.feeds.page_size
        items = await self._store.newest(section, window, limit=page_size)
        kept_for = timedelta(days=self._config.feeds.tombstone_days)
        withdrawn = await self._store.withdrawn(section, window, limit=page_size, withdrawn_since=window.now - kept_for)
        # The last tombstone to leave the document changed it then: without that moment, a process started since
        # would date the document by the items left in it, earlier than a reader polling by date was last told.
        gone = await self._store.withdrawn(section, window, limit=1, withdrawn_until=window.now - kept_for)
        hidden = await self._store.hidden_since(section, window)
        # A full page lost whatever a correction moved older than its oldest item; a page with room holds them all.
        moved = (
            await self._moved_out(section, rules, window, items, withdrawn, items[-1].published, None)
            if len(items) == page_size
            else None
        )
        links = [self._hub(), *self._external_hubs(section, fmt, rules)]
        if items:
            older, _ = await self._store.published_near(section, window, items[-1].published)
            if older is not None:
                links.append(self._archive_link(section, "prev-archive", older.date()))
        expires = await self._store.next_visible(section, window)
        if withdrawn:  # the document changes when its oldest tombstone's days are over
            tombstone_ends = min(item.version_created for item in withdrawn) + kept_for
            expires = tombstone_ends if expires is None else min(expires, tombstone_ends)
        return await self._render(
            fmt,
            section,
            rules,
            window,
            items,
            withdrawn,
            links=links,
            expires=expires,
            changed_since=_latest(gone[0].version_created + kept_for if gone else None, hidden, moved),
        )

    async def _archive(self, section: str, fmt: Format, rules: Rules, day: date, page: int) -> Rendered:
        window = self.window(rules)
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        end = start + _DAY if day < date.max else None  # the last day a datetime can hold has none after it
        limit = self._config.feeds.archive_max_items
        pages = await self._pages(section, window, start, end)
        if page > pages:
            raise NotFound(f"the archive of {day.isoformat()} has {pages} page{'s' if pages > 1 else ''}")
        items = await self._store.newest(
            section, window, limit=limit, offset=(page - 1) * limit, published_from=start, published_before=end
        )
        withdrawn = (
            await self._store.withdrawn(section, window, limit=limit, published_from=start, published_before=end)
            if page == 1
            else []
        )
        links = [self._hub(), Link("current", self._base(section), per_format=True)]
        # Older and older: the day's pages in turn, then the day before (its newest page).
        if page < pages:
            links.append(self._archive_link(section, "prev-archive", day, page + 1))
        else:
            before, _ = await self._store.published_near(section, window, start)
            if before is not None:
                links.append(self._archive_link(section, "prev-archive", before.date()))
        if page > 1:
            links.append(self._archive_link(section, "next-archive", day, page - 1))
        else:
            _, after = await self._store.published_near(section, window, end) if end else (None, None)
            if after is not None:
                next_start = datetime(after.year, after.month, after.day, tzinfo=UTC)
                next_end = next_start + _DAY if after.date() < date.max else None
                next_pages = await self._pages(section, window, next_start, next_end)
                links.append(self._archive_link(section, "next-archive", after.date(), next_pages))
        hidden = await self._store.hidden_since(section, window, published_from=start, published_before=end)
        moved = await self._moved_out(section, rules, window, items, withdrawn, start, end)
        # Rebuilt when an item of the section comes out for this audience (an embargo or a delay ending): it may be
        # one of this day's, or the first of a day this one links to.
        expires = await self._store.next_visible(section, window)
        # A day is complete once it is over for this audience (its delay too): a correction, a withdrawal, a story
        # filed late or one whose embargo ends changes it then. Not whether one of its stories is still under
        # embargo: the audience cannot see that one, and its documents must not tell it (a shared cache keeps the
        # day no longer than the current document, so the story reaches its readers as soon when it comes out). A
        # day without a story is no archive to keep for a day: nothing links it, and a late-filed story may fill it.
        complete = end is not None and end <= window.now - rules.delay and bool(items or withdrawn)
        return await self._render(
            fmt,
            section,
            rules,
            window,
            items,
            withdrawn,
            links=links,
            query=_archive_query(day, page),
            archive=complete,  # marked as an archive (RFC 5005: it no longer changes) only once it is complete
            expires=expires,
            max_age=ARCHIVE_MAX_AGE if complete else None,
            changed_since=_latest(hidden, moved),
            kept=bool(items or withdrawn),
        )

    async def _moved_out(
        self,
        section: str,
        rules: Rules,
        window: Window,
        items: Sequence[Item],
        withdrawn: Sequence[Item],
        start: datetime,
        end: datetime | None,
    ) -> datetime | None:
        """When a correction last moved a story's publication time out of the range from `start` to `end` that a
        document holds, if after the items in it changed: the document lost the story then, and without that
        moment a process started since would date it by the items left in it, earlier than a reader polling by
        date was last told (If-Modified-Since would then keep the story at its old place)."""
        dated = modified_at(items, withdrawn, rules, since=self._store.created, now=window.now)
        return await self._store.moved_out_at(section, window, published_from=start, published_before=end, since=dated)

    async def _pages(self, section: str, window: Window, start: datetime, end: datetime | None) -> int:
        """How many archive pages the day from `start` to `end` has (one at least, even empty)."""
        count = await self._store.count(section, window, published_from=start, published_before=end)
        return max(1, -(-count // self._config.feeds.archive_max_items))

    async def _render(
        self,
        fmt: Format,
        section: str,
        rules: Rules,
        window: Window,
        items: Sequence[Item],
        withdrawn: Sequence[Item],
        *,
        links: Sequence[Link],
        query: str = "",
        archive: bool = False,
        sync: bool = False,
        expires: datetime | None = None,
        max_age: int | None = None,
        changed_since: datetime | None = None,
        kept: bool = True,
    ) -> Rendered:
        """The document of `items` and the tombstones of `withdrawn` for `rules`, dated when it last changed for
        them (`modified_at`; not before `changed_since`, a change no item in it shows): its view shaped, rendered
        and compressed. CPU work, done in a worker thread for all but small documents, so that the event loop
        keeps answering polls meanwhile."""
        created = self._store.created
        since = created if changed_since is None else max(created, changed_since)
        modified = modified_at(items, withdrawn, rules, since=since, now=window.now)

        def work() -> Rendered:
            view = self._viewer.feed(
                section,
                items,
                rules,
                empty_since=created,
                withdrawn=withdrawn,
                links=links,
                query=query,
                archive=archive,
                sync=sync,
                updated=modified,
            )
            return rendered(fmt.render(view), fmt, view, modified=modified, expires=expires, max_age=max_age, kept=kept)

        if len(items) > _RENDER_INLINE_MAX:
            return await asyncio.to_thread(work)
        return work()

    def window(self, rules: Rules) -> Window:
        """What `rules` may see now: the same window every document for these rules is built from."""
        return Window(
            now=self._clock(),
            delay_seconds=int(rules.delay.total_seconds()),
            exclude_credits=excluded_agencies(rules, self._viewer.agencies),
        )

    def _base(self, section: str) -> str:
        return self._viewer.urls.feed_base(section)

    def _hub(self) -> Link:
        return Link("hub", self._viewer.urls.hub())

    def _external_hubs(self, section: str, fmt: Format, rules: Rules) -> list[Link]:
        """The other hubs (`[websub] external_hubs`), named in the public's current documents in the readers'
        formats: those the hubs are pinged for, and fetch as the public does."""
        if not fmt.for_readers or rules != self._public.rules or section not in self._public.sections:
            return []
        return [Link("hub", hub) for hub in self._config.websub.external_hubs]

    def _archive_link(self, section: str, rel: str, day: date, page: int = 1) -> Link:
        return Link(rel, self._base(section), query=_archive_query(day, page), per_format=True)


def _latest(*instants: datetime | None) -> datetime | None:
    """The latest of the instants given, None when none is."""
    given = [instant for instant in instants if instant is not None]
    return max(given) if given else None


def _archive_query(day: date, page: int = 1) -> str:
    """The query naming an archive page: its day, and its page when not the first."""
    return f"archive={day.isoformat()}" + (f"&page={page}" if page > 1 else "")


# A position's time in seconds, and its sequence number: up to 2**63 - 1, a signed 64-bit integer as both stores
# keep it (since_cursor's 2**62, after every change of its second, has 19 digits).
_CURSOR = re.compile(r"^v1\.(\d{1,12})\.(\d{1,19})$")
_SEQ_MAX = 2**63 - 1


def encode_cursor(cursor: Cursor) -> str:
    """An opaque, URL-safe form of a change-log position."""
    return base64.urlsafe_b64encode(f"v1.{cursor.at}.{cursor.seq}".encode()).decode().rstrip("=")


def decode_cursor(text: str) -> Cursor:
    """Read back `encode_cursor`; InvalidInput naming `cursor` for anything else."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        raw = ""
    found = _CURSOR.match(raw)
    if found is None or int(found.group(2)) > _SEQ_MAX:
        raise InvalidInput.one("cursor", "is not a cursor this server gave out")
    return Cursor(int(found.group(1)), int(found.group(2)))


def modified_at(
    items: Sequence[Item], withdrawn: Sequence[Item], rules: Rules, *, since: datetime, now: datetime
) -> datetime:
    """A document's Last-Modified: the latest moment at which one of its `items` or `withdrawn` items changed
    for these rules (a version stored, its embargo or the audience's delay over, a withdrawal), not before
    `since` and never after `now`. An item's `updated` is the editor's word and is no such moment: it may be
    earlier than the version's storing (a correction dated when it was written) or ahead of the clock, and a
    reader asking If-Modified-Since would then miss a change."""
    latest = since
    for item in items:
        # Out for these rules: its publication time plus their delay is past, and cannot overflow.
        latest = max(latest, item.version_created, item.published + rules.delay)
        if item.story.embargo is not None:
            latest = max(latest, item.story.embargo)
    for item in withdrawn:
        latest = max(latest, item.version_created)
    return min(latest, now)


def since_cursor(instant: datetime) -> Cursor:
    """The position just before every change at or after `instant`."""
    return Cursor(int(instant.timestamp()) - 1, 2**62)
