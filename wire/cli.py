"""The `newswire` command: serve, import NDJSON, check a config, make editor tokens and partner keys."""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import logging
import os
import re
import signal
import stat
import sys
import threading
import time
import tomllib
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, TypeVar

from wire.auth import digest, new_secret
from wire.bulk import IDLE, Report, import_lines, split_lines
from wire.bulk_writers import BulkWriters
from wire.config import DATABASE_URL_ENV, Config, load_config
from wire.errors import ConfigError, InvalidInput, Unavailable
from wire.ingest import Normaliser
from wire.model import Item, Kind, Status, Story
from wire.rules import Audience, level_for, partner_audience, public_audience
from wire.store import utc_now
from wire.store_postgres import where_is
from wire.stores import open_store
from wire.workers import serve

DEFAULT_CONFIG = "config.toml"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ConfigError as exc:
        print(f"newswire: {exc}", file=sys.stderr)
        return 2
    except Unavailable as exc:  # the store cannot be opened: say so, without a traceback
        print(f"newswire: {exc.detail}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`newswire check-config | head`): nothing more to say, and nowhere to say it.
        # Python flushes stdout again at exit, which would fail the same way: it goes to /dev/null instead.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newswire", description="The Newswire syndication feed server.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the server")
    serve.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    serve.add_argument("--host", help="address to listen on (default: [server] host)")
    serve.add_argument("--port", type=int, help="port to listen on (default: [server] port)")
    serve.add_argument("--workers", type=int, help="worker processes sharing the port (default: [server] workers)")
    serve.set_defaults(run=_serve)

    token = commands.add_parser("token", help="make a new editor token and print the config lines for it")
    token.add_argument("name", help="the editor's name, e.g. desk")
    token.add_argument("--config", default=DEFAULT_CONFIG, help="config file it is for (default: %(default)s)")
    token.set_defaults(run=_token)

    metrics_token = commands.add_parser(
        "metrics-token", help="make a token for reading /metrics and print the [server] line for it"
    )
    metrics_token.set_defaults(run=_metrics_token)

    bulk = commands.add_parser("import", help="store the items of an NDJSON file (one JSON item per line)")
    bulk.add_argument("file", type=Path, help="the NDJSON file, or - for standard input")
    bulk.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    bulk.add_argument("--quiet", action="store_true", help="no progress bar")
    bulk.set_defaults(run=_import)

    check = commands.add_parser("check-config", help="check a config file and show what each partner receives")
    check.add_argument("--config", default=DEFAULT_CONFIG, help="config file (default: %(default)s)")
    check.set_defaults(run=_check_config)

    key = commands.add_parser("key", help="make a new partner key and print the config line for it")
    key.add_argument("name", help="the partner's id, e.g. daily-planet")
    key.set_defaults(run=_key)
    return parser


def _serve(args: argparse.Namespace) -> int:
    path = Path(args.config)
    config = load_config(path)  # fail here, with the message, before any worker starts
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    host = args.host or config.server.host
    port = config.server.port if args.port is None else args.port
    workers = config.server.workers if args.workers is None else args.workers
    if not 1 <= port <= 65535:
        raise ConfigError("--port: must be between 1 and 65535")
    if workers < 1:
        raise ConfigError("--workers: must be at least 1")
    return serve(path, host=host, port=port, workers=workers)


def _import(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config))
    if str(args.file) == "-":
        source, total = sys.stdin.buffer, None
    else:
        try:
            source, total = args.file.open("rb"), args.file.stat().st_size
        except OSError as exc:
            print(f"newswire: {args.file}: {exc.strerror}", file=sys.stderr)
            return 2
    bar = Progress(total, enabled=not args.quiet and sys.stderr.isatty())
    return asyncio.run(_import_file(config, source, bar))


async def _import_file(config: Config, source: BinaryIO, bar: Progress) -> int:
    # SIGINT (Ctrl-C) or SIGTERM: no further line is read, the batches under way are written, and the summary
    # says what became of the lines read.
    interrupted: list[signal.Signals] = []
    loop = asyncio.get_running_loop()

    def interrupt(signum: signal.Signals) -> None:
        interrupted.append(signum)
        # The same signal again stops it at once: writing the batches under way may take a while.
        loop.remove_signal_handler(signum)
        signal.signal(signum, signal.SIG_DFL)

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, interrupt, signum)
    # It only writes: it need not learn of the instances' changes (no poll of SQLite, no listening session).
    store = await open_store(config, utc_now, watch=False)
    writers = BulkWriters(Normaliser(config, utc_now), store, config.server.bulk_processes)
    try:
        with source:
            chunks = _Input(source, bar, interrupted).chunks()
            lines = _until(interrupted, split_lines(chunks, max_line_bytes=config.server.max_body_bytes))
            report = await import_lines(lines, writers, progress=bar.update)
    except InvalidInput as exc:
        print(f"newswire: {exc.detail}", file=sys.stderr)
        return 1
    finally:
        await writers.close()
        await store.close()
    bar.finish()
    for result in report.results:
        if result.outcome is None:
            reasons = "; ".join(f"{p.field}: {p.reason}" for p in result.problems)
            print(f"line {result.line}: refused: {reasons}", file=sys.stderr)
    counts = report.counts
    print(
        f"{report.lines} lines: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['refused']} refused, {report.blank} blank"
    )
    if interrupted:
        print(
            f"newswire: interrupted by {interrupted[0].name}: the lines counted above were read, and stored or "
            "refused; importing the file again stores nothing twice where each item has one line (those already "
            "stored come back unchanged; an item with several lines gets its versions again)",
            file=sys.stderr,
        )
        return 128 + interrupted[0]
    return 1 if counts["refused"] else 0


async def _until(interrupted: list[signal.Signals], lines: AsyncIterator[T]) -> AsyncIterator[T]:
    """`lines` until a signal is noted in `interrupted` (whole lines only: the last one read is never cut)."""
    async for line in lines:
        if interrupted:
            return
        yield line


# Bytes read at once, and pieces read ahead of the lines being stored.
_CHUNK = 1 << 20
_AHEAD = 4
# Seconds an input may have nothing to read before the lines it gave are written, however few.
IDLE_SECONDS = 0.5


class _Input:
    """The bytes of the file or pipe being imported, as they come.

    A thread of its own reads them, a few pieces ahead: a read takes what a pipe has (its writer may send a line a
    minute), and the lines it gave are written within IDLE_SECONDS (when the pipe has had nothing more for that
    long, or that long since the last were written, however steadily they come), not once a thousand have come. A
    signal noted in `interrupted` ends the reading within IDLE_SECONDS, even while the pipe is idle: the thread,
    waiting on it, is left to end with the process. It reads a descriptor of its own, which only it closes: the
    source's, closed meanwhile, could be another file's by then."""

    def __init__(self, source: BinaryIO, bar: Progress, interrupted: list[signal.Signals]) -> None:
        self._fd = os.dup(source.fileno())
        self._piped = not stat.S_ISREG(os.fstat(self._fd).st_mode)  # a file has all its lines already
        self._bar = bar
        self._interrupted = interrupted

    async def chunks(self) -> AsyncIterator[bytes | None]:
        """The input's pieces, with IDLE whenever it has had nothing to read for IDLE_SECONDS."""
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue[bytes | OSError] = asyncio.Queue(_AHEAD)
        threading.Thread(target=self._read, args=(loop, pieces), name="import-input", daemon=True).start()
        told = loop.time()  # when the lines held were last written
        while not self._interrupted:
            try:
                piece = await asyncio.wait_for(pieces.get(), IDLE_SECONDS)
            except TimeoutError:
                told = loop.time()
                yield IDLE
                continue
            if isinstance(piece, OSError):
                raise piece
            if not piece:
                return
            self._bar.read(len(piece))
            yield piece
            if self._piped and loop.time() - told >= IDLE_SECONDS:
                told = loop.time()
                yield IDLE

    def _read(self, loop: asyncio.AbstractEventLoop, pieces: asyncio.Queue[bytes | OSError]) -> None:
        piece: bytes | OSError = b"x"
        try:
            while piece and not isinstance(piece, OSError):
                try:
                    piece = os.read(self._fd, _CHUNK)
                except OSError as exc:
                    piece = exc
                try:
                    asyncio.run_coroutine_threadsafe(pieces.put(piece), loop).result()
                except (RuntimeError, concurrent.futures.CancelledError):  # the import has ended: nobody reads more
                    return
        finally:
            os.close(self._fd)


class Progress:
    """A one-line progress bar on stderr: lines, rate, and time left when the size is known."""

    def __init__(self, total_bytes: int | None, *, enabled: bool) -> None:
        self.total = total_bytes
        self.enabled = enabled
        self.done_bytes = 0
        self.started = time.monotonic()

    def read(self, size: int) -> None:
        self.done_bytes += size

    def update(self, report: Report) -> None:
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = report.lines / elapsed
        line = f"\r{report.lines:>10,} lines  {rate:>9,.0f}/s"
        if self.total:
            fraction = min(self.done_bytes / self.total, 1.0)
            left = elapsed / fraction - elapsed if fraction > 0 else 0.0
            filled = int(fraction * 30)
            line += f"  [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%}  {left:5.0f}s left"
        print(line, end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.enabled:
            print(file=sys.stderr)


def _check_config(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config))
    print(f"{config.path}: valid")
    url = config.database_url
    store = url if url.startswith("sqlite:") else f"postgresql://{where_is(url)}"  # never a password
    overridden = f" (from {DATABASE_URL_ENV})" if os.environ.get(DATABASE_URL_ENV) else ""
    print(f"  store: {store}{overridden}   public URL: {config.server.public_url}   workers: {config.server.workers}")
    print(f"  access log: {config.access_log}")
    print(f"  sections: {', '.join(config.sections) or 'none'}")
    print(f"  sources: {', '.join(config.sources) or 'none'}   editors: {len(config.editors)}")
    print(f"  agencies: {', '.join(config.agencies) or 'none'}")
    print()
    print("What each audience receives of an item, by the agency it credits:")
    agencies = list(config.agencies)
    header = ["audience", "sections", "delay", "own items", *agencies]
    rows = [_receives(public_audience(config), config, agencies)]
    rows += [_receives(partner_audience(name, p), config, agencies) for name, p in config.partners.items()]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))).rstrip())
    return 0


def _receives(audience: Audience, config: Config, agencies: list[str]) -> list[str]:
    """One row of check-config's table: the level an item reaches the audience at, by credited agency."""
    rules = audience.rules
    own = Item(Story("x", Kind.ARTICLE, ("x",), "x"), 1, Status.USABLE, _EPOCH, _EPOCH, 0)
    cells = [audience.name, ",".join(sorted(audience.sections)), f"{int(rules.delay.total_seconds() // 60)} min"]
    for credits in [(), *((code,) for code in agencies)]:
        level = level_for(replace(own, story=replace(own.story, credits=credits)), rules, config.agencies)
        cells.append(level.value if level is not None else "nothing")
    return cells


def _token(args: argparse.Namespace) -> int:
    _check_name(args.name, "editors", Path(args.config))
    return _new_secret(f"Editor token for {args.name}", "the editor", f"[editors.{args.name}]\ntoken_sha256")


def _key(args: argparse.Namespace) -> int:
    _check_name(args.name, "partners", None)  # a new key usually replaces the partner's old one
    return _new_secret(f"Key for partner {args.name}", "the partner", "key_sha256")


def _metrics_token(args: argparse.Namespace) -> int:
    return _new_secret("Token for reading /metrics", "the metrics scraper", "metrics_token_sha256")


# A name that a config table can take as it is (a TOML bare key).
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _check_name(name: str, table: str, config: Path | None) -> None:
    """Refuse, now rather than at the next start, a name that would make the printed lines a broken config: one
    that is no bare key, or (for a new table) one the config file already has."""
    if not _NAME.match(name):
        raise ConfigError(f"{name!r}: a name is 1 to 64 letters, digits, '-' or '_'")
    if config is None or not config.exists():
        return
    try:
        raw = tomllib.loads(config.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return  # the file's own problems are told when it is loaded
    if name in raw.get(table, {}):
        raise ConfigError(f"{config}: [{table}.{name}] is there already: choose another name, or replace its line")


def _new_secret(title: str, holder: str, setting: str) -> int:
    """A new secret: what it is and the secret itself on stderr, the config line with its digest on stdout."""
    secret = new_secret()
    print(f"# {title} (give it to {holder}; it is shown only once):", file=sys.stderr)
    print(f"#   {secret}", file=sys.stderr)
    print(f'{setting} = "{digest(secret)}"')
    return 0
