"""Serving rendered documents: conditional GET (RFC 9110), content coding and caching headers."""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime

from aiohttp import web

from wire.publisher import Rendered


def respond(request: web.Request, document: Rendered, *, max_age: int, shared: bool, extension: str) -> web.Response:
    """A 200 with the document (gzip when the client takes it) or a 304 when the client's copy is current.

    `shared`: the document is the public one, which shared caches may keep; a partner's is private. Either way
    the response varies with Authorization, which selects the view.
    """
    gzip = accepts_gzip(request.headers.get("Accept-Encoding", ""))
    etag = gzip_etag(document.etag) if gzip else document.etag
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(document.last_modified, usegmt=True),
        "Cache-Control": f"{'public' if shared else 'private'}, max-age={max_age}",
        "Vary": "Accept-Encoding, Authorization",
        "Link": ", ".join(f'<{link.resolve(extension)}>; rel="{link.rel}"' for link in document.links),
    }
    if not_modified(request, document):
        return web.Response(status=304, headers=headers)
    headers["Content-Type"] = document.content_type
    if gzip:
        headers["Content-Encoding"] = "gzip"
    body = document.gzipped if gzip else document.body
    return web.Response(body=body, headers=headers)


def gzip_etag(etag: str) -> str:
    # A strong validator names one representation: the gzip form gets its own.
    return f'{etag[:-1]}-gz"'


def not_modified(request: web.Request, document: Rendered) -> bool:
    """RFC 9110 13.2.2: If-None-Match (weak comparison) decides; If-Modified-Since only in its absence."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        ours = {document.etag, gzip_etag(document.etag)}
        return any(_opaque(tag) in ours for tag in if_none_match.split(","))
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


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether `gzip` is acceptable (q > 0) per the Accept-Encoding header."""
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "x-gzip", "*"):
            q = params.strip()
            if q.startswith("q="):
                try:
                    return float(q[2:]) > 0
                except ValueError:
                    return False
            return True
    return False
