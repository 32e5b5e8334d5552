"""Who a request comes from: the address it arrived from, or, when that is a trusted proxy (`[server]
trusted_proxies`), the client the proxies name in `X-Forwarded-For`.

Each proxy appends the address it received the request from, so the header is read from the right: past every
trusted proxy, the first address is the client's. Entries left of it were written by the client itself and are
never believed. A request from an address that is not a trusted proxy is that address, whatever its headers say.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from aiohttp import web
from multidict import CIMultiDictProxy

from wire.callbacks import Network

_FORWARDED_FOR = "X-Forwarded-For"
# Peers already judged, trusted or not: a server hears from a few proxies, or from many clients when it has none
# in front of it; the memo is cleared when it grows past this.
_MOST_REMEMBERED = 4096


class ClientAddresses:
    """The client address of each request, under one list of trusted proxies."""

    __slots__ = ("_judged", "_networks")

    def __init__(self, networks: Sequence[Network]) -> None:
        self._networks = tuple(networks)
        self._judged: dict[str, bool] = {}

    @classmethod
    def of(cls, trusted: Sequence[str]) -> ClientAddresses:
        """From the configured addresses or networks (CIDR), checked by the configuration already."""
        return cls([ipaddress.ip_network(entry, strict=False) for entry in trusted])

    def of_request(self, request: web.BaseRequest) -> str | None:
        return self.of_peer(request.remote, request.headers)

    def of_peer(self, peer: str | None, headers: CIMultiDictProxy[str]) -> str | None:
        """The client of a request with `headers` that arrived from `peer`."""
        if not self._networks or peer is None or not self.trusted(peer):
            return peer
        forwarded = headers.getall(_FORWARDED_FOR, ())
        if not forwarded:
            return peer
        hops = [hop.strip() for field in forwarded for hop in field.split(",")]
        client = peer
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                break  # not an address: what is left of it cannot be believed either
            client = address
            if not self.trusted(address):
                break
        return client

    def trusted(self, address: str) -> bool:
        judged = self._judged.get(address)
        if judged is None:
            try:
                ip = ipaddress.ip_address(address.split("%", 1)[0])
            except ValueError:
                return False
            judged = any(ip in network for network in self._networks)
            if len(self._judged) >= _MOST_REMEMBERED:
                self._judged.clear()
            self._judged[address] = judged
        return judged


def _address(hop: str) -> str | None:
    """The IP address of one entry of X-Forwarded-For, in its usual form (without a port); None if it is none."""
    if hop.startswith("["):  # [2001:db8::1]:443
        hop = hop[1 : hop.find("]")] if "]" in hop else ""
    elif hop.count(":") == 1:  # 192.0.2.1:443
        hop = hop.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(hop))
    except ValueError:
        return None
