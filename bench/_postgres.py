"""Where benchmark servers keep their items: a SQLite file in their folder, or a fresh database on a PostgreSQL
cluster that the benchmark starts for the run (as the tests do, tests/postgres.py), with fsync on: the same
durability as the SQLite store's synchronous=FULL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests import postgres

STORES = ("sqlite", "postgresql")


class Databases:
    """Hands out a fresh store of either kind; a PostgreSQL cluster runs while the block of `databases` lasts."""

    def __init__(self, cluster: postgres.Cluster | None) -> None:
        self._cluster = cluster

    def url(self, store: str, folder: Path) -> str:
        if store == "sqlite":
            return f"sqlite:///{folder / 'bench.db'}"
        if self._cluster is None:
            raise RuntimeError("no PostgreSQL cluster was started for this run")
        return asyncio.run(self._cluster.new_database())


@contextmanager
def databases(stores: Sequence[str]) -> Iterator[Databases]:
    if "postgresql" not in stores:
        yield Databases(None)
        return
    reason = postgres.missing()
    if reason is not None:
        raise SystemExit(reason)
    cluster = postgres.Cluster(fsync=True)
    try:
        cluster.start()
        yield Databases(cluster)
    finally:
        cluster.destroy()


def chosen(store: str) -> tuple[str, ...]:
    """The stores a `--store` option names: one of STORES, or both."""
    return STORES if store == "both" else (store,)
