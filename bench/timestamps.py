"""Timestamp normaliser against python-dateutil, on the development corpus, in one run.

    python bench/timestamps.py [--rounds N]

Prints strings per second for `wire.timestamps.parse_timestamp` and for `dateutil.parser.parse`
(fuzzy, as one would call it on scraped text, with the source's zone applied to naive results),
their ratio (target: ours at least 3x faster), the accuracy of both against the corpus' expected
values, and the per-call time of the RFC 3339 and RFC 2822 fast paths (target: a few microseconds).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import timeit
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from wire.timestamps import TimestampError, parse_timestamp

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus" / "timestamps-dev.jsonl"

Case = tuple[str, dict[str, Any], datetime | None]


def load_cases() -> list[Case]:
    cases: list[Case] = []
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            context = dict(entry["context"])
            if context.get("now"):
                context["now"] = datetime.fromisoformat(context["now"])
            expected = entry["expected"]
            want = datetime.fromisoformat(expected.replace("Z", "+00:00")) if expected else None
            cases.append((entry["input"], context, want))
    return cases


def ours(text: str, context: dict[str, Any]) -> datetime | None:
    try:
        return parse_timestamp(text, **context)
    except TimestampError:
        return None


def with_dateutil(text: str, context: dict[str, Any]) -> datetime | None:
    try:
        parsed = dateutil_parser.parse(text, fuzzy=True, dayfirst=bool(context.get("dayfirst")))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.tzinfo is None:
        zone = ZoneInfo(context["tz"]) if context.get("tz") else UTC
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC).replace(microsecond=0)


Reader = Callable[[str, dict[str, Any]], datetime | None]


def accuracy(read: Reader, cases: list[Case]) -> int:
    return sum(1 for text, context, want in cases if read(text, context) == want)


def best_rates(readers: list[Reader], cases: list[Case], rounds: int) -> list[float]:
    """Strings per second of each reader: rounds interleaved, the best round of each kept.

    Interleaving and keeping the best round make the ratio robust to other load on the machine.
    """
    best = [float("inf")] * len(readers)
    for _ in range(rounds):
        for index, read in enumerate(readers):
            started = time.perf_counter()
            for text, context, _want in cases:
                read(text, context)
            best[index] = min(best[index], time.perf_counter() - started)
    return [len(cases) / seconds for seconds in best]


def per_call_microseconds(text: str) -> float:
    timer = timeit.Timer(lambda: parse_timestamp(text))
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--rounds", type=int, default=20, help="passes over the corpus")
    rounds = arguments.parse_args().rounds
    warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
    cases = load_cases()
    total = len(cases)
    our_rate, their_rate = best_rates([ours, with_dateutil], cases, rounds)
    our_correct, their_correct = accuracy(ours, cases), accuracy(with_dateutil, cases)
    print(f"corpus: {total} strings ({CORPUS.name}), best of {rounds} interleaved rounds")
    print(
        f"wire.timestamps.parse_timestamp: {our_rate:>9,.0f} strings/s  "
        f"accuracy {our_correct}/{total} ({our_correct / total:.1%})"
    )
    print(
        f"dateutil.parser.parse (fuzzy):   {their_rate:>9,.0f} strings/s  "
        f"accuracy {their_correct}/{total} ({their_correct / total:.1%})"
    )
    print(f"speed ratio (ours / dateutil):   {our_rate / their_rate:.2f}x  (target >= 3x)")
    rfc3339 = per_call_microseconds("2003-12-31T10:14:55-08:00")
    rfc2822 = per_call_microseconds("Tue, 1 Jul 2003 10:52:37 +0200")
    print(f"fast paths per call: RFC 3339 {rfc3339:.1f} us, RFC 2822 {rfc2822:.1f} us")


if __name__ == "__main__":
    main()
