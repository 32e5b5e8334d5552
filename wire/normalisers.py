"""Where bulk lines are normalised: in processes beside the server, or in a thread of its own.

Normalising a line (JSON, text hygiene, HTML, credits, times) is pure Python, and so is planning and writing what
it gives: in one process the two take turns at the interpreter's lock, whatever the threads. Processes of their
own (`[server] bulk_processes`) normalise on the cores the server leaves idle while the server writes the batch
before. They start with the first bulk, live as long as the server, and end with it; with none configured, or
when a process dies or cannot start, its batches are normalised in a thread of the server (and later ones start
new processes).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime

from wire.bulk import Lines, Normalised, normalise_lines
from wire.config import Config
from wire.ingest import Normaliser
from wire.store import utc_now

log = logging.getLogger(__name__)


@dataclass(slots=True)
class LineNormalisers:
    """Normalises batches of bulk lines against one configuration, in `processes` processes (0: in a thread)."""

    normaliser: Normaliser
    processes: int
    _pool: ProcessPoolExecutor | None = field(default=None, init=False)

    @property
    def in_flight(self) -> int:
        """Batches of one bulk given to normalise at once: one for each process and one queued behind them, so
        that no process waits for its next batch; a thread normalises one batch at a time."""
        return self.processes + 1 if self.processes else 1

    async def normalise(self, batch: Lines) -> Normalised:
        """The stories of a batch's lines, and the lines refused."""
        now = self.normaliser.now()
        if self.processes:
            pool = self._started()
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, _normalise, batch, now)
            except (BrokenProcessPool, OSError) as failure:  # a process died, or none could start
                if self._pool is pool:  # the first batch to find it broken replaces it
                    log.error("bulk normalising processes failed (%r): batches are normalised here meanwhile", failure)
                    self._pool = None
                    pool.shutdown(wait=False, cancel_futures=True)
        return await asyncio.to_thread(normalise_lines, batch, self.normaliser, now)

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Spawned, not forked: the server runs threads, which a fork would copy in whatever state they are.
            self._pool = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(self.normaliser.config, os.getpid()),
            )
        return self._pool

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)


# In each normalising process: the normaliser its batches go through.
_normaliser: Normaliser | None = None
# How often a normalising process checks that the server that started it still runs.
_WATCH_SECONDS = 0.5


def _start(config: Config, server: int) -> None:
    global _normaliser
    _normaliser = Normaliser(config, utc_now)  # the server sends the reference time with every batch
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which ends its processes
    threading.Thread(target=_end_with, args=(server,), name="server-watch", daemon=True).start()


def _end_with(server: int) -> None:
    """End this process once the server that started it has ended (however it ended: killed, it cannot say), or
    at once if it ended while this one started: the pool's queues would otherwise keep it waiting for ever."""
    while os.getppid() == server:
        time.sleep(_WATCH_SECONDS)
    os._exit(0)


def _normalise(batch: Lines, now: datetime) -> Normalised:
    if _normaliser is None:
        raise RuntimeError("a bulk normalising process was not started with its configuration")
    return normalise_lines(batch, _normaliser, now)
