"""JSON Feed 1.1 (`application/feed+json`), with the rights and credits in a `_newswire` extension object.

Valid against the JSON Feed 1.1 schema. What a reader may rely on: `feed_url` is the feed itself, the section's
current document, in every document of the section (archives and sync pages included); `hubs` lists the WebSub
hub; `next_url` the document that goes on from this one when there is one: from the current document and from an
archive, the archive of older items (RFC 5005 `prev-archive`); from a sync page, the next page of changes. An
item's `id` is its `tag:` URI, the same in every format and across versions; `url` its page here, `external_url`
where it was first published. `date_published` and `date_modified` are RFC 3339 in UTC with `Z`, to the second,
four-digit years. `content_html` is the body with the visible credit line at its end when the reader may see the
body; otherwise `content_text` is the text the reader may see (summary and credit line). `authors` is the byline,
else the source. Withdrawn items are left out of the current document and archives (JSON Feed has no way to say
that an item is gone, and a reader would show an empty one); a sync page (the change log) lists each as an item of
its `id` and `url`, empty `content_text`, `date_modified` when it was withdrawn, and `_newswire` `status`
"canceled" (with the `version` that withdrew it and the reason as `ed_note`), after the page's other items.

`_newswire` on the feed: `id` (the feed's `tag:` URI) and `rights`. On an item: `version`, `status`, `credit_line`,
`rights` (`holder`, `notice`, `usage_terms`), `credits` (`code`, `name`), and when set `signal`, `ed_note`,
`embargo`, `located`, `slugline`. Absent values are left out, never null.
"""

from __future__ import annotations

from typing import Any

from feeds._dates import rfc3339
from feeds._json import json_bytes
from feeds._text import author_name, display_html, display_summary
from feeds.view import Entry, Feed, Link, Rights, Tombstone

EXTENSION = "json"
MEDIA_TYPE = "application/feed+json"
VERSION = "https://jsonfeed.org/version/1.1"

Doc = dict[str, Any]


def render(feed: Feed) -> bytes:
    """The JSON Feed document of `feed`: items in the order given; tombstones only in a sync page."""
    doc: Doc = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": _current(feed).resolve(EXTENSION),
        "description": feed.description,
        "authors": [{"name": feed.provider}],
        "language": feed.language,
    }
    hubs = [{"type": "WebSub", "url": link.resolve(EXTENSION)} for link in feed.links if link.rel == "hub"]
    if hubs:
        doc["hubs"] = hubs
    following = _following(feed)
    if following is not None:
        doc["next_url"] = following.resolve(EXTENSION)
    doc["_newswire"] = {"id": feed.guid, "rights": _rights(feed.rights)}
    doc["items"] = [_item(feed, entry) for entry in feed.entries]
    if feed.sync:
        doc["items"] += [_tombstone(tombstone) for tombstone in feed.tombstones]
    return json_bytes(doc)


def _tombstone(tombstone: Tombstone) -> Doc:
    extension: Doc = {"status": "canceled"}
    if tombstone.version is not None:
        extension["version"] = tombstone.version
    if tombstone.reason:
        extension["ed_note"] = tombstone.reason
    return {
        "id": tombstone.guid,
        "url": tombstone.url,
        "content_text": "",
        "date_modified": rfc3339(tombstone.when),
        "_newswire": extension,
    }


def _current(feed: Feed) -> Link:
    """The section's current document: JSON Feed's `feed_url` is "the URL of the feed", not of this page of it.

    An archive or sync page links it as `current` (RFC 5005); a document without such a link is the current one."""
    return next((link for link in feed.links if link.rel == "current"), feed.self_link)


def _following(feed: Feed) -> Link | None:
    """Where a reader goes on from here, if anywhere: JSON Feed's `next_url` is "the next n items", in the
    publisher's order. A sync page's `next` goes on with the changes after it; otherwise the `prev-archive` holds the
    items older than this document's, the only way JSON Feed readers (which read no HTTP `Link` header) reach them."""
    for rel in ("next", "prev-archive"):
        found = next((link for link in feed.links if link.rel == rel), None)
        if found is not None:
            return found
    return None


def _item(feed: Feed, entry: Entry) -> Doc:
    doc: Doc = {"id": entry.guid, "url": entry.url}
    if entry.canonical_url:
        doc["external_url"] = entry.canonical_url
    doc["title"] = entry.headline
    html = display_html(entry)
    if html is None:
        doc["content_text"] = display_summary(entry)
    else:
        doc["content_html"] = html
    if entry.summary:
        doc["summary"] = entry.summary
    doc["date_published"] = rfc3339(entry.published)
    doc["date_modified"] = rfc3339(entry.updated)
    author = author_name(entry)
    if author:
        doc["authors"] = [{"name": author}]
    if entry.sections:
        doc["tags"] = list(entry.sections)
    doc["language"] = entry.language or feed.language
    doc["_newswire"] = _extension(entry)
    return doc


def _extension(entry: Entry) -> Doc:
    doc: Doc = {
        "version": entry.version,
        "status": entry.status,
        "credit_line": entry.credit_line,
        "rights": _rights(entry.rights),
        "credits": [{"code": c.code, "name": c.name} for c in entry.credits],
    }
    for name, value in (
        ("signal", entry.signal),
        ("ed_note", entry.ed_note),
        ("embargo", rfc3339(entry.embargo) if entry.embargo else None),
        ("located", entry.located),
        ("slugline", entry.slugline),
    ):
        if value:
            doc[name] = value
    return doc


def _rights(rights: Rights) -> Doc:
    found = (("holder", rights.holder), ("notice", rights.notice), ("usage_terms", rights.usage_terms))
    return {name: value for name, value in found if value}
