"""Atom 1.0 (RFC 4287) through feedgen, with RFC 6721 tombstones and RFC 5005 links added as extensions."""

from __future__ import annotations

from typing import Any

from feedgen.feed import FeedGenerator
from lxml import etree

from feeds._text import author_name, display_html, display_summary, rights_text
from feeds.view import Entry, Feed

EXTENSION = "atom"
MEDIA_TYPE = "application/atom+xml"
_TOMBSTONES = "http://purl.org/atompub/tombstones/1.0"
_HISTORY = "http://purl.org/syndication/history/1.0"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def render(feed: Feed) -> bytes:
    """The Atom document of `feed`: entries in the order given, ids stable, times in UTC."""
    fg = FeedGenerator()
    fg.id(feed.guid)
    fg.title(feed.title)
    fg.subtitle(feed.description)
    fg.updated(feed.updated)
    fg.language(feed.language)
    fg.author({"name": feed.provider})
    fg.generator(feed.generator)
    fg.rights(rights_text(feed.rights))  # the notice and the usage terms: Atom has one rights element
    fg.link(href=feed.self_link.resolve(EXTENSION), rel="self", type=MEDIA_TYPE)
    fg.link(href=feed.home_url, rel="alternate", type="text/html")
    for link in feed.links:
        fg.link(href=link.resolve(EXTENSION), rel=link.rel, **_type(link.media_type, link.per_format))
    fg.register_extension("newswire_atom", _History, _EntryExtras, rss=False)
    fg.newswire_atom.feed = feed
    for entry in feed.entries:
        _add_entry(fg, entry)
    return bytes(fg.atom_str(pretty=False))


def _type(media_type: str | None, per_format: bool) -> dict[str, str]:
    if per_format:
        return {"type": MEDIA_TYPE}
    return {"type": media_type} if media_type else {}


def _add_entry(fg: FeedGenerator, entry: Entry) -> None:
    fe = fg.add_entry(order="append")
    fe.id(entry.guid)
    fe.title(entry.headline)
    fe.updated(entry.updated)
    fe.published(entry.published)
    # feedgen drops rel and type from entry links, so the extension writes them (see _EntryExtras).
    fe.link(href=entry.url)
    fe.author({"name": author_name(entry) or entry.credit_line})  # Atom requires one
    fe.summary(display_summary(entry))
    content = display_html(entry)
    if content is not None:
        fe.content(content, type="html")
    fe.rights(rights_text(entry.rights))
    for section in entry.sections:
        fe.category(term=section)
    fe.newswire_atom.entry = entry


class _History:
    """Marks an archive document (RFC 5005) and adds an `at:deleted-entry` per withdrawn item (RFC 6721).

    feedgen makes its extensions itself, without arguments, so the feed is handed over after registering. A
    class of module level rather than one made per render: a class is a reference cycle, which would keep each
    render's whole view alive until the cyclic collector happens to run."""

    def __init__(self) -> None:
        self.feed: Feed | None = None

    def extend_ns(self) -> dict[str, str]:
        feed = self.feed
        if feed is None:
            return {}
        namespaces = {"at": _TOMBSTONES} if feed.tombstones else {}
        return {**namespaces, "fh": _HISTORY} if feed.archive else namespaces

    def extend_atom(self, root: Any) -> Any:
        feed = self.feed
        if feed is None:
            return root
        if feed.archive:
            etree.SubElement(root, f"{{{_HISTORY}}}archive")
        for tombstone in feed.tombstones:
            deleted = etree.SubElement(
                root,
                f"{{{_TOMBSTONES}}}deleted-entry",
                ref=tombstone.guid,
                when=tombstone.when.isoformat(),
            )
            # No atom:link (RFC 6721 allows one): feedparser, which many readers are built on, takes a link outside
            # an entry for the feed's own, so the feed's home page became the withdrawn story's. `ref` names it.
            if tombstone.reason:
                comment = etree.SubElement(deleted, f"{{{_TOMBSTONES}}}comment")
                comment.text = tombstone.reason
        return root

    def extend_rss(self, root: Any) -> Any:
        return root


class _EntryExtras:
    """What feedgen cannot say of an entry: typed links, the via link, `xml:lang`."""

    def __init__(self) -> None:
        self.entry: Entry | None = None

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_atom(self, element: Any) -> Any:
        entry = self.entry
        if entry is None:
            return element
        for link in element.findall("link"):
            link.set("rel", "alternate")
            link.set("type", "text/html")
        if entry.canonical_url:
            etree.SubElement(element, "link", rel="via", type="text/html", href=entry.canonical_url)
        if entry.language:
            element.set(_XML_LANG, entry.language)
        return element

    def extend_rss(self, element: Any) -> Any:
        return element
