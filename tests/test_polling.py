"""Polling: answered from memory with validators, content codings, caching headers, the same across restarts."""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import brotli
import pytest
from multidict import CIMultiDict

from tests.conftest import EDITOR, Wire, make_config, story
from wire import http_cache
from wire.config import Config
from wire.service import SERVICE
from wire.store import utc_now
from wire.timestamps import format_rfc3339

WireFactory = Callable[[Config], Awaitable[Wire]]


async def test_unchanged_content_has_the_same_bytes_and_etag_after_a_restart(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    config = make_config(tmp_path)
    first = await make_wire(config)
    await first.push(story("a"))
    _, before, headers_before = await first.get("/feeds/world.atom", **{"Accept-Encoding": "gzip"})
    await first.client.close()
    second = await make_wire(config)
    _, after, headers_after = await second.get("/feeds/world.atom", **{"Accept-Encoding": "gzip"})
    assert before == after
    assert headers_before["ETag"] == headers_after["ETag"]


async def test_a_tombstone_leaving_dates_the_document_the_same_after_a_restart(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    config = make_config(tmp_path)
    first = await make_wire(config)
    await first.push(story("kept"))
    first.clock.advance(minutes=1)
    await first.push(story("w", headline="Withdrawn"))
    first.clock.advance(minutes=1)
    response = await first.client.post("/v1/items/w/withdraw", json={"reason": "Legal advice"}, headers=EDITOR)
    assert response.status == 200
    _, _, with_tombstone = await first.get("/feeds/world.atom")
    # Its days over, the tombstone leaves the document: a change, dated then, however long the process has run.
    first.clock.advance(days=config.feeds.tombstone_days, minutes=5)
    _, body, headers = await first.get("/feeds/world.atom")
    assert b"deleted-entry" not in body
    left = parsedate_to_datetime(headers["Last-Modified"])
    assert left > parsedate_to_datetime(with_tombstone["Last-Modified"])
    await first.client.close()
    # A process started since dates it so too: dated by the item left in it, a reader that polled by date before
    # the restart would be told nothing changed.
    second = await make_wire(config)
    _, after, headers_after = await second.get("/feeds/world.atom")
    assert after == body
    assert parsedate_to_datetime(headers_after["Last-Modified"]) == left
    status, _, _ = await second.get("/feeds/world.atom", **{"If-Modified-Since": with_tombstone["Last-Modified"]})
    assert status == 200


async def test_a_correction_moving_a_story_out_of_a_document_dates_it_the_same_after_a_restart(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    config = make_config(tmp_path, feeds={"page_size": 2})
    first = await make_wire(config)
    for n, item_id in enumerate(("old", "mid", "new")):
        await first.push(story(item_id, published=f"2026-03-01T0{n + 7}:00:00Z"))
        first.clock.advance(minutes=1)
    paths = ("/feeds/world.atom", "/feeds/world.atom?archive=2026-03-01")
    before = [(await first.get(path))[2] for path in paths]
    first.clock.advance(minutes=1)
    # Filed with a wrong time, corrected to the day before: it leaves the current document and its day's archive.
    note = {"signal": "correction", "ed_note": "The time was wrong."}
    await first.push(story("new", published="2026-02-28T09:00:00Z", **note))
    after = [await first.get(path) for path in paths]
    for (_, _, headers), earlier in zip(after, before, strict=True):
        assert parsedate_to_datetime(headers["Last-Modified"]) == first.clock()
        assert parsedate_to_datetime(headers["Last-Modified"]) > parsedate_to_datetime(earlier["Last-Modified"])
    await first.client.close()
    # A process started since dates them so too: dated by the stories left in them, a reader that polled by date
    # before the correction would be told nothing changed, and keep the story at its wrong place.
    second = await make_wire(config)
    for path, (_, body, headers), earlier in zip(paths, after, before, strict=True):
        _, again, headers_again = await second.get(path)
        assert again == body
        assert headers_again["Last-Modified"] == headers["Last-Modified"]
        status, _, _ = await second.get(path, **{"If-Modified-Since": earlier["Last-Modified"]})
        assert status == 200


async def test_a_poll_after_a_change_never_gets_a_document_begun_before_it(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    # A page large enough to render in a thread: a push commits while it renders.
    wire = await make_wire(make_config(tmp_path, feeds={"page_size": 400}))
    body = "<p>A paragraph long enough to make each entry cost its render some time.</p>" * 20
    for start in range(0, 400, 25):
        await wire.push([story(f"old-{n}", body=body) for n in range(start, start + 25)])
    first = asyncio.create_task(wire.get("/feeds/world.atom"))
    await asyncio.sleep(0.02)
    await wire.push(story("late", headline="Pushed while the page rendered", published="2026-03-01T11:00:00Z"))
    _, after, _ = await wire.get("/feeds/world.atom")
    assert b"Pushed while the page rendered" in after
    await first


async def test_if_none_match_wins_over_if_modified_since(wire: Wire) -> None:
    await wire.push(story())
    _, _, headers = await wire.get("/feeds/world.atom")
    status, _, _ = await wire.get(
        "/feeds/world.atom", **{"If-None-Match": '"other"', "If-Modified-Since": headers["Last-Modified"]}
    )
    assert status == 200
    status, _, _ = await wire.get("/feeds/world.atom", **{"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304


async def test_if_modified_since_takes_every_http_date_form(wire: Wire) -> None:
    await wire.push(story())
    _, _, headers = await wire.get("/feeds/world.atom")
    modified = parsedate_to_datetime(headers["Last-Modified"])
    for form in ("%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %d %H:%M:%S %Y"):  # RFC 9110 5.6.7
        status, _, _ = await wire.get("/feeds/world.atom", **{"If-Modified-Since": modified.strftime(form)})
        assert status == 304, form
        earlier = (modified - timedelta(seconds=1)).strftime(form)
        status, _, _ = await wire.get("/feeds/world.atom", **{"If-Modified-Since": earlier})
        assert status == 200, form


async def test_if_modified_since_given_twice_or_ahead_of_the_clock_is_ignored(wire: Wire) -> None:
    await wire.push(story())
    _, _, headers = await wire.get("/feeds/world.atom")
    twice = CIMultiDict([("If-Modified-Since", headers["Last-Modified"])] * 2)
    assert (await wire.client.get("/feeds/world.atom", headers=twice)).status == 200  # RFC 9110 13.1.3
    status, _, _ = await wire.get("/feeds/world.atom", **{"If-Modified-Since": "Thu, 01 Jan 2099 00:00:00 GMT"})
    assert status == 200
    # Two lines a proxy joined into one are two dates all the same; and what is no HTTP-date is none.
    last = headers["Last-Modified"]
    for value in (f"{last}, {last}", last.replace("GMT", "+0000"), last.upper(), last.removesuffix(" GMT")):
        status, _, _ = await wire.get("/feeds/world.atom", **{"If-Modified-Since": value})
        assert status == 200, value


async def test_a_document_is_dated_once_a_second_has_passed_since_it_changed(wire: Wire) -> None:
    # Within the second it changed in, the document may change again and keep its date: a reader asking
    # If-Modified-Since with it would miss that change. It is told the date once the second is over; the ETag
    # tells the two apart meanwhile.
    changed = utc_now() + timedelta(seconds=2)  # a second of the server's clock still to come
    wire.clock.now = changed
    await wire.push(story())
    status, _, headers = await wire.get("/feeds/world.atom")
    assert status == 200
    assert "Last-Modified" not in headers
    status, _, _ = await wire.get("/feeds/world.atom", **{"If-None-Match": headers["ETag"]})
    assert status == 304
    deadline = time.monotonic() + 10
    while "Last-Modified" not in headers:  # told once the clock has passed the second it changed in
        assert time.time() < changed.timestamp() + 1 or time.monotonic() < deadline
        await asyncio.sleep(0.05)
        _, _, headers = await wire.get("/feeds/world.atom")
    assert time.time() >= changed.timestamp() + 1
    assert parsedate_to_datetime(headers["Last-Modified"]) == changed
    status, _, _ = await wire.get("/feeds/world.atom", **{"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304


async def modified_since(wire: Wire, last_modified: str) -> tuple[int, str]:
    """The status of a poll with If-Modified-Since, and the Last-Modified to poll with next."""
    status, _, headers = await wire.get("/feeds/world.atom", **{"If-Modified-Since": last_modified})
    if status == 304:
        return status, last_modified
    assert parsedate_to_datetime(headers["Last-Modified"]) <= wire.clock()  # never ahead of the server's clock
    return status, headers["Last-Modified"]


async def test_last_modified_moves_with_every_change_whatever_the_items_say(wire: Wire) -> None:
    # A reader polling with If-Modified-Since must see each change; the items' own times do not tell when the
    # document changed.
    def at(**delta: float) -> str:
        return format_rfc3339(wire.clock() + timedelta(**delta))

    await wire.push(story("a", updated=at(hours=-2)))
    _, _, headers = await wire.get("/feeds/world.atom")
    last = headers["Last-Modified"]
    # A correction dated when it was written, earlier than the last change.
    wire.clock.advance(seconds=30)
    await wire.push(story("a", updated=at(hours=-1), signal="correction", ed_note="The toll was 11."))
    status, last = await modified_since(wire, last)
    assert status == 200
    # A version from a sender whose clock is minutes ahead: the document's time is not moved ahead of the clock.
    wire.clock.advance(seconds=30)
    await wire.push(story("b", updated=at(minutes=8)))
    status, last = await modified_since(wire, last)
    assert status == 200
    assert parsedate_to_datetime(last) == wire.clock()
    wire.clock.advance(seconds=30)
    await wire.push(story("c"))
    status, last = await modified_since(wire, last)
    assert status == 200
    # An embargo that ends changes the document without any push.
    await wire.push(story("d", embargo=at(seconds=20)))
    wire.clock.advance(seconds=5)
    assert (await modified_since(wire, last))[0] == 304  # held back: nothing the reader sees has changed
    wire.clock.advance(seconds=30)
    status, last = await modified_since(wire, last)
    assert status == 200
    assert parsedate_to_datetime(last) == wire.clock() - timedelta(seconds=15)  # the embargo's end


@pytest.mark.parametrize("header", ["*", 'W/"{tag}"', '"nope", "{tag}"', '"{tag}"'])
async def test_if_none_match_takes_lists_weak_tags_and_star(wire: Wire, header: str) -> None:
    await wire.push(story())
    _, _, headers = await wire.get("/feeds/world.atom", **{"Accept-Encoding": "identity"})
    tag = headers["ETag"].strip('"')
    status, body, answer = await wire.get(
        "/feeds/world.atom", **{"If-None-Match": header.format(tag=tag), "Accept-Encoding": "identity"}
    )
    assert status == 304
    assert body == b""
    assert answer["ETag"] == headers["ETag"]
    assert "max-age" in answer["Cache-Control"]
    assert answer["Vary"] == "Accept-Encoding, Authorization"


@pytest.mark.parametrize("header", ['"{tag}x"', '"{short}"', "{tag}", '"{tag}-gz', '"{tag}-zz"', 'W/"x{tag}"'])
async def test_a_tag_that_only_resembles_the_document_s_is_answered_in_full(wire: Wire, header: str) -> None:
    await wire.push(story())
    _, body, headers = await wire.get("/feeds/world.atom", **{"Accept-Encoding": "identity"})
    tag = headers["ETag"].strip('"')
    status, again, _ = await wire.get(
        "/feeds/world.atom",
        **{"If-None-Match": header.format(tag=tag, short=tag[:-1]), "Accept-Encoding": "identity"},
    )
    assert status == 200
    assert again == body


async def test_the_tag_of_another_coding_is_another_representation(wire: Wire) -> None:
    # RFC 9110 13.1.2: If-None-Match is compared with the selected representation's tag. A 304 naming another
    # than the one a cache holds would not update it (RFC 9111 4.3.4).
    await wire.push(story())
    zipped = await wire.client.get("/feeds/world.atom", headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    status, body, headers = await wire.get(
        "/feeds/world.atom", **{"If-None-Match": zipped.headers["ETag"], "Accept-Encoding": "identity"}
    )
    assert status == 200
    assert gzip.decompress(await zipped.read()) == body
    status, _, again = await wire.get(
        "/feeds/world.atom", **{"If-None-Match": f'"x", {headers["ETag"]}', "Accept-Encoding": "identity"}
    )
    assert (status, again["ETag"]) == (304, headers["ETag"])
    status, _, _ = await wire.get(
        "/feeds/world.atom", **{"If-None-Match": zipped.headers["ETag"], "Accept-Encoding": "gzip"}
    )
    assert status == 304


async def test_a_list_header_given_on_several_lines_is_read_whole(wire: Wire) -> None:
    # RFC 9110 5.3: If-None-Match or Accept-Encoding on two lines is one list.
    await wire.push(story())
    _, _, headers = await wire.get("/feeds/world.atom", **{"Accept-Encoding": "identity"})
    for _ in range(2):  # the full path, then the answer from memory
        lines = CIMultiDict([("If-None-Match", '"other"'), ("If-None-Match", headers["ETag"])])
        lines.add("Accept-Encoding", "identity")
        response = await wire.client.get("/feeds/world.atom", headers=lines)
        assert response.status == 304
    lines = CIMultiDict([("Accept-Encoding", "identity;q=0.5"), ("Accept-Encoding", "gzip")])
    response = await wire.client.get("/feeds/world.atom", headers=lines, auto_decompress=False)
    assert response.headers["Content-Encoding"] == "gzip"


async def test_lists_longer_than_any_client_s_cost_nothing_to_remember(wire: Wire) -> None:
    # Each request may send up to 128 header lines of 8 KB: what is read of them, and kept, is bounded.
    await wire.push(story())
    _, _, headers = await wire.get("/feeds/world.atom", **{"Accept-Encoding": "identity"})
    padding = ", ".join(f'"not-this-{n}"' for n in range(64))
    late = CIMultiDict(
        [("If-None-Match", padding), ("If-None-Match", headers["ETag"]), ("Accept-Encoding", "identity")]
    )
    assert (await wire.client.get("/feeds/world.atom", headers=late)).status == 200  # past the 64th tag: unread
    early = CIMultiDict([("If-None-Match", f"{headers['ETag']}, {padding}"), ("Accept-Encoding", "identity")])
    assert (await wire.client.get("/feeds/world.atom", headers=early)).status == 304
    remembered = http_cache._remembered_coding.cache_info().currsize
    for n in range(3):
        response = await wire.client.get("/feeds/world.atom", headers={"Accept-Encoding": f"gzip, x-{n}" + ";" * 300})
        assert response.status == 200
    assert http_cache._remembered_coding.cache_info().currsize == remembered


async def test_each_coding_is_its_own_representation_with_its_own_tag(wire: Wire) -> None:
    await wire.push(story())
    plain = await wire.client.get("/feeds/world.atom", headers={"Accept-Encoding": "identity"})
    zipped = await wire.client.get("/feeds/world.atom", headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    smaller = await wire.client.get(
        "/feeds/world.atom", headers={"Accept-Encoding": "gzip;q=0.5, br"}, auto_decompress=False
    )
    body = await plain.read()
    assert gzip.decompress(await zipped.read()) == body
    assert smaller.headers["Content-Encoding"] == "br"
    assert brotli.decompress(await smaller.read()) == body
    tags = {plain.headers["ETag"], zipped.headers["ETag"], smaller.headers["ETag"]}
    assert len(tags) == 3


async def test_gzip_is_chosen_when_the_client_rates_brotli_lower(wire: Wire) -> None:
    response = await wire.client.get(
        "/feeds/world.atom", headers={"Accept-Encoding": "br;q=0.1, gzip"}, auto_decompress=False
    )
    assert response.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("gzip;q=0.001, identity;q=1", None),  # the plain bytes, rated above gzip
        ("br;q=0.5, gzip;q=0.5, identity", None),
        ("gzip, identity;q=0.5", "gzip"),
        ("gzip, identity", "gzip"),  # rated alike: the smaller
        ("gzip", "gzip"),  # the plain bytes not named: acceptable, but last
        ("*;q=0.5, identity;q=0.2", "br"),
    ],
)
async def test_the_plain_bytes_are_sent_when_the_client_rates_them_above_every_coding(
    wire: Wire, accept_encoding: str, coding: str | None
) -> None:
    response = await wire.client.get(
        "/feeds/world.atom", headers={"Accept-Encoding": accept_encoding}, auto_decompress=False
    )
    assert response.headers.get("Content-Encoding") == coding


async def test_head_answers_the_headers_without_a_body(wire: Wire) -> None:
    await wire.push(story())
    got = await wire.client.get("/feeds/world.rss")
    head = await wire.client.head("/feeds/world.rss")
    assert head.status == 200
    assert await head.read() == b""
    assert head.headers["ETag"] == got.headers["ETag"]
    assert head.headers["Content-Length"] == got.headers["Content-Length"]


async def test_max_age_is_configured_per_section(wire: Wire) -> None:
    _, _, world = await wire.get("/feeds/world.atom")
    _, _, sport = await wire.get("/feeds/sport.atom")
    assert world["Cache-Control"] == "public, max-age=60"
    assert sport["Cache-Control"] == "public, max-age=30"


async def test_a_change_to_one_section_leaves_the_others_cached(wire: Wire) -> None:
    await wire.push(story("w"))
    await wire.get("/feeds/world.atom")
    await wire.get("/feeds/business.atom")
    assert wire.client.app is not None
    service = wire.client.app[SERVICE]
    misses = service.publisher.misses
    await wire.push(story("b", section="business"))
    await wire.get("/feeds/world.atom")
    assert service.publisher.misses == misses
    await wire.get("/feeds/business.atom")
    assert service.publisher.misses == misses + 1


async def test_every_response_carries_a_request_id_that_problems_repeat(wire: Wire) -> None:
    response = await wire.client.get("/feeds/world.atom", headers={"X-Request-Id": "trace-123"})
    assert response.headers["X-Request-Id"] == "trace-123"
    missing = await wire.client.get("/feeds/moon.atom")
    problem = await missing.json(content_type=None)
    assert problem["request_id"] == missing.headers["X-Request-Id"]
    odd = await wire.client.get("/feeds/world.atom", headers={"X-Request-Id": "<script>" * 20})
    assert odd.headers["X-Request-Id"] != "<script>" * 20


async def test_metrics_count_requests_latency_and_the_cache(wire: Wire) -> None:
    await wire.push(story())
    for _ in range(3):
        await wire.get("/feeds/world.atom")
    await wire.get("/feeds/moon.atom")
    status, body, headers = await wire.get("/metrics")
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    assert 'newswire_requests_total{method="GET",route="feed",status="200"} 3.0' in text
    assert 'newswire_requests_total{method="GET",route="feed",status="404"} 1.0' in text
    assert 'newswire_request_seconds_bucket{le="+Inf",route="feed"} 4.0' in text
    assert "newswire_cache_documents 1.0" in text
    assert "# TYPE newswire_cache_hits_total counter" in text
    assert "newswire_cache_hits_total 2.0" in text
    assert 'newswire_events_total{event="ingest",reason="created"} 1.0' in text
    assert 'newswire_events_total{event="refused",reason="not-found"} 1.0' in text


async def test_health_and_readiness(wire: Wire) -> None:
    assert (await wire.get("/healthz"))[0] == 200
    status, body, _ = await wire.get("/readyz")
    assert status == 200
    assert json.loads(body) == {"status": "ready"}


async def test_the_access_log_has_one_json_line_per_request_and_never_a_key(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    log = tmp_path / "access.log"
    wire = await make_wire(make_config(tmp_path, server={"access_log": str(log)}))
    await wire.get("/feeds/world.atom?key=secret-partner-key")
    await wire.get("/feeds/world.atom", Authorization="Bearer another-secret-key")
    await wire.client.close()
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [line["status"] for line in lines] == [401, 401]
    assert {line["path"] for line in lines} == {"/feeds/world.atom"}
    assert all(line["id"] and line["route"] == "feed" for line in lines)
    assert "secret" not in log.read_text()
