"""Request bodies' content codings (RFC 9110 8.4.1): decoded strictly, a piece at a time.

aiohttp would decode them itself, but it takes a gzip or brotli stream cut short as the whole body (only a deflate
stream is checked for its end), and a brotli body a few kilobytes long is decoded whole, a gibibyte of it, before its
size is looked at. The server turns aiohttp's decoding off (`wire.connections`) and decodes here instead: a stream
must end, whole, where the body ends, with nothing after it; and it is decoded in pieces of about `PIECE_BYTES`, so
that whoever reads them stops the decoding as soon as the body passes its limit.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Protocol

import brotli

# The content codings a body may come in. A body in any other is refused before it is read (415): read as it came,
# it would be taken for what it is not (compressed bytes as JSON, or as a page's text).
DECODED_CODINGS = ("gzip", "deflate", "br")
# The most a decoder gives at once (brotli may give a little more): a body's limit is checked between pieces.
PIECE_BYTES = 64 * 1024


class CodingError(Exception):
    """A body that is not, whole, in the coding its Content-Encoding names; the message says what is wrong, after
    "the body"."""


class Decoder(Protocol):
    def decode(self, data: bytes) -> Iterator[bytes]:
        """`data`, the next bytes of the body, decoded, in pieces; CodingError when they are not in the coding."""
        ...

    def end(self) -> None:
        """CodingError unless the stream ended with the bytes given (none at all, an empty body, is taken)."""
        ...


def decoder_for(coding: str) -> Decoder:
    """The decoder of a body in `coding`, one of DECODED_CODINGS."""
    return _Brotli() if coding == "br" else _Zlib(coding)


def _cut_short(coding: str) -> CodingError:
    return CodingError(f"is cut short: its {coding} stream stops before its end")


def _bytes_after(coding: str) -> CodingError:
    return CodingError(f"goes on after the end of its {coding} stream")


def _not_in(coding: str) -> CodingError:
    return CodingError(f"is not in the content coding its Content-Encoding names ({coding})")


class _Zlib:
    """gzip (RFC 1952: one member or several, one after another, as `cat a.gz b.gz` makes) or deflate (RFC 9110
    8.4.1.2: a zlib stream, RFC 1950; or, as some clients send it, the bare deflate data inside one)."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._inflater: zlib._Decompress | None = None
        self._members = 0

    def decode(self, data: bytes) -> Iterator[bytes]:
        while data:
            inflater = self._inflater
            if inflater is None or inflater.eof:
                if inflater is not None and self._coding == "deflate":
                    raise _bytes_after(self._coding)
                inflater = self._inflater = zlib.decompressobj(self._window(data))
                self._members += 1
            yield from self._inflate(inflater, data)
            data = inflater.unused_data  # after a gzip member's end: the next member, or bytes that are not one

    def _inflate(self, inflater: zlib._Decompress, data: bytes) -> Iterator[bytes]:
        try:
            while True:
                piece = inflater.decompress(data, PIECE_BYTES)
                if piece:
                    yield piece
                data = inflater.unconsumed_tail
                # A full piece may leave output in the inflater though the input is all taken.
                if inflater.eof or (not data and len(piece) < PIECE_BYTES):
                    return
        except zlib.error:
            raise (_bytes_after(self._coding) if self._members > 1 else _not_in(self._coding)) from None

    def _window(self, data: bytes) -> int:
        if self._coding == "gzip":
            return 16 + zlib.MAX_WBITS  # a gzip header and trailer, nothing else
        # A zlib stream starts with its method, 8 (deflate), in the low bits of its first byte; bare deflate data
        # seldom does (aiohttp tells them apart the same way).
        return zlib.MAX_WBITS if data[0] & 0x0F == 8 else -zlib.MAX_WBITS

    def end(self) -> None:
        if self._inflater is not None and not self._inflater.eof:
            raise _cut_short(self._coding)


class _Brotli:
    """br (RFC 7932): one stream."""

    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()
        self._started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        if not data:
            return
        if self._decompressor.is_finished():
            raise _bytes_after("br")
        self._started = True
        try:
            piece = self._decompressor.process(data, output_buffer_limit=PIECE_BYTES)
            # Output may still be held back when a piece comes out at the limit (whatever can_accept_more_data
            # says): it is asked for until none comes or the stream has ended.
            while piece:
                yield piece
                if self._decompressor.is_finished():
                    return
                piece = self._decompressor.process(b"", output_buffer_limit=PIECE_BYTES)
        except brotli.error:
            # Bytes after the end in the piece that ends the stream fail it too, and leave no telling them apart.
            raise _not_in("br") from None

    def end(self) -> None:
        if self._started and not self._decompressor.is_finished():
            raise _cut_short("br")
