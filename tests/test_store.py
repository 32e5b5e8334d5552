"""The store contract. Every store implementation runs this same suite: each test runs on SQLite and on PostgreSQL
(the `store_url` fixture)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from tests.conftest import Clock, make_config
from wire.errors import NotFound
from wire.model import Kind, Status, Story
from wire.store import RECEIPT_KEEP_SECONDS, Outcome, Refused, Store, Stored, Subscription, Window
from wire.store_postgres import migrations as postgres_migrations
from wire.store_sqlite import migrations as sqlite_migrations
from wire.stores import open_store as open_configured_store

StoreOpener = Callable[[], Awaitable[Store]]


@pytest.fixture
async def open_store(store_url: str, tmp_path: Path, clock: Clock) -> AsyncIterator[StoreOpener]:
    """Opens the test's store, as the server does from its configuration; each call is another opening of the same
    store (as another process or instance would open it)."""
    config = make_config(tmp_path, storage={"url": store_url})
    opened: list[Store] = []

    async def opener() -> Store:
        store = await open_configured_store(config, clock)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        await store.close()


@pytest.fixture
async def store(open_store: StoreOpener) -> Store:
    return await open_store()


def make(item_id: str, *, section: str = "world", minute: int = 0, **fields: object) -> Story:
    published = datetime(2026, 3, 1, 10, minute, tzinfo=UTC)
    return Story(
        id=item_id,
        kind=Kind.ARTICLE,
        sections=(section,),
        headline=f"Headline {item_id}",
        published=published,
        **fields,  # type: ignore[arg-type]
    )


def stored(results: list[Stored | Refused]) -> list[Stored]:
    assert all(isinstance(r, Stored) for r in results), results
    return [r for r in results if isinstance(r, Stored)]


def window(clock: Clock, **fields: object) -> Window:
    return Window(now=clock(), **fields)  # type: ignore[arg-type]


async def ids(store: Store, clock: Clock, section: str = "world", **fields: object) -> list[str]:
    return [i.id for i in await store.newest(section, window(clock, **fields), limit=50)]


async def test_a_new_item_is_version_one(store: Store, clock: Clock) -> None:
    [result] = stored(await store.put([make("a")], atomic=True))
    assert result.outcome is Outcome.CREATED
    assert result.item.version == 1
    assert result.item.first_created == clock()
    assert await store.get("a") == result.item


async def test_a_changed_push_adds_a_version_and_keeps_the_history(store: Store, clock: Clock) -> None:
    await store.put([make("a")], atomic=True)
    clock.advance(minutes=3)
    [second] = stored(await store.put([make("a", summary="More")], atomic=True))
    assert second.outcome is Outcome.UPDATED
    assert second.item.version == 2
    assert second.item.version_created == clock()
    history = await store.history("a")
    assert [i.version for i in history] == [1, 2]
    assert history[0].story.summary is None
    assert history[1].story.summary == "More"


async def test_an_identical_push_is_unchanged(store: Store) -> None:
    await store.put([make("a")], atomic=True)
    [again] = stored(await store.put([make("a")], atomic=True))
    assert again.outcome is Outcome.UNCHANGED
    assert [i.version for i in await store.history("a")] == [1]


async def test_an_older_update_is_refused_and_an_atomic_push_stores_nothing(store: Store) -> None:
    newer = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    await store.put([make("a", updated=newer)], atomic=True)
    results = await store.put([make("b"), make("a", updated=newer - timedelta(hours=1))], atomic=True)
    assert [type(r) for r in results] == [Refused]
    assert "older than the stored version" in results[0].error.detail  # type: ignore[union-attr]
    assert await store.get("b") is None


async def test_a_non_atomic_push_keeps_the_good_stories(store: Store) -> None:
    newer = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    await store.put([make("a", updated=newer)], atomic=True)
    results = await store.put([make("b"), make("a", updated=newer - timedelta(hours=1))], atomic=False)
    assert [type(r) for r in results] == [Stored, Refused]
    assert await store.get("b") is not None


async def test_feed_is_newest_first_and_only_the_section(store: Store, clock: Clock) -> None:
    await store.put(
        [make("a", minute=1), make("b", minute=3), make("c", minute=2, section="sport")],
        atomic=True,
    )
    assert await ids(store, clock) == ["b", "a"]
    assert await store.count("world", window(clock)) == 2


async def test_feed_hides_embargoed_and_delayed_items_until_their_time(store: Store, clock: Clock) -> None:
    embargo = clock() + timedelta(minutes=10)
    await store.put([make("held", embargo=embargo), make("out")], atomic=True)
    assert await ids(store, clock) == ["out"]
    assert await store.next_visible("world", window(clock)) == embargo
    clock.advance(minutes=10)
    assert set(await ids(store, clock)) == {"held", "out"}
    assert await ids(store, clock, delay_seconds=3 * 3600) == []
    delayed = window(clock, delay_seconds=3 * 3600)
    assert await store.next_visible("world", delayed) == datetime(2026, 3, 1, 13, 0, tzinfo=UTC)


async def test_feed_leaves_out_excluded_agencies(store: Store, clock: Clock) -> None:
    await store.put([make("afp", credits=("AFP",)), make("own")], atomic=True)
    assert await ids(store, clock, exclude_credits=("AFP",)) == ["own"]


async def test_the_time_a_correction_hid_an_item_from_a_window_is_known(store: Store, clock: Clock) -> None:
    hides = window(clock, exclude_credits=("EXW",))
    await store.put([make("never-seen", credits=("EXW",)), make("seen", credits=("AFP",))], atomic=True)
    assert await store.hidden_since("world", hides) is None  # a first version: never seen, so never hidden
    clock.advance(minutes=5)
    await store.put([make("never-seen", credits=("EXW",), summary="Edited")], atomic=True)
    assert await store.hidden_since("world", hides) is None  # no version of it was ever the audience's
    clock.advance(minutes=5)
    await store.put([make("seen", credits=("AFP", "EXW"), summary="Corrected")], atomic=True)
    hidden_at = clock()
    assert await store.hidden_since("world", hides) == hidden_at
    clock.advance(minutes=5)  # edited since: it was hidden when it was hidden
    await store.put([make("seen", credits=("AFP", "EXW"), summary="Corrected again")], atomic=True)
    assert await store.hidden_since("world", hides) == hidden_at
    assert await store.hidden_since("world", window(clock)) is None  # a window that hides no agency
    day = datetime(2026, 3, 1, tzinfo=UTC)
    assert await store.hidden_since("world", hides, published_from=day, published_before=day) is None


async def test_the_time_a_version_moved_an_item_out_of_a_published_range_is_known(store: Store, clock: Clock) -> None:
    day = datetime(2026, 3, 1, tzinfo=UTC)
    await store.put([make("a", minute=1), make("b", minute=5)], atomic=True)
    clock.advance(minutes=10)
    since = clock()

    async def moved(start: datetime, end: datetime | None, after: datetime = since) -> datetime | None:
        return await store.moved_out_at("world", window(clock), published_from=start, published_before=end, since=after)

    assert await moved(day, day + timedelta(days=1)) is None
    clock.advance(minutes=1)
    await store.put([replace(make("b"), published=day - timedelta(hours=2))], atomic=True)  # to the day before
    moved_at = clock()
    clock.advance(minutes=5)
    await store.put([replace(make("b", summary="Edited"), published=day - timedelta(hours=2))], atomic=True)
    assert await moved(day, day + timedelta(days=1)) == moved_at  # edited since: it moved when it moved
    assert await moved(day + timedelta(hours=10, minutes=3), None) == moved_at  # out of a current page too
    assert await moved(day, day + timedelta(hours=10, minutes=3)) is None  # never in that range
    assert await moved(day - timedelta(days=1), day) is None  # moved into that one: its own time tells
    assert await moved(day, day + timedelta(days=1), after=clock()) is None  # nothing changed after
    clock.advance(minutes=1)
    await store.put([replace(make("b", summary="Edited"), published=day + timedelta(hours=10, minutes=5))], atomic=True)
    assert await moved(day, day + timedelta(days=1)) is None  # back in the day: its own time tells
    clock.advance(minutes=1)
    await store.put([replace(make("b", summary="Edited"), published=day - timedelta(hours=3))], atomic=True)
    assert await moved(day, day + timedelta(days=1)) == clock()  # out again: the last time it left


async def as_before_the_moves_were_kept(store_url: str) -> None:
    """Make the store as the previous release left it once migrated: its versions, and the moves table made by the
    migration that made it, empty (that release did not keep them)."""
    if store_url.startswith("sqlite:"):
        [made] = [number for number, sql in sqlite_migrations() if "CREATE TABLE moves" in sql]
        with contextlib.closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
            db.execute("DELETE FROM moves")
            db.execute(f"PRAGMA user_version = {made:d}")
            db.commit()
    else:
        [made] = [number for number, _, sql in postgres_migrations() if "CREATE TABLE moves" in sql]
        db = await asyncpg.connect(store_url)
        try:
            await db.execute("DELETE FROM moves")
            await db.execute("DELETE FROM schema_migrations WHERE version > $1", made)
        finally:
            await db.close()


async def test_the_moves_made_before_the_store_kept_them_are_known_after_the_upgrade(
    open_store: StoreOpener, store_url: str, clock: Clock
) -> None:
    # A story a correction moved out of an archive day under the previous release: the day lost it then, and a
    # reader that fetched the day before must not be told 304 by the upgraded server.
    day = datetime(2026, 3, 1, tzinfo=UTC)
    first = await open_store()
    await first.put([make("a", minute=1), make("b", minute=5)], atomic=True)
    clock.advance(minutes=10)
    since = clock()
    clock.advance(minutes=1)
    await first.put([replace(make("b"), published=day - timedelta(hours=2))], atomic=True)
    moved_at = clock()
    await first.close()
    await as_before_the_moves_were_kept(store_url)
    upgraded = await open_store()
    moved = await upgraded.moved_out_at(
        "world", window(clock), published_from=day, published_before=day + timedelta(days=1), since=since
    )
    assert moved == moved_at


async def test_withdrawal_is_a_canceled_version_and_leaves_the_feed(store: Store, clock: Clock) -> None:
    await store.put([make("a")], atomic=True)
    withdrawn = await store.withdraw("a", "legal")
    assert withdrawn.status is Status.CANCELED
    assert withdrawn.version == 2
    assert withdrawn.withdrawn_reason == "legal"
    assert await ids(store, clock) == []
    [gone] = await store.withdrawn("world", window(clock), limit=10)
    assert gone.id == "a"
    # By when it was withdrawn: after one instant, or not after another.
    at = gone.version_created
    assert await store.withdrawn("world", window(clock), limit=10, withdrawn_since=at) == []
    assert [i.id for i in await store.withdrawn("world", window(clock), limit=10, withdrawn_until=at)] == ["a"]
    earlier = at - timedelta(microseconds=1)
    assert await store.withdrawn("world", window(clock), limit=10, withdrawn_until=earlier) == []
    again = await store.withdraw("a", "twice")
    assert again.version == 2
    with pytest.raises(NotFound):
        await store.withdraw("missing", "x")


async def test_a_withdrawn_item_refuses_every_push_and_keeps_its_last_version(store: Store, clock: Clock) -> None:
    await store.put([make("a")], atomic=True)
    await store.withdraw("a", "legal")
    results = await store.put([make("a"), make("a", summary="Changed"), make("b")], atomic=False)
    assert [type(r) for r in results] == [Refused, Refused, Stored]
    assert {r.field for r in results if isinstance(r, Refused)} == {"id"}
    assert [i.status for i in await store.history("a")] == [Status.USABLE, Status.CANCELED]
    assert await ids(store, clock) == ["b"]
    # In one atomic write, the refusal leaves the rest unwritten too.
    assert [type(r) for r in await store.put([make("c"), make("a")], atomic=True)] == [Refused]
    assert await store.get("c") is None


async def test_an_item_that_is_out_refuses_a_version_that_would_hide_it(store: Store, clock: Clock) -> None:
    await store.put([make("a"), make("b", embargo=clock() + timedelta(hours=1))], atomic=True)
    later = clock() + timedelta(hours=2)
    [hidden] = await store.put([make("a", embargo=later)], atomic=True)
    assert isinstance(hidden, Refused)
    assert hidden.field == "embargo"
    [moved] = await store.put([make("b", embargo=later)], atomic=True)  # not out yet: its embargo may move
    assert isinstance(moved, Stored)
    assert moved.item.version == 2
    assert await ids(store, clock) == ["a"]


async def test_concurrent_pushes_all_land_with_distinct_versions(store: Store) -> None:
    results = await asyncio.gather(*(store.put([make(f"i{n % 7}", summary=str(n))], atomic=True) for n in range(70)))
    assert all(isinstance(r, Stored) for batch in results for r in batch)
    for n in range(7):
        assert [i.version for i in await store.history(f"i{n}")] == list(range(1, 11))


def versions_of(results: list[Stored | Refused]) -> str:
    """A receipt: each story's version, or "refused"."""
    return " ".join(str(r.item.version) if isinstance(r, Stored) else "refused" for r in results)


async def test_a_put_made_once_is_stored_once_and_tells_again_what_it_came_to(open_store: StoreOpener) -> None:
    # A bulk process that dies after its commit: the server sends its stories again, through another opening.
    first, second = await open_store(), await open_store()
    newer = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    await first.put([make("old", updated=newer)], atomic=True)
    batch = [make("a"), make("a", summary="More"), make("old", updated=newer - timedelta(hours=1)), make("b")]
    assert await first.put_once(batch, "batch-1", versions_of) == "1 2 refused 1"
    again = await second.put_once(batch, "batch-1", lambda results: "made again")
    assert again == "1 2 refused 1"
    assert [i.version for i in await second.history("a")] == [1, 2]
    assert [i.version for i in await second.history("b")] == [1]
    # Another batch of the same stories is another put.
    assert await second.put_once([make("a"), make("c")], "batch-2", versions_of) == "3 1"


async def test_a_receipt_is_kept_for_its_time(store: Store, clock: Clock) -> None:
    assert await store.put_once([make("a")], "batch-1", versions_of) == "1"
    clock.advance(seconds=RECEIPT_KEEP_SECONDS - 1)
    assert await store.put_once([make("a", summary="More")], "batch-1", versions_of) == "1"
    clock.advance(seconds=2)
    assert await store.put_once([make("b")], "batch-2", versions_of) == "1"  # forgets the receipts past their time
    assert await store.put_once([make("a", summary="More")], "batch-1", versions_of) == "2"


async def test_the_receipts_past_their_time_are_found_without_reading_every_receipt(
    store: Store, store_url: str
) -> None:
    # Every bulk batch's commit forgets them, and the receipts of a long bulk hold a result for every line stored in it:
    # read whole at each commit, a long bulk's commits would take longer and longer.
    await store.put_once([make("a")], "batch-1", versions_of)
    forget = "DELETE FROM receipts WHERE created < 0"
    if store_url.startswith("sqlite:"):
        with sqlite3.connect(store_url.removeprefix("sqlite:///")) as db:
            plan = " ".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {forget}"))
        assert "SCAN receipts" not in plan, plan
    else:
        db = await asyncpg.connect(store_url)
        try:
            async with db.transaction():
                await db.execute("SET LOCAL enable_seqscan = off")  # the table is small here: what could it use?
                plan = " ".join(row[0] for row in await db.fetch(f"EXPLAIN {forget}"))
        finally:
            await db.close()
        assert "Seq Scan" not in plan, plan


async def test_what_was_acknowledged_is_there_after_reopening(open_store: StoreOpener) -> None:
    first = await open_store()
    await first.put([make(f"x{n}") for n in range(20)], atomic=True)
    await first.close()
    second = await open_store()
    assert len(await second.history("x19")) == 1
    assert second.created == first.created


async def test_items_are_found_by_published_day(store: Store, clock: Clock) -> None:
    day = datetime(2026, 3, 1, tzinfo=UTC)
    await store.put([make("a", minute=1), make("b", minute=2)], atomic=True)
    found = await store.newest("world", window(clock), limit=10, published_from=day, published_before=day)
    assert found == []
    assert await store.published_near("world", window(clock), day) == (None, datetime(2026, 3, 1, 10, 1, tzinfo=UTC))


async def test_changes_list_each_item_once_in_the_order_they_became_visible(store: Store, clock: Clock) -> None:
    await store.put([make("a"), make("b")], atomic=True)
    clock.advance(seconds=1)
    assert await store.changes("world", window(clock), after=None, limit=10) == []  # not settled yet
    clock.advance(seconds=5)
    first = await store.changes("world", window(clock), after=None, limit=1)
    assert [c.item.id for c in first] == ["a"]
    rest = await store.changes("world", window(clock), after=first[-1].cursor, limit=10)
    assert [c.item.id for c in rest] == ["b"]
    await store.put([make("a", summary="corrected")], atomic=True)
    await store.withdraw("b", "legal")
    clock.advance(seconds=5)
    later = await store.changes("world", window(clock), after=rest[-1].cursor, limit=10)
    assert [(c.item.id, c.item.status) for c in later] == [("a", Status.USABLE), ("b", Status.CANCELED)]


async def test_an_embargoed_item_enters_the_changes_when_it_comes_out(store: Store, clock: Clock) -> None:
    await store.put([make("early"), make("held", embargo=clock() + timedelta(minutes=5))], atomic=True)
    clock.advance(seconds=10)
    seen = await store.changes("world", window(clock), after=None, limit=10)
    assert [c.item.id for c in seen] == ["early"]
    clock.advance(minutes=5)
    later = await store.changes("world", window(clock), after=seen[-1].cursor, limit=10)
    assert [c.item.id for c in later] == ["held"]
    assert (later[0].cursor.at, later[0].cursor.seq) > (seen[-1].cursor.at, seen[-1].cursor.seq)


async def test_listeners_learn_which_sections_a_commit_touched(store: Store) -> None:
    heard: list[frozenset[str]] = []
    store.on_change(heard.append)
    await store.put([make("a"), make("b", section="sport")], atomic=True)
    await store.put([make("a")], atomic=True)
    assert heard == [frozenset({"world", "sport"})]


async def test_a_line_met_on_two_pages_of_a_source_is_its_boilerplate(store: Store) -> None:
    await store.remember_page_lines("site", "page-1", ["footer", "only-here"])
    assert await store.page_lines("site", excluding="page-3") == frozenset()
    await store.remember_page_lines("site", "page-2", ["footer"])
    assert await store.page_lines("site", excluding="page-3") == {"footer"}
    assert await store.page_lines("other-site", excluding="page-3") == frozenset()


async def test_the_page_that_asks_is_not_counted(store: Store) -> None:
    await store.remember_page_lines("site", "page-1", ["footer"])
    await store.remember_page_lines("site", "page-2", ["footer"])
    assert await store.page_lines("site", excluding="page-2") == frozenset()
    await store.remember_page_lines("site", "page-3", ["footer"])
    assert await store.page_lines("site", excluding="page-2") == {"footer"}


async def test_remembering_the_same_page_again_counts_it_once(store: Store) -> None:
    for _ in range(3):
        await store.remember_page_lines("site", "page-1", ["footer"])
    assert await store.page_lines("site", excluding="none") == frozenset()


async def test_a_line_on_many_pages_stays_boilerplate_for_each_of_them(store: Store) -> None:
    await asyncio.gather(*(store.remember_page_lines("site", f"page-{n}", ["menu"]) for n in range(10)))
    for n in range(10):
        assert await store.page_lines("site", excluding=f"page-{n}") == {"menu"}


async def test_remembered_lines_survive_reopening(open_store: StoreOpener) -> None:
    first = await open_store()
    await first.remember_page_lines("site", "page-1", ["footer"])
    await first.remember_page_lines("site", "page-2", ["footer"])
    await first.close()
    second = await open_store()
    assert await second.page_lines("site", excluding="page-9") == {"footer"}


# An item may change sections while it is not out (here: under embargo); once out, it keeps them (plan_version).


async def test_an_item_moved_to_another_section_within_one_write_leaves_the_first(store: Store, clock: Clock) -> None:
    held = clock() + timedelta(minutes=5)
    await store.put(
        [make("a", section="world", embargo=held), make("a", section="sport", summary="Moved", embargo=held)],
        atomic=True,
    )
    clock.advance(minutes=5)
    assert await ids(store, clock, "world") == []
    assert await ids(store, clock, "sport") == ["a"]


async def test_an_item_moved_to_another_section_by_a_later_version_leaves_the_first(store: Store, clock: Clock) -> None:
    held = clock() + timedelta(minutes=5)
    await store.put([make("a", section="world", embargo=held), make("b", section="world", minute=1)], atomic=True)
    moved = make("a", section="sport", summary="Moved", embargo=held)
    await store.put([moved, make("c", section="world", minute=2)], atomic=True)
    clock.advance(minutes=5)
    assert await ids(store, clock, "world") == ["c", "b"]
    assert await ids(store, clock, "sport") == ["a"]


async def test_an_item_that_is_out_keeps_its_sections(store: Store, clock: Clock) -> None:
    await store.put([make("a", section="world")], atomic=True)
    [refused] = await store.put([make("a", section="sport", summary="Moved")], atomic=True)
    assert isinstance(refused, Refused)
    assert refused.field == "sections"
    assert await ids(store, clock, "world") == ["a"]
    assert await ids(store, clock, "sport") == []


async def test_a_change_through_one_opening_reaches_the_listeners_of_another_within_a_second(
    open_store: StoreOpener,
) -> None:
    writer, reader = await open_store(), await open_store()
    heard: list[frozenset[str]] = []
    told = asyncio.Event()

    def listener(sections: frozenset[str]) -> None:
        heard.append(sections)
        told.set()

    reader.on_change(listener)
    await writer.put([make("a", section="sport")], atomic=True)
    await asyncio.wait_for(told.wait(), timeout=1.0)
    assert heard == [frozenset({"sport"})]


async def test_a_change_by_another_opening_is_told_even_when_this_one_commits_before_it_looks(
    open_store: StoreOpener,
) -> None:
    # This opening's own commit must not pass over what another committed first (a rate-limit token taken by a
    # poll, or an item of another section): that section's documents would stay stale until its next change.
    writer, reader = await open_store(), await open_store()
    heard: set[str] = set()
    reader.on_change(heard.update)
    await writer.put([make("a", section="sport")], atomic=True)
    await reader.put([make("b", section="world")], atomic=True)  # before its poll has looked
    await reader.take_token("client", 10, 1.0)
    for _ in range(20):
        if "sport" in heard:
            break
        await asyncio.sleep(0.1)
    assert heard >= {"sport", "world"}


async def test_writers_on_several_openings_number_every_version_once_and_the_log_lists_them_all(
    open_store: StoreOpener, clock: Clock
) -> None:
    stores = [await open_store() for _ in range(3)]
    await asyncio.gather(
        *(stores[n % 3].put([make(f"i{n}", summary=str(n))], atomic=True) for n in range(90)),
        *(stores[n % 3].put([make(f"i{n % 10}", summary=f"again {n}")], atomic=True) for n in range(30)),
    )
    clock.advance(seconds=10)
    seqs = sorted([version.seq for n in range(90) for version in await stores[0].history(f"i{n}")])
    assert seqs == list(range(1, len(seqs) + 1))
    changes = await stores[1].changes("world", window(clock), after=None, limit=1000)
    assert sorted(c.item.id for c in changes) == sorted(f"i{n}" for n in range(90))
    positions = [(c.cursor.at, c.cursor.seq) for c in changes]
    assert positions == sorted(positions)


async def test_a_version_committed_after_another_is_never_dated_before_it(
    store: Store, store_url: str, tmp_path: Path, clock: Clock
) -> None:
    # A bulk process dates its versions by the server's time when their batch was sent, and commits after whatever
    # the server stored while it normalised them: dated earlier, they would sort behind a sync cursor given out.
    sent = Clock(clock())
    late = await open_configured_store(make_config(tmp_path, storage={"url": store_url}), sent)
    try:
        clock.advance(seconds=4)
        await store.put([make("single")], atomic=True)
        clock.advance(seconds=3)
        seen = await store.changes("world", window(clock), after=None, limit=10)
        assert [c.item.id for c in seen] == ["single"]
        [result] = stored(await late.put([make("from-bulk")], atomic=False))
        assert result.item.version_created == clock() - timedelta(seconds=3)
        clock.advance(seconds=3)
        later = await store.changes("world", window(clock), after=seen[-1].cursor, limit=10)
        assert [c.item.id for c in later] == ["from-bulk"]
    finally:
        await late.close()


async def test_a_rate_bucket_admits_its_capacity_then_says_how_long_to_wait(store: Store) -> None:
    tokens = [await store.take_token("partner:p", 3, 1 / 60) for _ in range(4)]
    # What the bucket holds after each token taken, which tells a client where it stands (RateLimit).
    assert [(t.wait, round(t.left)) for t in tokens[:3]] == [(0.0, 2), (0.0, 1), (0.0, 0)]
    assert 55 < tokens[3].wait <= 60
    assert (await store.take_token("partner:other", 3, 1 / 60)).wait == 0.0


async def test_a_rate_bucket_refills_with_time_and_a_refusal_takes_nothing(store: Store) -> None:
    assert (await store.take_token("address:1", 1, 20.0)).wait == 0.0
    wait = (await store.take_token("address:1", 1, 20.0)).wait
    assert 0 < wait <= 0.05
    await asyncio.sleep(wait + 0.01)
    assert (await store.take_token("address:1", 1, 20.0)).wait == 0.0


async def test_every_opening_of_the_store_draws_from_the_same_rate_buckets(open_store: StoreOpener) -> None:
    first, second = await open_store(), await open_store()
    assert (await first.take_token("partner:p", 2, 1 / 60)).wait == 0.0
    assert (await second.take_token("partner:p", 2, 1 / 60)).wait == 0.0
    assert (await first.take_token("partner:p", 2, 1 / 60)).wait > 0
    assert (await second.take_token("partner:p", 2, 1 / 60)).wait > 0


def subscription(n: int, clock: Clock, **fields: object) -> Subscription:
    values: dict[str, object] = {
        "id": f"sub-{n}",
        "topic": "https://news.example.org/feeds/world.atom",
        "section": "world",
        "format": "atom",
        "partner": None,
        "callback": f"https://subscriber.example/cb/{n}",
        "secret": None,
        "expires": clock() + timedelta(days=1),
    }
    values.update(fields)
    return Subscription(**values)  # type: ignore[arg-type]


async def test_a_subscription_is_stored_renewed_and_forgotten(store: Store, clock: Clock) -> None:
    await store.save_subscription(subscription(1, clock))
    later = clock() + timedelta(days=5)
    await store.save_subscription(subscription(1, clock, id="sub-renewed", expires=later, secret="s"))
    [found] = await store.subscriptions(clock())
    assert (found.id, found.expires, found.secret) == ("sub-1", later, "s")  # a renewal keeps the subscription
    assert await store.subscriptions(clock(), "sport") == []
    assert await store.delete_subscription(found.topic, found.callback)
    assert not await store.delete_subscription(found.topic, found.callback)
    assert await store.subscriptions(clock()) == []


async def test_ended_leases_are_dropped(store: Store, clock: Clock) -> None:
    await store.save_subscription(subscription(1, clock, expires=clock() + timedelta(seconds=10)))
    await store.save_subscription(subscription(2, clock))
    clock.advance(seconds=11)
    assert [s.id for s in await store.subscriptions(clock())] == ["sub-2"]
    assert await store.drop_expired_subscriptions(clock()) == 1


async def test_one_delivery_is_owed_at_most_and_claimed_by_one_caller(store: Store, clock: Clock) -> None:
    await store.save_subscription(subscription(1, clock))
    await store.owe_deliveries(["sub-1"], clock())
    await store.owe_deliveries(["sub-1", "no-such-subscription"], clock())
    first = await store.claim_deliveries(clock(), hold_seconds=60, limit=10)
    assert [(d.subscription.id, d.attempts) for d in first] == [("sub-1", 0)]
    assert await store.claim_deliveries(clock(), hold_seconds=60, limit=10) == []  # held by the first caller
    await store.retry_delivery("sub-1", due=clock() + timedelta(seconds=30), attempts=1)
    assert await store.claim_deliveries(clock(), hold_seconds=60, limit=10) == []  # not due yet
    clock.advance(seconds=30)
    [again] = await store.claim_deliveries(clock(), hold_seconds=60, limit=10)
    assert again.attempts == 1
    await store.delivered("sub-1", '"etag-1"')
    [stored] = await store.subscriptions(clock())
    assert stored.delivered_etag == '"etag-1"'
    clock.advance(minutes=5)
    assert await store.claim_deliveries(clock(), hold_seconds=60, limit=10) == []


async def test_concurrent_claims_share_out_the_deliveries(open_store: StoreOpener, clock: Clock) -> None:
    one, two = await open_store(), await open_store()
    for n in range(20):
        await one.save_subscription(subscription(n, clock))
    await one.owe_deliveries([f"sub-{n}" for n in range(20)], clock())
    claims = await asyncio.gather(
        one.claim_deliveries(clock(), hold_seconds=60, limit=15),
        two.claim_deliveries(clock(), hold_seconds=60, limit=15),
    )
    ids = [d.subscription.id for claim in claims for d in claim]
    assert sorted(ids) == sorted(f"sub-{n}" for n in range(20))


async def test_one_group_of_many_pushes_writes_every_row(store: Store, clock: Clock) -> None:
    # More rows than one statement takes, in a count no power of two makes, with one item pushed three times in
    # the group (moving between sections): each version, each item and each section list is written once, in order.
    stories = [make(f"s{n:03d}", section=("world", "sport")[n % 2], minute=n % 60) for n in range(300)]
    held = clock() + timedelta(minutes=5)  # not out yet: it may change sections
    stories[10:10] = [
        make("moved", section="world", embargo=held),
        make("moved", section="sport", summary="Second", embargo=held),
    ]
    stories.append(make("moved", section="business", summary="Third", embargo=held))
    results = stored(await store.put(stories, atomic=True))
    clock.advance(minutes=5)
    assert len(results) == 303
    assert [r.item.version for r in results if r.item.id == "moved"] == [1, 2, 3]
    assert [i.version for i in await store.history("moved")] == [1, 2, 3]
    assert await ids(store, clock, "business") == ["moved"]
    everywhere = [i for section in ("world", "sport") for i in await store.newest(section, window(clock), limit=500)]
    assert len(everywhere) == 300
    assert "moved" not in {i.id for i in everywhere}
    assert {i.id for i in everywhere} == {f"s{n:03d}" for n in range(300)}


async def test_a_move_out_of_a_published_range_still_dates_it_once_the_item_is_withdrawn_or_hidden(
    store: Store, clock: Clock
) -> None:
    day = datetime(2026, 3, 1, tzinfo=UTC)
    await store.put([make("a", minute=1), make("b", minute=5)], atomic=True)
    clock.advance(minutes=10)
    since = clock()
    clock.advance(minutes=1)
    await store.put([replace(make("b"), published=day - timedelta(hours=2))], atomic=True)  # to the day before
    moved_at = clock()

    async def moved(audience: Window) -> datetime | None:
        return await store.moved_out_at(
            "world", audience, published_from=day, published_before=day + timedelta(days=1), since=since
        )

    clock.advance(minutes=5)
    await store.put([replace(make("b", credits=("EXW",)), published=day - timedelta(hours=2))], atomic=True)
    hides = window(clock, exclude_credits=("EXW",))
    assert await moved(hides) == moved_at  # hidden since from the window, it left the day for it all the same
    clock.advance(minutes=5)
    await store.withdraw("b", "legal")
    # Withdrawn at its new place, it is in the day neither as an item nor as a withdrawal: the move must still
    # date the day, or a reader that polled it by date before would be told nothing changed and keep it there.
    assert (await moved(window(clock)), await moved(hides)) == (moved_at, moved_at)


async def test_a_move_dates_the_range_a_delayed_window_had_the_item_in_though_it_is_not_out_at_its_new_time(
    store: Store, clock: Clock
) -> None:
    day = datetime(2026, 3, 1, tzinfo=UTC)
    await store.put([make("a", minute=1), make("b", minute=5)], atomic=True)  # 10:05, out at 11:05 with the delay
    since = clock()
    clock.advance(minutes=1)
    await store.put([replace(make("b"), published=day + timedelta(hours=11, minutes=30))], atomic=True)
    delayed = window(clock, delay_seconds=3600)
    start, end = day + timedelta(hours=10), day + timedelta(hours=11)
    # Not out for the delayed window until 12:30: its documents of 10:00 to 11:00 had it until the move all the same.
    assert (
        await store.moved_out_at("world", delayed, published_from=start, published_before=end, since=since) == clock()
    )
    late = window(clock, delay_seconds=3 * 3600)  # never had it at 10:05: nothing lost
    assert await store.moved_out_at("world", late, published_from=start, published_before=end, since=since) is None
