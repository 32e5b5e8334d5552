"""The embedded store: one SQLite file in WAL mode.

Writes go through one writer task that groups the requests waiting at that moment into one transaction (group
commit): each is acknowledged only after its transaction is durably committed, and under load many share one
fsync. The transaction runs whole in the writing connection's own thread (one trip from the event loop, however
many statements it holds), so that the file's write lock is held only while the database works, never while the
event loop is busy with other requests. A transaction's versions are dated by its clock, never before the last
version in the log (a bulk process's clock is the server's time when its batch was sent), so that the change log
stays in order. Reads use a second connection (aiosqlite), so a feed read never waits for a write. Another process
writing to the same file (`newswire import`, a second worker) is noticed within `poll_seconds`.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

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

# Requests grouped into one transaction at most; bounded so that one commit stays short.
_MAX_BATCH = 2000

_FROM = "FROM item_sections s JOIN items i ON i.id = s.item_id JOIN versions v ON v.seq = i.seq"
# The same rows reached from items first (CROSS JOIN keeps SQLite to that order): for questions that a small
# partial index on items answers (withdrawn items, embargoed items) better than the section's whole list.
_FROM_ITEMS = "FROM items i CROSS JOIN item_sections s ON s.item_id = i.id CROSS JOIN versions v ON v.seq = i.seq"
_OUT = "i.status = 'usable' AND s.published <= :latest AND (i.embargo IS NULL OR i.embargo <= :now)"
_VISIBLE_FROM = "MAX(i.published + :delay, COALESCE(i.embargo, 0))"
# Move `m` took item `i` from a window that had it at its old time: out by then for the window's delay (a move while
# an embargo held it back dates a document for nothing, never wrongly).
_HAD_AT_OLD_PLACE = "m.published + :delay <= m.moved"
_SEEN_THEN_WITHDRAWN = f"i.status = 'canceled' AND {_VISIBLE_FROM} <= i.version_created"


@dataclass(slots=True)
class _Take:
    key: str
    capacity: int
    per_second: float
    done: asyncio.Future[Token]


@dataclass(slots=True)
class _Exec:
    """Statements run inside the writer's next transaction (small writes: subscriptions, deliveries)."""

    work: Callable[[sqlite3.Connection], object]
    done: asyncio.Future[object]


_Request = Push | PushOnce | Withdraw | Remember | _Take | _Exec
T = TypeVar("T")

# How often a store looks for commits by other processes on its file (0: never).
POLL_SECONDS = 0.5
# Rate-limit buckets idle this long are full again and can be forgotten.
_IDLE_BUCKET_SECONDS = 600.0


class SQLiteStore:
    """The Store on one SQLite file. Open it with `open_sqlite_store`."""

    def __init__(
        self,
        writer: Writer,
        reader: aiosqlite.Connection,
        *,
        clock: Clock,
        created: datetime,
        last_seq: int,
        poll_seconds: float,
        lock: WriterLock,
    ) -> None:
        self.created = created
        self._lock = lock
        self._writer = writer
        self._reader = reader
        self._clock = clock
        self._listeners: list[ChangeListener] = []
        self.commit_failure: str | None = None  # why the last commit failed, until one succeeds
        self._seen_seq = last_seq
        self._queue: asyncio.Queue[_Request] = asyncio.Queue()
        self._swept = time.monotonic()
        self._tasks = [asyncio.create_task(self._write_loop(), name="sqlite-writer")]
        if poll_seconds > 0:
            self._tasks.append(asyncio.create_task(self._poll_loop(poll_seconds), name="sqlite-poller"))

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
        rows = await self._rows(
            f"SELECT {ITEM_COLUMNS} FROM items i JOIN versions v ON v.seq = i.seq WHERE i.id = ?", (item_id,)
        )
        return item_from_row(rows[0]) if rows else None

    async def history(self, item_id: str) -> list[Item]:
        sql = (
            "SELECT v.doc, v.version, v.status, i.first_created, v.created, v.seq, v.withdrawn_reason, v.digest "
            "FROM versions v JOIN items i ON i.id = v.item_id WHERE v.item_id = ? ORDER BY v.version"
        )
        return [item_from_row(row) for row in await self._rows(sql, (item_id,))]

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
        where, params = _where(section, window, published_from, published_before)
        out = "i.status = 'usable'" if held_too else _OUT
        sql = (
            f"SELECT {ITEM_COLUMNS} {_FROM} WHERE {out}{where} ORDER BY s.published DESC, s.item_id DESC "
            "LIMIT :limit OFFSET :offset"
        )
        return await items_from_rows(await self._rows(sql, {**params, "limit": limit, "offset": offset}))

    async def count(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> int:
        where, params = _where(section, window, published_from, published_before)
        rows = await self._rows(f"SELECT COUNT(*) {_FROM} WHERE {_OUT}{where}", params)
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
        where, params = _where(section, window, published_from, published_before, hidden_too=True)
        params["limit"] = limit
        if withdrawn_since is not None:
            params["since"] = epoch(withdrawn_since)
        if withdrawn_until is not None:
            params["until"] = epoch(withdrawn_until)

        def removals(which: str, removed: str, source: str) -> str:
            when = ""
            if withdrawn_since is not None:
                when += f" AND {removed} > :since"
            if withdrawn_until is not None:
                when += f" AND {removed} <= :until"
            return (
                f"SELECT {ITEM_COLUMNS}, {removed} AS removed, i.id AS id {source} WHERE {which}{where}{when} "
                "ORDER BY removed DESC, id DESC LIMIT :limit"
            )

        sql = removals(_SEEN_THEN_WITHDRAWN, "i.version_created", _FROM_ITEMS)
        if window.exclude_credits:  # and those hidden from the window after it had them, removed when hidden
            codes = len(window.exclude_credits)
            hidden, source = f"i.status = 'usable' AND ({_hidden(codes)})", _FROM
            if withdrawn_since is not None:  # an item's latest version is never older than the one that hid it:
                hidden += " AND i.version_created > :since"  # the items changed since, rather than the section
                source = _FROM_ITEMS
            hiding = removals(hidden, f"({_hidden_at(codes)})", source)
            sql = (
                f"SELECT * FROM ({sql}) UNION ALL SELECT * FROM ({hiding}) ORDER BY removed DESC, id DESC LIMIT :limit"
            )
        rows = await self._rows(sql, params)
        items = await items_from_rows(rows)
        return [as_removed(item, window, instant(row[8])) for item, row in zip(items, rows, strict=True)]

    async def published_near(
        self, section: str, window: Window, instant: datetime
    ) -> tuple[datetime | None, datetime | None]:
        where, params = _where(section, window)
        sql = (
            f"SELECT (SELECT MAX(s.published) {_FROM} WHERE {_OUT}{where} AND s.published < :instant), "
            f"(SELECT MIN(s.published) {_FROM} WHERE {_OUT}{where} AND s.published >= :instant)"
        )
        rows = await self._rows(sql, {**params, "instant": epoch(instant)})
        before, after = rows[0]
        return instant_or_none(before), instant_or_none(after)

    async def changes(self, section: str, window: Window, *, after: Cursor | None, limit: int) -> list[Change]:
        where, params = _where(section, window, hidden_too=True)
        changed_at, changed_seq = f"MAX(i.version_created, {_VISIBLE_FROM})", "i.seq"
        if window.exclude_credits:  # an item hidden from the window after it had it changed when it was hidden
            codes = len(window.exclude_credits)
            hidden = f"i.status = 'usable' AND ({_hidden(codes)})"
            changed_at = f"CASE WHEN {hidden} THEN ({_hidden_at(codes)}) ELSE {changed_at} END"
            changed_seq = f"CASE WHEN {hidden} THEN ({_hidden_at(codes, 'seq')}) ELSE i.seq END"
        sql = (
            f"SELECT {ITEM_COLUMNS}, {changed_at} AS changed_at, {changed_seq} AS changed_seq {_FROM} "
            f"WHERE (i.status = 'usable' OR ({_SEEN_THEN_WITHDRAWN})){where} AND changed_at <= :settled "
            "AND (changed_at > :at OR (changed_at = :at AND changed_seq > :seq)) "
            "ORDER BY changed_at, changed_seq LIMIT :limit"
        )
        start = after or Cursor(0, 0)
        params.update(settled=params["now"] - SETTLE_SECONDS, at=start.at, seq=start.seq, limit=limit)
        rows = await self._rows(sql, params)
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
        where, params = _where(section, replace(window, exclude_credits=()), published_from, published_before)
        params.update(_credit_params(window))
        codes = len(window.exclude_credits)
        sql = (
            f"SELECT MAX(({_hidden_at(codes)})) FROM item_sections s JOIN items i ON i.id = s.item_id "
            f"WHERE {_OUT}{where} AND i.version > 1 AND ({_hidden(codes)})"
        )
        rows = await self._rows(sql, params)
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
        # Whatever became of the item since (withdrawn, hidden by an agency's credit, not out yet for a delayed
        # window at its new time), the documents that had it at its old place lost it when it moved.
        where, params = _where(section, window, hidden_too=True)
        params.update(published_from=epoch(published_from), since=epoch(since))
        moved, outside = "m.published >= :published_from", "s.published < :published_from"
        if published_before is not None:
            moved += " AND m.published < :published_before"
            outside += " OR s.published >= :published_before"
            params["published_before"] = epoch(published_before)
        # The moves from within the range first (an index range: moves are few), then their items as they stand.
        sql = (
            "SELECT MAX(m.moved) FROM moves m CROSS JOIN items i ON i.id = m.item_id "
            f"CROSS JOIN item_sections s ON s.item_id = i.id WHERE {moved} AND m.moved > :since "
            f"AND {_HAD_AT_OLD_PLACE}{where} AND ({outside})"
        )
        rows = await self._rows(sql, params)
        return instant_or_none(rows[0][0])

    async def next_visible(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> datetime | None:
        where, params = _where(section, window, published_from, published_before)
        # An item comes out later when its delay or its embargo ends later: two small index ranges (items published
        # within the delay, items under embargo) rather than every item of the section.
        recent = f"{_FROM} WHERE i.status = 'usable'{where} AND s.published > :latest"
        embargoed = f"{_FROM_ITEMS} WHERE i.embargo > :now AND i.status = 'usable'{where}"
        sql = (
            f"SELECT MIN(later) FROM (SELECT {_VISIBLE_FROM} AS later {recent} "
            f"UNION ALL SELECT {_VISIBLE_FROM} {embargoed}) WHERE later > :now"
        )
        rows = await self._rows(sql, params)
        return instant_or_none(rows[0][0])

    def on_change(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def tell_changes(self, sections: frozenset[str]) -> None:
        self._notify(sections)

    async def page_lines(self, source: str, *, excluding: str) -> frozenset[str]:
        sql = (
            "SELECT fingerprint FROM page_lines WHERE source = ? AND page <> ? "
            "GROUP BY fingerprint HAVING COUNT(*) >= ?"
        )
        rows = await self._rows(sql, (source, excluding, BOILERPLATE_PAGES))
        return frozenset(row[0] for row in rows)

    async def remember_page_lines(self, source: str, page: str, lines: Iterable[str]) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(Remember(source, page, frozenset(lines), done))
        await done

    async def take_token(self, key: str, capacity: int, per_second: float) -> Token:
        # Through the writer: the buckets are shared by every process on the file, and a bucket taken while items
        # are written shares their commit.
        done: asyncio.Future[Token] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Take(key, capacity, per_second, done))
        return await done

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._reader.close()
        await self._writer.close()
        self._lock.close()

    async def _rows(self, sql: str, params: Any) -> list[Any]:
        async with self._reader.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    def _notify(self, sections: Iterable[str]) -> None:
        touched = frozenset(sections)
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
                plan, results, first = await self._commit(batch)
            except Exception as exc:  # every waiting request learns of the failure
                if isinstance(exc, sqlite3.OperationalError):  # locked by another process, a disk full or read-only
                    log.error("commit failed: %s", exc)
                else:
                    log.exception("commit failed")
                self.commit_failure = str(exc)
                failure = Unavailable(f"the store could not commit ({exc}); pushing the same items again is safe")
                for request in batch:
                    if not request.done.done():
                        request.done.set_exception(failure)
                continue
            self.commit_failure = None
            if first <= self._seen_seq:
                # Nobody else has committed since this process last looked: what it wrote is all there is to see.
                self._seen_seq = max(self._seen_seq, plan.seq)
            # Otherwise another process committed first, and the poll tells those changes (and this one again):
            # passing over them here would leave their sections' documents stale until the next change.
            self._notify(plan.touched)
            for request, result in zip(batch, results, strict=True):
                if request.done.done():
                    continue
                if isinstance(result, NewswireError):
                    request.done.set_exception(result)
                else:
                    request.done.set_result(result)  # type: ignore[arg-type]

    async def _commit(self, requests: list[_Request]) -> tuple[Plan, list[object], int]:
        return await self._writer.run(partial(self._transaction, requests))

    def _transaction(self, requests: list[_Request], db: sqlite3.Connection) -> tuple[Plan, list[object], int]:
        """One group's transaction, in the writer's thread: under the file lock, from BEGIN to a durable COMMIT.
        Also the last sequence number committed before it began (by any process)."""
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                first, now = _last_version(db, self._clock())
                plan = Plan(_current(db, written_ids(requests)), first, now)
                results: list[object] = []
                receipts: list[tuple[str, str]] = []
                for request in requests:
                    if isinstance(request, (Push, Withdraw)):
                        results.append(plan_write(plan, request))
                    elif isinstance(request, PushOnce):
                        kept = _kept_receipt(db, request.token)
                        receipt = plan_once(plan, request, kept)
                        results.append(receipt)
                        if kept is None:
                            receipts.append((request.token, receipt))
                    elif isinstance(request, _Take):
                        results.append(self._take(db, request))
                    elif isinstance(request, _Exec):
                        results.append(request.work(db))
                    else:
                        results.append(None)
                _write(db, plan)
                _keep_receipts(db, receipts, epoch(plan.now))
                _remember(db, [r for r in requests if isinstance(r, Remember)])
                db.execute("COMMIT")
            except BaseException:
                db.rollback()  # a no-op when the failure left no transaction open
                raise
        return plan, results, first

    async def _exec(self, work: Callable[[sqlite3.Connection], T]) -> T:
        done: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Exec(work, done))
        return cast(T, await done)

    async def save_subscription(self, subscription: Subscription) -> None:
        s = subscription
        row = (
            s.id,
            s.topic,
            s.section,
            s.format,
            s.partner,
            s.callback,
            s.secret,
            epoch(s.expires),
            s.delivered_etag,
            s.key_sha256,
        )

        def work(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO subscriptions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (topic, callback) "
                "DO UPDATE SET partner = excluded.partner, secret = excluded.secret, expires = excluded.expires, "
                "key_sha256 = excluded.key_sha256",
                row,
            )

        await self._exec(work)

    async def delete_subscription(self, topic: str, callback: str) -> bool:
        def work(db: sqlite3.Connection) -> bool:
            cursor = db.execute("DELETE FROM subscriptions WHERE topic = ? AND callback = ?", (topic, callback))
            db.execute("DELETE FROM deliveries WHERE subscription NOT IN (SELECT id FROM subscriptions)")
            return bool(cursor.rowcount)

        return await self._exec(work)

    async def subscriptions(self, now: datetime, section: str | None = None) -> list[Subscription]:
        sql = f"SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions s WHERE s.expires > ?"
        params: tuple[object, ...] = (epoch(now),)
        if section is not None:
            sql += " AND s.section = ?"
            params += (section,)
        return [subscription_from_row(row) for row in await self._rows(sql + " ORDER BY s.id", params)]

    async def drop_expired_subscriptions(self, now: datetime) -> int:
        def work(db: sqlite3.Connection) -> int:
            cursor = db.execute("DELETE FROM subscriptions WHERE expires <= ?", (epoch(now),))
            db.execute("DELETE FROM deliveries WHERE subscription NOT IN (SELECT id FROM subscriptions)")
            return cursor.rowcount

        return await self._exec(work)

    async def owe_deliveries(self, subscription_ids: Sequence[str], due: datetime) -> None:
        rows = [(sid, epoch(due)) for sid in subscription_ids]

        def work(db: sqlite3.Connection) -> None:
            db.executemany("INSERT OR IGNORE INTO deliveries VALUES (?, ?, 0, 0)", rows)

        if rows:
            await self._exec(work)

    async def claim_deliveries(self, now: datetime, *, hold_seconds: int, limit: int) -> list[Delivery]:
        at = epoch(now)
        due = await self._rows("SELECT 1 FROM deliveries WHERE due <= ? AND claimed_until <= ? LIMIT 1", (at, at))
        if not due:
            return []  # the usual case: a read, and no write transaction

        def work(db: sqlite3.Connection) -> list[Delivery]:
            sql = (
                f"SELECT {SUBSCRIPTION_COLUMNS}, d.attempts FROM deliveries d "
                "JOIN subscriptions s ON s.id = d.subscription "
                "WHERE d.due <= ? AND d.claimed_until <= ? ORDER BY d.due LIMIT ?"
            )
            rows = db.execute(sql, (at, at, limit)).fetchall()
            db.executemany(
                "UPDATE deliveries SET claimed_until = ? WHERE subscription = ?",
                [(at + hold_seconds, r[0]) for r in rows],
            )
            return [Delivery(subscription_from_row(row), int(row[10])) for row in rows]

        return await self._exec(work)

    async def delivered(self, subscription_id: str, etag: str) -> None:
        def work(db: sqlite3.Connection) -> None:
            db.execute("UPDATE subscriptions SET delivered_etag = ? WHERE id = ?", (etag, subscription_id))
            db.execute("DELETE FROM deliveries WHERE subscription = ?", (subscription_id,))

        await self._exec(work)

    async def retry_delivery(self, subscription_id: str, *, due: datetime, attempts: int) -> None:
        def work(db: sqlite3.Connection) -> None:
            db.execute(
                "UPDATE deliveries SET due = ?, attempts = ?, claimed_until = 0 WHERE subscription = ?",
                (epoch(due), attempts, subscription_id),
            )

        await self._exec(work)

    async def drop_delivery(self, subscription_id: str) -> None:
        def work(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM deliveries WHERE subscription = ?", (subscription_id,))

        await self._exec(work)

    def _take(self, db: sqlite3.Connection, request: _Take) -> Token:
        now = time.time()
        params = {"key": request.key, "capacity": float(request.capacity), "rate": request.per_second, "now": now}
        refilled = "MIN(:capacity, tokens + MAX(:now - updated, 0) * :rate)"
        take = (
            "INSERT INTO rate_buckets (key, tokens, updated) VALUES (:key, :capacity - 1, :now) "
            f"ON CONFLICT (key) DO UPDATE SET tokens = {refilled} - 1, updated = :now WHERE {refilled} >= 1 "
            "RETURNING tokens"
        )
        taken = db.execute(take, params).fetchone()
        if taken is not None:
            self._sweep_buckets(db, now)
            return Token(0.0, float(taken[0]))
        # Refused: the bucket is left as it was (refilling is linear, so this equals refilling it now).
        row = db.execute(f"SELECT (1 - {refilled}) / :rate FROM rate_buckets WHERE key = :key", params).fetchone()
        return Token(max(float(row[0]) if row else 0.0, 1e-3))

    def _sweep_buckets(self, db: sqlite3.Connection, now: float) -> None:
        if time.monotonic() - self._swept < _IDLE_BUCKET_SECONDS:
            return
        self._swept = time.monotonic()
        db.execute("DELETE FROM rate_buckets WHERE updated < ?", (now - _IDLE_BUCKET_SECONDS,))

    async def _poll_loop(self, seconds: float) -> None:
        """Notice commits by other processes on the same file, and tell the listeners what they touched."""
        while True:
            await asyncio.sleep(seconds)
            try:
                rows = await self._rows("SELECT COALESCE(MAX(seq), 0) FROM versions", ())
                last = int(rows[0][0])
                if last <= self._seen_seq:
                    continue
                sql = (
                    "SELECT DISTINCT s.section FROM versions v JOIN item_sections s ON s.item_id = v.item_id "
                    "WHERE v.seq > ? AND v.seq <= ?"
                )
                sections = [row[0] for row in await self._rows(sql, (self._seen_seq, last))]
                self._seen_seq = last
                self._notify(sections)
            except Exception:
                log.exception("polling the store for changes failed")


def _where(
    section: str,
    window: Window,
    published_from: datetime | None = None,
    published_before: datetime | None = None,
    *,
    hidden_too: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The section, agency and published-range conditions shared by the queries, with their parameters. With
    `hidden_too`, items that a version crediting an agency the window may not see took from it after it had them
    pass too (for the removals: the window must learn that they are gone)."""
    now = epoch(window.now)
    params: dict[str, Any] = {
        "section": section,
        "now": now,
        "delay": window.delay_seconds,
        "latest": now - window.delay_seconds,
    }
    where = " AND s.section = :section"
    if window.exclude_credits:
        codes = len(window.exclude_credits)
        params.update(_credit_params(window))
        # A withdrawn item the window had seen before a version crediting one of them hid it: its withdrawal is
        # for the window to learn too (a partner's copy must be taken down); with `hidden_too`, so is the hiding.
        seen = _had_it(codes)
        removed = seen if hidden_too else f"i.status = 'canceled' AND {seen}"
        where += f" AND (NOT ({_hidden(codes)}) OR ({removed}))"
    if published_from is not None:
        where += " AND s.published >= :published_from"
        params["published_from"] = epoch(published_from)
    if published_before is not None:
        where += " AND s.published < :published_before"
        params["published_before"] = epoch(published_before)
    return where, params


def _credit_params(window: Window) -> dict[str, str]:
    """The parameters naming the agencies `window` may not see: `credit0`... as items list credits (`% CODE %`),
    `quoted0`... as the versions' stored JSON does (`%"CODE"%`)."""
    params = {f"credit{n}": f"% {code} %" for n, code in enumerate(window.exclude_credits)}
    return params | {f"quoted{n}": f'%"{code}"%' for n, code in enumerate(window.exclude_credits)}


def _hidden(codes: int) -> str:
    """Item `i`, as it stands, credits one of the agencies named by the parameters `credit0`... (`% CODE %`)."""
    return " OR ".join(f"i.credits LIKE :credit{n}" for n in range(codes))


def _last_clean(codes: int) -> str:
    """The last version of item `i` that credited none of the agencies named by the parameters `quoted0`...
    (`"CODE"`, as the stored JSON lists credits): the one an audience that may not see them may have had."""
    credited = "COALESCE(json_extract(w.doc, '$.credits'), '[]')"
    clean = " AND ".join(f"{credited} NOT LIKE :quoted{n}" for n in range(codes))
    return f"SELECT MAX(w.version) FROM versions w WHERE w.item_id = i.id AND {clean}"


def _next_after(version: str, column: str = "created") -> str:
    """When the version of item `i` after `version` was stored (with `column` `seq`: its place in the change log)."""
    return f"SELECT MIN(h.{column}) FROM versions h WHERE h.item_id = i.id AND h.version > {version}"


def _hidden_at(codes: int, column: str = "created") -> str:
    """When item `i` was hidden from an audience by crediting one of the agencies named by `quoted0`...: the first
    version after the last one that credited none of them; NULL when every version credited one. With `column`
    `seq`, that version's place in the change log."""
    return _next_after(f"({_last_clean(codes)})", column)


# The embargo of version `w` (of item `i`), from its stored story.
_VERSION_EMBARGO = "unixepoch(json_extract(w.doc, '$.embargo'))"


def _version_published() -> str:
    """The publication time of version `w` of item `i`, as `Item.published` reads it from its stored story: its
    own, else its embargo if that came after the item was first stored, else when the item was first stored."""
    embargo = _VERSION_EMBARGO
    return (
        f"COALESCE(unixepoch(json_extract(w.doc, '$.published')), "
        f"CASE WHEN {embargo} > i.first_created THEN {embargo} ELSE i.first_created END)"
    )


def _had_it(codes: int) -> str:
    """Whether the window had item `i` before a version crediting one of the agencies named by `quoted0`... hid it
    from the window: the last version that credited none of them listed this section and had come out for the
    window (its own publication time and embargo, as `Item.published` reads them, and the window's delay) by the
    time the next version was stored. Not the item's current times or sections: the hiding version may have
    moved them."""
    out_by = f"MAX({_version_published()} + :delay, COALESCE({_VERSION_EMBARGO}, 0))"
    listed = "EXISTS (SELECT 1 FROM json_each(w.doc, '$.sections') WHERE json_each.value = :section)"
    return (
        f"EXISTS (SELECT 1 FROM versions w WHERE w.item_id = i.id AND w.version = ({_last_clean(codes)}) "
        f"AND {listed} AND {out_by} <= ({_next_after('w.version')}))"
    )


def _last_version(db: sqlite3.Connection, now: datetime) -> tuple[int, datetime]:
    """The last sequence number committed (by any process), and the time to date a transaction's versions: `now`,
    but never before the last version in the log. A bulk process dates its versions by the server's time when their
    batch was sent, and commits after whatever was stored while it normalised them; dated earlier, they would sort
    behind a change-log cursor already given out, and a partner syncing by it would never see them."""
    row = db.execute("SELECT seq, created FROM versions ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        return 0, now
    return int(row[0]), max(now, instant(int(row[1])))


def _current(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Current]:
    """The stored state of the items `ids`, to plan their next versions against."""
    wanted = list(ids)
    state: dict[str, Current] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {ITEM_COLUMNS} FROM items i JOIN versions v ON v.seq = i.seq WHERE i.id IN ({marks})"
        for row in db.execute(sql, chunk):
            item = item_from_row(row)
            state[item.id] = Current(item, row[7])
    return state


def _write(db: sqlite3.Connection, plan: Plan) -> None:
    """Write the versions a plan holds, and the items' current state and section lists."""
    if not plan.written:
        return
    _in_rows(db, "INSERT INTO versions VALUES {rows}", [version_row(planned) for planned in plan.written])
    _in_rows(
        db,
        "INSERT INTO items VALUES {rows} ON CONFLICT (id) DO UPDATE SET "
        "seq = excluded.seq, version = excluded.version, status = excluded.status, "
        "version_created = excluded.version_created, published = excluded.published, "
        "embargo = excluded.embargo, credits = excluded.credits, digest = excluded.digest",
        [item_row(planned) for planned in plan.written],
    )
    latest = latest_versions(plan.written)
    # Only an item stored before has section rows to replace: a first version lists its item for the first time.
    replaced = [(p.item.id,) for p in latest if p.item.version > 1]
    _in_rows(db, "DELETE FROM item_sections WHERE item_id IN {rows}", replaced, flat=True)
    _in_rows(db, "INSERT OR REPLACE INTO item_sections VALUES {rows}", section_rows(latest))
    _in_rows(db, "INSERT INTO moves VALUES {rows}", move_rows(plan))


# The most rows one statement takes (fewer where the SQLite library allows fewer parameters than they need).
_ROWS_MAX = 256


def _in_rows(db: sqlite3.Connection, sql: str, rows: Sequence[tuple[Any, ...]], *, flat: bool = False) -> None:
    """Run `sql` for `rows` in few statements, each holding many rows at `{rows}` (VALUES lists, or with `flat` one
    list of single values). executemany would run the statement once per row, letting go of Python's lock each
    time, and the writer's thread would then wait for the event loop to hand it back. Statements take a power of
    two of rows, so that each count's text is prepared once and kept in the connection's statement cache."""
    width = len(rows[0]) if rows else 1
    most = min(_ROWS_MAX, 1 << (db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width).bit_length() - 1)
    row = "(" + ", ".join("?" * width) + ")"
    start = 0
    while start < len(rows):
        count = min(most, 1 << ((len(rows) - start).bit_length() - 1))
        chunk = rows[start : start + count]
        marks = "(" + ", ".join("?" * count) + ")" if flat else ", ".join([row] * count)
        db.execute(sql.format(rows=marks), [value for values in chunk for value in values])
        start += count


def _kept_receipt(db: sqlite3.Connection, token: str) -> str | None:
    """The receipt a put of `token` left when it was committed (Store.put_once), if one was."""
    row = db.execute("SELECT receipt FROM receipts WHERE token = ?", (token,)).fetchone()
    return str(row[0]) if row is not None else None


def _keep_receipts(db: sqlite3.Connection, receipts: list[tuple[str, str]], now: int) -> None:
    """Keep the receipts of a group's puts made once, and forget those older than RECEIPT_KEEP_SECONDS."""
    if receipts:
        db.execute("DELETE FROM receipts WHERE created < ?", (now - RECEIPT_KEEP_SECONDS,))
        db.executemany("INSERT INTO receipts VALUES (?, ?, ?)", [(*receipt, now) for receipt in receipts])


def _remember(db: sqlite3.Connection, requests: list[Remember]) -> None:
    # A fingerprint keeps one page more than the threshold: enough to count past it without the page that asks,
    # and the table stays bounded by the number of distinct lines.
    keep = BOILERPLATE_PAGES + 1
    rows = [(r.source, line, r.page, r.source, line, keep) for r in requests for line in sorted(r.lines)]
    if rows:
        db.executemany(
            "INSERT OR IGNORE INTO page_lines (source, fingerprint, page) SELECT ?, ?, ? "
            "WHERE (SELECT COUNT(*) FROM page_lines WHERE source = ? AND fingerprint = ?) < ?",
            rows,
        )


class Writer:
    """The connection that writes, with a thread of its own: whatever runs on it runs there, one at a time."""

    def __init__(self, path: Path) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        # Made here, used only in the thread (the executor has one).
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._open = True

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        if not self._open:
            raise Unavailable("the store is closed")
        return await asyncio.get_running_loop().run_in_executor(self._thread, work, self._db)

    async def close(self) -> None:
        if self._open:
            self._open = False
            await asyncio.get_running_loop().run_in_executor(self._thread, self._db.close)
            self._thread.shutdown()


class WriterLock:
    """Writers on one SQLite file take turns through a file lock before they begin a transaction.

    SQLite would make them take turns anyway, but a writer that finds the file locked sleeps and retries (its
    busy handler), losing milliseconds each time; several worker processes on one file then write more slowly
    than one. A blocking file lock wakes the next writer the moment the last one commits.
    """

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def __enter__(self) -> None:  # in the writer's thread, which waits for the lock
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


async def open_sqlite_store(path: Path, *, clock: Clock = utc_now, poll_seconds: float = POLL_SECONDS) -> SQLiteStore:
    """Open (creating and migrating if needed) the SQLite store at `path`; its folder must exist. ConfigError for
    a file that is no SQLite database, Unavailable for one that cannot be opened (a read-only disk, permissions):
    each naming the path."""
    try:
        writer = Writer(path)
    except sqlite3.Error as exc:
        raise _cannot_open(path, exc) from None
    reader: aiosqlite.Connection | None = None
    try:
        await writer.run(_configure)
        created = await writer.run(partial(_migrate, now=clock(), path=path))
        rows = await writer.run(lambda db: db.execute("SELECT COALESCE(MAX(seq), 0) FROM versions").fetchall())
        reader = await aiosqlite.connect(path, isolation_level=None)
        for pragma in _PRAGMAS:
            await reader.execute(pragma)
        lock = WriterLock(path.with_name(path.name + ".writer-lock"))
    except BaseException as exc:
        if reader is not None:
            await reader.close()
        await writer.close()
        if isinstance(exc, sqlite3.Error | OSError):
            raise _cannot_open(path, exc) from None
        raise
    last_seq = int(rows[0][0]) if rows else 0
    return SQLiteStore(
        writer, reader, clock=clock, created=created, last_seq=last_seq, poll_seconds=poll_seconds, lock=lock
    )


def _cannot_open(path: Path, exc: sqlite3.Error | OSError) -> ConfigError | Unavailable:
    """Why the store at `path` cannot be opened, in one line that names it."""
    if isinstance(exc, sqlite3.Error) and exc.sqlite_errorcode == sqlite3.SQLITE_NOTADB:
        return ConfigError(f"{path}: not a SQLite database (is [storage] url the store's file?)")
    # SQLite needs to write beside the file as well (its -wal and -shm files, the writers' lock file).
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return Unavailable(f"{path}: cannot open the store: it, or its folder, cannot be written (a read-only disk?)")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return Unavailable(f"{path}: cannot open the store: {reason}")


# WAL: readers never block the writer. synchronous=FULL: a commit is on disk before it is acknowledged. 1 MiB of
# page cache per connection (SQLite's default is 2): the operating system caches the file too, and the server's
# memory belongs to the rendered documents.
_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=10000",
    "PRAGMA cache_size=-1024",
)


def _configure(db: sqlite3.Connection) -> None:
    for pragma in _PRAGMAS:
        db.execute(pragma)


def migrations() -> list[tuple[int, str]]:
    """The SQLite migrations shipped with the package, as (number, SQL), in order."""
    folder = resources.files("wire") / "migrations" / "sqlite"
    return sorted(
        (int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )


def _migrate(db: sqlite3.Connection, now: datetime, path: Path) -> datetime:
    """Apply the migrations not yet applied, in one transaction; returns when the store was created. ConfigError
    for a store a later version has migrated further."""
    db.execute("BEGIN IMMEDIATE")
    try:
        row = db.execute("PRAGMA user_version").fetchone()
        applied = int(row[0]) if row else 0
        known = migrations()
        if applied > known[-1][0]:
            raise newer_schema(str(path), applied, known[-1][0])
        for number, sql in known:
            if number > applied:
                for statement in _statements(sql):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number:d}")
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created', ?)", (str(epoch(now)),))
        row = db.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise
    if row is None:
        raise RuntimeError("the store's creation time is missing from its meta table")
    return instant(int(row[0]))


def _statements(sql: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
