"""Feed endpoints: a section in any format, as the caller's audience may see it."""

from __future__ import annotations

from aiohttp import web

from feeds.formats import EXTENSIONS, FORMATS, find_format
from wire.errors import Forbidden, NotFound
from wire.http_cache import respond
from wire.service import SERVICE


async def get_feed(request: web.Request) -> web.Response:
    """GET /feeds/{section}.{ext}: the newest items of a section; conditional GET and gzip supported."""
    service = request.app[SERVICE]
    section, extension = request.match_info["section"], request.match_info["ext"]
    fmt = find_format(extension, request.query.get("version"))
    if fmt is None:
        raise NotFound(_no_format(extension, request.query.get("version")))
    if section not in service.config.sections:
        raise NotFound(f"no section {section!r}")
    audience = service.audience(request)
    if not audience.may_read(section):
        raise Forbidden(f"section {section!r} is not open to {'you' if audience.partner else 'the public'}")
    document = await service.publisher.feed(section, fmt, audience.rules)
    return respond(
        request,
        document,
        max_age=service.config.feeds.max_age_seconds,
        shared=audience.partner is None,
    )


def _no_format(extension: str, version: str | None) -> str:
    if extension in EXTENSIONS and version:
        versions = [f.variant for f in FORMATS.values() if f.extension == extension and f.variant]
        return f"no version {version!r} of {extension}; versions: default, {', '.join(versions) or 'none'}"
    return f"no format {extension!r}; formats: {', '.join(EXTENSIONS)}"
