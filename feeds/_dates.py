"""Times as the formats write them, so that an item shows the same instants everywhere.

Years are always four digits, zero-padded: strftime's `%Y` writes the year 226 as `226` (glibc), which is neither
RFC 3339 nor RFC 822, and one such date makes a whole section's document invalid. The ingest refuses such years,
but a view may come from anywhere, and every year a `datetime` holds (1 to 9999) has four digits at most.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime


def rfc3339(moment: datetime) -> str:
    """`moment` in UTC to the second with a `Z` (`2026-03-01T10:00:00Z`); fractions of a second are dropped."""
    u = moment.astimezone(UTC)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"


def rfc822(moment: datetime) -> str:
    """`moment` as RSS dates it (`Sun, 01 Mar 2026 10:00:00 +0000`), in its own zone with a numeric offset.

    The same text as feedgen writes, but with the year in four digits, and English names whatever the locale."""
    return format_datetime(moment)
