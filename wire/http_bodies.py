"""Reading request bodies under the server's limits: size and time; and in the content codings the server decodes
(`wire.http_codings`), where the size limit is the decoded body's."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator

from aiohttp import hdrs, web

from wire.errors import PayloadTooLarge, RequestTimeout, UndecodableBody, UnsupportedMediaType
from wire.http_codings import DECODED_CODINGS, CodingError, decoder_for
from wire.service import SERVICE

# What a 415 for a content coding names (RFC 9110 12.5.3): the codings the server takes.
ACCEPT_ENCODING = ", ".join(DECODED_CODINGS)


def _seconds(request: web.Request) -> int:
    return request.app[SERVICE].config.server.body_timeout_seconds


def content_coding(request: web.Request) -> str:
    """The body's content coding, lower-cased (`identity` when none is named); UnsupportedMediaType (415) for one
    the server does not decode, before any of the body is read."""
    # Several header lines are one list (RFC 9110 5.3): "gzip" then "br" is "gzip, br", not gzip alone.
    coding = ", ".join(request.headers.getall(hdrs.CONTENT_ENCODING, ())).strip().lower() or "identity"
    if coding != "identity" and coding not in DECODED_CODINGS:
        raise UnsupportedMediaType(
            f"the body is in the content coding {coding!r}: send it as it is, or in one of {ACCEPT_ENCODING}",
            headers={hdrs.ACCEPT_ENCODING: ACCEPT_ENCODING},
        )
    return coding


async def read_body(request: web.Request) -> bytes:
    """The whole body, decoded; PayloadTooLarge (413) when it is larger than `[server] max_body_bytes` (as it came,
    or decoded), RequestTimeout (408) when it takes longer than `[server] body_timeout_seconds`, UndecodableBody
    (400) when it is not, whole, in the content coding its Content-Encoding names."""
    limit = request.app[SERVICE].config.server.max_body_bytes
    body = bytearray()
    pieces = _decoded(request, limit, piece_seconds=None)
    async with contextlib.aclosing(pieces):
        if request.content.is_eof():
            # It has all arrived (the usual case for a small body): nothing to wait for.
            async for piece in pieces:
                body += piece
            return bytes(body)
        seconds = _seconds(request)
        try:
            async with asyncio.timeout(seconds):
                async for piece in pieces:
                    body += piece
        except TimeoutError:
            raise RequestTimeout(f"the body did not arrive within {seconds} s") from None
    return bytes(body)


async def stream_body(request: web.Request, limit: int) -> AsyncIterator[bytes]:
    """The body as it arrives, decoded, for bulk uploads: each piece must come within the timeout (RequestTimeout,
    408), the whole within `limit` bytes, as it came and decoded (PayloadTooLarge, 413); UndecodableBody (400) as
    soon as it is found not to be in its content coding, or at its end when its stream is cut short."""
    async with contextlib.aclosing(_decoded(request, limit, piece_seconds=_seconds(request))) as pieces:
        async for piece in pieces:
            yield piece


async def _decoded(request: web.Request, limit: int, *, piece_seconds: int | None) -> AsyncGenerator[bytes, None]:
    """The body in pieces, decoded; each piece as it came must arrive within `piece_seconds` (None: no limit here).
    The decoding stops as soon as the body passes `limit`, as it came or decoded: a few kilobytes of brotli may
    stand for gigabytes."""
    coding = content_coding(request)
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(f"the body is {request.content_length} bytes; the limit is {limit}")
    decoder = None if coding == "identity" else decoder_for(coding)
    received = decoded = 0
    while chunk := await _next_chunk(request, piece_seconds):
        received += len(chunk)
        if received > limit:
            raise PayloadTooLarge(f"the body is larger than the limit of {limit} bytes")
        if decoder is None:
            yield chunk
            continue
        try:
            for piece in decoder.decode(chunk):
                decoded += len(piece)
                if decoded > limit:
                    raise PayloadTooLarge(f"the body, decoded from {coding}, is larger than the limit of {limit} bytes")
                yield piece
        except CodingError as exc:
            raise UndecodableBody(f"the body {exc}") from None
    if decoder is not None:
        try:
            decoder.end()
        except CodingError as exc:
            raise UndecodableBody(f"the body {exc}") from None


async def _next_chunk(request: web.Request, seconds: int | None) -> bytes:
    if seconds is None:
        return await request.content.readany()
    try:
        async with asyncio.timeout(seconds):
            return await request.content.readany()
    except TimeoutError:
        raise RequestTimeout(f"nothing of the body arrived for {seconds} s") from None
