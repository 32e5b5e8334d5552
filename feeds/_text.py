"""The text every format shows for an entry, so that the same item reads the same everywhere."""

from __future__ import annotations

import html

from feeds.view import Entry


def credit_text(entry: Entry) -> str:
    return f"Credit: {entry.credit_line}"


def display_summary(entry: Entry) -> str:
    """Plain text: the summary the reader may see (if any), an editor's correction note, then the credit line."""
    parts = [p for p in (_note_text(entry), entry.summary) if p]
    parts.append(credit_text(entry))
    return "\n\n".join(parts)


def display_html(entry: Entry) -> str | None:
    """HTML: the correction note, the body, then the credit line; None when the reader may not see the body."""
    if entry.body_html is None:
        return None
    note = _note_text(entry)
    head = f"<p><strong>{html.escape(note)}</strong></p>" if note else ""
    return f'{head}{entry.body_html}<p class="credit">{html.escape(credit_text(entry))}</p>'


def _note_text(entry: Entry) -> str | None:
    if entry.signal != "correction":
        return None
    return f"Correction: {entry.ed_note}" if entry.ed_note else "Correction."
