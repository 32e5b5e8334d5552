"""Cutting text into the tokens of timestamps: numbers, clusters such as `2017-12-19` or `18:09:05`,
words looked up in `wire._timestamp_words`, offsets and punctuation.

`tokenize` does it in one lexing pass with a single compiled pattern and one pass that combines and
classifies. Whitespace makes no tokens: the gap between two tokens is whitespace, and a test on
positions (`a.end < b.start`) says whether there is any. This module raises nothing; what it
cannot read becomes a token of kind BAD, and `wire.timestamps` decides what that means.
"""

from __future__ import annotations

import enum
import functools
import html
import itertools
import re
import unicodedata
import zoneinfo
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from wire import _timestamp_words as words
from wire._timestamp_capital_words import CAPITAL_WORDS

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


CHAR_MAP = _char_map()
_MAPPED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(CHAR_MAP)) + "]")


def map_chars(text: str) -> str:
    """The text with CHAR_MAP applied; most text has nothing to map, and finding that out is cheaper."""
    return text.translate(CHAR_MAP) if _MAPPED.search(text) is not None else text


_PERSIAN_SIGNS = re.compile("[\u06f0-\u06f9پچژگکی]")
_THAI = re.compile("[\u0e01-\u0e5b]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def script_signs(text: str) -> tuple[bool, bool]:
    """Whether the text holds Persian letters or digits, and Thai letters (their calendars may apply)."""
    if text.isascii():
        return False, False
    return _PERSIAN_SIGNS.search(text) is not None, _THAI.search(text) is not None


@dataclass(slots=True)
class Prepared:
    text: str  # mapped, case kept
    low: str  # mapped and lower-cased, same length
    persian: bool
    thai: bool
    positions: list[int] | None = None  # original index of each character, when entities changed

    @staticmethod
    def of(original: str) -> Prepared:
        text, positions = original, None
        if "&" in original:
            text, positions = _decode_entities(original)
            # Escaped twice, as feeds often are ("&amp;#43;", "&amp;nbsp;"): decoded until nothing changes.
            while "&" in text:
                again, inner = _decode_entities(text)
                if len(again) == len(text):
                    break
                text, positions = again, [positions[i] for i in inner]
        if ("<" in text or "%" in text) and MARKUP.search(text) is not None:
            text, inner = _decode_markup(text)
            positions = inner if positions is None else [positions[i] for i in inner]
        # ASCII text needs no mapping and holds no Persian or Thai letters.
        if text.isascii():
            return Prepared(text, text.lower(), False, False, positions)
        mapped = map_chars(text)
        return Prepared(
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


# What a scraper may leave of a page or a URL around or inside a timestamp: an HTML tag or comment
# ("Sep 1, 2020<br>9:53 AM", "1<sup>er</sup> septembre", '<time datetime="...">') and the percent escapes of
# a URL's query ("09%3A53%3A00%2B09%3A00"). A tag that ends a line of the page is a line break, a superscript's
# (an ordinal's letters) joins its text to the number, any other is a space; an escape is its character.
MARKUP = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,9})(?:\s[^<>]*)?/?>|<!--.*?-->|%(2[0BbCcDdFf]|3[Aa])", re.DOTALL)
_LINE_TAGS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "blockquote"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "section", "article"}
)


def _decode_markup(original: str) -> tuple[str, list[int]]:
    parts: list[str] = []
    positions: list[int] = []
    last = 0
    for match in MARKUP.finditer(original):
        if match[3] is not None:
            decoded = chr(int(match[3], 16))
        elif match[2] is None:
            decoded = " "
        else:
            name = match[2].lower()
            decoded = "\n" if name in _LINE_TAGS else "" if name in ("sup", "sub") else " "
        parts.append(original[last : match.start()])
        positions.extend(range(last, match.start()))
        parts.append(decoded)
        positions.extend([match.start()] * len(decoded))
        last = match.end()
    parts.append(original[last:])
    positions.extend(range(last, len(original) + 1))
    return "".join(parts), positions


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
# Token kinds and word meanings


class Kind(enum.IntEnum):
    """What a token is."""

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
    PUNCT = 12


class Meaning(enum.IntEnum):
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
    COUNTED_ERA = 24  # 令和, 民國: the year of the era follows, counted from its start
    ERA_FIRST_YEAR = 25  # 令和元: the era's first year, in full


def plain_members(members: type[enum.Enum]) -> type:
    """A plain class with the members of an enum as its attributes. An enum's own class reaches its members
    through its metaclass's __getattr__ hook (Python 3.11), several times slower: the reader compares kinds
    and meanings some hundreds of times a text."""
    return type(members.__name__, (), dict(members.__members__))


# T.NUM, W.MONTH: the members of Kind and Meaning, as the rest of the reader names them.
if TYPE_CHECKING:
    T = Kind
    W = Meaning
else:
    T = plain_members(Kind)
    W = plain_members(Meaning)


class Tok:
    """A token: `raw` as written, `key` folded for lookups, `what` and `v` once classified."""

    __slots__ = ("core", "end", "key", "kind", "raw", "start", "v", "what")

    def __init__(self, kind: T, start: int, end: int, raw: str, key: str = "") -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.raw = raw
        self.key = key
        self.what = W.UNKNOWN
        self.v: tuple[int, ...] = ()
        self.core = False  # a part of a timestamp (not a joiner): set once the token is classified

    def __repr__(self) -> str:
        return f"<{self.kind.name} {self.raw!r} {self.what.name} {self.v}>"


class _Numbers(dict[str, int]):
    """Values of numbers as written, looked up: int() of a str is several times slower than a lookup."""

    def __missing__(self, digits: str) -> int:
        return int(digits)


# The numbers most timestamps are made of: every one or two digits, and the years 1000 to 2999. Any other
# number (and any in other digits) is read by int(), with the same value.
NUMBERS = _Numbers({f"{n:0{width}d}": n for width in (1, 2) for n in range(10**width)})
NUMBERS.update((str(year), year) for year in range(1000, 3000))


def leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def offset_minutes(sign: str, hours: str, minutes: str) -> int | None:
    """Minutes east of UTC of a written offset, or None when it is malformed."""
    h, m = NUMBERS[hours], NUMBERS[minutes]
    if h > 18 or m > 59:
        return None
    return (h * 60 + m) * (-1 if sign in "-−" else 1)


# ---------------------------------------------------------------------------------------------
# Zones are interned: a token holds an index into ZONES.

ZONES: list[tuple[str, tzinfo]] = []
_ZONE_INDEX: dict[str, int] = {}
_ZONE_CACHE: dict[str, tzinfo] = {}


def time_zone(name: str) -> tzinfo:
    """The IANA zone `name`, built once; raises zoneinfo's errors for a name that is none."""
    zone = _ZONE_CACHE.get(name)
    if zone is None:
        zone = _ZONE_CACHE[name] = zoneinfo.ZoneInfo(name)
    return zone


def zone_id(name: str) -> int:
    found = _ZONE_INDEX.get(name)
    if found is not None:
        return found
    if name[0] in "+-":
        zone: tzinfo = timezone(timedelta(minutes=offset_minutes(name[0], name[1:3], name[4:6]) or 0))
    elif name in words.ZONE_OFFSETS:
        zone = timezone(timedelta(minutes=words.ZONE_OFFSETS[name]))
    else:
        zone = time_zone(name)
    ZONES.append((name, zone))
    _ZONE_INDEX[name] = len(ZONES) - 1
    return len(ZONES) - 1


def named_zone_id(name: str) -> int:
    """zone_id of a zone written by its IANA name (one `zone_name` gave), read as zoneinfo reads it: the
    legacy names "CET" or "EET" keep their summer time here, where the abbreviations are fixed (rule 3)."""
    key = "/" + name  # no abbreviation or offset starts with a slash: a key space of its own
    found = _ZONE_INDEX.get(key)
    if found is None:
        ZONES.append((name, time_zone(name)))
        found = _ZONE_INDEX[key] = len(ZONES) - 1
    return found


@functools.cache
def _zone_names() -> dict[str, str]:
    # Listing them walks the zone files (some 70 ms): done once, the first time a name is looked up.
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def zone_name(written: str) -> str | None:
    """The IANA zone name `written` spells, in IANA's own case, or None when zoneinfo knows no such zone.

    IANA names differ in more than case, so "america/new_york" is that zone."""
    return _zone_names().get(written.lower())


# Zone names of the form Area/Location ("America/New_York", "America/Argentina/Buenos_Aires", "Etc/GMT+5"),
# the area written as IANA writes it. Only these areas: a slash between other words ("and/or", "Reuters/Ipsos")
# or in a date ("04/07/2018") names no zone.
_IANA_AREAS = frozenset(
    ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific", "Etc"]
)
ZONE_NAME = re.compile(rf"(?<![\w/])(?:{'|'.join(sorted(_IANA_AREAS))})/[\w+-]+(?:/[\w+-]+)*")
# What is written as a zone name where one goes (right after a time, a date or an offset) whatever its area:
# "Amercia/New_York" there is a zone misspelt, which must be refused rather than read in another zone.
ZONE_LIKE = re.compile(r"(?<![\w/])[A-Z][A-Za-z]{2,}/[A-Za-z][\w+-]*(?:/[\w+-]+)*")
_AM_PM_ENDS = ("am", "pm", "a.m.", "p.m.", "a.m", "p.m")


# Lower-case zone words that are no ordinary word in any language Newswire reads.
_LOWER_CASE_ZONES = frozenset(
    ["gmt", "utc", "cet", "cest", "mez", "mesz", "msk", "wib", "wita", "edt", "pdt", "cdt", "mdt", "pst", "cst", "bst"]
)
_ZONE_WORD_IDS = {key: zone_id(zone) for key, zone in words.ZONE_WORDS.items()}
_ZONE_WORD_IDS_AFTER_TIME = {key: zone_id(zone) for key, zone in words.ZONE_WORDS_AFTER_TIME.items()}
_ABBREVIATION_IDS = {
    **{name: zone_id(name) for name in words.ZONE_OFFSETS},
    **{name: zone_id(place) for name, place in words.ZONE_PLACES_BY_ABBREVIATION.items()},
}


def _zone_of_word(raw: str, key: str, after_time: bool, after_clock: bool) -> int | None:
    """The zone a word names, if any; `after_time`: right after a number or a time, `after_clock`: right after
    a time of day ("10:00", "4 p.m."), not any number ("2019 Pacific islands")."""
    upper = raw.upper()
    if raw != upper and key not in _LOWER_CASE_ZONES:
        found = _ZONE_WORD_IDS.get(key)
        return found if found is not None or not after_clock else _ZONE_WORD_IDS_AFTER_TIME.get(key)
    if upper in words.ZONES_AFTER_TIME_ONLY and not after_time:
        return None
    if upper == "Z" and not after_time:
        return None
    found = _ABBREVIATION_IDS.get(upper)
    return found if found is not None else _ZONE_WORD_IDS.get(key)


# ---------------------------------------------------------------------------------------------
# Word tables as lookups


@functools.lru_cache(maxsize=4096)
def _plain_meaning(key: str, cased: bool) -> tuple[W, tuple[int, ...]] | None:
    """What a word means whatever its neighbours; `cased` says month and weekday names may count."""
    for table, what in _TABLES:
        if key in table and (cased or what not in (W.MONTH, W.WEEKDAY)):
            return what, (table[key],)
    for marks, what in _MARKS:
        if key in marks:
            return what, ()
    for group, what in _PLAIN_GROUPS:
        if key in group:
            return what, ()
    if key == _WEEKDAY_PREFIX:
        return W.WEEKDAY_PREFIX, ()
    return None


ARABIC_MIM = words.fold("م")
_WEEKDAY_PREFIX = words.fold("thứ")
_TABLES: tuple[tuple[dict[str, int], W], ...] = (
    (words.MONTHS, W.MONTH),
    (words.SOLAR_MONTHS, W.SOLAR_MONTH),
    (words.WEEKDAYS, W.WEEKDAY),
    (words.DAY_WORDS, W.DAYWORD),
    (words.COUNTED_ERAS, W.COUNTED_ERA),
    (words.COUNTED_ERA_FIRST_YEARS, W.ERA_FIRST_YEAR),
)
# Checked in this order: a unit before a filler ("ساعت" is an hour as well as "at").
_PLAIN_GROUPS: tuple[tuple[Collection[str], W], ...] = (
    (words.NOON, W.NOON),
    (words.MIDNIGHT, W.MIDNIGHT),
    (words.JUST_NOW, W.JUST_NOW),
    (words.COMMON_ERA | words.BUDDHIST_ERA | words.BEFORE_COMMON_ERA, W.ERA),
    (words.MONTH_PREFIXES, W.MONTH_PREFIX),
    (words.YEAR_PREFIXES, W.YEAR_PREFIX),
    (
        words.UNITS.keys()
        | words.AMBIGUOUS_UNITS.keys()
        | words.AGO
        | words.COUNTED_UNIT_SECONDS.keys()
        | words.FRACTIONS.keys()
        | words.FRACTION_COUNTS.keys(),
        W.WEAK,
    ),
    (words.FILLERS, W.FILLER),
    (words.NUMBER_WORDS, W.WEAK),
)
_MARKS: tuple[tuple[frozenset[str], W], ...] = (
    (words.YEAR_MARKS, W.YEAR_MARK),
    (words.MONTH_MARKS, W.MONTH_MARK),
    (words.DAY_MARKS, W.DAY_MARK),
    (words.HOUR_MARKS, W.HOUR_MARK),
    (words.MINUTE_MARKS, W.MINUTE_MARK),
    (words.SECOND_MARKS, W.SECOND_MARK),
)

# Every key whose meaning depends on nothing but the tables (most words of a page are in no table and
# need no more than one lookup here).
_KNOWN_KEYS = frozenset(
    k
    for k in (
        *(key for table, _ in _TABLES for key in table),
        *(key for marks, _ in _MARKS for key in marks),
        *(key for group, _ in _PLAIN_GROUPS for key in group),
        _WEEKDAY_PREFIX,
    )
)
# Keys whose meaning depends on the neighbours: zones, a.m./p.m., ordinal suffixes, the T of ISO 8601,
# weekday signs and places in parentheses.
_CONTEXT_KEYS = frozenset(
    [
        *_LOWER_CASE_ZONES,
        *_ZONE_WORD_IDS,
        *_ZONE_WORD_IDS_AFTER_TIME,
        *words.AM_PM,
        *words.ORDINAL_SUFFIXES,
        *words.WEEKDAY_SIGNS,
        *words.PLACES,
        "t",
        "z",
    ]
)


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


PHRASES = _phrase_index()

# ---------------------------------------------------------------------------------------------
# Lexing


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


LETTER = r"[^\W\d_]"
MARKS = _mark_ranges()


def _dotted(letter: str, marked_letter: str) -> str:
    return (
        rf"(?:[ap]\.\s?m\.?|[nv]\.\s?chr\.?|(?={marked_letter}{{1,3}}\.)(?:{marked_letter}{{1,3}}\.){{1,4}}"
        rf"{marked_letter}{{1,3}}\.?)(?!{letter})"
    )


def _word_pattern(letter: str, body: str) -> str:
    return rf"{letter}{body}(?:['’ʼʻ՚ꞌ′‵ʹ-]{letter}{body})*"


def _token_pattern(dotted: str, word: str) -> re.Pattern[str]:
    return re.compile(rf"(\s*)(?:(\d+(?:[-./:]\d+)*)|({dotted})|({word})|(\S))")


# Letters and combining marks, taken by runs and never given back: nothing that may follow a word is either.
WORD_BODY = rf"(?:{LETTER}++|[{MARKS}]++)*+"
# One pattern cuts the whole text: each match is the whitespace before a token and the token (a
# number or numeric cluster, a dotted abbreviation, a word, or one other character).
# Abbreviations with dots ("a.m.", "n. Chr.", "ม.ค."), and words joined by an apostrophe or a hyphen; the
# lookahead turns most words away before the letters are counted.
# A letter of an abbreviation, with the vowel sign it may carry (Thai "มี.ค.").
DOTTED = _dotted(LETTER, rf"(?:{LETTER}[{MARKS}]?)")
WORD = _word_pattern(LETTER, WORD_BODY)
_TOKEN = _token_pattern(DOTTED, WORD)
# The same pattern for ASCII text, where a letter is one of A-Z and a-z and no combining mark can stand: it
# cuts such a text the same way, twice as fast (a class of ASCII letters is tested quicker than one of Unicode
# categories), and most texts are ASCII.
_ASCII_TOKEN = _token_pattern(_dotted("[A-Za-z]", "[A-Za-z]"), _word_pattern("[A-Za-z]", "[A-Za-z]*+"))


def _token_pattern_for(low: str) -> re.Pattern[str]:
    return _ASCII_TOKEN if low.isascii() else _TOKEN


# Scripts written without spaces between words: words are found inside runs by longest match.
UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Words of one letter of an alphabet (not a character of Chinese or Japanese, a word of its own) are not cut out of a
# run: Thai "น" (o'clock, "17:40 น.") is also the last or first letter of many words ("พลังงาน"); standing alone, it
# is a run of its own, and a word all the same.
_SEGMENT_WORDS = frozenset(
    w for w in words.WRITTEN_FORMS if UNSPACED.search(w) and not (len(w) == 1 and "\u0e00" <= w <= "\u0e7f")
)
_SEGMENT_LONGEST = max(len(k) for k in _SEGMENT_WORDS)


def is_one_word(low: str) -> bool:
    """Whether the tokenizer keeps a run of a script written without spaces whole: a word of the tables,
    or a single character."""
    return len(low) == 1 or low in _SEGMENT_WORDS


# Punctuation that may stand between two parts of a timestamp.
PUNCT_JOINERS = frozenset(",|/-–—·•@()[]:.")


def abbreviations(low: str) -> list[tuple[int, int, bool]]:
    """Where the tokenizer reads dotted abbreviations in a lower-cased text ("a.m.", "u.s.", "a.d."), and
    whether each is a.m. or p.m."""
    found: list[tuple[int, int, bool]] = []
    for match in _token_pattern_for(low).finditer(low):
        if match[3]:
            start, end = match.span(3)
            found.append((start, end, "".join(match[3].split()).rstrip(".") in ("a.m", "p.m")))
    return found


def _lex(prepared: Prepared, begin: int, stop: int) -> list[Tok]:
    low, text = prepared.low, prepared.text
    tokens: list[Tok] = []
    append = tokens.append
    fold = words.fold
    end = begin
    for space, number, dotted, word, other in _token_pattern_for(low).findall(low, begin, stop):
        start = end + len(space)
        if number:
            end = start + len(number)
            append(Tok(T.NUM, start, end, number))
        elif word:
            end = start + len(word)
            raw = text[start:end]
            # Most words are in one case and one spaced script: no need to cut them.
            if raw.isascii():
                if raw.islower() or raw.isupper() or raw.istitle():
                    append(Tok(T.WORD, start, end, raw, word))
                    continue
            elif (
                (raw.islower() or raw.isupper() or raw.istitle())
                and UNSPACED.search(raw) is None
                and _CASELESS_BESIDE_LATIN.search(raw) is None
            ):
                append(Tok(T.WORD, start, end, raw, fold(word)))
                continue
            tokens.extend(_split_word(text, low, start, end))
        elif other:
            end = start + 1
            append(Tok(T.PUNCT, start, end, other))
        else:
            end = start + len(dotted)
            key = "".join(dotted.split())
            append(Tok(T.WORD, start, end, text[start:end], key if key.isascii() else fold(key)))
    return tokens


def _word(text: str, low: str, start: int, end: int) -> Tok:
    return Tok(T.WORD, start, end, text[start:end], words.fold(low[start:end]))


def _split_word(text: str, low: str, start: int, end: int) -> Iterator[Tok]:
    raw = text[start:end]
    # A word glued to the next one by a capital letter ("SpainGMT", "SeptemberRead") is two words, and so is one of
    # a script without case glued to one with case ("الأولمبيادGMT", the Arabic edition's headline and its zone;
    # "서울GMT"). A run of a script without spaces is then cut into the words of the tables.
    scripts = not raw.isascii() and _CASELESS_BESIDE_LATIN.search(raw) is not None
    cuts = [start]
    if scripts or (not (raw.islower() or raw.isupper()) and UNSPACED.search(raw) is None):
        cuts += [
            i
            for i in range(start + 1, end)
            if (text[i].isupper() and text[i - 1].islower()) or (scripts and _script_changes(text, i))
        ]
    cuts.append(end)
    for cut, next_cut in itertools.pairwise(cuts):
        if UNSPACED.search(text, cut, next_cut):
            yield from _segment(text, low, cut, next_cut)
        else:
            yield _word(text, low, cut, next_cut)


# A letter of a script without case (Hebrew, Arabic, the scripts of India, Thai, Hangul, Ethiopic, Chinese and Japanese)
# beside a Latin one: "الأولمبيادGMT", where the word is in capitals as far as case tells.
_CASELESS = "\u0590-\u0dff\u0e00-\u0eff\u1000-\u139f\u1780-\u17ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af"
_CASELESS_BESIDE_LATIN = re.compile(f"[{_CASELESS}][A-Za-z]|[A-Za-z][{_CASELESS}]")


def _script_changes(text: str, i: int) -> bool:
    """Whether the letters at `i - 1` and `i` are of a script without case and one with case, in either order; a
    mark (a vowel sign of Devanagari, an accent) goes with the letter it is written on."""
    base = i - 1
    while base > 0 and unicodedata.category(text[base])[0] == "M":
        base -= 1
    before, after = text[base], text[i]
    if not (before.isalpha() and after.isalpha()):
        return False
    return (before.isupper() or before.islower()) != (after.isupper() or after.islower())


def _longest_word(low: str, i: int, end: int) -> int:
    """The length of the longest word of the tables at `i` (0: none)."""
    for length in range(min(_SEGMENT_LONGEST, end - i), 0, -1):
        if low[i : i + length] in _SEGMENT_WORDS:
            return length
    return 0


def _segment(text: str, low: str, start: int, end: int) -> Iterator[Tok]:
    """Words of the tables inside a run of a script without spaces: at each place the word that, with the
    longest word after it, covers most ("วันที่แล้ว" is วัน and ที่แล้ว, not วันที่ and แล้ว)."""
    i, unknown = start, start
    while i < end:
        length = _longest_word(low, i, end)
        if not length:
            i += 1
            continue
        reach = length + _longest_word(low, i + length, end)
        for shorter in range(length - 1, 0, -1):
            if low[i : i + shorter] in _SEGMENT_WORDS:
                covered = shorter + _longest_word(low, i + shorter, end)
                if covered > reach:
                    length, reach = shorter, covered
        if unknown < i:
            yield _word(text, low, unknown, i)
        yield _word(text, low, i, i + length)
        i += length
        unknown = i
    if unknown < end:
        yield _word(text, low, unknown, end)


def _merge_phrases(tokens: list[Tok]) -> list[Tok]:
    """Words of a phrase in the tables ("il y a", "day before yesterday") become one token."""
    out: list[Tok] | None = None
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind is T.WORD and tok.key in PHRASES:
            merged = _match_phrase(tokens, i)
            if merged is not None:
                if out is None:
                    out = tokens[:i]
                out.append(merged[0])
                i = merged[1] + 1
                continue
        if out is not None:
            out.append(tok)
        i += 1
    return tokens if out is None else out


def _match_phrase(tokens: list[Tok], i: int) -> tuple[Tok, int] | None:
    n = len(tokens)
    for parts in PHRASES[tokens[i].key]:
        j = i
        for part in parts[1:]:
            if j + 1 >= n:
                break
            here, nxt = tokens[j], tokens[j + 1]
            # One or two characters of whitespace between the words of a phrase.
            if not (0 < nxt.start - here.end <= 2 and nxt.kind is T.WORD and nxt.key == part):
                break
            j += 1
        else:
            first, last = tokens[i], tokens[j]
            raw = " ".join(t.raw for t in tokens[i : j + 1])
            return Tok(T.WORD, first.start, last.end, raw, " ".join(parts)), j
    return None


# ---------------------------------------------------------------------------------------------
# Combining: numbers become dates, times and offsets; glued suffixes and separators are absorbed.

# Numeric clusters (digits joined by - . / : without spaces), matched whole, in this order of preference. A month
# after a year may have a zero too many, as Google's feeds wrote it ("2003-012-31T10:14:55+00:00").
_CLUSTER = re.compile(
    r"(?P<time>(\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d{1,9})|:(\d{3}))?)?(?:-(\d\d)(?::?(\d\d))?)?)"
    r"|(?P<ymd>(\d{4})([-/.])(0?\d{1,2})\11(\d{1,2}))"
    r"|(?P<dmy>(\d{1,2})([-/.])(\d{1,2})\16(\d{4}|\d{2}))"
    r"|(?P<dotpair>(\d{1,2})\.(\d\d))"
    r"|(?P<dm>(\d{1,2})[./](\d{1,2}))"
    r"|(?P<ordinal>(\d{4})-(\d{3}))"
    r"|(?P<month_year>\d{4}[-/.]\d{1,2}|\d{1,2}[-/.]\d{4})"
)
# The hour alone is ISO 8601's reduced precision ("20030925T10"); a fraction only after the minutes or seconds.
_BASIC_TIME = re.compile(r"(\d\d)(?:(\d\d)(\d\d)?(?:\.(\d{1,9}))?)?(?:-(\d\d)(?::?(\d\d))?)?")
_OFFSET = re.compile(r"(\d{1,2})(?::?(\d\d))?")
_SECONDS = re.compile(r"\d\d(?:[.,]\d{1,9})?")
_OFFSET_PREFIXES = frozenset(["gmt", "utc", "ut"])
_OFFSET_AFTER = frozenset(["gmt", "utc", "ut", "am", "pm", "a.m.", "p.m."])
_GLUED_OFFSET_PREFIXES = ("gmt", "utc")


def _combine(tokens: list[Tok], low: str) -> list[Tok]:
    out: list[Tok] = []
    append = out.append
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.kind
        if kind is T.NUM:
            i = _combine_number(tokens, i, out, low)
            continue
        if kind is T.PUNCT:
            raw = tok.raw
            if raw in "\u2013\u2014" and _dash_for_minus(out, tok, tokens, i):
                # "UTC–3": a dash glued between GMT or UTC and a number is the offset's minus sign, as "UTC−3" is.
                tok = Tok(T.PUNCT, tok.start, tok.end, "-")
                raw = "-"
            if raw in "+-" and i + 1 < n:
                nxt = tokens[i + 1]
                after = tokens[i + 2] if i + 2 < n else None
                if nxt.kind is T.NUM and (
                    (nxt.start == tok.end and (raw == "+" or _offset_may_follow(out, tok, low)))
                    or (nxt.start > tok.end and _spaced_offset(out, tok, nxt, after))
                ):
                    beyond = tokens[i + 3] if i + 3 < n else None
                    append(_offset_token(tok, nxt, after, beyond, out[-1] if out else None))
                    i += 2
                    continue
                if nxt.kind is T.WORD and i + 3 < n and _lettered_offset(out, tokens, i):
                    append(Tok(T.BAD, tok.start, tokens[i + 3].end, low[tok.start : tokens[i + 3].end]))
                    i += 4
                    continue
            elif raw in "'’" and _is_apostrophe_year(tokens, i):
                year = int(tokens[i + 1].raw)
                short = Tok(T.NUM, tok.start, tokens[i + 1].end, raw + tokens[i + 1].raw)
                short.v = (year + (2000 if year < 50 else 1900), 4)  # rule 7
                append(short)
                i += 2
                continue
        append(tok)
        i += 1
    return out


def _lettered_offset(out: list[Tok], tokens: list[Tok], i: int) -> bool:
    """ "11:47:32 +zz:00", "GMT+zz:00": two letters in place of an offset's hours, glued between its sign and
    its minutes after a time or GMT, are a malformed offset; skipped, they would leave the time read in UTC or
    the source's zone."""
    sign, word, colon, minutes = tokens[i : i + 4]
    return (
        len(word.raw) <= 2
        and colon.raw == ":"
        and minutes.kind is T.NUM
        and sign.end == word.start
        and word.end == colon.start
        and colon.end == minutes.start
        and bool(out)
        and (out[-1].kind is T.TIME or out[-1].key in _OFFSET_PREFIXES)
    )


def _dash_for_minus(out: list[Tok], dash: Tok, tokens: list[Tok], i: int) -> bool:
    if not out or i + 1 >= len(tokens):
        return False
    previous, number = out[-1], tokens[i + 1]
    return (
        previous.kind is T.WORD
        and previous.key in _OFFSET_PREFIXES
        and previous.end == dash.start
        and number.kind is T.NUM
        and number.start == dash.end
    )


def _is_apostrophe_year(tokens: list[Tok], i: int) -> bool:
    """ "July 10, '96": a two-digit year after an apostrophe that follows a space."""
    if i + 1 >= len(tokens):
        return False
    sign, number = tokens[i], tokens[i + 1]
    return (
        number.kind is T.NUM
        and len(number.raw) == 2
        and number.start == sign.end
        and (i == 0 or tokens[i - 1].end < sign.start)
    )


def _offset_may_follow(out: list[Tok], sign: Tok, low: str) -> bool:
    """A minus sign starts an offset after a space, a time, or GMT, UTC, am and pm glued to it, also where GMT
    or UTC is glued to a headline before the rest of the Arabs Today layout ("U.N.GMT-05:00 09:09 2017 ...",
    cut off the word later)."""
    if not out:
        return True  # the start of the text, or whitespace before it: "-0500 16:37 2017 Monday ,18 December"
    previous = out[-1]
    if previous.end < sign.start or previous.kind is T.TIME:
        return True
    if previous.kind is not T.WORD:
        return False
    key = previous.key
    if key in _OFFSET_AFTER:
        return True
    return key.endswith(_GLUED_OFFSET_PREFIXES) and LAYOUT_AFTER_ZONE.match(low, sign.start) is not None


def _spaced_offset(out: list[Tok], sign: Tok, number: Tok, after: Tok | None) -> bool:
    """Whether a sign with a space after it starts an offset: "GMT + 2", "UTC - 05:00", "10:00 + 02:00". Dropped,
    the offset would leave the time read in UTC, hours off. A minus after GMT is also a dash before a date
    ("10:31 GMT - 4 January 2018"): an offset only with its minutes or at the end. After a time, a plus, or a
    minus before four digits (else a dash or a range); an offset of one digit is refused there as it is glued."""
    if not out or out[-1].end < sign.start - 1:
        return False
    previous = out[-1]
    if previous.kind is T.WORD and previous.key in _OFFSET_PREFIXES:
        return sign.raw == "+" or ":" in number.raw or after is None or after.raw == ")"
    if previous.kind is not T.TIME or previous.v[3] != -1:
        return False
    # A minus before four digits is an offset still ("10:00:00 - 0500"): a range or a dash goes on to a time.
    return sign.raw == "+" or (len(number.raw) == 4 and number.raw.isdigit())


def _offset_token(sign: Tok, number: Tok, after: Tok | None, beyond: Tok | None, previous: Tok | None) -> Tok:
    # "GMT+7", "UTC +2", "(GMT +3)": after GMT or UTC, glued or not, an hour of one digit is an offset in prose.
    after_prefix = previous is not None and previous.kind is T.WORD and previous.key in _OFFSET_PREFIXES
    tok = Tok(T.OFFSET, sign.start, number.end, sign.raw + number.raw)
    match = _OFFSET.fullmatch(number.raw)
    # "+00:zz", "+0200x", "+0200.5": an offset that runs on into letters or another number is malformed; a dot
    # with nothing glued after it ends the sentence ("... with timezone -03:00.").
    runs_on = (
        after is not None
        and after.start == number.end
        and (
            after.kind is T.WORD
            or after.raw == ":"
            or (after.raw == "." and beyond is not None and beyond.start == after.end)
        )
    )
    minutes = None
    if not (
        match is None
        or runs_on
        or (len(match[1]) == 1 and match[2] is None and not after_prefix)
        or len(number.raw) == 3
    ):
        minutes = offset_minutes(sign.raw, match[1], match[2] or "00")
    if minutes is None:
        tok.kind = T.BAD
    else:
        tok.v = (minutes,)
    return tok


def _combine_number(tokens: list[Tok], i: int, out: list[Tok], low: str) -> int:
    tok = tokens[i]
    n = len(tokens)
    raw = tok.raw
    if i + 2 < n:
        nxt, after = tokens[i + 1], tokens[i + 2]
        if nxt.kind is T.WORD and nxt.start == tok.end and after.kind is T.NUM and after.start == nxt.end:
            # ISO 8601 basic format: 20030925T104941.5-0300
            if nxt.key == "t" and len(raw) == 8 and raw.isdigit():
                day = Tok(T.DATE, tok.start, tok.end, raw)
                day.v = (int(raw[:4]), int(raw[4:6]), int(raw[6:]))
                out.append(day)
                out.append(_classify_cluster(after) if ":" in after.raw else _basic_time(after))
                return i + 3
            # "15h01", "0h00": a time written with an h; "10h36m", "10h36m28s": with its minutes and seconds marked.
            if nxt.key == "h" and raw.isdigit() and len(raw) <= 2 and len(after.raw) == 2:
                return _time_with_h(tokens, i, out, low)
        elif (
            nxt.key == "h"
            and nxt.start == tok.end
            and raw.isdigit()
            and len(raw) <= 2
            and _spaced_marked_minutes(tokens, i, low)
        ):
            return _time_with_h(tokens, i, out, low)  # "12h 01m02s am": the minutes after a space, with their m
    if i == 0 and n == 3 and (numeric := _date_of_spaced_numbers(tokens, low)) is not None:
        out.append(numeric)
        return 3
    if out and out[-1].key == "t" and raw.isdigit() and _after_iso_t(out, tok):
        out.append(_iso_hour(tok, tokens[i + 1] if i + 1 < n else None))
        return i + 1
    if i + 1 < n and tokens[i + 1].raw == "." and tokens[i + 1].start == tok.end:
        spaced = _spaced_date(tokens, i, low)
        if spaced is not None:
            out.append(spaced[0])
            return spaced[1]
    if (glued := _number_and_offset(tok)) is not None:
        out.extend(glued)
        return i + 1
    out.append(_classify_cluster(tok))
    return i + 1


def _spaced_marked_minutes(tokens: list[Tok], i: int, low: str) -> bool:
    """ "12h 01m": two digits after one space, glued to their m."""
    after = tokens[i + 2]
    mark = tokens[i + 3] if i + 3 < len(tokens) else None
    return (
        after.kind is T.NUM
        and len(after.raw) == 2
        and after.start == tokens[i + 1].end + 1
        and low[tokens[i + 1].end] == " "
        and mark is not None
        and mark.key == "m"
        and mark.start == after.end
    )


def _time_with_h(tokens: list[Tok], i: int, out: list[Tok], low: str) -> int:
    """The time of hours marked with an h at token i and the minutes (and seconds) after it; the index after it."""
    n = len(tokens)
    tok, after = tokens[i], tokens[i + 2]
    end, second, j = after.end, 0, i + 3
    if j < n and tokens[j].key == "m" and tokens[j].start == end:
        end, j = tokens[j].end, j + 1
        seconds = tokens[j] if j < n else None
        if seconds is not None and seconds.kind is T.NUM and seconds.start == end:
            marked = j + 1 < n and tokens[j + 1].key == "s" and tokens[j + 1].start == seconds.end
            if marked and _SECONDS.fullmatch(seconds.raw) is not None:
                # "10h36m28s", "10h36m28.5s": a fraction of the second is dropped (rule 1)
                second, end, j = int(seconds.raw[:2]), tokens[j + 1].end, j + 2
            elif (
                not marked
                and len(seconds.raw) == 2
                and seconds.raw.isdigit()
                and (j + 1 >= n or tokens[j + 1].start > seconds.end)
            ):
                second, end, j = int(seconds.raw), seconds.end, j + 1  # "01h02m03": the seconds unmarked
    time = Tok(T.TIME, tok.start, end, low[tok.start : end])
    time.v = (int(tok.raw), int(after.raw), second, -1)
    out.append(time)
    return j


def _after_iso_t(out: list[Tok], tok: Tok) -> bool:
    """Whether the number is glued to the T of ISO 8601 after a date: "2003-09-25T10"."""
    t = out[-1]
    return len(out) > 1 and t.end == tok.start and out[-2].kind is T.DATE and out[-2].end == t.start


def _iso_hour(tok: Tok, after: Tok | None) -> Tok:
    """The hour alone after the T, ISO 8601's reduced precision ("2003-09-25T10" is 10:00); a time whose minutes
    are not digits ("2003-09-25T09:xx:00Z") is malformed, not the hour nor the date at midnight."""
    time = Tok(T.TIME, tok.start, tok.end, tok.raw)
    if len(tok.raw) != 2 or (after is not None and after.start == tok.end and after.raw in ":."):
        time.kind = T.BAD
    else:
        time.v = (NUMBERS[tok.raw], 0, 0, -1)
    return time


# "Clashes kill 12-0500 18:45 2017 Monday ,25 September": a headline's number glued to a negative offset has
# the digits of a month and a year, but of a year no page writes (0000-1200); it is the number and the
# offset, as "12+0200" is.
_NUMBER_AND_OFFSET = re.compile(r"(\d{1,2})-((0\d|1[0-2])(\d\d))")


def _number_and_offset(tok: Tok) -> tuple[Tok, Tok] | None:
    # Most numbers have no minus, and finding that out is cheaper than matching.
    match = _NUMBER_AND_OFFSET.fullmatch(tok.raw) if "-" in tok.raw else None
    if match is None:
        return None
    minutes = offset_minutes("-", match[3], match[4])
    if minutes is None:
        return None
    number = Tok(T.NUM, tok.start, tok.start + len(match[1]), match[1])
    number.v = (NUMBERS[match[1]], len(match[1]))
    offset = Tok(T.OFFSET, number.end, tok.end, tok.raw[len(match[1]) :])
    offset.v = (minutes,)
    return number, offset


def _spaced_date(tokens: list[Tok], i: int, low: str) -> tuple[Tok, int] | None:
    """Dates with spaced dots: "12. 5. 2020" (Czech, Slovak), "2020. 5. 12." (Korean)."""
    parts: list[Tok] = [tokens[i]]
    n = len(tokens)
    j = i + 1
    while len(parts) < 3 and j + 1 < n and tokens[j].raw == "." and tokens[j].start == tokens[j - 1].end:
        dot, number = tokens[j], tokens[j + 1]
        if not (number.start == dot.end or low[dot.end : number.start] == " "):
            return None
        if number.kind is not T.NUM or not number.raw.isdigit():
            return None
        parts.append(number)
        j += 2
    if len(parts) < 3 or parts[2].end - parts[0].start == sum(len(p.raw) for p in parts) + 2:
        return None  # fewer than three parts, or no space at all: a plain cluster
    tok = _numeric_date(parts, "")
    return None if tok is None else (tok, j)


def _date_of_spaced_numbers(tokens: list[Tok], low: str) -> Tok | None:
    """A text of three numbers and spaces alone, a year of four digits first or last: a numeric date written with
    spaces ("2003 09 25", "25 09 2003"), its day and month ordered as with any separator. Among other words, numbers
    so written are counts, scores or prices, and stay numbers alone."""
    if not all(tok.kind is T.NUM and tok.raw.isdigit() for tok in tokens):
        return None
    if any(not low[a.end : b.start].isspace() for a, b in itertools.pairwise(tokens)):
        return None
    return _numeric_date(tokens, low[tokens[0].start : tokens[2].end])


def _numeric_date(parts: list[Tok], raw: str) -> Tok | None:
    """The date three numbers make, a year of four digits first (year, month, day) or last (day and month still to
    order); None for other lengths."""
    lengths = [len(p.raw) for p in parts]
    if lengths[0] == 4 and lengths[1] <= 2 and lengths[2] <= 2:
        tok = Tok(T.DATE, parts[0].start, parts[2].end, raw)
        tok.v = (int(parts[0].raw), int(parts[1].raw), int(parts[2].raw))
    elif lengths[0] <= 2 and lengths[1] <= 2 and lengths[2] == 4:
        tok = Tok(T.DMY, parts[0].start, parts[2].end, raw)
        tok.v = (int(parts[0].raw), int(parts[1].raw), int(parts[2].raw), 4)
    else:
        return None
    return tok


def _basic_time(tok: Tok) -> Tok:
    match = _BASIC_TIME.fullmatch(tok.raw)
    out = Tok(T.TIME, tok.start, tok.end, tok.raw)
    offset: int | None = -1
    if match is not None and match[5] is not None:
        offset = offset_minutes("-", match[5], match[6] or "00")
    if match is None or offset is None:
        out.kind = T.BAD
        return out
    out.v = (int(match[1]), int(match[2] or 0), int(match[3] or 0), offset)
    return out


def _classify_cluster(tok: Tok) -> Tok:
    raw = tok.raw
    if raw.isdigit():
        if len(raw) > 20:  # longer than any date, epoch or compact timestamp
            tok.kind = T.BAD
        else:
            tok.v = (NUMBERS[raw], len(raw))
        return tok
    match = _CLUSTER.fullmatch(raw) if len(raw) <= 20 else None
    group = match.lastgroup if match is not None else None
    if match is None:
        tok.kind = T.BAD
    elif group == "time":
        offset: int | None = -1
        if match[7] is not None:
            offset = offset_minutes("-", match[7], match[8] or "00")
        if offset is None:
            tok.kind = T.BAD
        else:
            tok.kind = T.TIME
            tok.v = (NUMBERS[match[2]], NUMBERS[match[3]], NUMBERS[match[4] or "0"], offset)
    elif group == "ymd":
        tok.kind = T.DATE
        tok.v = (NUMBERS[match[10]], NUMBERS[match[12]], NUMBERS[match[13]])
    elif group == "dmy":
        tok.kind = T.DMY
        tok.v = (NUMBERS[match[15]], NUMBERS[match[17]], NUMBERS[match[18]], len(match[18]))
    elif group == "dotpair":
        tok.kind = T.DOTPAIR
        tok.v = (NUMBERS[match[20]], NUMBERS[match[21]])
    elif group == "dm":
        tok.kind = T.DM
        tok.v = (NUMBERS[match[23]], NUMBERS[match[24]])
    elif group == "ordinal":
        year, day_of_year = int(match[26]), int(match[27])
        if 1 <= day_of_year <= (366 if leap(year) else 365):
            day = date(year, 1, 1) + timedelta(days=day_of_year - 1)
            tok.kind = T.DATE
            tok.v = (day.year, day.month, day.day)
        else:
            tok.kind = T.BAD
    else:
        tok.kind = T.MONTH_YEAR
    return tok


# ---------------------------------------------------------------------------------------------
# Classifying words


def _classify(tokens: list[Tok], i: int, text: str) -> None:
    """What word token i means in `text`: from the tables and, for words with two meanings, its neighbours."""
    tok = tokens[i]
    key, raw = tok.key, tok.raw
    if key not in _KNOWN_KEYS and key not in _CONTEXT_KEYS and not raw.isupper():
        if key in words.FINNISH_SHORT_WEEKDAYS and (weekday := _finnish_weekday(tokens, i)) is not None:
            tok.what, tok.v = weekday  # "su heinä 16, 2015": Sunday
        return  # in no table, and no zone abbreviation: unknown
    if key in words.WEEKDAY_SIGNS and _in_parentheses(tokens, i):
        # "(月)", "(日)": a weekday, though the sign alone also marks a month or a day.
        tok.what, tok.v = W.WEEKDAY, (words.WEEKDAY_SIGNS[key],)
        return
    previous = _previous_solid(tokens, i)
    if previous is not None:
        if key == "z" and previous.kind is T.TIME:
            tok.kind, tok.v = T.OFFSET, (0,)  # "Z" is the offset +00:00, as in RFC 3339
            return
        if key == "t" and _between_date_and_time(tokens, i):
            tok.what = W.T
            return
        glued = previous.end == tok.start and previous.kind is not T.WORD
        # "10h pm", "10 Uhr abends": after the mark of an hour as after a time.
        # "noon ET", "midnight PT": after noon or midnight as after a time.
        kind: Kind | None = T.TIME if previous.what in _TIME_WORDS else previous.kind
        if key == "am" and _after_uhr(tokens, i, previous):
            kind = None  # "14 Uhr am 5. November": German "on the", never a.m. after "Uhr"
        meaning = word_meaning(raw, key, kind, previous.what is W.AMPM, glued)
    else:
        meaning = word_meaning(raw, key, None, False, False)
    if (
        meaning is not None
        and meaning[0] is W.ZONE
        and key in words.ZONE_WORDS_AFTER_TIME
        and _prose_follows(tokens, i)
    ):
        meaning = None  # "10:00 Central bank raises rates": a headline's first word after a time, no US zone
    elif raw in words.ZONES_AFTER_TIME_ONLY and LAYOUT_AFTER_ZONE.match(text, tok.end) is not None:
        # "ET 10:00 2021 Friday ,10 December": the Arabs Today layout's zone stands before its time.
        meaning = W.ZONE, (_ABBREVIATION_IDS[raw],)
    if (
        key in words.MONTH_OR_WEEKDAY
        and meaning is not None
        and meaning[0] is W.MONTH
        and _before_a_day_and_month(tokens, i)
    ):
        meaning = W.WEEKDAY, (words.MONTH_OR_WEEKDAY[key],)  # "mar. 14 mai 2019": mardi, not March
    elif key in words.FINNISH_SHORT_WEEKDAYS and (weekday := _finnish_weekday(tokens, i)) is not None:
        meaning = weekday  # "la heinä 16, 2015": lauantai, no filler
    if key in words.GLUED_UNITS and _spaced_unit_before_ago(tokens, i):
        meaning = W.WEAK, ()  # "2 y ago" is "2y ago": two years, not 2 and August (Spanish "ago")
    if meaning is not None:
        tok.what, tok.v = meaning
    elif key in words.PLACES and _in_parentheses(tokens, i):
        tok.what, tok.v = W.ZONE, (zone_id(words.PLACES[key]),)
    elif key in _WORDLIKE_MONTHS and _between_day_and_year(tokens, i):
        tok.what, tok.v = W.MONTH, (words.MONTHS[key],)
    elif key in WORDLIKE_WEEKDAYS and _abbreviated_before_a_date(tokens, i):
        tok.what, tok.v = W.WEEKDAY, (words.WEEKDAYS[key],)
    elif raw == "Th" and _numbered_weekday_follows(tokens, i):
        tok.what = W.WEEKDAY_PREFIX  # "Th 2, 13 thg 5, 2019": Vietnamese "Thứ 2" (Monday) as Google shortens it


def _numbered_weekday_follows(tokens: list[Tok], i: int) -> bool:
    """ "Th 2,": the number of a Vietnamese weekday (2 to 7) after a space, and a comma after it."""
    if i + 2 >= len(tokens):
        return False
    number, comma = tokens[i + 1], tokens[i + 2]
    return (
        number.kind is T.NUM
        and number.start == tokens[i].end + 1
        and len(number.raw) == 1
        and 2 <= number.v[0] <= 7
        and comma.raw == ","
    )


def _spaced_unit_before_ago(tokens: list[Tok], i: int) -> bool:
    """Whether the unit letter at token i ("y") stands after a number and a space, and before a word for ago
    written after its amount, perhaps with its dot between ("2 y ago", "2 y. ago"). There it is the unit: a
    word for "and" joins no number to a word for ago."""
    if not 0 < i < len(tokens) - 1:
        return False
    previous, nxt = tokens[i - 1], tokens[i + 1]
    if nxt.raw == "." and nxt.start == tokens[i].end and i + 2 < len(tokens):
        nxt = tokens[i + 2]
    return (
        previous.kind is T.NUM
        and previous.end < tokens[i].start
        and nxt.kind is T.WORD
        and nxt.key in words.AGO
        and nxt.key not in words.AGO_BEFORE_AMOUNT
    )


def _prose_follows(tokens: list[Tok], i: int) -> bool:
    """Whether a word no timestamp knows follows token i after a space ("Central bank", "Pacific islands")."""
    if i + 1 >= len(tokens):
        return False
    tok, nxt = tokens[i], tokens[i + 1]
    return nxt.kind is T.WORD and nxt.start > tok.end and nxt.key not in _KNOWN_KEYS and nxt.key not in _CONTEXT_KEYS


# Month names that are also ordinary words ("set", "mag", "may"), which count in lower case only where nothing
# but a date can stand: between a day and a year.
_WORDLIKE_MONTHS = words.CASED_ONLY & words.MONTHS.keys()


def _between_day_and_year(tokens: list[Tok], i: int) -> bool:
    """ "15 set 2022", "15.set.2022 às 10h05" (Folha de S.Paulo), "15 mag 2022": a day before the word and a
    year after it, with at most a dot between."""
    day, year = _number_beside(tokens, i, -1), _number_beside(tokens, i, 1)
    return day is not None and year is not None and day.v[1] <= 2 and 1 <= day.v[0] <= 31 and year.v[1] == 4


# Weekday abbreviations that are also words ("jeu", "mer", "sam", "so"), which count in lower case only with
# their abbreviation's dot before a day and its month: "jeu. 14 juillet 2022", "mer. 13/07/2022".
WORDLIKE_WEEKDAYS = words.CASED_ONLY & words.WEEKDAYS.keys()


def _abbreviated_before_a_date(tokens: list[Tok], i: int) -> bool:
    n = len(tokens)
    j = i + 1
    if j >= n or tokens[j].raw != "." or tokens[j].start != tokens[i].end:
        return False
    j += 1
    if j < n and tokens[j].raw == ",":
        j += 1
    day = tokens[j] if j < n else None
    if day is None or day.kind in (T.DMY, T.DM, T.DATE):
        return day is not None
    if day.kind is not T.NUM or day.v[1] > 2 or not 1 <= day.v[0] <= 31:
        return False
    j += 2 if j + 1 < n and tokens[j + 1].raw == "." else 1  # "do. 14. Juli"
    if j < n and tokens[j].key in _OF:
        j += 1  # "ter., 14 de mai. de 2019": Portuguese and Spanish write "of" between the day and the month
    return j < n and tokens[j].kind is T.WORD and tokens[j].key in words.MONTHS


_OF = frozenset(["de", "del"])


def _finnish_weekday(tokens: list[Tok], i: int) -> tuple[W, tuple[int, ...]] | None:
    """The meaning of a Finnish weekday's two letters (token i, one of them), written small before a Finnish month's
    name and a day: a weekday there, checked against the date; None elsewhere, where the letters are words."""
    tok = tokens[i]
    if not tok.raw.islower() or not _before_a_finnish_month(tokens, i):
        return None
    return W.WEEKDAY, (words.FINNISH_SHORT_WEEKDAYS[tok.key],)


def _before_a_finnish_month(tokens: list[Tok], i: int) -> bool:
    """ "ti helmi 16, 2015", "pe touko 16": a Finnish month's name and a day after the word."""
    n = len(tokens)
    j = i + 1
    if j < n and tokens[j].raw == ",":
        j += 1
    if j >= n or tokens[j].kind is not T.WORD or tokens[j].key not in words.FINNISH_MONTHS:
        return False
    j += 2 if j + 1 < n and tokens[j + 1].raw == "." else 1
    day = tokens[j] if j < n else None
    return day is not None and day.kind is T.NUM and day.v[1] <= 2 and 1 <= day.v[0] <= 31


def _before_a_day_and_month(tokens: list[Tok], i: int) -> bool:
    """ "mar. 14 mai", "mar 14 may", "mar, 14 de mayo": a day and a month's name after the word."""
    n = len(tokens)
    j = i + 1
    if j < n and tokens[j].raw == "." and tokens[j].start == tokens[i].end:
        j += 1
    if j < n and tokens[j].raw == ",":
        j += 1
    day = tokens[j] if j < n else None
    if day is None or day.kind is not T.NUM or day.v[1] > 2 or not 1 <= day.v[0] <= 31:
        return False
    j += 1
    while j < n and (tokens[j].raw == "." or tokens[j].key in _OF):
        j += 1
    return j < n and tokens[j].kind is T.WORD and tokens[j].key in words.MONTHS


def _number_beside(tokens: list[Tok], i: int, step: int) -> Tok | None:
    j = i + step
    if 0 <= j < len(tokens) and tokens[j].raw == ".":
        j += step
    if 0 <= j < len(tokens) and tokens[j].key in _OF:
        j += step  # "13 de may. de 2019"
    return tokens[j] if 0 <= j < len(tokens) and tokens[j].kind is T.NUM else None


@functools.lru_cache(maxsize=8192)
def word_meaning(
    raw: str, key: str, previous: T | None, after_am_pm: bool, glued: bool
) -> tuple[W, tuple[int, ...]] | None:
    """What a word means after a token of kind `previous` (`glued` to it when no space is between).

    A zone comes first, then an ordinal suffix glued to a number, a.m./p.m. after a time, then the
    plain meaning of the tables. The T of ISO 8601, the Z of RFC 3339 and signs in parentheses need
    more neighbours than this and are left to the tokenizer.
    """
    after_time = previous in _AFTER_TIME_KINDS or after_am_pm
    zone = _zone_of_word(raw, key, after_time, previous is T.TIME or previous is T.DOTPAIR or after_am_pm)
    if zone is not None:
        return W.ZONE, (zone,)
    if glued and previous is T.NUM and key in words.GLUED_UNITS:
        return W.WEAK, ()  # "2y ago": a unit, not "2 y ago" (2 and August in Spanish)
    if glued and previous is T.NUM and key in words.ORDINAL_SUFFIXES:
        return W.ORDINAL, ()
    if key == _WEEKDAY_PREFIX and not raw.isascii():
        return W.WEEKDAY_PREFIX, ()  # "Thứ 2": Vietnamese for Monday, not the "Thu" it folds to
    if key in words.AM_PM and (after_time or UNSPACED.search(key) is not None):
        if key == ARABIC_MIM and previous is T.NUM:
            return W.ERA, ()  # "2015 م": the Common Era, not p.m.
        return W.AMPM, (words.AM_PM[key],)
    if key in _ACCENTED_MARK_KEYS and (mark := _ACCENTED_MARKS.get(raw.lower())) is not None:
        return mark, ()
    return _plain_meaning(key, not (key in words.CASED_ONLY and raw.islower()))


_ACCENTED_MARKS = {
    written: {"hour": W.HOUR_MARK, "minute": W.MINUTE_MARK, "second": W.SECOND_MARK}[kind]
    for written, kind in words.ACCENTED_MARKS.items()
}
_ACCENTED_MARK_KEYS = frozenset(words.fold(written) for written in words.ACCENTED_MARKS)
_AFTER_TIME_KINDS = frozenset({T.TIME, T.NUM, T.DOTPAIR})
_TIME_WORDS = frozenset({W.HOUR_MARK, W.NOON, W.MIDNIGHT})


def _between_date_and_time(tokens: list[Tok], i: int) -> bool:
    """The T of ISO 8601: after a date (or its day) and before a time glued to it."""
    solid = _previous_solid(tokens, i)
    if solid is not None and solid.kind is T.DATE:
        return True  # also spaced: "2020-02-18 T 07:20:50"
    if i == 0 or i + 1 >= len(tokens):
        return False
    previous, tok, nxt = tokens[i - 1], tokens[i], tokens[i + 1]
    if previous.kind is T.BAD and previous.end == tok.start and nxt.start == tok.end and nxt.raw[:1].isdigit():
        return True  # "2003-12-311T10:14:55Z": a malformed date, which refuses the timestamp, not a headline's number
    return previous.kind is T.NUM and nxt.kind is T.TIME and previous.end == tok.start and tok.end == nxt.start


def _after_uhr(tokens: list[Tok], i: int, previous: Tok) -> bool:
    """Whether the word at i follows "Uhr" or the minutes after it ("14 Uhr am", "15 Uhr 20 am")."""
    if previous.key == "uhr":
        return True
    if previous.kind is not T.NUM:
        return False
    j = tokens.index(previous, 0, i)
    before = _previous_solid(tokens, j) if j > 0 else None
    return before is not None and before.key == "uhr"


def _join_month_names(tokens: list[Tok], text: str) -> list[Tok]:
    """A month named twice, its two names joined by a slash ("21 شباط/فبراير 2019", "كانون الثاني / يناير": the
    Levantine and the Egyptian names, as Arabic news writes them), is one month: read apart, the date ended at the
    first name and the second began another group (the year was then taken from now, or the span cut short)."""
    out: list[Tok] | None = None
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.what is W.MONTH and i + 2 < n:
            slash, second = tokens[i + 1], tokens[i + 2]
            if (
                slash.raw == "/"
                and second.what is W.MONTH
                and second.v == tok.v
                and slash.start - tok.end <= 1
                and second.start - slash.end <= 1
            ):
                joined = Tok(T.WORD, tok.start, second.end, text[tok.start : second.end], tok.key)
                joined.what, joined.v = W.MONTH, tok.v
                if out is None:
                    out = tokens[:i]
                out.append(joined)
                i += 3
                continue
        if out is not None:
            out.append(tok)
        i += 1
    return tokens if out is None else out


def _previous_solid(tokens: list[Tok], i: int) -> Tok | None:
    """The token before token i, looking past "(" and whitespace over at most three steps."""
    # Whitespace counts as a step, as an opening parenthesis does: "12:00 (CET)" but not further back.
    steps = 0
    after = tokens[i].start
    j = i - 1
    while j >= 0:
        tok = tokens[j]
        if tok.end < after:
            steps += 1
            if steps == 3:
                return None
        steps += 1
        if tok.raw != "(":
            return tok
        if steps == 3:
            return None
        after = tok.start
        j -= 1
    return None


def _in_parentheses(tokens: list[Tok], i: int) -> bool:
    if not 0 < i < len(tokens) - 1:
        return False
    before, tok, after = tokens[i - 1], tokens[i], tokens[i + 1]
    return before.raw == "(" and after.raw == ")" and before.end == tok.start and tok.end == after.start


def _mark_unknown_zones(tokens: list[Tok], text: str) -> None:
    """An unknown capitalised word right after a time is a zone we cannot read ("12:00 EDTERR"), as is an
    Area/Location name that zoneinfo does not know ("10:31 America/Gotham"). A zone glued to the end of a
    word before a timestamp is cut off it ("ISGMT 07:32", "U.S.GMT 07:32 2017 Thursday ,28 September")."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok.kind is not T.WORD or tok.what is not W.UNKNOWN:
            continue
        raw = tok.raw
        if "/" in raw:  # only _join_zone_names makes a word with a slash
            _mark_unknown_zone_name(tokens, i - 1)
            continue
        if not (2 <= len(raw) <= 6 and raw.isupper() and raw.isascii()):
            _split_zone_before_layout(tokens, i - 1, text)
            continue
        here = i - 1
        nxt = tokens[i] if i < len(tokens) else None
        spaced = nxt is not None and tok.end < nxt.start
        previous = _previous_solid(tokens, here)
        if previous is not None and (previous.kind is T.TIME or _am_pm_after_time(tokens, previous)):
            # What stands two steps on (whitespace being a step): the token after the next one.
            if not spaced and nxt is not None:
                beyond = tokens[i + 1] if i + 1 < len(tokens) and nxt.end == tokens[i + 1].start else None
            else:
                beyond = nxt
            if not _split_glued_zone(tokens, here, beyond, text):
                tok.kind = T.BAD
        elif not (spaced and _split_glued_zone(tokens, here, nxt, text)):
            _split_zone_before_layout(tokens, here, text)


def _am_pm_after_time(tokens: list[Tok], tok: Tok) -> bool:
    """ "6:09 PM": a.m. or p.m. right after a time, where a zone may follow ("6:09 PM BDT")."""
    if tok.kind is not T.WORD or tok.what is not W.AMPM:
        return False
    before = _previous_solid(tokens, tokens.index(tok))
    return before is not None and before.kind is T.TIME


def _mark_unknown_zone_name(tokens: list[Tok], i: int) -> None:
    """An unknown Area/Location name right after a time, a date or an offset, perhaps in brackets, is a zone
    the text names and we cannot read: refused (its meaning ZONE says why), where ignoring it would read the
    time in another zone. Elsewhere it is prose ("Asia/Pacific markets") and stays an unknown word."""
    j = i - 1
    while j >= 0 and i - j <= 2 and tokens[j].kind is T.PUNCT and tokens[j].raw in "([":
        j -= 1
    previous = tokens[j] if j >= 0 else None
    if previous is None:
        return
    kind = previous.kind
    if kind is T.TIME or kind is T.DATE or kind is T.OFFSET or (kind is T.WORD and previous.what is W.AMPM):
        tokens[i].kind, tokens[i].what = T.BAD, W.ZONE


def _join_zone_names(tokens: list[Tok], text: str) -> list[Tok]:
    """ "America/New_York", "Etc/GMT+5": the words, slashes, underscores and numbers of a zone name made one
    word, meaning the zone when zoneinfo knows it (and left unknown, for _mark_unknown_zones, when not)."""
    out: list[Tok] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        match = None
        if tok.kind is T.WORD and i + 1 < n and tokens[i + 1].raw == "/":
            if tok.raw in _IANA_AREAS:
                match = ZONE_NAME.match(text, tok.start)
            elif _where_a_zone_goes(text, tok.start):
                match = ZONE_LIKE.match(text, tok.start)
        if match is None:
            out.append(tok)
            i += 1
            continue
        j = i
        while j + 1 < n and tokens[j].end < match.end():
            j += 1
        if tokens[j].end != match.end():  # the name ends inside a token ("America/New_York's"): no name
            out.append(tok)
            i += 1
            continue
        raw = match[0]
        joined = Tok(T.WORD, tok.start, match.end(), raw, raw.lower())
        name = zone_name(raw)
        if name is not None:
            joined.what, joined.v = W.ZONE, (named_zone_id(name),)
        out.append(joined)
        i = j + 1
    return out


def _where_a_zone_goes(text: str, start: int) -> bool:
    """Whether what comes before `start` ends as a time, a date or an offset does (a digit) or with a.m./p.m.,
    perhaps and an opening bracket: where a zone name stands (_mark_unknown_zone_name decides, on the tokens once
    classified)."""
    head = text[max(0, start - 12) : start].rstrip().rstrip("([").rstrip().lower()
    return head[-1:].isdigit() or head.endswith(_AM_PM_ENDS)


def _split_glued_zone(tokens: list[Tok], i: int, nxt: Tok | None, text: str) -> bool:
    """ "ISGMT 07:32": a headline in capitals glued to the zone that starts the timestamp."""
    if nxt is None or nxt.kind not in (T.NUM, T.TIME):
        return False
    cut = _zone_cut_of_capitals(tokens[i])
    if cut:
        _cut_zone_off(tokens, i, cut)
    return cut != 0


def _split_zone_before_layout(tokens: list[Tok], i: int, text: str) -> None:
    """ "NATOCEST 20:20 2017 Wednesday ,27 September", "U.S.GMT 07:32 ...", "spoken'GMT 10:00 ...": a zone
    glued to a longer word in capitals, a dotted abbreviation or a closing quote, cut off where the rest of
    the Arabs Today layout follows it (where less follows, the word may be one of its own: "ISLAMIST")."""
    tok = tokens[i]
    if LAYOUT_AFTER_ZONE.match(text, tok.end) is None:  # first: most words stand before no timestamp
        return
    raw = tok.raw
    capitals = raw.isascii() and raw.isalpha() and raw.isupper()
    cut = _zone_cut_of_capitals(tok) if capitals else zone_cut_after_mark(raw)
    if cut:
        _cut_zone_off(tokens, i, cut)


def _zone_cut_of_capitals(tok: Tok) -> int:
    """Where a zone glued to the word in capitals `tok` starts, or 0: see zone_cut_in_capitals. Negative where
    the letters allow both readings: a word that is no word we know, and ends in a zone starting with a vowel
    after a consonant, may be an acronym glued to the zone ("ISEST", "OPECIST") as well as a rarer word's own
    last syllable; the zone is then cut off to refuse the timestamp, as either guess puts it hours off. A
    line all in capitals tells no more: its acronyms are in capitals too."""
    cut = zone_cut_in_capitals(tok.raw)
    if cut or not (acronym_cut := zone_cut_in_capitals(tok.raw, acronym=True)):
        return cut
    return -acronym_cut


def _cut_zone_off(tokens: list[Tok], i: int, cut: int) -> None:
    """Token i as the word before its characters from `cut` on and the zone they are (in ASCII capitals); a
    negative `cut` makes the zone one that is refused (its letters may be the word's own)."""
    tok = tokens[i]
    doubtful, cut = cut < 0, abs(cut)
    zone = tok.raw[cut:]
    head = Tok(T.WORD, tok.start, tok.start + cut, tok.raw[:cut], tok.key[: len(tok.key) - len(zone)])
    tail = Tok(T.BAD if doubtful else T.WORD, tok.start + cut, tok.end, zone, zone.lower())
    tail.what, tail.v = W.ZONE, (zone_id(zone),)
    tokens[i : i + 1] = [head, tail]


# The rest of the Arabs Today layout after its zone ("GMT 07:32 2017 Thursday ,28 September"), an offset
# perhaps glued to the zone ("GMT+03:00 07:32 ..."): time, year, weekday, day and month.
LAYOUT_AFTER_ZONE = re.compile(
    r"(?:[+-]\d{1,2}(?::?\d\d)?)?\s+\d{1,2}:\d\d\s+\d{4}\s+[^\W\d_]+\s*,\s*\d{1,2}\s+[^\W\d_]"
)
_VOWELS = frozenset("AEIOU")


def zone_cut_in_capitals(raw: str, *, acronym: bool = False) -> int:
    """Where a zone glued to the end of a word in capitals starts ("IS|GMT", "NATO|CEST"), or 0 (none).

    A word of its own is never parted, whatever its letters end in ("PRIEST", "TARGET", "HEART": see
    _timestamp_capital_words). Otherwise the longest zone ending the word decides. It is no zone where a
    single letter stands before it ("B|EST", "W|HAT"), nor, unless the word is known to be an `acronym`, where
    it starts with a vowel after a consonant ("ISLAM|IST", "LAT|EST", "GR|EAT"): there it may be the word's
    own last syllable, as an English word in capitals ends."""
    if raw in CAPITAL_WORDS:
        return 0
    for cut in range(1, len(raw) - 2):
        zone = raw[cut:]
        if zone in words.ZONE_OFFSETS and zone not in words.ZONES_AFTER_TIME_ONLY:
            if cut == 1 or (not acronym and zone[0] in _VOWELS and raw[cut - 1] not in _VOWELS):
                return 0
            return cut
    return 0


def zone_cut_after_mark(raw: str) -> int:
    """Where a zone in capitals glued after a dotted abbreviation or a closing quote starts ("U.S.|GMT",
    "Jr.|EST", "spoken'|GMT"), or 0 (none). Before a quote stand two letters at least: "l'EST" is French."""
    mark = max(raw.rfind("."), raw.rfind("'"), raw.rfind("’"))
    if mark < 1:
        return 0
    zone = raw[mark + 1 :]
    if len(zone) < 3 or not (zone.isascii() and zone.isalpha() and zone.isupper()):
        return 0
    if zone not in words.ZONE_OFFSETS or zone in words.ZONES_AFTER_TIME_ONLY:
        return 0
    if raw[mark] != "." and not raw[mark - 2 : mark].isalpha():
        return 0
    return mark + 1


# ---------------------------------------------------------------------------------------------


def tokenize(prepared: Prepared, begin: int = 0, stop: int | None = None) -> list[Tok]:
    """The tokens of a prepared text (or of its part begin:stop, with positions in the whole), classified;
    `core` marks those that are part of a timestamp."""
    end = len(prepared.low) if stop is None else stop
    lexed = _lex(prepared, begin, end)
    slashed = prepared.low.find("/", begin, end) >= 0
    if slashed:
        lexed = _join_zone_names(lexed, prepared.text)
    tokens = _combine(_merge_phrases(lexed), prepared.low)
    for i, tok in enumerate(tokens):
        # A zone name already means its zone (and, holding a slash, is in no table _classify looks in).
        if tok.kind is T.WORD and tok.what is W.UNKNOWN:
            _classify(tokens, i, prepared.text)
    if slashed:
        tokens = _join_month_names(tokens, prepared.text)
    _mark_unknown_zones(tokens, prepared.text)
    for tok in tokens:
        kind = tok.kind
        if kind is T.WORD:
            tok.core = tok.what is not W.UNKNOWN and tok.what is not W.FILLER
        else:
            tok.core = kind is not T.PUNCT
    return tokens
