"""The hub's endpoint: `POST /websub` with a subscription or unsubscription request (WebSub 5.1)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from aiohttp import web

from wire.auth import bearer_token
from wire.errors import BadRequest, InvalidInput, UnsupportedMediaType
from wire.http_bodies import read_body
from wire.service import SERVICE

FORM_TYPE = "application/x-www-form-urlencoded"


async def post_websub(request: web.Request) -> web.Response:
    """202 when the request is well-formed: the hub then verifies the subscriber's intent with its callback.
    A partner's topic needs its key, as `Authorization: Bearer <key>` or `?key=` in the topic URL."""
    service = request.app[SERVICE]
    if request.content_type != FORM_TYPE:
        raise UnsupportedMediaType(f"send the request as {FORM_TYPE}")
    await read_body(request)  # within the body's time limit; the form is read from it
    try:
        posted = await request.post()
    except LookupError:  # an unknown charset
        raise UnsupportedMediaType(f"send the request as {FORM_TYPE} in UTF-8, not {request.charset}") from None
    except UnicodeDecodeError:
        raise BadRequest(f"the body is not {request.charset or 'UTF-8'}") from None
    InvalidInput.check_single(name for name, _ in posted.items())
    form = {key: value for key, value in posted.items() if isinstance(value, str)}
    key = bearer_token(request.headers) or _topic_key(form.get("hub.topic", ""))
    audience = service.holder(key) if key else service.public
    await service.admit(audience, request)  # each request counts against its audience's rate, as a poll does
    hub_request = service.hub.parse(form, audience)
    # A subscription lives in the store: with the store away, the hub cannot keep what it would verify.
    await service.check_store()
    service.hub.accept(hub_request)
    return web.Response(status=202, text="Accepted: the hub will verify the callback.\n")


def _topic_key(topic: str) -> str | None:
    """The partner's key in the topic's query (`?key=`), if there is one."""
    try:
        query = urlsplit(topic).query
    except ValueError:
        return None  # not a URL: the hub refuses the topic, naming it
    return dict(parse_qsl(query)).get("key")
