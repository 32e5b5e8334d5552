"""What a partner may ask about itself."""

from __future__ import annotations

from aiohttp import web

from feeds.formats import FORMATS
from wire.errors import Unauthorized
from wire.http_items import json_response
from wire.service import SERVICE


async def get_me(request: web.Request) -> web.Response:
    """GET /v1/partners/me: the calling partner's own rules (never its key)."""
    service = request.app[SERVICE]
    audience = await service.audience(request)
    partner = audience.partner
    if partner is None:
        raise Unauthorized("this endpoint needs a partner key: Authorization: Bearer <key> or ?key=<key>")
    return json_response(
        {
            "id": audience.name,
            "name": partner.name,
            "sections": sorted(partner.sections),
            "level": partner.level.value,
            "licences": sorted(partner.licences),
            "delay_minutes": partner.delay_minutes,
            "credit": partner.credit,
            "requests_per_minute": partner.requests_per_minute,
            # Each section's feed in every format (ninjs 2.2 under "ninjs@2.2"), to read with the key.
            "feeds": {
                section: {fmt.key: fmt.url(service.viewer.urls.feed_base(section)) for fmt in FORMATS.values()}
                for section in sorted(partner.sections)
            },
        }
    )
