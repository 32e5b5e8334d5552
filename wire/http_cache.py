"""Serving rendered documents: conditional GET (RFC 9110), content coding and caching headers.

Everything about an answer that does not depend on the request is written once per document, coding and cache
policy (`Rendered.answer`, `wire.answers`); a poll only picks the coding, checks the validators and picks the
answer, to which the request id and the date are added as it is written.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC
from email.utils import parsedate_to_datetime
from functools import lru_cache

from aiohttp import web
from aiohttp.abc import AbstractStreamWriter
from multidict import CIMultiDictProxy

from wire.answers import Answer
from wire.publisher import Rendered


def respond(request: web.Request, document: Rendered, *, max_age: int, shared: bool) -> Prewritten:
    """A 200 with the document in the coding the client prefers, or a 304 when the client's copy is current.

    `max_age`: the section's (`Rendered.cache_control` says where a document has its own). `shared`: the document
    is the public one, which shared caches may keep; a partner's is private. Either way the response varies with
    Authorization, which selects the view.
    """
    return Prewritten(answer_for(request.headers, document, max_age=max_age, shared=shared))


def answer_for(headers: CIMultiDictProxy[str], document: Rendered, *, max_age: int, shared: bool) -> Answer:
    """The answer to a request with `headers` for `document`: see `respond`."""
    coding = pick_coding(field(headers, "Accept-Encoding") or "")
    if not_modified(headers, document, coding):
        return document.answer(coding, max_age, shared, modified=False, dated=False)
    # Last-Modified only once a second has passed since (the answer's Date is that much later): within its second,
    # the document may change again and keep the same date, and a client asking If-Modified-Since with it would be
    # told nothing changed (RFC 9110 8.8.2.2: such a date is a weak validator). The ETag tells them apart meanwhile.
    dated = time.time() >= document.last_modified.timestamp() + 1
    return document.answer(coding, max_age, shared, modified=True, dated=dated)


def field(headers: CIMultiDictProxy[str], name: str) -> str | None:
    """A list field's value: given on several lines, one list of theirs joined by commas (RFC 9110 5.3)."""
    values = headers.getall(name, ())
    if len(values) < 2:
        return values[0] if values else None
    return ", ".join(values)


class Prewritten(web.StreamResponse):
    """A response written ahead (an `Answer`): preparing it writes the whole answer at once, with the headers
    set on it since (the request id) and the date."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(status=answer.status)
        self._answer = answer

    @property
    def content_length(self) -> int | None:
        return self._answer.content_length

    @content_length.setter
    def content_length(self, value: int | None) -> None:
        raise RuntimeError("the length of an answer written ahead is its body's")

    async def prepare(self, request: web.BaseRequest) -> AbstractStreamWriter | None:
        if self.prepared:
            return None
        keep_alive = request.keep_alive if self.keep_alive is None else self.keep_alive
        self._keep_alive = keep_alive  # what aiohttp reads after the response to keep the connection or not
        data = self._answer.written(
            version=request.version,
            keep_alive=keep_alive,
            head_only=request.method == "HEAD",
            headers=self.headers.items(),
        )
        await request.writer.write(data)
        self._eof_sent = True
        return None


def not_modified(headers: CIMultiDictProxy[str], document: Rendered, coding: str) -> bool:
    """RFC 9110 13.2.2: If-None-Match (weak comparison, against the document in the selected `coding`) decides;
    If-Modified-Since only in its absence."""
    if_none_match = field(headers, "If-None-Match")
    if if_none_match is not None:
        return none_match(if_none_match, lambda tag: document.matches(tag, coding))
    given = headers.getall("If-Modified-Since", ())
    if len(given) != 1:  # none, or several: ignored (RFC 9110 13.1.3)
        return False
    if not _HTTP_DATE.fullmatch(given[0]):  # two dates joined by a proxy, or no HTTP-date: ignored (13.1.3)
        return False
    try:
        since = parsedate_to_datetime(given[0])
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:  # the asctime form carries no zone: every HTTP date is in GMT (RFC 9110 5.6.7)
        since = since.replace(tzinfo=UTC)
    # A date ahead of the clock is no date a copy of the document was given: it tells nothing of what the client has.
    return document.last_modified <= since and since.timestamp() <= time.time()


_DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIME = r"\d\d:\d\d:\d\d"
# The three forms of an HTTP-date (RFC 9110 5.6.7), case as written there: IMF-fixdate, rfc850-date, asctime-date.
_HTTP_DATE = re.compile(
    rf"{_DAY}, \d\d {_MONTH} \d{{4}} {_TIME} GMT"
    rf"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d\d-{_MONTH}-\d\d {_TIME} GMT"
    rf"|{_DAY} {_MONTH} [ \d]\d {_TIME} \d{{4}}",
    re.ASCII,
)


def none_match(if_none_match: str, current: Callable[[str], bool]) -> bool:
    """Whether an If-None-Match value names the current representation: `*`, or a tag in its list for which
    `current` holds (given quoted, without `W/`: the comparison is weak)."""
    if if_none_match.strip() == "*":
        return True
    return any(current(_opaque(tag)) for tag in if_none_match.split(",", _LIST_ITEMS_MAX)[:_LIST_ITEMS_MAX])


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


# Longest Accept-Encoding value whose answer is remembered (real ones are a few dozen bytes): a cache of
# arbitrary values a client sends would hold their bytes.
_REMEMBERED_CODINGS_BYTES = 256
# Codings and entity tags read at most from one header: beyond, a list is no client's but an attempt to make each
# request cost the server.
_LIST_ITEMS_MAX = 64


def pick_coding(accept_encoding: str) -> str:
    """`br`, `gzip` or `identity`: brotli when the client rates it at least as high as gzip (it is smaller),
    gzip when acceptable, else the plain bytes. Clients send few distinct headers, so answers are cached."""
    if len(accept_encoding) > _REMEMBERED_CODINGS_BYTES:
        return _pick_coding(accept_encoding)
    return _remembered_coding(accept_encoding)


@lru_cache(maxsize=512)
def _remembered_coding(accept_encoding: str) -> str:
    return _pick_coding(accept_encoding)


def _pick_coding(accept_encoding: str) -> str:
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(",", _LIST_ITEMS_MAX)[:_LIST_ITEMS_MAX]:
        coding, _, params = part.strip().partition(";")
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        weights[coding.strip()] = weight
    star = weights.get("*", 0.0)
    br, gzip = weights.get("br", star), weights.get("gzip", weights.get("x-gzip", star))
    # The plain bytes only when the client names them and rates them above the codings (RFC 9110 12.5.3): not
    # named, they are acceptable but come last.
    if weights.get("identity", 0.0) > max(br, gzip):
        return "identity"
    if br > 0 and br >= gzip:
        return "br"
    return "gzip" if gzip > 0 else "identity"
