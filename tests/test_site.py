"""The pages, read as bytes without a browser: the directory, OPML, item permalinks, the console's markup, the
security headers, escaping, and that no page shows more than the public feeds do."""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import orjson
import pytest
from lxml import etree

from feeds.formats import FORMATS
from tests.conftest import EDITOR, PUBLIC_URL, REPO, Wire, make_config, story
from tests.test_pages_api import post_page
from wire.auth import digest
from wire.config import Config
from wire.http_site import CONTENT_SECURITY_POLICY, STATIC_FILES

SITE = REPO / "wire" / "site"
READER_TYPES = {"application/atom+xml", "application/rss+xml", "application/feed+json"}

WireFactory = Callable[[Config], Awaitable[Wire]]


async def page(wire: Wire, path: str, status: int = 200) -> Any:
    """The page at `path`, parsed (lxml.html), after checking its status and type."""
    got, body, headers = await wire.get(path)
    assert got == status, body[:500]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    return lxml.html.fromstring(body)


def texts(document: Any, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in document.xpath(xpath)]


# ---------------------------------------------------------------- the directory


async def test_the_directory_lists_every_section_with_a_link_to_each_of_its_feeds(wire: Wire) -> None:
    document = await page(wire, "/")
    for section, title in (("world", "World"), ("business", "Business"), ("sport", "Sport")):
        [block] = document.xpath(f"//section[@id='{section}']")
        assert texts(block, "h2") == [title]
        links = {a.text_content(): a.get("href") for a in block.xpath(".//ul[@class='feeds']//a")}
        assert links == {fmt.label: fmt.url(f"{PUBLIC_URL}/feeds/{section}") for fmt in FORMATS.values()}


async def test_the_directory_head_announces_every_readers_feed_for_autodiscovery(wire: Wire) -> None:
    document = await page(wire, "/")
    alternates = {(link.get("type"), link.get("href")) for link in document.xpath("//head/link[@rel='alternate']")}
    assert alternates == {
        (fmt.media_type, fmt.url(f"{PUBLIC_URL}/feeds/{section}"))
        for section in ("world", "business", "sport")
        for fmt in FORMATS.values()
        if fmt.for_readers
    }
    assert {media_type for media_type, _ in alternates} == READER_TYPES
    for media_type, href in alternates:
        status, _, headers = await wire.get(href.removeprefix(PUBLIC_URL))
        assert status == 200
        assert headers["Content-Type"].startswith(media_type)


async def test_the_directory_shows_the_newest_headlines_with_their_utc_times_and_permalinks(wire: Wire) -> None:
    await wire.push(story("older", headline="Older story", published="2026-03-01T09:00:00Z"))
    await wire.push(story("newer", headline="Newer story", published="2026-03-01T11:30:00Z"))
    document = await page(wire, "/")
    [block] = document.xpath("//section[@id='world']")
    assert texts(block, ".//ol/li/a") == ["Newer story", "Older story"]
    assert [a.get("href") for a in block.xpath(".//ol/li/a")] == [
        f"{PUBLIC_URL}/items/newer",
        f"{PUBLIC_URL}/items/older",
    ]
    [time, _] = block.xpath(".//ol/li/time")
    assert time.get("datetime") == "2026-03-01T11:30:00Z"
    assert time.get("title") == "2026-03-01 11:30 UTC"
    assert time.text == "2026-03-01 11:30 UTC"


async def test_the_directory_shows_no_more_headlines_than_the_sections_feed(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, feeds={"page_size": 3}))
    for n in range(5):
        await wire.push(story(f"s-{n}", published=f"2026-03-01T0{n}:00:00Z"))
    document = await page(wire, "/")
    assert texts(document, "//section[@id='world']//ol/li/a") == [f"Headline of s-{n}" for n in (4, 3, 2)]
    _, atom, _ = await wire.get("/feeds/world.atom")
    assert len(feedparser.parse(atom).entries) == 3


async def test_a_section_with_nothing_published_says_so(wire: Wire) -> None:
    document = await page(wire, "/")
    assert texts(document, "//section[@id='sport']/p[@class='empty']") == ["Nothing published yet."]


# ---------------------------------------------------------------- what the public may see, and nothing more


def restricted_config(tmp_path: Path, **tables: dict[str, Any]) -> Config:
    return make_config(
        tmp_path,
        public={"sections": ["world"], "level": "summary"},
        agencies={"EXW": {"name": "Exclusive Wire", "credited_as": ["(EXW)"], "without_licence": "none"}},
        **tables,
    )


async def push_what_the_public_may_not_see(wire: Wire) -> None:
    await wire.push(story("open", summary="Open summary.", body="<p>SECRET-BODY of an open story.</p>"))
    await wire.push(story("closed", section="business", headline="SECRET-SECTION story"))
    await wire.push(story("exclusive", headline="SECRET-AGENCY story", credits=["EXW"]))
    await wire.push(story("embargoed", headline="SECRET-EMBARGO story", embargo="2026-03-02T00:00:00Z"))


async def test_public_pages_hold_no_byte_the_public_feeds_would_not(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(restricted_config(tmp_path))
    await push_what_the_public_may_not_see(wire)
    for path in ("/", "/items/open", "/opml"):
        status, body, _ = await wire.get(path)
        assert status == 200
        assert b"SECRET" not in body, path
    _, directory, _ = await wire.get("/")
    assert b"Headline of open" in directory
    assert b'id="business"' not in directory


@pytest.mark.parametrize("item_id", ["closed", "exclusive", "embargoed", "never-pushed"])
async def test_an_item_the_public_may_not_see_has_a_page_that_is_a_plain_404(
    make_wire: WireFactory, tmp_path: Path, item_id: str
) -> None:
    wire = await make_wire(restricted_config(tmp_path))
    await push_what_the_public_may_not_see(wire)
    status, body, headers = await wire.get(f"/items/{item_id}")
    assert status == 404
    assert headers["Content-Type"] == "application/problem+json; charset=utf-8"
    assert orjson.loads(body)["detail"] == f"no item {item_id!r}"


async def test_the_editors_token_shows_a_page_nothing_more_than_the_public_sees(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(restricted_config(tmp_path))
    await push_what_the_public_may_not_see(wire)
    for path in ("/", "/items/open"):
        status, body, _ = await wire.get(path, **EDITOR)
        assert status == 200
        assert b"SECRET" not in body
    status, _, _ = await wire.get("/items/embargoed", **EDITOR)
    assert status == 404


async def test_the_item_page_shows_the_body_when_the_public_may_read_it(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(make_config(tmp_path, public={"level": "full"}))
    await wire.push(story("open", body="<p>The whole <em>story</em>.</p>"))
    document = await page(wire, "/items/open")
    [body] = document.xpath("//div[contains(@class, 'body')]")
    assert lxml.html.tostring(body, encoding="unicode").count("<em>story</em>") == 1


# ---------------------------------------------------------------- escaping and the security headers

HOSTILE = "<script>alert('x')</script> & \"quoted\" <b onmouseover=alert(1)>bold</b>"


async def test_markup_in_an_items_fields_is_shown_as_text(wire: Wire) -> None:
    await wire.push(story("hostile", headline=HOSTILE, byline=HOSTILE, summary=HOSTILE, located=HOSTILE))
    for path in ("/", "/items/hostile"):
        status, body, _ = await wire.get(path)
        assert status == 200
        assert b"<script>alert" not in body
        assert b"<b onmouseover" not in body
        assert b"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in body
    document = await page(wire, "/items/hostile")
    assert texts(document, "//h1") == [HOSTILE]


PAGES = ["/", "/items/s", "/editor"]


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_carries_the_security_headers(wire: Wire, path: str) -> None:
    await wire.push(story("s"))
    status, _, headers = await wire.get(path)
    assert status == 200
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_the_policy_allows_scripts_styles_and_requests_from_this_site_only() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("path", PAGES)
async def test_pages_hold_no_inline_script_style_or_handler(wire: Wire, path: str) -> None:
    await wire.push(story("s"))
    document = await page(wire, path)
    for script in document.xpath("//script"):
        assert script.get("src", "").startswith("/static/")
        assert not (script.text or "").strip()
    assert not document.xpath("//style | //*[@style]")
    handlers = [a for element in document.iter() for a in element.attrib if str(a).lower().startswith("on")]
    assert handlers == []


# ---------------------------------------------------------------- OPML


async def test_the_opml_lists_every_public_feed_as_opml_2(wire: Wire) -> None:
    status, body, headers = await wire.get("/opml")
    assert status == 200
    assert headers["Content-Type"] == "text/x-opml; charset=utf-8"
    root = etree.fromstring(body)
    assert root.tag == "opml"
    assert root.get("version") == "2.0"
    assert [child.tag for child in root] == ["head", "body"]
    assert root.findtext("head/title") == "Newswire: every feed"
    sections = root.findall("body/outline")
    assert [s.get("text") for s in sections] == ["World", "Business", "Sport"]
    for section, name in zip(sections, ("world", "business", "sport"), strict=True):
        for outline, fmt in zip(section.findall("outline"), FORMATS.values(), strict=True):
            url = fmt.url(f"{PUBLIC_URL}/feeds/{name}")
            assert outline.get("text")
            if fmt.for_readers:
                assert outline.get("type") == "rss"
                assert outline.get("xmlUrl") == url
                assert outline.get("htmlUrl") == f"{PUBLIC_URL}/#{name}"
            else:
                assert outline.get("type") == "link"
                assert outline.get("url") == url
            served, _, served_headers = await wire.get(url.removeprefix(PUBLIC_URL))
            assert served == 200
            assert served_headers["Content-Type"] == fmt.content_type


async def test_the_opml_leaves_out_sections_closed_to_the_public(make_wire: WireFactory, tmp_path: Path) -> None:
    wire = await make_wire(make_config(tmp_path, public={"sections": ["world"]}))
    _, body, _ = await wire.get("/opml")
    root = etree.fromstring(body)
    assert [s.get("text") for s in root.findall("body/outline")] == ["World"]
    assert b"business" not in body


# ---------------------------------------------------------------- item pages


async def test_the_permalink_in_every_feed_is_the_items_page(wire: Wire) -> None:
    await wire.push(story("linked"))
    _, atom, _ = await wire.get("/feeds/world.atom")
    [entry] = feedparser.parse(atom).entries
    assert entry.link == f"{PUBLIC_URL}/items/linked"
    document = await page(wire, entry.link.removeprefix(PUBLIC_URL))
    assert document.xpath("//link[@rel='canonical']/@href") == [entry.link]


async def test_the_item_page_shows_the_credit_line_and_rights(wire: Wire) -> None:
    answer = await post_page(wire)
    [article] = [i for i in answer["items"] if i["kind"] == "article"]
    document = await page(wire, f"/items/{article['id']}")
    assert texts(document, "//h1") == [article["headline"]]
    assert texts(document, "//p[@class='credit']") == ["Arab Today Media Group / Agence France-Presse"]
    terms = dict(zip(texts(document, "//dl/dt"), texts(document, "//dl/dd"), strict=True))
    assert terms["Copyright holder"] == "Arab Today Media Group"
    assert terms["Notice"] == article["rights"]["notice"]
    assert terms["Agencies"] == "Agence France-Presse"
    assert terms["Source"] == "Arabs Today"
    # AFP's items reach readers without its licence as headline and credit only: no text.
    assert "The action came as Paris steps up" in article["body"]
    assert b"The action came as Paris steps up" not in lxml.html.tostring(document)


async def test_the_item_page_shows_usage_terms_and_the_summary(wire: Wire) -> None:
    rights = {"holder": "Desk Ltd", "notice": "© 2026 Desk Ltd", "usage_terms": "Not for resale."}
    await wire.push(story("terms", summary="What happened, briefly.", rights=rights))
    document = await page(wire, "/items/terms")
    terms = dict(zip(texts(document, "//dl/dt"), texts(document, "//dl/dd"), strict=True))
    assert terms["Usage terms"] == "Not for resale."
    assert texts(document, "//div[contains(@class, 'summary')]") == ["What happened, briefly."]
    assert texts(document, "//p[@class='credit']") == ["Desk Ltd"]


async def test_a_corrected_item_shows_its_note_above_the_text(wire: Wire) -> None:
    await wire.push(story("fixed"))
    wire.clock.advance(minutes=5)
    await wire.push(story("fixed", signal="correction", ed_note="The minister's name was misspelt."))
    document = await page(wire, "/items/fixed")
    assert texts(document, "//aside[@class='note']/*") == ["Correction", "The minister's name was misspelt."]
    assert texts(document, "//p[@class='meta']") == ["Published 2026-03-01 10:00 UTC · updated 2026-03-01 12:05 UTC"]


@pytest.mark.parametrize("byline", ["By Jane Doe", "Von Anna Schmidt", "Jane Doe"])
async def test_the_item_page_shows_the_byline_as_written(wire: Wire, byline: str) -> None:
    await wire.push(story("signed", byline=byline))
    document = await page(wire, "/items/signed")
    assert texts(document, "//p[@class='meta']")[0].endswith(f" UTC · {byline}")


async def test_right_to_left_names_places_and_notes_keep_their_order_on_the_item_page(wire: Wire) -> None:
    await wire.push(
        story(
            "rtl",
            byline="مراسل الوكالة",
            located="بيروت",
            signal="correction",
            ed_note="تصحيح الرقم 12",
        )
    )
    _, body, _ = await wire.get("/items/rtl")
    page = body.decode()
    assert '<bdi class="byline">مراسل الوكالة</bdi>' in page
    assert "<bdi>بيروت</bdi>" in page
    assert '<p dir="auto">تصحيح الرقم 12</p>' in page


# An Arabic and a Hebrew section beside the English ones; the Arabic headlines start with Latin letters and numbers,
# which a browser guessing the direction from the first strong letter (dir="auto") lays out left to right.
RIGHT_TO_LEFT_SECTIONS = {
    "arabic": {"title": "العالم العربي", "description": "أخبار من العالم العربي", "language": "ar"},
    "hebrew": {"title": "חדשות", "description": "חדשות מישראל", "language": "he"},
}


async def test_sections_and_items_in_another_language_than_the_page_say_their_language_and_direction(
    make_wire: WireFactory, tmp_path: Path
) -> None:
    wire = await make_wire(make_config(tmp_path, sections=RIGHT_TO_LEFT_SECTIONS, public={"level": "full"}))
    await wire.push(story("ar-1", section="arabic", headline="CNN: مقتل ١١ مسلحاً في 2026", body="<p>قال مسؤولون.</p>"))
    await wire.push(story("he-1", section="hebrew", headline="2026: הממשלה אישרה תקציב"))
    await wire.push(story("ar-in-world", language="ar", headline="AFP: مقتل ١١ مسلحاً"))
    await wire.push(story("en-1", headline="English, as its page"))
    directory = await page(wire, "/")
    assert directory.get("lang") == "en"
    for section, language in (("arabic", "ar"), ("hebrew", "he")):
        for xpath in (f"//h2[@id='{section}-title']", f"//section[@id='{section}']/p[@class='description']"):
            (element,) = directory.xpath(xpath)
            assert (element.get("lang"), element.get("dir")) == (language, "rtl"), xpath
        (link,) = directory.xpath(f"//nav[@class='contents']//a[@href='#{section}']")
        assert (link.get("lang"), link.get("dir")) == (language, "rtl")
    headlines = {a.get("href").rsplit("/", 1)[-1]: a for a in directory.xpath("//ol[@class='headlines']//a")}
    for item_id, language, direction in (("ar-1", "ar", "rtl"), ("he-1", "he", "rtl"), ("ar-in-world", "ar", "rtl")):
        assert (headlines[item_id].get("lang"), headlines[item_id].get("dir")) == (language, direction), item_id
    assert (headlines["en-1"].get("lang"), headlines["en-1"].get("dir")) == ("en", "ltr")
    (world,) = directory.xpath("//h2[@id='world-title']")
    assert (world.get("lang"), world.get("dir")) == ("en", "ltr")

    item = await page(wire, "/items/ar-1")
    (headline,) = item.xpath("//h1")
    assert (headline.get("lang"), headline.get("dir"), headline.text) == ("ar", "rtl", "CNN: مقتل ١١ مسلحاً في 2026")
    (text,) = item.xpath("//div[contains(@class, 'text')]")
    assert (text.get("lang"), text.get("dir")) == ("ar", "rtl")
    (section_link,) = item.xpath("//p[@class='kicker']/a")
    assert (section_link.get("lang"), section_link.get("dir")) == ("ar", "rtl")
    # The credit line and the rights take the direction of their own text: here the holder's name is English.
    assert item.xpath("//p[@class='credit']/@dir") == ["auto"]
    assert set(item.xpath("//dl/dd/@dir")) == {"auto"}
    # An Arabic story in the English section: its own elements say so, the section link says English.
    other = await page(wire, "/items/ar-in-world")
    assert [(h.get("lang"), h.get("dir")) for h in other.xpath("//h1")] == [("ar", "rtl")]
    assert [(a.get("lang"), a.get("dir")) for a in other.xpath("//p[@class='kicker']/a")] == [("en", "ltr")]


async def test_a_withdrawn_items_page_is_410_gone(wire: Wire) -> None:
    await wire.push(story("gone"))
    response = await wire.client.post("/v1/items/gone/withdraw", json={"reason": "Legal advice"}, headers=EDITOR)
    assert response.status == 200
    status, body, headers = await wire.get("/items/gone")
    assert status == 410
    assert headers["Content-Type"] == "application/problem+json; charset=utf-8"
    assert orjson.loads(body)["detail"] == "item 'gone' was withdrawn"


async def test_a_browser_following_a_link_to_a_story_taken_down_gets_a_page(wire: Wire) -> None:
    # A reader's browser (or feed reader) opening a withdrawn or unknown story's link: a page that says so, with the
    # status, not a problem document.
    await wire.push(story("gone"))
    await wire.client.post("/v1/items/gone/withdraw", json={"reason": "Legal advice"}, headers=EDITOR)
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    for path, status, words in (
        ("/items/gone", 410, "This story was withdrawn: it is no longer published."),
        ("/items/never", 404, "There is no such story here."),
    ):
        got, body, headers = await wire.get(path, **browser)
        assert got == status
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Vary"] == "Accept"
        document = lxml.html.fromstring(body)
        assert words in texts(document, "//main//p")
        assert document.xpath("//main//a/@href") == ["/"]
    # A program, or a client that refuses HTML, gets the problem document, which varies alike.
    for accept in ("application/json", "text/html;q=0, application/problem+json", "*/*"):
        got, body, headers = await wire.get("/items/gone", Accept=accept)
        assert (got, headers["Content-Type"]) == (410, "application/problem+json; charset=utf-8")
        assert headers["Vary"] == "Accept"


# ---------------------------------------------------------------- the console and every page's structure


async def test_the_console_labels_every_field_and_holds_no_item(wire: Wire) -> None:
    await wire.push(story("s"))
    document = await page(wire, "/editor")
    fields = document.xpath("//input | //select | //textarea")
    assert len(fields) > 10
    labels = set(document.xpath("//label/@for"))
    for field in fields:
        assert field.get("id") in labels, field.get("id")
    assert b"Headline of s" not in lxml.html.tostring(document)
    options = document.xpath("//select[@id='page-source']/option/@value")
    assert options == ["arabstoday", "desk"]


# The console's fields for what an editor writes in the story's own language (any script, either direction), and
# those that take codes, addresses and tokens (Latin letters, left to right).
WRITTEN_FIELDS = {
    "page-text", "page-title-input", "page-published", "item-headline", "item-summary", "item-body", "item-byline",
    "item-published", "item-embargo", "item-updated", "item-located", "item-slugline", "item-rights-holder",
    "item-rights-notice", "item-rights-usage_terms", "withdraw-reason", "correct-headline", "correct-summary",
    "correct-body", "correct-note",
}  # fmt: skip


async def test_the_console_s_text_fields_take_the_direction_of_what_is_typed_in_them(wire: Wire) -> None:
    document = await page(wire, "/editor")
    fields = document.xpath("//textarea | //input[@type='text']")
    assert {f.get("id") for f in fields if f.get("dir") == "auto"} == WRITTEN_FIELDS
    assert {f.get("id") for f in fields} - WRITTEN_FIELDS == {
        "item-id", "item-sections", "item-credits", "item-url", "item-language", "page-language"
    }  # fmt: skip


async def test_every_error_slot_of_the_console_names_a_field_of_its_form(wire: Wire) -> None:
    document = await page(wire, "/editor")
    for form in document.xpath("//form"):
        fields = set(form.xpath(".//*[@data-field]/@data-field"))
        slots = form.xpath(".//*[@data-error-for]/@data-error-for")
        assert "" in slots, form.get("id")
        assert set(slots) - {""} == fields, form.get("id")


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_has_a_language_one_h1_headings_in_order_and_landmarks(wire: Wire, path: str) -> None:
    await wire.push(story("s"))
    document = await page(wire, path)
    assert document.get("lang") == "en"
    levels = [int(h.tag[1]) for h in document.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    for landmark in ("header", "nav", "main", "footer"):
        assert document.xpath(f"//{landmark}"), landmark
    assert document.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]


# ---------------------------------------------------------------- static files and the palette


@pytest.mark.parametrize(("name", "media_type"), [("site.css", "text/css"), ("site.js", "text/javascript")])
async def test_site_files_are_served_with_their_type_and_a_strong_etag(wire: Wire, name: str, media_type: str) -> None:
    status, body, headers = await wire.get(f"/static/{name}")
    assert status == 200
    assert body == (SITE / name).read_bytes()
    assert headers["Content-Type"] == f"{media_type}; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, body, _ = await wire.get(f"/static/{name}", **{"If-None-Match": headers["ETag"]})
    assert status == 304
    assert body == b""
    # Compared weakly, as a compressing proxy in front sends it back; and "*".
    for given in (f'"other", W/{headers["ETag"]}', "*"):
        assert (await wire.get(f"/static/{name}", **{"If-None-Match": given}))[0] == 304
    assert (await wire.get(f"/static/{name}", **{"If-None-Match": '"other"'}))[0] == 200


@pytest.mark.parametrize("name", ["page.html", "../app.py", "nope.js"])
async def test_only_the_sites_own_files_are_served(wire: Wire, name: str) -> None:
    status, _, headers = await wire.get(f"/static/{name}")
    assert status == 404
    assert headers["Content-Type"] == "application/problem+json; charset=utf-8"


def test_every_site_file_is_package_data() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["wire"]
    for path in SITE.iterdir():
        assert any(path.match(f"wire/{pattern}") for pattern in patterns), path.name
    assert set(STATIC_FILES) <= {p.name for p in SITE.iterdir()}


def palette() -> dict[str, str]:
    css = (SITE / "site.css").read_text(encoding="utf-8")
    root = re.search(r":root\s*\{(.*?)\}", css, re.S)
    assert root is not None
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", root.group(1)))


def luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


TEXT_ON = {
    "page": ["ink", "muted", "link", "link-visited", "danger", "ok", "accent"],
    "panel": ["ink", "muted", "link", "link-visited", "danger", "ok", "accent"],
    "note": ["ink", "link", "link-visited"],
    "accent": ["on-accent"],
    "danger": ["on-danger"],
}


@pytest.mark.parametrize(("background", "foreground"), [(bg, fg) for bg, fgs in TEXT_ON.items() for fg in fgs])
def test_text_colours_of_the_palette_have_a_contrast_of_at_least_4_5(background: str, foreground: str) -> None:
    colours = palette()
    assert contrast(colours[foreground], colours[background]) >= 4.5


@pytest.mark.parametrize("background", ["page", "panel"])
def test_the_edges_of_controls_and_the_focus_ring_have_a_contrast_of_at_least_3(background: str) -> None:
    colours = palette()
    for edge in ("control-edge", "focus", "danger"):
        assert contrast(colours[edge], colours[background]) >= 3.0, edge


async def test_a_partners_key_opens_the_page_its_feeds_link_to(make_wire: WireFactory, tmp_path: Path) -> None:
    # An item of a section the public may not read: its link in the partner's feeds is its page, for the partner.
    partner = {"name": "Planet", "key_sha256": digest("planet-key"), "sections": ["business"], "level": "full"}
    wire = await make_wire(restricted_config(tmp_path, partners={"planet": partner}))
    await push_what_the_public_may_not_see(wire)
    _, feed, _ = await wire.get("/feeds/business.atom", Authorization="Bearer planet-key")
    assert f"{PUBLIC_URL}/items/closed".encode() in feed
    assert (await wire.get("/items/closed"))[0] == 404
    for path, headers in (
        ("/items/closed", {"Authorization": "Bearer planet-key"}),
        ("/items/closed?key=planet-key", {}),
    ):
        status, body, answer = await wire.get(path, **headers)
        assert status == 200
        assert b"SECRET-SECTION story" in body
        assert answer["Cache-Control"] == "private, no-cache"


async def test_every_problem_type_leads_to_a_page_saying_what_it_means(wire: Wire) -> None:
    # RFC 9457: a problem's type, dereferenced, documents it for a person.
    response = await wire.client.get("/openapi.json")
    document = await response.json()
    types = {
        answer["content"]["application/problem+json"]["schema"]["allOf"][1]["properties"]["type"]["const"]
        for answer in document["components"]["responses"].values()
    }
    assert "/problems/invalid-input" in types
    for problem in sorted(types):
        status, body, headers = await wire.get(problem)
        assert status == 200, problem
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        heading = lxml.html.fromstring(body).findtext(".//h1")
        assert heading, problem
    _, body, _ = await wire.get("/problems/conflict")
    assert b"older <code>updated</code>" in body
    status, body, _ = await wire.get("/problems/no-such-problem")
    assert status == 404
    assert orjson.loads(body)["type"] == "/problems/not-found"
