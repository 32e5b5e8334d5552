"""Feed views built by hand, shaped as wire/views.py shapes them: the input of the renderer tests and golden files."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from feeds.view import Credit, Entry, Feed, Link, Rights, Tombstone

BASE = "https://news.example.org"
AUTHORITY = "newswire.example,2026"
PUBLISHED = datetime(2026, 3, 1, 9, 31, 0, tzinfo=UTC)
UPDATED = datetime(2026, 3, 1, 10, 45, 0, tzinfo=UTC)
EMBARGO = datetime(2026, 3, 1, 11, 0, 0, tzinfo=UTC)

# Characters XML 1.0 forbids, as a view could hold them if anything upstream let them through.
FORBIDDEN = "\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff\ud800\udfff"


def entry(item_id: str = "story-1", **fields: Any) -> Entry:
    """An entry with the required fields only (a headline item at headline level), `fields` replacing any."""
    base = Entry(
        guid=f"tag:{AUTHORITY}:item:{item_id}",
        item_id=item_id,
        url=f"{BASE}/items/{item_id}",
        kind="headline",
        headline=f"Headline of {item_id}",
        published=PUBLISHED,
        updated=PUBLISHED,
        version=1,
        credit_line="Newswire",
        rights=Rights(),
    )
    return dataclasses.replace(base, **fields)


def full_entry(item_id: str = "mali-2014-01", **fields: Any) -> Entry:
    """An article with every optional field set, the body included (a partner with the full level and licence)."""
    every: dict[str, Any] = {
        "kind": "article",
        "headline": "French operation in northern Mali kills 11 militants",
        "updated": UPDATED,
        "version": 3,
        "credit_line": "Arab Today Media Group / Agence France-Presse",
        "rights": Rights(
            "Arab Today Media Group", "© 2014 Arab Today Media Group", "Republication only under licence."
        ),
        "credits": (Credit("AFP", "Agence France-Presse"),),
        "summary": "Eleven Islamist militants were killed, military sources told AFP.",
        "body_html": (
            "<p>A French counter-terrorism offensive in northern Mali ended with 11 militants killed.</p>"
            '<p>The operation, <a href="https://example.org/barkhane">Barkhane</a>, began on <em>Tuesday</em>.</p>'
        ),
        "byline": "Staff reporter",
        "language": "en",
        "source": "Arabs Today",
        "canonical_url": "https://www.arabstoday.example/mali-2014-01",
        "sections": ("world", "africa"),
        "status": "usable",
        "signal": "correction",
        "ed_note": "Corrects the number of militants killed.",
        "embargo": EMBARGO,
        "located": "Bamako",
        "slugline": "MALI-ATTACK",
    }
    return entry(item_id, **{**every, **fields})


def rtl_entry(item_id: str = "arabic-1") -> Entry:
    """An Arabic article: right-to-left text everywhere, with bidi controls and digits."""
    return full_entry(
        item_id,
        headline="عملية فرنسية في شمال مالي تقتل 11 مسلحا",
        summary="قتل أحد عشر مسلحا، بحسب مصادر عسكرية. \u202b(2014)\u202c",
        body_html='<p dir="rtl">أنهت عملية فرنسية لمكافحة الإرهاب في شمال مالي بمقتل 11 مسلحا.</p>',
        byline="مراسل",
        located="باماكو",
        language="ar",
        signal=None,
        ed_note=None,
    )


def markup_entry(item_id: str = "markup-1") -> Entry:
    """Markup in every text: HTML void elements, entities, broken nesting, prefixed names; `<`, `&` and `]]>`."""
    return full_entry(
        item_id,
        headline='Tags <b>stay</b> text & so do ]]> and "quotes"',
        summary="A <script>alert(1)</script> summary & more",
        body_html=(
            "<p>Line one<br>line two&nbsp;&mdash; <b>bold <i>nested</b> wrongly</i></p>"
            '<p x:y="1" data-a="b">prefixed</p><img src="https://example.org/a.jpg" alt="A">'
            "<table><tr><td>cell</table><p>&#65534;&#1;after</p>"
        ),
        byline="Jane & John <doe@example.org>",
    )


def forbidden_entry(item_id: str = "forbidden-1") -> Entry:
    """Characters XML forbids in every string the view carries."""
    return full_entry(
        item_id,
        headline=f"Forbidden{FORBIDDEN} characters",
        summary=f"Summary{FORBIDDEN}.",
        body_html=f"<p>Body{FORBIDDEN} text</p>",
        byline=f"By{FORBIDDEN}line",
        located=f"Place{FORBIDDEN}",
        slugline=f"SLUG{FORBIDDEN}",
        source=f"Source{FORBIDDEN}",
        ed_note=f"Note{FORBIDDEN}",
        credit_line=f"Credit{FORBIDDEN} line",
        rights=Rights(f"Holder{FORBIDDEN}", f"Notice{FORBIDDEN}", f"Terms{FORBIDDEN}"),
        credits=(Credit(f"AFP{FORBIDDEN}", f"Agence{FORBIDDEN}"),),
    )


def tombstone(item_id: str = "withdrawn-1", **fields: Any) -> Tombstone:
    base = Tombstone(
        guid=f"tag:{AUTHORITY}:item:{item_id}",
        item_id=item_id,
        url=f"{BASE}/items/{item_id}",
        when=UPDATED + timedelta(minutes=5),
        reason="Withdrawn at the source's request.",
        version=2,
    )
    return dataclasses.replace(base, **fields)


def feed(*entries: Entry, tombstones: tuple[Tombstone, ...] = (), **fields: Any) -> Feed:
    """A page of the world section holding `entries` in the order given, with a hub and a next page."""
    newest = max((e.updated for e in entries), default=PUBLISHED)
    base = Feed(
        guid=f"tag:{AUTHORITY}:feed:world",
        section="world",
        title="World | Newswire",
        description="International news",
        language="en",
        home_url=f"{BASE}/#world",
        self_link=Link("self", f"{BASE}/feeds/world", per_format=True),
        updated=newest,
        generator="Newswire",
        provider="Newswire",
        rights=Rights("Newswire", "© Newswire. Items carry their own rights.", None),
        entries=entries,
        tombstones=tombstones,
        links=(
            Link("hub", f"{BASE}/websub"),
            Link("next", f"{BASE}/feeds/world", query="before=2026-03-01T09%3A00%3A00Z", per_format=True),
        ),
    )
    return dataclasses.replace(base, **fields)


def golden_feed() -> Feed:
    """The fixed view of the golden files: every kind of item, and a withdrawn one."""
    return feed(
        full_entry(),
        rtl_entry(),
        markup_entry(),
        entry("headline-only"),
        entry("withheld-1", status="withheld", summary="Held back for legal review."),
        tombstones=(tombstone(),),
    )
