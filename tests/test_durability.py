"""An acknowledged item is never lost: the server is killed (SIGKILL) under load and started again."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import EDITOR
from tests.servers import Server, children, still_running


def item(item_id: str) -> dict[str, str]:
    return {"id": item_id, "section": "world", "headline": f"Headline {item_id}", "body": f"Body of {item_id}."}


async def post_singles(session: aiohttp.ClientSession, url: str, worker: int, acked: list[str]) -> None:
    n = 0
    while True:
        item_id = f"w{worker}-{n}"
        try:
            async with session.post(f"{url}/v1/items", json=item(item_id), headers=EDITOR) as response:
                if response.status == 201:
                    acked.append(item_id)
        except (TimeoutError, aiohttp.ClientError):
            return
        n += 1


async def post_bulk(session: aiohttp.ClientSession, url: str, body: bytes, acked: list[str]) -> None:
    headers = {**EDITOR, "Content-Type": "application/x-ndjson"}
    try:
        async with session.post(f"{url}/v1/items", data=io.BytesIO(body), headers=headers) as response:
            report = await response.json()
            acked.extend(r["id"] for r in report["results"] if r.get("outcome") == "created")
    except (TimeoutError, aiohttp.ClientError):
        return


async def load_then_kill(server: Server, *, seconds: float) -> tuple[list[str], list[int]]:
    """The items acknowledged before the kill, and the processes the server had started by then."""
    acked: list[str] = []
    bulk = "\n".join(json.dumps(item(f"bulk-{n}")) for n in range(50_000)).encode()
    async with aiohttp.ClientSession() as session:
        workers = [asyncio.create_task(post_singles(session, server.url, w, acked)) for w in range(16)]
        workers.append(asyncio.create_task(post_bulk(session, server.url, bulk, acked)))
        await asyncio.sleep(seconds)
        assert server.process is not None
        started = children(server.process.pid)
        server.kill()
        await asyncio.wait_for(asyncio.gather(*workers), timeout=30)
    return acked, started


async def missing_items(server: Server, ids: list[str]) -> list[str]:
    missing = []
    async with aiohttp.ClientSession() as session:
        for item_id in ids:
            async with session.get(f"{server.url}/v1/items/{item_id}", headers=EDITOR) as response:
                if response.status != 200:
                    missing.append(item_id)
                    continue
                doc = await response.json()
                if doc["headline"] != f"Headline {item_id}" or doc["body"] != f"<p>Body of {item_id}.</p>":
                    missing.append(item_id)
    return missing


def assert_consistent(database: Path) -> None:
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        orphans = db.execute("SELECT COUNT(*) FROM items i LEFT JOIN versions v ON v.seq = i.seq WHERE v.seq IS NULL")
        assert orphans.fetchone() == (0,)
        unlisted = db.execute(
            "SELECT COUNT(*) FROM items i LEFT JOIN item_sections s ON s.item_id = i.id WHERE s.item_id IS NULL"
        )
        assert unlisted.fetchone() == (0,)


@pytest.mark.parametrize("seconds", [0.4, 1.5])
async def test_every_acknowledged_item_survives_a_kill_under_load(server: Server, seconds: float) -> None:
    acked, started = await load_then_kill(server, seconds=seconds)
    assert len(acked) > 10, "the load did not get going before the kill"
    server.start()
    assert await missing_items(server, acked) == []
    assert_consistent(server.database)
    # The processes that normalised the bulk end with the server that started them (each checks twice a second).
    assert started, "the bulk started no bulk process"
    assert still_running(started, within=5) == []
