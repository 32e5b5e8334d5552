"""The API contract: an OpenAPI 3.1 document of every endpoint, its parameters, bodies, answers and errors.

The document is built from the running configuration where that is what the server checks (the sections, sources
and agencies it knows, its public URL) and from the tables the handlers use (the formats, the item fields and their
limits, the domain errors), so that it says what this server does. `tests/test_openapi.py` compares it with the
routes and runs Schemathesis against a live server with it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from feeds import jsonfeed, ninjs
from feeds.formats import DEFAULT_VERSIONS, EXTENSIONS, FORMATS
from wire.boilerplate import Reason
from wire.config import LANGUAGE_PATTERN, Config, Level
from wire.errors import (
    PROBLEMS_NAMED,
    BadRequest,
    Conflict,
    ExpectationFailed,
    Forbidden,
    Gone,
    HeaderFieldsTooLarge,
    InvalidInput,
    MethodNotAllowed,
    NewswireError,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    RequestTimeout,
    Unauthorized,
    Unavailable,
    UnsupportedMediaType,
    UriTooLong,
    problem_types,
)
from wire.http_items import LIST_DEFAULT, LIST_MAX, REASON_MAX
from wire.http_site import STATIC_FILES
from wire.ingest import ID_PATTERN, LIMITS, RESERVED_SUFFIXES, RIGHTS_FIELDS, RIGHTS_MAX, UPDATED_AHEAD_MAX
from wire.model import Kind, Signal, Status
from wire.store import Outcome
from wire.websub import CALLBACK_MAX, LEASE_MAX_DIGITS

Json = dict[str, Any]

OPENAPI_VERSION = "3.1.0"
PATH = "/openapi.json"
# The errors the handlers raise, each answered as a problem document with its own status.
ERRORS: tuple[type[NewswireError], ...] = (
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    Gone,
    PayloadTooLarge,
    UnsupportedMediaType,
    ExpectationFailed,
    InvalidInput,
    RateLimited,
    Unavailable,
)
# A text a reader would see something of: a character other than whitespace and those that show nothing
# (wire.text.shows_nothing), in the regular-expression dialect of JSON Schema (ECMA-262).
VISIBLE_PATTERN = r"[^\s\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"

# What any request may be answered before its path is read: a head that is not HTTP/1.1, came too slowly, or is
# too large. These answers are in the components, under the errors' names, and no operation lists them.
REFUSALS: tuple[type[NewswireError], ...] = (BadRequest, RequestTimeout, UriTooLong, HeaderFieldsTooLarge)
_EDITOR: list[Json] = [{"editorToken": []}]
_PARTNER: list[Json] = [{"partnerKey": []}, {"partnerKeyQuery": []}]
_ANYONE: list[Json] = [{}, *_PARTNER]  # the public, or a partner with its key
_HTML = "text/html"
EXAMPLE_ID = "mali-2014-01"


def build_document(config: Config) -> Json:
    """The OpenAPI 3.1 document of this server under `config`, as JSON values the caller owns. Callers may rely on
    every route of `wire.app.ROUTES` (HEAD aside) being in `paths`, and on nothing else being there."""
    document = {
        "openapi": OPENAPI_VERSION,
        "info": _info(config),
        "servers": [{"url": config.server.public_url}],
        "tags": _TAGS,
        "paths": _paths(config),
        "components": {
            "schemas": _schemas(config),
            "parameters": _parameters(config),
            "headers": _HEADERS,
            "responses": _error_responses(),
            "securitySchemes": _SECURITY_SCHEMES,
        },
    }
    return copy.deepcopy(document)  # the parts kept in this module are shared: the caller gets its own


def _info(config: Config) -> Json:
    return {
        "title": f"{config.feeds.title} API",
        "version": "1",
        "summary": "A syndication feed server: editors push news in, partners and readers take feeds out.",
        "description": (
            "Editors push items (JSON, NDJSON) and scraped pages (text) with a bearer token; everyone reads "
            "feeds in Atom, RSS, JSON Feed, NewsML-G2 and ninjs, partners with their key. Every error is an RFC 9457 "
            "problem document (`application/problem+json`) with the request's id; a method a path does not "
            "support is answered `405` with `Allow`. Every response carries `X-Request-Id`. Any request may be "
            "refused before its path is read, and its connection closed: `400` when it is not HTTP/1.1, `408` when "
            "its request line and headers come too slowly, `414` when its target is too long, `431` when a header "
            "is; these problem documents have no `instance`."
        ),
    }


_TAGS = [
    {"name": "items", "description": "Items pushed by editors, read by anyone as their view allows."},
    {"name": "pages", "description": "Scraped pages made into an article and its headlines."},
    {"name": "feeds", "description": "A section in every format: current, archive days, incremental sync."},
    {"name": "websub", "description": "The built-in WebSub hub."},
    {"name": "partners", "description": "What a partner may ask about itself."},
    {"name": "site", "description": "Pages for people: directory, OPML, item pages, the editor's console."},
    {"name": "operations", "description": "Liveness, readiness, metrics and this document."},
]


# Paths


def _paths(config: Config) -> Json:
    return {
        "/v1/items": {"post": _post_items(config), "get": _list_items()},
        "/v1/items/{ref}": {"get": _get_item()},
        "/v1/items/{id}/versions": {"get": _get_versions()},
        "/v1/items/{id}/withdraw": {"post": _withdraw()},
        "/v1/pages": {"post": _post_page()},
        "/websub": {"post": _post_websub()},
        "/feeds/{section}.{ext}": {"get": _get_feed()},
        "/v1/partners/me": {"get": _get_partner()},
        "/healthz": {"get": _healthz()},
        "/readyz": {"get": _readyz()},
        "/metrics": {"get": _metrics()},
        "/": {"get": _directory()},
        "/opml": {"get": _opml()},
        "/items/{id}": {"get": _item_page()},
        "/problems/{slug}": {"get": _problem_page()},
        "/editor": {"get": _editor()},
        "/static/{name}": {"get": _static()},
        PATH: {"get": _openapi()},
    }


def _post_items(config: Config) -> Json:
    items = {"oneOf": [_ref("ItemInput"), {"type": "array", "items": _ref("ItemInput"), "minItems": 1}]}
    stored = {"oneOf": [_ref("Item"), {"type": "array", "items": _ref("Item")}]}
    return _operation(
        "pushItems",
        "Push items",
        "One item (an object), or several (an array: all stored or none), as `application/json`; or many as "
        "`application/x-ndjson`, one item per line (each element of the array below is one line), each stored or "
        "refused on its own. The same `id` pushed again with changes is a new version; unchanged, it changes "
        "nothing.",
        tag="items",
        security=_EDITOR,
        body=_body(
            {
                "application/json": {"schema": items, "example": item_example(config)},
                "application/x-ndjson": {"schema": {"type": "array", "items": _ref("ItemInput")}},
            }
        ),
        responses={
            "201": _json_answer("Stored: the item (for an object, with `Location`) or the items.", stored, _LOCATION),
            "200": _json_answer(
                "Nothing changed (JSON), or the result of every line (NDJSON).",
                {"oneOf": [*stored["oneOf"], _ref("BulkReport")]},
                _LOCATION,
            ),
            **_errors(401, 409, 415, 503),
            **{
                str(error.status): _bulk_failure(error)
                for error in (BadRequest, RequestTimeout, PayloadTooLarge, InvalidInput)
            },
        },
    )


def _bulk_failure(error: type[NewswireError]) -> Json:
    """The answer of a push refused for its body, which for an NDJSON bulk may come after some of its lines were
    stored: then the problem reports them, as a bulk's answer does."""
    answer = _error_response(error)
    problem = answer["content"]["application/problem+json"]["schema"]
    reported = {"allOf": [_ref("BulkProblem"), problem["allOf"][1]]}
    answer["content"]["application/problem+json"]["schema"] = {"oneOf": [problem, reported]}
    answer["description"] += (
        " For an NDJSON bulk whose body failed as it streamed in (too slow, over `max_bulk_bytes`, a compressed "
        "stream cut short or with bytes after its end, more lines than `max_bulk_lines`), with the result of every "
        "line read before: those stay stored."
    )
    return answer


def _list_items() -> Json:
    return _operation(
        "listItems",
        "A section's newest items",
        "Newest first, as editors see them: every agency's, embargoed items and those published later too, withdrawn "
        "items left out. Never cached.",
        tag="items",
        security=_EDITOR,
        parameters=[
            _query("section", _ref("SectionName"), "The section.", required=True),
            _query(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": LIST_MAX, "default": LIST_DEFAULT},
                "How many items at most.",
            ),
        ],
        responses={
            "200": _json_answer("The items.", _ref("ItemList")),
            **_errors(401, 422, 503),
        },
    )


def _get_item() -> Json:
    item = {"oneOf": [_ref("Item"), _ref("NinjsItem")]}
    item_types = dict.fromkeys(f.item_media_type or f.media_type for f in FORMATS.values() if f.render_item)
    content = {"application/json": {"schema": item}} | {
        media_type: {"schema": {"type": "string"}} for media_type in item_types if media_type != "application/json"
    }
    return _operation(
        "getItem",
        "One item",
        "The item as the caller may see it: editors see everything, embargoed and withdrawn items included; others "
        "their view of it (`404` for what they may not see, `410` once withdrawn, or taken from them by a correction "
        "crediting an agency they may not see at all, if they had seen it). `{id}` alone "
        "is the item's JSON; `{id}.newsml` a NewsML-G2 `newsItem`; `{id}.ninjs` a ninjs object (`?version=` for "
        "another ninjs version).",
        tag="items",
        security=[*_ANYONE, *_EDITOR],
        parameters=[_param_ref("ItemRef"), _param_ref("version")],
        responses={
            "200": _answer("The item.", content, _RATE),
            **_errors(401, 404, 410, 429, 503),
        },
    )


def _get_versions() -> Json:
    return _operation(
        "getVersions",
        "Every version of an item",
        "Oldest first, as editors see them.",
        tag="items",
        security=_EDITOR,
        parameters=[_param_ref("ItemId")],
        responses={
            "200": _json_answer("The versions.", {"type": "array", "items": _ref("Item"), "minItems": 1}),
            **_errors(401, 404, 503),
        },
    )


def _withdraw() -> Json:
    return _operation(
        "withdrawItem",
        "Withdraw a story",
        "The story leaves every feed, archive and item endpoint at once; Atom feeds keep a tombstone with the "
        "public reason. Withdrawing a withdrawn story changes nothing; pushing it again is refused (`409`).",
        tag="items",
        security=_EDITOR,
        parameters=[_param_ref("ItemId")],
        body=_body({"application/json": {"schema": _ref("Withdrawal")}}),
        responses={
            "200": _json_answer("The withdrawn item.", _ref("Item")),
            **_errors(400, 401, 404, 413, 415, 422, 503),
        },
    )


def _post_page() -> Json:
    return _operation(
        "pushPage",
        "Push a scraped page",
        "The text of a page: one article and the site's dated headlines, all stored or none. Every line left out "
        "is named with the reason.",
        tag="pages",
        security=_EDITOR,
        parameters=[
            _query("source", _ref("SourceName"), "The configured source the page is from.", required=True),
            _query("section", _ref("SectionName"), "The section of every item made.", required=True),
            _query(
                "title",
                {"type": "string", "maxLength": LIMITS["headline"]},
                "The article's headline (default: the one the page prints above the story, else cut from the lede).",
            ),
            _query("published", {"type": "string"}, "The article's own time, in any format the normaliser reads."),
            _query("id", _ID_SCHEMA, "The editor's id for the article (default: derived from the source and text)."),
            _query(
                "language",
                {"type": "string", "pattern": LANGUAGE_PATTERN},
                "The language of the page (BCP 47), for the article and every headline made from it (default: the "
                "source's, else the section's): a page in Arabic from a source that writes in English.",
            ),
            _query(
                "dry_run", {"type": "boolean", "default": False}, "`true`: answer what would be stored, and store none."
            ),
        ],
        body=_body(
            {"text/plain": {"schema": {"type": "string"}}},
            "The page's text, in UTF-8 (`charset=utf-8`; `us-ascii` for a page that keeps to it).",
        ),
        responses={
            "201": _json_answer("Stored.", _ref("PageResult")),
            "200": _json_answer("Nothing changed, or a dry run.", _ref("PageResult")),
            **_errors(400, 401, 409, 413, 415, 422, 503),
        },
    )


def _post_websub() -> Json:
    return _operation(
        "subscribe",
        "Subscribe to a feed, or unsubscribe",
        "WebSub 5.1. The hub answers `202`, then verifies the intent with a GET to the callback. A partner's "
        "topic needs its key: `Authorization: Bearer <key>`, or `?key=` in the topic.",
        tag="websub",
        security=[{}, {"partnerKey": []}],
        body=_body({"application/x-www-form-urlencoded": {"schema": _ref("WebSubRequest")}}),
        responses={
            "202": _answer(
                "Accepted: the hub will verify the callback.",
                {"text/plain": {"schema": {"type": "string"}}},
                _RATE,
            ),
            **_errors(400, 401, 413, 415, 422, 503),
        },
    )


def _get_feed() -> Json:
    feed_types = dict.fromkeys(f.media_type for f in FORMATS.values())
    content = {media_type: {"schema": _FEED_SCHEMAS.get(media_type, {"type": "string"})} for media_type in feed_types}
    return _operation(
        "getFeed",
        "A section's feed",
        "The current document (the newest items); `?archive=` one UTC day of the section (RFC 5005); `?since=` or "
        "`?cursor=` the change log for incremental sync (the next cursor is in the `next` link; a page with no "
        "changes has none: poll it again). Use one of them "
        "at most. Conditional GET with `If-None-Match` or `If-Modified-Since`; gzip or brotli on request.",
        tag="feeds",
        security=_ANYONE,
        parameters=[
            _param_ref("Section"),
            _param_ref("Extension"),
            _param_ref("version"),
            _query("archive", {"type": "string", "format": "date"}, "A UTC day, YYYY-MM-DD.", example="2026-03-01"),
            _query(
                "page",
                {"type": "integer", "minimum": 1},
                "With `archive`: a day with more items than `[feeds] archive_max_items` has a page for each so many, "
                "newest first (the `prev-archive` and `next-archive` links go through them).",
            ),
            _query("cursor", {"type": "string"}, "A cursor from a `next` link."),
            _query(
                "since",
                {"type": "string"},
                "A complete time (date and time; a date alone is its first instant in UTC), not ahead of the "
                "server's clock: changes from then on.",
                example="2026-03-01T00:00:00Z",
            ),
            _param_ref("If-None-Match"),
            _param_ref("If-Modified-Since"),
        ],
        responses={
            "200": _answer("The document.", content, {**_FEED_HEADERS, **_RATE}),
            "304": _answer(
                "Not modified: the client's copy is current.",
                None,
                {
                    "ETag": _header_ref("ETag", required=True),
                    "Vary": _header_ref("Vary", required=True),
                    "Cache-Control": _header_ref("Cache-Control", required=True),
                    **_RATE,
                },
            ),
            **_errors(401, 403, 404, 422, 429, 503),
        },
    )


def _get_partner() -> Json:
    return _operation(
        "getPartner",
        "The calling partner",
        "Its own rules and feed URLs, never its key.",
        tag="partners",
        security=_PARTNER,
        responses={"200": _json_answer("The partner.", _ref("Partner"), _RATE), **_errors(401, 429)},
    )


def _healthz() -> Json:
    return _operation(
        "healthz",
        "Liveness",
        "`200` while the process is alive.",
        tag="operations",
        responses={"200": _json_answer("Alive.", _status_schema("alive"))},
    )


def _readyz() -> Json:
    return _operation(
        "readyz",
        "Readiness",
        "`200` when the store answers and its migrations are applied, `503` otherwise.",
        tag="operations",
        responses={"200": _json_answer("Ready.", _status_schema("ready")), **_errors(503)},
    )


def _metrics() -> Json:
    return _operation(
        "metrics",
        "Prometheus metrics",
        "Requests by route and status, latencies, cache documents, bytes, hits and misses, ingest and WebSub events. "
        "With `[server] metrics_token_sha256` set, only with that token (`Authorization: Bearer <token>`).",
        tag="operations",
        security=[{}, {"metricsToken": []}],
        responses={
            "200": _answer("Prometheus text format 0.0.4.", {"text/plain": {"schema": {"type": "string"}}}),
            **_errors(401),
        },
    )


def _directory() -> Json:
    return _page_operation(
        "directory",
        "The directory",
        "Every public section, its newest headlines and feeds.",
        errors=(429, 503),
        rated=True,
    )


def _opml() -> Json:
    return _operation(
        "opml",
        "Every public feed as OPML 2.0",
        "An outline per section; Atom, RSS and JSON Feed as subscriptions, NewsML-G2 and ninjs as links.",
        tag="site",
        responses={
            "200": _answer(
                "The OPML document.",
                {"text/x-opml": {"schema": {"type": "string"}}},
                {"Cache-Control": _header_ref("Cache-Control", required=True), **_RATE},
            ),
            **_errors(429),
        },
    )


def _item_page() -> Json:
    return _page_operation(
        "itemPage",
        "An item's page",
        "The permalink feed entries point to, as the caller sees the item: the public, or the partner whose key "
        "the request carries (so that the links in its feeds open for it too): `404` for what the caller may not "
        "see, `410` once withdrawn, or taken from them by a correction crediting an agency they may not see at all, "
        "if it had been out for them: to a request whose `Accept` names `text/html` (a browser), as a page saying so.",
        parameters=[_param_ref("ItemId")],
        errors=(401, 429, 503),
        pages_for=(NotFound, Gone),
        security=_ANYONE,
        rated=True,
    )


def _problem_page() -> Json:
    slug = {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": "The problem type: the end of a problem document's `type` (`/problems/<slug>`).",
        "schema": {"type": "string", "enum": sorted(problem_types())},
    }
    return _page_operation(
        "problemType",
        "What a problem type means",
        "The page a problem document's `type` leads to: its title, status, and what to do about it.",
        parameters=[slug],
        errors=(404, 429),
    )


def _editor() -> Json:
    return _page_operation(
        "editor",
        "The editor's console",
        "The page holds nothing secret; the API it calls needs the editor's token.",
        errors=(),
    )


def _static() -> Json:
    types = {"text/css": {"schema": {"type": "string"}}, "text/javascript": {"schema": {"type": "string"}}}
    return _operation(
        "static",
        "The pages' stylesheet and scripts",
        "With a strong `ETag`; `If-None-Match` gives `304`.",
        tag="site",
        parameters=[
            {
                "name": "name",
                "in": "path",
                "required": True,
                "description": "The file.",
                "schema": {"type": "string", "enum": list(STATIC_FILES)},
            },
            _param_ref("If-None-Match"),
        ],
        responses={
            "200": _answer(
                "The file.",
                types,
                {"ETag": _header_ref("ETag", required=True), "Cache-Control": _header_ref("Cache-Control")},
            ),
            "304": _answer("Not modified.", None, {"ETag": _header_ref("ETag", required=True)}),
            **_errors(404),
        },
    )


def _openapi() -> Json:
    return _operation(
        "openapi",
        "This document",
        "The OpenAPI 3.1 document of this server.",
        tag="operations",
        responses={"200": _json_answer("The document.", {"type": "object", "required": ["openapi", "paths"]})},
    )


def _page_operation(
    operation_id: str,
    summary: str,
    description: str,
    *,
    parameters: list[Json] | None = None,
    errors: Sequence[int] = (429,),
    security: list[Json] | None = None,
    rated: bool = False,
    pages_for: Sequence[type[NewswireError]] = (),
) -> Json:
    """An operation answering HTML; `pages_for`: the errors it answers a browser with a page too."""
    return _operation(
        operation_id,
        summary,
        description,
        tag="site",
        parameters=parameters,
        security=security,
        responses={
            "200": _answer(
                "The page (HTML).",
                {_HTML: {"schema": {"type": "string"}}},
                {
                    "Cache-Control": _header_ref("Cache-Control", required=True),
                    "Content-Security-Policy": _header_ref("Content-Security-Policy", required=True),
                    **(_RATE if rated else {}),
                },
            ),
            **_errors(*errors),
            **{str(error.status): _with_page(error) for error in pages_for},
        },
    )


def _with_page(error: type[NewswireError]) -> Json:
    """The problem document of `error`, or to a request whose `Accept` names HTML, a page saying the same."""
    answer = _error_response(error)
    answer["content"][_HTML] = {"schema": {"type": "string"}}
    answer["description"] += " To a browser (`Accept` naming `text/html`), a page."
    return answer


# Building blocks of operations


def _operation(
    operation_id: str,
    summary: str,
    description: str,
    *,
    tag: str,
    responses: Json,
    security: list[Json] | None = None,
    parameters: list[Json] | None = None,
    body: Json | None = None,
) -> Json:
    operation: Json = {
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        "tags": [tag],
        "security": security if security is not None else [],
    }
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = body
    keyed = any("partnerKeyQuery" in s for s in security or ())
    queried = keyed or any(p.get("in") == "query" for p in parameters or ())
    if queried and "422" not in responses:
        responses = {**responses, **_errors(422)}  # a query field given twice
    if keyed and "400" not in responses:
        responses = {**responses, **_errors(400)}  # a key both in the Authorization header and as `?key=`
    if "429" not in responses:
        responses = {**responses, **_errors(429)}  # more requests in progress from one address than allowed
    if body is not None:
        responses = {**responses, **_errors(417)}  # an `Expect` other than 100-continue
    if any("RateLimit" in answer.get("headers", {}) for status, answer in responses.items() if status[0] == "2"):
        responses = {status: _rated(answer) for status, answer in responses.items()}
    operation["responses"] = responses
    return operation


def _answer(description: str, content: Json | None, headers: Json | None = None) -> Json:
    """A response; every one carries the request's id."""
    answer: Json = {
        "description": description,
        "headers": {"X-Request-Id": _header_ref("X-Request-Id", required=True), **(headers or {})},
    }
    if content is not None:
        answer["content"] = content
    return answer


def _json_answer(description: str, schema: Json, headers: Json | None = None) -> Json:
    # Every JSON answer of the API is `no-store`: it depends on who asks and changes with every push.
    headers = {"Cache-Control": _header_ref("Cache-Control", required=True), **(headers or {})}
    return _answer(description, {"application/json": {"schema": schema}}, headers)


def _body(content: Json, description: str | None = None) -> Json:
    body: Json = {"required": True, "content": content}
    if description:
        body["description"] = description
    return body


def _errors(*statuses: int) -> Json:
    names = {error.status: error.__name__ for error in ERRORS}
    return {str(status): {"$ref": f"#/components/responses/{names[status]}"} for status in statuses}


def _query(name: str, schema: Json, description: str, *, required: bool = False, example: str | None = None) -> Json:
    parameter = {"name": name, "in": "query", "required": required, "description": description, "schema": schema}
    return parameter if example is None else parameter | {"example": example}


def _ref(schema: str) -> Json:
    return {"$ref": f"#/components/schemas/{schema}"}


def _param_ref(name: str) -> Json:
    return {"$ref": f"#/components/parameters/{name}"}


def _header_ref(name: str, *, required: bool = False) -> Json:
    if not required:
        return {"$ref": f"#/components/headers/{name}"}
    return {**_HEADERS[name], "required": True}


def _status_schema(status: str) -> Json:
    return {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"const": status}},
        "additionalProperties": False,
    }


# Components: parameters


def _parameters(config: Config) -> Json:
    item_extensions = list(dict.fromkeys(f.extension for f in FORMATS.values() if f.render_item))
    versions = [*DEFAULT_VERSIONS.values(), *(f.variant for f in FORMATS.values() if f.variant)]
    ref_pattern = ID_PATTERN.removesuffix("$") + f"(\\.({'|'.join(item_extensions)}))?$"
    return {
        "ItemRef": {
            "name": "ref",
            "in": "path",
            "required": True,
            "description": f"An item's id, alone (JSON) or with a format's extension ({', '.join(item_extensions)}).",
            "schema": {"type": "string", "pattern": ref_pattern},
            "example": EXAMPLE_ID,
        },
        "ItemId": {
            "name": "id",
            "in": "path",
            "required": True,
            "description": "An item's id.",
            "schema": _ID_SCHEMA,
            "example": EXAMPLE_ID,
        },
        "Section": {
            "name": "section",
            "in": "path",
            "required": True,
            "description": "A configured section.",
            "schema": _ref("SectionName"),
        },
        "Extension": {
            "name": "ext",
            "in": "path",
            "required": True,
            "description": "The format, by its extension.",
            "schema": {"type": "string", "enum": list(EXTENSIONS)},
        },
        "version": _query(
            "version",
            {"type": "string", "enum": versions},
            "The version of the format (ninjs: 3.1, the default without it, or 2.2).",
        ),
        "If-None-Match": {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "description": "ETags of the copies the client holds (`*`: any).",
            "schema": {"type": "string"},
        },
        "If-Modified-Since": {
            "name": "If-Modified-Since",
            "in": "header",
            "required": False,
            "description": "The `Last-Modified` of the client's copy (HTTP-date); ignored with `If-None-Match`, when "
            "given twice, or when ahead of the server's clock.",
            "schema": {"type": "string"},
        },
    }


# Components: headers


def _header(description: str, schema: Json | None = None) -> Json:
    return {"description": description, "schema": schema or {"type": "string"}}


_HEADERS: Json = {
    "X-Request-Id": _header("The request's id, as in the access log and problem documents."),
    "ETag": _header("A strong validator of the representation.", {"type": "string", "pattern": '^(W/)?"[^"]*"$'}),
    "Last-Modified": _header(
        "When the document last changed for the caller (HTTP-date): a version stored, an embargo or delay over, a "
        "withdrawal, a correction that took an item from the caller; never ahead of the server's clock. Sent once "
        "a second has passed since: within it, a second change could keep the same date (the ETag tells them apart)."
    ),
    "Cache-Control": _header("How long, and by whom, the response may be cached."),
    "Vary": _header("The request headers that select the representation."),
    "Link": _header(
        "The document's links (RFC 8288): `self`, `hub`, `current`, `next`, `prev-archive`, `next-archive`."
    ),
    "Content-Encoding": _header("The coding of the body.", {"type": "string", "enum": ["gzip", "br"]}),
    "Location": _header("The stored item's URL.", {"type": "string", "format": "uri"}),
    "Retry-After": _header("Seconds to wait before asking again.", {"type": "integer", "minimum": 0}),
    "RateLimit-Limit": _header("Requests allowed per minute.", {"type": "integer", "minimum": 0}),
    "RateLimit-Remaining": _header("Requests left in the window.", {"type": "integer", "minimum": 0}),
    "RateLimit-Reset": _header("Seconds until a request is allowed again.", {"type": "integer", "minimum": 0}),
    "RateLimit-Policy": _header(
        "The caller's rate limit (draft-ietf-httpapi-ratelimit-headers): requests per window of `w` seconds, and "
        "the `burst` that may come at once (`600;w=60;burst=150`). On every answer counted against a rate limit, "
        "a partner's or the public's (per client address)."
    ),
    "RateLimit": _header(
        "Where the caller stands against its rate limit (draft-ietf-httpapi-ratelimit-headers): `limit` (requests "
        "a minute), `remaining` (requests it may make at once from now), `reset` (seconds until it may make one "
        "more than that): `limit=600, remaining=149, reset=1`. On every answer counted against a rate limit."
    ),
    "WWW-Authenticate": _header(
        "The scheme to authenticate with (Bearer), and when credentials were sent, what is wrong with them (RFC "
        '6750): `error="invalid_request"` for an Authorization header that is not `Bearer <token>`, an empty '
        '`?key=` or a key sent both ways (`400`), `error="invalid_token"` for a token or key that is not valid.'
    ),
    "Allow": _header("The methods the path supports."),
    "Accept-Encoding": _header(
        "The content codings a request body may come in (`gzip`, `deflate`, `br`), given when it came in another."
    ),
    "Content-Security-Policy": _header("What the page may load and run."),
}
_FEED_HEADERS: Json = {
    "ETag": _header_ref("ETag", required=True),
    "Last-Modified": _header_ref("Last-Modified"),
    "Cache-Control": _header_ref("Cache-Control", required=True),
    "Vary": _header_ref("Vary", required=True),
    "Link": _header_ref("Link", required=True),
    "Content-Encoding": _header_ref("Content-Encoding"),
}
_LOCATION: Json = {"Location": _header_ref("Location")}
# On the answers counted against a rate limit.
_RATE: Json = {"RateLimit-Policy": _header_ref("RateLimit-Policy"), "RateLimit": _header_ref("RateLimit")}


# Components: error responses


def _rated(answer: Json) -> Json:
    """An answer of an operation counted against a rate limit: a problem too (a 404 of a feed, say) tells the client
    where it stands."""
    reference = answer.get("$ref")
    if reference is not None:
        name = reference.removeprefix("#/components/responses/")
        error = next((e for e in ERRORS if e.__name__ == name), None)
        if error is None or error is RateLimited:  # a 429 lists them already
            return answer
        answer = _error_response(error)
    if "application/problem+json" not in answer.get("content", {}):
        return answer
    return {**answer, "headers": {**answer["headers"], **_RATE}}


def _error_responses() -> Json:
    return {error.__name__: _error_response(error) for error in (*ERRORS, *REFUSALS)}


def _error_response(error: type[NewswireError]) -> Json:
    schema: Json = {
        "allOf": [
            _ref("Problem"),
            {"properties": {"status": {"const": error.status}, "type": {"const": f"/problems/{error.slug}"}}},
        ]
    }
    if error is InvalidInput:
        schema["allOf"][1]["required"] = ["errors"]
    headers = {
        Unauthorized: {"WWW-Authenticate": _header_ref("WWW-Authenticate", required=True)},
        BadRequest: {"WWW-Authenticate": _header_ref("WWW-Authenticate")},  # a key sent both ways
        MethodNotAllowed: {"Allow": _header_ref("Allow", required=True)},
        UnsupportedMediaType: {"Accept-Encoding": _header_ref("Accept-Encoding")},
        # Over a rate (requests a minute), with the RateLimit-* headers; or over `[server] max_requests_per_client`
        # in progress at once, which any operation may meet, with Retry-After alone.
        RateLimited: {
            "Retry-After": _header_ref("Retry-After", required=True),
            **{
                name: _header_ref(name)
                for name in (
                    "RateLimit-Limit",
                    "RateLimit-Remaining",
                    "RateLimit-Reset",
                    "RateLimit-Policy",
                    "RateLimit",
                )
            },
        },
    }.get(error, {})
    return _answer(
        f"{error.title}: a problem document.",
        {"application/problem+json": {"schema": schema}},
        {"Cache-Control": _header_ref("Cache-Control", required=True), **headers},
    )


# Components: security


_SECURITY_SCHEMES: Json = {
    "editorToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "An editor's token (`newswire token NAME`): `Authorization: Bearer <token>`.",
    },
    "metricsToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The token for reading /metrics (`newswire metrics-token`), where one is configured.",
    },
    "partnerKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "A partner's key (`newswire key NAME`): `Authorization: Bearer <key>`. A wrong or unknown "
        "key is `401`, and so is an Authorization header that is not `Bearer <key>` (another scheme, no key): it "
        "is never read as no key at all. A key sent both in the header and as `?key=` is `400`.",
    },
    "partnerKeyQuery": {
        "type": "apiKey",
        "in": "query",
        "name": "key",
        "description": "A partner's key as `?key=<key>`, for feed readers that cannot send headers; never with "
        "an Authorization header as well (`400`). An empty `?key=` is `401`.",
    },
}


# Components: schemas


def _schemas(config: Config) -> Json:
    return {
        "SectionName": _enum("A configured section.", config.sections),
        "SourceName": _enum("A configured source.", config.sources),
        "AgencyCode": _enum("A configured agency.", config.agencies),
        "ItemInput": _item_input(config),
        "RightsInput": _rights_input(),
        "Item": _item(),
        "Rights": _object(
            {name: _nullable({"type": "string"}) for name in RIGHTS_FIELDS}, required=RIGHTS_FIELDS, description=""
        ),
        "TimeOrigin": _object(
            {"text": _string(), "rule": _string(), "zone": _string()},
            required=("text", "rule", "zone"),
            description="The string a time was read from, the rule that placed it in UTC, and the zone it used.",
        ),
        "ItemList": _object(
            {"section": _string(), "items": {"type": "array", "items": _ref("Item")}}, required=("section", "items")
        ),
        "NinjsItem": {
            "type": "object",
            "description": "A ninjs item (3.1, or the version asked for).",
            "required": ["uri"],
            "properties": {"uri": _string()},
        },
        "Withdrawal": _object(
            {"reason": {"type": "string", "minLength": 1, "maxLength": REASON_MAX, "pattern": VISIBLE_PATTERN}},
            required=("reason",),
            description="Why the story is withdrawn (public).",
        ),
        "BulkReport": _bulk_report(),
        "BulkLineStored": _object(
            {"line": _LINE, "id": _string(), "outcome": _enum_of(Outcome), "version": _POSITIVE},
            required=("line", "id", "outcome", "version"),
        ),
        "BulkLineRefused": _object(
            {
                "line": _LINE,
                "id": _string(),
                # 400 not JSON, 413 longer than `max_body_bytes`, 422 invalid, 409 in conflict with the store.
                "status": {"type": "integer", "enum": [400, 409, 413, 422]},
                "errors": {"type": "array", "items": _ref("FieldError"), "minItems": 1},
            },
            required=("line", "status", "errors"),
        ),
        "PageResult": _page_result(),
        "Partner": _partner(),
        "WebSubRequest": _websub_request(config),
        "JsonFeed": {
            "type": "object",
            "description": "A JSON Feed 1.1 document.",
            "required": ["version", "title", "items"],
            "properties": {"version": {"const": jsonfeed.VERSION}, "items": {"type": "array"}},
        },
        "NinjsFeed": _object(
            {
                "id": _string(),
                "title": _string(),
                "description": _string(),
                "language": _string(),
                "updated": _DATE_TIME,
                "links": {
                    "type": "array",
                    "items": _object({"rel": _string(), "href": _URI, "type": _string()}, required=("rel", "href")),
                },
                "items": {"type": "array", "items": _ref("NinjsItem")},
            },
            required=("id", "title", "description", "language", "updated", "links", "items"),
            description="A section as ninjs: an object with its links and its items.",
        ),
        "Problem": _problem(),
        "BulkProblem": _bulk_problem(),
        "FieldError": _object(
            {"field": _string(), "reason": _string()},
            required=("field", "reason"),
            description="One wrong field: its path (`headline`, `[2].headline`, `rights.holder`) and the reason.",
        ),
    }


def _item_input(config: Config) -> Json:
    text = _text_fields()
    properties: Json = {
        "id": {**_ID_SCHEMA, "description": "The editor's stable id."},
        "section": _ref("SectionName"),
        "sections": _nullable({"type": "array", "items": _ref("SectionName"), "description": "More sections."}),
        "kind": _nullable(_enum_of(Kind, default=Kind.ARTICLE.value)),
        "headline": {**text["headline"], "pattern": VISIBLE_PATTERN, "description": "Plain text."},
        "summary": _nullable({**text["summary"], "description": "Plain text (tags are dropped)."}),
        "body": _nullable({**text["body"], "description": "HTML (reduced to a safe allow-list) or plain text."}),
        "byline": _nullable(text["byline"]),
        "language": _nullable({"type": "string", "pattern": LANGUAGE_PATTERN, "description": "A BCP 47 tag."}),
        "source": _nullable(_ref("SourceName")),
        "url": _nullable({**text["url"], "format": "uri", "pattern": "^https?://[^/?#\\s]"}),
        "published": _nullable(_TIME_INPUT),
        "updated": _nullable({**_TIME_INPUT, "description": f"{_TIME_INPUT['description']} {_UPDATED_AHEAD}"}),
        "embargo": _nullable({**_TIME_INPUT, "description": f"{_TIME_INPUT['description']} {_EMBARGO_DATED}"}),
        "credits": _nullable({"type": "array", "items": _ref("AgencyCode")}),
        "rights": _nullable(_ref("RightsInput")),
        "signal": _nullable(_enum_of(Signal)),
        "ed_note": _nullable(text["ed_note"]),
        "located": _nullable(text["located"]),
        "slugline": _nullable(text["slugline"]),
    }
    return _object(
        properties,
        required=("id", "section", "headline"),
        description="An item as editors push it. `null` is the same as leaving a field out.",
    ) | {"example": item_example(config)}


def _text_fields() -> dict[str, Json]:
    return {name: {"type": "string", "maxLength": limit} for name, limit in LIMITS.items()}


def _rights_input() -> Json:
    return _object(
        {name: _nullable({"type": "string", "maxLength": RIGHTS_MAX}) for name in RIGHTS_FIELDS},
        description=f"Who owns the item, on what terms ({RIGHTS_MAX} characters at most each); default: the source's.",
    )


def _item() -> Json:
    nullable_text = ("summary", "body", "byline", "source", "ed_note", "located", "slugline", "withdrawn_reason")
    properties: Json = {
        "id": _string(),
        "guid": {"type": "string", "pattern": "^tag:", "description": "The item's `tag:` URI, as in the feeds."},
        "version": _POSITIVE,
        "status": _enum_of(Status),
        "kind": _enum_of(Kind),
        "section": _string(),
        "sections": {"type": "array", "items": _string(), "minItems": 1},
        "headline": _string(),
        "language": _string(),
        "url": _URI,
        "permalink": _URI,
        "credits": {"type": "array", "items": _string()},
        "credit_line": _string(),
        "rights": _ref("Rights"),
        "published": _DATE_TIME,
        "updated": _DATE_TIME,
        "first_created": _DATE_TIME,
        "version_created": _DATE_TIME,
        "embargo": _DATE_TIME,
        "signal": _enum_of(Signal),
        "provenance": {"type": "object", "additionalProperties": _ref("TimeOrigin"), "required": ["published"]},
        "derived": _object(
            {"summary": {"type": "boolean"}, "credits": {"type": "array", "items": _string()}},
            required=("summary", "credits"),
            description="To editors only: what the server derived rather than was given: the summary (cut from the "
            "body), the credits found in the text. A correction leaves them out to have them derived afresh.",
        ),
        **{name: _string() for name in nullable_text},
    }
    required = (
        "id", "guid", "version", "status", "kind", "section", "sections", "headline", "language", "permalink",
        "credits", "credit_line", "rights", "published", "updated", "first_created", "version_created", "provenance",
    )  # fmt: skip
    return _object(
        properties,
        required=required,
        description="An item as the caller may see it; times are RFC 3339 UTC; absent fields are left out.",
    )


def _bulk_report() -> Json:
    counts = {outcome.value: _COUNT for outcome in Outcome} | {"refused": _COUNT}
    properties = {
        "lines": _COUNT,
        **counts,
        "blank": _COUNT,
        "results": {
            "type": "array",
            "items": {"oneOf": [_ref("BulkLineStored"), _ref("BulkLineRefused")]},
        },
    }
    return _object(properties, required=tuple(properties), description="What became of every line.")


def _page_result() -> Json:
    removed = _object(
        {"line": _LINE, "reason": _enum_of(Reason), "text": _string()},
        required=("line", "reason", "text"),
    )
    rights = _object(
        {"holder": _nullable(_string()), "year": _nullable({"type": "integer"})}, required=("holder", "year")
    )
    properties = {
        "dry_run": {"type": "boolean"},
        "items": {"type": "array", "items": _ref("Item")},
        "outcomes": {"type": "object", "additionalProperties": _enum_of(Outcome)},
        "withdrawn": {
            "type": "array",
            "items": _string(),
            "description": "Ids of the page's items that were withdrawn before: they stay withdrawn, not stored.",
        },
        "newer": {
            "type": "array",
            "items": _string(),
            "description": "Ids of the page's items that the store holds in a newer version than the page's (an "
            "editor's correction made since): they stay as they are, not stored.",
        },
        "removed": {"type": "array", "items": removed},
        "rights": _nullable(rights),
    }
    return _object(
        properties,
        required=tuple(properties),
        description="The article and headlines made from a page, the outcome of each (or that it stays "
        "withdrawn, or as the store holds it in a newer version), and every line left out.",
    )


_FORMAT_KEYS = [f"`{fmt.key}`" for fmt in FORMATS.values()]


def _partner() -> Json:
    properties = {
        "id": _string(),
        "name": _string(),
        "sections": {"type": "array", "items": _string()},
        "level": _enum_of(Level),
        "licences": {"type": "array", "items": _string()},
        "delay_minutes": _COUNT,
        "credit": _string(),
        "requests_per_minute": _COUNT,
        "feeds": {
            "type": "object",
            "description": f"Each of its sections' feeds, by format ({', '.join(_FORMAT_KEYS)}).",
            "additionalProperties": {
                "type": "object",
                "properties": {fmt.key: _URI for fmt in FORMATS.values()},
                "required": [fmt.key for fmt in FORMATS.values()],
                "additionalProperties": False,
            },
        },
    }
    return _object(properties, required=tuple(properties), description="A partner's own rules, never its key.")


def _websub_request(config: Config) -> Json:
    properties = {
        "hub.mode": {"type": "string", "enum": ["subscribe", "unsubscribe"]},
        "hub.topic": {**_URI, "description": "A feed of this server (`<public_url>/feeds/<section>.<ext>`)."},
        "hub.callback": {
            **_URI,
            "maxLength": CALLBACK_MAX,
            "description": f"The subscriber's http(s) URL, on an allowed address; {CALLBACK_MAX} characters at most.",
        },
        "hub.lease_seconds": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10**LEASE_MAX_DIGITS - 1,
            "description": "Seconds (cut to the longest lease).",
        },
        "hub.secret": {"type": "string", "maxLength": 199, "description": "Shorter than 200 bytes; signs deliveries."},
    }
    example = {
        "hub.mode": "subscribe",
        "hub.topic": f"{config.server.public_url}/feeds/{_first_section(config)}.atom",
        "hub.callback": "https://subscriber.example/callback",
        "hub.lease_seconds": 86400,
        "hub.secret": "a-secret",
    }
    schema = _object(properties, required=("hub.mode", "hub.topic", "hub.callback"), closed=False)
    return schema | {"description": "A subscription request; other fields are ignored.", "example": example}


def _problem() -> Json:
    properties = {
        "type": {"type": "string", "format": "uri-reference", "description": "`/problems/<slug>`."},
        "title": _string(),
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": _string(),
        "instance": {
            "type": "string",
            "description": "The request's path (never its query); absent when the request's head could not be read.",
        },
        "request_id": _string(),
        "errors": {
            "type": "array",
            "items": _ref("FieldError"),
            "maxItems": PROBLEMS_NAMED + 1,
            "description": f"At most {PROBLEMS_NAMED} problems, and past them one of `(body)` counting the rest.",
        },
    }
    return _object(
        properties,
        required=("type", "title", "status", "detail", "request_id"),
        description="An RFC 9457 problem document, with the request's id and, for invalid input, every wrong field.",
    )


def _bulk_problem() -> Json:
    problem, report = _problem(), _bulk_report()
    return _object(
        problem["properties"] | report["properties"],
        required=(*problem["required"], *report["required"]),
        description="The problem of an NDJSON bulk whose body failed as it streamed in, with what became of every "
        "line read before it failed (as in a bulk's answer): those lines stay stored.",
    )


def _object(properties: Json, *, required: Iterable[str] = (), description: str = "", closed: bool = True) -> Json:
    schema: Json = {"type": "object"}
    if description:
        schema["description"] = description
    schema["properties"] = properties
    if required:
        schema["required"] = list(required)
    if closed:
        schema["additionalProperties"] = False
    return schema


def _enum(description: str, names: Iterable[str]) -> Json:
    return {"type": "string", "enum": list(names), "description": description}


def _enum_of(values: Iterable[Any], *, default: str | None = None) -> Json:
    schema: Json = {"type": "string", "enum": [value.value for value in values]}
    if default is not None:
        schema["default"] = default
    return schema


def _nullable(schema: Json) -> Json:
    return {"oneOf": [schema, {"type": "null"}]}


def _string() -> Json:
    return {"type": "string"}


_ID_SCHEMA: Json = {
    "type": "string",
    "pattern": ID_PATTERN,
    "not": {"pattern": f"({'|'.join(sorted({s.replace('.', '[.]') for s in RESERVED_SUFFIXES}))})$"},
}
_URI: Json = {"type": "string", "format": "uri"}
_DATE_TIME: Json = {"type": "string", "format": "date-time"}
_POSITIVE: Json = {"type": "integer", "minimum": 1}
_COUNT: Json = {"type": "integer", "minimum": 0}
_LINE: Json = {"type": "integer", "minimum": 1}
_TIME_INPUT: Json = {
    "type": "string",
    "description": "RFC 3339/ISO 8601 or RFC 2822; a time without a zone is in the source's zone.",
}
_EMBARGO_DATED = "With its date and year: a time alone or a relative day is refused."
_UPDATED_AHEAD = f"At most {UPDATED_AHEAD_MAX.seconds // 60} minutes ahead of the server's clock."
_FEED_SCHEMAS: Json = {jsonfeed.MEDIA_TYPE: _ref("JsonFeed"), ninjs.MEDIA_TYPE: _ref("NinjsFeed")}


def item_example(config: Config) -> Json:
    """The example item of the document (the README's), in the first configured section."""
    return {
        "id": EXAMPLE_ID,
        "section": _first_section(config),
        "headline": "French operation in northern Mali kills 11 militants",
        "summary": "Eleven Islamist militants were killed, military sources told AFP.",
        "body": "A French counter-terrorism offensive in northern Mali ended with 11 militants killed.",
        "published": "2014-01-25T10:31:00+01:00",
    }


def _first_section(config: Config) -> str:
    return next(iter(config.sections), "world")
