"""Serving rendered documents: conditional GET (RFC 9110), content coding and caching headers.

Everything about a document's headers that does not depend on the request was computed when it was rendered
(`Rendered.headers`); a poll only picks the coding, checks the validators and picks the Cache-Control line.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from functools import lru_cache

from aiohttp import web

from wire.publisher import Rendered


def respond(request: web.Request, document: Rendered, *, max_age: int, shared: bool) -> web.Response:
    """A 200 with the document in the coding the client prefers, or a 304 when the client's copy is current.

    `shared`: the document is the public one, which shared caches may keep; a partner's is private. Either way
    the response varies with Authorization, which selects the view.
    """
    coding = pick_coding(request.headers.get("Accept-Encoding", ""))
    modified = not not_modified(request, document)
    headers = document.header_set(coding, max_age, shared, modified)
    if modified:
        return web.Response(body=document.body_in(coding), headers=headers)
    return web.Response(status=304, headers=headers)


def not_modified(request: web.Request, document: Rendered) -> bool:
    """RFC 9110 13.2.2: If-None-Match (weak comparison) decides; If-Modified-Since only in its absence."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        return any(document.matches(_opaque(tag)) for tag in if_none_match.split(","))
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        return False
    return document.last_modified <= since


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


@lru_cache(maxsize=512)
def pick_coding(accept_encoding: str) -> str:
    """`br`, `gzip` or `identity`: brotli when the client rates it at least as high as gzip (it is smaller),
    gzip when acceptable, else the plain bytes. Clients send few distinct headers, so answers are cached."""
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
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
    if br > 0 and br >= gzip:
        return "br"
    return "gzip" if gzip > 0 else "identity"
