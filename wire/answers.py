"""Answers written ahead: a document's status line and headers serialised once, when the answer is first needed,
and completed per request with only the lines that differ each time (the request id, the date, the connection).

A poll is the hot path: writing a cached answer is one join of a few byte strings instead of a response built
header by header.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus

from aiohttp import HttpVersion, HttpVersion10, HttpVersion11
from aiohttp.http import SERVER_SOFTWARE

_SERVER = f"Server: {SERVER_SOFTWARE}\r\n"
_KEEP_ALIVE = b"Connection: keep-alive\r\n"
_CLOSE = b"Connection: close\r\n"


@dataclass(frozen=True, slots=True)
class Answer:
    """A status, its headers as bytes (the HTTP/1.1 status line first, CRLF after each line) and the body."""

    status: int
    head: bytes
    body: bytes  # empty for a 304

    @classmethod
    def of(cls, status: int, headers: Mapping[str, str], body: bytes) -> Answer:
        lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"]
        lines += [_line(name, value) for name, value in headers.items()]
        if status != HTTPStatus.NOT_MODIFIED:
            lines.append(f"Content-Length: {len(body)}\r\n")
        lines.append(_SERVER)
        return cls(status, "".join(lines).encode(), body)

    @property
    def content_length(self) -> int | None:
        return None if self.status == HTTPStatus.NOT_MODIFIED else len(self.body)

    def written(
        self, *, version: HttpVersion, keep_alive: bool, head_only: bool, headers: Iterable[tuple[str, str]]
    ) -> bytes:
        """The whole answer to one request: `headers` (the request id) and the date added, the connection's fate
        said where the protocol version does not imply it, and no body for HEAD."""
        head = self.head if version == HttpVersion11 else b"HTTP/%d.%d" % version + self.head[8:]
        if keep_alive:
            connection = _KEEP_ALIVE if version == HttpVersion10 else b""
        else:
            connection = _CLOSE if version == HttpVersion11 else b""
        extra = "".join(_line(name, value) for name, value in headers).encode()
        body = b"" if head_only else self.body
        return b"".join((head, extra, b"Date: ", http_date(), b"\r\n", connection, b"\r\n", body))


def _line(name: str, value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError(f"header {name} holds a line break")
    return f"{name}: {value}\r\n"


_now_second = 0
_now_text = b""


def http_date() -> bytes:
    """The current time as an HTTP date (RFC 9110 5.6.7), formatted once a second."""
    global _now_second, _now_text
    second = int(time.time())
    if second != _now_second:
        _now_text = formatdate(second, usegmt=True).encode()
        _now_second = second
    return _now_text
