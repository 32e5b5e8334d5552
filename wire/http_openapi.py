"""`GET /openapi.json`: the API contract of this server, built once from its configuration and kept as bytes."""

from __future__ import annotations

import orjson
from aiohttp import web

from wire.config import Config
from wire.openapi import build_document


class Contract:
    """The OpenAPI document of one configuration: built on first use, then served from memory."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._body: bytes | None = None

    @property
    def body(self) -> bytes:
        if self._body is None:
            self._body = orjson.dumps(build_document(self._config))
        return self._body


CONTRACT = web.AppKey("contract", Contract)


async def get_openapi(request: web.Request) -> web.Response:
    """GET /openapi.json: the OpenAPI 3.1 document of every endpoint."""
    body = request.app[CONTRACT].body
    return web.Response(
        body=body,
        content_type="application/json",
        charset="utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )
