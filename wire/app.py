"""The application factory: routes in one list, resources opened and closed in one cleanup context."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import HttpVersion11, web
from aiohttp.typedefs import Handler

from wire.clients import ClientAddresses
from wire.config import Config
from wire.errors import ExpectationFailed, MethodNotAllowed, NotFound
from wire.http_feeds import FEED_ROUTE, get_feed
from wire.http_items import get_item, get_versions, list_items, post_items, withdraw_item
from wire.http_openapi import CONTRACT, Contract, get_openapi
from wire.http_ops import healthz, metrics, readyz
from wire.http_pages import post_page
from wire.http_partners import get_me
from wire.http_site import get_directory, get_editor, get_item_page, get_opml, get_problem, get_static
from wire.http_websub import post_websub
from wire.observe import Observer, access_log, observed
from wire.service import SERVICE, Service
from wire.store import Clock, utc_now
from wire.stores import open_store

ROUTES = [
    web.post("/v1/items", post_items, name="items"),
    web.get("/v1/items", list_items, name="item_list"),
    web.get("/v1/items/{ref}", get_item, name="item"),
    web.get("/v1/items/{id}/versions", get_versions, name="versions"),
    web.post("/v1/items/{id}/withdraw", withdraw_item, name="withdraw"),
    web.post("/v1/pages", post_page, name="pages"),
    web.post("/websub", post_websub, name="websub"),
    web.get("/feeds/{section}.{ext}", get_feed, name=FEED_ROUTE),
    web.get("/v1/partners/me", get_me, name="partner"),
    web.get("/healthz", healthz, name="healthz"),
    web.get("/readyz", readyz, name="readyz"),
    web.get("/metrics", metrics, name="metrics"),
    web.get("/", get_directory, name="directory"),
    web.get("/opml", get_opml, name="opml"),
    web.get("/items/{id}", get_item_page, name="item_page"),
    web.get("/problems/{slug}", get_problem, name="problem"),
    web.get("/editor", get_editor, name="editor"),
    web.get("/static/{name}", get_static, name="static"),
    web.get("/openapi.json", get_openapi, name="openapi"),
]


async def unmatched(request: web.Request) -> web.Response:
    """Every path no route takes: 405 naming the methods allowed if the path exists, else 404."""
    allowed: set[str] = set()
    for resource in request.app.router.resources():
        if resource.name != "unmatched":
            _, methods = await resource.resolve(request)
            allowed |= methods
    if allowed:
        error = MethodNotAllowed(f"{request.method} is not allowed here; use {', '.join(sorted(allowed))}")
        error.headers["Allow"] = ", ".join(sorted(allowed))
        raise error
    raise NotFound("no such resource")


# The routes whose body only an editor may send.
_EDITORS_ROUTES = frozenset(["items", "withdraw", "pages"])


# An expectation the server does not meet, noted by `continue_if_welcome` for `refuse_unmet` to answer.
_UNMET = web.RequestKey("unmet_expectation", str)


async def continue_if_welcome(request: web.Request) -> None:
    """`Expect: 100-continue` (RFC 9110 10.1.1): the client is asked for its body only where it would be read. On an
    editor's route without a valid token no invitation goes out: the 401 comes as soon as the head is read, and
    the client need not send what would be thrown away. An expectation of anything else is a 417 where a body
    would be read, answered by the route (`refuse_unmet`) so that it is a problem document, logged and counted as
    any refusal."""
    expect = request.headers.get("Expect", "")
    if expect.lower() != "100-continue":
        request[_UNMET] = expect
        return
    if request.version != HttpVersion11:
        return
    if request.match_info.route.name in _EDITORS_ROUTES and not request.app[SERVICE].is_editor(request):
        return
    await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    request.writer.output_size = 0  # the answer proper starts after it


def refuse_unmet(handler: Handler) -> Handler:
    """`handler`, first answering 417 to a request whose expectation `continue_if_welcome` did not meet."""

    async def handle(request: web.Request) -> web.StreamResponse:
        unmet = request.get(_UNMET)
        if unmet is not None:
            raise ExpectationFailed(f"the server meets no expectation but 100-continue, not {unmet[:40]!r}")
        return await handler(request)

    return handle


# Last: the paths and methods no route above takes.
UNMATCHED = web.route("*", "/{path:.*}", unmatched, name="unmatched")


def create_app(config: Config, *, clock: Clock = utc_now, worker: int | None = None) -> web.Application:
    """The aiohttp application for `config`. Does no I/O: the store and the access log open when it starts.
    `worker`: its number among the worker processes sharing the port (its metrics carry it as a label)."""
    observer = Observer(worker)
    clients = ClientAddresses.of(config.server.trusted_proxies, config.server.client_address_header)
    app = web.Application(client_max_size=config.server.max_body_bytes)
    limit = config.server.max_requests_per_client
    for route in [*ROUTES, UNMATCHED]:
        # Only a route that reads a body refuses an expectation it does not meet; elsewhere it is ignored, as
        # RFC 9110 allows, and the request answered.
        inner = refuse_unmet(route.handler) if route.method == "POST" else route.handler
        handler = observed(inner, route.kwargs["name"], observer, clients, max_per_client=limit)
        app.router.add_route(
            route.method, route.path, handler, name=route.kwargs["name"], expect_handler=continue_if_welcome
        )
        if route.method == "GET":  # HEAD answers what GET would, without the body
            app.router.add_route("HEAD", route.path, handler, expect_handler=continue_if_welcome)
    app[CONTRACT] = Contract(config)

    async def service_context(app: web.Application) -> AsyncIterator[None]:
        async with access_log(observer, config.access_log):
            store = await open_store(config, clock)
            service = Service.build(config, store, clock, observer, clients)
            app[SERVICE] = service
            await service.hub.start()
            yield
            await service.hub.stop()
            await service.bulk_writers.close()
            await store.close()

    app.cleanup_ctx.append(service_context)
    return app
