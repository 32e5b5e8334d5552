"""Scraped pages: the text of a news page becomes one article, the site's dated headlines, and the boilerplate left out.

`parse_page` is pure: no I/O and no clock (`now` is a parameter); what the site's earlier pages taught comes in
as `seen_lines`, and what this page teaches goes out as `Page.lines_to_remember`. It reads a page in steps:

1. Lines: every non-empty line, cleaned of characters XML cannot carry and of runs of spaces, its character
   references read ("&amp;", "&#8217;"). A line ends at a line break; a vertical tab or a form feed inside it is
   a space.
2. Boilerplate a line shows by itself (`wire.boilerplate.LineRules`): the source's patterns, copyright lines,
   comment prompts, the page's furniture (share buttons, newsletter boxes, related links, advertisement labels,
   photo credits). Such a line stays whole, so the year of a footer never becomes a time. Before the story's
   first paragraph of prose, a line of labelled times ("Published ... | Updated ...") is the story's own.
3. Timestamps: a line made of timestamps and headline-sized text is cut at each timestamp ("...in SpainGMT
   18:09 2017 Tuesday ,19 December"). In a line of prose only a timestamp at its very start or end is cut off;
   the others are the story's own words ("taken on January 24 2012"). A page timestamp carries a number:
   words alone ("Arab Today", "Black Friday") are names more often than times; but a word for "ago" beside
   them, in a line that is no prose, makes them one ("an hour ago", "hace dos horas").
4. Boilerplate the page shows: short lines repeated on the page or met on at least two earlier pages of the
   source (a repeated paragraph of prose keeps its first copy), and known boilerplate glued to other text. The
   article's own lines are not remembered: a later page of the same story repeats them. Under the heading of a box
   of related links ("Read more:"), the undated headlines up to the next sentence are its links.
   Text next to a timestamp is exempt: a site's list of other headlines repeats from page to page, yet its
   headlines are news.
5. Headline lists: between paragraphs of prose, a run of pieces holding at least two timestamps is a list. Each
   timestamp goes with the headline beside it (not the list's heading, "More stories"), on the side (before or
   after) that pairs the most (on a tie: the side whose headlines do not end like sentences, then pairs on one
   line, then the fuller headlines); a headline between paired ones without a time of its own is a headline
   without a time. Below the story, one timestamp beside a headline (four words or more, no sentence) is a list
   of one, but not one labelled the story's ("Updated ..."). Another lone timestamp (a dateline) is left out. The
   story's own headline in a list is the article (step 6), no item of its own; its time dates an article its page
   prints no time for.
6. The article: the text from the first to the last paragraph of prose, with short sentences right beside it (after
   it, a statement of three words is one: "He is being questioned.") (its sentences when there is no prose; a
   page without one, its navigation alone, has no article);
   short lines outside it are left out, and a line there that credits an agency ("(AFP)") adds the credit. Its
   headline is the one the page prints above it: the nearest line of four words or more above its first paragraph,
   passing over what stands between a headline and its story (time lines, bylines and credit lines, a standfirst
   written as a sentence, kickers in capitals, captions, share buttons, a short label), up to the page's navigation
   (a line of links, a breadcrumb, two short lines one under the other, the site's name alone), a paragraph or a
   headline of the site's lists; the line above it when that is a headline too (this one is its standfirst), and
   not one that shares too few words with the story to be about it (another story's, from a list of the most
   read). The site's name glued to it is cut off ("... | Metro Daily"). Without one, it is the lede's first
   sentence, cut to fit. The headline's line is neither left out nor learned as the site's.
7. The article's times: those of its labelled time lines (step 2), an update's label telling the updated time from
   the published one; else a time alone right above its first paragraph, where a site prints it unlabelled under
   the headline, or right above its headline, where a site prints it over it. A time printed without its date after
   one printed with it ("..., mis à jour à 16h30") is on that one's date. A time still to come is left out (a page
   that is out was published already). Its byline is the line above it that signs it ("By Jane Doe, AFP").
8. Rights: the copyright lines right under the story, where the site's footer stands lower, name the story's holder
   (an agency's: "Copyright 2024 The Associated Press"); the page's other copyright lines name the site's, which
   holds the headlines of its lists.
"""

from __future__ import annotations

import enum
import hashlib
import html
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from wire.boilerplate import (
    GluedPhrases,
    LineRules,
    Reason,
    fingerprint,
    is_menu,
    is_related_heading,
    is_share_buttons,
    line_key,
)
from wire.config import SourceConfig
from wire.copyright import Notice, copyright_start, fold, main_notice
from wire.credits import CreditFinder
from wire.text import (
    FULL_STOPS,
    REFERENCE,
    SENTENCE_STOPS,
    clean_line,
    cut_at_word,
    ends_in_greek_question,
    sentence_ends,
)
from wire.timestamps import (
    Found,
    Reading,
    TimestampError,
    find_timestamps,
    is_time_label,
    read_timestamp,
    says_ago,
)

# A page is at most this long: the largest body an item may have.
MAX_PAGE_CHARS = 2_000_000
MAX_LINES = 20_000
# Characters searched for timestamps per page: what a news page needs many times over, and a bound on the time a
# page built to be slow can take. Lines longer than _LONG_LINE are prose: only their ends are searched.
_SEARCH_BUDGET = 100_000
_LONG_LINE = 2_000
_END_WINDOW = 200
# Fingerprints remembered per page at most.
_MAX_REMEMBERED = 5_000
# Longest headline cut from a lede.
HEADLINE_MAX_LENGTH = 150

# Left over when a line is cut at its timestamps: separators between a headline and its time.
_SEPARATORS = " \t|•·–—-,;:/\\>*"
# Reasons whose text, met glued to other text, is cut from it too.
_GLUABLE = frozenset({Reason.PATTERN, Reason.COPYRIGHT, Reason.COMMENT_PROMPT, Reason.REPEATED, Reason.SEEN_BEFORE})
# Pieces that boilerplate glued to their ends is cut from: not a copyright line, whose holder is the site's name that
# its masthead repeats ("The Northern Post" above the story, "© 2024 The Northern Post" below): cut, the holder goes.
_CUTTABLE = frozenset({None, *_GLUABLE} - {Reason.COPYRIGHT})


class PageError(ValueError):
    """The page cannot be made sense of; the message says why, in words an editor understands."""


@dataclass(frozen=True, slots=True)
class Removed:
    """Text of the page left out of every item, with the 1-based line it was on and why."""

    text: str
    reason: Reason
    line: int


@dataclass(frozen=True, slots=True)
class HeadlineDraft:
    """One of the site's other headlines; `time` is its timestamp (`time.reading.text` as written), if it has one."""

    text: str
    line: int
    time: Found | None


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """The story: its paragraphs as plain text, its headline (the page's, or cut from its lede), and the agencies it
    credits."""

    paragraphs: tuple[str, ...]
    headline: str
    credits: tuple[str, ...]
    signed: tuple[str, ...] = ()  # of those, the agencies a line beside the story credits ("(AFP)" alone)
    # The story's own times as the page prints them above it, none to come; one printed without its date after one
    # with it is read on that one's date, and its reading's text says so ("2024-03-12 16h30": `_on_printed_dates`).
    published: Found | None = None
    updated: Found | None = None
    byline: str | None = None  # the line above the story that signs it ("By Jane Doe, AFP"), as written
    # The copyright line right under the story ("Copyright 2024 The Associated Press. All rights reserved."): its
    # holder holds the story's rights, where the site's footer (`Page.notice`) names the site's.
    notice: Notice | None = None

    @property
    def text(self) -> str:
        """The paragraphs, separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Page:
    """What a page holds. `lines_to_remember` are fingerprints of its lines that may be the site's boilerplate."""

    article: ArticleDraft
    headlines: tuple[HeadlineDraft, ...]
    removed: tuple[Removed, ...]
    notice: Notice | None
    lines_to_remember: frozenset[str]


def page_key(source: str, text: str) -> str:
    """The identity of a page's text, whatever its spacing: the same page posted twice has the same key."""
    return hashlib.sha256(f"{source}\n{line_key(text)}".encode()).hexdigest()[:32]


def derived_id(source: str, kind: str, text: str) -> str:
    """A stable item id for text of a page: `<source>-<a|h>-<16 hex digits>` from the source and the text."""
    digest = hashlib.sha256(f"{source}\n{kind}\n{line_key(text)}".encode()).hexdigest()[:16]
    return f"{source}-{kind[:1]}-{digest}"


def parse_page(
    text: str,
    *,
    source: SourceConfig,
    credits: CreditFinder,
    now: datetime,
    seen_lines: frozenset[str] = frozenset(),
) -> Page:
    """Read a scraped page (see the module's description).

    Callers may rely on: every word of the page is in the article, in a headline, or in `removed` (a headline's
    timestamp is its `time`); the article has at least one paragraph; headlines are in page order, each text
    once; the time taken is bounded whatever the input. Raises PageError, saying why, for a page longer than
    MAX_PAGE_CHARS or MAX_LINES, or one that leaves no text for an article.
    """
    lines = _lines(text)
    rules = LineRules(source.boilerplate)
    finder = _TimeFinder(source, now)
    pieces = [piece for number, line in lines for piece in _line_pieces(number, line, rules, finder)]
    labelled = _mark_story_times(pieces)
    _mark_near_times(pieces)
    counts = _mark_page_boilerplate(pieces, rules, seen_lines)
    removed = _cut_glued(pieces, rules, counts, seen_lines)
    _mark_related_links(pieces)
    _mark_comments(pieces)
    kept = [p for p in pieces if p.reason is None]
    headlines, free = _headline_lists(kept, _labelled_lines(pieces))
    listed = {id(h.piece) for h in headlines}
    article = _article(free, kept, credits)
    article = replace(article, byline=_byline(free) or article.byline)
    headlines = _unique(headlines)
    removed.extend(Removed(p.text, p.reason, p.line) for p in pieces if p.reason is not None)
    removed.sort(key=lambda r: r.line)
    if not article.paragraphs:
        raise PageError(_nothing_left(len(lines), removed, headlines))
    story_notice, notice = _notices(pieces, free, removed)
    article = replace(article, notice=story_notice)
    used = {id(h.piece) for h in headlines}
    search = _TitleSearch(pieces, listed, _site_names(source, notice))
    start = _story_start(pieces, free)
    printed = _printed_headline(start, search, article.paragraphs)
    # A time under a headline that is not the story's (one of the most read, above it) is that headline's.
    times = labelled or _time_above(pieces, start, None if printed else search, _site_names(source, notice))
    times = times or (search.time_over(printed[0]) if printed else []) or _time_below(pieces, free)
    article = _dated(article, _on_printed_dates(times, source), now)
    if printed is not None:
        title, headline = printed
        article = replace(article, headline=headline)
        removed = _without_title(removed, title, headline)
        used.add(id(title))
    headlines, article = _without_story(headlines, article, removed, now)
    # What the site repeats from page to page; not the article's own lines (its headline among them), which a later
    # page of the same story (the site's update of it) repeats too, and which would then be taken for the site's
    # furniture.
    story = set(article.paragraphs)
    remember = [
        fingerprint(p.text)
        for p in pieces
        if p.found is None and not p.prose and not p.near_time and id(p) not in used and p.text not in story
    ]
    return Page(
        article=article,
        headlines=tuple(HeadlineDraft(h.piece.text, h.piece.line, h.time) for h in headlines),
        removed=tuple(removed),
        notice=notice,
        lines_to_remember=frozenset(remember[:_MAX_REMEMBERED]),
    )


@dataclass(slots=True, eq=False)
class _Piece:
    """A line, or part of one: text, or a timestamp (`found`). `reason` is set once it is left out."""

    line: int
    text: str
    found: Found | None = None
    reason: Reason | None = None
    whole: bool = True  # the whole line: nothing was cut from it
    near_time: bool = False
    prose: bool = field(init=False)

    def __post_init__(self) -> None:
        self.prose = self.found is None and is_prose(self.text)

    def retext(self, text: str) -> None:
        self.text = text
        self.whole = False
        self.prose = is_prose(text)


@dataclass(frozen=True, slots=True)
class _Headline:
    piece: _Piece
    time: Found | None


# Lines end at a line feed, a carriage return (or both), or Unicode's line and paragraph separators. The other
# controls that str.splitlines() breaks at (vertical tab, form feed, the information separators, C1's next line,
# which is "…" in Windows-1252 decoded as Latin-1) stand inside a scraped line between its words: a space.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")
_CONTROL_SPACES = re.compile(r"[\x0b\x0c\x1c-\x1f\x85]")


# A character reference left in the text by a scraper that took a page's source for its text ("Tesla&#8217;s",
# "PepsiCo &amp; UPS"): one with its semicolon, which text does not write otherwise ("AT&T", "Q&A" have none).
_REFERENCE = re.compile(REFERENCE)


def _decoded(line: str) -> str:
    if "&" not in line:
        return line
    return _REFERENCE.sub(lambda m: html.unescape(m[0]), line)


def _lines(text: str) -> list[tuple[int, str]]:
    if len(text) > MAX_PAGE_CHARS:
        raise PageError(f"the page is {len(text):,} characters long; the limit is {MAX_PAGE_CHARS:,}")
    text = _CONTROL_SPACES.sub(" ", text.lstrip("\ufeff"))
    lines = [(n, clean_line(_decoded(line))) for n, line in enumerate(_LINE_BREAK.split(text), 1)]
    lines = [(n, line) for n, line in lines if line]
    if not lines:
        raise PageError("the page holds no text")
    if len(lines) > MAX_LINES:
        raise PageError(f"the page has {len(lines):,} lines; the limit is {MAX_LINES:,}")
    return lines


class _TimeFinder:
    """find_timestamps with the source's zone and day/month order, within the page's search budget."""

    def __init__(self, source: SourceConfig, now: datetime) -> None:
        self._source = source
        self._now = now
        self._budget = _SEARCH_BUDGET

    def find(self, line: str) -> list[Found]:
        # A timestamp carries a number, or, in a line that is no prose, says "ago" ("an hour ago", "منذ ساعتين"), or
        # is a day word ending a list's line after a separator, or alone ("... Main Street | Yesterday").
        relative = not is_prose(line) and says_ago(line)
        if not relative and not any(c.isdigit() for c in line):
            found = self._search(line, 0) if _DAY_WORD_END.search(line) and not is_prose(line) else []
            return [f for f in found if _ends_line_apart(line, f)]
        if len(line) <= _LONG_LINE:
            found = self._search(line, 0)
        else:
            head = self._search(line[:_END_WINDOW], 0)[:1]
            tail_start = line.find(" ", len(line) - _END_WINDOW) + 1
            tail = self._search(line[tail_start:], tail_start)[-1:]
            found = [f for f in head if not line[: f.start].strip(_SEPARATORS)]
            found += [f for f in tail if not line[f.end :].strip(_SEPARATORS)]
        return [
            f
            for f in found
            if any(c.isdigit() for c in line[f.start : f.end]) or (relative and says_ago(line[f.start : f.end]))
        ]

    def _search(self, text: str, offset: int) -> list[Found]:
        if len(text) > self._budget:
            return []
        self._budget -= len(text)
        source = self._source
        found = find_timestamps(text, tz=source.zone, dayfirst=source.dayfirst, now=self._now)
        return [Found(f.start + offset, f.end + offset, f.reading) for f in found]


# A line's last word or two after a separator ("| Yesterday", " - Hier", "• Gestern"), or alone on it: where a list
# writes a day word ("yesterday", "today") as a headline's time.
_DAY_WORD_END = re.compile(r"(?:^|\s[|•·–—-]\s*|\|\s*)[^\W\d_]+(?:\s[^\W\d_]+)?\s*$")


def _ends_line_apart(line: str, found: Found) -> bool:
    """Whether a timestamp ends the line, alone on it or after a separator: not a word of a headline ("Yesterday's
    heroes", "Today in history")."""
    before = line[: found.start].rstrip()
    return not line[found.end :].strip() and (not before or before[-1] in "|•·–—-")


def _line_pieces(number: int, line: str, rules: LineRules, finder: _TimeFinder) -> list[_Piece]:
    reason = rules.reason(line)
    if reason is not None:
        return [_Piece(number, line, reason=reason)]
    # A notice, or a line of the source's patterns, glued after other text ("...Saawah villageAll rights reserved
    # to ...", "...Saawah villageMaintained and developed by ..."): cut off before the line is read for timestamps, so
    # that a footer met once on the page neither stays in the last headline nor makes it a sentence of prose.
    tail: list[_Piece] = []
    start = copyright_start(line)
    if start:
        tail.append(_Piece(number, line[start:], reason=Reason.COPYRIGHT, whole=False))
        line = line[:start]
    start = rules.glued_start(line)
    if start:
        tail.insert(0, _Piece(number, line[start:], reason=Reason.PATTERN, whole=False))
        line = line[:start]
    if not tail:
        return _timed_pieces(number, line, finder)
    head = _timed_pieces(number, line, finder)
    for piece in head:
        piece.whole = False
    return [*head, *tail]


def _timed_pieces(number: int, line: str, finder: _TimeFinder) -> list[_Piece]:
    """The line cut at its timestamps, when it is a line of timestamps and headlines; else prose (see step 3)."""
    found = finder.find(line)
    if found and len(found) < len(line):
        # A day and a month alone among a line's words are the headline's own ("le second tour fixé au 22 mars",
        # "vote on May 5"): a list's time carries a year or a time of day.
        found = [f for f in found if not (_DAY_AND_MONTH.fullmatch(f.reading.text) and _among_words(line, f))]
    if not found:
        return [_Piece(number, line)]
    bounds = [0, *(i for f in found for i in (f.start, f.end)), len(line)]
    gaps = [line[bounds[i] : bounds[i + 1]].strip(_SEPARATORS) for i in range(0, len(bounds), 2)]
    if _ends_on_time(gaps):
        return [_Piece(number, line)]
    if _is_list_line(gaps) or _story_before_list(gaps):
        pieces: list[_Piece] = []
        for gap, time in zip(gaps, [*found, None], strict=True):
            if any(c.isalnum() for c in gap):
                # A time's label ("Updated 10:31 GMT", "Published 2 hours ago") goes with the time, not a headline.
                label = _is_time_label(gap)
                pieces.append(_Piece(number, gap, reason=Reason.LONE_TIMESTAMP if label else None, whole=False))
            if time is not None:
                pieces.append(_Piece(number, time.reading.text, found=time, whole=False))
        return pieces
    lead = found[0] if not gaps[0] else None
    tail = found[-1] if not gaps[-1] and found[-1] is not lead else None
    if lead is None and tail is None:
        return [_Piece(number, line)]
    core = _Piece(number, line[lead.end if lead else 0 : tail.start if tail else len(line)].strip(), whole=False)
    if _is_time_label(core.text.strip(_SEPARATORS)):  # "Updated 10:31 GMT": the label goes with its time
        core.reason = Reason.LONE_TIMESTAMP
    ends = [_Piece(number, t.reading.text, found=t, whole=False) for t in (lead, tail) if t is not None]
    return [*ends[:1], core, *ends[1:]] if lead else [core, *ends]


_DAY_AND_MONTH = re.compile(  # "22 mars", "May 5", "el 5 de marzo", "the 5th of March", "3月5日", "3월 5일"
    r"(?:(?:el|the|le|am|il|o)\s+)?\d{1,2}(?:er|st|nd|rd|th|º)?\.?\s+(?:(?:de|of|di|do)\s+)?[^\W\d_]{3,}\.?"
    r"|[^\W\d_]{3,}\.?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?"
    r"|\d{1,2}\s?月\s?\d{1,2}\s?[日号]|\d{1,2}월\s?\d{1,2}일",
    re.IGNORECASE,
)


def _among_words(line: str, found: Found) -> bool:
    """Whether a timestamp is written among the words of a headline: words right before it (no separator such as
    "|" or " - " between, and not its label: "Published March 12"), or words after it."""
    before, after = line[: found.start].rstrip(), line[found.end :]
    if any(c.isalpha() for c in after.strip(_SEPARATORS)):
        return True
    if not before or before[-1] in _SEPARATORS or line[len(before) : found.start].strip(" "):
        return False
    return not _is_time_label(before.rsplit("|", 1)[-1])


def _is_list_line(gaps: Sequence[str]) -> bool:
    """The text between a line's timestamps is headlines, not a paragraph that mentions dates.

    Prose flows through its dates ("taken on January 24 2012, more than 90 ..."): text going on after a
    timestamp in lower case continues a sentence, where a list starts its next headline.
    """
    if any(is_prose(gap) for gap in gaps):
        return False
    # A time's label in lower case ("Publié le 03/03/2024 à 09h12, mis à jour le 03/03/2024 à 11h47") goes with the
    # time after it: it continues no sentence.
    return not any(gap[:1].islower() and not _is_time_label(gap) for gap in gaps[1:])


def _ends_on_time(gaps: Sequence[str]) -> bool:
    """A sentence that ends on a time ("Fire crews were called to a warehouse on Yarm Road at 6am."): its stop right
    after the time, a word in lower case right before it. A headline glued to its time ends on neither."""
    words = gaps[-2].split()
    return bool(gaps[-1]) and all(c in _SENTENCE_END for c in gaps[-1]) and bool(words) and words[-1].islower()


def _story_before_list(gaps: Sequence[str]) -> bool:
    """A paragraph run into the list of headlines after it ("...state television reported.GMT 09:00 2020 Monday ,09
    MarchSudan's Hamdok survives ..."): prose ending a sentence, then headlines between the times, two at least."""
    if len(gaps) < _LIST_TIMES + 1 or not (is_prose(gaps[0]) and _ends_sentence(gaps[0])):
        return False
    listed = gaps[1:] if gaps[-1] else gaps[1:-1]
    return _is_list_line(["", *gaps[1:]]) and all(_is_headline(gap) for gap in listed)


# Timestamps a list has at least.
_LIST_TIMES = 2


def _mark_story_times(pieces: Sequence[_Piece]) -> list[tuple[str, Found]]:
    """Before the story's first paragraph of prose, a line of labelled times ("Published 14:32 GMT, 12 March 2026 |
    Updated 16:05 GMT", "نشر في: 12 مارس 2026"), or a few such lines one under the other ("Published ..." then
    "Updated ..."), is the story's own: its times go with no headline (a share button, a byline or a photo's
    caption beside it would otherwise be taken for one). Returns those times, each with its label."""
    by_line: dict[int, list[_Piece]] = {}
    standfirst = False
    for index, piece in enumerate(pieces):
        if piece.prose and piece.reason is None:  # a cookie banner above the menu is no paragraph of the story
            # A standfirst written as a sentence as long as a paragraph, over the byline and the times: read on.
            if standfirst or not _over_story_times(pieces, index):
                break
            standfirst = True
        by_line.setdefault(piece.line, []).append(piece)
    blocks = _labelled_blocks(by_line.values())
    # Several blocks are a list of headlines labelled so ("Updated 10:31 GMT" under each).
    if len(blocks) != 1 or len(blocks[0]) > _STORY_TIME_LINES:
        return []
    times: list[tuple[str, Found]] = []
    for line in blocks[0]:
        label = ""
        for piece in line:
            piece.reason = piece.reason or Reason.LONE_TIMESTAMP
            if piece.found is None:
                label = piece.text
            else:
                times.append((label, piece.found))
    below = [line for number, line in by_line.items() if number > blocks[0][-1][0].line]
    # Over the site's menu, the site's clock ("Last Updated : GMT 05:39:41"): no headline's time, nor the story's.
    return [] if _menu_among(below) else times


def _menu_among(lines: Iterable[Sequence[_Piece]]) -> bool:
    """Whether two lines one under the other are a menu's items: a few words alone on each ("Home", "Arab World"),
    no headline, byline or time's label."""
    run = 0
    for line in lines:
        texts = [p.text for p in line if p.found is None and p.reason is None]
        item = len(line) == 1 and len(texts) == 1 and _is_menu_item(texts[0])
        run = run + 1 if item else 0
        if run == _MENU_ITEMS:
            return True
    return False


def _is_menu_item(text: str) -> bool:
    return (
        len(text.split()) <= _MENU_ITEM_WORDS
        and not _is_headline_sized(text)
        and not _is_byline(text)
        and not _is_time_label(text)
        and not _ends_sentence(text)
    )


# A menu's items one under the other, and the words at most of one.
_MENU_ITEMS = 2
_MENU_ITEM_WORDS = 3


def _over_story_times(pieces: Sequence[_Piece], index: int) -> bool:
    """Whether the next line under the piece at `index`, past a byline and what was left out, is a line of labelled
    times ("Par Claire Martin avec AFP" then "Publié le 12 septembre 2024 à 14h05")."""
    line = pieces[index].line
    following = (p for p in pieces[index + 1 :] if p.line != line)
    for piece in following:
        if piece.found is None and (piece.reason is not None or _is_byline(piece.text)):
            continue
        return _is_labelled_time_line([p for p in pieces[index + 1 :] if p.line == piece.line])
    return False


# A story's time lines: published, updated, and one more at most (a "last modified" or the time of a print edition).
_STORY_TIME_LINES = 3


def _labelled_blocks(lines: Iterable[list[_Piece]]) -> list[list[list[_Piece]]]:
    """The runs of consecutive lines made of labelled times alone."""
    blocks: list[list[list[_Piece]]] = []
    run: list[list[_Piece]] = []
    for line in lines:
        if _is_labelled_time_line(line):
            run.append(line)
        elif run:
            blocks.append(run)
            run = []
    if run:
        blocks.append(run)
    return blocks


def _is_labelled_time_line(line: Sequence[_Piece]) -> bool:
    texts = [p for p in line if p.found is None]
    return len(texts) < len(line) and bool(texts) and all(_is_time_label(p.text) for p in texts)


def _mark_near_times(pieces: Sequence[_Piece]) -> None:
    live = [p for p in pieces if p.reason is None]
    for before, after in itertools.pairwise(live):
        if before.found is not None:
            after.near_time = True
        if after.found is not None:
            before.near_time = True


def _mark_page_boilerplate(pieces: Sequence[_Piece], rules: LineRules, seen: frozenset[str]) -> Counter[str]:
    """Step 4, whole pieces: line rules for the pieces of cut lines, then repetition on the page and on earlier
    pages. Returns how often each short text occurs on the page (by `line_key`)."""
    texts = [p for p in pieces if p.found is None]
    counts = Counter(line_key(p.text) for p in texts if not p.prose)
    prose_met: set[str] = set()
    for piece in texts:
        if piece.reason is not None:
            continue
        if not piece.whole:
            piece.reason = rules.reason(piece.text)
        if piece.reason is None:
            piece.reason = _page_reason(piece, counts, seen, prose_met)
    return counts


def _page_reason(piece: _Piece, counts: Counter[str], seen: frozenset[str], prose_met: set[str]) -> Reason | None:
    key = line_key(piece.text)
    if piece.prose:
        if key in prose_met:
            return Reason.DUPLICATE
        prose_met.add(key)
        return None
    if piece.near_time:
        return None
    if counts[key] >= 2:
        return Reason.REPEATED
    if fingerprint(piece.text) in seen:
        return Reason.SEEN_BEFORE
    return None


def _cut_glued(pieces: Sequence[_Piece], rules: LineRules, counts: Counter[str], seen: frozenset[str]) -> list[Removed]:
    """Step 4, glued: boilerplate met on its own elsewhere is cut from the ends of other text, and a short line
    met once on its own and once glued to other text is repeated on the page. A piece whose rest is clean text
    is kept, even one left out before for the boilerplate glued to it."""
    phrases: dict[str, Reason] = {}
    for piece in pieces:
        if piece.reason in _GLUABLE and piece.found is None:
            phrases[piece.text] = piece.reason
    single = {p.text: p for p in pieces if p.reason is None and _may_repeat(p)}
    for text in single:
        phrases.setdefault(text, Reason.REPEATED)
    glued = GluedPhrases(phrases, seen)
    removed: list[Removed] = []
    for piece in pieces:
        if piece.found is not None or piece.reason not in _CUTTABLE:
            continue
        rest, cuts = glued.cut(piece.text)
        if not cuts:
            continue
        for cut in cuts:
            removed.append(Removed(cut.text, cut.reason, piece.line))
            if cut.text in single:
                single[cut.text].reason = Reason.REPEATED
        piece.retext(rest)
        piece.reason = None
        if not any(c.isalnum() for c in rest):
            piece.reason = Reason.NO_WORDS
        else:
            piece.reason = rules.reason(rest) or _rest_reason(piece, counts, seen)
    return removed


def _mark_related_links(pieces: Sequence[_Piece]) -> None:
    """Step 4, related links: under the heading of a box of them ("Read more:", "À lire aussi", "Más información"),
    the headline-sized lines up to the next sentence are other stories, though they stand between the story's
    paragraphs. Dated ones are left to the lists of step 5."""
    heading: _Piece | None = None
    for piece in pieces:
        if piece.found is None and is_related_heading(piece.text):
            heading = piece
        elif piece.reason is not None:
            continue
        elif heading is not None and piece.found is None and not piece.near_time and _is_link_text(piece.text):
            piece.reason = Reason.FURNITURE
            heading.reason = heading.reason or Reason.FURNITURE  # a heading kept until now heads links: it goes too
        else:
            heading = None


def _mark_comments(pieces: Sequence[_Piece]) -> None:
    """Step 4, comments: under the site's footer, the comment form's prompt ("Send your comments", "Your comment as a
    visitor"), then its visitors' comments to the page's end, each with its author and time: none is a headline of
    the site's nor the story's text."""
    footer = _FOOTER_REASONS - {Reason.COMMENT_PROMPT}
    prompt = next((i for i in range(len(pieces) - 1, -1, -1) if pieces[i].reason is Reason.COMMENT_PROMPT), None)
    if prompt is None or not any(p.reason in footer for p in pieces[:prompt]):
        return
    if any(p.reason in footer for p in pieces[prompt + 1 :]):
        return  # the site's footer under the comments: what stands between may be the site's lists
    for piece in pieces[prompt + 1 :]:
        piece.reason = piece.reason or Reason.OUTSIDE_ARTICLE


def _is_link_text(text: str) -> bool:
    """A related story's headline: headline-sized, not a sentence of the story ("He declined to comment.")."""
    return _is_headline(text, undated=True) and not _is_sentence(text)


def _may_repeat(piece: _Piece) -> bool:
    """A piece the repetition rules apply to: short text, a line of its own, not beside a timestamp."""
    return piece.found is None and piece.whole and not piece.prose and not piece.near_time


def _rest_reason(piece: _Piece, counts: Counter[str], seen: frozenset[str]) -> Reason | None:
    if piece.prose or piece.near_time:
        return None
    if counts[line_key(piece.text)] >= 1:  # the rest also stands on its own elsewhere on the page
        return Reason.REPEATED
    return Reason.SEEN_BEFORE if fingerprint(piece.text) in seen else None


def _headline_lists(kept: Sequence[_Piece], labelled: frozenset[int]) -> tuple[list[_Headline], list[_Piece]]:
    """Step 5: the headlines of every list, and the text pieces that are in no list. `labelled`: the lines whose
    time is written with its label ("Published ...", "Updated ...")."""
    headlines: list[_Headline] = []
    free: list[_Piece] = []
    runs = list(_runs(kept))
    story_end = max((i for i, run in enumerate(runs) if run[0].prose), default=len(runs))
    for index, run in enumerate(runs):
        times = sum(p.found is not None for p in run)
        # Below the story, a list of one: a time beside a headline ("GMT 09:15 2018 Tuesday ,13 February" over
        # "Egypt says it killed 30 militants in Sinai", the footer after it). A time labelled "Published" or
        # "Updated" there is the story's own, and the line beside it no headline of the site's.
        single = times == 1 and index > story_end and not any(p.line in labelled for p in run if p.found is not None)
        if times < _LIST_TIMES and not single:
            free.extend(p for p in run if p.found is None)
            _drop_times(run)
            continue
        listed, rest = _read_list(run, single=single)
        headlines.extend(listed)
        free.extend(rest)
    return headlines, free


def _labelled_lines(pieces: Sequence[_Piece]) -> frozenset[int]:
    """The lines holding a time's label ("Published", "Updated on", "Mis à jour le")."""
    return frozenset(p.line for p in pieces if p.found is None and _is_time_label(p.text.strip(_SEPARATORS)))


def _runs(kept: Sequence[_Piece]) -> Iterator[list[_Piece]]:
    """The kept pieces cut at each paragraph of prose; a paragraph is a run of its own."""
    run: list[_Piece] = []
    for piece in kept:
        if piece.prose:
            if run:
                yield run
            yield [piece]
            run = []
        else:
            run.append(piece)
    if run:
        yield run


def _read_list(run: list[_Piece], *, single: bool = False) -> tuple[list[_Headline], list[_Piece]]:
    """The run's headlines, each with its time, and its other pieces. A list of one time (`single`) pairs it with a
    headline that looks like one whatever stands beside it: four words or more, no sentence, no byline."""
    after, before = _pairs(run, time_first=False), _pairs(run, time_first=True)
    if single:
        after, before = ([pair for pair in pairs if _lone_headline(pair[1].text)] for pairs in (after, before))
    pairs = max(after, before, key=_pairing_score)  # on a tie, the first: times after their headlines
    if not pairs:
        _drop_times(run)
        return [], [p for p in run if p.found is None]
    paired = {id(text): time for time, text in pairs}
    positions = [i for i, p in enumerate(run) if id(p) in paired]
    first, last = positions[0], positions[-1]
    headlines: list[_Headline] = []
    rest: list[_Piece] = []
    used_times = {id(time) for time, _ in pairs}
    for index, piece in enumerate(run):
        if piece.found is not None:
            if id(piece) not in used_times:
                piece.reason = Reason.LONE_TIMESTAMP
        elif id(piece) in paired:
            headlines.append(_Headline(_as_headline(piece), paired[id(piece)].found))
        elif first < index < last and _is_headline(piece.text, undated=True):
            headlines.append(_Headline(_as_headline(piece), None))
        else:
            rest.append(piece)
    return headlines, rest


def _lone_headline(text: str) -> bool:
    return _is_headline(text, undated=True) and not _ends_with_period(text) and not _is_byline(text)


def _as_headline(piece: _Piece) -> _Piece:
    """The piece with what a list adds to a headline taken away: its rank ("2. "), a bracket left open around
    its timestamp ("... decision (12/03/2024)")."""
    text = _RANK.sub("", piece.text)
    if text.count("(") > text.count(")"):
        text = text.rstrip(" ([")
    if text.count(")") > text.count("("):
        text = text.lstrip(" )]")
    if text != piece.text and text:
        piece.retext(text)
    return piece


_RANK = re.compile(r"^\d{1,2}[.)]\s+(?=\D)")


def _pairs(run: Sequence[_Piece], *, time_first: bool) -> list[tuple[_Piece, _Piece]]:
    """(timestamp, headline) pairs of neighbours, taken greedily from the start of the run."""
    pairs: list[tuple[_Piece, _Piece]] = []
    index = 0
    while index < len(run) - 1:
        time, text = (run[index], run[index + 1]) if time_first else (run[index + 1], run[index])
        if (
            time.found is not None
            and text.found is None
            and _is_headline(text.text)
            and not _is_lede(text.text)
            and not is_related_heading(text.text)  # the list's heading ("More stories"), under a time of the story
            and not _is_byline(text.text)  # the story's byline over its time ("By AFP", then "Dec. 25, 2023 ...")
        ):
            pairs.append((time, text))
            index += 2
        else:
            index += 1
    return pairs


def _pairing_score(pairs: Sequence[tuple[_Piece, _Piece]]) -> tuple[int, int, int, int, int]:
    # Most pairs; then most headlines that do not end like a sentence; then most pairs joined alike: a site prints
    # every item of a list the same way, its time on the headline's line or on a line of its own, so the side
    # whose pairs are joined one way but for one (a line above the list taken for its first headline, the seed's
    # "GMT ..." over a headline glued to the next one's time) is the wrong one; then most pairs on one line; then
    # the fullest headlines: a list's heading ("More on this") or a footer link ("Contact us") is shorter than the
    # headlines, so the side that pairs it is the wrong one.
    same_line = sum(time.line == text.line for time, text in pairs)
    return (
        len(pairs),
        sum(not _ends_with_period(text.text) for _, text in pairs),
        max(same_line, len(pairs) - same_line),
        same_line,
        sum(_headline_weight(text.text) for _, text in pairs),
    )


def _headline_weight(text: str) -> int:
    """How much of a headline the text is: its words, up to a headline's usual dozen (letters, where unspaced)."""
    if _unspaced(text):
        return min(sum(c.isalpha() for c in text) // 2, 12)
    return min(len(text.split()), 12)


def _drop_times(run: Iterable[_Piece]) -> None:
    for piece in run:
        if piece.found is not None:
            piece.reason = Reason.LONE_TIMESTAMP


def _unique(headlines: Sequence[_Headline]) -> list[_Headline]:
    met: set[str] = set()
    unique: list[_Headline] = []
    for headline in headlines:
        key = line_key(headline.piece.text)
        if key in met:
            headline.piece.reason = Reason.DUPLICATE
        else:
            met.add(key)
            unique.append(headline)
    return unique


def _article(free: Sequence[_Piece], kept: Sequence[_Piece], credits: CreditFinder) -> ArticleDraft:
    """Step 6: the paragraphs from the first to the last paragraph of prose, with the short sentences right
    beside them ("He declined to comment."), and the credits. A story of short paragraphs only has no prose: its
    sentences stand for it, so that the menus and the footer around them stay out. A page without a sentence has
    no story (its navigation alone: the site's name, "Log in", "Sections"): no paragraphs."""
    prose = [i for i, p in enumerate(free) if p.prose] or [i for i, p in enumerate(free) if _is_sentence(p.text)]
    if not prose:  # a page of menus, labels and the site's name (its navigation alone) holds no story
        for piece in free:
            piece.reason = Reason.OUTSIDE_ARTICLE
        return ArticleDraft(paragraphs=(), headline="", credits=(), signed=())
    first, last = prose[0], prose[-1]
    position = {id(p): i for i, p in enumerate(kept)}
    while first > 0 and _next_to(free[first - 1], free[first], position) and _is_sentence(free[first - 1].text):
        first -= 1
    # A paragraph its agency signs is the story's last: what follows it is the site's ("Join our channel ...").
    while (
        last + 1 < len(free)
        and _sign_off(free[last].text) is None
        and _next_to(free[last], free[last + 1], position)
        and _ends_story(free[last + 1].text)
    ):
        last += 1
    # A byline under a standfirst as long as a paragraph, over the story ("Par Claire Martin avec AFP"): the story's
    # byline, no paragraph of it.
    inner = [p for p in free[first + 1 : last] if not p.prose and _is_byline(p.text)][:1]
    for piece in inner:
        piece.reason = Reason.OUTSIDE_ARTICLE
    paragraphs = [p.text for p in free[first : last + 1] if p not in inner]
    credited: list[str] = []
    for piece in (*free[:first], *free[last + 1 :]):
        short = len(piece.text) <= _CREDIT_LINE_LENGTH or bool(_contributors(piece.text))
        codes = _credit_line(piece.text, credits) if short else ()
        piece.reason = Reason.CREDIT_LINE if codes else Reason.OUTSIDE_ARTICLE
        credited.extend(codes)
    for paragraph in paragraphs[-2:]:  # "Reuters and AFP contributed to this report." ends a story
        credited.extend(code for name in _contributors(paragraph) for code in _named(name, credits))
    # A paragraph signed by its agency ("... on Sunday. -- Reuters", "... -- AP") credits it as a line of its own
    # would, or its bracket ("(AP)"): given, as the text's phrases may not name it.
    for paragraph in paragraphs:
        sign_off = _sign_off(paragraph)
        if sign_off is not None:
            # In capitals, as the name is written in a phrase ("REUTERS": "(Reuters)", "DPA": "(dpa)") too.
            for name in dict.fromkeys((sign_off["name"], sign_off["name"].title(), sign_off["name"].lower())):
                credited.extend(_named(name, credits))
    found = credits.find(*paragraphs)
    return ArticleDraft(
        paragraphs=tuple(paragraphs),
        headline=lede_headline(paragraphs[0]) if paragraphs else "",
        credits=tuple(dict.fromkeys((*found, *credited))),
        signed=tuple(dict.fromkeys(credited)),
        byline=inner[0].text if inner else None,
    )


def _without_story(
    headlines: list[_Headline], article: ArticleDraft, removed: list[Removed], now: datetime
) -> tuple[list[_Headline], ArticleDraft]:
    """The site's list naming the story itself among its other headlines: that headline is the article, not an item
    of its own beside it (the feed would carry the story twice); its time dates an article its page prints no time
    for."""
    key = line_key(article.headline)
    same = [h for h in headlines if line_key(h.piece.text) == key]
    if not same:
        return headlines, article
    for headline in same:
        headline.piece.reason = Reason.DUPLICATE
        removed.append(Removed(headline.piece.text, Reason.DUPLICATE, headline.piece.line))
    removed.sort(key=lambda r: r.line)
    if article.published is None:
        article = _dated(article, [("", h.time) for h in same if h.time is not None], now)
    return [h for h in headlines if h not in same], article


def _notices(
    pieces: Sequence[_Piece], free: Sequence[_Piece], removed: Sequence[Removed]
) -> tuple[Notice | None, Notice | None]:
    """The story's notice and the site's. The copyright lines right under the story are its own (an agency's, whose
    story the site carries) where the site's footer stands lower, and the page's other copyright lines the site's;
    with none lower, they are the site's footer, and the story has no notice of its own."""
    under = {(p.line, p.text) for p in _notice_under(pieces, free)}
    others = [r for r in removed if r.reason is Reason.COPYRIGHT and (r.line, r.text) not in under]
    if not under or not any(r.line > max(line for line, _ in under) for r in others):
        return None, main_notice(r.text for r in removed if r.reason is Reason.COPYRIGHT)
    return main_notice(text for _, text in sorted(under)), main_notice(r.text for r in others)


def _notice_under(pieces: Sequence[_Piece], free: Sequence[_Piece]) -> list[_Piece]:
    """The copyright lines right under the story's last paragraph, nothing between them: the story's own (an
    agency's, whose story the site carries), not the site's footer, which its lists of headlines stand above."""
    last = next((p for p in reversed(free) if p.reason is None), None)
    index = next((i for i, p in enumerate(pieces) if p is last), None)
    if index is None:
        return []
    return list(itertools.takewhile(lambda p: p.reason is Reason.COPYRIGHT, pieces[index + 1 :]))


def _story_start(pieces: Sequence[_Piece], free: Sequence[_Piece]) -> int | None:
    """The index in `pieces` of the story's first paragraph (the first free piece not left out)."""
    first = next((p for p in free if p.reason is None), None)
    return None if first is None else next(i for i, p in enumerate(pieces) if p is first)


def _time_above(
    pieces: Sequence[_Piece], index: int | None, untitled: _TitleSearch | None, names: Sequence[str]
) -> list[tuple[str, Found]]:
    """A time alone right above the story's first paragraph ("March 1, 2024 9:14 PM EST", "Bruselas 23/02/2024 -
    14:05h"), with no text between them but what was left out as the site's (a share button): the story's own,
    printed under its headline without a label. None when the story's text stands before any other, or, on a page
    that prints no headline of the story (`untitled`), when a headline stands right above the time: another
    story's, which the time dates. `index`: where the story's first paragraph is (`_story_start`)."""
    if index is None:
        return []
    first = pieces[index]
    short = 0
    for above in range(index - 1, -1, -1):
        piece = pieces[above]
        if piece.found is not None:
            if piece.reason is not Reason.LONE_TIMESTAMP or (untitled and untitled.headline_above(above)):
                return []
            return [("", piece.found)]
        if piece.reason in (None, Reason.OUTSIDE_ARTICLE, Reason.CREDIT_LINE) and piece.line != first.line:
            if _is_dateline_line(_without_site_name(piece.text, names)) and not short:
                short += 1
                continue
            return []  # a headline, a byline or a caption: a time above it is not said to be the story's
    return []


def _is_dateline_line(text: str) -> bool:
    """A line of its own between a story's time and its first paragraph, of a few words, that names the place it
    was written in and the desk ("بيروت - العرب اليوم", "CAIRO"; the site's name taken off): no headline, byline,
    sentence or menu of several lines (one line at most is passed over)."""
    return not _is_headline_sized(text) and not _is_byline(text) and not _ends_sentence(text) and not is_menu(text)


def _time_below(pieces: Sequence[_Piece], free: Sequence[_Piece]) -> list[tuple[str, Found]]:
    """A time alone right under the story's last paragraph, over the heading of the site's list ("Lo más visto",
    "Most read") or its footer: the story's, which the site prints at its end. Over a headline it is that headline's
    (the first of a list, as on the seed's page)."""
    last = next((p for p in reversed(free) if p.reason is None), None)
    index = next((i for i, p in enumerate(pieces) if p is last), None)
    if last is None or index is None or index + 1 >= len(pieces):
        return []
    time = pieces[index + 1]
    if time.found is None or time.reason is not Reason.LONE_TIMESTAMP or time.line == last.line:
        return []
    below = pieces[index + 2] if index + 2 < len(pieces) else None
    if below is not None and not (is_related_heading(below.text) or below.reason in _FOOTER_REASONS):
        return []
    return [("", time.found)]


# What a site's footer is left out as.
_FOOTER_REASONS = frozenset({Reason.COPYRIGHT, Reason.PATTERN, Reason.COMMENT_PROMPT})


def _on_printed_dates(times: Sequence[tuple[str, Found]], source: SourceConfig) -> list[tuple[str, Found]]:
    """The story's times, each written without its date after one written with it read on that one's date, as the
    page prints it ("Publié le 12 mars 2024 à 14h05, mis à jour à 16h30": the 12th at 16:30), not as the latest such
    moment before the page was read. Its reading's text is then that date and the time as written ("2024-03-12
    16h30"), which reads again to the same instant. On that date it may come before the dated time: the page says
    no later day, and `_dated` refuses it as an update."""
    read: list[tuple[str, Found]] = []
    day: date | None = None
    for label, found in times:
        on_day = _on_date(found, day, source) if day is not None else None
        if on_day is None and _on_date(found, found.reading.instant.date(), source) is None:
            day = _printed_day(found.reading)  # a time written with its date: those after it without one take it
        read.append((label, on_day or found))
    return read


def _on_date(found: Found, day: date, source: SourceConfig) -> Found | None:
    """`found` read on `day`, if it is a time written without its date (read so, date and time are one timestamp)."""
    text = f"{day.isoformat()} {found.reading.text}"
    whole = find_timestamps(text, tz=source.zone, dayfirst=source.dayfirst)
    if len(whole) != 1 or whole[0].start != 0 or whole[0].end != len(text):
        return None  # a date of its own, a day word ("yesterday") or a time ago: not read on another's date
    return Found(found.start, found.end, whole[0].reading)


def _printed_day(reading: Reading) -> date | None:
    """The date a time is printed on: its day in the zone it was read in."""
    utc_day = reading.instant.date()
    for day in (utc_day + _ONE_DAY, utc_day, utc_day - _ONE_DAY):
        try:
            midnight = read_timestamp(f"{day.isoformat()} 00:00 {reading.zone}").instant
        except TimestampError:
            return None
        if midnight <= reading.instant:
            return day
    return None


_ONE_DAY = timedelta(days=1)


def _dated(article: ArticleDraft, times: Sequence[tuple[str, Found]], now: datetime) -> ArticleDraft:
    """The article with its published and updated times: the first time labelled an update is when it was updated,
    the first other one when it was published (a page that tells its update alone was out by then). A time to come
    is no time of a page that is out already: a misreading, not an embargo."""
    past = [(label, found) for label, found in times if found.reading.instant <= now]
    updated = next((found for label, found in past if _UPDATE_LABEL.search(fold(label))), None)
    published = next((found for label, found in past if found is not updated), updated)
    if updated is not None and published is not None and updated.reading.instant < published.reading.instant:
        updated = None  # updated before it was published: the labels were misread
    return replace(article, published=published, updated=updated)


def _is_time_label(text: str) -> bool:
    """Whether `text` is only a time's label: one the timestamp reader knows ("Published", "Mis à jour le"), or a
    label of an update it does not take for one, with a word for "last" ("Última actualización", "Son güncelleme")
    or in a script whose marks part its words ("ปรับปรุงล่าสุด"), with the reader's label words around it."""
    if is_time_label(text):
        return True
    if len(text) > _LABEL_MAX_LENGTH:
        return False
    folded = fold(text)
    rest = _MISSED_LABELS.sub(" ", folded)
    return rest != folded and (not any(c.isalpha() for c in rest) or is_time_label(rest))


# A time's label is a few words: longer text is none, and is not folded to be looked at.
_LABEL_MAX_LENGTH = 80
# Labels of an update that the timestamp reader's words for labels miss, as written: of a word for "last" and one for
# an update, of two words it knows as one ("dikemas kini", "cập nhật"), or cut by a script's marks (Thai, whose
# "when" and "date" it misses too).
_MISSED_LABEL_WORDS = (
    "letzte änderung", "letzte aktualisierung", "última actualización", "actualización", "última atualização",
    "atualização", "dernière modification", "ultima modifica", "последнее обновление", "обновление",
    "останнє оновлення", "оновлення", "ostatnia aktualizacja", "poslední aktualizace", "aktualizace",
    "son güncelleme", "güncellendi", "τελευταία ενημέρωση", "ενημέρωση", "التحديث", "עדכון אחרון",
    "עודכן לאחרונה", "آخرین بروزرسانی", "آخرین به‌روزرسانی", "به‌روزرسانی", "最终更新", "最終更新", "最后更新",
    "最後更新", "更新时间", "更新日時", "최종 수정", "ปรับปรุงล่าสุด", "ปรับปรุง", "อัปเดตล่าสุด", "อัปเดต",
    "อัพเดทล่าสุด", "อัพเดท", "แก้ไขล่าสุด", "cập nhật lần cuối", "cập nhật", "dikemas kini", "terakhir diperbarui",
    "sist oppdatert", "sidst opdateret", "senest opdateret", "senast uppdaterad", "senast ändrad",
    "viimeksi päivitetty", "utoljára frissítve", "utolsó frissítés", "เมื่อ", "วันที่",
)  # fmt: skip
# Folded as a label is, the longest first; not inside a word of Latin, Greek or Cyrillic letters.
_MISSED_LABELS = re.compile(
    r"(?<![a-zα-ωа-яіїє])(?:"
    + "|".join(re.escape(fold(label)) for label in sorted(_MISSED_LABEL_WORDS, key=len, reverse=True))
    + r")(?![a-zα-ωа-яіїє])"
)


# A label that says a time is an update, folded as the label is (lower case, no accents; Korean syllables in their
# letters, Thai without its vowel and tone marks: as written, "수정" and "ปรับปรุง" never matched a label).
_UPDATE_LABEL = re.compile(
    fold(
        r"updat|modifi|edited|aktualisiert|geandert|anderung|mise? a jour|actualis|actualiz|atualiz|bijgewerkt|"
        r"aggiorn|обнов|онов|zaktualizowano|aktualizac|aktualizovano|guncelle|ενημερ|تحديث|עודכן|עדכון|بروزرسانی|"
        r"به‌روزرسانی|更新|수정|ปรับปรุง|อัปเดต|อัพเดท|แก้ไข|cap nhat|cập nhật|diperbarui|dikemas kini|oppdatert|"
        r"opdateret|uppdaterad|andrad|paivitetty|frissit"
    )
)


def _byline(free: Sequence[_Piece]) -> str | None:
    """The byline: of the lines above the story left out of it, the nearest that signs it ("By JOHN HANNA
    Associated Press", "Par Le Quotidien avec AFP", "Von Anna Schmidt")."""
    above = itertools.takewhile(lambda p: p.reason is not None, free)
    signed = [p.text for p in above if _is_byline(p.text)]
    return signed[-1] if signed else None


def _is_byline(text: str) -> bool:
    # A name, capitalised where the script has case: "By the numbers: ..." is a headline.
    found = _BYLINE.match(text)
    if found is None or found.group(1).islower() or len(text.split()) > _BYLINE_MAX_WORDS:
        return False
    return _signs_names(text[found.start(1) :])


def _signs_names(signed: str) -> bool:
    """Whether what follows "By" is names, then perhaps a role after a comma ("Jane Doe and John Smith in Kyiv",
    "Simon Jack, Business editor"): not a headline that starts with the word ("Di Maio lascia il partito", Italian;
    "By Any Measure, Inflation Is Back", in title case)."""
    names, _, role = signed.partition(",")
    words = re.findall(r"[^\W\d_][\w'’.-]*", names)
    if any(word[:1].islower() and word not in _NAME_JOINERS for word in words):
        return False
    role_words = role.split()
    return len(role_words) <= _ROLE_MAX_WORDS and not any(
        word in _TITLE_CASE_WORDS for word in (*words[1:], *role_words)
    )


# Words in lower case between the names of a byline: "and", "with", "for" a paper, "in" a city, particles of names.
_NAME_JOINERS = frozenset((
    "and", "with", "for", "the", "in", "on", "at", "of", "avec", "et", "pour", "à", "und", "mit", "aus", "y", "e",
    "con", "en", "i", "og", "och", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le",
    "van", "von", "der", "den", "ter", "zu", "bin", "al", "el", "ibn",
))  # fmt: skip
# Words a headline in title case has capitalised, a byline in lower case or not at all ("By Any Measure, Inflation
# Is Back In Britain"); not those that are also names ("May", "Will", "Said", "Can").
_TITLE_CASE_WORDS = frozenset((
    "Is", "Are", "Was", "Were", "Be", "Has", "Have", "Had", "Would", "Could", "Might", "Must", "In", "On", "Of",
    "To", "For", "With", "At", "As", "From", "Into", "After", "Over", "Not", "Says", "Its", "Their", "Than", "Up",
    "Out",
))  # fmt: skip
# A byline's role after its names and a comma: "Business editor", "Chief Political Correspondent", "AFP".
_ROLE_MAX_WORDS = 4


# "By" and a name, without a colon or a sentence's end.
_BYLINE = re.compile(
    r"^(?:By|BY|Par|PAR|Von|VON|Por|POR|Di|DI|Door|Av|Af|Przez|Автор|Від|Από|بقلم|מאת)\s+([^\W\d_])[^:.!?]*(?<![.!?:])$"
)
_BYLINE_MAX_WORDS = 10


class _Above(enum.Enum):
    """What a line above the story is to the search for its headline (see `_printed_headline`)."""

    HEADLINE = enum.auto()  # headline-sized: the story's headline, or its standfirst
    PASSED = enum.auto()  # what stands between a headline and its story: times, bylines, captions, share buttons
    SHORT = enum.auto()  # a few words: a label passed over, or a menu's item
    END = enum.auto()  # the page's navigation, a paragraph or the site's list of headlines: no headline above it


def _printed_headline(index: int | None, search: _TitleSearch, paragraphs: Sequence[str]) -> tuple[_Piece, str] | None:
    """Step 6, the headline: the piece the page prints the story's headline on, and the headline (without the
    site's name glued to it); None when the page prints none between the story (whose first paragraph is at
    `index`) and its navigation, or when the line found there is not about the story (another story's headline,
    from a list of the most read)."""
    if index is None:
        return None
    short = 0
    for above in range(index - 1, -1, -1):
        kind = search.kind(above)
        if kind is _Above.END:
            return None
        if kind is _Above.SHORT:
            short += 1
            if short == 2:  # two short lines one under the other: a menu ("Home", "News", "Sport")
                return None
            continue
        short = 0
        if kind is _Above.HEADLINE:
            # A headline-sized line right above it is the headline, and this one its standfirst.
            story = _words(" ".join(paragraphs[:_HEADLINE_TOLD_IN]))
            for found in (search.headline(above - 1), search.headline(above)):
                if found is not None and _tells_of(found[1], story):
                    return found
            return None
    return None


# The story's first paragraphs, which tell what its headline says.
_HEADLINE_TOLD_IN = 3
# A word a headline and its story share: four letters or more ("Texas", "wildfire"; not "in", "the"); in scripts
# written without spaces, any two letters one after the other (新华, 会议: _UNSPACED_PAIR).
_SHARED_WORD = re.compile(r"[^\W\d_]{4,}")


def _words(text: str) -> set[str]:
    folded = text.casefold()
    spaced = {word for word in _SHARED_WORD.findall(folded) if not _UNSPACED.search(word)}
    return spaced | set(_UNSPACED_PAIR.findall(folded)) | set(_HANGUL_WORD.findall(folded))


def _tells_of(headline: str, story: set[str]) -> bool:
    """Whether a headline is the story's: it shares with the story's first paragraphs two of its words, and a third
    of them at least (a headline says in few words what its lede tells; another story's shares a word by chance). A
    word of five letters or more inside one of the story's counts: a compound or an inflection of it ("Haushalt" in
    "Bundeshaushalt", "einigt" in "geeinigt"), as a Korean word does at the start of one ("동결" in "동결했다")."""
    words = _words(headline)
    shared = sum(word in story or _inside_one(word, story) for word in words)
    return shared >= min(2, len(words)) and shared * 3 >= len(words)


def _inside_one(word: str, story: set[str]) -> bool:
    if _HANGUL_WORD.fullmatch(word):  # a Korean word with a particle after it: "기준금리" in "기준금리를"
        return any(other.startswith(word) for other in story)
    return len(word) >= _INSIDE_MIN_LETTERS and any(word in other for other in story if len(other) > len(word))


# Letters at least of a headline's word found inside a word of the story.
_INSIDE_MIN_LETTERS = 5
# A word of Korean: two syllables or more, each a letter as long as a word of Latin letters ("동결", a freeze).
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}")


class _TitleSearch:
    """The lines above a story, as the search for its headline sees them."""

    def __init__(self, pieces: Sequence[_Piece], listed: set[int], names: Sequence[str]) -> None:
        self._pieces = pieces
        self._listed = listed
        self._names = names
        self._timed = {p.line for p in pieces if p.found is not None}

    def headline(self, index: int) -> tuple[_Piece, str] | None:
        """The piece at `index` and its text without the site's name, if it is an undated headline."""
        if index < 0 or self.kind(index) is not _Above.HEADLINE:
            return None
        piece = self._pieces[index]
        return piece, _without_site_name(piece.text, self._names)

    def headline_above(self, index: int) -> bool:
        """Whether a headline-sized line is the first above the piece at `index` past what a search passes over."""
        for above in range(index - 1, -1, -1):
            kind = self.kind(above)
            if kind is not _Above.PASSED:
                return kind is _Above.HEADLINE
        return False

    def kind(self, index: int) -> _Above:
        piece = self._pieces[index]
        if id(piece) in self._listed or piece.prose:
            return _Above.END
        text = _without_site_name(piece.text, self._names)
        if piece.found is not None or (piece.line in self._timed and not self._headline_beside_time(piece, text)):
            return _Above.PASSED  # a time line: its time, its label, the place before it ("Bruselas 23/02/2024")
        if is_share_buttons(piece.text):
            return _Above.PASSED  # "Facebook | X | WhatsApp" under a headline is no menu above it
        if is_menu(piece.text) or _BREADCRUMB.search(piece.text) or _is_site_name(text, self._names):
            return _Above.END
        if piece.reason is not Reason.OUTSIDE_ARTICLE and piece.reason is not Reason.REPEATED:
            # The site's boilerplate (share buttons, captions, lines met on its other pages), or a line crediting an
            # agency. A line repeated on this page may be the headline: its copies head the page's title and
            # breadcrumb.
            return _Above.PASSED
        if _is_byline(text) or _is_kicker(text) or _ends_with_period(text):
            return _Above.PASSED  # a standfirst is a sentence; a kicker ("EXCLUSIVE", "UPDATE 2-") is in capitals
        return _Above.HEADLINE if _is_headline_sized(text) else _Above.SHORT

    @staticmethod
    def _headline_beside_time(piece: _Piece, text: str) -> bool:
        """A headline its time is glued to, on a line of their own ("Arabs TodayFrench troops kill 11 militants in
        northern MaliGMT 09:02 2014 Friday ,24 January"): not a label, a place or a byline beside it."""
        return piece.reason is Reason.OUTSIDE_ARTICLE and _is_headline_sized(text) and not _is_byline(text)

    def time_over(self, headline: _Piece) -> list[tuple[str, Found]]:
        """A time alone right above the story's headline (not of a list: step 5), which a site prints over it as
        others print one under it: the story's."""
        index = next(i for i, p in enumerate(self._pieces) if p is headline)
        above = self._pieces[index - 1] if index > 0 else None
        if above is None or above.found is None or above.reason is not Reason.LONE_TIMESTAMP:
            return []
        return [("", above.found)]


def _is_headline_sized(text: str) -> bool:
    """A headline without a time of its own: four words or more (not counting "|" or "/"), short of a sentence."""
    if len(text) > HEADLINE_MAX_LENGTH or not _is_headline(text, undated=True):
        return False
    return _unspaced(text) or sum(any(c.isalpha() for c in word) for word in text.split()) >= 4


def _is_kicker(text: str) -> bool:
    """A label above a headline, in capitals ("EXCLUSIVE", "UPDATE 2-", "BREAKING NEWS")."""
    return any(c.isupper() for c in text) and not any(c.islower() for c in text)


# A breadcrumb: "Home > U.S. > ...", "Startseite › Politik › Deutschland".
_BREADCRUMB = re.compile(r"(?:^|\s)[>›»](?:\s|$)")


def _site_names(source: SourceConfig, notice: Notice | None) -> tuple[str, ...]:
    """The names a site prints its own name by: the source's, and the holder its copyright line names."""
    return tuple(name for name in (source.name, notice.holder if notice else None) if name)


def _is_site_name(text: str, names: Sequence[str]) -> bool:
    return any(line_key(text) == line_key(name) for name in names)


def _without_site_name(text: str, names: Sequence[str]) -> str:
    """`text` without the site's name glued to its start or end ("Port City HeraldHarbour dredging ...",
    "Wildfire ... | Metro Daily", "Metro Daily - Wildfire ..."): after a separator, or run into the text without a
    space. A headline that merely starts with the name ("Metro Daily reporter ...") keeps it."""
    for name in names:
        size = len(name)
        if len(text) > size and text[:size].casefold() == name.casefold() and _glued_after_name(text[size:]):
            text = text[size:].lstrip(_NAME_SEPARATORS)
        if len(text) > size and text[-size:].casefold() == name.casefold() and _glued_before_name(text[:-size]):
            text = text[:-size].rstrip(_NAME_SEPARATORS)
    return text


# Separators between a site's name and a headline: a bar, a bullet or a colon, or a dash between spaces (a hyphen
# makes one word: "Metro Daily-backed").
_NAME_SEPARATORS = " |•·:-–—"
_AFTER_NAME = re.compile(r"\s*[|•·:]\s*\S|\s+[-–—]\s+\S")
_BEFORE_NAME = re.compile(r"\S\s*[|•·:]\s*$|\S\s+[-–—]\s+$")


def _glued_after_name(rest: str) -> bool:
    return rest[:1].isupper() or _AFTER_NAME.match(rest) is not None


def _glued_before_name(rest: str) -> bool:
    return rest[-1:].islower() or rest[-1:] in ".!?" or _BEFORE_NAME.search(rest) is not None


def _without_title(removed: list[Removed], title: _Piece, headline: str) -> list[Removed]:
    """What was left out, without the line the article's headline was read from (it is not left out): but the
    site's name cut from it."""
    index = next(i for i, r in enumerate(removed) if r.line == title.line and r.text == title.text)
    rest = title.text.replace(headline, " ", 1).strip(_NAME_SEPARATORS)
    removed[index : index + 1] = [Removed(rest, Reason.OUTSIDE_ARTICLE, title.line)] if rest else []
    return removed


def _next_to(before: _Piece, after: _Piece, position: dict[int, int]) -> bool:
    """Nothing kept stands between the two pieces (boilerplate left out may)."""
    return position[id(after)] == position[id(before)] + 1


# A line beside the story that credits an agency and says little else: "(AFP)", "Source: Reuters".
_CREDIT_LINE_LENGTH = 60


def _credit_line(text: str, credits: CreditFinder) -> tuple[str, ...]:
    """The agencies a short line beside the story credits: by their phrases or their names alone ("(AFP)",
    "Reuters"), after a label ("Source: Reuters", "Quelle: dpa"), at the end of a byline ("By Jane Doe | Reuters") or
    of a dateline's line ("Beirut - Reuters"), or as contributors ("AP and Reuters contributed to this report")."""
    names = _contributors(text)
    label = _SOURCE_LABEL.match(text)
    if label is not None:
        names.append(text[label.end() :])
    if _is_byline(text) or len(text.split()) <= _DATELINE_LINE_WORDS:  # "Beirut - Reuters": a place, its desk
        names.append(_BYLINE_PARTS.split(text)[-1])
    found = (*credits.signed(text), *(code for name in names for code in _named(name, credits)))
    return tuple(dict.fromkeys(found))


def _named(name: str, credits: CreditFinder) -> tuple[str, ...]:
    """The agencies a name alone credits: as a signature, or as its agency signs it in brackets ("AP": "(AP)")."""
    return (*credits.signed(name), *credits.signed(f"({name})"))


# Words at most of a line naming the place a story was written in and its desk ("Beirut - Reuters").
_DATELINE_LINE_WORDS = 5
# "Source:" and its kin before an agency's name.
_SOURCE_LABEL = re.compile(
    r"^\s*(?:sources?|quelle|quellen|fuente|fuentes|fonte|fonti|bron|źródło|источник|kaynak|المصدر|מקור)\s*:\s*",
    re.IGNORECASE,
)
# What separates a byline's names from the agency after them: "By Jane Doe | Reuters", "Von Anna Schmidt, dpa".
_BYLINE_PARTS = re.compile(r"\s*[,|/•–—]\s*|\s+-\s+|\s+(?:for|with|avec|mit|con|para|pour)\s+")
# "Reuters and AFP contributed to this report.", "The Associated Press contributed reporting."
_CONTRIBUTED = re.compile(r"^(.{2,80}?)\s+contributed(?:\s+reporting)?(?:\s+to\s+this\s+(?:report|story|article))?\.?$")
_CONTRIBUTOR_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _contributors(text: str) -> list[str]:
    """The names a line of contributors gives ("Reuters and AFP contributed to this report."), none for others."""
    found = _CONTRIBUTED.match(text.strip()) if len(text) <= _CREDIT_LINE_LENGTH * 2 else None
    return _CONTRIBUTOR_SEPARATOR.split(found[1]) if found else []


def _nothing_left(lines: int, removed: Sequence[Removed], headlines: Sequence[_Headline]) -> str:
    reasons = Counter(r.reason.value for r in removed)
    parts = [f"{count} {reason}" for reason, count in reasons.most_common()]
    found = f"; {len(headlines)} dated headlines" if headlines else ""
    return (
        f"no article text: of {lines} lines, none is a paragraph or a sentence of a story "
        f"(left out: {', '.join(parts) or 'nothing'}{found})"
    )


# Text kinds. Scripts written without spaces between words (Chinese, Japanese, Thai, ...) are measured in letters.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_UNSPACED_PAIR = re.compile(rf"(?=({_UNSPACED.pattern}{{2}}))")
_SENTENCE_END = SENTENCE_STOPS
# What may follow a sentence's stop: closing quotes and brackets, and characters that show nothing (a zero-width
# space, a directional mark or the closing of an embedding, left at the end of a scraped line).
_CLOSERS = " \"'”’»)」』\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202c\u2069"


def is_prose(text: str) -> bool:
    """A paragraph of a story rather than a headline, a menu item or a label."""
    if _unspaced(text):
        return len(text) >= 120 or (len(text) >= 50 and _ends_sentence(text))
    words = len(text.split())
    return words >= 30 or len(text) >= 250 or (words >= 16 and _ends_sentence(text))


def _is_headline(text: str, *, undated: bool = False) -> bool:
    """Headline-sized text with words; one without a time of its own must look more like one (4 words). A time's
    label ("Updated", "نشر في") is none."""
    if is_prose(text) or sum(c.isalpha() for c in text) < 2 or _is_time_label(text):
        return False
    if _unspaced(text):
        return sum(c.isalpha() for c in text) >= (8 if undated else 4)
    return len(text.split()) >= (4 if undated else 2)


def _is_lede(text: str) -> bool:
    """A story's first paragraph under its dateline, not a headline under its time: a long sentence, full stop."""
    return _ends_with_period(text) and (len(text.split()) >= 12 or (_unspaced(text) and len(text) >= 40))


def _is_sentence(text: str) -> bool:
    """A short paragraph of a story: a sentence of five words or more, with its full stop."""
    if not _ends_sentence(text):
        return False
    if _unspaced(text):
        return sum(c.isalpha() for c in text) >= 15
    return len(text.split()) >= 5


def _ends_story(text: str) -> bool:
    """A paragraph after the story's last, still its own: a sentence, or a statement of three words with its full
    stop ("He is being questioned.", "Russia called for restraint."), which a story ends on as often as not; not
    the dot of a dotted abbreviation ending a link to a section ("More in U.S.")."""
    if _is_sentence(text):
        return True
    words = text.split()
    return _ends_with_period(text) and not _unspaced(text) and len(words) >= 3 and not _dotted_abbreviation(words[-1])


def _dotted_abbreviation(word: str) -> bool:
    """ "U.S.", "U.N.": a word with a dot between its letters as well as at its end."""
    return "." in word.rstrip(_CLOSERS)[:-1]


def _unspaced(text: str) -> bool:
    letters = sum(c.isalpha() for c in text)
    return letters > 0 and len(_UNSPACED.findall(text)) * 3 >= letters


def _ends_sentence(text: str) -> bool:
    ending = _without_sign_off(text).rstrip(_CLOSERS)
    return ending[-1:] in _SENTENCE_END or ends_in_greek_question(ending)


def _ends_with_period(text: str) -> bool:
    return _without_sign_off(text).rstrip(_CLOSERS)[-1:] in FULL_STOPS


# An agency's sign-off ending a story's last paragraph: "... on Sunday. -- AFP", "... on Sunday. (Reuters)", "... on
# Sunday -- AP": a dash or a bracket, then a name of one to four capitalised words (or in a script without case), of
# 40 characters at most each. Unbounded, a word ran from every hyphen of a line of them ("A-A-A-...!") to its end,
# and a line of 100,000 characters took minutes to read.
_SIGN_OFF = re.compile(
    r"\s*(?P<dash>--|[-–—]|\()\s*(?P<name>[^\W\d_a-z][\w&'’.-]{0,39}(?:[ /][^\W\d_a-z][\w&'’.-]{0,39}){0,3})\)?\s*$"
)


# The sign-off of a site that prints its agency's name in capitals after the story's last stop, without a dash:
# "... said a strategist. REUTERS", "... on Monday. AFP, BLOOMBERG". One to four words of Latin capitals.
_CAPITALS_SIGN_OFF = re.compile(
    r"\s(?P<name>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ&.-]{1,39}(?:(?:, ?| ?/ ?| )[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ&.-]{1,39}){0,3})\s*$"
)


def _sign_off(text: str) -> re.Match[str] | None:
    """The agency's sign-off at the end of a paragraph: after a sentence's stop, after a double hyphen (which no
    headline ends on), or after a dash that ends a sentence as long as a paragraph's; its bracket closed as it was
    opened. Names in capitals alone after a sentence of five words or more sign it too."""
    found = _SIGN_OFF.search(text)
    if found is None:
        capitals = _CAPITALS_SIGN_OFF.search(text)
        before = text[: capitals.start()].rstrip(_CLOSERS) if capitals else ""
        if before[-1:] in _SENTENCE_END and len(before.split()) >= _SIGNED_MIN_WORDS:
            return capitals
        return None
    if (found["dash"] == "(") != text.rstrip().endswith(")"):
        return None
    before = text[: found.start()].rstrip(_CLOSERS)
    if before[-1:] in _SENTENCE_END or (found["dash"] == "--" and len(before.split()) >= _SIGNED_MIN_WORDS):
        return found
    # A dash a space parts from the words before it, after a sentence as long as a paragraph's, which no headline is
    # ("... his office said on Sunday – Reuters", "... on Sunday —AFP"); not a hyphen joining words ("Coca-Cola").
    if found["dash"] != "(" and found.start("dash") > found.start() and _paragraph_sized(before):
        return found
    return None


# Words at least before a sign-off that follows no sentence's stop ("... in the city -- AFP").
_SIGNED_MIN_WORDS = 5
# Words (letters, in a script without spaces) at least of a paragraph that its agency signs after a single dash,
# with no stop before it: the length of a sentence of prose (`is_prose`).
_PARAGRAPH_WORDS = 16
_PARAGRAPH_LETTERS = 50


def _paragraph_sized(text: str) -> bool:
    if _unspaced(text):
        return len(text) >= _PARAGRAPH_LETTERS
    return len(text.split()) >= _PARAGRAPH_WORDS


def _without_sign_off(text: str) -> str:
    """The paragraph without the agency's sign-off that ends it (see `_SIGN_OFF`), which ends it as a full stop
    would where none stands before it ("... in the city -- AP")."""
    found = _sign_off(text)
    if found is None:
        return text
    before = text[: found.start()]
    return before if before.rstrip(_CLOSERS)[-1:] in _SENTENCE_END else before + "."


# The lede's headline: its first sentence, cut at a clause or a word when longer than a headline may be.
# "PARIS (AFP) -", "Madrid, 12 mar (EFE).-", "نيويورك (فرانس برس) -": a place (and date, three words at most), an
# agency (a name: capitalised, or in a script without case) and the story's first sentence; not "The IMF (...) -",
# "Officials (speaking anonymously) -", "Apple (AAPL) - the world's ..." (an aside goes on in lower case).
_DATELINE = re.compile(
    r"^(?!(?:The|A|An|Le|La|Les|El|Los|Las|Der|Die|Das|Il|Lo|Gli|O|Os|As)\s)[^\W\d_][\w.,'’/-]*(?:\s+[\w.,'’/-]+){0,2}"
    r"\s*\((?=[^\W\d_])(?![a-z])[^()]{1,40}\)\s*\.?\s*[-–—:]+\s*+(?![a-z])"
)
# A comma, semicolon or colon before a space (the Arabic ، and ؛ too), a dash between spaces, or a comma, enumeration
# comma, semicolon or colon of Chinese and Japanese (，、；：), which no space follows.
_CLAUSE_BREAK = re.compile(r"[,;:\u060c\u061b]\s|\s[-–—]+\s|[\uff0c\u3001\uff1b\uff1a]")


def lede_headline(paragraph: str, limit: int = HEADLINE_MAX_LENGTH) -> str:
    """A headline from a story's first paragraph: its first sentence without a dateline such as
    "PARIS (AFP) -", cut at the last clause break that fits in `limit`, else at a word (with an ellipsis)."""
    dateline = _DATELINE.match(paragraph)
    if dateline and len(paragraph) - dateline.end() >= 40:
        paragraph = paragraph[dateline.end() :]
    sentence = _first_sentence(paragraph)
    if len(sentence) <= limit:
        return sentence.rstrip(FULL_STOPS) or sentence
    clauses = [m.start() for m in _CLAUSE_BREAK.finditer(sentence, 0, limit + 1) if m.start() >= 40]
    if clauses:
        return sentence[: clauses[-1]].rstrip()
    return cut_at_word(sentence, limit)


def _first_sentence(paragraph: str) -> str:
    for end in sentence_ends(paragraph):
        return paragraph[:end].strip()
    return paragraph.strip()
