"""Rate limits: a token bucket per partner key or client address.

A bucket holds a burst's worth of requests and refills at the configured rate, so that the few quick requests a
reader makes when first adding a feed are never refused, while a client polling faster than its rate is.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from wire.errors import RateLimited

# The smallest burst: a reader adding a feed fetches it and its alternates a few times in a row.
MIN_BURST = 10
# Buckets idle this long are full again and can be forgotten, which bounds the memory used per client.
_IDLE_SECONDS = 600.0


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Admits or refuses requests per key; `per_minute` 0 means no limit."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._swept = clock()

    def admit(self, key: str, per_minute: int) -> None:
        """Take one request from `key`'s bucket; RateLimited (with Retry-After and RateLimit headers) if empty."""
        if per_minute <= 0:
            return
        now = self._clock()
        capacity = max(MIN_BURST, per_minute // 4)
        rate = per_minute / 60.0
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(capacity), now)
        else:
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            self._sweep(now)
            return
        wait = math.ceil((1.0 - bucket.tokens) / rate)
        raise RateLimited(
            f"more than {per_minute} requests a minute; retry in {wait} s",
            headers={
                "Retry-After": str(wait),
                "RateLimit-Limit": str(per_minute),
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": str(wait),
                "RateLimit-Policy": f"{per_minute};w=60;burst={capacity}",
            },
        )

    def _sweep(self, now: float) -> None:
        if now - self._swept < _IDLE_SECONDS:
            return
        self._swept = now
        for key in [k for k, b in self._buckets.items() if now - b.updated > _IDLE_SECONDS]:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)
