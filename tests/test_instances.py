"""Several server instances on one store: `newswire serve` processes sharing PostgreSQL, as behind a load balancer.

A change made through any instance reaches every instance's feeds within a second, with the same ETag; a database
that goes away makes requests answer 503 problem+json until it is back, and the instances recover by themselves;
rate limits hold across instances when `[server] shared_rate_limits` says so.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import asyncpg
import pytest

from tests import postgres
from tests.conftest import EDITOR, EDITOR_TOKEN, PUBLIC_URL, Wire, make_config, story
from wire.auth import digest
from wire.config import DATABASE_URL_ENV, Config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Instance:
    """`newswire serve` in its own process and port; the store comes from NEWSWIRE_DATABASE_URL, as in production."""

    def __init__(self, config: Path, database: str) -> None:
        self.port = free_port()
        self.config = config
        self.database = database
        self.log = config.parent / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "wire", "serve", "--config", str(self.config), "--port", str(self.port)]
        environment = {**os.environ, DATABASE_URL_ENV: self.database}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.errors()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def errors(self) -> str:
        """What the process logged."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def write_config(folder: Path) -> Path:
    config = folder / "config.toml"
    config.write_text(
        f'[server]\npublic_url = "{PUBLIC_URL}"\n[public]\nrequests_per_minute = 0\n[sections.world]\ntitle = "World"\n'
        f'[editors.desk]\ntoken_sha256 = "{digest(EDITOR_TOKEN)}"\n',
        encoding="utf-8",
    )
    return config


@pytest.fixture
def start_instances(tmp_path: Path) -> Iterator[Callable[[str, int], list[Instance]]]:
    started: list[Instance] = []

    def start(database: str, count: int) -> list[Instance]:
        config = write_config(tmp_path)
        instances = [Instance(config, database) for _ in range(count)]
        for instance in instances:
            started.append(instance)
            instance.start()
        return instances

    yield start
    for instance in started:
        instance.stop()
    for instance in started:
        assert "Traceback" not in instance.errors(), instance.errors()


async def feed(session: aiohttp.ClientSession, instance: Instance) -> tuple[str, str]:
    async with session.get(f"{instance.url}/feeds/world.atom") as response:
        assert response.status == 200, await response.text()
        return response.headers["ETag"], await response.text()


async def push(session: aiohttp.ClientSession, instance: Instance, doc: dict[str, Any]) -> None:
    async with session.post(f"{instance.url}/v1/items", json=doc, headers=EDITOR) as response:
        assert response.status in (200, 201), await response.text()


async def until_changed(session: aiohttp.ClientSession, instance: Instance, etag: str, seconds: float) -> float:
    """Poll `instance`'s feed until its ETag is no longer `etag`; returns how long that took."""
    started = time.monotonic()
    while (await feed(session, instance))[0] == etag:
        assert time.monotonic() - started < seconds, f"the feed of {instance.url} did not change in {seconds} s"
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def test_a_change_through_one_instance_reaches_the_other_within_a_second_with_the_same_etag(
    postgres_cluster: postgres.Cluster, start_instances: Callable[[str, int], list[Instance]]
) -> None:
    first, second = start_instances(await postgres_cluster.new_database(), 2)
    async with aiohttp.ClientSession() as session:
        await push(session, first, story("one", headline="The first story"))
        for doc, through, other in [
            (story("two", headline="A story pushed through the first"), first, second),
            (story("one", headline="The first story, corrected"), second, first),
        ]:
            etag, _ = await feed(session, other)  # cached by the other instance now
            await push(session, through, doc)
            assert await until_changed(session, other, etag, seconds=1.0) < 1.0
            (etag_there, body_there), (etag_here, _) = await feed(session, other), await feed(session, through)
            assert doc["headline"] in body_there
            assert etag_there == etag_here


async def test_an_import_reaches_a_running_instance_within_a_second(
    postgres_cluster: postgres.Cluster, start_instances: Callable[[str, int], list[Instance]], tmp_path: Path
) -> None:
    database = await postgres_cluster.new_database()
    [instance] = start_instances(database, 1)
    items = tmp_path / "items.ndjson"
    items.write_text("\n".join(json.dumps(story(f"imported-{n}")) for n in range(3)), encoding="utf-8")
    async with aiohttp.ClientSession() as session:
        etag, _ = await feed(session, instance)
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "wire", "import", str(items), "--config", str(instance.config), "--quiet"],
            env={**os.environ, DATABASE_URL_ENV: database},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "3 created" in done.stdout
        assert await until_changed(session, instance, etag, seconds=1.0) < 1.0
        assert "imported-2" in (await feed(session, instance))[1]


async def test_an_import_writes_without_listening_for_the_instances_changes(
    postgres_cluster: postgres.Cluster, start_instances: Callable[[str, int], list[Instance]], tmp_path: Path
) -> None:
    # An import only writes: a listening session of its own would take a connection of the database's for nothing.
    database = await postgres_cluster.new_database()
    [instance] = start_instances(database, 1)
    importing = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "wire", "import", "-", "--config", str(instance.config), "--quiet"),
        env={**os.environ, DATABASE_URL_ENV: database},
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert importing.stdin is not None
    try:
        importing.stdin.write((json.dumps(story("piped-1")) + "\n").encode())
        await importing.stdin.drain()
        async with aiohttp.ClientSession() as session:
            deadline = time.monotonic() + 30
            while "piped-1" not in (await feed(session, instance))[1]:  # the import's store is open and has written
                assert time.monotonic() < deadline, "the piped line was not stored"
                await asyncio.sleep(0.1)
        db = await asyncpg.connect(database)
        try:
            sessions = await db.fetch(
                "SELECT application_name, count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
                "GROUP BY application_name"
            )
        finally:
            await db.close()
        assert {row["application_name"]: row["n"] for row in sessions}.get("newswire-listen") == 1  # the instance's
    finally:
        importing.stdin.close()  # the end of its input ends the import
        _, said = await asyncio.wait_for(importing.communicate(), 60)
    assert importing.returncode == 0, said.decode()


def test_serve_exits_with_a_clear_message_when_the_database_cannot_be_reached(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wire", "serve", "--config", str(write_config(tmp_path)), "--port", str(free_port())],
        env={**os.environ, DATABASE_URL_ENV: "postgresql://newswire:secret-password@127.0.0.1:1/newswire"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "cannot open the store at 127.0.0.1:1/newswire: cannot connect to it" in done.stderr
    assert "Traceback" not in done.stderr
    assert "secret-password" not in done.stderr


def test_a_store_url_refused_at_start_is_told_by_the_setting_it_came_from(
    postgres_cluster: postgres.Cluster, tmp_path: Path
) -> None:
    # The operator who exported NEWSWIRE_DATABASE_URL learns that it is the one to mend, not the file's [storage] url
    # (which it overrides, and which may well name another store); one that did not is pointed at the file.
    url = postgres_cluster.url("no_such_database")
    config = write_config(tmp_path)
    environment = {key: value for key, value in os.environ.items() if key != DATABASE_URL_ENV}
    for given, named, not_named in (
        ({DATABASE_URL_ENV: url}, DATABASE_URL_ENV, "[storage] url"),
        ({}, "[storage] url", DATABASE_URL_ENV),
    ):
        if not given:
            config.write_text(config.read_text(encoding="utf-8") + f'[storage]\nurl = "{url}"\n', encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "wire", "serve", "--config", str(config), "--port", str(free_port())],
            env={**environment, **given},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert f"{named}: cannot open the store at" in done.stderr
        assert 'database "no_such_database" does not exist' in done.stderr
        assert not_named not in done.stderr
        assert "Traceback" not in done.stderr


def checked_and_served(config: Path, url: str) -> list[tuple[list[str], subprocess.CompletedProcess[str]]]:
    """`check-config` and `serve` run on `config` with `url` for the store's, each with how it ended."""
    commands = (["check-config"], ["serve", "--port", str(free_port())])
    return [
        (
            command,
            subprocess.run(
                [sys.executable, "-m", "wire", *command, "--config", str(config)],
                env={**os.environ, DATABASE_URL_ENV: url},
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            ),
        )
        for command in commands
    ]


def test_check_config_refuses_a_database_url_whose_port_cannot_be_read_as_serve_does(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    for url in (
        "postgresql://newswire:secret-password@127.0.0.1:notaport/newswire",
        "postgresql://newswire:secret-password@db1:5432,db2:notaport/newswire",
    ):
        for command, done in checked_and_served(config, url):
            assert done.returncode == 2, (command, done.stderr)
            assert f"{DATABASE_URL_ENV}: " in done.stderr
            assert "notaport" in done.stderr
            assert "Traceback" not in done.stderr
            assert "secret-password" not in done.stderr


def test_a_database_url_whose_password_holds_a_slash_is_refused_without_a_piece_of_the_password(
    tmp_path: Path,
) -> None:
    # The URL's host ends at a "/", "?" or "#" of a password not percent-encoded, and what follows it up to a colon,
    # a piece of the password, was named as the port that cannot be read.
    config = write_config(tmp_path)
    for mark in "/?#":
        url = f"postgresql://newswire:s3cret{mark}pw@db.example:5432/newswire"
        for command, done in checked_and_served(config, url):
            assert done.returncode == 2, (command, done.stderr)
            assert "its user or password holds '/', '?' or '#', which a URL writes as %2F" in done.stderr
            assert "s3cret" not in done.stderr
            assert "Traceback" not in done.stderr


async def test_serve_on_a_read_only_database_exits_with_a_clear_message(
    postgres_cluster: postgres.Cluster, tmp_path: Path
) -> None:
    # A URL that reaches a standby (a failover the name has not followed yet) must say so, and the worker that
    # replaces this one tries again: for now, not a traceback.
    url = await postgres_cluster.new_database()
    admin = await asyncpg.connect(postgres_cluster.url())
    try:
        name = urlsplit(url).path.lstrip("/")
        await admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    finally:
        await admin.close()
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "wire", "serve", "--config", str(write_config(tmp_path)), "--port", str(free_port())],
        env={**os.environ, DATABASE_URL_ENV: url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "cannot open the store at" in done.stderr
    assert "it is read-only" in done.stderr
    assert "Traceback" not in done.stderr


async def keep_busy(session: aiohttp.ClientSession, instances: list[Instance], worker: int, seen: list[Any]) -> None:
    """Push and poll through every instance in turn, recording each answer, until cancelled."""
    n = 0
    while True:
        instance = instances[n % len(instances)]
        request = (
            session.post(f"{instance.url}/v1/items", json=story(f"load-{worker}-{n}"), headers=EDITOR)
            if n % 2
            else session.get(f"{instance.url}/feeds/world.atom")
        )
        try:
            async with request as response:
                body = await response.read()
                seen.append((time.monotonic(), response.status, response.content_type, body, response.headers))
        except (TimeoutError, aiohttp.ClientError) as exc:
            seen.append((time.monotonic(), 0, "", repr(exc).encode(), {}))
        n += 1
        await asyncio.sleep(0.005)


async def test_a_database_stopped_under_load_is_a_503_until_it_returns_and_the_instances_recover(
    own_cluster: postgres.Cluster, start_instances: Callable[[str, int], list[Instance]]
) -> None:
    instances = start_instances(await own_cluster.new_database(), 2)
    seen: list[Any] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
        await push(session, instances[0], story("before"))
        workers = [asyncio.create_task(keep_busy(session, instances, w, seen)) for w in range(8)]
        await asyncio.sleep(0.5)
        await asyncio.to_thread(own_cluster.stop)
        stopped = time.monotonic()
        await asyncio.sleep(1.5)
        restarting = time.monotonic()
        await asyncio.to_thread(own_cluster.start)
        await asyncio.sleep(0.5)
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)

        statuses = Counter(status for _, status, *_ in seen)
        assert set(statuses) <= {200, 201, 503}, statuses
        down = [entry for entry in seen if stopped + 0.2 < entry[0] < restarting]
        assert down
        assert all(status == 503 for _, status, *_ in down), Counter(status for _, status, *_ in down)
        for _, status, content_type, body, headers in seen:
            if status == 503:
                assert content_type == "application/problem+json"
                assert "the database is unavailable" in json.loads(body)["detail"]
                assert int(headers["Retry-After"]) > 0

        deadline = time.monotonic() + 10
        for n, instance in enumerate(instances):
            doc = story(f"after-{n}", published="2026-03-02T10:00:00Z")
            while True:
                async with session.post(f"{instance.url}/v1/items", json=doc, headers=EDITOR) as response:
                    if response.status == 201:
                        break
                assert time.monotonic() < deadline, "the instance did not recover"
                await asyncio.sleep(0.1)
        while True:  # and each hears of the other's changes again
            (etag_0, body), (etag_1, _) = await feed(session, instances[0]), await feed(session, instances[1])
            if etag_0 == etag_1 and "after-0" in body and "after-1" in body:
                break
            assert time.monotonic() < deadline, "the instances do not agree on the feed"
            await asyncio.sleep(0.05)


def partner_config(tmp_path: Path, url: str, *, shared: bool) -> Config:
    return make_config(
        tmp_path,
        server={"shared_rate_limits": shared},
        storage={"url": url},
        partners={
            "slow": {"name": "Slow", "key_sha256": digest("key-slow"), "sections": ["world"], "requests_per_minute": 40}
        },
    )


async def polls_admitted(first: Wire, second: Wire, count: int) -> int:
    headers = {"Authorization": "Bearer key-slow"}
    statuses = [
        (await wire.client.get("/feeds/world.atom", headers=headers)).status for wire in [first, second] * count
    ]
    assert set(statuses) <= {200, 429}
    return statuses.count(200)


MakeWire = Callable[[Config], Awaitable[Wire]]


async def test_with_shared_rate_limits_two_instances_on_one_store_hold_one_limit(
    make_wire: MakeWire, store_url: str, tmp_path: Path
) -> None:
    config = partner_config(tmp_path, store_url, shared=True)
    first, second = await make_wire(config), await make_wire(config)
    assert await polls_admitted(first, second, 8) == 10  # one burst of 10 (40 a minute), not one per instance


async def test_without_shared_rate_limits_each_instance_counts_on_its_own(
    make_wire: MakeWire, store_url: str, tmp_path: Path
) -> None:
    config = partner_config(tmp_path, store_url, shared=False)
    first, second = await make_wire(config), await make_wire(config)
    assert await polls_admitted(first, second, 8) == 16
