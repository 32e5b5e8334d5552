"""OPML 2.0 (http://opml.org/spec2.opml): the list of a site's feeds, for feed readers to import.

One outline per section holds one outline per format. Formats that feed readers read are subscription outlines
(`type="rss"`, which OPML uses for Atom and JSON Feed too, with `xmlUrl`); the others are plain links
(`type="link"`, with `url`), which readers list without subscribing to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

MEDIA_TYPE = "text/x-opml"
SPEC = "http://opml.org/spec2.opml"


@dataclass(frozen=True, slots=True)
class Outline:
    """One feed: its label ("Atom"), its URL, and whether feed readers subscribe to it."""

    label: str
    url: str
    for_readers: bool


@dataclass(frozen=True, slots=True)
class Group:
    """A section and its feeds."""

    title: str
    description: str
    html_url: str
    language: str
    feeds: tuple[Outline, ...]


def render(title: str, groups: Sequence[Group]) -> bytes:
    """The OPML document, UTF-8, with an XML declaration."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "docs").text = SPEC
    body = etree.SubElement(root, "body")
    for group in groups:
        section = etree.SubElement(body, "outline", text=group.title, title=group.title)
        for feed in group.feeds:
            name = f"{group.title} ({feed.label})"
            if feed.for_readers:
                etree.SubElement(
                    section,
                    "outline",
                    type="rss",
                    text=name,
                    title=name,
                    description=group.description,
                    xmlUrl=feed.url,
                    htmlUrl=group.html_url,
                    language=group.language,
                )
            else:
                etree.SubElement(section, "outline", type="link", text=name, url=feed.url)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
