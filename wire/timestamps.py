"""Time policy: every timestamp the server takes in becomes an aware UTC instant, or a TimestampError."""

from __future__ import annotations

import email.utils
import enum
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo


class TimestampError(ValueError):
    """The text is not a timestamp the server can place exactly in time; the message says why."""


class ZoneRule(enum.StrEnum):
    TEXT_OFFSET = "text-offset"
    TEXT_ZONE = "text-zone"
    SOURCE_ZONE = "source-zone"
    DEFAULT_UTC = "default-utc"
    EPOCH = "epoch"
    RELATIVE = "relative"


@dataclass(frozen=True, slots=True)
class Reading:
    instant: datetime
    text: str
    rule: ZoneRule
    zone: str


def read_timestamp(
    text: str, *, tz: str | None = None, dayfirst: bool | None = None, now: datetime | None = None
) -> Reading:
    """Read RFC 3339 / ISO 8601 and RFC 2822 timestamps; naive values take `tz`, else UTC."""
    del dayfirst, now
    stripped = text.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(stripped.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(stripped)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        raise TimestampError(f"not a timestamp: {text[:80]!r}")
    if parsed.tzinfo is not None:
        rule, zone = ZoneRule.TEXT_OFFSET, parsed.strftime("%z")
    else:
        zone_info: tzinfo = _zone(tz) if tz else UTC
        rule = ZoneRule.SOURCE_ZONE if tz else ZoneRule.DEFAULT_UTC
        zone = tz or "UTC"
        parsed = parsed.replace(tzinfo=zone_info)
    instant = parsed.astimezone(UTC).replace(microsecond=0)
    return Reading(instant=instant, text=text, rule=rule, zone=zone)


def parse_timestamp(
    text: str, *, tz: str | None = None, dayfirst: bool | None = None, now: datetime | None = None
) -> datetime:
    """The UTC instant of `text` (see read_timestamp)."""
    return read_timestamp(text, tz=tz, dayfirst=dayfirst, now=now).instant


def format_rfc3339(instant: datetime) -> str:
    """`2017-12-19T18:09:00Z`: the one way the server writes an instant."""
    if instant.tzinfo is None:
        raise TimestampError("naive datetime")
    if instant.tzinfo is not UTC:
        instant = instant.astimezone(UTC)
    # isoformat() of an aware instant is "YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00": the first 19 characters are
    # the date and time to the second, and it is several times faster than strftime.
    return instant.isoformat()[:19] + "Z"


def _zone(name: str) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise TimestampError(f"unknown time zone {name!r}") from None
