"""Where bulk lines are normalised and stored: in processes beside the server, or in the server itself.

Normalising a line (JSON, text hygiene, HTML, credits, times) is pure Python, and so is planning and writing what
it gives: in one process the two take turns at the interpreter's lock, whatever the threads. So a bulk's lines go
down `[server] bulk_processes` lanes, each a process of its own that normalises a batch and writes it to the store
in one transaction, while the server goes on reading the body. A line's lane follows from its item's id: every
version of one item goes down the same lane, in the order of the lines, and items of different lanes have nothing
to wait for from each other. The processes start with the first bulk, live as long as the server, and end with
it. With none configured, or when a process dies or cannot start, its batches are normalised in a thread of the
server and stored through the server's store, and the lane's next batch starts a new process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import secrets
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from wire.bulk import Lines, Written, line_results, normalise_lines, receipt
from wire.config import Config
from wire.ingest import Normaliser
from wire.store import Refused, Store, Stored, utc_now
from wire.stores import open_store
from wire.text import clean_text

log = logging.getLogger(__name__)

# Lanes of a bulk normalised in the server: two, so that one batch is normalised while the one before is written.
_LANES_IN_SERVER = 2


@dataclass(slots=True)
class BulkWriters:
    """Normalises and stores batches of bulk lines against one configuration and store, in `processes` processes
    of their own (0: in the server)."""

    normaliser: Normaliser
    store: Store
    processes: int
    _pools: dict[int, ProcessPoolExecutor] = field(default_factory=dict, init=False)

    @property
    def lanes(self) -> int:
        """How many batches of one bulk are normalised and stored at once."""
        return self.processes or _LANES_IN_SERVER

    def lane(self, raw: bytes | None) -> int:
        """The lane of a line: the same for every line of one item. A line that is not a JSON object with a string
        id is refused wherever it goes."""
        try:
            doc = orjson.loads(raw) if raw is not None else None
        except orjson.JSONDecodeError:
            return 0
        item_id = doc.get("id") if isinstance(doc, dict) else None
        # The id as the normaliser reads it: "a " and "a" are one item, and go down one lane.
        return hash(clean_text(item_id).strip()) % self.lanes if isinstance(item_id, str) else 0

    async def write(self, lane: int, batch: Lines) -> Written:
        """Normalise and store a batch of lines, each line stored or refused on its own. The caller writes a lane's
        batches one after another, in the order of their lines."""
        now = self.normaliser.now()
        token = secrets.token_hex(16)  # names the batch's put, wherever it is made (Store.put_once)
        if self.processes:
            pool = self._started(lane)
            try:
                written = await asyncio.get_running_loop().run_in_executor(pool, _write, batch, now, token)
            except (BrokenProcessPool, OSError) as failure:  # a process died, or none could start
                if self._pools.get(lane) is pool:  # the first batch to find it broken replaces it
                    log.error("bulk process failed (%r): its batches are normalised and stored here meanwhile", failure)
                    del self._pools[lane]
                    pool.shutdown(wait=False, cancel_futures=True)
            else:
                # The server's documents and subscribers learn of the change now, not at the store's next poll.
                self.store.tell_changes(written.touched)
                return written
        stories, refused = await asyncio.to_thread(normalise_lines, batch, self.normaliser, now)
        if not stories:
            return Written(line_results(stories, "[]", refused), frozenset())
        if not self.processes:  # no process had the batch: none of it can be stored yet, and no receipt is needed
            kept = receipt(await self.store.put([story for _, story in stories], atomic=False))
            return Written(line_results(stories, kept, refused), frozenset())
        # A batch the process stored before it died is not stored again: its put's receipt tells what it came to.
        stored_here = False

        def made_here(stored: list[Stored | Refused]) -> str:
            nonlocal stored_here
            stored_here = True
            return receipt(stored)

        kept = await self.store.put_once([story for _, story in stories], token, made_here)
        if not stored_here:
            log.warning("a bulk process had stored a batch of %d lines before it failed: not stored again", len(batch))
        return Written(line_results(stories, kept, refused), frozenset())

    def _started(self, lane: int) -> ProcessPoolExecutor:
        pool = self._pools.get(lane)
        if pool is None:
            # Spawned, not forked: the server runs threads, which a fork would copy in whatever state they are.
            pool = self._pools[lane] = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(self.normaliser.config, os.getpid()),
            )
        return pool

    async def close(self) -> None:
        pools = list(self._pools.values())
        self._pools.clear()
        for pool in pools:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)


@dataclass(slots=True)
class _Lane:
    """A bulk process's normaliser and store (run by an event loop in a thread of its own)."""

    normaliser: Normaliser
    loop: asyncio.AbstractEventLoop
    store: Store | None = None
    now: datetime = field(default_factory=utc_now)  # the server's time when it sent the batch being written
    touched: set[str] = field(default_factory=set)


# In each bulk process: where its batches go.
_lane: _Lane | None = None
# How often a bulk process checks that the server that started it still runs.
_WATCH_SECONDS = 0.5
# PostgreSQL connections of a bulk process: it writes one batch at a time.
_POOL_SIZE = 2


def _start(config: Config, server: int) -> None:
    global _lane
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which ends its processes
    threading.Thread(target=_end_with, args=(server,), name="server-watch", daemon=True).start()
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="bulk-store", daemon=True).start()
    lane = _Lane(Normaliser(config, utc_now), loop)  # the server sends the reference time with every batch
    # Versions are dated by the server's clock, as the ones it writes itself are.
    # It only writes: it need not learn of other processes' changes (no poll, no listening connection).
    opening = open_store(config, lambda: lane.now, pool_size=_POOL_SIZE, watch=False)
    lane.store = asyncio.run_coroutine_threadsafe(opening, loop).result()
    lane.store.on_change(lane.touched.update)
    _lane = lane


def _end_with(server: int) -> None:
    """End this process once the server that started it has ended (however it ended: killed, it cannot say), or
    at once if it ended while this one started: the pool's queues would otherwise keep it waiting for ever."""
    while os.getppid() == server:
        time.sleep(_WATCH_SECONDS)
    os._exit(0)


def _write(batch: Lines, now: datetime, token: str) -> Written:
    lane = _lane
    if lane is None or lane.store is None:
        raise RuntimeError("a bulk process was not started with its configuration")
    stories, refused = normalise_lines(batch, lane.normaliser, now)
    lane.now = now
    lane.touched.clear()
    kept = "[]"
    if stories:
        putting = lane.store.put_once([story for _, story in stories], token, receipt)
        kept = asyncio.run_coroutine_threadsafe(putting, lane.loop).result()
    # The store tells its listeners (here: what `touched` gathers) before its put returns.
    return Written(line_results(stories, kept, refused), frozenset(lane.touched))
