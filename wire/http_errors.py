"""One middleware turns every error into an RFC 9457 problem document (application/problem+json)."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

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


def problem_response(error: NewswireError, request: web.Request) -> web.Response:
    """The problem+json response for `error`. `instance` is the path only: a query may hold a key."""
    doc: dict[str, Any] = {
        "type": f"/problems/{error.slug}",
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        "instance": request.path,
        **error.extensions(),
    }
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


@web.middleware
async def problems(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except NewswireError as error:
        return problem_response(error, request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return problem_response(_from_http(exc), request)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem_response(NewswireError("The server failed to handle the request."), request)


def _from_http(exc: web.HTTPException) -> NewswireError:
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
