"""Opening the store a configuration names: SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from wire.config import Config
from wire.store import Clock, Store
from wire.store_postgres import open_postgres_store
from wire.store_sqlite import POLL_SECONDS, open_sqlite_store


async def open_store(config: Config, clock: Clock, *, pool_size: int | None = None, watch: bool = True) -> Store:
    """Open the store the configuration names, creating and migrating it as needed. `pool_size`: PostgreSQL
    connections for requests (default: the configured number). Without `watch`, the store does not learn of other
    processes' changes (SQLite: its poll; PostgreSQL: its listening connection), for a process that only writes."""
    url = config.database_url
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return await open_sqlite_store(path, clock=clock, poll_seconds=POLL_SECONDS if watch else 0)
    size = pool_size or config.storage.pool_size  # postgresql:// or postgres://: the configuration admits no other
    return await open_postgres_store(url, clock=clock, pool_size=size, listen=watch)
