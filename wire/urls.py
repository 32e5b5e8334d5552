"""Public addresses and identifiers, all built from the configured public URL, never from a request's Host."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


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
