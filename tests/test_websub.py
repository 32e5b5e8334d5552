"""The built-in WebSub hub: subscribers on loopback are verified, notified within a second, and refused safely."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import socket
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import flask
import flask_websub.subscriber as websub
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from werkzeug.serving import make_server

from tests import postgres
from tests.conftest import EDITOR, Clock, WireServer, make_config, story
from wire.app import create_app
from wire.auth import digest
from wire.config import Config
from wire.service import SERVICE
from wire.store import Subscription
from wire.timestamps import format_rfc3339

PARTNER_KEY = "websub-partner-key"
OTHER_PARTNER_KEY = "websub-other-partner-key"
FORM = "application/x-www-form-urlencoded"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Subscriber:
    """A real subscriber on loopback: its callbacks echo challenges (or misbehave, by name) and keep what
    they are sent."""

    url: str
    verifications: list[dict[str, str]] = field(default_factory=list)
    notifications: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    received: asyncio.Event = field(default_factory=asyncio.Event)
    verified: asyncio.Event = field(default_factory=asyncio.Event)
    down: bool = False  # while set, every notification is answered 503
    release: asyncio.Event = field(default_factory=asyncio.Event)  # what a "hold" callback waits for
    # A "gate" callback's verifications wait each for its own event, in the order they came: a test answers them
    # in the order it needs.
    gates: list[asyncio.Event] = field(default_factory=list)

    def callback(self, behaviour: str = "echo") -> str:
        return f"{self.url}/callback/{behaviour}"


async def start_subscriber() -> tuple[Subscriber, web.AppRunner]:
    port = free_port()
    subscriber = Subscriber(f"http://127.0.0.1:{port}")

    async def verify(request: web.Request) -> web.Response:
        behaviour = request.match_info["behaviour"]
        subscriber.verifications.append({**request.query, "behaviour": behaviour})
        subscriber.verified.set()
        if behaviour == "missing":
            raise web.HTTPNotFound()
        if behaviour == "wrong":
            return web.Response(text="not the challenge")
        if behaviour == "hold":
            await subscriber.release.wait()
        if behaviour == "gate":
            gate = asyncio.Event()
            subscriber.gates.append(gate)
            await gate.wait()
        return web.Response(text=request.query.get("hub.challenge", ""))

    async def notify(request: web.Request) -> web.Response:
        behaviour = request.match_info["behaviour"]
        if subscriber.down:
            return web.Response(status=503)
        if behaviour == "hang":
            await asyncio.sleep(3)  # longer than the hub waits (timeout_seconds = 1)
        subscriber.notifications.append((await request.read(), dict(request.headers)))
        subscriber.received.set()
        if behaviour == "fail":
            return web.Response(status=500)
        if behaviour == "gone":
            return web.Response(status=410)
        return web.Response(text="thanks")

    app = web.Application()
    app.router.add_get("/callback/{behaviour}", verify)
    app.router.add_post("/callback/{behaviour}", notify)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return subscriber, runner


@dataclass
class HubWire:
    client: TestClient[web.Request, web.Application]
    subscriber: Subscriber
    clock: Clock
    base: str

    async def subscribe(
        self, callback: str, *, topic: str = "/feeds/world.atom", key: str | None = None, **extra: str
    ) -> int:
        return await self.ask("subscribe", callback, topic=topic, key=key, **extra)

    async def ask(
        self, mode: str, callback: str, *, topic: str = "/feeds/world.atom", key: str | None = None, **extra: str
    ) -> int:
        form = {"hub.mode": mode, "hub.topic": self.base + topic, "hub.callback": callback, **extra}
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        response = await self.client.post("/websub", data=form, headers=headers)
        return response.status

    async def held(self) -> list[Subscription]:
        assert self.client.app is not None
        return await self.client.app[SERVICE].store.subscriptions(self.clock())

    async def stored(self, count: int) -> None:
        """Wait until the hub holds `count` subscriptions (it stores one once its callback has answered)."""
        assert self.client.app is not None
        store = self.client.app[SERVICE].store

        async def holds() -> bool:
            return len(await store.subscriptions(self.clock())) == count

        deadline = asyncio.get_running_loop().time() + 15
        while not await holds():
            assert asyncio.get_running_loop().time() < deadline, f"the hub does not hold {count} subscriptions"
            await asyncio.sleep(0.02)

    async def push(self, doc: dict[str, Any]) -> None:
        response = await self.client.post("/v1/items", json=doc, headers=EDITOR)
        assert response.status in (200, 201), await response.text()


def hub_config(
    tmp_path: Path, port: int, *, partner_key: str = PARTNER_KEY, database: str | None = None, **websub: Any
) -> Config:
    storage = {"url": database} if database else {}
    return make_config(
        tmp_path,
        storage=storage,
        server={"public_url": f"http://127.0.0.1:{port}"},
        websub={"allowed_networks": ["127.0.0.0/8"], "timeout_seconds": 1, **websub},
        public={"sections": ["world"]},
        partners={
            "p": {"name": "P", "key_sha256": digest(partner_key), "sections": ["business", "world"], "level": "full"},
            "q": {"name": "Q", "key_sha256": digest(OTHER_PARTNER_KEY), "sections": ["world"], "level": "full"},
        },
    )


HubFactory = Callable[..., Awaitable[HubWire]]


@pytest.fixture
async def make_hub(tmp_path: Path, clock: Clock) -> AsyncIterator[HubFactory]:
    clients: list[TestClient[web.Request, web.Application]] = []
    runners: list[web.AppRunner] = []

    async def start(
        *,
        subscriber: Subscriber | None = None,
        port: int | None = None,
        partner_key: str = PARTNER_KEY,
        database: str | None = None,
        **websub: Any,
    ) -> HubWire:
        if subscriber is None:
            subscriber, runner = await start_subscriber()
            runners.append(runner)
        port = port or free_port()
        config = hub_config(tmp_path, port, partner_key=partner_key, database=database, **websub)
        server = WireServer(create_app(config, clock=clock), port=port)
        client: TestClient[web.Request, web.Application] = TestClient(server)
        await client.start_server()
        clients.append(client)
        return HubWire(client, subscriber, clock, f"http://127.0.0.1:{port}")

    yield start
    for client in clients:
        await client.close()
    for runner in runners:
        await runner.cleanup()


async def settle_held(hub: HubWire, condition: Callable[[list[Subscription]], bool], seconds: float = 5.0) -> None:
    """Wait until what the hub holds meets `condition`."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition(await hub.held()):
        assert asyncio.get_running_loop().time() < deadline, f"the hub holds {await hub.held()}"
        await asyncio.sleep(0.02)


async def settle(condition: Callable[[], bool], seconds: float = 3.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_a_subscriber_is_verified_then_notified_within_a_second_with_a_signature(make_hub: HubFactory) -> None:
    hub = await make_hub()
    callback = hub.subscriber.callback()
    assert await hub.subscribe(callback, **{"hub.secret": "s3cret", "hub.lease_seconds": "3600"}) == 202
    await settle(lambda: bool(hub.subscriber.verifications))
    check = hub.subscriber.verifications[0]
    assert check["hub.mode"] == "subscribe"
    assert check["hub.topic"] == f"{hub.base}/feeds/world.atom"
    assert check["hub.lease_seconds"] == "3600"
    await hub.stored(1)
    started = asyncio.get_running_loop().time()
    await hub.push(story("hub-1", headline="Notified headline"))
    await settle(lambda: bool(hub.subscriber.notifications), seconds=1.0)
    assert asyncio.get_running_loop().time() - started < 1.0
    body, headers = hub.subscriber.notifications[0]
    assert b"Notified headline" in body
    assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Hub-Signature"] == f"sha256={expected}"
    assert hmac.new(b"wrong", body, hashlib.sha256).hexdigest() != expected  # a forged body would not verify
    assert f'<{hub.base}/websub>; rel="hub"' in headers["Link"]
    feed = await hub.client.get("/feeds/world.atom")
    assert await feed.read() == body


async def test_an_embargo_ending_reaches_a_subscriber_that_came_after_the_story(make_hub: HubFactory) -> None:
    hub = await make_hub()
    embargo = format_rfc3339(hub.clock() + timedelta(seconds=1))
    await hub.push(story("held", headline="Released at its second", embargo=embargo))
    await hub.subscribe(hub.subscriber.callback())
    await hub.stored(1)
    await asyncio.sleep(0.3)
    assert hub.subscriber.notifications == []  # nothing has changed for it since it subscribed
    hub.clock.advance(seconds=1)
    await settle(lambda: bool(hub.subscriber.notifications), seconds=2.0)
    assert b"Released at its second" in hub.subscriber.notifications[0][0]


async def test_a_burst_of_changes_is_one_notification_of_the_latest_document(make_hub: HubFactory) -> None:
    hub = await make_hub()
    await hub.subscribe(hub.subscriber.callback())
    await hub.stored(1)
    await asyncio.gather(*(hub.push(story(f"burst-{n}")) for n in range(5)))
    await settle(lambda: bool(hub.subscriber.notifications))
    await asyncio.sleep(0.3)
    last = hub.subscriber.notifications[-1][0]
    assert all(f"burst-{n}".encode() in last for n in range(5))
    assert len(hub.subscriber.notifications) <= 2
    # Pushes one after another, 20 ms apart, as an editor's tool sends them: a few deliveries, the last complete.
    hub.subscriber.notifications.clear()
    for n in range(10):
        await hub.push(story(f"spread-{n}"))
        await asyncio.sleep(0.02)
    await settle(lambda: any(b"spread-9" in body for body, _ in hub.subscriber.notifications))
    await asyncio.sleep(0.5)
    assert len(hub.subscriber.notifications) <= 3


async def test_unsubscribing_stops_the_notifications(make_hub: HubFactory) -> None:
    hub = await make_hub()
    callback = hub.subscriber.callback()
    await hub.subscribe(callback)
    await hub.stored(1)
    assert await hub.ask("unsubscribe", callback) == 202
    await settle(lambda: len(hub.subscriber.verifications) == 2)
    assert hub.subscriber.verifications[1]["hub.mode"] == "unsubscribe"
    await hub.stored(0)
    await hub.push(story("after"))
    await asyncio.sleep(0.5)
    assert hub.subscriber.notifications == []


@pytest.mark.parametrize("behaviour", ["wrong", "missing"])
async def test_a_callback_that_does_not_echo_the_challenge_is_not_subscribed(
    make_hub: HubFactory, behaviour: str
) -> None:
    hub = await make_hub()
    await hub.subscribe(hub.subscriber.callback(behaviour))
    await settle(lambda: bool(hub.subscriber.verifications))
    await asyncio.sleep(0.1)
    await hub.push(story("unseen"))
    await asyncio.sleep(0.5)
    assert hub.subscriber.notifications == []


async def test_an_ended_lease_ends_the_notifications(make_hub: HubFactory) -> None:
    hub = await make_hub()
    await hub.subscribe(hub.subscriber.callback(), **{"hub.lease_seconds": "120"})
    await hub.stored(1)
    hub.clock.advance(seconds=121)
    await hub.push(story("too-late"))
    await asyncio.sleep(0.5)
    assert hub.subscriber.notifications == []


async def test_a_failing_callback_is_retried_with_backoff_then_given_up(make_hub: HubFactory) -> None:
    hub = await make_hub(max_attempts=3)
    await hub.subscribe(hub.subscriber.callback("fail"))
    await hub.stored(1)
    await hub.push(story("retry-me"))
    await settle(lambda: len(hub.subscriber.notifications) == 1)
    await asyncio.sleep(0.3)
    assert len(hub.subscriber.notifications) == 1  # the next attempt waits for its delay
    for expected in (2, 3):
        hub.clock.advance(seconds=60)
        # No latency is promised for a retry once due: the wait only bounds a hang (a loaded machine is slow).
        await settle(lambda n=expected: len(hub.subscriber.notifications) == n, seconds=10)  # type: ignore[misc]
    hub.clock.advance(hours=2)
    await asyncio.sleep(1.5)
    assert len(hub.subscriber.notifications) == 3
    # Given up, the notification is not started again by the next comparison (the hub's maintenance makes one a
    # minute), only by the next change.
    assert hub.client.app is not None
    hub.client.app[SERVICE].hub.changed(frozenset({"world"}))
    await asyncio.sleep(1.5)
    assert len(hub.subscriber.notifications) == 3
    await hub.push(story("changed-again"))
    await settle(lambda: len(hub.subscriber.notifications) == 4)


async def test_a_callback_that_hangs_is_cut_off_and_does_not_hold_the_others(make_hub: HubFactory) -> None:
    hub = await make_hub()
    await hub.subscribe(hub.subscriber.callback("hang"))
    await hub.subscribe(hub.subscriber.callback("echo"))
    await hub.stored(2)
    started = asyncio.get_running_loop().time()
    await hub.push(story("for-both"))
    await settle(lambda: bool(hub.subscriber.notifications), seconds=2.0)
    assert asyncio.get_running_loop().time() - started < 2.0


async def test_a_callback_that_hangs_delays_no_later_notification_of_the_others(make_hub: HubFactory) -> None:
    # Each delivery goes on its own: while one callback keeps the hub waiting (up to its timeout of 1 s), the
    # others hear of every change at once.
    hub = await make_hub()
    await hub.subscribe(hub.subscriber.callback("hang"))
    await hub.subscribe(hub.subscriber.callback("echo"))
    await hub.stored(2)
    await hub.push(story("first"))
    await settle(lambda: bool(hub.subscriber.notifications), seconds=2.0)
    started = asyncio.get_running_loop().time()
    await hub.push(story("second"))
    await settle(lambda: any(b"second" in body for body, _ in hub.subscriber.notifications), seconds=2.0)
    assert asyncio.get_running_loop().time() - started < 0.8


async def test_a_410_from_the_callback_ends_the_subscription(make_hub: HubFactory) -> None:
    hub = await make_hub()
    await hub.subscribe(hub.subscriber.callback("gone"))
    await hub.stored(1)
    await hub.push(story("one"))
    await settle(lambda: len(hub.subscriber.notifications) == 1)
    await asyncio.sleep(0.2)
    await hub.push(story("two"))
    await asyncio.sleep(0.5)
    assert len(hub.subscriber.notifications) == 1


async def test_a_partner_topic_without_the_key_is_denied_and_with_it_delivers_the_partner_view(
    make_hub: HubFactory,
) -> None:
    hub = await make_hub()
    await hub.subscribe(hub.subscriber.callback("anonymous"), topic="/feeds/business.atom")
    await settle(lambda: bool(hub.subscriber.verifications))
    assert hub.subscriber.verifications[0]["hub.mode"] == "denied"
    await hub.subscribe(hub.subscriber.callback("partner"), topic=f"/feeds/business.atom?key={PARTNER_KEY}")
    await settle(lambda: len(hub.subscriber.verifications) == 2)
    assert hub.subscriber.verifications[1]["hub.mode"] == "subscribe"
    # The topic as the subscriber gave it (WebSub 5.3): it is the subscriber's own key, sent to its own callback.
    assert hub.subscriber.verifications[1]["hub.topic"] == f"{hub.base}/feeds/business.atom?key={PARTNER_KEY}"
    await hub.stored(1)
    await hub.push(story("biz", section="business", body="<p>FULLBODYFORPARTNER</p>"))
    await settle(lambda: bool(hub.subscriber.notifications))
    assert b"FULLBODYFORPARTNER" in hub.subscriber.notifications[0][0]


async def test_only_its_partner_may_change_or_end_a_partner_s_subscription(make_hub: HubFactory) -> None:
    # Anyone who knows the callback could otherwise take the partner's view down to the public's, or set the
    # secret that signs its deliveries (and sign stories of their own).
    hub = await make_hub()
    callback = hub.subscriber.callback("partner")
    await hub.subscribe(callback, topic="/feeds/world.atom", **{"hub.secret": "partners-secret"}, key=PARTNER_KEY)
    await hub.stored(1)
    hub.subscriber.verifications.clear()
    for mode in ("subscribe", "unsubscribe"):
        assert await hub.ask(mode, callback, topic="/feeds/world.atom", **{"hub.secret": "attackers"}) == 202
        await asyncio.sleep(0.3)
        # Ignored, and the callback not told (a denial would read to it as the end of its subscription).
        assert hub.subscriber.verifications == []
        [kept] = await hub.held()
        assert (kept.partner, kept.secret) == ("p", "partners-secret")
    # With its key, the partner may.
    assert await hub.ask("unsubscribe", callback, topic="/feeds/world.atom", key=PARTNER_KEY) == 202
    await hub.stored(0)


async def test_a_partner_s_key_makes_a_public_subscription_at_the_callback_the_partner_s(make_hub: HubFactory) -> None:
    # A partner that first subscribed without its key upgrades to its own view: nobody owned the public one.
    hub = await make_hub()
    callback = hub.subscriber.callback("upgrading")
    await hub.subscribe(callback)
    await hub.stored(1)
    hub.subscriber.verifications.clear()
    assert await hub.subscribe(callback, key=PARTNER_KEY, **{"hub.secret": "partners-secret"}) == 202
    await settle(lambda: bool(hub.subscriber.verifications))
    assert hub.subscriber.verifications[0]["hub.mode"] == "subscribe"  # verified like any subscribe
    await settle_held(hub, lambda held: [(s.partner, s.secret) for s in held] == [("p", "partners-secret")])
    await hub.push(story("upgraded", body="<p>FULLBODYFORPARTNER</p>"))
    await settle(lambda: any(b"FULLBODYFORPARTNER" in body for body, _ in hub.subscriber.notifications))
    # Now the partner's: a request without its key changes nothing.
    assert await hub.subscribe(callback, **{"hub.secret": "attackers"}) == 202
    await asyncio.sleep(0.3)
    assert len(hub.subscriber.verifications) == 1
    [kept] = await hub.held()
    assert (kept.partner, kept.secret) == ("p", "partners-secret")


async def test_another_partner_s_key_neither_changes_nor_ends_a_partner_s_subscription(
    make_hub: HubFactory, caplog: pytest.LogCaptureFixture
) -> None:
    hub = await make_hub()
    callback = hub.subscriber.callback("partner")
    await hub.subscribe(callback, key=PARTNER_KEY, **{"hub.secret": "partners-secret"})
    await hub.stored(1)
    hub.subscriber.verifications.clear()
    caplog.set_level("INFO", logger="wire.websub")
    for mode in ("subscribe", "unsubscribe"):
        assert await hub.ask(mode, callback, key=OTHER_PARTNER_KEY, **{"hub.secret": "q-secret"}) == 202
        await asyncio.sleep(0.3)
        assert hub.subscriber.verifications == []
        [kept] = await hub.held()
        assert (kept.partner, kept.secret) == ("p", "partners-secret")
    told = [r.getMessage() for r in caplog.records if r.name == "wire.websub" and "ignored" in r.getMessage()]
    assert (
        told
        == [f"a request for {callback} with the key of another partner than the one subscribed there was ignored"] * 2
    )
    # Without any key, the log says so.
    caplog.clear()
    assert await hub.ask("unsubscribe", callback) == 202
    await asyncio.sleep(0.3)
    told = [r.getMessage() for r in caplog.records if r.name == "wire.websub" and "ignored" in r.getMessage()]
    assert told == [f"a request for {callback} without the key of the partner subscribed there was ignored"]


@pytest.mark.parametrize("mode", ["subscribe", "unsubscribe"])
async def test_a_request_without_the_key_answered_after_the_partner_subscribed_is_ignored(
    make_hub: HubFactory, mode: str
) -> None:
    # Found no partner's subscription when it came, the request without the key is answered by the callback only
    # after the partner's was saved: it must not replace or end the partner's then either.
    hub = await make_hub()
    callback = hub.subscriber.callback("gate")
    assert await hub.ask(mode, callback, **{"hub.secret": "attackers"}) == 202
    await settle(lambda: len(hub.subscriber.gates) == 1)
    assert await hub.subscribe(callback, key=PARTNER_KEY, **{"hub.secret": "partners-secret"}) == 202
    await settle(lambda: len(hub.subscriber.gates) == 2)
    hub.subscriber.gates[1].set()
    await hub.stored(1)
    hub.subscriber.gates[0].set()
    await asyncio.sleep(0.5)
    [kept] = await hub.held()
    assert (kept.partner, kept.secret) == ("p", "partners-secret")


async def test_the_hub_holds_at_most_max_subscriptions_and_renews_those_it_holds(make_hub: HubFactory) -> None:
    hub = await make_hub(max_subscriptions=1)
    first = hub.subscriber.callback("first")
    await hub.subscribe(first)
    await hub.stored(1)
    await hub.subscribe(hub.subscriber.callback("second"))
    await settle(lambda: hub.subscriber.verifications[-1]["hub.mode"] == "denied")
    assert "as many subscriptions" in hub.subscriber.verifications[-1]["hub.reason"]
    await hub.subscribe(first, **{"hub.lease_seconds": "7200"})  # a renewal
    await settle(lambda: hub.subscriber.verifications[-1]["hub.mode"] == "subscribe")
    assert [s.callback for s in await hub.held()] == [first]
    # Requests that come together are counted again as each is saved, after its callback answered.
    await hub.ask("unsubscribe", first)
    await hub.stored(0)
    hub.subscriber.verifications.clear()
    together = [hub.subscriber.callback(f"together-{n}") for n in range(4)]
    await asyncio.gather(*(hub.subscribe(callback) for callback in together))
    await settle(lambda: len(hub.subscriber.verifications) >= 7)  # four verifications, three denials
    await asyncio.sleep(0.2)
    assert len(await hub.held()) == 1


async def test_callbacks_on_private_addresses_are_refused_by_default(tmp_path: Path, make_wire: Any) -> None:
    wire = await make_wire(make_config(tmp_path))
    form = {
        "hub.mode": "subscribe",
        "hub.topic": "https://news.example.org/feeds/world.atom",
        "hub.callback": "http://127.0.0.1:9/callback",
    }
    response = await wire.client.post("/websub", data=form)
    assert response.status == 422
    problem = await response.json(content_type=None)
    assert problem["errors"][0]["field"] == "hub.callback"
    refused = (
        "http://10.1.2.3/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "file:///etc",
        # IPv6 addresses that carry a private IPv4 one: mapped, compatible, NAT64, 6to4, Teredo.
        "http://[::ffff:127.0.0.1]/x",
        "http://[::127.0.0.1]/x",
        "http://[::ffff:0:a01:203]/x",  # translated (SIIT)
        "http://[64:ff9b::7f00:1]/x",
        "http://[64:ff9b::a01:203]/x",
        "http://[2002:a01:203::1]/x",
        "http://[2001:0:4136:e378:8000:63bf:f5fe:fdfe]/x",  # Teredo, client 10.1.2.1
    )
    for callback in refused:
        response = await wire.client.post("/websub", data={**form, "hub.callback": callback})
        assert response.status == 422, callback
    for callback in ("http://[64:ff9b::808:808]/x", "http://[2002:808:808::1]/x", "http://8.8.8.8/x"):
        response = await wire.client.post("/websub", data={**form, "hub.callback": callback})
        assert response.status == 202, callback


async def test_bad_requests_name_the_parameter(make_hub: HubFactory) -> None:
    hub = await make_hub()
    cases = [
        ({"hub.mode": "follow"}, "hub.mode"),
        ({"hub.topic": "https://elsewhere.example/feed"}, "hub.topic"),
        ({"hub.topic": f"{hub.base}/feeds/moon.atom"}, "hub.topic"),
        ({"hub.topic": "https://[news.example.org/feeds/world.atom"}, "hub.topic"),
        ({"hub.topic": f"{hub.base}/feeds/world.atom?archive=2026-03-01"}, "hub.topic"),
        ({"hub.topic": f"{hub.base}/feeds/world.atom?since=2026-03-01T00:00:00Z"}, "hub.topic"),
        ({"hub.topic": f"{hub.base}/feeds/world.atom#latest"}, "hub.topic"),
        ({"hub.callback": "http://[::1/callback"}, "hub.callback"),
        ({"hub.callback": "https://subscriber.example:99999/callback"}, "hub.callback"),
        ({"hub.lease_seconds": "-5"}, "hub.lease_seconds"),
        ({"hub.lease_seconds": "²"}, "hub.lease_seconds"),
        ({"hub.lease_seconds": "٣٦٠٠"}, "hub.lease_seconds"),
        ({"hub.lease_seconds": "9" * 5000}, "hub.lease_seconds"),
        # Kept with the subscription and sent with every request to it.
        ({"hub.callback": "https://subscriber.example/" + "c" * 5000}, "hub.callback"),
    ]
    for override, field_name in cases:
        form = {
            "hub.mode": "subscribe",
            "hub.topic": f"{hub.base}/feeds/world.atom",
            "hub.callback": hub.subscriber.callback(),
            **override,
        }
        response = await hub.client.post("/websub", data=form)
        assert response.status == 422, override
        assert (await response.json(content_type=None))["errors"][0]["field"] == field_name
    # A field given twice: which one counts is anyone's guess.
    twice = f"hub.mode=subscribe&hub.mode=unsubscribe&hub.topic={hub.base}/feeds/world.atom&hub.callback=x"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response = await hub.client.post("/websub", data=twice, headers=headers)
    assert response.status == 422
    assert (await response.json(content_type=None))["errors"] == [
        {"field": "hub.mode", "reason": "is given more than once"}
    ]


async def test_a_topic_with_an_empty_key_gets_401_and_subscribes_no_one(make_hub: HubFactory) -> None:
    # As on a feed, a key sent wrongly is never read as no key: the public would have been subscribed instead.
    hub = await make_hub()
    status = await hub.subscribe(hub.subscriber.callback(), topic="/feeds/world.atom?key=")
    assert status == 401
    response = await hub.client.post(
        "/websub",
        data={
            "hub.mode": "subscribe",
            "hub.topic": f"{hub.base}/feeds/world.atom?key=",
            "hub.callback": hub.subscriber.callback(),
        },
    )
    problem = await response.json(content_type="application/problem+json")
    assert "hub.topic" in problem["detail"]
    assert 'error="invalid_request"' in response.headers["WWW-Authenticate"]
    # A key given twice, in either order, as a feed refuses it: the valid one was taken after an empty one.
    for query in (f"key=&key={PARTNER_KEY}", f"key={PARTNER_KEY}&key="):
        status = await hub.subscribe(hub.subscriber.callback(), topic=f"/feeds/world.atom?{query}")
        assert status == 422, query
        assert (await hub.client.get(f"/feeds/world.atom?{query}")).status == 422
    await asyncio.sleep(0.2)
    assert hub.subscriber.verifications == []
    assert await hub.held() == []


async def test_a_callback_over_the_length_limit_may_still_unsubscribe(make_hub: HubFactory) -> None:
    # The limit keeps such a callback from being stored; one stored before it must still be able to leave.
    hub = await make_hub()
    form = {"hub.topic": f"{hub.base}/feeds/world.atom", "hub.callback": "https://subscriber.example/" + "c" * 5000}
    refused = await hub.client.post("/websub", data={**form, "hub.mode": "subscribe"})
    assert refused.status == 422
    assert "the limit is 4096" in (await refused.json(content_type=None))["errors"][0]["reason"]
    response = await hub.client.post("/websub", data={**form, "hub.mode": "unsubscribe"})
    if response.status == 422:  # refused for another reason (its host is not one the hub may call), never its length
        assert "the limit" not in (await response.json(content_type=None))["errors"][0]["reason"]
    else:
        assert response.status == 202


async def test_a_key_or_a_field_in_the_hub_s_query_gets_422_and_subscribes_no_one(make_hub: HubFactory) -> None:
    # The hub reads its fields from the body: a key in its URL, as feeds take one, would go unread, and the
    # subscription be the public's.
    hub = await make_hub()
    form = {
        "hub.mode": "subscribe",
        "hub.topic": f"{hub.base}/feeds/world.atom",
        "hub.callback": hub.subscriber.callback(),
    }
    for query, reason in (("key=k", "a partner's key goes in hub.topic"), ("hub.mode=subscribe", "unknown query")):
        response = await hub.client.post(f"/websub?{query}", data=form)
        problem = await response.json(content_type="application/problem+json")
        assert response.status == 422, query
        assert problem["errors"][0]["field"] == query.split("=")[0]
        assert problem["errors"][0]["reason"].startswith(reason)
    await asyncio.sleep(0.2)
    assert hub.subscriber.verifications == []


async def test_a_form_that_is_not_utf8_gets_400_and_one_in_an_unknown_charset_415(make_hub: HubFactory) -> None:
    hub = await make_hub()
    form = b"hub.mode=subscribe&hub.topic=\xff"
    response = await hub.client.post("/websub", data=form, headers={"Content-Type": FORM})
    assert response.status == 400
    content_type = f"{FORM}; charset=no-such-charset"
    response = await hub.client.post("/websub", data=b"hub.mode=subscribe", headers={"Content-Type": content_type})
    assert response.status == 415


async def test_every_feed_response_names_the_hub_and_itself(make_hub: HubFactory) -> None:
    hub = await make_hub()
    response = await hub.client.get("/feeds/world.json")
    assert f'<{hub.base}/websub>; rel="hub"' in response.headers["Link"]
    assert f'<{hub.base}/feeds/world.json>; rel="self"' in response.headers["Link"]
    assert (await response.json())["hubs"][0]["url"] == f"{hub.base}/websub"


async def test_subscriptions_and_owed_notifications_survive_a_restart(make_hub: HubFactory) -> None:
    first = await make_hub()
    await first.subscribe(first.subscriber.callback())
    await first.stored(1)
    first.subscriber.down = True
    await first.push(story("while-down", headline="Committed while the subscriber was down"))
    await asyncio.sleep(0.5)  # one attempt failed; the next is owed, in the store
    await first.client.close()
    first.subscriber.down = False
    port = int(first.base.rsplit(":", 1)[1])
    second = await make_hub(subscriber=first.subscriber, port=port)
    second.clock.advance(seconds=30)
    await settle(lambda: bool(second.subscriber.notifications), seconds=10)
    assert b"Committed while the subscriber was down" in second.subscriber.notifications[-1][0]


async def test_a_partner_s_new_key_ends_the_subscriptions_made_with_the_old_one(make_hub: HubFactory) -> None:
    # A key is replaced because it leaked, often: what was subscribed with it must stop receiving the partner's view.
    first = await make_hub()
    await first.subscribe(first.subscriber.callback("partner"), topic=f"/feeds/business.atom?key={PARTNER_KEY}")
    await first.subscribe(first.subscriber.callback("public"))
    await first.stored(2)
    await first.client.close()
    port = int(first.base.rsplit(":", 1)[1])
    second = await make_hub(subscriber=first.subscriber, port=port, partner_key="a-new-key-for-the-partner")
    await second.push(story("biz", section="business", body="<p>FULLBODYFORPARTNER</p>"))
    await second.push(story("pub", headline="PUBLICHEADLINE"))
    await settle(lambda: any(b"PUBLICHEADLINE" in body for body, *_ in second.subscriber.notifications))
    await asyncio.sleep(1.0)
    assert not any(b"FULLBODYFORPARTNER" in body for body, *_ in second.subscriber.notifications)


async def test_flask_websub_subscriber_interoperates(make_hub: HubFactory, tmp_path: Path) -> None:
    hub = await make_hub()
    port = free_port()
    app = flask.Flask("independent-subscriber")
    app.config["SERVER_NAME"] = f"127.0.0.1:{port}"
    subscriber = websub.Subscriber(
        websub.SQLite3SubscriberStorage(str(tmp_path / "subscriptions.sqlite")),
        websub.SQLite3TempSubscriberStorage(str(tmp_path / "pending.sqlite")),
    )
    app.register_blueprint(subscriber.build_blueprint(url_prefix="/callbacks"))
    received: list[bytes] = []
    confirmed: list[str] = []
    subscriber.add_listener(lambda topic, callback_id, body: received.append(body))
    subscriber.add_success_handler(lambda topic, callback_id, mode: confirmed.append(mode))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:

        def subscribe() -> str:
            with app.app_context():
                found = websub.discover(f"{hub.base}/feeds/world.atom")
                assert found == {"hub_url": f"{hub.base}/websub", "topic_url": f"{hub.base}/feeds/world.atom"}
                return str(subscriber.subscribe(**found))

        await asyncio.to_thread(subscribe)
        await settle(lambda: confirmed == ["subscribe"], seconds=15)
        await hub.stored(1)
        await hub.push(story("interop", headline="Seen by an independent subscriber"))
        await settle(lambda: bool(received), seconds=15)
        assert b"Seen by an independent subscriber" in received[-1]
    finally:
        server.shutdown()
        thread.join(timeout=5)


async def test_external_hubs_are_pinged_when_a_public_feed_changes(make_hub: HubFactory) -> None:
    pings: list[list[tuple[str, str]]] = []

    async def external_hub(request: web.Request) -> web.Response:
        pings.append(list((await request.post()).items()))  # type: ignore[arg-type]
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/hub", external_hub)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        hub = await make_hub(external_hubs=[f"http://127.0.0.1:{port}/hub"])
        await hub.push(story("pinged"))
        await settle(lambda: bool(pings), seconds=5)
        topics = {value for key, value in pings[0] if key == "hub.url"}
        assert ("hub.mode", "publish") in pings[0]
        assert f"{hub.base}/feeds/world.atom" in topics
        await hub.push(story("not-public", section="business"))  # business is closed to the public here
        await asyncio.sleep(0.5)
        assert len(pings) == 1
        # The public's feeds in the readers' formats name it beside the hub of the server (the topics it is pinged
        # for); a partner's, and the partners' formats, only the server's own.
        external = f'<http://127.0.0.1:{port}/hub>; rel="hub"'
        own = f'<{hub.base}/websub>; rel="hub"'
        for path, named in (("/feeds/world.atom", True), ("/feeds/world.json", True), ("/feeds/world.newsml", False)):
            response = await hub.client.get(path)
            assert own in response.headers["Link"]
            assert (external in response.headers["Link"]) is named, path
            assert (f"127.0.0.1:{port}/hub".encode() in await response.read()) is named, path
        partner = await hub.client.get("/feeds/business.atom", headers={"Authorization": f"Bearer {PARTNER_KEY}"})
        assert external not in partner.headers["Link"]
    finally:
        await runner.cleanup()


async def test_a_verified_subscription_outlives_the_store_s_absence(
    make_hub: HubFactory, own_cluster: postgres.Cluster
) -> None:
    # A subscriber that echoed the challenge was told that it is subscribed: the hub must keep it.
    hub = await make_hub(database=await own_cluster.new_database())
    form = {"hub.mode": "subscribe", "hub.topic": f"{hub.base}/feeds/world.atom"}
    own_cluster.stop()
    response = await hub.client.post("/websub", data={**form, "hub.callback": hub.subscriber.callback()})
    assert response.status == 503  # the store is away: nothing would keep the subscription
    assert hub.subscriber.verifications == []
    own_cluster.start()
    await until_ready(hub)
    # Away between the verification and the write: the write waits for the store.
    response = await hub.client.post("/websub", data={**form, "hub.callback": hub.subscriber.callback("hold")})
    assert response.status == 202
    await asyncio.wait_for(hub.subscriber.verified.wait(), timeout=5)
    own_cluster.stop()
    hub.subscriber.release.set()
    await asyncio.sleep(1.5)
    own_cluster.start()
    await until_ready(hub)
    await hub.stored(1)


async def test_a_store_away_is_told_once_and_its_return_once(
    make_hub: HubFactory, own_cluster: postgres.Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    # The deliveries look for work every second: a store away for a minute must not write a line each time.
    hub = await make_hub(database=await own_cluster.new_database())
    own_cluster.stop()
    await asyncio.sleep(3.5)
    own_cluster.start()
    await until_ready(hub)
    await asyncio.sleep(1.5)
    assert caplog.text.count("the hub waits for the store") == 1, caplog.text
    assert caplog.text.count("the hub goes on: the store is back") == 1, caplog.text


async def until_ready(hub: HubWire, seconds: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while (await hub.client.get("/readyz")).status != 200:
        assert asyncio.get_running_loop().time() < deadline, "the store did not come back"
        await asyncio.sleep(0.2)
