"""Common timestamp layouts read straight from the text, without tokens and groups.

Most timestamps come in a handful of layouts: `Tue, 1 Jul 2003 10:52 EST`, `October 17, 2014 at 7:30 am`,
`4:55 AM ET, Thu August 15, 2019`, `GMT 10:31 2018 Thursday ,04 January`, `Stand: 28.04.2020 18:00 Uhr`,
`2020年7月1日 10時00分`, `vor 2 Stunden`. Each layout is a compiled pattern over the whole text that fixes
where the numbers are. Every word in it is looked up with `wire._timestamp_tokens.word_meaning`, with the
neighbour the tokenizer would give it, and must mean what its place allows; what stands between two parts
must be what the general reader lets join them. A text that fits no layout, or fits one only with a word
that means something else, gets None: a layout is a quicker way to the general reader's reading, never
another reading.
"""

from __future__ import annotations

import enum
import functools
import itertools
import operator
import re
import string
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from wire import _timestamp_words as words
from wire._timestamp_fields import Draft
from wire._timestamp_tokens import (
    DOTTED,
    LETTER,
    MARKS,
    MARKUP,
    NUMBERS,
    PHRASES,
    PUNCT_JOINERS,
    UNSPACED,
    WORD,
    WORD_BODY,
    WORDLIKE_WEEKDAYS,
    T,
    W,
    abbreviations,
    is_one_word,
    map_chars,
    offset_minutes,
    plain_members,
    word_meaning,
    zone_cut_in_capitals,
    zone_id,
)


class _Unfit(Exception):
    """The text does not fit the layout after all; the general reader decides."""


class NothingToRead(Exception):
    """The text holds no token that could be part of a timestamp: the general reader finds no group, or
    only groups of number words and units (`weak_groups`), which read as nothing."""

    def __init__(self, *, weak_groups: bool) -> None:
        super().__init__("no timestamp")
        self.weak_groups = weak_groups


# A run of letters, taken whole, that is a whole word to the tokenizer: no combining mark follows, nor an
# apostrophe or a hyphen and more letters. A dot glued to letters (an abbreviation such as "a.m." to the
# tokenizer) is refused by _DOT.
_W = rf"[^\W\d_]++(?![{MARKS}]|['’ʼʻ՚ꞌ′‵ʹ-]{LETTER})"
_DOT = r"(?:\.(?![^\W\d_]))?"
# The tokenizer's word, for phrases: letters and combining marks.
_WORD = rf"(?>{LETTER}{WORD_BODY})"
# A number or numeric cluster ends where the tokenizer's does: not before a digit, or a separator and a digit.
_END = r"(?![-./:]?\d)"
_TIME = (
    r"(?P<time>(?P<h>\d{1,2})(?::(?P<mi>\d\d)(?::(?P<s>\d\d)(?:\.\d{1,9}|:\d{3})?)?|h(?P<hmi>\d\d)|\.(?P<dmi>\d\d)))"
    + _END
)
_OFFSET = r"[+-]\d{1,2}(?::?\d\d)?(?![:.\w])"
# Up to three words, marks or offsets after a time: a.m./p.m., a zone, "Uhr", "on".
# A word with combining marks, for the words after a time (Arabic "مساءً").
_WM = rf"(?>{LETTER}(?:{LETTER}+|[{MARKS}]+)*)(?!['’ʼʻ՚ꞌ′‵ʹ-]{LETTER})"
_AFTER_ITEM = rf"[AaPp]\.\s?[Mm]\.?(?!{LETTER})|\({_W}(?:{_OFFSET})?\)|{_OFFSET}|{_WM}(?:{_OFFSET})?"
_AFTER = rf"(?P<after>(?:\s*(?:{_AFTER_ITEM})){{0,3}})"
_SEPARATOR = r"(?:\s*[,|·•@/–—]\s*|\s+-\s+|\s+)"
_AT = rf"(?:{_SEPARATOR}(?:(?P<c1>{_W})\s+(?:(?P<c2>{_W})\s+)?)?{_TIME}{_AFTER})?"
_WEEKDAY = rf"(?:(?P<wd>{_W}){_DOT}\s*,?\s*)?"


def _dmy(filler: bool) -> str:
    """Day, month and year, with a word between day and month ("1 de junio de 2014") or none. Apart, as
    two layouts: with the word optional in one, "1er Février à 21:24" would read "Février" as that word."""
    between = rf"(?P<f1>{_W})\s+" if filler else "(?P<f1>(?!))?"  # the group never matches
    return (
        rf"(?P<d>\d{{1,2}})(?!\d)(?P<sfx>{_W})?\.?\s*{between}(?P<mo>{_W}){_DOT}"
        rf"(?:\s*,?\s*(?:(?P<f2>{_W})\s+)?(?P<y>\d{{4}}|\d\d){_END})?"
    )


_DMY, _DMY_FILLER = _dmy(filler=False), _dmy(filler=True)
_MDY = rf"(?P<mo2>{_W}){_DOT}\s*(?P<d2>\d{{1,2}})(?!\d)(?P<sfx2>{_W})?(?:\s*,?\s*(?P<y2>\d{{4}}){_END})?"
_YMD = rf"(?P<y3>\d{{4}})(?!\d)\.?\s+(?P<mo3>{_W}){_DOT}\s*(?P<d3>\d{{1,2}})(?!\d)"
_NUMERIC = (
    r"(?:(?P<ya>\d{4})(?P<sa>[-/.])(?P<ma>\d{1,2})(?P=sa)(?P<da>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<sb>[-/.])(?P<b>\d{1,2})(?P=sb)(?P<yb>\d{4}|\d\d))" + _END
)

_DATE_FIRST = re.compile(rf"{_WEEKDAY}(?:{_DMY}|{_MDY}|{_NUMERIC}|{_YMD}){_AT}")
_DATE_FIRST_FILLER = re.compile(rf"{_WEEKDAY}{_DMY_FILLER}{_AT}")
_TIME_FIRST = re.compile(rf"{_TIME}{_AFTER}{_SEPARATOR}{_WEEKDAY}(?:{_DMY}|{_MDY})")
_TIME_FIRST_FILLER = re.compile(rf"{_TIME}{_AFTER}{_SEPARATOR}{_WEEKDAY}{_DMY_FILLER}")
# "Sun Nov  6 08:49:37 1994", "Tue Apr 4 00:22:12 PDT 1995": C's asctime and Unix date.
_ASCTIME = re.compile(
    rf"(?P<wd>{_W}){_DOT}\s*,?\s*(?P<mo2>{_W}){_DOT}\s*(?P<d2>\d{{1,2}})(?!\d)\s+{_TIME}{_AFTER}"
    rf"\s+(?P<y>\d{{4}}){_END}"
)
# "GMT 10:31 2018 Thursday ,04 January": the layout of Arabs Today and its sister sites.
_ZONE_TIME_YEAR = re.compile(
    rf"\s*(?:(?P<zw>{_W})(?P<zo>{_OFFSET})?\s+|(?P<oo>{_OFFSET})\s+)?{_TIME}\s+(?P<y>\d{{4}}){_END}"
    rf"\s+(?P<wd>{_W})\s*,\s*(?P<d>\d{{1,2}})\s+(?P<mo>{_W})"
)
_TIME_ALONE = re.compile(rf"{_TIME}{_AFTER}")
_DAY_WORD = re.compile(rf"(?P<dw>{_W}){_AT}")
# "3 hours ago", then "vor 2 Stunden": the amount before its word for ago is tried first.
_AGO = re.compile(
    rf"\s*(?:(?:(?P<n>\d{{1,4}}){_END}|(?P<nw>{_W}))?\s*(?P<u>{_W})\s+(?P<post>{_W}(?:\s{{1,2}}{_W}){{0,2}})"
    rf"|(?P<pre>{_W}(?:\s{{1,2}}{_W}){{0,2}})\s+(?:(?P<n2>\d{{1,4}}){_END}|(?P<nw2>{_W}))?\s*(?P<u2>{_W}))"
)
_AT_AFTER = re.compile(_AT)
_EAST_ASIAN = re.compile(
    r"(?P<y>\d{4})\s*(?P<ym>年|년)\s*(?P<mo>\d{1,2})\s*(?P<mm>月|월)\s*(?P<d>\d{1,2})\s*(?P<dm>日|일)"
    r"(?:\((?P<ws>[^\W\d_])\))?"
    r"(?:\s*(?P<ap>上午|下午|午前|午後|오전|오후)?\s*(?:(?P<h>\d{1,2}):(?P<mi>\d\d)(?::(?P<s>\d\d))?" + _END + r""
    r"|(?P<hc>\d{1,2})\s*(?P<hk>時|时|点|點|시)(?:\s*(?P<mc>\d{1,2})\s*(?P<mk>分|분))?))?"
)
# What the tokenizer would see next: a digit, a dotted abbreviation, a word, or another character.
_DOTTED_AT = re.compile(rf"(?i:{DOTTED})")
_SCAN = re.compile(rf"\s*(?:(?P<num>\d)|(?P<dotted>(?i:{DOTTED}))|(?P<word>{WORD})|(?P<other>\S))")
_CLUSTER = re.compile(r"\s+(\d+(?:[-./:]\d+)*)")
_TIME_CLUSTER = re.compile(r"\d{1,2}:\d\d(?::\d\d(?:\.\d{1,9}|:\d{3})?)?(?:-\d\d(?::?\d\d)?)?")
_AFTER_PARTS = re.compile(
    rf"\s*(?:(?P<ampm>[AaPp]\.\s?[Mm]\.?)|\((?P<pw>{_W})(?P<po>{_OFFSET})?\)|(?P<o>{_OFFSET})"
    rf"|(?P<w>{_WM})(?P<wo>{_OFFSET})?)"
)
# The next word as the tokenizer takes it, apostrophes and hyphens included: "à l'instant".
_NEXT_WORD = re.compile(rf"\s{{1,2}}((?>{WORD}))")
_LETTERED_OFFSET = re.compile(r"[+-][^\W\d_]{1,2}:\d")
_OFFSET_PREFIXES = frozenset(["gmt", "utc", "ut"])
_MINUS_AFTER = frozenset(["gmt", "utc", "ut", "am", "pm", "a.m.", "p.m."])
_NONE = (-1, -1)


class _Reader:
    """Walks the parts of a fitted layout left to right, as the tokenizer and the grouping would see them."""

    __slots__ = (
        "ampm_before",
        "draft",
        "end",
        "fields",
        "first_after",
        "given",
        "glue",
        "kind",
        "last_core",
        "recorder",
        "solid",
        "text",
    )

    def __init__(self, text: str, start: int, recorder: _Recorder | None = None) -> None:
        self.text = text
        self.draft = Draft()
        self.recorder = recorder  # notes what the reading consulted, to replay it (see _Plan)
        self.given: set[str] = set()  # fields put so far
        self.fields: list[_Field] = []  # how each field of the draft was found, when recording
        self.kind: T | None = None  # kind of the last part read
        self.ampm_before = False  # the last part read is a.m./p.m.
        self.end = start  # where the last part read ends
        self.last_core = 0  # length of the last core word (0: the last core part is no word)
        self.solid = 0  # joiners since the last core part
        self.glue = True  # no core part yet: what stands before the timestamp is no part of it
        self.first_after: W | None = None  # meaning of the first core word after the time

    def before(self, start: int) -> tuple[T | None, bool, bool, int]:
        """The token before a part as the tokenizer sees it (its kind, None for punctuation or too far
        back; whether it is a.m./p.m.; whether the part is glued to it) and the joiners between them.

        Raises _Unfit where the general reader's group would end before the part.
        """
        end = self.end
        if start == end:
            kind = self.kind
            return kind, self.ampm_before, kind is not None and kind is not T.WORD, 0
        gap = self.text[end:start]
        if gap == " ":
            return self.kind, self.ampm_before, False, 0
        punctuation, steps, joiners, joins, sentence = _gap(gap, _is_letter(self.text[start : start + 1]))
        # A dot after a long word ends a sentence before a space or a word: the group ends there.
        if not self.glue and (not joins or (sentence and self.last_core > 5) or self.solid + joiners > 3):
            raise _Unfit
        if punctuation or steps >= 3:
            return None, False, False, joiners
        return self.kind, self.ampm_before, False, joiners

    def word(self, start: int, end: int) -> tuple[W, int]:
        """Read the word at start:end: its meaning and value. A word in no table is not read (UNKNOWN)."""
        text = self.text
        if text[end : end + 1] == "." and end - start <= 3 and _DOTTED_AT.match(text, start) is not None:
            raise _Unfit  # the start of an abbreviation to the tokenizer: "So.發表."
        previous, after_ampm, glued, joiners = self.before(start)
        parenthesised = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
        found = _meaning(text[start:end], previous, after_ampm, glued, parenthesised)
        if self.recorder is not None:
            self.recorder.word(start, end, previous, after_ampm, glued, parenthesised, found)
        if found is None:
            raise _Unfit
        what, value, key = found
        if key in PHRASES and _phrase(text, key, end) is not None:
            raise _Unfit  # the start of a phrase of the tables
        if what is W.UNKNOWN:
            return what, 0
        self.kind, self.ampm_before, self.end = T.WORD, what is W.AMPM, end
        if what is not W.FILLER:
            self.glue, self.solid, self.last_core = False, 0, end - start
        elif not self.glue:
            self.solid += joiners + 1
            if self.solid > 3:
                raise _Unfit
        return what, value

    def expect(self, start: int, end: int, wanted: W) -> int:
        what, value = self.word(start, end)
        if what is not wanted:
            raise _Unfit
        return value

    def put(self, field: str, value: object, how: _How, span: tuple[int, int] = _NONE) -> None:
        """Set a field of the draft; note, when recording, which part of the text (`span`) it comes from.

        A field the text gives twice ("Fri ... Tuesday") is the general reader's to weigh: it refuses two
        values, and a plan would not know which came first.
        """
        if field in self.given:
            raise _Unfit
        self.given.add(field)
        setattr(self.draft, field, value)
        if self.recorder is not None:
            if span[0] >= 0:
                self.recorder.spans(*span)
            self.fields.append(_Field(field, how, span[0], -1, value if how is _How.CONSTANT else None))

    def part(self, kind: T, start: int, end: int) -> None:
        """Read a number, a cluster or an offset at start:end."""
        self.before(start)
        self.kind, self.ampm_before, self.end = kind, False, end
        self.glue, self.solid, self.last_core = False, 0, 0

    def fillers(self, match: re.Match[str], first: str, second: str | None = None) -> None:
        start, end = match.span(first)
        if start >= 0:
            self.expect(start, end, W.FILLER)
            if second is not None:
                start, end = match.span(second)
                if start >= 0:
                    self.expect(start, end, W.FILLER)

    def weekday(self, match: re.Match[str]) -> None:
        start, end = match.span("wd")
        if start >= 0:
            self.put("weekday", self.expect(start, end, W.WEEKDAY), _How.MEANING, (start, end))
            self.put("weekday_text", self.text[start:end], _How.TEXT, (start, end))

    def month(self, start: int, end: int) -> None:
        what, value = self.word(start, end)
        if what is W.SOLAR_MONTH:
            self.put("solar", True, _How.CONSTANT)
        elif what is not W.MONTH:
            raise _Unfit
        self.put("month", value, _How.MEANING, (start, end))

    def number(self, match: re.Match[str], name: str, field: str) -> int:
        start, end = match.span(name)
        self.part(T.NUM, start, end)
        value = int(self.text[start:end])
        self.put(field, value, _How.NUMBER, (start, end))
        return value

    def day(self, match: re.Match[str], name: str, suffix: str) -> None:
        self.number(match, name, "day")
        start, end = match.span(suffix)
        if start >= 0:
            self.expect(start, end, W.ORDINAL)  # "29th", "1er"

    def year(self, match: re.Match[str], name: str) -> None:
        start, end = match.span(name)
        if start >= 0:
            self.number(match, name, "year")
            self.put("year_digits", end - start, _How.DIGITS, (start, end))

    def date(self, match: re.Match[str]) -> None:
        """A date of one of four layouts: day month year, month day year, numeric, year month day."""
        if match.start("d") >= 0:
            self.day(match, "d", "sfx")
            self.fillers(match, "f1")
            self.month(*match.span("mo"))
            self.fillers(match, "f2")
            self.year(match, "y")
        elif match.start("d2") >= 0:
            self.month(*match.span("mo2"))
            self.day(match, "d2", "sfx2")
            self.year(match, "y2")
        elif match.start("d3") >= 0:
            self.year(match, "y3")
            self.month(*match.span("mo3"))
            self.number(match, "d3", "day")
        else:
            self.numeric_date(match)

    def numeric_date(self, match: re.Match[str]) -> None:
        if match.start("ya") >= 0:
            self.part(T.DATE, match.start("ya"), match.end("da"))
            for field, name in (("year", "ya"), ("month", "ma"), ("day", "da")):
                self.put(field, int(match[name]), _How.NUMBER, match.span(name))
        else:
            self.part(T.DMY, match.start("a"), match.end("yb"))
            self.draft.unordered = (int(match["a"]), int(match["b"]))
            if self.recorder is not None:
                self.recorder.spans(*match.span("a"))
                self.recorder.spans(*match.span("b"))
                self.fields.append(_Field("unordered", _How.PAIR, match.start("a"), match.start("b")))
            self.put("year", int(match["yb"]), _How.NUMBER, match.span("yb"))
            self.put("year_digits", len(match["yb"]), _How.DIGITS, match.span("yb"))

    def time(self, match: re.Match[str], *, after_date: bool, last: bool = True) -> None:
        """A time, and the words after it; "16.45" is a time after a date or before "Uhr" or p.m.

        `last`: nothing of the layout follows, so a word that is no part of a timestamp ends it there.
        """
        start, end = match.span("time")
        if start < 0:
            return
        hour, minute, second, h_minute, dot_minute = match.group("h", "mi", "s", "hmi", "dmi")
        self.part(T.TIME if dot_minute is None else T.DOTPAIR, start, end)
        self.put("hour", int(hour), _How.NUMBER, match.span("h"))
        if minute is not None:
            self.put("minute", int(minute), _How.NUMBER, match.span("mi"))
            if second is not None:
                seconds = int(second)  # a leap second is the last of its minute
                self.put("second", 59 if seconds == 60 else seconds, _How.SECOND, match.span("s"))
        elif h_minute is not None:
            self.put("minute", int(h_minute), _How.NUMBER, match.span("hmi"))  # "15h01"
        else:
            self.put("minute", int(dot_minute), _How.NUMBER, match.span("dmi"))
            fits = int(hour) <= 24 and int(dot_minute) <= 59
            if self.recorder is not None:
                self.recorder.check(_Check.HOUR_AND_MINUTE, match.start("h"), match.start("dmi"), fits)
            if not fits:
                raise _Unfit
        after_start, after_end = match.span("after") if "after" in match.re.groupindex else (0, 0)
        if after_start < after_end:
            self.after(after_start, after_end, last=last)
        if dot_minute is not None and not after_date and self.first_after not in (W.HOUR_MARK, W.AMPM):
            raise _Unfit

    def after(self, start: int, end: int, *, last: bool) -> None:
        """The words after a time: a.m./p.m., a zone or an offset, "Uhr", a weekday, a filler."""
        for item in _AFTER_PARTS.finditer(self.text, start, end):
            ampm, parenthesised, offset, word = item.group("ampm", "pw", "o", "w")
            if word is not None:
                if not self.after_word(*item.span("w"), item.span("wo")):
                    if last:
                        return  # the timestamp ends before the word
                    raise _Unfit
            elif ampm is not None:
                self.ampm(*item.span("ampm"))
                self.first_after = self.first_after or W.AMPM
            elif parenthesised is not None:
                self.zone(*item.span("pw"), item.span("po"))
                self.first_after = self.first_after or W.ZONE
            elif offset is not None:
                self.offset(*item.span("o"), glued_to_prefix=False)
                self.first_after = self.first_after or W.ZONE

    def after_word(self, start: int, end: int, offset: tuple[int, int]) -> bool:
        """Read a word after a time; False for a word in no table (the group ends before it)."""
        what, value = self.word(start, end)
        if what is W.UNKNOWN:
            return False
        if what is not W.FILLER:
            self.first_after = self.first_after or what
        draft = self.draft
        if what is W.ZONE and draft.zone is None:
            self._not_region(start, end)
            self.zone_found(start, end, value, offset)
        elif offset[0] >= 0:
            raise _Unfit
        elif what is W.AMPM and draft.ampm is None:
            self.put("ampm", value, _How.MEANING, (start, end))
        elif what is W.WEEKDAY and draft.weekday is None:
            self.put("weekday", value, _How.MEANING, (start, end))
            self.put("weekday_text", self.text[start:end], _How.TEXT, (start, end))
        elif what is not W.HOUR_MARK and what is not W.FILLER:
            raise _Unfit
        return True

    def _not_region(self, start: int, end: int) -> None:
        """A US region's word after a time ("4 p.m. Eastern") is a zone unless a headline goes on after it ("10:00
        Central bank ..."): the general reader looks at the word after it."""
        region = words.fold(self.text[start:end]) in words.ZONE_WORDS_AFTER_TIME
        if self.recorder is not None:
            self.recorder.check(_Check.REGION, start, -1, region)
        if region:
            raise _Unfit

    def ampm(self, start: int, end: int) -> None:
        previous, after_ampm, glued, _ = self.before(start)
        value = _dotted_ampm(self.text[start:end], previous, after_ampm, glued)
        if self.recorder is not None:
            self.recorder.dotted(start, end, previous, after_ampm, glued, value)
        if value is None or self.draft.ampm is not None:
            raise _Unfit
        self.put("ampm", value, _How.DOTTED, (start, end))
        self.kind, self.ampm_before, self.end = T.WORD, True, end
        self.glue, self.solid, self.last_core = False, 0, end - start

    def zone(self, start: int, end: int, offset: tuple[int, int]) -> None:
        what, value = self.word(start, end)
        if what is not W.ZONE or self.draft.zone is not None:
            raise _Unfit
        self.zone_found(start, end, value, offset)

    def zone_found(self, start: int, end: int, value: int, offset: tuple[int, int]) -> None:
        self.put("zone", value, _How.MEANING, (start, end))
        self.put("zone_text", self.text[start:end], _How.TEXT, (start, end))
        if offset[0] >= 0:
            prefix = self.text[start:end].lower() in _OFFSET_PREFIXES
            if self.recorder is not None:
                self.recorder.check(_Check.OFFSET_PREFIX, start, -1, prefix)
            if not prefix:
                raise _Unfit  # "CET+1": the tokenizer reads that sign otherwise
            self.offset(*offset, glued_to_prefix=True)

    def offset(self, start: int, end: int, *, glued_to_prefix: bool) -> None:
        """ "+0200", "-01:01", "GMT+7": one digit only right after GMT, UTC or UT."""
        sign, number = self.text[start], self.text[start + 1 : end]
        if sign == "-" and not self._minus_starts_offset(start):
            raise _Unfit
        self.part(T.OFFSET, start, end)
        if len(number) == 3 or (len(number) == 1 and not glued_to_prefix) or self.draft.offset is not None:
            raise _Unfit
        minutes_east = _offset_value(sign, number)
        colon = number.find(":")
        second = start + 2 + colon if colon >= 0 else -1  # where the minutes after a colon start
        if self.recorder is not None:
            self.recorder.spans(start + 1, start + 1 + colon if colon >= 0 else end)
            if colon >= 0:
                self.recorder.spans(second, end)
            self.recorder.check(_Check.OFFSET, start + 1, second, minutes_east is not None, sign)
        if minutes_east is None:
            raise _Unfit
        self.draft.offset = minutes_east
        if self.recorder is not None:
            self.fields.append(_Field("offset", _How.OFFSET, start + 1, second, sign))

    def _minus_starts_offset(self, start: int) -> bool:
        """A minus sign starts an offset after a space, after a time, or glued to GMT, UTC, a.m. or p.m."""
        text = self.text
        if (start > 0 and text[start - 1].isspace()) or not text[:start].strip():
            return True
        if self.end != start or self.kind is None:
            return False
        if self.kind is T.TIME:
            return True
        word_start = start
        while word_start > 0 and not text[word_start - 1].isspace():
            word_start -= 1
        follows = self.kind is T.WORD and "".join(text[word_start:start].lower().split()) in _MINUS_AFTER
        if self.recorder is not None:
            # The word's letters decide; a plan replays that when the word is one part (see _PARTS).
            if _parts_of(text).fullmatch(text, word_start, start) is None:
                self.recorder.usable = False
            self.recorder.check(_Check.MINUS, word_start, -1, follows)
        return follows


@functools.lru_cache(maxsize=1024)
def _gap(gap: str, word_after: bool) -> tuple[bool, int, int, bool, bool]:
    """What stands between two parts, as grouping sees it: (a punctuation mark other than "(" is the token
    before the next part, steps back to the part before (whitespace counts one), joiners, whether all of them
    join, whether a dot is among them before whitespace or a word: the next part when `word_after`)."""
    steps = joiners = 0
    punctuation = space = sentence = False
    joins = True
    for index, char in enumerate(gap):
        if char.isspace():
            steps += not space
            space = True
            continue
        space = False
        steps += 1
        joiners += 1
        punctuation = punctuation or char != "("
        joins = joins and char in PUNCT_JOINERS
        sentence = sentence or (
            char == "." and (gap[index + 1 : index + 2].isspace() or (index + 1 == len(gap) and word_after))
        )
    return punctuation, steps, joiners, joins, sentence


_AFTER_NUMBER = frozenset({T.TIME, T.NUM, T.DOTPAIR})


@functools.lru_cache(maxsize=8192)
def _word_meaning(raw: str, previous: T | None, after_ampm: bool, glued: bool) -> tuple[W, int, str] | None:
    """A word's meaning after a token of kind `previous`, its value and key; None when the tokenizer would
    not keep the word whole or needs more neighbours to read it (the T of ISO 8601, the Z of RFC 3339)."""
    if raw.isascii():
        key = raw.lower()
    else:
        key = words.fold(raw)
        if UNSPACED.search(raw) is not None and not is_one_word(raw.lower()):
            return None  # cut into words of the tables by the tokenizer
    if not (raw.islower() or raw.isupper() or raw.istitle()) and _cut_by_case(raw):
        return None  # cut in two by the tokenizer: "SeptemberRead"
    if key in ("t", "z"):
        return None
    if raw in words.ZONES_AFTER_TIME_ONLY and not after_ampm and previous not in _AFTER_NUMBER:
        return None  # "ET 10:00 2021 Friday ,10 December": a zone before the Arabs Today layout, a word elsewhere
    if key in WORDLIKE_WEEKDAYS and raw.islower():
        return None  # "jeu. 14 juillet": a weekday in lower case with its dot before a date, a word elsewhere
    if key in words.FINNISH_SHORT_WEEKDAYS and raw.islower():
        return None  # "ti helmi 16, 2015": a Finnish weekday before a Finnish month's name, a word elsewhere
    if key in words.GLUED_UNITS and previous is T.NUM and not glued:
        return None  # "2 y ago" (a unit) or "2 y 3" (a word for "and"): the word after it tells
    found = word_meaning(raw, key, previous, after_ampm, glued)
    if found is None:
        return W.UNKNOWN, 0, key
    what, value = found
    return what, value[0] if value else 0, key


def _meaning(
    raw: str, previous: T | None, after_ampm: bool, glued: bool, parenthesised: bool
) -> tuple[W, int, str] | None:
    """_word_meaning, and a place or a weekday sign standing in parentheses: "(Paris)", "(火)"."""
    found = _word_meaning(raw, previous, after_ampm, glued)
    if found is None or not parenthesised:
        return found
    key = found[2]
    if key in words.WEEKDAY_SIGNS:  # "(月)": a weekday, though the sign alone also marks a month
        return W.WEEKDAY, words.WEEKDAY_SIGNS[key], key
    if found[0] is W.UNKNOWN and key in words.PLACES:
        return W.ZONE, zone_id(words.PLACES[key]), key
    return found


def _dotted_ampm(raw: str, previous: T | None, after_ampm: bool, glued: bool) -> int | None:
    """The value of "a.m." or "p.m." after a token of kind `previous`; None if it is no a.m./p.m. there."""
    key = "".join(raw.lower().split())
    meaning = word_meaning(raw, key if key.isascii() else words.fold(key), previous, after_ampm, glued)
    if meaning is None or meaning[0] is not W.AMPM:
        return None
    return meaning[1][0]


def _offset_value(sign: str, number: str) -> int | None:
    """Minutes east of UTC of "+0200", "-01:01", "+7"; None when malformed."""
    if ":" in number:
        hours, minutes = number.split(":")
    else:
        hours, minutes = (number[:-2], number[-2:]) if len(number) > 2 else (number, "00")
    return offset_minutes(sign, hours, minutes)


def _cut_by_case(raw: str) -> bool:
    """A capital after a small letter inside a word: the tokenizer cuts the word there."""
    if raw.islower() or raw.isupper() or raw.istitle():
        return False  # most words: no small letter has a capital after it
    return any(after.isupper() and before.islower() for before, after in itertools.pairwise(raw))


def _phrase(text: str, key: str, end: int) -> tuple[tuple[str, ...], int] | None:
    """The phrase of the tables that the tokenizer reads from the word `key` ending at `end`, and where
    the phrase ends; None if there is none."""
    matches: list[re.Match[str]] = []
    position = end
    while len(matches) < 4:
        match = _NEXT_WORD.match(text, position)
        if match is None:
            break
        matches.append(match)
        position = match.end()
    phrase = _phrase_of(key, tuple(match[1] for match in matches))
    if phrase is None:
        return None
    return phrase, matches[len(phrase) - 2].end()


@functools.lru_cache(maxsize=4096)
def _phrase_of(key: str, following: tuple[str, ...]) -> tuple[str, ...] | None:
    """The phrase of the tables that starts with `key` and goes on with the words `following` (as
    written), or None. Raises _Unfit where the tokenizer would cut one of those words."""
    folded: list[str] = []
    for word in following:
        if _cut_by_case(word) or (UNSPACED.search(word) is not None and not is_one_word(word.lower())):
            raise _Unfit  # the tokenizer cuts it, and compares its first piece
        folded.append(words.fold(word))
    for parts in PHRASES[key]:  # longest first, as the tokenizer tries them
        if list(parts[1:]) == folded[: len(parts) - 1]:
            return parts
    return None


def read_shape(text: str) -> Draft | None:
    """The fields of the first timestamp in `text` when it has a common layout, else None (the general
    reader decides).

    The text before the timestamp must hold no part of one (labels such as "Published on", a headline, a
    dateline), and the timestamp must end where the general reader's group ends. The draft is what the
    general reader assembles: a.m./p.m. not yet applied, a numeric day and month not yet ordered, years
    as written.
    """
    if "&" in text:
        return None  # entities: the general reader decodes them
    if ("<" in text or "%" in text) and MARKUP.search(text) is not None:
        return None  # tags and a URL's escapes: so does it
    mapped, shape, classes = _mapped_shape(text)
    if not shape:
        return None
    plans = _PLANS.get(shape, ())
    for plan in plans:
        outcome = plan.replay(mapped, classes)
        if isinstance(outcome, Draft):
            return outcome
        if outcome is _Outcome.NO_LAYOUT:
            return None
        if outcome is not None:
            raise NothingToRead(weak_groups=outcome is _Outcome.NOTHING_AFTER_WEAK_GROUPS)
    recorder = _Recorder(mapped)
    try:
        reader = _read_layout(mapped, recorder)
    except NothingToRead as nothing:
        weak = nothing.weak_groups
        _remember(shape, plans, recorder, (), _Outcome.NOTHING_AFTER_WEAK_GROUPS if weak else _Outcome.NOTHING)
        raise
    if reader is None:
        _remember(shape, plans, recorder, (), _Outcome.NO_LAYOUT)
        return None
    _remember(shape, plans, recorder, reader.fields, _Outcome.DRAFT)
    return reader.draft


def _mapped_shape(text: str) -> tuple[str, str, bytes]:
    """The text as layouts read it (digits and spaces of other scripts mapped, a zone glued to a headline cut
    off), its shape, and the classes of its characters its shape was known by (empty where it was not): the
    parts of a text follow from those classes too."""
    dotted = b""
    if text.isascii():
        classes = text.encode().translate(_ASCII_SHAPE)
        known = _SHAPES_OF_CLASSES.get(classes)
        if known is not None:
            return text, known, classes
        if b"." in classes:
            dotted = text.encode().translate(_DOTTED_SHAPE)
            known = _DOTTED_SHAPES.get(dotted)
            if known is not None:
                return text, known, dotted
    else:
        text = map_chars(text)
        # Other characters stand as written (in UTF-8) in the classes: a text's shape holds for those.
        classes = text.encode().translate(_ASCII_SHAPE)
        known = _SHAPES_OF_CLASSES.get(classes)
        if known is not None:
            return text, known, classes
    if _ZONE_BEFORE_LAYOUT.search(text) is not None:
        return text, "", b""  # no shape: the general reader cuts the zone off
    # Capitals that end a longer word ("DECEMBER 16") are weighed by no letter: the shape of such a text still
    # follows from its classes.
    glued = any(_after_a_word(match) for match in _CAPITALS_BEFORE_NUMBER.finditer(text))
    if glued:
        unglued = _unglue_zones(text)
        if unglued is None:
            return text, "", b""
        text = unglued
    shape = _shape(text)
    if classes and not glued:
        if _ABBREVIATION_IN_SHAPE.search(shape) is None:
            # Nothing of this shape depends on which letters the text has: it holds for the classes.
            _keep_shape(_SHAPES_OF_CLASSES, classes, shape)
        elif dotted:
            # Its dotted letters depend on no letters but those of "a.m.", "p.m." and "n. Chr.".
            _keep_shape(_DOTTED_SHAPES, dotted, shape)
    return text, shape, b""


def _keep_shape(shapes: dict[bytes, str], classes: bytes, shape: str) -> None:
    if len(shapes) >= _MOST_CLASSES:
        shapes.clear()
    shapes[classes] = shape


# The shapes of texts (their digits and spaces of other scripts mapped) by the class of each character (an
# ASCII small letter, capital or digit, or the character itself), where the shape follows from those alone:
# without capitals that start a word before a number (perhaps a zone glued to a headline) nor dotted letters (which the
# tokenizer reads by their letters).
_SHAPES_OF_CLASSES: dict[bytes, str] = {}
_MOST_CLASSES = 4096
# The shapes of ASCII texts with dots, by classes that keep apart the letters the tokenizer reads dotted
# abbreviations by (those of "a.m.", "p.m." and "n. Chr."/"v. Chr.", in either case): where its dotted
# letters are all that depends on letters, the shape follows from those.
_DOTTED_SHAPES: dict[bytes, str] = {}
_ABBREVIATION_IN_SHAPE = re.compile(r"[\x03\x05]|a\.\s?a")


def _remember(
    shape: str, plans: Sequence[_Plan], recorder: _Recorder, fields: Sequence[_Field], outcome: _Outcome
) -> None:
    """Keep the plan of a reading for the texts of its shape, the latest first."""
    if not recorder.usable:
        return
    made = _Plan.of(recorder, fields, outcome, shape)
    if made is not None:
        if len(_PLANS) >= _MOST_SHAPES:
            _PLANS.clear()  # shapes beyond the usual few hundred: start again
        _PLANS[shape] = [made, *plans[: _MOST_PLANS_PER_SHAPE - 1]]


def _read_layout(text: str, recorder: _Recorder) -> _Reader | None:
    """The reading of the first layout that fits the text, or None."""
    prefix = _Prefix(text, recorder)
    try:
        position = prefix.start()
    except _Unfit:
        return None
    if position is None:
        raise NothingToRead(weak_groups=prefix.weak_groups)
    reader = _read_at(text, position, prefix, recorder)
    if reader is None and position != prefix.strong:
        # Number words and units that join the group but read as nothing ("three days GMT 18:45"): the
        # timestamp after them, unless an amount of time ago could take them in.
        reader = _read_at(text, prefix.strong, prefix, recorder)
        if reader is not None and reader.draft.relative:
            return None
    return reader


def _read_at(text: str, position: int, prefix: _Prefix, recorder: _Recorder) -> _Reader | None:
    first = text[position]
    layouts = _BY_DIGIT if first.isdigit() else _BY_LETTER if first.isalpha() else _BY_SIGN
    # Each layout that fits is checked against the general reader's rules on its own, so when one does
    # not fit after all, the next may. Layouts that read more come first: once one has read its parts
    # and the group goes on, no other can read that group.
    for pattern, read in layouts:
        match = pattern.match(text, position)
        if match is not None:
            reader = _Reader(text, position, recorder)
            try:
                read(reader, match)
            except _Unfit:
                continue
            try:
                _group_ends(reader)
            except _Unfit:
                return None
            draft = reader.draft
            if prefix.weak_groups and draft.hour is None and draft.month is None and not draft.relative:
                return None  # a weekday or "yesterday" alone, after another group: the general reader refuses
            return reader
    return None


class _Prefix:
    """Scans the text before a timestamp, which must form no group of the general reader but groups of
    number words and units alone ("UN envoy", "one of three"): those never read as anything."""

    __slots__ = ("joiners", "pending", "recorder", "strong", "text", "weak_groups")

    def __init__(self, text: str, recorder: _Recorder | None = None) -> None:
        self.text = text
        self.recorder = recorder
        self.pending: int | None = None  # where a run of number words and units started
        self.strong = -1  # where the first part of a timestamp after that run stands
        self.joiners = 0
        self.weak_groups = False  # such a run was met

    def found(self, start: int) -> int:
        """A part of a timestamp at `start`: the group starts there, or with the run of number words and
        units just before it."""
        self.strong = start
        return self.pending if self.pending is not None else start

    def start(self) -> int | None:
        """Where the first token that may be part of a timestamp stands; None if there is none."""
        text = self.text
        position = 0
        while True:
            match = _SCAN.match(text, position)
            if match is None:
                return None
            kind = match.lastgroup or "other"
            start = match.start(kind)
            if kind == "num":
                return self.found(start)
            position = match.end()
            if kind == "other":
                char = match["other"]
                if char in "+-" and text[start + 1 : start + 2].isdigit():
                    return self.found(start)  # an offset: "+0200 16:37"
                if char in "'’" and text[start + 1 : start + 2].isdigit():
                    raise _Unfit  # perhaps a year: "'96"
                if char in PUNCT_JOINERS and self.joiners < 3:
                    self.joiners += 1
                else:
                    self.pending = None  # a group ends here
            elif kind == "dotted":
                self.dotted(text[start:position])
            else:
                found = self.word(start, position)
                if isinstance(found, int):
                    return found
                position = found[1]

    def dotted(self, raw: str) -> None:
        key = "".join(raw.lower().split())
        meaning = word_meaning(raw, key if key.isascii() else words.fold(key), None, False, False)
        if meaning is not None and meaning[0] is not W.FILLER:
            raise _Unfit
        self.ended() if meaning is None else self.joined()

    def word(self, start: int, end: int) -> int | tuple[None, int]:
        """The start of a part of a timestamp in the word at start:end, or (None, where to go on)."""
        text = self.text
        recorder = self.recorder
        try:
            pieces = _pieces(text[start:end], start)
        except _Unfit:
            if recorder is not None:
                recorder.usable = False
            raise
        if recorder is not None and len(pieces) > 1 and not text.isascii():
            recorder.usable = False  # only ASCII parts are cut where the tokenizer cuts
        for piece_start, piece_end in pieces:
            piece = text[piece_start:piece_end]
            found = _word_meaning(piece, None, False, False)
            if recorder is not None:
                recorder.word(piece_start, piece_end, None, False, False, False, found)
            if found is None:
                raise _Unfit
            what, _, key = found
            if key in PHRASES:
                phrase = _phrase(text, key, piece_end)
                if phrase is not None:
                    parts, end = phrase
                    what = _phrase_meaning(text[piece_start:end], parts, None, False, False)
                    key = " ".join(parts)  # "il y a": the phrase says "ago", not its first word
                    piece_end = end
            if what is W.UNKNOWN:
                glued_zone = _glued_zone(text, piece, piece_end)
                if glued_zone < 0:
                    if recorder is not None:
                        recorder.usable = False
                    raise _Unfit  # the general reader looks at the words before
                if recorder is not None:  # a word in capitals elsewhere may hold a zone
                    recorder.check(_Check.GLUED_ZONE, piece_start, -1, glued_zone > 0)
                if glued_zone:
                    return self.found(piece_start + glued_zone)
                self.ended()
            elif what is W.FILLER:
                self.joined()
            elif what is W.WEAK and key not in words.AGO:
                if recorder is not None:
                    recorder.check(_Check.AGO, piece_start, -1, False)
                self.pending = piece_start if self.pending is None else self.pending
                self.joiners = 0
                self.weak_groups = True
            else:
                if recorder is not None and what is W.WEAK:
                    recorder.check(_Check.AGO, piece_start, -1, True)
                return self.found(piece_start)
        return None, piece_end

    def ended(self) -> None:
        self.pending = None
        self.joiners = 0

    def joined(self) -> None:
        if self.joiners < 3:
            self.joiners += 1
        else:
            self.ended()


# ---------------------------------------------------------------------------------------------
# Plans: a reading replayed on texts of the same shape
#
# Reading a layout costs many small steps. Texts of one shape (the same punctuation and spaces, runs of
# letters and of as many digits in the same places: "a 00, 0000 00:00 a a") are read alike, except where
# the reading looks at letters (what a word means next to its neighbour) or at the value of a number (a
# dotted pair that is no time, an offset out of range). A plan is recorded from one full reading: every
# such look with what it saw, and where each field of the draft came from. Another text of the shape is
# read by the plan when every look sees the same again; otherwise it is read in full. Nothing about any
# one text is kept: a plan serves every text of its shape, whatever its words and numbers.


class _HowTaken(enum.IntEnum):
    """Where a field of the draft comes from."""

    CONSTANT = 1
    NUMBER = 2  # the number
    DIGITS = 3  # how many digits it has
    SECOND = 4  # the number, a leap second as 59
    MEANING = 5  # the value of the word's meaning
    NEGATIVE = 6  # minus that value
    TEXT = 7  # the word as written
    DOTTED = 8  # the value of "a.m."/"p.m."
    PAIR = 9  # the second number of a day and month still to order
    OFFSET = 10  # the offset's minutes
    AMOUNT = 11  # seconds of a count of units ago
    AMOUNT_MONTHS = 12  # months of a count of units ago


# _How.NUMBER, ...: the members as plain class attributes, reached quicker (see plain_members).
if TYPE_CHECKING:
    _How = _HowTaken
else:
    _How = plain_members(_HowTaken)


class _Looked(enum.IntEnum):
    """What a reading looked at, beside word meanings."""

    HOUR_AND_MINUTE = 1  # "16.45" is a time: hour up to 24, minute up to 59
    OFFSET = 2  # the offset is in range
    NUMBER_WORD = 3  # the word is a number word
    UNIT = 4  # the word is a unit
    AGO = 5  # the word says "ago"
    GLUED_ZONE = 6  # a zone ends the word in capitals
    CAPITALS = 7  # the word is 2 to 6 ASCII capitals
    OFFSET_PREFIX = 8  # the word is GMT, UTC or UT, to which an offset may be glued
    MINUS = 9  # the word lets a minus sign glued after it start an offset
    LONE_UNIT = 10  # the unit, without a number, stands for one of it: no plural ("час", not "hours")
    REGION = 11  # the word is a US region's ("Eastern"), a zone only before no other word (the general reader's)


if TYPE_CHECKING:
    _Check = _Looked
else:
    _Check = plain_members(_Looked)


class _WordLook(NamedTuple):
    """A word's meaning looked up with its neighbour: `what` it meant, whether it is longer than 5, and
    the phrase of the tables it started with the words after it (`following`, at most 4), if any, and what
    that phrase meant. Those are noted only for a word that may start a phrase (`phrases`); a text whose
    word there may, while the noted one could not, is read in full. A word that is no word to look up (the
    T of ISO 8601, a word the tokenizer cuts) ends the reading where it stands: `what` is None, and a plan
    replays that only for the same word as `written`."""

    part: int
    previous: T | None
    after_ampm: bool
    glued: bool
    parenthesised: bool
    what: W | None
    long: bool
    phrases: bool
    phrase: tuple[str, ...] | None
    following: tuple[int, ...]
    written: str = ""
    phrase_what: W | None = None


class _DottedLook(NamedTuple):
    """ "a.m." or "p.m." looked up after its neighbour: whether it was one."""

    part: int
    previous: T | None
    after_ampm: bool
    glued: bool
    ampm: bool


class _CheckLook(NamedTuple):
    """A check on letters or on the value of numbers, and its outcome."""

    check: _Check
    part: int
    other: int  # a second part, or -1
    sign: str  # an offset's sign
    outcome: bool


class _Field(NamedTuple):
    """Where a field of the draft comes from: parts of the text (positions while recording)."""

    name: str
    how: _How
    first: int
    second: int = -1
    constant: object = None


class _LettersLook(NamedTuple):
    """Letters between two digits, which layouts and the tokenizer read by their letters ("15h01", the T of
    ISO 8601): the shape marks where they stand, the plan what they are."""

    part: int
    written: str


_Look = _WordLook | _DottedLook | _CheckLook | _LettersLook


class _Recorder:
    """Notes the looks of one reading of a text, with positions in the text, to make a plan of it."""

    __slots__ = ("ends", "looks", "text", "usable")

    def __init__(self, text: str) -> None:
        self.text = text
        self.looks: list[_Look] = []
        self.ends: dict[int, int] = {}  # where each part looked at ends, by where it starts
        self.usable = True  # False once the reading looked at something a plan does not replay

    def spans(self, start: int, end: int) -> None:
        """Note that a look covered start:end: a plan needs each to be exactly one part of the text."""
        if self.ends.setdefault(start, end) != end:
            self.usable = False

    def word(
        self,
        start: int,
        end: int,
        previous: T | None,
        after_ampm: bool,
        glued: bool,
        parenthesised: bool,
        found: tuple[W, int, str] | None,
    ) -> None:
        if found is None:
            self.spans(start, end)
            written = self.text[start:end]
            self.looks.append(
                _WordLook(start, previous, after_ampm, glued, parenthesised, None, False, False, None, (), written)
            )
            return
        phrase: tuple[str, ...] | None = None
        phrase_what: W | None = None
        following = tuple[int, ...]()
        if found[2] in PHRASES:
            try:
                located = _phrase(self.text, found[2], end)
            except _Unfit:
                self.usable = False
                return
            if located is not None:
                phrase = located[0]
                phrase_what = _phrase_meaning(self.text[start : located[1]], phrase, previous, after_ampm, glued)
            following = tuple(match.start(1) for match in _following_words(self.text, end))
        self.spans(start, end)
        long = end - start > 5
        phrases = found[2] in PHRASES
        self.looks.append(
            _WordLook(
                start,
                previous,
                after_ampm,
                glued,
                parenthesised,
                found[0],
                long,
                phrases,
                phrase,
                following,
                "",
                phrase_what,
            )
        )

    def dotted(
        self, start: int, end: int, previous: T | None, after_ampm: bool, glued: bool, value: int | None
    ) -> None:
        self.spans(start, end)
        self.looks.append(_DottedLook(start, previous, after_ampm, glued, value is not None))

    def letters(self, start: int, end: int) -> None:
        """Letters the reading needed as they are written."""
        self.spans(start, end)
        self.looks.append(_LettersLook(start, self.text[start:end]))

    def check(self, check: _Check, start: int, other: int, outcome: bool, sign: str = "") -> None:
        """A check on the part at `start` (and `other`), whose span a word or number look notes."""
        self.looks.append(_CheckLook(check, start, other, sign, outcome))


class _Result(enum.Enum):
    """What a reading came to."""

    DRAFT = 1
    NO_LAYOUT = 2  # no layout fits: the general reader decides
    NOTHING = 3  # no token could be part of a timestamp (NothingToRead)
    NOTHING_AFTER_WEAK_GROUPS = 4  # the same, with groups of number words and units alone


if TYPE_CHECKING:
    _Outcome = _Result
else:
    _Outcome = plain_members(_Result)


class _Plan:
    """How a text of one shape is read: the looks to see again, what the reading came to, and where each
    field of its draft comes from."""

    __slots__ = (
        "ascii_parts",
        "checks",
        "derived",
        "digits",
        "dotted_looks",
        "letter_looks",
        "letters",
        "looked",
        "meanings",
        "numbers",
        "outcome",
        "patterns",
        "seen",
        "slicers",
        "texts",
        "valued",
        "word_looks",
        "words",
    )

    def __init__(
        self,
        looks: tuple[_Look, ...],
        fields: tuple[_Field, ...],
        outcome: _Outcome,
        letters: re.Pattern[str],
        ascii_parts: re.Pattern[str],
    ) -> None:
        self.letters = letters.findall  # the parts of a text that is not ASCII
        self.ascii_parts = ascii_parts.findall  # the parts of an ASCII text
        self.patterns = (ascii_parts, letters)
        # The parts of texts by the classes their shape was known by, as one getter of their slices: shared by
        # the plans that cut texts by the same patterns.
        self.slicers = _SLICERS.setdefault(self.patterns, {})
        # Word looks apart, each with what it saw of the words met so far: most texts of a shape repeat
        # a few words (month names, "at", zones), and seeing one again is then one dictionary lookup.
        self.word_looks: tuple[tuple[int, dict[str, int | None], _WordLook], ...] = tuple(
            (look.part, {}, look) for look in looks if isinstance(look, _WordLook)
        )
        # The parts the word looks are at, and what they saw of the words met there together with the
        # words a phrase may go on with: the words of a shape's texts come in few combinations, each seen
        # again with one lookup.
        self.looked = tuple(part for part, _, _ in self.word_looks)
        following = (part for _, _, look in self.word_looks for part in look.following)
        keyed = tuple(dict.fromkeys((*self.looked, *following)))
        self.words = operator.itemgetter(*keyed) if keyed else None
        self.seen: dict[object, tuple[int, ...] | None] = {}
        last = {part: index for index, part in enumerate(self.looked)}  # the last look at each part
        # The other looks by kind, so that replaying one asks nothing of its type.
        self.letter_looks = tuple((look.part, look.written) for look in looks if isinstance(look, _LettersLook))
        self.dotted_looks = tuple(look for look in looks if isinstance(look, _DottedLook))
        self.checks = tuple((_CHECKERS[look.check], look) for look in looks if isinstance(look, _CheckLook))
        self.outcome = outcome
        # The fields taken as they are, each as (name, part) by how it is taken, and those derived apart.
        self.numbers = _fields_taken(fields, _How.NUMBER)
        self.meanings = tuple((name, last[part]) for name, part in _fields_taken(fields, _How.MEANING))
        self.texts = _fields_taken(fields, _How.TEXT)
        self.digits = _fields_taken(fields, _How.DIGITS)
        self.derived = tuple((_DERIVERS[field.how], field) for field in fields if field.how not in _PLAIN)
        # Whether a replay needs the values of the parts looked at, by part.
        self.valued = bool(self.dotted_looks) or any(field.how in _VALUED for _, field in self.derived)

    @staticmethod
    def of(recorder: _Recorder, fields: Sequence[_Field], outcome: _Outcome, shape: str) -> _Plan | None:
        """The plan of a reading of a text of `shape`, positions become indices of the text's parts; None if it
        cannot be one."""
        text = recorder.text
        matches = list(_parts_of(text).finditer(text))
        starts = {match.start(): (number, match.end()) for number, match in enumerate(matches)}
        dotted = [(start, end) for start, end, ampm in abbreviations(text.lower()) if not ampm]
        between = tuple(
            _LettersLook(number, match[0])
            for number, match in enumerate(matches)
            if _is_letter(match[0][0])
            and (_between_digits(text, *match.span()) or any(a <= match.start() < b for a, b in dotted))
        )
        for start, end in recorder.ends.items():
            if starts.get(start, (-1, -1))[1] != end:
                return None  # the reading looked at less or more than one run of letters or digits

        def part(start: int) -> int:
            if start < 0:
                return -1
            if start not in starts:
                raise _Unfit  # the reading looked at something that starts inside a run of letters or digits
            return starts[start][0]

        def word_look(look: _WordLook) -> _WordLook:
            # The words after a phrase's first, by parts: each one run of letters, the next ones.
            following = tuple(part(start) for start in look.following)
            index = part(look.part)
            if following != tuple(range(index + 1, index + 1 + len(following))):
                raise _Unfit
            return look._replace(part=index, following=following)

        try:
            looks = tuple(
                dict.fromkeys(
                    word_look(look)
                    if isinstance(look, _WordLook)
                    else look._replace(part=part(look.part), other=part(look.other))
                    if isinstance(look, _CheckLook)
                    else look._replace(part=part(look.part))
                    for look in recorder.looks
                )
            )
            placed = tuple(field._replace(first=part(field.first), second=part(field.second)) for field in fields)
        except _Unfit:
            return None
        letters = _PARTS if _MARK.search(text) is not None else _PLAIN_PARTS
        ascii_parts = _ASCII_PARTS if _JOINED_IN_SHAPE.search(shape) is not None else _ASCII_RUNS
        return _Plan(between + looks, placed, outcome, letters, ascii_parts)

    def replay(self, text: str, classes: bytes = b"") -> Draft | _Outcome | None:
        """What reading a text of the plan's shape comes to (its draft, or another outcome), or None where
        its words or numbers differ in what the reading looked at. `classes`: those its shape was known by,
        if any."""
        parts: Sequence[str]
        if classes:
            slicer = self.slicers.get(classes)
            if slicer is None:
                slicer = self._slicer(text, classes)
            parts = slicer(text)
        else:
            # Marks stand in the shape as written: the texts of a plan all have some, or none.
            parts = self.ascii_parts(text) if text.isascii() else self.letters(text)
        meanings: tuple[int, ...] = ()
        if self.words is not None:
            key = self.words(parts)
            seen = self.seen.get(key, _UNSEEN)
            if seen is _UNSEEN:
                seen = self._see(key, parts)
            if seen is None:
                return None
            meanings = seen
        for part, written in self.letter_looks:
            if parts[part] != written:
                return None
        # The value of each part looked at (the last look's, where two looked at one part).
        values = dict(zip(self.looked, meanings, strict=True)) if self.valued else {}
        for dotted in self.dotted_looks:
            ampm = _dotted_again(dotted, parts)
            if ampm is None:
                return None
            values[dotted.part] = ampm
        for checked, check in self.checks:
            if checked(check, parts) is not check.outcome:
                return None
        if self.outcome is not _Outcome.DRAFT:
            return self.outcome
        draft = Draft()
        for name, part in self.numbers:
            setattr(draft, name, NUMBERS[parts[part]])
        for name, index in self.meanings:
            setattr(draft, name, meanings[index])
        for name, part in self.texts:
            setattr(draft, name, parts[part])
        for name, part in self.digits:
            setattr(draft, name, len(parts[part]))
        for derive, field in self.derived:
            derived = derive(field, parts, values)
            if derived is _DIFFERENT:
                return None
            setattr(draft, field.name, derived)
        return draft

    def _slicer(self, text: str, classes: bytes) -> _Slicer:
        """The getter of the parts of the texts of these classes (those of `text`): where the parts of a text
        start and end follows from the classes its shape was known by (case, digits, the letters of a.m. and
        p.m., all else as written)."""
        ascii_parts, letters = self.patterns
        pattern = ascii_parts if text.isascii() else letters
        spans = [slice(*match.span()) for match in pattern.finditer(text)]
        if len(spans) > _MOST_PARTS_SLICED:
            return pattern.findall  # a text of many parts, not kept
        slicer = _slices(spans)
        if len(self.slicers) >= _MOST_CLASSES_SLICED:
            self.slicers.clear()
        self.slicers[classes] = slicer
        return slicer

    def _see(self, key: object, parts: Sequence[str]) -> tuple[int, ...] | None:
        """The values the word looks see in a combination of words not met yet (None where one differs),
        kept for that combination: it holds the words after a phrase's first, all a look depends on."""
        values: list[int] = []
        for part, seen, word_look in self.word_looks:
            raw = parts[part]
            value = seen[raw] if raw in seen else _see_again(word_look, seen, parts)
            if value is None:
                break
            values.append(value)
        found = tuple(values) if len(values) == len(self.word_looks) else None
        if len(self.seen) >= _MOST_WORDS_SEEN:
            self.seen.clear()
        self.seen[key] = found
        return found


_PLAIN = frozenset({_How.NUMBER, _How.MEANING, _How.TEXT, _How.DIGITS})
_Slicer = Callable[[str], Sequence[str]]
# Getters of the parts of texts by their classes, a table for each pair of patterns (for ASCII text and other)
# plans cut texts by; each kept for a text of at most so many parts.
_SLICERS: dict[tuple[re.Pattern[str], re.Pattern[str]], dict[bytes, _Slicer]] = {}
_MOST_CLASSES_SLICED = 1024
_MOST_PARTS_SLICED = 64


def _slices(spans: list[slice]) -> _Slicer:
    """A getter of the parts of a text where they stand."""
    if len(spans) == 1:
        only = spans[0]
        return lambda other: (other[only],)
    return operator.itemgetter(*spans) if spans else lambda other: ()


_UNSEEN: tuple[int, ...] = (-1,)  # no combination of words maps to this very tuple


def _fields_taken(fields: Sequence[_Field], how: _How) -> tuple[tuple[str, int], ...]:
    """The fields taken as they are in one way, each as (name, part)."""
    return tuple((field.name, field.first) for field in fields if field.how is how)


def _see_again(look: _WordLook, seen: dict[str, int | None], parts: Sequence[str]) -> int | None:
    """A word look on a word not seen yet: what it sees, kept for the word where that holds wherever it
    stands (see _look_again)."""
    raw = parts[look.part]
    value, keep = _look_again(look, raw, parts)
    if keep:
        if len(seen) >= _MOST_WORDS_SEEN:
            seen.clear()
        seen[raw] = value
    return value


def _dotted_again(look: _DottedLook, parts: Sequence[str]) -> int | None:
    """ "a.m."/"p.m." looked at again: its value (0 where it is none, as noted), or None where it differs."""
    ampm = _dotted_ampm(parts[look.part], look.previous, look.after_ampm, look.glued)
    if (ampm is not None) != look.ampm:
        return None
    return ampm or 0


def _look_again(look: _WordLook, raw: str, parts: Sequence[str]) -> tuple[int | None, bool]:
    """What a word look sees in `raw`: the value of its meaning when it means what the plan noted, else
    None; and whether that holds for the word wherever it stands (not so for the first word of a phrase,
    which depends on the words after it)."""
    found = (
        _meaning(raw, look.previous, look.after_ampm, look.glued, True)
        if look.parenthesised
        else _word_meaning(raw, look.previous, look.after_ampm, look.glued)
    )
    if look.what is None:
        return (0 if raw == look.written else None), True  # 0: no field comes from it
    if found is None or found[0] is not look.what or (len(raw) > 5) is not look.long:
        return None, True
    if found[2] in PHRASES:
        if not look.phrases:
            return None, False
        try:
            phrase = _phrase_of(found[2], tuple(parts[index] for index in look.following))
        except _Unfit:  # the tokenizer would cut one of those words
            return None, False
        if phrase != look.phrase:
            return None, False
        if phrase is not None:
            written = " ".join(parts[index] for index in (look.part, *look.following[: len(phrase) - 1]))
            if _phrase_meaning(written, phrase, look.previous, look.after_ampm, look.glued) is not look.phrase_what:
                return None, False
        return found[1], False
    if look.phrase is not None:
        return None, True  # the noted word started a phrase, and this one cannot
    return found[1], True


def _phrase_meaning(written: str, phrase: tuple[str, ...], previous: T | None, after_ampm: bool, glued: bool) -> W:
    """What a phrase of the tables means, written so (its words one space apart, as the tokenizer joins them)."""
    meaning = word_meaning(" ".join(written.split()), " ".join(phrase), previous, after_ampm, glued)
    return meaning[0] if meaning is not None else W.UNKNOWN


_MOST_WORDS_SEEN = 256
_DIFFERENT = object()


def _following_words(text: str, end: int) -> list[re.Match[str]]:
    """The words after `end` that a phrase could go on with (one or two spaces apart), at most 4."""
    found: list[re.Match[str]] = []
    position = end
    while len(found) < 4:
        match = _NEXT_WORD.match(text, position)
        if match is None:
            break
        found.append(match)
        position = match.end()
    return found


def _glued_zone_seen(look: _CheckLook, parts: Sequence[str]) -> bool | None:
    # Neither where the zone is refused: no plan replays a refusal, the general reader gives it.
    raw = parts[look.part]
    cut = _zone_cut_alone(raw) if _capitals(raw) else 0
    return None if cut < 0 else cut > 0


_Checker = Callable[[_CheckLook, Sequence[str]], bool | None]
# What each check sees in a text's parts. A plan takes the function of each of its checks once, where asking
# the kind of the check at every replay would cost more than most checks.
_CHECKERS: dict[_Check, _Checker] = {
    _Check.HOUR_AND_MINUTE: lambda look, parts: NUMBERS[parts[look.part]] <= 24 and NUMBERS[parts[look.other]] <= 59,
    _Check.OFFSET: lambda look, parts: (
        _offset_value(look.sign, _offset_number(parts, look.part, look.other)) is not None
    ),
    _Check.NUMBER_WORD: lambda look, parts: bool(words.NUMBER_WORDS.get(words.fold(parts[look.part]), 0)),
    _Check.UNIT: lambda look, parts: words.UNITS.get(words.fold(parts[look.part])) is not None,
    _Check.AGO: lambda look, parts: words.fold(parts[look.part]) in words.AGO,
    _Check.LONE_UNIT: lambda look, parts: words.fold(parts[look.part]) not in words.PLURAL_UNITS,
    _Check.REGION: lambda look, parts: words.fold(parts[look.part]) in words.ZONE_WORDS_AFTER_TIME,
    _Check.OFFSET_PREFIX: lambda look, parts: parts[look.part].lower() in _OFFSET_PREFIXES,
    _Check.MINUS: lambda look, parts: parts[look.part].lower() in _MINUS_AFTER,
    _Check.GLUED_ZONE: _glued_zone_seen,
    _Check.CAPITALS: lambda look, parts: _capitals(parts[look.part]),
}


def _offset_number(parts: Sequence[str], first: int, second: int) -> str:
    """An offset's number: one run of digits, or two joined by a colon (the colon is in the shape)."""
    return parts[first] if second < 0 else f"{parts[first]}:{parts[second]}"


def _leap_second_as_59(field: _Field, parts: Sequence[str], values: dict[int, int]) -> int:
    seconds = NUMBERS[parts[field.first]]
    return 59 if seconds == 60 else seconds


def _offset_minutes(field: _Field, parts: Sequence[str], values: dict[int, int]) -> object:
    value = _offset_value(str(field.constant), _offset_number(parts, field.first, field.second))
    return _DIFFERENT if value is None else value


def _amount_ago(field: _Field, parts: Sequence[str], values: dict[int, int]) -> object:
    unit = words.UNITS.get(words.fold(parts[field.first]))
    if unit is None:
        return _DIFFERENT
    if field.second < 0:
        count = 1
    elif field.constant:  # a number of digits
        count = int(parts[field.second])
    else:
        count = words.NUMBER_WORDS.get(words.fold(parts[field.second]), 0)
    if field.how is _How.AMOUNT:
        return 0 if unit < 0 else unit * count
    return -unit * count if unit < 0 else 0  # _How.AMOUNT_MONTHS


_Deriver = Callable[[_Field, Sequence[str], dict[int, int]], object]
# How each field that is not taken as it stands is derived from a text's parts and the values of the parts
# looked at (_DIFFERENT where the text's differ from what the reading saw): a plan takes the function of each
# such field once, as it does for its checks.
_DERIVERS: dict[_How, _Deriver] = {
    _How.NUMBER: lambda field, parts, values: NUMBERS[parts[field.first]],
    _How.MEANING: lambda field, parts, values: values[field.first],
    _How.DOTTED: lambda field, parts, values: values[field.first],
    _How.TEXT: lambda field, parts, values: parts[field.first],
    _How.DIGITS: lambda field, parts, values: len(parts[field.first]),
    _How.SECOND: _leap_second_as_59,
    _How.NEGATIVE: lambda field, parts, values: -values[field.first],
    _How.CONSTANT: lambda field, parts, values: field.constant,
    _How.PAIR: lambda field, parts, values: (NUMBERS[parts[field.first]], NUMBERS[parts[field.second]]),
    _How.OFFSET: _offset_minutes,
    _How.AMOUNT: _amount_ago,
    _How.AMOUNT_MONTHS: _amount_ago,
}
# The fields derived from the values of the parts looked at.
_VALUED = frozenset({_How.MEANING, _How.DOTTED, _How.NEGATIVE})


def _shape(text: str) -> str:
    """The shape of a text: runs of letters as "a", digits as "0", all else as written; letters between
    digits ("15h01", the T of ISO 8601) and dotted abbreviations ("a.m.", "U.S.") marked apart, as layouts
    and the tokenizer read them by their letters (a plan notes which letters they are)."""
    shape = _letters_and_digits(text)
    if "a.a" in shape or "a. a" in shape:
        shape = _letters_and_digits(_mark_abbreviations(text))
    if "0a0" in shape:
        shape = _BETWEEN_DIGITS.sub("\x02", shape)
    return shape


def _mark_abbreviations(text: str) -> str:
    """The text with its dotted abbreviations marked, as the tokenizer finds them: "a.m."/"p.m." as one
    mark, the dots of others ("U.S.", "A.D.") as another, whose letters a plan notes."""
    pieces: list[str] = []
    last = 0
    for start, end, ampm in abbreviations(text.lower()):
        pieces.append(text[last:start])
        pieces.append("\x03" if ampm else text[start:end].replace(".", "\x05"))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _between_digits(text: str, start: int, end: int) -> bool:
    return text[start - 1 : start].isdigit() and text[end : end + 1].isdigit()


def _letters_and_digits(text: str) -> str:
    """Runs of letters as "a", digits as "0", with the tokenizer's cuts marked in ASCII text. ASCII by a
    translation table, where a letter class is slower."""
    if text.isascii():
        classes = text.encode().translate(_ASCII_SHAPE)  # small letters as "a", capitals as "A"
        if b"aA" in classes:
            classes = _CASE_CUT.sub(b"\x04", classes)
        return _A_RUN.sub(b"a", classes).decode()
    # Digits as "0" in UTF-8, where a byte below 128 is always the character itself.
    return _LETTER_RUN.sub("a", text).encode().translate(_ZERO_BYTES).decode()


# The parts of a text a plan refers to: "a.m."/"p.m." (one part, as layouts read it, and marked in the
# shape), the tokenizer's words (runs of letters with their combining marks, joined by apostrophes and
# hyphens: "sexta-feira"), runs of digits. In ASCII text (where \s is also
# \x1c-\x1f) a run of letters is cut where the tokenizer cuts it, at a capital after a small letter
# ("talksGMT", "SeptemberRead"), and the shape marks the cut; elsewhere a plan does not replay such a word.
_PARTS = re.compile(rf"[AaPp]\.\s?[Mm]\.?(?!{LETTER})|{WORD}|\d+")
_ASCII_WORD = r"(?:[A-Z]*[a-z]+|[A-Z]+)"
_ASCII_PARTS = re.compile(
    rf"[AaPp]\.[\s\x1c-\x1f]?[Mm]\.?(?![A-Za-z])|{_ASCII_WORD}(?:['-]{_ASCII_WORD})*|[0-9]+", re.ASCII
)
# Where the shape shows no a.m./p.m. or other dotted letters, no words joined by an apostrophe or a hyphen and
# no cut by case, every run of letters and every run of digits of an ASCII text is one part: a simpler
# pattern finds them quicker.
_ASCII_RUNS = re.compile("[A-Za-z]+|[0-9]+")
_JOINED_IN_SHAPE = re.compile(r"[\x03\x04\x05]|a['-]a|a\.\s?a")
_CASE_CUT = re.compile(b"(?<=a)(?=A)")


# The same without marks: faster.
_PLAIN_PARTS = re.compile(r"[AaPp]\.\s?[Mm]\.?(?![^\W\d_])|[^\W\d_]+(?:['’ʼʻ՚ꞌ′‵ʹ-][^\W\d_]+)*|\d+")
_MARK = re.compile(f"[{MARKS}]")


def _parts_of(text: str) -> re.Pattern[str]:
    if text.isascii():
        return _ASCII_PARTS
    return _PARTS if _MARK.search(text) is not None else _PLAIN_PARTS


_ASCII_SHAPE = bytes.maketrans(string.ascii_letters.encode() + b"123456789", b"a" * 26 + b"A" * 26 + b"0" * 9)
_DOTTED_LETTERS = b"apmnvchrAPMNVCHR"
_DOTTED_SHAPE = bytes.maketrans(
    string.ascii_letters.encode() + b"123456789",
    bytes(c if c in _DOTTED_LETTERS else ord("b" if chr(c).islower() else "B") for c in string.ascii_letters.encode())
    + b"0" * 9,
)
_A_RUN = re.compile(b"[aA]+")
_BETWEEN_DIGITS = re.compile("(?<=0)a(?=0)")
# Combining marks stay in the shape as written: layouts tell a word with marks from one without.
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_ZERO_BYTES = bytes.maketrans(b"123456789", b"000000000")
# A few plans per shape, the latest first: texts of one shape may be read differently ("Mon 12 May 2020"
# and "Published 12 May 2020").
_PLANS: dict[str, list[_Plan]] = {}
_MOST_SHAPES = 1024
_MOST_PLANS_PER_SHAPE = 4


def _pieces(raw: str, start: int) -> list[tuple[int, int]]:
    """The words the tokenizer cuts a run of letters into: at a capital after a small letter."""
    if UNSPACED.search(raw) is not None:
        if not is_one_word(raw.lower()):
            raise _Unfit
        return [(start, start + len(raw))]
    if raw.islower() or raw.isupper() or raw.istitle():
        return [(start, start + len(raw))]
    cuts = [i for i in range(1, len(raw)) if raw[i].isupper() and raw[i - 1].islower()]
    bounds = [0, *cuts, len(raw)]
    return [(start + a, start + b) for a, b in itertools.pairwise(bounds)]


def _is_letter(char: str) -> bool:
    """Whether a character starts a word: one of the tokenizer's letters, not a digit."""
    return char.isalpha() or (char.isalnum() and not char.isdecimal())


# A word of five or six capitals before a number: perhaps a headline glued to a zone ("ISGMT 07:32"); in
# fewer, a single letter would stand before the zone ("BEST"), no headline's end.
# (Whether it starts a word is checked on a match: a look-behind at every position costs more.)
_CAPITALS_BEFORE_NUMBER = re.compile(r"[A-Z]{5,6}(?=\s+\d)")
# A zone the tokenizer may cut off a longer word in capitals, a dotted abbreviation or a closing quote (or a
# word with an offset glued), before the rest of the Arabs Today layout ("NATOCEST 20:20 2017 Wednesday ,27
# September", "U.S.GMT 07:32 ...", "spoken'GMT 10:00 ..."): the general reader reads those. Like the above,
# it depends on the classes of the characters alone, so no text of a shape kept by its classes holds one.
_ZONE_BEFORE_LAYOUT = re.compile(
    r"(?:[A-Z]{7,}|[.'’][A-Z]{3,}(?=[\s+-])|[A-Z]{5,6}(?=[+-]))(?:[+-]\d{1,2}(?::?\d\d)?)?\s+\d{1,2}:\d\d\s+\d{4}\s"
)


def _unglue_zones(text: str) -> str | None:
    """The text with the head of a word in capitals glued to a zone ("IS" of "ISGMT 07:32") blotted out, as
    the tokenizer cuts it off as a word of no meaning; so the zone is a part of its own to a plan. Only after
    a word or the start: after a number or a time, the tokenizer weighs it otherwise. None where the zone it
    cuts off is refused ("ISEST 07:32"): the general reader refuses it."""
    for match in _CAPITALS_BEFORE_NUMBER.finditer(text):
        if not _after_a_word(match):
            continue
        word = match[0]
        found = _word_meaning(word, None, False, False)
        cut = _glued_zone(text, word, match.end()) if found is not None and found[0] is W.UNKNOWN else 0
        if cut < 0:
            return None
        if cut:
            text = text[: match.start()] + "\x04" * cut + text[match.start() + cut :]
    return text


def _after_a_word(match: re.Match[str]) -> bool:
    """Whether capitals before a number (_CAPITALS_BEFORE_NUMBER) start a word after a word or the start of
    the text, where _unglue_zones weighs them. That follows from the classes of the characters alone."""
    text, start = match.string, match.start()
    return not (text[:start].rstrip()[-1:].isdigit() or _is_letter(text[start - 1 : start]))


def _capitals(word: str) -> bool:
    """A word the tokenizer may take for a zone it cannot read, or cut a zone from: 2 to 6 ASCII capitals."""
    return 2 <= len(word) <= 6 and word.isupper() and word.isascii()


def _glued_zone(text: str, word: str, end: int) -> int:
    """ "ISGMT 07:32": where a zone starts inside an unknown word in capitals before a number or time; -1 where
    the tokenizer cuts off a zone it refuses ("ISEST": an acronym and EST, or a word's own syllable)."""
    if not _capitals(word):
        return 0
    following = _CLUSTER.match(text, end)
    if following is None or not (following[1].isdigit() or _TIME_CLUSTER.fullmatch(following[1])):
        return 0
    return _zone_cut_alone(word)


# By the word: a plan checks the zone glued to a word in capitals at each replay, and such words are few
# ("GMT", a headline's last word).
@functools.lru_cache(maxsize=1024)
def _zone_cut_alone(word: str) -> int:
    """Where a zone starts in a word in capitals; -1 where the zone it cuts off is refused (see _glued_zone)."""
    cut = zone_cut_in_capitals(word)
    return cut if cut or not zone_cut_in_capitals(word, acronym=True) else -1


def _group_ends(reader: _Reader) -> None:
    """Check that the general reader's group ends where the layout does; raise _Unfit if it goes on.

    A timestamp without a time or a month ("yesterday") must also be the only group of the text.
    """
    draft = reader.draft
    alone = draft.hour is None and draft.month is None and not draft.relative
    text = reader.text
    position = reader.end
    # The part before an opening parenthesis just read, and where that part ends: the tokenizer looks past
    # the parenthesis to it ("13 (утра)" is a time of the morning).
    opened: tuple[T | None, bool, int] | None = None
    while True:
        match = _SCAN.match(text, position)
        if match is None:
            return
        if alone:
            raise _Unfit
        kind = match.lastgroup or "other"
        start = match.start(kind)
        if kind == "num" or kind == "dotted":
            raise _Unfit
        if kind == "other":
            char = match["other"]
            if char in "+-'’" and text[start + 1 : start + 2].isdigit():
                raise _Unfit  # an offset or a year of two digits may join
            if char in "+-" and text[start + 1 : start + 2] == " " and text[start + 2 : start + 3].isdigit():
                raise _Unfit  # an offset written with a space ("GMT + 2"): the general reader reads it or refuses
            if char in "+-" and _LETTERED_OFFSET.match(text, start) is not None:
                raise _Unfit  # "+zz:00": letters for an offset's hours, which the general reader refuses
            if char not in PUNCT_JOINERS or reader.solid >= 3:
                return
            after = text[start + 1 : start + 2]
            if char == "." and reader.last_core > 5 and (not after or after.isspace() or _is_letter(after)):
                return  # the end of a sentence
            opened = (reader.kind, reader.ampm_before, reader.end) if char == "(" else None
            reader.solid += 1
            reader.kind, reader.ampm_before, reader.end = None, False, start + 1
        else:
            try:
                pieces = _pieces(match["word"], start)
            except _Unfit:
                if reader.recorder is not None:
                    reader.recorder.usable = False
                raise
            if reader.recorder is not None:
                reader.recorder.usable = reader.recorder.usable and (len(pieces) == 1 or text.isascii())
            for piece_start, piece_end in pieces:  # the words the tokenizer cuts it into, each in turn
                previous, after_ampm, glued, joiners = reader.before(piece_start)
                if opened is not None and previous is None:
                    previous, after_ampm = _before_parenthesis(text, opened, reader.end, piece_start)
                opened = None
                if _word_ends_group(reader, piece_start, piece_end, previous, after_ampm, glued, joiners):
                    return
        position = match.end()


def _word_ends_group(
    reader: _Reader, start: int, end: int, previous: T | None, after_ampm: bool, glued: bool, joiners: int
) -> bool:
    """Whether a word after the layout ends the general reader's group (True), or joins it as a filler
    (False); raise _Unfit where it is a part of a timestamp: the group goes on."""
    text = reader.text
    # A weekday sign or a place in parentheses joins the group as the tokenizer reads it: "2022/07/15(金) 15:05".
    parenthesised = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
    found = _meaning(text[start:end], previous, after_ampm, glued, parenthesised)
    recorder = reader.recorder
    if recorder is not None:
        recorder.word(start, end, previous, after_ampm, glued, parenthesised, found)
    if found is None:
        raise _Unfit
    what, _, key = found
    if key in PHRASES and _phrase(text, key, end) is not None:
        raise _Unfit
    if what is W.UNKNOWN:
        piece = text[start:end]
        after_time = previous is T.TIME or after_ampm
        if recorder is not None and after_time:
            recorder.check(_Check.CAPITALS, start, -1, _capitals(piece))
        if after_time and _capitals(piece):
            raise _Unfit  # "12:00 EDTERR", "6:09 pm BDT": a zone the general reader refuses
        return True
    if what is not W.FILLER:
        raise _Unfit
    if reader.solid + joiners >= 3:
        return True
    reader.solid += joiners + 1
    reader.kind, reader.ampm_before, reader.end = T.WORD, False, end
    return False


def _before_parenthesis(
    text: str, opened: tuple[T | None, bool, int], paren_end: int, start: int
) -> tuple[T | None, bool]:
    """The token the tokenizer finds before a word after "(": the part before the parenthesis, where at
    most one space stands on the way (a space and the parenthesis are a step each, of three)."""
    kind, ampm, end = opened
    steps = (start > paren_end) + (paren_end - 1 > end)
    return (kind, ampm) if steps < 2 else (None, False)


def _date_first(reader: _Reader, match: re.Match[str]) -> None:
    reader.weekday(match)
    reader.date(match)
    reader.fillers(match, "c1", "c2")
    reader.time(match, after_date=True)


def _time_first(reader: _Reader, match: re.Match[str]) -> None:
    reader.time(match, after_date=False, last=False)
    reader.weekday(match)
    reader.date(match)


def _asctime(reader: _Reader, match: re.Match[str]) -> None:
    reader.weekday(match)
    reader.month(*match.span("mo2"))
    reader.number(match, "d2", "day")
    reader.time(match, after_date=True, last=False)
    reader.year(match, "y")


def _zone_time_year(reader: _Reader, match: re.Match[str]) -> None:
    if match["zw"] is not None:
        start, end = match.span("zw")
        what, value = reader.word(start, end)
        if what is not W.ZONE:
            raise _Unfit
        reader.zone_found(start, end, value, match.span("zo"))
    elif match["oo"] is not None:
        reader.offset(*match.span("oo"), glued_to_prefix=False)
    reader.time(match, after_date=False, last=False)
    reader.year(match, "y")
    reader.weekday(match)
    reader.number(match, "d", "day")
    # The month may be glued to the next headline: "SeptemberRead more".
    start, end = match.span("mo")
    try:
        pieces = _pieces(reader.text[start:end], start)
    except _Unfit:
        if reader.recorder is not None:
            reader.recorder.usable = False
        raise
    if len(pieces) > 1 and reader.recorder is not None and not reader.text.isascii():
        reader.recorder.usable = False
    reader.month(*pieces[0])


def _time_alone(reader: _Reader, match: re.Match[str]) -> None:
    reader.time(match, after_date=False)


def _day_word(reader: _Reader, match: re.Match[str]) -> None:
    start, end = match.span("dw")
    reader.put("days_back", -reader.expect(start, end, W.DAYWORD), _How.NEGATIVE, (start, end))
    reader.fillers(match, "c1", "c2")
    reader.time(match, after_date=False)


def _ago(reader: _Reader, match: re.Match[str]) -> None:
    """ "3 hours ago", "vor 2 Stunden", "an hour ago": one amount of one unit, and a word for ago."""
    before = match["pre"] is not None
    number, number_word, unit_word = ("n2", "nw2", "u2") if before else ("n", "nw", "u")
    if before:
        _ago_word(reader, *match.span("pre"))
    count, count_span = 1, _NONE
    if match[number] is not None:
        count_span = match.span(number)
        reader.part(T.NUM, *count_span)
        count = int(match[number])
    elif match[number_word] is not None:
        count_span = match.span(number_word)
        what, _ = reader.word(*count_span)
        count = words.NUMBER_WORDS.get(words.fold(match[number_word]), 0)
        if reader.recorder is not None:
            reader.recorder.check(_Check.NUMBER_WORD, count_span[0], -1, bool(count))
        if not count or what is W.FILLER:
            raise _Unfit
    unit_span = match.span(unit_word)
    what, _ = reader.word(*unit_span)
    unit = words.UNITS.get(words.fold(match[unit_word]))
    if reader.recorder is not None:
        reader.recorder.check(_Check.UNIT, unit_span[0], -1, unit is not None)
    if unit is None or what is W.FILLER:
        raise _Unfit
    if count_span[0] < 0:
        lone = words.fold(match[unit_word]) not in words.PLURAL_UNITS
        if reader.recorder is not None:
            reader.recorder.check(_Check.LONE_UNIT, unit_span[0], -1, lone)
        if not lone:
            raise _Unfit  # "hours ago" says no amount ("a few hours ago"): the general reader refuses it
    if not before:
        _ago_word(reader, *match.span("post"))
    # A time of day may follow: "1 week ago at 12:00 am".
    at = _AT_AFTER.match(reader.text, reader.end)
    if at is not None and at["time"] is not None:
        reader.fillers(at, "c1", "c2")
        reader.time(at, after_date=False)
    seconds, months = (0, -unit * count) if unit < 0 else (unit * count, 0)
    reader.put("relative", True, _How.CONSTANT)
    reader.put("seconds_back", seconds, _How.CONSTANT)
    reader.put("months_back", months, _How.CONSTANT)
    if reader.recorder is not None:  # the amount: from the unit, and the count (digits, a word, or none)
        digits = match[number] is not None
        reader.recorder.spans(*unit_span)
        if count_span[0] >= 0:
            reader.recorder.spans(*count_span)
        reader.fields[-2:] = [
            _Field("seconds_back", _How.AMOUNT, unit_span[0], count_span[0], digits),
            _Field("months_back", _How.AMOUNT_MONTHS, unit_span[0], count_span[0], digits),
        ]


def _ago_word(reader: _Reader, start: int, end: int) -> None:
    parts = reader.text[start:end].split()
    first = words.fold(parts[0])
    if len(parts) > 1 and first in words.AGO and first not in PHRASES:
        # The word for ago, and words of what follows: "1 day ago at 2 PM".
        parts, end = parts[:1], start + len(parts[0])
    if len(parts) == 1:
        # Any meaning will do for the word, as long as it is a part ("ago" is also August in Spanish).
        what, _ = reader.word(start, end)
        ago = words.fold(parts[0]) in words.AGO
        if reader.recorder is not None:
            reader.recorder.check(_Check.AGO, start, -1, ago)
        if what is W.FILLER or not ago:
            raise _Unfit
        return
    if reader.recorder is not None:
        reader.recorder.usable = False  # a phrase: it depends on the words after its first
    found = _phrase(reader.text, first, start + len(parts[0])) if first in PHRASES else None
    if found is None or " ".join(found[0]) not in words.AGO or found[1] != end:
        raise _Unfit
    reader.before(start)
    reader.kind, reader.ampm_before, reader.end = T.WORD, False, end
    reader.glue, reader.solid, reader.last_core = False, 0, end - start


def _east_asian(reader: _Reader, match: re.Match[str]) -> None:
    """ "2020年7月1日 10時00分", "2020년 5월 12일 오후 2:30": numbers with the marks of year, month and day."""
    if reader.recorder is not None:  # the layout names the marks letter by letter: a plan notes them so
        for name in ("ym", "mm", "dm", "ap", "hk", "mk"):
            if match[name] is not None:
                reader.recorder.letters(*match.span(name))
    reader.number(match, "y", "year")
    reader.expect(*match.span("ym"), W.YEAR_MARK)
    reader.number(match, "mo", "month")
    reader.expect(*match.span("mm"), W.MONTH_MARK)
    reader.number(match, "d", "day")
    reader.expect(*match.span("dm"), W.DAY_MARK)
    if match["ws"] is not None:
        span = match.span("ws")
        reader.put("weekday", reader.expect(*span, W.WEEKDAY), _How.MEANING, span)  # "(火)"
        reader.put("weekday_text", match["ws"], _How.TEXT, span)
    if match["ap"] is not None:
        reader.ampm(*match.span("ap"))
    if match["h"] is not None:
        reader.part(T.TIME, match.start("h"), match.end("s") if match["s"] is not None else match.end("mi"))
        reader.put("hour", int(match["h"]), _How.NUMBER, match.span("h"))
        reader.put("minute", int(match["mi"]), _How.NUMBER, match.span("mi"))
        if match["s"] is not None:
            seconds = int(match["s"])
            reader.put("second", 59 if seconds == 60 else seconds, _How.SECOND, match.span("s"))
    elif match["hc"] is not None:
        reader.number(match, "hc", "hour")
        reader.expect(*match.span("hk"), W.HOUR_MARK)
        if match["mc"] is not None:
            reader.number(match, "mc", "minute")
            reader.expect(*match.span("mk"), W.MINUTE_MARK)


_Layout = tuple[re.Pattern[str], Callable[[_Reader, re.Match[str]], None]]
_BY_DIGIT: tuple[_Layout, ...] = (
    (_DATE_FIRST, _date_first),
    (_DATE_FIRST_FILLER, _date_first),
    (_TIME_FIRST, _time_first),
    (_TIME_FIRST_FILLER, _time_first),
    (_ZONE_TIME_YEAR, _zone_time_year),
    (_AGO, _ago),
    (_EAST_ASIAN, _east_asian),
    (_TIME_ALONE, _time_alone),
)
_BY_LETTER: tuple[_Layout, ...] = (
    (_ASCTIME, _asctime),
    (_DATE_FIRST, _date_first),
    (_DATE_FIRST_FILLER, _date_first),
    (_ZONE_TIME_YEAR, _zone_time_year),
    (_AGO, _ago),
    (_DAY_WORD, _day_word),
)
_BY_SIGN: tuple[_Layout, ...] = ((_ZONE_TIME_YEAR, _zone_time_year),)
