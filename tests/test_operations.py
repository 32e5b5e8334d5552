"""Operations on a real server process: graceful shutdown on SIGTERM, secrets that never reach a log, and a store
a newer version has migrated."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import asyncpg

from tests.conftest import EDITOR, EDITOR_TOKEN, Clock, Wire, make_config
from tests.servers import PARTNER_KEY, Server, free_port
from wire.auth import digest
from wire.config import Config, load_config
from wire.observe import Observer
from wire.store_sqlite import migrations
from wire.stores import open_store


def item(item_id: str) -> dict[str, str]:
    return {"id": item_id, "section": "world", "headline": f"Headline {item_id}", "body": "Some text."}


async def test_sigterm_finishes_requests_in_flight_then_exits_cleanly(server: Server) -> None:
    answers: list[tuple[str, int]] = []
    bulk_lines = "\n".join(json.dumps(item(f"bulk-{n}")) for n in range(5000)).encode()

    async def single(session: aiohttp.ClientSession, worker: int) -> None:
        n = 0
        while True:
            item_id = f"w{worker}-{n}"
            try:
                async with session.post(f"{server.url}/v1/items", json=item(item_id), headers=EDITOR) as response:
                    answers.append((item_id, response.status))
            except aiohttp.ClientError:
                return  # the server stopped accepting: no request was in flight on this connection
            n += 1

    async with aiohttp.ClientSession() as session:
        bulk = asyncio.create_task(
            session.post(
                f"{server.url}/v1/items",
                data=io.BytesIO(bulk_lines),
                headers={**EDITOR, "Content-Type": "application/x-ndjson"},
            )
        )
        workers = [asyncio.create_task(single(session, w)) for w in range(8)]
        await asyncio.sleep(0.3)
        status = await asyncio.to_thread(server.terminate)
        bulk_response = await bulk
        report = await bulk_response.json()
        await asyncio.gather(*workers)
    assert status == 0
    assert bulk_response.status == 200
    assert report["created"] == 5000
    assert answers
    assert all(code == 201 for _, code in answers), {code for _, code in answers}
    server.start()
    async with aiohttp.ClientSession() as session:
        for item_id, _ in answers:
            async with session.get(f"{server.url}/v1/items/{item_id}", headers=EDITOR) as response:
                assert response.status == 200, item_id
        async with session.get(f"{server.url}/v1/items/bulk-4999", headers=EDITOR) as response:
            assert response.status == 200


async def test_sigterm_lets_an_upload_in_progress_arrive_whole(server: Server) -> None:
    # The body of a bulk is still coming in when the server is told to stop: it is read to its end and stored.
    lines = [json.dumps(item(f"upload-{n}")).encode() + b"\n" for n in range(200)]
    halfway = asyncio.Event()

    async def body() -> AsyncIterator[bytes]:
        for n, line in enumerate(lines):
            if n == 100:
                halfway.set()
                await asyncio.sleep(0.5)  # SIGTERM arrives meanwhile
            yield line

    async with aiohttp.ClientSession() as session:
        upload = asyncio.create_task(
            session.post(
                f"{server.url}/v1/items", data=body(), headers={**EDITOR, "Content-Type": "application/x-ndjson"}
            )
        )
        await halfway.wait()
        started = asyncio.get_running_loop().time()
        stopping = asyncio.create_task(asyncio.to_thread(server.terminate))
        response = await upload
        report = await response.json()
        status = await stopping
    assert response.status == 200
    assert report["created"] == 200
    assert status == 0
    assert asyncio.get_running_loop().time() - started < 10  # not held up until the body timed out


async def test_keys_and_tokens_never_appear_in_logs_or_answers(server: Server) -> None:
    seen = b""
    async with aiohttp.ClientSession() as session:
        requests = [
            ("GET", "/feeds/world.atom", {"Authorization": f"Bearer {PARTNER_KEY}"}, None),
            ("GET", f"/feeds/world.atom?key={PARTNER_KEY}", {}, None),
            ("GET", f"/feeds/world.rss?key={PARTNER_KEY}x", {}, None),
            ("GET", "/v1/partners/me", {"Authorization": f"Bearer {PARTNER_KEY}"}, None),
            ("GET", "/feeds/nowhere.atom", {"Authorization": f"Bearer {PARTNER_KEY}"}, None),
            ("POST", "/v1/items", EDITOR, item("secret-check")),
            ("POST", "/v1/items", {"Authorization": f"Bearer {EDITOR_TOKEN}x"}, item("refused")),
            ("POST", "/v1/items", EDITOR, {"id": "bad", "section": "moon"}),
            ("GET", "/v1/items/secret-check", EDITOR, None),
            ("GET", "/metrics", {}, None),
        ]
        for method, path, headers, body in requests:
            async with session.request(method, server.url + path, headers=headers, json=body) as response:
                seen += await response.read() + str(response.headers).encode()
        form = {
            "hub.mode": "subscribe",
            "hub.topic": f"{server.url}/feeds/world.atom?key={PARTNER_KEY}",
            "hub.callback": "http://127.0.0.1:9/callback",
        }
        async with session.post(f"{server.url}/websub", data=form) as response:
            seen += await response.read()
    server.terminate()
    logs = server.access_log.read_bytes() + server.output.read_bytes()
    assert logs.count(b"\n") >= len(requests)
    for secret in (PARTNER_KEY, EDITOR_TOKEN):
        assert secret.encode() not in logs
        assert secret.encode() not in seen


async def test_the_access_log_is_written_once_enough_requests_are_noted_without_waiting_for_the_timer() -> None:
    observer = Observer()
    out = io.StringIO()
    observer.write_to(out)
    for n in range(511):
        observer.record("GET", "/feeds/world.atom", "feed", "127.0.0.1", 200, 0.0002, 1000, f"id-{n}")
    await asyncio.sleep(0)
    assert out.getvalue() == ""  # a few requests wait for the next quarter of a second
    observer.record("GET", "/feeds/world.atom", "feed", "127.0.0.1", 200, 0.0002, 1000, "id-511")
    await asyncio.sleep(0)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == [f"id-{n}" for n in range(512)]
    assert sum(n for (route, _, _), n in observer.requests.items() if route == "feed") == 512


async def test_the_access_log_moved_away_is_opened_again_at_its_path(server: Server) -> None:
    # logrotate's default: move the file, create nothing, signal the server (postrotate `kill -HUP`).
    assert server.process is not None
    log = server.access_log

    async def request(session: aiohttp.ClientSession, request_id: str) -> None:
        async with session.get(f"{server.url}/healthz", headers={"X-Request-Id": request_id}) as response:
            assert response.status == 200
        await asyncio.sleep(0.5)  # written (a few times a second)

    async def reopened() -> bool:
        for _ in range(30):
            if log.exists():
                return True
            await asyncio.sleep(0.1)
        return False

    async with aiohttp.ClientSession() as session:
        await request(session, "first")
        log.rename(log.with_name("access.log.1"))
        assert await reopened()  # within a second, unasked
        await request(session, "second")
        log.rename(log.with_name("access.log.2"))
        server.process.send_signal(signal.SIGHUP)  # opens it again at once, and does not end the server
        assert await reopened()
        await request(session, "third")
    assert server.process.poll() is None
    assert b'"first"' in log.with_name("access.log.1").read_bytes()
    assert b'"second"' in log.with_name("access.log.2").read_bytes()
    assert b'"third"' in log.read_bytes()


async def test_a_second_signal_stops_a_server_still_finishing_a_slow_upload(server: Server) -> None:
    assert server.process is not None

    async def trickle() -> AsyncIterator[bytes]:
        for n in range(600):  # a minute's upload, a line each 0.1 s
            yield (json.dumps(item(f"slow-{n}")) + "\n").encode()
            await asyncio.sleep(0.1)

    headers = {**EDITOR, "Content-Type": "application/x-ndjson"}
    async with aiohttp.ClientSession() as session:
        upload = asyncio.create_task(session.post(f"{server.url}/v1/items", data=trickle(), headers=headers))
        await asyncio.sleep(1)
        server.process.send_signal(signal.SIGTERM)
        await asyncio.sleep(1)
        assert server.process.poll() is None  # finishing the upload
        server.process.send_signal(signal.SIGTERM)
        status = await asyncio.to_thread(server.process.wait, 10)
        upload.cancel()
        with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
            await upload
    assert status == 1
    output = server.output.read_text()
    assert "stopping: finishing the requests in progress" in output
    assert "stopping at once" in output


async def test_a_server_refuses_a_store_that_a_newer_version_has_migrated(
    store_url: str, tmp_path: Path, clock: Clock
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[server]\nport = {free_port()}\n[storage]\nurl = "{store_url}"\n', encoding="utf-8")
    store = await open_store(load_config(config), clock, watch=False)  # made and migrated by this version
    await store.close()
    # A later version adds a migration of its own.
    if store_url.startswith("sqlite:"):
        with sqlite3.connect(store_url.removeprefix("sqlite:///")) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute(f"PRAGMA user_version = {version + 1}")
    else:
        db = await asyncpg.connect(store_url)
        version = await db.fetchval("SELECT max(version) FROM schema_migrations")
        await db.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, 'later.sql')", version + 1)
        await db.close()
    command = [sys.executable, "-m", "wire", "serve", "--config", str(config)]
    done = await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "the store was made by a newer version of newswire" in done.stderr
    assert f"at migration {version + 1}, this version knows up to {version}): upgrade this one" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_upgrade_that_cannot_listen_leaves_the_store_to_the_version_that_holds_the_port(tmp_path: Path) -> None:
    # The previous version's store, at the migration before the last, while that version still serves the port.
    database = tmp_path / "wire.db"
    *earlier, _ = migrations()
    with contextlib.closing(sqlite3.connect(database)) as db:
        for _, sql in earlier:
            db.executescript(sql)
        db.execute(f"PRAGMA user_version = {earlier[-1][0]:d}")
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nurl = "sqlite:///{database}"\n', encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        command = [sys.executable, "-m", "wire", "serve", "--config", str(config), "--port", port]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert f"newswire: cannot listen on 127.0.0.1:{port}: " in done.stderr
    # Migrated, the store would be refused by the version still running on it once that one restarts.
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == earlier[-1][0]


def test_a_server_on_every_ipv6_address_starts_beside_one_on_every_ipv4_address(tmp_path: Path) -> None:
    # "::" listens on IPv6 alone (IPV6_V6ONLY, as asyncio binds it): another program on 0.0.0.0 and the same port
    # takes nothing it needs, and must not keep it from starting.
    server = Server(tmp_path, server='host = "::"\n')
    with socket.socket() as ipv4:
        ipv4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ipv4.bind(("0.0.0.0", server.port))  # noqa: S104 - every IPv4 address is the point
        ipv4.listen()
        command = [sys.executable, "-m", "wire", "serve", "--config", str(server.config)]
        with server.output.open("ab") as out:
            server.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline, served = time.monotonic() + 30, False
            while not served and server.process.poll() is None and time.monotonic() < deadline:
                with contextlib.suppress(OSError), socket.create_connection(("::1", server.port), timeout=0.2):
                    served = True
                time.sleep(0.05)
            assert served, server.output.read_text()
            assert server.terminate() == 0
        finally:
            server.stop()


async def test_metrics_ask_for_their_token_where_one_is_configured(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, server={"metrics_token_sha256": digest("scraper-token")}))
    for headers, error in (({}, None), ({"Authorization": "Bearer another"}, "invalid_token")):
        status, body, answer = await wire.get("/metrics", **headers)
        assert status == 401
        assert b"newswire_requests_total" not in body
        challenge = 'Bearer realm="newswire"' + (f', error="{error}"' if error else "")
        assert answer["WWW-Authenticate"] == challenge
    # An editor's token is no metrics token.
    assert (await wire.get("/metrics", Authorization=f"Bearer {EDITOR_TOKEN}"))[0] == 401
    status, body, _ = await wire.get("/metrics", Authorization="Bearer scraper-token")
    assert status == 200
    assert b"newswire_requests_total" in body


def test_metrics_token_prints_the_server_line_and_the_token_apart() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wire", "metrics-token"], capture_output=True, text=True, timeout=60, check=True
    )
    token = done.stderr.splitlines()[-1].removeprefix("#").strip()
    assert done.stdout == f'metrics_token_sha256 = "{digest(token)}"\n'
