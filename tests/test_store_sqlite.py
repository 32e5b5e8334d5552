"""What only the SQLite store does: a group's rows written with multi-row statements."""

from __future__ import annotations

import sqlite3

import pytest

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
