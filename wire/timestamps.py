"""Time policy: every timestamp the server takes in becomes an aware UTC instant, or an error.

The rules are those of TIMESTAMP-RULES.md (a copy is in tests/data/corpus/). In short: the zone
comes from a numeric offset in the text, else a zone name in the text, else the source's zone, else
UTC; a date alone is the start of its local day; an incomplete timestamp is the latest such moment
not after `now`; and whatever is ambiguous, impossible or self-contradictory is refused rather than
guessed, because a wrong time published is worse than none.

Reading goes in three steps: the text is cut into tokens (numbers, clusters such as `2017-12-19` or
`18:09:05`, words looked up in `wire._timestamp_words`), neighbouring tokens that can belong to one
timestamp are grouped, and each group is assembled into date, time and zone fields and settled to
an instant. RFC 3339 and RFC 2822 strings take a fast path before any of that.
"""

from __future__ import annotations

import enum
import functools
import itertools
import math
import re
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from wire import _timestamp_words as words
from wire._timestamp_fields import Draft
from wire._timestamp_regions import drop_names, may_complete, regions, segments
from wire._timestamp_shapes import NothingToRead, read_shape
from wire._timestamp_tokens import (
    LAYOUT_AFTER_ZONE,
    NUMBERS,
    PUNCT_JOINERS,
    ZONE_LIKE,
    ZONES,
    Prepared,
    T,
    Tok,
    W,
    leap,
    named_zone_id,
    offset_minutes,
    plain_members,
    script_signs,
    time_zone,
    tokenize,
    zone_name,
)

__all__ = [
    "Found",
    "Reading",
    "TimestampError",
    "ZoneRule",
    "find_timestamps",
    "format_rfc3339",
    "parse_timestamp",
    "read_timestamp",
]

# A timestamp field longer than this is not a timestamp but a page; find_timestamps reads pages.
MAX_TIMESTAMP_LENGTH = 512


class TimestampError(ValueError):
    """The text is not a timestamp the server can place exactly in time; the message says why."""


# Why a time that reads well is refused: placed in UTC (or reckoned from `now`), it leaves the years datetime holds.
_OUT_OF_RANGE = "the time falls outside the years 1 to 9999 once placed in UTC"


class ZoneRule(enum.StrEnum):
    """Which rule decided the zone of a reading (shown to editors as provenance)."""

    TEXT_OFFSET = "text-offset"
    TEXT_ZONE = "text-zone"
    SOURCE_ZONE = "source-zone"
    DEFAULT_UTC = "default-utc"
    EPOCH = "epoch"
    RELATIVE = "relative"


# _Rule.TEXT_OFFSET, ...: the members as plain class attributes, reached quicker (see plain_members).
if TYPE_CHECKING:
    _Rule = ZoneRule
else:
    _Rule = plain_members(ZoneRule)


@dataclass(frozen=True, slots=True)
class Reading:
    """One timestamp read: the instant (aware, UTC, whole seconds) and how its zone was decided."""

    instant: datetime
    text: str
    rule: ZoneRule
    zone: str


@dataclass(frozen=True, slots=True)
class Found:
    """A timestamp inside a longer text: `text[start:end]` is the timestamp as written."""

    start: int
    end: int
    reading: Reading


# Raised inside the reader: a group of tokens that is no timestamp at all (a lone number, a month
# alone). It is never reported by find_timestamps; parse_timestamp refuses with its message.
class _NotATimestamp(TimestampError):
    pass


# Raised inside the reader: two parts claim the same field ("3 March 2020, updated 5 March 2020"),
# so the group may hold two timestamps and is worth splitting.
class _Conflict(TimestampError):
    pass


def read_timestamp(
    text: str, *, tz: str | None = None, dayfirst: bool | None = None, now: datetime | None = None
) -> Reading:
    """Read the one timestamp in `text` (which may carry words around it).

    Callers may rely on: the instant is aware, in UTC, truncated to whole seconds; `rule` and `zone`
    say how the zone was decided; `text` is the input unchanged. Anything ambiguous, impossible,
    inconsistent or incomplete (a time without `now`) raises TimestampError saying why, as does an
    unknown `tz`, a naive `now`, or a text longer than 512 characters. Where the text holds several
    timestamps, the first one is read; a date and its time on separate lines are read together.
    """
    instant, rule, zone = _read(text, _Context.make(tz, dayfirst, now))
    return Reading(instant, text, rule, zone)


def parse_timestamp(
    text: str, *, tz: str | None = None, dayfirst: bool | None = None, now: datetime | None = None
) -> datetime:
    """The UTC instant of `text`; the same as `read_timestamp(...).instant`."""
    return _read(text, _Context.make(tz, dayfirst, now))[0]


# A reading without its text: the instant, how its zone was decided, and the zone.
_Read = tuple[datetime, "ZoneRule", str]


def _read(text: str, context: _Context) -> _Read:
    if len(text) > MAX_TIMESTAMP_LENGTH:
        raise TimestampError(f"text of {len(text)} characters is longer than {MAX_TIMESTAMP_LENGTH}: not a timestamp")
    try:
        fast = _read_fast(text, context)
        if fast is None:
            fast = _read_shape(text, context)
    except OverflowError:
        raise TimestampError(_OUT_OF_RANGE) from None
    if fast is not None:
        return fast
    return _read_whole(text, context)


_AGO_WORDS = frozenset(key for key in words.AGO if " " not in key)
_AGO_PHRASES = tuple(f" {key} " for key in words.AGO if " " in key)


def says_ago(text: str) -> bool:
    """Whether `text` holds a word (or phrase) for "ago": "an hour ago", "hace dos horas", "il y a", "منذ"."""
    folded = " ".join(words.fold(word) for word in re.findall(r"[^\W\d_]+", text))
    return any(word in _AGO_WORDS for word in folded.split()) or any(p in f" {folded} " for p in _AGO_PHRASES)


def is_time_label(text: str) -> bool:
    """Whether `text` is only words a timestamp goes with ("Published", "Updated on", "نشر في", "Mis à jour le"):
    the label of a time, never a headline."""
    found = re.findall(r"[^\W\d_]+", text)
    return bool(found) and all(words.fold(word) in words.FILLERS for word in found)


def find_timestamps(
    text: str, *, tz: str | None = None, dayfirst: bool | None = None, now: datetime | None = None
) -> list[Found]:
    """Every timestamp inside a longer text, in order and without overlaps.

    Callers may rely on: `text[f.start:f.end]` is the timestamp as written, without the words around
    it ("Published", "am", a headline glued before it, the "one" of "one 3 hours ago") and never across
    a line break or the end of a sentence; each reading is what read_timestamp gives for that span. Only
    complete, valid timestamps are reported: a date, and, when `now` is given, a time of day, an amount
    of time ago ("an hour ago") or a day word ("yesterday"). Lone numbers, years, months without a day,
    weekdays without a time, and weekdays or day words in a name ("Black Friday", "Arab Today Media
    Group") are not. Time grows linearly with the length of the text, whatever the text.
    """
    context = _Context.make(tz, dayfirst, now)
    prepared = Prepared.of(text)
    low = prepared.low
    found: list[Found] = []
    for begin, stop in regions(low, relative=now is not None):
        tokens = tokenize(prepared, begin, stop)
        drop_names(tokens, low)
        for group in _groups(tokens, low, within_line=True):
            for piece in _split_readings(group, context, prepared, finding=True):
                if isinstance(piece, _Piece) and (piece.complete or piece.day_word):
                    start, end = prepared.origin(piece.start), prepared.origin(piece.end)
                    reading = Reading(piece.instant, text[start:end], piece.rule, piece.zone)
                    found.append(Found(start, end, reading))
    return found


def format_rfc3339(instant: datetime) -> str:
    """`2017-12-19T18:09:00Z`: the one way the server writes an instant (UTC, whole seconds)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise TimestampError(f"naive datetime {instant.isoformat()} has no zone: refusing to guess")
    if instant.tzinfo is not UTC:
        instant = instant.astimezone(UTC)
    # isoformat() of an aware instant starts "YYYY-MM-DDTHH:MM:SS" (four-digit years): several times faster
    # than strftime, and this runs for every time of every item served.
    return instant.isoformat()[:19] + "Z"


# ---------------------------------------------------------------------------------------------
# The call's context


class _Context:
    """The source's zone and day/month order, and the reference instant (UTC), for one call."""

    # A plain class: built once per call, and a frozen dataclass costs a microsecond more to build.
    __slots__ = ("dayfirst", "now", "zone", "zone_name")

    def __init__(self, zone: tzinfo | None, zone_name: str | None, dayfirst: bool | None, now: datetime | None):
        self.zone = zone
        self.zone_name = zone_name
        self.dayfirst = dayfirst
        self.now = now

    @staticmethod
    def make(tz: str | None, dayfirst: bool | None, now: datetime | None) -> _Context:
        if now is None:
            # A zone and order alone (a source's, or none): one context serves every call that asks the same.
            known = _SOURCE_CONTEXTS.get((tz, dayfirst))
            if known is None:
                known = _source_context(tz, dayfirst)
            return known
        if now.tzinfo is None or now.utcoffset() is None:
            raise TimestampError(f"now={now.isoformat()} is naive: give an aware datetime")
        zone = _zone(tz) if tz is not None else None
        return _Context(zone, tz, dayfirst, now.astimezone(UTC))


# Contexts without `now` (never changed once made, so shared), by zone name and day/month order: the sources' few.
_SOURCE_CONTEXTS: dict[tuple[str | None, bool | None], _Context] = {}
_MOST_SOURCE_CONTEXTS = 256


def _source_context(tz: str | None, dayfirst: bool | None) -> _Context:
    """The context of a source's zone (raises TimestampError for an unknown one) and order, kept for the next
    call."""
    context = _Context(_zone(tz) if tz is not None else None, tz, dayfirst, None)
    if len(_SOURCE_CONTEXTS) >= _MOST_SOURCE_CONTEXTS:
        _SOURCE_CONTEXTS.clear()
    _SOURCE_CONTEXTS[(tz, dayfirst)] = context
    return context


def _zone(name: str) -> tzinfo:
    try:
        return time_zone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise TimestampError(f"unknown time zone {name!r}") from None


# ---------------------------------------------------------------------------------------------
# Fast paths: RFC 3339 / ISO 8601 and RFC 2822 read without the general machinery.

_RFC3339_TIME = r"\s*(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?"
_RFC3339_OFFSET = r"(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?)"
_RFC3339 = re.compile(rf"{_RFC3339_TIME}\s?{_RFC3339_OFFSET}?\s*")
# RFC 9557: the same with suffixes glued to it in brackets, a time zone first ("[Europe/Paris]", "[!+01:00]"),
# then tags. (A bracket after a space is no suffix: "2018-07-04T10:31:00 [Reuters]".)
_RFC9557 = re.compile(rf"{_RFC3339_TIME}(?:\s?{_RFC3339_OFFSET})?((?:\[[^\[\]]*\])+)\s*")
_SUFFIX_TAG = re.compile(r"[a-z_][a-z_0-9-]*=[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_SUFFIX_OFFSET = re.compile(r"([+-])(\d\d):(\d\d)")
_SUFFIX_ZONE = re.compile(r"[A-Za-z._][A-Za-z._0-9+-]*(?:/[A-Za-z._][A-Za-z._0-9+-]*)*")
# An ISO date-time, a space, and HH:MM: the offset of "...T10:00:00+05:00" sent unencoded in a URL query,
# where its "+" became a space.
_UNSIGNED_OFFSET = re.compile(rf"{_RFC3339_TIME} (\d\d:\d\d)\s*")
# The same with a space after the offset's sign ("...T10:00:00 - 02:00"): the offset still, never a range or a
# dash, after a date and time written the ISO way. A minus after a date and time written with a space between them
# is a range's ("2024-03-12 10:00 - 12:00"), as after any time (wire._timestamp_tokens._spaced_offset).
_SPACED_RFC3339_OFFSET = re.compile(rf"{_RFC3339_TIME}\s*([+-])\s+(\d\d):?(\d\d)\s*")
_RFC2822 = re.compile(
    r"\s*(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(\d{1,2})\s+"
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})\s+(\d\d):(\d\d)(?::(\d\d))?\s+"
    r"(?:([+-])(\d\d)(\d\d)|([A-Z]{1,5}))\s*"
)
_RFC2822_MONTHS = {
    m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)
}
_RFC2822_DAYS = {d: i for i, d in enumerate(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])}
_ALL_DIGITS = re.compile(r"\s*(\d+)(?:\.(\d{1,6}))?\s*")
# An ISO 8601 week date ("2020-W10-3", "2020W103"), with its time of day and offset if it has them.
_ISO_WEEK = re.compile(
    rf"\s*(\d{{4}})-?W(\d\d)-?([1-7])(?:[Tt ](\d\d):?(\d\d)(?::?(\d\d)(?:[.,]\d+)?)?\s?{_RFC3339_OFFSET}?)?\s*"
)


def _read_fast(text: str, context: _Context) -> _Read | None:
    start = text.lstrip() if text[:1].isspace() else text
    first = start[:1]
    if not first.isdigit():
        # Only RFC 2822 may start with a letter: with a day's name and a comma ("Tue, 1 Jul 2003 ...").
        if start[3:4] != "," or start[:3] not in _RFC2822_DAYS:
            return None
        match = _RFC2822.fullmatch(text) or _obsolete_rfc2822(text)
        return _read_rfc2822(text, match, context) if match is not None else None
    fifth, spaced = start[4:5], start[1:2].isspace() or start[2:3].isspace()
    # What each layout has at its start: "2003-12-31T", "1 Jul 2003", "1700000000", "2020-W01-3".
    if fifth == "-":
        match = _RFC3339.fullmatch(text)
        if match is not None:
            return _read_rfc3339(text, match, context)
        if "[" in text:
            match = _RFC9557.fullmatch(text)
            if match is not None:
                return _read_rfc9557(text, match, context)
        end = text.rstrip()
        signed = _SPACED_RFC3339_OFFSET.fullmatch(text) if " " in end[-8:] else None
        if signed is not None and (signed[7] == "+" or start[10:11] in "Tt"):
            return _read_spaced_offset(text, signed)
        if end[-3:-2] == ":" and end[-6:-5] == " " and _UNSIGNED_OFFSET.fullmatch(text) is not None:
            raise TimestampError(
                f"{text.strip()!r}: the offset has no sign (probably a '+' sent unencoded in a URL, read as a space)"
            )
    if spaced:
        match = _RFC2822.fullmatch(text)
        if match is not None:
            return _read_rfc2822(text, match, context)
    if fifth.isdigit() or fifth == "." or fifth.isspace() or not fifth:
        match = _ALL_DIGITS.fullmatch(text)
        if match is not None:
            return _read_digits(text, match[1], match[2], context)
    if fifth == "-" or fifth == "W":
        match = _ISO_WEEK.fullmatch(text)
        if match is not None:
            return _read_week_date(text, match, context)
    return None


def _read_shape(text: str, context: _Context) -> _Read | None:
    """A text of a common layout (wire._timestamp_shapes), settled as the general reader settles it."""
    if "/" in text and ZONE_LIKE.search(text) is not None:
        return None  # the layouts know no zone names ("America/New_York", misspelt or not): the general reader
    try:
        draft = read_shape(text)
    except NothingToRead as nothing:
        # What the general reader says when it finds no group, or only groups that read as nothing.
        if nothing.weak_groups:
            raise TimestampError("no date and no time") from None
        raise TimestampError(f"no complete timestamp in {text[:80]!r}") from None
    if draft is None:
        return None
    try:
        if draft.ampm is not None:
            _apply_ampm(draft)
        year = draft.year
        calendars = draft.solar or draft.year_digits <= 2 or (year is not None and not 1600 < year < 2400)
        if calendars:  # else they change nothing: the script decides no year
            persian, thai = script_signs(text)
            draft.buddhist = draft.buddhist or thai
        if draft.unordered is not None:
            _order_day_month(draft, context)
        if calendars:
            _apply_calendars(draft, persian, thai, context)
        settled = _settle(draft, context)
    except (_NotATimestamp, _Conflict):
        return None  # the general reader says why, in its words
    except TimestampError as error:
        raise TimestampError(str(error)) from None
    return settled[:3]


def _read_rfc3339(text: str, match: re.Match[str], context: _Context) -> _Read:
    y, mo, d, h, mi = NUMBERS[match[1]], NUMBERS[match[2]], NUMBERS[match[3]], NUMBERS[match[4]], NUMBERS[match[5]]
    s = _second(NUMBERS[match[6] or "0"])
    if match[7]:
        return _fixed_reading(text, (y, mo, d, h, mi, s), 0, None)
    if match[8]:
        offset = _offset_minutes(match[8], match[9], match[10] or "00")
        return _fixed_reading(text, (y, mo, d, h, mi, s), offset, None)
    draft = Draft(year=y, month=mo, day=d, hour=h, minute=mi, second=s)
    settled = _settle(draft, context)
    return settled[:3]


def _read_spaced_offset(text: str, match: re.Match[str]) -> _Read:
    y, mo, d, h, mi = NUMBERS[match[1]], NUMBERS[match[2]], NUMBERS[match[3]], NUMBERS[match[4]], NUMBERS[match[5]]
    offset = _offset_minutes(match[7], match[8], match[9])
    return _fixed_reading(text, (y, mo, d, h, mi, _second(NUMBERS[match[6] or "0"])), offset, None)


def _read_rfc9557(text: str, match: re.Match[str], context: _Context) -> _Read:
    """RFC 3339 with RFC 9557 suffixes: "2018-07-04T10:31:00[America/New_York]", "...-04:00[!America/New_York]".

    An offset and a zone that disagree: the offset wins (rule 2), unless the zone is critical ("[!...]"): RFC 9557
    (section 3.4) says an application must then act on it, and guessing which is wrong would publish a wrong
    time, so it is refused. "Z" and "-00:00" say that the local offset is unknown (RFC 9557 section 2), so they
    agree with any zone."""
    suffix = _suffix_zone(match[11])
    y, mo, d, h, mi = NUMBERS[match[1]], NUMBERS[match[2]], NUMBERS[match[3]], NUMBERS[match[4]], NUMBERS[match[5]]
    second = _second(NUMBERS[match[6] or "0"])
    if match[7] or match[8]:
        offset = _offset_minutes(match[8], match[9], match[10] or "00") if match[8] else 0
        reading = _fixed_reading(text, (y, mo, d, h, mi, second), offset, None)
        unknown_local = bool(match[7]) or (offset == 0 and match[8] == "-")
        if suffix.critical and not unknown_local and _suffix_offset(suffix, reading[0]) != offset:
            label = _offset_label(offset)
            raise TimestampError(f"offset {label} contradicts the critical time zone [!{suffix.written}]")
        return reading
    draft = Draft(year=y, month=mo, day=d, hour=h, minute=mi, second=second)
    draft.offset, draft.zone = suffix.offset, suffix.zone
    settled = _settle(draft, context)
    return settled[:3]


class _SuffixZone(NamedTuple):
    """The time zone RFC 9557 suffixes give: an IANA zone (an index into ZONES) or an offset, or neither."""

    zone: int | None = None
    offset: int | None = None
    critical: bool = False
    written: str = ""


def _suffix_zone(suffixes: str) -> _SuffixZone:
    """The zone of "[America/New_York][u-ca=gregory]": a time zone first, then tags. Tags change no instant
    and are left aside, but a critical tag other than the calendar's is one we do not understand, which RFC
    9557 (section 3.3) says to refuse."""
    found = _SuffixZone()
    for number, suffix in enumerate(suffixes[1:-1].split("][")):
        critical = suffix.startswith("!")
        body = suffix[1:] if critical else suffix
        if "=" in body:
            if _SUFFIX_TAG.fullmatch(body) is None:
                raise TimestampError(f"malformed RFC 9557 suffix [{suffix}]")
            if critical and not body.startswith("u-ca="):
                raise TimestampError(f"critical RFC 9557 suffix [{suffix}] is not understood")
            continue
        if number > 0:
            raise TimestampError(f"RFC 9557 suffix [{suffix}]: a time zone comes first and once")
        offset = _SUFFIX_OFFSET.fullmatch(body)
        if offset is not None:
            found = _SuffixZone(offset=_offset_minutes(*offset.groups()), critical=critical, written=body)
        elif _SUFFIX_ZONE.fullmatch(body) is None:
            raise TimestampError(f"malformed RFC 9557 suffix [{suffix}]")
        else:
            name = zone_name(body)
            if name is None:
                raise TimestampError(f"unknown time zone {body!r}")
            found = _SuffixZone(zone=named_zone_id(name), critical=critical, written=body)
    return found


def _suffix_offset(suffix: _SuffixZone, instant: datetime) -> int | None:
    """Minutes east of UTC that the suffix's zone is at `instant`."""
    if suffix.zone is None:
        return suffix.offset
    shift = instant.astimezone(ZONES[suffix.zone][1]).utcoffset()
    return None if shift is None else int(shift.total_seconds()) // 60


# RFC 2822's obsolete syntax (section 4.3, Appendix A.6.3): comments in parentheses, and spaces around the colons
# of the time, anywhere whitespace may be ("Fri, 21 Nov 1997 09(comment):   55  :  06 -0600").
_RFC2822_COMMENT = re.compile(r"\([^()]*\)")
_RFC2822_SPACED_COLON = re.compile(r"(?<=\d)\s*:\s*(?=\d)")


def _obsolete_rfc2822(text: str) -> re.Match[str] | None:
    if "(" not in text and " :" not in text and ": " not in text:
        return None
    return _RFC2822.fullmatch(_RFC2822_SPACED_COLON.sub(":", _RFC2822_COMMENT.sub(" ", text)))


def _read_rfc2822(text: str, match: re.Match[str], context: _Context) -> _Read | None:
    y, mo, d = NUMBERS[match[4]], _RFC2822_MONTHS[match[3]], NUMBERS[match[2]]
    fields = (y, mo, d, NUMBERS[match[5]], NUMBERS[match[6]], _second(NUMBERS[match[7] or "0"]))
    label = match[11]
    if label is None:
        reading = _fixed_reading(text, fields, _offset_minutes(match[8], match[9], match[10]), None)
    elif label in words.ZONE_OFFSETS:
        reading = _fixed_reading(text, fields, words.ZONE_OFFSETS[label], label)
    else:
        return None  # a generic or unknown zone: the general reader decides
    if match[1] is not None:
        _check_weekday(date(y, mo, d), _RFC2822_DAYS[match[1]], match[1])
    return reading


def _read_week_date(text: str, match: re.Match[str], context: _Context) -> _Read:
    try:
        day = date.fromisocalendar(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise TimestampError(f"impossible ISO week date {match[0].strip()!r}") from None
    if match[4] is None:
        draft = Draft(year=day.year, month=day.month, day=day.day)
        return _settle(draft, context)[:3]
    h, mi, s = NUMBERS[match[4]], NUMBERS[match[5]], _second(NUMBERS[match[6] or "0"])
    if match[7] or match[8]:
        offset = _offset_minutes(match[8], match[9], match[10] or "00") if match[8] else 0
        return _fixed_reading(text, (day.year, day.month, day.day, h, mi, s), offset, None)
    draft = Draft(year=day.year, month=day.month, day=day.day, hour=h, minute=mi, second=s)
    return _settle(draft, context)[:3]


def _second(value: int) -> int:
    # A leap second is the last second of its minute: the instant cannot be represented exactly.
    return 59 if value == 60 else value


def _offset_minutes(sign: str, hours: str, minutes: str) -> int:
    minutes_east = offset_minutes(sign, hours, minutes)
    if minutes_east is None:
        raise TimestampError(f"malformed UTC offset {sign}{hours}:{minutes}")
    return minutes_east


def _fixed_reading(text: str, fields: tuple[int, int, int, int, int, int], offset: int, label: str | None) -> _Read:
    year, month, day, hour, minute, second = fields
    try:
        local = datetime(year, month, day, hour, minute, second, 0, UTC)  # the zone by position (see _wall)
    except ValueError:
        local = _valid_datetime(*fields).replace(tzinfo=UTC)  # raises, saying which field
    instant = local - timedelta(minutes=offset) if offset else local
    if label is None:
        return instant, _Rule.TEXT_OFFSET, _offset_label(offset)
    return instant, _Rule.TEXT_ZONE, label


@functools.lru_cache(maxsize=256)
def _offset_label(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _valid_datetime(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    _check_date(y, mo, d)
    if not (0 <= h <= 23 and 0 <= mi <= 59 and 0 <= s <= 59):
        raise TimestampError(f"impossible time {h:02d}:{mi:02d}:{s:02d}")
    return datetime(y, mo, d, h, mi, s)  # noqa: DTZ001 -- a wall time, given its zone by the caller


def _check_date(y: int, mo: int, d: int) -> None:
    if not 1 <= y <= 9999:
        raise TimestampError(f"impossible year {y}")
    if not 1 <= mo <= 12:
        raise TimestampError(f"impossible month {mo}")
    try:
        date(y, mo, d)
    except ValueError:
        raise TimestampError(f"impossible date {y:04d}-{mo:02d}-{d:02d}") from None


def _read_digits(text: str, digits: str, fraction: str | None, context: _Context) -> _Read:
    """Rule 12: epoch seconds, milliseconds, microseconds, or a compact date."""
    scale = {10: 1, 13: 1_000, 16: 1_000_000}.get(len(digits))
    if scale is not None:
        if fraction is not None and scale != 1:
            raise TimestampError(f"epoch {digits}.{fraction}: a fraction of milliseconds")
        instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=int(digits) // scale)
        return instant, _Rule.EPOCH, "UTC"
    if fraction is None and len(digits) in (8, 12, 14):
        parts = [int(digits[i : i + 2]) for i in range(4, len(digits), 2)]
        draft = Draft()
        draft.year, draft.month, draft.day = int(digits[:4]), parts[0], parts[1]
        if len(parts) > 2:
            draft.hour, draft.minute = parts[2], parts[3]
            draft.second = _second(parts[4]) if len(parts) > 4 else 0
        settled = _settle(draft, context)
        return settled[:3]
    raise TimestampError(
        f"{len(digits)} digits are neither epoch seconds (10), milliseconds (13), "
        "microseconds (16) nor a compact date (YYYYMMDD, YYYYMMDDHHMM, YYYYMMDDHHMMSS)"
    )


def _check_weekday(day: date, weekday: int, written: str) -> None:
    if day.weekday() != weekday:
        raise TimestampError(f"weekday {written} contradicts {day.isoformat()} (a {_WEEKDAY_NAMES[day.weekday()]})")


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# ---------------------------------------------------------------------------------------------
# Groups: runs of tokens that may form one timestamp


def _groups(tokens: list[Tok], low: str, *, within_line: bool) -> Iterator[list[Tok]]:
    """Runs of core tokens joined by at most three joiners; each run keeps its trailing joiners.

    Whitespace between tokens joins, except a line break when `within_line`.
    """
    group: list[Tok] = []
    gap: list[Tok] = []
    solid_gap = 0
    previous_end = 0
    count = len(tokens)
    for index, tok in enumerate(tokens):
        if group and within_line and tok.start > previous_end and low.find("\n", previous_end, tok.start) >= 0:
            yield group + gap
            group, gap, solid_gap = [], [], 0
        glued = tok.start == previous_end and index > 0
        previous_end = tok.end
        if tok.core:
            if (
                group
                and glued
                and (tok.what is W.ZONE or tok.kind is T.OFFSET)
                and _starts_timestamp(tokens, index, low)
            ):
                # "...on May 12GMT 14:38 2017 Tuesday ,19 December", "...kill 12+0200 18:45 2017 Monday ,25
                # September": a headline glued to the zone that starts the timestamp; what is glued before it
                # is no part of it.
                yield group + gap
                group, gap, solid_gap = [], [], 0
            if group:
                group.extend(gap)
            group.append(tok)
            gap, solid_gap = [], 0
        elif group:
            nxt = tokens[index + 1] if index + 1 < count else None
            if solid_gap < 3 and _joins(tok, group[-1], nxt):
                gap.append(tok)
                solid_gap += 1
            else:
                yield group + gap
                group, gap, solid_gap = [], [], 0
    if group:
        yield group + gap


def _starts_timestamp(tokens: list[Tok], index: int, low: str) -> bool:
    """Whether the zone or offset at `index` starts a timestamp, glued to a number, a word or a time before it,
    which it then does not belong to: a zone written before a time, after a space ("GMT 14:38"), or before
    the rest of the Arabs Today layout with an offset glued to it ("GMT-05:00 09:09 2017 Saturday ,23
    September"); an offset glued to a number, before the rest of that layout ("12+0200 18:45 2017 Monday ,25
    September"), where it is no offset of a time or a date."""
    if index + 1 >= len(tokens):
        return False
    tok, nxt, before = tokens[index], tokens[index + 1], tokens[index - 1]
    if tok.kind is T.OFFSET:
        return (before.kind is T.NUM or before.kind is T.BAD) and LAYOUT_AFTER_ZONE.match(low, tok.start) is not None
    if before.kind is T.OFFSET:
        return False
    if nxt.kind is T.OFFSET and nxt.start == tok.end:
        return LAYOUT_AFTER_ZONE.match(low, tok.end) is not None
    return nxt.kind is T.TIME and nxt.start > tok.end


def _joins(tok: Tok, last: Tok, nxt: Tok | None) -> bool:
    """Whether a token that is no part of a timestamp may stand between two of its parts."""
    if tok.kind is T.PUNCT:
        if tok.raw == "." and last.kind is T.WORD and len(last.raw) > 5:
            # The end of a sentence ("on Sunday. Then", "on Sunday.GMT 10:31"): no abbreviation is that
            # long. A number or a mark right after the dot joins ("08.Haziran.2014").
            return nxt is not None and nxt.start == tok.end and nxt.kind is not T.WORD
        return tok.raw in PUNCT_JOINERS
    return tok.what is W.FILLER


class _Piece(NamedTuple):
    """A timestamp read from a group of tokens: its reading and where it stands in the text."""

    instant: datetime
    rule: ZoneRule
    zone: str
    start: int
    end: int
    complete: bool = True  # a date, or a time of day; else a weekday or a day word ("yesterday") alone
    day_word: bool = False  # a day word alone, which find_timestamps reports (it needs `now`)
    # A date written out with no weekday of its own and no amount of time ago: a weekday before it names its day.
    weekday_would_name: bool = False


_Outcome = _Piece | TimestampError

# No timestamp has that many parts: a longer group is read in segments (wire._timestamp_regions).
_MOST_PARTS = 40


def _split_readings(
    group: list[Tok], context: _Context, prepared: Prepared, *, finding: bool = False
) -> list[_Outcome]:
    """Readings of a group, split where two timestamps stand side by side. `finding`: segments of a long
    group that cannot be complete are not read."""
    cores = [i for i, tok in enumerate(group) if tok.core]
    if len(cores) <= _MOST_PARTS:
        return _best_split(group, cores, 0, context, prepared, {}, None)
    outcomes: list[_Outcome] = []
    for segment in segments(group, cores):
        if finding and not may_complete(segment, now_given=context.now is not None):
            continue
        parts = [i for i, tok in enumerate(segment) if tok.core]
        outcomes.extend(_best_split(segment, parts, 0, context, prepared, {}, None))
    return outcomes


def _relative_joints(group: list[Tok], cores: list[int], low: str) -> frozenset[int]:
    """The cores after which a split would cut an amount of time ago in two ("hace 5 | horas")."""
    try:
        used = _read_relative([group[i] for i in cores], Draft(), group, low)
    except TimestampError:
        return frozenset()  # the whole group refused: nothing to keep together
    return frozenset(i for i in used if i + 1 in used)


def _best_split(
    group: list[Tok],
    cores: list[int],
    first: int,
    context: _Context,
    prepared: Prepared,
    memo: dict[int, list[_Outcome]],
    joints: frozenset[int] | None,
) -> list[_Outcome]:
    """The readings of the group from core `first` on: whole, or else split after the longest first piece
    that reads, where what follows reads too. `joints`: where no split may be (None: not found yet)."""
    if first in memo:
        return memo[first]
    whole = _read_group(group[cores[first] :], context, prepared)
    result: list[_Outcome] = [whole]
    if isinstance(whole, _NotATimestamp) and not isinstance(whole, _Conflict):
        # "...held in May 10:31 GMT": a month without its day before a time is the headline's.
        named = _names_before_a_date(group, cores, first, context, prepared, most=1)
        if named is not None:
            memo[first] = named
            return named
    if isinstance(whole, _Conflict):
        named_again = _names_before_a_date(group, cores, first, context, prepared)
        if named_again is not None:
            memo[first] = named_again
            return named_again
        if joints is None:
            joints = _relative_joints(group, cores, prepared.low)
        for last in range(len(cores) - 2, first - 1, -1):
            if last in joints:
                continue
            piece = group[cores[first] : cores[last + 1]]
            left = _read_group(piece, context, prepared)
            if isinstance(left, _Conflict) or (
                not isinstance(left, _Piece) and any(t.kind in _NUMBER_KINDS for t in piece)
            ):
                continue  # numbers cut off a timestamp were part of it: no such split
            if _year_cut_off(group, cores, first, last):
                continue
            right = _best_split(group, cores, last + 1, context, prepared, memo, joints)
            if any(isinstance(r, _Conflict) for r in right):
                continue
            if _names_the_day_of(left, right[0]):
                continue  # "Sunday 1 February 2012 21:24 5": the weekday is the date's, and is checked against it
            result = [left, *right]
            break
    memo[first] = result
    return result


def _year_cut_off(group: list[Tok], cores: list[int], first: int, last: int) -> bool:
    """Whether a split would cut the date before it off its year ("2 13 May | , 2019", "12 13 May | 2019 10:00"),
    the date then taking a number of two digits for its year (2 May 2013), or being read without it ("Mar 5 | 06
    2009", where `now` would give it a year)."""
    year = group[cores[last + 1]]
    if year.kind is T.NUM and year.v[1] <= 2 and last + 2 < len(cores):
        year = group[cores[last + 2]]  # "Mar 5 | 06 2009": a number between the date and its year
    if year.kind is not T.NUM or year.v[1] != 4:
        return False
    return not any(group[i].kind is T.NUM and group[i].v[1] == 4 for i in cores[first : last + 1])


# How many names of a month, a weekday or a year a headline may end in before a timestamp that names its own.
_MOST_NAMES_BEFORE = 3


def _names_before_a_date(
    group: list[Tok], cores: list[int], first: int, context: _Context, prepared: Prepared, most: int = 3
) -> list[_Outcome] | None:
    """The readings of a group that starts with a month, a weekday or a year and goes on with a complete
    timestamp that names them again: "...in March 09:45 6 March 2024", "Budget 2024 09:45 6 March 2024". A date
    names one month, one weekday, one year: the names before it are the headline's, where the longest first
    piece that reads would take them ("March 09:45 6") and cut the date after them in two. None where the group
    does not start so."""
    for count in range(1, min(most, _MOST_NAMES_BEFORE) + 1):
        name = group[cores[first + count - 1]]
        if first + count >= len(cores) or not _is_name(name) or (most == 1 and name.kind is not T.WORD):
            return None
        rest = _read_group(group[cores[first + count] :], context, prepared)
        if isinstance(rest, _Piece) and rest.complete and not rest.day_word:
            return [_NotATimestamp("a name before a timestamp that names its own"), rest]
    return None


def _is_name(tok: Tok) -> bool:
    """A month's or a weekday's name, or a year of four digits: what a headline may end in before a date."""
    if tok.kind is T.WORD:
        return tok.what is W.MONTH or tok.what is W.WEEKDAY
    return tok.kind is T.NUM and tok.v[1] == 4


def _weekday_would_name(draft: Draft) -> bool:
    """Whether a weekday read with these fields would be checked against their date: a day or month written out,
    no weekday of their own, and no amount of time ago or day word (which a weekday does not name)."""
    dated = draft.month is not None or draft.day is not None or draft.unordered is not None
    return dated and draft.weekday is None and not draft.relative and draft.days_back is None


_NUMBER_KINDS = frozenset({T.NUM, T.DATE, T.DMY, T.DM, T.TIME, T.DOTPAIR})


def _names_the_day_of(left: _Outcome, right: _Outcome) -> bool:
    """Whether a weekday alone would be split off the date right after it: it names that date's day, and read
    apart it would be the latest such weekday, never checked against the date (rule 9 refuses a contradiction).
    Not a timestamp that names its own weekday ("Monday, updated Tuesday 10 March") or an amount of time ago
    ("Friday 3 hours ago"): the weekday is another day's, and that timestamp stands on its own."""
    return (
        isinstance(left, _Piece)
        and not left.complete
        and not left.day_word
        and isinstance(right, _Piece)
        and right.weekday_would_name
    )


def _read_group(toks: list[Tok], context: _Context, prepared: Prepared) -> _Outcome:
    try:
        draft, relative = _assemble(toks, prepared, context)
        start, end = _span(toks, relative, prepared.low)
        instant, rule, zone, complete, day_word = _settle(draft, context)
        return _Piece(instant, rule, zone, start, end, complete, day_word, _weekday_would_name(draft))
    except TimestampError as error:
        return error
    except OverflowError:
        return TimestampError(_OUT_OF_RANGE)


def _span(toks: list[Tok], relative: list[Tok], low: str) -> tuple[int, int]:
    """Where the timestamp stands: its first to last part, and the parenthesis it opened.

    Number words and units count only where the amount of time ago is read from them ("one 3 hours ago"
    is "3 hours ago"), and the article of "a week ago" with them.
    """
    cores = [t for t in toks if t.core and (t.what is not W.WEAK or t in relative)]
    cores = cores or [t for t in toks if t.core]
    start, end = cores[0].start, cores[-1].end
    if cores[0].key in words.UNITS:
        start = _after_article(low, start)
    if "(" not in low:
        return start, end  # most texts open no parenthesis: no need to count them
    opened = sum(1 for t in toks if t.raw == "(" and start <= t.start < end)
    closed = sum(1 for t in toks if t.raw == ")" and start <= t.start < end)
    if opened > closed:
        for t in toks:
            if t.raw == ")" and t.start >= end:
                end = t.end
                break
    return start, end


# ---------------------------------------------------------------------------------------------
# Assembling a group into fields


def _set(draft: Draft, name: str, value: int) -> None:
    current = getattr(draft, name)
    if current is not None and (current != value or name != "offset"):
        # A date names its year, month, day and weekday once: one named again, even alike, is another
        # timestamp's, or the headline's before it ("...in March 09:45 6 March 2024"). An offset and a
        # zone may say one offset twice ("GMT+0200 (+02:00)").
        raise _Conflict(f"two values for the {name}: {current} and {value}")
    setattr(draft, name, value)


def _set_time(draft: Draft, hour: int, minute: int, second: int = 0) -> None:
    if draft.hour is not None:
        raise _Conflict("two times of day")
    draft.hour, draft.minute, draft.second = hour, minute, _second(second)


def _after_article(low: str, start: int) -> int:
    """Where "a week ago" starts when its unit starts at `start`: at the article, a word of its own."""
    gap = start
    while gap > 0 and start - gap < 2 and low[gap - 1].isspace():
        gap -= 1
    if gap < start and gap > 0 and low[gap - 1] == "a" and (gap == 1 or not low[gap - 2].isalnum()):
        return gap - 1
    return start


def _assemble(toks: list[Tok], prepared: Prepared, context: _Context) -> tuple[Draft, list[Tok]]:
    """The fields of a group, and the tokens an amount of time ago was read from."""
    draft = Draft()
    cores = [t for t in toks if t.core]
    used = _read_relative(cores, draft, toks, prepared.low)
    i = 0
    while i < len(cores):
        if i in used:
            i += 1
            continue
        i = _take(cores, i, draft, toks)
    draft.buddhist = draft.buddhist or prepared.thai
    _place_numbers(draft, context)
    _apply_calendars(draft, prepared.persian, prepared.thai, context)
    return draft, [cores[i] for i in used]


def _take(cores: list[Tok], i: int, draft: Draft, toks: list[Tok]) -> int:
    """Put core token i into the draft; return the index of the next token to read."""
    tok = cores[i]
    nxt = cores[i + 1] if i + 1 < len(cores) else None
    kind = tok.kind
    if kind is T.BAD:
        if tok.what is W.ZONE and tok.v:  # a zone glued to a word in capitals, or its letters (_timestamp_tokens)
            raise TimestampError(f"{tok.raw!r} glued to a word in capitals may be the word's end or a time zone")
        if tok.what is W.ZONE:  # an Area/Location name zoneinfo does not know (_timestamp_tokens)
            raise TimestampError(f"unknown time zone {tok.raw!r}")
        raise TimestampError(f"malformed {tok.raw!r}")
    if kind is T.DATE:
        for name, value in zip(("year", "month", "day"), tok.v, strict=True):
            _set(draft, name, value)
    elif kind is T.DMY:
        if draft.unordered is not None or draft.year is not None:
            raise _Conflict("two dates")
        draft.unordered = (tok.v[0], tok.v[1])
        draft.year, draft.year_digits = tok.v[2], tok.v[3]
    elif kind is T.DM:
        if nxt is not None and nxt.what is W.HOUR_MARK and nxt.start == tok.end and _TENTHS.fullmatch(tok.raw):
            # "2016-12-21 04.2h", "5.6h": hours and tenths of an hour (04:12, 05:36), no day and month; the date
            # before them was read alone, at midnight
            _set_time(draft, tok.v[0], tok.v[1] * 6)
            return i + 2
        if draft.unordered is not None:
            raise _Conflict("two dates")
        draft.unordered = (tok.v[0], tok.v[1])
        draft.numeric_without_year = True
    elif kind is T.TIME:
        h, m, s, offset = tok.v
        if nxt is not None and (nxt.what is W.NOON or nxt.what is W.MIDNIGHT) and h in (0, 12) and m == s == 0:
            # "12:00 noon", "12:00 midnight", "00:00 midnight": the word says which twelve o'clock the time is.
            if nxt.what is W.NOON and h == 0:
                raise TimestampError(f"{tok.raw} is midnight, not noon")
            _set_time(draft, 12 if nxt.what is W.NOON else 0, 0)
            return i + 2
        _set_time(draft, h, m, s)
        if offset != -1:
            _set(draft, "offset", offset)
    elif kind is T.DOTPAIR:
        _take_dotpair(tok, nxt, draft, toks)
    elif kind is T.MONTH_YEAR:
        if not _take_day_and_year(tok, draft, toks):
            raise _NotATimestamp(f"{tok.raw!r} names a month, not a day")
    elif kind is T.OFFSET:
        _set(draft, "offset", tok.v[0])
    elif kind is T.NUM:
        return _take_number(cores, i, draft, toks)
    else:
        return _take_word(cores, i, draft)
    return i + 1


_TENTHS = re.compile(r"\d{1,2}[.,]\d")
_DAY_YEAR = re.compile(r"(\d{1,2})([-./])(\d{4})|(\d{4})([-./])(\d{1,2})")


def _take_day_and_year(tok: Tok, draft: Draft, toks: list[Tok]) -> bool:
    """ "Sep-25-2003", "2015-15-May", "Sep-2003-25", "25-2003-Sep": a day and a year glued by one separator to a
    month's name on either side, in either order; False where the cluster is no such thing (a month and a year:
    "2017/01")."""
    match = _DAY_YEAR.fullmatch(tok.raw)
    if match is None:
        return False
    day_first = match[1] is not None
    separator = match[2] if day_first else match[5]
    index = toks.index(tok)
    if not any(_month_glued(toks, index, step, separator) for step in (-1, 1)):
        return False
    day, year = (match[1], match[3]) if day_first else (match[6], match[4])
    _set(draft, "day", int(day))
    _set(draft, "year", int(year))
    return True


def _month_glued(toks: list[Tok], index: int, step: int, separator: str) -> bool:
    """Whether a month's name is glued by the separator to the token at `index`, before it (-1) or after it (1)."""
    if not 0 <= index + 2 * step < len(toks):
        return False
    tok, sign, month = toks[index], toks[index + step], toks[index + 2 * step]
    glued = (
        (month.end, sign.end) == (sign.start, tok.start)
        if step < 0
        else (tok.end, sign.end) == (sign.start, month.start)
    )
    return glued and sign.raw == separator and month.kind is T.WORD and month.what is W.MONTH


def _take_dotpair(tok: Tok, nxt: Tok | None, draft: Draft, toks: list[Tok]) -> None:
    a, b = tok.v
    before = _word_before(toks, tok)
    is_time = (
        (nxt is not None and nxt.kind is T.WORD and nxt.what in (W.HOUR_MARK, W.AMPM))
        or (before is not None and before.key in words.TIME_FILLERS)
        or (draft.hour is None and (draft.day, draft.month, draft.unordered) != (None, None, None))
    )
    if is_time and a <= 24 and b <= 59:
        _set_time(draft, a, b)
    elif draft.unordered is None:
        draft.unordered = (a, b)
        draft.numeric_without_year = True
    else:
        raise _Conflict("two dates")


def _word_before(toks: list[Tok], tok: Tok) -> Tok | None:
    """The word just before `tok`, past a dot and whitespace, over at most three steps."""
    index = toks.index(tok)
    steps = 0
    after = tok.start
    for j in range(index - 1, -1, -1):
        here = toks[j]
        if here.end < after:  # whitespace is a step
            steps += 1
            if steps == 3:
                return None
        steps += 1
        if here.kind is T.WORD:
            return here
        if here.raw != "." or steps == 3:
            return None
        after = here.start
    return None


def _take_number(cores: list[Tok], i: int, draft: Draft, toks: list[Tok]) -> int:
    tok = cores[i]
    value, digits = tok.v
    nxt = cores[i + 1] if i + 1 < len(cores) else None
    previous = cores[i - 1] if i > 0 else None
    what = nxt.what if nxt is not None and nxt.kind is T.WORD else None
    if previous is not None and previous.kind is T.WORD:
        if previous.what is W.MONTH_PREFIX:
            _set(draft, "month", value)
            return i + 1
        if previous.what is W.YEAR_PREFIX:
            _set(draft, "year", value)
            return i + 1
        if previous.what is W.COUNTED_ERA and what is W.YEAR_MARK:
            _set(draft, "year", previous.v[0] + value)
            draft.year_digits = 4
            return i + 2
        if previous.what is W.WEEKDAY_PREFIX and 2 <= value <= 8:
            _set(draft, "weekday", (value - 2) % 7)
            draft.weekday_text = f"{previous.raw} {tok.raw}"
            return i + 1
    if what is W.ZONE and digits == 4 and _clock_before_zone(cores, i, draft):
        # "by 0930 GMT", "(1430 GMT) on May 12, 2020": hours and minutes run together before their zone.
        _set_time(draft, value // 100, value % 100)
        return i + 1
    if what is W.YEAR_MARK:
        _set(draft, "year", value)
        draft.year_digits = digits
        return i + 2
    if what is W.MONTH_MARK:
        _set(draft, "month", value)
        return i + 2
    if what is W.DAY_MARK or what is W.ORDINAL:
        _set(draft, "day", value)
        return i + 2
    if what is W.HOUR_MARK and digits <= 2:  # "2022, ora 10:05" (Romanian "at"): a year before it is no hour
        return _take_hour(cores, i, draft)
    if what is W.MINUTE_MARK and draft.hour is not None:
        # Minutes with their mark are read with the hour before them (_take_hour); after a time that has its
        # minutes they are no part of it: "10:05 | 3 min read" is a reading time beside a timestamp.
        raise _Conflict("minutes apart from their hour")
    if what is W.SECOND_MARK and draft.hour is not None:
        draft.second = _second(value)
        return i + 2
    if what is W.AMPM and digits <= 2:
        _set_time(draft, value, 0)
        return i + 1
    if (what is W.NOON or what is W.MIDNIGHT) and value == 12:
        _set_time(draft, 12 if what is W.NOON else 0, 0)  # "12 noon", "12 midnight"
        return i + 2
    if what is W.WEAK and _unit_size(nxt) == 3600 and digits <= 2 and _at_hour(cores, i, draft, toks):
        return _take_hour_in_units(cores, i, draft)
    if draft.numbers is None:
        draft.numbers = []
    draft.numbers.append((value, digits))
    return i + 1


def _clock_before_zone(cores: list[Tok], i: int, draft: Draft) -> bool:
    """Whether four digits before a zone, with a space between, are hours and minutes ("0930 GMT") rather than
    a year ("May 12, 2020 GMT", "in 2008 ET Canada"): where the text has no time of day, and a year beside
    them or digits no year of news has (0930, 1000, 1830, 2130)."""
    tok, zone = cores[i], cores[i + 1]
    value = tok.v[0]
    if zone.start == tok.end or draft.hour is not None or value // 100 > 23 or value % 100 > 59:
        return False
    others = [c for j, c in enumerate(cores) if j != i]
    if any(c.kind is T.TIME or c.kind is T.DOTPAIR for c in others):
        return False
    if any((c.kind is T.NUM and c.v[1] == 4) or c.kind is T.DATE or c.kind is T.DMY for c in others):
        return True
    return not 1900 <= value <= 2099


def _unit_size(tok: Tok | None) -> int | None:
    return words.UNITS.get(tok.key) if tok is not None and tok.kind is T.WORD else None


def _at_hour(cores: list[Tok], i: int, draft: Draft, toks: list[Tok]) -> bool:
    """Whether the number before an hour unit is the hour of a date's time of day: "14 сакавіка 2015 у 7
    гадзін 10 хвілін" (at 7 hours 10 minutes), after a word for "at". (An amount of time ago is read before.)"""
    if draft.hour is not None or (draft.month is None and draft.unordered is None and draft.days_back is None):
        return False
    before = _word_before(toks, cores[i])
    return before is not None and before.key in words.TIME_FILLERS


def _take_hour_in_units(cores: list[Tok], i: int, draft: Draft) -> int:
    _set_time(draft, cores[i].v[0], 0)
    j = i + 2
    if j + 1 < len(cores) and cores[j].kind is T.NUM and cores[j].v[1] <= 2 and _unit_size(cores[j + 1]) == 60:
        draft.minute = cores[j].v[0]
        j += 2
    return j


def _take_hour(cores: list[Tok], i: int, draft: Draft) -> int:
    """ "10時00分", "15 giờ 30", "um 15 Uhr": an hour, perhaps followed by its minutes."""
    _set_time(draft, cores[i].v[0], 0)
    j = i + 2
    minutes = cores[j] if j < len(cores) else None
    after = cores[j + 1] if j + 1 < len(cores) else None
    if (
        minutes is not None
        and minutes.kind is T.NUM
        and minutes.v[1] <= 2
        # "14 Uhr am 5. November": a number before a month's name is its day, not the hour's minutes
        and not (after is not None and after.kind is T.WORD and after.what is W.MONTH)
    ):
        draft.minute = minutes.v[0]
        j += 1
        mark = cores[j] if j < len(cores) else None
        if mark is not None and mark.kind is T.WORD and mark.what is W.MINUTE_MARK:
            j += 1
    return j


def _take_word(cores: list[Tok], i: int, draft: Draft) -> int:
    tok = cores[i]
    what = tok.what
    value = tok.v[0] if tok.v else 0
    if what is W.MONTH:
        _set(draft, "month", value)
    elif what is W.SOLAR_MONTH:
        _set(draft, "month", value)
        draft.solar = True
    elif what is W.WEEKDAY:
        _set(draft, "weekday", value)
        draft.weekday_text = tok.raw
    elif what is W.ERA_FIRST_YEAR:
        _set(draft, "year", value)
        draft.year_digits = 4
    elif what is W.ZONE:
        if draft.zone is not None and draft.zone != value:
            if draft.offset is not None or _offset_among(cores):
                return i + 1  # "GMT+0530 (IST)": the number decides (rule 2), and a second label changes nothing
            raise _Conflict(f"two zones: {draft.zone_text} and {tok.raw}")
        draft.zone, draft.zone_text = value, tok.raw
    elif what is W.AMPM:
        _take_ampm(cores, i, draft)
    elif what is W.NOON:
        _set_time(draft, 12, 0)
    elif what is W.MIDNIGHT:
        _set_time(draft, 0, 0)
    elif what is W.DAYWORD:
        if draft.days_back is not None:
            raise _Conflict("two relative days")
        draft.days_back = -value
    elif what is W.JUST_NOW:
        draft.seconds_back = 0
        draft.relative = True
    elif what is W.ERA:
        if tok.key in words.BEFORE_COMMON_ERA:
            raise TimestampError(f"{tok.raw!r}: a year before the Common Era")
        if tok.key in words.BUDDHIST_ERA:
            draft.buddhist = True
    elif what is W.WEEKDAY_PREFIX or what is W.WEAK:
        pass  # unused: a number word or unit outside a relative expression says nothing
    return i + 1


def _offset_among(cores: list[Tok]) -> bool:
    return any(tok.kind is T.OFFSET or (tok.kind is T.TIME and tok.v[3] != -1) for tok in cores)


_HOUR_KINDS = (T.TIME, T.NUM, T.DOTPAIR, T.WORD)


def _take_ampm(cores: list[Tok], i: int, draft: Draft) -> None:
    value = cores[i].v[0]
    if draft.ampm is not None:
        raise _Conflict("two a.m./p.m. marks")
    previous = cores[i - 1] if i > 0 else None
    nxt = cores[i + 1] if i + 1 < len(cores) else None
    # East Asian languages write the mark before the time: 下午3点, 오후 3:30.
    if draft.hour is None and nxt is not None and nxt.kind in (T.TIME, T.NUM):
        draft.ampm = value
        return
    if previous is None or draft.hour is None or previous.kind not in _HOUR_KINDS:
        raise TimestampError(f"{cores[i].raw!r} without an hour")
    draft.ampm = value


def _read_relative(cores: list[Tok], draft: Draft, toks: list[Tok], low: str) -> set[int]:
    """ "3 hours ago", "vor 2 Stunden", "il y a une heure", "منذ ساعتين", "half an hour ago": an amount before now.

    Every "ago" takes the amounts beside it ("6 saat öncə 5 dəqiqə öncə" is 6 h 5 min ago). `toks` are the
    group's tokens, cores and joiners (the words for "and" between the cores), and `low` the text they stand in.
    """
    used: set[int] = set()
    seconds: Fraction | int = 0
    months: Fraction | int = 0
    amounts: _AmountReader | None = None
    for i, tok in enumerate(cores):
        if tok.kind is not T.WORD or tok.key not in words.AGO or i in used:
            continue
        if amounts is None:
            amounts = _AmountReader(cores, toks, low)
        sides = (amounts.before(i, used), amounts.after(i, used))
        for found in sides[::-1] if tok.key in words.AGO_BEFORE_AMOUNT else sides:
            if found is not None:
                parts, more_seconds, more_months = found
                used.update(parts)
                used.add(i)
                seconds, months = seconds + more_seconds, months + more_months
                break
    if used:
        draft.relative = True
        _set_relative(draft, seconds, months)
    return used


def _set_relative(draft: Draft, seconds: Fraction | int, months: Fraction | int) -> None:
    if not isinstance(months, int):
        if months.denominator != 1:
            # Half a month has no exact length (rule 6 counts months on the calendar): refused, not guessed.
            raise TimestampError("a fraction of a month ago is no exact amount of time")
        months = int(months)
    if isinstance(seconds, Fraction) and seconds.denominator == 1:
        seconds = int(seconds)
    draft.seconds_back = seconds
    draft.months_back = months


_Amounts = tuple[list[int], Fraction | int, Fraction | int]


class _Part(NamedTuple):
    """One part of an amount of time ago ("2 hours", "half an hour", "an hour and a half")."""

    end: int  # the index of the core after it
    size: int  # its unit: seconds, or minus months
    amount: Fraction | int  # how many units
    counted: bool  # it has a number, a number word, a fraction or an article of its own


# The kinds of tokens an amount is written with, besides words: numbers, and decimals or fractions as clusters.
_AMOUNT_KINDS = frozenset({T.NUM, T.DM, T.DOTPAIR})


class _AmountReader:
    """Reads the amounts of time beside the words for ago of one group."""

    __slots__ = ("_gaps", "cores", "low", "toks")

    def __init__(self, cores: list[Tok], toks: list[Tok], low: str) -> None:
        self.cores = cores
        self.toks = toks
        self.low = low
        self._gaps: list[list[Tok]] | None = None

    def gap(self, j: int) -> list[Tok]:
        """The joiners between core j-1 and core j."""
        if self._gaps is None:
            gaps: list[list[Tok]] = [[]]
            for tok in self.toks:
                if tok.core:
                    gaps.append([])
                else:
                    gaps[-1].append(tok)
            self._gaps = gaps
        return self._gaps[j] if j < len(self._gaps) else []

    def before(self, ago: int, taken: set[int]) -> _Amounts | None:
        """The amount that ends right before the word for ago: the longest run of parts that reads. A unit without
        its own number or article stands for one only as the whole amount ("час назад"): before another part it
        is a headline's word ("...later this year 4 hours ago")."""
        cores = self.cores
        low = ago
        while low > 0 and low - 1 not in taken and self._amountish(cores[low - 1]):
            low -= 1
        ago_key = cores[ago].key
        if ago_key not in words.AGO_BEFORE_AMOUNT:
            clock = self._clock_amount_before(ago, taken)
            if clock is not None:
                return clock
        for start in range(low, ago):
            parts = self._parts(start, ago_key, ago)
            if parts is not None and parts[-1].end == ago and _compound(parts, alone=True):
                return _total(list(range(start, ago)), parts)
        return None

    def after(self, ago: int, taken: set[int]) -> _Amounts | None:
        key = self.cores[ago].key
        if key in words.AGO_BEFORE_AMOUNT and ago + 1 not in taken:
            clock = self._clock_amount(ago + 1, colon=key in words.AGO_BEFORE_CLOCK)
            if clock is not None:
                return clock
        parts = self._parts(ago + 1, self.cores[ago].key, len(self.cores), taken)
        if not parts or not _compound(parts, alone=False):
            return None
        return _total(list(range(ago + 1, parts[-1].end)), parts)

    def _clock_amount_before(self, ago: int, taken: set[int]) -> _Amounts | None:
        """The hours and minutes run together that end right before a word for ago written after its amount:
        "1h30 ago", "2h15min ago"."""
        for start in (ago - 1, ago - 2):
            if start < 0 or start in taken:
                return None
            clock = self._clock_amount(start)
            if clock is not None:
                return clock if clock[0][-1] == ago - 1 else None
        return None

    def _clock_amount(self, j: int, *, colon: bool = False) -> _Amounts | None:
        """Hours and minutes run together at core j, written as a time of day is written with an h ("1h30",
        "2h15min", "1h30m", "1h30mn"): beside a word for ago they are an amount, never a time of day ("il y a
        1h30" is 90 minutes ago, not 01:30). The unit of the minutes may follow them. With `colon`, after a
        word that means ago and nothing else, hours and minutes with a colon are an amount too ("il y a 1:30")."""
        cores = self.cores
        if j >= len(cores):
            return None
        tok = cores[j]
        if tok.kind is not T.TIME or tok.v[3] != -1 or not ("h" in tok.raw or (colon and ":" in tok.raw)):
            return None
        hours, minutes, seconds, _ = tok.v
        if minutes > 59 or seconds > 59:
            raise TimestampError(f"{tok.raw!r}: minutes or seconds past 59 in an amount of time ago")
        used = [j]
        unit = cores[j + 1] if j + 1 < len(cores) and not self.gap(j + 1) else None
        size = _unit_size(unit)
        if unit is not None and size is not None and "h" not in tok.raw:
            # A unit after a clock says what its first number counts: "1:30 h" is an hour and a half, "1:30 min"
            # a minute and a half (as running times are written); another unit makes no amount.
            used.append(j + 1)
            if size == 3600:
                return used, hours * 3600 + minutes * 60 + seconds, 0
            if size == 60 and tok.raw.count(":") == 1:
                return used, hours * 60 + minutes, 0
            raise TimestampError(f"'{tok.raw} {unit.raw}': no amount of time ago")
        if tok.raw[-1].isdigit() and size == 60:
            used.append(j + 1)  # "2h15min", "1h30 min": the unit of the minutes, apart from them
        return used, hours * 3600 + minutes * 60 + seconds, 0

    def _parts(self, start: int, ago_key: str, stop: int, taken: set[int] | None = None) -> list[_Part] | None:
        parts: list[_Part] = []
        j = start
        while j < stop and (taken is None or j not in taken):
            part = self._part(j, ago_key, stop)
            if part is None:
                break
            parts.append(part)
            j = part.end
        return parts or None

    def _amountish(self, tok: Tok) -> bool:
        if tok.kind in _AMOUNT_KINDS:
            return True
        key = tok.key
        return tok.kind is T.WORD and (
            key in words.UNITS
            or key in words.NUMBER_WORDS
            or key in words.FRACTIONS
            or key in words.FRACTION_COUNTS
            or key in words.COUNTED_UNIT_SECONDS
            or key in words.AMBIGUOUS_UNITS
            or key in words.GLUED_UNITS
        )

    def _part(self, j: int, ago_key: str, stop: int) -> _Part | None:
        """The part at core j: [count] [fraction [article]] unit [and fraction]."""
        cores = self.cores
        count: Fraction | int | None = None
        counted = self._count(j, stop)
        if counted is not None:
            count, j = counted
        fraction = self._fraction(j, stop)
        if fraction is not None:
            value, after = fraction
            if count is None:
                count = value
            elif self._joined(j) or cores[j].key in words.ADDING_FRACTIONS or cores[j].kind is T.DM:
                count = count + value  # "2 and a half hours", "iki buçuk saat", "1½ hours", "1 1/2 hours"
            else:
                count = count * value  # "three quarters of an hour", "einer halben Stunde"
            j = after
            article = self._count(j, stop)
            if article is not None and article[0] == 1 and cores[j].kind is T.WORD:
                j = article[1]  # "half an hour", "a quarter of an hour"
        if j >= stop:
            return None
        unit = _unit_of(cores[j], ago_key)
        if unit is None:
            return None
        size, carried = unit
        if carried is not None:
            if count is not None:
                return None  # a unit that carries its count ("ساعتين") takes no other
            count = carried
        own = count is not None or self._article_before(j)
        if not own and cores[j].key in words.PLURAL_UNITS:
            return None  # "hours ago" alone ("a few hours ago", "several hours ago") says how many nowhere
        j += 1
        if size == 3600 and self._bare_minutes(j, ago_key, stop):
            # "il y a 1 h 30": the minutes after an hour, their unit left out (they were dropped)
            return _Part(j + 1, size, (1 if count is None else count) + Fraction(cores[j].v[0], 60), own)
        trailing = self._fraction(j, stop) if j < stop else None
        if trailing is not None and (self._joined(j) or cores[j].key in words.TRAILING_FRACTIONS):
            following = trailing[1]
            if following >= stop or _unit_of(cores[following], ago_key) is None:
                count = (1 if count is None else count) + trailing[0]  # "an hour and a half", "1時間半"
                j = following
        return _Part(j, size, 1 if count is None else count, own)

    def _bare_minutes(self, j: int, ago_key: str, stop: int) -> bool:
        """Whether core j is two digits of minutes with no unit after them, right after the hour's unit (a space
        between them only), and no word after them: "il y a 3 heures | 45 réactions", "vor 2 Stunden 12
        Kommentare" count something else."""
        if j >= stop or self.gap(j):
            return False
        tok = self.cores[j]
        if tok.kind is not T.NUM or tok.v[1] != 2 or tok.v[0] >= 60 or self._word_after(j):
            return False
        return j + 1 >= stop or _unit_of(self.cores[j + 1], ago_key) is None

    def _word_after(self, j: int) -> bool:
        """Whether a word that is no part of the timestamp follows core j."""
        rest = self.low[self.cores[j].end :]
        word = rest.lstrip()
        if not word[:1].isalpha():
            return False
        start = len(self.low) - len(word)
        return j + 1 >= len(self.cores) or self.cores[j + 1].start != start

    def _count(self, j: int, stop: int) -> tuple[Fraction | int, int] | None:
        """A number at core j: digits, a decimal ("1.5", "1,5"), a number word, "anderthalb"; and the index after."""
        if j >= stop:
            return None
        tok = self.cores[j]
        kind = tok.kind
        if kind is T.NUM:
            nxt = j + 1
            if nxt < stop and self.cores[nxt].kind is T.NUM and self._decimal_comma(j):
                following = self.cores[nxt]
                return tok.v[0] + Fraction(following.v[0], 10 ** len(following.raw)), nxt + 1
            return tok.v[0], nxt
        if kind is T.DM or kind is T.DOTPAIR:
            raw = tok.raw
            point = raw.find(".")
            if point < 0:
                return None
            return tok.v[0] + Fraction(tok.v[1], 10 ** (len(raw) - point - 1)), j + 1
        if kind is T.WORD:
            if tok.key in words.NUMBER_WORDS:
                nxt = j + 1
                if tok.key in words.NUMBER_TENS and nxt < stop and self.cores[nxt].key in words.NUMBER_UNITS:
                    # "twenty five minutes ago": one number, where "five minutes ago" alone was read
                    return words.NUMBER_WORDS[tok.key] + words.NUMBER_WORDS[self.cores[nxt].key], nxt + 1
                return words.NUMBER_WORDS[tok.key], nxt
            if tok.key in words.FRACTION_COUNTS:
                return words.FRACTION_COUNTS[tok.key], j + 1
        return None

    def _fraction(self, j: int, stop: int) -> tuple[Fraction, int] | None:
        """A fraction at core j: a word ("half", "pół", "½") or written with a slash ("1/2"); and the index after."""
        if j >= stop:
            return None
        tok = self.cores[j]
        if tok.kind is T.WORD:
            value = words.FRACTIONS.get(tok.key)
            return None if value is None else (value, j + 1)
        if tok.kind is T.DM and "/" in tok.raw and 0 < tok.v[0] < tok.v[1]:
            return Fraction(tok.v[0], tok.v[1]), j + 1
        return None

    def _decimal_comma(self, j: int) -> bool:
        """Whether core j and the number after it are one decimal with a comma: "1,5 Stunden". Not with three digits
        after the comma, which are thousands in English ("1,000 days ago"), and then no amount read."""
        gap = self.gap(j + 1)
        return (
            len(self.cores[j + 1].raw) != 3
            and len(gap) == 1
            and gap[0].raw == ","
            and gap[0].start == self.cores[j].end
            and gap[0].end == self.cores[j + 1].start
        )

    def _joined(self, j: int) -> bool:
        """Whether a word for "and" stands right before core j."""
        return any(tok.key in words.CONJUNCTIONS for tok in self.gap(j))

    def _article_before(self, j: int) -> bool:
        """Whether the article "a" stands right before core j ("a year and 4 hours ago"), a joiner or before the
        group."""
        start = self.cores[j].start
        return _after_article(self.low, start) != start


def _compound(parts: list[_Part], *, alone: bool) -> bool:
    """Whether parts make one amount: units from the largest down, each once, and (`alone`) a unit without a number
    of its own only as the whole amount."""
    if len(parts) == 1:
        return True
    if alone and not all(part.counted for part in parts):
        return False
    sizes = [_unit_rank(part.size) for part in parts]
    return all(a > b for a, b in itertools.pairwise(sizes))


def _unit_rank(size: int) -> int:
    """A unit's size comparable across seconds and months (minus months): a month outranks four weeks."""
    return size if size > 0 else -size * 2_678_400


def _total(used: list[int], parts: list[_Part]) -> _Amounts:
    seconds: Fraction | int = 0
    months: Fraction | int = 0
    for part in parts:
        if part.size < 0:
            months -= part.size * part.amount
        else:
            seconds += part.size * part.amount
    return used, seconds, months


def _unit_of(tok: Tok, ago_key: str) -> tuple[int, int | None] | None:
    """The size of a unit word (seconds, or minus months) and the count it carries; `ago_key` is the word for
    ago it belongs to, which tells the language of a unit word that means different units in two."""
    if tok.kind is not T.WORD:
        return None
    if tok.key in words.COUNTED_UNIT_SECONDS:
        return words.COUNTED_UNIT_SECONDS[tok.key], words.COUNTED_UNITS[tok.key]
    if tok.key in words.UNITS:
        return words.UNITS[tok.key], None
    if tok.key in words.GLUED_UNITS and tok.what is W.WEAK:  # glued to its count (_timestamp_tokens)
        return words.GLUED_UNITS[tok.key], None
    if tok.key in words.AMBIGUOUS_UNITS:
        hour, year = words.AMBIGUOUS_UNITS[tok.key]
        return (year if ago_key in words.SOUTH_SLAVIC_AGO else hour), None
    return None


def _place_numbers(draft: Draft, context: _Context) -> None:
    """Give the bare numbers their roles: the day beside a month name, a year of four digits."""
    numbers = draft.numbers
    if numbers and _only_numbers(draft):
        raise _NotATimestamp("numbers alone are not a timestamp")
    if draft.ampm is not None:
        _apply_ampm(draft)
    if not numbers:
        _order_day_month(draft, context)
        return
    for value, digits in numbers:
        if digits >= 3:
            if digits != 4:
                raise _Conflict(f"unexplained number {value}")
            _set(draft, "year", value)
            draft.year_digits = 4
        elif draft.month is not None and draft.day is None:
            draft.day = value
        elif draft.month is not None and draft.day is not None and draft.year is None and digits == 2:
            draft.year, draft.year_digits = value, digits
        else:
            raise _Conflict(f"unexplained number {value}")
    _order_day_month(draft, context)


def _only_numbers(draft: Draft) -> bool:
    return all(
        value is None
        for value in (
            draft.year,
            draft.month,
            draft.day,
            draft.weekday,
            draft.hour,
            draft.offset,
            draft.zone,
            draft.unordered,
            draft.days_back,
            draft.seconds_back,
        )
    )


def _apply_ampm(draft: Draft) -> None:
    if draft.hour is None:
        raise TimestampError("a.m./p.m. without an hour")
    if not 0 <= draft.hour <= 12:
        raise TimestampError(f"hour {draft.hour} with a.m./p.m.")
    if draft.ampm == 12 and draft.hour == 0:
        raise TimestampError("hour 0 with p.m.")
    draft.hour = draft.hour % 12 + (draft.ampm or 0)
    draft.ampm = None


def _order_day_month(draft: Draft, context: _Context) -> None:
    """Rule 8: D/M or M/D by `dayfirst`; the only valid reading where one is invalid."""
    if draft.unordered is None:
        return
    if draft.month is not None or draft.day is not None:
        raise _Conflict("two dates")
    a, b = draft.unordered
    draft.unordered = None
    if draft.year is not None:
        _expand_year(draft)
    year = draft.year if draft.year is not None else 2000  # a leap year: 29/2 stays possible
    if draft.buddhist and year >= 2400:
        year -= 543  # its leap years are the Common Era's: BE 2567 is 2024
    day_first = _valid(year, b, a)
    month_first = _valid(year, a, b)
    if day_first and month_first and a != b:
        if draft.numeric_without_year and draft.hour is None and draft.weekday is None:
            # "4.9%", "rose 4.9 percent": in either order no timestamp (_settle), so not refused as ambiguous,
            # which would refuse the text for a number in its headline.
            raise _NotATimestamp("a numeric day and month without a year or a time")
        if context.dayfirst is None:
            raise TimestampError(f"{a:02d}/{b:02d} is ambiguous: day/month or month/day? The source sets no dayfirst")
        day_first = context.dayfirst
    elif not (day_first or month_first):
        raise TimestampError(f"impossible date: neither {a}/{b} as day/month nor as month/day")
    draft.day, draft.month = (a, b) if day_first else (b, a)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _expand_year(draft: Draft) -> None:
    """Rule 7: two-digit years 00-49 are 20xx, 50-99 are 19xx. A two-digit year in the Buddhist Era, which
    Thai writes its years in, is 25xx ("15 ก.ค. 65" is BE 2565, 2022, never 1965)."""
    if draft.year is not None and draft.year_digits <= 2:
        if draft.buddhist:
            draft.year += 2500
        else:
            draft.year += 2000 if draft.year < 50 else 1900
        draft.year_digits = 4


def _apply_calendars(draft: Draft, persian: bool, thai: bool, context: _Context) -> None:
    """Two-digit years expanded; a Solar Hijri or Thai Buddhist year (by its words, script or source) converted."""
    _expand_year(draft)
    if draft.year is None or draft.month is None or draft.day is None:
        return
    persian_source = context.zone_name in ("Asia/Tehran", "Asia/Kabul")
    if draft.solar or (1200 <= draft.year <= 1600 and (persian or persian_source)):
        draft.year, draft.month, draft.day = _solar_hijri_to_gregorian(draft.year, draft.month, draft.day)
    elif draft.year >= 2400 and (draft.buddhist or thai or context.zone_name == "Asia/Bangkok"):
        draft.year -= 543


def _solar_hijri_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """A Solar Hijri date to Gregorian (33-year arithmetic cycle, exact for 1178-1633 AP)."""
    last_day = 31 if month <= 6 else 30
    if month == 12 and year % 33 not in _SOLAR_LEAP_REMAINDERS:
        last_day = 29
    if not (1 <= month <= 12 and 1 <= day <= last_day):
        raise TimestampError(f"impossible Solar Hijri date {year}/{month}/{day}")
    cycles, rest = divmod(year - 1, 33)
    leap_days = 8 * cycles + sum(1 for r in _SOLAR_LEAP_REMAINDERS if r <= rest)
    days = 365 * (year - 1) + leap_days + day - 1
    days += (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    gregorian = _SOLAR_HIJRI_EPOCH + timedelta(days=days)
    return gregorian.year, gregorian.month, gregorian.day


_SOLAR_LEAP_REMAINDERS = (1, 5, 9, 13, 17, 22, 26, 30)
_SOLAR_HIJRI_EPOCH = date(622, 3, 21)  # 1 Farvardin 1 AP, proleptic Gregorian


# ---------------------------------------------------------------------------------------------
# Settling a draft to an instant


# A settled draft: its instant, how its zone was decided, the zone, whether it is complete (a date, or a
# time of day), and whether it is a day word alone.
_Settled = tuple[datetime, "ZoneRule", str, bool, bool]


def _settle(draft: Draft, context: _Context) -> _Settled:
    zone, rule, label = _choose_zone(draft, context)
    hour = draft.hour
    if hour is None:
        if draft.relative:
            if draft.month is not None or draft.unordered is not None or draft.weekday is not None:
                raise _Conflict("a date and an amount of time ago")  # two timestamps: "marzo hace 5 horas"
            if draft.days_back is not None or draft.year is not None or draft.day is not None:
                raise _Conflict("a date and an amount of time ago")
            return _settle_offset_from_now(draft, context)
        if draft.numeric_without_year:
            raise _NotATimestamp("a numeric day and month without a year or a time")
    else:
        _check_time(hour, draft.minute, draft.second)
    year, month, day_of_month = draft.year, draft.month, draft.day
    if (
        year is not None
        and month is not None
        and day_of_month is not None
        and draft.days_back is None
        and not draft.relative
    ):
        # A full date: its one day, whatever `now` is (rule 5 is for incomplete timestamps).
        try:
            wall = datetime(year, month, day_of_month, hour or 0, draft.minute, draft.second, 0, zone)  # see _wall
        except ValueError:
            _check_date(year, month, day_of_month)  # says which part is impossible
            raise
        instant = wall if zone is UTC else _localize(wall, zone, date_only=hour is None, label=label)
        if draft.weekday is not None and wall.weekday() != draft.weekday:
            _check_weekday(wall.date(), draft.weekday, draft.weekday_text)
        return instant, rule, label, True, False
    # A weekday or "yesterday" alone is read when asked, but is no timestamp to find in prose.
    complete = hour is not None or month is not None
    for day in _candidate_days(draft, context, zone):
        wall = _wall(day, draft, zone)
        try:
            instant = _localize(wall, zone, date_only=draft.hour is None, label=label)
        except TimestampError:
            # A time in a summer-time gap still ahead of now on the clocks is not the latest such moment (rule 5):
            # the day before, or the year before, is ("02:30" at 01:45 on the day the clocks go from 02:00 to
            # 03:00). Once the clocks have passed the gap, the time is refused (rule 11).
            if context.now is not None and _needs_now(draft) and _ahead_on_the_clocks(wall, context.now):
                continue
            raise
        if context.now is None or instant <= context.now or not _needs_now(draft):
            if draft.weekday is not None:
                _check_weekday(day, draft.weekday, draft.weekday_text)
            return instant, rule, label, complete, draft.days_back is not None
    raise TimestampError("no such moment before now")


def _ahead_on_the_clocks(wall: datetime, now: datetime) -> bool:
    """Whether a wall time (aware, in its zone) is later than `now` on the clocks of that zone."""
    # The two clock readings compared as such: both put in one fixed zone, which moves neither.
    return wall.replace(tzinfo=UTC) > now.astimezone(wall.tzinfo).replace(tzinfo=UTC)


def _check_time(hour: int, minute: int, second: int) -> None:
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise TimestampError(f"impossible time {hour:02d}:{minute:02d}:{second:02d}")


def _wall(day: date, draft: Draft, zone: tzinfo) -> datetime:
    """The day and the draft's time on the clocks of `zone` (which _localize checks)."""
    # No microseconds, and the zone given by position: as a keyword, it doubles the cost of building a datetime,
    # which every reading does.
    if draft.hour is None:
        return datetime(day.year, day.month, day.day, 0, 0, 0, 0, zone)
    return datetime(day.year, day.month, day.day, draft.hour, draft.minute, draft.second, 0, zone)


def _needs_now(draft: Draft) -> bool:
    return draft.year is None and draft.days_back is None and not draft.relative


def _choose_zone(draft: Draft, context: _Context) -> tuple[tzinfo, ZoneRule, str]:
    """Rule 2: a numeric offset, else a zone named in the text, else the source's zone, else UTC."""
    if draft.offset is not None:
        offset = draft.offset
        return _fixed_zone(offset), _Rule.TEXT_OFFSET, _offset_label(offset)
    if draft.zone is not None:
        name, zone = ZONES[draft.zone]
        return zone, _Rule.TEXT_ZONE, name
    if context.zone is not None and context.zone_name is not None:
        return context.zone, _Rule.SOURCE_ZONE, context.zone_name
    return UTC, _Rule.DEFAULT_UTC, "UTC"


@functools.lru_cache(maxsize=256)
def _fixed_zone(minutes: int) -> tzinfo:
    return timezone(timedelta(minutes=minutes))


def _settle_offset_from_now(draft: Draft, context: _Context) -> _Settled:
    """Rule 6: "N minutes/hours/days/weeks ago" is now minus exactly that."""
    now = _require_now(context, "a time relative to now")
    try:
        # Years and months first, as one counts back (and as relativedelta does): "5 years, 1 month, 6 weeks
        # ago" is 6 weeks before that day 5 years and a month ago, which may differ by a day from the other order.
        instant = _months_before(now, draft.months_back) if draft.months_back else now
        instant -= _exact_delta(draft.seconds_back or 0)
    except (OverflowError, ValueError):
        raise TimestampError("an amount of time ago that reaches before the year 1") from None
    return instant.replace(microsecond=0), _Rule.RELATIVE, "UTC", True, False


def _exact_delta(seconds: int | Fraction) -> timedelta:
    """Seconds as a timedelta, a fraction of a microsecond rounded up: the instant before now, truncated to whole
    seconds (rule 1), is then the second the exact amount reaches back into."""
    if isinstance(seconds, int):
        return timedelta(seconds=seconds)
    return timedelta(microseconds=math.ceil(seconds * 1_000_000))


def _months_before(instant: datetime, months: int) -> datetime:
    total = instant.year * 12 + instant.month - 1 - months
    year, month = divmod(total, 12)
    if year < 1:
        raise TimestampError(_OUT_OF_RANGE)
    day = min(instant.day, _month_length(year, month + 1))
    return instant.replace(year=year, month=month + 1, day=day)


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _require_now(context: _Context, what: str) -> datetime:
    if context.now is None:
        raise _NotATimestamp(f"{what} needs `now`, and none was given")
    return context.now


def _candidate_days(draft: Draft, context: _Context, zone: tzinfo) -> Iterator[date]:
    """The local days the draft may mean, latest first; the first not after now wins (rule 5)."""
    if draft.year is not None and draft.month is not None and draft.day is not None:
        if draft.days_back is not None or draft.relative:
            raise _Conflict("a relative day and a date")
        _check_date(draft.year, draft.month, draft.day)
        yield date(draft.year, draft.month, draft.day)
        return
    if draft.month is not None and draft.day is None:
        raise _NotATimestamp("a month without a day is not a timestamp (rule 4)")
    if draft.year is not None:
        raise _NotATimestamp(f"the year {draft.year} alone is not a timestamp (rule 4)")
    if draft.day is not None and draft.month is None:
        raise _NotATimestamp("a day of the month without its month")
    if draft.month is not None and draft.day is not None and not _valid(2000, draft.month, draft.day):
        raise TimestampError(f"impossible date: day {draft.day} of month {draft.month}")
    if not (draft.month or draft.hour is not None or draft.weekday is not None or _relative_day(draft)):
        raise _NotATimestamp("no date and no time")
    today = _require_now(context, "a timestamp without a full date").astimezone(zone).date()
    if draft.relative or draft.days_back is not None:
        days = _relative_days(draft)
        try:
            day = today - timedelta(days=days)
        except OverflowError:
            raise TimestampError("an amount of days ago that reaches before the year 1") from None
        yield day
    elif draft.month is not None and draft.day is not None:
        for year in range(today.year, today.year - 9, -1):
            if _valid(year, draft.month, draft.day):
                yield date(year, draft.month, draft.day)
    elif draft.weekday is not None:
        latest = today - timedelta(days=(today.weekday() - draft.weekday) % 7)
        yield latest
        yield latest - timedelta(days=7)
    else:
        yield today
        yield today - timedelta(days=1)


def _relative_day(draft: Draft) -> bool:
    return draft.days_back is not None or draft.relative


def _relative_days(draft: Draft) -> int:
    if draft.days_back is not None:
        if draft.relative:
            raise _Conflict("a relative day and an amount of time ago")
        return draft.days_back
    seconds = draft.seconds_back or 0
    if draft.months_back or seconds % 86400:
        raise TimestampError("a time of day after an amount of hours or months ago")
    return seconds // 86400


def _localize(wall: datetime, zone: tzinfo, *, date_only: bool, label: str) -> datetime:
    """Rule 11: a wall time on the clocks of `zone` (its tzinfo) as an instant in UTC; refused in a
    summer-time gap, the earlier one in a fold."""
    if zone is UTC:
        return wall
    instant = wall.astimezone(UTC)
    if isinstance(zone, timezone):
        return instant
    # A wall time that exists reads back the same; one in a gap comes back moved by the clocks' jump. (Two
    # datetimes of one tzinfo compare by their wall times, fold aside.)
    if instant.astimezone(zone) == wall:
        return instant
    if not date_only:
        shown = f"{wall:%Y-%m-%d %H:%M:%S}"  # the wall time as written, without its offset
        raise TimestampError(f"{shown} does not exist in {label}: it falls in a summer-time gap")
    # Rule 4: a date alone starts at the first minute of that local day that exists.
    low = wall.replace(fold=1).astimezone(UTC)
    high = instant
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).date() < wall.date():
            low = middle
        else:
            high = middle
    return high.replace(second=0, microsecond=0)


# ---------------------------------------------------------------------------------------------
# Reading a whole text (read_timestamp)


def _read_whole(text: str, context: _Context) -> _Read:
    """The first timestamp of the text; refused where what comes first is malformed.

    A group whose pieces include a malformed one ("12:00 PM PM") is refused whole, and a weekday or
    "yesterday" alone counts only when nothing else in the text looks like part of a timestamp
    ("Mon, 01 Foo 2020 10:00:00 GMT" is no Monday).
    """
    prepared = Prepared.of(text)
    groups = list(_groups(tokenize(prepared), prepared.low, within_line=False))
    first_refusal: TimestampError | None = None
    for group in groups:
        outcomes = _split_readings(group, context, prepared)
        malformed = next(
            (o for o in outcomes if isinstance(o, TimestampError) and not isinstance(o, _NotATimestamp)), None
        )
        if malformed is not None:
            if len(groups) > 1 and _lone_malformed_number(group):
                # A score or a code in a headline ("Egypt beat Ghana 2-0GMT 14:38 ..."), apart from the timestamp.
                first_refusal = first_refusal or _NotATimestamp(str(malformed))
                continue
            raise TimestampError(str(malformed)) from None
        for outcome in outcomes:
            if isinstance(outcome, _Piece) and (outcome.complete or len(groups) == 1):
                return outcome.instant, outcome.rule, outcome.zone
            if isinstance(outcome, _NotATimestamp):
                first_refusal = first_refusal or outcome
    if first_refusal is not None:
        raise TimestampError(str(first_refusal))
    raise TimestampError(f"no complete timestamp in {text[:80]!r}")


def _lone_malformed_number(group: list[Tok]) -> bool:
    """Whether the group is one malformed cluster of digits and nothing else of a timestamp ("2-0")."""
    cores = [tok for tok in group if tok.core]
    return len(cores) == 1 and cores[0].kind is T.BAD and cores[0].raw[:1].isdigit()
