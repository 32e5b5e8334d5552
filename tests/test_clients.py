"""Client addresses behind trusted proxies: the per-client limits and the access log count each reader by the
address the proxies name in X-Forwarded-For, and nobody else's X-Forwarded-For is believed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from multidict import CIMultiDict

from tests.conftest import EDITOR_TOKEN, Wire, make_config
from wire.clients import forwarded_for
from wire.config import Config
from wire.errors import ConfigError
from wire.ratelimit import MIN_BURST

WireFactory = Callable[[Config], Awaitable[Wire]]

# Documentation addresses (RFC 5737): two readers, and a proxy in front of the one on loopback.
READER, OTHER_READER, INNER_PROXY = "198.51.100.7", "203.0.113.9", "10.1.2.3"


def limited(tmp_path: Path, trusted: list[str], **server: object) -> Config:
    """A server whose public may make MIN_BURST requests before its bucket is empty."""
    return make_config(
        tmp_path,
        server={"trusted_proxies": trusted, **server},
        public={"requests_per_minute": 1},
    )


async def answered(wire: Wire, count: int, headers: CIMultiDict[str]) -> list[int]:
    """The statuses of `count` polls of a public feed, each with `headers`."""
    answers = []
    for _ in range(count):
        response = await wire.client.get("/feeds/world.json", headers=headers)
        await response.read()
        answers.append(response.status)
    return answers


async def statuses(wire: Wire, forwarded_for: str, count: int) -> list[int]:
    return await answered(wire, count, CIMultiDict({"X-Forwarded-For": forwarded_for}))


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(limited(tmp_path, ["127.0.0.1"]))
    assert await statuses(wire, READER, MIN_BURST) == [200] * MIN_BURST
    assert await statuses(wire, READER, 1) == [429]
    assert await statuses(wire, OTHER_READER, 1) == [200]


async def test_an_ipv6_client_is_limited_by_its_64_network(make_wire: WireFactory, tmp_path: Path) -> None:
    # A client given a /64 may take any address of it: counted per address, it would have no limit.
    wire = await make_wire(limited(tmp_path, ["127.0.0.1"]))
    for n in range(MIN_BURST):
        assert await statuses(wire, f"2001:db8:1:2::{n + 1:x}", 1) == [200]
    assert await statuses(wire, "2001:db8:1:2:ffff::1", 1) == [429]
    assert await statuses(wire, "2001:db8:1:3::1", 1) == [200]  # another network


async def test_without_trusted_proxies_x_forwarded_for_is_ignored(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(limited(tmp_path, []))
    assert await statuses(wire, READER, MIN_BURST) == [200] * MIN_BURST
    # Another X-Forwarded-For changes nothing: every request comes from 127.0.0.1, whose bucket is empty.
    assert await statuses(wire, OTHER_READER, 1) == [429]


async def test_a_request_from_an_untrusted_address_is_that_address(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(limited(tmp_path, ["10.0.0.0/8"]))  # the tests' client, on 127.0.0.1, is no proxy
    assert await statuses(wire, READER, MIN_BURST) == [200] * MIN_BURST
    assert await statuses(wire, OTHER_READER, 1) == [429]


async def test_addresses_a_client_writes_itself_are_not_believed(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(limited(tmp_path, ["127.0.0.1"]))
    assert await statuses(wire, READER, MIN_BURST) == [200] * MIN_BURST
    # The proxy appends the address it heard from; what stands left of it is the client's own claim.
    assert await statuses(wire, f"{OTHER_READER}, {READER}", 1) == [429]


async def test_the_client_is_found_past_every_trusted_proxy(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(limited(tmp_path, ["127.0.0.1", "10.0.0.0/8"]))
    assert await statuses(wire, f"{READER}, {INNER_PROXY}", MIN_BURST) == [200] * MIN_BURST
    assert await statuses(wire, READER, 1) == [429]  # the same reader, one proxy fewer
    assert await statuses(wire, f"{OTHER_READER}, {INNER_PROXY}", 1) == [200]


async def test_a_header_that_names_no_address_leaves_the_proxy_as_the_client(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(limited(tmp_path, ["127.0.0.1"]))
    assert await statuses(wire, "unknown", MIN_BURST) == [200] * MIN_BURST
    assert await statuses(wire, "not an address", 1) == [429]  # both count against the proxy itself
    assert await statuses(wire, READER, 1) == [200]


async def test_addresses_with_ports_and_ipv6_are_read(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(limited(tmp_path, ["127.0.0.1"]))
    assert await statuses(wire, f"{READER}:51234", MIN_BURST) == [200] * MIN_BURST
    assert await statuses(wire, READER, 1) == [429]
    assert await statuses(wire, "[2001:db8::1]:443", MIN_BURST) == [200] * MIN_BURST
    assert await statuses(wire, "2001:db8::1", 1) == [429]


async def test_requests_in_progress_are_counted_per_forwarded_client(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(
        make_config(tmp_path, server={"trusted_proxies": ["127.0.0.1"], "max_requests_per_client": 1})
    )
    port = wire.client.server.port
    assert port is not None
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    # A push whose body never comes holds one request in progress for READER.
    writer.write(
        f"POST /v1/items HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {EDITOR_TOKEN}\r\n"
        f"Content-Type: application/json\r\nX-Forwarded-For: {READER}\r\nContent-Length: 100\r\n\r\n{{".encode()
    )
    try:
        await writer.drain()
        await asyncio.sleep(0.2)
        assert await statuses(wire, READER, 1) == [429]
        assert await statuses(wire, OTHER_READER, 1) == [200]
    finally:
        writer.close()
        await writer.wait_closed()


async def test_the_access_log_names_the_forwarded_client(make_wire: WireFactory, tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    wire = await make_wire(make_config(tmp_path, server={"trusted_proxies": ["127.0.0.1"], "access_log": str(log)}))
    await statuses(wire, f"{OTHER_READER}, {READER}", 1)
    await statuses(wire, "", 1)
    await wire.client.close()  # the log is flushed as the server stops
    clients = [json.loads(line)["remote"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert clients == [READER, "127.0.0.1"]


@pytest.mark.parametrize("entry", ["10.0.0.0/33", "proxy.internal", ""])
def test_a_trusted_proxy_that_is_no_address_is_refused(tmp_path: Path, entry: str) -> None:
    with pytest.raises(ConfigError, match=r"\[server\] trusted_proxies\[0\]"):
        make_config(tmp_path, server={"trusted_proxies": [entry]})


# RFC 7239 Forwarded, when the proxies are configured to write it.


@pytest.mark.parametrize(
    ("field", "nodes"),
    [
        ("for=192.0.2.60;proto=http;by=203.0.113.43", ["192.0.2.60"]),  # RFC 7239 section 4
        ('For="[2001:db8:cafe::17]:4711"', ["[2001:db8:cafe::17]:4711"]),  # names are case-insensitive
        ("for=192.0.2.43, for=198.51.100.17", ["192.0.2.43", "198.51.100.17"]),
        ('for="_gazonk", for=unknown', ["_gazonk", "unknown"]),  # obfuscated and unknown nodes, as written
        ('for="192.0.2.43:47011";proto=https', ["192.0.2.43:47011"]),
        ('for="a\\"b,c";by=x, for=192.0.2.9', ['a"b,c', "192.0.2.9"]),  # a comma inside quotes splits nothing
        ("for=192.0.2.1, , for=192.0.2.2", ["192.0.2.1", "192.0.2.2"]),  # an empty element is skipped
        ("proto=https;by=203.0.113.43", [None]),  # no for=
        ("garbage, for=192.0.2.1", [None, "192.0.2.1"]),  # not well formed: only that element
        ("for=192.0.2.1;for=192.0.2.2", [None]),  # a parameter twice is not well formed
        ("for = 192.0.2.1", [None]),  # no spaces around "="
        ('"unterminated, for=192.0.2.1', [None]),  # what follows an open quote is inside it
        ("", []),
    ],
)
def test_forwarded_fields_are_read_element_by_element(field: str, nodes: list[str | None]) -> None:
    assert forwarded_for(field) == nodes


def behind_forwarded(tmp_path: Path, trusted: list[str]) -> Config:
    return limited(tmp_path, trusted, client_address_header="Forwarded")


async def forwarded_statuses(wire: Wire, count: int, *fields: str, **headers: str) -> list[int]:
    """Like `statuses`, with a Forwarded field for each of `fields` (and `headers` beside them)."""
    return await answered(wire, count, CIMultiDict([("Forwarded", field) for field in fields] + list(headers.items())))


async def test_behind_proxies_that_write_forwarded_each_client_has_its_own_limit(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(behind_forwarded(tmp_path, ["127.0.0.1"]))
    assert await forwarded_statuses(wire, MIN_BURST, f"for={READER};proto=https") == [200] * MIN_BURST
    assert await forwarded_statuses(wire, 1, f'for="{READER}:51234"') == [429]  # the same client, with a port
    assert await forwarded_statuses(wire, 1, f"for={OTHER_READER}") == [200]
    assert await forwarded_statuses(wire, MIN_BURST, 'for="[2001:db8::1]:443"') == [200] * MIN_BURST
    assert await forwarded_statuses(wire, 1, 'for="[2001:db8::1]"') == [429]


async def test_forwarded_is_read_from_the_right_past_every_trusted_proxy(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(behind_forwarded(tmp_path, ["127.0.0.1", "10.0.0.0/8"]))
    # The client's own claim (left), the inner proxy's element, and one more field the outer proxy added.
    claims = (f"for={OTHER_READER}, for={READER}", f"for={INNER_PROXY}")
    assert await forwarded_statuses(wire, MIN_BURST, *claims) == [200] * MIN_BURST
    assert await forwarded_statuses(wire, 1, f"for={READER}") == [429]
    assert await forwarded_statuses(wire, 1, f"for={OTHER_READER}") == [200]


async def test_a_forwarded_node_that_is_no_address_leaves_the_proxy_as_the_client(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(behind_forwarded(tmp_path, ["127.0.0.1"]))
    assert await forwarded_statuses(wire, MIN_BURST, 'for="_hidden"') == [200] * MIN_BURST
    # unknown, a malformed element and one without for= all count against the proxy itself, not the reader left.
    assert await forwarded_statuses(wire, 1, "for=unknown") == [429]
    assert await forwarded_statuses(wire, 1, f"for={READER}, for =1") == [429]
    assert await forwarded_statuses(wire, 1, f"for={READER}, proto=https") == [429]
    assert await forwarded_statuses(wire, 1, f"for={READER}") == [200]


async def test_only_the_configured_header_is_read(make_wire: WireFactory, tmp_path: Path) -> None:
    for name in ("forwarded", "default"):  # a store each
        (tmp_path / name).mkdir()
    forwarded = await make_wire(behind_forwarded(tmp_path / "forwarded", ["127.0.0.1"]))
    assert await forwarded_statuses(forwarded, MIN_BURST, **{"X-Forwarded-For": READER}) == [200] * MIN_BURST
    # X-Forwarded-For is what a client wrote there: every such request came from the proxy, whose bucket is empty.
    assert await forwarded_statuses(forwarded, 1, **{"X-Forwarded-For": OTHER_READER}) == [429]
    default = await make_wire(limited(tmp_path / "default", ["127.0.0.1"]))
    assert await forwarded_statuses(default, MIN_BURST, f"for={READER}") == [200] * MIN_BURST
    assert await forwarded_statuses(default, 1, f"for={OTHER_READER}") == [429]


def test_a_client_address_header_that_is_neither_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[server\] client_address_header: must be X-Forwarded-For or Forwarded"):
        make_config(tmp_path, server={"client_address_header": "X-Real-IP"})
