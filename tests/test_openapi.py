"""The API contract: `/openapi.json` documents every route and nothing else, and is valid OpenAPI 3.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from aiohttp import web
from openapi_spec_validator import validate

from tests.conftest import EDITOR_TOKEN, Wire, make_config
from wire.app import ROUTES
from wire.auth import digest
from wire.config import Config
from wire.ingest import FIELDS
from wire.openapi import build_document

PARTNER_KEY = "openapi-partner-key"
EDITOR = {"Authorization": f"Bearer {EDITOR_TOKEN}"}
PARTNER = {"Authorization": f"Bearer {PARTNER_KEY}"}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def contract_config(directory: Path, **tables: dict[str, Any]) -> Config:
    """The shipped configuration with an editor and a partner, no rate limits (the fuzzer is one quick client),
    and WebSub callbacks allowed on loopback, where the tests point them."""
    settings: dict[str, dict[str, Any]] = {
        "public": {"requests_per_minute": 0},
        "websub": {"allowed_networks": ["127.0.0.0/8"], "timeout_seconds": 1, "max_attempts": 1},
        "partners": {
            "daily-planet": {
                "name": "The Daily Planet",
                "key_sha256": digest(PARTNER_KEY),
                "sections": ["world"],
                "level": "full",
                "licences": ["AFP"],
                "delay_minutes": 5,
                "requests_per_minute": 0,
            }
        },
    }
    return make_config(directory, **(settings | tables))


def documented_operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path) for path, item in document["paths"].items() for method in item if method in HTTP_METHODS
    }


def test_every_route_is_documented_and_nothing_else(tmp_path: Path) -> None:
    routes = {(route.method, route.path) for route in ROUTES if isinstance(route, web.RouteDef)}
    assert len(routes) == len(ROUTES)
    assert documented_operations(build_document(contract_config(tmp_path))) == routes


def test_the_document_is_valid_openapi_3_1(tmp_path: Path) -> None:
    document = build_document(contract_config(tmp_path))
    assert document["openapi"].startswith("3.1.")
    validate(document)


def test_the_item_input_states_every_field_ingest_reads_and_no_other(tmp_path: Path) -> None:
    item_input = build_document(contract_config(tmp_path))["components"]["schemas"]["ItemInput"]
    assert tuple(item_input["properties"]) == FIELDS
    assert item_input["additionalProperties"] is False


def test_the_document_follows_the_configuration(tmp_path: Path) -> None:
    config = contract_config(tmp_path, server={"public_url": "https://wire.example.com/news"})
    document = build_document(config)
    schemas = document["components"]["schemas"]
    assert document["servers"] == [{"url": "https://wire.example.com/news"}]
    assert schemas["SectionName"]["enum"] == list(config.sections)
    assert schemas["SourceName"]["enum"] == list(config.sources)
    assert schemas["AgencyCode"]["enum"] == list(config.agencies)
    topic = schemas["WebSubRequest"]["example"]["hub.topic"]
    assert topic == "https://wire.example.com/news/feeds/world.atom"


async def test_the_server_serves_the_document_of_its_configuration(wire: Wire, config: Config) -> None:
    status, body, headers = await wire.get("/openapi.json")
    assert status == 200
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert "X-Request-Id" in headers
    assert orjson.loads(body) == build_document(config)
