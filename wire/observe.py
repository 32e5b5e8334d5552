"""Observing requests: a request id, one JSON access-log line per request, and the counts /metrics exposes.

All of it runs on every poll, so it is built for the hot path: ids from a counter, log lines buffered and
written a few times a second (sooner under load, 512 at most waiting), counts in plain dictionaries turned into
Prometheus metrics only when scraped.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import os
import re
import sys
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TextIO

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric

from wire.clients import ClientAddresses
from wire.errors import InvalidInput, NewswireError, PayloadTooLarge, RateLimited, RequestTimeout, UndecodableBody
from wire.http_errors import problem_for, problem_response
from wire.ratelimit import Quota

# The status logged for a request whose client closed the connection before it was read whole (nginx's 499).
CLIENT_CLOSED = 499

# Where the client of a request stands against its rate limit, once the request is admitted (see Service.admit).
QUOTA = web.RequestKey("quota", Quota)
log = logging.getLogger("wire.http")

REQUEST_ID = "X-Request-Id"
# A client's own request id is echoed when it is short and plain; anything else is replaced.
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Latency buckets in seconds: a cached poll takes well under a millisecond, a render a few.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_FLUSH_SECONDS = 0.25
# Or sooner, once this many requests are noted: under heavy load a quarter of a second is tens of thousands of
# requests, and their notes would be held in memory (and their lines formatted in one long step) all at once.
_PENDING_MAX = 512
_LINE = b'{"time":"%s","id":%s,"method":"%s","path":%s,"route":"%s","status":%d,"ms":%.3f,"bytes":%s,"remote":%s}'


@dataclass(slots=True)
class _Latency:
    counts: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS) + 1))
    total: float = 0.0


class Observer:
    """Counts, latencies and the access log of one process."""

    def __init__(self, worker: int | None = None) -> None:
        self.worker = worker  # its number among the workers sharing the port, if it is one
        self._out: TextIO | None = None
        self._pending: list[tuple[float, str, str, str | None, str, int, float, int | None, str | None]] = []
        self._prefix = f"{os.getpid():x}-{int(time.time()) % 0xFFFFFF:x}-"
        self._second = 0
        self._second_text = ""
        self._counter = 0
        self.requests: dict[tuple[str, str, int], int] = {}
        self.latency: dict[str, _Latency] = {}
        self.events: dict[tuple[str, str], int] = {}  # (event, reason): ingest outcomes, refusals, deliveries
        self.in_progress: dict[str | None, int] = {}  # requests in progress, by client address
        self._reopen = asyncio.Event()

    def write_to(self, out: TextIO | None) -> None:
        """Where access-log lines go (None: nowhere)."""
        self.flush()
        self._out = out

    def reopen_log(self) -> None:
        """Open the access log's file again now if it was moved or removed (SIGHUP), not at the next check."""
        self._reopen.set()

    async def reopen_asked(self, seconds: float) -> None:
        """Return when reopen_log is called, or after `seconds`."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._reopen.wait(), seconds)
        self._reopen.clear()

    def request_id(self, headers: Mapping[str, str]) -> str:
        """The id of a request with `headers`: the client's own when it sent a plain one, else a new one."""
        given = headers.get(REQUEST_ID)
        if given is not None and _CLIENT_ID.match(given):
            return given
        self._counter += 1
        return f"{self._prefix}{self._counter:x}"

    def count(self, event: str, reason: str, n: int = 1) -> None:
        """Count `n` occurrences of an event (`ingest`, `created`; `refused`, `invalid-input`; ...)."""
        key = (event, reason)
        self.events[key] = self.events.get(key, 0) + n

    def record(
        self,
        method: str,
        path: str | None,
        route: str,
        client: str | None,
        status: int,
        seconds: float,
        size: int | None,
        request_id: str,
    ) -> None:
        """Note one answered request. `path` is the path only (a query may carry a partner's key, and keys are
        never logged), None when the request's head could not be read."""
        # Only noted here; counted and written in a batch, off the request's path: a few times a second, and as soon
        # as _PENDING_MAX are waiting.
        self._pending.append((time.time(), request_id, method, path, route, status, seconds, size, client))
        if len(self._pending) == _PENDING_MAX:
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:  # noted outside an event loop: nothing else would count it soon
                self.flush()

    def _tally(self) -> list[bytes]:
        """Count the noted requests; their access-log lines."""
        pending, self._pending = self._pending, []
        lines = []
        write = self._out is not None
        for at, request_id, method, path, route, status, seconds, size, client in pending:
            key = (route, method, status)
            self.requests[key] = self.requests.get(key, 0) + 1
            latency = self.latency.get(route)
            if latency is None:
                latency = self.latency[route] = _Latency()
            latency.counts[bisect.bisect_left(BUCKETS, seconds)] += 1
            latency.total += seconds
            if write:
                # A template is several times faster than a dict through a JSON encoder; the fields that come
                # from the client (path, request id, address) are still encoded, so the line stays valid JSON.
                lines.append(
                    _LINE
                    % (
                        self._time_text(at),
                        orjson.dumps(request_id),
                        method.encode(),
                        orjson.dumps(path),
                        route.encode(),
                        status,
                        seconds * 1000,
                        b"null" if size is None else str(size).encode(),
                        orjson.dumps(client),
                    )
                )
        return lines

    def _time_text(self, at: float) -> bytes:
        """The time, to the millisecond: the date and time part is formatted once a second."""
        second = int(at)
        if second != self._second:
            self._second = second
            self._second_text = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        return f"{self._second_text}.{int((at - second) * 1000):03d}Z".encode()

    def flush(self) -> None:
        lines = self._tally()
        if lines and self._out is not None:
            self._out.write(b"\n".join(lines).decode() + "\n")
            self._out.flush()

    async def flushing(self) -> None:
        """Write the buffered log lines a few times a second, until cancelled."""
        try:
            while True:
                await asyncio.sleep(_FLUSH_SECONDS)
                self.flush()
        finally:
            self.flush()

    def metrics(self) -> Iterator[Metric]:
        self.flush()  # count what is noted but not yet counted
        requests = CounterMetricFamily(
            "newswire_requests", "HTTP requests by route, method and status.", labels=["route", "method", "status"]
        )
        for (route, method, status), n in sorted(self.requests.items()):
            requests.add_metric([route, method, str(status)], n)
        yield requests
        latency = HistogramMetricFamily(
            "newswire_request_seconds", "Time to answer a request, by route.", labels=["route"]
        )
        for route, data in sorted(self.latency.items()):
            cumulative, buckets = 0, []
            for bound, n in zip((*BUCKETS, float("inf")), data.counts, strict=True):
                cumulative += n
                buckets.append((_le(bound), cumulative))
            latency.add_metric([route], buckets, data.total)
        yield latency
        events = CounterMetricFamily(
            "newswire_events", "Ingest outcomes, refusals by reason, deliveries.", labels=["event", "reason"]
        )
        for (event, reason), n in sorted(self.events.items()):
            events.add_metric([event, reason], n)
        yield events


def _le(bound: float) -> str:
    return "+Inf" if bound == float("inf") else repr(bound)


def observed(
    handler: Handler, route: str, observer: Observer, clients: ClientAddresses, *, max_per_client: int = 0
) -> Handler:
    """`handler` wrapped with what every request gets: a request id, errors as problem+json, the access log and
    counts, the limit of requests one client address may have in progress (`max_per_client`, 0 for none), and a
    422 for a query that gives a field twice.

    A wrapper rather than an aiohttp middleware: a poll is the hot path, and the middleware chain costs it more
    than all of this (the app wraps every route, an unmatched path included, so nothing escapes it).
    """

    async def observe(request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        request_id = observer.request_id(request.headers)
        client = client_of(request)
        count = in_progress.get(client, 0) + 1
        in_progress[client] = count
        try:
            if max_per_client and count > max_per_client:
                raise RateLimited(
                    f"more than {max_per_client} requests in progress from one address", headers={"Retry-After": "1"}
                )
            if request.query_string:
                InvalidInput.check_single(name for name, _ in request.query.items())
            response = await handler(request)
        except NewswireError as error:
            observer.count("refused", error.slug)
            response = problem_response(error, request_id, request.path)
            if isinstance(error, RequestTimeout | PayloadTooLarge | UndecodableBody):
                response.force_close()  # the rest of the body was not read: the connection cannot be reused
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            response = problem_response(problem_for(exc), request_id, request.path)
        except Exception as exc:
            if isinstance(exc, ConnectionResetError) and (request.transport is None or request.transport.is_closing()):
                # The client went away before its request was read whole (an upload cut short): no failure of
                # ours, and nothing to answer. Logged and counted as 499, the code proxies use for it.
                observer.count("refused", "client-closed")
                response = web.Response(status=CLIENT_CLOSED)
            else:
                log.exception("unhandled error on %s %s (request %s)", request.method, request.path, request_id)
                failure = NewswireError("The server failed to handle the request.")
                response = problem_response(failure, request_id, request.path)
        finally:
            left = in_progress[client] - 1
            if left:
                in_progress[client] = left
            else:
                del in_progress[client]
        response.headers[REQUEST_ID] = request_id
        quota = request.get(QUOTA)
        if quota is not None:  # admitted against a rate limit: the client is told where it stands, whatever the answer
            response.headers.update(quota.headers())
        observer.record(
            request.method,
            request.path,
            route,
            client,
            response.status,
            time.perf_counter() - started,
            response.content_length,
            request_id,
        )
        return response

    in_progress = observer.in_progress
    client_of = clients.of_request
    return observe


def gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


@contextlib.asynccontextmanager
async def access_log(observer: Observer, setting: str) -> AsyncIterator[None]:
    """Write the access log to `setting` (`-`: standard error; `off`: nowhere; else a file appended to) while
    the block runs, flushing a few times a second and once at the end. A file moved or removed (as logrotate
    does) is opened again at its path within a second, or at once on `Observer.reopen_log`."""
    file: _LogFile | None = None
    if setting == "-":
        observer.write_to(sys.stderr)
    elif setting != "off":
        file = await asyncio.to_thread(_LogFile, setting)  # closed below
        observer.write_to(file.out)
    tasks = [asyncio.create_task(observer.flushing())]
    if file is not None:
        tasks.append(asyncio.create_task(_reopening(observer, file)))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        observer.write_to(None)
        if file is not None:
            file.out.close()


class _LogFile:
    """The access log's file, and whether its path still names it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.out: TextIO = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed by access_log

    def moved(self) -> bool:
        try:
            named = os.stat(self.path)
        except FileNotFoundError:
            return True
        except OSError:  # the folder cannot be read now: keep writing where it writes
            return False
        own = os.fstat(self.out.fileno())
        return (named.st_dev, named.st_ino) != (own.st_dev, own.st_ino)

    def reopen(self) -> TextIO:
        """Open the path again; returns the file written so far, to close once its lines are flushed."""
        old, self.out = self.out, open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed by access_log
        return old


# How often the access log's path is checked for a file moved away.
_REOPEN_SECONDS = 1.0


async def _reopening(observer: Observer, file: _LogFile) -> None:
    while True:
        await observer.reopen_asked(_REOPEN_SECONDS)
        try:
            # A stat of the path, on the event loop: a thread of its own once a second would cost more.
            if not file.moved():
                continue
            old = await asyncio.to_thread(file.reopen)
        except OSError as exc:  # the folder is gone or not writable: keep writing to the file it has
            log.error("cannot open the access log again at %s: %s", file.path, exc.strerror or exc)
            continue
        observer.write_to(file.out)  # flushes what is pending to the old file first
        old.close()
