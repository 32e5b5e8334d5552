"""Public addresses and identifiers, all built from the configured public URL, never from a request's Host; and
what makes a text an http(s) URI."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit


@dataclass(frozen=True, slots=True)
class Urls:
    public_url: str  # without a trailing slash
    id_authority: str  # RFC 4151 tagging entity, e.g. "newswire.example,2026"

    @classmethod
    def of(cls, public_url: str, id_authority: str) -> Urls:
        return cls(public_url.rstrip("/"), id_authority)

    def item_guid(self, item_id: str) -> str:
        """The item's id in every format: stable across versions, servers and formats."""
        return f"tag:{self.id_authority}:item:{item_id}"

    def feed_guid(self, section: str) -> str:
        return f"tag:{self.id_authority}:feed:{section}"

    def item_page(self, item_id: str) -> str:
        return f"{self.public_url}/items/{quote(item_id, safe='')}"

    def item_api(self, item_id: str) -> str:
        return f"{self.public_url}/v1/items/{quote(item_id, safe='')}"

    def feed_base(self, section: str) -> str:
        """The section's feed URL without extension: `feed_base(s) + ".atom"` is its Atom feed."""
        return f"{self.public_url}/feeds/{quote(section, safe='')}"

    def section_page(self, section: str) -> str:
        return f"{self.public_url}/#{quote(section, safe='')}"

    def hub(self) -> str:
        return f"{self.public_url}/websub"


_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_SUB_DELIMS = "!$&'()*+,;="
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def web_uri(text: str) -> str | None:
    """`text` as an absolute http(s) URI, or None when it is not one (another scheme, no host, a host that is not
    a host name or an IP address, a port that is not a number). An IRI becomes its URI (RFC 3987 3.1): the host
    in IDNA, every other character a URI may not hold percent-encoded as UTF-8; an ASCII URL comes back as it was.
    """
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = _uri_host(parts.hostname)
    if host is None:
        return None
    userinfo, at, _ = parts.netloc.rpartition("@")
    netloc = f"{_uri_part(userinfo, ':')}{at}{host}{'' if port is None else f':{port}'}"
    if netloc.lower() == parts.netloc.lower():
        netloc = parts.netloc  # keep the editor's spelling when it was a URI already
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            _uri_part(parts.path, ":@/"),
            _uri_part(parts.query, ":@/?"),
            _uri_part(parts.fragment, ":@/?"),
        )
    )


def _uri_host(name: str) -> str | None:
    """The host as a URI holds it: an IP address (IPv6 in brackets) or a host name in ASCII; None if neither."""
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        pass
    else:
        return f"[{address}]" if address.version == 6 else str(address)
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_name.removesuffix(".").split(".")
    return ascii_name if all(_HOST_LABEL.match(label) for label in labels) else None


def _uri_part(text: str, allowed: str) -> str:
    """`text` with every character a URI may not hold there percent-encoded (a `%` that starts no escape too)."""
    return quote(_LONE_PERCENT.sub("%25", text), safe=f"{_SUB_DELIMS}{allowed}%")
