"""What only the shared store has to prove: instances starting together, and a database that goes away and returns.

Everything else a store does is in the contract suite (tests/test_store.py), run on PostgreSQL too.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import asyncpg
import pytest

from tests import postgres
from tests.conftest import Clock
from tests.test_store import make
from wire.errors import ConfigError, Unavailable
from wire.model import Story
from wire.store import Window
from wire.store_postgres import (
    _SETTLED_SECONDS,
    PostgresStore,
    migrations,
    open_postgres_store,
    unavailable,
    where_is,
)


@pytest.fixture
async def database(postgres_cluster: postgres.Cluster) -> str:
    return await postgres_cluster.new_database()


@pytest.fixture
async def stores() -> AsyncIterator[list[PostgresStore]]:
    opened: list[PostgresStore] = []
    yield opened
    for store in opened:
        await store.close()


async def test_instances_starting_at_once_apply_each_migration_once(
    database: str, clock: Clock, stores: list[PostgresStore]
) -> None:
    stores += await asyncio.gather(*(open_postgres_store(database, clock=clock) for _ in range(6)))
    assert len({store.created for store in stores}) == 1
    connection = await asyncpg.connect(database)
    try:
        applied = [tuple(row) for row in await connection.fetch("SELECT version, name FROM schema_migrations")]
    finally:
        await connection.close()
    assert sorted(applied) == [(number, name) for number, name, _ in migrations()]


async def test_a_database_that_cannot_be_reached_is_reported_at_open_without_the_password(clock: Clock) -> None:
    url = "postgresql://newswire:secret-password@127.0.0.1:1/newswire"
    with pytest.raises(Unavailable) as caught:
        await open_postgres_store(url, clock=clock, wait_seconds=2)
    assert "127.0.0.1:1/newswire" in caught.value.detail
    assert "secret-password" not in caught.value.detail


async def test_a_url_of_several_hosts_is_told_host_by_host_when_none_can_be_reached(clock: Clock) -> None:
    # Several hosts, each with its port: how the README has a failover followed (`target_session_attrs`). Every
    # message naming the store reads it, the 503s of a database away among them.
    url = "postgresql://newswire:secret-password@127.0.0.1:1,localhost:2/newswire?target_session_attrs=read-write"
    with pytest.raises(Unavailable) as caught:
        await open_postgres_store(url, clock=clock, wait_seconds=2)
    assert "cannot open the store at 127.0.0.1:1,localhost:2/newswire: cannot connect to it" in caught.value.detail
    assert "secret-password" not in caught.value.detail
    assert where_is("postgresql://newswire@db1,db2:5433/newswire?port=5434") == "db1:5434,db2:5433/newswire"


async def test_a_store_that_cannot_be_opened_as_configured_is_a_config_error_without_the_password(
    postgres_cluster: postgres.Cluster, clock: Clock
) -> None:
    # No retry mends these: the message says what is wrong, where, and never the password.
    missing = postgres_cluster.url("no_such_database").replace("postgres@", "postgres:secret-password@")
    for url, said in (
        (missing, 'database "no_such_database" does not exist'),
        ("postgresql://newswire:secret-password@127.0.0.1:notaport/newswire", "the URL cannot be read"),
        ("postgresql://newswire:secret-password@127.0.0.1:99999/newswire", "the URL cannot be read"),
        # A password not percent-encoded: what follows its "/" was read as the host's port.
        ("postgresql://newswire:secret/password@127.0.0.1:5432/newswire", "which a URL writes as %2F"),
        ("postgresql://newswire:secret#password@127.0.0.1:5432/newswire", "which a URL writes as %2F"),
        # Its piece before the "/" reads as a port: the rest was the database's name, in the message.
        ("postgresql://newswire:2024/secret@127.0.0.1:5432/newswire", "which a URL writes as %2F"),
    ):
        with pytest.raises(ConfigError) as caught:
            await open_postgres_store(url, clock=clock, wait_seconds=2)
        assert said in str(caught.value), url
        assert "[storage] url" in str(caught.value)
        assert "secret" not in str(caught.value)  # nor a piece of it


async def until(attempt: Callable[[], Awaitable[object]], seconds: float) -> float:
    """Try again until `attempt` stops raising Unavailable; returns how long that took."""
    started = time.monotonic()
    while True:
        try:
            await attempt()
            return time.monotonic() - started
        except Unavailable:
            if time.monotonic() - started > seconds:
                raise
            await asyncio.sleep(0.1)


async def put_and_hear(writer: PostgresStore, heard: list[frozenset[str]], item: Story) -> None:
    """Store `item` through `writer` and wait for another store's listeners to hear of it (within a second); `heard`
    is what they were told, emptied again."""
    await writer.put([item], atomic=True)
    started = time.monotonic()
    while frozenset({"world"}) not in heard:
        assert time.monotonic() - started < 1.0, "a change made elsewhere was not heard of"
        await asyncio.sleep(0.02)
    heard.clear()


async def test_while_the_database_is_down_calls_fail_fast_with_unavailable_and_recover_by_themselves(
    own_cluster: postgres.Cluster, clock: Clock, stores: list[PostgresStore]
) -> None:
    url = await own_cluster.new_database()
    store = await open_postgres_store(url, clock=clock, wait_seconds=3)
    stores.append(store)
    heard: list[frozenset[str]] = []
    store.on_change(heard.append)
    await store.put([make("before")], atomic=True)
    assert await store.count("world", Window(now=clock())) == 1
    heard.clear()

    own_cluster.stop()
    started = time.monotonic()
    with pytest.raises(Unavailable) as reading:
        await store.get("before")
    with pytest.raises(Unavailable) as writing:
        await store.put([make("during")], atomic=True)
    assert time.monotonic() - started < 3
    assert "the database is unavailable" in reading.value.detail
    assert reading.value.headers["Retry-After"]
    assert "pushing the same items again is safe" in writing.value.detail
    await asyncio.sleep(0.5)
    assert frozenset({"world"}) in heard, "losing the notifications forgets what may have changed"

    own_cluster.start()
    heard.clear()
    await until(lambda: store.put([make("after")], atomic=True), seconds=10)
    assert await store.get("after") is not None
    other = await open_postgres_store(url, clock=clock)
    stores.append(other)
    told = asyncio.Event()
    store.on_change(lambda sections: told.set() if "sport" in sections else None)
    for n in range(20):  # the listener is back too, within its backoff
        await other.put([make(f"elsewhere-{n}", section="sport")], atomic=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(told.wait(), timeout=0.25)
            break
    assert told.is_set()


async def test_the_version_time_never_goes_back_when_an_instance_clock_is_behind(
    database: str, clock: Clock, stores: list[PostgresStore]
) -> None:
    behind = Clock(datetime(2026, 3, 1, 11, 0, tzinfo=UTC))
    ahead = await open_postgres_store(database, clock=clock)
    late = await open_postgres_store(database, clock=behind)
    stores += [ahead, late]
    await ahead.put([make("first")], atomic=True)
    [result] = await late.put([make("second")], atomic=True)
    assert result.item.version_created == clock()  # type: ignore[union-attr]


async def test_a_database_that_fails_some_calls_and_answers_others_is_logged_away_once_not_each_call(
    database: str, clock: Clock, stores: list[PostgresStore], caplog: pytest.LogCaptureFixture
) -> None:
    # A full disk, a table someone holds locked, a server at max_connections: some calls fail while others go
    # through. The operator reads one line when it starts and one when it is over, not a line for each call.
    store = await open_postgres_store(database, clock=clock, wait_seconds=0.3)
    stores.append(store)
    holder = await asyncpg.connect(database)
    try:
        async with holder.transaction():
            await holder.execute("LOCK TABLE items")
            for _ in range(5):
                with pytest.raises(Unavailable):
                    await store.get("locked-away")  # reads items: waits on the lock past its time
                await store.take_token("a-reader", 100, 1.0)  # a table no one locked: answers
    finally:
        await holder.close()
    away = [r for r in caplog.records if "is unavailable" in r.getMessage()]
    assert len(away) == 1, [r.getMessage() for r in away]
    assert not [r for r in caplog.records if "is back" in r.getMessage()], "calls still fail: it is not back"
    await asyncio.sleep(_SETTLED_SECONDS)
    assert await store.get("locked-away") is None
    back = [r.getMessage() for r in caplog.records if "is back" in r.getMessage()]
    assert len(back) == 1, back
    assert "5 calls failed meanwhile" in back[0]


def test_a_full_disk_is_told_as_such_not_as_a_server_out_of_connections() -> None:
    disk = unavailable(asyncpg.DiskFullError('could not extend file "base/1/2": No space left on device'))
    assert "no room left on its disk" in disk.detail
    crowded = unavailable(asyncpg.TooManyConnectionsError("sorry, too many clients already"))
    assert "no room for another connection" in crowded.detail


def test_a_session_the_database_ended_while_idle_is_told_as_a_connection_lost_not_as_one_never_made() -> None:
    # What asyncpg raised for a pooled session when the database restarted under load.
    ended = unavailable(asyncpg.InternalClientError("cannot switch to state 12; another operation (2) is in progress"))
    assert "the connection to it was lost" in ended.detail


async def test_a_database_turned_read_only_is_a_503_that_says_so_and_writes_resume_once_it_takes_writes_again(
    database: str, clock: Clock, stores: list[PostgresStore], caplog: pytest.LogCaptureFixture
) -> None:
    # A failover whose name still leads to the old primary, now a standby: every commit is refused. Clients get
    # the 503 that says why, the log one line, and once writes are taken again the pool's sessions that were
    # opened read-only are not kept.
    store = await open_postgres_store(database, clock=clock, wait_seconds=3)
    stores.append(store)
    name = urlsplit(database).path.lstrip("/")
    admin = await asyncpg.connect(database)
    try:
        await admin.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        for _ in range(3):  # the first may meet a pooled session the termination ended
            with pytest.raises(Unavailable) as refused:
                await store.put([make("while-read-only")], atomic=True)
        assert "it is read-only" in refused.value.detail
        assert "pushing the same items again is safe" in refused.value.detail
        assert not [r for r in caplog.records if r.exc_info], "a read-only database is no failure of the server's"
        await admin.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
    finally:
        await admin.close()
    await until(lambda: store.put([make("writable-again")], atomic=True), seconds=5)
    assert await store.get("writable-again") is not None


async def test_while_the_listener_cannot_reconnect_the_changes_of_other_instances_still_reach_the_listeners(
    postgres_cluster: postgres.Cluster, database: str, clock: Clock, stores: list[PostgresStore]
) -> None:
    # The listening session is ended and no new session is let in (max_connections reached, an administrator's
    # doing), while the pools keep theirs: the instance goes on reading and caching through its pool, so it must
    # go on hearing of the others' commits, within a second as it would through the notifications.
    writer = await open_postgres_store(database, clock=clock, listen=False)
    reader = await open_postgres_store(database, clock=clock)
    stores += [writer, reader]
    await writer.put([make("before")], atomic=True)  # each pool now holds sessions (the reader's, a few)
    assert await asyncio.gather(*(reader.count("world", Window(now=clock())) for _ in range(3))) == [1, 1, 1]
    heard: list[frozenset[str]] = []
    reader.on_change(heard.append)
    name = urlsplit(database).path.lstrip("/")
    admin = await asyncpg.connect(postgres_cluster.url())
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        ended = await admin.fetchval(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = $1 AND application_name = 'newswire-listen'",
            name,
        )
        assert ended == 1
        await asyncio.sleep(1.0)  # the loss is heard, and reconnecting refused
        assert frozenset({"world"}) in heard
        heard.clear()
        for n in range(3):
            await put_and_hear(writer, heard, make(f"unheard-{n}"))
            assert await reader.count("world", Window(now=clock())) == 2 + n
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await admin.close()


async def test_a_listening_session_that_hangs_is_found_out_within_a_second_and_connected_anew(
    postgres_cluster: postgres.Cluster,
    database: str,
    clock: Clock,
    stores: list[PostgresStore],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A session that answers nothing (a backend stopped, a connection a firewall dropped without a word) is not
    # closed: only a check that times out would tell, seconds later. Meanwhile the others' commits go unheard.
    writer = await open_postgres_store(database, clock=clock, listen=False)
    reader = await open_postgres_store(database, clock=clock)
    stores += [writer, reader]
    await writer.put([make("before")], atomic=True)
    assert await reader.count("world", Window(now=clock())) == 1
    heard: list[frozenset[str]] = []
    reader.on_change(heard.append)
    name = urlsplit(database).path.lstrip("/")
    admin = await asyncpg.connect(postgres_cluster.url())
    listener = "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'newswire-listen'"
    try:
        hung = await admin.fetchval(listener, name)
        os.kill(hung, signal.SIGSTOP)
        try:
            for n in range(2):
                await put_and_hear(writer, heard, make(f"unheard-{n}"))
                assert await reader.count("world", Window(now=clock())) == 2 + n
        finally:
            os.kill(hung, signal.SIGCONT)
        started = time.monotonic()
        while await admin.fetchval(listener, name) in (hung, None):
            assert time.monotonic() - started < 10, "the listener was not connected anew"
            await asyncio.sleep(0.1)
    finally:
        await admin.close()
    stopped = [r.getMessage() for r in caplog.records if "stopped coming" in r.getMessage()]
    assert len(stopped) == 1, stopped
    heard.clear()
    await asyncio.sleep(1.0)
    assert not heard, "a listener that hears every change is left alone"
    await put_and_hear(writer, heard, make("heard-again"))


async def test_a_role_that_may_not_make_the_tables_is_a_config_error_that_says_what_it_needs(
    postgres_cluster: postgres.Cluster, clock: Clock
) -> None:
    # PostgreSQL 15 lets only the database's owner create tables in its schema `public`: a database made without
    # `createdb --owner` stops the first start. No retry mends it, and the operator is told what to change.
    role = f"newswire_{uuid.uuid4().hex[:12]}"
    url = await postgres_cluster.new_database()
    admin = await asyncpg.connect(postgres_cluster.url())
    try:
        await admin.execute(f'CREATE ROLE "{role}" LOGIN')
    finally:
        await admin.close()
    with pytest.raises(ConfigError) as caught:
        await open_postgres_store(url.replace("postgres@", f"{role}:secret-password@"), clock=clock, wait_seconds=2)
    assert "[storage] url: cannot open the store at" in str(caught.value)
    assert "permission denied for schema public" in str(caught.value)
    assert "must own the database" in str(caught.value)
    assert "secret-password" not in str(caught.value)
