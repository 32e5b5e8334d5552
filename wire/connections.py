"""Client connections: each request's head (its line and headers) read under the `[server]` limits.

aiohttp reads a request's head itself, before any route runs, and answers what it cannot read with a plain-text
400. A `Connection` answers with problem documents instead, like every other error, then closes the connection:
a request target longer than `max_url_bytes` gets 414; a header value or name longer than `max_header_bytes`, or
too many header fields, 431; any other malformed head 400; and a head that has not fully arrived
`header_timeout_seconds` after its first byte 408. The time between requests on a kept-alive connection is not
head time: an idle connection is closed after the keep-alive timeout, as before. A client address that already
holds `max_connections_per_client` connections has each further one answered 429 at once and closed (trusted
proxies, which carry many clients' connections, are not limited).

A poll that memory answers whole (see `wire.http_feeds.answer_at_once`) is answered as soon as its head is read,
without the request, task and response objects aiohttp makes for every request: the answer was written ahead
(`wire.answers`), and only its date and request id are added. The lane answers only while nothing is queued or in
progress on the connection, so answers keep the order of requests; whatever it does not answer takes the full
path, in order. Its answers are logged and counted like any other.

aiohttp has no hook for any of this (aio-libs/aiohttp#3287): `Connection` extends its `RequestHandler`, overriding
`handle_error`, `data_received` and `finish_response`, and leans on its internals: the queue of parsed messages
(where a refusal is queued as the parser queues its own), the count of messages parsed, the future an idle
connection waits on, whether a request is in progress, and the keep-alive timer. `Runner` is aiohttp's
application runner serving through `Connection`s; `newswire serve` and the tests both run the application
through it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web
from aiohttp.http import HttpVersion10, HttpVersion11, RawRequestMessage
from aiohttp.http_exceptions import BadHttpMethod, HttpProcessingError, LineTooLong
from aiohttp.streams import EMPTY_PAYLOAD, StreamReader
from aiohttp.web_protocol import RequestHandler, _ErrInfo
from aiohttp.web_request import BaseRequest
from multidict import CIMultiDictProxy

from wire.answers import Answer
from wire.clients import ClientAddresses
from wire.errors import (
    BadRequest,
    HeaderFieldsTooLarge,
    NewswireError,
    NotImplementedMethod,
    RateLimited,
    RequestTimeout,
    UriTooLong,
)
from wire.http_errors import problem_response
from wire.http_feeds import FEED_ROUTE, answer_at_once
from wire.observe import REQUEST_ID, Observer
from wire.service import SERVICE

log = logging.getLogger("wire.http")
# The versions answered: a request of any other is refused.
_VERSIONS = (HttpVersion11, HttpVersion10)
# The most one read from a client's socket takes: a request head and more, and within the heap.
_READ_BYTES = 64 * 1024
# The route that the access log and the metrics give a request whose head could not be read.
UNREAD = "unread"
# aiohttp's parser reports too many header fields only by this message.
_TOO_MANY_HEADERS = "Too many headers received"
# How a request target starts as the parser reports it when it is too long: origin form (`/path?query`) or
# asterisk form, after the method when the parser reports the whole request line.
_TARGET = re.compile(rb"(?:[A-Za-z]+ )?[/*]")
# The request line the parser quotes when it refuses a method, where the line is otherwise well-formed: a token
# (RFC 9110 5.6.2) for a method, a target, and the protocol.
_QUOTED_LINE = re.compile(r"b'([!#$%&*+.^_`|~0-9A-Za-z-]{1,20}) [^ ']+ HTTP/1\.[01]'")
_REASON_CHARS = 200
# Answers a GET or HEAD of a path with headers from a peer at once, with the headers it carries beside its own (where
# the client stands against its rate limit), or None: see `answer_at_once`.
Lane = Callable[[str, CIMultiDictProxy[str], str | None], tuple[Answer, dict[str, str]] | None]


class Connection(RequestHandler):
    """One client connection: aiohttp's request handler, timing each request's head and answering the heads it
    refuses with problem documents."""

    __slots__ = (
        "_body",
        "_clients",
        "_counted",
        "_head_timeout",
        "_head_timer",
        "_heads_when_timed",
        "_kept",
        "_lane",
        "_observer",
        "_open",
        "_peer",
        "stopping",
    )

    def __init__(
        self,
        manager: web.Server,
        *,
        head_timeout: float,
        observer: Observer,
        open_connections: OpenConnections,
        clients: ClientAddresses,
        lane: Lane | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(manager, **kwargs)
        self._head_timeout = head_timeout
        self._observer = observer
        self._open = open_connections
        self._clients = clients
        self._lane = lane
        self._kept = True  # the latest response keeps the connection open
        self._peer: str | None = None  # the address the connection comes from
        self._counted = False  # whether it counts against the peer's connection limit
        self._head_timer: asyncio.TimerHandle | None = None
        self._heads_when_timed = 0
        self._body: StreamReader | None = None  # the latest request's body, while it is arriving
        self.stopping = False  # the server is shutting down gracefully (_Server.pre_shutdown)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        if hasattr(transport, "max_size"):
            # asyncio reads into a new buffer of max_size bytes each time (256 KiB), which is past the fixed
            # mmap threshold (wire.workers): every read of a request would map and unmap memory.
            transport.max_size = _READ_BYTES
        peer = transport.get_extra_info("peername")
        client = self._peer = peer[0] if isinstance(peer, tuple) and peer else None
        if client is None or not self._open.counts(client):
            return
        self._counted = True
        if self._open.opened(client):
            return
        limit = self._open.limit
        refusal = RateLimited(f"more than {limit} connections open from one address", headers={"Retry-After": "1"})
        self._refuse(refusal)

    def data_received(self, data: bytes) -> None:
        body = self._body
        in_body = body is not None and not body.is_eof()
        if in_body and self.stopping and (self._close or self._force_close):
            # Shutting down gracefully: aiohttp drops every byte from now on, which would leave the request in
            # progress waiting for the rest of its body until it timed out (a bulk cut short, and the shutdown
            # held up as long). Its body still arrives; no request after it is answered.
            closing = self._close, self._force_close
            self._close = self._force_close = False
            try:
                super().data_received(data)
            finally:
                self._close, self._force_close = closing
            return
        heads = self._request_count
        lane = self._lane
        if lane is not None and self._kept and not self._messages and not self._request_in_progress:
            # Nothing queued or in progress: the heads parsed now are queued without waking the request loop, so
            # that the lane answers what it can first; the loop is woken for the rest, in order.
            waiter, self._waiter = self._waiter, None
            try:
                super().data_received(data)
            finally:
                self._waiter = waiter
            self._refuse_other_versions()
            self._answer_at_once(lane)
            if self._messages and waiter is not None and not waiter.done():
                waiter.set_result(None)
        else:
            super().data_received(data)
            self._refuse_other_versions()
        if self._request_count != heads:
            # One or more heads were read (or refused); a head that follows is timed from its next bytes.
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None
            latest = self._messages[-1][1] if self._messages else None
            self._body = None if latest is None or latest.is_eof() else latest
        elif data and not in_body and self._head_timer is None:
            # Bytes after the last head and its body that make no head yet: a head has begun.
            self._time_head()

    async def finish_response(
        self, request: BaseRequest, resp: web.StreamResponse, start_time: float | None
    ) -> tuple[web.StreamResponse, bool]:
        # Whether the connection outlives the response: aiohttp's loop learns it only after a turn of the event
        # loop, and the lane answers nothing after a response that closes the connection.
        finished = await super().finish_response(request, resp, start_time)
        self._kept = bool(finished[0].keep_alive) and not finished[1]
        return finished

    def _answer_at_once(self, lane: Lane) -> None:
        """Answer the queued requests the lane can answer from memory, from the first until one it cannot."""
        messages, transport = self._messages, self.transport
        while messages and not self._buffer_paused and not self.writing_paused and transport is not None:
            message, payload = messages[0]
            if isinstance(message, _ErrInfo) or payload is not EMPTY_PAYLOAD or message.should_close or message.upgrade:
                return
            method = message.method
            if method != "GET" and method != "HEAD":
                return
            started = time.perf_counter()
            headers = message.headers
            try:
                at_once = lane(message.path, headers, self._peer)
            except Exception:  # the full path answers it, and reports the failure as it does every other
                log.exception("answering %s %s from memory failed", method, message.path)
                return
            if at_once is None:
                return
            answer, quota = at_once
            messages.popleft()
            self._parser.message_consumed()  # type: ignore[union-attr]  # set while messages are parsed
            observer = self._observer
            request_id = observer.request_id(headers)
            transport.write(
                answer.written(
                    version=message.version,
                    keep_alive=True,
                    head_only=method == "HEAD",
                    headers=((REQUEST_ID, request_id), *quota.items()),
                )
            )
            self._kept_alive()
            observer.record(
                method,
                message.path,
                FEED_ROUTE,
                self._clients.of_peer(self._peer, headers),
                answer.status,
                time.perf_counter() - started,
                answer.content_length,
                request_id,
            )

    def _kept_alive(self) -> None:
        """After an answer: the connection is kept, and closed once idle for the keep-alive timeout (as aiohttp
        does after each response it writes)."""
        self._keepalive = True
        close_time = self._next_keepalive_close_time = self._loop.time() + self._keepalive_timeout
        if self._keepalive_handle is None:
            self._keepalive_handle = self._loop.call_at(close_time, self._process_keepalive)

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        if self._counted and self._peer is not None:
            self._open.closed(self._peer)
            self._counted = False
        super().connection_lost(exc)

    def handle_error(
        self,
        request: BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if isinstance(exc, HttpProcessingError):
            error = self._refusal(exc)
        elif isinstance(exc, RequestTimeout | RateLimited | BadRequest):
            error = exc  # queued by _refuse, or _refuse_other_versions
        else:
            return super().handle_error(request, status, exc, message)  # a failure of the application itself
        observer = self._observer
        request_id = observer.request_id(request.headers)
        response = problem_response(error, request_id, None)
        response.headers[REQUEST_ID] = request_id
        response.headers["Connection"] = "close"
        response.force_close()
        observer.count("refused", error.slug)
        observer.record("-", None, UNREAD, request.remote, error.status, 0.0, response.content_length, request_id)
        return response

    def _refusal(self, exc: HttpProcessingError) -> NewswireError:
        """The problem with a head the parser could not read."""
        if isinstance(exc, LineTooLong):
            if self._is_target(exc):
                return UriTooLong(f"the request target is longer than {self.max_line_size} bytes")
            return HeaderFieldsTooLarge(f"a header value or name is longer than {self.max_field_size} bytes")
        if exc.message == _TOO_MANY_HEADERS:
            return HeaderFieldsTooLarge(f"the request has more than {self.max_headers} header fields")
        if isinstance(exc, BadHttpMethod):
            line = _QUOTED_LINE.search(exc.message)
            if line is not None:  # a request line as it should be, with a method of no HTTP specification
                return NotImplementedMethod(f"the method {line[1]} is not one this server implements (GET, HEAD, POST)")
        reason = exc.message.split("\n", 1)[0].rstrip(": ")[:_REASON_CHARS]
        return BadRequest(f"the request is not valid HTTP/1.1: {reason}")

    def _is_target(self, exc: LineTooLong) -> bool:
        """Whether the line too long is the request target rather than a header field. The error names the limit
        it broke, which tells the two apart when they differ; when they are equal, what the line starts with does
        (a header value that starts with `/` then passes for a request target)."""
        line, limit = exc.args[0], exc.args[1]
        if self.max_line_size != self.max_field_size:
            return bool(limit == self.max_line_size)
        return isinstance(line, bytes | bytearray) and _TARGET.match(line) is not None

    def _time_head(self) -> None:
        self._heads_when_timed = self._request_count
        self._head_timer = self._loop.call_later(self._head_timeout, self._head_overdue)

    def _head_overdue(self) -> None:
        self._head_timer = None
        if self.transport is None or self._request_count != self._heads_when_timed:
            return  # closed, or the head was read after all
        waiter = self._waiter
        if waiter is None or waiter.done():
            # An earlier request on the connection is still being answered: its answer goes first.
            self._time_head()
            return
        self._refuse(RequestTimeout(f"the request line and headers did not arrive within {self._head_timeout:g} s"))

    def _refuse_other_versions(self) -> None:
        """Refuse the heads of a version other than HTTP/1.x, which the parser takes (a request line without a
        version as HTTP/0.9, `HTTP/2.0` as such) and which would be answered in a version this server does not
        speak."""
        messages = self._messages
        for n, (message, _) in enumerate(messages):
            if isinstance(message, RawRequestMessage) and message.version not in _VERSIONS:
                version = f"HTTP/{message.version.major}.{message.version.minor}"
                refusal = BadRequest(f"the request is not valid HTTP/1.1: it is {version}")
                messages[n] = (_ErrInfo(status=refusal.status, exc=refusal, message=refusal.detail), EMPTY_PAYLOAD)

    def _refuse(self, refusal: NewswireError) -> None:
        """Answer `refusal` next, then close: queued as the parser queues the heads it refuses, so that it goes
        through handle_error. Bytes that arrive meanwhile are never answered."""
        self._request_count += 1
        self._messages.append((_ErrInfo(status=refusal.status, exc=refusal, message=refusal.detail), EMPTY_PAYLOAD))
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)


class OpenConnections:
    """The connections each client address holds open, against `limit` (0: no limit); addresses of trusted proxies
    are not counted."""

    __slots__ = ("_clients", "_open", "limit")

    def __init__(self, limit: int, clients: ClientAddresses) -> None:
        self.limit = limit
        self._clients = clients
        self._open: dict[str, int] = {}

    def counts(self, address: str) -> bool:
        return self.limit > 0 and not self._clients.trusted(address)

    def opened(self, address: str) -> bool:
        """Count a connection from `address`; whether it is within the limit."""
        count = self._open.get(address, 0) + 1
        self._open[address] = count
        return count <= self.limit

    def closed(self, address: str) -> None:
        left = self._open[address] - 1
        if left:
            self._open[address] = left
        else:
            del self._open[address]


class _Server(web.Server):
    """aiohttp's low-level server, made from the one the runner made, with `Connection`s for connections, and
    `settings` for aiohttp's request handler (its limits, and its decoding of bodies)."""

    def __init__(self, made: web.Server, *, connection: dict[str, Any], **settings: int) -> None:
        super().__init__(
            made.request_handler,
            request_factory=made.request_factory,
            handler_cancellation=made.handler_cancellation,
            **{**made._kwargs, **settings},
        )
        self._connection = connection  # what each Connection takes beyond aiohttp's request handler

    def __call__(self) -> RequestHandler:
        return Connection(self, loop=self._loop, **self._connection, **self._kwargs)

    def pre_shutdown(self) -> None:
        for connection in self._connections:
            if isinstance(connection, Connection):
                connection.stopping = True  # the request in progress still receives its body
        super().pre_shutdown()


class Runner(web.AppRunner):
    """aiohttp's application runner, serving through `Connection`s under the `[server]` settings of the
    application's configuration, with polls that memory answers whole answered as soon as they are read (the
    lane, `answer_at_once`). Takes what `web.AppRunner` takes."""

    async def _make_server(self) -> web.Server:
        made = await super()._make_server()  # starts the application: its service is up
        service = self.app[SERVICE]
        settings = service.config.server
        connection = {
            "head_timeout": settings.header_timeout_seconds,
            "observer": service.observer,
            "open_connections": OpenConnections(settings.max_connections_per_client, service.clients),
            "clients": service.clients,
            "lane": functools.partial(answer_at_once, service),
        }
        return _Server(
            made,
            connection=connection,
            max_line_size=settings.max_url_bytes,
            max_field_size=settings.max_header_bytes,
            auto_decompress=False,  # bodies are decoded where they are read, strictly: see wire.http_codings
        )
