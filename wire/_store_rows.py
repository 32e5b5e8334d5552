"""What the two stores share below the Store interface: the requests their writer tasks queue, and the way a
row becomes an Item or a Subscription (both stores select the same columns in the same order)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wire.errors import NotFound
from wire.model import Item, Status, Story, story_from_json
from wire.store import Plan, Planned, Receipt, Refused, Stored, Subscription

# The columns an Item is read from, in this order, from `items i` and `versions v`; then i.digest.
ITEM_COLUMNS = "v.doc, i.version, i.status, i.first_created, v.created, i.seq, v.withdrawn_reason, i.digest"
SUBSCRIPTION_COLUMNS = (
    "s.id, s.topic, s.section, s.format, s.partner, s.callback, s.secret, s.expires, s.delivered_etag, s.key_sha256"
)
# Rows read into Items on the event loop at most; more are read in a worker thread.
_ROWS_INLINE_MAX = 50


@dataclass(slots=True)
class Push:
    stories: Sequence[Story]
    atomic: bool
    done: asyncio.Future[list[Stored | Refused]]


@dataclass(slots=True)
class PushOnce:
    """A put made once (`Store.put_once`): `token` names it, `receipt` makes what is kept of its results."""

    stories: Sequence[Story]
    token: str
    receipt: Receipt
    done: asyncio.Future[str]


@dataclass(slots=True)
class Withdraw:
    item_id: str
    reason: str
    done: asyncio.Future[Item]


@dataclass(slots=True)
class Remember:
    source: str
    page: str
    lines: frozenset[str]
    done: asyncio.Future[None]


def written_ids(requests: Iterable[object]) -> set[str]:
    """The items that the pushes and withdrawals among a group's requests write."""
    ids = {s.id for r in requests if isinstance(r, (Push, PushOnce)) for s in r.stories}
    return ids | {r.item_id for r in requests if isinstance(r, Withdraw)}


def plan_once(plan: Plan, request: PushOnce, kept: str | None) -> str:
    """What a put made once comes to: the receipt `kept` by the put of its token that stored it before, or this
    one's, made of its results (which the caller keeps with the versions)."""
    if kept is not None:
        return kept
    return request.receipt(plan.push(request.stories, atomic=False))


def plan_write(plan: Plan, request: Push | Withdraw) -> list[Stored | Refused] | Item | NotFound:
    """What a push or a withdrawal comes to, planned in its group's transaction."""
    if isinstance(request, Push):
        return plan.push(request.stories, atomic=request.atomic)
    return plan.withdraw(request.item_id, request.reason)


def version_row(planned: Planned) -> tuple[Any, ...]:
    """A written version as the `versions` table holds it, in its columns' order."""
    item = planned.item
    return (
        item.seq,
        item.id,
        item.version,
        item.status.value,
        epoch(item.version_created),
        planned.digest,
        planned.doc,
        item.withdrawn_reason,
    )


def item_row(planned: Planned) -> tuple[Any, ...]:
    """An item's current state after a written version, as the `items` table holds it, in its columns' order."""
    item, story = planned.item, planned.item.story
    return (
        item.id,
        item.seq,
        item.version,
        item.status.value,
        epoch(item.first_created),
        epoch(item.version_created),
        epoch(item.published),
        epoch(story.embargo) if story.embargo else None,
        f" {' '.join(story.credits)} ",
        planned.digest,
    )


def latest_versions(written: Iterable[Planned]) -> list[Planned]:
    """The last version a group writes of each item: an item written twice in one group is current, and listed in
    its sections, as its last version only."""
    return list({p.item.id: p for p in written}.values())


def section_rows(latest: Iterable[Planned]) -> list[tuple[str, str, int]]:
    """(section, item id, published) for every section each of the `latest` versions lists its item in, as the
    `item_sections` table holds them."""
    return [(section, p.item.id, epoch(p.item.published)) for p in latest for section in p.item.story.sections]


def move_rows(plan: Plan) -> list[tuple[str, int, int]]:
    """(item id, publication time moved from, when) for every move of a publication time a plan writes, as the
    `moves` table holds them."""
    moved = epoch(plan.now)
    return [(item_id, epoch(published), moved) for item_id, published in plan.moved]


def epoch(instant: datetime) -> int:
    return int(instant.timestamp())


def instant(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def instant_or_none(seconds: int | None) -> datetime | None:
    return instant(seconds) if seconds is not None else None


def item_from_row(row: Sequence[Any]) -> Item:
    return Item(
        story=story_from_json(row[0]),
        version=int(row[1]),
        status=Status(row[2]),
        first_created=instant(row[3]),
        version_created=instant(row[4]),
        seq=int(row[5]),
        withdrawn_reason=row[6],
    )


async def items_from_rows(rows: list[Any]) -> list[Item]:
    """Stored rows as Items; a long list is read in a worker thread, off the event loop."""
    if len(rows) > _ROWS_INLINE_MAX:
        return await asyncio.to_thread(lambda: [item_from_row(row) for row in rows])
    return [item_from_row(row) for row in rows]


def subscription_from_row(row: Sequence[Any]) -> Subscription:
    return Subscription(
        id=row[0],
        topic=row[1],
        section=row[2],
        format=row[3],
        partner=row[4],
        callback=row[5],
        secret=row[6],
        expires=instant(int(row[7])),
        delivered_etag=row[8],
        key_sha256=row[9],
    )
