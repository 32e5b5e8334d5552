"""Limits protect the server from one bad client: slow bodies, too many requests at once, oversized input."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.conftest import EDITOR_TOKEN, Wire, make_config, story
from wire.config import Config

WireFactory = Callable[[Config], Awaitable[Wire]]


async def raw_request(wire: Wire, head: bytes, body_part: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    assert wire.client.server.port is not None
    reader, writer = await asyncio.open_connection("127.0.0.1", wire.client.server.port)
    writer.write(head + body_part)
    await writer.drain()
    return reader, writer


def slow_post(length: int) -> bytes:
    return (
        f"POST /v1/items HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {EDITOR_TOKEN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


async def test_a_body_that_comes_too_slowly_gets_408(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(make_config(tmp_path, server={"body_timeout_seconds": 1}))
    reader, writer = await raw_request(wire, slow_post(200), b'{"id": "slow", ')
    answer = await asyncio.wait_for(reader.read(4096), timeout=5)
    writer.close()
    await writer.wait_closed()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408")
    assert b"application/problem+json" in head
    assert json.loads(body)["status"] == 408
    assert (await wire.get("/v1/items/slow", Authorization=f"Bearer {EDITOR_TOKEN}"))[0] == 404


async def test_a_client_with_too_many_requests_in_progress_gets_429(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(make_config(tmp_path, server={"max_requests_per_client": 2, "body_timeout_seconds": 5}))
    held = [await raw_request(wire, slow_post(100), b"{") for _ in range(2)]
    await asyncio.sleep(0.2)
    response = await wire.client.get("/feeds/world.atom")
    assert response.status == 429
    assert response.headers["Retry-After"] == "1"
    assert (await response.json(content_type=None))["status"] == 429
    for _, writer in held:
        writer.close()
        await writer.wait_closed()
    await asyncio.sleep(0.2)
    assert (await wire.client.get("/feeds/world.atom")).status == 200


async def test_an_ndjson_bulk_over_its_line_limit_is_refused_naming_the_limit(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, server={"max_bulk_lines": 3}))
    body = "\n".join(json.dumps(story(f"l{n}")) for n in range(5)).encode()
    response = await wire.client.post(
        "/v1/items",
        data=body,
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": "application/x-ndjson"},
    )
    assert response.status == 422
    assert "more than 3 lines" in (await response.json(content_type=None))["detail"]


async def test_an_ndjson_line_longer_than_the_body_limit_is_refused_and_the_others_stored(wire: Wire) -> None:
    lines = [json.dumps(story("before")), json.dumps(story("long", body="x" * 200_000)), json.dumps(story("after"))]
    response = await wire.client.post(
        "/v1/items",
        data="\n".join(lines).encode(),
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": "application/x-ndjson"},
    )
    assert response.status == 200
    report = await response.json()
    assert (report["created"], report["refused"]) == (2, 1)
    refused = next(r for r in report["results"] if r["line"] == 2)
    assert refused["status"] == 413
    assert "longer than the limit" in refused["errors"][0]["reason"]
