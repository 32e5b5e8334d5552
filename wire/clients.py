"""Who a request comes from: the address it arrived from, or, when that is a trusted proxy (`[server]
trusted_proxies`), the client the proxies name in `X-Forwarded-For` or, if so configured (`[server]
client_address_header`), in RFC 7239 `Forwarded`.

Each proxy appends the address it received the request from, so the header is read from the right: past every
trusted proxy, the first address is the client's. Entries left of it were written by the client itself and are
never believed. A request from an address that is not a trusted proxy is that address, whatever its headers say.
Only the configured header is read: the other one is whatever the client wrote, as the proxies do not write it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence

from aiohttp import web
from multidict import CIMultiDictProxy

from wire.callbacks import Network

X_FORWARDED_FOR = "X-Forwarded-For"
FORWARDED = "Forwarded"  # RFC 7239
# Peers already judged, trusted or not: a server hears from a few proxies, or from many clients when it has none
# in front of it; the memo is cleared when it grows past this.
_MOST_REMEMBERED = 4096


class ClientAddresses:
    """The client address of each request, under one list of trusted proxies."""

    __slots__ = ("_header", "_judged", "_networks")

    def __init__(self, networks: Sequence[Network], header: str = X_FORWARDED_FOR) -> None:
        self._networks = tuple(networks)
        self._header = FORWARDED if header.lower() == FORWARDED.lower() else X_FORWARDED_FOR
        self._judged: dict[str, bool] = {}

    @classmethod
    def of(cls, trusted: Sequence[str], header: str = X_FORWARDED_FOR) -> ClientAddresses:
        """From the configured addresses or networks (CIDR), checked by the configuration already, and the header
        the proxies name clients in."""
        return cls([ipaddress.ip_network(entry, strict=False) for entry in trusted], header)

    def of_request(self, request: web.BaseRequest) -> str | None:
        return self.of_peer(request.remote, request.headers)

    def of_peer(self, peer: str | None, headers: CIMultiDictProxy[str]) -> str | None:
        """The client of a request with `headers` that arrived from `peer`."""
        if not self._networks or peer is None or not self.trusted(peer):
            return peer
        fields = headers.getall(self._header, ())
        if not fields:
            return peer
        if self._header == FORWARDED:
            hops = [hop for field in fields for hop in forwarded_for(field)]
        else:
            hops = [hop.strip() for field in fields for hop in field.split(",")]
        client = peer
        for hop in reversed(hops):
            address = _address(hop) if hop is not None else None
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


# A Forwarded element (RFC 7239 section 4): parameters, each a token, "=" and a token or a quoted string, apart by
# ";". Elements are apart by ","; a comma inside a quoted string is part of it.
_ELEMENT = re.compile(r'(?:[^",]|"(?:[^"\\]|\\.)*(?:"|$))+')
_TCHARS = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PAIR = re.compile(rf"[ \t]*({_TCHARS})=({_TCHARS}|{_QUOTED})[ \t]*(?:;|$)")
_ESCAPED = re.compile(r"\\(.)")


def forwarded_for(field: str) -> list[str | None]:
    """The `for` node of each element of a Forwarded field, left to right, with quotes and escapes undone: None
    for an element that names none or is not well formed (where a walk from the right stops)."""
    nodes: list[str | None] = []
    for element in _ELEMENT.finditer(field):
        text = element[0]
        if not text.strip(" \t"):
            continue  # an empty element: "a, , b"
        node: str | None = None
        names: set[str] = set()
        position = 0
        while position < len(text):
            pair = _PAIR.match(text, position)
            name = pair[1].lower() if pair is not None else ""
            if pair is None or name in names:  # a parameter given twice is malformed too
                node = None
                break
            names.add(name)
            if name == "for":
                value = pair[2]
                node = _ESCAPED.sub(r"\1", value[1:-1]) if value.startswith('"') else value
            position = pair.end()
        nodes.append(node)
    return nodes


def _address(hop: str) -> str | None:
    """The IP address of one entry of X-Forwarded-For or node of Forwarded, in its usual form (without a port);
    None if it is none."""
    if hop.startswith("["):  # [2001:db8::1]:443
        hop = hop[1 : hop.find("]")] if "]" in hop else ""
    elif hop.count(":") == 1:  # 192.0.2.1:443
        hop = hop.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(hop))
    except ValueError:
        return None
