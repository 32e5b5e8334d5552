"""The item: a story chain with a stable id, and its stored versions."""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from feeds.view import Rights


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
    rights: Rights = Rights()
    published: datetime | None = None
    updated: datetime | None = None
    embargo: datetime | None = None
    signal: Signal | None = None
    ed_note: str | None = None
    located: str | None = None
    slugline: str | None = None
    origins: tuple[TimeOrigin, ...] = ()

    @property
    def section(self) -> str:
        return self.sections[0]

    def digest(self) -> str:
        """A hash of the content; two pushes with the same digest are the same version."""
        data = asdict(self)
        blob = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


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
        return self.story.published or self.first_created

    @property
    def updated(self) -> datetime:
        return self.story.updated or self.version_created
