"""Reading request bodies under the server's limits: size (aiohttp's client_max_size) and time; and in the
content codings the server decodes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from typing import TypeVar

from aiohttp import hdrs, web
from aiohttp.http_exceptions import ContentEncodingError

from wire.errors import NewswireError, PayloadTooLarge, RequestTimeout, UndecodableBody, UnsupportedMediaType
from wire.service import SERVICE

# The content codings a body may come in (RFC 9110 8.4.1): aiohttp decodes these as the body is read. A body in
# any other it passes on as it came, to be read for what it is not (compressed bytes as JSON, or as a page's text).
DECODED_CODINGS = ("gzip", "deflate", "br")
# What a 415 for a content coding names (RFC 9110 12.5.3): the codings the server takes.
ACCEPT_ENCODING = ", ".join(DECODED_CODINGS)

T = TypeVar("T")


def _seconds(request: web.Request) -> int:
    return request.app[SERVICE].config.server.body_timeout_seconds


def content_coding(request: web.Request) -> str:
    """The body's content coding, lower-cased (`identity` when none is named); UnsupportedMediaType (415) for one
    the server does not decode, before any of the body is read."""
    coding = request.headers.get(hdrs.CONTENT_ENCODING, "").strip().lower() or "identity"
    if coding != "identity" and coding not in DECODED_CODINGS:
        raise UnsupportedMediaType(
            f"the body is in the content coding {coding!r}: send it as it is, or in one of {ACCEPT_ENCODING}",
            headers={hdrs.ACCEPT_ENCODING: ACCEPT_ENCODING},
        )
    return coding


def undecodable(reason: str) -> NewswireError:
    """The problem with a body aiohttp could not decode (`reason`: its message, which ends with the coding, or the
    coding alone): a body not in the coding it names (400), or in one it has no decoder for here (415, as for any
    other coding not taken)."""
    coding = reason.rsplit(":", 1)[-1].strip()
    if coding not in DECODED_CODINGS:
        return UnsupportedMediaType(
            f"the body is in a content coding this server does not decode: send it as it is, or in one of "
            f"{ACCEPT_ENCODING}",
            headers={hdrs.ACCEPT_ENCODING: ACCEPT_ENCODING},
        )
    return UndecodableBody(f"the body is not in the content coding its Content-Encoding names ({coding})")


async def _decoded(coding: str, reading: Awaitable[T]) -> T:
    """What `reading` gives; UndecodableBody (400) when the body is not in the coding its Content-Encoding names, which
    aiohttp finds as it decodes and reports as a broken payload."""
    try:
        return await reading
    except web.RequestPayloadError as exc:
        if not isinstance(exc.__cause__, ContentEncodingError):
            raise  # the client gone, a body cut short: see wire.observe
        raise undecodable(coding) from None


async def read_body(request: web.Request) -> bytes:
    """The whole body, decoded; RequestTimeout (408) when it takes longer than `[server] body_timeout_seconds`."""
    coding = content_coding(request)
    if request.content.is_eof():
        # It has all arrived (the usual case for a small body): nothing to wait for.
        return await _decoded(coding, request.read())
    seconds = _seconds(request)
    try:
        async with asyncio.timeout(seconds):
            return await _decoded(coding, request.read())
    except TimeoutError:
        raise RequestTimeout(f"the body did not arrive within {seconds} s") from None


async def stream_body(request: web.Request, limit: int) -> AsyncIterator[bytes]:
    """The body as it arrives, for bulk uploads: each piece must come within the timeout, the whole within
    `limit` bytes."""
    coding = content_coding(request)
    seconds = _seconds(request)
    received = 0
    while True:
        try:
            async with asyncio.timeout(seconds):
                chunk = await _decoded(coding, request.content.readany())
        except TimeoutError:
            raise RequestTimeout(f"nothing of the body arrived for {seconds} s") from None
        if not chunk:
            return
        received += len(chunk)
        if received > limit:
            raise PayloadTooLarge(f"the body is larger than the limit of {limit} bytes")
        yield chunk
