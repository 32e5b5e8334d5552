"""Polls answered from memory as soon as their head is read: the same answer as the full path, byte for byte
(but for the date and the request id), in order with the requests around them, under the same key checks, rate
limits and logging.

Which path answered is told apart by the limit of requests in progress per client: with one request held in
progress and a limit of one, the full path answers 429, while an answer from memory is never in progress.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.conftest import EDITOR_TOKEN, Wire, make_config, story
from tests.test_limits import connect, read_answer, read_head, slow_post
from wire.auth import digest
from wire.config import Config

WireFactory = Callable[[Config], Awaitable[Wire]]
PARTNER_KEY = "answers-partner-key"
PER_REQUEST = ("date", "x-request-id")
# Where the client stands against its rate limit, on the answers counted against one: it moves with each request.
RATE = "ratelimit"

Answer = tuple[int, dict[str, str], bytes]


def settings(tmp_path: Path, **public: object) -> Config:
    return make_config(
        tmp_path,
        server={"max_requests_per_client": 1, "body_timeout_seconds": 30, "access_log": str(tmp_path / "access.log")},
        partners={"p": {"name": "P", "key_sha256": digest(PARTNER_KEY), "sections": ["world"], "level": "full"}},
        public={"requests_per_minute": 0, **public},
    )


@pytest.fixture
async def wire(make_wire: WireFactory, tmp_path: Path) -> Wire:
    wire = await make_wire(settings(tmp_path))
    for n in range(3):
        await wire.push(story(f"s{n}", published=f"2026-03-01T1{n}:00:00Z"))
    return wire


def request(target: str, *headers: str, method: str = "GET", version: str = "1.1") -> bytes:
    return "\r\n".join([f"{method} {target} HTTP/{version}", "Host: test", *headers, "", ""]).encode()


async def exchange(wire: Wire, data: bytes, answers: int = 1, *, head_only: bool = False) -> list[Answer]:
    """Send `data` on a connection of its own and read `answers` answers."""
    reader, writer = await connect(wire.client.server.port)
    try:
        writer.write(data)
        await writer.drain()
        if head_only:
            status, headers = await read_head(reader)
            return [(status, headers, b"")]
        return [await read_answer(reader) for _ in range(answers)]
    finally:
        writer.close()
        await writer.wait_closed()


@asynccontextmanager
async def request_in_progress(wire: Wire) -> AsyncIterator[None]:
    """A request from this client held in progress (its body not sent): the full path now answers 429."""
    _, writer = await connect(wire.client.server.port)
    writer.write(slow_post(100) + b"{")
    await writer.drain()
    await asyncio.sleep(0.1)
    try:
        yield
    finally:
        writer.close()
        await writer.wait_closed()


def same(full: Answer, from_memory: Answer) -> None:
    assert full[0] == from_memory[0]
    assert {k: v for k, v in full[1].items() if k not in (*PER_REQUEST, RATE)} == {
        k: v for k, v in from_memory[1].items() if k not in (*PER_REQUEST, RATE)
    }
    assert (RATE in full[1]) == (RATE in from_memory[1])
    assert full[2] == from_memory[2]
    assert set(PER_REQUEST) <= from_memory[1].keys()


@pytest.mark.parametrize("coding", ["gzip", "br", "identity"])
@pytest.mark.parametrize("key", [None, PARTNER_KEY])
async def test_an_answer_from_memory_is_the_full_paths_answer(wire: Wire, coding: str, key: str | None) -> None:
    headers = [f"Accept-Encoding: {coding}"] + ([f"Authorization: Bearer {key}"] if key else [])
    (full,) = await exchange(wire, request("/feeds/world.atom", *headers))  # rendered now: the full path
    assert full[0] == 200
    conditional = [*headers, f"If-None-Match: {full[1]['etag']}"]
    (full_304,) = await exchange(wire, request("/feeds/world.atom", *conditional))
    (full_head,) = await exchange(wire, request("/feeds/world.atom", *headers, method="HEAD"), head_only=True)
    async with request_in_progress(wire):
        (again,) = await exchange(wire, request("/feeds/world.atom", *headers))
        (again_304,) = await exchange(wire, request("/feeds/world.atom", *conditional))
        (again_head,) = await exchange(wire, request("/feeds/world.atom", *headers, method="HEAD"), head_only=True)
        (refused,) = await exchange(wire, request("/v1/items/s1", f"Authorization: Bearer {EDITOR_TOKEN}"))
    assert refused[0] == 429  # the full path, meanwhile
    same(full, again)
    assert full_304[0] == 304
    same(full_304, again_304)
    same(full_head, again_head)
    assert again_head[1]["content-length"] == full[1]["content-length"]


async def test_pipelined_requests_are_answered_in_order_whichever_path_answers(wire: Wire) -> None:
    await exchange(wire, request("/feeds/world.atom"))  # rendered: later polls are answered from memory
    polls = [
        request("/feeds/world.atom"),
        request("/healthz"),
        request("/feeds/world.rss"),  # not rendered yet
        request("/feeds/world.atom"),
        request("/feeds/world.json"),
        request("/feeds/nowhere.atom"),
        request("/feeds/world.atom"),
    ]
    answers = await exchange(wire, b"".join(polls), len(polls))
    assert [status for status, _, _ in answers] == [200, 200, 200, 200, 200, 404, 200]
    types = [headers["content-type"].split(";")[0] for _, headers, _ in answers]
    assert types == [
        "application/atom+xml",
        "application/json",
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/problem+json",
        "application/atom+xml",
    ]
    ids = [headers["x-request-id"] for _, headers, _ in answers]
    assert len(set(ids)) == len(ids)


async def test_the_connection_is_closed_after_a_poll_that_asks_it(wire: Wire) -> None:
    await exchange(wire, request("/feeds/world.atom"))
    reader, writer = await connect(wire.client.server.port)
    try:
        writer.write(request("/feeds/world.atom", "Connection: close"))
        await writer.drain()
        status, headers, _ = await read_answer(reader)
        assert (status, headers["connection"]) == (200, "close")
        assert await asyncio.wait_for(reader.read(), timeout=5) == b""
    finally:
        writer.close()
        await writer.wait_closed()


async def test_http_1_0_keep_alive_polls_are_answered_in_their_version(wire: Wire) -> None:
    await exchange(wire, request("/feeds/world.atom"))
    poll = request("/feeds/world.atom", "Connection: keep-alive", version="1.0")
    async with request_in_progress(wire):
        answers = await exchange(wire, poll + poll, 2)
    for status, headers, body in answers:
        assert (status, headers["connection"]) == (200, "keep-alive")
        assert body.startswith(b"<?xml")


async def test_a_poll_from_memory_needs_a_key_already_found_valid(wire: Wire) -> None:
    await exchange(wire, request("/feeds/world.atom"))
    async with request_in_progress(wire):
        # A key not checked yet, or a wrong one, takes the full path (here: refused for the request in progress).
        (first,) = await exchange(wire, request("/feeds/world.atom", f"Authorization: Bearer {PARTNER_KEY}"))
        (wrong,) = await exchange(wire, request("/feeds/world.atom", "Authorization: Bearer wrong"))
    assert (first[0], wrong[0]) == (429, 429)
    (checked,) = await exchange(wire, request("/feeds/world.atom", f"Authorization: Bearer {PARTNER_KEY}"))
    assert checked[0] == 200
    assert checked[1]["cache-control"].startswith("private")
    async with request_in_progress(wire):
        (again,) = await exchange(wire, request("/feeds/world.atom", f"Authorization: Bearer {PARTNER_KEY}"))
        (wrong,) = await exchange(wire, request("/feeds/world.atom", "Authorization: Bearer wrong"))
    same(checked, again)
    assert wrong[0] == 429


async def test_polls_from_memory_count_against_the_rate_limit(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(settings(tmp_path, requests_per_minute=4))  # a burst of 10, then one every 15 s
    answers = await exchange(wire, request("/feeds/world.atom") * 12, 12)
    assert [status for status, _, _ in answers] == [200] * 10 + [429] * 2
    assert answers[-1][1]["retry-after"] == "15"


async def test_polls_from_memory_are_logged_and_counted(wire: Wire, tmp_path: Path) -> None:
    await exchange(wire, request("/feeds/world.atom"))
    async with request_in_progress(wire):
        answers = await exchange(wire, request("/feeds/world.atom", "X-Request-Id: poll-7") * 3, 3)
    assert [headers["x-request-id"] for _, headers, _ in answers] == ["poll-7"] * 3
    status, metrics, _ = await wire.get("/metrics")
    assert status == 200
    assert 'newswire_requests_total{method="GET",route="feed",status="200"} 4.0' in metrics.decode()
    lines = [json.loads(line) for line in (tmp_path / "access.log").read_text().splitlines()]
    polls = [line for line in lines if line["id"] == "poll-7"]
    assert len(polls) == 3
    assert {(p["route"], p["status"], p["path"], p["bytes"], p["remote"]) for p in polls} == {
        ("feed", 200, "/feeds/world.atom", len(answers[0][2]), "127.0.0.1")
    }


async def test_an_item_pushed_reaches_the_next_poll_from_memory(wire: Wire) -> None:
    (before,) = await exchange(wire, request("/feeds/world.atom"))
    await wire.push(story("late", published="2026-03-01T11:30:00Z"))
    async with request_in_progress(wire):
        (stale,) = await exchange(wire, request("/feeds/world.atom"))  # dropped from memory: the full path
    assert stale[0] == 429
    (after,) = await exchange(wire, request("/feeds/world.atom"))
    assert b"Headline of late" in after[2]
    assert after[1]["etag"] != before[1]["etag"]
