"""WebSub fan-out: one change delivered to 1,000 subscribers on loopback, and what it costs the polls meanwhile.

    .venv/bin/python -m bench.websub [--subscribers 1000] [--seconds 6]

1,000 callbacks (bench/websub_subscribers.py, its own process) subscribe to one feed and are verified. wrk polls
another feed from its own process twice: once with nothing else happening, once while a change is fanned out to
every subscriber. Targets (issue "Real-time push"): the fan-out completes in a few seconds (here: under 5 s), and
polls lose no more than 20% of their rate meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp

from bench._loopback import BENCH_TOKEN, Load, free_port, newswire, process, write_config, wrk

FANOUT_TARGET_SECONDS = 5.0
POLL_SLOWDOWN_TARGET = 0.20


async def subscribe_all(port: int, subscriber_port: int, count: int) -> None:
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as session:

        async def one(n: int) -> None:
            form = {
                "hub.mode": "subscribe",
                "hub.topic": f"{base}/feeds/world.atom",
                "hub.callback": f"http://127.0.0.1:{subscriber_port}/cb/{n}",
            }
            async with session.post(f"{base}/websub", data=form) as response:
                assert response.status == 202, await response.text()

        for start in range(0, count, 100):
            await asyncio.gather(*(one(n) for n in range(start, min(start + 100, count))))


async def push(port: int, item_id: str, section: str) -> None:
    doc = {"id": item_id, "section": section, "headline": f"Change {item_id}", "summary": "A change to fan out."}
    async with aiohttp.ClientSession() as session:
        url = f"http://127.0.0.1:{port}/v1/items"
        async with session.post(url, json=doc, headers={"Authorization": f"Bearer {BENCH_TOKEN}"}) as response:
            assert response.status == 201, await response.text()


async def verified(subscriber_port: int) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{subscriber_port}/received") as response,
    ):
        return int((await response.json())["verified"])


async def received(subscriber_port: int) -> tuple[int, float]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{subscriber_port}/received") as response,
    ):
        doc = await response.json()
    return int(doc["received"]), float(doc["last"])


async def wait_for(subscriber_port: int, count: int, within: float) -> float | None:
    """When the `count`-th notification arrived (epoch seconds), or None if not `within` seconds."""
    deadline = time.time() + within
    while time.time() < deadline:
        got, last = await received(subscriber_port)
        if got >= count:
            return last
        await asyncio.sleep(0.05)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        port, subscriber_port = free_port(), free_port()
        config = write_config(
            root,
            port,
            extra='[websub]\nallowed_networks = ["127.0.0.0/8"]\n[public]\nrequests_per_minute = 0\n',
        )
        config.write_text(
            config.read_text().replace("[server]\n", f'[server]\npublic_url = "http://127.0.0.1:{port}"\n', 1)
        )
        subscribers = [sys.executable, "-m", "bench.websub_subscribers", "--port", str(subscriber_port)]
        with process(subscribers, subscriber_port), process(newswire(config, "serve"), port):
            asyncio.run(push(port, "warm", "sport"))
            started = time.time()
            asyncio.run(subscribe_all(port, subscriber_port, args.subscribers))
            while asyncio.run(verified(subscriber_port)) < args.subscribers:
                time.sleep(0.1)
            time.sleep(0.5)  # the hub stores each subscription once its callback has answered
            print(f"{args.subscribers} subscriptions requested and verified in {time.time() - started:.1f} s")
            url = f"http://127.0.0.1:{port}/feeds/sport.atom"
            quiet = wrk(url, seconds=args.seconds, connections=32, headers=["Accept-Encoding: gzip"])

            busy_result: list[Load] = []
            poller = threading.Thread(
                target=lambda: busy_result.append(
                    wrk(url, seconds=args.seconds, connections=32, headers=["Accept-Encoding: gzip"])
                )
            )
            poller.start()
            time.sleep(1.0)
            changed = time.time()
            asyncio.run(push(port, "fan-out", "world"))
            last = asyncio.run(wait_for(subscriber_port, args.subscribers, within=60))
            poller.join()
    busy = busy_result[0]
    if last is None:
        print("the fan-out did not reach every subscriber within 60 s")
        return 1
    fanout = last - changed
    slowdown = 1 - busy.requests_per_second / quiet.requests_per_second
    print(f"fan-out of one change to {args.subscribers} subscribers: {fanout:.2f} s")
    print(
        f"polls: {quiet.requests_per_second:,.0f}/s quiet, {busy.requests_per_second:,.0f}/s during the fan-out "
        f"({slowdown:+.0%}), p99 {quiet.p99_ms:.1f} ms vs {busy.p99_ms:.1f} ms"
    )
    ok = fanout <= FANOUT_TARGET_SECONDS and slowdown <= POLL_SLOWDOWN_TARGET
    print(
        f"targets: fan-out <= {FANOUT_TARGET_SECONDS:.0f} s, polls slowed <= {POLL_SLOWDOWN_TARGET:.0%}: "
        f"{'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
