"""Limits protect the server from one bad client: slow or oversized heads and bodies, too many requests at once,
oversized input. Each refusal is a problem document, and the server goes on answering everyone else."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import brotli
import pytest

from tests.conftest import EDITOR_TOKEN, Wire, make_config, story
from tests.servers import Server
from wire.config import Config

WireFactory = Callable[[Config], Awaitable[Wire]]
NDJSON = "application/x-ndjson"


async def raw_request(wire: Wire, head: bytes, body_part: bytes) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    assert wire.client.server.port is not None
    reader, writer = await asyncio.open_connection("127.0.0.1", wire.client.server.port)
    writer.write(head + body_part)
    await writer.drain()
    return reader, writer


def slow_post(length: int) -> bytes:
    return (
        f"POST /v1/items HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {EDITOR_TOKEN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


async def test_a_websub_request_that_comes_too_slowly_gets_408_and_each_counts_against_the_rate(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(
        make_config(tmp_path, server={"body_timeout_seconds": 1}, public={"requests_per_minute": 10})
    )
    head = b"POST /websub HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    reader, writer = await raw_request(wire, head + b"Content-Length: 500\r\n\r\n", b"hub.mode=subscribe&")
    answer = await asyncio.wait_for(reader.read(4096), timeout=5)
    writer.close()
    await writer.wait_closed()
    assert answer.startswith(b"HTTP/1.1 408")
    # Subscription requests count as polls do: a client cannot make hundreds of subscriptions a second.
    form = {"hub.mode": "subscribe", "hub.topic": "https://news.example.org/feeds/world.atom"}
    statuses = []
    for n in range(30):
        response = await wire.client.post("/websub", data={**form, "hub.callback": f"https://cb.example/{n}"})
        statuses.append(response.status)
    assert 429 in statuses
    assert set(statuses) <= {202, 429}


async def test_a_body_that_comes_too_slowly_gets_408(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(make_config(tmp_path, server={"body_timeout_seconds": 1}))
    reader, writer = await raw_request(wire, slow_post(200), b'{"id": "slow", ')
    answer = await asyncio.wait_for(reader.read(4096), timeout=5)
    writer.close()
    await writer.wait_closed()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408")
    assert b"application/problem+json" in head
    assert json.loads(body)["status"] == 408
    assert (await wire.get("/v1/items/slow", Authorization=f"Bearer {EDITOR_TOKEN}"))[0] == 404


async def test_a_client_with_too_many_requests_in_progress_gets_429(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(make_config(tmp_path, server={"max_requests_per_client": 2, "body_timeout_seconds": 5}))
    held = [await raw_request(wire, slow_post(100), b"{") for _ in range(2)]
    await asyncio.sleep(0.2)
    response = await wire.client.get("/feeds/world.atom")
    assert response.status == 429
    assert response.headers["Retry-After"] == "1"
    assert (await response.json(content_type=None))["status"] == 429
    for _, writer in held:
        writer.close()
        await writer.wait_closed()
    await asyncio.sleep(0.2)
    assert (await wire.client.get("/feeds/world.atom")).status == 200


async def test_an_ndjson_bulk_over_its_line_limit_is_refused_naming_the_limit(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, server={"max_bulk_lines": 3}))
    body = "\n".join(json.dumps(story(f"l{n}")) for n in range(5)).encode()
    response = await wire.client.post(
        "/v1/items",
        data=body,
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": "application/x-ndjson"},
    )
    assert response.status == 422
    problem = await response.json(content_type=None)
    too_many = "holds more than 3 lines; send the rest in another request"
    assert problem["detail"] == f"(body): {too_many}; lines read before: 3, each stored or refused as `results` says"
    assert problem["errors"] == [{"field": "(body)", "reason": too_many}]
    # The lines up to the limit are stored, and the answer tells which; the rest were not read.
    assert (problem["lines"], problem["created"]) == (3, 3)
    assert [r["id"] for r in problem["results"]] == ["l0", "l1", "l2"]
    editor = {"Authorization": f"Bearer {EDITOR_TOKEN}"}
    assert (await wire.client.get("/v1/items/l2", headers=editor)).status == 200
    assert (await wire.client.get("/v1/items/l3", headers=editor)).status == 404


async def test_an_ndjson_line_longer_than_the_body_limit_is_refused_and_the_others_stored(wire: Wire) -> None:
    lines = [json.dumps(story("before")), json.dumps(story("long", body="x" * 200_000)), json.dumps(story("after"))]
    response = await wire.client.post(
        "/v1/items",
        data="\n".join(lines).encode(),
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": "application/x-ndjson"},
    )
    assert response.status == 200
    report = await response.json()
    assert (report["created"], report["refused"]) == (2, 1)
    refused = next(r for r in report["results"] if r["line"] == 2)
    assert refused["status"] == 413
    assert "longer than the limit" in refused["errors"][0]["reason"]


async def test_a_client_expecting_100_continue_is_invited_only_with_a_valid_token(wire: Wire) -> None:
    # RFC 9110 10.1.1: the body is asked for only where it would be read; without a valid token the 401 comes at once.
    body = b'{"id": "e", "section": "world", "headline": "Expected"}'
    for token, expected in (("wrong", [401]), (EDITOR_TOKEN, [100, 201])):
        head = slow_post(len(body)).replace(EDITOR_TOKEN.encode(), token.encode())
        reader, writer = await raw_request(wire, head.replace(b"\r\n\r\n", b"\r\nExpect: 100-continue\r\n\r\n"), b"")
        try:
            statuses = [(await read_head(reader))[0]]
            if statuses[0] == 100:
                writer.write(body)
                statuses.append((await read_answer(reader))[0])
        finally:
            writer.close()
            await writer.wait_closed()
        assert statuses == expected, token


async def test_an_expectation_other_than_100_continue_gets_a_417_problem_and_stores_nothing(wire: Wire) -> None:
    body = b'{"id": "e", "section": "world", "headline": "Expected"}'
    headers = {"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": "application/json", "Expect": "200-ok"}
    response = await wire.client.post("/v1/items", data=body, headers=headers)
    problem = await response.json(content_type="application/problem+json")
    assert (response.status, problem["type"]) == (417, "/problems/expectation-failed")
    assert "'200-ok'" in problem["detail"]
    assert response.headers["X-Request-Id"] == problem["request_id"]
    editor = {"Authorization": f"Bearer {EDITOR_TOKEN}"}
    assert (await wire.client.get("/v1/items/e", headers=editor)).status == 404
    # Where no body is read, the expectation is passed over (RFC 9110 allows it) and the request answered.
    assert (await wire.client.get("/feeds/world.atom", headers={"Expect": "200-ok"})).status == 200


# Request heads: their line and headers


async def connect(port: int | None) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    assert port is not None
    return await asyncio.open_connection("127.0.0.1", port)


async def read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    """The head of one HTTP/1.x response: its status and headers (names in lower case)."""
    head = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)).decode("latin-1")
    status_line, *lines = head.removesuffix("\r\n\r\n").split("\r\n")
    headers = {name.lower(): value for name, value in (line.split(": ", 1) for line in lines)}
    return int(status_line.split(" ")[1]), headers


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.x response: its status, headers (names in lower case) and body."""
    status, headers = await read_head(reader)
    body = await asyncio.wait_for(reader.readexactly(int(headers.get("content-length", "0"))), timeout=5)
    return status, headers, body


async def refused(port: int | None, data: bytes) -> tuple[int, dict[str, str], dict[str, Any]]:
    """Send `data` on a connection of its own; the answer, as a problem document, once the server has closed
    the connection."""
    reader, writer = await connect(port)
    try:
        writer.write(data)
        await writer.drain()
        status, headers, body = await read_answer(reader)
        assert await asyncio.wait_for(reader.read(), timeout=5) == b""  # the server closed the connection
    finally:
        writer.close()
        await writer.wait_closed()
    assert headers["content-type"] == "application/problem+json; charset=utf-8"
    assert headers["connection"] == "close"
    problem = json.loads(body)
    assert problem["status"] == status
    assert problem["request_id"] == headers["x-request-id"]
    assert "instance" not in problem  # the path was never read
    return status, headers, problem


def get(target: str = "/healthz", *headers: str) -> bytes:
    return "\r\n".join([f"GET {target} HTTP/1.1", "Host: test", *headers, "", ""]).encode()


@pytest.mark.parametrize("header", ["X-Big: " + "a" * 20_000, "Referer: https://example.org/" + "a" * 20_000])
async def test_a_header_line_over_the_limit_gets_431_and_the_server_answers_on(wire: Wire, header: str) -> None:
    status, _, problem = await refused(wire.client.server.port, get("/healthz", header))
    assert status == 431
    assert problem["type"] == "/problems/header-fields-too-large"
    assert problem["title"] == "Request header fields too large"
    assert problem["detail"] == "a header value or name is longer than 8190 bytes"
    assert (await wire.get("/healthz"))[0] == 200


async def test_a_request_target_over_the_limit_gets_414(wire: Wire) -> None:
    status, _, problem = await refused(wire.client.server.port, get("/feeds/world.atom?q=" + "a" * 20_000))
    assert status == 414
    assert problem["type"] == "/problems/uri-too-long"
    assert problem["title"] == "Request target too long"
    assert problem["detail"] == "the request target is longer than 8190 bytes"


async def test_too_many_header_fields_get_431(wire: Wire) -> None:
    status, _, problem = await refused(wire.client.server.port, get("/healthz", *(f"X-{n}: {n}" for n in range(200))))
    assert status == 431
    assert problem["detail"] == "the request has more than 128 header fields"


async def test_a_garbage_request_line_gets_400(wire: Wire) -> None:
    status, _, problem = await refused(wire.client.server.port, b"HELLO THERE\r\n\r\n")
    assert status == 400
    assert problem["type"] == "/problems/bad-request"
    assert problem["detail"].startswith("the request is not valid HTTP/1.1: ")
    assert (await wire.get("/healthz"))[0] == 200


@pytest.mark.parametrize(
    ("coding", "body", "status"),
    [("deflate", b"not deflated", 400), ("gzip", b"not gzipped", 400), ("zstd", b'{"id": "z"}', 415)],
)
async def test_a_body_that_cannot_be_decoded_with_its_head_gets_a_problem_naming_its_coding(
    wire: Wire, coding: str, body: bytes, status: int
) -> None:
    # Arriving with its head, a body is decoded by the route that reads it, not as the head is read.
    head = slow_post(len(body)).replace(b"\r\n\r\n", f"\r\nContent-Encoding: {coding}\r\n\r\n".encode())
    reader, writer = await raw_request(wire, head, body)
    try:
        answer, headers, problem = await read_answer(reader)
    finally:
        writer.close()
    assert (answer, headers["content-type"]) == (status, "application/problem+json; charset=utf-8")
    assert json.loads(problem)["status"] == status
    if status == 415:
        assert headers["accept-encoding"] == "gzip, deflate, br"
    else:
        assert coding in json.loads(problem)["detail"]
    assert (await wire.get("/v1/items/z", Authorization=f"Bearer {EDITOR_TOKEN}"))[0] == 404


@pytest.mark.parametrize(
    ("line", "version"),
    [(b"GET /healthz\r\n\r\n", "HTTP/0.9"), (b"GET /feeds/world.atom HTTP/2.0\r\nHost: x\r\n\r\n", "HTTP/2.0")],
)
async def test_a_request_of_another_version_than_http_1_gets_400(wire: Wire, line: bytes, version: str) -> None:
    # The parser reads both; answered, they would be answered in a version this server does not speak.
    await wire.push(story())
    await wire.get("/feeds/world.atom")  # held in memory: the answer from memory refuses it too
    status, _, problem = await refused(wire.client.server.port, line)
    assert status == 400
    assert problem["detail"] == f"the request is not valid HTTP/1.1: it is {version}"
    assert (await wire.get("/healthz"))[0] == 200


async def test_a_method_of_no_specification_gets_501(wire: Wire) -> None:
    # RFC 9110 15.6.2: a method the server does not recognise. (A known one it does not take on a path is 405.)
    status, _, problem = await refused(wire.client.server.port, b"FOO /feeds/world.atom HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 501
    assert problem["type"] == "/problems/not-implemented"
    assert problem["detail"] == "the method FOO is not one this server implements (GET, HEAD, POST)"
    assert (await wire.get("/healthz"))[0] == 200


@pytest.mark.parametrize(("url_limit", "header_limit"), [(2048, 2048), (2048, 4096), (4096, 2048)])
async def test_the_head_limits_follow_the_settings(
    make_wire: WireFactory, tmp_path: Path, url_limit: int, header_limit: int
) -> None:
    server = {"max_url_bytes": url_limit, "max_header_bytes": header_limit}
    wire = await make_wire(make_config(tmp_path, server=server))
    port = wire.client.server.port
    path = "/healthz?q="
    assert (await wire.get(path + "a" * (url_limit - len(path))))[0] == 200
    assert (await wire.get("/healthz", **{"X-Big": "a" * header_limit}))[0] == 200
    status, _, problem = await refused(port, get(path + "a" * (url_limit - len(path) + 1)))
    assert (status, problem["detail"]) == (414, f"the request target is longer than {url_limit} bytes")
    status, _, problem = await refused(port, get("/healthz", "X-Big: " + "a" * (header_limit + 1)))
    assert (status, problem["detail"]) == (431, f"a header value or name is longer than {header_limit} bytes")
    # A header that reads like a request target is still a header when the limits differ.
    if url_limit != header_limit:
        status, _, _ = await refused(port, get("/healthz", "Referer: /" + "a" * header_limit))  # one byte over
        assert status == 431


Connections = list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]


@contextlib.asynccontextmanager
async def connections(port: int | None, count: int) -> AsyncIterator[Connections]:
    """`count` connections to the server, open for the block and closed after it."""
    opened = [await connect(port) for _ in range(count)]
    try:
        yield opened
    finally:
        for _, writer in opened:
            writer.close()
            await writer.wait_closed()


async def each_answers(opened: Connections) -> None:
    """Each connection is served: a GET of /healthz on it is answered 200."""
    for reader, writer in opened:
        writer.write(get("/healthz"))
        assert (await read_answer(reader))[0] == 200


async def test_a_client_over_its_connection_limit_is_answered_429_at_once_and_closed(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, server={"max_connections_per_client": 2}))
    port = wire.client.server.port
    async with connections(port, 2) as held:
        reader, writer = await connect(port)  # the third: answered before it sends anything
        status, headers, body = await read_answer(reader)
        assert await asyncio.wait_for(reader.read(), timeout=5) == b""  # and closed
        writer.close()
        problem = json.loads(body)
        assert (status, problem["status"], headers["retry-after"]) == (429, 429, "1")
        assert headers["content-type"] == "application/problem+json; charset=utf-8"
        assert problem["detail"] == "more than 2 connections open from one address"
        await each_answers(held)  # the connections within the limit are served as usual
    await asyncio.sleep(0.1)
    async with connections(port, 1) as again:  # closed ones no longer count
        await each_answers(again)


async def test_a_trusted_proxy_may_hold_any_number_of_connections(make_wire: WireFactory, tmp_path: Path) -> None:
    server = {"max_connections_per_client": 1, "trusted_proxies": ["127.0.0.1"]}
    wire = await make_wire(make_config(tmp_path, server=server))
    async with connections(wire.client.server.port, 3) as proxied:
        await each_answers(proxied)


async def test_refused_heads_are_counted_by_reason_and_status(wire: Wire) -> None:
    await refused(wire.client.server.port, get("/healthz", "X-Big: " + "a" * 20_000))
    _, body, _ = await wire.get("/metrics")
    lines = body.decode().splitlines()
    assert 'newswire_events_total{event="refused",reason="header-fields-too-large"} 1.0' in lines
    assert 'newswire_requests_total{method="-",route="unread",status="431"} 1.0' in lines


async def test_a_head_that_comes_too_slowly_gets_408_while_others_are_answered(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, server={"header_timeout_seconds": 1}))
    reader, writer = await connect(wire.client.server.port)
    try:
        started = time.monotonic()
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: test\r\nX-Slow: ")
        answer = asyncio.create_task(read_answer(reader))
        others = []
        while not answer.done():
            writer.write(b"a")  # one more byte of the header every half second: never a whole head
            others.append((await wire.client.get("/healthz")).status)
            await asyncio.wait([answer], timeout=0.5)
        elapsed = time.monotonic() - started
        status, headers, body = await answer
        try:  # the server closed the connection (a reset, when a byte of ours arrived after the answer)
            rest = await asyncio.wait_for(reader.read(), timeout=5)
        except ConnectionResetError:
            rest = b""
        assert rest == b""
    finally:
        writer.close()
        with contextlib.suppress(ConnectionResetError):
            await writer.wait_closed()
    assert 1 <= elapsed < 2.5
    assert status == 408
    assert headers["connection"] == "close"
    assert headers["content-type"] == "application/problem+json; charset=utf-8"
    problem = json.loads(body)
    assert problem["type"] == "/problems/request-timeout"
    assert problem["detail"] == "the request line and headers did not arrive within 1 s"
    assert len(others) >= 2
    assert set(others) == {200}


async def test_a_kept_alive_connection_may_idle_longer_than_the_head_timeout(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, server={"header_timeout_seconds": 1}))
    reader, writer = await connect(wire.client.server.port)
    try:
        for _ in range(3):
            writer.write(get("/healthz"))
            status, headers, _ = await read_answer(reader)
            assert status == 200
            assert headers.get("connection") != "close"
            await asyncio.sleep(1.5)
    finally:
        writer.close()
        await writer.wait_closed()


async def test_pipelined_heads_are_answered_in_order_and_each_is_timed(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(make_config(tmp_path, server={"header_timeout_seconds": 1}))
    reader, writer = await connect(wire.client.server.port)
    try:
        writer.write(get("/healthz") + get("/nowhere") + get("/healthz")[:20])
        assert (await read_answer(reader))[0] == 200
        assert (await read_answer(reader))[0] == 404
        await asyncio.sleep(0.6)
        writer.write(get("/healthz")[20:])  # the rest of the third head, in time
        assert (await read_answer(reader))[0] == 200
        started = time.monotonic()
        writer.write(b"GET /healthz HTTP/1.1\r\n")  # a fourth head that never ends
        assert (await read_answer(reader))[0] == 408
        assert 1 <= time.monotonic() - started < 2.5
        assert await asyncio.wait_for(reader.read(), timeout=5) == b""
    finally:
        writer.close()
        await writer.wait_closed()


async def test_a_body_slower_than_the_head_timeout_is_governed_by_the_body_timeout(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, server={"header_timeout_seconds": 1, "body_timeout_seconds": 5}))
    body = json.dumps(story("slow-body")).encode()
    reader, writer = await raw_request(wire, slow_post(len(body)), body[:10])
    try:
        await asyncio.sleep(1.5)
        writer.write(body[10:])
        status, _, answer = await read_answer(reader)
        assert status == 201, answer
    finally:
        writer.close()
        await writer.wait_closed()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Server]:
    server = Server(tmp_path, server="header_timeout_seconds = 1\nmax_header_bytes = 4096\n")
    server.start()
    yield server
    server.stop()


async def test_newswire_serve_answers_oversized_and_slow_heads_with_problems(served: Server) -> None:
    status, _, problem = await refused(served.port, get("/healthz", "X-Big: " + "a" * 5000))
    assert (status, problem["detail"]) == (431, "a header value or name is longer than 4096 bytes")
    status, _, problem = await refused(served.port, b"GET /healthz HTTP/1.1\r\nHost: test\r\n")
    assert (status, problem["type"]) == (408, "/problems/request-timeout")
    assert served.terminate() == 0
    lines = [json.loads(line) for line in served.access_log.read_text(encoding="utf-8").splitlines()]
    assert [(line["route"], line["status"], line["path"]) for line in lines] == [
        ("unread", 431, None),
        ("unread", 408, None),
    ]


async def test_an_upload_cut_short_by_its_client_is_no_failure_and_stores_nothing(served: Server) -> None:
    _, writer = await asyncio.open_connection("127.0.0.1", served.port)
    writer.write(slow_post(200) + b'{"id": "cut", ')
    await writer.drain()
    await asyncio.sleep(0.2)
    writer.close()
    await writer.wait_closed()
    await asyncio.sleep(0.3)
    async with aiohttp.ClientSession(served.url) as session:
        async with session.get("/metrics") as response:
            metrics = (await response.text()).splitlines()
        assert 'newswire_events_total{event="refused",reason="client-closed"} 1.0' in metrics
        async with session.get("/v1/items/cut", headers={"Authorization": f"Bearer {EDITOR_TOKEN}"}) as response:
            assert response.status == 404
    assert served.terminate() == 0
    lines = [json.loads(line) for line in served.access_log.read_text(encoding="utf-8").splitlines()]
    assert [(line["method"], line["status"]) for line in lines if line["path"] == "/v1/items"] == [("POST", 499)]
    assert "Traceback" not in served.output.read_text(encoding="utf-8")


async def test_a_compressed_bulk_of_long_lines_is_never_held_whole_in_memory(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    # A few kilobytes of gzip make a hundred lines of a mebibyte each: a bulk may hold no more of them at once than
    # a few batches' worth, whatever the size of the body they come to.
    wire = await make_wire(make_config(tmp_path, server={"max_body_bytes": 1 << 20, "bulk_processes": 0}))
    line = b'"' + b"a" * ((1 << 20) - 3) + b'"\n'
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = b"".join(packer.compress(line) for _ in range(100)) + packer.flush()
    assert len(body) < 1 << 20
    tracemalloc.start()
    try:
        response = await wire.client.post(
            "/v1/items",
            data=body,
            headers={
                "Authorization": f"Bearer {EDITOR_TOKEN}",
                "Content-Type": "application/x-ndjson",
                "Content-Encoding": "gzip",
            },
        )
        report = await response.json()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (response.status, report["lines"], report["refused"]) == (200, 100, 100)
    assert peak < 48 << 20, f"{peak >> 20} MiB held while reading 100 MiB of lines"


def bomb(coding: str, mebibytes: int) -> bytes:
    """`mebibytes` MiB of zeros in `coding`: a few hundred bytes of brotli, about a thousandth of it in gzip."""
    zeros = bytes(1 << 20)
    if coding == "br":
        packer = brotli.Compressor(quality=5)
        packed: bytes = b"".join(packer.process(zeros) for _ in range(mebibytes)) + packer.finish()
        return packed
    deflater = zlib.compressobj(9, zlib.DEFLATED, 31 if coding == "gzip" else 15)
    return b"".join(deflater.compress(zeros) for _ in range(mebibytes)) + deflater.flush()


@pytest.mark.parametrize(("coding", "mebibytes"), [("br", 256), ("gzip", 48), ("deflate", 48)])
@pytest.mark.parametrize(("media_type", "limit"), [("application/json", "max_body_bytes"), (NDJSON, "max_bulk_bytes")])
async def test_a_compressed_body_is_decoded_no_further_than_its_limit(
    make_wire: WireFactory, tmp_path: Path, coding: str, mebibytes: int, media_type: str, limit: str
) -> None:
    # A decompression bomb: brotli made the whole of it before its size was looked at, a gibibyte for 1.7 KB.
    wire = await make_wire(make_config(tmp_path, server={"max_body_bytes": 65536, "max_bulk_bytes": 1 << 20}))
    body = bomb(coding, mebibytes)
    assert len(body) < 65536
    tracemalloc.start()
    try:
        response = await wire.client.post(
            "/v1/items",
            data=body,
            headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": media_type, "Content-Encoding": coding},
        )
        problem = await response.json(content_type="application/problem+json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    allowed = 65536 if limit == "max_body_bytes" else 1 << 20
    assert response.status == 413
    assert problem["detail"].startswith(f"the body, decoded from {coding}, is larger than the limit of {allowed} bytes")
    assert response.headers["Connection"] == "close"  # the rest of the body is not read
    assert peak < 16 << 20, f"{peak >> 20} MiB held while refusing {mebibytes} MiB"


def bulk_lines(*ids: str) -> list[bytes]:
    return [json.dumps(story(item_id)).encode() + b"\n" for item_id in ids]


async def post_bulk(wire: Wire, body: bytes, coding: str) -> tuple[int, dict[str, Any]]:
    response = await wire.client.post(
        "/v1/items",
        data=body,
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": NDJSON, "Content-Encoding": coding},
    )
    return response.status, await response.json(content_type="application/problem+json")


async def stored(wire: Wire, *ids: str) -> list[str]:
    return [i for i in ids if (await wire.get(f"/v1/items/{i}", Authorization=f"Bearer {EDITOR_TOKEN}"))[0] == 200]


def assert_reported(problem: dict[str, Any], ids: list[str]) -> None:
    """The problem of a bulk whose body failed reports the lines read before, as a bulk's answer does."""
    assert (problem["lines"], problem["created"], problem["refused"]) == (len(ids), len(ids), 0)
    assert [(r["line"], r["id"], r["outcome"]) for r in problem["results"]] == [
        (n, item_id, "created") for n, item_id in enumerate(ids, 1)
    ]
    assert problem["detail"].endswith(f"; lines read before: {len(ids)}, each stored or refused as `results` says")


async def test_a_gzip_bulk_cut_short_gets_400_and_reports_the_lines_stored_before_the_cut(wire: Wire) -> None:
    # Each line flushed on its own, so that what arrives before the cut is known: three whole lines and part of a
    # fourth, which is not read.
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    whole, cut = bulk_lines("c1", "c2", "c3"), bulk_lines("c4")[0]
    body = b"".join(packer.compress(line) + packer.flush(zlib.Z_SYNC_FLUSH) for line in [*whole, cut[:30]])
    status, problem = await post_bulk(wire, body, "gzip")
    assert (status, problem["type"]) == (400, "/problems/bad-request")
    assert problem["detail"].startswith("the body is cut short: its gzip stream stops before its end; ")
    assert_reported(problem, ["c1", "c2", "c3"])
    assert await stored(wire, "c1", "c2", "c3", "c4") == ["c1", "c2", "c3"]


@pytest.mark.parametrize(("coding", "cut"), [("gzip", 8), ("gzip", 1), ("deflate", 4)])
async def test_a_bulk_whose_stream_lacks_only_its_end_gets_400_with_every_line_reported(
    wire: Wire, coding: str, cut: int
) -> None:
    # A gzip stream without its trailer (its check and length), or a zlib stream without its check, decodes whole:
    # aiohttp took the gzip one for the whole body.
    lines = bulk_lines("t1", "t2")
    packed = gzip.compress(b"".join(lines)) if coding == "gzip" else zlib.compress(b"".join(lines))
    status, problem = await post_bulk(wire, packed[:-cut], coding)
    assert status == 400
    assert problem["detail"].startswith(f"the body is cut short: its {coding} stream stops before its end; ")
    assert_reported(problem, ["t1", "t2"])


async def test_a_gzip_bulk_with_bytes_after_its_stream_gets_400_with_its_lines_reported(wire: Wire) -> None:
    status, problem = await post_bulk(wire, gzip.compress(b"".join(bulk_lines("g1", "g2"))) + b"garbage", "gzip")
    assert status == 400
    assert problem["detail"].startswith("the body goes on after the end of its gzip stream; ")
    assert_reported(problem, ["g1", "g2"])
    assert await stored(wire, "g1", "g2") == ["g1", "g2"]


async def test_a_bulk_whose_body_stops_coming_gets_408_and_reports_the_lines_stored_before(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, server={"body_timeout_seconds": 1}))
    body = b"".join(bulk_lines("s1", "s2", "s3")) + b'{"id": "s4", '
    head = slow_post(len(body) + 100).replace(b"application/json", NDJSON.encode())
    reader, writer = await raw_request(wire, head, body)
    try:
        status, headers, document = await read_answer(reader)
    finally:
        writer.close()
    problem = json.loads(document)
    assert (status, headers["content-type"]) == (408, "application/problem+json; charset=utf-8")
    assert problem["detail"].startswith("nothing of the body arrived for 1 s; ")
    assert_reported(problem, ["s1", "s2", "s3"])
    assert await stored(wire, "s1", "s2", "s3", "s4") == ["s1", "s2", "s3"]
