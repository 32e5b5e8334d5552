"""Soak: ingest, conditional polls, WebSub deliveries and withdrawals together for a bounded time, on loopback.

    .venv/bin/python -m bench.soak [--seconds 60] [--crashes 0]

The server runs in its own process; this script is the load (its own process too) and a WebSub subscriber
process takes the deliveries. It reports errors (must be zero), p99 latency per kind of request, and the
server's resident memory after warm-up and at the end, against the bytes its caches hold (growth must stay within
them). With `--crashes N`, the server is killed (SIGKILL) N times at random moments and started again; at the end
every acknowledged item must be there, intact, and every acknowledged withdrawal must hold.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench._loopback import BENCH_TOKEN, free_port, newswire, process, wait_for_port, write_config
from wire.auth import digest

EDITOR = {"Authorization": f"Bearer {BENCH_TOKEN}"}
PARTNER_KEY = "soak-partner-key"
SECTIONS = ("world", "business", "sport")
FORMATS = ("atom", "rss", "json", "newsml", "ninjs")
WARM_UP_SECONDS = 8
# Allowed beyond the caches' bytes: SQLite's page caches (2 MiB per connection, filled as the store grows) and
# allocator noise.
SLACK_BYTES = 8e6


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    acked: dict[str, str] = field(default_factory=dict)  # id -> headline
    withdrawn: set[str] = field(default_factory=set)
    crashing: bool = False  # while the server is down on purpose, failures are expected

    def fail(self, what: str) -> None:
        if not self.crashing:
            self.errors.append(what)


async def timed(
    tally: Tally, kind: str, session: aiohttp.ClientSession, method: str, url: str, **options: object
) -> tuple[int, bytes, dict[str, str]] | None:
    started = time.perf_counter()
    try:
        async with session.request(method, url, **options) as response:  # type: ignore[arg-type]
            body = await response.read()
            status, headers = response.status, dict(response.headers)
    except (aiohttp.ClientError, TimeoutError) as exc:
        tally.fail(f"{kind}: {type(exc).__name__}")
        return None
    tally.latencies[kind].append(time.perf_counter() - started)
    if status >= 500:
        tally.fail(f"{kind}: {status}")
    return status, body, headers


async def ingest(tally: Tally, base: str, worker: int, stop: asyncio.Event) -> None:
    async with aiohttp.ClientSession() as session:
        n = 0
        while not stop.is_set():
            item_id = f"soak-{worker}-{n}"
            headline = f"Soak story {worker}/{n} told AFP"
            doc = {
                "id": item_id,
                "section": random.choice(SECTIONS),
                "headline": headline,
                "summary": "A summary.",
                "body": "<p>" + "Words of the story. " * 40 + "</p>",
            }
            answer = await timed(tally, "ingest", session, "POST", f"{base}/v1/items", json=doc, headers=EDITOR)
            if answer is not None and answer[0] == 201:
                tally.acked[item_id] = headline
            n += 1
            await asyncio.sleep(0.01)


async def poll(tally: Tally, base: str, stop: asyncio.Event) -> None:
    tags: dict[str, str] = {}
    async with aiohttp.ClientSession() as session:
        while not stop.is_set():
            url = f"{base}/feeds/{random.choice(SECTIONS)}.{random.choice(FORMATS)}"
            headers = {"Accept-Encoding": "gzip"}
            if random.random() < 0.3:
                headers["Authorization"] = f"Bearer {PARTNER_KEY}"
            key = url + headers.get("Authorization", "")
            if key in tags:
                headers["If-None-Match"] = tags[key]
            answer = await timed(tally, "poll", session, "GET", url, headers=headers)
            if answer is not None and answer[0] == 200:
                tags[key] = answer[2].get("ETag", "")
            await asyncio.sleep(0.002)


async def withdraw(tally: Tally, base: str, stop: asyncio.Event) -> None:
    async with aiohttp.ClientSession() as session:
        while not stop.is_set():
            await asyncio.sleep(0.5)
            if not tally.acked:
                continue
            item_id = random.choice(list(tally.acked))
            url = f"{base}/v1/items/{item_id}/withdraw"
            answer = await timed(tally, "withdraw", session, "POST", url, json={"reason": "soak"}, headers=EDITOR)
            if answer is not None and answer[0] == 200:
                tally.withdrawn.add(item_id)


async def subscribe(base: str, subscriber_port: int, count: int) -> None:
    async with aiohttp.ClientSession() as session:
        for n in range(count):
            form = {
                "hub.mode": "subscribe",
                "hub.topic": f"{base}/feeds/{SECTIONS[n % 3]}.atom",
                "hub.callback": f"http://127.0.0.1:{subscriber_port}/cb/{n}",
            }
            async with session.post(f"{base}/websub", data=form) as response:
                assert response.status == 202


async def deliveries(subscriber_port: int) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{subscriber_port}/received") as response,
    ):
        return int((await response.json())["received"])


async def metric(base: str, name: str) -> float:
    async with aiohttp.ClientSession() as session, session.get(f"{base}/metrics") as response:
        text = await response.text()
    found = re.search(rf"^{name} ([\d.e+]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def resident_bytes(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024  # type: ignore[union-attr]


class Server:
    def __init__(self, config: Path, port: int) -> None:
        self.config, self.port = config, port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            newswire(self.config, "serve"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


async def verify(tally: Tally, base: str) -> list[str]:
    """Every acknowledged item is there and intact; every acknowledged withdrawal holds."""
    problems = []
    async with aiohttp.ClientSession() as session:
        for item_id, headline in tally.acked.items():
            async with session.get(f"{base}/v1/items/{item_id}", headers=EDITOR) as response:
                if response.status != 200:
                    problems.append(f"{item_id}: {response.status}")
                    continue
                doc = await response.json()
            if doc["headline"] != headline:
                problems.append(f"{item_id}: headline changed")
            if item_id in tally.withdrawn and doc["status"] != "canceled":
                problems.append(f"{item_id}: withdrawal lost")
    return problems


async def soak(server: Server, base: str, seconds: int, crashes: int, tally: Tally) -> tuple[int, int]:
    """Run the load; returns the server's resident memory after warm-up and at the end (the same process when
    there are no crashes)."""
    stop = asyncio.Event()
    tasks = [asyncio.create_task(ingest(tally, base, w, stop)) for w in range(4)]
    tasks += [asyncio.create_task(poll(tally, base, stop)) for _ in range(8)]
    tasks.append(asyncio.create_task(withdraw(tally, base, stop)))
    await asyncio.sleep(WARM_UP_SECONDS)
    assert server.process is not None
    memory_start = resident_bytes(server.process.pid)
    moments = sorted(random.uniform(seconds * 0.2, seconds * 0.8) for _ in range(crashes))
    started = time.monotonic()
    for moment in moments:
        await asyncio.sleep(max(0.0, moment - (time.monotonic() - started)))
        tally.crashing = True
        server.kill()
        await asyncio.sleep(0.5)
        await asyncio.to_thread(server.start)
        await asyncio.sleep(0.5)
        tally.crashing = False
    await asyncio.sleep(max(0.0, seconds - (time.monotonic() - started)))
    memory_end = resident_bytes(server.process.pid)
    stop.set()
    await asyncio.gather(*tasks)
    return memory_start, memory_end


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--crashes", type=int, default=0)
    parser.add_argument("--subscribers", type=int, default=60)
    args = parser.parse_args()
    random.seed(7)
    tally = Tally()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        port, subscriber_port = free_port(), free_port()
        extra = (
            '[websub]\nallowed_networks = ["127.0.0.0/8"]\n[public]\nrequests_per_minute = 0\n'
            f'[partners.soak]\nname = "Soak"\nkey_sha256 = "{digest(PARTNER_KEY)}"\n'
            'sections = ["world", "business", "sport"]\nlevel = "full"\nrequests_per_minute = 0\n'
        )
        config = write_config(root, port, extra=extra)
        config.write_text(
            config.read_text().replace("[server]\n", f'[server]\npublic_url = "http://127.0.0.1:{port}"\n', 1)
        )
        base = f"http://127.0.0.1:{port}"
        subscribers = [sys.executable, "-m", "bench.websub_subscribers", "--port", str(subscriber_port)]
        server = Server(config, port)
        with process(subscribers, subscriber_port):
            server.start()
            try:
                asyncio.run(subscribe(base, subscriber_port, args.subscribers))
                time.sleep(2)
                memory_start, memory_end = asyncio.run(soak(server, base, args.seconds, args.crashes, tally))
                cache_bytes = asyncio.run(metric(base, "newswire_cache_bytes"))
                delivered = asyncio.run(deliveries(subscriber_port))
                lost = asyncio.run(verify(tally, base))
            finally:
                server.stop()
    print(
        f"{args.seconds} s, {args.crashes} crashes: {len(tally.acked):,} items acknowledged, "
        f"{len(tally.withdrawn):,} withdrawn, {delivered:,} WebSub deliveries"
    )
    for kind, values in sorted(tally.latencies.items()):
        p99 = statistics.quantiles(values, n=100)[98] * 1000 if len(values) > 100 else max(values) * 1000
        print(f"  {kind:<9} {len(values):>8,} requests   p99 {p99:7.1f} ms")
    growth = memory_end - memory_start
    if args.crashes:
        print("  (after a crash the memory is that of a new process: the bound is checked without crashes)")
        growth = 0
    print(
        f"  resident memory after {WARM_UP_SECONDS} s of warm-up {memory_start / 1e6:.1f} MB, at the end "
        f"{memory_end / 1e6:.1f} MB "
        f"({growth / 1e6:+.1f} MB); caches hold {cache_bytes / 1e6:.1f} MB"
    )
    print(f"  errors: {len(tally.errors)}" + (f" ({sorted(set(tally.errors))[:5]})" if tally.errors else ""))
    print(f"  acknowledged items missing or changed: {len(lost)}" + (f" ({lost[:5]})" if lost else ""))
    ok = not tally.errors and not lost and growth <= cache_bytes + SLACK_BYTES
    print(f"{'met' if ok else 'NOT met'}: zero errors, nothing lost, memory within the caches' bound")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
