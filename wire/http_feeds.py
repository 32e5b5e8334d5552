"""Feed endpoints: a section in any format, as the caller's audience may see it.

`GET /feeds/{section}.{ext}` is the current document; `?archive=YYYY-MM-DD` one UTC day (RFC 5005 archive);
`?cursor=...` or `?since=<time>` the change log for incremental sync. `?version=` picks a format version
(ninjs 2.2) and `?key=` carries a partner's key for readers that cannot send headers.
"""

from __future__ import annotations

import sys
from datetime import date, datetime

from aiohttp import web
from multidict import CIMultiDictProxy

from feeds.formats import DEFAULT_VERSIONS, EXTENSIONS, FORMATS, find_format
from wire.answers import Answer
from wire.errors import Forbidden, InvalidInput, NotFound
from wire.http_cache import answer_for, respond
from wire.ingest import UPDATED_AHEAD_MAX
from wire.publisher import decode_cursor, since_cursor
from wire.service import SERVICE, Service
from wire.store import Cursor
from wire.timestamps import TimestampError, format_rfc3339, parse_timestamp

_POSITIONS = ("archive", "cursor", "since")
_FEEDS = "/feeds/"
FEED_ROUTE = "feed"  # the route's name, in the access log and the metrics


async def get_feed(request: web.Request) -> web.StreamResponse:
    """GET /feeds/{section}.{ext}: conditional GET, gzip and Link headers included."""
    service = request.app[SERVICE]
    section, extension = request.match_info["section"], request.match_info["ext"]
    query = request.query if request.query_string else None  # most polls carry no query: skip parsing one
    version = query.get("version") if query else None
    fmt = find_format(extension, version)
    if fmt is None:
        raise NotFound(_no_format(extension, version))
    if section not in service.config.sections:
        raise NotFound(f"no section {section!r}")
    section = sys.intern(section)  # one string per configured section keys every cached document, not each request's
    audience = await service.audience(request)
    if not audience.may_read(section):
        raise Forbidden(f"section {section!r} is not open to {'you' if audience.partner else 'the public'}")
    max_age = service.max_ages[section]
    if query is None:
        document = await service.publisher.current(section, fmt, audience.rules)
        return respond(request, document, max_age=max_age, shared=audience.partner is None)
    positions = [name for name in _POSITIONS if name in request.query]
    if len(positions) > 1:
        raise InvalidInput.one(positions[1], f"use one of {', '.join(_POSITIONS)}, not several")
    publisher, rules = service.publisher, audience.rules
    if "page" in request.query and "archive" not in request.query:
        raise InvalidInput.one("page", "is a page of an archive day: give archive=YYYY-MM-DD with it")
    if "archive" in request.query:
        page = _page(request.query.get("page", "1"))
        document = await publisher.archive(section, fmt, rules, _day(request.query["archive"]), page)
    elif "cursor" in request.query:
        document = await publisher.changes(section, fmt, rules, _cursor(request.query["cursor"], service.clock()))
    elif "since" in request.query:
        since = _since(request.query["since"], service.clock())
        document = await publisher.changes(section, fmt, rules, since_cursor(since))
    else:
        document = await publisher.current(section, fmt, rules)
    return respond(request, document, max_age=max_age, shared=audience.partner is None)


def answer_at_once(
    service: Service, path: str, headers: CIMultiDictProxy[str], peer: str | None
) -> tuple[Answer, dict[str, str]] | None:
    """The answer to a GET or HEAD of `path` with `headers` from `peer`, when it is a poll of a section's current
    document that memory answers whole: the document rendered and current, the audience known without checking
    a key, its rate limit kept in this process; with the headers it carries beside the answer's own (where the
    client stands against its rate limit). None otherwise, and for anything that would be refused: the request
    then takes the full path, which gives every refusal. What the answer is does not depend on which path gave
    it."""
    if not path.startswith(_FEEDS) or "?" in path or "%" in path:
        return None
    section, dot, extension = path[len(_FEEDS) :].rpartition(".")
    if not dot or "/" in section or section not in service.config.sections:
        return None
    fmt = find_format(extension, None)
    audience = service.known_audience(headers)
    if fmt is None or audience is None or not audience.may_read(section):
        return None
    document = service.publisher.in_memory(section, fmt, audience.rules)
    if document is None:
        return None
    quota = service.admit_at_once(audience, peer, headers)
    if quota is None:
        return None
    return answer_for(headers, document, max_age=service.max_ages[section], shared=audience.partner is None), quota


def _day(text: str) -> date:
    # YYYY-MM-DD alone (RFC 3339 full-date), as the links name days: fromisoformat also reads "20171219" and
    # "2017-W51-2", URLs of the same document that a cache would keep apart.
    try:
        if len(text) != _DAY_LENGTH or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput.one("archive", f"{text[:40]!r} is not a day written YYYY-MM-DD") from None


_DAY_LENGTH = len("YYYY-MM-DD")


def _page(text: str) -> int:
    # Written as the links write it: "01" would be page 1 under another URL.
    if not (text.isascii() and text.isdigit() and len(text) <= 6 and not text.startswith("0")):
        raise InvalidInput.one("page", f"{text[:40]!r} is not a page number (1, 2, ...)")
    return int(text)


def _cursor(text: str, now: datetime) -> Cursor:
    """A position in the change log this server gave out: never ahead of its clock (one would list nothing, and
    hand itself back as the next, for ever)."""
    cursor = decode_cursor(text)
    if cursor.at > now.timestamp() + UPDATED_AHEAD_MAX.total_seconds():
        raise InvalidInput.one("cursor", "is not a cursor this server gave out")
    return cursor


def _since(text: str, now: datetime) -> datetime:
    """The time a sync starts from: complete (a position in the change log does not move with the clock), and
    not ahead of the server's clock by more than a sender's clock may be (nothing would be listed until then)."""
    try:
        instant = parse_timestamp(text)
    except TimestampError as exc:
        reason = "it needs its date and time" if "needs `now`" in str(exc) else str(exc)
        raise InvalidInput.one(
            "since",
            f"{text[:60]!r} is not a complete time such as 2026-03-01T00:00:00Z, or a date such as 2026-03-01: "
            f"{reason}",
        ) from None
    if instant > now + UPDATED_AHEAD_MAX:  # a fast clock is allowed the same margin as an item's `updated`
        raise InvalidInput.one(
            "since",
            f"{format_rfc3339(instant)} is ahead of the server's clock ({format_rfc3339(now)}): nothing has changed "
            "since then yet",
        )
    return instant


def _no_format(extension: str, version: str | None) -> str:
    if extension in EXTENSIONS and version:
        versions = [f.variant for f in FORMATS.values() if f.extension == extension and f.variant]
        default = DEFAULT_VERSIONS.get(extension)
        named = [f"{default} (the default)" if default else "default", *versions]
        return f"no version {version!r} of {extension}; versions: {', '.join(named)}"
    return f"no format {extension!r}; formats: {', '.join(EXTENSIONS)}"
