"""Times as the JSON and NewsML-G2 formats write them, so that an item shows the same instants everywhere."""

from __future__ import annotations

from datetime import UTC, datetime


def rfc3339(moment: datetime) -> str:
    """`moment` in UTC to the second with a `Z` (`2026-03-01T10:00:00Z`); fractions of a second are dropped."""
    return f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z"
