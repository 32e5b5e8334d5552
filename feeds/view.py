"""What a renderer receives: an immutable view of one feed document, already shaped by the rules.

Everything here is what the reader may see. A field that the reader's level does not include is None; an item
the reader may not see is not here at all. Renderers add nothing that is not in the view, and read no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Rights:
    """Who owns an item and on what terms it may be used."""

    holder: str | None = None
    notice: str | None = None
    usage_terms: str | None = None


@dataclass(frozen=True, slots=True)
class Credit:
    """An agency credited for an item."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link of a feed document.

    When `per_format` is set, `href` is a feed URL without its extension: each renderer adds its own
    (`.atom`, `.rss`, ...) before the query, so one view serves every format.
    """

    rel: str
    href: str
    query: str = ""
    per_format: bool = False
    media_type: str | None = None

    def resolve(self, extension: str, variant: str | None = None) -> str:
        """The URL in the format of `extension`; a link to one of the feed's own pages also keeps the version
        `variant` the reader asked for (`version=2.2`)."""
        if not self.per_format:
            return f"{self.href}?{self.query}" if self.query else self.href
        query = "&".join(q for q in (self.query, f"version={variant}" if variant else "") if q)
        return f"{self.href}.{extension}?{query}" if query else f"{self.href}.{extension}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One item as this reader may see it."""

    guid: str  # stable across versions and the same in every format (a tag: URI)
    item_id: str  # the editor's id
    url: str  # permalink: the item's page on this server
    kind: str  # "article" or "headline"
    headline: str
    published: datetime  # first publication, UTC
    updated: datetime  # this version, UTC
    version: int
    credit_line: str  # the visible credit the reader must show
    rights: Rights
    credits: tuple[Credit, ...] = ()
    summary: str | None = None  # plain text
    body_html: str | None = None  # sanitised HTML fragment
    byline: str | None = None
    language: str | None = None
    source: str | None = None  # name of the site or desk
    canonical_url: str | None = None  # where the story was first published, if elsewhere
    sections: tuple[str, ...] = ()
    status: str = "usable"  # usable | withheld | canceled
    signal: str | None = None  # "correction" or "update"
    ed_note: str | None = None
    embargo: datetime | None = None
    located: str | None = None
    slugline: str | None = None


@dataclass(frozen=True, slots=True)
class Tombstone:
    """An item withdrawn since the reader may have seen it (RFC 6721)."""

    guid: str
    item_id: str
    url: str
    when: datetime
    reason: str | None = None
    version: int | None = None  # the version that withdrew the item, when known (NewsML-G2 and ninjs state it)


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed document: a page of a section's items as one reader may see them."""

    guid: str  # tag: URI of the section's feed
    section: str
    title: str
    description: str
    language: str
    home_url: str  # the section's page for people
    self_link: Link  # per_format
    updated: datetime  # newest change in the document: never the clock
    generator: str
    provider: str  # the service's name as sender/provider
    rights: Rights
    entries: tuple[Entry, ...] = ()
    tombstones: tuple[Tombstone, ...] = ()
    links: tuple[Link, ...] = field(default=())  # hub, paging (next, prev-archive, current), alternates
    archive: bool = False  # an RFC 5005 archive document: a fixed period of the section, not the newest items
    # A page of the change log (a partner's sync): its withdrawn items are listed in every format, so that a copy
    # kept from any of them learns what to take down.
    sync: bool = False
