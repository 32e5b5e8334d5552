"""Ingest throughput: single POSTs under concurrency (group commit) and NDJSON bulk, on loopback.

Every request is acknowledged only after its item is durably committed. wrk loads the servers from its own
process; two reference servers (bench/reference_ingest.py: commit per request, and grouped commits) are measured
in the same run. Targets (issue "The life of a story"): at least 4,000 single items/s and 30,000 bulk items/s.

    .venv/bin/python -m bench.ingest [--seconds 10] [--bulk 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench._loopback import BENCH_TOKEN, REPO, free_port, newswire, process, write_config, wrk

SINGLE_TARGET = 4_000
BULK_TARGET = 30_000
LUA = REPO / "bench" / "post_items.lua"


def bulk_body(count: int) -> bytes:
    """NDJSON of `count` realistic items: the same shape the single POSTs send."""
    paragraph = "<p>French troops moved north of Timbuktu on Thursday, a military source told AFP. </p>" * 12
    lines = (
        json.dumps(
            {
                "id": f"bulk-{n}",
                "section": ("world", "business", "sport")[n % 3],
                "source": "desk",
                "headline": f"Operation in northern Mali number {n}",
                "summary": "Eleven militants were killed, military sources said.",
                "byline": "Desk reporter",
                "published": f"2026-03-01T10:{n % 60:02d}:00+01:00",
                "body": paragraph,
            }
        )
        for n in range(count)
    )
    return "\n".join(lines).encode()


async def post_bulk(port: int, body: bytes) -> tuple[float, dict[str, int]]:
    headers = {"Authorization": f"Bearer {BENCH_TOKEN}", "Content-Type": "application/x-ndjson"}
    timeout = aiohttp.ClientTimeout(total=600)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        started = time.perf_counter()
        async with session.post(f"http://127.0.0.1:{port}/v1/items", data=io.BytesIO(body), headers=headers) as r:
            report = await r.json()
        elapsed = time.perf_counter() - started
    return elapsed, {k: v for k, v in report.items() if isinstance(v, int)}


def single(url: str, seconds: int, connections: int) -> float:
    load = wrk(url, seconds=seconds, connections=connections, script=LUA)
    if load.errors:
        raise SystemExit(f"{load.errors} requests failed against {url}")
    return load.requests_per_second


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--bulk", type=int, default=100_000, help="items in the NDJSON bulk")
    args = parser.parse_args()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for mode in ("each", "group"):
            port = free_port()
            command = [sys.executable, "-m", "bench.reference_ingest", mode, "--port", str(port)]
            command += ["--db", str(root / f"reference-{mode}.db")]
            with process(command, port):
                results[f"reference ({mode} commit)"] = single(
                    f"http://127.0.0.1:{port}/v1/items", args.seconds, args.connections
                )
        for workers in (1, 2):
            port = free_port()
            (root / f"single-{workers}").mkdir()
            config = write_config(root / f"single-{workers}", port)
            with process([*newswire(config, "serve"), "--workers", str(workers)], port):
                results[f"newswire single POSTs, {workers} worker{'s' * (workers > 1)}"] = single(
                    f"http://127.0.0.1:{port}/v1/items", args.seconds, args.connections
                )
        port = free_port()
        (root / "bulk").mkdir()
        body = bulk_body(args.bulk)
        with process(newswire(write_config(root / "bulk", port), "serve"), port):
            elapsed, counts = asyncio.run(post_bulk(port, body))
        if counts.get("created") != args.bulk:
            raise SystemExit(f"the bulk stored {counts}, not {args.bulk} items")
        results["newswire NDJSON bulk"] = args.bulk / elapsed
    print(f"{'what':<40}{'items/s':>12}")
    for name, rate in results.items():
        print(f"{name:<40}{rate:>12,.0f}")
    single_rate = max(results["newswire single POSTs, 1 worker"], results["newswire single POSTs, 2 workers"])
    bulk_rate = results["newswire NDJSON bulk"]
    print(f"single POSTs vs commit-per-request reference: {single_rate / results['reference (each commit)']:.2f}x")
    print(f"single POSTs vs grouped-commit reference:     {single_rate / results['reference (group commit)']:.2f}x")
    ok = single_rate >= SINGLE_TARGET and bulk_rate >= BULK_TARGET
    print(f"targets: single >= {SINGLE_TARGET:,}/s, bulk >= {BULK_TARGET:,}/s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
