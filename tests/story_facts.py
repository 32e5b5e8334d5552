"""What a reader learns of each item from a document in any format: the facts that must agree across formats."""

from __future__ import annotations

import calendar
import html
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from feeds._text import rights_text
from feeds.formats import Format
from feeds.view import Rights
from tests.validators import parse_feed

NAR = "{http://iptc.org/std/nar/2006-10-01/}"


@dataclass(frozen=True, slots=True)
class Facts:
    """One item as a format shows it. `updated` is None where the format has no such time (RSS)."""

    id: str
    published: datetime
    updated: datetime | None
    credit_line: str
    rights: str | None  # the notice, then the usage terms: as Atom and RSS carry them, in their one rights element
    text: str  # everything the reader is shown of the item's text, where the visible credit line must appear


def facts(fmt: Format, body: bytes) -> list[Facts]:
    """The facts of every live item in `body` (withdrawn items aside), in document order."""
    reader = _READERS[fmt.extension]
    return reader(body, fmt.content_type)


def _atom(body: bytes, content_type: str) -> list[Facts]:
    parsed = parse_feed(body, content_type)
    return [
        Facts(
            id=e.id,
            published=_struct(e.published_parsed),
            updated=_struct(e.updated_parsed),
            credit_line=_credit_of(e.summary),
            rights=e.get("rights"),
            text=e.summary + "".join(c.value for c in e.get("content", [])),
        )
        for e in parsed.entries
    ]


def _rss(body: bytes, content_type: str) -> list[Facts]:
    parsed = parse_feed(body, content_type)
    found = []
    for e in parsed.entries:
        credit = _credit_of(e.summary)
        # RSS has one rights element per item: dc:rights is "<rights> (<credit line>)", or the credit line alone.
        rights = None if e.rights == credit else e.rights.removesuffix(f" ({credit})")
        text = e.summary + "".join(c.value for c in e.get("content", []))
        found.append(Facts(e.id, _struct(e.published_parsed), None, credit, rights, text))
    return found


def _jsonfeed(body: bytes, content_type: str) -> list[Facts]:
    return [
        Facts(
            id=item["id"],
            published=_instant(item["date_published"]),
            updated=_instant(item["date_modified"]),
            credit_line=item["_newswire"]["credit_line"],
            rights=_rights(item["_newswire"]["rights"].get("notice"), item["_newswire"]["rights"].get("usage_terms")),
            text=item.get("content_html") or item["content_text"],
        )
        for item in json.loads(body)["items"]
    ]


def _newsml(body: bytes, content_type: str) -> list[Facts]:
    root = etree.fromstring(body)
    items = [root] if root.tag == f"{NAR}newsItem" else root.iterfind(f"{NAR}itemSet/{NAR}newsItem")
    found = []
    for item in items:
        if item.find(f"{NAR}contentMeta") is None:  # a withdrawn item: guid and status only
            continue
        meta = item.find(f"{NAR}itemMeta")
        assert meta is not None
        found.append(
            Facts(
                id=item.get("guid", ""),
                published=_instant(meta.findtext(f"{NAR}firstCreated", "")),
                updated=_instant(meta.findtext(f"{NAR}versionCreated", "")),
                credit_line=item.findtext(f"{NAR}contentMeta/{NAR}creditline", ""),
                rights=_rights(
                    item.findtext(f"{NAR}rightsInfo/{NAR}copyrightNotice"),
                    item.findtext(f"{NAR}rightsInfo/{NAR}usageTerms"),
                ),
                text=text_of(item.find(f"{NAR}contentSet")),
            )
        )
    return found


def _ninjs(body: bytes, content_type: str) -> list[Facts]:
    doc = json.loads(body)
    items = doc.get("items", [doc])  # a feed, or one item alone
    return [_ninjs_item(item) for item in items if _ninjs_get(item, "pubStatus") != "canceled"]


def _ninjs_item(item: dict[str, Any]) -> Facts:
    descriptions = {d["role"]: d["value"] for d in item["descriptions"]}
    return Facts(
        id=item["uri"],
        published=_instant(_ninjs_get(item, "firstCreated")),
        updated=_instant(_ninjs_get(item, "versionCreated")),
        credit_line=descriptions["creditline"],
        rights=_rights(_ninjs_get(item, "copyrightNotice"), _ninjs_get(item, "usageTerms")),
        text="".join(b["value"] for b in item["bodies"]),
    )


def _ninjs_get(item: dict[str, Any], name: str) -> Any:
    # 3.1 names are camelCase, 2.2 names the same in lower case.
    return item.get(name, item.get(name.lower()))


def _rights(notice: str | None, usage_terms: str | None) -> str | None:
    """The rights as one text, from a format that carries the notice and the usage terms apart."""
    return rights_text(Rights(None, notice, usage_terms))


def text_of(element: etree._Element | None) -> str:
    """All the text inside `element` ("" when there is none)."""
    if element is None:
        return ""
    return "".join(t for t in element.itertext() if isinstance(t, str))


def _credit_of(summary: str) -> str:
    # The last paragraph: of plain text, or of HTML (RSS).
    if summary.endswith("</p>"):
        last = html.unescape(summary.rsplit("<p>", 1)[-1].removesuffix("</p>"))
    else:
        last = summary.rsplit("\n\n", 1)[-1]
    assert last.startswith("Credit: "), summary
    return last.removeprefix("Credit: ")


def _struct(value: time.struct_time) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, text
    return moment.astimezone(UTC)


_READERS = {
    "atom": _atom,
    "rss": _rss,
    "json": _jsonfeed,
    "newsml": _newsml,
    "ninjs": _ninjs,
}
