"""The cost of rules on the hot path: 1,000 partners polling against one partner polling the same feed.

1,000 partners are configured with 10 distinct rule sets, so the server holds ten renderings of the feed, not a
thousand. wrk polls from its own process: once with one partner's key on every
request, once with the key rotating over all 1,000 partners. Target (issue "Partners and attribution rules"):
the thousand cost no more than 10% more per poll than the one.

    .venv/bin/python -m bench.partners [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from pathlib import Path

import aiohttp

from bench._loopback import BENCH_TOKEN, Load, free_port, newswire, process, write_config, wrk
from wire.auth import digest

PARTNERS = 1000
# Ten distinct rule sets (so ten cached renderings) whose documents hold the same bytes: every item is older than
# the longest delay. Responses of equal size isolate what the number of partners and rule sets costs a poll.
RULE_SETS = [{"level": "full", "licences": ["AFP"], "delay_minutes": 15 * k} for k in range(10)]
MAX_OVERHEAD = 0.10


def partner_tables() -> str:
    tables = []
    for n in range(PARTNERS):
        rules = RULE_SETS[n % len(RULE_SETS)]
        tables.append(
            f'[partners.p{n}]\nname = "Partner {n}"\nkey_sha256 = "{digest(f"partner-key-{n}")}"\n'
            f'sections = ["world"]\nlevel = "{rules["level"]}"\nlicences = {json.dumps(rules["licences"])}\n'
            f"delay_minutes = {rules['delay_minutes']}\nrequests_per_minute = 0\n"
        )
    return "\n".join(tables)


def rotating_keys_script(folder: Path, partners: int) -> Path:
    """A wrk script that sends the keys of `partners` partners in turn (the same script for 1 and for 1,000, so
    that wrk does the same work per request in both runs)."""
    keys = ", ".join(f'"partner-key-{n}"' for n in range(partners))
    script = folder / f"rotate-{partners}.lua"
    script.write_text(
        f"local keys = {{{keys}}}\nlocal n = 0\n"
        "request = function()\n  n = n % #keys + 1\n"
        '  return wrk.format("GET", nil, {["Authorization"] = "Bearer " .. keys[n], '
        '["Accept-Encoding"] = "gzip"})\nend\n',
        encoding="utf-8",
    )
    return script


async def fill(port: int) -> None:
    paragraph = "<p>French troops moved north of Timbuktu on Thursday, a military source told AFP.</p>" * 10
    items = [
        {
            "id": f"story-{n}",
            "section": "world",
            "headline": f"Headline {n}",
            "summary": "What happened, in two sentences.",
            "body": paragraph,
            "published": f"2026-03-01T{n % 24:02d}:{n % 60:02d}:00Z",
        }
        for n in range(60)
    ]
    async with aiohttp.ClientSession() as session:
        url = f"http://127.0.0.1:{port}/v1/items"
        async with session.post(url, json=items, headers={"Authorization": f"Bearer {BENCH_TOKEN}"}) as response:
            assert response.status == 201, await response.text()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        port = free_port()
        config = write_config(root, port, extra=partner_tables())
        with process(newswire(config, "serve"), port):
            asyncio.run(fill(port))
            url = f"http://127.0.0.1:{port}/feeds/world.atom"
            one_script, many_script = rotating_keys_script(root, 1), rotating_keys_script(root, PARTNERS)
            wrk(url, seconds=2, connections=args.connections, script=many_script)  # every rendering cached
            runs: dict[str, list[Load]] = {"1 partner": [], f"{PARTNERS} partners": []}
            for _ in range(args.rounds):  # alternate, so that a busy moment of the machine hits both alike
                for name, script in zip(runs, (one_script, many_script), strict=True):
                    runs[name].append(wrk(url, seconds=args.seconds, connections=args.connections, script=script))
    rates = {}
    for name, loads in runs.items():
        if any(load.errors for load in loads):
            print(f"{name}: requests failed", file=sys.stderr)
            return 1
        rates[name] = statistics.median(load.requests_per_second for load in loads)
        p99 = statistics.median(load.p99_ms for load in loads)
        print(f"{name:<16}{rates[name]:>10,.0f} polls/s (median of {len(loads)})   p99 {p99:6.2f} ms")
    one, many = rates.values()
    overhead = one / many - 1
    ok = overhead <= MAX_OVERHEAD
    print(
        f"cost per poll of {PARTNERS} partners vs 1: {overhead:+.1%} (target <= +{MAX_OVERHEAD:.0%}): "
        f"{'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
