"""ninjs (IPTC News in JSON) 3.1, and 2.2 for partners who ask for it (`?version=2.2`).

An item is one ninjs object, valid against the ninjs schema of the version served: 3.1 has camelCase names
(`versionCreated`, `pubStatus`, `copyrightHolder`), 2.2 the same properties in lower case (`versioncreated`,
`pubstatus`), with `embargoed` for 3.1's `embargoedUntil`. `/v1/items/{id}.ninjs` is that object alone.

A feed is an object, not a bare array, because a feed has links a reader needs (itself, the hub to subscribe to,
the next page) and a bare array has nowhere to put them:

    {
      "id": "tag:...:feed:world",             the feed's id, as in Atom
      "title": "...", "description": "...", "language": "en",
      "updated": "2026-03-01T10:00:00Z",      the newest change in the document, never the clock
      "links": [{"rel": "self", "href": ".../feeds/world.ninjs", "type": "application/json"},
                {"rel": "alternate", "href": "...", "type": "text/html"},
                {"rel": "hub", "href": "..."}, {"rel": "next", "href": "...", "type": "application/json"}],
      "items": [ {ninjs item}, ... ]          newest first, then withdrawn items (pubStatus "canceled")
    }

In a 2.2 feed, the links to the feed's own pages keep `version=2.2`.

What an item carries, each when the view has it: `uri` (the item's `tag:` URI, the same in every format and across
versions), `standard`, `type` "text", `version`, `firstCreated` (publication) and `versionCreated` (this version),
in UTC with `Z` to the second, `pubStatus`, `embargoedUntil`, the rights (`copyrightHolder`, `copyrightNotice`,
`usageTerms`), `edNote`, `language`, `slugline`, `headlines`, `by`, `located`, `descriptions` (the summary; the
credit line, role "creditline"), `bodies` (the body as HTML with the visible credit line at its end, or the text
the reader may see, summary and credit line, as plain text), `subjects` (the sections, as literals), `infoSources`
(agencies and source) and `renditions` (the item's web page). A withdrawn item is its `uri`, `version` when known,
`versionCreated` (when it was withdrawn), `pubStatus` "canceled" and the reason as `edNote`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from feeds._dates import rfc3339
from feeds._json import json_bytes
from feeds._text import display_html, display_summary
from feeds.view import Entry, Feed, Link, Tombstone

EXTENSION = "ninjs"
MEDIA_TYPE = "application/json"

Doc = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Names:
    """The names of one ninjs version where 3.1 and 2.2 differ, and that version's schema."""

    version: str
    first_created: str
    version_created: str
    embargoed: str
    pub_status: str
    copyright_holder: str
    copyright_notice: str
    usage_terms: str
    ed_note: str
    info_sources: str
    content_type: str

    @property
    def standard(self) -> Doc:
        schema = f"http://www.iptc.org/std/ninjs/ninjs-schema_{self.version}.json#"
        return {"name": "ninjs", "version": self.version, "schema": schema}


_31 = _Names(
    "3.1",
    "firstCreated",
    "versionCreated",
    "embargoedUntil",
    "pubStatus",
    "copyrightHolder",
    "copyrightNotice",
    "usageTerms",
    "edNote",
    "infoSources",
    "contentType",
)
_22 = _Names(
    "2.2",
    "firstcreated",
    "versioncreated",
    "embargoed",
    "pubstatus",
    "copyrightholder",
    "copyrightnotice",
    "usageterms",
    "ednote",
    "infosources",
    "contenttype",
)


def render_31(feed: Feed) -> bytes:
    """The ninjs 3.1 feed document of `feed` (see the module docstring for its shape)."""
    return json_bytes(_feed(feed, _31, None))


def render_item_31(feed: Feed, entry: Entry) -> bytes:
    """`entry` as one ninjs 3.1 object."""
    return json_bytes(_item(feed, entry, _31))


def render_22(feed: Feed) -> bytes:
    """The ninjs 2.2 feed document of `feed`: the same shape, its items in 2.2's names."""
    return json_bytes(_feed(feed, _22, "2.2"))


def render_item_22(feed: Feed, entry: Entry) -> bytes:
    """`entry` as one ninjs 2.2 object."""
    return json_bytes(_item(feed, entry, _22))


def _feed(feed: Feed, names: _Names, variant: str | None) -> Doc:
    items = [_item(feed, entry, names) for entry in feed.entries]
    items.extend(_tombstone(tombstone, names) for tombstone in feed.tombstones)
    return {
        "id": feed.guid,
        "title": feed.title,
        "description": feed.description,
        "language": feed.language,
        "updated": rfc3339(feed.updated),
        "links": list(_links(feed, variant)),
        "items": items,
    }


def _links(feed: Feed, variant: str | None) -> Iterator[Doc]:
    yield _link(feed.self_link, variant)
    yield {"rel": "alternate", "href": feed.home_url, "type": "text/html"}
    for link in feed.links:
        yield _link(link, variant)


def _link(link: Link, variant: str | None) -> Doc:
    href = link.resolve(EXTENSION, variant)  # the feed's own pages stay in the version the reader asked for
    if not link.per_format:
        return {"rel": link.rel, "href": href, **({"type": link.media_type} if link.media_type else {})}
    return {"rel": link.rel, "href": href, "type": MEDIA_TYPE}


def _item(feed: Feed, entry: Entry, names: _Names) -> Doc:
    doc: Doc = {
        "uri": entry.guid,
        "standard": names.standard,
        "type": "text",
        "version": str(entry.version),
        names.first_created: rfc3339(entry.published),
        names.version_created: rfc3339(entry.updated),
    }
    if entry.embargo is not None:
        doc[names.embargoed] = rfc3339(entry.embargo)
    doc[names.pub_status] = entry.status
    rights = entry.rights
    _put(doc, names.copyright_holder, rights.holder)
    _put(doc, names.copyright_notice, rights.notice)
    _put(doc, names.usage_terms, rights.usage_terms)
    _put(doc, names.ed_note, entry.ed_note)
    _put(doc, "language", entry.language or feed.language)
    _put(doc, "slugline", entry.slugline)
    doc["headlines"] = [{"role": "main", "value": entry.headline}]
    _put(doc, "by", entry.byline)
    _put(doc, "located", entry.located)
    doc["descriptions"] = _descriptions(entry, names)
    doc["bodies"] = [_body(entry, names)]
    if entry.sections:
        doc["subjects"] = [{"literal": section} for section in entry.sections]
    sources = [{"name": c.name, "literal": c.code, "role": "agency"} for c in entry.credits]
    if entry.source:
        sources.append({"name": entry.source, "role": "source"})
    if sources:
        doc[names.info_sources] = sources
    doc["renditions"] = [_web_page(entry.url, names)]
    return doc


def _tombstone(tombstone: Tombstone, names: _Names) -> Doc:
    doc: Doc = {"uri": tombstone.guid, "standard": names.standard, "type": "text"}
    if tombstone.version is not None:
        doc["version"] = str(tombstone.version)
    doc[names.version_created] = rfc3339(tombstone.when)
    doc[names.pub_status] = "canceled"
    _put(doc, names.ed_note, tombstone.reason)
    doc["renditions"] = [_web_page(tombstone.url, names)]
    return doc


def _descriptions(entry: Entry, names: _Names) -> list[Doc]:
    found = []
    if entry.summary:
        found.append({"role": "summary", names.content_type: "text/plain", "value": entry.summary})
    found.append({"role": "creditline", names.content_type: "text/plain", "value": entry.credit_line})
    return found


def _body(entry: Entry, names: _Names) -> Doc:
    html = display_html(entry)
    if html is None:
        return {"role": "main", names.content_type: "text/plain", "value": display_summary(entry)}
    return {"role": "main", names.content_type: "text/html", "value": html}


def _web_page(url: str, names: _Names) -> Doc:
    return {"name": "web", "href": url, names.content_type: "text/html"}


def _put(doc: Doc, name: str, value: str | None) -> None:
    # ninjs has no nulls: what the view lacks is left out.
    if value:
        doc[name] = value
