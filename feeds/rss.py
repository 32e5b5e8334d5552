"""RSS 2.0 through feedgen: per-item rights and credit in `dc:rights`, an item's own language in `dc:language` when it
is not the channel's, hub and paging links as `atom:link`s, dates with four-digit years. Withdrawn items are left
out, but from a sync page (the change log): there each is an item of its `guid` and `link`, titled "Withdrawn", in
the category `withdrawn`, dated when it was withdrawn, the reason as its description, so that a copy kept from RSS
learns what to take down."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator
from lxml import etree

from feeds._dates import rfc822
from feeds._text import author_name, display_html, display_summary_html, rights_text
from feeds.view import Entry, Feed, Tombstone

EXTENSION = "rss"
MEDIA_TYPE = "application/rss+xml"
_ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
WITHDRAWN = "withdrawn"  # the category of a withdrawn item in a sync page


def render(feed: Feed) -> bytes:
    """The RSS document of `feed`: items in the order given, guids stable, dates RFC 822 with a numeric zone."""
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.title(feed.title)
    fg.description(feed.description)
    fg.link(href=feed.self_link.resolve(EXTENSION), rel="self", type=MEDIA_TYPE)
    fg.link(href=feed.home_url, rel="alternate")  # feedgen takes the last link as the channel's <link>
    fg.language(feed.language)
    fg.lastBuildDate(feed.updated)
    fg.generator(feed.generator)
    fg.copyright(rights_text(feed.rights))  # the notice and the usage terms: RSS has one copyright element
    fg.register_extension("newswire_rss", _Channel, _ItemDate, atom=False)
    fg.newswire_rss.feed = feed
    for entry in feed.entries:
        _add_item(fg, entry, feed.language)
    if feed.sync:
        for tombstone in feed.tombstones:
            _add_withdrawn(fg, tombstone)
    return bytes(fg.rss_str(pretty=False))


def _html_safe(text: str) -> str:
    """Plain text for an element many readers render as HTML (RSS gives no way to say which it is): its angle
    brackets written as character references, so that a headline's "<b>" shows as written and a scraped one's
    markup never runs. Ampersands stay: "AT&T" reads the same either way."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _add_item(fg: FeedGenerator, entry: Entry, language: str) -> None:
    fe = fg.add_entry(order="append")
    fe.title(_html_safe(entry.headline))
    fe.link(href=entry.url)
    fe.guid(entry.guid, permalink=False)
    fe.pubDate(entry.published)
    fe.newswire_rss.published = entry.published  # written again with a four-digit year (see _ItemDate)
    fe.description(display_summary_html(entry))
    content = display_html(entry)
    if content is not None:
        fe.content(content)
        fe.description(display_summary_html(entry))
    for section in entry.sections:
        fe.category(term=section)
    if entry.language and entry.language != language:
        # RSS has one language, the channel's: an item in another says its own in Dublin Core, as Atom's xml:lang does.
        fe.dc.dc_language(entry.language)
    author = author_name(entry)
    if author:
        fe.dc.dc_creator(_html_safe(author))
    rights = rights_text(entry.rights)
    fe.dc.dc_rights(_html_safe(f"{rights} ({entry.credit_line})" if rights else entry.credit_line))


def _add_withdrawn(fg: FeedGenerator, tombstone: Tombstone) -> None:
    fe = fg.add_entry(order="append")
    fe.title("Withdrawn")
    fe.link(href=tombstone.url)
    fe.guid(tombstone.guid, permalink=False)
    fe.pubDate(tombstone.when)
    fe.newswire_rss.published = tombstone.when
    reason = f"Withdrawn: {tombstone.reason}" if tombstone.reason else "Withdrawn."
    fe.description(f"<p>{html.escape(reason, quote=False)}</p>")  # read as HTML
    fe.category(term=WITHDRAWN)


class _Channel:
    """What feedgen cannot say of the channel: `atom:link`s for the hub and paging (it writes only the self link into
    RSS), and `lastBuildDate` with a four-digit year (its `%Y` writes the year 226 as `226`, which is no date).

    feedgen makes its extensions itself, without arguments, so the feed is handed over after registering (a class
    made per render would be a reference cycle holding the render's view until the cyclic collector ran)."""

    def __init__(self) -> None:
        self.feed: Feed | None = None

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, root: Any) -> Any:
        feed = self.feed
        if feed is None:
            return root
        channel = root.find("channel")
        _redate(channel, "lastBuildDate", feed.updated)
        for link in feed.links:
            element = etree.SubElement(channel, _ATOM_LINK, rel=link.rel, href=link.resolve(EXTENSION))
            if link.per_format:
                element.set("type", MEDIA_TYPE)
        return root

    def extend_atom(self, root: Any) -> Any:
        return root


class _ItemDate:
    """An item's `pubDate` with a four-digit year, in place of feedgen's (see _Channel)."""

    def __init__(self) -> None:
        self.published: datetime | None = None

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, item: Any) -> Any:
        if self.published is not None:
            _redate(item, "pubDate", self.published)
        return item

    def extend_atom(self, entry: Any) -> Any:
        return entry


def _redate(parent: Any, name: str, moment: datetime) -> None:
    # Only the text changes: the element stays where feedgen put it, so a document with ordinary years is the same.
    element = parent.find(name)
    if element is not None:
        element.text = rfc822(moment)
