"""Editors push items through POST /v1/items; bad input gets a problem+json naming the field and stores nothing."""

from __future__ import annotations

import gzip
import json
import re
import zlib

import brotli
import pytest
from aiohttp import ClientResponse
from multidict import CIMultiDict

from tests.conftest import EDITOR, EDITOR_TOKEN, Wire, story
from wire.http_codings import PIECE_BYTES

RFC3339_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


async def test_pushed_item_is_answered_with_201_and_its_stored_json(wire: Wire) -> None:
    response = await wire.client.post(
        "/v1/items", json=story("a-1"), headers={"Authorization": f"Bearer {EDITOR_TOKEN}"}
    )
    assert response.status == 201
    assert response.headers["Location"] == "https://news.example.org/v1/items/a-1"
    item = await response.json()
    assert item["id"] == "a-1"
    assert item["version"] == 1
    assert item["headline"] == "Headline of a-1"
    assert item["body"] == "<p>Body of a-1.</p>"
    assert item["kind"] == "article"
    for field in ("published", "updated", "first_created", "version_created"):
        assert RFC3339_Z.match(item[field]), field


async def test_times_with_offsets_are_stored_in_utc(wire: Wire) -> None:
    item = await wire.push(story(published="2026-02-28T23:30:00-05:00", updated="Sun, 01 Mar 2026 05:00:00 +0100"))
    assert item["published"] == "2026-03-01T04:30:00Z"
    assert item["updated"] == "2026-03-01T04:00:00Z"
    assert item["provenance"]["published"] == {
        "text": "2026-02-28T23:30:00-05:00",
        "rule": "text-offset",
        "zone": "-05:00",
    }


async def test_time_without_zone_takes_the_sources_zone(wire: Wire) -> None:
    item = await wire.push(story(source="desk", published="2026-07-01T09:00:00"))
    assert item["published"] == "2026-07-01T08:00:00Z"  # Europe/London in summer
    assert item["provenance"]["published"]["rule"] == "source-zone"


async def test_item_without_published_time_takes_the_time_it_was_received(wire: Wire) -> None:
    item = await wire.push(story(published=None))
    assert item["published"] == "2026-03-01T12:00:00Z"
    assert item["provenance"]["published"]["rule"] == "received"


async def test_same_id_pushed_again_is_a_new_version_of_the_same_item(wire: Wire) -> None:
    await wire.push(story("a-1"))
    wire.clock.advance(minutes=5)
    second = await wire.push(story("a-1", headline="A better headline"))
    assert second["version"] == 2
    assert second["first_created"] == "2026-03-01T12:00:00Z"
    assert second["version_created"] == "2026-03-01T12:05:00Z"
    assert second["published"] == "2026-03-01T10:00:00Z"
    fetched = await wire.client.get("/v1/items/a-1", headers={"Authorization": f"Bearer {EDITOR_TOKEN}"})
    assert (await fetched.json())["headline"] == "A better headline"


async def test_identical_push_changes_nothing(wire: Wire) -> None:
    await wire.push(story("a-1"))
    again = await wire.push(story("a-1"), status=200)
    assert again["version"] == 1


async def test_identical_push_without_a_published_time_changes_nothing(wire: Wire) -> None:
    await wire.push(story("a-1", published=None))
    wire.clock.advance(minutes=5)
    again = await wire.push(story("a-1", published=None), status=200)
    assert again["version"] == 1
    assert again["published"] == "2026-03-01T12:00:00Z"
    changed = await wire.push(story("a-1", published=None, headline="Changed"))
    assert changed["version"] == 2
    assert changed["published"] == "2026-03-01T12:00:00Z"
    assert changed["provenance"]["published"]["rule"] == "received"


async def test_array_of_items_is_stored_together(wire: Wire) -> None:
    items = await wire.push([story("a-1"), story("a-2", section="business")])
    assert [i["id"] for i in items] == ["a-1", "a-2"]
    assert items[1]["sections"] == ["business"]


async def test_agency_credit_in_the_text_is_detected(wire: Wire) -> None:
    item = await wire.push(story(body="Troops moved north, a source told AFP on Thursday."))
    assert item["credits"] == ["AFP"]


async def test_a_word_that_contains_an_agency_code_is_no_credit(wire: Wire) -> None:
    item = await wire.push(story(body="The SAFPORT terminal and CHAPTER 11 filings."))
    assert "credits" not in item or item["credits"] == []


async def test_source_rights_are_applied_when_the_item_names_none(wire: Wire) -> None:
    item = await wire.push(story(source="arabstoday"))
    assert item["rights"]["holder"] == "Arab Today Media Group"


async def test_many_unknown_fields_are_named_ten_and_counted_past_that(wire: Wire) -> None:
    # One problem each, with the list of known fields, made a 125 MB answer of a 5 MB request.
    doc = {**story("many"), **{f"extra-{n}": "x" for n in range(2000)}}
    problem = await wire.push(doc, status=422)
    fields = [e["field"] for e in problem["errors"]]
    assert fields == [f"extra-{n}" for n in range(10)] + ["(object)"]
    assert problem["errors"][-1]["reason"] == "holds 1990 more unknown fields"
    assert "known: id" in problem["errors"][0]["reason"]
    assert problem["errors"][1]["reason"] == "unknown field"


async def test_every_bad_field_is_named_in_one_answer(wire: Wire) -> None:
    doc = {"id": "bad id!", "section": "world", "headline": "", "byline": "B" * 1000, "located": "L" * 1000}
    problem = await wire.push(doc, status=422)
    assert {e["field"] for e in problem["errors"]} >= {"id", "headline", "byline", "located"}


async def test_body_html_is_sanitised(wire: Wire) -> None:
    item = await wire.push(
        story(body='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:evil()">link</a></p>')
    )
    assert "script" not in item["body"]
    assert "onclick" not in item["body"]
    assert "javascript" not in item["body"]
    assert "Hi" in item["body"]


async def test_a_summary_keeps_the_text_of_its_html_and_nothing_of_scripts_or_styles(wire: Wire) -> None:
    item = await wire.push(
        story(
            summary="<style>p {}</style><p>Eleven <b>militants</b> killed &amp; two hurt.<script>alert(1)</script></p>"
        )
    )
    assert item["summary"] == "Eleven militants killed & two hurt."


async def test_characters_xml_forbids_are_removed_before_storing(wire: Wire) -> None:
    item = await wire.push(story(headline="Bell\x07 and form\x0cfeed \ufffe end", body="a\x00b"))
    assert item["headline"] == "Bell and formfeed end"
    assert item["body"] == "<p>ab</p>"


async def test_an_international_url_is_stored_as_its_uri(wire: Wire) -> None:
    item = await wire.push(story(url="https://bücher.example/مقالات/1?ق=1 2"))
    assert item["url"] == "https://xn--bcher-kva.example/%D9%85%D9%82%D8%A7%D9%84%D8%A7%D8%AA/1?%D9%82=1%202"


async def test_a_url_that_is_already_a_uri_is_stored_as_sent(wire: Wire) -> None:
    url = "https://News.example.org:8443/a/b;c?d=%41&e=f#g"
    assert (await wire.push(story(url=url)))["url"] == url


def problem_fields(problem: dict[str, object]) -> list[object]:
    errors = problem["errors"]
    assert isinstance(errors, list)
    return [e["field"] for e in errors]


@pytest.mark.parametrize(
    ("doc", "field", "reason"),
    [
        ({"section": "world", "headline": "x"}, "id", "is required"),
        ({"id": "a", "headline": "x"}, "section", "is required"),
        ({"id": "a", "section": "world"}, "headline", "is required"),
        ({"id": "a", "section": "world", "headline": "  "}, "headline", "must not be empty"),
        # Zero-width spaces and joiners, a soft hyphen, directional marks: nothing a reader would see.
        (
            {"id": "a", "section": "world", "headline": "\u200b \u200d\u00ad\u2067\u2069"},
            "headline",
            "must not be empty",
        ),
        ({"id": "a", "section": "moon", "headline": "x"}, "section", "unknown section 'moon'"),
        (
            {"id": "a b", "section": "world", "headline": "x"},
            "id",
            "must start with a letter or digit",
        ),
        (
            {"id": "a.atom", "section": "world", "headline": "x"},
            "id",
            "must not end with a format extension",
        ),
        (
            {"id": "a", "section": "world", "headline": 7},
            "headline",
            "must be a string, not a number",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "kind": "poem"},
            "kind",
            "must be one of",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "colour": "red"},
            "colour",
            "unknown field",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "url": "ftp://x"},
            "url",
            "absolute http",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "url": "https://exa*mple.org/story"},
            "url",
            "valid host name",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "url": "https://example.org:port/story"},
            "url",
            "valid host name",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "language": "english!"},
            "language",
            "BCP 47",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "credits": ["TASS"]},
            "credits",
            "unknown agency",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "source": "blog"},
            "source",
            "unknown source",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "rights": "mine"},
            "rights",
            "must be an object",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "published": "soon"},
            "published",
            "'soon'",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "embargo": "9999-12-31T23:59:59-12:00"},
            "embargo",
            "outside the years 1 to 9999",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "published": "31 December 9999 23:59 EST"},
            "published",
            "outside the years 1 to 9999",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "updated": "5000 years ago"},
            "updated",
            "reaches before the year 1",
        ),
        ({"id": "a", "section": "world", "headline": "x" * 501}, "headline", "the limit is 500"),
        (
            {"id": "a", "section": "world", "headline": "x", "embargo": "tomorrow 09:00"},
            "embargo",
            "'tomorrow 09:00' does not say its date and year: an embargo must",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "embargo": "1 March 13:00"},
            "embargo",
            "does not say its date and year",
        ),
        (
            # The tests' clock says 2026-03-01T12:00:00Z: a typo in the year, not a fast clock.
            {"id": "a", "section": "world", "headline": "x", "updated": "2062-03-01T12:00:00Z"},
            "updated",
            "2062-03-01T12:00:00Z is ahead of the server's clock (2026-03-01T12:00:00Z) by more than 10 minutes",
        ),
        (
            {"id": "a", "section": "world", "headline": "x", "published": "0226-03-01T12:00:00Z"},
            "published",
            "'0226-03-01T12:00:00Z' is in the year 226: a mistyped year, surely",
        ),
    ],
)
async def test_invalid_field_gets_422_naming_the_field_and_reason(
    wire: Wire, doc: dict[str, object], field: str, reason: str
) -> None:
    response = await wire.client.post("/v1/items", json=doc, headers={"Authorization": f"Bearer {EDITOR_TOKEN}"})
    assert response.status == 422
    assert response.content_type == "application/problem+json"
    problem = await response.json(content_type=None)
    assert problem["status"] == 422
    assert field in problem_fields(problem)
    reasons = [e["reason"] for e in problem["errors"] if e["field"] == field]
    assert any(reason in r for r in reasons), reasons
    assert await stored_ids(wire) == []


async def test_an_updated_time_a_few_minutes_ahead_is_a_sender_s_fast_clock_and_taken(wire: Wire) -> None:
    item = await wire.push(story("a", updated="2026-03-01T12:09:59Z"), status=201)
    assert item["updated"] == "2026-03-01T12:09:59Z"
    await wire.push(story("b", updated="2026-03-01T12:10:01Z"), status=422)


async def test_one_bad_item_in_an_array_stores_none_of_them(wire: Wire) -> None:
    problem = await wire.push([story("good"), story("bad", section="moon")], status=422)
    assert problem_fields(problem) == ["[1].section"]
    assert await stored_ids(wire) == []


async def test_malformed_json_gets_400(wire: Wire) -> None:
    response = await wire.client.post(
        "/v1/items",
        data=b'{"id": "a",',
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": "application/json"},
    )
    assert response.status == 400
    problem = await response.json(content_type=None)
    assert "not valid JSON" in problem["detail"]


async def test_json_that_is_not_an_object_gets_422(wire: Wire) -> None:
    problem = await wire.push("just a string", status=422)
    assert problem_fields(problem) == ["(body)"]


async def test_wrong_content_type_gets_415(wire: Wire) -> None:
    response = await wire.client.post(
        "/v1/items",
        data=b"id=a",
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": "text/csv"},
    )
    assert response.status == 415
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic eDp5"}])
async def test_push_without_a_valid_editor_token_gets_401(wire: Wire, headers: dict[str, str]) -> None:
    response = await wire.client.post("/v1/items", json=story(), headers=headers)
    assert response.status == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert (await response.json(content_type=None))["status"] == 401
    assert await stored_ids(wire) == []


async def test_body_over_the_limit_gets_413(wire: Wire) -> None:
    response = await wire.client.post(
        "/v1/items",
        json=story(body="x" * 70_000),
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}"},
    )
    assert response.status == 413
    assert response.content_type == "application/problem+json"
    assert await stored_ids(wire) == []


async def test_unknown_path_and_wrong_method_are_problems(wire: Wire) -> None:
    missing = await wire.client.get("/nowhere")
    assert missing.status == 404
    assert missing.content_type == "application/problem+json"
    wrong = await wire.client.delete("/v1/items")
    assert wrong.status == 405
    assert "POST" in wrong.headers["Allow"]


async def test_item_json_of_a_missing_item_is_404(wire: Wire) -> None:
    status, _, headers = await wire.get("/v1/items/nothing-here")
    assert status == 404
    assert headers["Content-Type"].startswith("application/problem+json")


async def test_a_gzip_body_is_read_as_its_content_coding_says(wire: Wire) -> None:
    response = await wire.client.post(
        "/v1/items",
        data=gzip.compress(json.dumps(story("zipped")).encode()),
        headers={
            "Authorization": f"Bearer {EDITOR_TOKEN}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
    )
    assert response.status == 201
    assert (await response.json())["id"] == "zipped"


# Every route that reads a body, with a body of the type it takes.
BODIES = [
    ("/v1/items", "application/json"),
    ("/v1/items", "application/x-ndjson"),
    ("/v1/items/story-1/withdraw", "application/json"),
    ("/v1/pages?source=desk&section=world", "text/plain; charset=utf-8"),
    ("/websub", "application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate"])
@pytest.mark.parametrize(("path", "media_type"), BODIES)
async def test_a_body_that_is_not_in_its_content_coding_gets_400_and_changes_nothing(
    wire: Wire, path: str, media_type: str, coding: str, caplog: pytest.LogCaptureFixture
) -> None:
    await wire.push(story("story-1"))
    response = await wire.client.post(
        path,
        data=b"this is not compressed at all",
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": media_type, "Content-Encoding": coding},
    )
    assert response.status == 400
    problem = await response.json(content_type="application/problem+json")
    assert problem["status"] == 400
    assert coding in problem["detail"]
    assert await stored_ids(wire) == ["story-1"]
    assert "Unhandled exception" not in caplog.text  # a client's mistake, not a failure of the server's


@pytest.mark.parametrize("coding", ["compress", "x-unknown", "gzip, gzip"])
@pytest.mark.parametrize(("path", "media_type"), BODIES)
async def test_a_body_in_a_content_coding_the_server_does_not_decode_gets_415_and_changes_nothing(
    wire: Wire, path: str, media_type: str, coding: str
) -> None:
    # RFC 9110 15.5.16: read as it came, the body would be taken for what it is not.
    await wire.push(story("story-1"))
    response = await wire.client.post(
        path,
        data=good_body(path, media_type),
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": media_type, "Content-Encoding": coding},
    )
    assert response.status == 415
    assert response.headers["Accept-Encoding"] == "gzip, deflate, br"
    problem = await response.json(content_type="application/problem+json")
    assert coding in problem["detail"]
    assert await stored_ids(wire) == ["story-1"]


@pytest.mark.parametrize(("path", "media_type"), BODIES)
async def test_content_codings_named_on_two_header_lines_are_one_list_and_get_415(
    wire: Wire, path: str, media_type: str
) -> None:
    # "Content-Encoding: gzip" then "Content-Encoding: gzip" is "gzip, gzip" (RFC 9110 5.3), not gzip once.
    await wire.push(story("story-1"))
    headers = CIMultiDict(
        [
            ("Authorization", f"Bearer {EDITOR_TOKEN}"),
            ("Content-Type", media_type),
            ("Content-Encoding", "gzip"),
            ("Content-Encoding", "gzip"),
        ]
    )
    response = await wire.client.post(path, data=gzip.compress(good_body(path, media_type)), headers=headers)
    assert response.status == 415
    problem = await response.json(content_type="application/problem+json")
    assert "'gzip, gzip'" in problem["detail"]
    assert await stored_ids(wire) == ["story-1"]


def good_body(path: str, media_type: str) -> bytes:
    """A body each route of BODIES takes, storing story-2 where it stores anything."""
    return {
        "application/json": json.dumps(story("story-2") if path == "/v1/items" else {"reason": "Legal"}),
        "application/x-ndjson": json.dumps(story("story-2")),
        "text/plain; charset=utf-8": "A page that would make a story of its own, told AFP on Tuesday.",
        "application/x-www-form-urlencoded": "hub.mode=subscribe&hub.topic=https://news.example.org/feeds/world.atom"
        "&hub.callback=https://cb.example/x",
    }[media_type].encode()


def encoded(body: bytes, coding: str) -> bytes:
    if coding == "br":
        packed: bytes = brotli.compress(body)  # the brotli package has no types
        return packed
    return gzip.compress(body) if coding == "gzip" else zlib.compress(body)


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate"])
async def test_a_compressed_bulk_many_decoding_pieces_long_is_read_whole(wire: Wire, coding: str) -> None:
    # About 800 KB decoded, from a body of a few kilobytes: a dozen pieces of the decoder's, which must all come.
    lines = [json.dumps(story(f"packed-{n}", summary="Officials said so. " * 20)) for n in range(1500)]
    body = "\n".join(lines).encode()
    assert len(body) > 12 * PIECE_BYTES
    response = await wire.client.post(
        "/v1/items",
        data=encoded(body, coding),
        headers={**EDITOR, "Content-Type": "application/x-ndjson", "Content-Encoding": coding},
    )
    assert response.status == 200, await response.text()
    report = await response.json()
    assert (report["lines"], report["created"], report["refused"]) == (1500, 1500, 0)


# Every route that reads a body whole (an NDJSON bulk is read as it streams in: see test_limits).
WHOLE_BODIES = [(path, media_type) for path, media_type in BODIES if media_type != "application/x-ndjson"]


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate"])
@pytest.mark.parametrize("cut", [1, 8, 0.5])
@pytest.mark.parametrize(("path", "media_type"), WHOLE_BODIES)
async def test_a_body_whose_stream_is_cut_short_gets_400_naming_its_coding_and_changes_nothing(
    wire: Wire, path: str, media_type: str, coding: str, cut: float
) -> None:
    # Cut by its last byte, by a gzip stream's trailer (its check and length, what aiohttp let pass as a whole body),
    # or in the middle.
    await wire.push(story("story-1"))
    whole = encoded(good_body(path, media_type), coding)
    body = whole[: len(whole) // 2] if cut == 0.5 else whole[: -int(cut)]
    response = await wire.client.post(
        path,
        data=body,
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": media_type, "Content-Encoding": coding},
    )
    assert response.status == 400
    problem = await response.json(content_type="application/problem+json")
    assert problem["detail"] == f"the body is cut short: its {coding} stream stops before its end"
    assert await stored_ids(wire) == ["story-1"]
    assert (
        await wire.client.get("/v1/items/story-1", headers={"Authorization": f"Bearer {EDITOR_TOKEN}"})
    ).status == 200


@pytest.mark.parametrize(
    ("coding", "after", "detail"),
    [
        ("gzip", b"garbage", "the body goes on after the end of its gzip stream"),
        ("deflate", b"garbage", "the body goes on after the end of its deflate stream"),
        # brotli fails on the bytes after its end and the end together, and tells no more.
        ("br", b"garbage", "the body is not in the content coding its Content-Encoding names (br)"),
    ],
)
@pytest.mark.parametrize(("path", "media_type"), WHOLE_BODIES)
async def test_a_body_with_bytes_after_its_stream_gets_400_and_changes_nothing(
    wire: Wire, path: str, media_type: str, coding: str, after: bytes, detail: str
) -> None:
    await wire.push(story("story-1"))
    response = await wire.client.post(
        path,
        data=encoded(good_body(path, media_type), coding) + after,
        headers={"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": media_type, "Content-Encoding": coding},
    )
    assert response.status == 400
    assert (await response.json(content_type="application/problem+json"))["detail"] == detail
    assert await stored_ids(wire) == ["story-1"]


async def test_a_gzip_body_of_several_members_is_read_whole(wire: Wire) -> None:
    # RFC 1952 2.2: a gzip file is a series of members (as `cat a.gz b.gz > ab.gz` makes).
    document = json.dumps(story("two-members")).encode()
    response = await wire.client.post(
        "/v1/items",
        data=gzip.compress(document[:40]) + gzip.compress(document[40:]),
        headers={
            "Authorization": f"Bearer {EDITOR_TOKEN}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
    )
    assert response.status == 201
    assert (await response.json())["id"] == "two-members"


async def editor_post(wire: Wire, path: str, body: bytes, media_type: str = "application/json") -> ClientResponse:
    headers = {"Authorization": f"Bearer {EDITOR_TOKEN}", "Content-Type": media_type}
    return await wire.client.post(path, data=body, headers=headers)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (b'{"id": "a", "section": "world", "headline": "One", "headline": "Two"}', ["headline"]),
        (b'{"id": "a", "section": "world", "section": "sport", "headline": "One", "id": "b"}', ["section", "id"]),
        (
            b'{"id": "a", "section": "world", "headline": "One", "rights": {"holder": "A", "holder": "B"}}',
            ["rights.holder"],
        ),
        (
            b'[{"id": "a", "section": "world", "headline": "One"}, {"id": "b", "id": "c", "section": "world"}]',
            ["[1].id"],
        ),
        # Colons in the values, or written as escapes, hide no name given twice.
        (b'{"id": "a", "section": "world", "headline": "At 10:00", "headline": "At 11:00"}', ["headline"]),
        (b'{"id": "a", "section": "world", "headline": "x\\u003a y", "headline": "z"}', ["headline"]),
        (b'{"id": "a", "section": "world", "headline": "a: b", "summary": "c", "summary": "d"}', ["summary"]),
        (b'{"id": "a", "section": "world", "headline": "x\\u003a", "summ\\u0061ry": "c", "summary": "d"}', ["summary"]),
    ],
)
async def test_a_field_given_twice_in_one_object_gets_422_naming_it_and_stores_nothing(
    wire: Wire, body: bytes, fields: list[str]
) -> None:
    # Parsers keep one of the two values, each its own: which one the editor meant is anyone's guess.
    response = await editor_post(wire, "/v1/items", body)
    problem = await response.json(content_type="application/problem+json")
    assert response.status == 422
    assert problem_fields(problem) == fields
    assert {e["reason"] for e in problem["errors"]} == {"is given more than once"}
    assert await stored_ids(wire) == []


async def test_a_withdrawal_giving_its_reason_twice_gets_422_and_withdraws_nothing(wire: Wire) -> None:
    await wire.push(story("a"))
    body = b'{"reason": "Legal advice", "reason": "Typo"}'
    response = await editor_post(wire, "/v1/items/a/withdraw", body)
    assert response.status == 422
    assert problem_fields(await response.json(content_type="application/problem+json")) == ["reason"]
    assert await stored_ids(wire) == ["a"]


async def test_a_bulk_line_giving_a_field_twice_is_refused_alone(wire: Wire) -> None:
    lines = [
        json.dumps(story("a")).encode(),
        b'{"id": "b", "section": "world", "headline": "One", "headline": "Two"}',
        json.dumps(story("c")).encode(),
    ]
    response = await editor_post(wire, "/v1/items", b"\n".join(lines), "application/x-ndjson")
    report = await response.json()
    assert (response.status, report["created"], report["refused"]) == (200, 2, 1)
    assert report["results"][1] == {
        "line": 2,
        "id": "b",
        "status": 422,
        "errors": [{"field": "headline", "reason": "is given more than once"}],
    }


@pytest.mark.parametrize("depth", [300, 1000])
async def test_a_document_nested_deeper_than_orjson_writes_is_refused_for_its_field_not_a_500(
    wire: Wire, depth: int
) -> None:
    # orjson reads arrays nested 1024 deep but writes only 254: the check for names given twice must not fail on
    # what it reads.
    body = b'{"id": "a", "section": "world", "headline": "One", "extra": ' + b"[" * depth + b"]" * depth + b"}"
    response = await editor_post(wire, "/v1/items", body)
    assert response.status == 422
    assert problem_fields(await response.json(content_type="application/problem+json")) == ["extra"]
    response = await editor_post(wire, "/v1/items", body, "application/x-ndjson")
    assert response.status == 200
    [result] = (await response.json())["results"]
    assert (result["status"], [e["field"] for e in result["errors"]]) == (422, ["extra"])
    assert await stored_ids(wire) == []


async def stored_ids(wire: Wire) -> list[str]:
    response = await wire.client.get("/feeds/world.atom")
    body = await response.text()
    return re.findall(r"<id>tag:[^<]*:item:([^<]*)</id>", body)


async def test_agency_credit_in_a_script_without_spaces_is_detected(wire: Wire) -> None:
    item = await wire.push(story(body="据新华社报道，会议于周二在北京举行。"))
    assert item["credits"] == ["Xinhua"]


async def test_an_agency_credited_in_the_byline_is_credited(wire: Wire) -> None:
    # "By Jane Doe (Reuters)": the first place a wire story names its agency; its licence rules must apply.
    item = await wire.push(
        story("by-line", body="<p>Oil prices jumped on Tuesday.</p>", byline="By Jane Doe (Reuters)")
    )
    assert item["credits"] == ["Reuters"]


@pytest.mark.parametrize(
    "sent", ["a\x00", "\x08a", "a\ufffe", "a\ufdd0", "a\x00\x00 ", "a\x1f", "a\x0b", "\x0ca", "a\x1c "]
)
async def test_an_id_holding_a_character_xml_cannot_carry_gets_422_and_changes_no_other_story(
    wire: Wire, sent: str
) -> None:
    # Such characters are dropped from texts: dropped from an id, "a\x00" would have become a new version of "a".
    await wire.push(story("a"))
    problem = await wire.push(story(sent, headline="Another story"), status=422)
    assert problem_fields(problem) == ["id"]
    assert "hold only letters, digits" in problem["errors"][0]["reason"]
    item = await wire.get("/v1/items/a", Authorization=f"Bearer {EDITOR_TOKEN}")
    assert json.loads(item[1])["version"] == 1


async def test_a_bulk_line_whose_id_holds_a_control_character_is_refused_alone(wire: Wire) -> None:
    await wire.push(story("a"))
    lines = [json.dumps(story("a\x00", headline="Another story")).encode(), json.dumps(story("b")).encode()]
    response = await editor_post(wire, "/v1/items", b"\n".join(lines), "application/x-ndjson")
    report = await response.json()
    assert (response.status, report["created"], report["refused"]) == (200, 1, 1)
    assert report["results"][0]["errors"][0]["field"] == "id"
    assert sorted(await stored_ids(wire)) == ["a", "b"]
    item = await wire.get("/v1/items/a", Authorization=f"Bearer {EDITOR_TOKEN}")
    assert json.loads(item[1])["version"] == 1


@pytest.mark.parametrize(
    ("path", "media_type", "body"),
    [
        ("/v1/items?dry_run=true", "application/json", json.dumps(story("a")).encode()),
        ("/v1/items?dry_run=true", "application/json", json.dumps([story("a")]).encode()),
        ("/v1/items?dry_run=true", "application/x-ndjson", json.dumps(story("a")).encode()),
    ],
)
async def test_a_push_with_a_query_gets_422_naming_it_and_stores_nothing(
    wire: Wire, path: str, media_type: str, body: bytes
) -> None:
    # Pages take ?dry_run=true; a push would have stored what the editor meant to try.
    response = await editor_post(wire, path, body, media_type)
    problem = await response.json(content_type="application/problem+json")
    assert response.status == 422
    assert problem_fields(problem) == ["dry_run"]
    assert "unknown query field" in problem["errors"][0]["reason"]
    assert await stored_ids(wire) == []


async def test_a_withdrawal_with_a_query_gets_422_and_withdraws_nothing(wire: Wire) -> None:
    await wire.push(story("a"))
    response = await editor_post(wire, "/v1/items/a/withdraw?dry_run=true", b'{"reason": "Legal advice"}')
    assert response.status == 422
    assert problem_fields(await response.json(content_type="application/problem+json")) == ["dry_run"]
    assert await stored_ids(wire) == ["a"]


async def test_an_answer_names_a_hundred_problems_and_counts_the_rest(wire: Wire) -> None:
    # A problem each would make the answer many times larger than its request: 43 MB for 1.5 MB of numbers.
    body = json.dumps([1] * 5000).encode()
    response = await editor_post(wire, "/v1/items", body)
    problem = await response.json(content_type="application/problem+json")
    assert response.status == 422
    assert len(problem["errors"]) == 101
    assert problem["errors"][99] == {"field": "[99]", "reason": "must be a JSON object"}
    assert problem["errors"][100] == {
        "field": "(body)",
        "reason": "and 4900 more problems, not named: fix those above first",
    }
    assert len(await response.read()) < len(body)
    credits = json.dumps(story("a", credits=[f"X{n}" for n in range(1000)])).encode()
    response = await editor_post(wire, "/v1/items", credits)
    problem = await response.json(content_type="application/problem+json")
    assert (response.status, len(problem["errors"])) == (422, 101)
    assert await stored_ids(wire) == []


async def test_an_array_push_counts_every_problem_its_items_do_not_name(wire: Wire) -> None:
    # Each item's answer counts the problems it does not name: gathered, that count is not one problem.
    bad = story("a", credits=[f"X{n}" for n in range(150)])
    for items, rest in (([bad], 50), ([bad, bad], 200)):
        response = await editor_post(wire, "/v1/items", json.dumps(items).encode())
        problem = await response.json(content_type="application/problem+json")
        assert (response.status, len(problem["errors"])) == (422, 101)
        assert problem["errors"][100] == {
            "field": "(body)",
            "reason": f"and {rest} more problems, not named: fix those above first",
        }
    assert await stored_ids(wire) == []


async def test_a_long_value_is_named_by_its_beginning_in_a_problem(wire: Wire) -> None:
    body = json.dumps(story("a", source="s" * 10_000, language="l" * 10_000, sections=["x" * 10_000])).encode()
    response = await editor_post(wire, "/v1/items", body)
    problem = await response.json(content_type="application/problem+json")
    assert response.status == 422
    assert problem_fields(problem) == ["sections", "source", "language"]
    assert all(len(e["reason"]) < 300 for e in problem["errors"])


async def test_rights_longer_than_their_limit_get_422_and_are_never_cut(wire: Wire) -> None:
    # Cut at the limit, a holder would lose the closing of the override it leaves open, and the credit line that
    # ends every text would turn round what follows it.
    holder = "a" * 995 + "\u202eevil" + "b" * 10
    problem = await wire.push(story(rights={"holder": holder}), status=422)
    assert problem["errors"] == [{"field": "rights.holder", "reason": "is 1010 characters long; the limit is 1000"}]
    assert await stored_ids(wire) == []
    item = await wire.push(story(rights={"holder": "a" * 995 + "\u202eevil"}))
    assert item["rights"]["holder"] == "a" * 995 + "\u202eevil\u202c"  # closed, on top of the limit
