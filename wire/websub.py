"""The built-in WebSub hub (W3C WebSub): subscriptions with verified intent and leases, and content distribution.

State-based delivery: each subscription remembers the ETag of the last document its subscriber received. After
every committed change to a section (and when an embargo or delay in it ends), the hub compares each subscriber's
current document with what it last received (the changes committed while a comparison runs are compared together
in the next) and, if they differ, records durably that a delivery is owed. A
delivery worker then POSTs the document as it is at that moment. So a restart loses nothing (owed deliveries are
in the store, and at start every subscription is compared again), a burst of changes costs one delivery, and
several instances sharing a store deliver each change once (a delivery is claimed before it is sent).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import re
import secrets
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qsl, urlsplit

import aiohttp

from feeds.formats import FORMATS, Format, find_format
from wire.callbacks import CallbackClient, CallbackRefused
from wire.config import Config
from wire.errors import InvalidInput, Unavailable
from wire.observe import Observer
from wire.publisher import Publisher, Rendered
from wire.rules import Audience
from wire.store import Clock, Store, Subscription
from wire.urls import Urls

log = logging.getLogger("wire.websub")

# Delays between attempts to deliver one notification, in seconds; the last repeats.
RETRY_DELAYS = (10, 30, 60, 300, 900, 1800, 3600)
# A claimed delivery is another instance's to retry once its hold is over: the longest one attempt takes (the
# callback's time limit) and this much more for rendering and the store. An instance that died while delivering
# is so replaced within about half a minute.
_CLAIM_MARGIN_SECONDS = 20
_FULL = "the hub holds as many subscriptions as it may"
_T = TypeVar("_T")
# Deliveries in flight at once (a slow callback holds one of them until its timeout).
_CONCURRENT = 256
# After a change, how long the hub waits for the changes that follow it closely, to deliver them together.
_GATHER_SECONDS = 0.25
# The longest wait between two tries to write a verified subscription while the store is away.
_STORE_RETRY_MAX_SECONDS = 30.0
# With nothing to deliver, the worker looks for retries that have come due this often (a read, when none is due).
_IDLE_SECONDS = 1.0
_MAINTENANCE_SECONDS = 60.0
_MODES = ("subscribe", "unsubscribe")
# A lease in seconds, as written in a request: ASCII digits (str.isdigit() also holds for '²', which int() refuses),
# and few of them (12 digits are 30,000 years; longer leases are cut to the longest anyway).
LEASE_MAX_DIGITS = 12
# Characters of a callback URL at most.
CALLBACK_MAX = 4096
_LEASE = re.compile(f"[0-9]{{1,{LEASE_MAX_DIGITS}}}")


# What a topic's query may hold: the format's version, and a partner's key for readers that send no header.
_TOPIC_PARAMETERS = frozenset({"version", "key"})
# What became of a verified subscription: written, or not for want of room, or not the requester's to change.
_Saved = Literal["saved", "full", "ignored"]


@dataclass(frozen=True, slots=True)
class TopicRequest:
    """A checked subscription request, before its intent is verified."""

    mode: str
    topic: str  # canonical: no key
    given: str  # as the subscriber wrote it: the verification names the topic so (WebSub 5.3)
    callback: str
    lease_seconds: int
    secret: str | None
    section: str
    fmt: Format
    audience: Audience


class Hub:
    """Subscriptions, verification and distribution for this server's feeds."""

    def __init__(
        self,
        config: Config,
        store: Store,
        publisher: Publisher,
        urls: Urls,
        audiences: Mapping[str, Audience],
        public: Audience,
        clock: Clock,
        client: CallbackClient,
        observer: Observer,
    ) -> None:
        self._config = config
        self._store = store
        self._publisher = publisher
        self._urls = urls
        self._audiences = audiences
        self._public = public
        self._clock = clock
        self._client = client
        self._observer = observer
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._saving = asyncio.Lock()
        self._workers: list[asyncio.Task[None]] = []
        # Whether the hub's work waits for the store: told once, and once when the deliveries reach it again.
        self._waiting = _Waiting("the hub")
        # Sections changed since the last comparison began, and since the last ping to external hubs began.
        self._compare = _Coalesced(self._check, self._spawn, self._waiting)
        self._ping = _Coalesced(self._ping_external_hubs, self._spawn, self._waiting)

    # Life cycle

    async def start(self) -> None:
        self._store.on_change(self.changed)
        self._workers = [
            asyncio.create_task(self._deliver_loop(), name="websub-deliveries"),
            asyncio.create_task(self._maintain_loop(), name="websub-maintenance"),
        ]

    async def stop(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        for task in [*self._workers, *self._tasks]:
            task.cancel()
        for task in [*self._workers, *self._tasks]:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._client.close()

    def changed(self, sections: frozenset[str]) -> None:
        """A commit touched `sections`: find the subscribers that are now behind (store listener).

        One comparison runs at a time: commits that come while it runs are compared together in the next one, so
        that a busy newsroom's hundreds of commits a second cost a few reads of the subscriptions, not hundreds
        (distribution is by state: the next comparison sees every change). Pings to external hubs likewise."""
        self._compare.add(sections)
        self._ping.add(sections)

    # Subscription requests (POST /websub)

    def parse(self, form: Mapping[str, str], audience: Audience) -> TopicRequest:
        """Check a request's parameters; InvalidInput naming the parameter for anything wrong."""
        mode = form.get("hub.mode", "")
        if mode not in _MODES:
            raise InvalidInput.one("hub.mode", "must be subscribe or unsubscribe")
        callback = form.get("hub.callback", "")
        # Kept with a subscription, and sent in every request to it; one kept before the limit may still leave.
        if len(callback) > CALLBACK_MAX and mode == "subscribe":
            raise InvalidInput.one("hub.callback", f"is {len(callback)} characters long; the limit is {CALLBACK_MAX}")
        try:
            self._client.check(callback)
        except CallbackRefused as refused:
            raise InvalidInput.one("hub.callback", str(refused)) from None
        lease = self._lease(form.get("hub.lease_seconds"))
        secret = form.get("hub.secret") or None
        if secret is not None and len(secret.encode()) >= 200:
            raise InvalidInput.one("hub.secret", "must be shorter than 200 bytes")
        given = form.get("hub.topic", "")
        topic, section, fmt = self._topic(given)
        return TopicRequest(mode, topic, given, callback, lease, secret, section, fmt, audience)

    def accept(self, request: TopicRequest) -> None:
        """Verify the subscriber's intent, then record (or forget) the subscription: in the background."""
        self._spawn(self._verify(request))

    def _lease(self, text: str | None) -> int:
        websub = self._config.websub
        if text is None or text == "":
            return websub.lease_seconds
        if not _LEASE.fullmatch(text) or int(text) < 1:
            raise InvalidInput.one(
                "hub.lease_seconds", f"must be a positive whole number of seconds, of {LEASE_MAX_DIGITS} digits at most"
            )
        return min(int(text), websub.max_lease_seconds)

    def _topic(self, topic: str) -> tuple[str, str, Format]:
        base = self._urls.public_url + "/feeds/"
        try:
            parts = urlsplit(topic)
        except ValueError:
            raise InvalidInput.one("hub.topic", f"must be a feed of this server ({base}<section>.<format>)") from None
        bare = f"{parts.scheme}://{parts.netloc}{parts.path}"
        if not bare.startswith(base):
            raise InvalidInput.one("hub.topic", f"must be a feed of this server ({base}<section>.<format>)")
        section, dot, extension = bare.removeprefix(base).rpartition(".")
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        other = sorted(set(query) - _TOPIC_PARAMETERS)
        if other or parts.fragment:
            # An archive day or a sync position is no feed that changes: a subscription to it would silently be
            # one to the current document.
            what = f"?{other[0]}=" if other else "a #fragment"
            raise InvalidInput.one("hub.topic", f"must be a section's current feed, without {what}")
        version = query.get("version")
        fmt = find_format(extension, version) if dot else None
        if fmt is None or section not in self._config.sections:
            raise InvalidInput.one("hub.topic", "no such feed")
        canonical = f"{bare}?version={version}" if version else bare
        return canonical, section, fmt

    async def _verify(self, request: TopicRequest) -> None:
        if not request.audience.may_read(request.section):
            await self._deny(request, "the topic is not open to this subscriber")
            return
        held = await self._store.subscriptions(self._clock())
        if self._not_theirs(request, held):
            return
        existing = _held_at(held, request.topic, request.callback)
        if request.mode == "subscribe" and existing is None and self._full(held):
            await self._deny(request, _FULL)
            return
        challenge = secrets.token_urlsafe(24)
        params = {"hub.mode": request.mode, "hub.topic": request.given, "hub.challenge": challenge}
        if request.mode == "subscribe":
            params["hub.lease_seconds"] = str(request.lease_seconds)
        try:
            status, answer = await self._client.get(request.callback, params)
        except (aiohttp.ClientError, OSError, TimeoutError, CallbackRefused) as exc:
            log.info("verification of %s failed: %s", request.callback, _reason(exc))
            self._observer.count("websub-verification", "unreachable")
            return
        if not 200 <= status < 300 or answer.decode(errors="replace") != challenge:
            self._observer.count("websub-verification", "refused")
            return
        self._observer.count("websub-verification", request.mode)
        expires = self._clock() + timedelta(seconds=request.lease_seconds)
        if request.mode == "unsubscribe":

            async def forget() -> None:
                async with self._saving:  # no partner's subscribed there since the request came
                    if not self._not_theirs(request, await self._store.subscriptions(self._clock())):
                        await self._store.delete_subscription(request.topic, request.callback)

            await self._written(forget, expires)
            return
        subscription = Subscription(
            id=uuid.uuid4().hex,
            topic=request.topic,
            section=request.section,
            format=request.fmt.key,
            partner=request.audience.name if request.audience.partner else None,
            key_sha256=request.audience.partner.key_sha256 if request.audience.partner else None,
            callback=request.callback,
            secret=request.secret,
            expires=expires,
        )

        async def save() -> _Saved:
            # Notified of the changes from now on: the document as it stands is what the subscriber has (a
            # renewal keeps what was last delivered).
            current = await self._rendered(subscription)
            etag = current.etag if current is not None else None
            async with self._saving:  # checked again with the others verified meanwhile: one at a time
                held = await self._store.subscriptions(self._clock())
                # A partner may have subscribed there while the callback answered: it is still only its to change.
                if self._not_theirs(request, held):
                    return "ignored"
                renewal = _held_at(held, subscription.topic, subscription.callback) is not None
                if not renewal and self._full(held):
                    return "full"
                await self._store.save_subscription(replace(subscription, delivered_etag=etag))
            return "saved"

        saved = await self._written(save, expires)
        if saved == "full":
            await self._deny(request, _FULL)
        if saved != "saved":
            return
        # Compared again at once: a change committed meanwhile is owed, and an embargo or delay ending in the
        # section is timed, though no subscriber of it was there when it was stored.
        self._compare.add(frozenset({request.section}))

    def _not_theirs(self, request: TopicRequest, held: Sequence[Subscription]) -> bool:
        """Whether a partner's subscription is held at the request's topic and callback and the request is not that
        partner's (told in the log): only its partner, with its key, may change or end it. Anyone else could take its
        view down to the public's or another partner's, or set the secret its deliveries are signed with. A public
        subscription is no one's: a partner's key may make it the partner's (verified as any request is)."""
        existing = _held_at(held, request.topic, request.callback)
        mine = request.audience.name if request.audience.partner else None
        if existing is None or existing.partner is None or existing.partner == mine:
            return False
        # Its callback is not told of the attempt (a denial would read to it as the end of its subscription).
        if mine is None:
            log.info("a request for %s without the key of the partner subscribed there was ignored", request.callback)
        else:
            log.info(
                "a request for %s with the key of another partner than the one subscribed there was ignored",
                request.callback,
            )
        self._observer.count("websub-verification", "not-the-owner")
        return True

    def _full(self, held: Sequence[Subscription]) -> bool:
        return len(held) >= self._config.websub.max_subscriptions

    async def _written(self, write: Callable[[], Awaitable[_T]], until: datetime) -> _T:
        """Write what a subscriber's verified intent asks for, waiting for the store where it is away: the
        subscriber was told that its (un)subscription holds. Tried again, less and less often, until the lease
        the subscriber asked for is over."""
        delay = 1.0
        while True:
            try:
                return await write()
            except Unavailable as away:
                if self._clock() + timedelta(seconds=delay) >= until:
                    raise
                log.warning("a verified subscription waits for the store: %s", away.detail)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _STORE_RETRY_MAX_SECONDS)

    async def _deny(self, request: TopicRequest, reason: str) -> None:
        """WebSub 5.2: tell the subscriber that its subscription is denied."""
        params = {"hub.mode": "denied", "hub.topic": request.given, "hub.reason": reason}
        self._observer.count("websub-verification", "denied")
        with contextlib.suppress(aiohttp.ClientError, OSError, TimeoutError, CallbackRefused):
            await self._client.get(request.callback, params)

    # Distribution

    async def _check(self, sections: frozenset[str] | None) -> None:
        """Owe a delivery to every subscriber (of `sections`, or all) whose document changed since it was sent."""
        now = self._clock()
        subscriptions = await self._store.subscriptions(now)
        behind: list[str] = []
        next_check: dict[str, datetime] = {}
        for subscription in subscriptions:
            if sections is not None and subscription.section not in sections:
                continue
            document = await self._document(subscription)
            if document is None:
                continue
            etag, expires = document
            if etag != subscription.delivered_etag:
                behind.append(subscription.id)
            if expires is not None:
                section = subscription.section
                next_check[section] = min(expires, next_check.get(section, expires))
        if behind:
            await self._store.owe_deliveries(behind, now)
            self._wake.set()
        for section, when in next_check.items():
            self._check_at(section, when)

    def _check_at(self, section: str, when: datetime) -> None:
        """Check the section again when an embargo or delay in it ends: its documents change then."""
        timer = self._timers.get(section)
        if timer is not None:
            timer.cancel()
        delay = max((when - self._clock()).total_seconds(), 0.0) + 0.01
        loop = asyncio.get_running_loop()
        self._timers[section] = loop.call_later(delay, self.changed, frozenset({section}))

    async def _document(self, subscription: Subscription) -> tuple[str, datetime | None] | None:
        rendered = await self._rendered(subscription)
        if rendered is None:
            return None
        return rendered.etag, rendered.expires

    async def _rendered(self, subscription: Subscription) -> Rendered | None:
        audience = self._audiences.get(subscription.partner) if subscription.partner else self._public
        fmt = _format(subscription.format)
        if audience is None or fmt is None or not audience.may_read(subscription.section):
            return None  # the partner or the format is gone from the configuration
        if subscription.key_sha256 is not None and (
            audience.partner is None or audience.partner.key_sha256 != subscription.key_sha256
        ):
            return None  # made with a key the partner no longer has (replaced, often because it leaked)
        return await self._publisher.current(subscription.section, fmt, audience.rules)

    async def _deliver_loop(self) -> None:
        """Claim what is due and deliver each on its own: a slow or dead callback holds one of `_CONCURRENT`
        places until its timeout, never the others' notifications."""
        in_flight: set[asyncio.Task[None]] = set()
        hold = self._config.websub.timeout_seconds + _CLAIM_MARGIN_SECONDS
        try:
            while True:
                room = _CONCURRENT - len(in_flight)
                claimed = 0
                if room > 0:
                    try:
                        due = await self._store.claim_deliveries(self._clock(), hold_seconds=hold, limit=room)
                    except Unavailable as away:  # the store is away: deliveries wait for it, nothing is lost
                        self._waiting.away(away)
                        due = []
                    except Exception:
                        log.exception("delivering notifications failed")
                        due = []
                    else:  # the store answers: what waited for it goes on (the loop asks every second at least)
                        self._waiting.back()
                    for delivery in due:
                        delivering = self._deliver(delivery.subscription, delivery.attempts)
                        task = asyncio.create_task(_guarded(delivering, self._waiting))
                        in_flight.add(task)
                        task.add_done_callback(in_flight.discard)
                    claimed = len(due)
                if claimed == 0 or len(in_flight) >= _CONCURRENT:
                    # Nothing more is due, or every place is taken: wait for a change, a place or the next retry.
                    self._wake.clear()
                    woken = asyncio.ensure_future(self._wake.wait())
                    waits: set[asyncio.Future[Any]] = {woken}
                    if len(in_flight) >= _CONCURRENT:
                        waits.update(in_flight)
                    try:
                        await asyncio.wait(waits, timeout=_IDLE_SECONDS, return_when=asyncio.FIRST_COMPLETED)
                    finally:
                        woken.cancel()
                    if self._wake.is_set():
                        # A change: the ones that follow it closely go out with it, in the latest document.
                        await asyncio.sleep(_GATHER_SECONDS)
        finally:  # stopping: what is in flight is claimed again once the hold is over
            for task in list(in_flight):
                task.cancel()

    async def _deliver(self, subscription: Subscription, attempts: int) -> None:
        rendered = await self._rendered(subscription)
        if rendered is None:
            await self._store.drop_delivery(subscription.id)
            return
        etag = rendered.etag
        if etag == subscription.delivered_etag:
            await self._store.drop_delivery(subscription.id)  # already sent (by another instance, say)
            return
        body = rendered.body
        headers = {
            "Content-Type": rendered.content_type,
            "Link": f'<{self._urls.hub()}>; rel="hub", <{subscription.topic}>; rel="self"',
        }
        if subscription.secret:
            signature = hmac.new(subscription.secret.encode(), body, hashlib.sha256).hexdigest()
            headers["X-Hub-Signature"] = f"sha256={signature}"
        try:
            status, _ = await self._client.post(subscription.callback, body, headers)
        except (aiohttp.ClientError, OSError, TimeoutError, CallbackRefused) as exc:
            log.info("delivery to %s failed: %s", subscription.callback, _reason(exc))
            status = 0
        if 200 <= status < 300:
            self._observer.count("websub-delivery", "delivered")
            await self._store.delivered(subscription.id, etag)
            await self._owe_if_changed(subscription, etag)
        elif status == 410:
            self._observer.count("websub-delivery", "gone")
            await self._store.delete_subscription(subscription.topic, subscription.callback)
        elif attempts + 1 >= self._config.websub.max_attempts:
            self._observer.count("websub-delivery", "given-up")
            log.warning("giving up a notification to %s after %d attempts", subscription.callback, attempts + 1)
            # Settled as if delivered: the next comparison would owe the same document again, and start the
            # attempts over for as long as the lease runs; the next change starts a new notification (one
            # committed during this last attempt too).
            await self._store.delivered(subscription.id, etag)
            await self._owe_if_changed(subscription, etag)
        else:
            self._observer.count("websub-delivery", "failed")
            delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS) - 1)]
            due = self._clock() + timedelta(seconds=delay)
            await self._store.retry_delivery(subscription.id, due=due, attempts=attempts + 1)

    async def _owe_if_changed(self, subscription: Subscription, sent: str) -> None:
        """A change committed while a delivery was in flight found it owed already, and the delivery's end settled
        it: owe the document again if it is no longer the one sent."""
        rendered = await self._rendered(subscription)
        if rendered is not None and rendered.etag != sent:
            await self._store.owe_deliveries([subscription.id], self._clock())
            self._wake.set()

    async def _maintain_loop(self) -> None:
        """At start, compare every subscription (a change may have been committed while no hub ran); then drop
        ended leases and compare again now and then."""
        while True:
            try:
                dropped = await self._store.drop_expired_subscriptions(self._clock())
                if dropped:
                    self._observer.count("websub-subscriptions", "expired", dropped)
                await self._check(None)
            except Unavailable as away:
                log.warning("websub maintenance waits: %s", away.detail)
            except Exception:
                log.exception("websub maintenance failed")
            await asyncio.sleep(_MAINTENANCE_SECONDS)

    async def _ping_external_hubs(self, sections: frozenset[str]) -> None:
        hubs = self._config.websub.external_hubs
        public = [s for s in sections if self._public.may_read(s)]
        if not hubs or not public:
            return
        readers = [fmt for fmt in FORMATS.values() if fmt.for_readers]  # the formats that name these hubs
        topics = [fmt.url(self._urls.feed_base(s)) for s in public for fmt in readers]
        timeout = aiohttp.ClientTimeout(total=self._config.websub.timeout_seconds)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for hub in hubs:
                data = [("hub.mode", "publish"), *(("hub.url", topic) for topic in topics)]
                try:
                    async with session.post(hub, data=data) as response:
                        self._observer.count("websub-ping", str(response.status))
                except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                    log.info("pinging hub %s failed: %s", hub, _reason(exc))
                    self._observer.count("websub-ping", "failed")

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.create_task(_guarded(work, self._waiting))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


class _Waiting:
    """Tells once that some work waits for the store, and once that it goes on, however many tries fail meanwhile:
    a store away for a minute must not write a line per try (a second, per worker)."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._tries = 0

    def away(self, away: Unavailable) -> None:
        if not self._tries:
            log.warning("%s waits for the store: %s", self._what, away.detail)
        self._tries += 1

    def back(self) -> None:
        if self._tries:
            log.warning("%s goes on: the store is back (%d tries waited)", self._what, self._tries)
            self._tries = 0


async def _guarded(work: Coroutine[object, object, None], waiting: _Waiting) -> None:
    """Background work whose failure is logged, not lost: a store that is away is expected now and then (told once
    by `waiting`; the maintenance loop compares every subscription again once it is back)."""
    try:
        await work
    except Unavailable as away:
        waiting.away(away)
    except Exception:
        log.exception("the hub's background work failed")


class _Coalesced:
    """Work on sets of sections, one run at a time: sections added while a run is in progress are taken together
    by the next run."""

    def __init__(
        self,
        work: Callable[[frozenset[str]], Coroutine[object, object, None]],
        spawn: Callable[[Coroutine[object, object, None]], None],
        waiting: _Waiting,
    ) -> None:
        self._work = work
        self._spawn = spawn
        self._waiting = waiting
        self._pending: set[str] = set()
        self._running = False

    def add(self, sections: frozenset[str]) -> None:
        self._pending |= sections
        if not self._running and self._pending:
            self._running = True
            self._spawn(self._run())

    async def _run(self) -> None:
        try:
            while self._pending:
                sections = frozenset(self._pending)
                self._pending.clear()
                await _guarded(self._work(sections), self._waiting)
        finally:
            self._running = False


def _held_at(held: Sequence[Subscription], topic: str, callback: str) -> Subscription | None:
    """The subscription of `held` for `topic` at `callback` (the store keeps one for each pair), if any."""
    return next((s for s in held if s.topic == topic and s.callback == callback), None)


def _format(key: str) -> Format | None:
    extension, _, variant = key.partition("@")
    return find_format(extension, variant or None)


def _reason(failure: BaseException) -> str:
    """Why a request to a callback or hub failed, in words: a timeout's own message is empty."""
    if str(failure):
        return str(failure)
    if isinstance(failure, TimeoutError):
        return "no answer within the time limit"
    return type(failure).__name__
