"""The API contract: `/openapi.json` documents every route and nothing else, is valid OpenAPI 3.1, and the live
server keeps to it (Schemathesis: no 500, and every status, media type, header and body as documented)."""

from __future__ import annotations

import asyncio
import json
import socket
import tempfile
import threading
import zlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import orjson
import pytest
import requests
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from tests.conftest import EDITOR, Wire, make_config
from wire.app import ROUTES, create_app
from wire.auth import digest
from wire.config import Config
from wire.connections import Runner
from wire.ingest import FIELDS
from wire.openapi import build_document, item_example
from wire.ratelimit import MIN_BURST

PARTNER_KEY = "openapi-partner-key"
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


# Schemathesis against a live server


class LiveServer:
    """The application on a loopback port, in a thread with its own event loop, so that Schemathesis (which
    speaks through `requests`, synchronously) talks to it as any client would. `nowhere` is a loopback
    address where nothing listens: WebSub callbacks are pointed there, so that the hub contacts no one."""

    def __init__(self, directory: Path, **tables: dict[str, Any]) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._nowhere = socket.socket()
        self._nowhere.bind(("127.0.0.1", 0))  # bound and never listening: connections to it are refused
        self.url = "http://{}:{}".format(*self._socket.getsockname())
        self.nowhere = "{}:{}".format(*self._nowhere.getsockname())
        self.config = contract_config(directory, **tables)
        self._loop = asyncio.new_event_loop()
        self._runner = Runner(create_app(self.config))
        self._thread = threading.Thread(target=self._loop.run_forever, name="live-server", daemon=True)

    def start(self) -> None:
        self._loop.run_until_complete(self._runner.setup())
        self._loop.run_until_complete(web.SockSite(self._runner, self._socket).start())
        self._thread.start()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
        self._socket.close()
        self._nowhere.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("contract"))
    server.start()
    try:
        response = requests.post(f"{server.url}/v1/items", json=item_example(server.config), headers=EDITOR, timeout=10)
        assert response.status_code == 201, response.text  # the document's examples name a stored item
        yield server
    finally:
        server.stop()


# The document the live server serves (its configuration but for the database, which the document never names:
# a folder that exists stands in for the test's own).
DOCUMENT = build_document(contract_config(Path(tempfile.gettempdir())))
schema = schemathesis.openapi.from_dict(DOCUMENT)


def test_the_live_server_serves_the_document_schemathesis_reads(live_server: LiveServer) -> None:
    assert requests.get(f"{live_server.url}/openapi.json", timeout=10).json() == DOCUMENT


def ndjson(context: schemathesis.SerializationContext, value: Any) -> bytes:
    """The document gives an NDJSON body as an array of its lines: each element is sent as one line of JSON."""
    if isinstance(value, bytes):
        return value
    lines = value if isinstance(value, list) else [value]
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


schemathesis.serializer("application/x-ndjson")(ndjson)


_CREDENTIALS = {"": {}, "editorToken": EDITOR, "partnerKey": PARTNER}


def credentials(case: Case[Any]) -> dict[str, str]:
    """Who asks: one of those the operation admits (the public, a partner, an editor), picked by the case itself
    so that a run repeats exactly."""
    requirements = case.operation.definition.raw.get("security") or [{}]
    admitted = [_CREDENTIALS[name] for name in (next(iter(r), "") for r in requirements) if name in _CREDENTIALS]
    fingerprint = f"{case.formatted_path} {sorted((case.query or {}).items())!r}".encode()
    return admitted[zlib.crc32(fingerprint) % len(admitted)]


def offline(case: Case[Any], nowhere: str) -> None:
    """Point a WebSub callback the hub would contact at `nowhere`, keeping its path: the run stays offline."""
    body = case.body
    if not isinstance(body, dict):
        return
    callback = body.get("hub.callback")
    if isinstance(callback, str) and contactable(callback):
        parts = urlsplit(callback)
        body["hub.callback"] = urlunsplit(("http", nowhere, parts.path, parts.query, ""))


def contactable(url: str) -> bool:
    """Whether the hub would try to reach `url`: an http(s) URL with a host, on a port it can connect to."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        return False


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,  # an operation that needs a token or key refuses a request without one, or with a wrong one
    unsupported_method,  # a method the document does not give a path is answered 405, with Allow
]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=timedelta(seconds=5),
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_live_server_keeps_to_the_document(case: Case[Any], live_server: LiveServer) -> None:
    offline(case, live_server.nowhere)
    case.call_and_validate(base_url=live_server.url, headers=credentials(case), checks=CHECKS, timeout=10)


# Answers the fuzzer seldom provokes, provoked on purpose and checked against the document all the same.
RESPONSE_CHECKS = CHECKS[:5]


def test_a_conditional_poll_gets_the_documented_304(live_server: LiveServer) -> None:
    operation, feed = schema["/feeds/{section}.{ext}"]["GET"], {"section": "world", "ext": "atom"}
    [etag] = operation.Case(path_parameters=feed).call(base_url=live_server.url, timeout=10).headers["etag"]
    case = operation.Case(path_parameters=feed, headers={"If-None-Match": etag})
    response = case.call(base_url=live_server.url, timeout=10)
    assert response.status_code == 304
    case.validate_response(response, checks=RESPONSE_CHECKS)


def test_a_body_over_the_limit_gets_the_documented_413(live_server: LiveServer) -> None:
    too_long = {**item_example(live_server.config), "body": "x" * live_server.config.server.max_body_bytes}
    case = schema["/v1/items"]["POST"].Case(body=too_long, media_type="application/json")
    response = case.call(base_url=live_server.url, headers=EDITOR, timeout=10)
    assert response.status_code == 413
    case.validate_response(response, checks=RESPONSE_CHECKS)


def test_a_body_in_a_coding_not_taken_gets_the_documented_415(live_server: LiveServer) -> None:
    case = schema["/v1/items"]["POST"].Case(body=item_example(live_server.config), media_type="application/json")
    response = case.call(base_url=live_server.url, headers={**EDITOR, "Content-Encoding": "compress"}, timeout=10)
    assert response.status_code == 415
    assert response.headers["accept-encoding"] == ["gzip, deflate, br"]
    case.validate_response(response, checks=RESPONSE_CHECKS)
    documented = DOCUMENT["components"]["responses"]["UnsupportedMediaType"]["headers"]
    assert "Accept-Encoding" in documented


def test_a_bulk_line_over_the_limit_gets_the_documented_result(live_server: LiveServer) -> None:
    too_long = {**item_example(live_server.config), "body": "x" * live_server.config.server.max_body_bytes}
    case = schema["/v1/items"]["POST"].Case(body=[too_long], media_type="application/x-ndjson")
    response = case.call(base_url=live_server.url, headers=EDITOR, timeout=10)
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == 413
    case.validate_response(response, checks=RESPONSE_CHECKS)


def test_a_reader_over_the_rate_limit_gets_the_documented_429(tmp_path: Path) -> None:
    server = LiveServer(tmp_path, public={"requests_per_minute": 1})
    server.start()
    try:
        case = schema["/opml"]["GET"].Case()
        responses = [case.call(base_url=server.url, timeout=10) for _ in range(MIN_BURST + 1)]
    finally:
        server.stop()
    assert [r.status_code for r in responses] == [200] * MIN_BURST + [429]
    case.validate_response(responses[-1], checks=RESPONSE_CHECKS)


@pytest.mark.parametrize(
    ("headers", "target", "refusal"),
    [
        ({"X-Big": "a" * 20_000}, "/healthz", "HeaderFieldsTooLarge"),
        ({}, "/healthz?q=" + "a" * 20_000, "UriTooLong"),
    ],
)
def test_a_refused_head_gets_the_documented_problem(
    live_server: LiveServer, headers: dict[str, str], target: str, refusal: str
) -> None:
    response = requests.get(live_server.url + target, headers=headers, timeout=10)
    documented = DOCUMENT["components"]["responses"][refusal]
    assert set(documented["headers"]) <= set(response.headers)
    pointer = f"#/components/responses/{refusal}/content/application~1problem+json/schema"
    Draft202012Validator({**DOCUMENT, "$ref": pointer}).validate(response.json())
    assert response.json()["status"] == response.status_code


@pytest.mark.parametrize("after", [b"", b"garbage"])
def test_a_bulk_whose_body_failed_gets_the_documented_problem_with_its_report(
    live_server: LiveServer, after: bytes
) -> None:
    lines = b"".join(
        json.dumps({"id": f"doc-{n}", "section": "world", "headline": "A"}).encode() + b"\n" for n in (1, 2)
    )
    packed = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = packed.compress(lines) + packed.flush()
    response = requests.post(
        live_server.url + "/v1/items",
        data=body[:-8] if not after else body + after,  # cut short, or with bytes after its end
        headers={**EDITOR, "Content-Type": "application/x-ndjson", "Content-Encoding": "gzip"},
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["lines"] == 2
    pointer = "#/paths/~1v1~1items/post/responses/400/content/application~1problem+json/schema"
    Draft202012Validator({**DOCUMENT, "$ref": pointer}).validate(response.json())
