"""The text every format shows for an entry, so that the same item reads the same everywhere."""

from __future__ import annotations

import html
import re

from feeds.view import Entry, Rights

# What XML 1.0 cannot carry at all: C0 controls but tab, newline and carriage return; lone surrogates; U+FFFE and
# U+FFFF. The ingest already drops these; renderers drop them again because a view may come from anywhere.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def legal_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids; everything else, line breaks included, is kept."""
    return XML_ILLEGAL.sub("", text)


# What ends a sentence: a notice ending in one takes the usage terms after a space, any other after ". ". Besides the
# Latin stops, the Arabic question mark, the Urdu full stop, the Devanagari danda and double danda, and the stops of
# Chinese and Japanese, which no space follows.
_UNSPACED_ENDS = ("\u3002", "\uff01", "\uff1f", "\uff0e", "\uff61")
_SENTENCE_ENDS = (".", "!", "?", "\u2026", "\u061f", "\u06d4", "\u0964", "\u0965", *_UNSPACED_ENDS)


def rights_text(rights: Rights) -> str | None:
    """The notice, then the usage terms: the rights as one text, for the formats with a single rights element (Atom
    `rights`, RSS `copyright` and `dc:rights`), so that they carry the terms the other formats carry apart. None when
    there is neither."""
    notice = rights.notice
    terms = rights.usage_terms.strip() if rights.usage_terms else None
    if not terms:
        return notice or None
    if not notice:
        return terms
    head = notice.rstrip()
    # An editor may have written the terms into the notice already: say them once. Only terms that are the notice's
    # last sentences count: terms "UK." still follow a notice "Made in the UK.".
    before = head.removesuffix(terms).rstrip()
    if before != head and (not before or before.endswith(_SENTENCE_ENDS)):
        return notice
    return f"{head}{_separator(head)}{terms}"


def _separator(notice: str) -> str:
    if notice.endswith(_UNSPACED_ENDS):
        return ""
    return " " if notice.endswith(_SENTENCE_ENDS) else ". "


def author_name(entry: Entry) -> str | None:
    """Who the formats name as an entry's author: the byline, or else the source it came from."""
    return entry.byline or entry.source


def credit_text(entry: Entry) -> str:
    return f"Credit: {entry.credit_line}"


def display_summary(entry: Entry) -> str:
    """Plain text: the summary the reader may see (if any), an editor's correction note, then the credit line."""
    parts = [p for p in (_note_text(entry), entry.summary) if p]
    parts.append(credit_text(entry))
    return "\n\n".join(parts)


def display_summary_html(entry: Entry) -> str:
    """`display_summary` as HTML, a paragraph for each of its parts, for the formats whose summary is read as HTML
    (RSS `description`): as plain text there, a "<" in it would be taken for a tag, and its breaks lost."""
    return "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in display_summary(entry).split("\n\n"))


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
