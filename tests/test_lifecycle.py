"""The life of a story: versions, corrections, withdrawals, embargoes and bulk import."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import pickle
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import feedparser
import pytest

from tests import postgres
from tests.conftest import EDITOR, Wire, make_config, story
from tests.servers import children
from wire.bulk import IDLE, LineResult, split_lines
from wire.config import Config
from wire.errors import FieldProblem
from wire.ingest import Normaliser
from wire.model import digest_of, stored_form, story_to_json
from wire.store import Outcome, utc_now
from wire.text import UTF8_BOM


async def withdraw(wire: Wire, item_id: str, reason: str = "Legal advice") -> tuple[int, dict[str, object]]:
    response = await wire.client.post(f"/v1/items/{item_id}/withdraw", json={"reason": reason}, headers=EDITOR)
    return response.status, await response.json(content_type=None)


async def test_versions_are_listed_oldest_first(wire: Wire) -> None:
    await wire.push(story("v"))
    wire.clock.advance(minutes=1)
    await wire.push(story("v", headline="Second"))
    response = await wire.client.get("/v1/items/v/versions", headers=EDITOR)
    versions = await response.json()
    assert [(v["version"], v["headline"]) for v in versions] == [(1, "Headline of v"), (2, "Second")]
    assert {v["first_created"] for v in versions} == {"2026-03-01T12:00:00Z"}


async def test_versions_are_for_editors_only(wire: Wire) -> None:
    await wire.push(story("v"))
    status, _, _ = await wire.get("/v1/items/v/versions")
    assert status == 401


async def test_a_push_with_an_older_updated_time_gets_409_and_changes_nothing(wire: Wire) -> None:
    await wire.push(story("v", updated="2026-03-01T11:00:00Z"))
    problem = await wire.push(story("v", headline="Stale", updated="2026-03-01T10:59:59Z"), status=409)
    assert problem["type"] == "/problems/conflict"
    assert "older than the stored version" in problem["detail"]
    assert [e["field"] for e in problem["errors"]] == ["updated"]
    response = await wire.client.get("/v1/items/v", headers=EDITOR)
    assert (await response.json())["headline"] == "Headline of v"


async def test_a_correction_shows_its_note_in_the_feed_content(wire: Wire) -> None:
    await wire.push(story("c"))
    wire.clock.advance(minutes=1)
    await wire.push(story("c", summary="Eleven, not ten.", signal="correction", ed_note="An earlier version said ten."))
    for ext in ("atom", "rss"):
        _, body, _ = await wire.get(f"/feeds/world.{ext}")
        entry = feedparser.parse(body).entries[0]
        assert "Correction: An earlier version said ten." in entry.summary


async def test_a_withdrawn_story_leaves_every_feed_and_its_item_url_is_gone(wire: Wire) -> None:
    await wire.push(story("w", headline="Defamatory claim", summary="Sensitive words"))
    await wire.get("/feeds/world.atom")  # cached before the withdrawal
    wire.clock.advance(minutes=1)
    status, item = await withdraw(wire, "w", "Legal advice")
    assert status == 200
    assert item["status"] == "canceled"
    assert item["version"] == 2
    for ext in ("atom", "rss"):
        _, body, _ = await wire.get(f"/feeds/world.{ext}")
        assert b"Defamatory claim" not in body
        assert b"Sensitive words" not in body
    status, _, _ = await wire.get("/v1/items/w")
    assert status == 410


async def test_atom_carries_a_tombstone_for_a_withdrawn_story(wire: Wire) -> None:
    await wire.push(story("w"))
    wire.clock.advance(minutes=1)
    await withdraw(wire, "w", "Legal advice")
    _, body, _ = await wire.get("/feeds/world.atom")
    assert b'<at:deleted-entry ref="tag:newswire.example,2026:item:w" when="2026-03-01T12:01:00+00:00">' in body
    assert b"<at:comment>Legal advice</at:comment>" in body
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0
    assert parsed.feed.link == "https://news.example.org/#world"  # the section's page, not the withdrawn story's
    _, rss, _ = await wire.get("/feeds/world.rss")
    assert b"item:w" not in rss
    # Kept for [feeds] tombstone_days (7), then gone at its second, without a change to the section: every
    # instance, however long it has run, serves the same document.
    wire.clock.advance(days=7, seconds=-1)
    assert b"deleted-entry" in (await wire.get("/feeds/world.atom"))[1]
    wire.clock.advance(seconds=1)
    assert b"deleted-entry" not in (await wire.get("/feeds/world.atom"))[1]


async def test_a_withdrawn_story_is_not_published_again_by_any_push(wire: Wire) -> None:
    await wire.push(story("w", headline="Defamatory claim"))
    wire.clock.advance(minutes=1)
    await withdraw(wire, "w")
    wire.clock.advance(minutes=1)
    # A delayed retry of the first push, an edited story and a newer one: each is refused, the store unchanged.
    for pushed in (
        story("w", headline="Defamatory claim"),
        story("w", headline="Reworded claim"),
        story("w", headline="Reworded claim", updated="2026-03-01T12:02:00Z"),
    ):
        problem = await wire.push(pushed, status=409)
        assert problem["type"] == "/problems/conflict"
        assert problem["detail"].startswith("item 'w' was withdrawn (version 2)")
    # In an array, the refused item is named by its position; the others are not stored either.
    problem = await wire.push([story("new"), story("w")], status=409)
    assert [e["field"] for e in problem["errors"]] == ["[1].id"]
    status, _, _ = await wire.get("/v1/items/new")
    assert status == 404
    status, _, _ = await wire.get("/v1/items/w")
    assert status == 410
    for ext in ("atom", "rss", "json"):
        _, body, _ = await wire.get(f"/feeds/world.{ext}")
        assert b"claim" not in body
    response = await wire.client.get("/v1/items/w/versions", headers=EDITOR)
    assert [v["status"] for v in await response.json()] == ["usable", "canceled"]


async def test_a_bulk_line_for_a_withdrawn_story_is_refused_and_the_others_stored(wire: Wire) -> None:
    await wire.push(story("w"))
    await withdraw(wire, "w")
    report = await post_bulk(wire, [json.dumps(story("w")), json.dumps(story("fresh"))])
    assert (report["created"], report["refused"]) == (1, 1)
    refused, stored = report["results"]
    assert refused["status"] == 409
    assert refused["errors"][0]["field"] == "id"
    assert "was withdrawn" in refused["errors"][0]["reason"]
    assert stored["outcome"] == "created"
    status, _, _ = await wire.get("/v1/items/w")
    assert status == 410


async def test_a_story_withdrawn_under_embargo_never_was_for_the_public(wire: Wire) -> None:
    await wire.push(story("e", headline="Embargoed results", embargo="2026-03-01T13:00:00Z"))
    await withdraw(wire, "e")
    wire.clock.advance(hours=2)  # past the embargo: still never seen
    for path in ("/v1/items/e", "/items/e"):
        status, _, _ = await wire.get(path)
        assert status == 404
    response = await wire.client.get("/v1/items/e", headers=EDITOR)
    assert (await response.json())["status"] == "canceled"


async def test_a_story_that_is_out_cannot_be_taken_back_by_an_embargo_or_a_later_publication(wire: Wire) -> None:
    await wire.push(story("out", headline="Out already"))
    wire.clock.advance(minutes=1)
    for field, value in (("embargo", "2026-03-01T15:00:00Z"), ("published", "2026-03-02T09:00:00Z")):
        problem = await wire.push(story("out", headline="Changed", **{field: value}), status=409)
        assert problem["detail"].startswith(f"item 'out' is out already: {field} {value}")
    # A time that is already past changes nothing of the kind, and is a new version as usual.
    await wire.push(story("out", headline="Changed", embargo="2026-03-01T11:00:00Z"), status=201)
    status, body, _ = await wire.get("/feeds/world.json")
    assert status == 200
    assert b"Changed" in body


async def test_a_story_that_is_out_keeps_its_sections(wire: Wire) -> None:
    # Its readers in a section it left would never learn: no feed, change log or item URL would say so.
    await wire.push(story("moved", headline="Out in world"))
    wire.clock.advance(minutes=1)
    problem = await wire.push(story("moved", headline="Now business", section="business"), status=409)
    assert problem["errors"] == [{"field": "sections", "reason": problem["detail"]}]
    assert problem["detail"].startswith("item 'moved' is out already in 'world': this version would take it out")
    # Adding a section takes it out of none.
    await wire.push({**story("moved", headline="Now business too"), "sections": ["world", "business"]}, status=201)
    for section in ("world", "business"):
        assert b"Now business too" in (await wire.get(f"/feeds/{section}.json"))[1]
    # Not out yet (under embargo), it may go anywhere.
    await wire.push(story("held", embargo="2026-03-01T13:00:00Z"))
    await wire.push(story("held", section="business", embargo="2026-03-01T13:00:00Z"), status=201)


async def test_an_embargo_may_move_while_the_story_is_not_out(wire: Wire) -> None:
    await wire.push(story("e", headline="Budget", embargo="2026-03-01T13:00:00Z"))
    await wire.push(story("e", headline="Budget", embargo="2026-03-01T14:00:00Z"), status=201)
    wire.clock.advance(hours=1, minutes=30)
    status, _, _ = await wire.get("/v1/items/e")
    assert status == 404
    wire.clock.advance(minutes=30)
    status, _, _ = await wire.get("/v1/items/e")
    assert status == 200


async def test_withdrawing_an_unknown_item_is_404_and_a_reason_is_required(wire: Wire) -> None:
    status, _problem = await withdraw(wire, "nothing")
    assert status == 404
    await wire.push(story("w"))
    for blank in ("  ", " \u200b\u2060 \u200e"):  # spaces, or characters that show nothing
        response = await wire.client.post("/v1/items/w/withdraw", json={"reason": blank}, headers=EDITOR)
        assert response.status == 422
        assert (await response.json(content_type=None))["errors"][0]["field"] == "reason"
    response = await wire.client.post("/v1/items/w/withdraw", json={"reason": "x"})
    assert response.status == 401
    # Sent as a form (curl -d) or as text, the reason is not read as JSON: 415, and the story stays.
    for content_type in ("application/x-www-form-urlencoded", "text/plain"):
        headers = {**EDITOR, "Content-Type": content_type}
        response = await wire.client.post("/v1/items/w/withdraw", data='{"reason": "x"}', headers=headers)
        assert response.status == 415
    assert (await wire.get("/v1/items/w"))[0] == 200


async def test_an_embargoed_story_appears_at_its_instant_without_a_restart(wire: Wire) -> None:
    await wire.push(story("e", headline="Embargoed budget", embargo="2026-03-01T12:30:00Z"))
    _, before, _ = await wire.get("/feeds/world.atom")
    assert b"Embargoed budget" not in before
    status, _, _ = await wire.get("/v1/items/e")
    assert status == 404
    editor_view = await wire.client.get("/v1/items/e", headers=EDITOR)
    assert (await editor_view.json())["embargo"] == "2026-03-01T12:30:00Z"
    # The editors' list has it, to be corrected or withdrawn before its instant.
    listing = await wire.client.get("/v1/items", params={"section": "world"}, headers=EDITOR)
    assert [i["id"] for i in (await listing.json())["items"]] == ["e"]
    wire.clock.advance(minutes=29, seconds=59)
    assert b"Embargoed budget" not in (await wire.get("/feeds/world.atom"))[1]
    wire.clock.advance(seconds=1)
    assert b"Embargoed budget" in (await wire.get("/feeds/world.atom"))[1]
    assert (await wire.get("/v1/items/e"))[0] == 200


async def test_a_story_without_a_publication_time_is_published_when_its_embargo_ends(wire: Wire) -> None:
    # Dated when received, it would come out already old: behind what a reader polling by date has seen.
    await wire.push(story("e", published=None, embargo="2026-03-01T13:30:00+01:00"))
    wire.clock.advance(minutes=30)
    response = await wire.client.get("/v1/items/e", headers=EDITOR)
    doc = await response.json()
    assert doc["published"] == "2026-03-01T12:30:00Z"
    assert doc["provenance"]["published"] == {"text": "2026-03-01T13:30:00+01:00", "rule": "embargo", "zone": "+01:00"}
    parsed = feedparser.parse((await wire.get("/feeds/world.rss"))[1])
    assert parsed.entries[0].published == "Sun, 01 Mar 2026 12:30:00 +0000"
    assert doc["updated"] == "2026-03-01T12:30:00Z"  # not before it came out
    # The same push again changes nothing, as any other does.
    again = await wire.client.post(
        "/v1/items", json=story("e", published=None, embargo="2026-03-01T13:30:00+01:00"), headers=EDITOR
    )
    assert (again.status, (await again.json())["version"]) == (200, 1)
    # Later versions keep it, with or without the embargo.
    await wire.push(story("e", published=None, headline="Updated"))
    response = await wire.client.get("/v1/items/e", headers=EDITOR)
    assert (await response.json())["published"] == "2026-03-01T12:30:00Z"
    # An embargo already over when the story is received dates nothing: it is published when received.
    await wire.push(story("late", published=None, embargo="2026-03-01T12:00:00Z"))
    response = await wire.client.get("/v1/items/late", headers=EDITOR)
    assert (await response.json())["published"] == "2026-03-01T12:30:00Z"


async def test_an_embargo_lifted_before_its_instant_releases_the_story_at_once(wire: Wire) -> None:
    await wire.push(story("lifted", published=None, embargo="2026-03-01T15:00:00Z"))
    assert (await wire.get("/v1/items/lifted"))[0] == 404
    wire.clock.advance(minutes=10)
    stored = await wire.push(story("lifted", published=None, headline="Released early"))  # no embargo now
    assert stored["published"] == "2026-03-01T12:00:00Z"  # when it was received: no embargo dates it
    assert (await wire.get("/v1/items/lifted"))[0] == 200
    # Moved to a time already past, the embargo dates it as it releases it.
    await wire.push(story("moved", published=None, embargo="2026-03-01T15:00:00Z"))
    wire.clock.advance(minutes=10)
    stored = await wire.push(story("moved", published=None, embargo="2026-03-01T12:15:00Z"))
    assert stored["published"] == "2026-03-01T12:15:00Z"
    assert (await wire.get("/v1/items/moved"))[0] == 200
    # No format dates a version before the story came out.
    parsed = feedparser.parse((await wire.get("/feeds/world.atom"))[1])
    for entry in parsed.entries:
        assert entry.updated_parsed >= entry.published_parsed, entry.id


async def post_bulk(wire: Wire, lines: list[str]) -> dict[str, Any]:
    response = await wire.client.post(
        "/v1/items",
        data=io.BytesIO("\n".join(lines).encode()),  # a large body, streamed
        headers={**EDITOR, "Content-Type": "application/x-ndjson"},
    )
    assert response.status == 200
    report: dict[str, Any] = await response.json()
    return report


async def test_ndjson_bulk_stores_good_lines_and_reports_each_bad_one(wire: Wire) -> None:
    lines = [
        json.dumps(story("b1")),
        json.dumps(story("b2", section="moon")),
        "{not json",
        "",
        json.dumps(story("b3", published="31 February 2026 10:00")),
        json.dumps(story("b4")),
        "[1, 2]",
    ]
    report = await post_bulk(wire, lines)
    # The blank line is passed over, and counted: the lines are numbered as the body has them.
    assert (report["lines"], report["created"], report["refused"], report["blank"]) == (7, 2, 4, 1)
    results = {r["line"]: r for r in report["results"]}
    assert results[1] == {"line": 1, "id": "b1", "outcome": "created", "version": 1}
    assert results[2]["status"] == 422
    assert results[2]["errors"][0]["field"] == "section"
    assert results[3]["status"] == 400
    assert results[5]["errors"][0]["field"] == "published"
    assert results[6]["outcome"] == "created"
    # JSON, but not an item: the line is what is wrong, as for a line that is not JSON.
    assert results[7] == {"line": 7, "status": 422, "errors": [{"field": "(line)", "reason": "must be a JSON object"}]}
    _, body, _ = await wire.get("/feeds/world.atom")
    assert b"item:b1" in body
    assert b"item:b4" in body


async def test_ndjson_bulk_of_thousands_of_items_lands_whole(wire: Wire) -> None:
    report = await post_bulk(wire, [json.dumps(story(f"n{i}", summary=f"Item {i}")) for i in range(3000)])
    assert report["created"] == 3000
    versions = await wire.client.get("/v1/items/n2999/versions", headers=EDITOR)
    assert len(await versions.json()) == 1


async def test_ndjson_bulk_over_several_batches_keeps_their_order_and_reports_every_line(wire: Wire) -> None:
    # Batches are normalised while the one before is written: a story pushed again in a later batch is a
    # later version, and bad lines in every batch are reported on their own lines.
    lines = [json.dumps(story(f"m{i}", summary=f"Item {i}")) for i in range(2500)]
    lines[1800] = json.dumps(story("m7", summary="Item 7, revised"))
    for bad in (5, 1200, 2400):
        lines[bad] = "{not json"
    report = await post_bulk(wire, lines)
    assert (report["lines"], report["created"], report["updated"], report["refused"]) == (2500, 2496, 1, 3)
    assert [r["line"] for r in report["results"]] == list(range(1, 2501))
    assert [r["line"] for r in report["results"] if r.get("status") == 400] == [6, 1201, 2401]
    assert report["results"][1800] == {"line": 1801, "id": "m7", "outcome": "updated", "version": 2}
    item = await wire.client.get("/v1/items/m7", headers=EDITOR)
    assert (await item.json())["summary"] == "Item 7, revised"


def normalising_processes() -> list[int]:
    """The bulk processes this test process started."""
    return [pid for pid in children(os.getpid()) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


async def test_lines_normalised_in_processes_are_stored_as_a_thread_would_store_them(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    # Relative and incomplete times are read against the server's clock, wherever the lines are normalised.
    lines = [
        json.dumps(story(f"p{i}", published=("yesterday 10:00", "March 1 9:15", "2026-02-27T08:00:00+01:00")[i % 3]))
        for i in range(2300)
    ]
    lines[1500] = json.dumps(story("p1500", section="moon"))
    seen = []
    for processes in (0, 2):
        folder = tmp_path / f"processes-{processes}"
        folder.mkdir()
        wire = await make_wire(make_config(folder, server={"bulk_processes": processes}))
        report = await post_bulk(wire, lines)
        assert bool(normalising_processes()) == bool(processes)
        items = []
        for item_id in ("p0", "p1", "p2", "p2299"):
            response = await wire.client.get(f"/v1/items/{item_id}", headers=EDITOR)
            items.append(await response.json())
        seen.append((report, items))
    assert seen[0] == seen[1]
    report, items = seen[0]
    assert (report["created"], report["refused"]) == (2299, 1)
    assert [item["published"] for item in items[:3]] == [
        "2026-02-28T10:00:00Z",
        "2026-03-01T09:15:00Z",
        "2026-02-27T07:00:00Z",
    ]


@pytest.mark.parametrize("processes", [0, 2])
async def test_the_versions_of_an_item_in_a_bulk_are_stored_in_the_order_of_its_lines(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, store_url: str, processes: int
) -> None:
    # Batches of different lanes are written at once: every line of one item must go down the same lane, in order.
    lines = []
    for n in range(3000):
        item_id, version = f"o{n % 7}", n // 7 + 1
        updated = f"2026-03-01T10:{version // 60:02d}:{version % 60:02d}Z"
        lines.append(json.dumps(story(item_id, headline=f"Version {version} of {item_id}", updated=updated)))
    config = make_config(tmp_path, storage={"url": store_url}, server={"bulk_processes": processes})
    wire = await make_wire(config)
    report = await post_bulk(wire, lines)
    assert (report["created"], report["updated"], report["refused"]) == (7, 2993, 0)
    assert [r["line"] for r in report["results"]] == list(range(1, 3001))
    assert [r["version"] for r in report["results"][:14]] == [1] * 7 + [2] * 7
    for n in range(7):
        response = await wire.client.get(f"/v1/items/o{n}/versions", headers=EDITOR)
        headlines = [v["headline"] for v in await response.json()]
        count = len(range(n, 3000, 7))
        assert headlines == [f"Version {v} of o{n}" for v in range(1, count + 1)]


async def test_a_feed_shows_the_items_of_a_bulk_once_it_is_answered(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, store_url: str
) -> None:
    # Stored by the bulk processes, not by the server: the server's documents learn of them with the answer, not
    # at its next look at the store (or PostgreSQL's notification).
    wire = await make_wire(make_config(tmp_path, storage={"url": store_url}, server={"bulk_processes": 2}))
    await wire.push(story("before"))
    _, body, _ = await wire.get("/feeds/world.atom")  # rendered and cached before the bulk
    assert len(feedparser.parse(body).entries) == 1
    report = await post_bulk(wire, [json.dumps(story(f"n{i}")) for i in range(1200)])
    assert report["created"] == 1200
    assert normalising_processes()
    _, body, _ = await wire.get("/feeds/world.atom")
    assert len(feedparser.parse(body).entries) == 50  # a full page ([feeds] page_size)


def test_a_story_with_every_field_crosses_between_processes_whole(config: Config) -> None:
    doc = story(
        "full-1",
        sections=["business"],
        summary="A summary.",
        body="<p>Body, told AFP.</p>",
        byline="Desk",
        language="fr",
        url="https://example.com/a",
        credits=["Reuters"],
        rights={"holder": "Holder", "notice": "Notice", "usage_terms": "Terms"},
        published="2026-03-01 09:00",
        updated="2026-03-01T10:00:00Z",
        embargo="2026-03-02T06:00:00+01:00",
        signal="correction",
        ed_note="A note.",
        located="Bamako",
        slugline="mali-operation",
    )
    original = Normaliser(config, utc_now).story(doc)
    assert None not in (original.signal, original.embargo, original.rights.usage_terms, original.ed_note)
    assert len(original.origins) == 3
    assert pickle.loads(pickle.dumps(original)) == original  # noqa: S301 - the bytes were made just above
    form = stored_form(original)
    assert form == (story_to_json(original), digest_of(story_to_json(original)))
    again = pickle.loads(pickle.dumps(original))  # noqa: S301 - the bytes were made just above
    assert again._form == form  # made where the story was normalised, carried with it
    changed = replace(original, headline="Another headline")
    assert changed._form is None  # a changed story makes its own
    assert stored_form(changed) == (story_to_json(changed), digest_of(story_to_json(changed))) != form


def test_line_results_cross_between_processes_whole() -> None:
    stored = LineResult(3, "a", Outcome.UPDATED, 2)
    refused = LineResult(4, None, status=422, problems=(FieldProblem("headline", "is required"),))
    for result in (stored, refused):
        assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - the bytes were made just above


async def test_a_bulk_goes_on_when_a_bulk_process_dies(wire: Wire) -> None:
    await post_bulk(wire, [json.dumps(story("first"))])
    dead = normalising_processes()
    assert dead
    for pid in dead:
        os.kill(pid, signal.SIGKILL)
    report = await post_bulk(wire, [json.dumps(story(f"d{i}")) for i in range(2500)])
    assert report["created"] == 2500
    report = await post_bulk(wire, [json.dumps(story(f"e{i}")) for i in range(1500)])
    assert report["created"] == 1500
    assert normalising_processes()  # new ones, started in place of the one that died
    assert not set(dead) & set(normalising_processes())


async def test_no_line_is_lost_nor_stored_twice_when_the_bulk_processes_die_under_a_bulk(
    wire: Wire, caplog: pytest.LogCaptureFixture
) -> None:
    await post_bulk(wire, [json.dumps(story(f"start-{n}")) for n in range(64)])  # starts both processes
    assert len(normalising_processes()) == 2
    # Four versions of each item, one after another: most batches hold every version of the items they hold.
    lines = [json.dumps(story(f"k{n // 4}", headline=f"Version {n % 4 + 1}")) for n in range(20_000)]
    posting = asyncio.create_task(post_bulk(wire, lines))
    await asyncio.sleep(0.3)  # while they store its batches
    for _ in range(8):  # again and again: some die between storing a batch and answering for it
        if posting.done():
            break
        for pid in normalising_processes():
            os.kill(pid, signal.SIGKILL)
        await asyncio.sleep(0.2)
    report = await posting
    assert "bulk process failed" in caplog.text  # the server took their batches over
    # A batch a process stored before it died is not stored again: its lines are answered for as it stored them.
    assert (report["created"], report["updated"], report["refused"]) == (5_000, 15_000, 0)
    assert [r["version"] for r in report["results"]] == [n % 4 + 1 for n in range(20_000)]
    for n in range(0, 5_000, 97):
        response = await wire.client.get(f"/v1/items/k{n}/versions", headers=EDITOR)
        assert [v["headline"] for v in await response.json()] == [f"Version {v}" for v in range(1, 5)]


def test_import_command_stores_a_file_and_sums_up(tmp_path: Path) -> None:
    data = tmp_path / "items.ndjson"
    data.write_text(
        "\n".join([json.dumps(story("i1")), json.dumps(story("i2", section="moon")), json.dumps(story("i3"))]),
        encoding="utf-8",
    )
    _, command = import_command(tmp_path, str(data))
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    assert first.returncode == 1
    assert "3 lines: 2 created, 0 updated, 0 unchanged, 1 refused, 0 blank" in first.stdout
    assert "line 2: refused: section: unknown section 'moon'" in first.stderr
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert "0 created, 0 updated, 2 unchanged, 1 refused" in again.stdout


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_import_sums_up_what_it_stored_and_may_be_run_again(
    tmp_path: Path, signum: signal.Signals, status: int
) -> None:
    database, command = import_command(tmp_path, str(many_items(tmp_path)))
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as importing:
        while stored(database) < 2000:  # under way
            assert importing.poll() is None
            time.sleep(0.05)
        importing.send_signal(signum)
        out, err = importing.communicate(timeout=60)
    assert importing.returncode == status, err
    assert "Traceback" not in err
    summary = re.fullmatch(r"(\d+) lines: (\d+) created, 0 updated, 0 unchanged, 0 refused, 0 blank\n", out)
    assert summary is not None, out
    read, created = int(summary[1]), int(summary[2])
    assert read == created < 60_000
    assert stored(database) == created
    assert f"newswire: interrupted by {signum.name}: " in err
    assert "importing the file again stores nothing twice where each item has one line" in err
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 0
    assert (
        f"60000 lines: {60_000 - created} created, 0 updated, {created} unchanged, 0 refused, 0 blank" in again.stdout
    )


def test_an_import_from_a_pipe_stores_each_line_as_it_comes_and_stops_at_once_when_told(tmp_path: Path) -> None:
    database, command = import_command(tmp_path, "-", "--quiet")
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as importing:
        assert importing.stdin is not None
        for n, blank in enumerate((b"", b"\n  \n")):
            # A line, and nothing more for a while: the pipe stays open and idle, and the line is stored all the same.
            importing.stdin.write(blank + (json.dumps(story(f"piped-{n}")) + "\n").encode())
            importing.stdin.flush()
            deadline = time.monotonic() + 20
            while stored(database) < n + 1:
                assert importing.poll() is None
                assert time.monotonic() < deadline, "a piped line was not stored while the pipe stayed idle"
                time.sleep(0.05)
        importing.send_signal(signal.SIGTERM)  # the pipe idle: the import ends now, not at its next line
        out, err = importing.communicate(timeout=20)
    assert importing.returncode == 143, err
    assert out.decode() == "4 lines: 2 created, 0 updated, 0 unchanged, 0 refused, 2 blank\n"
    assert stored(database) == 2


def test_an_import_from_a_pipe_fed_steadily_stores_its_lines_as_they_come(tmp_path: Path) -> None:
    # A line every fifth of a second: the pipe is never idle for long, and the lines are stored all the same.
    database, command = import_command(tmp_path, "-", "--quiet")
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as importing:
        assert importing.stdin is not None
        sent = 0
        deadline = time.monotonic() + 15
        while stored(database) == 0:
            assert time.monotonic() < deadline, f"nothing stored of {sent} lines sent a fifth of a second apart"
            importing.stdin.write((json.dumps(story(f"steady-{sent}")) + "\n").encode())
            importing.stdin.flush()
            sent += 1
            time.sleep(0.2)
        importing.stdin.close()
        assert importing.wait(timeout=20) == 0
    assert stored(database) == sent


def test_an_import_is_stopped_at_once_by_the_same_signal_again(tmp_path: Path) -> None:
    database, command = import_command(tmp_path, str(many_items(tmp_path)), "--quiet")
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as importing:
        while stored(database) < 2000:  # under way
            assert importing.poll() is None
            time.sleep(0.05)
        # Another writer holds the store: the batches under way wait for it (for up to the store's busy timeout).
        with contextlib.closing(sqlite3.connect(database, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")
            importing.send_signal(signal.SIGTERM)  # the batches under way are written first ...
            time.sleep(1)
            assert importing.poll() is None
            importing.send_signal(signal.SIGTERM)  # ... unless it is told again
            assert importing.wait(timeout=10) == -signal.SIGTERM
            other.execute("ROLLBACK")


def import_command(tmp_path: Path, source: str, *options: str) -> tuple[Path, list[str]]:
    """A store under `tmp_path` (its file), and the command importing `source` into it ("-": standard input)."""
    database = tmp_path / "n.db"
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nurl = "sqlite:///{database}"\n[sections.world]\ntitle = "World"\n', encoding="utf-8")
    return database, [sys.executable, "-m", "wire", "import", source, "--config", str(config), *options]


def many_items(tmp_path: Path) -> Path:
    """An NDJSON file of 60,000 items: an import of it is under way long enough to be interrupted."""
    data = tmp_path / "items.ndjson"
    data.write_text("".join(json.dumps(story(f"i{n}")) + "\n" for n in range(60_000)), encoding="utf-8")
    return data


def stored(database: Path) -> int:
    """Items in the store at `database` (0 before it is made)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            return int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    except sqlite3.Error:
        return 0


async def test_editors_list_a_sections_newest_items_newest_first(wire: Wire) -> None:
    for n, published in enumerate(["2026-03-01T09:00:00Z", "2026-03-01T11:00:00Z", "2026-03-01T10:00:00Z"]):
        await wire.push(story(f"n-{n}", published=published))
    await wire.push(story("elsewhere", section="business"))
    response = await wire.client.get("/v1/items?section=world&limit=2", headers=EDITOR)
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    listing = await response.json()
    assert listing["section"] == "world"
    assert [i["id"] for i in listing["items"]] == ["n-1", "n-2"]
    assert listing["items"][0]["body"] == "<p>Body of n-1.</p>"


async def test_the_editors_listing_leaves_out_withdrawn_items(wire: Wire) -> None:
    await wire.push(story("kept"))
    await wire.push(story("gone"))
    await withdraw(wire, "gone")
    response = await wire.client.get("/v1/items?section=world", headers=EDITOR)
    assert [i["id"] for i in (await response.json())["items"]] == ["kept"]


async def test_the_item_listing_is_for_editors_only(wire: Wire) -> None:
    await wire.push(story("v"))
    status, body, _ = await wire.get("/v1/items?section=world")
    assert status == 401
    assert b"Headline of v" not in body


async def test_the_item_listing_names_each_wrong_query_field(wire: Wire) -> None:
    response = await wire.client.get("/v1/items?section=moon&limit=0&sort=asc", headers=EDITOR)
    assert response.status == 422
    fields = [e["field"] for e in (await response.json())["errors"]]
    assert sorted(fields) == ["limit", "section", "sort"]
    response = await wire.client.get("/v1/items", headers=EDITOR)
    assert [e["field"] for e in (await response.json())["errors"]] == ["section"]


@pytest.mark.parametrize("limit", ["²", "٣", "1.5", "-1", "10000"])
async def test_a_listing_limit_that_is_no_whole_number_of_ascii_digits_is_422(wire: Wire, limit: str) -> None:
    response = await wire.client.get("/v1/items", params={"section": "world", "limit": limit}, headers=EDITOR)
    assert response.status == 422
    assert [e["field"] for e in (await response.json())["errors"]] == ["limit"]


async def test_the_editors_listing_holds_items_of_agencies_the_public_never_sees(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    agencies = {"EXW": {"name": "Exclusive Wire", "credited_as": ["(EXW)"], "without_licence": "none"}}
    wire = await make_wire(make_config(tmp_path, agencies=agencies))
    await wire.push(story("exclusive", credits=["EXW"]))
    response = await wire.client.get("/v1/items?section=world", headers=EDITOR)
    assert [i["id"] for i in (await response.json())["items"]] == ["exclusive"]
    _, feed, _ = await wire.get("/feeds/world.atom")
    assert b"exclusive" not in feed


async def test_a_byte_order_mark_is_ignored_and_text_not_in_utf8_is_named(wire: Wire) -> None:
    # Files saved by some Windows tools start with a byte-order mark, which RFC 8259 lets a reader ignore.
    body = UTF8_BOM + "\n".join([json.dumps(story("bom1")), json.dumps(story("bom2"))]).encode()
    response = await wire.client.post(
        "/v1/items", data=body, headers={**EDITOR, "Content-Type": "application/x-ndjson"}
    )
    assert (await response.json())["created"] == 2
    response = await wire.client.post(
        "/v1/items",
        data=UTF8_BOM + json.dumps(story("bom4")).encode(),
        headers={**EDITOR, "Content-Type": "application/json"},
    )
    assert response.status == 201
    latin1 = json.dumps(story("latin"), ensure_ascii=False).replace("Headline", "Café").encode("latin-1")
    response = await wire.client.post("/v1/items", data=latin1, headers={**EDITOR, "Content-Type": "application/json"})
    assert response.status == 400
    assert "the body is not UTF-8" in (await response.json(content_type=None))["detail"]
    report = await post_bulk(wire, [latin1.decode("latin-1")])  # sent as UTF-8: the line is fine, "é" and all
    assert report["created"] == 1
    response = await wire.client.post(
        "/v1/items", data=latin1, headers={**EDITOR, "Content-Type": "application/x-ndjson"}
    )
    report = await response.json()
    assert report["results"][0]["errors"] == [{"field": "(line)", "reason": "is not UTF-8"}]


async def test_split_lines_drops_a_byte_order_mark_however_the_body_is_cut() -> None:
    body = UTF8_BOM + b'{"a": 1}\n{"b": 2}'

    async def chunks(size: int) -> AsyncIterator[bytes]:
        for start in range(0, len(body), size):
            yield body[start : start + size]

    for size in (1, 2, 3, 4, 100):
        assert [line async for line in split_lines(chunks(size), max_line_bytes=100)] == [
            (1, b'{"a": 1}'),
            (2, b'{"b": 2}'),
        ]


async def test_split_lines_numbers_and_trims_the_lines_of_a_body_of_a_few_bytes() -> None:
    async def whole(body: bytes) -> AsyncIterator[bytes]:
        yield body

    for body, lines in [
        (b"\n1", [(1, b""), (2, b"1")]),  # a blank line is told as such (b""), and counted
        (b"1\n", [(1, b"1")]),  # nothing after the last line break is no line
        (b"1\n \t", [(1, b"1"), (2, b"")]),
        (UTF8_BOM, [(1, b"")]),
        (UTF8_BOM + b"1", [(1, b"1")]),
        (b"\n" + UTF8_BOM + b"2", [(1, b""), (2, UTF8_BOM + b"2")]),  # a mark inside the body is the line's
    ]:
        assert [line async for line in split_lines(whole(body), max_line_bytes=10)] == lines


async def test_split_lines_tells_an_idle_input_and_keeps_the_line_it_cut_whole() -> None:
    async def pieces() -> AsyncIterator[bytes | None]:
        for piece in (b'{"a"', IDLE, b': 1}\n{"b": 2}\n', IDLE):
            yield piece

    assert [x async for x in split_lines(pieces(), max_line_bytes=100)] == [
        IDLE,
        (1, b'{"a": 1}'),
        (2, b'{"b": 2}'),
        IDLE,
    ]


async def test_split_lines_reads_a_long_line_sent_in_small_pieces_whole() -> None:
    line = b'{"a": "' + b"x" * 200_000 + b'"}'
    body = line + b"\n" + line[:5] + b"\n"

    async def pieces() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 16):
            yield body[start : start + 16]

    assert [x async for x in split_lines(pieces(), max_line_bytes=len(line) - 1)] == [(1, None), (2, line[:5])]
    assert [x async for x in split_lines(pieces(), max_line_bytes=len(line))] == [(1, line), (2, line[:5])]


async def test_editors_see_what_was_derived_rather_than_given(wire: Wire) -> None:
    # A correction made from the item JSON leaves these out, to have them derived from the corrected text.
    await wire.push(story("d", summary=None, body="<p>The minister told AFP that talks failed.</p>"))
    await wire.push(story("g", summary="Given.", body="<p>Talks failed.</p>", credits=["Reuters"]))
    derived = {}
    for item_id in ("d", "g"):
        response = await wire.client.get(f"/v1/items/{item_id}", headers=EDITOR)
        derived[item_id] = (await response.json())["derived"]
        status, body, _ = await wire.get(f"/v1/items/{item_id}")
        assert status == 200
        assert "derived" not in json.loads(body)  # editors' only
    assert derived == {"d": {"summary": True, "credits": ["AFP"]}, "g": {"summary": False, "credits": []}}


async def test_a_credit_the_editor_gave_stays_when_a_correction_rewords_the_text_that_named_it(wire: Wire) -> None:
    # Given and named in the text, it is the editor's: a correction made from the item JSON (without the derived
    # credits, as the console makes it) keeps it, though the corrected text no longer names the agency.
    await wire.push(story("c", body="<p>The minister told AFP that talks failed.</p>", credits=["AFP"]))
    response = await wire.client.get("/v1/items/c", headers=EDITOR)
    doc = await response.json()
    assert doc["derived"]["credits"] == []
    corrected = story("c", body="<p>The minister said that talks failed.</p>", signal="correction", ed_note="Reworded.")
    kept = [code for code in doc["credits"] if code not in doc["derived"]["credits"]]
    stored = await wire.push({**corrected, "credits": kept})
    assert stored["credits"] == ["AFP"]
    # Found in the text alone, a credit is derived: the corrected text decides it again.
    await wire.push(story("f", body="<p>The minister told AFP that talks failed.</p>"))
    response = await wire.client.get("/v1/items/f", headers=EDITOR)
    assert (await response.json())["derived"]["credits"] == ["AFP"]


@pytest.mark.parametrize("processes", [0, 2])
async def test_versions_of_an_id_written_with_and_without_spaces_keep_the_order_of_their_lines(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, processes: int
) -> None:
    # "x " and "x" are one item (the id is trimmed): they must go down one lane, or the last line may be stored first.
    lanes = processes or 2
    base = next(f"dup{n}" for n in range(1000) if hash(f"dup{n}") % lanes != hash(f"dup{n} ") % lanes)
    wire = await make_wire(make_config(tmp_path, server={"bulk_processes": processes}))
    await post_bulk(wire, [json.dumps(story(f"warm{n}")) for n in range(50)])  # starts the processes
    first_lane = hash(base + " ") % lanes
    filler = [f"f{n}" for n in range(5000) if hash(f"f{n}") % lanes == first_lane][:999]
    lines = [json.dumps(story(base + " ", headline="First line"))]
    lines += [json.dumps(story(f, body="<p>" + "Some <b>bold</b> text. " * 200 + "</p>")) for f in filler[:998]]
    lines.append(json.dumps(story(base, headline="Last line")))
    lines.append(json.dumps(story(filler[998])))  # completes the first line's batch, which then goes first
    await post_bulk(wire, lines)
    response = await wire.client.get(f"/v1/items/{base}/versions", headers=EDITOR)
    assert [v["headline"] for v in await response.json()] == ["First line", "Last line"]


async def test_bulk_processes_hold_no_listening_connection(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, postgres_cluster: postgres.Cluster
) -> None:
    # They only write: the server's own connection listens for changes (the README counts the connections so).
    url = await postgres_cluster.new_database()
    wire = await make_wire(make_config(tmp_path, storage={"url": url}, server={"bulk_processes": 2}))
    await post_bulk(wire, [json.dumps(story(f"c{n}")) for n in range(2500)])
    assert len(normalising_processes()) == 2
    database = url.split("@/", 1)[1].split("?")[0]
    connection = await asyncpg.connect(postgres_cluster.url())
    try:
        rows = await connection.fetch(
            "SELECT query FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", database
        )
    finally:
        await connection.close()
    assert [row["query"] for row in rows if row["query"].upper().startswith("LISTEN")] == ['LISTEN "newswire_changes"']
