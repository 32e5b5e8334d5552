"""The embedded store: one SQLite file in WAL mode, through aiosqlite.

Writes go through one writer task that groups the pushes waiting at that moment into one transaction (group
commit): each push is acknowledged only after its transaction is durably committed, and under load many pushes
share one fsync. Reads use a second connection, so a feed read never waits for a write.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from wire.errors import NewswireError, NotFound, Unavailable
from wire.model import Item, Status, Story
from wire.store import (
    BOILERPLATE_PAGES,
    Clock,
    Current,
    FeedQuery,
    Outcome,
    Planned,
    Refused,
    Stored,
    parse_stored_time,
    plan_version,
    plan_withdrawal,
    story_from_json,
    story_to_json,
    utc_now,
)
from wire.timestamps import format_rfc3339

# Pushes grouped into one transaction at most; bounded so that one commit stays short.
_MAX_BATCH = 2000

_ITEM_COLUMNS = "v.doc, i.version, i.status, i.first_created, v.created, i.seq, v.withdrawn_reason"


@dataclass(slots=True)
class _Push:
    stories: Sequence[Story]
    atomic: bool
    done: asyncio.Future[list[Stored | Refused]]


@dataclass(slots=True)
class _Withdraw:
    item_id: str
    reason: str
    done: asyncio.Future[Item]


@dataclass(slots=True)
class _Remember:
    source: str
    page: str
    lines: frozenset[str]
    done: asyncio.Future[None]


@dataclass(slots=True)
class _Batch:
    """The rows one transaction writes."""

    versions: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    sections: list[tuple[str, str, str]] = field(default_factory=list)
    cleared: list[tuple[str]] = field(default_factory=list)
    page_lines: list[tuple[str, str, str, str, str, int]] = field(default_factory=list)


class SQLiteStore:
    """The Store on one SQLite file. Open it with `open_sqlite_store`."""

    def __init__(
        self,
        writer: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        clock: Clock,
        created: datetime,
    ) -> None:
        self.created = created
        self._writer = writer
        self._reader = reader
        self._clock = clock
        self._queue: asyncio.Queue[_Push | _Withdraw | _Remember] = asyncio.Queue()
        self._task = asyncio.create_task(self._write_loop(), name="sqlite-writer")

    async def put(self, stories: Sequence[Story], *, atomic: bool) -> list[Stored | Refused]:
        done: asyncio.Future[list[Stored | Refused]] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Push(stories, atomic, done))
        return await done

    async def withdraw(self, item_id: str, reason: str) -> Item:
        done: asyncio.Future[Item] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Withdraw(item_id, reason, done))
        return await done

    async def get(self, item_id: str) -> Item | None:
        sql = f"SELECT {_ITEM_COLUMNS} FROM items i JOIN versions v ON v.seq = i.seq WHERE i.id = ?"
        async with self._reader.execute(sql, (item_id,)) as cursor:
            row = await cursor.fetchone()
        return _item(row) if row else None

    async def history(self, item_id: str) -> list[Item]:
        sql = (
            "SELECT v.doc, v.version, v.status, i.first_created, v.created, v.seq, v.withdrawn_reason "
            "FROM versions v JOIN items i ON i.id = v.item_id WHERE v.item_id = ? ORDER BY v.version"
        )
        async with self._reader.execute(sql, (item_id,)) as cursor:
            return [_item(row) for row in await cursor.fetchall()]

    async def feed(self, query: FeedQuery) -> list[Item]:
        now = format_rfc3339(query.now)
        latest = format_rfc3339(query.now - timedelta(seconds=query.delay_seconds))
        excluded = "".join(" AND i.credits NOT LIKE ?" for _ in query.exclude_credits)
        sql = (
            f"SELECT {_ITEM_COLUMNS} FROM item_sections s "
            "JOIN items i ON i.id = s.item_id JOIN versions v ON v.seq = i.seq "
            "WHERE s.section = ? AND i.status = 'usable' AND s.published <= ? "
            f"AND (i.embargo IS NULL OR i.embargo <= ?){excluded} "
            "ORDER BY s.published DESC, s.item_id DESC LIMIT ?"
        )
        params = [
            query.section,
            latest,
            now,
            *(f"% {c} %" for c in query.exclude_credits),
            query.limit,
        ]
        async with self._reader.execute(sql, params) as cursor:
            return [_item(row) for row in await cursor.fetchall()]

    async def next_visible(self, query: FeedQuery) -> datetime | None:
        delay = timedelta(seconds=query.delay_seconds)
        sql = (
            "SELECT MIN(s.published), (SELECT MIN(i.embargo) FROM item_sections t JOIN items i ON i.id = t.item_id "
            "WHERE t.section = ? AND i.status = 'usable' AND i.embargo > ?) "
            "FROM item_sections s JOIN items i ON i.id = s.item_id "
            "WHERE s.section = ? AND i.status = 'usable' AND s.published > ?"
        )
        now = format_rfc3339(query.now)
        params = (query.section, now, query.section, format_rfc3339(query.now - delay))
        async with self._reader.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        published, embargo = row or (None, None)
        candidates = []
        if published is not None:
            candidates.append(parse_stored_time(published) + delay)
        if embargo is not None:
            candidates.append(parse_stored_time(embargo))
        return min(candidates, default=None)

    async def close(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self._reader.close()
        await self._writer.close()

    async def _write_loop(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < _MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                results = await self._commit(batch)
            except Exception as exc:  # every waiting push learns of the failure
                failure = Unavailable(f"the store could not commit: {exc}")
                for request in batch:
                    if not request.done.done():
                        request.done.set_exception(failure)
                continue
            for request, result in zip(batch, results, strict=True):
                if request.done.done():
                    continue
                if isinstance(result, NewswireError):
                    request.done.set_exception(result)
                else:
                    request.done.set_result(result)  # type: ignore[arg-type]

    async def _commit(self, requests: list[_Push | _Withdraw | _Remember]) -> list[object]:
        db = self._writer
        await db.execute("BEGIN IMMEDIATE")
        try:
            ids = {s.id for r in requests if isinstance(r, _Push) for s in r.stories}
            ids |= {r.item_id for r in requests if isinstance(r, _Withdraw)}
            state = await self._current(ids)
            async with db.execute("SELECT COALESCE(MAX(seq), 0) FROM versions") as cursor:
                row = await cursor.fetchone()
            seq = int(row[0]) if row else 0
            now = self._clock()
            batch = _Batch()
            results: list[object] = []
            for request in requests:
                if isinstance(request, _Push):
                    pushed, seq = _plan_push(request, state, batch, now, seq)
                    results.append(pushed)
                elif isinstance(request, _Withdraw):
                    withdrawn, seq = _plan_withdraw(request, state, batch, now, seq)
                    results.append(withdrawn)
                else:
                    _stage_page_lines(batch, request)
                    results.append(None)
            await self._write(batch)
            await db.commit()
        except BaseException:
            await db.rollback()
            raise
        return results

    async def _current(self, ids: Iterable[str]) -> dict[str, Current]:
        wanted = list(ids)
        state: dict[str, Current] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = (
                f"SELECT {_ITEM_COLUMNS}, i.digest FROM items i JOIN versions v ON v.seq = i.seq "
                f"WHERE i.id IN ({marks})"
            )
            async with self._writer.execute(sql, chunk) as cursor:
                for row in await cursor.fetchall():
                    item = _item(row)
                    state[item.id] = Current(item, row[7])
        return state

    async def _write(self, batch: _Batch) -> None:
        db = self._writer
        if batch.versions:
            await db.executemany(
                "INSERT INTO versions (seq, item_id, version, status, created, digest, doc, withdrawn_reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                batch.versions,
            )
        if batch.items:
            await db.executemany(
                "INSERT INTO items (id, seq, version, status, first_created, arrival, published, embargo, credits, "
                "digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, "
                "version = excluded.version, status = excluded.status, published = excluded.published, "
                "embargo = excluded.embargo, credits = excluded.credits, digest = excluded.digest",
                batch.items,
            )
        if batch.cleared:
            await db.executemany("DELETE FROM item_sections WHERE item_id = ?", batch.cleared)
        if batch.sections:
            await db.executemany(
                "INSERT OR REPLACE INTO item_sections (section, item_id, published) VALUES (?, ?, ?)",
                batch.sections,
            )
        if batch.page_lines:
            # A fingerprint keeps one page more than the threshold: enough to count past it without the page that
            # asks, and the table stays bounded by the number of distinct lines.
            await db.executemany(
                "INSERT OR IGNORE INTO page_lines (source, fingerprint, page) SELECT ?, ?, ? "
                "WHERE (SELECT COUNT(*) FROM page_lines WHERE source = ? AND fingerprint = ?) < ?",
                batch.page_lines,
            )

    async def page_lines(self, source: str, *, excluding: str) -> frozenset[str]:
        sql = (
            "SELECT fingerprint FROM page_lines WHERE source = ? AND page <> ? "
            "GROUP BY fingerprint HAVING COUNT(*) >= ?"
        )
        async with self._reader.execute(sql, (source, excluding, BOILERPLATE_PAGES)) as cursor:
            return frozenset(row[0] for row in await cursor.fetchall())

    async def remember_page_lines(self, source: str, page: str, lines: Iterable[str]) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Remember(source, page, frozenset(lines), done))
        await done


def _plan_push(
    request: _Push, state: dict[str, Current], batch: _Batch, now: datetime, seq: int
) -> tuple[list[Stored | Refused], int]:
    first_seq = seq
    staged: dict[str, Current] = {}
    planned: list[Planned] = []
    outcome: list[Stored | Refused] = []
    for story in request.stories:
        result = plan_version(story, staged.get(story.id) or state.get(story.id), now=now, seq=seq + 1)
        if isinstance(result, Refused):
            outcome.append(result)
            continue
        if result.outcome is not Outcome.UNCHANGED:
            seq += 1
            planned.append(result)
            staged[story.id] = Current(result.item, result.digest)
        outcome.append(Stored(result.item, result.outcome))
    if request.atomic and any(isinstance(o, Refused) for o in outcome):
        return [o for o in outcome if isinstance(o, Refused)], first_seq
    state.update(staged)
    for p in planned:
        _stage(batch, p.item, p.digest)
    return outcome, seq


def _plan_withdraw(
    request: _Withdraw, state: dict[str, Current], batch: _Batch, now: datetime, seq: int
) -> tuple[Item | NotFound, int]:
    current = state.get(request.item_id)
    if current is None:
        return NotFound(f"no item {request.item_id!r}"), seq
    if current.item.status is Status.CANCELED:
        return current.item, seq
    item = plan_withdrawal(current, request.reason, now=now, seq=seq + 1)
    state[item.id] = Current(item, current.digest)
    _stage(batch, item, current.digest)
    return item, seq + 1


def _stage_page_lines(batch: _Batch, request: _Remember) -> None:
    keep = BOILERPLATE_PAGES + 1
    batch.page_lines.extend(
        (request.source, line, request.page, request.source, line, keep) for line in sorted(request.lines)
    )


def _stage(batch: _Batch, item: Item, digest: str) -> None:
    story = item.story
    published = format_rfc3339(item.published)
    batch.versions.append(
        (
            item.seq,
            item.id,
            item.version,
            item.status.value,
            format_rfc3339(item.version_created),
            digest,
            story_to_json(story),
            item.withdrawn_reason,
        )
    )
    batch.items.append(
        (
            item.id,
            item.seq,
            item.version,
            item.status.value,
            format_rfc3339(item.first_created),
            item.seq,
            published,
            format_rfc3339(story.embargo) if story.embargo else None,
            " " + " ".join(story.credits) + " ",
            digest,
        )
    )
    batch.cleared.append((item.id,))
    batch.sections.extend((section, item.id, published) for section in story.sections)


def _item(row: Sequence[Any]) -> Item:
    return Item(
        story=story_from_json(row[0]),
        version=int(row[1]),
        status=Status(row[2]),
        first_created=parse_stored_time(row[3]),
        version_created=parse_stored_time(row[4]),
        seq=int(row[5]),
        withdrawn_reason=row[6],
    )


async def open_sqlite_store(path: Path, *, clock: Clock = utc_now) -> SQLiteStore:
    """Open (creating and migrating if needed) the SQLite store at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = await aiosqlite.connect(path, isolation_level=None)
    await _configure(writer)
    created = await _migrate(writer, clock())
    reader = await aiosqlite.connect(path, isolation_level=None)
    await _configure(reader)
    return SQLiteStore(writer, reader, clock, created)


async def _configure(db: aiosqlite.Connection) -> None:
    # WAL: readers never block the writer. synchronous=FULL: a commit is on disk before it is acknowledged.
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=FULL")
    await db.execute("PRAGMA busy_timeout=5000")
    await db.execute("PRAGMA foreign_keys=ON")


def migrations() -> list[tuple[int, str]]:
    """The SQLite migrations shipped with the package, as (number, SQL), in order."""
    folder = resources.files("wire") / "migrations" / "sqlite"
    return sorted(
        (int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )


async def _migrate(db: aiosqlite.Connection, now: datetime) -> datetime:
    """Apply the migrations not yet applied, in one transaction; returns when the store was created."""
    await db.execute("BEGIN IMMEDIATE")
    try:
        async with db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        applied = int(row[0]) if row else 0
        for number, sql in migrations():
            if number > applied:
                for statement in _statements(sql):
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {number:d}")
        await db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created', ?)", (format_rfc3339(now),))
        async with db.execute("SELECT value FROM meta WHERE key = 'created'") as cursor:
            row = await cursor.fetchone()
        await db.commit()
    except BaseException:
        await db.rollback()
        raise
    if row is None:
        raise RuntimeError("the store's creation time is missing from its meta table")
    return parse_stored_time(row[0])


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
