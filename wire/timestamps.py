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
import html
import re
import unicodedata
import zoneinfo
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from wire import _timestamp_words as words

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
    context = _Context.make(tz, dayfirst, now)
    if len(text) > MAX_TIMESTAMP_LENGTH:
        raise TimestampError(f"text of {len(text)} characters is longer than {MAX_TIMESTAMP_LENGTH}: not a timestamp")
    try:
        fast = _read_fast(text, context)
    except OverflowError:
        raise TimestampError(_OUT_OF_RANGE) from None
    if fast is not None:
        return fast
    return _read_whole(text, context)


def parse_timestamp(
    text: str, *, tz: str | None = None, dayfirst: bool | None = None, now: datetime | None = None
) -> datetime:
    """The UTC instant of `text`; the same as `read_timestamp(...).instant`."""
    return read_timestamp(text, tz=tz, dayfirst=dayfirst, now=now).instant


def find_timestamps(
    text: str, *, tz: str | None = None, dayfirst: bool | None = None, now: datetime | None = None
) -> list[Found]:
    """Every timestamp inside a longer text, in order and without overlaps.

    Callers may rely on: `text[f.start:f.end]` is the timestamp as written, without the words around
    it ("Published", "am", a headline glued before it) and never across a line break; each reading
    is what read_timestamp gives for that span. Only complete, valid timestamps are reported: lone
    numbers, years, months without a day, weekdays or "yesterday" without a time, and anything that
    needs `now` when `now` is not given are not. Time grows linearly with the length of the text.
    """
    context = _Context.make(tz, dayfirst, now)
    prepared = _Prepared.of(text)
    tokens = _tokenize(prepared)
    found: list[Found] = []
    for group in _groups(tokens, within_line=True):
        for piece in _split_readings(group, context, prepared):
            if isinstance(piece, _Piece) and piece.complete:
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


@dataclass(frozen=True, slots=True)
class _Context:
    zone: tzinfo | None
    zone_name: str | None
    dayfirst: bool | None
    now: datetime | None

    @staticmethod
    def make(tz: str | None, dayfirst: bool | None, now: datetime | None) -> _Context:
        if now is not None and (now.tzinfo is None or now.utcoffset() is None):
            raise TimestampError(f"now={now.isoformat()} is naive: give an aware datetime")
        zone = _zone(tz) if tz is not None else None
        return _Context(zone, tz, dayfirst, now.astimezone(UTC) if now is not None else None)


def _zone(name: str) -> tzinfo:
    try:
        return _ZONE_CACHE[name]
    except KeyError:
        pass
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise TimestampError(f"unknown time zone {name!r}") from None
    _ZONE_CACHE[name] = zone
    return zone


_ZONE_CACHE: dict[str, tzinfo] = {}


# ---------------------------------------------------------------------------------------------
# Fast paths: RFC 3339 / ISO 8601 and RFC 2822 read without the general machinery.

_RFC3339 = re.compile(
    r"\s*(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?"
    r"\s?(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?)?\s*"
)
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
_ISO_WEEK = re.compile(r"\s*(\d{4})-?W(\d\d)-?([1-7])\s*")


def _read_fast(text: str, context: _Context) -> Reading | None:
    match = _RFC3339.fullmatch(text)
    if match is not None:
        return _read_rfc3339(text, match, context)
    match = _RFC2822.fullmatch(text)
    if match is not None:
        return _read_rfc2822(text, match, context)
    match = _ALL_DIGITS.fullmatch(text)
    if match is not None:
        return _read_digits(text, match[1], match[2], context)
    match = _ISO_WEEK.fullmatch(text)
    if match is not None:
        return _read_week_date(text, match, context)
    return None


def _read_rfc3339(text: str, match: re.Match[str], context: _Context) -> Reading:
    y, mo, d, h, mi = int(match[1]), int(match[2]), int(match[3]), int(match[4]), int(match[5])
    s = _second(int(match[6] or 0))
    if match[7]:
        return _fixed_reading(text, (y, mo, d, h, mi, s), 0, None)
    if match[8]:
        offset = _offset_minutes(match[8], match[9], match[10] or "00")
        return _fixed_reading(text, (y, mo, d, h, mi, s), offset, None)
    draft = _Draft(year=y, month=mo, day=d, hour=h, minute=mi, second=s)
    piece = _settle(draft, context, 0, len(text))
    return Reading(piece.instant, text, piece.rule, piece.zone)


def _read_rfc2822(text: str, match: re.Match[str], context: _Context) -> Reading | None:
    y, mo, d = int(match[4]), _RFC2822_MONTHS[match[3]], int(match[2])
    fields = (y, mo, d, int(match[5]), int(match[6]), _second(int(match[7] or 0)))
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


def _read_week_date(text: str, match: re.Match[str], context: _Context) -> Reading:
    try:
        day = date.fromisocalendar(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise TimestampError(f"impossible ISO week date {match[0].strip()!r}") from None
    draft = _Draft(year=day.year, month=day.month, day=day.day)
    piece = _settle(draft, context, 0, len(text))
    return Reading(piece.instant, text, piece.rule, piece.zone)


def _second(value: int) -> int:
    # A leap second is the last second of its minute: the instant cannot be represented exactly.
    return 59 if value == 60 else value


def _offset_minutes(sign: str, hours: str, minutes: str) -> int:
    h, m = int(hours), int(minutes)
    if h > 18 or m > 59:
        raise TimestampError(f"malformed UTC offset {sign}{hours}:{minutes}")
    return (h * 60 + m) * (-1 if sign in "-−" else 1)


def _fixed_reading(text: str, fields: tuple[int, int, int, int, int, int], offset: int, label: str | None) -> Reading:
    try:
        local = datetime(*fields, tzinfo=UTC)
    except ValueError:
        local = _valid_datetime(*fields).replace(tzinfo=UTC)  # raises, saying which field
    instant = local - timedelta(minutes=offset) if offset else local
    if label is None:
        return Reading(instant, text, ZoneRule.TEXT_OFFSET, _offset_label(offset))
    return Reading(instant, text, ZoneRule.TEXT_ZONE, label)


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


def _read_digits(text: str, digits: str, fraction: str | None, context: _Context) -> Reading:
    """Rule 12: epoch seconds, milliseconds, microseconds, or a compact date."""
    scale = {10: 1, 13: 1_000, 16: 1_000_000}.get(len(digits))
    if scale is not None:
        if fraction is not None and scale != 1:
            raise TimestampError(f"epoch {digits}.{fraction}: a fraction of milliseconds")
        instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=int(digits) // scale)
        return Reading(instant, text, ZoneRule.EPOCH, "UTC")
    if fraction is None and len(digits) in (8, 12, 14):
        parts = [int(digits[i : i + 2]) for i in range(4, len(digits), 2)]
        draft = _Draft()
        draft.year, draft.month, draft.day = int(digits[:4]), parts[0], parts[1]
        if len(parts) > 2:
            draft.hour, draft.minute = parts[2], parts[3]
            draft.second = _second(parts[4]) if len(parts) > 4 else 0
        piece = _settle(draft, context, 0, len(text))
        return Reading(piece.instant, text, piece.rule, piece.zone)
    raise TimestampError(
        f"{len(digits)} digits are neither epoch seconds (10), milliseconds (13), "
        "microseconds (16) nor a compact date (YYYYMMDD, YYYYMMDDHHMM, YYYYMMDDHHMMSS)"
    )


def _check_weekday(day: date, weekday: int, written: str) -> None:
    if day.weekday() != weekday:
        raise TimestampError(f"weekday {written} contradicts {day.isoformat()} (a {day.strftime('%A')})")


# ---------------------------------------------------------------------------------------------
# Preparing the text: entities decoded, digits and punctuation of other scripts mapped to ASCII, one
# character for one character so that positions map back to the original.


# No-break, thin, ideographic and zero-width spaces, and the direction marks set around numbers in
# right-to-left text.
_SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2060"
)


def _char_map() -> dict[int, str]:
    table: dict[int, str] = {}
    for zero in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10, 0x0AE6, 0x0A66, 0x0BE6, 0x1040):
        for i in range(10):
            table[zero + i] = str(i)
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0)
    for space in _SPACES:
        table[ord(space)] = " "
    for dash in "\u2010\u2011\u2212":
        table[ord(dash)] = "-"
    table.update({ord("،"): ",", ord("٫"): ".", ord("٬"): ",", ord("İ"): "I", ord("。"): "."})
    table[ord("、")] = ","
    return table


_CHAR_MAP = _char_map()
_PERSIAN_SIGNS = re.compile("[\u06f0-\u06f9پچژگکی]")
_THAI = re.compile("[\u0e01-\u0e5b]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(slots=True)
class _Prepared:
    text: str  # mapped, case kept
    low: str  # mapped and lower-cased, same length
    persian: bool
    thai: bool
    positions: list[int] | None = None  # original index of each character, when entities changed

    @staticmethod
    def of(original: str) -> _Prepared:
        text, positions = original, None
        if "&" in original:
            text, positions = _decode_entities(original)
        mapped = text.translate(_CHAR_MAP)
        return _Prepared(
            mapped,
            mapped.lower(),
            _PERSIAN_SIGNS.search(text) is not None,
            _THAI.search(text) is not None,
            positions,
        )

    def origin(self, index: int) -> int:
        if self.positions is None:
            return index
        return self.positions[index]


def _decode_entities(original: str) -> tuple[str, list[int]]:
    parts: list[str] = []
    positions: list[int] = []
    last = 0
    for match in _ENTITY.finditer(original):
        decoded = html.unescape(match[0])
        if decoded == match[0] or len(decoded) != 1:
            continue
        parts.append(original[last : match.start()])
        positions.extend(range(last, match.start()))
        parts.append(decoded)
        positions.append(match.start())
        last = match.end()
    parts.append(original[last:])
    positions.extend(range(last, len(original) + 1))
    return "".join(parts), positions


# ---------------------------------------------------------------------------------------------
# Tokens


def _mark_ranges() -> str:
    # Combining marks (Arabic vowel signs, Thai and Devanagari vowels) are part of words.
    ranges: list[str] = []
    start = previous = -2
    for code in range(0x0300, 0x10000):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if code != previous + 1:
                if start >= 0:
                    ranges.append(f"{chr(start)}-{chr(previous)}")
                start = code
            previous = code
    ranges.append(f"{chr(start)}-{chr(previous)}")
    return "".join(ranges)


_LETTER = r"[^\W\d_]"
_WORD_BODY = rf"(?:{_LETTER}|[{_mark_ranges()}])*"
_TOKEN = re.compile(
    rf"(?P<num>\d+(?:[-./:]\d+)*)"
    rf"|(?P<dotted>[ap]\.\s?m\.?|[nv]\.\s?chr\.?|(?:{_LETTER}{{1,3}}\.){{1,4}}{_LETTER}{{1,3}}\.?)(?!{_LETTER})"
    rf"|(?P<word>{_LETTER}{_WORD_BODY}(?:['’ʼʻ՚ꞌ′‵ʹ-]{_LETTER}{_WORD_BODY})*)"
    rf"|(?P<space>\s+)"
    rf"|(?P<punct>.)",
    re.DOTALL,
)
# Scripts written without spaces between words: words are found inside runs by longest match.
_UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


class _T(enum.IntEnum):
    NUM = 1
    DATE = 2  # year, month, day
    DMY = 3  # a/b/year: day and month order undecided
    DM = 4  # a/b without a year
    TIME = 5
    DOTPAIR = 6  # "21.25": a time or a day and month
    MONTH_YEAR = 7
    BAD = 8
    OFFSET = 9
    WORD = 10
    SPACE = 11
    PUNCT = 12


class _W(enum.IntEnum):
    """What a word token means."""

    UNKNOWN = 0
    MONTH = 1
    SOLAR_MONTH = 2
    WEEKDAY = 3
    ZONE = 4
    AMPM = 5
    NOON = 6
    MIDNIGHT = 7
    DAYWORD = 8
    JUST_NOW = 9
    ERA = 10
    YEAR_MARK = 11
    MONTH_MARK = 12
    DAY_MARK = 13
    HOUR_MARK = 14
    MINUTE_MARK = 15
    SECOND_MARK = 16
    MONTH_PREFIX = 17
    YEAR_PREFIX = 18
    WEEKDAY_PREFIX = 19
    ORDINAL = 20
    T = 21
    FILLER = 22
    WEAK = 23  # a unit, "ago" or a number word: part of a timestamp only in a relative expression


class _Tok:
    __slots__ = ("core", "end", "key", "kind", "raw", "start", "v", "what")

    def __init__(self, kind: _T, start: int, end: int, raw: str, key: str = "") -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.raw = raw
        self.key = key
        self.what = _W.UNKNOWN
        self.v: tuple[int, ...] = ()
        self.core = False  # a part of a timestamp (not a joiner): set once the token is classified

    def __repr__(self) -> str:
        return f"<{self.kind.name} {self.raw!r} {self.what.name} {self.v}>"

    def settle_role(self) -> None:
        if self.kind is _T.WORD:
            self.core = self.what is not _W.UNKNOWN and self.what is not _W.FILLER
        else:
            self.core = self.kind is not _T.SPACE and self.kind is not _T.PUNCT


def _phrase_index() -> dict[str, list[tuple[str, ...]]]:
    tables: tuple[Iterable[str], ...] = (
        words.MONTHS,
        words.WEEKDAYS,
        words.DAY_WORDS,
        words.JUST_NOW,
        words.AGO,
        words.FILLERS,
        words.ZONE_WORDS,
        words.PLACES,
        words.AM_PM,
    )
    index: dict[str, list[tuple[str, ...]]] = {}
    for table in tables:
        for key in table:
            parts = tuple(key.split(" "))
            if len(parts) > 1:
                index.setdefault(parts[0], []).append(parts)
    for phrases in index.values():
        phrases.sort(key=len, reverse=True)
    return index


_PHRASES = _phrase_index()
_SEGMENT_WORDS = frozenset(w for w in words.WRITTEN_FORMS if _UNSPACED.search(w))
_SEGMENT_LONGEST = max(len(k) for k in _SEGMENT_WORDS)
_PUNCT_JOINERS = frozenset(",|/-–—·•@()[]:.")


def _tokenize(prepared: _Prepared) -> list[_Tok]:
    merged = _merge_phrases(_lex(prepared))
    tokens = _combine(merged, prepared)
    for i, tok in enumerate(tokens):
        if tok.kind is _T.WORD:
            _classify(tokens, i)
    _mark_unknown_zones(tokens)
    for tok in tokens:
        tok.settle_role()
    return tokens


def _lex(prepared: _Prepared) -> list[_Tok]:
    low, text = prepared.low, prepared.text
    tokens: list[_Tok] = []
    append = tokens.append
    for match in _TOKEN.finditer(low):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "word":
            raw = text[start:end]
            # Most words are in one case and one spaced script: no need to cut them.
            if (raw.islower() or raw.isupper() or raw.istitle()) and (raw.isascii() or _UNSPACED.search(raw) is None):
                append(_Tok(_T.WORD, start, end, raw, match[0]))
            else:
                tokens.extend(_split_word(text, low, start, end))
        elif kind == "num":
            append(_Tok(_T.NUM, start, end, match[0]))
        elif kind == "space":
            append(_Tok(_T.SPACE, start, end, match[0]))
        elif kind == "punct":
            append(_Tok(_T.PUNCT, start, end, match[0]))
        else:
            append(_Tok(_T.WORD, start, end, text[start:end], "".join(match[0].split())))
    return tokens


def _split_word(text: str, low: str, start: int, end: int) -> Iterator[_Tok]:
    raw = text[start:end]
    if _UNSPACED.search(raw):
        yield from _segment(text, low, start, end)
        return
    # A word glued to the next one by a capital letter ("SpainGMT", "SeptemberRead") is two words.
    if not (raw.islower() or raw.isupper()):
        cut = start
        for i in range(start + 1, end):
            if text[i].isupper() and text[i - 1].islower():
                yield _Tok(_T.WORD, cut, i, text[cut:i], low[cut:i])
                cut = i
        start = cut
    yield _Tok(_T.WORD, start, end, text[start:end], low[start:end])


def _segment(text: str, low: str, start: int, end: int) -> Iterator[_Tok]:
    i, unknown = start, start
    while i < end:
        for length in range(min(_SEGMENT_LONGEST, end - i), 0, -1):
            if low[i : i + length] in _SEGMENT_WORDS:
                break
        else:
            i += 1
            continue
        if unknown < i:
            yield _Tok(_T.WORD, unknown, i, text[unknown:i], low[unknown:i])
        yield _Tok(_T.WORD, i, i + length, text[i : i + length], low[i : i + length])
        i += length
        unknown = i
    if unknown < end:
        yield _Tok(_T.WORD, unknown, end, text[unknown:end], low[unknown:end])


def _merge_phrases(tokens: list[_Tok]) -> list[_Tok]:
    out: list[_Tok] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is _T.WORD:
            if not tok.key.isascii():
                tok.key = words.fold(tok.key)
            merged = _match_phrase(tokens, i) if tok.key in _PHRASES else None
            if merged is not None:
                phrase, last = merged
                out.append(phrase)
                i = last + 1
                continue
        out.append(tok)
        i += 1
    return out


def _match_phrase(tokens: list[_Tok], i: int) -> tuple[_Tok, int] | None:
    for parts in _PHRASES[tokens[i].key]:
        j, ok = i, True
        for part in parts[1:]:
            if not (
                j + 2 < len(tokens)
                and tokens[j + 1].kind is _T.SPACE
                and len(tokens[j + 1].raw) <= 2
                and tokens[j + 2].kind is _T.WORD
                and words.fold(tokens[j + 2].key) == part
            ):
                ok = False
                break
            j += 2
        if ok:
            first, last = tokens[i], tokens[j]
            raw = " ".join(t.raw for t in tokens[i : j + 1 : 2])
            return _Tok(_T.WORD, first.start, last.end, raw, " ".join(parts)), j
    return None


# Numeric clusters (digits joined by - . / : without spaces), matched whole.
_C_YMD = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_C_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})")
_C_TIME = re.compile(r"(\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d{1,9})|:(\d{3}))?)?(?:-(\d\d)(?::?(\d\d))?)?")
_C_BASIC_TIME = re.compile(r"(\d\d)(\d\d)(\d\d)?(?:\.(\d{1,9}))?(?:-(\d\d)(?::?(\d\d))?)?")
_C_DOTPAIR = re.compile(r"(\d{1,2})\.(\d\d)")
_C_DM = re.compile(r"(\d{1,2})([./])(\d{1,2})")
_C_MONTH_YEAR = re.compile(r"(\d{4})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{4})")
_C_ORDINAL = re.compile(r"(\d{4})-(\d{3})")
_C_OFFSET = re.compile(r"(\d{1,2})(?::?(\d\d))?")


def _combine(tokens: list[_Tok], prepared: _Prepared) -> list[_Tok]:
    """Numbers become dates, times and offsets; glued suffixes and separators are absorbed."""
    out: list[_Tok] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        if tok.kind is _T.PUNCT and tok.raw in "+-" and nxt is not None and nxt.kind is _T.NUM:
            previous = out[-1] if out else None
            if tok.raw == "+" or _offset_may_follow(previous):
                out.append(_offset_token(tok, nxt, tokens[i + 2] if i + 2 < n else None, previous))
                i += 2
                continue
        if tok.kind is _T.NUM:
            i = _combine_number(tokens, i, out, prepared)
            continue
        if _is_apostrophe_year(tokens, i):
            year = int(tokens[i + 1].raw)
            short = _Tok(_T.NUM, tok.start, tokens[i + 1].end, tok.raw + tokens[i + 1].raw)
            short.v = (year + (2000 if year < 50 else 1900), 4)  # rule 7
            out.append(short)
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _is_apostrophe_year(tokens: list[_Tok], i: int) -> bool:
    """ "July 10, '96": a two-digit year after an apostrophe."""
    if tokens[i].raw not in "'’" or i + 1 >= len(tokens):
        return False
    number, before = tokens[i + 1], tokens[i - 1] if i > 0 else None
    return (
        number.kind is _T.NUM
        and len(number.raw) == 2
        and number.start == tokens[i].end
        and (before is None or before.kind is _T.SPACE)
    )


def _offset_may_follow(previous: _Tok | None) -> bool:
    if previous is None:
        return False
    if previous.kind in (_T.SPACE, _T.TIME):
        return True
    return previous.kind is _T.WORD and previous.key in (
        "gmt",
        "utc",
        "ut",
        "am",
        "pm",
        "a.m.",
        "p.m.",
    )


def _offset_token(sign: _Tok, number: _Tok, after: _Tok | None, previous: _Tok | None) -> _Tok:
    glued_prefix = (
        previous is not None
        and previous.kind is _T.WORD
        and previous.key in ("gmt", "utc", "ut")
        and previous.end == sign.start
    )
    tok = _Tok(_T.OFFSET, sign.start, number.end, sign.raw + number.raw)
    match = _C_OFFSET.fullmatch(number.raw)
    # "+00:zz", "+0200x": an offset that runs on into letters or another number is malformed.
    runs_on = after is not None and after.start == number.end and (after.kind is _T.WORD or after.raw in ":.")
    malformed = (
        match is None
        or runs_on
        or (len(match[1]) == 1 and match[2] is None and not glued_prefix)
        or len(number.raw) == 3
    )
    if malformed or match is None:
        tok.kind = _T.BAD
        tok.v = ()
        return tok
    try:
        tok.v = (_offset_minutes(sign.raw, match[1], match[2] or "00"),)
    except TimestampError:
        tok.kind = _T.BAD
    return tok


def _glued(a: _Tok | None, b: _Tok | None) -> bool:
    return a is not None and b is not None and a.end == b.start


def _combine_number(tokens: list[_Tok], i: int, out: list[_Tok], prepared: _Prepared) -> int:
    tok = tokens[i]
    n = len(tokens)
    nxt = tokens[i + 1] if i + 1 < n else None
    after = tokens[i + 2] if i + 2 < n else None
    raw = tok.raw
    # ISO 8601 basic format: 20030925T104941.5-0300
    if (
        len(raw) == 8
        and raw.isdigit()
        and nxt is not None
        and nxt.kind is _T.WORD
        and nxt.key == "t"
        and _glued(tok, nxt)
        and after is not None
        and after.kind is _T.NUM
        and _glued(nxt, after)
    ):
        day = _Tok(_T.DATE, tok.start, tok.end, raw)
        day.v = (int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        out.append(day)
        out.append(_classify_cluster(after) if ":" in after.raw else _basic_time(after))
        return i + 3
    # "15h01", "0h00": a time written with an h.
    if (
        nxt is not None
        and nxt.kind is _T.WORD
        and nxt.key == "h"
        and _glued(tok, nxt)
        and raw.isdigit()
        and len(raw) <= 2
        and after is not None
        and after.kind is _T.NUM
        and _glued(nxt, after)
        and len(after.raw) == 2
    ):
        time = _Tok(_T.TIME, tok.start, after.end, raw + "h" + after.raw)
        time.v = (int(raw), int(after.raw), 0, -1)
        out.append(time)
        return i + 3
    spaced = _spaced_date(tokens, i)
    if spaced is not None:
        out.append(spaced[0])
        return spaced[1]
    out.append(_classify_cluster(tok))
    return i + 1


def _spaced_date(tokens: list[_Tok], i: int) -> tuple[_Tok, int] | None:
    """Dates with spaced dots: "12. 5. 2020" (Czech, Slovak), "2020. 5. 12." (Korean)."""
    parts: list[_Tok] = [tokens[i]]
    j = i + 1
    while len(parts) < 3 and j + 1 < len(tokens) and tokens[j].raw == ".":
        if tokens[j + 1].raw == " " and j + 2 < len(tokens):
            j += 1
        if tokens[j + 1].kind is not _T.NUM or not tokens[j + 1].raw.isdigit():
            return None
        parts.append(tokens[j + 1])
        j += 2
    if len(parts) < 3 or tokens[j - 1].end - tokens[i].start == len("".join(p.raw for p in parts)) + 2:
        return None  # fewer than three parts, or no space at all: a plain cluster
    lengths = [len(p.raw) for p in parts]
    tok = _Tok(_T.DATE, parts[0].start, parts[2].end, "")
    if lengths[0] == 4 and lengths[1] <= 2 and lengths[2] <= 2:
        tok.v = (int(parts[0].raw), int(parts[1].raw), int(parts[2].raw))
    elif lengths[0] <= 2 and lengths[1] <= 2 and lengths[2] == 4:
        tok.kind = _T.DMY
        tok.v = (int(parts[0].raw), int(parts[1].raw), int(parts[2].raw), 4)
    else:
        return None
    return tok, j


def _basic_time(tok: _Tok) -> _Tok:
    match = _C_BASIC_TIME.fullmatch(tok.raw)
    out = _Tok(_T.TIME, tok.start, tok.end, tok.raw)
    if match is None:
        out.kind = _T.BAD
        return out
    offset = -1
    if match[5] is not None:
        offset = _offset_minutes("-", match[5], match[6] or "00")
    out.v = (int(match[1]), int(match[2]), int(match[3] or 0), offset)
    return out


def _classify_cluster(tok: _Tok) -> _Tok:
    raw = tok.raw
    if len(raw) > 20:  # longer than any date, epoch or compact timestamp
        tok.kind = _T.BAD
        return tok
    if raw.isdigit():
        tok.v = (int(raw), len(raw))
        return tok
    match = _C_TIME.fullmatch(raw)
    if match is not None:
        tok.kind = _T.TIME
        offset = -1
        if match[6] is not None:
            try:
                offset = _offset_minutes("-", match[6], match[7] or "00")
            except TimestampError:
                tok.kind = _T.BAD
                return tok
        tok.v = (int(match[1]), int(match[2]), int(match[3] or 0), offset)
        return tok
    match = _C_YMD.fullmatch(raw)
    if match is not None:
        tok.kind = _T.DATE
        tok.v = (int(match[1]), int(match[3]), int(match[4]))
        return tok
    match = _C_DMY.fullmatch(raw)
    if match is not None:
        tok.kind = _T.DMY
        tok.v = (int(match[1]), int(match[3]), int(match[4]), len(match[4]))
        return tok
    match = _C_DOTPAIR.fullmatch(raw)
    if match is not None:
        tok.kind = _T.DOTPAIR
        tok.v = (int(match[1]), int(match[2]))
        return tok
    match = _C_DM.fullmatch(raw)
    if match is not None:
        tok.kind = _T.DM
        tok.v = (int(match[1]), int(match[3]))
        return tok
    match = _C_ORDINAL.fullmatch(raw)
    if match is not None:
        tok.kind = _T.DATE
        year, day_of_year = int(match[1]), int(match[2])
        if not 1 <= day_of_year <= (366 if _leap(year) else 365):
            tok.kind = _T.BAD
            return tok
        day = date(year, 1, 1) + timedelta(days=day_of_year - 1)
        tok.v = (day.year, day.month, day.day)
        return tok
    if _C_MONTH_YEAR.fullmatch(raw) is not None:
        tok.kind = _T.MONTH_YEAR
        return tok
    tok.kind = _T.BAD
    return tok


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _classify(tokens: list[_Tok], i: int) -> None:
    """What word token i means: from the tables and, for words with two meanings, its neighbours."""
    tok = tokens[i]
    key, raw = tok.key, tok.raw
    previous = _previous_solid(tokens, i)
    glued_to_number = previous is not None and previous.end == tok.start and previous.kind is not _T.WORD
    after_time = previous is not None and (previous.kind in (_T.TIME, _T.NUM, _T.DOTPAIR) or previous.what is _W.AMPM)
    if key == "z" and previous is not None and previous.kind is _T.TIME:
        tok.kind, tok.v = _T.OFFSET, (0,)  # "Z" is the offset +00:00, as in RFC 3339
        return
    zone = _zone_of_word(raw, key, after_time)
    if zone is not None:
        tok.what, tok.v = _W.ZONE, (zone,)
        return
    cased = not (key in words.CASED_ONLY and raw.islower())
    if glued_to_number and previous is not None and previous.kind is _T.NUM and key in words.ORDINAL_SUFFIXES:
        tok.what = _W.ORDINAL
        return
    if key == "t" and previous is not None and _between_date_and_time(tokens, i):
        tok.what = _W.T
        return
    if key in words.AM_PM and (after_time or _UNSPACED.search(key) is not None):
        if key == _ARABIC_MIM and previous is not None and previous.kind is _T.NUM:
            tok.what = _W.ERA  # "2015 م": the Common Era, not p.m.
            return
        tok.what, tok.v = _W.AMPM, (words.AM_PM[key],)
        return
    meaning = _plain_meaning(key, cased)
    if meaning is not None:
        tok.what, tok.v = meaning
    elif key in words.WEEKDAY_SIGNS and _in_parentheses(tokens, i):
        tok.what, tok.v = _W.WEEKDAY, (words.WEEKDAY_SIGNS[key],)
    elif key in words.PLACES and _in_parentheses(tokens, i):
        tok.what, tok.v = _W.ZONE, (_zone_id(words.PLACES[key]),)


@functools.lru_cache(maxsize=4096)
def _plain_meaning(key: str, cased: bool) -> tuple[_W, tuple[int, ...]] | None:
    """What a word means whatever its neighbours; `cased` says month and weekday names may count."""
    for table, what in _TABLES:
        if key in table and (cased or what not in (_W.MONTH, _W.WEEKDAY)):
            return what, (table[key],)
    for marks, what in _MARKS:
        if key in marks:
            return what, ()
    for group, what in _PLAIN_GROUPS:
        if key in group:
            return what, ()
    if key == _WEEKDAY_PREFIX:
        return _W.WEEKDAY_PREFIX, ()
    return None


_ARABIC_MIM = words.fold("م")
_WEEKDAY_PREFIX = words.fold("thứ")
_TABLES: tuple[tuple[dict[str, int], _W], ...] = (
    (words.MONTHS, _W.MONTH),
    (words.SOLAR_MONTHS, _W.SOLAR_MONTH),
    (words.WEEKDAYS, _W.WEEKDAY),
    (words.DAY_WORDS, _W.DAYWORD),
)
# Checked in this order: a unit before a filler ("ساعت" is an hour as well as "at").
_PLAIN_GROUPS: tuple[tuple[Collection[str], _W], ...] = (
    (words.NOON, _W.NOON),
    (words.MIDNIGHT, _W.MIDNIGHT),
    (words.JUST_NOW, _W.JUST_NOW),
    (words.COMMON_ERA | words.BUDDHIST_ERA | words.BEFORE_COMMON_ERA, _W.ERA),
    (words.MONTH_PREFIXES, _W.MONTH_PREFIX),
    (words.YEAR_PREFIXES, _W.YEAR_PREFIX),
    (words.UNITS.keys() | words.AGO | words.COUNTED_UNIT_SECONDS.keys(), _W.WEAK),
    (words.FILLERS, _W.FILLER),
    (words.NUMBER_WORDS, _W.WEAK),
)
_MARKS: tuple[tuple[frozenset[str], _W], ...] = (
    (words.YEAR_MARKS, _W.YEAR_MARK),
    (words.MONTH_MARKS, _W.MONTH_MARK),
    (words.DAY_MARKS, _W.DAY_MARK),
    (words.HOUR_MARKS, _W.HOUR_MARK),
    (words.MINUTE_MARKS, _W.MINUTE_MARK),
    (words.SECOND_MARKS, _W.SECOND_MARK),
)


def _between_date_and_time(tokens: list[_Tok], i: int) -> bool:
    """The T of ISO 8601: after a date (or its day) and before a time glued to it."""
    solid = _previous_solid(tokens, i)
    if solid is not None and solid.kind is _T.DATE:
        return True  # also spaced: "2020-02-18 T 07:20:50"
    previous = tokens[i - 1] if i > 0 else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return (
        previous is not None
        and nxt is not None
        and previous.kind is _T.NUM
        and nxt.kind is _T.TIME
        and previous.end == tokens[i].start
        and tokens[i].end == nxt.start
    )


def _previous_solid(tokens: list[_Tok], i: int) -> _Tok | None:
    for j in range(i - 1, max(i - 4, -1), -1):
        if tokens[j].kind is not _T.SPACE and tokens[j].raw != "(":
            return tokens[j]
    return None


def _in_parentheses(tokens: list[_Tok], i: int) -> bool:
    return 0 < i < len(tokens) - 1 and tokens[i - 1].raw == "(" and tokens[i + 1].raw == ")"


# Zones are interned: a token holds an index into this list.
_ZONES: list[tuple[str, tzinfo]] = []
_ZONE_INDEX: dict[str, int] = {}


def _zone_id(name: str) -> int:
    found = _ZONE_INDEX.get(name)
    if found is not None:
        return found
    if name[0] in "+-":
        minutes = _offset_minutes(name[0], name[1:3], name[4:6])
        zone: tzinfo = timezone(timedelta(minutes=minutes))
    elif name in words.ZONE_OFFSETS:
        zone = timezone(timedelta(minutes=words.ZONE_OFFSETS[name]))
    else:
        zone = _zone(name)
    _ZONES.append((name, zone))
    _ZONE_INDEX[name] = len(_ZONES) - 1
    return len(_ZONES) - 1


# Lower-case zone words that are no ordinary word in any language Newswire reads.
_LOWER_CASE_ZONES = frozenset(
    [
        "gmt",
        "utc",
        "cet",
        "cest",
        "mez",
        "mesz",
        "msk",
        "wib",
        "wita",
        "edt",
        "pdt",
        "cdt",
        "mdt",
        "pst",
        "cst",
        "bst",
    ]
)


def _zone_of_word(raw: str, key: str, after_time: bool) -> int | None:
    upper = raw.upper()
    if raw != upper and key not in _LOWER_CASE_ZONES:
        return _ZONE_WORD_IDS.get(key)
    if upper in words.ZONES_AFTER_TIME_ONLY and not after_time:
        return None
    if upper == "Z" and not after_time:
        return None
    if upper in words.ZONE_PLACES_BY_ABBREVIATION:
        return _zone_id(words.ZONE_PLACES_BY_ABBREVIATION[upper])
    if upper in words.ZONE_OFFSETS:
        return _zone_id(upper)
    return _ZONE_WORD_IDS.get(key)


_ZONE_WORD_IDS = {key: _zone_id(zone) for key, zone in words.ZONE_WORDS.items()}


def _mark_unknown_zones(tokens: list[_Tok]) -> None:
    """An unknown capitalised word right after a time is a zone we cannot read ("12:00 EDTERR")."""
    for i, tok in enumerate(tokens):
        if tok.kind is not _T.WORD or tok.what is not _W.UNKNOWN:
            continue
        if not (2 <= len(tok.raw) <= 6 and tok.raw.isupper() and tok.raw.isascii()):
            continue
        previous = _previous_solid(tokens, i)
        if previous is not None and previous.kind is _T.TIME:
            nxt = tokens[i + 2] if i + 2 < len(tokens) else None
            if _split_glued_zone(tokens, i, nxt):
                continue
            tok.kind = _T.BAD
        elif i + 2 < len(tokens) and tokens[i + 1].kind is _T.SPACE:
            _split_glued_zone(tokens, i, tokens[i + 2])


def _split_glued_zone(tokens: list[_Tok], i: int, nxt: _Tok | None) -> bool:
    """ "ISGMT 07:32": a headline in capitals glued to the zone that starts the timestamp."""
    tok = tokens[i]
    if nxt is None or nxt.kind not in (_T.NUM, _T.TIME):
        return False
    for cut in range(1, len(tok.raw) - 2):
        zone = tok.raw[cut:]
        if zone in words.ZONE_OFFSETS and zone not in words.ZONES_AFTER_TIME_ONLY:
            head = _Tok(_T.WORD, tok.start, tok.start + cut, tok.raw[:cut], tok.key[:cut])
            tail = _Tok(_T.WORD, tok.start + cut, tok.end, zone, zone.lower())
            tail.what, tail.v = _W.ZONE, (_zone_id(zone),)
            tokens[i : i + 1] = [head, tail]
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Groups: runs of tokens that may form one timestamp


def _groups(tokens: list[_Tok], *, within_line: bool) -> Iterator[list[_Tok]]:
    """Runs of core tokens joined by at most three joiners; each run keeps its trailing joiners."""
    group: list[_Tok] = []
    gap: list[_Tok] = []
    solid_gap = 0
    for index, tok in enumerate(tokens):
        if tok.core:
            if group:
                group.extend(gap)
            group.append(tok)
            gap, solid_gap = [], 0
        elif group:
            space = tok.kind is _T.SPACE
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            if (space or solid_gap < 3) and _joins(tok, group[-1], nxt, within_line):
                gap.append(tok)
                solid_gap += not space
            else:
                yield group + gap
                group, gap, solid_gap = [], [], 0
    if group:
        yield group + gap


def _joins(tok: _Tok, last: _Tok, nxt: _Tok | None, within_line: bool) -> bool:
    """Whether a token that is no part of a timestamp may stand between two of its parts."""
    if tok.kind is _T.SPACE:
        return not (within_line and "\n" in tok.raw)
    if tok.kind is _T.PUNCT:
        if tok.raw == "." and last.kind is _T.WORD and len(last.raw) > 5 and (nxt is None or nxt.kind is _T.SPACE):
            return False  # the end of a sentence, not an abbreviation ("08.Haziran.2014" joins)
        return tok.raw in _PUNCT_JOINERS
    return tok.what is _W.FILLER


@dataclass(slots=True)
class _Piece:
    instant: datetime
    rule: ZoneRule
    zone: str
    start: int
    end: int
    complete: bool = True


_Outcome = _Piece | TimestampError


def _split_readings(group: list[_Tok], context: _Context, prepared: _Prepared) -> list[_Outcome]:
    """Readings of a group, split where two timestamps stand side by side."""
    cores = [i for i, tok in enumerate(group) if tok.core]
    if len(cores) > 40:  # no timestamp has that many parts: read it in slices
        return [
            outcome
            for start in range(0, len(cores), 20)
            for outcome in _split_readings(
                group[cores[start] : cores[min(start + 20, len(cores)) - 1] + 1], context, prepared
            )
        ]
    memo: dict[int, list[_Outcome]] = {}
    return _best_split(group, cores, 0, context, prepared, memo)


def _best_split(
    group: list[_Tok],
    cores: list[int],
    first: int,
    context: _Context,
    prepared: _Prepared,
    memo: dict[int, list[_Outcome]],
) -> list[_Outcome]:
    if first in memo:
        return memo[first]
    whole = _read_group(group[cores[first] :], context, prepared)
    result: list[_Outcome] = [whole]
    if isinstance(whole, _Conflict):
        for last in range(len(cores) - 2, first - 1, -1):
            piece = group[cores[first] : cores[last + 1]]
            left = _read_group(piece, context, prepared)
            if isinstance(left, _Conflict) or (
                not isinstance(left, _Piece) and any(t.kind in _NUMBER_KINDS for t in piece)
            ):
                continue  # numbers cut off a timestamp were part of it: no such split
            right = _best_split(group, cores, last + 1, context, prepared, memo)
            if not any(isinstance(r, _Conflict) for r in right):
                result = [left, *right]
                break
    memo[first] = result
    return result


_NUMBER_KINDS = frozenset({_T.NUM, _T.DATE, _T.DMY, _T.DM, _T.TIME, _T.DOTPAIR})


def _read_group(toks: list[_Tok], context: _Context, prepared: _Prepared) -> _Outcome:
    try:
        draft = _assemble(toks, prepared, context)
        start, end = _span(toks, keep_weak=draft.relative)
        return _settle(draft, context, start, end)
    except TimestampError as error:
        return error
    except OverflowError:
        return TimestampError(_OUT_OF_RANGE)


def _span(toks: list[_Tok], *, keep_weak: bool) -> tuple[int, int]:
    """Where the timestamp stands: its first to last part, and the parenthesis it opened."""
    cores = [t for t in toks if t.core and (keep_weak or t.what is not _W.WEAK)]
    cores = cores or [t for t in toks if t.core]
    start, end = cores[0].start, cores[-1].end
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


@dataclass(slots=True)
class _Draft:
    year: int | None = None
    year_digits: int = 4
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    weekday_text: str = ""
    hour: int | None = None
    minute: int = 0
    second: int = 0
    ampm: int | None = None
    offset: int | None = None
    zone: int | None = None
    zone_text: str = ""
    solar: bool = False
    buddhist: bool = False
    unordered: tuple[int, int] | None = None  # day and month in an order still to decide
    days_back: int | None = None
    seconds_back: int | None = None
    months_back: int = 0
    relative: bool = False
    numeric_without_year: bool = False
    numbers: list[tuple[int, int]] = field(default_factory=list)

    def set(self, name: str, value: int) -> None:
        current = getattr(self, name)
        if current is not None and current != value:
            raise _Conflict(f"two values for the {name}: {current} and {value}")
        setattr(self, name, value)

    def set_time(self, hour: int, minute: int, second: int = 0) -> None:
        if self.hour is not None:
            raise _Conflict("two times of day")
        self.hour, self.minute, self.second = hour, minute, _second(second)


def _assemble(toks: list[_Tok], prepared: _Prepared, context: _Context) -> _Draft:
    draft = _Draft()
    cores = [t for t in toks if t.core]
    used = _read_relative(cores, draft)
    i = 0
    while i < len(cores):
        if i in used:
            i += 1
            continue
        i = _take(cores, i, draft, toks)
    _place_numbers(draft, context)
    _apply_calendars(draft, prepared, context)
    return draft


def _take(cores: list[_Tok], i: int, draft: _Draft, toks: list[_Tok]) -> int:
    """Put core token i into the draft; return the index of the next token to read."""
    tok = cores[i]
    nxt = cores[i + 1] if i + 1 < len(cores) else None
    kind = tok.kind
    if kind is _T.BAD:
        raise TimestampError(f"malformed {tok.raw!r}")
    if kind is _T.DATE:
        for name, value in zip(("year", "month", "day"), tok.v, strict=True):
            draft.set(name, value)
    elif kind is _T.DMY:
        if draft.unordered is not None or draft.year is not None:
            raise _Conflict("two dates")
        draft.unordered = (tok.v[0], tok.v[1])
        draft.year, draft.year_digits = tok.v[2], tok.v[3]
    elif kind is _T.DM:
        if draft.unordered is not None:
            raise _Conflict("two dates")
        draft.unordered = (tok.v[0], tok.v[1])
        draft.numeric_without_year = True
    elif kind is _T.TIME:
        h, m, s, offset = tok.v
        draft.set_time(h, m, s)
        if offset != -1:
            draft.set("offset", offset)
    elif kind is _T.DOTPAIR:
        _take_dotpair(tok, nxt, draft, toks)
    elif kind is _T.MONTH_YEAR:
        raise _NotATimestamp(f"{tok.raw!r} names a month, not a day")
    elif kind is _T.OFFSET:
        draft.set("offset", tok.v[0])
    elif kind is _T.NUM:
        return _take_number(cores, i, draft)
    else:
        return _take_word(cores, i, draft)
    return i + 1


def _take_dotpair(tok: _Tok, nxt: _Tok | None, draft: _Draft, toks: list[_Tok]) -> None:
    a, b = tok.v
    before = _word_before(toks, tok)
    is_time = (
        (nxt is not None and nxt.kind is _T.WORD and nxt.what in (_W.HOUR_MARK, _W.AMPM))
        or (before is not None and before.key in words.TIME_FILLERS)
        or (draft.hour is None and (draft.day, draft.month, draft.unordered) != (None, None, None))
    )
    if is_time and a <= 24 and b <= 59:
        draft.set_time(a, b)
    elif draft.unordered is None:
        draft.unordered = (a, b)
        draft.numeric_without_year = True
    else:
        raise _Conflict("two dates")


def _word_before(toks: list[_Tok], tok: _Tok) -> _Tok | None:
    index = toks.index(tok)
    for j in range(index - 1, max(index - 4, -1), -1):
        if toks[j].kind is _T.WORD:
            return toks[j]
        if toks[j].kind is not _T.SPACE and toks[j].raw != ".":
            return None
    return None


def _take_number(cores: list[_Tok], i: int, draft: _Draft) -> int:
    tok = cores[i]
    value, digits = tok.v
    nxt = cores[i + 1] if i + 1 < len(cores) else None
    previous = cores[i - 1] if i > 0 else None
    what = nxt.what if nxt is not None and nxt.kind is _T.WORD else None
    if previous is not None and previous.kind is _T.WORD:
        if previous.what is _W.MONTH_PREFIX:
            draft.set("month", value)
            return i + 1
        if previous.what is _W.YEAR_PREFIX:
            draft.set("year", value)
            return i + 1
        if previous.what is _W.WEEKDAY_PREFIX and 2 <= value <= 8:
            draft.set("weekday", (value - 2) % 7)
            draft.weekday_text = f"{previous.raw} {tok.raw}"
            return i + 1
    if what is _W.YEAR_MARK:
        draft.set("year", value)
        draft.year_digits = digits
        return i + 2
    if what is _W.MONTH_MARK:
        draft.set("month", value)
        return i + 2
    if what is _W.DAY_MARK or what is _W.ORDINAL:
        draft.set("day", value)
        return i + 2
    if what is _W.HOUR_MARK:
        return _take_hour(cores, i, draft)
    if what is _W.MINUTE_MARK and draft.hour is not None:
        draft.minute = value
        return i + 2
    if what is _W.SECOND_MARK and draft.hour is not None:
        draft.second = _second(value)
        return i + 2
    if what is _W.AMPM and digits <= 2:
        draft.set_time(value, 0)
        return i + 1
    if what is _W.NOON and value == 12:
        draft.set_time(12, 0)
        return i + 2
    draft.numbers.append((value, digits))
    return i + 1


def _take_hour(cores: list[_Tok], i: int, draft: _Draft) -> int:
    """ "10時00分", "15 giờ 30", "um 15 Uhr": an hour, perhaps followed by its minutes."""
    draft.set_time(cores[i].v[0], 0)
    j = i + 2
    minutes = cores[j] if j < len(cores) else None
    if minutes is not None and minutes.kind is _T.NUM and minutes.v[1] <= 2:
        draft.minute = minutes.v[0]
        j += 1
        mark = cores[j] if j < len(cores) else None
        if mark is not None and mark.kind is _T.WORD and mark.what is _W.MINUTE_MARK:
            j += 1
    return j


def _take_word(cores: list[_Tok], i: int, draft: _Draft) -> int:
    tok = cores[i]
    what = tok.what
    value = tok.v[0] if tok.v else 0
    if what is _W.MONTH:
        draft.set("month", value)
    elif what is _W.SOLAR_MONTH:
        draft.set("month", value)
        draft.solar = True
    elif what is _W.WEEKDAY:
        draft.set("weekday", value)
        draft.weekday_text = tok.raw
    elif what is _W.ZONE:
        if draft.zone is not None and draft.zone != value:
            raise _Conflict(f"two zones: {draft.zone_text} and {tok.raw}")
        draft.zone, draft.zone_text = value, tok.raw
    elif what is _W.AMPM:
        _take_ampm(cores, i, draft)
    elif what is _W.NOON:
        draft.set_time(12, 0)
    elif what is _W.MIDNIGHT:
        draft.set_time(0, 0)
    elif what is _W.DAYWORD:
        if draft.days_back is not None:
            raise _Conflict("two relative days")
        draft.days_back = -value
    elif what is _W.JUST_NOW:
        draft.seconds_back = 0
        draft.relative = True
    elif what is _W.ERA:
        if tok.key in words.BEFORE_COMMON_ERA:
            raise TimestampError(f"{tok.raw!r}: a year before the Common Era")
        if tok.key in words.BUDDHIST_ERA:
            draft.buddhist = True
    elif what is _W.WEEKDAY_PREFIX or what is _W.WEAK:
        pass  # unused: a number word or unit outside a relative expression says nothing
    return i + 1


_HOUR_KINDS = (_T.TIME, _T.NUM, _T.DOTPAIR, _T.WORD)


def _take_ampm(cores: list[_Tok], i: int, draft: _Draft) -> None:
    value = cores[i].v[0]
    if draft.ampm is not None:
        raise _Conflict("two a.m./p.m. marks")
    previous = cores[i - 1] if i > 0 else None
    nxt = cores[i + 1] if i + 1 < len(cores) else None
    # East Asian languages write the mark before the time: 下午3点, 오후 3:30.
    if draft.hour is None and nxt is not None and nxt.kind in (_T.TIME, _T.NUM):
        draft.ampm = value
        return
    if previous is None or draft.hour is None or previous.kind not in _HOUR_KINDS:
        raise TimestampError(f"{cores[i].raw!r} without an hour")
    draft.ampm = value


def _read_relative(cores: list[_Tok], draft: _Draft) -> set[int]:
    """ "3 hours ago", "vor 2 Stunden", "il y a une heure", "منذ ساعتين": an amount before now.

    Every "ago" takes the amounts beside it ("6 saat öncə 5 dəqiqə öncə" is 6 h 5 min ago).
    """
    used: set[int] = set()
    seconds = months = 0
    for i, tok in enumerate(cores):
        if tok.kind is not _T.WORD or tok.key not in words.AGO or i in used:
            continue
        for amounts in (_amounts_before(cores, i, used), _amounts_after(cores, i, used)):
            if amounts is not None:
                parts, more_seconds, more_months = amounts
                used.update(parts)
                used.add(i)
                seconds, months = seconds + more_seconds, months + more_months
                break
    if used:
        draft.relative = True
        _set_relative(draft, seconds, months)
    return used


def _set_relative(draft: _Draft, seconds: int, months: int) -> None:
    draft.seconds_back = seconds
    draft.months_back = months


_Amounts = tuple[list[int], int, int]


def _amounts_before(cores: list[_Tok], ago: int, taken: set[int]) -> _Amounts | None:
    used: list[int] = []
    seconds = months = 0
    j = ago - 1
    while j >= 0 and j not in taken:
        unit = _unit_of(cores[j])
        if unit is None:
            break
        size, counted = unit
        used.append(j)
        count = counted
        if count is None:
            count = _count_of(cores[j - 1]) if j >= 1 and j - 1 not in taken else None
            if count is None:
                count = 1  # "an hour ago", "منذ ساعة"
            else:
                used.append(j - 1)
                j -= 1
        seconds, months = _add(seconds, months, size, count)
        j -= 1
    if not used:
        return None
    return used, seconds, months


def _amounts_after(cores: list[_Tok], ago: int, taken: set[int]) -> _Amounts | None:
    used: list[int] = []
    seconds = months = 0
    j = ago + 1
    while j < len(cores) and j not in taken:
        count = _count_of(cores[j])
        if count is not None and j + 1 < len(cores) and _unit_of(cores[j + 1]) is not None:
            size, _ = _unit_of(cores[j + 1]) or (0, None)
            used.extend((j, j + 1))
            seconds, months = _add(seconds, months, size, count)
            j += 2
            continue
        unit = _unit_of(cores[j])
        if unit is None:
            break
        size, counted = unit
        used.append(j)
        seconds, months = _add(seconds, months, size, counted or 1)
        j += 1
    if not used:
        return None
    return used, seconds, months


def _add(seconds: int, months: int, size: int, count: int) -> tuple[int, int]:
    if size < 0:
        return seconds, months - size * count
    return seconds + size * count, months


def _unit_of(tok: _Tok) -> tuple[int, int | None] | None:
    if tok.kind is not _T.WORD:
        return None
    if tok.key in words.COUNTED_UNIT_SECONDS:
        return words.COUNTED_UNIT_SECONDS[tok.key], words.COUNTED_UNITS[tok.key]
    if tok.key in words.UNITS:
        return words.UNITS[tok.key], None
    return None


def _count_of(tok: _Tok) -> int | None:
    if tok.kind is _T.NUM:
        return tok.v[0]
    if tok.kind is _T.WORD and tok.key in words.NUMBER_WORDS:
        return words.NUMBER_WORDS[tok.key]
    return None


def _place_numbers(draft: _Draft, context: _Context) -> None:
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
            draft.set("year", value)
            draft.year_digits = 4
        elif draft.month is not None and draft.day is None:
            draft.day = value
        elif draft.month is not None and draft.day is not None and draft.year is None:
            draft.year, draft.year_digits = value, digits
        else:
            raise _Conflict(f"unexplained number {value}")
    _order_day_month(draft, context)


def _only_numbers(draft: _Draft) -> bool:
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


def _apply_ampm(draft: _Draft) -> None:
    if draft.hour is None:
        raise TimestampError("a.m./p.m. without an hour")
    if not 0 <= draft.hour <= 12:
        raise TimestampError(f"hour {draft.hour} with a.m./p.m.")
    if draft.ampm == 12 and draft.hour == 0:
        raise TimestampError("hour 0 with p.m.")
    draft.hour = draft.hour % 12 + (draft.ampm or 0)
    draft.ampm = None


def _order_day_month(draft: _Draft, context: _Context) -> None:
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
    day_first = _valid(year, b, a)
    month_first = _valid(year, a, b)
    if day_first and month_first and a != b:
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


def _expand_year(draft: _Draft) -> None:
    """Rule 7: two-digit years 00-49 are 20xx, 50-99 are 19xx."""
    if draft.year is not None and draft.year_digits <= 2:
        draft.year += 2000 if draft.year < 50 else 1900
        draft.year_digits = 4


def _apply_calendars(draft: _Draft, prepared: _Prepared, context: _Context) -> None:
    _expand_year(draft)
    if draft.year is None or draft.month is None or draft.day is None:
        return
    persian_source = context.zone_name in ("Asia/Tehran", "Asia/Kabul")
    if draft.solar or (1200 <= draft.year <= 1600 and (prepared.persian or persian_source)):
        draft.year, draft.month, draft.day = _solar_hijri_to_gregorian(draft.year, draft.month, draft.day)
    elif draft.year >= 2400 and (draft.buddhist or prepared.thai or context.zone_name == "Asia/Bangkok"):
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


def _settle(draft: _Draft, context: _Context, start: int, end: int) -> _Piece:
    zone, rule, label = _choose_zone(draft, context)
    if draft.relative and draft.hour is None:
        return _settle_offset_from_now(draft, context, start, end)
    _check_time(draft)
    if draft.numeric_without_year and draft.hour is None:
        raise _NotATimestamp("a numeric day and month without a year or a time")
    # A weekday or "yesterday" alone is read when asked, but is no timestamp to find in prose.
    complete = draft.hour is not None or draft.month is not None
    for day in _candidate_days(draft, context, zone):
        instant = _localize(_wall(day, draft), zone, date_only=draft.hour is None, label=label)
        if context.now is None or instant <= context.now or not _needs_now(draft):
            if draft.weekday is not None:
                _check_weekday(day, draft.weekday, draft.weekday_text)
            return _Piece(instant, rule, label, start, end, complete)
    raise TimestampError("no such moment before now")


def _check_time(draft: _Draft) -> None:
    if draft.hour is not None and not (0 <= draft.hour <= 23 and 0 <= draft.minute <= 59 and 0 <= draft.second <= 59):
        raise TimestampError(f"impossible time {draft.hour:02d}:{draft.minute:02d}:{draft.second:02d}")


def _wall(day: date, draft: _Draft) -> datetime:
    if draft.hour is None:
        return datetime(day.year, day.month, day.day)  # noqa: DTZ001 -- a wall time
    return datetime(day.year, day.month, day.day, draft.hour, draft.minute, draft.second)  # noqa: DTZ001


def _needs_now(draft: _Draft) -> bool:
    return draft.year is None and draft.days_back is None and not draft.relative


def _choose_zone(draft: _Draft, context: _Context) -> tuple[tzinfo, ZoneRule, str]:
    """Rule 2: a numeric offset, else a zone named in the text, else the source's zone, else UTC."""
    if draft.offset is not None:
        offset = draft.offset
        return _fixed_zone(offset), ZoneRule.TEXT_OFFSET, _offset_label(offset)
    if draft.zone is not None:
        name, zone = _ZONES[draft.zone]
        return zone, ZoneRule.TEXT_ZONE, name
    if context.zone is not None and context.zone_name is not None:
        return context.zone, ZoneRule.SOURCE_ZONE, context.zone_name
    return UTC, ZoneRule.DEFAULT_UTC, "UTC"


@functools.lru_cache(maxsize=256)
def _fixed_zone(minutes: int) -> tzinfo:
    return timezone(timedelta(minutes=minutes))


def _settle_offset_from_now(draft: _Draft, context: _Context, start: int, end: int) -> _Piece:
    """Rule 6: "N minutes/hours/days/weeks ago" is now minus exactly that."""
    now = _require_now(context, "a time relative to now")
    instant = now - timedelta(seconds=draft.seconds_back or 0)
    if draft.months_back:
        instant = _months_before(instant, draft.months_back)
    return _Piece(instant.replace(microsecond=0), ZoneRule.RELATIVE, "UTC", start, end)


def _months_before(instant: datetime, months: int) -> datetime:
    total = instant.year * 12 + instant.month - 1 - months
    year, month = divmod(total, 12)
    if year < 1:
        raise TimestampError(_OUT_OF_RANGE)
    day = min(instant.day, _month_length(year, month + 1))
    return instant.replace(year=year, month=month + 1, day=day)


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if _leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _require_now(context: _Context, what: str) -> datetime:
    if context.now is None:
        raise _NotATimestamp(f"{what} needs `now`, and none was given")
    return context.now


def _candidate_days(draft: _Draft, context: _Context, zone: tzinfo) -> Iterator[date]:
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
        yield today - timedelta(days=_relative_days(draft))
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


def _relative_day(draft: _Draft) -> bool:
    return draft.days_back is not None or draft.relative


def _relative_days(draft: _Draft) -> int:
    if draft.days_back is not None:
        if draft.relative:
            raise _Conflict("a relative day and an amount of time ago")
        return draft.days_back
    seconds = draft.seconds_back or 0
    if draft.months_back or seconds % 86400:
        raise TimestampError("a time of day after an amount of hours or months ago")
    return seconds // 86400


def _localize(wall: datetime, zone: tzinfo, *, date_only: bool, label: str) -> datetime:
    """Rule 11: a wall time in a zone; refused in a summer-time gap, the earlier one in a fold."""
    instant = wall.replace(tzinfo=zone).astimezone(UTC)
    if isinstance(zone, timezone) or instant.astimezone(zone).replace(tzinfo=None) == wall:
        return instant
    if not date_only:
        raise TimestampError(f"{wall.isoformat(' ')} does not exist in {label}: it falls in a summer-time gap")
    # Rule 4: a date alone starts at the first minute of that local day that exists.
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
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


def _read_whole(text: str, context: _Context) -> Reading:
    """The first timestamp of the text; refused where what comes first is malformed.

    A group whose pieces include a malformed one ("12:00 PM PM") is refused whole, and a weekday or
    "yesterday" alone counts only when nothing else in the text looks like part of a timestamp
    ("Mon, 01 Foo 2020 10:00:00 GMT" is no Monday).
    """
    prepared = _Prepared.of(text)
    groups = list(_groups(_tokenize(prepared), within_line=False))
    first_refusal: TimestampError | None = None
    for group in groups:
        outcomes = _split_readings(group, context, prepared)
        for outcome in outcomes:
            if isinstance(outcome, TimestampError) and not isinstance(outcome, _NotATimestamp):
                raise TimestampError(str(outcome)) from None
        for outcome in outcomes:
            if isinstance(outcome, _Piece) and (outcome.complete or len(groups) == 1):
                return Reading(outcome.instant, text, outcome.rule, outcome.zone)
            if isinstance(outcome, _NotATimestamp):
                first_refusal = first_refusal or outcome
    if first_refusal is not None:
        raise TimestampError(str(first_refusal))
    raise TimestampError(f"no complete timestamp in {text[:80]!r}")
