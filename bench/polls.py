"""Polling at scale: a poll answered from memory, against a bare aiohttp handler and nginx, on loopback.

    .venv/bin/python -m bench.polls [--seconds 10] [--items 100000] [--store sqlite|postgresql|both]

1. Hot path: a cached 50-entry Atom poll by a partner (200, gzip) and the same poll answered 304, against a bare
   aiohttp handler returning the same bytes from memory (bench/reference_polls.py). Target: at least 85%.
2. Workers: `newswire serve --workers 2` (one per core, shared port) against nginx serving the same precompressed
   bytes as a static file with two workers. Target: at least 35%.
3. Scale: a store of 100,000 items in 20 sections against one of 1,000: the first render of a 50-item page (a cache
   miss) must take under 20 ms, and the p99 latency of polls under load (while items keep arriving) must stay
   within 2x of the small store's.
4. Memory: resident size after 1,000 partners (10 rule sets) polled every section in every format, against the
   bytes the cache holds. Target: growth no larger than the cached bytes; 10 renderings per feed, not 1,000.
5. The event loop while 500-entry pages are rendered: the worst latency of small polls meanwhile.

Each target prints met / NOT met; the exit status is 1 if any is not met.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
from multidict import CIMultiDict

from bench._loopback import BENCH_TOKEN, Load, free_port, newswire, process, wait_for_port, write_config, wrk
from bench._postgres import STORES, Databases, chosen, databases
from wire.auth import digest

PARTNER_KEY = "bench-partner-key"
SECTIONS = [f"s{n:02d}" for n in range(20)]
FORMATS = ["atom", "rss", "json", "newsml", "ninjs"]
RULE_SETS = [{"level": "full", "licences": ["AFP"], "delay_minutes": 15 * k} for k in range(10)]
PARAGRAPH = "<p>French troops moved north of Timbuktu on Thursday, a military source told AFP.</p>" * 12


def item(n: int, section: str = "world") -> dict[str, object]:
    return {
        "id": f"story-{n}",
        "section": section,
        "source": "desk",
        "headline": f"Operation in northern Mali, report number {n}",
        "summary": "Eleven militants were killed, military sources said. The operation took a week.",
        "byline": "Desk reporter",
        "body": PARAGRAPH,
        "published": f"2026-0{1 + n % 2}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:{n % 59:02d}Z",
    }


def config_tables(partners: int) -> str:
    tables = [f'[sections.{s}]\ntitle = "Section {s}"\n' for s in SECTIONS]
    tables.append(
        f'[partners.bench]\nname = "Bench"\nkey_sha256 = "{digest(PARTNER_KEY)}"\nsections = ["world"]\n'
        'level = "full"\nlicences = ["AFP"]\nrequests_per_minute = 0\n'
    )
    for n in range(partners):
        rules = RULE_SETS[n % len(RULE_SETS)]
        tables.append(
            f'[partners.p{n}]\nname = "P{n}"\nkey_sha256 = "{digest(f"partner-key-{n}")}"\n'
            f'sections = {json.dumps(["world", *SECTIONS])}\nlevel = "{rules["level"]}"\n'
            f"licences = {json.dumps(rules['licences'])}\ndelay_minutes = {rules['delay_minutes']}\n"
            "requests_per_minute = 0\n"
        )
    return "\n".join(tables)


async def push(port: int, items: list[dict[str, object]]) -> None:
    headers = {"Authorization": f"Bearer {BENCH_TOKEN}"}
    async with aiohttp.ClientSession() as session:
        for start in range(0, len(items), 500):
            url = f"http://127.0.0.1:{port}/v1/items"
            async with session.post(url, json=items[start : start + 500], headers=headers) as response:
                assert response.status in (200, 201), await response.text()


def import_items(config: Path, count: int, folder: Path) -> None:
    """Fill a store through `newswire import`: `count` items spread over the 20 sections and world."""
    data = folder / "items.ndjson"
    with data.open("w", encoding="utf-8") as out:
        for n in range(count):
            out.write(json.dumps(item(n, ("world", *SECTIONS)[n % 21])) + "\n")
    subprocess.run([*newswire(config, "import", str(data)), "--quiet"], check=True, stdout=subprocess.DEVNULL)


async def fetch(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes, CIMultiDict[str]]:
    async with (
        aiohttp.ClientSession(auto_decompress=False) as session,
        session.get(f"http://127.0.0.1:{port}{path}", headers=headers) as response,
    ):
        # Header names are case-insensitive (aiohttp hands the ETag over as "Etag").
        return response.status, await response.read(), CIMultiDict(response.headers)


def resident_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


def metric(port: int, name: str) -> float:
    _, body, _ = asyncio.run(fetch(port, "/metrics", {}))
    found = re.search(rf"^{name}(?:{{[^}}]*}})? ([\d.e+]+)$", body.decode(), re.M)
    return float(found.group(1)) if found else 0.0


def report(name: str, ok: bool, detail: str) -> bool:
    print(f"  {'met' if ok else 'NOT met'}: {name}: {detail}")
    return ok


def ratio_runs(seconds: int, connections: int, ours: str, reference: str, headers: list[str]) -> tuple[Load, Load]:
    """Alternate our server and the reference three times and keep the median run of each."""
    runs: dict[str, list[Load]] = {ours: [], reference: []}
    for _ in range(3):
        for url in runs:
            runs[url].append(wrk(url, seconds=seconds, connections=connections, headers=headers))
    medians = []
    for loads in runs.values():
        failed = [load for load in loads if load.errors]
        if failed:
            raise SystemExit(f"requests failed during the hot path runs: {failed[0]}")
        medians.append(sorted(loads, key=lambda load: load.requests_per_second)[1])
    return medians[0], medians[1]


def hot_path(root: Path, seconds: int, connections: int, database: str, store: str) -> bool:
    print(f"1. hot path ({store}): a cached 50-entry Atom poll, against a bare aiohttp handler")
    port, reference_port = free_port(), free_port()
    config = write_config(root, port, extra=config_tables(0), database=database)
    ok = True
    with process(newswire(config, "serve"), port):
        asyncio.run(push(port, [item(n) for n in range(60)]))
        headers = {"Authorization": f"Bearer {PARTNER_KEY}", "Accept-Encoding": "gzip"}
        status, body, answer = asyncio.run(fetch(port, "/feeds/world.atom", headers))
        assert status == 200, answer
        assert answer.get("Content-Encoding") == "gzip", answer
        assert len(re.findall(rb"<entry", gzip.decompress(body))) == 50
        (root / "feed.atom.gz").write_bytes(body)
        wrk_headers = [f"{k}: {v}" for k, v in headers.items()]
        ours_url = f"http://127.0.0.1:{port}/feeds/world.atom"
        reference = [sys.executable, "-m", "bench.reference_polls", "--port", str(reference_port)]
        reference += ["--body", str(root / "feed.atom.gz")]
        with process(reference, reference_port):
            ours, bare = ratio_runs(seconds, connections, ours_url, f"http://127.0.0.1:{reference_port}/", wrk_headers)
        share = ours.requests_per_second / bare.requests_per_second
        print(f"     200: newswire {ours.requests_per_second:,.0f}/s, bare aiohttp {bare.requests_per_second:,.0f}/s")
        ok &= report("200 poll at least 85% of bare aiohttp", share >= 0.85, f"{share:.0%}")
        conditional = [*wrk_headers, f"If-None-Match: {answer['ETag']}"]
        with process([*reference, "--not-modified"], reference_port):
            ours, bare = ratio_runs(seconds, connections, ours_url, f"http://127.0.0.1:{reference_port}/", conditional)
        share = ours.requests_per_second / bare.requests_per_second
        print(f"     304: newswire {ours.requests_per_second:,.0f}/s, bare aiohttp {bare.requests_per_second:,.0f}/s")
        ok &= report("304 poll at least 85% of bare aiohttp", share >= 0.85, f"{share:.0%}")
    return ok


@contextmanager
def nginx(root: Path, port: int, body: bytes) -> Iterator[None]:
    if shutil.which("nginx") is None:
        raise SystemExit("nginx is needed: apt-get install nginx-light")
    site = root / "site" / "feeds"
    site.mkdir(parents=True)
    # nginx's workers run as an unprivileged user: the temporary folder must be theirs to read.
    for folder in (root, root / "site", site):
        folder.chmod(0o755)
    (site / "world.atom").write_bytes(gzip.decompress(body))
    (site / "world.atom.gz").write_bytes(body)
    conf = root / "nginx.conf"
    conf.write_text(
        f"worker_processes 2;\npid {root}/nginx.pid;\nerror_log {root}/nginx-error.log;\ndaemon off;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; gzip_static on; types {{ application/atom+xml atom; }}\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}/site; }} }}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(root)], stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def workers_vs_nginx(root: Path, seconds: int, connections: int) -> bool:
    print("2. one worker per core, against nginx serving the same precompressed bytes")
    port, nginx_port = free_port(), free_port()
    config = write_config(root, port, extra=config_tables(0))
    headers = {"Authorization": f"Bearer {PARTNER_KEY}", "Accept-Encoding": "gzip"}
    with process([*newswire(config, "serve"), "--workers", "2"], port, workers=2):
        asyncio.run(push(port, [item(n) for n in range(60)]))
        time.sleep(1.5)  # every worker notices the change
        _, body, _ = asyncio.run(fetch(port, "/feeds/world.atom", headers))
        wrk_headers = [f"{k}: {v}" for k, v in headers.items()]
        with nginx(root, nginx_port, body):
            ours, static = ratio_runs(
                seconds,
                connections,
                f"http://127.0.0.1:{port}/feeds/world.atom",
                f"http://127.0.0.1:{nginx_port}/feeds/world.atom",
                wrk_headers,
            )
    share = ours.requests_per_second / static.requests_per_second
    print(f"     newswire (2 workers) {ours.requests_per_second:,.0f}/s, nginx {static.requests_per_second:,.0f}/s")
    return report("at least 35% of nginx", share >= 0.35, f"{share:.0%}")


def sections_script() -> Path:
    """A wrk script that polls the 20 sections in turn."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    paths = ", ".join(f'"/feeds/{s}.atom"' for s in SECTIONS)
    script.write_text(
        f"local paths = {{{paths}}}\nlocal n = 0\nrequest = function()\n  n = n % #paths + 1\n"
        '  return wrk.format("GET", paths[n], {["Accept-Encoding"] = "gzip"})\nend\n',
        encoding="utf-8",
    )
    return script


async def poll_under_ingest(port: int, seconds: int, connections: int, script: Path) -> Load:
    """wrk polls every section while new items keep arriving (each one invalidates its section)."""
    stop = asyncio.Event()

    async def keep_pushing() -> None:
        n = 10_000_000
        while not stop.is_set():
            await push(port, [item(n, random.choice(SECTIONS))])
            n += 1
            await asyncio.sleep(0.1)

    pusher = asyncio.create_task(keep_pushing())
    load = await asyncio.to_thread(
        wrk, f"http://127.0.0.1:{port}/", seconds=seconds, connections=connections, script=script
    )
    stop.set()
    await pusher
    return load


def scale(root: Path, seconds: int, connections: int, items: int, dbs: Databases, store: str) -> bool:
    print(f"3. scale ({store}): {items:,} items in 20 sections against 1,000")
    results: dict[int, tuple[float, Load]] = {}
    for count in (1_000, items):
        folder = root / f"scale-{count}"
        folder.mkdir()
        port = free_port()
        config = write_config(folder, port, extra=config_tables(0), database=dbs.url(store, folder))
        started = time.perf_counter()
        import_items(config, count, folder)
        print(f"     imported {count:,} items in {time.perf_counter() - started:.1f} s")
        with process(newswire(config, "serve"), port):
            misses = []
            for section in SECTIONS:
                started = time.perf_counter()
                asyncio.run(fetch(port, f"/feeds/{section}.atom", {}))
                misses.append((time.perf_counter() - started) * 1000)
            load = asyncio.run(poll_under_ingest(port, seconds, connections, sections_script()))
        results[count] = (statistics.median(misses), load)
        print(
            f"     {count:>7,} items: first render {statistics.median(misses):5.1f} ms (median of 20 sections), "
            f"polls {load.requests_per_second:,.0f}/s, p99 {load.p99_ms:.1f} ms"
        )
    miss, big = results[items]
    _, small = results[1_000]
    ok = report("cache miss under 20 ms", miss < 20, f"{miss:.1f} ms")
    ok &= report(
        "p99 within 2x of the 1,000-item store",
        big.p99_ms <= 2 * small.p99_ms,
        f"{big.p99_ms:.1f} ms vs {small.p99_ms:.1f} ms",
    )
    return ok


def memory(root: Path) -> bool:
    print("4. memory: 1,000 partners (10 rule sets) polling 21 sections in 5 formats")
    folder = root / "memory"
    folder.mkdir()
    port = free_port()
    config = write_config(folder, port, extra=config_tables(1000))
    import_items(config, 2_100, folder)
    with process(newswire(config, "serve"), port) as server:
        # Warm-up: one partner polls every feed once. The first render in each format sets up what every later
        # one uses (parsers, compressors, worker threads), and the first requests bring the interpreter's
        # allocator to its working size: that is not caching. The documents cached by then are counted out.

        async def poll_all(partners: range) -> None:
            async with aiohttp.ClientSession() as session:
                for n in partners:
                    headers = {"Authorization": f"Bearer partner-key-{n}"}
                    for section in ("world", *SECTIONS):
                        for ext in FORMATS:
                            url = f"http://127.0.0.1:{port}/feeds/{section}.{ext}"
                            async with session.get(url, headers=headers) as response:
                                await response.read()

        asyncio.run(poll_all(range(1)))
        before = resident_kib(server.pid)
        cached_before = metric(port, "newswire_cache_bytes")
        started = time.perf_counter()
        asyncio.run(poll_all(range(1, 1000)))
        elapsed = time.perf_counter() - started
        after = resident_kib(server.pid)
        cached_bytes = metric(port, "newswire_cache_bytes") - cached_before
        documents = metric(port, "newswire_cache_documents")
    growth = (after - before) * 1024
    print(
        f"     {1000 * 21 * 5:,} polls in {elapsed:.0f} s; {documents:.0f} documents cached, "
        f"{cached_bytes / 1e6:.1f} MB more; resident size grew {growth / 1e6:.1f} MB"
    )
    # Ten rule sets for each of the 105 feeds.
    expected = 21 * 5 * 10
    ok = report("10 renderings per feed", documents == expected, f"{documents:.0f} for {21 * 5} feeds")
    ok &= report(
        "growth no larger than the cached bytes",
        growth <= cached_bytes,
        f"{growth / 1e6:.2f} MB vs {cached_bytes / 1e6:.2f} MB",
    )
    return ok


def event_loop(root: Path) -> bool:
    print("5. the event loop while 500-entry pages are rendered")
    folder = root / "loop"
    folder.mkdir()
    port = free_port()
    config = write_config(folder, port, extra=config_tables(0).replace("[feeds]", "") + "\n[feeds]\npage_size = 500\n")
    import_items(config, 1_000, folder)
    base = f"http://127.0.0.1:{port}"
    with process(newswire(config, "serve"), port):
        quiet = asyncio.run(probe(base, seconds=3))
        stop = threading.Event()
        # The renders are provoked from another thread with its own event loop, so that reading the large
        # documents never delays the probe's own requests.
        rebuilder = threading.Thread(target=lambda: asyncio.run(rebuild(base, port, stop)))
        rebuilder.start()
        busy = asyncio.run(probe(base, seconds=5))
        stop.set()
        rebuilder.join()
    print(
        f"     small polls: p50 {quiet[0]:.1f} ms, p99 {quiet[1]:.1f} ms, worst {quiet[2]:.1f} ms when quiet; "
        f"p50 {busy[0]:.1f} ms, p99 {busy[1]:.1f} ms, worst {busy[2]:.1f} ms while 500-entry pages render"
    )
    return report("p99 of small polls while 500-entry pages render", busy[1] < 10, f"{busy[1]:.1f} ms")


async def rebuild(base: str, port: int, stop: threading.Event) -> None:
    """Keep the 500-entry World feed changing, and fetch it each time (each fetch renders it anew)."""
    n = 20_000_000
    async with aiohttp.ClientSession(auto_decompress=False) as session:
        while not stop.is_set():
            await push(port, [item(n, "world")])
            async with session.get(f"{base}/feeds/world.atom", headers={"Accept-Encoding": "identity"}) as response:
                await response.read()
            n += 1


async def probe(base: str, *, seconds: float) -> tuple[float, float, float]:
    """p50, p99 and worst latency in ms of conditional polls of a small feed, one at a time."""
    latencies: list[float] = []
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/feeds/s00.atom") as response:
            etag = response.headers["ETag"]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            async with session.get(f"{base}/feeds/s00.atom", headers={"If-None-Match": etag}) as response:
                assert response.status == 304, response.status
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.002)
    ordered = sorted(latencies)
    return ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99)], ordered[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--items", type=int, default=100_000, help="items of the large store")
    parser.add_argument("--only", type=int, choices=range(1, 6), help="run one part")
    parser.add_argument("--store", choices=(*STORES, "both"), default="sqlite", help="the store(s) of parts 1 and 3")
    args = parser.parse_args()
    stores = chosen(args.store)
    Part = Callable[[Path, Databases, str], bool]
    parts: dict[int, tuple[Part, tuple[str, ...]]] = {
        1: (
            lambda root, dbs, store: hot_path(root, args.seconds, args.connections, dbs.url(store, root), store),
            stores,
        ),
        2: (lambda root, dbs, store: workers_vs_nginx(root, args.seconds, args.connections), ("sqlite",)),
        3: (lambda root, dbs, store: scale(root, args.seconds, args.connections, args.items, dbs, store), stores),
        4: (lambda root, dbs, store: memory(root), ("sqlite",)),
        5: (lambda root, dbs, store: event_loop(root), ("sqlite",)),
    }
    ok = True
    with databases(stores) as dbs:
        for number, (part, on) in parts.items():
            if args.only and number != args.only:
                continue
            for store in on:
                with tempfile.TemporaryDirectory() as folder:
                    ok &= part(Path(folder), dbs, store)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
