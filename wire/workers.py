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
import multiprocessing.connection
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from aiohttp import web

from wire.app import create_app
from wire.config import load_config
from wire.connections import Runner
from wire.errors import ConfigError, Unavailable
from wire.service import SERVICE

log = logging.getLogger("wire.workers")
# mallopt's parameter numbers (glibc malloc.h).
_M_ARENA_MAX = -8
_M_MMAP_THRESHOLD = -3
_TRIM_SECONDS = 1  # how often freed heap memory goes back to the system (a trim takes well under a millisecond)
# Seconds an idle kept-alive connection stays open.
_KEEPALIVE_SECONDS = 75


def serve(config_path: Path, *, host: str, port: int, workers: int) -> int:
    """Serve until SIGTERM or SIGINT; returns the exit status.

    The port must be free before the store is opened: opening it migrates it, and a port still held is most often
    the previous version's server, not yet stopped for an upgrade, which would go on writing to a store it can no
    longer start on. Workers share the port through SO_REUSEPORT, which would as gladly share it with another
    server's workers: for them too the port must be free before they start."""
    _check_free(host, port)
    if workers <= 1:
        _run(config_path, host, port, reuse_port=False)
        return 0
    context = multiprocessing.get_context("spawn")
    parent = os.getpid()

    def started(n: int) -> multiprocessing.process.BaseProcess:
        process = context.Process(
            target=_worker, args=(config_path, host, port, parent, n), name=f"newswire-worker-{n}"
        )
        # Started ignoring SIGHUP (an ignored signal stays ignored in the new process), until it can open its access
        # log again on it: one sent meanwhile would otherwise end it.
        handler = signal.signal(signal.SIGHUP, signal.SIG_IGN)
        try:
            process.start()
        finally:
            signal.signal(signal.SIGHUP, handler)
        return process

    processes = {n: started(n) for n in range(workers)}
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for process in processes.values():
            if process.is_alive() and process.pid is not None:
                process.terminate()  # SIGTERM: each worker shuts down gracefully

    def reopen_logs(signum: int, frame: FrameType | None) -> None:
        for process in processes.values():
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGHUP)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, reopen_logs)
    log.info("serving on http://%s:%d with %d workers", host, port, workers)
    status = 0
    while processes:
        ended = set(multiprocessing.connection.wait([p.sentinel for p in processes.values()]))
        for n, process in list(processes.items()):
            if process.sentinel not in ended:
                continue
            process.join()
            del processes[n]
            if stopping and process.exitcode not in (0, -signal.SIGTERM):
                status = status or 1  # stopped at once by a second signal: requests were cut off
            if stopping or process.exitcode == 0:
                continue
            if process.exitcode == _START_FAILED:  # its configuration or its port: another would fail alike
                status = _START_FAILED
                stop(signal.SIGTERM, None)
                continue
            log.error(
                "worker %d (pid %s) ended with exit status %s: starting another", n, process.pid, process.exitcode
            )
            time.sleep(_RESTART_SECONDS)  # a worker that keeps dying must not keep a core busy restarting it
            if not stopping:
                processes[n] = started(n)
    return status


# A worker's exit status when it cannot start (its configuration, or its port); the command's too.
_START_FAILED = 2
# The wait before a worker that died is replaced.
_RESTART_SECONDS = 1.0
# How often a worker checks that the parent that started it still runs.
_WATCH_SECONDS = 0.5


def _check_free(host: str, port: int) -> None:
    """Raise ConfigError unless this machine can listen on `host`:`port` and nothing listens there yet. Each
    address is tried as the server binds it: an IPv6 one for IPv6 alone (asyncio sets IPV6_V6ONLY), or "::" would
    be refused for a program on 0.0.0.0 that the server's own socket does not meet."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        for family, kind, protocol, _, address in addresses:
            with socket.socket(family, kind, protocol) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the workers do; no SO_REUSEPORT
                if family == socket.AF_INET6:
                    probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                probe.bind(address)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


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


def _worker(config_path: Path, host: str, port: int, parent: int, number: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(processName)s %(name)s %(message)s")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent turns Ctrl-C into SIGTERM for every worker
    threading.Thread(target=_stop_without, args=(parent,), name="parent-watch", daemon=True).start()
    try:
        _run(config_path, host, port, reuse_port=True, worker=number)
    except ConfigError as exc:
        print(f"newswire: {exc}", file=sys.stderr)
        sys.exit(_START_FAILED)
    except Unavailable as exc:  # the store, for now: the worker that replaces this one tries again
        print(f"newswire: {exc.detail}", file=sys.stderr)
        sys.exit(1)


def _stop_without(parent: int) -> None:
    """Stop this worker gracefully once the parent that started it has ended (killed, it could not tell its
    workers): a worker left behind would go on serving the port, beside whatever starts there next."""
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    log.error("the parent process has ended: this worker stops")
    os.kill(os.getpid(), signal.SIGTERM)


def _run(config_path: Path, host: str, port: int, *, reuse_port: bool, worker: int | None = None) -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # until the server can open its access log again on it
    _steady_memory()
    # Renders and bulk normalisation run in worker threads; a thread holding the GIL keeps the event loop
    # waiting up to the switch interval at each step of a request. 1 ms instead of 5 keeps polls answered within
    # a few milliseconds while a large page renders.
    sys.setswitchinterval(0.001)
    config = load_config(config_path)
    asyncio.run(_serve(create_app(config, worker=worker), host, port, reuse_port=reuse_port))


async def _serve(app: web.Application, host: str, port: int, *, reuse_port: bool) -> None:
    """Serve `app` until SIGTERM or SIGINT, then stop gracefully: stop accepting connections, finish the requests
    in progress, and close the application (its store last), while its background tasks still run."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # a worker leaves Ctrl-C to its parent
            loop.add_signal_handler(signum, stop.set)
    runner = Runner(app, access_log=None, keepalive_timeout=_KEEPALIVE_SECONDS, shutdown_timeout=_DRAIN_SECONDS)
    await runner.setup()
    # SIGHUP (logrotate's postrotate) opens the access log again; it does not end the server.
    loop.add_signal_handler(signal.SIGHUP, app[SERVICE].observer.reopen_log)
    try:
        try:
            await web.TCPSite(runner, host, port, reuse_port=reuse_port).start()
        except OSError as exc:  # the port is taken, or the address is not this machine's
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        if not reuse_port:  # one process: it says so itself (with workers, their parent does)
            log.info("serving on http://%s:%d", host, port)
        await stop.wait()
        log.info(
            "stopping: finishing the requests in progress (for %d s at most; the same signal again stops at once)",
            _DRAIN_SECONDS,
        )
        for signum in (signal.SIGTERM, signal.SIGINT):
            if signal.getsignal(signum) is not signal.SIG_IGN:
                loop.add_signal_handler(signum, _stop_at_once)
    finally:
        await runner.cleanup()
    log.info("stopped")


# How long a stopping server waits for the requests in progress (a slow upload, a bulk) before it closes them.
_DRAIN_SECONDS = 60


def _stop_at_once() -> None:
    """A second signal: what is acknowledged is committed; the requests still in progress are cut off."""
    log.warning("stopping at once: the requests still in progress are cut off")
    logging.shutdown()
    os._exit(1)
