"""Bulk import: NDJSON lines become stored items in batches; one bad line never loses the good ones.

Used by `POST /v1/items` with `Content-Type: application/x-ndjson` and by `newswire import FILE`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson

from wire.errors import FieldProblem, InvalidInput
from wire.ingest import Normaliser, check_names_once
from wire.model import Story, stored_form
from wire.store import Outcome, Refused, Stored
from wire.text import UTF8_BOM, is_utf8

if TYPE_CHECKING:
    from wire.bulk_writers import BulkWriters

# Lines normalised and stored together: one transaction each.
BATCH_LINES = 1000
# Bytes of lines a batch holds at most (but the line that takes it past this): a bulk's lines are held until their
# batch is written, and a body of long lines (a few kilobytes compressed make hundreds of megabytes) would otherwise
# be held whole. A thousand items of a few kilobytes each stay well below it.
BATCH_BYTES = 8 << 20

Lines = list[tuple[int, bytes | None]]  # (line number, line; None for a line too long to read)
# What a bulk's input gives: a numbered line (b"" for a blank one), or IDLE when it has had nothing to read for a
# while: the lines held are then written, so that a slow stream's items are stored as they come, not a thousand at
# a time.
IDLE = None
Input = tuple[int, bytes | None] | None


@dataclass(frozen=True, slots=True)
class LineResult:
    """What became of one line: stored (with its outcome and version) or refused (with status and problems)."""

    line: int
    item_id: str | None
    outcome: Outcome | None = None
    version: int | None = None
    status: int | None = None
    problems: tuple[FieldProblem, ...] = ()

    def __reduce__(self) -> tuple[type[LineResult], tuple[Any, ...]]:
        # Sent back by the bulk processes a thousand at a time: pickled by their fields as arguments, it takes a
        # quarter of the time a dataclass's default state does.
        return LineResult, (self.line, self.item_id, self.outcome, self.version, self.status, self.problems)

    def as_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"line": self.line}
        if self.item_id is not None:
            doc["id"] = self.item_id
        if self.outcome is not None:
            doc.update(outcome=self.outcome.value, version=self.version)
        else:
            doc.update(status=self.status, errors=[p.as_json() for p in self.problems])
        return doc


@dataclass(frozen=True, slots=True)
class Written:
    """What became of a batch's lines, and the sections whose documents the stored ones changed."""

    results: list[LineResult]
    touched: frozenset[str]


@dataclass(slots=True)
class Report:
    """Counts of a bulk import, and the result of every line."""

    lines: int = 0  # every line read, blank ones too: the number of the last
    blank: int = 0  # lines of nothing but spaces, which are passed over
    past_limit: bool = False  # the input held more lines than it may: those after the limit were not read
    counts: dict[str, int] = field(default_factory=lambda: {o.value: 0 for o in Outcome} | {"refused": 0})
    results: list[LineResult] = field(default_factory=list)

    def add(self, result: LineResult) -> None:
        self.results.append(result)
        self.counts[result.outcome.value if result.outcome else "refused"] += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            **self.counts,
            "blank": self.blank,
            "results": [r.as_json() for r in sorted(self.results, key=lambda r: r.line)],
        }


async def split_lines(chunks: AsyncIterable[bytes | None], *, max_line_bytes: int) -> AsyncIterator[Input]:
    """(line number, line) for every line of a byte stream, whatever its chunking; b"" for a blank one. A line
    longer than `max_line_bytes` is never held in memory: it is skipped, and yielded as None so it can be reported.
    A byte-order mark at the start (files saved by some Windows tools) is ignored, as RFC 8259 allows. An IDLE in
    `chunks` (the input has had nothing to read for a while) is passed on, a line begun before it kept whole."""
    # The line being read, grown in place: a long line sent in small pieces costs its length, not its square.
    pending = bytearray()
    number = 0
    skipping = False  # inside a line already known to be too long
    async for chunk in chunks:
        if chunk is IDLE:
            yield IDLE
            continue
        *complete, rest = chunk.split(b"\n")
        for piece in complete:
            number += 1
            if skipping or len(pending) + len(piece) > max_line_bytes:
                skipping = False
                yield number, None
            else:
                yield number, _line(number, bytes(pending + piece) if pending else piece)
            pending.clear()
        if skipping:
            continue
        pending += rest
        if len(pending) > max_line_bytes:
            pending.clear()
            skipping = True
    if skipping:
        yield number + 1, None
    elif pending:  # a last line without its line break (nothing after the last break is no line)
        yield number + 1, _line(number + 1, bytes(pending))


def _line(number: int, line: bytes) -> bytes:
    """A line as read, but b"" for a blank one; the first without the byte-order mark it may start with."""
    if number == 1:
        line = line.removeprefix(UTF8_BOM)
    return line if line.strip() else b""


async def import_lines(
    lines: AsyncIterable[Input],
    writers: BulkWriters,
    *,
    max_lines: int | None = None,
    progress: Callable[[Report], None] | None = None,
) -> Report:
    """Normalise and store every line but the blank ones, in batches of up to `BATCH_LINES` lines and `BATCH_BYTES`
    bytes (and those held when the input is IDLE), and report on each. An input of more than `max_lines` lines is
    read up to its limit (its report says it went past it).

    Each line goes down its item's lane (see wire/bulk_writers.py); a lane writes one batch at a time, in the
    order of their lines, while the other lanes write theirs and the body goes on being read.
    """
    report = Report()
    batches: list[Lines] = [[] for _ in range(writers.lanes)]
    held = [0] * writers.lanes  # bytes of the lines of each lane's batch
    writing: list[asyncio.Task[Written] | None] = [None] * writers.lanes

    async def write(lane: int) -> None:
        """Start writing a lane's batch, once the lane's batch before it is written."""
        await _written(writing[lane], report, progress)
        writing[lane] = asyncio.create_task(writers.write(lane, batches[lane]))
        batches[lane], held[lane] = [], 0

    try:
        async for entry in lines:
            if entry is IDLE:
                for lane in range(writers.lanes):
                    if batches[lane]:
                        await write(lane)
                continue
            number, raw = entry
            if max_lines is not None and number > max_lines:
                report.past_limit = True
                break
            report.lines = number
            if raw == b"":
                report.blank += 1
                continue
            lane = writers.lane(raw)
            batches[lane].append((number, raw))
            held[lane] += len(raw) if raw is not None else 0
            if len(batches[lane]) >= BATCH_LINES or held[lane] >= BATCH_BYTES:
                await write(lane)
        for lane in range(writers.lanes):
            if batches[lane]:
                await write(lane)
        for lane, task in enumerate(writing):
            writing[lane] = None
            await _written(task, report, progress)
    finally:
        # On a failure (a bad request, or the client gone), the batches being written end before it is told.
        await asyncio.gather(*(task for task in writing if task is not None), return_exceptions=True)
    return report


async def _written(
    task: asyncio.Task[Written] | None, report: Report, progress: Callable[[Report], None] | None
) -> None:
    """Wait for a lane's batch to be written, and report on its lines."""
    if task is None:
        return
    for result in (await task).results:
        report.add(result)
    if progress:
        progress(report)


Normalised = tuple[list[tuple[int, Story]], list[LineResult]]


def normalise_lines(batch: Lines, normaliser: Normaliser, now: datetime) -> Normalised:
    """The stories of a batch's lines (incomplete and relative times read against `now`), each with its stored
    form made (where it is normalised, not in the server that writes it), and the lines refused."""
    stories: list[tuple[int, Story]] = []
    refused: list[LineResult] = []
    for number, raw in batch:
        story = _story(number, raw, normaliser, now, refused)
        if story is not None:
            stored_form(story)
            stories.append((number, story))
    return stories, refused


def _story(
    number: int, raw: bytes | None, normaliser: Normaliser, now: datetime, refused: list[LineResult]
) -> Story | None:
    if raw is None:
        problem = FieldProblem("(line)", "is longer than the limit ([server] max_body_bytes)")
        refused.append(LineResult(number, None, status=413, problems=(problem,)))
        return None
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        reason = "is not UTF-8" if not is_utf8(raw) else f"is not valid JSON: {exc.msg}"
        problem = FieldProblem("(line)", reason)
        refused.append(LineResult(number, None, status=400, problems=(problem,)))
        return None
    if not isinstance(doc, dict):  # what the line is, as for a line that is not JSON
        problem = FieldProblem("(line)", "must be a JSON object")
        refused.append(LineResult(number, None, status=422, problems=(problem,)))
        return None
    try:
        check_names_once(raw, doc)
        return normaliser.story(doc, now=now)
    except InvalidInput as exc:
        item_id = doc.get("id") if isinstance(doc.get("id"), str) else None
        refused.append(LineResult(number, item_id, status=422, problems=exc.problems))
        return None


_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


def receipt(stored: Sequence[Stored | Refused]) -> str:
    """What a batch's put came to (Store.put_once keeps it with the versions): for each story, its outcome and
    version, or the status, field and reason of its refusal."""
    return orjson.dumps(
        [
            (r.outcome.value, r.item.version) if isinstance(r, Stored) else (r.error.status, r.field, r.error.detail)
            for r in stored
        ]
    ).decode()


def line_results(stories: list[tuple[int, Story]], kept: str, refused: list[LineResult]) -> list[LineResult]:
    """The result of each line of a batch: the lines refused when normalised, then what its put did with each story
    (`kept`: its receipt, for the stories in the order of `stories`)."""
    results = list(refused)
    for (number, story), result in zip(stories, orjson.loads(kept), strict=True):
        if isinstance(result[0], str):  # (outcome, version)
            results.append(LineResult(number, story.id, _OUTCOMES[result[0]], result[1]))
        else:  # (status, field, reason)
            problem = FieldProblem(result[1], result[2])
            results.append(LineResult(number, story.id, status=result[0], problems=(problem,)))
    return results
