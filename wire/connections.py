"""Client connections: each request's head (its line and headers) read under the `[server]` limits.

aiohttp reads a request's head itself, before any route runs, and answers what it cannot read with a plain-text
400. A `Connection` answers with problem documents instead, like every other error, then closes the connection:
a request target longer than `max_url_bytes` gets 414; a header value or name longer than `max_header_bytes`, or
too many header fields, 431; any other malformed head 400; and a head that has not fully arrived
`header_timeout_seconds` after its first byte 408. The time between requests on a kept-alive connection is not
head time: an idle connection is closed after the keep-alive timeout, as before. A client address that already
holds `max_connections_per_client` connections has each further one answered 429 at once and closed (trusted
proxies, which carry many clients' connections, are not limited).

aiohttp has no hook for this (aio-libs/aiohttp#3287): `Connection` extends its `RequestHandler`, overriding
`handle_error` and `data_received`, and leans on three of its internals: the queue of parsed messages (where a
refusal is queued as the parser queues its own), the count of messages parsed, and the future an idle connection
waits on. `Runner` is aiohttp's application runner serving through `Connection`s; `newswire serve` and the tests
both run the application through it.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError, LineTooLong
from aiohttp.streams import EMPTY_PAYLOAD, StreamReader
from aiohttp.web_protocol import RequestHandler, _ErrInfo
from aiohttp.web_request import BaseRequest

from wire.clients import ClientAddresses
from wire.errors import BadRequest, HeaderFieldsTooLarge, NewswireError, RateLimited, RequestTimeout, UriTooLong
from wire.http_errors import problem_response
from wire.observe import REQUEST_ID, Observer
from wire.service import SERVICE

# The route that the access log and the metrics give a request whose head could not be read.
UNREAD = "unread"
# aiohttp's parser reports too many header fields only by this message.
_TOO_MANY_HEADERS = "Too many headers received"
# How a request target starts as the parser reports it when it is too long: origin form (`/path?query`) or
# asterisk form, after the method when the parser reports the whole request line.
_TARGET = re.compile(rb"(?:[A-Za-z]+ )?[/*]")
_REASON_CHARS = 200


class Connection(RequestHandler):
    """One client connection: aiohttp's request handler, timing each request's head and answering the heads it
    refuses with problem documents."""

    __slots__ = ("_body", "_client", "_head_timeout", "_head_timer", "_heads_when_timed", "_observer", "_open")

    def __init__(
        self,
        manager: web.Server,
        *,
        head_timeout: float,
        observer: Observer,
        open_connections: OpenConnections,
        **kwargs: Any,
    ) -> None:
        super().__init__(manager, **kwargs)
        self._head_timeout = head_timeout
        self._observer = observer
        self._open = open_connections
        self._client: str | None = None  # the address counted against its connection limit, if any
        self._head_timer: asyncio.TimerHandle | None = None
        self._heads_when_timed = 0
        self._body: StreamReader | None = None  # the latest request's body, while it is arriving

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        peer = transport.get_extra_info("peername")
        client = peer[0] if isinstance(peer, tuple) and peer else None
        if client is None or not self._open.counts(client):
            return
        self._client = client
        if self._open.opened(client):
            return
        limit = self._open.limit
        refusal = RateLimited(f"more than {limit} connections open from one address", headers={"Retry-After": "1"})
        self._refuse(refusal)

    def data_received(self, data: bytes) -> None:
        body = self._body
        in_body = body is not None and not body.is_eof()
        heads = self._request_count
        super().data_received(data)
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

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        if self._client is not None:
            self._open.closed(self._client)
            self._client = None
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
        elif isinstance(exc, RequestTimeout | RateLimited):
            error = exc  # queued by _refuse
        else:
            return super().handle_error(request, status, exc, message)  # a failure of the application itself
        observer = self._observer
        request_id = observer.request_id(request)
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
    """aiohttp's low-level server, made from the one the runner made, with `Connection`s for connections."""

    def __init__(
        self,
        made: web.Server,
        *,
        head_timeout: float,
        observer: Observer,
        open_connections: OpenConnections,
        **limits: int,
    ) -> None:
        super().__init__(
            made.request_handler,
            request_factory=made.request_factory,
            handler_cancellation=made.handler_cancellation,
            **{**made._kwargs, **limits},
        )
        self._head_timeout = head_timeout
        self._observer = observer
        self._open_connections = open_connections

    def __call__(self) -> RequestHandler:
        return Connection(
            self,
            loop=self._loop,
            head_timeout=self._head_timeout,
            observer=self._observer,
            open_connections=self._open_connections,
            **self._kwargs,
        )


class Runner(web.AppRunner):
    """aiohttp's application runner, serving through `Connection`s under the `[server]` settings of the
    application's configuration. Takes what `web.AppRunner` takes."""

    async def _make_server(self) -> web.Server:
        made = await super()._make_server()  # starts the application: its service is up
        service = self.app[SERVICE]
        settings = service.config.server
        return _Server(
            made,
            head_timeout=settings.header_timeout_seconds,
            observer=service.observer,
            open_connections=OpenConnections(settings.max_connections_per_client, service.clients),
            max_line_size=settings.max_url_bytes,
            max_field_size=settings.max_header_bytes,
        )
