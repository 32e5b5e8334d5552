"""The hub's endpoint: `POST /websub` with a subscription or unsubscription request (WebSub 5.1)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

from aiohttp import web

from wire.auth import bearer_token
from wire.errors import BadRequest, InvalidInput, PayloadTooLarge, Unauthorized, UnsupportedMediaType
from wire.http_bodies import read_body
from wire.service import SERVICE

FORM_TYPE = "application/x-www-form-urlencoded"
# The most fields a form may have (aiohttp's limit).
_FIELDS = 1000


async def post_websub(request: web.Request) -> web.Response:
    """202 when the request is well-formed: the hub then verifies the subscriber's intent with its callback.
    A partner's topic needs its key, as `Authorization: Bearer <key>` or `?key=` in the topic URL."""
    service = request.app[SERVICE]
    _refuse_query(request.query)
    if request.content_type != FORM_TYPE:
        raise UnsupportedMediaType(f"send the request as {FORM_TYPE}")
    posted = _form(await read_body(request), request.charset)
    InvalidInput.check_single(name for name, _ in posted)
    form = dict(posted)
    key = bearer_token(request.headers) or _topic_key(form.get("hub.topic", ""))
    audience = service.holder(key) if key else service.public
    await service.admit(audience, request)  # each request counts against its audience's rate, as a poll does
    hub_request = service.hub.parse(form, audience)
    # A subscription lives in the store: with the store away, the hub cannot keep what it would verify.
    await service.check_store()
    service.hub.accept(hub_request)
    return web.Response(status=202, text="Accepted: the hub will verify the callback.\n")


def _refuse_query(query: Mapping[str, str]) -> None:
    """The hub's fields come in the body (WebSub 5.1): one put in the query would go unread, and a partner's key
    there would leave the request the public's."""
    InvalidInput.refuse_unread(query, _unread_reason)


def _unread_reason(name: str) -> str:
    if name == "key":
        return "a partner's key goes in hub.topic (?key=) or in Authorization: Bearer, not in the hub's URL"
    return "unknown query field (the hub takes its fields in the body, as a form)"


def _form(body: bytes, charset: str | None) -> list[tuple[str, str]]:
    """The fields of a form, in order (as aiohttp reads one, which cannot read a body it did not decode)."""
    charset = charset or "utf-8"
    try:
        return parse_qsl(
            body.rstrip().decode(charset), keep_blank_values=True, encoding=charset, max_num_fields=_FIELDS
        )
    except LookupError:  # an unknown charset
        raise UnsupportedMediaType(f"send the request as {FORM_TYPE} in UTF-8, not {charset}") from None
    except UnicodeDecodeError:
        raise BadRequest(f"the body is not {charset}") from None
    except ValueError:
        raise PayloadTooLarge(f"the form has more than {_FIELDS} fields") from None


def _topic_key(topic: str) -> str | None:
    """The partner's key in the topic's query (`?key=`), if there is one. An empty one is Unauthorized, as on a
    feed: a key sent wrongly is never read as no key, which would subscribe the public instead."""
    try:
        query = urlsplit(topic).query
    except ValueError:
        return None  # not a URL: the hub refuses the topic, naming it
    keys = [value for name, value in parse_qsl(query, keep_blank_values=True) if name == "key"]
    if len(keys) > 1:  # as a feed refuses it: which one would count is anyone's guess
        raise InvalidInput.one("hub.topic", "gives key more than once: send one ?key=<key> in it")
    key = keys[0] if keys else None
    if key == "":
        raise Unauthorized("the key parameter of hub.topic is empty: send ?key=<key> in it", error="invalid_request")
    return key
