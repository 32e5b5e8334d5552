"""Where find_timestamps reads in a long text, and how it cuts runs of parts too long for one timestamp.

A page is mostly prose. Only the lines that hold the makings of a complete timestamp are tokenized: a
number beside letters ("12 May", "10h30", "3 PM", "2020年") or two numbers joined by a separator
("12.05.2020"; "10:30" only where `now` is given), or, where `now` is given, a word for a day or an
amount of time before now ("yesterday", "an hour ago", "noon"). A line longer than LINE_LIMIT is read
only around those places. A run of parts longer than any timestamp ("1 1 1 1 ...", "10:30 10:30 ...")
is cut into segments that each hold a part of a kind at most once, and a segment that cannot be complete
is not read at all. So the time find_timestamps takes grows with the length of the text, whatever the
text.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from wire import _timestamp_words as words
from wire._timestamp_tokens import PUNCT_JOINERS, UNSPACED, WORD, T, Tok, W

# Lines longer than this are read in windows around the places that may hold a timestamp.
LINE_LIMIT = 4096
# How far a window reaches on each side of such a place: farther than any timestamp is long.
REACH = 256
# The most parts a segment of a long run holds; a timestamp has about a dozen at most.
MOST_PARTS = 16

_LINE = re.compile(r"[^\n]+")
# A number beside letters (over any punctuation and spaces) or two numbers joined by a separator. Each
# alternative stops at the next letter or digit, so a search never scans a stretch twice.
_ANCHOR = re.compile(r"\d[-./:]\s?\d|\d[\W_]*[^\W\d_]|[^\W\d_][\W_]*\d")
# Without `now`, a time alone is no complete timestamp: "10:30" needs a date beside it.
_DATE_ANCHOR = re.compile(r"\d[-./]\s?\d|\d[\W_]*[^\W\d_]|[^\W\d_][\W_]*\d")
_WORD = re.compile(WORD)
# The words of the day words, "just now", "ago", the units, and noon and midnight of the tables; not the
# one-letter words of phrases ("il y a"), which are everywhere.
_RELATIVE_KEYS = frozenset(
    part
    for table in (
        words.DAY_WORDS,
        words.JUST_NOW,
        words.AGO,
        words.UNITS,
        words.AMBIGUOUS_UNITS,
        words.NOON,
        words.MIDNIGHT,
    )
    for key in table
    for part in key.split()
    if len(part) > 1
)
_RELATIVE_UNSPACED = tuple(key for key in _RELATIVE_KEYS if UNSPACED.search(key))


def regions(low: str, *, relative: bool) -> Iterator[tuple[int, int]]:
    """The stretches of a prepared, lower-cased text to tokenize: lines, or windows of long lines.
    `relative`: words for a day or an amount of time ago count (`now` is given)."""
    anchor = _ANCHOR if relative else _DATE_ANCHOR
    for line in _LINE.finditer(low):
        start, stop = line.span()
        if stop - start > LINE_LIMIT:
            yield from _windows(low, start, stop, anchor, relative=relative)
        elif anchor.search(low, start, stop) is not None or (
            relative and any(True for _ in _relative_words(low, start, stop))
        ):
            yield start, stop


def _relative_words(low: str, start: int, stop: int) -> Iterator[re.Match[str]]:
    for match in _WORD.finditer(low, start, stop):
        if _is_relative(match[0]):
            yield match


@functools.lru_cache(maxsize=4096)
def _is_relative(word: str) -> bool:
    if UNSPACED.search(word) is not None:  # a run of a script without spaces: any word may be inside
        return any(key in word for key in _RELATIVE_UNSPACED)
    return words.fold(word) in _RELATIVE_KEYS


def _windows(low: str, start: int, stop: int, anchor: re.Pattern[str], *, relative: bool) -> Iterator[tuple[int, int]]:
    places = [match.span() for match in anchor.finditer(low, start, stop)]
    if relative:
        places.extend(match.span() for match in _relative_words(low, start, stop))
        places.sort()
    window: tuple[int, int] | None = None
    for first, last in places:
        low_end, high_end = max(start, first - REACH), min(stop, last + REACH)
        if window is not None and low_end <= window[1]:
            window = (window[0], max(window[1], high_end))
            continue
        if window is not None:
            yield _at_spaces(low, *window, start, stop)
        window = (low_end, high_end)
    if window is not None:
        yield _at_spaces(low, *window, start, stop)


def _at_spaces(low: str, first: int, last: int, start: int, stop: int) -> tuple[int, int]:
    """A window widened to whitespace on each side (a little way at most), so that it cuts no word."""
    for _ in range(64):
        if first <= start or low[first - 1].isspace():
            break
        first -= 1
    for _ in range(64):
        if last >= stop or low[last].isspace():
            break
        last += 1
    return first, last


def drop_names(tokens: list[Tok], low: str) -> None:
    """ "Black Friday", "Arab Today Media Group": a capitalised weekday or day word right after a
    capitalised word that is no part of a timestamp, and with no part of one after it, is part of a name."""
    for index in range(1, len(tokens)):
        tok = tokens[index]
        if tok.kind is not T.WORD or (tok.what is not W.WEEKDAY and tok.what is not W.DAYWORD):
            continue
        before = tokens[index - 1]
        if not (
            tok.raw[:1].isupper()
            and before.kind is T.WORD
            and before.what is W.UNKNOWN
            and before.raw[:1].isupper()
            and before.end < tok.start
            and low[before.end : tok.start].isspace()
        ):
            continue
        if not _part_follows(tokens, index):  # "Published Friday, 10:00" is a label and a timestamp
            tok.what, tok.core = W.UNKNOWN, False


def _part_follows(tokens: list[Tok], index: int) -> bool:
    """Whether a part of a timestamp follows token `index` over at most three joiners."""
    for tok in tokens[index + 1 : index + 5]:
        if tok.core:
            # A fraction's word is also a common one ("Arab Today Media Group"): a part only in an amount of time.
            return tok.key not in words.FRACTIONS
        if not (tok.raw in PUNCT_JOINERS if tok.kind is T.PUNCT else tok.what is W.FILLER):
            return False
    return False


def segments(group: list[Tok], cores: list[int]) -> list[list[Tok]]:
    """A long group cut where a part of a kind it already holds comes again ("10:30 10:30", "May 1 May 2"),
    before the numbers and words of no kind that come just before that part (the day of "1 May 2020 2 May
    2020"), and after MOST_PARTS parts at most."""
    cuts = [0]
    kinds: set[object] = set()
    plain_from: int | None = None  # where the parts of no kind before this one start
    for number, index in enumerate(cores):
        kind = _kind(group[index])
        if number - cuts[-1] >= MOST_PARTS:
            cuts.append(number)
            kinds.clear()
            plain_from = None
        elif kind is not None and kind in kinds:
            cuts.append(plain_from if plain_from is not None and plain_from > cuts[-1] else number)
            kinds.clear()
        if kind is None:
            plain_from = number if plain_from is None else plain_from
            continue
        kinds.add(kind)
        plain_from = None
    bounds = [cores[cut] for cut in cuts] + [len(group)]
    return [group[first:last] for first, last in itertools.pairwise(bounds)]


_DATES = frozenset({T.DATE, T.DMY, T.DM, T.MONTH_YEAR})


def _kind(tok: Tok) -> object:
    """What a part says, as far as one timestamp says it once: None for plain numbers and units."""
    kind = tok.kind
    if kind is T.WORD:
        if tok.what is W.WEAK:
            return "ago" if tok.key in words.AGO else None
        return tok.what
    if kind is T.NUM:
        return "year" if tok.v and tok.v[1] == 4 else None
    return "date" if kind in _DATES else kind


_WITH_NOW = frozenset({T.TIME, T.DOTPAIR, T.DATE, T.DMY, T.DM})
_WORDS_WITH_NOW = frozenset(
    {
        W.MONTH,
        W.SOLAR_MONTH,
        W.DAYWORD,
        W.NOON,
        W.MIDNIGHT,
        W.JUST_NOW,
        W.AMPM,
        W.HOUR_MARK,
        W.MONTH_MARK,
        W.MONTH_PREFIX,
        W.WEAK,
    }
)
_MONTHS = frozenset({W.MONTH, W.SOLAR_MONTH, W.MONTH_MARK, W.MONTH_PREFIX})


def may_complete(toks: list[Tok], *, now_given: bool) -> bool:
    """Whether a segment may read as a complete timestamp: a date with its year (of four digits in a run
    this long), or, with `now`, a date, a time, or a day or an amount of time before now. A malformed part
    spoils it whole."""
    cores = [tok for tok in toks if tok.core]
    kinds = {tok.kind for tok in cores}
    if T.BAD in kinds:
        return False
    meanings = {tok.what for tok in cores if tok.kind is T.WORD}
    if now_given:
        return bool(kinds & _WITH_NOW or meanings & _WORDS_WITH_NOW)
    if T.DATE in kinds or T.DMY in kinds:
        return True
    year = W.YEAR_MARK in meanings or any(tok.kind is T.NUM and tok.v[1:] == (4,) for tok in cores)
    return year and bool(T.DM in kinds or T.DOTPAIR in kinds or meanings & _MONTHS)
