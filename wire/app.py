"""The application factory: routes in one list, resources opened and closed in one cleanup context."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web

from wire.config import Config
from wire.errors import ConfigError
from wire.http_errors import problems
from wire.http_feeds import get_feed
from wire.http_items import get_item, get_versions, post_items, withdraw_item
from wire.http_pages import post_page
from wire.http_partners import get_me
from wire.service import SERVICE, Service
from wire.store import Clock, Store, utc_now
from wire.store_postgres import open_postgres_store
from wire.store_sqlite import open_sqlite_store

ROUTES = [
    web.post("/v1/items", post_items, name="items"),
    web.get("/v1/items/{ref}", get_item, name="item"),
    web.get("/v1/items/{id}/versions", get_versions, name="versions"),
    web.post("/v1/items/{id}/withdraw", withdraw_item, name="withdraw"),
    web.post("/v1/pages", post_page, name="pages"),
    web.get("/feeds/{section}.{ext}", get_feed, name="feed"),
    web.get("/v1/partners/me", get_me, name="partner"),
]


def create_app(config: Config, *, clock: Clock = utc_now) -> web.Application:
    """The aiohttp application for `config`. Does no I/O: the store opens when the app starts."""
    app = web.Application(middlewares=[problems], client_max_size=config.server.max_body_bytes)
    app.add_routes(ROUTES)

    async def service_context(app: web.Application) -> AsyncIterator[None]:
        store = await open_store(config, clock)
        app[SERVICE] = Service.build(config, store, clock)
        yield
        await store.close()

    app.cleanup_ctx.append(service_context)
    return app


async def open_store(config: Config, clock: Clock) -> Store:
    """Open the store the configuration names, creating and migrating it as needed."""
    url = config.database_url
    if url.startswith("sqlite:///"):
        return await open_sqlite_store(Path(url.removeprefix("sqlite:///")), clock=clock)
    if url.startswith(("postgresql://", "postgres://")):
        return await open_postgres_store(url, clock=clock, pool_size=config.storage.pool_size)
    raise ConfigError(f"{config.path}: [storage] url: unsupported store {url.split(':', 1)[0]!r}")
