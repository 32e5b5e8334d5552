"""The layout is the architecture: feeds/ stays pure, SQL stays in the store modules, no grab-bag modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

FEEDS = REPO / "feeds"
WIRE = REPO / "wire"
_STORE_MODULES = {"store_sqlite.py", "store_postgres.py"}
_SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b", re.I)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_feeds_import_no_http_no_storage_and_nothing_of_the_service() -> None:
    forbidden = ("aiohttp", "aiosqlite", "asyncpg", "sqlite3", "wire", "socket", "urllib.request")
    for path in FEEDS.rglob("*.py"):
        for module in imported_modules(path):
            assert not module.startswith(forbidden), f"{path.name} imports {module}"


def test_feeds_read_no_clock() -> None:
    for path in FEEDS.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in ("datetime.now(", "datetime.utcnow(", "time.time(", "date.today("):
            assert call not in text, f"{path.name} reads the clock with {call}"


def test_sql_appears_only_in_the_store_modules() -> None:
    for path in WIRE.rglob("*.py"):
        if path.name in _STORE_MODULES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not _SQL.search(line), f"SQL in {path.name}:{number}: {line.strip()}"


def test_no_grab_bag_modules() -> None:
    names = {p.stem for p in [*WIRE.rglob("*.py"), *FEEDS.rglob("*.py")]}
    assert not names & {"utils", "helpers", "common", "misc"}
