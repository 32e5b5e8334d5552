"""An acknowledged item is never lost: the server is killed (SIGKILL) under load and started again."""

from __future__ import annotations

import asyncio
import io
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import EDITOR_TOKEN
from wire.auth import digest

EDITOR = {"Authorization": f"Bearer {EDITOR_TOKEN}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`newswire serve` in its own process, on its own port and SQLite file."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.database = tmp_path / "wire.db"
        self.config = tmp_path / "config.toml"
        self.config.write_text(
            f'[server]\nport = {self.port}\n[storage]\nurl = "sqlite:///{self.database}"\n'
            f'[sections.world]\ntitle = "World"\n[editors.desk]\ntoken_sha256 = "{digest(EDITOR_TOKEN)}"\n',
            encoding="utf-8",
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "wire", "serve", "--config", str(self.config)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    server = Server(tmp_path)
    server.start()
    yield server
    server.stop()


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


async def load_then_kill(server: Server, *, seconds: float) -> list[str]:
    acked: list[str] = []
    bulk = "\n".join(json.dumps(item(f"bulk-{n}")) for n in range(50_000)).encode()
    async with aiohttp.ClientSession() as session:
        workers = [asyncio.create_task(post_singles(session, server.url, w, acked)) for w in range(16)]
        workers.append(asyncio.create_task(post_bulk(session, server.url, bulk, acked)))
        await asyncio.sleep(seconds)
        server.kill()
        await asyncio.wait_for(asyncio.gather(*workers), timeout=30)
    return acked


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
    acked = await load_then_kill(server, seconds=seconds)
    assert len(acked) > 10, "the load did not get going before the kill"
    server.start()
    assert await missing_items(server, acked) == []
    assert_consistent(server.database)
