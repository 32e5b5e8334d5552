"""RSS 2.0 through feedgen: per-item credit in `dc:rights`, hub and paging links as `atom:link`s."""

from __future__ import annotations

from typing import Any

from feedgen.feed import FeedGenerator
from lxml import etree

from feeds._text import display_html, display_summary
from feeds.view import Entry, Feed, Link

EXTENSION = "rss"
MEDIA_TYPE = "application/rss+xml"
_ATOM_LINK = "{http://www.w3.org/2005/Atom}link"


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
    fg.copyright(feed.rights.notice)
    fg.register_extension("newswire_rss", _Links, None, atom=False)
    fg.newswire_rss.links = feed.links
    for entry in feed.entries:
        _add_item(fg, entry)
    return bytes(fg.rss_str(pretty=False))


def _add_item(fg: FeedGenerator, entry: Entry) -> None:
    fe = fg.add_entry(order="append")
    fe.title(entry.headline)
    fe.link(href=entry.url)
    fe.guid(entry.guid, permalink=False)
    fe.pubDate(entry.published)
    fe.description(display_summary(entry))
    content = display_html(entry)
    if content is not None:
        fe.content(content)
        fe.description(display_summary(entry))
    for section in entry.sections:
        fe.category(term=section)
    if entry.byline:
        fe.dc.dc_creator(entry.byline)
    notice = entry.rights.notice
    fe.dc.dc_rights(f"{notice} ({entry.credit_line})" if notice else entry.credit_line)


class _Links:
    """`atom:link`s for the hub and paging: feedgen writes only the self link into RSS.

    feedgen makes its extensions itself, without arguments, so the links are handed over after registering (a
    class made per render would be a reference cycle holding the render's view until the cyclic collector ran)."""

    def __init__(self) -> None:
        self.links: tuple[Link, ...] = ()

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_rss(self, root: Any) -> Any:
        channel = root.find("channel")
        for link in self.links:
            element = etree.SubElement(channel, _ATOM_LINK, rel=link.rel, href=link.resolve(EXTENSION))
            if link.per_format:
                element.set("type", MEDIA_TYPE)
        return root

    def extend_atom(self, root: Any) -> Any:
        return root
