"""Pages for people: the feed directory (`/`), the list of feeds (`/opml`), an item's permalink (`/items/{id}`),
the editor's console (`/editor`) and the files they use (`/static/{name}`).

The directory and item pages show what the public may see, under the same rules and window as the public feeds,
and never more: the newest items of each public section (no more than its current feed holds), each as the
public's view of it. The console is a page of forms over the JSON API; it holds no item and no secret.
Every HTML response carries a strict Content-Security-Policy: no inline script or style, scripts and styles from
this site only (images from anywhere: a story's body shows its own).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

from aiohttp import web

from feeds import opml
from feeds.formats import FORMATS
from feeds.view import Entry
from wire.errors import Gone, NotFound, problem_types
from wire.http_cache import field, none_match
from wire.http_items import audience_entry
from wire.service import SERVICE, Service
from wire.templates import (
    FeedLink,
    SectionListing,
    Site,
    directory_page,
    editor_page,
    item_page,
    missing_item_page,
    problem_page,
)

HTML_TYPE = "text/html"
# The newest headlines of a section on the directory page (never more than the section's current feed holds).
DIRECTORY_HEADLINES = 10
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: http: https:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
_STATIC_TYPES = {"css": "text/css", "js": "text/javascript"}
STATIC_FILES = ("site.css", "site.js", "editor.js")


async def get_directory(request: web.Request) -> web.Response:
    """GET /: every public section, its newest headlines as the public sees them, and its feeds."""
    service = request.app[SERVICE]
    await _admit_public(service, request)
    listings = await _public_listings(service, with_entries=True)
    return html_response(directory_page(_site(service), listings))


async def get_opml(request: web.Request) -> web.Response:
    """GET /opml: every public feed as OPML 2.0, one outline per section holding one per format."""
    service = request.app[SERVICE]
    await _admit_public(service, request)
    listings = await _public_listings(service, with_entries=False)
    groups = [
        opml.Group(
            title=listing.title,
            description=listing.description,
            html_url=service.viewer.urls.section_page(listing.id),
            language=service.viewer.languages[listing.id],
            feeds=tuple(opml.Outline(f.label, f.url, f.for_readers) for f in listing.feeds),
        )
        for listing in listings
    ]
    body = opml.render(f"{service.config.feeds.title}: every feed", groups)
    headers = {**SECURITY_HEADERS, "Cache-Control": "public, max-age=3600"}
    return web.Response(body=body, content_type=opml.MEDIA_TYPE, charset="utf-8", headers=headers)


async def get_item_page(request: web.Request) -> web.Response:
    """GET /items/{id}: the item's permalink, as the caller sees it: the public, or the partner whose key the
    request carries (header or `?key=`: the link of an item in a partner's feed leads there too); 404 for what the
    caller may not see (nothing is revealed), 410 once withdrawn if it had been out for them."""
    service = request.app[SERVICE]
    audience = await service.audience(request)
    item_id = request.match_info["id"]
    item = await service.store.get(item_id)
    try:
        entry = await audience_entry(service, audience, item, item_id)
    except (NotFound, Gone) as error:
        # What answers depends on the request's Accept: caches must keep the two apart.
        if not _wants_html(request):
            error.headers["Vary"] = "Accept"
            raise
        # A reader following a feed's link to a story taken down meets a page, not a problem document.
        service.observer.count("refused", error.slug)
        page = missing_item_page(_site(service), title=error.title, status=error.status, detail=error.detail)
        answer = html_response(page, status=error.status, cache="no-cache")
        answer.headers["Vary"] = "Accept"
        return answer
    section = next(s for s in entry.sections if audience.may_read(s))
    listing = await _listing(service, section, with_entries=False)
    urls = service.viewer.urls
    alternates = [
        FeedLink("JSON", urls.item_api(item_id), "application/json", False),
        *(
            FeedLink(fmt.label, fmt.url(urls.item_api(item_id)), fmt.item_media_type or fmt.media_type, False)
            for fmt in FORMATS.values()
            if fmt.render_item is not None
        ),
    ]
    page = item_page(_site(service), entry, section=listing, alternates=alternates)
    return html_response(page, cache="no-cache" if audience is service.public else "private, no-cache")


async def get_problem(request: web.Request) -> web.Response:
    """GET /problems/{slug}: what the problem type a problem document names in its `type` means (RFC 9457)."""
    service = request.app[SERVICE]
    error = problem_types().get(request.match_info["slug"])
    if error is None:
        raise NotFound(f"no problem type {request.match_info['slug']!r}")
    page = problem_page(_site(service), title=error.title, status=error.status, meaning=error.meaning)
    return html_response(page, cache="public, max-age=3600")


async def get_editor(request: web.Request) -> web.Response:
    """GET /editor: the editor's console. The page is the same for everyone; the API it calls wants the token."""
    service = request.app[SERVICE]
    config = service.config
    sources = [(name, source.name) for name, source in config.sources.items()]
    sections = [(name, section.title) for name, section in config.sections.items()]
    page = editor_page(_site(service), sources=sources, sections=sections)
    return html_response(page, cache="no-store")


async def get_static(request: web.Request) -> web.Response:
    """GET /static/{name}: the site's stylesheet and scripts, with a strong ETag."""
    name = request.match_info["name"]
    if name not in STATIC_FILES:
        raise NotFound(f"no file {name!r}")
    file = _static(name)
    headers = {**SECURITY_HEADERS, "ETag": file.etag, "Cache-Control": "public, max-age=300"}
    if_none_match = field(request.headers, "If-None-Match")
    if if_none_match is not None and none_match(if_none_match, lambda tag: tag == file.etag):
        return web.Response(status=304, headers=headers)
    return web.Response(body=file.body, content_type=file.content_type, charset="utf-8", headers=headers)


def _wants_html(request: web.Request) -> bool:
    """Whether the request is a browser's: its Accept takes HTML, named (a program asking for the item's JSON, or
    for anything, gets the problem document; so does one refusing HTML with `q=0`)."""
    for kind in (field(request.headers, "Accept") or "").split(","):
        media, _, parameters = kind.partition(";")
        if media.strip().lower() == "text/html":
            return _REFUSED.search(parameters) is None
    return False


# A media range's parameters that refuse it: a weight of 0 (RFC 9110 12.4.2).
_REFUSED = re.compile(r"(?:^|;)\s*q\s*=\s*0(?:\.0{0,3})?\s*(?:;|$)")


def html_response(body: str, *, status: int = 200, cache: str = "no-cache") -> web.Response:
    """An HTML page with the site's security headers. Pages change with every ingest: by default a cache must
    ask again before it reuses one."""
    headers = {**SECURITY_HEADERS, "Cache-Control": cache}
    return web.Response(status=status, text=body, content_type=HTML_TYPE, charset="utf-8", headers=headers)


async def _admit_public(service: Service, request: web.Request) -> None:
    # The pages are the public's whatever the request carries, and count against the public's rate limit.
    await service.admit(service.public, request)


async def _public_listings(service: Service, *, with_entries: bool) -> list[SectionListing]:
    """Every section the public may read, in the configured order."""
    return [
        await _listing(service, section, with_entries=with_entries)
        for section in service.config.sections
        if service.public.may_read(section)
    ]


async def _listing(service: Service, section: str, *, with_entries: bool) -> SectionListing:
    viewer, rules = service.viewer, service.public.rules
    entries: tuple[Entry, ...] = ()
    if with_entries:
        limit = min(DIRECTORY_HEADLINES, service.config.feeds.page_size)
        items = await service.store.newest(section, service.publisher.window(rules), limit=limit)
        entries = tuple(e for e in (viewer.entry(item, rules) for item in items) if e is not None)
    base = viewer.urls.feed_base(section)
    return SectionListing(
        id=section,
        title=viewer.sections[section],
        description=viewer.descriptions[section],
        feeds=tuple(FeedLink(f.label, f.url(base), f.media_type, f.for_readers) for f in FORMATS.values()),
        entries=entries,
        language=viewer.languages[section],
    )


def _site(service: Service) -> Site:
    return Site(title=service.config.feeds.title, base=urlsplit(service.viewer.urls.public_url).path.rstrip("/"))


@dataclass(frozen=True, slots=True)
class _StaticFile:
    body: bytes
    content_type: str
    etag: str


@functools.cache
def _static(name: str) -> _StaticFile:
    body = resources.files("wire").joinpath("site", name).read_bytes()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    return _StaticFile(body, _STATIC_TYPES[name.rpartition(".")[2]], etag)
