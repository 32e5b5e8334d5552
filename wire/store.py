"""The store interface, and the logic both stores share: how a push becomes a version.

The SQLite store (`store_sqlite`) and the PostgreSQL store (`store_postgres`) hold the SQL; this module holds
none. A store keeps, per item, every version (a change log ordered by `seq`) and the current state.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from wire.errors import ConfigError, Conflict, NotFound
from wire.model import EMBARGO_RULE, Item, Status, Story, TimeOrigin, stored_form, story_to_json
from wire.timestamps import format_rfc3339

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The server's clock, whole seconds: stored times compare and render exactly."""
    return datetime.now(UTC).replace(microsecond=0)


def newer_schema(store: str, found: int, known: int) -> ConfigError:
    """The refusal of a store whose schema a later version of newswire made: this one would misread it, and write
    rows the later version's cannot take."""
    return ConfigError(
        f"{store}: the store was made by a newer version of newswire (its schema is at migration {found}, this "
        f"version knows up to {known}): upgrade this one"
    )


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
    """A pushed story the store would not take, and why (the error to report, and the field it is about)."""

    story_id: str
    error: Conflict
    field: str


@dataclass(frozen=True, slots=True)
class Window:
    """What an audience can see at `now`: items out for `delay_seconds`, not credited to an excluded agency."""

    now: datetime
    delay_seconds: int = 0
    exclude_credits: tuple[str, ...] = ()  # items credited to any of these agencies are left out


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in a section's change log as one audience sees it: (time of change, seq)."""

    at: int  # epoch seconds: when the change became visible to the audience
    seq: int


@dataclass(frozen=True, slots=True)
class Change:
    """An item as of its latest version, and when that version became visible to the audience."""

    item: Item
    cursor: Cursor


ChangeListener = Callable[[frozenset[str]], None]

# What a put made once (`Store.put_once`) leaves with its versions: a text made of its results.
Receipt = Callable[[list[Stored | Refused]], str]
# How long a receipt is kept: far longer than a writer takes to be found dead and its stories sent again, short
# enough that the receipts of a long bulk take little room (about 14 KB each for 1,000 lines).
RECEIPT_KEEP_SECONDS = 300


@dataclass(frozen=True, slots=True)
class Token:
    """What taking a token from a rate-limit bucket came to: `wait` 0.0 when one was taken, and then the tokens the
    bucket still holds (`left`); else the seconds until one will be there."""

    wait: float
    left: float = 0.0


class Store(Protocol):
    """What the service needs of storage. Both stores pass the same test suite.

    Visibility: an item is out for a window when it is usable, `published + delay <= now` and its embargo (if
    any) has passed. A withdrawn item counts as seen by a window when it was out for it before the withdrawal.
    """

    created: datetime  # when the store was first created: the `updated` of a feed that has no items yet

    async def put(self, stories: Sequence[Story], *, atomic: bool) -> list[Stored | Refused]:
        """Store each story as a new version of its item, durably, before returning.

        With `atomic`, either every story is stored or none is (the results then hold the refusals).
        """
        ...

    async def put_once(self, stories: Sequence[Story], token: str, receipt: Receipt) -> str:
        """Store each story as `put` does (not atomic), unless a put of `token` was committed before, by any
        process; either way, return the receipt of the put that stored them: `receipt` made of its results and
        kept with its versions, in their transaction, for `RECEIPT_KEEP_SECONDS`. A writer that may die between
        its commit and its answer (a bulk process) puts once: whoever sends the stories again learns what they came
        to, and no version is written twice."""
        ...

    async def withdraw(self, item_id: str, reason: str) -> Item:
        """Record a withdrawal as a new, canceled version (durably); NotFound for an unknown item.
        Withdrawing a withdrawn item changes nothing."""
        ...

    async def get(self, item_id: str) -> Item | None: ...

    async def history(self, item_id: str) -> list[Item]:
        """Every version of an item, oldest first."""
        ...

    async def newest(
        self,
        section: str,
        window: Window,
        *,
        limit: int,
        offset: int = 0,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
        held_too: bool = False,
    ) -> list[Item]:
        """The section's items out for `window`, newest published first, optionally within a published range,
        from the `offset`th on; with `held_too`, also those an embargo or a publication time to come holds back
        (for editors)."""
        ...

    async def count(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> int:
        """How many of the section's items are out for `window` (within a published range, when given)."""
        ...

    async def withdrawn(
        self,
        section: str,
        window: Window,
        *,
        limit: int,
        withdrawn_since: datetime | None = None,
        withdrawn_until: datetime | None = None,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> list[Item]:
        """Withdrawn items of the section that `window` had seen, most recently withdrawn first (withdrawn after
        `withdrawn_since` and not after `withdrawn_until`, when given). Items that a version crediting an agency the
        window may not see at all took from it after it had them count as withdrawn then (see `as_removed`)."""
        ...

    async def published_near(
        self, section: str, window: Window, instant: datetime
    ) -> tuple[datetime | None, datetime | None]:
        """The latest publication time before `instant` and the earliest at or after it, among items out for
        `window` (for archive links)."""
        ...

    async def changes(self, section: str, window: Window, *, after: Cursor | None, limit: int) -> list[Change]:
        """The section's changes that `window` can see, oldest first, after `after`: each item at most once, as of
        its latest version (withdrawn items included, and those a version crediting an agency the window may not
        see at all took from it after it had them, as withdrawn when that version was stored: see `as_removed`).
        Changes newer than `now - SETTLE_SECONDS` wait, so that a change still being committed is never skipped."""
        ...

    async def hidden_since(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> datetime | None:
        """When the last of the section's items that `window`'s agencies hide was hidden, among those out but for
        that: the first version after the last one that credited none of them (a correction that credited such an
        agency took the item from the window's documents then; its later versions change nothing there), optionally
        within a published range. None when there is none, or the window hides no agency."""
        ...

    async def moved_out_at(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime,
        published_before: datetime | None = None,
        since: datetime,
    ) -> datetime | None:
        """When the last of the section's items that a version moved out of the published range (a correction of
        its publication time) was moved, after `since` (a move before it dates nothing later), if `window` had it
        there by then. The range's documents lost the item then, and the items left in them do not tell it, nor
        does what became of it since: withdrawn, hidden from the window by an agency's credit, or not out yet for
        the window at its new time, it is in none of the range's lists. Moves are kept as they are written
        (`Plan.moved`): one row each, found by the time moved from. None when there is none."""
        ...

    async def next_visible(
        self,
        section: str,
        window: Window,
        *,
        published_from: datetime | None = None,
        published_before: datetime | None = None,
    ) -> datetime | None:
        """The first instant after `window.now` at which an item of the section may come out (an embargo or a
        delay ending), optionally among those published within a range; a lower bound: a document rebuilt then is
        current again."""
        ...

    # Why the last commit failed, until one succeeds (None while commits succeed): what /readyz reports.
    commit_failure: str | None

    def on_change(self, listener: ChangeListener) -> None:
        """Call `listener` with the sections touched by every committed change, made here or, for stores shared
        between processes, anywhere."""
        ...

    def tell_changes(self, sections: frozenset[str]) -> None:
        """Tell the listeners at once of a change another process has committed to this store, touching `sections`
        (they would otherwise learn of it from the store's poll or notifications, a moment later)."""
        ...

    async def page_lines(self, source: str, *, excluding: str) -> frozenset[str]:
        """Fingerprints of lines met on at least `BOILERPLATE_PAGES` distinct pages of `source`, not counting the
        page `excluding` (so that posting a page again finds what its first posting found)."""
        ...

    async def remember_page_lines(self, source: str, page: str, lines: Iterable[str]) -> None:
        """Count the page `page` of `source` once for each fingerprint in `lines`, durably; remembering the same
        page again changes nothing."""
        ...

    async def take_token(self, key: str, capacity: int, per_second: float) -> Token:
        """Take one token from the rate-limit bucket `key`, shared by everyone using the store: a bucket first met
        holds `capacity` tokens and refills at `per_second`. A token is taken if the bucket holds one; else nothing
        is, and the answer says how long until one will be there."""
        ...

    # WebSub: subscriptions and the deliveries owed to them.

    async def save_subscription(self, subscription: Subscription) -> None:
        """Store a verified subscription; one to the same topic and callback is replaced (a renewal)."""
        ...

    async def delete_subscription(self, topic: str, callback: str) -> bool:
        """Forget a subscription; False if there was none."""
        ...

    async def subscriptions(self, now: datetime, section: str | None = None) -> list[Subscription]:
        """The subscriptions whose lease runs past `now` (of one section, or all)."""
        ...

    async def drop_expired_subscriptions(self, now: datetime) -> int:
        """Forget the subscriptions whose lease has ended; how many."""
        ...

    async def owe_deliveries(self, subscription_ids: Sequence[str], due: datetime) -> None:
        """Note, durably, that these subscribers must receive their topic's current document (at most one
        delivery is owed per subscription, whatever the number of changes or instances)."""
        ...

    async def claim_deliveries(self, now: datetime, *, hold_seconds: int, limit: int) -> list[Delivery]:
        """Deliveries due at `now`, each held by this caller for `hold_seconds` so that no other takes it."""
        ...

    async def delivered(self, subscription_id: str, etag: str) -> None:
        """The subscriber received the document with `etag`: the delivery is done."""
        ...

    async def retry_delivery(self, subscription_id: str, *, due: datetime, attempts: int) -> None: ...

    async def drop_delivery(self, subscription_id: str) -> None: ...

    async def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Subscription:
    """A verified WebSub subscription: who receives which feed, under whose rules, until when."""

    id: str
    topic: str  # the feed URL the subscriber named, without any key
    section: str
    format: str  # a key of the formats table
    partner: str | None  # whose view it receives; None for the public's
    callback: str
    secret: str | None
    expires: datetime
    delivered_etag: str | None = None
    key_sha256: str | None = None  # the digest of the partner key it was made with: another key ends it


@dataclass(frozen=True, slots=True)
class Delivery:
    subscription: Subscription
    attempts: int


# Why a story was taken from an audience that had it, when a version credited an agency it may not see at all: no
# more than that (neither the agency nor what the correction said).
HIDDEN_REASON = "no longer available to this reader"


def hides(window: Window, item: Item) -> bool:
    """Whether `item` credits an agency that `window` may not see at all."""
    return any(code in window.exclude_credits for code in item.story.credits)


def as_removed(item: Item, window: Window, at: datetime) -> Item:
    """`item` as a removal (a change or a tombstone) tells `window` of it: as stored when withdrawn or visible; when
    a version crediting an agency the window may not see at all took it from the window after it had it (the only
    such items the stores' removals hold), as withdrawn `at`, when that version was stored, for `HIDDEN_REASON`."""
    if item.status is not Status.USABLE or not hides(window, item):
        return item
    return replace(item, status=Status.CANCELED, version_created=at, withdrawn_reason=HIDDEN_REASON)


# A line met on this many distinct pages of a source is that site's boilerplate (menus, footers, prompts).
BOILERPLATE_PAGES = 2


# A change becomes readable in the change log this long after the clock second it carries.
SETTLE_SECONDS = 2


@dataclass(frozen=True, slots=True)
class Current:
    """The stored state of an item that the next version is planned against."""

    item: Item
    digest: str


@dataclass(frozen=True, slots=True)
class Planned:
    """A version to write (with the story's stored form and its digest), and the outcome to report."""

    item: Item
    doc: str
    digest: str
    outcome: Outcome


def plan_version(story: Story, current: Current | None, *, now: datetime, seq: int) -> Planned | Refused:
    """Decide what a push does to an item: create it, add a version, change nothing, or refuse.

    A push identical to the current version changes nothing. A push whose `updated` is older than the current
    version's is refused, so a delayed retry cannot roll a story back. A withdrawn story is not published again,
    whatever is pushed: a retry or a re-import cannot bring back what was taken down (for legal reasons, often).
    A story that is out cannot be taken back by an embargo or a publication time still to come, nor out of a
    section it is out in: it would vanish from feeds and links without a word to those who have it (withdrawing it
    tells them).
    """
    if current is None:
        item = Item(story, version=1, status=Status.USABLE, first_created=now, version_created=now, seq=seq)
        doc, digest = stored_form(story)
        return Planned(item, doc, digest, Outcome.CREATED)
    previous = current.item
    if previous.status is Status.CANCELED:
        return Refused(
            story.id,
            Conflict(
                f"item {story.id!r} was withdrawn (version {previous.version}): a withdrawn story is not published "
                "again; send it as a new story, under another id"
            ),
            field="id",
        )
    if story.published is None and previous.story.published is not None:
        # A version that does not restate its publication time keeps the chain's, and where it came from.
        # (A chain published when first received keeps it through Item.published: first_created never changes.)
        inherited = tuple(o for o in previous.story.origins if o.field == "published")
        story = replace(story, published=previous.story.published, origins=inherited + story.origins)
    elif (
        story.published is None
        and previous.published != previous.first_created
        and previous.published <= now
        and stored_form(story)[1] != current.digest  # the same push again changes nothing, as any other does
    ):
        # Published when its embargo ended: it keeps that time, whatever a later version says of the embargo.
        # (Until it is out, the embargo may move or go, and the time with it.)
        released = tuple(
            TimeOrigin("published", o.text, EMBARGO_RULE, o.zone)
            for o in previous.story.origins
            if o.field == "embargo"
        )
        story = replace(story, published=previous.published, origins=released + story.origins)
    hiding = _hiding(story, previous, now)
    if hiding is not None:
        field, instant = hiding
        return Refused(
            story.id,
            Conflict(
                f"item {story.id!r} is out already: {field} {format_rfc3339(instant)} would take it back until then; "
                f"withdraw it instead, or push the version without {_WHAT[field]} to come"
            ),
            field=field,
        )
    left = _sections_left(story, previous, now)
    if left:
        named = ", ".join(repr(section) for section in left)
        return Refused(
            story.id,
            Conflict(
                f"item {story.id!r} is out already in {named}: this version would take it out of "
                f"{'them' if len(left) > 1 else 'it'} without a word to those who have it; keep {named} among its "
                "sections, or withdraw it and publish it anew under another id"
            ),
            field="sections",
        )
    if story.updated is not None and story.updated < previous.updated:
        return Refused(
            story.id,
            Conflict(
                f"item {story.id!r}: updated {format_rfc3339(story.updated)} is older than the stored "
                f"version {previous.version} ({format_rfc3339(previous.updated)})"
            ),
            field="updated",
        )
    doc, digest = stored_form(story)
    if digest == current.digest and previous.status is Status.USABLE:
        return Planned(previous, doc, digest, Outcome.UNCHANGED)
    item = Item(
        story,
        version=previous.version + 1,
        status=Status.USABLE,
        first_created=previous.first_created,
        version_created=now,
        seq=seq,
    )
    return Planned(item, doc, digest, Outcome.UPDATED)


def _sections_left(story: Story, previous: Item, now: datetime) -> list[str]:
    """The sections of an item that is out which a new version would leave."""
    if previous.status is not Status.USABLE or previous.published > now:
        return []
    if previous.story.embargo is not None and previous.story.embargo > now:
        return []
    return [section for section in previous.story.sections if section not in story.sections]


# The fields that may hide a story, as a sentence names them.
_WHAT = {"embargo": "an embargo", "published": "a publication time"}


def _hiding(story: Story, previous: Item, now: datetime) -> tuple[str, datetime] | None:
    """The field (embargo or published) and its instant by which a new version of an item that is out would
    hide it again; None when the item is not out yet, or the version would not hide it."""
    if previous.status is not Status.USABLE or previous.published > now:
        return None
    if previous.story.embargo is not None and previous.story.embargo > now:
        return None
    if story.embargo is not None and story.embargo > now:
        return "embargo", story.embargo
    if story.published is not None and story.published > now:
        return "published", story.published
    return None


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


class Plan:
    """Plans a group of writes (one transaction) against the items' current state.

    Stores load `state` for every id the group touches and the last `seq`, feed the requests through `push` and
    `withdraw` in order, then write `written` (each version with its digest, in seq order) and commit.
    """

    def __init__(self, state: dict[str, Current], seq: int, now: datetime) -> None:
        self.state = state
        self.seq = seq
        self.now = now
        self.written: list[Planned] = []
        self.touched: set[str] = set()  # sections whose content the written versions change
        # The items whose publication time a written version moved, with the time it moved from (Store.moved_out_at).
        self.moved: list[tuple[str, datetime]] = []

    def push(self, stories: Sequence[Story], *, atomic: bool) -> list[Stored | Refused]:
        staged: dict[str, Current] = {}
        planned: list[Planned] = []
        touched: set[str] = set()
        moved: list[tuple[str, datetime]] = []
        results: list[Stored | Refused] = []
        seq = self.seq
        for story in stories:
            current = staged.get(story.id) or self.state.get(story.id)
            result = plan_version(story, current, now=self.now, seq=seq + 1)
            if isinstance(result, Refused):
                results.append(result)
                continue
            if result.outcome is not Outcome.UNCHANGED:
                seq += 1
                planned.append(result)
                staged[story.id] = Current(result.item, result.digest)
                touched.update(story.sections, current.item.story.sections if current else ())
                if current is not None and current.item.published != result.item.published:
                    moved.append((story.id, current.item.published))
            results.append(Stored(result.item, result.outcome))
        if atomic and any(isinstance(r, Refused) for r in results):
            return [r for r in results if isinstance(r, Refused)]
        self.seq = seq
        self.state.update(staged)
        self.written.extend(planned)
        self.touched |= touched
        self.moved.extend(moved)
        return results

    def withdraw(self, item_id: str, reason: str) -> Item | NotFound:
        current = self.state.get(item_id)
        if current is None:
            return NotFound(f"no item {item_id!r}")
        if current.item.status is Status.CANCELED:
            return current.item
        self.seq += 1
        item = plan_withdrawal(current, reason, now=self.now, seq=self.seq)
        self.state[item_id] = Current(item, current.digest)
        self.written.append(Planned(item, story_to_json(item.story), current.digest, Outcome.UPDATED))
        self.touched.update(item.story.sections)
        return item
