"""Every renderer, given views built by hand: valid documents whatever the view holds, the same story everywhere."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from feeds import atom, jsonfeed, newsml, ninjs, rss
from feeds._text import rights_text
from feeds.formats import EXTENSIONS, FORMATS, Format, find_format
from feeds.languages import text_direction
from feeds.view import Entry, Feed, Link, Rights, Tombstone
from tests import feed_views as views
from tests.golden import GOLDEN_FORMATS, golden_path
from tests.story_facts import NAR, facts, text_of
from tests.validators import parse_feed, validate_document, validate_jsonfeed, validate_newsml, validate_ninjs

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
IPTC_ALIASES = {"ninat", "stat", "sig", "irel", "cpnat", "drol"}  # all in the catalog every item references

CASES: dict[str, Callable[[], Feed]] = {
    "every optional field": lambda: views.feed(views.full_entry()),
    "no optional field": lambda: views.feed(views.entry()),
    "right-to-left text": lambda: views.feed(views.rtl_entry()),
    "markup in every text": lambda: views.feed(views.markup_entry()),
    "withheld and canceled items": lambda: views.feed(
        views.entry("held", status="withheld"), views.entry("gone", status="canceled")
    ),
    "withdrawn items": lambda: views.feed(views.full_entry(), tombstones=(views.tombstone(), views.tombstone("w-2"))),
    "a withdrawn item of unknown version": lambda: views.feed(tombstones=(views.tombstone(version=None),)),
    "nothing at all": lambda: views.feed(),
    "the golden view": views.golden_feed,
}


def validate_item(fmt: Format, body: bytes) -> Any:
    if fmt.extension == "newsml":
        root = validate_newsml(body)
        assert root.tag == f"{NAR}newsItem"
        return root
    return validate_ninjs(json.loads(body), fmt.variant or "3.1")


def item_formats() -> list[Format]:
    return [f for f in FORMATS.values() if f.render_item is not None]


def render_item(fmt: Format, feed: Feed, entry: Entry) -> bytes:
    assert fmt.render_item is not None
    return fmt.render_item(feed, entry)


def newsml_items(feed: Feed) -> list[etree._Element]:
    return validate_newsml(newsml.render(feed)).findall(f"{NAR}itemSet/*")


# --- every format, every kind of view -------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("key", FORMATS)
def test_every_format_renders_a_valid_document_whatever_the_view_holds(key: str, case: str) -> None:
    fmt = FORMATS[key]
    validate_document(fmt, fmt.render(CASES[case]()))


@pytest.mark.parametrize(
    "make", [views.full_entry, views.entry, views.rtl_entry, views.markup_entry, views.forbidden_entry]
)
@pytest.mark.parametrize("fmt", item_formats(), ids=lambda f: f.key)
def test_single_items_are_valid_documents(fmt: Format, make: Callable[[], Entry]) -> None:
    item = make()
    validate_item(fmt, render_item(fmt, views.feed(item), item))


def test_newsml_never_carries_characters_xml_forbids() -> None:
    body = newsml.render(views.feed(views.forbidden_entry(), views.markup_entry()))
    validate_newsml(body)
    text = body.decode()
    assert not any(c in text for c in views.FORBIDDEN)
    assert "&#" not in text  # not even as character references


@pytest.mark.parametrize("key", ["ninjs", "ninjs@2.2", "json"])
@pytest.mark.parametrize("surrogates", [True, False], ids=["with lone surrogates", "controls only"])
def test_json_formats_stay_valid_utf8_whatever_characters_the_view_holds(key: str, surrogates: bool) -> None:
    forbidden = views.FORBIDDEN if surrogates else views.FORBIDDEN.replace("\ud800\udfff", "")
    item = views.full_entry(headline=f"Forbidden{forbidden} characters", summary=f"Summary{forbidden}.")
    fmt = FORMATS[key]
    body = fmt.render(views.feed(item))
    body.decode()  # strict UTF-8: a lone surrogate would fail here
    doc = validate_document(fmt, body)
    headline = doc["items"][0].get("title") or doc["items"][0]["headlines"][0]["value"]
    assert headline.startswith("Forbidden")
    assert headline.endswith(" characters")


# Any code point, lone surrogates included, mixed with the pieces of markup that XML and HTML parsers care about.
_HOSTILE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("<>&;\"'/=!?[]-#xX0 \t\n\r" + views.FORBIDDEN)),
        st.sampled_from(["<p>", "</p>", "<br>", "&nbsp;", "&#", "]]>", "<!--", "<?", "<a:b c:d='1'>", "</", "&#1;"]),
        st.characters(codec=None, exclude_categories=()),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(headline=_HOSTILE_TEXT, body=_HOSTILE_TEXT)
def test_any_text_in_headline_and_body_gives_valid_newsml_and_ninjs(headline: str, body: str) -> None:
    item = views.full_entry(headline=headline, body_html=body, summary=body, byline=headline, slugline=headline)
    feed = views.feed(item)
    validate_newsml(newsml.render(feed))
    validate_ninjs(json.loads(ninjs.render_item_31(feed, item)), "3.1")
    validate_jsonfeed(json.loads(jsonfeed.render(feed)))


def test_the_xml_formats_keep_the_text_around_forbidden_characters() -> None:
    root = validate_newsml(newsml.render(views.feed(views.forbidden_entry())))
    assert root.findtext(f".//{NAR}headline") == "Forbidden characters"
    assert root.findtext(f".//{NAR}creditline") == "Credit line"
    assert "Body text" in text_of(root.find(f".//{NAR}inlineXML"))


def test_rendering_the_same_view_twice_gives_the_same_bytes() -> None:
    for fmt in FORMATS.values():
        assert fmt.render(views.golden_feed()) == fmt.render(views.golden_feed()), fmt.key


@pytest.mark.parametrize("key", FORMATS)
def test_rendering_leaves_no_reference_cycles_behind(key: str) -> None:
    """A server keeps thousands of documents: a render must free everything it made as soon as it returns, not
    leave cycles (holding its whole view) for the cyclic collector to find some time later."""
    fmt = FORMATS[key]
    feed = views.feed(views.full_entry(), tombstones=(views.tombstone(),), archive=True)
    gc.collect()
    gc.disable()
    try:
        fmt.render(feed)
        if fmt.render_item is not None:
            fmt.render_item(feed, feed.entries[0])
        assert gc.collect() == 0
    finally:
        gc.enable()


# --- the same story in every format ---------------------------------------------------------------------------


def test_an_item_has_the_same_id_times_credit_and_rights_in_every_format() -> None:
    feed = views.feed(views.full_entry(), views.rtl_entry(), views.entry("bare", published=views.EMBARGO))
    seen = {key: facts(fmt, fmt.render(feed)) for key, fmt in FORMATS.items()}
    expected = [(e.guid, e.published, e.updated, e.credit_line) for e in feed.entries]
    for key, found in seen.items():
        assert [f.id for f in found] == [e[0] for e in expected], key
        assert [f.published for f in found] == [e[1] for e in expected], key
        if key != "rss":  # RSS has no per-item update time
            assert [f.updated for f in found] == [e[2] for e in expected], key
        assert [f.credit_line for f in found] == [e[3] for e in expected], key
        assert [f.rights for f in found] == [rights_text(e.rights) for e in feed.entries], key
        for f in found:
            assert f"Credit: {f.credit_line}" in f.text, key


def test_single_items_tell_the_same_story_as_the_feed() -> None:
    item = views.full_entry()
    feed = views.feed(item)
    for fmt in item_formats():
        assert facts(fmt, render_item(fmt, feed, item)) == facts(fmt, fmt.render(feed)), fmt.key


def test_times_are_utc_with_z_to_the_second_whatever_the_view_zone() -> None:
    paris = timezone(timedelta(hours=1))
    item = views.full_entry(
        published=datetime(2026, 3, 1, 10, 31, 0, 999_999, tzinfo=paris),
        updated=datetime(2026, 3, 1, 11, 45, 30, 250_000, tzinfo=paris),
    )
    feed = views.feed(item)
    root = validate_newsml(newsml.render(feed))
    assert root.findtext(f".//{NAR}firstCreated") == "2026-03-01T09:31:00Z"
    assert root.findtext(f".//{NAR}versionCreated") == "2026-03-01T10:45:30Z"
    assert root.findtext(f"{NAR}header/{NAR}sent") == "2026-03-01T10:45:30Z"
    doc = json.loads(ninjs.render_31(feed))["items"][0]
    assert (doc["firstCreated"], doc["versionCreated"]) == ("2026-03-01T09:31:00Z", "2026-03-01T10:45:30Z")
    doc = json.loads(jsonfeed.render(feed))["items"][0]
    assert (doc["date_published"], doc["date_modified"]) == ("2026-03-01T09:31:00Z", "2026-03-01T10:45:30Z")


# Years before 1000 (a typo such as 0226 for 2026): written in four digits, zero-padded, or the document is invalid.
OLD_TIMES = {
    "year 226": (
        datetime(226, 11, 24, 10, 0, tzinfo=UTC),
        ("0226-11-24T10:00:00Z", "Fri, 24 Nov 0226 10:00:00 +0000", "0226-11-24T10:00:00+00:00"),
    ),
    "year 1": (
        datetime(1, 1, 1, tzinfo=UTC),
        ("0001-01-01T00:00:00Z", "Mon, 01 Jan 0001 00:00:00 +0000", "0001-01-01T00:00:00+00:00"),
    ),
}


@pytest.mark.parametrize("case", OLD_TIMES)
@pytest.mark.parametrize("key", FORMATS)
def test_years_before_1000_are_written_in_four_digits_and_every_document_stays_valid(key: str, case: str) -> None:
    when, (rfc3339, rfc822, atom_time) = OLD_TIMES[case]
    item = views.full_entry(published=when, updated=when, embargo=when)
    feed = views.feed(item, views.entry(), tombstones=(views.tombstone(when=when),))
    fmt = FORMATS[key]
    body = fmt.render(feed)
    validate_document(fmt, body)
    found = facts(fmt, body)[0]
    assert found.published == when
    if key != "rss":  # RSS has no per-item update time
        assert found.updated == when
    written = {"rss": rfc822, "atom": atom_time}.get(fmt.extension, rfc3339)
    assert written.encode() in body
    if fmt.render_item is not None:
        single = render_item(fmt, feed, item)
        validate_item(fmt, single)
        assert rfc3339.encode() in single


# --- the table ------------------------------------------------------------------------------------------------


def test_the_table_serves_five_formats_with_their_media_types() -> None:
    assert {k: f.media_type for k, f in FORMATS.items()} == {
        "atom": "application/atom+xml",
        "rss": "application/rss+xml",
        "json": "application/feed+json",
        "newsml": "application/vnd.iptc.g2.newsmessage+xml",
        "ninjs": "application/json",
        "ninjs@2.2": "application/json",
    }
    assert EXTENSIONS == ("atom", "rss", "json", "newsml", "ninjs")
    assert all(f.content_type.endswith("; charset=utf-8") for f in FORMATS.values())


def test_ninjs_versions_are_two_rows_of_the_table() -> None:
    assert find_format("ninjs") is FORMATS["ninjs"]
    assert find_format("ninjs", "2.2") is FORMATS["ninjs@2.2"]
    assert find_format("ninjs", "1.6") is None


def test_newsml_and_ninjs_render_single_items_and_a_newsml_item_has_its_own_media_type() -> None:
    assert [f.key for f in item_formats()] == ["newsml", "ninjs", "ninjs@2.2"]
    assert FORMATS["newsml"].item_content_type == "application/vnd.iptc.g2.newsitem+xml; charset=utf-8"
    assert FORMATS["ninjs"].item_content_type == "application/json; charset=utf-8"


# --- Atom and RSS: the rights in one element -----------------------------------------------------------------

ACME_TERMS = "Do not republish outside the UK."
ACME_RIGHTS = "© 2026 Acme Ltd. Do not republish outside the UK."
with_rights = pytest.mark.parametrize(
    "rights",
    [Rights("Acme Ltd", "© 2026 Acme Ltd", ACME_TERMS), Rights("Acme Ltd", ACME_RIGHTS, ACME_TERMS)],
    ids=["terms apart", "terms already ending the notice"],
)


@with_rights
def test_atom_rights_carry_the_usage_terms_on_the_feed_and_each_entry(rights: Rights) -> None:
    feed = views.feed(views.entry(rights=rights), views.entry("bare"), rights=rights)
    parsed = parse_feed(atom.render(feed), FORMATS["atom"].content_type)
    assert parsed.feed.rights == ACME_RIGHTS
    assert parsed.entries[0].rights == ACME_RIGHTS
    assert "rights" not in parsed.entries[1]  # no rights in the view, none in the entry


@with_rights
def test_rss_copyright_and_dc_rights_carry_the_usage_terms_before_the_credit_line(rights: Rights) -> None:
    feed = views.feed(views.entry(rights=rights), views.entry("bare"), rights=rights)
    parsed = parse_feed(rss.render(feed), FORMATS["rss"].content_type)
    assert parsed.feed.rights == ACME_RIGHTS  # <copyright>
    assert parsed.entries[0].rights == f"{ACME_RIGHTS} (Newswire)"  # <dc:rights>: the rights, then the credit line
    assert parsed.entries[1].rights == "Newswire"


def test_every_reader_format_names_the_same_author_byline_or_else_source() -> None:
    feed = views.feed(views.entry("signed", byline="Jane Doe"), views.entry("unsigned", byline=None, source="desk"))
    for key in ("atom", "rss"):
        parsed = parse_feed(FORMATS[key].render(feed), FORMATS[key].content_type)
        assert [e.author for e in parsed.entries] == ["Jane Doe", "desk"], key
    items = validate_jsonfeed(json.loads(jsonfeed.render(feed)))["items"]
    assert [i["authors"] for i in items] == [[{"name": "Jane Doe"}], [{"name": "desk"}]]


def test_rss_descriptions_are_html_that_keeps_the_text_as_written() -> None:
    # A reader takes an RSS description for HTML: what the summary, an editor's note or a withdrawal's reason says
    # in angle brackets is text, and each of their parts a paragraph.
    noted = views.entry("noted", signal="correction", ed_note="Fixes <name> & the toll.", summary="A < B, said <AFP>.")
    gone = Tombstone(
        "tag:newswire.example,2026:item:gone",
        "gone",
        f"{views.BASE}/items/gone",
        views.PUBLISHED,
        "A <b>court</b> order",
    )
    parsed = parse_feed(rss.render(views.feed(noted, tombstones=(gone,), sync=True)), FORMATS["rss"].content_type)
    assert parsed.bozo == 0
    entry, withdrawn = parsed.entries
    assert entry.summary.startswith(
        "<p>Correction: Fixes &lt;name&gt; &amp; the toll.</p><p>A &lt; B, said &lt;AFP&gt;.</p>"
    )
    assert withdrawn.summary == "<p>Withdrawn: A &lt;b&gt;court&lt;/b&gt; order</p>"


def test_rss_item_in_another_language_than_its_channel_says_its_own_and_keeps_its_text() -> None:
    arabic, english = views.rtl_entry(), views.entry("en-1", language="en")
    parsed = parse_feed(rss.render(views.feed(arabic, english, language="en")), FORMATS["rss"].content_type)
    assert parsed.feed.language == "en"
    assert [entry.get("language") for entry in parsed.entries] == ["ar", None]  # the channel's
    assert parsed.entries[0].title == arabic.headline
    assert rss.render(views.feed(english, language="en")).count(b"dc:language") == 0


def test_rss_titles_credits_and_rights_show_their_angle_brackets_as_written() -> None:
    # Readers render RSS titles as HTML: a headline's markup (a scraped page's, say) must never run in them.
    risky = views.entry("risky", headline="AT&T <b>shares</b> <script>alert(1)</script>", byline="Jo <jo@x.org>")
    parsed = parse_feed(rss.render(views.feed(risky)), FORMATS["rss"].content_type)
    [entry] = parsed.entries
    assert entry.title == "AT&amp;T &lt;b&gt;shares&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;"
    assert entry.author == "Jo &lt;jo@x.org&gt;"
    assert "<" not in entry.title + entry.author + entry.rights


@pytest.mark.parametrize(
    ("notice", "terms", "expected"),
    [
        ("© 2026 Acme Ltd", ACME_TERMS, ACME_RIGHTS),
        ("© Newswire. Items carry their own rights.", "Ask.", "© Newswire. Items carry their own rights. Ask."),
        ("© 2026 Acme Ltd ", f" {ACME_TERMS} ", ACME_RIGHTS),
        (ACME_RIGHTS, ACME_TERMS, ACME_RIGHTS),
        (ACME_TERMS, ACME_TERMS, ACME_TERMS),
        ("Made in the UK.", "UK.", "Made in the UK. UK."),  # terms that only end a sentence of the notice are said
        ("© 2026 समाचार एजेंसी। सर्वाधिकार सुरक्षित।", "केवल लाइसेंस से।", "© 2026 समाचार एजेंसी। सर्वाधिकार सुरक्षित। केवल लाइसेंस से।"),
        ("© ٢٠٢٦ ایجنسی۔", "صرف لائسنس کے ساتھ۔", "© ٢٠٢٦ ایجنسی۔ صرف لائسنس کے ساتھ۔"),
        ("© 2026 新华社。版权所有。", "仅限授权转载。", "© 2026 新华社。版权所有。仅限授权转载。"),
        ("© 2026 新华社。仅限授权转载。", "仅限授权转载。", "© 2026 新华社。仅限授权转载。"),
        ("© 2026 Acme Ltd", None, "© 2026 Acme Ltd"),
        ("© 2026 Acme Ltd", " ", "© 2026 Acme Ltd"),
        (None, ACME_TERMS, ACME_TERMS),
        (None, None, None),
    ],
)
def test_rights_text_is_the_notice_then_the_usage_terms_once(
    notice: str | None, terms: str | None, expected: str | None
) -> None:
    assert rights_text(Rights("Acme Ltd", notice, terms)) == expected


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("ar", "rtl"), ("ar-EG", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"), ("yi", "rtl"), ("ckb", "rtl"),
        ("az-Arab", "rtl"), ("pa-Arab-PK", "rtl"), ("AR", "rtl"), ("ar-Latn", "ltr"), ("en", "ltr"), ("zh-Hans", "ltr"),
        ("hi", "ltr"), ("ku-Latn", "ltr"), ("en-x-arab", "ltr"), ("th", "ltr"),
    ],
)  # fmt: skip
def test_a_language_is_written_in_the_direction_of_its_script(language: str, direction: str) -> None:
    assert text_direction(language) == direction


# --- NewsML-G2 ------------------------------------------------------------------------------------------------


def test_newsml_message_is_sent_at_the_feeds_update_by_the_service() -> None:
    feed = views.feed(views.full_entry(), views.entry())
    root = validate_newsml(newsml.render(feed))
    assert root.tag == f"{NAR}newsMessage"
    assert root.findtext(f"{NAR}header/{NAR}sent") == "2026-03-01T10:45:00Z"
    assert root.findtext(f"{NAR}header/{NAR}sender") == "Newswire"


def test_newsml_items_keep_the_feeds_order_with_guid_version_and_standard() -> None:
    items = newsml_items(views.feed(views.full_entry(), views.entry("b"), views.entry("a")))
    assert [i.get("guid") for i in items] == [
        "tag:newswire.example,2026:item:mali-2014-01",
        "tag:newswire.example,2026:item:b",
        "tag:newswire.example,2026:item:a",
    ]
    assert [i.get("version") for i in items] == ["3", "1", "1"]
    for item in items:
        assert (item.get("standard"), item.get("standardversion")) == ("NewsML-G2", "2.35")
        assert item.find(f"{NAR}catalogRef").get("href") == newsml.CATALOG  # type: ignore[union-attr]


def test_newsml_qcodes_use_only_aliases_of_the_referenced_iptc_catalog() -> None:
    root = validate_newsml(newsml.render(views.golden_feed()))
    qcodes = {v for e in root.iter() for k, v in e.attrib.items() if k in ("qcode", "rel", "role", "type")}
    assert qcodes
    assert {str(q).split(":", 1)[0] for q in qcodes} <= IPTC_ALIASES


def test_newsml_item_carries_rights_meta_and_content_meta_from_the_view() -> None:
    (item,) = newsml_items(views.feed(views.full_entry()))
    assert item.get(XML_LANG) == "en"
    rights = item.find(f"{NAR}rightsInfo")
    assert rights is not None
    assert rights.findtext(f"{NAR}copyrightHolder/{NAR}name") == "Arab Today Media Group"
    assert rights.findtext(f"{NAR}copyrightNotice") == "© 2014 Arab Today Media Group"
    assert rights.findtext(f"{NAR}usageTerms") == "Republication only under licence."
    meta = item.find(f"{NAR}itemMeta")
    assert meta is not None
    assert meta.find(f"{NAR}itemClass").get("qcode") == "ninat:text"  # type: ignore[union-attr]
    assert meta.find(f"{NAR}provider").get("literal") == "Newswire"  # type: ignore[union-attr]
    assert meta.findtext(f"{NAR}versionCreated") == "2026-03-01T10:45:00Z"
    assert meta.findtext(f"{NAR}firstCreated") == "2026-03-01T09:31:00Z"
    assert meta.findtext(f"{NAR}embargoed") == "2026-03-01T11:00:00Z"
    assert meta.find(f"{NAR}pubStatus").get("qcode") == "stat:usable"  # type: ignore[union-attr]
    assert meta.find(f"{NAR}signal").get("qcode") == "sig:correction"  # type: ignore[union-attr]
    assert meta.findtext(f"{NAR}edNote") == "Corrects the number of militants killed."
    links = {link.get("href") for link in meta.iterfind(f"{NAR}link")}
    assert links == {"https://news.example.org/items/mali-2014-01", "https://www.arabstoday.example/mali-2014-01"}
    content = item.find(f"{NAR}contentMeta")
    assert content is not None
    assert content.findtext(f"{NAR}headline") == "French operation in northern Mali kills 11 militants"
    assert content.findtext(f"{NAR}slugline") == "MALI-ATTACK"
    assert content.findtext(f"{NAR}by") == "Staff reporter"
    assert content.findtext(f"{NAR}located/{NAR}name") == "Bamako"
    assert content.findtext(f"{NAR}creditline") == "Arab Today Media Group / Agence France-Presse"
    assert content.find(f"{NAR}language").get("tag") == "en"  # type: ignore[union-attr]
    assert [s.get("literal") for s in content.iterfind(f"{NAR}subject")] == ["world", "africa"]
    sources = [(s.get("literal"), s.findtext(f"{NAR}name")) for s in content.iterfind(f"{NAR}infoSource")]
    assert sources == [("AFP", "Agence France-Presse"), (None, "Arabs Today")]
    description = content.find(f"{NAR}description")
    assert description is not None
    assert description.get("role") == "drol:summary"
    assert description.text == "Eleven Islamist militants were killed, military sources told AFP."


def test_newsml_item_without_optional_fields_has_no_empty_elements() -> None:
    (item,) = newsml_items(views.feed(views.entry()))
    assert item.find(f"{NAR}rightsInfo") is None
    for name in ("embargoed", "edNote", "signal"):
        assert item.find(f"{NAR}itemMeta/{NAR}{name}") is None, name
    for name in ("slugline", "by", "located", "description", "subject", "infoSource"):
        assert item.find(f"{NAR}contentMeta/{NAR}{name}") is None, name


def test_newsml_body_is_inline_xhtml_ending_with_the_visible_credit_line() -> None:
    (item,) = newsml_items(views.feed(views.full_entry()))
    inline = item.find(f"{NAR}contentSet/{NAR}inlineXML")
    assert inline is not None
    assert inline.get("contenttype") == "application/xhtml+xml"
    (html,) = inline
    assert html.tag == f"{XHTML}html"
    assert html.get(XML_LANG) == "en"
    assert html.findtext(f"{XHTML}head/{XHTML}title") == "French operation in northern Mali kills 11 militants"
    paragraphs = html.findall(f"{XHTML}body/{XHTML}p")
    assert text_of(paragraphs[0]) == "Correction: Corrects the number of militants killed."
    assert paragraphs[-1].text == "Credit: Arab Today Media Group / Agence France-Presse"
    assert html.find(f".//{XHTML}a").get("href") == "https://example.org/barkhane"  # type: ignore[union-attr]


def test_newsml_item_without_body_carries_the_summary_and_credit_as_plain_text() -> None:
    item = views.full_entry(body_html=None, signal=None)
    (element,) = newsml_items(views.feed(item))
    assert element.find(f"{NAR}contentSet/{NAR}inlineXML") is None
    data = element.find(f"{NAR}contentSet/{NAR}inlineData")
    assert data is not None
    assert data.get("contenttype") == "text/plain"
    assert data.text == f"{item.summary}\n\nCredit: {item.credit_line}"


def test_newsml_turns_broken_html_into_well_formed_xhtml() -> None:
    (item,) = newsml_items(views.feed(views.markup_entry()))
    body = item.find(f".//{XHTML}body")
    assert body is not None
    assert {e.tag for e in body.iter()} <= {
        f"{XHTML}{t}" for t in ("body", "p", "strong", "br", "b", "i", "img", "table", "tbody", "tr", "td")
    }
    assert all(":" not in name for e in body.iter() for name in e.attrib)
    text = text_of(body)
    assert "Line one" in text
    assert "after" in text
    assert "\ufffe" not in text


def test_newsml_keeps_right_to_left_text_and_its_language() -> None:
    (item,) = newsml_items(views.feed(views.rtl_entry()))
    assert item.get(XML_LANG) == "ar"
    assert item.findtext(f".//{NAR}headline") == "عملية فرنسية في شمال مالي تقتل 11 مسلحا"
    assert item.get("dir") == "rtl"
    assert item.find(f".//{XHTML}html").get(XML_LANG) == "ar"  # type: ignore[union-attr]
    assert item.find(f".//{XHTML}html").get("dir") == "rtl"  # type: ignore[union-attr]
    assert item.find(f".//{XHTML}p").get("dir") == "rtl"  # type: ignore[union-attr]


@pytest.mark.parametrize(("language", "direction"), [("he", "rtl"), ("fa-IR", "rtl"), ("en", None), ("zh-Hans", None)])
def test_a_newsml_item_says_the_direction_of_its_language_and_an_english_section_s_arabic_item_its_own(
    language: str, direction: str | None
) -> None:
    (item,) = newsml_items(views.feed(views.full_entry(language=language), language="en"))
    assert (item.get(XML_LANG), item.get("dir")) == (language, direction)
    assert item.find(f".//{XHTML}html").get("dir") == direction  # type: ignore[union-attr]
    (package,) = validate_newsml(newsml.render(views.feed(language="ar"))).findall(f"{NAR}itemSet/*")
    assert (package.get(XML_LANG), package.get("dir")) == ("ar", "rtl")


@pytest.mark.parametrize(("status", "qcode"), [("withheld", "stat:withheld"), ("canceled", "stat:canceled")])
def test_newsml_pub_status_follows_the_item_status(status: str, qcode: str) -> None:
    (item,) = newsml_items(views.feed(views.entry(status=status)))
    assert item.find(f"{NAR}itemMeta/{NAR}pubStatus").get("qcode") == qcode  # type: ignore[union-attr]


def test_newsml_withdrawn_items_follow_the_entries_as_canceled_items() -> None:
    feed = views.feed(views.entry(), tombstones=(views.tombstone(), views.tombstone("w-2", version=None)))
    live, first, second = newsml_items(feed)
    assert live.get("guid") == "tag:newswire.example,2026:item:story-1"
    assert first.get("guid") == "tag:newswire.example,2026:item:withdrawn-1"
    assert first.get("version") == "2"
    assert second.get("version") is None  # unknown: left to the schema's default rather than made up
    meta = first.find(f"{NAR}itemMeta")
    assert meta is not None
    assert meta.find(f"{NAR}pubStatus").get("qcode") == "stat:canceled"  # type: ignore[union-attr]
    assert meta.findtext(f"{NAR}versionCreated") == "2026-03-01T10:50:00Z"
    assert meta.findtext(f"{NAR}edNote") == "Withdrawn at the source's request."
    assert first.find(f"{NAR}contentSet") is None


def test_newsml_section_with_nothing_to_send_carries_an_empty_package_of_the_section() -> None:
    (package,) = newsml_items(views.feed())
    assert package.tag == f"{NAR}packageItem"
    assert package.get("guid") == "tag:newswire.example,2026:feed:world"
    assert package.find(f"{NAR}itemMeta/{NAR}itemClass").get("qcode") == "ninat:composite"  # type: ignore[union-attr]
    assert package.findtext(f"{NAR}itemMeta/{NAR}title") == "World | Newswire"
    assert package.find(f"{NAR}groupSet") is None


def test_newsml_single_item_is_a_news_item_document() -> None:
    item = views.full_entry()
    root = validate_newsml(newsml.render_item(views.feed(item), item))
    assert root.tag == f"{NAR}newsItem"
    assert root.get("guid") == item.guid


def test_newsml_leaves_out_a_language_that_is_not_a_language_tag() -> None:
    (item,) = newsml_items(views.feed(views.full_entry(language="not a tag!")))
    assert item.get(XML_LANG) is None
    assert item.find(f"{NAR}contentMeta/{NAR}language") is None


# --- ninjs ----------------------------------------------------------------------------------------------------


def test_ninjs_feed_is_an_object_with_links_and_items() -> None:
    doc = json.loads(ninjs.render_31(views.feed(views.full_entry())))
    assert list(doc) == ["id", "title", "description", "language", "updated", "links", "items"]
    assert doc["id"] == "tag:newswire.example,2026:feed:world"
    assert doc["updated"] == "2026-03-01T10:45:00Z"
    assert doc["links"] == [
        {"rel": "self", "href": "https://news.example.org/feeds/world.ninjs", "type": "application/json"},
        {"rel": "alternate", "href": "https://news.example.org/#world", "type": "text/html"},
        {"rel": "hub", "href": "https://news.example.org/websub"},
        {
            "rel": "next",
            "href": "https://news.example.org/feeds/world.ninjs?before=2026-03-01T09%3A00%3A00Z",
            "type": "application/json",
        },
    ]


def test_ninjs_22_feed_links_to_its_own_pages_in_22() -> None:
    links = {link["rel"]: link["href"] for link in json.loads(ninjs.render_22(views.feed()))["links"]}
    assert links["self"] == "https://news.example.org/feeds/world.ninjs?version=2.2"
    assert links["next"] == "https://news.example.org/feeds/world.ninjs?before=2026-03-01T09%3A00%3A00Z&version=2.2"
    assert links["hub"] == "https://news.example.org/websub"


def test_ninjs_31_item_carries_the_view() -> None:
    item = views.full_entry()
    doc = validate_ninjs(json.loads(ninjs.render_item_31(views.feed(item), item)), "3.1")
    assert doc["uri"] == item.guid
    assert doc["standard"]["version"] == "3.1"
    assert (doc["type"], doc["version"], doc["pubStatus"]) == ("text", "3", "usable")
    assert (doc["firstCreated"], doc["versionCreated"]) == ("2026-03-01T09:31:00Z", "2026-03-01T10:45:00Z")
    assert doc["embargoedUntil"] == "2026-03-01T11:00:00Z"
    assert (doc["copyrightHolder"], doc["copyrightNotice"], doc["usageTerms"]) == (
        "Arab Today Media Group",
        "© 2014 Arab Today Media Group",
        "Republication only under licence.",
    )
    assert doc["edNote"] == "Corrects the number of militants killed."
    assert (doc["language"], doc["slugline"], doc["by"], doc["located"]) == (
        "en",
        "MALI-ATTACK",
        "Staff reporter",
        "Bamako",
    )
    assert doc["headlines"] == [{"role": "main", "value": item.headline}]
    assert doc["descriptions"] == [
        {"role": "summary", "contentType": "text/plain", "value": item.summary},
        {"role": "creditline", "contentType": "text/plain", "value": item.credit_line},
    ]
    (body,) = doc["bodies"]
    assert body["contentType"] == "text/html"
    assert body["value"].endswith('<p class="credit">Credit: Arab Today Media Group / Agence France-Presse</p>')
    assert doc["subjects"] == [{"literal": "world"}, {"literal": "africa"}]
    assert doc["infoSources"] == [
        {"name": "Agence France-Presse", "literal": "AFP", "role": "agency"},
        {"name": "Arabs Today", "role": "source"},
    ]
    assert doc["renditions"] == [{"name": "web", "href": item.url, "contentType": "text/html"}]


def test_ninjs_22_item_is_the_same_item_in_22_names() -> None:
    item = views.full_entry()
    doc31 = json.loads(ninjs.render_item_31(views.feed(item), item))
    doc22 = validate_ninjs(json.loads(ninjs.render_item_22(views.feed(item), item)), "2.2")
    assert doc22["standard"]["version"] == "2.2"
    assert doc22["embargoed"] == doc31["embargoedUntil"]
    assert doc22["versioncreated"] == doc31["versionCreated"]
    assert doc22["copyrightnotice"] == doc31["copyrightNotice"]
    assert doc22["bodies"] == [{"role": "main", "contenttype": "text/html", "value": doc31["bodies"][0]["value"]}]
    assert not any(key != key.lower() for key in _keys(doc22))


def test_ninjs_item_without_body_has_the_summary_and_credit_as_plain_text_and_no_nulls() -> None:
    item = views.entry(summary="Just this.")
    doc = json.loads(ninjs.render_item_31(views.feed(item), item))
    assert doc["bodies"] == [{"role": "main", "contentType": "text/plain", "value": "Just this.\n\nCredit: Newswire"}]
    assert None not in _values(doc)
    assert "copyrightHolder" not in doc
    assert "embargoedUntil" not in doc


def test_ninjs_withdrawn_items_are_canceled_items_after_the_entries() -> None:
    doc = json.loads(ninjs.render_31(views.feed(views.entry(), tombstones=(views.tombstone(),))))
    gone = doc["items"][-1]
    assert gone["uri"] == "tag:newswire.example,2026:item:withdrawn-1"
    assert (gone["pubStatus"], gone["version"], gone["versionCreated"]) == ("canceled", "2", "2026-03-01T10:50:00Z")
    assert gone["edNote"] == "Withdrawn at the source's request."


# --- JSON Feed ------------------------------------------------------------------------------------------------


def test_json_feed_links_itself_its_hub_and_its_next_page() -> None:
    doc = validate_jsonfeed(json.loads(jsonfeed.render(views.feed(views.entry()))))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["feed_url"] == "https://news.example.org/feeds/world.json"
    assert doc["home_page_url"] == "https://news.example.org/#world"
    assert doc["hubs"] == [{"type": "WebSub", "url": "https://news.example.org/websub"}]
    assert doc["next_url"] == "https://news.example.org/feeds/world.json?before=2026-03-01T09%3A00%3A00Z"
    assert doc["language"] == "en"
    assert doc["_newswire"] == {
        "id": "tag:newswire.example,2026:feed:world",
        "rights": {"holder": "Newswire", "notice": "© Newswire. Items carry their own rights."},
    }


def test_json_feed_without_hub_or_next_page_leaves_them_out() -> None:
    doc = validate_jsonfeed(json.loads(jsonfeed.render(views.feed(links=()))))
    assert "hubs" not in doc
    assert "next_url" not in doc


FEED_BASE = f"{views.BASE}/feeds/world"
CURRENT = Link("current", FEED_BASE, per_format=True)
HUB = Link("hub", f"{views.BASE}/websub")


def _archive(rel: str, day: str) -> Link:
    return Link(rel, FEED_BASE, query=f"archive={day}", per_format=True)


# The documents of a section as wire/publisher.py links them: (self link's query, links, archive, next_url).
SECTION_DOCUMENTS: dict[str, tuple[str, tuple[Link, ...], bool, str | None]] = {
    "current, older items in archives": (
        "",
        (HUB, _archive("prev-archive", "2026-02-27")),
        False,
        "archive=2026-02-27",
    ),
    "current, every item on it": ("", (HUB,), False, None),
    "an archive": (
        "archive=2026-02-28",
        (HUB, CURRENT, _archive("prev-archive", "2026-02-27"), _archive("next-archive", "2026-03-01")),
        True,
        "archive=2026-02-27",
    ),
    "the oldest archive": ("archive=2026-02-27", (HUB, CURRENT, _archive("next-archive", "2026-02-28")), True, None),
    "a sync page": (
        "cursor=djEuMS4y",
        (HUB, CURRENT, Link("next", FEED_BASE, query="cursor=djEuMi4z", per_format=True)),
        False,
        "cursor=djEuMi4z",
    ),
}


@pytest.mark.parametrize("document", SECTION_DOCUMENTS)
def test_json_feed_next_url_reaches_older_items_and_feed_url_is_the_section_feed(document: str) -> None:
    query, links, archive, following = SECTION_DOCUMENTS[document]
    self_link = Link("self", FEED_BASE, query=query, per_format=True)
    feed = views.feed(views.entry(), self_link=self_link, links=links, archive=archive)
    doc = validate_jsonfeed(json.loads(jsonfeed.render(feed)))
    assert doc["feed_url"] == f"{FEED_BASE}.json"  # "the URL of the feed", whichever page of it this is
    if following is None:
        assert "next_url" not in doc
    else:
        assert doc["next_url"] == f"{FEED_BASE}.json?{following}"


def test_json_feed_item_carries_authors_dates_content_and_rights() -> None:
    item = views.full_entry()
    (doc,) = json.loads(jsonfeed.render(views.feed(item)))["items"]
    assert (doc["id"], doc["url"], doc["external_url"]) == (item.guid, item.url, item.canonical_url)
    assert doc["title"] == item.headline
    assert doc["content_html"].endswith('<p class="credit">Credit: Arab Today Media Group / Agence France-Presse</p>')
    assert "content_text" not in doc
    assert doc["summary"] == item.summary
    assert (doc["date_published"], doc["date_modified"]) == ("2026-03-01T09:31:00Z", "2026-03-01T10:45:00Z")
    assert doc["authors"] == [{"name": "Staff reporter"}]
    assert (doc["tags"], doc["language"]) == (["world", "africa"], "en")
    assert doc["_newswire"] == {
        "version": 3,
        "status": "usable",
        "credit_line": "Arab Today Media Group / Agence France-Presse",
        "rights": {
            "holder": "Arab Today Media Group",
            "notice": "© 2014 Arab Today Media Group",
            "usage_terms": "Republication only under licence.",
        },
        "credits": [{"code": "AFP", "name": "Agence France-Presse"}],
        "signal": "correction",
        "ed_note": "Corrects the number of militants killed.",
        "embargo": "2026-03-01T11:00:00Z",
        "located": "Bamako",
        "slugline": "MALI-ATTACK",
    }


def test_json_feed_item_without_body_has_text_content_and_the_source_as_author() -> None:
    item = views.entry(summary="Just this.", source="Newswire desk", language=None)
    (doc,) = json.loads(jsonfeed.render(views.feed(item)))["items"]
    assert doc["content_text"] == "Just this.\n\nCredit: Newswire"
    assert "content_html" not in doc
    assert doc["authors"] == [{"name": "Newswire desk"}]
    assert doc["language"] == "en"  # the feed's, as in Atom
    assert doc["_newswire"]["rights"] == {}


def test_json_feed_leaves_withdrawn_items_out() -> None:
    doc = json.loads(jsonfeed.render(views.feed(views.entry(), tombstones=(views.tombstone(),))))
    assert [i["id"] for i in doc["items"]] == ["tag:newswire.example,2026:item:story-1"]


# --- golden files ---------------------------------------------------------------


@pytest.mark.parametrize("key", GOLDEN_FORMATS)
def test_golden_view_renders_the_golden_bytes(key: str) -> None:
    path = golden_path(FORMATS[key])
    assert FORMATS[key].render(views.golden_feed()) == path.read_bytes(), (
        f"{path.name} differs: if the change is intended, run scripts/regenerate-golden and review the diff"
    )


def _keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(k for v in value.values() for k in _keys(v))]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def _values(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [v for item in value.values() for v in _values(item)]
    if isinstance(value, list):
        return [v for item in value for v in _values(item)]
    return [value]
