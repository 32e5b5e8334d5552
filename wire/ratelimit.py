"""Rate limits: a token bucket per partner key or client address.

A bucket holds a burst's worth of requests and refills at the configured rate, so that the few quick requests a
reader makes when first adding a feed are never refused, while a client polling faster than its rate is.

The buckets live in this process (`RateLimiter`), or in the store (`SharedRateLimiter`, `[server]
shared_rate_limits`), where every instance on the store draws from the same ones.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from wire.errors import RateLimited
from wire.store import Store

# The smallest burst: a reader adding a feed fetches it and its alternates a few times in a row.
MIN_BURST = 10
# Buckets idle this long are full again and can be forgotten, which bounds the memory used per client.
_IDLE_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class Quota:
    """Where a client stands against its rate once a request of its is admitted, as the RateLimit headers
    (draft-ietf-httpapi-ratelimit-headers) tell it, so that it can pace itself before it is refused."""

    per_minute: int
    # Requests it may make at once from now on, and the seconds until it may make one more than that.
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Policy": policy(self.per_minute),
            "RateLimit": f"limit={self.per_minute}, remaining={self.remaining}, reset={self.reset}",
        }


class Limiter(Protocol):
    async def admit(self, key: str, per_minute: int) -> Quota | None:
        """Take one request from `key`'s bucket: where the client then stands, or None for no limit (`per_minute`
        0); RateLimited (with Retry-After and RateLimit headers) if it is empty."""
        ...


def burst(per_minute: int) -> int:
    """How many requests a full bucket holds."""
    return max(MIN_BURST, per_minute // 4)


@functools.lru_cache(maxsize=64)
def policy(per_minute: int) -> str:
    """The `RateLimit-Policy` of a rate: so many requests in a window of 60 s, and a bucket's burst."""
    return f"{per_minute};w=60;burst={burst(per_minute)}"


def quota_of(per_minute: int, tokens: float) -> Quota:
    """Where a client stands whose bucket holds `tokens` once its request is taken."""
    remaining = math.floor(tokens)
    if remaining >= burst(per_minute):
        return Quota(per_minute, remaining, 0)
    # The next request beyond `remaining` comes with the next whole token.
    return Quota(per_minute, remaining, math.ceil((remaining + 1 - tokens) * 60.0 / per_minute))


def refusal(per_minute: int, wait_seconds: float) -> RateLimited:
    """The 429 for a client that must wait `wait_seconds` for its next request. It keeps the separate
    `RateLimit-Limit`, `-Remaining` and `-Reset` fields of the draft's earlier versions, which clients may read."""
    wait = math.ceil(wait_seconds)
    return RateLimited(
        f"more than {per_minute} requests a minute; retry in {wait} s",
        headers={
            "Retry-After": str(wait),
            "RateLimit-Limit": str(per_minute),
            "RateLimit-Remaining": "0",
            "RateLimit-Reset": str(wait),
            **Quota(per_minute, 0, wait).headers(),
        },
    )


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Buckets in this process: each instance counts on its own."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._swept = clock()

    async def admit(self, key: str, per_minute: int) -> Quota | None:
        wait = self.take(key, per_minute)
        if wait > 0:
            raise refusal(per_minute, wait)
        return self.quota(key, per_minute)

    def quota(self, key: str, per_minute: int) -> Quota | None:
        """Where `key` stands after a request taken from its bucket; None for no limit."""
        bucket = self._buckets.get(key)
        if per_minute <= 0 or bucket is None:
            return None
        return quota_of(per_minute, bucket.tokens)

    def take(self, key: str, per_minute: int) -> float:
        """Take one request from `key`'s bucket: 0 if it had one, else the seconds until it will (nothing taken)."""
        if per_minute <= 0:
            return 0.0
        now = self._clock()
        capacity = burst(per_minute)
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
            return 0.0
        return (1.0 - bucket.tokens) / rate

    def _sweep(self, now: float) -> None:
        if now - self._swept < _IDLE_SECONDS:
            return
        self._swept = now
        for key in [k for k, b in self._buckets.items() if now - b.updated > _IDLE_SECONDS]:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)


class SharedRateLimiter:
    """Buckets in the store: every instance on it draws from the same ones (one small write per request)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def admit(self, key: str, per_minute: int) -> Quota | None:
        if per_minute <= 0:
            return None
        token = await self._store.take_token(key, burst(per_minute), per_minute / 60.0)
        if token.wait > 0:
            raise refusal(per_minute, token.wait)
        return quota_of(per_minute, token.left)
