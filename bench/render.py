"""Render speed of every format against feedgen's Atom render of the same view, measured in the same run.

    python bench/render.py [--runs N]

For a 50-item and a 500-item section of realistic items (headline, a summary of about 300 characters, a body of
about 3 KB of HTML, credits, rights), prints each format's best time over N rounds (time.perf_counter) and its
ratio to feedgen's Atom render of the same view, measured in the same rounds. Exits with status 1 when a format
takes more than twice as long as the reference.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Measure this checkout's renderers, whatever package an environment has installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from feeds.formats import FORMATS, Format
from feeds.view import Credit, Entry, Feed, Link, Rights

SIZES = (50, 500)
LIMIT = 2.0  # no format may take more than twice as long as the reference
REFERENCE = "atom"
_WORDS = (
    "government", "minister", "said", "on", "Tuesday", "that", "the", "talks", "would", "continue", "despite",
    "attack", "convoy", "near", "border", "where", "troops", "had", "been", "deployed", "since", "January",
    "officials", "told", "reporters", "at", "a", "briefing", "in", "capital", "agency", "sources",
)  # fmt: skip
_START = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per format; the best counts (default 7)")
    runs = parser.parse_args().runs
    rng = random.Random(2026)  # the same items in every run of the script
    slow = []
    print(f"{'items':>5}  {'format':<10} {'ms/render':>10} {'x atom':>7}")
    for size in SIZES:
        best = best_times(section_view(size, rng), runs)
        reference = best[REFERENCE]
        for key, seconds in best.items():
            ratio = seconds / reference
            print(f"{size:>5}  {label(FORMATS[key]):<10} {seconds * 1000:>10.2f} {ratio:>7.2f}")
            if ratio > LIMIT:
                slow.append(f"{label(FORMATS[key])} at {size} items: {ratio:.2f}x")
    if slow:
        print(f"slower than {LIMIT}x the reference: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


def best_times(feed: Feed, runs: int) -> dict[str, float]:
    """The best time of each format over `runs` rounds; each round renders every format once, in turn, so that a
    burst of load on the machine hits every format alike rather than the one measured at that moment."""
    best = {key: float("inf") for key in FORMATS}
    for fmt in FORMATS.values():
        fmt.render(feed)  # warm up (parsers, regular expressions) before measuring
    for _ in range(runs):
        for key, fmt in FORMATS.items():
            best[key] = min(best[key], timed(fmt.render, feed))
    return best


def timed(render: Callable[[Feed], bytes], feed: Feed) -> float:
    # As timeit does: a garbage collection that happens to fall in one render is noise, not that format's cost.
    gc.disable()
    try:
        started = time.perf_counter()
        render(feed)
        return time.perf_counter() - started
    finally:
        gc.enable()


def label(fmt: Format) -> str:
    return f"{fmt.extension} {fmt.variant}" if fmt.variant else fmt.extension


def section_view(size: int, rng: random.Random) -> Feed:
    entries = tuple(entry(i, rng) for i in range(size))
    return Feed(
        guid="tag:newswire.example,2026:feed:world",
        section="world",
        title="World | Newswire",
        description="International news",
        language="en",
        home_url="https://news.example.org/#world",
        self_link=Link("self", "https://news.example.org/feeds/world", per_format=True),
        updated=entries[0].updated,
        generator="Newswire",
        provider="Newswire",
        rights=Rights("Newswire", "© Newswire. Items carry their own rights.", None),
        entries=entries,
        links=(
            Link("hub", "https://news.example.org/websub"),
            Link("next", "https://news.example.org/feeds/world", query="before=120", per_format=True),
        ),
    )


def entry(index: int, rng: random.Random) -> Entry:
    published = _START - timedelta(minutes=7 * index)
    agency = rng.choice((Credit("AFP", "Agence France-Presse"), Credit("Reuters", "Reuters")))
    return Entry(
        guid=f"tag:newswire.example,2026:item:story-{index}",
        item_id=f"story-{index}",
        url=f"https://news.example.org/items/story-{index}",
        kind="article",
        headline=sentence(rng, 12).rstrip("."),
        published=published,
        updated=published + timedelta(minutes=rng.randint(0, 30)),
        version=rng.randint(1, 4),
        credit_line=f"Arab Today Media Group / {agency.name}",
        rights=Rights("Arab Today Media Group", "© 2026 Arab Today Media Group", "Republication only under licence."),
        credits=(agency,),
        summary=text(rng, 300),
        body_html=body(rng, 3000),
        byline="Jane Doe",
        language="en",
        source="Arabs Today",
        canonical_url=f"https://www.arabstoday.example/{index}",
        sections=("world",),
        located="Bamako",
        slugline=f"MALI-ATTACK-{index}",
    )


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def text(rng: random.Random, length: int) -> str:
    found = ""
    while len(found) < length:
        found = f"{found} {sentence(rng, rng.randint(8, 20))}".strip()
    return found


def body(rng: random.Random, length: int) -> str:
    paragraphs: list[str] = []
    while sum(len(p) for p in paragraphs) < length:
        words = sentence(rng, rng.randint(30, 60)).split()
        words[3] = f"<strong>{words[3]}</strong>"
        words[9] = f'<a href="https://news.example.org/topics/{rng.randint(1, 99)}">{words[9]}</a>'
        paragraphs.append(f"<p>{' '.join(words)}</p>")
    return "".join(paragraphs)


if __name__ == "__main__":
    sys.exit(main())
