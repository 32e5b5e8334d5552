"""Publishing: feed documents rendered once per change and served from memory as bytes.

A document is keyed by (section, format, rules): audiences with equal rules share it. A change to a section
drops that section's documents; a document also knows the next instant at which an item hidden by an embargo or
a delay comes out, and is rebuilt from then on without any write having to happen.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from feeds.formats import Format
from feeds.view import Link
from wire.config import Config
from wire.rules import Rules, excluded_agencies
from wire.store import Clock, FeedQuery, Store
from wire.views import Viewer

# Documents with more entries than this are rendered in a worker thread, off the event loop.
_RENDER_INLINE_MAX = 20


@dataclass(frozen=True, slots=True)
class Rendered:
    """A document ready to send: its bytes, their gzip form, and the validators."""

    body: bytes
    gzipped: bytes
    etag: str  # strong, quoted; derived from the bytes, so equal content gives an equal tag across restarts
    last_modified: datetime
    content_type: str
    expires: datetime | None  # when an embargo or delay ends and the document must be rebuilt


def rendered(body: bytes, *, content_type: str, last_modified: datetime, expires: datetime | None) -> Rendered:
    digest = hashlib.sha256(body).hexdigest()[:32]
    # mtime=0: the gzip form depends on the bytes only, so it is as stable as the ETag.
    gzipped = gzip.compress(body, compresslevel=6, mtime=0)
    return Rendered(body, gzipped, f'"{digest}"', last_modified, content_type, expires)


_Key = tuple[str, str, Rules]


class Publisher:
    """Builds and caches feed documents."""

    def __init__(self, config: Config, store: Store, viewer: Viewer, clock: Clock) -> None:
        self._config = config
        self._store = store
        self._viewer = viewer
        self._clock = clock
        self._cache: dict[_Key, Rendered] = {}
        self._building: dict[_Key, asyncio.Future[Rendered]] = {}
        self._generation: dict[str, int] = {}

    def invalidate(self, sections: Iterable[str]) -> None:
        """Forget the documents of `sections`: called after every committed change."""
        for section in set(sections):
            self._generation[section] = self._generation.get(section, 0) + 1
            for key in [k for k in self._cache if k[0] == section]:
                del self._cache[key]

    async def feed(self, section: str, fmt: Format, rules: Rules) -> Rendered:
        """The document of `section` in `fmt` under `rules`, from memory when it is current."""
        key = (section, fmt.key, rules)
        cached = self._cache.get(key)
        if cached is not None and (cached.expires is None or cached.expires > self._clock()):
            return cached
        building = self._building.get(key)
        if building is not None:
            return await asyncio.shield(building)
        future: asyncio.Future[Rendered] = asyncio.get_running_loop().create_future()
        self._building[key] = future
        try:
            generation = self._generation.get(section, 0)
            document = await self._build(section, fmt, rules)
            if self._generation.get(section, 0) == generation:
                self._cache[key] = document
            future.set_result(document)
            return document
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # the waiters, if any, re-raise it; nobody else needs to see it
            raise
        finally:
            del self._building[key]

    async def _build(self, section: str, fmt: Format, rules: Rules) -> Rendered:
        now = self._clock()
        query = FeedQuery(
            section=section,
            now=now,
            limit=self._config.feeds.page_size,
            delay_seconds=int(rules.delay.total_seconds()),
            exclude_credits=excluded_agencies(rules, self._viewer.agencies),
        )
        items = await self._store.feed(query)
        expires = await self._store.next_visible(query)
        links = (Link("hub", self._viewer.urls.hub()),)
        view = self._viewer.feed(section, items, rules, empty_since=self._store.created, links=links)
        if len(view.entries) > _RENDER_INLINE_MAX:
            body = await asyncio.to_thread(fmt.render, view)
        else:
            body = fmt.render(view)
        return rendered(body, content_type=fmt.content_type, last_modified=view.updated, expires=expires)
