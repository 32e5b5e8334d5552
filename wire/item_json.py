"""The item as the JSON API shows it: the view a caller may see, with the item's storage metadata."""

from __future__ import annotations

from typing import Any

from feeds.view import Entry
from wire.model import EMBARGO_RULE, Item
from wire.timestamps import format_rfc3339


def item_json(item: Item, entry: Entry) -> dict[str, Any]:
    """JSON of `item` as `entry` (the caller's view) allows: times RFC 3339 UTC, absent fields left out."""
    story = item.story
    doc: dict[str, Any] = {
        "id": item.id,
        "guid": entry.guid,
        "version": item.version,
        "status": item.status.value,
        "kind": story.kind.value,
        "section": story.section,
        "sections": list(story.sections),
        "headline": entry.headline,
        "summary": entry.summary,
        "body": entry.body_html,
        "byline": story.byline,
        "language": story.language,
        "source": story.source,
        "url": story.url,
        "permalink": entry.url,
        "credits": [credit.code for credit in entry.credits],
        "credit_line": entry.credit_line,
        "rights": {
            "holder": entry.rights.holder,
            "notice": entry.rights.notice,
            "usage_terms": entry.rights.usage_terms,
        },
        "published": format_rfc3339(item.published),
        # A version stored before its story came out (under embargo) is dated by its coming out, as in every format.
        "updated": format_rfc3339(item.updated if item.story.updated else max(item.updated, item.published)),
        "first_created": format_rfc3339(item.first_created),
        "version_created": format_rfc3339(item.version_created),
        "embargo": format_rfc3339(story.embargo) if story.embargo else None,
        "signal": story.signal.value if story.signal else None,
        "ed_note": entry.ed_note,
        "located": story.located,
        "slugline": story.slugline,
        "withdrawn_reason": item.withdrawn_reason,
        "provenance": provenance(item),
    }
    return {key: value for key, value in doc.items() if value is not None}


def provenance(item: Item) -> dict[str, dict[str, str]]:
    """For each time: the string it came from and the rule that placed it in UTC ("why this time?")."""
    found = {o.field: {"text": o.text, "rule": o.rule, "zone": o.zone} for o in item.story.origins}
    if "published" not in found:
        embargo = found.get("embargo")
        if embargo is not None and item.published == item.story.embargo:  # published when its embargo ends
            found["published"] = {**embargo, "rule": EMBARGO_RULE}
        else:
            found["published"] = {"text": format_rfc3339(item.published), "rule": "received", "zone": "UTC"}
    return found
