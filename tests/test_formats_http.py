"""Every format through the real server: each served document valid, with its media type, in UTF-8, for any reader."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from feeds.formats import FORMATS, Format
from tests.conftest import Wire, make_config, story
from tests.story_facts import NAR, facts
from tests.validators import validate_document, validate_newsml, validate_ninjs
from wire.auth import digest
from wire.config import Config

PARTNER_KEY = "planet-key-for-tests"
ITEM_FORMATS = {"newsml": "", "ninjs": "", "ninjs@2.2": "?version=2.2"}
ITEM_MEDIA_TYPES = {
    "newsml": "application/vnd.iptc.g2.newsitem+xml; charset=utf-8",
    "ninjs": "application/json; charset=utf-8",
    "ninjs@2.2": "application/json; charset=utf-8",
}

# What editors push: every optional field, right-to-left text, markup, characters XML forbids, a headline item.
STORIES = [
    story(
        "mali-2014-01",
        sections=["world", "business"],
        headline="French operation in northern Mali kills 11 militants",
        summary="Eleven Islamist militants were killed, military sources told AFP.",
        body="<p>A French offensive in northern Mali ended with 11 militants killed, a source told AFP.</p>",
        byline="Staff reporter",
        located="Bamako",
        slugline="MALI-ATTACK",
        source="arabstoday",
        url="https://www.arabstoday.example/mali-2014-01",
        rights={"holder": "Arab Today Media Group", "notice": "© 2014 Arab Today Media Group", "usage_terms": "Ask."},
        signal="correction",
        ed_note="Corrects the number of militants killed.",
        embargo="2026-03-01T11:00:00Z",
        published="2026-03-01T10:31:00+01:00",
        updated="2026-03-01T10:45:00Z",
    ),
    story(
        "arabic-1",
        headline="عملية فرنسية في شمال مالي تقتل 11 مسلحا",
        summary="قتل أحد عشر مسلحا بحسب مصادر عسكرية.",
        body='<p dir="rtl">أنهت عملية فرنسية في شمال مالي بمقتل 11 مسلحا.</p>',
        language="ar",
        published="2026-03-01T09:00:00Z",
    ),
    story(
        "markup-1",
        headline='Tags <b>stay</b> text & so do ]]> and "quotes"',
        body="<p>Line one<br>line two&nbsp;&mdash; <b>bold <i>nested</b> wrongly</i><img src=x onerror=alert(1)>",
        published="2026-03-01T08:00:00Z",
    ),
    story(
        "control-1",
        headline="Control\x01\x1b characters \u202eand\u202c bidi",
        summary="A summary \x00 with \x0b controls.",
        body="<p>Body \x08 with \x0c controls</p>",
        published="2026-03-01T07:00:00Z",
    ),
    story("flash-1", kind="headline", summary=None, body=None, published="2026-03-01T06:00:00Z"),
]
FULL_TEXT = "A French offensive in northern Mali"


def partner_config(tmp_path: Path) -> Config:
    partner = {
        "name": "The Daily Planet",
        "key_sha256": digest(PARTNER_KEY),
        "sections": ["world", "business", "sport"],
        "level": "full",
        "licences": ["AFP"],
    }
    return make_config(tmp_path, partners={"planet": partner})


@pytest.fixture
async def wire(make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path) -> Wire:
    running = await make_wire(partner_config(tmp_path))
    await running.push(STORIES)
    return running


def feed_path(fmt: Format, section: str = "world") -> str:
    return f"/feeds/{section}.{fmt.extension}" + (f"?version={fmt.variant}" if fmt.variant else "")


async def get(wire: Wire, path: str, *, partner: bool) -> tuple[bytes, str]:
    headers = {"Authorization": f"Bearer {PARTNER_KEY}"} if partner else {}
    status, body, response_headers = await wire.get(path, **headers)
    assert status == 200, body
    return body, response_headers["Content-Type"]


@pytest.mark.parametrize("partner", [True, False], ids=["partner, full text", "public, summaries"])
@pytest.mark.parametrize("key", FORMATS)
async def test_every_feed_format_is_served_valid_with_its_media_type_in_utf8(
    wire: Wire, key: str, partner: bool
) -> None:
    fmt = FORMATS[key]
    body, content_type = await get(wire, feed_path(fmt), partner=partner)
    assert content_type == f"{fmt.media_type}; charset=utf-8"
    body.decode()  # strict UTF-8
    validate_document(fmt, body, content_type)
    assert len(facts(fmt, body)) == len(STORIES)


@pytest.mark.parametrize("key", FORMATS)
async def test_an_empty_section_is_served_valid_in_every_format(wire: Wire, key: str) -> None:
    fmt = FORMATS[key]
    body, content_type = await get(wire, feed_path(fmt, "sport"), partner=True)
    validate_document(fmt, body, content_type)
    assert facts(fmt, body) == []


@pytest.mark.parametrize("item_id", [s["id"] for s in STORIES])
@pytest.mark.parametrize("key", ITEM_FORMATS)
async def test_every_single_item_format_is_served_valid_with_its_media_type(wire: Wire, key: str, item_id: str) -> None:
    fmt = FORMATS[key]
    body, content_type = await get(wire, f"/v1/items/{item_id}.{fmt.extension}{ITEM_FORMATS[key]}", partner=True)
    assert content_type == ITEM_MEDIA_TYPES[key]
    if fmt.extension == "newsml":
        assert validate_newsml(body).tag == f"{NAR}newsItem"
    else:
        validate_ninjs(json.loads(body), fmt.variant or "3.1")
    (item,) = facts(fmt, body)
    assert item.id == f"tag:newswire.example,2026:item:{item_id}"


async def test_the_same_item_is_the_same_story_in_every_served_format(wire: Wire) -> None:
    seen = {}
    for key, fmt in FORMATS.items():
        body, _ = await get(wire, feed_path(fmt), partner=True)
        seen[key] = facts(fmt, body)
    atom = seen["atom"]
    assert [f.id for f in atom] == [f"tag:newswire.example,2026:item:{s['id']}" for s in STORIES]
    for key, found in seen.items():
        assert [f.id for f in found] == [f.id for f in atom], key
        assert [f.published for f in found] == [f.published for f in atom], key
        if key != "rss":  # RSS has no per-item update time
            assert [f.updated for f in found] == [f.updated for f in atom], key
        assert [f.credit_line for f in found] == [f.credit_line for f in atom], key
        assert [f.rights for f in found] == [f.rights for f in atom], key
        assert all(f"Credit: {f.credit_line}" in f.text for f in found), key
    first = atom[0]
    assert first.credit_line == "Arab Today Media Group / Agence France-Presse"
    assert first.rights == "© 2014 Arab Today Media Group. Ask."
    assert first.published.isoformat() == "2026-03-01T09:31:00+00:00"


@pytest.mark.parametrize("key", FORMATS)
async def test_public_readers_get_no_body_in_any_format_but_the_credit_line(wire: Wire, key: str) -> None:
    fmt = FORMATS[key]
    body, _ = await get(wire, feed_path(fmt), partner=False)
    assert FULL_TEXT.encode() not in body
    assert "Credit: Arab Today Media Group / Agence France-Presse" in facts(fmt, body)[0].text


@pytest.mark.parametrize("key", FORMATS)
async def test_a_partner_with_the_full_level_gets_the_body_in_every_format(wire: Wire, key: str) -> None:
    fmt = FORMATS[key]
    body, _ = await get(wire, feed_path(fmt), partner=True)
    assert FULL_TEXT in facts(fmt, body)[0].text


@pytest.mark.parametrize("key", FORMATS)
async def test_characters_xml_forbids_in_a_push_reach_no_format(wire: Wire, key: str) -> None:
    fmt = FORMATS[key]
    body, _ = await get(wire, feed_path(fmt), partner=True)
    text = body.decode()
    assert "Control characters" in text
    for char in "\x00\x01\x08\x0b\x0c\x1b":
        assert char not in text
        assert f"\\u{ord(char):04x}" not in text  # nor escaped in JSON


@pytest.mark.parametrize(
    "deep",
    [
        "<blockquote>" * 400 + "<p>The deepest words</p>" + "</blockquote>" * 400,
        # Plain tags only, as most bodies are: an end tag of an element not open closes nothing.
        "<p>" + "<b></i>" * 400 + "The deepest words</p>",
    ],
    ids=["nested", "stray end tags"],
)
@pytest.mark.parametrize("key", FORMATS)
async def test_a_body_nested_deeper_than_xml_readers_take_keeps_its_text_in_a_document_they_read(
    wire: Wire, key: str, deep: str
) -> None:
    # lxml, as libxml2 by default, refuses a document nested deeper than 256 elements: one such body would make a
    # section's NewsML-G2 unreadable for every partner. Its deepest elements are unwrapped, its text kept.
    await wire.push(story("deep-1", body=deep, published="2026-03-01T11:30:00Z"))
    fmt = FORMATS[key]
    body, content_type = await get(wire, feed_path(fmt), partner=True)
    validate_document(fmt, body, content_type)  # parsed with lxml's defaults
    assert "The deepest words" in body.decode()
    if key == "newsml":
        item, _ = await get(wire, "/v1/items/deep-1.newsml", partner=True)
        assert "The deepest words" in "".join(str(text) for text in validate_newsml(item).itertext())


async def test_item_language_is_the_documents_language(wire: Wire) -> None:
    newsml_body, _ = await get(wire, "/v1/items/arabic-1.newsml", partner=True)
    item = validate_newsml(newsml_body)
    assert (item.get("{http://www.w3.org/XML/1998/namespace}lang"), item.get("dir")) == ("ar", "rtl")
    section_body, _ = await get(wire, "/feeds/world.newsml", partner=True)
    items = validate_newsml(section_body).iter(f"{NAR}newsItem")
    directions = {str(i.get("guid")).rsplit(":", 1)[-1]: i.get("dir") for i in items}
    assert (directions["arabic-1"], directions["mali-2014-01"]) == ("rtl", None)
    ninjs_body, _ = await get(wire, "/v1/items/arabic-1.ninjs", partner=True)
    assert json.loads(ninjs_body)["language"] == "ar"
    feed_body, _ = await get(wire, "/feeds/world.json", partner=True)
    languages = {i["id"].rsplit(":", 1)[-1]: i["language"] for i in json.loads(feed_body)["items"]}
    assert (languages["arabic-1"], languages["mali-2014-01"]) == ("ar", "en")
    # Atom and RSS as a reader gets them: Atom's entry xml:lang, RSS's dc:language (the channel's is not the item's).
    for fmt in (FORMATS["atom"], FORMATS["rss"]):
        body, content_type = await get(wire, feed_path(fmt), partner=True)
        parsed = validate_document(fmt, body, content_type)
        assert parsed.feed.language == "en"
        entries = {e.id.rsplit(":", 1)[-1]: e for e in parsed.entries}
        found = entries["arabic-1"].get("language") or entries["arabic-1"].title_detail.get("language")
        assert (found, entries["arabic-1"].title) == ("ar", "عملية فرنسية في شمال مالي تقتل 11 مسلحا"), fmt.label


async def test_ninjs_22_is_served_on_request_with_22_names(wire: Wire) -> None:
    body, _ = await get(wire, "/feeds/world.ninjs?version=2.2", partner=True)
    doc = json.loads(body)
    assert doc["items"][0]["standard"]["version"] == "2.2"
    assert "versioncreated" in doc["items"][0]
    assert doc["links"][0]["href"] == "https://news.example.org/feeds/world.ninjs?version=2.2"
    # The Link header says the same (WebSub subscribers take the self link from it).
    _, _, headers = await wire.get("/feeds/world.ninjs?version=2.2", Authorization=f"Bearer {PARTNER_KEY}")
    assert '<https://news.example.org/feeds/world.ninjs?version=2.2>; rel="self"' in headers["Link"]
    default, _ = await get(wire, "/feeds/world.ninjs", partner=True)
    assert "versionCreated" in json.loads(default)["items"][0]
    # The default version may be asked for by name, by partners that pin theirs.
    assert (await get(wire, "/feeds/world.ninjs?version=3.1", partner=True))[0] == default
    item, _ = await get(wire, "/v1/items/mali-2014-01.ninjs", partner=True)
    assert (await get(wire, "/v1/items/mali-2014-01.ninjs?version=3.1", partner=True))[0] == item


@pytest.mark.parametrize("path", ["/feeds/world.ninjs?version=9.9", "/v1/items/mali-2014-01.ninjs?version=9.9"])
async def test_an_unknown_ninjs_version_is_a_404_problem(wire: Wire, path: str) -> None:
    status, body, headers = await wire.get(path)
    assert status == 404
    assert headers["Content-Type"].startswith("application/problem+json")
    assert "9.9" in json.loads(body)["detail"]


async def test_an_unknown_ninjs_version_of_a_feed_names_the_versions_there_are(wire: Wire) -> None:
    _, body, _ = await wire.get("/feeds/world.ninjs?version=9.9")
    assert json.loads(body)["detail"] == "no version '9.9' of ninjs; versions: 3.1 (the default), 2.2"


async def test_items_are_not_served_alone_as_json_feed(wire: Wire) -> None:
    status, body, headers = await wire.get("/v1/items/mali-2014-01.json")
    assert status == 404
    assert headers["Content-Type"].startswith("application/problem+json")
    assert json.loads(body)["detail"] == "items are not served as json"


@pytest.mark.parametrize("key", ["newsml", "ninjs", "ninjs@2.2", "json"])
async def test_feed_links_come_from_the_public_url_not_the_host_header(wire: Wire, key: str) -> None:
    fmt = FORMATS[key]
    status, body, _ = await wire.get(feed_path(fmt), Host="attacker.example")
    assert status == 200
    assert b"attacker.example" not in body
    assert b"https://news.example.org/" in body


@pytest.mark.parametrize("key", ["newsml", "ninjs", "ninjs@2.2", "json"])
async def test_new_formats_answer_conditional_requests(wire: Wire, key: str) -> None:
    path = feed_path(FORMATS[key])
    _, _, headers = await wire.get(path, **{"Accept-Encoding": "identity"})
    status, body, _ = await wire.get(path, **{"If-None-Match": headers["ETag"], "Accept-Encoding": "identity"})
    assert (status, body) == (304, b"")


@pytest.mark.parametrize("key", ["newsml", "ninjs", "json"])
async def test_unchanged_content_is_served_as_the_same_bytes_later(wire: Wire, key: str) -> None:
    path = feed_path(FORMATS[key])
    first, _ = await get(wire, path, partner=True)
    wire.clock.advance(hours=3)
    await wire.push(story("elsewhere", section="sport"))
    again, _ = await get(wire, path, partner=True)
    assert again == first
