"""NewsML-G2 2.35 (IPTC): a section as a `newsMessage` of `newsItem`s, one item alone as a `newsItem`.

Every document is valid against the NewsML-G2 2.35 All-Power XSD. What a partner may rely on:

- `header/sent` is the feed's `updated` (the newest change it holds, never the clock), so unchanged content
  renders identical bytes; `sender` is the service's name.
- The `itemSet` holds the entries in the order given (newest first), then a `newsItem` with `pubStatus`
  `stat:canceled` for every item withdrawn since (its guid, the withdrawing version when known, the reason as
  `edNote`). The schema requires at least one item in an `itemSet`: a section with nothing to send carries a
  `packageItem` standing for the section itself, without groups (an empty package).
- A `newsItem`'s `guid` is the item's `tag:` URI, the id it has in every format, and never changes across
  versions; `version` is the stored version. Qualified codes come from the IPTC catalog every item references
  (`ninat`, `stat`, `sig`, `irel`, `cpnat`, `drol`); the service's own codes (sections, agency codes, its own name as
  provider) are literals, since no public scheme defines them.
- `itemClass` is `ninat:text` for articles and headline items alike: a headline item is text, only shorter.
- Times are UTC with `Z`, to the second: `versionCreated` is this version's time, `firstCreated` the publication.
- `contentMeta` holds the language, the sections as `subject`s, the agencies and the source as `infoSource`s,
  `located`, slugline, headline, `by`, the `creditline` and the summary (a `drol:summary` description).
- A `newsItem` in a language written right to left says so with `dir="rtl"` beside its `xml:lang`, and so does the
  XHTML document of its body.
- `contentSet` holds the body as an XHTML document in `inlineXML`, with the visible credit line at its end, when
  the reader may see the body; otherwise the text the reader may see (summary and credit line) as `text/plain`
  `inlineData`. Nothing the view leaves out is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol, cast

from lxml import etree

from feeds._dates import rfc3339
from feeds._text import display_html, display_summary, legal_text
from feeds._xhtml import xhtml_document
from feeds.languages import text_direction
from feeds.view import Entry, Feed, Rights, Tombstone

EXTENSION = "newsml"
MEDIA_TYPE = "application/vnd.iptc.g2.newsmessage+xml"
ITEM_MEDIA_TYPE = "application/vnd.iptc.g2.newsitem+xml"
STANDARD_VERSION = "2.35"
CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
NAR = "http://iptc.org/std/nar/2006-10-01/"

_N = f"{{{NAR}}}"
# lxml takes None as the default namespace's prefix; its type stubs only know str keys.
_NSMAP = cast("Mapping[str, str]", {None: NAR})
# lxml's incremental writer binds the XML namespace to a made-up prefix when given it as a namespace; under its
# reserved name the attribute comes out as xml:lang.
_XML_LANG = "xml:lang"
_CATALOG_REF = {"href": CATALOG}
_ITEM = {"standard": "NewsML-G2", "standardversion": STANDARD_VERSION, "conformance": "power"}
_STATUS = {"usable": "stat:usable", "withheld": "stat:withheld", "canceled": "stat:canceled"}
_SIGNAL = {"correction": "sig:correction", "update": "sig:update"}
_VIA = "http://www.iana.org/assignments/relation/via"  # IANA's "via": the resource the story came from
# xs:language, the type of xml:lang and language/@tag: a tag that is not one is left out rather than made invalid.
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")
# Names, sluglines, credit lines and literals are single-line strings in NewsML-G2: no tab, CR or LF.
_BREAKS = re.compile(r"[\t\n\r]+")


class _Writer(Protocol):
    """What this module uses of lxml's incremental XML writer (`etree.xmlfile`), which lxml-stubs lacks."""

    def write_declaration(self) -> None: ...

    def element(
        self, tag: str, attrib: Mapping[str, str] | None = None, nsmap: Mapping[str, str] | None = None
    ) -> AbstractContextManager[None]: ...

    def write(self, *content: str | etree._Element) -> None: ...


# The incremental writer escapes and encodes like the tree serialiser without building a tree: NewsML-G2 items hold
# some thirty small elements each, and building a tree then serialising it took about a third longer.
_xmlfile = cast("Callable[..., AbstractContextManager[_Writer]]", etree.xmlfile)


def render(feed: Feed) -> bytes:
    """The `newsMessage` of `feed`: valid NewsML-G2 2.35, the same bytes for the same view."""
    out = io.BytesIO()
    with _xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(f"{_N}newsMessage", nsmap=_NSMAP):
            with xf.element(f"{_N}header"):
                _leaf(xf, "sent", rfc3339(feed.updated))
                _leaf(xf, "sender", _line(feed.provider))
            with xf.element(f"{_N}itemSet"):
                for entry in feed.entries:
                    _news_item(xf, feed, entry)
                for tombstone in feed.tombstones:
                    _canceled_item(xf, feed, tombstone)
                if not feed.entries and not feed.tombstones:
                    _section_package(xf, feed)
    return out.getvalue()


def render_item(feed: Feed, entry: Entry) -> bytes:
    """`entry` alone as a `newsItem` document (served as `application/vnd.iptc.g2.newsitem+xml`)."""
    out = io.BytesIO()
    with _xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        _news_item(xf, feed, entry, _NSMAP)
    return out.getvalue()


def _news_item(xf: _Writer, feed: Feed, entry: Entry, nsmap: Mapping[str, str] | None = None) -> None:
    language = _language(entry.language or feed.language)
    with xf.element(f"{_N}newsItem", _item_attributes(entry.guid, entry.version, language), nsmap):
        _empty(xf, "catalogRef", _CATALOG_REF)
        _rights(xf, entry.rights)
        with xf.element(f"{_N}itemMeta"):
            _item_meta_head(xf, feed, "ninat:text", entry.updated)
            _leaf(xf, "firstCreated", rfc3339(entry.published))
            if entry.embargo is not None:
                _leaf(xf, "embargoed", rfc3339(entry.embargo))
            _empty(xf, "pubStatus", {"qcode": _STATUS[entry.status]})
            if entry.ed_note:
                _leaf(xf, "edNote", entry.ed_note)
            if entry.signal in _SIGNAL:
                _empty(xf, "signal", {"qcode": _SIGNAL[entry.signal]})
            _empty(xf, "link", {"rel": "irel:seeAlso", "href": _attribute(entry.url), "contenttype": "text/html"})
            if entry.canonical_url:
                via = {"reluri": _VIA, "href": _attribute(entry.canonical_url), "contenttype": "text/html"}
                _empty(xf, "link", via)
        _content_meta(xf, entry, language)
        _content_set(xf, entry, language)


def _canceled_item(xf: _Writer, feed: Feed, tombstone: Tombstone) -> None:
    with xf.element(f"{_N}newsItem", _item_attributes(tombstone.guid, tombstone.version, None)):
        _empty(xf, "catalogRef", _CATALOG_REF)
        with xf.element(f"{_N}itemMeta"):
            _item_meta_head(xf, feed, "ninat:text", tombstone.when)
            _empty(xf, "pubStatus", {"qcode": "stat:canceled"})
            if tombstone.reason:
                _leaf(xf, "edNote", tombstone.reason)
            link = {"rel": "irel:seeAlso", "href": _attribute(tombstone.url), "contenttype": "text/html"}
            _empty(xf, "link", link)


def _section_package(xf: _Writer, feed: Feed) -> None:
    with xf.element(f"{_N}packageItem", _item_attributes(feed.guid, None, _language(feed.language))):
        _empty(xf, "catalogRef", _CATALOG_REF)
        _rights(xf, feed.rights)
        with xf.element(f"{_N}itemMeta"):
            _item_meta_head(xf, feed, "ninat:composite", feed.updated)
            _empty(xf, "pubStatus", {"qcode": "stat:usable"})
            _leaf(xf, "title", feed.title)
            _empty(xf, "link", {"rel": "irel:seeAlso", "href": _attribute(feed.home_url), "contenttype": "text/html"})


def _item_attributes(guid: str, version: int | None, language: str | None) -> dict[str, str]:
    attributes = {"guid": _attribute(guid)}
    if version is not None:
        attributes["version"] = str(version)
    attributes.update(_ITEM)
    if language:
        attributes[_XML_LANG] = language
        # The direction of the item's text, which its language alone does not tell an XML reader; left to right, the
        # default, is not written.
        if text_direction(language) == "rtl":
            attributes["dir"] = "rtl"
    return attributes


def _rights(xf: _Writer, rights: Rights) -> None:
    if not (rights.holder or rights.notice or rights.usage_terms):
        return
    with xf.element(f"{_N}rightsInfo"):
        if rights.holder:
            with xf.element(f"{_N}copyrightHolder"):
                _leaf(xf, "name", _line(rights.holder))
        if rights.notice:
            _leaf(xf, "copyrightNotice", rights.notice)
        if rights.usage_terms:
            _leaf(xf, "usageTerms", rights.usage_terms)


def _item_meta_head(xf: _Writer, feed: Feed, item_class: str, version_created: datetime) -> None:
    _empty(xf, "itemClass", {"qcode": item_class})
    with xf.element(f"{_N}provider", {"literal": _attribute(feed.provider)}):
        _leaf(xf, "name", _line(feed.provider))
    _leaf(xf, "versionCreated", rfc3339(version_created))


def _content_meta(xf: _Writer, entry: Entry, language: str | None) -> None:
    with xf.element(f"{_N}contentMeta"):
        if entry.located:
            with xf.element(f"{_N}located"):
                _leaf(xf, "name", _line(entry.located))
        for credit in entry.credits:
            with xf.element(f"{_N}infoSource", {"literal": _attribute(credit.code)}):
                _leaf(xf, "name", _line(credit.name))
        if entry.source:
            with xf.element(f"{_N}infoSource"):
                _leaf(xf, "name", _line(entry.source))
        if language:
            _empty(xf, "language", {"tag": language})
        for section in entry.sections:
            _empty(xf, "subject", {"type": "cpnat:abstract", "literal": _attribute(section)})
        if entry.slugline:
            _leaf(xf, "slugline", _line(entry.slugline))
        _leaf(xf, "headline", entry.headline)
        if entry.byline:
            _leaf(xf, "by", entry.byline)
        _leaf(xf, "creditline", _line(entry.credit_line))
        if entry.summary:
            _leaf(xf, "description", entry.summary, {"role": "drol:summary"})


def _content_set(xf: _Writer, entry: Entry, language: str | None) -> None:
    with xf.element(f"{_N}contentSet"):
        html = display_html(entry)
        if html is None:
            _leaf(xf, "inlineData", display_summary(entry), {"contenttype": "text/plain"})
            return
        with xf.element(f"{_N}inlineXML", {"contenttype": "application/xhtml+xml"}):
            xf.write(xhtml_document(html, title=entry.headline, language=language))


def _leaf(xf: _Writer, name: str, text: str, attributes: Mapping[str, str] | None = None) -> None:
    with xf.element(f"{_N}{name}", attributes):
        try:
            xf.write(text)
        except ValueError:  # lxml refuses the characters XML forbids before writing any: the view should hold none
            xf.write(legal_text(text))


def _empty(xf: _Writer, name: str, attributes: Mapping[str, str]) -> None:
    with xf.element(f"{_N}{name}", attributes):
        pass


def _line(text: str) -> str:
    # Most lines have no break: three substring tests cost less than a regular expression.
    if "\n" in text or "\r" in text or "\t" in text:
        return _BREAKS.sub(" ", text).strip()
    return text


def _attribute(text: str) -> str:
    # lxml refuses an attribute holding characters XML forbids only after the element's start has begun: clean
    # every value that comes from the view.
    return legal_text(_line(text))


def _language(tag: str | None) -> str | None:
    return tag if tag and _LANGUAGE.match(tag) else None
