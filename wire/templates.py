"""The site's HTML: the page shell under `wire/site/` filled with fragments built from escaped values.

`Html` marks text that is already HTML. Every other string passes through `html.escape` on its way into a page,
and `string.Template` takes only `Html` values, so a headline, a credit line or an id never becomes markup.
Pages carry no inline script or style (the Content-Security-Policy forbids both): behaviour comes from the
site's own files, named by `static_url`. Pure: the functions read nothing but the template files.
"""

from __future__ import annotations

import functools
import html
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from feeds.languages import text_direction
from feeds.view import Entry
from wire.timestamps import format_rfc3339

_VOID = frozenset({"br", "hr", "img", "input", "link", "meta"})


class Html(str):
    """A string that is HTML already: escaped text, or markup built from escaped parts."""

    __slots__ = ()


NOTHING = Html("")


def escape(value: str) -> Html:
    """`value` as HTML text: markup characters and both quotes escaped; `Html` passes unchanged."""
    return value if isinstance(value, Html) else Html(html.escape(value, quote=True))


def join(parts: Iterable[str], separator: str = "") -> Html:
    return Html(escape(separator).join(escape(part) for part in parts))


def element(tag: str, *children: str, **attributes: str | bool | None) -> Html:
    """`<tag attributes>children</tag>`, every value escaped. Attribute names: `class_` is `class`, other
    underscores become dashes (`aria_label`); True gives a bare attribute, None and False leave it out."""
    attrs = "".join(_attribute(name, value) for name, value in attributes.items())
    if tag in _VOID:
        return Html(f"<{tag}{attrs}>")
    return Html(f"<{tag}{attrs}>{join(children)}</{tag}>")


def _attribute(name: str, value: str | bool | None) -> str:
    if value is None or value is False:
        return ""
    name = name.rstrip("_").replace("_", "-")
    return f" {name}" if value is True else f' {name}="{escape(value)}"'


@functools.cache
def _template(name: str) -> string.Template:
    return string.Template(resources.files("wire").joinpath("site", name).read_text(encoding="utf-8"))


def fill(name: str, **values: Html) -> Html:
    """The template `wire/site/<name>` with each `$key` replaced by its (already escaped) value."""
    return Html(_template(name).substitute(values))


def time_element(instant: datetime) -> Html:
    """A UTC time that the reader's browser shows in their own zone; the UTC text stays as the title, and as the
    text where no script runs."""
    utc = f"{instant:%Y-%m-%d %H:%M} UTC"
    return element("time", utc, datetime=format_rfc3339(instant), title=utc)


@dataclass(frozen=True, slots=True)
class Site:
    """What every page needs: the service's name and where the site lives under the public URL."""

    title: str
    base: str  # the public URL's path, without a trailing slash ("" at the root)
    language: str = "en"

    def path(self, path: str) -> str:
        return f"{self.base}{path}"


@dataclass(frozen=True, slots=True)
class FeedLink:
    label: str  # "Atom", "ninjs 2.2"
    url: str
    media_type: str
    for_readers: bool


@dataclass(frozen=True, slots=True)
class SectionListing:
    """One section of the directory: what it is, its feeds, and its newest entries as the public sees them."""

    id: str
    title: str
    description: str
    feeds: tuple[FeedLink, ...]
    entries: tuple[Entry, ...]
    language: str  # of its title and description, and of its items that do not say


def page(
    site: Site,
    *,
    title: str,
    main: Html,
    head: Html = NOTHING,
    scripts: Sequence[str] = ("site.js",),
    current: str = "",
) -> Html:
    """A whole page: the shell (header, navigation, footer) around `main`. `current` names the navigation link
    of this page ("directory", "opml", "editor")."""
    return fill(
        "page.html",
        lang=escape(site.language),
        title=escape(title),
        stylesheet=escape(site.path("/static/site.css")),
        head=head,
        scripts=join(element("script", src=site.path(f"/static/{name}"), defer=True) for name in scripts),
        home=escape(site.path("/")),
        site_title=escape(site.title),
        navigation=_navigation(site, current),
        main=main,
    )


def _navigation(site: Site, current: str) -> Html:
    links = (("directory", "/", "Feeds"), ("opml", "/opml", "OPML"), ("editor", "/editor", "Editor's console"))
    return join(
        element(
            "li",
            element("a", label, href=site.path(path), aria_current="page" if name == current else None),
        )
        for name, path, label in links
    )


def directory_page(site: Site, sections: Sequence[SectionListing]) -> Html:
    """`GET /`: every public section with its newest headlines and a link to each of its feeds; the head carries
    an autodiscovery link to every feed that readers subscribe to."""
    head = join(
        element("link", rel="alternate", type=feed.media_type, href=feed.url, title=f"{section.title}: {feed.label}")
        for section in sections
        for feed in section.feeds
        if feed.for_readers
    )
    main = fill(
        "directory.html",
        title=escape(site.title),
        contents=join(element("li", _section_link(s, f"#{s.id}")) for s in sections),
        sections=join(_section(section) for section in sections),
        opml=escape(site.path("/opml")),
    )
    return page(site, title=f"{site.title}: feeds", main=main, head=head, current="directory")


def _section(section: SectionListing) -> Html:
    heading_id = f"{section.id}-title"
    label_id = f"{section.id}-feeds"
    feeds = element(
        "div",
        element("span", "Feeds:", id=label_id, class_="feeds-label"),
        element(
            "ul",
            *(element("li", element("a", feed.label, href=feed.url, type=feed.media_type)) for feed in section.feeds),
            class_="feeds",
            aria_labelledby=f"{label_id} {heading_id}",
        ),
        class_="feeds-row",
    )
    if section.entries:
        entries = element("ol", *(_headline(entry, section.language) for entry in section.entries), class_="headlines")
    else:
        entries = element("p", "Nothing published yet.", class_="empty")
    return element(
        "section",
        element("h2", section.title, id=heading_id, **_written_in(section.language)),
        element("p", section.description, class_="description", **_written_in(section.language)),
        feeds,
        entries,
        id=section.id,
        aria_labelledby=heading_id,
    )


def _headline(entry: Entry, section_language: str) -> Html:
    return element(
        "li",
        element("a", entry.headline, href=entry.url, **_written_in(entry.language or section_language)),
        " ",
        time_element(entry.published),
        class_=entry.kind,
    )


def item_page(site: Site, entry: Entry, *, section: SectionListing, alternates: Sequence[FeedLink]) -> Html:
    """`GET /items/{id}`: the item as the public sees it, with its credit line and rights. Its headline and text say
    the item's language and its direction (the section's, when the item says none)."""
    language = entry.language or section.language
    main = fill(
        "item.html",
        language=escape(language),
        direction=escape(text_direction(language)),
        section_link=_section_link(section, site.path(f"/#{section.id}")),
        kind=escape("Headline" if entry.kind == "headline" else "Article"),
        headline=escape(entry.headline),
        meta=_item_meta(entry),
        note=_correction(entry),
        text=_item_text(entry, language),
        credit_line=escape(entry.credit_line),
        rights=_rights(entry),
        alternates=join(
            element("li", element("a", link.label, href=link.url, type=link.media_type)) for link in alternates
        ),
    )
    head = join(
        [
            element("link", rel="canonical", href=entry.url),
            *(
                element("link", rel="alternate", type=f.media_type, href=f.url, title=f"{section.title}: {f.label}")
                for f in section.feeds
                if f.for_readers
            ),
        ]
    )
    return page(site, title=f"{entry.headline} | {site.title}", main=main, head=head)


def _item_meta(entry: Entry) -> Html:
    parts: list[Html] = [join(["Published ", time_element(entry.published)])]
    if entry.updated != entry.published:
        parts.append(join(["updated ", time_element(entry.updated)]))
    # Isolated (bdi): a right-to-left name or place keeps its order in a left-to-right line, and the line its own.
    # The byline as written: it often says "By" itself, or "Von", "Par", "بقلم", which a "by" before it would double.
    if entry.byline:
        parts.append(element("bdi", entry.byline, class_="byline"))
    if entry.located:
        parts.append(element("bdi", entry.located))
    return join(parts, " · ")


def _correction(entry: Entry) -> Html:
    if not entry.ed_note:
        return NOTHING
    title = "Correction" if entry.signal == "correction" else "Editor's note"
    return element("aside", element("h2", title), element("p", entry.ed_note, dir="auto"), class_="note")


def _item_text(entry: Entry, language: str) -> Html:
    """The body when the public may read it, else the summary, else nothing (a headline and its credit)."""
    if entry.body_html:
        # Sanitised to the allow-list when it was stored; the CSP would stop a script that got through anyway.
        return element("div", Html(entry.body_html), class_="text body", **_written_in(language))
    if entry.summary:
        return element("div", element("p", entry.summary), class_="text summary", **_written_in(language))
    return NOTHING


def _section_link(section: SectionListing, href: str) -> Html:
    return element("a", section.title, href=href, **_written_in(section.language))


def _written_in(language: str | None) -> dict[str, str | None]:
    """The `lang` and `dir` of an element whose text is in `language`: its direction said, not guessed (`dir="auto"`
    takes an Arabic headline that starts with "CNN:" or "2026" for a left-to-right one); guessed when unknown."""
    return {"lang": language, "dir": text_direction(language) if language else "auto"}


def _rights(entry: Entry) -> Html:
    rows: list[tuple[str, str]] = [
        ("Copyright holder", entry.rights.holder or ""),
        ("Notice", entry.rights.notice or ""),
        ("Usage terms", entry.rights.usage_terms or ""),
        ("Agencies", ", ".join(credit.name for credit in entry.credits)),
        ("Source", entry.source or ""),
    ]
    # Each value takes the direction of its own text: a notice in Arabic reads right to left, its year included.
    items = [join([element("dt", term), element("dd", value, dir="auto")]) for term, value in rows if value]
    if entry.canonical_url:
        link = element("a", entry.canonical_url, href=entry.canonical_url)
        items.append(join([element("dt", "First published at"), element("dd", link)]))
    return join(items)


def missing_item_page(site: Site, *, title: str, status: int, detail: str) -> Html:
    """`GET /items/{id}` for a browser when the item is not there for the reader (404) or was withdrawn (410)."""
    words = "This story was withdrawn: it is no longer published." if status == 410 else "There is no such story here."
    main = join(
        [
            element("h1", title),
            element("p", words),
            element("p", f"({detail})", class_="meta"),
            element("p", element("a", "Every section's newest stories", href=site.path("/"))),
        ]
    )
    return page(site, title=f"{title} | {site.title}", main=main)


def problem_page(site: Site, *, title: str, status: int, meaning: str) -> Html:
    """`GET /problems/{slug}`: what a problem type means, for the person reading a problem document's `type`."""
    # `names` in the text are set as code.
    text = join(element("code", part) if n % 2 else part for n, part in enumerate(meaning.split("`")))
    main = join(
        [
            element("h1", title),
            element("p", f"HTTP status {status}. A problem document (RFC 9457) of this type:"),
            element("p", text),
        ]
    )
    return page(site, title=f"{title} | {site.title}", main=main)


def editor_page(site: Site, *, sources: Sequence[tuple[str, str]], sections: Sequence[tuple[str, str]]) -> Html:
    """`GET /editor`: the console. It holds no secret and no item: the editor's token, asked for on the page and
    kept in the tab's session storage, opens the API to it."""
    main = fill(
        "editor.html",
        sources=_options(sources),
        optional_sources=join([element("option", "(none)", value=""), _options(sources)]),
        sections=_options(sections),
    )
    head = element("meta", name="robots", content="noindex")
    return page(
        site,
        title=f"Editor's console | {site.title}",
        main=main,
        head=head,
        scripts=("site.js", "editor.js"),
        current="editor",
    )


def _options(choices: Sequence[tuple[str, str]]) -> Html:
    return join(element("option", f"{label} ({value})", value=value) for value, label in choices)
