"""Problem documents (RFC 9457, application/problem+json): what every error becomes, in one place."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from aiohttp import web

from wire.errors import (
    BadRequest,
    MethodNotAllowed,
    NewswireError,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger("wire.http")

# aiohttp's own refusals (unknown route, wrong method, body too large), as domain errors.
_HTTP_ERRORS: dict[int, type[NewswireError]] = {
    400: BadRequest,
    404: NotFound,
    405: MethodNotAllowed,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
}


def problem_response(error: NewswireError, request_id: str, instance: str | None) -> web.Response:
    """The problem+json response for `error`. `instance` is the request's path only (a query may hold a key), or
    None for a request whose head could not be read: the document then has no `instance`."""
    doc: dict[str, Any] = {
        "type": f"/problems/{error.slug}",
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
    }
    if instance is not None:
        doc["instance"] = instance
    doc["request_id"] = request_id
    doc.update(error.extensions())
    doc.update(error.members)
    body = orjson.dumps(doc)
    return web.Response(
        status=error.status,
        body=body,
        headers={
            **error.headers,
            "Content-Type": f"{PROBLEM_TYPE}; charset=utf-8",
            "Cache-Control": "no-store",
        },
    )


def problem_for(exc: web.HTTPException) -> NewswireError:
    """The domain error for one of aiohttp's own refusals (unknown route, wrong method, body too large)."""
    kind = _HTTP_ERRORS.get(exc.status)
    if isinstance(exc, web.HTTPRequestEntityTooLarge):
        return PayloadTooLarge(f"the request body is too large ({exc.text})")
    if isinstance(exc, web.HTTPMethodNotAllowed):
        allowed = ", ".join(sorted(exc.allowed_methods))
        error: NewswireError = MethodNotAllowed(f"{exc.method} is not allowed here; use {allowed}")
        error.headers["Allow"] = allowed
        return error
    if kind is NotFound:
        return NotFound("no such resource")
    if kind is None:
        error = NewswireError(exc.reason)
        error.status = exc.status
        return error
    return kind(exc.text or exc.reason)
