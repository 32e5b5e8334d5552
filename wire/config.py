"""Configuration: `config.toml` read with tomllib into frozen dataclasses.

Every setting is declared once, here, with its help text; the shipped `config.toml` and the README document each
one (a test keeps them in step). Unknown keys and bad values are errors that name the file and the key.
"""

from __future__ import annotations

import enum
import ipaddress
import os
import re
import tomllib
import types
import typing
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

from wire.errors import ConfigError
from wire.urls import web_uri

DATABASE_URL_ENV = "NEWSWIRE_DATABASE_URL"


class Level(enum.StrEnum):
    """How much of an item a reader may receive, from least to most."""

    HEADLINE = "headline"
    SUMMARY = "summary"
    FULL = "full"


class AgencyAllowance(enum.StrEnum):
    """What a partner without an agency's licence may receive of an item credited to that agency."""

    NONE = "none"
    HEADLINE = "headline"
    SUMMARY = "summary"
    FULL = "full"


def _setting(help: str, default: Any = MISSING) -> Any:
    if default is MISSING:
        return field(metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class ServerConfig:
    host: str = _setting("Address to listen on.", "127.0.0.1")
    port: int = _setting("TCP port to listen on.", 8080)
    public_url: str = _setting(
        "Public base URL of this server, used for every link in feeds (never the request's Host).",
        "http://127.0.0.1:8080",
    )
    access_log: str = _setting(
        "Where one JSON line per request goes: - (standard error), off, or a file path (appended to).", "-"
    )
    workers: int = _setting("Worker processes sharing the port (one per core serves the most polls).", 1)
    bulk_processes: int = _setting(
        "Processes beside each worker that normalise and store NDJSON bulk lines, each item's lines in one of them "
        "(0: the worker does it).",
        2,
    )
    max_body_bytes: int = _setting(
        "Largest request body accepted, in bytes, as it came and decoded (also the longest NDJSON line).",
        10 * 1024 * 1024,
    )
    max_bulk_bytes: int = _setting(
        "Largest NDJSON bulk body accepted, in bytes, as it came and decoded (read as it streams in).",
        512 * 1024 * 1024,
    )
    max_bulk_lines: int = _setting("Most lines in one NDJSON bulk request.", 1_000_000)
    body_timeout_seconds: int = _setting(
        "Time a client has to send a request body (for a bulk: between two pieces of it) before a 408.", 30
    )
    max_url_bytes: int = _setting("Longest request target (path and query) accepted, in bytes; longer gets 414.", 8190)
    max_header_bytes: int = _setting(
        "Longest request header value (or name) accepted, in bytes; a longer one, or more than 128 header fields, "
        "gets 431.",
        8190,
    )
    header_timeout_seconds: int = _setting(
        "Time a client has to send a request's line and headers, from their first byte, before a 408 (the time "
        "between requests on a kept-alive connection does not count).",
        10,
    )
    max_requests_per_client: int = _setting(
        "Requests one client address may have in progress at once; more get 429 (0: no limit).", 64
    )
    max_connections_per_client: int = _setting(
        "Connections one client address may hold open at once; each further one is answered 429 and closed "
        "(0: no limit; trusted proxies are not limited).",
        256,
    )
    trusted_proxies: tuple[str, ...] = _setting(
        "Addresses or networks (CIDR) of the load balancers or proxies in front of the server: for a request from "
        "one of them, the client address (per-client limits, access log) is the one they name in X-Forwarded-For "
        "(or the header client_address_header names). By default none: the header is ignored.",
        (),
    )
    client_address_header: str = _setting(
        "The header the trusted proxies name the client in: X-Forwarded-For, or Forwarded (RFC 7239, its for= "
        "parameter). Only this one is read; the other is whatever the client wrote, and is ignored.",
        "X-Forwarded-For",
    )
    metrics_token_sha256: str | None = _setting(
        "SHA-256 (hex) of the bearer token GET /metrics asks for (`newswire metrics-token` makes one); unset: /metrics "
        "answers anyone (its ingest counts tell when something was stored, embargoed stories included).",
        None,
    )
    shared_rate_limits: bool = _setting(
        "Keep the rate-limit buckets in the store, so that several instances on one store share each limit "
        "(one small write per request); false: each instance counts on its own.",
        False,
    )


@dataclass(frozen=True, slots=True)
class StorageConfig:
    url: str = _setting(
        "Where items are stored: sqlite:///relative/or/absolute.db (relative to this file), "
        f"or postgresql://... ({DATABASE_URL_ENV} overrides it, so no password sits in the file).",
        "sqlite:///var/newswire.db",
    )
    pool_size: int = _setting(
        "PostgreSQL: connections at most in the pool that serves requests (one more listens for changes).", 10
    )


@dataclass(frozen=True, slots=True)
class FeedsConfig:
    title: str = _setting("Name of the service, shown as feed generator and page title.", "Newswire")
    id_authority: str = _setting(
        "Authority of the tag: URIs that identify items and feeds (RFC 4151: a domain you own and a date). "
        "Never change it once feeds are public: readers use these ids to recognise items.",
        "newswire.example,2026",
    )
    page_size: int = _setting("Items in a feed document.", 50)
    max_age_seconds: int = _setting("Cache-Control max-age of feed responses, in seconds.", 60)
    archive_max_items: int = _setting("Items at most in one archive document (one UTC day of a section).", 1000)
    tombstone_days: int = _setting("Days a withdrawn item stays as a tombstone in the current feed.", 7)


@dataclass(frozen=True, slots=True)
class WebSubConfig:
    lease_seconds: int = _setting("Lease granted when a subscriber asks for none, in seconds.", 10 * 86_400)
    max_lease_seconds: int = _setting("Longest lease granted, in seconds (longer requests are cut).", 30 * 86_400)
    allowed_networks: tuple[str, ...] = _setting(
        "Networks (CIDR) whose private or loopback addresses callbacks may use; by default none: only public "
        "addresses are contacted.",
        (),
    )
    timeout_seconds: int = _setting("Time allowed for one request to a callback.", 10)
    max_attempts: int = _setting("Attempts to deliver one notification before giving it up.", 8)
    external_hubs: tuple[str, ...] = _setting(
        "Other hubs to ping (hub.mode=publish) when a public feed changes, and to name in the feeds.", ()
    )
    max_subscriptions: int = _setting(
        "Subscriptions the hub holds at most; a request for one more is denied (renewals are not).", 10_000
    )


@dataclass(frozen=True, slots=True)
class SectionConfig:
    title: str = _setting("Title of the section's feeds.")
    description: str = _setting("One-line description of the section.", "")
    language: str = _setting("Default language (BCP 47) of the section's items.", "en")
    max_age_seconds: int | None = _setting("Cache-Control max-age of this section's feeds ([feeds] if unset).", None)


@dataclass(frozen=True, slots=True)
class SourceConfig:
    name: str = _setting("Name of the site or desk.")
    zone: str = _setting("IANA time zone the source publishes in, for times that carry no zone.", "UTC")
    dayfirst: bool | None = _setting(
        "True when the source writes numeric dates day first (D/M), false for M/D; leave out if unknown.",
        None,
    )
    language: str | None = _setting("Language (BCP 47) of the source's items when they do not say.", None)
    rights_holder: str | None = _setting("Default copyright holder of the source's items.", None)
    rights_notice: str | None = _setting("Default copyright notice of the source's items.", None)
    usage_terms: str | None = _setting("Default usage terms of the source's items.", None)
    boilerplate: tuple[str, ...] = _setting(
        "Regular expressions of lines to drop from the source's pages (footers, menus).", ()
    )


@dataclass(frozen=True, slots=True)
class AgencyConfig:
    name: str = _setting("Full name of the agency.")
    credited_as: tuple[str, ...] = _setting(
        "Phrases by which a text credits the agency (matched as whole words, case as written).", ()
    )
    without_licence: AgencyAllowance = _setting(
        "What a partner without this agency's licence may receive of its items: none, headline, summary or full.",
        AgencyAllowance.HEADLINE,
    )


@dataclass(frozen=True, slots=True)
class EditorConfig:
    token_sha256: str = _setting("SHA-256 (hex) of the editor's bearer token; `newswire token` makes one.")


@dataclass(frozen=True, slots=True)
class PartnerConfig:
    name: str = _setting("Name of the partner.")
    key_sha256: str = _setting("SHA-256 (hex) of the partner's key; `newswire key` makes one.")
    sections: tuple[str, ...] = _setting("Sections the partner licensed.")
    level: Level = _setting("What the partner receives: headline, summary or full.", Level.SUMMARY)
    licences: tuple[str, ...] = _setting("Agency codes whose items the partner may republish.", ())
    delay_minutes: int = _setting("Items become visible to the partner this long after publication.", 0)
    credit: str = _setting(
        "Template of the visible credit line: {holder}, {agencies} and {source} are replaced.",
        "{holder} / {agencies}",
    )
    requests_per_minute: int = _setting("Requests the partner may make per minute (0: no limit).", 600)


@dataclass(frozen=True, slots=True)
class PublicConfig:
    sections: tuple[str, ...] | None = _setting(
        "Sections open to anonymous readers (leave out for every section).", None
    )
    level: Level = _setting("What anonymous readers receive: headline, summary or full.", Level.SUMMARY)
    credit: str = _setting("Template of the visible credit line for anonymous readers.", "{holder} / {agencies}")
    requests_per_minute: int = _setting("Requests one client address may make per minute (0: no limit).", 600)


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration. `path` is the file it came from (relative paths resolve against its folder)."""

    path: Path
    server: ServerConfig
    storage: StorageConfig
    feeds: FeedsConfig
    public: PublicConfig
    websub: WebSubConfig
    sections: Mapping[str, SectionConfig]
    sources: Mapping[str, SourceConfig]
    agencies: Mapping[str, AgencyConfig]
    editors: Mapping[str, EditorConfig]
    partners: Mapping[str, PartnerConfig]

    @property
    def database_url(self) -> str:
        """The storage URL with the environment override applied and a relative SQLite path resolved."""
        url = os.environ.get(DATABASE_URL_ENV) or self.storage.url
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if not path.is_absolute():
                path = (self.path.parent / path).resolve()
            return f"sqlite:///{path}"
        return url

    @property
    def access_log(self) -> str:
        """`[server] access_log` with a relative file path resolved against this file's folder."""
        setting = self.server.access_log
        if setting in ("-", "off") or Path(setting).is_absolute():
            return setting
        return str((self.path.parent / setting).resolve())

    def __reduce__(self) -> tuple[Callable[..., Config], tuple[Any, ...]]:
        # Sent to other processes (bulk processes): its named tables are read-only views, which pickle cannot
        # copy, so they travel as dicts and are made views again.
        values = (getattr(self, f.name) for f in fields(self))
        return _config_again, tuple(dict(v) if isinstance(v, Mapping) else v for v in values)


def _config_again(*values: Any) -> Config:
    again: list[Any] = [types.MappingProxyType(v) if isinstance(v, dict) else v for v in values]
    return Config(*again)


# Settings that are single tables, and settings that are named tables of tables.
_SINGLE_TABLES: dict[str, type] = {
    "server": ServerConfig,
    "storage": StorageConfig,
    "feeds": FeedsConfig,
    "public": PublicConfig,
    "websub": WebSubConfig,
}
_NAMED_TABLES: dict[str, type] = {
    "sections": SectionConfig,
    "sources": SourceConfig,
    "agencies": AgencyConfig,
    "editors": EditorConfig,
    "partners": PartnerConfig,
}
SETTING_TABLES: Mapping[str, type] = {**_SINGLE_TABLES, **_NAMED_TABLES}

# The longest URL or header field a server may be set to accept: a request's head is held in memory whole.
_MAX_HEAD_BYTES = 1024 * 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
# A BCP 47 language tag, as items' `language` takes it (and sections and sources give it to their items).
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$"
_LANGUAGE = re.compile(LANGUAGE_PATTERN)


def is_language_tag(text: str) -> bool:
    """Whether `text` is a BCP 47 language tag of the form Newswire takes ("en", "pt-BR", "zh-Hant-TW")."""
    return _LANGUAGE.match(text) is not None


def load_config(path: Path | str) -> Config:
    """Read and check a config file. Raises ConfigError naming the file and the key for anything wrong."""
    path = Path(path)
    try:
        # utf-8-sig: a file saved with a byte-order mark (as some Windows editors do) reads as the same text.
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return config_from_mapping(raw, path)


def config_from_mapping(raw: Mapping[str, Any], path: Path) -> Config:
    """Build a Config from already-parsed TOML (used by load_config and by tests)."""
    where = str(path)
    _reject_unknown(raw, SETTING_TABLES, where)

    def single(key: str) -> Any:
        here = f"{where}: [{key}]"
        return _build(_SINGLE_TABLES[key], _table(raw.get(key, {}), here), here)

    def named(key: str) -> Any:
        return _build_named(_NAMED_TABLES[key], raw.get(key, {}), where, key)

    config = Config(
        path=path,
        server=single("server"),
        storage=single("storage"),
        feeds=single("feeds"),
        public=single("public"),
        websub=single("websub"),
        sections=named("sections"),
        sources=named("sources"),
        agencies=named("agencies"),
        editors=named("editors"),
        partners=named("partners"),
    )
    _check(config, where)
    return config


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be a table")
    return value


def _reject_unknown(table: Mapping[str, Any], known: Mapping[str, Any], where: str) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))})")


def _build_named(cls: type, value: Any, where: str, key: str) -> Mapping[str, Any]:
    tables = _table(value, f"{where}: [{key}]")
    built = {}
    for name, table in tables.items():
        if not _NAME.match(name):
            raise ConfigError(f"{where}: [{key}.{name}]: name must be letters, digits, '-' or '_'")
        built[name] = _build(cls, _table(table, f"{where}: [{key}.{name}]"), f"{where}: [{key}.{name}]")
    return types.MappingProxyType(built)


def _build(cls: type, table: Mapping[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    _reject_unknown(table, known, where)
    values: dict[str, Any] = {}
    for name, spec in known.items():
        if name in table:
            values[name] = _convert(table[name], hints[name], f"{where} {name}")
        elif spec.default is MISSING:
            raise ConfigError(f"{where}: missing required key {name!r}")
    return cls(**values)


def _convert(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in args if a is not type(None)]
        return _convert(value, inner[0], where)
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: must be a list")
        return tuple(_convert(v, args[0], f"{where}[{i}]") for i, v in enumerate(value))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError:
            allowed = ", ".join(m.value for m in hint)
            raise ConfigError(f"{where}: {value!r} is not one of {allowed}") from None
    if hint is bool and not isinstance(value, bool):
        raise ConfigError(f"{where}: must be true or false")
    if hint is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise ConfigError(f"{where}: must be an integer")
    if hint is str and not isinstance(value, str):
        raise ConfigError(f"{where}: must be a string")
    return value


def _check(config: Config, where: str) -> None:
    """Cross-field checks: values that parse but cannot work."""
    _check_public_url(config.server.public_url, f"{where}: [server] public_url")
    if not config.server.host.strip():
        raise ConfigError(f"{where}: [server] host: must name an address (0.0.0.0 listens on every IPv4 one)")
    _check_access_log(config, f"{where}: [server] access_log")
    if not 0 < config.server.port < 65536:
        raise ConfigError(f"{where}: [server] port: must be between 1 and 65535")
    if not 1 <= config.server.workers <= 256:
        raise ConfigError(f"{where}: [server] workers: must be between 1 and 256")
    if not 0 <= config.server.bulk_processes <= 64:
        raise ConfigError(f"{where}: [server] bulk_processes: must be between 0 and 64")
    if config.server.max_body_bytes < 1024:
        raise ConfigError(f"{where}: [server] max_body_bytes: must be at least 1024")
    if config.server.max_bulk_bytes < config.server.max_body_bytes:
        raise ConfigError(f"{where}: [server] max_bulk_bytes: must be at least max_body_bytes")
    if config.server.body_timeout_seconds < 1:
        raise ConfigError(f"{where}: [server] body_timeout_seconds: must be at least 1")
    if config.server.header_timeout_seconds < 1:
        raise ConfigError(f"{where}: [server] header_timeout_seconds: must be at least 1")
    for key in ("max_url_bytes", "max_header_bytes"):
        if not 1024 <= getattr(config.server, key) <= _MAX_HEAD_BYTES:
            raise ConfigError(f"{where}: [server] {key}: must be between 1024 and {_MAX_HEAD_BYTES}")
    for key in ("max_requests_per_client", "max_connections_per_client"):
        if getattr(config.server, key) < 0:
            raise ConfigError(f"{where}: [server] {key}: must not be negative")
    _check_networks(config.server.trusted_proxies, f"{where}: [server] trusted_proxies")
    if config.server.client_address_header.lower() not in ("x-forwarded-for", "forwarded"):
        raise ConfigError(f"{where}: [server] client_address_header: must be X-Forwarded-For or Forwarded")
    if config.server.max_bulk_lines < 1:
        raise ConfigError(f"{where}: [server] max_bulk_lines: must be at least 1")
    _check_store_url(config, where)
    if not 1 <= config.storage.pool_size <= 1000:
        raise ConfigError(f"{where}: [storage] pool_size: must be between 1 and 1000")
    if not 1 <= config.feeds.page_size <= 1000:
        raise ConfigError(f"{where}: [feeds] page_size: must be between 1 and 1000")
    if not 1 <= config.feeds.archive_max_items <= 100_000:
        raise ConfigError(f"{where}: [feeds] archive_max_items: must be between 1 and 100000")
    if config.feeds.tombstone_days < 0:
        raise ConfigError(f"{where}: [feeds] tombstone_days: must not be negative")
    if config.feeds.max_age_seconds < 0:
        raise ConfigError(f"{where}: [feeds] max_age_seconds: must not be negative")
    if not config.feeds.title.strip():
        raise ConfigError(f"{where}: [feeds] title: must not be empty (feeds name their author and generator by it)")
    if not re.match(r"^[A-Za-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?$", config.feeds.id_authority):
        raise ConfigError(f"{where}: [feeds] id_authority: must look like 'example.com,2026' (RFC 4151)")
    for name, section in config.sections.items():
        if not section.title.strip():
            raise ConfigError(f"{where}: [sections.{name}] title: must not be empty")
        _check_language(section.language, f"{where}: [sections.{name}] language")
        if section.max_age_seconds is not None and section.max_age_seconds < 0:
            raise ConfigError(f"{where}: [sections.{name}] max_age_seconds: must not be negative")
    for name, source in config.sources.items():
        _check_zone(source.zone, f"{where}: [sources.{name}] zone")
        if source.language is not None:
            _check_language(source.language, f"{where}: [sources.{name}] language")
        for i, pattern in enumerate(source.boilerplate):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"{where}: [sources.{name}] boilerplate[{i}]: bad pattern: {exc}") from None
    if config.server.metrics_token_sha256 is not None:
        _check_digest(config.server.metrics_token_sha256, f"{where}: [server] metrics_token_sha256")
    for name, editor in config.editors.items():
        _check_digest(editor.token_sha256, f"{where}: [editors.{name}] token_sha256")
    for name, partner in config.partners.items():
        here = f"{where}: [partners.{name}]"
        _check_digest(partner.key_sha256, f"{here} key_sha256")
        _check_names(partner.sections, config.sections, f"{here} sections", "section")
        _check_names(partner.licences, config.agencies, f"{here} licences", "agency")
        if partner.delay_minutes < 0:
            raise ConfigError(f"{here} delay_minutes: must not be negative")
        if partner.requests_per_minute < 0:
            raise ConfigError(f"{here} requests_per_minute: must not be negative")
        _check_template(partner.credit, f"{here} credit")
    websub = config.websub
    if not 60 <= websub.lease_seconds <= websub.max_lease_seconds:
        raise ConfigError(f"{where}: [websub] lease_seconds: must be between 60 and max_lease_seconds")
    if websub.max_subscriptions < 1:
        raise ConfigError(f"{where}: [websub] max_subscriptions: must be at least 1")
    if websub.timeout_seconds < 1 or websub.max_attempts < 1:
        raise ConfigError(f"{where}: [websub] timeout_seconds and max_attempts: must be at least 1")
    _check_networks(websub.allowed_networks, f"{where}: [websub] allowed_networks")
    for i, hub in enumerate(websub.external_hubs):
        if not hub.startswith(("http://", "https://")):
            raise ConfigError(f"{where}: [websub] external_hubs[{i}]: must be an http or https URL")
    if config.public.requests_per_minute < 0:
        raise ConfigError(f"{where}: [public] requests_per_minute: must not be negative")
    if config.public.sections is not None:
        _check_names(config.public.sections, config.sections, f"{where}: [public] sections", "section")
    _check_template(config.public.credit, f"{where}: [public] credit")
    _check_digests_distinct(config, where)


def _check_digests_distinct(config: Config, where: str) -> None:
    """No token or key may open two doors: name both tables that hold the same digest."""
    holders: dict[str, str] = {}
    tables = [(f"[editors.{name}]", e.token_sha256) for name, e in config.editors.items()]
    tables += [(f"[partners.{name}]", p.key_sha256) for name, p in config.partners.items()]
    if config.server.metrics_token_sha256 is not None:
        tables.append(("[server] metrics_token_sha256", config.server.metrics_token_sha256))
    for table, value in tables:
        if value in holders:
            raise ConfigError(
                f"{where}: {holders[value]} and {table}: the same token or key digest is configured twice"
            )
        holders[value] = table


def _check_public_url(url: str, where: str) -> None:
    example = "such as https://news.example.org"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is no number or beyond 65535, an unclosed IPv6 bracket
        raise ConfigError(f"{where}: its host and port must read as such ({example})") from None
    origin = f"{parts.scheme}://{parts.netloc}"
    if (
        parts.scheme not in ("http", "https")
        or not _host_is_one(parts)
        or re.search(r"\s", url)  # around it too, which reading it would drop
        or not _written_as_uri(origin)
    ):
        raise ConfigError(f"{where}: must be an http:// or https:// URL with a host, {example}")
    if not _written_as_uri(url):
        raise ConfigError(f"{where}: its path must be written as a URL's is (RFC 3986: escaped as %XX where needed)")
    if port == 0 or parts.username is not None or parts.password is not None:
        raise ConfigError(f"{where}: must name no user or password, and a port from 1 to 65535 if any ({example})")
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        raise ConfigError(f"{where}: must not have a query or a fragment: every link is built by adding to it")


def _written_as_uri(url: str) -> bool:
    """Whether `url` is an http(s) URI as written: nothing in it that `web_uri` would encode or mend."""
    uri = web_uri(url)
    return uri is not None and uri.lower() == url.lower()


def _host_is_one(parts: SplitResult) -> bool:
    """A name with a letter in it, or an IP address."""
    host = (parts.hostname or "").rstrip(".")
    if re.search(r"[A-Za-z]", host) and ":" not in host:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _check_access_log(config: Config, where: str) -> None:
    setting = config.server.access_log
    if setting in ("-", "off"):
        return
    if not setting.strip():
        raise ConfigError(f"{where}: must be -, off or a file path")
    path = Path(config.access_log)
    if path.is_dir():
        raise ConfigError(f"{where}: {path} is a folder, not a file")
    if not path.parent.is_dir():
        raise ConfigError(f"{where}: the folder {path.parent} does not exist")
    if not os.access(path if path.exists() else path.parent, os.W_OK):
        raise ConfigError(f"{where}: {path} cannot be written")


def _check_store_url(config: Config, where: str) -> None:
    """The store URL in use (NEWSWIRE_DATABASE_URL's, when set) must name a store this server opens."""
    setting = DATABASE_URL_ENV if os.environ.get(DATABASE_URL_ENV) else f"{where}: [storage] url"
    url = config.database_url
    if url.startswith("sqlite:///"):
        # The file is made at the first start, but never its folder: a misspelt or unmounted one would otherwise
        # come up as a new, empty store.
        path = Path(url.removeprefix("sqlite:///"))
        if path.is_dir():
            raise ConfigError(f"{setting}: {path} is a folder, not a file")
        if not path.parent.is_dir():
            raise ConfigError(f"{setting}: the folder {path.parent} does not exist")
        return
    if url.startswith(("postgresql://", "postgres://")):
        if host_cut_short(url):  # its host's port may read well ("newswire:2024/secret@db"), and its name not
            raise ConfigError(f"{setting}: the URL cannot be read ({unreadable_url(url, ValueError())})")
        try:  # each host's port (several hosts are comma-separated): the server would refuse it at start
            for host in urlsplit(url).netloc.rpartition("@")[2].split(","):
                _ = urlsplit(f"//{host}").port
        except ValueError as exc:
            raise ConfigError(f"{setting}: the URL cannot be read ({unreadable_url(url, exc)})") from None
        return
    # Only the scheme is repeated: the rest may hold a password.
    scheme = f" {url.split('://', 1)[0]!r}" if "://" in url else ""
    raise ConfigError(f"{setting}: unsupported store{scheme}: use sqlite:///path or postgresql://...")


def host_cut_short(url: str) -> bool:
    """Whether a "/", "?" or "#" in a URL's user or password ended its host there: in
    "postgresql://newswire:2024/secret@db/newswire" the host read is "newswire" at port 2024, and the rest, with the
    password's, the database's name. A query's "key=value" holding an "@" ("?application_name=a@b") is no password."""
    userinfo = _userinfo(url)
    return (
        "@" not in urlsplit(url).netloc
        and any(mark in userinfo for mark in "/?#")
        and "=" not in userinfo.partition("?")[2]
    )


def _userinfo(url: str) -> str:
    """What a URL writes before its host's last "@" (its user and password), as written, whatever marks it holds."""
    return url.partition("://")[2].rpartition("@")[0]


def unreadable_url(url: str, exc: BaseException) -> str:
    """Why a store URL cannot be read, never with its password: a "/", "?" or "#" in the user or password ends the
    URL's host there, and the reader then names what follows it, a piece of the password, as a port."""
    if any(mark in _userinfo(url) for mark in "/?#"):
        return "its user or password holds '/', '?' or '#', which a URL writes as %2F, %3F and %23"
    return str(exc)  # it names the port or the query, which hold no password


def _check_zone(zone: str, where: str) -> None:
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: unknown time zone {zone!r}") from None


def _check_language(value: str, where: str) -> None:
    if not is_language_tag(value):
        raise ConfigError(f"{where}: {value!r} is not a BCP 47 language tag such as 'en' or 'pt-BR'")


def _check_digest(value: str, where: str) -> None:
    if not _SHA256_HEX.match(value):
        raise ConfigError(f"{where}: must be 64 lowercase hex digits (a SHA-256 digest)")


def _check_networks(networks: tuple[str, ...], where: str) -> None:
    for i, network in enumerate(networks):
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ConfigError(f"{where}[{i}]: {network!r} is not an address or network (CIDR)") from None


def _check_names(names: tuple[str, ...], known: Mapping[str, Any], where: str, what: str) -> None:
    for name in names:
        if name not in known:
            raise ConfigError(f"{where}: unknown {what} {name!r}")


_TEMPLATE_FIELDS = re.compile(r"\{([^{}]*)\}")


def _check_template(template: str, where: str) -> None:
    for name in _TEMPLATE_FIELDS.findall(template):
        if name not in ("holder", "agencies", "source"):
            raise ConfigError(f"{where}: unknown placeholder {{{name}}} (use holder, agencies, source)")
    stray = re.search(r"[{}]", _TEMPLATE_FIELDS.sub("", template))
    if stray is not None:
        raise ConfigError(
            f"{where}: a {stray.group()!r} that is not part of a placeholder ({{holder}}, {{agencies}}, {{source}})"
        )
