"""The store interface, and the logic both stores share: how a push becomes a version.

The SQLite store (`store_sqlite`) and the PostgreSQL store (`store_postgres`) hold the SQL; this module holds
none. A store keeps, per item, every version (a change log ordered by `seq`) and the current state.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from feeds.view import Rights
from wire.errors import Conflict
from wire.model import Item, Kind, Signal, Status, Story, TimeOrigin
from wire.timestamps import format_rfc3339

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The server's clock, whole seconds: stored times compare and render exactly."""
    return datetime.now(UTC).replace(microsecond=0)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Stored:
    """What became of one pushed story."""

    item: Item
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Refused:
    """A pushed story the store would not take, and why (the error to report)."""

    story_id: str
    error: Conflict


@dataclass(frozen=True, slots=True)
class FeedQuery:
    """Which items of a section a feed page shows: visible at `now`, newest first."""

    section: str
    now: datetime
    limit: int
    delay_seconds: int = 0
    exclude_credits: tuple[str, ...] = ()  # items credited to any of these agencies are left out


class Store(Protocol):
    """What the service needs of storage. Both stores pass the same test suite."""

    created: datetime  # when the store was first created: the `updated` of a feed that has no items yet

    async def put(self, stories: Sequence[Story], *, atomic: bool) -> list[Stored | Refused]:
        """Store each story as a new version of its item, durably, before returning.

        With `atomic`, either every story is stored or none is (the results then hold the refusals).
        """
        ...

    async def get(self, item_id: str) -> Item | None: ...

    async def history(self, item_id: str) -> list[Item]:
        """Every version of an item, oldest first."""
        ...

    async def feed(self, query: FeedQuery) -> list[Item]:
        """The newest usable items of a section that are visible at `query.now`."""
        ...

    async def next_visible(self, query: FeedQuery) -> datetime | None:
        """The first instant after `query.now` at which an item of the section may come out (embargo or
        delay ending); a lower bound: a feed rebuilt then is current again."""
        ...

    async def withdraw(self, item_id: str, reason: str) -> Item:
        """Record a withdrawal as a new, canceled version; raises NotFound for an unknown item."""
        ...

    async def close(self) -> None: ...

    async def page_lines(self, source: str, *, excluding: str) -> frozenset[str]:
        """Fingerprints of lines met on at least `BOILERPLATE_PAGES` distinct pages of `source`, not counting the
        page `excluding` (so that posting a page again finds what its first posting found)."""
        ...

    async def remember_page_lines(self, source: str, page: str, lines: Iterable[str]) -> None:
        """Count the page `page` of `source` once for each fingerprint in `lines`, durably; remembering the same
        page again changes nothing."""
        ...


# A line met on this many distinct pages of a source is that site's boilerplate (menus, footers, prompts).
BOILERPLATE_PAGES = 2


@dataclass(frozen=True, slots=True)
class Current:
    """The stored state of an item that the next version is planned against."""

    item: Item
    digest: str


@dataclass(frozen=True, slots=True)
class Planned:
    """A version to write, and the outcome to report."""

    item: Item
    digest: str
    outcome: Outcome


def plan_version(story: Story, current: Current | None, *, now: datetime, seq: int) -> Planned | Refused:
    """Decide what a push does to an item: create it, add a version, change nothing, or refuse.

    A push identical to the current version changes nothing. A push whose `updated` is older than the current
    version's is refused, so a delayed retry cannot roll a story back.
    """
    if current is None:
        item = Item(story, version=1, status=Status.USABLE, first_created=now, version_created=now, seq=seq)
        return Planned(item, story.digest(), Outcome.CREATED)
    previous = current.item
    if story.published is None:
        # A version that does not restate its publication time keeps the chain's, and where it came from.
        # A chain that never had one keeps none: its time stays the first version's arrival (Item.published),
        # so that the same push repeated compares equal to what is stored.
        inherited = tuple(o for o in previous.story.origins if o.field == "published")
        story = replace(story, published=previous.story.published, origins=inherited + story.origins)
    if story.updated is not None and story.updated < previous.updated:
        return Refused(
            story.id,
            Conflict(
                f"item {story.id!r}: updated {format_rfc3339(story.updated)} is older than the stored "
                f"version {previous.version} ({format_rfc3339(previous.updated)})"
            ),
        )
    digest = story.digest()
    if digest == current.digest and previous.status is Status.USABLE:
        return Planned(previous, digest, Outcome.UNCHANGED)
    item = Item(
        story,
        version=previous.version + 1,
        status=Status.USABLE,
        first_created=previous.first_created,
        version_created=now,
        seq=seq,
    )
    return Planned(item, digest, Outcome.UPDATED)


def plan_withdrawal(current: Current, reason: str, *, now: datetime, seq: int) -> Item:
    """The canceled version that records a withdrawal: the story stays stored, for the record."""
    previous = current.item
    return Item(
        previous.story,
        version=previous.version + 1,
        status=Status.CANCELED,
        first_created=previous.first_created,
        version_created=now,
        seq=seq,
        withdrawn_reason=reason,
    )


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
    return json.dumps({k: v for k, v in doc.items() if v not in (None, [])}, ensure_ascii=False)


def story_from_json(text: str) -> Story:
    doc: Mapping[str, Any] = json.loads(text)
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
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _stored_time_or_none(text: str | None) -> datetime | None:
    return parse_stored_time(text) if text is not None else None
