"""Anyone reads a section as Atom or RSS: valid, newest first, stable ids, UTC times, links from the public URL."""

from __future__ import annotations

import calendar
import gzip
import json

import feedparser
import pytest

from tests.conftest import EDITOR_TOKEN, Wire, story

FORMATS = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


async def read_feed(wire: Wire, path: str) -> feedparser.FeedParserDict:
    status, body, headers = await wire.get(path)
    assert status == 200, body
    parsed = feedparser.parse(body, response_headers={"content-type": headers["Content-Type"]})
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("ext", FORMATS)
async def test_feed_is_served_with_its_media_type_in_utf8(wire: Wire, ext: str) -> None:
    status, _, headers = await wire.get(f"/feeds/world.{ext}")
    assert status == 200
    assert headers["Content-Type"] == f"{FORMATS[ext]}; charset=utf-8"


@pytest.mark.parametrize("ext", FORMATS)
async def test_feed_lists_items_newest_first(wire: Wire, ext: str) -> None:
    await wire.push(story("old", published="2026-03-01T08:00:00Z"))
    await wire.push(story("new", published="2026-03-01T11:00:00Z"))
    await wire.push(story("mid", published="2026-03-01T09:30:00+00:00"))
    parsed = await read_feed(wire, f"/feeds/world.{ext}")
    assert [e.title for e in parsed.entries] == [
        "Headline of new",
        "Headline of mid",
        "Headline of old",
    ]


@pytest.mark.parametrize("ext", FORMATS)
async def test_entry_id_stays_the_same_across_versions(wire: Wire, ext: str) -> None:
    await wire.push(story("s-1"))
    first = (await read_feed(wire, f"/feeds/world.{ext}")).entries[0].id
    wire.clock.advance(minutes=1)
    await wire.push(story("s-1", headline="Corrected headline"))
    parsed = await read_feed(wire, f"/feeds/world.{ext}")
    assert len(parsed.entries) == 1
    assert parsed.entries[0].title == "Corrected headline"
    assert parsed.entries[0].id == first == "tag:newswire.example,2026:item:s-1"


@pytest.mark.parametrize("ext", FORMATS)
async def test_times_are_utc(wire: Wire, ext: str) -> None:
    await wire.push(story(published="2026-03-01T13:30:00+02:00"))
    entry = (await read_feed(wire, f"/feeds/world.{ext}")).entries[0]
    assert calendar.timegm(entry.published_parsed) == calendar.timegm((2026, 3, 1, 11, 30, 0, 0, 0, 0))
    raw = (await wire.get(f"/feeds/world.{ext}"))[1].decode()
    assert ("+00:00</published>" in raw) if ext == "atom" else ("+0000</pubDate>" in raw)


@pytest.mark.parametrize("ext", FORMATS)
async def test_self_link_comes_from_the_public_url_not_the_host_header(wire: Wire, ext: str) -> None:
    await wire.push(story())
    status, body, _ = await wire.get(f"/feeds/world.{ext}", Host="attacker.example")
    assert status == 200
    parsed = feedparser.parse(body)
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [f"https://news.example.org/feeds/world.{ext}"]
    assert b"attacker.example" not in body


@pytest.mark.parametrize("ext", FORMATS)
async def test_every_entry_has_a_permalink(wire: Wire, ext: str) -> None:
    await wire.push(story("perma-1"))
    entry = (await read_feed(wire, f"/feeds/world.{ext}")).entries[0]
    assert entry.link == "https://news.example.org/items/perma-1"


@pytest.mark.parametrize("ext", FORMATS)
async def test_feed_with_hostile_text_stays_well_formed(wire: Wire, ext: str) -> None:
    await wire.push(
        story(
            headline="Control\x01\x1b chars & <tags> ]]> \u202eright-to-left\u202c مرحبا",
            summary="<script>alert('x')</script> \x00 & more",
            body="<p>Broken <b>html <i>nesting</p> <img src=x onerror=alert(1)>",
            byline="Jane & John <doe@example.org>",
        )
    )
    parsed = await read_feed(wire, f"/feeds/world.{ext}")
    assert "مرحبا" in parsed.entries[0].title
    raw = (await wire.get(f"/feeds/world.{ext}"))[1]
    assert b"<script" not in raw
    assert b"onerror" not in raw


@pytest.mark.parametrize("ext", FORMATS)
async def test_empty_section_renders_a_valid_feed(wire: Wire, ext: str) -> None:
    parsed = await read_feed(wire, f"/feeds/sport.{ext}")
    assert parsed.entries == []


async def test_feed_updated_is_when_the_document_last_changed_so_bytes_are_stable(wire: Wire) -> None:
    # Atom `updated` (RSS lastBuildDate, NewsML sent, ninjs updated) says what Last-Modified says: when the document
    # last changed, here the storing of a story dated earlier by its editor; never the clock of the render.
    await wire.push(story(updated="2026-03-01T10:30:00Z"))
    _, first, headers = await wire.get("/feeds/world.atom")
    assert feedparser.parse(first).feed.updated == "2026-03-01T12:00:00+00:00"
    assert headers["Last-Modified"] == "Sun, 01 Mar 2026 12:00:00 GMT"
    wire.clock.advance(hours=2)
    await wire.push(story("other", section="business"))
    _, second, _ = await wire.get("/feeds/world.atom")
    assert first == second


async def test_public_readers_get_summaries_with_the_credit_line(wire: Wire) -> None:
    await wire.push(story(summary="What happened.", body="<p>The whole story, in full detail.</p>"))
    entry = (await read_feed(wire, "/feeds/world.atom")).entries[0]
    assert "What happened." in entry.summary
    assert "Credit: Newswire" in entry.summary
    raw = (await wire.get("/feeds/world.atom"))[1]
    assert b"in full detail" not in raw


async def test_unknown_section_or_format_is_a_404_problem(wire: Wire) -> None:
    for path in ("/feeds/moon.atom", "/feeds/world.pdf"):
        status, _, headers = await wire.get(path)
        assert status == 404, path
        assert headers["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/feeds/world.atom?key=a&key=b", "key"),
        ("/feeds/world.atom?since=2026-03-01T00:00:00Z&since=2020-01-01T00:00:00Z", "since"),
        ("/v1/items?section=world&section=sport", "section"),
        ("/v1/items/x.ninjs?version=3.1&version=2.2", "version"),
        ("/items/x?a=1&a=1", "a"),
    ],
)
async def test_a_query_field_given_twice_is_a_422_naming_it(wire: Wire, path: str, field: str) -> None:
    # Which value would count is anyone's guess: the first, the last, the one a proxy saw.
    status, body, headers = await wire.get(path, Authorization=f"Bearer {EDITOR_TOKEN}")
    assert status == 422
    assert headers["Content-Type"].startswith("application/problem+json")
    assert json.loads(body)["errors"] == [{"field": field, "reason": "is given more than once"}]


async def test_gzip_is_served_to_clients_that_accept_it(wire: Wire) -> None:
    await wire.push(story())
    response = await wire.client.get("/feeds/world.atom", headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    assert response.headers["Content-Encoding"] == "gzip"
    plain = (await wire.get("/feeds/world.atom", **{"Accept-Encoding": "identity"}))[1]
    assert gzip.decompress(await response.read()) == plain


async def test_conditional_get_answers_304_without_a_body(wire: Wire) -> None:
    await wire.push(story())
    _, _, headers = await wire.get("/feeds/world.atom", **{"Accept-Encoding": "identity"})
    status, body, again = await wire.get(
        "/feeds/world.atom", **{"If-None-Match": headers["ETag"], "Accept-Encoding": "identity"}
    )
    assert status == 304
    assert body == b""
    assert again["ETag"] == headers["ETag"]
    assert "max-age=60" in again["Cache-Control"]


async def test_a_change_to_the_section_changes_the_etag(wire: Wire) -> None:
    await wire.push(story("a"))
    _, _, before = await wire.get("/feeds/world.atom")
    await wire.push(story("b"))
    status, _, after = await wire.get("/feeds/world.atom", **{"If-None-Match": before["ETag"]})
    assert status == 200
    assert after["ETag"] != before["ETag"]
