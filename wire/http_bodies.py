"""Reading request bodies under the server's limits: size (aiohttp's client_max_size) and time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web

from wire.errors import PayloadTooLarge, RequestTimeout
from wire.service import SERVICE


def _seconds(request: web.Request) -> int:
    return request.app[SERVICE].config.server.body_timeout_seconds


async def read_body(request: web.Request) -> bytes:
    """The whole body; RequestTimeout (408) when it takes longer than `[server] body_timeout_seconds`."""
    if request.content.is_eof():
        return await request.read()  # it has all arrived (the usual case for a small body): nothing to wait for
    seconds = _seconds(request)
    try:
        async with asyncio.timeout(seconds):
            return await request.read()
    except TimeoutError:
        raise RequestTimeout(f"the body did not arrive within {seconds} s") from None


async def stream_body(request: web.Request, limit: int) -> AsyncIterator[bytes]:
    """The body as it arrives, for bulk uploads: each piece must come within the timeout, the whole within
    `limit` bytes."""
    seconds = _seconds(request)
    received = 0
    while True:
        try:
            async with asyncio.timeout(seconds):
                chunk = await request.content.readany()
        except TimeoutError:
            raise RequestTimeout(f"nothing of the body arrived for {seconds} s") from None
        if not chunk:
            return
        received += len(chunk)
        if received > limit:
            raise PayloadTooLarge(f"the body is larger than the limit of {limit} bytes")
        yield chunk
