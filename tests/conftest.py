"""Shared fixtures: a real server on loopback over a real SQLite file (or a real PostgreSQL), configured per test."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.web_runner import BaseRunner
from multidict import CIMultiDictProxy

from tests import postgres
from wire.app import create_app
from wire.auth import digest
from wire.config import Config, config_from_mapping
from wire.connections import Runner

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED_CONFIG = REPO / "config.toml"

# The `server` fixture (a `newswire serve` process) lives beside the Server it starts.
pytest_plugins = ["tests.servers"]

EDITOR_TOKEN = "editor-token-for-tests"
EDITOR = {"Authorization": f"Bearer {EDITOR_TOKEN}"}
PUBLIC_URL = "https://news.example.org"

# CI provides every component the tests use (PostgreSQL, Chromium, ...): there a missing one is a failure.
REQUIRE_COMPONENTS = os.environ.get("NEWSWIRE_REQUIRE_COMPONENTS") == "1"


def need(available: bool, reason: str) -> None:
    """Skip the test when a component is missing, or fail when CI says every component must be there."""
    if available:
        return
    if REQUIRE_COMPONENTS:
        pytest.fail(f"required component missing: {reason}")
    pytest.skip(reason)


class Clock:
    """A clock the test moves by hand: `now` is whole seconds, like the server's own."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def base_settings(tmp_path: Path) -> dict[str, Any]:
    """The shipped config.toml with a test database, public URL and editor token."""
    raw = tomllib.loads(SHIPPED_CONFIG.read_text(encoding="utf-8"))
    raw["storage"] = {"url": f"sqlite:///{tmp_path / 'newswire.db'}"}
    raw["server"] = {**raw.get("server", {}), "public_url": PUBLIC_URL, "max_body_bytes": 65536, "access_log": "off"}
    raw["editors"] = {"desk": {"token_sha256": digest(EDITOR_TOKEN)}}
    return raw


def make_config(tmp_path: Path, **tables: dict[str, Any]) -> Config:
    """A Config from the base settings with `tables` merged in (one level deep)."""
    raw = base_settings(tmp_path)
    for name, table in tables.items():
        raw[name] = {**raw.get(name, {}), **table}
    return config_from_mapping(raw, tmp_path / "config.toml")


# The stores every store-level test runs on.
STORES = ("sqlite", "postgresql")


def running_cluster() -> Iterator[postgres.Cluster]:
    """A PostgreSQL server started for as long as the fixture that yields from this lasts."""
    reason = postgres.missing()
    need(reason is None, reason or "")
    cluster = postgres.Cluster(fsync=False)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[postgres.Cluster]:
    """A PostgreSQL server for the whole session (started on first use); each test takes a database of its own."""
    yield from running_cluster()


@pytest.fixture
def own_cluster() -> Iterator[postgres.Cluster]:
    """A PostgreSQL server of the test's own, which it may stop and start without disturbing the others."""
    yield from running_cluster()


async def database_url(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh, empty store of `kind` (see STORES) for one test."""
    if kind == "postgresql":
        cluster: postgres.Cluster = request.getfixturevalue("postgres_cluster")
        return await cluster.new_database()
    return f"sqlite:///{tmp_path / 'newswire.db'}"


@pytest.fixture(params=STORES)
async def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store of each kind in turn: the test runs once on SQLite and once on PostgreSQL."""
    return await database_url(request.param, request, tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC))


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


AppFactory = Callable[..., Awaitable[TestClient[web.Request, web.Application]]]


class WireServer(TestServer):
    """aiohttp's test server, running the application through the runner `newswire serve` uses."""

    async def _make_runner(self, **kwargs: Any) -> BaseRunner:
        return Runner(self.app, **kwargs)


@dataclass
class Wire:
    """A running server and the means to talk to it as an editor, a partner or the public."""

    client: TestClient[web.Request, web.Application]
    clock: Clock

    async def push(self, doc: object, *, status: int | None = 201, token: str = EDITOR_TOKEN) -> Any:
        response = await self.client.post("/v1/items", json=doc, headers={"Authorization": f"Bearer {token}"})
        body = await response.json(content_type=None)
        if status is not None:
            assert response.status == status, body
        return body

    async def get(self, path: str, **headers: str) -> tuple[int, bytes, CIMultiDictProxy[str]]:
        response = await self.client.get(path, headers=headers)
        return response.status, await response.read(), response.headers


@pytest.fixture
def make_wire(aiohttp_client: AppFactory, clock: Clock) -> Callable[[Config], Awaitable[Wire]]:
    async def start(config: Config) -> Wire:
        client = await aiohttp_client(WireServer(create_app(config, clock=clock)))
        return Wire(client, clock)

    return start


@pytest.fixture
async def wire(make_wire: Callable[[Config], Awaitable[Wire]], config: Config) -> Wire:
    return await make_wire(config)


def story(item_id: str = "story-1", **fields: Any) -> dict[str, Any]:
    """An item document as an editor would push it."""
    doc: dict[str, Any] = {
        "id": item_id,
        "section": "world",
        "headline": f"Headline of {item_id}",
        "summary": f"Summary of {item_id}.",
        "body": f"<p>Body of {item_id}.</p>",
        "published": "2026-03-01T10:00:00Z",
    }
    doc.update(fields)
    return {k: v for k, v in doc.items() if v is not None}


@pytest.fixture(autouse=True)
def _no_proxy() -> Iterator[None]:
    # The tests talk to loopback only; a proxy from the environment must not intercept them.
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.lower().endswith("_proxy")}
    yield
    os.environ.update(saved)
