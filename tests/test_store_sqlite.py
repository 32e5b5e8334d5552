"""What only the SQLite store does: a group's rows written with multi-row statements; a file it cannot open."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EDITOR, Wire, story
from tests.servers import free_port
from wire.service import SERVICE
from wire.store_sqlite import _in_rows


@pytest.mark.parametrize("variables", [250_000, 999, 25])
@pytest.mark.parametrize("count", [1, 2, 37, 300])
def test_every_row_is_written_whatever_the_library_allows(variables: int, count: int) -> None:
    # Libraries built before SQLite 3.32 allow 999 parameters in a statement; the rows are cut to fit.
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, variables)
    db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, a INTEGER, b TEXT, c TEXT, d TEXT, e, f, g, h, i)")
    rows = [(f"r{n}", n, "b", None, "d", 1.5, b"f", "g", "h", "i") for n in range(count)]
    _in_rows(db, "INSERT INTO t VALUES {rows}", rows)
    assert db.execute("SELECT * FROM t ORDER BY a").fetchall() == rows
    gone = [(f"r{n}",) for n in range(0, count, 2)]
    _in_rows(db, "DELETE FROM t WHERE id IN {rows}", gone, flat=True)
    assert [r[0] for r in db.execute("SELECT id FROM t ORDER BY a")] == [f"r{n}" for n in range(1, count, 2)]


def test_no_rows_runs_nothing() -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    _in_rows(db, "INSERT INTO missing VALUES {rows}", [])  # the table does not exist: no statement ran


async def test_a_store_that_cannot_commit_is_a_503_with_retry_after_and_not_ready_until_it_can(wire: Wire) -> None:
    # Another process holds the database's write lock (longer than the 10 s the store waits for it).
    assert wire.client.app is not None
    path = wire.client.app[SERVICE].config.database_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        response = await wire.client.post("/v1/items", json=story("locked"), headers=EDITOR)
        assert response.status == 503
        assert response.headers["Retry-After"] == "3"
        assert "pushing the same items again is safe" in (await response.json(content_type=None))["detail"]
        # A balancer must not send pushes here meanwhile; its probe (with a short time limit of its own) is
        # answered 503 without waiting for the lock as a push does.
        response = await asyncio.wait_for(wire.client.get("/readyz"), timeout=5)
        assert response.status == 503
        assert response.headers["Retry-After"] == "3"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (await wire.client.get("/readyz")).status == 200
    await wire.push(story("locked"))


def newswire(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wire", *arguments], capture_output=True, text=True, timeout=60)


def not_a_database(database: Path) -> None:
    database.write_text("this is no database\n")


def no_room_for_its_log(database: Path) -> None:
    database.with_name(database.name + "-wal").mkdir()  # where SQLite keeps the store's recent commits


NOT_A_DATABASE = (not_a_database, 2, "not a SQLite database")
CANNOT_OPEN = (no_room_for_its_log, 1, "cannot open the store: disk I/O error")


@pytest.mark.parametrize(
    ("command", "spoil", "status", "said"),
    [
        (["serve"], *NOT_A_DATABASE),
        (["serve"], *CANNOT_OPEN),
        (["import", "-"], *NOT_A_DATABASE),
        (["import", "-"], *CANNOT_OPEN),
        (["serve", "--workers", "2"], *NOT_A_DATABASE),  # a worker whose store is only away is replaced instead
    ],
)
def test_a_store_that_cannot_be_opened_is_named_in_one_line(
    tmp_path: Path, command: list[str], spoil: Callable[[Path], None], status: int, said: str
) -> None:
    database = tmp_path / "wire.db"
    spoil(database)
    config = tmp_path / "config.toml"
    config.write_text(f'[server]\nport = {free_port()}\n[storage]\nurl = "sqlite:///{database}"\n', encoding="utf-8")
    done = newswire(*command, "--config", str(config))
    assert done.returncode == status
    assert f"newswire: {database}: {said}" in done.stderr
    assert "Traceback" not in done.stderr
