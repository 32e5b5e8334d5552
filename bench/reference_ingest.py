"""Reference ingest servers for bench/ingest.py: the least an aiohttp + aiosqlite endpoint can do.

`each`: parse the JSON body, insert it, commit, answer 201: one commit (one fsync) per request.
`group`: the same, but requests waiting at the same moment share one transaction.
Both use WAL with synchronous=FULL, the durability Newswire gives.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
from aiohttp import web

DB = web.AppKey("db", aiosqlite.Connection)
QUEUE = web.AppKey("queue", asyncio.Queue)
LOCK = web.AppKey("lock", asyncio.Lock)


async def open_db(path: Path) -> aiosqlite.Connection:
    db = await aiosqlite.connect(path, isolation_level=None)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=FULL")
    await db.execute("CREATE TABLE IF NOT EXISTS items (id TEXT PRIMARY KEY, doc TEXT NOT NULL)")
    return db


async def commit_each(request: web.Request) -> web.Response:
    doc = await request.json()
    db = request.app[DB]
    async with request.app[LOCK]:  # one connection: one transaction at a time
        await db.execute("BEGIN IMMEDIATE")
        await db.execute("INSERT OR REPLACE INTO items VALUES (?, ?)", (doc["id"], json.dumps(doc)))
        await db.commit()
    return web.json_response(doc, status=201)


async def commit_grouped(request: web.Request) -> web.Response:
    doc = await request.json()
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    request.app[QUEUE].put_nowait(((doc["id"], json.dumps(doc)), done))
    await done
    return web.json_response(doc, status=201)


async def writer(db: aiosqlite.Connection, queue: asyncio.Queue[tuple[tuple[str, str], asyncio.Future[None]]]) -> None:
    while True:
        batch = [await queue.get()]
        while not queue.empty():
            batch.append(queue.get_nowait())
        await db.execute("BEGIN IMMEDIATE")
        await db.executemany("INSERT OR REPLACE INTO items VALUES (?, ?)", [row for row, _ in batch])
        await db.commit()
        for _, done in batch:
            done.set_result(None)


def app(mode: str, path: Path) -> web.Application:
    application = web.Application()

    async def resources(application: web.Application) -> AsyncIterator[None]:
        db = await open_db(path)
        application[DB] = db
        application[LOCK] = asyncio.Lock()
        task = None
        if mode == "group":
            queue: asyncio.Queue[tuple[tuple[str, str], asyncio.Future[None]]] = asyncio.Queue()
            application[QUEUE] = queue
            task = asyncio.create_task(writer(db, queue))
        yield
        if task:
            task.cancel()
        await db.close()

    application.cleanup_ctx.append(resources)
    application.router.add_post("/v1/items", commit_grouped if mode == "group" else commit_each)
    return application


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["each", "group"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    web.run_app(app(args.mode, args.db), host="127.0.0.1", port=args.port, print=lambda _: None, access_log=None)


if __name__ == "__main__":
    main()
