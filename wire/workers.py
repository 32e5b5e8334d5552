"""Running the server: one process, or several worker processes sharing one port (SO_REUSEPORT).

Each worker is a whole server with its own connection to the store; the kernel spreads connections across them.
On SQLite the workers' writes take turns on the file's lock and each worker notices the others' commits within
half a second; on PostgreSQL they share the database as separate instances would.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from aiohttp import web

from wire.app import create_app
from wire.config import load_config
from wire.connections import Runner
from wire.errors import ConfigError

log = logging.getLogger("wire.workers")
# mallopt's parameter numbers (glibc malloc.h).
_M_ARENA_MAX = -8
_M_MMAP_THRESHOLD = -3
_TRIM_SECONDS = 1  # how often freed heap memory goes back to the system (a trim takes well under a millisecond)
# Seconds an idle kept-alive connection stays open.
_KEEPALIVE_SECONDS = 75


def serve(config_path: Path, *, host: str, port: int, workers: int) -> int:
    """Serve until SIGTERM or SIGINT; returns the exit status."""
    if workers <= 1:
        _run(config_path, host, port, reuse_port=False)
        return 0
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_worker, args=(config_path, host, port), name=f"newswire-worker-{n}")
        for n in range(workers)
    ]
    for process in processes:
        process.start()

    def stop(signum: int, frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive() and process.pid is not None:
                process.terminate()  # SIGTERM: each worker shuts down gracefully

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("serving on http://%s:%d with %d workers", host, port, workers)
    for process in processes:
        process.join()
    failed = [p.exitcode for p in processes if p.exitcode not in (0, -signal.SIGTERM)]
    return 1 if failed else 0


def _steady_memory() -> None:
    """Keep a long-running server's resident size from creeping up. Renders run in worker threads, and glibc
    gives each thread its own malloc arena whose freed memory no other thread reuses: two arenas are enough, as
    the GIL serialises most allocations anyway. Compressing a document needs large transient buffers, which
    glibc would soon start taking from the heap (its mmap threshold grows), leaving holes behind: a fixed
    threshold gives them back to the system when freed. What smaller transient objects leave free inside the heap
    goes back to the system every second (malloc_trim, in a thread of its own: the call lets go of the GIL).
    A no-op where glibc is not the allocator."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_ARENA_MAX, 2)
        libc.mallopt(_M_MMAP_THRESHOLD, 256 * 1024)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return

    def trimming() -> None:
        while True:
            time.sleep(_TRIM_SECONDS)
            trim(0)

    threading.Thread(target=trimming, name="heap-trim", daemon=True).start()


def _worker(config_path: Path, host: str, port: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(processName)s %(name)s %(message)s")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent turns Ctrl-C into SIGTERM for every worker
    try:
        _run(config_path, host, port, reuse_port=True)
    except ConfigError as exc:
        print(f"newswire: {exc}", file=sys.stderr)
        sys.exit(2)


def _run(config_path: Path, host: str, port: int, *, reuse_port: bool) -> None:
    _steady_memory()
    # Renders and bulk normalisation run in worker threads; a thread holding the GIL keeps the event loop
    # waiting up to the switch interval at each step of a request. 1 ms instead of 5 keeps polls answered within
    # a few milliseconds while a large page renders.
    sys.setswitchinterval(0.001)
    config = load_config(config_path)
    asyncio.run(_serve(create_app(config), host, port, reuse_port=reuse_port))


async def _serve(app: web.Application, host: str, port: int, *, reuse_port: bool) -> None:
    """Serve `app` until SIGTERM or SIGINT, then stop gracefully: stop accepting connections, finish the requests
    in progress, and close the application (its store last), while its background tasks still run."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # a worker leaves Ctrl-C to its parent
            loop.add_signal_handler(signum, stop.set)
    runner = Runner(app, access_log=None, keepalive_timeout=_KEEPALIVE_SECONDS)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port, reuse_port=reuse_port).start()
        except OSError as exc:  # the port is taken, or the address is not this machine's
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        if not reuse_port:  # one process: it says so itself (with workers, their parent does)
            log.info("serving on http://%s:%d", host, port)
        await stop.wait()
    finally:
        await runner.cleanup()
