"""Outbound requests to subscribers' callbacks, only to addresses the operator allows.

A subscriber names its callback URL, so a hub that fetched any URL could be made to attack internal services
(SSRF). Every address a callback resolves to is checked: private, loopback, link-local, multicast and reserved
addresses are refused unless `[websub] allowed_networks` lists them; the check is made on the addresses actually
connected to (no DNS rebinding in between), redirects are not followed, and time and size are bounded.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# The most of a callback's answer that is read (a verification echoes a short challenge).
MAX_ANSWER_BYTES = 64 * 1024


class CallbackRefused(Exception):
    """The callback may not be fetched (its address is not allowed, or its URL is not http/https)."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    allowed: tuple[Network, ...] = ()

    @classmethod
    def of(cls, networks: Sequence[str]) -> AddressPolicy:
        return cls(tuple(ipaddress.ip_network(n, strict=False) for n in networks))

    def permits(self, address: str) -> bool:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        # An IPv6 address that carries an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) leads to it: it is
        # that address that must be allowed.
        inner = _embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else None
        if inner is not None:
            return self.permits(str(inner))
        if any(ip in network for network in self.allowed):
            return True
        return ip.is_global and not ip.is_multicast


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_COMPATIBLE = ipaddress.ip_network("::/96")
_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # SIIT (RFC 2765)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's address
    if ip in _NAT64 or ip in _NAT64_LOCAL or ip in _COMPATIBLE or ip in _TRANSLATED:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


class _CheckedResolver(AbstractResolver):
    """Resolves as usual, then keeps only the addresses the policy permits."""

    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy
        self._resolver = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._resolver.resolve(host, port, family)
        permitted = [r for r in found if self._policy.permits(r["host"])]
        if not permitted:
            raise OSError(f"no address of {host} is allowed for callbacks")
        return permitted

    async def close(self) -> None:
        await self._resolver.close()


class CallbackClient:
    """GET and POST to callbacks under an address policy, with timeouts and size limits."""

    def __init__(self, policy: AddressPolicy, *, timeout_seconds: float) -> None:
        self._policy = policy
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds, connect=min(timeout_seconds, 5.0))
        self._session: aiohttp.ClientSession | None = None

    def check(self, url: str) -> None:
        """CallbackRefused when `url` is not an http(s) URL or names an address that is not allowed."""
        host = _host(url)
        if host is None:
            raise CallbackRefused("the callback must be an absolute http or https URL")
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            return  # a name: checked when it is resolved, on every request
        if not self._policy.permits(str(literal)):
            raise CallbackRefused(
                f"callbacks to {literal} are not allowed (only public addresses are, and the networks the server's "
                "[websub] allowed_networks lists)"
            )

    async def get(self, url: str, params: dict[str, str]) -> tuple[int, bytes]:
        return await self._request("GET", url, params=params)

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        return await self._request("POST", url, data=body, headers=headers)

    async def _request(self, method: str, url: str, **options: Any) -> tuple[int, bytes]:
        self.check(url)
        session = self._session_for_requests()
        async with session.request(method, url, allow_redirects=False, **options) as response:
            answer = await response.content.read(MAX_ANSWER_BYTES)
            return response.status, answer

    def _session_for_requests(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(resolver=_CheckedResolver(self._policy), limit=256, ttl_dns_cache=60)
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=self._timeout, headers={"User-Agent": "Newswire-WebSub-Hub"}
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def _host(url: str) -> str | None:
    """The host of an absolute http(s) URL whose port (if any) can be connected to; None for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a bracket left open, a port that is no number from 0 to 65535
        return None
    if parts.scheme not in ("http", "https") or port == 0:
        return None
    return parts.hostname or None
