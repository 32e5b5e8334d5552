"""The shared store: PostgreSQL through asyncpg, for several server instances (and machines) on one database.

The schema, the visibility arithmetic and the change log are those of the SQLite store (`store_sqlite`), so both
pass one test suite. What differs is what sharing needs:

- Writes go through one writer task per instance that groups the requests waiting at that moment into one
  transaction (group commit), acknowledged only once committed. Every write transaction first takes one
  transaction-level advisory lock, then numbers its versions from the highest `seq` + 1. Writers of every
  instance therefore commit one at a time, and `seq` order is commit order: a reader that has seen seq N has seen
  every version below N, and none is ever committed behind a change-log cursor already given out. (A sequence
  would hand numbers out at call time, and a transaction that took 11 could commit after one that took 12.)
  The version time is never earlier than the last committed one, so the log stays in order even when the
  instances' clocks disagree by a little.
- Each write transaction ends with `pg_notify('newswire_changes', ...)`, delivered to every instance on commit,
  and only on commit. Every instance LISTENs on a connection of its own and tells its change listeners; its own
  commits it tells at once, and their notification it ignores. When that connection drops, the listeners forget
  every section (a change may have been missed) and again once it is back; it reconnects by itself, with backoff.
  Beside it, the end of the change log is read through the pool a few times a second (each notification names the
  last seq of its commit): when a commit one read saw has not been notified by the next, notifications are being
  missed (a listening session that hangs, or that cannot reconnect while the pool still reaches the database), so
  every section is forgotten, and the listener, if it seems connected, is connected anew.
- The pool of connections is bounded (`pool_size`), and every call is bounded in time. While the database cannot
  be reached, calls raise `Unavailable` (503, with Retry-After); the pool, the writer task and the listener
  recover on their own when it returns.
- Migrations apply at start in one transaction under an advisory lock, so instances starting together apply each
  exactly once; `schema_migrations` records them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

import asyncpg
import orjson

from wire._store_rows import (
    ITEM_COLUMNS,
    SUBSCRIPTION_COLUMNS,
    Push,
    PushOnce,
    Remember,
    Withdraw,
    epoch,
    instant,
    instant_or_none,
    item_from_row,
    item_row,
    items_from_rows,
    latest_versions,
    move_rows,
    plan_once,
    plan_write,
    section_rows,
    subscription_from_row,
    version_row,
    written_ids,
)
from wire.config import DATABASE_URL_ENV, host_cut_short, unreadable_url
from wire.errors import ConfigError, NewswireError, Unavailable
from wire.model import Item, Story
from wire.store import (
    BOILERPLATE_PAGES,
    RECEIPT_KEEP_SECONDS,
    SETTLE_SECONDS,
    Change,
    ChangeListener,
    Clock,
    Current,
    Cursor,
    Delivery,
    Plan,
    Planned,
    Receipt,
    Refused,
    Stored,
    Subscription,
    Token,
    Window,
    as_removed,
    newer_schema,
    utc_now,
)

log = logging.getLogger("wire.store")

CHANNEL = "newswire_changes"
# Advisory lock keys (one bigint space per database): applying migrations, and writing the change log.
_MIGRATE_LOCK = 0x6E77_0001
_WRITE_LOCK = 0x6E77_0002

# Requests grouped into one transaction at most; bounded so that one commit stays short.
_MAX_BATCH = 2000
# A NOTIFY payload must stay under 8000 bytes; past this many, the notification says "every section".
_MAX_PAYLOAD = 7000
# The listener connection is checked this often, and reconnected with a backoff up to the last figure.
_LISTEN_CHECK_SECONDS = 5.0
_BACKOFF_FIRST, _BACKOFF_MAX = 0.1, 1.0
# The end of the change log is read this often: a move not followed by a notification by the next read is a miss.
_LOG_WATCH_SECONDS = 0.4
_LOG_END = "SELECT COALESCE(MAX(seq), 0) FROM versions"
# A database that failed a call is told back only once its calls have gone through for this long: while some calls
# fail and others pass (a full disk fails writes only, a locked table the calls that read it), it stays away.
_SETTLED_SECONDS = 3.0
# Rate-limit buckets idle this long are full again and can be forgotten.
_IDLE_BUCKET_SECONDS = 600.0
# How long a session may sit inside a transaction between two statements before the database ends it (and frees
# the write lock every instance takes turns on): a process that died or stopped there.
_IDLE_IN_TRANSACTION_MS = 5000
# Planner statistics are gathered again once the change log has grown by this share (and this many versions)
# since they last were: autovacuum may wait a minute, and a plan made without them after a bulk import reads every
# item of a section to find the newest few.
_ANALYZE_GROWTH, _ANALYZE_MIN_VERSIONS = 0.1, 5000

_FROM_ITEMS = "FROM item_sections s JOIN items i ON i.id = s.item_id"
_FROM = f"{_FROM_ITEMS} JOIN versions v ON v.seq = i.seq"  # with the stored story, for queries that return items

# Errors that mean the database cannot be reached or cannot serve now, rather than a fault of the request.
_AWAY = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.OperatorInterventionError,
    asyncpg.InsufficientResourcesError,
    # A standby, or a primary set read-only: a failover the URL has not followed yet. It takes writes again once
    # the name leads to the primary, on a session opened anew (`_connection` ends this one).
    asyncpg.ReadOnlySQLTransactionError,
)


def unavailable(exc: BaseException, *, writing: bool = False) -> Unavailable:
    """The 503 that tells a client the database is away, and that retrying soon is the thing to do."""
    detail = f"the database is unavailable ({_reason(exc)}); retry in a few seconds, the service reconnects by itself"
    if writing:
        # A commit cut off by a lost connection may have happened; a push of the same items is then unchanged.
        detail += "; pushing the same items again is safe"
    return Unavailable(detail)


# What no retry mends: the login refused, no such database, a URL that cannot be read.
_MISCONFIGURED = (
    asyncpg.InvalidAuthorizationSpecificationError,
    # The role may not make or read the tables: PostgreSQL 15 lets only the database's owner create in `public`.
    asyncpg.InsufficientPrivilegeError,
    asyncpg.InvalidCatalogNameError,
    asyncpg.ClientConfigurationError,
    ValueError,
    OverflowError,
)


def _misconfigured(url: str, exc: BaseException) -> ConfigError:
    """The message for a store that cannot be opened as configured: what it said, never the URL's password."""
    try:
        where = where_is(url)
    except ValueError:
        where = "the URL given"
    unread = not isinstance(exc, asyncpg.PostgresError)
    said = f"the URL cannot be read ({unreadable_url(url, exc)})" if unread else str(exc)
    if isinstance(exc, asyncpg.InsufficientPrivilegeError):
        said += " (the role of the URL must own the database, as `createdb --owner` makes it, and have made its tables)"
    # The setting the URL came from: the environment's overrides the file's.
    setting = DATABASE_URL_ENV if os.environ.get(DATABASE_URL_ENV) == url else "[storage] url"
    return ConfigError(f"{setting}: cannot open the store at {where}: {said}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "it did not answer in time"
    if isinstance(exc, asyncpg.CannotConnectNowError):
        return "it is starting up or shutting down"
    if isinstance(exc, asyncpg.AdminShutdownError | asyncpg.CrashShutdownError):
        return "it is shutting down"
    if isinstance(exc, asyncpg.QueryCanceledError):
        return "it cancelled the query"
    if isinstance(exc, asyncpg.TooManyConnectionsError):
        return "it has no room for another connection"
    if isinstance(exc, asyncpg.DiskFullError):
        return "it has no room left on its disk"
    if isinstance(exc, asyncpg.InsufficientResourcesError):  # out of memory, or another resource
        return "it is short of resources"
    if isinstance(exc, asyncpg.ReadOnlySQLTransactionError):
        return "it is read-only: a standby, or set so"
    if isinstance(
        exc,
        # InternalClientError: a pooled session left broken, as one the database ended at a restart may be.
        asyncpg.ConnectionDoesNotExistError
        | asyncpg.InterfaceError
        | asyncpg.InternalClientError
        | ConnectionResetError,
    ):
        return "the connection to it was lost"
    return "cannot connect to it"


_Request = Push | PushOnce | Withdraw | Remember


@dataclass(slots=True)
class _Args:
    """Positional parameters ($1, $2, ...) collected while a query is built; a named one is added once, when first
    used (PostgreSQL cannot type a parameter the query never mentions)."""

    values: list[Any] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    def __call__(self, value: Any) -> str:
        self.values.append(value)
        return f"${len(self.values)}"

    def named(self, name: str, value: Any) -> str:
        if name not in self.names:
            self.names[name] = self(value)
        return self.names[name]


@dataclass(frozen=True, slots=True)
class _Audience:
    """The visibility conditions of one window over one section, as SQL fragments over `_FROM`."""

    args: _Args
    window: Window
    where: str  # the section, agency and published-range conditions, each preceded by AND

    @property
    def now(self) -> str:
        return self.args.named("now", epoch(self.window.now))

    @property
    def out(self) -> str:
        """Items out for the window."""
        latest = self.args.named("latest", epoch(self.window.now) - self.window.delay_seconds)
        return f"i.status = 'usable' AND s.published <= {latest} AND (i.embargo IS NULL OR i.embargo <= {self.now})"

    @property
    def visible_from(self) -> str:
        """The instant an item comes out for the window."""
        delay = self.args.named("delay", self.window.delay_seconds)
        return f"GREATEST(i.published + {delay}, COALESCE(i.embargo, 0))"

    @property
    def had_at_old_place(self) -> str:
        """Move `m` took item `i` from the window, which had it at its old time: out by then for the window's delay
        (a move while an embargo held it back dates a document for nothing, never wrongly)."""
        delay = self.args.named("delay", self.window.delay_seconds)
        return f"m.published + {delay} <= m.moved"

    @property
    def seen_then_withdrawn(self) -> str:
        """Withdrawn items that were out for the window before the withdrawal."""
        return f"i.status = 'canceled' AND {self.visible_from} <= i.version_created"


def _audience(
    section: str,
    window: Window,
    args: _Args,
    published_from: datetime | None = None,
    published_before: datetime | None = None,
    *,
    hidden_too: bool = False,
) -> _Audience:
    """The conditions of `window` over `section`. With `hidden_too`, items that a version crediting an agency the
    window may not see took from it after it had them pass too (for the removals: the window must learn that they
    are gone)."""
    where = f" AND s.section = {args(section)}"
    if window.exclude_credits:
        # A withdrawn item the window had seen before a version crediting one of them hid it: its withdrawal is
        # for the window to learn too (a partner's copy must be taken down); with `hidden_too`, so is the hiding.
        seen = _had_it(args, section, window)
        removed = seen if hidden_too else f"i.status = 'canceled' AND {seen}"
        where += f" AND (NOT ({_hidden(args, window.exclude_credits)}) OR ({removed}))"
    if published_from is not None:
        where += f" AND s.published >= {args(epoch(published_from))}"
    if published_before is not None:
        where += f" AND s.published < {args(epoch(published_before))}"
    return _Audience(args, window, where)


def _hidden(args: _Args, codes: Sequence[str]) -> str:
    """Item `i`, as it stands, credits one of the agencies `codes`."""
    return " OR ".join(f"i.credits LIKE {args.named(f'credit:{code}', f'% {code} %')}" for code in codes)


# The embargo of version `w` (of item `i`), from its stored story.
_VERSION_EMBARGO = "EXTRACT(EPOCH FROM (w.doc::jsonb ->> 'embargo')::timestamptz)::bigint"


def _version_published() -> str:
    """The publication time of version `w` of item `i`, as `Item.published` reads it from its stored story: its
    own, else its embargo if that came after the item was first stored, else when the item was first stored."""
    embargo = _VERSION_EMBARGO
    return (
        f"COALESCE(EXTRACT(EPOCH FROM (w.doc::jsonb ->> 'published')::timestamptz)::bigint, "
        f"CASE WHEN {embargo} > i.first_created THEN {embargo} ELSE i.first_created END)"
    )


def _had_it(args: _Args, section: str, window: Window) -> str:
    """Whether `window` had item `i` in `section` before a version crediting an agency it may not see at all hid it
    from the window: the last version that credited none of them listed the section and had come out for the
    window (its own publication time and embargo, as `Item.published` reads them, and the window's delay) by the
    time the next version was stored. Not the item's current times or sections: the hiding version may have
    moved them."""
    delay = args.named("delay", window.delay_seconds)
    out_by = f"GREATEST({_version_published()} + {delay}, COALESCE({_VERSION_EMBARGO}, 0))"
    listed = f"(w.doc::jsonb -> 'sections') ? {args.named('hidden_section', section)}::text"
    last_clean = _last_clean(args, window.exclude_credits)
    return (
        f"EXISTS (SELECT 1 FROM versions w WHERE w.item_id = i.id AND w.version = ({last_clean}) AND {listed} "
        f"AND {out_by} <= ({_next_after('w.version')}))"
    )


def _last_clean(args: _Args, codes: Sequence[str]) -> str:
    """The last version of item `i` that credited none of the agencies `codes`: the one an audience that may not
    see them may have had."""
    named = args.named("hidden_codes", list(codes))
    clean = f"NOT COALESCE((w.doc::jsonb -> 'credits') ?| {named}::text[], false)"
    return f"SELECT MAX(w.version) FROM versions w WHERE w.item_id = i.id AND {clean}"


def _next_after(version: str, column: str = "created") -> str:
    """When the version of item `i` after `version` was stored (with `column` `seq`: its place in the change log)."""
    return f"SELECT MIN(h.{column}) FROM versions h WHERE h.item_id = i.id AND h.version > {version}"


def _hidden_at(args: _Args, codes: Sequence[str], column: str = "created") -> str:
    """When item `i` was hidden from an audience by crediting one of the agencies `codes`: the first version after
    the last one that credited none of them; NULL when every version did. With `column` `seq`, that version's
    place in the change log."""
    return _next_after(f"({_last_clean(args, codes)})", column)


class PostgresStore:
    """The Store on a PostgreSQL database shared by any number of instances. Open it with `open_postgres_store`."""

    def __init__(
        self,
        pool: Any,
        *,
        url: str,
        clock: Clock,
        created: datetime,
        timeout: float,
    ) -> None:
        self.created = created
        self._pool = pool
        self._url = url
        self._clock = clock
        self._timeout = timeout
        self._origin = uuid.uuid4().hex  # tells this instance's notifications from the others'
        self._listeners: list[ChangeListener] = []
        self.commit_failure: str | None = None  # why the last commit failed, until one succeeds
        self._sections: set[str] = set()  # every section read or written here: what a cache may hold
        self._queue: asyncio.Queue[_Request] = asyncio.Queue()
        self._swept = time.monotonic()
        self._away = False
        self._failed_at = 0.0  # when a call last failed because the database was away (monotonic)
        self._failures = 0  # calls failed so since the database was told away
        self._analyzed_seq = 0  # the change log's length when this instance last gathered statistics
        # The change log's end as far as this instance's listeners were told: the last seq a received notification
        # (this instance's own too) carried, or where the log ended when the listener (re)connected.
        self._heard = 0
        self._log_end = 0  # where the log ended at the last read of it
        self._listener_lost: asyncio.Event | None = None  # set to have the listening session connected anew
        self._tasks = [asyncio.create_task(self._write_loop(), name="postgres-writer")]

    async def put(self, stories: Sequence[Story], *, atomic: bool) -> list[Stored | Refused]:
        done: asyncio.Future[list[Stored | Refused]] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(Push(stories, atomic, done))
        return await done

    async def put_once(self, stories: Sequence[Story], token: str, receipt: Receipt) -> str:
        done: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(PushOnce(stories, token, receipt, done))
        return await done

    async def withdraw(self, item_id: str, reason: str) -> Item:
        done: asyncio.Future[Item] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(Withdraw(item_id, reason, done))
        return await done

    async def get(self, item_id: str) -> Item | None:
        if not _storable(item_id):
            return None
        sql = f"SELECT {ITEM_COLUMNS} FROM items i JOIN versions v ON v.seq = i.seq WHERE i.id = $1"
        rows = await self._rows(sql, [item_id])
        return item_from_row(rows[0]) if rows else None

    async def history(self, item_id: str) -> list[Item]:
        if not _storable(item_id):
            return []
        sql = (
            "SELECT v.doc, v.version, v.status, i.first_created, v.created, v.seq, v.withdrawn_reason, v.digest "
            "FROM versions v JOIN items i ON i.id = v.item_id WHERE v.item_id = $1 ORDER BY v.version"
        )
        return [item_from_row(row) for row in await self._rows(sql, [item_id])]

    async def newest(
        self,
        section: str,
        window: Window,
        *,
        limit: int,
        offset: int = 0,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
        held_too: bool = False,
    ) -> list[Item]:
        args = _Args()
        a = self._audience(section, window, args, published_from, published_before)
        out = "i.status = 'usable'" if held_too else a.out
        sql = (
            f"SELECT {ITEM_COLUMNS} {_FROM} WHERE {out}{a.where} "
            f"ORDER BY s.published DESC, s.item_id DESC LIMIT {args(limit)} OFFSET {args(offset)}"
        )
        return await items_from_rows(await self._rows(sql, args.values))

    async def count(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> int:
        args = _Args()
        a = self._audience(section, window, args, published_from, published_before)
        rows = await self._rows(f"SELECT COUNT(*) {_FROM_ITEMS} WHERE {a.out}{a.where}", args.values)
        return int(rows[0][0])

    async def withdrawn(
        self,
        section: str,
        window: Window,
        *,
        limit: int,
        withdrawn_since: datetime | None = None,
        withdrawn_until: datetime | None = None,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> list[Item]:
        args = _Args()
        a = self._audience(section, window, args, published_from, published_before, hidden_too=True)
        since = args(epoch(withdrawn_since)) if withdrawn_since is not None else None
        until = args(epoch(withdrawn_until)) if withdrawn_until is not None else None
        most = args(limit)

        def removals(which: str, removed: str) -> str:
            when = ""
            if since is not None:
                when += f" AND {removed} > {since}"
            if until is not None:
                when += f" AND {removed} <= {until}"
            return (
                f"SELECT {ITEM_COLUMNS}, {removed} AS removed, i.id {_FROM} WHERE {which}{a.where}{when} "
                f"ORDER BY removed DESC, i.id DESC LIMIT {most}"
            )

        sql = removals(a.seen_then_withdrawn, "i.version_created")
        if window.exclude_credits:  # and those hidden from the window after it had them, removed when hidden
            hidden = f"i.status = 'usable' AND ({_hidden(args, window.exclude_credits)})"
            if since is not None:  # an item's latest version is never older than the one that hid it
                hidden += f" AND i.version_created > {since}"
            hiding = removals(hidden, f"({_hidden_at(args, window.exclude_credits)})")
            sql = f"SELECT * FROM (({sql}) UNION ALL ({hiding})) r ORDER BY r.removed DESC, r.id DESC LIMIT {most}"
        rows = await self._rows(sql, args.values)
        items = await items_from_rows(rows)
        return [as_removed(item, window, instant(row[8])) for item, row in zip(items, rows, strict=True)]

    async def published_near(
        self, section: str, window: Window, instant: datetime
    ) -> tuple[datetime | None, datetime | None]:
        args = _Args()
        a = self._audience(section, window, args)
        at = args(epoch(instant))
        # ORDER BY ... LIMIT 1 rather than MAX/MIN: the section's index is walked from `instant` and stops at the
        # first item out for the window.
        sql = (
            f"SELECT (SELECT s.published {_FROM_ITEMS} WHERE {a.out}{a.where} AND s.published < {at} "
            "ORDER BY s.published DESC LIMIT 1), "
            f"(SELECT s.published {_FROM_ITEMS} WHERE {a.out}{a.where} AND s.published >= {at} "
            "ORDER BY s.published LIMIT 1)"
        )
        rows = await self._rows(sql, args.values)
        before, after = rows[0]
        return instant_or_none(before), instant_or_none(after)

    async def changes(self, section: str, window: Window, *, after: Cursor | None, limit: int) -> list[Change]:
        args = _Args()
        a = self._audience(section, window, args, hidden_too=True)
        start = after or Cursor(0, 0)
        settled = args(epoch(window.now) - SETTLE_SECONDS)
        changed_at, changed_seq = f"GREATEST(i.version_created, {a.visible_from})", "i.seq"
        if window.exclude_credits:  # an item hidden from the window after it had it changed when it was hidden
            codes = window.exclude_credits
            hidden = f"i.status = 'usable' AND ({_hidden(args, codes)})"
            changed_at = f"CASE WHEN {hidden} THEN ({_hidden_at(args, codes)}) ELSE {changed_at} END"
            changed_seq = f"CASE WHEN {hidden} THEN ({_hidden_at(args, codes, 'seq')}) ELSE i.seq END"
        sql = (
            f"SELECT * FROM (SELECT {ITEM_COLUMNS}, {changed_at} AS changed_at, {changed_seq} AS changed_seq "
            f"{_FROM} WHERE (i.status = 'usable' OR ({a.seen_then_withdrawn})){a.where}) c "
            f"WHERE c.changed_at <= {settled} "
            f"AND (c.changed_at, c.changed_seq) > ({args(start.at)}, {args(start.seq)}) "
            f"ORDER BY c.changed_at, c.changed_seq LIMIT {args(limit)}"
        )
        rows = await self._rows(sql, args.values)
        return [
            Change(as_removed(item_from_row(row), window, instant(row[8])), Cursor(int(row[8]), int(row[9])))
            for row in rows
        ]

    async def hidden_since(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> datetime | None:
        if not window.exclude_credits:
            return None
        args = _Args()
        a = self._audience(section, replace(window, exclude_credits=()), args, published_from, published_before)
        hidden = _hidden(args, window.exclude_credits)
        hidden_at = _hidden_at(args, window.exclude_credits)
        sql = f"SELECT MAX(({hidden_at})) {_FROM_ITEMS} WHERE {a.out}{a.where} AND i.version > 1 AND ({hidden})"
        rows = await self._rows(sql, args.values)
        return instant_or_none(rows[0][0])

    async def moved_out_at(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime,
        published_before: datetime | None = None,
        since: datetime,
    ) -> datetime | None:
        args = _Args()
        # Whatever became of the item since (withdrawn, hidden by an agency's credit, not out yet for a delayed
        # window at its new time), the documents that had it at its old place lost it when it moved.
        a = self._audience(section, window, args, hidden_too=True)
        start = args(epoch(published_from))
        moved, outside = f"m.published >= {start}", f"s.published < {start}"
        if published_before is not None:
            end = args(epoch(published_before))
            moved += f" AND m.published < {end}"
            outside += f" OR s.published >= {end}"
        # The moves from within the range first (an index range: moves are few), then their items as they stand.
        sql = (
            "SELECT MAX(m.moved) FROM moves m JOIN items i ON i.id = m.item_id "
            "JOIN item_sections s ON s.item_id = i.id "
            f"WHERE {moved} AND m.moved > {args(epoch(since))} AND {a.had_at_old_place}{a.where} AND ({outside})"
        )
        rows = await self._rows(sql, args.values)
        return instant_or_none(rows[0][0])

    async def next_visible(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> datetime | None:
        args = _Args()
        a = self._audience(section, window, args, published_from, published_before)
        # An item comes out later when its delay or its embargo ends later: two small index ranges (items published
        # within the delay, items under embargo) rather than every item of the section.
        usable = f"{_FROM_ITEMS} WHERE i.status = 'usable'{a.where}"
        latest = args.named("latest", epoch(window.now) - window.delay_seconds)
        sql = (
            f"SELECT MIN(later) FROM (SELECT {a.visible_from} AS later {usable} AND s.published > {latest} "
            f"UNION ALL SELECT {a.visible_from} {usable} AND i.embargo > {a.now}) c WHERE later > {a.now}"
        )
        rows = await self._rows(sql, args.values)
        return instant_or_none(rows[0][0])

    def on_change(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def tell_changes(self, sections: frozenset[str]) -> None:
        self._notify(sections)

    async def page_lines(self, source: str, *, excluding: str) -> frozenset[str]:
        sql = (
            "SELECT fingerprint FROM page_lines WHERE source = $1 AND page <> $2 "
            "GROUP BY fingerprint HAVING COUNT(*) >= $3"
        )
        rows = await self._rows(sql, [source, excluding, BOILERPLATE_PAGES])
        return frozenset(row[0] for row in rows)

    async def remember_page_lines(self, source: str, page: str, lines: Iterable[str]) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(Remember(source, page, frozenset(lines), done))
        await done

    async def take_token(self, key: str, capacity: int, per_second: float) -> Token:
        # The database's clock, so that every instance refills a bucket alike. The table is UNLOGGED: a bucket
        # costs no WAL, and a crash of the database only refills them.
        take = (
            "INSERT INTO rate_buckets AS b (key, tokens, updated) "
            "VALUES ($1, $2::float8 - 1, extract(epoch FROM clock_timestamp())::float8) "
            "ON CONFLICT (key) DO UPDATE SET updated = excluded.updated, "
            "tokens = LEAST($2, b.tokens + GREATEST(excluded.updated - b.updated, 0) * $3::float8) - 1 "
            "WHERE LEAST($2, b.tokens + GREATEST(excluded.updated - b.updated, 0) * $3::float8) >= 1 "
            "RETURNING b.tokens"
        )
        # Refused: the bucket is left as it was (refilling is linear, so this equals refilling it now).
        wait = (
            "SELECT (1 - LEAST($2, tokens + GREATEST(extract(epoch FROM clock_timestamp())::float8 - updated, 0) "
            "* $3::float8)) / $3::float8 FROM rate_buckets WHERE key = $1"
        )
        async with self._connection() as db:
            left = await db.fetchval(take, key, float(capacity), per_second, timeout=self._timeout)
            if left is not None:
                await self._sweep_buckets(db)
                return Token(0.0, float(left))
            seconds = await db.fetchval(wait, key, float(capacity), per_second, timeout=self._timeout)
        return Token(max(float(seconds or 0.0), 1e-3))

    # WebSub. Small writes, each its own transaction: instances claim deliveries with SKIP LOCKED, so each owed
    # delivery is sent by one of them.

    async def save_subscription(self, subscription: Subscription) -> None:
        s = subscription
        sql = (
            "INSERT INTO subscriptions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (topic, callback) "
            "DO UPDATE SET partner = excluded.partner, secret = excluded.secret, expires = excluded.expires, "
            "key_sha256 = excluded.key_sha256"
        )
        args = [s.id, s.topic, s.section, s.format, s.partner, s.callback, s.secret, epoch(s.expires)]
        await self._execute(sql, [*args, s.delivered_etag, s.key_sha256])

    async def delete_subscription(self, topic: str, callback: str) -> bool:
        sql = "DELETE FROM subscriptions WHERE topic = $1 AND callback = $2 RETURNING id"
        return bool(await self._rows(sql, [topic, callback]))

    async def subscriptions(self, now: datetime, section: str | None = None) -> list[Subscription]:
        sql = f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.expires > $1"
        args: list[Any] = [epoch(now)]
        if section is not None:
            sql += " AND s.section = $2"
            args.append(section)
        return [subscription_from_row(row) for row in await self._rows(sql + " ORDER BY s.id", args)]

    async def drop_expired_subscriptions(self, now: datetime) -> int:
        rows = await self._rows("DELETE FROM subscriptions WHERE expires <= $1 RETURNING id", [epoch(now)])
        return len(rows)

    async def owe_deliveries(self, subscription_ids: Sequence[str], due: datetime) -> None:
        if not subscription_ids:
            return
        sql = (
            "INSERT INTO deliveries SELECT id, $2, 0, 0 FROM subscriptions WHERE id = ANY($1::text[]) "
            "ON CONFLICT (subscription) DO NOTHING"
        )
        await self._execute(sql, [list(subscription_ids), epoch(due)])

    async def claim_deliveries(self, now: datetime, *, hold_seconds: int, limit: int) -> list[Delivery]:
        at = epoch(now)
        sql = (
            "WITH due AS (SELECT subscription FROM deliveries WHERE due <= $1 AND claimed_until <= $1 "
            "ORDER BY due LIMIT $3 FOR UPDATE SKIP LOCKED) "
            "UPDATE deliveries d SET claimed_until = $2 FROM due, subscriptions s "
            "WHERE d.subscription = due.subscription AND s.id = d.subscription "
            f"RETURNING {SUBSCRIPTION_COLUMNS}, d.attempts"
        )
        rows = await self._rows(sql, [at, at + hold_seconds, limit])
        return [Delivery(subscription_from_row(row), int(row[10])) for row in rows]

    async def delivered(self, subscription_id: str, etag: str) -> None:
        async with self._connection() as db, db.transaction():
            await db.execute(
                "UPDATE subscriptions SET delivered_etag = $2 WHERE id = $1",
                subscription_id,
                etag,
                timeout=self._timeout,
            )
            await db.execute("DELETE FROM deliveries WHERE subscription = $1", subscription_id, timeout=self._timeout)

    async def retry_delivery(self, subscription_id: str, *, due: datetime, attempts: int) -> None:
        sql = "UPDATE deliveries SET due = $2, attempts = $3, claimed_until = 0 WHERE subscription = $1"
        await self._execute(sql, [subscription_id, epoch(due), attempts])

    async def drop_delivery(self, subscription_id: str) -> None:
        await self._execute("DELETE FROM deliveries WHERE subscription = $1", [subscription_id])

    async def _execute(self, sql: str, args: Sequence[Any]) -> None:
        async with self._connection() as db:
            await db.execute(sql, *args, timeout=self._timeout)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        try:
            await asyncio.wait_for(self._pool.close(), timeout=self._timeout)
        except (TimeoutError, *_AWAY):
            self._pool.terminate()

    def _audience(
        self,
        section: str,
        window: Window,
        args: _Args,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
        *,
        hidden_too: bool = False,
    ) -> _Audience:
        self._sections.add(section)
        return _audience(section, window, args, published_from, published_before, hidden_too=hidden_too)

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[Any]:
        """A connection from the pool, waited for no longer than the timeout; Unavailable when the database is
        away (connecting fails, the connection breaks, or an answer takes too long)."""
        try:
            db = await self._pool.acquire(timeout=self._timeout)
        except _AWAY as exc:
            raise self._lost(exc) from exc
        try:
            yield db
        except (*_AWAY, asyncpg.InternalClientError) as exc:  # a connection left in a broken state is lost too
            if isinstance(exc, asyncpg.ReadOnlySQLTransactionError):
                db.terminate()  # its session stays read-only: the pool opens a new one, which may take writes
            raise self._lost(exc) from exc
        except asyncpg.InterfaceError as exc:
            if not _broken(db):
                raise
            raise self._lost(exc) from exc
        finally:
            try:
                await self._pool.release(db)
            except Exception as exc:  # the pool has dropped the connection, and will connect anew when asked
                log.debug("dropped a broken connection: %r", exc)
        self._answered()

    def _answered(self) -> None:
        """A call went through: the database is told back once none has failed for a while, so that one that
        answers some calls and fails others is one line when it goes away and one when it is back."""
        if self._away and time.monotonic() - self._failed_at >= _SETTLED_SECONDS:
            self._away = False
            log.warning("the database at %s is back (%d calls failed meanwhile)", self._where(), self._failures)

    def _lost(self, exc: BaseException) -> Unavailable:
        self._failed_at = time.monotonic()
        if not self._away:
            self._away = True
            self._failures = 0
            log.warning("the database at %s is unavailable: %r", self._where(), exc)
        self._failures += 1
        return unavailable(exc)

    async def _rows(self, sql: str, args: Sequence[Any]) -> list[Any]:
        async with self._connection() as db:
            return list(await db.fetch(sql, *args, timeout=self._timeout))

    def _where(self) -> str:
        return where_is(self._url)

    def _notify(self, sections: Iterable[str] | None) -> None:
        """Tell the listeners what changed; None means anything may have (a notification was missed)."""
        touched = frozenset(self._sections if sections is None else sections)
        if not touched:
            return
        for listener in self._listeners:
            listener(touched)

    async def _write_loop(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < _MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                plan, results = await self._commit(batch)
            except Exception as exc:  # every waiting request learns of the failure; the writer carries on
                if isinstance(exc, Unavailable) and isinstance(exc.__cause__, Exception):
                    failure = unavailable(exc.__cause__, writing=True)
                else:
                    log.exception("commit failed")
                    failure = Unavailable("the store could not commit; pushing the same items again is safe")
                self.commit_failure = failure.detail
                for request in batch:
                    if not request.done.done():
                        request.done.set_exception(failure)
                continue
            self.commit_failure = None
            self._sections.update(plan.touched)
            self._notify(plan.touched)
            self._analyze_when_grown(plan.seq)
            for request, result in zip(batch, results, strict=True):
                if request.done.done():
                    continue
                if isinstance(result, NewswireError):
                    request.done.set_exception(result)
                else:
                    request.done.set_result(result)  # type: ignore[arg-type]

    async def _commit(self, requests: list[_Request]) -> tuple[Plan, list[object]]:
        async with self._connection() as db, db.transaction():
            # One writer at a time across every instance, from before the last seq is read until the commit.
            await db.execute("SELECT pg_advisory_xact_lock($1)", _WRITE_LOCK, timeout=self._timeout)
            last = await db.fetchrow(
                "SELECT seq, created FROM versions ORDER BY seq DESC LIMIT 1", timeout=self._timeout
            )
            state = await self._current(db, written_ids(requests))
            now = self._clock()
            if last is not None:
                now = max(now, instant(last[1]))  # never before a version already in the log
            plan = Plan(state, int(last[0]) if last else 0, now)
            kept = await self._kept_receipts(db, [r.token for r in requests if isinstance(r, PushOnce)])
            receipts: list[tuple[str, str]] = []
            # In order: each request is planned against the state the ones before it left.
            results: list[object] = []
            for request in requests:
                if isinstance(request, (Push, Withdraw)):
                    results.append(plan_write(plan, request))
                elif isinstance(request, PushOnce):
                    receipt = plan_once(plan, request, kept.get(request.token))
                    results.append(receipt)
                    if request.token not in kept:
                        receipts.append((request.token, receipt))
                else:
                    results.append(None)
            await self._write(db, plan.written)
            await self._moved(db, move_rows(plan))
            await self._keep_receipts(db, receipts, epoch(plan.now))
            await self._remember(db, [r for r in requests if isinstance(r, Remember)])
            if plan.touched:
                await db.execute("SELECT pg_notify($1, $2)", CHANNEL, self._payload(plan.touched, plan.seq))
        return plan, results

    def _payload(self, sections: set[str], seq: int) -> str:
        payload = orjson.dumps({"origin": self._origin, "sections": sorted(sections), "seq": seq}).decode()
        if len(payload.encode()) > _MAX_PAYLOAD:
            payload = orjson.dumps({"origin": self._origin, "sections": None, "seq": seq}).decode()
        return payload

    async def _current(self, db: Any, ids: Iterable[str]) -> dict[str, Current]:
        wanted = [i for i in ids if _storable(i)]
        if not wanted:
            return {}
        sql = f"SELECT {ITEM_COLUMNS} FROM items i JOIN versions v ON v.seq = i.seq WHERE i.id = ANY($1::text[])"
        state: dict[str, Current] = {}
        for row in await db.fetch(sql, wanted, timeout=self._timeout):
            item = item_from_row(row)
            state[item.id] = Current(item, row[7])
        return state

    async def _write(self, db: Any, written: list[Planned]) -> None:
        if not written:
            return
        versions = _columns((version_row(planned) for planned in written), 8)
        await db.execute(
            "INSERT INTO versions (seq, item_id, version, status, created, digest, doc, withdrawn_reason) "
            "SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::bigint[], $6::text[], "
            "$7::text[], $8::text[])",
            *versions,
            timeout=self._timeout,
        )
        # An item written twice in one group keeps its last version (ON CONFLICT may touch a row only once).
        latest = latest_versions(written)
        items = _columns((item_row(planned) for planned in latest), 10)
        sections = _columns(section_rows(latest), 3)
        await db.execute(
            "INSERT INTO items (id, seq, version, status, first_created, version_created, published, embargo, "
            "credits, digest) SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::bigint[], "
            "$6::bigint[], $7::bigint[], $8::bigint[], $9::text[], $10::text[]) ON CONFLICT (id) DO UPDATE SET "
            "seq = excluded.seq, version = excluded.version, status = excluded.status, "
            "version_created = excluded.version_created, published = excluded.published, "
            "embargo = excluded.embargo, credits = excluded.credits, digest = excluded.digest",
            *items,
            timeout=self._timeout,
        )
        # Only an item stored before has section rows to replace: a first version lists its item for the first time.
        replaced = [planned.item.id for planned in latest if planned.item.version > 1]
        if replaced:
            await db.execute(
                "DELETE FROM item_sections WHERE item_id = ANY($1::text[])", replaced, timeout=self._timeout
            )
        await db.execute(
            "INSERT INTO item_sections (section, item_id, published) "
            "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING",
            *sections,
            timeout=self._timeout,
        )

    async def _moved(self, db: Any, rows: list[tuple[str, int, int]]) -> None:
        """Keep the moves of publication times a group writes (Store.moved_out_at)."""
        if rows:
            await db.execute(
                "INSERT INTO moves (item_id, published, moved) SELECT * FROM unnest($1::text[], $2::bigint[], "
                "$3::bigint[])",
                *_columns(rows, 3),
                timeout=self._timeout,
            )

    async def _kept_receipts(self, db: Any, tokens: list[str]) -> dict[str, str]:
        """The receipts that puts of these tokens left when they were committed (Store.put_once), by token."""
        if not tokens:
            return {}
        sql = "SELECT token, receipt FROM receipts WHERE token = ANY($1::text[])"
        return {row[0]: row[1] for row in await db.fetch(sql, tokens, timeout=self._timeout)}

    async def _keep_receipts(self, db: Any, receipts: list[tuple[str, str]], now: int) -> None:
        """Keep the receipts of a group's puts made once, and forget those older than RECEIPT_KEEP_SECONDS."""
        if not receipts:
            return
        await db.execute("DELETE FROM receipts WHERE created < $1", now - RECEIPT_KEEP_SECONDS, timeout=self._timeout)
        tokens, texts = _columns(receipts, 2)
        await db.execute(
            "INSERT INTO receipts (token, receipt, created) SELECT *, $3::bigint FROM unnest($1::text[], $2::text[])",
            tokens,
            texts,
            now,
            timeout=self._timeout,
        )

    async def _remember(self, db: Any, requests: list[Remember]) -> None:
        # A fingerprint keeps one page more than the threshold: enough to count past it without the page that
        # asks, and the table stays bounded by the number of distinct lines. One statement per page, so that each
        # sees the pages before it (the fingerprints of one page are distinct).
        keep = BOILERPLATE_PAGES + 1
        rows = [(r.source, r.page, sorted(r.lines), keep) for r in requests if r.lines]
        if rows:
            await db.executemany(
                "INSERT INTO page_lines (source, fingerprint, page) SELECT $1, f, $2 FROM unnest($3::text[]) f "
                "WHERE (SELECT COUNT(*) FROM page_lines p WHERE p.source = $1 AND p.fingerprint = f) < $4 "
                "ON CONFLICT DO NOTHING",
                rows,
                timeout=self._timeout,
            )

    def _analyze_when_grown(self, seq: int) -> None:
        if seq - self._analyzed_seq < max(_ANALYZE_MIN_VERSIONS, int(self._analyzed_seq * _ANALYZE_GROWTH)):
            return
        self._analyzed_seq = seq
        self._tasks = [task for task in self._tasks if not task.done()]
        self._tasks.append(asyncio.create_task(self._analyze(), name="postgres-analyze"))

    async def _analyze(self) -> None:
        try:
            async with self._connection() as db:
                await db.execute("ANALYZE items, item_sections", timeout=self._timeout)
        except Exception as exc:  # the plans stay as they were until autovacuum gathers them
            log.warning("gathering planner statistics failed: %r", exc)

    async def _sweep_buckets(self, db: Any) -> None:
        if time.monotonic() - self._swept < _IDLE_BUCKET_SECONDS:
            return
        self._swept = time.monotonic()
        await db.execute(
            "DELETE FROM rate_buckets WHERE updated < extract(epoch FROM clock_timestamp())::float8 - $1",
            _IDLE_BUCKET_SECONDS,
            timeout=self._timeout,
        )

    async def _start_listening(self) -> None:
        listening = await self._listen_from_here()
        self._tasks.append(asyncio.create_task(self._listen_loop(listening), name="postgres-listener"))
        self._tasks.append(asyncio.create_task(self._watch_log(), name="postgres-log-watch"))

    async def _listen_from_here(self) -> Any:
        """A new listening session, and the log's end once it listens: every later commit is notified to it."""
        listening = await _listen(self._url, self._on_notification, self._timeout)
        try:
            async with self._pool.acquire(timeout=self._timeout) as db:
                end = int(await db.fetchval(_LOG_END, timeout=self._timeout))
        except BaseException:
            listening.terminate()
            raise
        self._heard = max(self._heard, end)
        return listening

    async def _listen_loop(self, listening: Any) -> None:
        """Keep a LISTEN connection; when it is lost, forget every section and reconnect with backoff."""
        while True:
            try:
                await self._watch(listening)
            except asyncio.CancelledError:
                await _close_quietly(listening)
                raise
            log.warning("lost the change notifications of the database at %s; reconnecting", self._where())
            self._notify(None)
            listening = await self._listen_again()
            self._notify(None)
            log.warning("change notifications of the database at %s are back", self._where())

    async def _watch(self, listening: Any) -> None:
        """Return once the connection is lost (closed, or not answering a check in time)."""
        lost = self._listener_lost = asyncio.Event()
        listening.add_termination_listener(lambda _: lost.set())
        try:
            while not listening.is_closed() and not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), _LISTEN_CHECK_SECONDS)
                    break
                try:
                    await listening.fetchval("SELECT 1", timeout=min(self._timeout, _LISTEN_CHECK_SECONDS))
                except Exception:  # whatever the failure, the connection cannot be trusted any more
                    break
        finally:
            self._listener_lost = None
        await _close_quietly(listening)

    async def _watch_log(self) -> None:
        """Read where the change log ends every `_LOG_WATCH_SECONDS`. The notification of a commit that one read
        sees is due within milliseconds: when it has not come by the next read, the notifications are being missed.
        Every section is then forgotten (within a second of the commit), and a listener that seems connected (a
        session that hangs answers no check for seconds) is connected anew."""
        seen: int | None = None
        while True:
            await asyncio.sleep(_LOG_WATCH_SECONDS)
            if seen is not None and self._heard < seen:
                self._heard = seen
                self._notify(None)
                if self._listener_lost is not None and not self._listener_lost.is_set():
                    log.warning("the change notifications of the database at %s stopped coming", self._where())
                    self._listener_lost.set()
            try:
                async with self._pool.acquire(timeout=self._timeout) as db:
                    seen = self._log_end = int(await db.fetchval(_LOG_END, timeout=self._timeout))
            except Exception as exc:  # the database is away: the requests say so, and the next read tries again
                log.debug("reading the end of the change log failed: %r", exc)
                seen = None

    async def _listen_again(self) -> Any:
        delay = _BACKOFF_FIRST
        while True:
            await asyncio.sleep(delay)
            try:
                return await self._listen_from_here()
            except Exception as exc:
                log.debug("reconnecting the listener failed: %r", exc)
            delay = min(delay * 2, _BACKOFF_MAX)

    def _on_notification(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            message = orjson.loads(payload)
            origin, sections = message["origin"], message["sections"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            log.warning("ignored a malformed change notification: %.200r", payload)
            return
        seq = message.get("seq")
        # One without its seq comes from an older version, which must not run beside this one (README, Upgrading):
        # it counts as heard up to the log's end read last, and a later commit of the old one as not heard.
        self._heard = max(self._heard, seq if isinstance(seq, int) else self._log_end)
        if origin == self._origin:
            return  # this instance told its listeners when it committed
        if sections is not None:
            self._sections.update(sections)
        self._notify(sections)


def _broken(db: Any) -> bool:
    """Whether a pooled connection closed under its user (the pool then takes it back at once)."""
    try:
        return bool(db.is_closed())
    except asyncpg.InterfaceError:  # already released to the pool: it closed
        return True


def _columns(rows: Iterable[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """`rows` as `width` columns, one array each, as `unnest` takes them."""
    columns: list[list[Any]] = [[] for _ in range(width)]
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


def _storable(text: str) -> bool:
    # PostgreSQL text holds no NUL: an id with one was never stored, and must not reach a query.
    return "\x00" not in text


def where_is(url: str) -> str:
    """The database a URL names, for messages: host (or socket folder), port and name; never the password.
    ValueError for a URL whose host a "/", "?" or "#" of its password cut short (`host_cut_short`)."""
    if host_cut_short(url):
        raise ValueError("its user or password holds '/', '?' or '#'")
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    default_port = next(iter(query.get("port", [])), 5432)
    database = parts.path.lstrip("/") or "(default database)"
    hosts = parts.netloc.rpartition("@")[2]  # never the user or password
    if "," in hosts:  # several hosts (a failover: `?target_session_attrs=read-write`), each with its own port
        named = [urlsplit(f"//{host}") for host in hosts.split(",")]
        return ",".join(f"{one.hostname}:{one.port or default_port}" for one in named) + f"/{database}"
    host = parts.hostname or next(iter(query.get("host", [])), "localhost")
    return f"{host}:{parts.port or default_port}/{database}"


async def _close_quietly(connection: Any) -> None:
    try:
        await asyncio.wait_for(connection.close(), timeout=1.0)
    except Exception:  # already broken: drop it
        connection.terminate()


async def _listen(url: str, callback: Any, wait_seconds: float) -> Any:
    connection = await asyncpg.connect(
        url,
        timeout=wait_seconds,
        command_timeout=wait_seconds,
        server_settings={"application_name": "newswire-listen"},
    )
    try:
        await connection.add_listener(CHANNEL, callback)
    except BaseException:
        connection.terminate()
        raise
    return connection


async def open_postgres_store(
    url: str, *, clock: Clock = utc_now, pool_size: int = 10, wait_seconds: float = 10.0, listen: bool = True
) -> PostgresStore:
    """Open the store in the PostgreSQL database at `url`, applying the migrations it lacks.

    `pool_size` bounds the connections used for requests (one more listens for changes); `wait_seconds` bounds
    connecting, waiting for a pooled connection, and each statement. Unavailable when the database cannot be
    reached. Without `listen`, it does not learn of other instances' changes (for a process that only writes).
    """
    if host_cut_short(url):  # it would name the password's piece as the database, unreached
        raise _misconfigured(url, ValueError())
    try:
        created = await _migrate(url, clock(), wait_seconds)
        pool = await asyncpg.create_pool(
            url,
            min_size=0,  # connections are made on demand: none is kept retrying while the database is away
            max_size=pool_size,
            timeout=wait_seconds,
            command_timeout=wait_seconds,
            server_settings={
                "application_name": "newswire",
                # An instance that dies, or stops, inside a transaction must not hold the write lock for long:
                # its own statements follow each other within milliseconds.
                "idle_in_transaction_session_timeout": str(_IDLE_IN_TRANSACTION_MS),
                "jit": "off",  # short queries: compiling them would cost more than it saves
            },
        )
    except _AWAY as exc:
        raise Unavailable(f"cannot open the store at {where_is(url)}: {_reason(exc)} ({exc})") from exc
    except _MISCONFIGURED as exc:
        raise _misconfigured(url, exc) from None
    store = PostgresStore(pool, url=url, clock=clock, created=created, timeout=wait_seconds)
    if not listen:
        return store
    try:
        await store._start_listening()
    except BaseException as exc:
        await store.close()
        if isinstance(exc, _AWAY):
            raise Unavailable(f"cannot open the store at {where_is(url)}: {_reason(exc)} ({exc})") from exc
        if isinstance(exc, _MISCONFIGURED):
            raise _misconfigured(url, exc) from None
        raise
    return store


def migrations() -> list[tuple[int, str, str]]:
    """The PostgreSQL migrations shipped with the package, as (number, name, SQL), in order."""
    folder = resources.files("wire") / "migrations" / "postgres"
    return sorted(
        (int(entry.name.split("_", 1)[0]), entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )


async def _migrate(url: str, now: datetime, wait_seconds: float) -> datetime:
    """Apply the migrations not yet applied, in one transaction under an advisory lock (instances starting at
    once take turns, and the later ones find the work done); returns when the store was created.

    On a connection of its own, without the statement timeout: a migration may take long on a large store."""
    db = await asyncpg.connect(url, timeout=wait_seconds, server_settings={"application_name": "newswire-migrate"})
    try:
        async with db.transaction():
            await db.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATE_LOCK)
            await db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            applied = {row[0] for row in await db.fetch("SELECT version FROM schema_migrations")}
            known = migrations()
            unknown = applied - {number for number, _, _ in known}
            if unknown:
                raise newer_schema(where_is(url), max(unknown), known[-1][0])
            for number, name, sql in known:
                if number not in applied:
                    await db.execute(sql)
                    await db.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", number, name)
            await db.execute(
                "INSERT INTO meta (key, value) VALUES ('created', $1) ON CONFLICT (key) DO NOTHING", str(epoch(now))
            )
            value = await db.fetchval("SELECT value FROM meta WHERE key = 'created'")
    finally:
        await _close_quietly(db)
    if value is None:
        raise RuntimeError("the store's creation time is missing from its meta table")
    return instant(int(value))
