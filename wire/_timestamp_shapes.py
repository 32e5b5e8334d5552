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

import itertools
import re
from collections.abc import Callable

from wire import _timestamp_words as words
from wire._timestamp_fields import Draft
from wire._timestamp_tokens import (
    CHAR_MAP,
    LETTER,
    PHRASES,
    PUNCT_JOINERS,
    UNSPACED,
    WORD_BODY,
    T,
    W,
    is_one_word,
    offset_minutes,
    word_meaning,
    zone_id,
)


class _Unfit(Exception):
    """The text does not fit the layout after all; the general reader decides."""


# A run of letters, taken whole. Where the tokenizer's word goes on (a combining mark, an apostrophe or a
# hyphen and more letters) no layout accepts the next character, so the text fits no layout; a dot glued
# to letters (an abbreviation such as "a.m." to the tokenizer) is refused by _DOT.
_W = r"[^\W\d_]++"
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
_AFTER_ITEM = rf"[AaPp]\.\s?[Mm]\.?(?!{LETTER})|\({_W}(?:{_OFFSET})?\)|{_OFFSET}|{_W}(?:{_OFFSET})?"
_AFTER = rf"(?P<after>(?:\s*(?:{_AFTER_ITEM})){{0,3}})"
_SEPARATOR = r"(?:\s*[,|·•@/–—]\s*|\s+-\s+|\s+)"
_AT = rf"(?:{_SEPARATOR}(?:(?P<c1>{_W})\s+(?:(?P<c2>{_W})\s+)?)?{_TIME}{_AFTER})?"
_WEEKDAY = rf"(?:(?P<wd>{_W}){_DOT}\s*,?\s*)?"
_TAIL = r"[\s.,:;|]*"
_DMY = (
    rf"(?P<d>\d{{1,2}})(?P<sfx>{_W})?\.?\s*(?:(?P<f1>{_W})\s+)?(?P<mo>{_W}){_DOT}\s*,?\s*"
    rf"(?:(?P<f2>{_W})\s+)?(?P<y>\d{{4}}|\d\d){_END}"
)
_MDY = rf"(?P<mo2>{_W}){_DOT}\s*(?P<d2>\d{{1,2}})(?P<sfx2>{_W})?\s*,?\s*(?P<y2>\d{{4}}){_END}"
_NUMERIC = (
    r"(?:(?P<ya>\d{4})(?P<sa>[-/.])(?P<ma>\d{1,2})(?P=sa)(?P<da>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<sb>[-/.])(?P<b>\d{1,2})(?P=sb)(?P<yb>\d{4}|\d\d))" + _END
)

_DATE_FIRST = re.compile(rf"\s*{_WEEKDAY}(?:{_DMY}|{_MDY}|{_NUMERIC}){_AT}{_TAIL}")
_TIME_FIRST = re.compile(rf"\s*{_TIME}{_AFTER}{_SEPARATOR}{_WEEKDAY}(?:{_DMY}|{_MDY}){_TAIL}")
# "GMT 10:31 2018 Thursday ,04 January": the layout of Arabs Today and its sister sites.
_ZONE_TIME_YEAR = re.compile(
    rf"\s*(?:(?P<zw>{_W})(?P<zo>{_OFFSET})?\s+|(?P<oo>{_OFFSET})\s+)?{_TIME}\s+(?P<y>\d{{4}}){_END}"
    rf"\s+(?P<wd>{_W})\s*,\s*(?P<d>\d{{1,2}})\s+(?P<mo>{_W}){_TAIL}"
)
_TIME_ALONE = re.compile(rf"\s*{_TIME}{_AFTER}{_TAIL}")
_DAY_WORD = re.compile(rf"\s*(?P<dw>{_W}){_AT}{_TAIL}")
# "3 hours ago", then "vor 2 Stunden": the amount before its word for ago is tried first.
_AGO = re.compile(
    rf"\s*(?:(?:(?P<n>\d{{1,4}}){_END}|(?P<nw>{_W}))?\s*(?P<u>{_W})\s+(?P<post>{_W}(?:\s{{1,2}}{_W}){{0,2}})"
    rf"|(?P<pre>{_W}(?:\s{{1,2}}{_W}){{0,2}})\s+(?:(?P<n2>\d{{1,4}}){_END}|(?P<nw2>{_W}))?\s*(?P<u2>{_W})){_TAIL}"
)
_EAST_ASIAN = re.compile(
    r"\s*(?P<y>\d{4})\s*(?P<ym>年|년)\s*(?P<mo>\d{1,2})\s*(?P<mm>月|월)\s*(?P<d>\d{1,2})\s*(?P<dm>日|일)"
    r"(?:\((?P<ws>[^\W\d_])\))?"
    r"(?:\s*(?P<ap>上午|下午|午前|午後|오전|오후)?\s*(?:(?P<h>\d{1,2}):(?P<mi>\d\d)(?::(?P<s>\d\d))?" + _END + r""
    r"|(?P<hc>\d{1,2})\s*(?P<hk>時|时|点|點|시)(?:\s*(?P<mc>\d{1,2})\s*(?P<mk>分|분))?))?" + _TAIL
)
_LABEL = re.compile(rf"\s*({_W})\s*:?\s*")
_AFTER_PARTS = re.compile(
    rf"\s*(?:(?P<ampm>[AaPp]\.\s?[Mm]\.?)|\((?P<pw>{_W})(?P<po>{_OFFSET})?\)|(?P<o>{_OFFSET})"
    rf"|(?P<w>{_W})(?P<wo>{_OFFSET})?)"
)
_NEXT_WORD = re.compile(rf"\s{{1,2}}({_WORD})")
_OFFSET_PREFIXES = frozenset(["gmt", "utc", "ut"])
_MINUS_AFTER = frozenset(["gmt", "utc", "ut", "am", "pm", "a.m.", "p.m."])
_NONE = (-1, -1)


class _Reader:
    """Walks the parts of a fitted layout left to right, as the tokenizer and the grouping would see them."""

    __slots__ = ("ampm_before", "draft", "end", "first_after", "glue", "kind", "last_core", "solid", "text")

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.draft = Draft()
        self.kind: T | None = None  # kind of the last part read
        self.ampm_before = False  # the last part read is a.m./p.m.
        self.end = start  # where the last part read ends
        self.last_core = 0  # length of the last core word (0: the last core part is no word)
        self.solid = 0  # joiners since the last core part
        self.glue = True  # no core part yet: what stands before the timestamp is no part of it
        self.first_after: W | None = None  # meaning of the first core word after the time

    def between(self, start: int) -> tuple[T | None, bool, bool]:
        """Check what stands before a part; the token before it as the tokenizer sees it.

        Returns the kind of that token (None for punctuation, or when it is too far back), whether it is
        a.m./p.m., and whether the part is glued to it.
        """
        gap = self.text[self.end : start]
        if not gap:
            return self.kind, self.ampm_before, self.kind is not None and self.kind is not T.WORD
        steps = 0
        punctuation = space = False
        for index, char in enumerate(gap):
            if char.isspace():
                steps += not space
                space = True
                continue
            space = False
            steps += 1
            punctuation = punctuation or char != "("
            if self.glue:
                continue
            # A dot after a long word and before a space ends a sentence: the group ends there.
            sentence = char == "." and self.last_core > 5 and gap[index + 1 : index + 2].isspace()
            if char not in PUNCT_JOINERS or sentence:
                raise _Unfit
            self.solid += 1
            if self.solid > 3:
                raise _Unfit
        if punctuation or steps >= 3:
            return None, False, False
        return self.kind, self.ampm_before, False

    def meaning(self, start: int, end: int) -> tuple[W, int]:
        """The meaning of the word at start:end with its neighbours, and its value (0 if none)."""
        text = self.text
        raw = text[start:end]
        previous, after_ampm, glued = self.between(start)
        if raw.isascii():
            key = raw.lower()
        else:
            key = words.fold(raw)
            if UNSPACED.search(raw) is not None and not is_one_word(raw.lower()):
                raise _Unfit  # cut into words of the tables by the tokenizer
        if not (raw.islower() or raw.isupper() or raw.istitle()) and _cut_by_case(raw):
            raise _Unfit  # cut in two by the tokenizer: "SeptemberRead"
        if key in ("t", "z") or (key in PHRASES and _phrase(text, key, end) is not None):
            raise _Unfit
        found = word_meaning(raw, key, previous, after_ampm, glued)
        if found is None:
            in_parentheses = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
            if in_parentheses and key in words.PLACES:
                return W.ZONE, zone_id(words.PLACES[key])
            if in_parentheses and key in words.WEEKDAY_SIGNS:
                return W.WEEKDAY, words.WEEKDAY_SIGNS[key]
            return W.UNKNOWN, 0
        what, value = found
        return what, value[0] if value else 0

    def word(self, start: int, end: int) -> tuple[W, int]:
        """Read the word at start:end: its meaning and value."""
        what, value = self.meaning(start, end)
        if what is W.UNKNOWN:
            raise _Unfit
        self.kind, self.ampm_before, self.end = T.WORD, what is W.AMPM, end
        if what is W.FILLER:
            if not self.glue:
                self.solid += 1
                if self.solid > 3:
                    raise _Unfit
        else:
            self.core(end - start)
        return what, value

    def expect(self, start: int, end: int, wanted: W) -> int:
        what, value = self.word(start, end)
        if what is not wanted:
            raise _Unfit
        return value

    def part(self, kind: T, start: int, end: int) -> None:
        """Read a number, a cluster or an offset at start:end."""
        self.between(start)
        self.kind, self.ampm_before, self.end = kind, False, end
        self.core(0)

    def core(self, length: int) -> None:
        self.last_core = length
        self.solid = 0
        self.glue = False

    def fillers(self, match: re.Match[str], *names: str) -> None:
        for name in names:
            start, end = match.span(name)
            if start >= 0:
                self.expect(start, end, W.FILLER)

    def weekday(self, match: re.Match[str]) -> None:
        start, end = match.span("wd")
        if start >= 0:
            self.draft.weekday = self.expect(start, end, W.WEEKDAY)
            self.draft.weekday_text = self.text[start:end]

    def month(self, start: int, end: int) -> None:
        what, value = self.word(start, end)
        if what is W.SOLAR_MONTH:
            self.draft.solar = True
        elif what is not W.MONTH:
            raise _Unfit
        self.draft.month = value

    def number(self, match: re.Match[str], name: str) -> int:
        start, end = match.span(name)
        self.part(T.NUM, start, end)
        return int(match[name])

    def day(self, match: re.Match[str], name: str, suffix: str) -> None:
        self.draft.day = self.number(match, name)
        start, end = match.span(suffix)
        if start >= 0:
            self.expect(start, end, W.ORDINAL)  # "29th", "1er"

    def year(self, match: re.Match[str], name: str) -> None:
        self.draft.year = self.number(match, name)
        self.draft.year_digits = len(match[name])

    def date(self, match: re.Match[str]) -> None:
        """A date of one of three layouts: day month year, month day year, or numeric."""
        if match["d"] is not None:
            self.day(match, "d", "sfx")
            self.fillers(match, "f1")
            self.month(*match.span("mo"))
            self.fillers(match, "f2")
            self.year(match, "y")
        elif match["d2"] is not None:
            self.month(*match.span("mo2"))
            self.day(match, "d2", "sfx2")
            self.year(match, "y2")
        else:
            self.numeric_date(match)

    def numeric_date(self, match: re.Match[str]) -> None:
        draft = self.draft
        if match["ya"] is not None:
            self.part(T.DATE, match.start("ya"), match.end("da"))
            draft.year, draft.month, draft.day = int(match["ya"]), int(match["ma"]), int(match["da"])
        else:
            self.part(T.DMY, match.start("a"), match.end("yb"))
            draft.unordered = (int(match["a"]), int(match["b"]))
            draft.year, draft.year_digits = int(match["yb"]), len(match["yb"])

    def time(self, match: re.Match[str], *, after_date: bool) -> None:
        """A time, and the words after it; "16.45" is a time after a date or before "Uhr" or p.m."""
        start, end = match.span("time")
        if start < 0:
            return
        draft = self.draft
        draft.hour = int(match["h"])
        if match["mi"] is not None:
            self.part(T.TIME, start, end)
            draft.minute = int(match["mi"])
            seconds = int(match["s"] or 0)
            draft.second = 59 if seconds == 60 else seconds  # a leap second is the last of its minute
        elif match["hmi"] is not None:
            self.part(T.TIME, start, end)  # "15h01"
            draft.minute = int(match["hmi"])
        else:
            self.part(T.DOTPAIR, start, end)
            draft.minute = int(match["dmi"])
            if draft.hour > 24 or draft.minute > 59:
                raise _Unfit
        if "after" in match.re.groupindex:
            self.after(match)
        if match["dmi"] is not None and not after_date and self.first_after not in (W.HOUR_MARK, W.AMPM):
            raise _Unfit

    def after(self, match: re.Match[str]) -> None:
        """The words after a time: a.m./p.m., a zone or an offset, "Uhr", a weekday, a filler."""
        for item in _AFTER_PARTS.finditer(self.text, match.start("after"), match.end("after")):
            if item["ampm"] is not None:
                self.ampm(*item.span("ampm"))
                self.first_after = self.first_after or W.AMPM
            elif item["pw"] is not None:
                self.zone(*item.span("pw"), item.span("po"))
                self.first_after = self.first_after or W.ZONE
            elif item["o"] is not None:
                self.offset(*item.span("o"), glued_to_prefix=False)
                self.first_after = self.first_after or W.ZONE
            else:
                self.after_word(*item.span("w"), item.span("wo"))

    def after_word(self, start: int, end: int, offset: tuple[int, int]) -> None:
        what, value = self.word(start, end)
        if what is not W.FILLER:
            self.first_after = self.first_after or what
        draft = self.draft
        if what is W.ZONE and draft.zone is None:
            self.zone_found(start, end, value, offset)
        elif offset[0] >= 0:
            raise _Unfit
        elif what is W.AMPM and draft.ampm is None:
            draft.ampm = value
        elif what is W.WEEKDAY and draft.weekday is None:
            draft.weekday, draft.weekday_text = value, self.text[start:end]
        elif what is not W.HOUR_MARK and what is not W.FILLER:
            raise _Unfit

    def ampm(self, start: int, end: int) -> None:
        raw = self.text[start:end]
        previous, after_ampm, glued = self.between(start)
        key = "".join(raw.lower().split())
        meaning = word_meaning(raw, key if key.isascii() else words.fold(key), previous, after_ampm, glued)
        if meaning is None or meaning[0] is not W.AMPM or self.draft.ampm is not None:
            raise _Unfit
        self.draft.ampm = meaning[1][0]
        self.kind, self.ampm_before, self.end = T.WORD, True, end
        self.core(end - start)

    def zone(self, start: int, end: int, offset: tuple[int, int]) -> None:
        what, value = self.word(start, end)
        if what is not W.ZONE or self.draft.zone is not None:
            raise _Unfit
        self.zone_found(start, end, value, offset)

    def zone_found(self, start: int, end: int, value: int, offset: tuple[int, int]) -> None:
        self.draft.zone, self.draft.zone_text = value, self.text[start:end]
        if offset[0] >= 0:
            if self.text[start:end].lower() not in _OFFSET_PREFIXES:
                raise _Unfit  # "CET+1": the tokenizer reads that sign otherwise
            self.offset(*offset, glued_to_prefix=True)

    def offset(self, start: int, end: int, *, glued_to_prefix: bool) -> None:
        """ "+0200", "-01:01", "GMT+7": one digit only right after GMT, UTC or UT."""
        sign, number = self.text[start], self.text[start + 1 : end]
        if sign == "-" and not self._minus_starts_offset(start):
            raise _Unfit
        self.part(T.OFFSET, start, end)
        if ":" in number:
            hours, minutes = number.split(":")
        else:
            hours, minutes = (number[:-2], number[-2:]) if len(number) > 2 else (number, "00")
        if len(number) == 3 or (len(number) == 1 and not glued_to_prefix) or self.draft.offset is not None:
            raise _Unfit
        minutes_east = offset_minutes(sign, hours, minutes)
        if minutes_east is None:
            raise _Unfit
        self.draft.offset = minutes_east

    def _minus_starts_offset(self, start: int) -> bool:
        """A minus sign starts an offset after a space, after a time, or glued to GMT, UTC, a.m. or p.m."""
        text = self.text
        if start > 0 and text[start - 1].isspace():
            return True
        if self.end != start or self.kind is None:
            return False
        if self.kind is T.TIME:
            return True
        word_start = start
        while word_start > 0 and not text[word_start - 1].isspace():
            word_start -= 1
        return self.kind is T.WORD and "".join(text[word_start:start].lower().split()) in _MINUS_AFTER


def _cut_by_case(raw: str) -> bool:
    """A capital after a small letter inside a word: the tokenizer cuts the word there."""
    return any(after.isupper() and before.islower() for before, after in itertools.pairwise(raw))


def _phrase(text: str, key: str, end: int) -> tuple[str, ...] | None:
    """The phrase of the tables that the tokenizer reads from the word `key` ending at `end`, if any."""
    following: list[str] = []
    position = end
    while len(following) < 4:
        match = _NEXT_WORD.match(text, position)
        if match is None:
            break
        if _cut_by_case(match[1]) or (UNSPACED.search(match[1]) is not None and not is_one_word(match[1].lower())):
            raise _Unfit  # the tokenizer cuts it, and compares its first piece
        following.append(words.fold(match[1]))
        position = match.end()
    for parts in PHRASES[key]:  # longest first, as the tokenizer tries them
        if list(parts[1:]) == following[: len(parts) - 1]:
            return parts
    return None


def read_shape(text: str) -> Draft | None:
    """The fields of `text` when it has a common layout, else None (the general reader decides).

    The draft is what the general reader assembles from the same text: a.m./p.m. not yet applied, a
    numeric day and month not yet ordered, years as written.
    """
    if "&" in text:
        return None  # entities: the general reader decodes them
    mapped = text if text.isascii() else text.translate(CHAR_MAP)
    position = _after_labels(mapped)
    while position < len(mapped) and mapped[position].isspace():
        position += 1
    if position >= len(mapped):
        return None
    first = mapped[position]
    layouts = _BY_DIGIT if first.isdigit() else _BY_LETTER if first.isalpha() else _BY_SIGN
    for pattern, read in layouts:
        match = pattern.fullmatch(mapped, position)
        if match is not None:
            reader = _Reader(mapped, position)
            try:
                read(reader, match)
            except _Unfit:
                return None
            return reader.draft
    return None


def _after_labels(text: str) -> int:
    """Where the timestamp starts after the words that label it ("Published on", "Stand:", "Publié le")."""
    position = 0
    while True:
        match = _LABEL.match(text, position)
        if match is None:
            return position
        start, end = match.span(1)
        try:
            what, _ = _Reader(text, start).meaning(start, end)
        except _Unfit:
            return position
        if what is not W.FILLER:
            return position
        position = match.end()


def _date_first(reader: _Reader, match: re.Match[str]) -> None:
    reader.weekday(match)
    reader.date(match)
    reader.fillers(match, "c1", "c2")
    reader.time(match, after_date=True)


def _time_first(reader: _Reader, match: re.Match[str]) -> None:
    reader.time(match, after_date=False)
    reader.weekday(match)
    reader.date(match)


def _zone_time_year(reader: _Reader, match: re.Match[str]) -> None:
    if match["zw"] is not None:
        start, end = match.span("zw")
        what, value = reader.word(start, end)
        if what is not W.ZONE:
            raise _Unfit
        reader.zone_found(start, end, value, match.span("zo"))
    elif match["oo"] is not None:
        reader.offset(*match.span("oo"), glued_to_prefix=False)
    reader.time(match, after_date=False)
    reader.year(match, "y")
    reader.weekday(match)
    reader.draft.day = reader.number(match, "d")
    reader.month(*match.span("mo"))


def _time_alone(reader: _Reader, match: re.Match[str]) -> None:
    reader.time(match, after_date=False)


def _day_word(reader: _Reader, match: re.Match[str]) -> None:
    reader.draft.days_back = -reader.expect(*match.span("dw"), W.DAYWORD)
    reader.fillers(match, "c1", "c2")
    reader.time(match, after_date=False)


def _ago(reader: _Reader, match: re.Match[str]) -> None:
    """ "3 hours ago", "vor 2 Stunden", "an hour ago": one amount of one unit, and a word for ago."""
    before = match["pre"] is not None
    number, number_word, unit_word = ("n2", "nw2", "u2") if before else ("n", "nw", "u")
    if before:
        _ago_word(reader, *match.span("pre"))
    count = 1
    if match[number] is not None:
        count = reader.number(match, number)
    elif match[number_word] is not None:
        what, _ = reader.word(*match.span(number_word))
        count = words.NUMBER_WORDS.get(words.fold(match[number_word]), 0)
        if not count or what is W.FILLER:
            raise _Unfit
    what, _ = reader.word(*match.span(unit_word))
    unit = words.UNITS.get(words.fold(match[unit_word]))
    if unit is None or what is W.FILLER:
        raise _Unfit
    if not before:
        _ago_word(reader, *match.span("post"))
    draft = reader.draft
    draft.relative = True
    draft.seconds_back, draft.months_back = (0, -unit * count) if unit < 0 else (unit * count, 0)


def _ago_word(reader: _Reader, start: int, end: int) -> None:
    parts = reader.text[start:end].split()
    if len(parts) == 1:
        # Any meaning will do for the word, as long as it is a part ("ago" is also August in Spanish).
        what, _ = reader.word(start, end)
        if what is W.FILLER or words.fold(parts[0]) not in words.AGO:
            raise _Unfit
        return
    first = words.fold(parts[0])
    phrase = _phrase(reader.text, first, start + len(parts[0])) if first in PHRASES else None
    if phrase is None or " ".join(phrase) not in words.AGO or len(phrase) != len(parts):
        raise _Unfit
    reader.between(start)
    reader.kind, reader.ampm_before, reader.end = T.WORD, False, end
    reader.core(end - start)


def _east_asian(reader: _Reader, match: re.Match[str]) -> None:
    """ "2020年7月1日 10時00分", "2020년 5월 12일 오후 2:30": numbers with the marks of year, month and day."""
    draft = reader.draft
    draft.year = reader.number(match, "y")
    reader.expect(*match.span("ym"), W.YEAR_MARK)
    draft.month = reader.number(match, "mo")
    reader.expect(*match.span("mm"), W.MONTH_MARK)
    draft.day = reader.number(match, "d")
    reader.expect(*match.span("dm"), W.DAY_MARK)
    if match["ws"] is not None:
        draft.weekday = reader.expect(*match.span("ws"), W.WEEKDAY)  # "(火)"
        draft.weekday_text = match["ws"]
    if match["ap"] is not None:
        reader.ampm(*match.span("ap"))
    if match["h"] is not None:
        reader.part(T.TIME, match.start("h"), match.end("s") if match["s"] is not None else match.end("mi"))
        seconds = int(match["s"] or 0)
        draft.hour, draft.minute, draft.second = int(match["h"]), int(match["mi"]), 59 if seconds == 60 else seconds
    elif match["hc"] is not None:
        draft.hour = reader.number(match, "hc")
        reader.expect(*match.span("hk"), W.HOUR_MARK)
        if match["mc"] is not None:
            draft.minute = reader.number(match, "mc")
            reader.expect(*match.span("mk"), W.MINUTE_MARK)


_Layout = tuple[re.Pattern[str], Callable[[_Reader, re.Match[str]], None]]
_BY_DIGIT: tuple[_Layout, ...] = (
    (_DATE_FIRST, _date_first),
    (_TIME_FIRST, _time_first),
    (_ZONE_TIME_YEAR, _zone_time_year),
    (_AGO, _ago),
    (_EAST_ASIAN, _east_asian),
    (_TIME_ALONE, _time_alone),
)
_BY_LETTER: tuple[_Layout, ...] = (
    (_DATE_FIRST, _date_first),
    (_ZONE_TIME_YEAR, _zone_time_year),
    (_AGO, _ago),
    (_DAY_WORD, _day_word),
)
_BY_SIGN: tuple[_Layout, ...] = ((_ZONE_TIME_YEAR, _zone_time_year),)
