"""The item: a story chain with a stable id, and its stored versions."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from dataclasses import fields as dataclass_fields
from datetime import datetime
from typing import Any

import orjson

from feeds.view import Rights
from wire.timestamps import format_rfc3339


class Kind(enum.StrEnum):
    ARTICLE = "article"
    HEADLINE = "headline"


class Status(enum.StrEnum):
    USABLE = "usable"
    WITHHELD = "withheld"
    CANCELED = "canceled"


class Signal(enum.StrEnum):
    UPDATE = "update"
    CORRECTION = "correction"


@dataclass(frozen=True, slots=True)
class TimeOrigin:
    """Provenance of a time: the string as it came in and the rule that placed it in UTC."""

    field: str  # published | updated | embargo
    text: str
    rule: str  # a timestamps.ZoneRule value, or "received" when the server's clock supplied it
    zone: str

    def __reduce__(self) -> tuple[type[TimeOrigin], tuple[str, str, str, str]]:
        return TimeOrigin, (self.field, self.text, self.rule, self.zone)


@dataclass(frozen=True, slots=True)
class Story:
    """One version of an item as an editor sent it, validated and normalised; no storage metadata."""

    id: str
    kind: Kind
    sections: tuple[str, ...]
    headline: str
    summary: str | None = None
    body_html: str | None = None
    byline: str | None = None
    language: str | None = None
    source: str | None = None
    url: str | None = None
    credits: tuple[str, ...] = ()
    # Of those, the ones found in its text and not given by its editor (a correction finds them again).
    found_credits: tuple[str, ...] = ()
    rights: Rights = Rights()
    published: datetime | None = None
    updated: datetime | None = None
    embargo: datetime | None = None
    signal: Signal | None = None
    ed_note: str | None = None
    located: str | None = None
    slugline: str | None = None
    origins: tuple[TimeOrigin, ...] = ()
    # The story's stored form and its digest, once made (see stored_form): not part of the story, and carried
    # with it between processes, so that a bulk's stories are given theirs where they are normalised.
    _form: tuple[str, str] | None = dataclass_field(default=None, init=False, repr=False, compare=False)

    @property
    def section(self) -> str:
        return self.sections[0]

    def __reduce__(self) -> tuple[Callable[..., Story], tuple[Any, ...]]:
        # Stories cross between processes (bulk normalisation) by pickle, which reads a slotted dataclass back
        # field by field in Python: made again from their fields, they read back twice as fast.
        rights = self.rights
        fields = tuple(getattr(self, name) for name in _STORY_FIELDS)
        return _story_again, (fields, rights.holder, rights.notice, rights.usage_terms)


# A story's fields but its rights, in order (its stored form too, once made).
_STORY_FIELDS = tuple(f.name for f in dataclass_fields(Story) if f.name != "rights")


# The slot of each of those fields, then of the rights: set directly, a story is made again without the frozen
# __init__'s object.__setattr__ call for each field (a bulk's batch then unpickles in about 5 µs a story, not 8).
_STORY_SLOTS: tuple[Callable[[Story, Any], None], ...] = tuple(
    getattr(Story, name).__set__ for name in (*_STORY_FIELDS, "rights")
)


def _story_again(fields: tuple[Any, ...], holder: str | None, notice: str | None, terms: str | None) -> Story:
    story = object.__new__(Story)
    for put, value in zip(_STORY_SLOTS, (*fields, Rights(holder, notice, terms)), strict=True):
        put(story, value)
    return story


@dataclass(frozen=True, slots=True)
class Item:
    """A stored version of a story chain."""

    story: Story
    version: int
    status: Status
    first_created: datetime  # when the chain's first version was stored
    version_created: datetime  # when this version was stored
    seq: int  # position in the store's change log; grows with every change
    withdrawn_reason: str | None = None

    @property
    def id(self) -> str:
        return self.story.id

    @property
    def published(self) -> datetime:
        """The story's own publication time; without one, when it came out: when its embargo ended, if it was
        received before then (dated when received, it would come out already old, and a reader that takes only
        what is newer than the last it saw would never show it), else when it was received."""
        story = self.story
        if story.published is not None:
            return story.published
        embargo = story.embargo
        return embargo if embargo is not None and embargo > self.first_created else self.first_created

    @property
    def updated(self) -> datetime:
        return self.story.updated or self.version_created


# The provenance rule of a publication time taken from the embargo (a story without its own, received before).
EMBARGO_RULE = "embargo"


# The stored form of a story: JSON, so that adding a field needs no migration.


def story_to_json(story: Story) -> str:
    doc: dict[str, Any] = {
        "id": story.id,
        "kind": story.kind.value,
        "sections": list(story.sections),
        "headline": story.headline,
        "summary": story.summary,
        "body_html": story.body_html,
        "byline": story.byline,
        "language": story.language,
        "source": story.source,
        "url": story.url,
        "credits": list(story.credits),
        "found_credits": list(story.found_credits),
        "rights": {
            "holder": story.rights.holder,
            "notice": story.rights.notice,
            "usage_terms": story.rights.usage_terms,
        },
        "published": _time_or_none(story.published),
        "updated": _time_or_none(story.updated),
        "embargo": _time_or_none(story.embargo),
        "signal": story.signal.value if story.signal else None,
        "ed_note": story.ed_note,
        "located": story.located,
        "slugline": story.slugline,
        "origins": [[o.field, o.text, o.rule, o.zone] for o in story.origins],
    }
    return orjson.dumps({k: v for k, v in doc.items() if v not in (None, [])}).decode()


def stored_form(story: Story) -> tuple[str, str]:
    """The story's stored form (story_to_json) and its digest, made once for each story."""
    form = story._form
    if form is None:
        doc = story_to_json(story)
        form = (doc, digest_of(doc))
        object.__setattr__(story, "_form", form)
    return form


def story_from_json(text: str) -> Story:
    doc: Mapping[str, Any] = orjson.loads(text)
    rights = doc.get("rights", {})
    signal = doc.get("signal")
    return Story(
        id=doc["id"],
        kind=Kind(doc["kind"]),
        sections=tuple(doc["sections"]),
        headline=doc["headline"],
        summary=doc.get("summary"),
        body_html=doc.get("body_html"),
        byline=doc.get("byline"),
        language=doc.get("language"),
        source=doc.get("source"),
        url=doc.get("url"),
        credits=tuple(doc.get("credits", ())),
        found_credits=tuple(doc.get("found_credits", ())),
        rights=Rights(rights.get("holder"), rights.get("notice"), rights.get("usage_terms")),
        published=_stored_time_or_none(doc.get("published")),
        updated=_stored_time_or_none(doc.get("updated")),
        embargo=_stored_time_or_none(doc.get("embargo")),
        signal=Signal(signal) if signal else None,
        ed_note=doc.get("ed_note"),
        located=doc.get("located"),
        slugline=doc.get("slugline"),
        origins=tuple(TimeOrigin(*o) for o in doc.get("origins", ())),
    )


def _time_or_none(value: datetime | None) -> str | None:
    return format_rfc3339(value) if value is not None else None


def parse_stored_time(text: str) -> datetime:
    """Read back a time the store wrote with format_rfc3339."""
    return datetime.fromisoformat(text)


def _stored_time_or_none(text: str | None) -> datetime | None:
    return parse_stored_time(text) if text is not None else None


def digest_of(doc: str) -> str:
    """The digest of a story's stored form: two pushes with the same digest are the same version."""
    return hashlib.sha256(doc.encode()).hexdigest()
