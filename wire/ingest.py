"""Ingest: an editor's JSON document becomes a validated, normalised Story, or an error naming every bad field.

Normalising means: timestamps to UTC (with the source's zone and day/month order), text cleaned of characters
XML cannot carry, body HTML reduced to an allow-list, agency credits detected, rights filled from the source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import orjson

from feeds.formats import EXTENSIONS
from feeds.view import Rights
from wire.config import Config, SourceConfig, is_language_tag
from wire.credits import CreditFinder
from wire.errors import GIVEN_AGAIN, FieldProblem, InvalidInput, given_again
from wire.model import Kind, Signal, Story, TimeOrigin
from wire.store import Clock
from wire.text import (
    clean_line,
    clean_text,
    html_to_text,
    legal_text,
    one_line,
    sanitise_html,
    searchable_texts,
    shows_nothing,
)
from wire.timestamps import TimestampError, format_rfc3339, read_timestamp
from wire.urls import web_uri

# Extensions under which an item is served (`/v1/items/{id}.newsml`): an id may not end with one.
RESERVED_SUFFIXES = tuple(f".{extension}" for extension in dict.fromkeys((*EXTENSIONS, "xml")))

# The shapes and limits of an item's fields, as the API contract (wire/openapi.py) also states them.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:~-]{0,199}$"
_ID = re.compile(ID_PATTERN)
# How far ahead of the server's clock an `updated` time may be (the sender's clock may run a little fast). Further
# ahead it is a mistake, and a costly one: every later version, rightly dated, would be refused as older.
UPDATED_AHEAD_MAX = timedelta(minutes=10)
# Times before this year are taken for mistyped ones ("0226" for "2026"): no item of news is dated then.
EARLIEST_YEAR = 1000
# Unknown fields of one document named one by one at most.
_UNKNOWN_NAMED = 10
LIMITS = {
    "id": 200,
    "headline": 500,
    "summary": 5_000,
    "body": 2_000_000,
    "byline": 300,
    "url": 2_048,
    "ed_note": 2_000,
    "located": 200,
    "slugline": 200,
}
FIELDS = (
    "id", "section", "sections", "kind", "headline", "summary", "body", "byline", "language", "source", "url",
    "published", "updated", "embargo", "credits", "rights", "signal", "ed_note", "located", "slugline",
)  # fmt: skip
RIGHTS_FIELDS = ("holder", "notice", "usage_terms")
RIGHTS_MAX = 1_000  # characters of each
# A host name's label (RFC 1123), and what a URI holds as is beside the unreserved characters (RFC 3986).

E = TypeVar("E", Kind, Signal)


class _Repeated(dict[str, Any]):
    """An object of a JSON document that gave the names in `repeated` more than once."""

    repeated: tuple[str, ...] = ()


def check_names_once(raw: bytes, doc: object) -> None:
    """InvalidInput naming every field a JSON document `raw` (already read as `doc`) gives twice in one object
    (`headline`, `rights.holder`, `[1].id`). orjson, as most parsers, keeps one of the values without a word, and
    which one the editor meant is anyone's guess (RFC 8259 4): the same refusal as for a query field given twice."""
    # Outside its strings, a JSON text has a colon after each name and nowhere else. Where no escape could have
    # written a colon (\u003a), a text with as many colons as `doc` written out again gives no name twice: a name
    # given twice is one `doc` does not hold. Reading the text again (several times the cost) is for the rest.
    if _colons_agree(raw, doc):
        return
    found = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        names = dict(items)
        if len(names) == len(items):
            return names
        found = True
        repeated = _Repeated(names)
        repeated.repeated = given_again(name for name, _ in items)
        return repeated

    try:
        doc = json.loads(raw, object_pairs_hook=pairs)
    except RecursionError:  # nested deeper than this parser goes (orjson goes a little deeper): no item's shape
        return
    if found:
        raise InvalidInput([FieldProblem(path, GIVEN_AGAIN) for path in _repeated_paths(doc, "")])


def _colons_agree(raw: bytes, doc: object) -> bool:
    """Whether `raw` has no escape (none could have written a colon) and as many colons as `doc` written out again.
    False, to read the text again, for a document nested deeper than orjson writes (254 levels; it reads 1024)."""
    if b"\\u" in raw:
        return False
    try:
        written = orjson.dumps(doc)
    except orjson.JSONEncodeError:
        return False
    return raw.count(b":") == written.count(b":")


def _repeated_paths(doc: object, where: str) -> Iterator[str]:
    """The paths of the names given twice in `doc` and what it holds, as `errors` names fields."""
    if isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from _repeated_paths(value, f"{where}[{index}]")
    elif isinstance(doc, dict):
        prefix = f"{where}." if where else ""
        for name in doc.repeated if isinstance(doc, _Repeated) else ():
            yield prefix + name
        for name, value in doc.items():
            yield from _repeated_paths(value, prefix + name)


@dataclass(frozen=True, slots=True)
class _Context:
    source: SourceConfig | None
    now: datetime


class Normaliser:
    """Turns editors' documents into Stories under one configuration."""

    def __init__(self, config: Config, clock: Clock) -> None:
        self._config = config
        self._clock = clock
        self.credits = CreditFinder(config.agencies)

    @property
    def config(self) -> Config:
        return self._config

    def now(self) -> datetime:
        """The reference for incomplete and relative times: the clock's current time."""
        return self._clock()

    def story(self, doc: object, where: str = "", *, now: datetime | None = None) -> Story:
        """The Story a JSON value describes; raises InvalidInput naming each bad field (prefixed by `where`).

        `now` is the reference for incomplete and relative times (default: the clock), so that several documents
        made from one request read their times against the same instant.
        """
        if not isinstance(doc, dict):
            raise InvalidInput.one(where or "(body)", "must be a JSON object")
        checker = _Checker(doc, where)
        story = self._build(checker, now or self._clock())
        if checker.problems or story is None:
            raise InvalidInput(checker.problems)
        return story

    def stories(self, doc: object) -> list[Story]:
        """A JSON object, or an array of them: every one valid, or InvalidInput listing every problem."""
        if not isinstance(doc, list):
            return [self.story(doc)]
        if not doc:
            raise InvalidInput.one("(body)", "the array holds no items")
        problems: list[FieldProblem] = []
        stories: list[Story] = []
        for index, entry in enumerate(doc):
            try:
                stories.append(self.story(entry, f"[{index}]"))
            except InvalidInput as exc:
                problems.extend(exc.every)
        if problems:
            raise InvalidInput(problems)
        return stories

    def source(self, name: str) -> SourceConfig | None:
        return self._config.sources.get(name)

    def _build(self, c: _Checker, now: datetime) -> Story | None:
        unknown = [key for key in c.doc if key not in FIELDS]
        for n, key in enumerate(unknown[:_UNKNOWN_NAMED]):
            c.problem(key[:100], f"unknown field (known: {', '.join(FIELDS)})" if n == 0 else "unknown field")
        if len(unknown) > _UNKNOWN_NAMED:  # a problem each would make the answer far larger than the request
            c.problem("(object)", f"holds {len(unknown) - _UNKNOWN_NAMED} more unknown fields")
        item_id = c.text("id", required=True)
        if item_id is not None:
            # As sent where cleaning dropped a character, which would make it another story's id ("a\u0000" is
            # "a"); str.strip() is no help, as it also drops controls it counts as whitespace ("a\x1f", "a\x0b").
            sent = c.doc["id"]
            _check_id(c, sent if legal_text(sent) != sent else item_id)
        sections = self._sections(c)
        kind = c.choice("kind", Kind, default=Kind.ARTICLE)
        headline = c.line("headline", required=True)
        source_name = c.line("source")
        source = None
        if source_name is not None:
            source = self._config.sources.get(source_name)
            if source is None:
                c.problem(
                    "source",
                    f"unknown source {source_name[:100]!r} (configured: {_names(self._config.sources)})",
                )
        context = _Context(source, now)
        summary = c.text("summary")
        body = c.text("body")
        language = c.line("language")
        if language is not None and not is_language_tag(language):
            c.problem("language", f"{language[:100]!r} is not a BCP 47 language tag such as 'en' or 'pt-BR'")
        url = c.line("url")
        if url is not None:
            url = _web_uri(c, "url", url)
        credits = self._credits(c)
        rights = self._rights(c, source)
        origins: list[TimeOrigin] = []
        published = self._time(c, "published", context, origins)
        updated = self._time(c, "updated", context, origins)
        if updated is not None and updated > now + UPDATED_AHEAD_MAX:
            c.problem(
                "updated",
                f"{format_rfc3339(updated)} is ahead of the server's clock ({format_rfc3339(now)}) by more than "
                f"{UPDATED_AHEAD_MAX.seconds // 60} minutes: a version is updated when it is sent, not later",
            )
        embargo = self._time(c, "embargo", context, origins)
        signal = c.choice("signal", Signal, default=None)
        byline = c.line("byline")
        ed_note = c.text("ed_note")
        located = c.line("located")
        slugline = c.line("slugline")
        # Every field read before giving up: each problem is told at once, not one round of fixes after another.
        if c.problems or item_id is None or headline is None or not sections or kind is None:
            return None
        body_html = sanitise_html(body, url) if body else None
        # A summary is plain text: of HTML, its visible text (what scripts and styles hold is not).
        summary_text = (
            clean_line(html_to_text(sanitise_html(summary) if "<" in summary else summary)) if summary else None
        )
        # The byline is where a wire story often credits its agency ("By Jane Doe (Reuters)"). The body is read as
        # its readers read it, markup, references and all.
        body_texts = searchable_texts(body_html) if body_html else []
        detected = self.credits.find(headline, summary_text, *body_texts, byline)
        return Story(
            id=item_id,
            kind=kind,
            sections=sections,
            headline=headline,
            summary=summary_text or None,
            body_html=body_html or None,
            byline=byline,
            language=language or (source.language if source else None) or self._section_language(sections),
            source=source_name,
            url=url,
            credits=tuple(dict.fromkeys((*credits, *detected))),
            found_credits=tuple(code for code in detected if code not in credits),
            rights=rights,
            published=published,
            updated=updated,
            embargo=embargo,
            signal=signal,
            ed_note=ed_note,
            located=located,
            slugline=slugline,
            origins=tuple(origins),
        )

    def _sections(self, c: _Checker) -> tuple[str, ...]:
        main = c.line("section", required=True)
        extra = c.names("sections")
        names = tuple(dict.fromkeys(n for n in (main, *extra) if n))
        for name in names:
            if name not in self._config.sections:
                field = "section" if name == main else "sections"
                c.problem(field, f"unknown section {name[:100]!r} (configured: {_names(self._config.sections)})")
        return names

    def _section_language(self, sections: tuple[str, ...]) -> str:
        return self._config.sections[sections[0]].language

    def _credits(self, c: _Checker) -> tuple[str, ...]:
        codes = c.names("credits")
        for code in codes:
            if code not in self._config.agencies:
                c.problem(
                    "credits",
                    f"unknown agency {code[:100]!r} (configured: {_names(self._config.agencies)})",
                )
        return codes

    def _rights(self, c: _Checker, source: SourceConfig | None) -> Rights:
        given = c.doc.get("rights")
        values: dict[str, str | None] = {}
        if given is not None and not isinstance(given, dict):
            c.problem("rights", "must be an object with holder, notice and usage_terms")
        elif isinstance(given, dict):
            for key, value in given.items():
                if key not in RIGHTS_FIELDS:
                    c.problem(f"rights.{key}", "unknown field (known: holder, notice, usage_terms)")
                elif value is not None and not isinstance(value, str):
                    c.problem(f"rights.{key}", "must be a string")
                elif value is not None:
                    values[key] = self._rights_value(c, key, value)
        return Rights(
            holder=values.get("holder") or (source.rights_holder if source else None),
            notice=values.get("notice") or (source.rights_notice if source else None),
            usage_terms=values.get("usage_terms") or (source.usage_terms if source else None),
        )

    @staticmethod
    def _rights_value(c: _Checker, key: str, value: str) -> str | None:
        # Refused whole when too long, never cut: a cut could drop the closing the cleaning gave an embedding left
        # open, and the credit line that ends every text would turn round what a reader shows after it.
        cleaned = clean_line(value)
        if len(cleaned) > RIGHTS_MAX and (length := len(legal_text(value).strip())) > RIGHTS_MAX:
            c.problem(f"rights.{key}", f"is {length} characters long; the limit is {RIGHTS_MAX}")
            return None
        return cleaned or None

    def _time(self, c: _Checker, key: str, context: _Context, origins: list[TimeOrigin]) -> datetime | None:
        text = c.line(key)
        if text is None:
            return None
        source = context.source
        tz, dayfirst = (source.zone, source.dayfirst) if source else (None, None)
        try:
            reading = read_timestamp(text, tz=tz, dayfirst=dayfirst, now=context.now)
        except TimestampError as exc:
            c.problem(key, f"{text[:100]!r} is not a time the server can place: {exc}")
            return None
        if key == "embargo":
            # A time without its date or year is read as the latest such moment that has come (what a scraped
            # page means), where an embargo means one still to come: read so, it would release the story at once.
            # A relative day ("tomorrow 09:00") would move with each retry of the push. It must say its date.
            try:
                read_timestamp(text, tz=tz, dayfirst=dayfirst)
            except TimestampError:
                c.problem(
                    key,
                    f"{text[:100]!r} does not say its date and year: an embargo must, as it holds the story back until "
                    "then (read against the current time, it would be a moment already past, or move with each retry)",
                )
                return None
        if reading.instant.year < EARLIEST_YEAR:
            c.problem(key, f"{text[:100]!r} is in the year {reading.instant.year}: a mistyped year, surely")
            return None
        origins.append(TimeOrigin(key, text, reading.rule.value, reading.zone))
        return reading.instant


class _Checker:
    """Reads fields of one document, collecting every problem instead of stopping at the first."""

    def __init__(self, doc: Mapping[str, Any], where: str) -> None:
        self.doc = doc
        self.where = where
        self.problems: list[FieldProblem] = []

    def problem(self, key: str, reason: str) -> None:
        self.problems.append(FieldProblem(f"{self.where}.{key}" if self.where else key, reason))

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.doc.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if not isinstance(value, str):
            self.problem(key, f"must be a string, not {_json_type(value)}")
            return None
        cleaned = clean_text(value).strip()
        limit = LIMITS.get(key)
        # The closings the server adds to what the text leaves open of right-to-left embeddings are no characters
        # the editor wrote: a text of the limit's length is taken with them.
        if limit is not None and len(cleaned) > limit and (length := len(legal_text(value).strip())) > limit:
            self.problem(key, f"is {length} characters long; the limit is {limit}")
            return None
        value = cleaned
        if shows_nothing(value):
            if required:
                self.problem(key, "must not be empty")
            return None
        return value

    def line(self, key: str, *, required: bool = False) -> str | None:
        value = self.text(key, required=required)  # already cleaned of illegal characters
        return one_line(value) if value is not None else None

    def names(self, key: str) -> tuple[str, ...]:
        value = self.doc.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, "must be a list of strings")
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def choice(self, key: str, enum: type[E], *, default: E | None) -> E | None:
        value = self.doc.get(key)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            self.problem(key, f"must be one of {', '.join(m.value for m in enum)}")
            return default


def _check_id(c: _Checker, item_id: str) -> None:
    if not _ID.match(item_id):
        c.problem("id", "must start with a letter or digit and hold only letters, digits and . _ : ~ -")
    elif item_id.endswith(RESERVED_SUFFIXES):
        c.problem("id", f"must not end with a format extension ({', '.join(RESERVED_SUFFIXES)})")


def _web_uri(c: _Checker, key: str, url: str) -> str | None:
    uri = web_uri(url)
    if uri is None:
        c.problem(key, "must be an absolute http or https URL with a valid host name")
    return uri


def _names(table: Iterable[str]) -> str:
    return ", ".join(sorted(table)) or "none"


def _json_type(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "an array",
        dict: "an object",
    }
    return names.get(type(value), type(value).__name__)
