"""Paging and archives (RFC 5005) and incremental sync with a cursor: nothing missed, nothing repeated."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import feedparser
import pytest

from feeds.formats import EXTENSIONS, FORMATS
from tests.conftest import EDITOR_TOKEN, Wire, make_config, story
from tests.validators import validate_document
from wire.auth import digest
from wire.config import Config
from wire.publisher import encode_cursor
from wire.service import SERVICE
from wire.store import Cursor
from wire.timestamps import format_rfc3339

HISTORY = b'xmlns:fh="http://purl.org/syndication/history/1.0"'
LATE_KEY = "key-of-a-partner-thirty-minutes-behind"


@pytest.fixture
async def small_pages(make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path) -> Wire:
    return await make_wire(make_config(tmp_path, feeds={"page_size": 3}))


def links(headers: object) -> dict[str, str]:
    header = str(headers["Link"])  # type: ignore[index]
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="([^"]+)"', header)}


def local(url: str) -> str:
    return url.removeprefix("https://news.example.org")


async def push_days(wire: Wire) -> None:
    for day, hour in [(26, 9), (27, 9), (27, 15), (28, 9), (28, 12), (28, 18), (1, 9)]:
        month = 3 if day == 1 else 2
        await wire.push(story(f"d{day}-{hour}", published=f"2026-{month:02d}-{day:02d}T{hour:02d}:00:00Z"))


async def test_current_feed_holds_the_newest_page_and_links_the_previous_archive(small_pages: Wire) -> None:
    await push_days(small_pages)
    status, body, headers = await small_pages.get("/feeds/world.atom")
    assert status == 200
    parsed = feedparser.parse(body)
    assert [e.id.rsplit(":", 1)[1] for e in parsed.entries] == ["d1-9", "d28-18", "d28-12"]
    assert links(headers)["prev-archive"] == "https://news.example.org/feeds/world.atom?archive=2026-02-28"
    assert links(headers)["hub"] == "https://news.example.org/websub"
    assert HISTORY not in body


async def test_archive_days_link_to_each_other_and_hold_the_whole_day(small_pages: Wire) -> None:
    await push_days(small_pages)
    status, body, headers = await small_pages.get("/feeds/world.atom?archive=2026-02-27")
    assert status == 200
    assert HISTORY in body
    assert b"<fh:archive/>" in body
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0
    assert sorted(e.id.rsplit(":", 1)[1] for e in parsed.entries) == ["d27-15", "d27-9"]
    found = links(headers)
    assert found["prev-archive"].endswith("?archive=2026-02-26")
    assert found["next-archive"].endswith("?archive=2026-02-28")
    assert found["current"] == "https://news.example.org/feeds/world.atom"
    assert found["self"].endswith("?archive=2026-02-27")
    # A reader's client keeps a complete day for a day; a shared cache only as long as the current document, so
    # that a withdrawal (or a story filed late) reaches every reader behind it as soon.
    assert headers["Cache-Control"] == "public, max-age=86400, s-maxage=60"
    # A day over without a story is kept no longer than the current document: a late-filed story may fill it.
    status, body, headers = await small_pages.get("/feeds/world.atom?archive=2026-02-20")
    assert status == 200
    assert feedparser.parse(body).entries == []
    assert headers["Cache-Control"] == "public, max-age=60"
    # Nor held in memory: any day from the year 1 to 9999 may be asked for.
    assert small_pages.client.app is not None
    publisher = small_pages.client.app[SERVICE].publisher
    held = publisher.documents
    for day in ("0001-01-01", "9999-12-31", "2026-02-20"):
        assert (await small_pages.get(f"/feeds/world.atom?archive={day}"))[0] == 200
    assert publisher.documents == held
    await small_pages.get("/feeds/world.atom?archive=2026-02-27")
    assert publisher.documents == held  # already held: a day with stories is


async def test_an_archive_day_takes_in_a_story_as_its_embargo_ends_in_every_section_format_and_audience(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, store_url: str
) -> None:
    late = {"name": "Late", "key_sha256": digest(LATE_KEY), "sections": ["world", "sport"], "delay_minutes": 30}
    wire = await make_wire(make_config(tmp_path, storage={"url": store_url}, partners={"late": late}))
    day = "2026-02-27"
    await wire.push(story("early", sections=["sport"], published=f"{day}T08:00:00Z"))
    audiences = {"public": {}, "late": {"Authorization": f"Bearer {LATE_KEY}"}}
    urls = [f"/feeds/{section}.{ext}?archive={day}" for section in ("world", "sport") for ext in EXTENSIONS]

    def kept(name: str, url: str) -> str:
        section_max_age = {"world": 60, "sport": 30}[url.split("/")[2].split(".")[0]]  # the shipped config.toml
        return f"public, max-age=86400, s-maxage={section_max_age}" if name == "public" else "private, max-age=86400"

    async def seen() -> dict[tuple[str, str], tuple[bytes, str, str, str]]:
        answers = {}
        for name, headers in audiences.items():
            for url in urls:
                status, body, answer = await wire.get(url, **headers)
                assert status == 200
                answers[name, url] = body, answer["ETag"], answer["Last-Modified"], answer["Cache-Control"]
        return answers

    before = await seen()
    held = story("held", headline="HELDBACK", sections=["sport"], published=f"{day}T09:00:00Z")
    await wire.push({**held, "embargo": "2026-03-01T12:10:00Z"})
    # Another day's story still under embargo afterwards.
    await wire.push({**story("next-day", published="2026-02-28T09:00:00Z"), "embargo": "2026-03-01T13:00:00Z"})
    # Nothing of the day tells that one of its stories is still under embargo: not its bytes, dates or caching.
    assert await seen() == before
    assert all(cache == kept(name, url) for (name, url), (_, _, _, cache) in before.items())
    wire.clock.advance(minutes=10)
    for name, headers in audiences.items():
        for url in urls:
            etag = before[name, url][1]
            status, body, answer = await wire.get(url, **headers, **{"If-None-Match": etag})
            assert status == 200, (name, url)
            assert b"HELDBACK" in body, (name, url)
            assert answer["ETag"] != etag
            assert answer["Last-Modified"] == "Sun, 01 Mar 2026 12:10:00 GMT"
            assert answer["Cache-Control"] == kept(name, url)


async def test_the_oldest_archive_has_no_previous_and_every_item_is_reachable(small_pages: Wire) -> None:
    await push_days(small_pages)
    seen: set[str] = set()
    url = "/feeds/world.rss"
    while url:
        status, body, headers = await small_pages.get(url)
        assert status == 200
        seen.update(e.id for e in feedparser.parse(body).entries)
        url = local(links(headers).get("prev-archive", ""))
    assert len(seen) == 7


async def test_a_day_busier_than_an_archive_document_is_paged_and_every_item_reached_both_ways(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, feeds={"page_size": 2, "archive_max_items": 3}))
    for hour in range(8):  # 8 on the 27th: three pages of three, three and two
        await wire.push(story(f"d27-{hour}", published=f"2026-02-27T{hour:02d}:00:00Z"))
    for day in (26, 28):
        await wire.push(story(f"d{day}", published=f"2026-02-{day}T09:00:00Z"))
    await wire.push(story("d1", published="2026-03-01T09:00:00Z"))
    await wire.push(story("d1b", published="2026-03-01T10:00:00Z"))
    older: list[list[str]] = []
    url = local(links((await wire.get("/feeds/world.atom"))[2])["prev-archive"])
    visited: list[str] = []
    while url:
        status, body, headers = await wire.get(url)
        assert status == 200
        assert b"<fh:archive/>" in body
        visited.append(url)
        older.append([e.id.rsplit(":", 1)[1] for e in feedparser.parse(body).entries])
        url = local(links(headers).get("prev-archive", ""))
    assert visited == [
        "/feeds/world.atom?archive=2026-02-28",
        "/feeds/world.atom?archive=2026-02-27",
        "/feeds/world.atom?archive=2026-02-27&page=2",
        "/feeds/world.atom?archive=2026-02-27&page=3",
        "/feeds/world.atom?archive=2026-02-26",
    ]
    assert older == [["d28"], ["d27-7", "d27-6", "d27-5"], ["d27-4", "d27-3", "d27-2"], ["d27-1", "d27-0"], ["d26"]]
    # And back, newer and newer: from the 26th to the 27th's oldest page, then its newer ones.
    back: list[str] = []
    url = "/feeds/world.atom?archive=2026-02-26"
    while url:
        _, _, headers = await wire.get(url)
        url = local(links(headers).get("next-archive", ""))
        back.append(url)
    assert back[:4] == [
        "/feeds/world.atom?archive=2026-02-27&page=3",
        "/feeds/world.atom?archive=2026-02-27&page=2",
        "/feeds/world.atom?archive=2026-02-27",
        "/feeds/world.atom?archive=2026-02-28",
    ]
    assert (await wire.get("/feeds/world.atom?archive=2026-02-27&page=4"))[0] == 404
    for query, field in (
        ("page=2", "page"),
        ("archive=2026-02-27&page=0", "page"),
        ("archive=2026-02-27&page=x", "page"),
        ("archive=2026-02-27&page=02", "page"),  # page 2 under another URL
    ):
        status, body, _ = await wire.get(f"/feeds/world.atom?{query}")
        assert status == 422, query
        assert json.loads(body)["errors"][0]["field"] == field


async def test_the_first_and_last_days_a_date_can_hold_are_archives_too(wire: Wire) -> None:
    await wire.push(story("first", published="1000-01-01T12:00:00Z"))  # the earliest year an item may give
    await wire.push(story("last", published="9999-12-31T12:00:00Z"))
    status, body, headers = await wire.get("/feeds/world.atom?archive=1000-01-01")
    assert status == 200
    assert [e.id.rsplit(":", 1)[1] for e in feedparser.parse(body).entries] == ["first"]
    assert "prev-archive" not in links(headers)
    status, body, headers = await wire.get("/feeds/world.atom?archive=0001-01-01")
    assert status == 200
    assert feedparser.parse(body).entries == []
    assert "prev-archive" not in links(headers)
    assert "next-archive" in links(headers)
    status, body, headers = await wire.get("/feeds/world.atom?archive=9999-12-31")
    assert status == 200
    assert feedparser.parse(body).entries == []  # published in the future: not out yet
    assert "next-archive" not in links(headers)


async def test_bad_positions_are_422_naming_the_parameter(wire: Wire) -> None:
    for query, field in [
        ("archive=yesterday", "archive"),
        # Other ISO 8601 forms of a day: the same document under other URLs, which caches would keep apart.
        ("archive=20260301", "archive"),
        ("archive=2026-W09-7", "archive"),
        ("cursor=bm9wZQ", "cursor"),
        ("since=whenever", "since"),
        ("since=0001-01-01T00:00:00%2B14:00", "since"),  # before the year 1 in UTC
        ("since=yesterday", "since"),  # a sync starts from a fixed time, not one that moves with the clock
        ("since=2027-01-01T00:00:00Z", "since"),  # ahead of the server's clock: nothing to list until then
        ("archive=2026-03-01&cursor=x", "cursor"),
        # A well-formed cursor of a time to come: no page would ever list anything, and each hand it back.
        (f"cursor={encode_cursor(Cursor(9_999_999_999, 0))}", "cursor"),
    ]:
        status, body, _headers = await wire.get(f"/feeds/world.atom?{query}")
        assert status == 422, query
        assert field.encode() in body


async def test_a_quiet_section_hands_out_a_cursor_that_it_takes_back(wire: Wire) -> None:
    # A sync from a time after every change: nothing to list, and no next page, until there is a change.
    await wire.push(story("early"))
    wire.clock.advance(seconds=10)
    status, body, _ = await wire.get("/feeds/world.atom?since=2030-01-01T00:00:00Z")
    assert status == 422
    assert b"is ahead of the server" in body
    url = f"/feeds/world.atom?since={format_rfc3339(wire.clock())}"
    for _ in range(3):
        ids, url = await sync(wire, url)
        assert ids == []
    _, body, _ = await wire.get(url.replace(".atom", ".json"))
    assert "next_url" not in json.loads(body)  # JSON Feed: never the document itself
    await wire.push(story("late"))
    wire.clock.advance(seconds=10)
    ids, _ = await sync(wire, url)
    assert ids == ["late"]


async def sync(wire: Wire, url: str) -> tuple[list[str], str]:
    status, body, headers = await wire.get(url)
    assert status == 200
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0
    ids = [e.id.rsplit(":", 1)[1] for e in parsed.entries]
    ids += [ref.rsplit(":", 1)[1] for ref in re.findall(r'deleted-entry ref="([^"]+)"', body.decode())]
    # A page of changes names the next one; a page with none has no next (it would name itself) and is polled again.
    following = links(headers).get("next")
    assert (following is None) == (ids == []), (ids, following)
    assert (b'rel="next"' in body) == (following is not None)
    return ids, url if following is None else local(following)


async def test_sync_with_a_cursor_misses_and_repeats_nothing_when_items_share_a_second(small_pages: Wire) -> None:
    wire = small_pages
    items = [story(f"s{n:02d}", published="2026-03-01T11:00:00Z") for n in range(10)]
    response = await wire.client.post("/v1/items", json=items, headers={"Authorization": f"Bearer {EDITOR_TOKEN}"})
    assert response.status == 201
    wire.clock.advance(seconds=10)
    received: list[str] = []
    url = "/feeds/world.atom?since=2026-03-01T00:00:00Z"
    for _ in range(6):
        ids, url = await sync(wire, url)
        received += ids
    assert received == [f"s{n:02d}" for n in range(10)]
    await wire.push(story("s03", headline="Corrected"))
    await wire.client.post(
        "/v1/items/s05/withdraw", json={"reason": "legal"}, headers={"Authorization": f"Bearer {EDITOR_TOKEN}"}
    )
    wire.clock.advance(seconds=10)
    ids, url = await sync(wire, url)
    assert ids == ["s03", "s05"]
    ids, _ = await sync(wire, url)
    assert ids == []


async def test_a_withdrawal_reaches_the_sync_in_every_format(wire: Wire) -> None:
    # A partner keeps a copy from whichever format it reads: each sync page tells it to take the story down, as
    # a valid document of its format. Feed readers of the current JSON Feed and RSS documents see no empty item.
    await wire.push(story("kept"))
    await wire.push(story("gone"))
    response = await wire.client.post(
        "/v1/items/gone/withdraw", json={"reason": "Legal advice"}, headers={"Authorization": f"Bearer {EDITOR_TOKEN}"}
    )
    assert response.status == 200
    wire.clock.advance(seconds=10)
    marks = {
        "atom": b'deleted-entry ref="tag:newswire.example,2026:item:gone"',
        "rss": b"<title>Withdrawn</title><link>https://news.example.org/items/gone</link>",
        "json": b'"content_text":"","date_modified"',
        "newsml": b'<pubStatus qcode="stat:canceled"></pubStatus>',
        "ninjs": b'"pubStatus":"canceled"',
    }
    for fmt in (f for f in FORMATS.values() if not f.variant):
        status, body, headers = await wire.get(f"/feeds/world.{fmt.extension}?since=2026-03-01T00:00:00Z")
        assert status == 200
        validate_document(fmt, body, headers["Content-Type"])
        assert marks[fmt.extension] in body, fmt.extension
        assert b"Legal advice" in body, fmt.extension
        _, current, _ = await wire.get(f"/feeds/world.{fmt.extension}")
        assert (marks[fmt.extension] in current) == (fmt.extension in ("atom", "newsml", "ninjs")), fmt.extension
    _, body, _ = await wire.get("/feeds/world.json?since=2026-03-01T00:00:00Z")
    gone = json.loads(body)["items"][-1]
    assert gone["id"] == "tag:newswire.example,2026:item:gone"
    assert gone["_newswire"] == {"status": "canceled", "version": 2, "ed_note": "Legal advice"}
    _, body, _ = await wire.get("/feeds/world.rss?since=2026-03-01T00:00:00Z")
    withdrawn = [e for e in feedparser.parse(body).entries if e.id.endswith(":gone")]
    assert [t.term for t in withdrawn[0].tags] == ["withdrawn"]


async def test_only_a_complete_day_is_marked_as_an_archive(wire: Wire) -> None:
    # RFC 5005: an archive document does not change; today's (the clock is 2026-03-01 12:00) still takes stories.
    await wire.push(story("yesterday", published="2026-02-28T10:00:00Z"))
    await wire.push(story("today", published="2026-03-01T10:00:00Z"))
    _, complete, _ = await wire.get("/feeds/world.atom?archive=2026-02-28")
    _, today, _ = await wire.get("/feeds/world.atom?archive=2026-03-01")
    assert b"<fh:archive/>" in complete
    assert b"Headline of today" in today
    assert b"fh:archive" not in today
