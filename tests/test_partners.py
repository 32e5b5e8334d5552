"""Partners receive exactly what their licence allows, credited as required: never a byte more."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from feeds.formats import FORMATS
from tests.conftest import EDITOR, EDITOR_TOKEN, Wire, make_config, story
from tests.validators import validate_document
from wire.auth import digest
from wire.config import Config
from wire.timestamps import format_rfc3339

KEYS = {
    "full-afp": "key-full-afp",
    "full": "key-full",
    "summary": "key-summary",
    "headline": "key-headline",
    "delayed": "key-delayed",
    "exclusive": "key-exclusive",
    "slow": "key-slow",
}


def partner(name: str, **rules: Any) -> dict[str, Any]:
    return {"name": name, "key_sha256": digest(KEYS[name]), "sections": ["world"], **rules}


def partners_config(tmp_path: Path, store_url: str | None = None) -> Config:
    return make_config(
        tmp_path,
        **({"storage": {"url": store_url}} if store_url else {}),
        agencies={"EXW": {"name": "Exclusive Wire", "credited_as": ["(EXW)"], "without_licence": "none"}},
        partners={
            "full-afp": partner("full-afp", level="full", licences=["AFP"]),
            "full": partner("full", level="full"),
            "summary": partner("summary", level="summary", sections=["world", "business"]),
            "headline": partner("headline", level="headline"),
            "delayed": partner("delayed", level="full", licences=["AFP", "EXW"], delay_minutes=30),
            "exclusive": partner("exclusive", level="full", licences=["EXW"]),
            "slow": partner("slow", level="full", requests_per_minute=12),
        },
    )


def afp_story(**fields: Any) -> dict[str, Any]:
    """The AFP story every partner test starts with: its summary and body are AFP's."""
    return story(
        "afp-story",
        source="arabstoday",
        headline="AFP HEADLINE",
        summary="AFPSUMMARYSECRET",
        body="<p>AFPBODYSECRET, a military source told AFP.</p>",
        published="2026-03-01T09:00:00Z",
        **fields,
    )


def own_story(**fields: Any) -> dict[str, Any]:
    """The story of the site's own every partner test starts with: no agency's."""
    return story(
        "own-story",
        headline="OWN HEADLINE",
        summary="OWNSUMMARYSECRET",
        body="<p>OWNBODYSECRET in full.</p>",
        published="2026-03-01T09:30:00Z",
        **fields,
    )


@pytest.fixture
async def wire(make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path) -> Wire:
    wire = await make_wire(partners_config(tmp_path))
    await wire.push(afp_story())
    await wire.push(own_story())
    await wire.push(
        story(
            "exclusive-story",
            headline="EXCLUSIVEHEADLINE",
            summary="EXCLUSIVESUMMARY",
            body="<p>EXCLUSIVEBODY (EXW)</p>",
            published="2026-03-01T10:00:00Z",
        )
    )
    await wire.push(
        story("fresh-story", headline="FRESHHEADLINE", summary="FRESHSUMMARY", published="2026-03-01T11:50:00Z")
    )
    wire.clock.advance(seconds=10)  # past the change log's settling time
    return wire


def feed_paths(section: str = "world") -> list[str]:
    """Every document of a section a reader can fetch: each format, current, archive and change log."""
    paths = []
    for fmt in FORMATS.values():
        base = f"/feeds/{section}.{fmt.extension}"
        version = f"version={fmt.variant}&" if fmt.variant else ""
        for position in ("", "archive=2026-03-01", "since=2026-01-01T00:00:00Z"):
            query = f"{version}{position}".strip("&")
            paths.append(f"{base}?{query}" if query else base)
    return paths


def item_paths(item_id: str) -> list[str]:
    paths = [f"/v1/items/{item_id}"]
    for fmt in FORMATS.values():
        if fmt.render_item is not None:
            version = f"?version={fmt.variant}" if fmt.variant else ""
            paths.append(f"/v1/items/{item_id}.{fmt.extension}{version}")
    return paths


async def everything(wire: Wire, key: str | None) -> bytes:
    """Every byte the holder of `key` (or the public) receives from every feed document and item URL."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    received = b""
    items = ("afp-story", "own-story", "exclusive-story")
    for path in feed_paths() + [p for item_id in items for p in item_paths(item_id)]:
        response = await wire.client.get(path, headers=headers)
        body = await response.read()
        assert response.status in (200, 404), (path, response.status, body[:300])
        if path.startswith("/feeds/"):
            assert response.status == 200, (path, body[:300])
        if response.status == 404:
            # A 404 echoes the id the client asked for, as it would for an id that never existed.
            asked = path.split("/")[-1].split(".")[0].split("?")[0]
            never = await wire.client.get(path.replace(asked, "never-existed"), headers=headers)
            expected = json.loads((await never.read()).replace(b"never-existed", asked.encode()))
            problem = json.loads(body)
            assert {k: v for k, v in problem.items() if k != "request_id"} == {
                k: v for k, v in expected.items() if k != "request_id"
            }
            body = body.replace(asked.encode(), b"<asked>")
        received += body + str(response.headers).encode()
    return received


async def test_a_summary_reader_of_a_story_without_a_summary_gets_its_first_paragraph_only(wire: Wire) -> None:
    # A short body must not go out whole: the level allows the lede, not the paragraphs after it.
    body = "<p>BERLIN - The lede is here. It has two sentences.</p><p>SECONDPARAGRAPH.</p><p>THIRDPARAGRAPH.</p>"
    await wire.push(story("own-story", summary=None, body=body))
    seen = await everything(wire, KEYS["summary"])
    assert b"The lede is here. It has two sentences." in seen
    assert b"SECONDPARAGRAPH" not in seen
    assert b"THIRDPARAGRAPH" not in seen
    assert b"SECONDPARAGRAPH" in await everything(wire, KEYS["full"])


async def test_partner_with_the_agency_licence_gets_the_agency_story_in_full(wire: Wire) -> None:
    seen = await everything(wire, KEYS["full-afp"])
    assert b"AFPBODYSECRET" in seen
    assert b"OWNBODYSECRET" in seen


async def test_partner_without_the_licence_gets_only_headline_and_credit_of_the_agency_story(wire: Wire) -> None:
    seen = await everything(wire, KEYS["full"])
    assert b"AFP HEADLINE" in seen
    assert b"Agence France-Presse" in seen
    assert b"AFPBODYSECRET" not in seen
    assert b"AFPSUMMARYSECRET" not in seen
    assert b"OWNBODYSECRET" in seen


@pytest.mark.parametrize(
    "body",
    [
        "<p>AGENCYBODY, a source told <b>Reuters</b>.</p>",
        "<p>AGENCYBODY, a source told&nbsp;Reuters on Monday.</p>",
        "<p>AGENCYBODY &#40;Reuters&#41; - a source said.</p>",
        "<p>AGENCYBODY (<!-- wire -->Reuters) - a source said.</p>",
        "<p>AGENCYBODY, a source told Reu\u00adters on Monday.</p>",
    ],
)
async def test_a_body_crediting_the_agency_through_markup_entities_or_invisible_characters_is_held_back_alike(
    wire: Wire, body: str
) -> None:
    # A reader of the body reads "told Reuters" or "(Reuters)" in each: the story is the agency's, and a partner
    # without its licence gets the headline and credit only, as for a body that writes the phrase plainly.
    item = await wire.push(story("marked-up", headline="MARKED HEADLINE", body=body, published="2026-03-01T09:45:00Z"))
    assert item["credits"] == ["Reuters"]
    wire.clock.advance(seconds=10)  # past the change log's settling time
    headers = {"Authorization": f"Bearer {KEYS['full']}"}
    for path in feed_paths() + item_paths("marked-up"):
        status, seen, _ = await wire.get(path, **headers)
        assert status == 200, (path, status)
        assert b"MARKED HEADLINE" in seen, path
        assert b"AGENCYBODY" not in seen, path


async def test_a_reader_of_headlines_learns_that_a_story_was_corrected_but_not_the_note_telling_of_its_text(
    wire: Wire,
) -> None:
    note = "NOTESECRET: the toll in the third paragraph was 11, not 9"
    await wire.push(own_story(signal="correction", ed_note=note))
    wire.clock.advance(seconds=10)
    seen = await everything(wire, KEYS["headline"])
    assert b"Correction" in seen
    assert b"NOTESECRET" not in seen
    for key in (None, KEYS["summary"], KEYS["full"]):
        assert b"NOTESECRET" in await everything(wire, key)
    # The AFP story's note is for readers of its text: the licensed partner has it, the others do not.
    await wire.push(afp_story(signal="correction", ed_note="AFPNOTESECRET"))
    wire.clock.advance(seconds=10)
    assert b"AFPNOTESECRET" in await everything(wire, KEYS["full-afp"])
    for key in (None, KEYS["full"], KEYS["summary"], KEYS["headline"]):
        assert b"AFPNOTESECRET" not in await everything(wire, key)


async def test_public_gets_summaries_and_only_the_headline_of_agency_stories(wire: Wire) -> None:
    seen = await everything(wire, None)
    assert b"OWNSUMMARYSECRET" in seen
    assert b"OWNBODYSECRET" not in seen
    assert b"AFP HEADLINE" in seen
    assert b"AFPSUMMARYSECRET" not in seen
    assert b"AFPBODYSECRET" not in seen


async def test_headline_partner_gets_no_summary_or_body_at_all(wire: Wire) -> None:
    seen = await everything(wire, KEYS["headline"])
    assert b"OWN HEADLINE" in seen
    for secret in (b"OWNSUMMARYSECRET", b"OWNBODYSECRET", b"AFPSUMMARYSECRET", b"AFPBODYSECRET"):
        assert secret not in seen


@pytest.mark.parametrize("key", [None, KEYS["full"], KEYS["full-afp"], KEYS["headline"]])
async def test_a_story_an_audience_may_not_see_leaves_no_trace(wire: Wire, key: str | None) -> None:
    seen = await everything(wire, key)
    for trace in (b"EXCLUSIVEHEADLINE", b"EXCLUSIVESUMMARY", b"EXCLUSIVEBODY", b"exclusive-story"):
        assert trace not in seen


async def test_the_licensed_partner_sees_the_exclusive_story(wire: Wire) -> None:
    seen = await everything(wire, KEYS["exclusive"])
    assert b"EXCLUSIVEBODY" in seen


async def test_a_delayed_partner_sees_an_item_only_after_its_delay(wire: Wire) -> None:
    seen = await everything(wire, KEYS["delayed"])
    assert b"FRESHHEADLINE" not in seen
    assert b"fresh-story" not in seen
    assert b"AFPBODYSECRET" in seen  # published three hours ago
    headers = {"Authorization": f"Bearer {KEYS['delayed']}"}
    _, _, before = await wire.get("/feeds/world.atom", **headers)
    wire.clock.advance(minutes=21)  # 11:50 + 30 minutes has passed
    assert b"FRESHHEADLINE" in await everything(wire, KEYS["delayed"])
    # The document changed when the delay ended: a reader asking If-Modified-Since is told so.
    status, _, after = await wire.get("/feeds/world.atom", **headers, **{"If-Modified-Since": before["Last-Modified"]})
    assert status == 200
    assert parsedate_to_datetime(after["Last-Modified"]) > parsedate_to_datetime(before["Last-Modified"])


async def test_what_an_audience_cannot_see_leaves_its_documents_time_alone(wire: Wire) -> None:
    # A story stored under embargo, for an agency the audience has no licence for, or still within a partner's
    # delay changes nothing that audience receives: its document's time must not move, which would tell it that
    # something was stored and send every If-Modified-Since poller the same bytes again.
    audiences = {"public": {}, "delayed": {"Authorization": f"Bearer {KEYS['delayed']}"}}
    before = {name: (await wire.get("/feeds/world.atom", **headers))[2] for name, headers in audiences.items()}
    wire.clock.advance(minutes=5)
    now = format_rfc3339(wire.clock())
    await wire.push(story("held", headline="HELD", embargo=format_rfc3339(wire.clock() + timedelta(hours=5))))
    await wire.push(story("exw", headline="EXW ONLY", summary="Officials said (EXW) it happened.", published=now))
    for name, headers in audiences.items():  # nothing either may see, for now
        _, _, after = await wire.get("/feeds/world.atom", **headers)
        assert (after["ETag"], after["Last-Modified"]) == (before[name]["ETag"], before[name]["Last-Modified"])
    await wire.push(
        story("new", headline="NEW FOR THE PUBLIC", published=now)
    )  # out for the public at once, not for delayed
    _, _, after = await wire.get("/feeds/world.atom", **audiences["delayed"])
    delayed = before["delayed"]
    assert (after["ETag"], after["Last-Modified"]) == (delayed["ETag"], delayed["Last-Modified"])
    status, _, after = await wire.get("/feeds/world.atom", **{"If-Modified-Since": before["public"]["Last-Modified"]})
    assert status == 200
    assert parsedate_to_datetime(after["Last-Modified"]) == wire.clock()
    # A correction that credits an agency the public has no licence for takes the story out of its view: no time
    # of the items' says so, and the document changed all the same.
    wire.clock.advance(minutes=5)
    await wire.push(story("new", headline="NEW FOR THE PUBLIC", summary="Officials said (EXW) so.", published=now))
    status, _, again = await wire.get("/feeds/world.atom", **{"If-Modified-Since": after["Last-Modified"]})
    assert status == 200
    assert parsedate_to_datetime(again["Last-Modified"]) == wire.clock()


async def test_a_story_a_correction_takes_from_a_view_dates_the_document_alike_everywhere(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    # The correction's own time dates the change, whichever instance renders the document and whenever: not the
    # time a process happens to see the bytes change (another instance, or one started since, would not).
    config = partners_config(tmp_path)
    first = await make_wire(config)
    await first.push(story("seen", headline="SEEN BY THE PUBLIC", published="2026-03-01T11:00:00Z"))
    await first.push(story("kept", headline="KEPT", published="2026-03-01T10:00:00Z"))
    _, _, before = await first.get("/feeds/world.atom")
    # A story the public never had, edited, changes nothing of its documents.
    await first.push(story("never", headline="NEVER", summary="Officials said (EXW) so."))
    first.clock.advance(minutes=1)
    await first.push(story("never", headline="NEVER", summary="Officials said (EXW) so, again."))
    _, _, unchanged = await first.get("/feeds/world.atom")
    assert (unchanged["ETag"], unchanged["Last-Modified"]) == (before["ETag"], before["Last-Modified"])
    first.clock.advance(minutes=5)
    corrected = story("seen", headline="SEEN BY THE PUBLIC", summary="Officials said (EXW) so.")
    await first.push({**corrected, "published": "2026-03-01T11:00:00Z"})
    corrected_at = first.clock()
    first.clock.advance(minutes=5)
    _, body, after = await first.get("/feeds/world.atom")
    assert b"SEEN BY THE PUBLIC" not in body
    assert parsedate_to_datetime(after["Last-Modified"]) == corrected_at
    assert format_rfc3339(corrected_at).replace("Z", "+00:00").encode() in body  # the feed's own <updated>
    status, _, _ = await first.get("/feeds/world.atom", **{"If-Modified-Since": before["Last-Modified"]})
    assert status == 200
    await first.client.close()
    second = await make_wire(config)
    _, again, headers = await second.get("/feeds/world.atom")
    assert again == body
    assert (headers["ETag"], headers["Last-Modified"]) == (after["ETag"], after["Last-Modified"])


async def test_a_delayed_partner_asking_for_an_item_of_the_year_9999_gets_404(wire: Wire) -> None:
    await wire.push(story("far-future", published="9999-12-31T23:59:59Z"))
    headers = {"Authorization": f"Bearer {KEYS['delayed']}"}
    assert (await wire.client.get("/v1/items/far-future", headers=headers)).status == 404


async def test_every_format_carries_the_partners_credit_line(wire: Wire) -> None:
    headers = {"Authorization": f"Bearer {KEYS['full-afp']}"}
    for path in feed_paths():
        if "archive" in path or "since" in path:
            continue
        body = await (await wire.client.get(path, headers=headers)).read()
        assert b"Arab Today Media Group / Agence France-Presse" in body, path


async def test_key_in_the_query_works_for_readers_that_cannot_send_headers(wire: Wire) -> None:
    response = await wire.client.get(f"/feeds/world.atom?key={KEYS['full-afp']}")
    assert response.status == 200
    body = await response.read()
    assert b"AFPBODYSECRET" in body
    assert KEYS["full-afp"].encode() not in body
    assert response.headers["Cache-Control"].startswith("private")


async def test_a_section_outside_the_partners_list_is_403(wire: Wire) -> None:
    response = await wire.client.get("/feeds/sport.atom", headers={"Authorization": f"Bearer {KEYS['full']}"})
    assert response.status == 403
    assert response.content_type == "application/problem+json"


async def test_unknown_and_wrong_keys_get_the_same_401(wire: Wire) -> None:
    answers = []
    for key in ("key-full-afx", "completely-unknown"):
        response = await wire.client.get("/feeds/world.atom", headers={"Authorization": f"Bearer {key}"})
        assert response.status == 401
        problem = await response.json(content_type=None)
        answers.append({k: v for k, v in problem.items() if k != "request_id"})
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="newswire", error="invalid_token"'
        query = await wire.client.get(f"/feeds/world.atom?key={key}")
        assert query.status == 401
        assert key.encode() not in await query.read()
        assert query.headers["WWW-Authenticate"] == 'Bearer realm="newswire", error="invalid_token"'
    assert answers[0] == answers[1]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (f"Token {KEYS['full-afp']}", "does not use the Bearer scheme"),
        (KEYS["full-afp"], "does not use the Bearer scheme"),
        ("Bearer", "has no token after Bearer"),
        ("Bearer   ", "has no token after Bearer"),
        (f"Bearer {KEYS['full-afp']} {KEYS['full']}", "has a token with characters no bearer token holds"),
        ("", "is empty"),
    ],
)
async def test_an_authorization_header_that_is_not_bearer_is_a_401_never_the_public_view(
    wire: Wire, header: str, reason: str
) -> None:
    # The public's document is in memory: the answer given as soon as a poll's head is read refuses it too.
    assert (await wire.client.get("/feeds/world.atom")).status == 200
    for path in ("/feeds/world.atom", "/feeds/world.json?archive=2026-03-01", "/v1/items/afp-story", "/v1/partners/me"):
        response = await wire.client.get(path, headers={"Authorization": header})
        assert response.status == 401, path
        assert response.content_type == "application/problem+json"
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="newswire", error="invalid_request"'
        problem = await response.json(content_type=None)
        assert problem["detail"].startswith(f"the Authorization header {reason}"), problem
        assert b"key-full" not in await response.read()


async def test_a_key_sent_both_in_the_header_and_as_key_is_a_400(wire: Wire) -> None:
    header = {"Authorization": f"Bearer {KEYS['full-afp']}"}
    for key in (KEYS["full-afp"], "a-wrong-key"):
        for path in (f"/feeds/world.atom?key={key}", f"/v1/items/afp-story?key={key}", f"/v1/partners/me?key={key}"):
            response = await wire.client.get(path, headers=header)
            assert response.status == 400, path
            assert response.content_type == "application/problem+json"
            assert response.headers["WWW-Authenticate"] == 'Bearer realm="newswire", error="invalid_request"'
            detail = (await response.json(content_type=None))["detail"]
            assert "Authorization header" in detail
            assert "?key=" in detail
    # Nor an empty ?key=: it is no key, and not the public's view either.
    response = await wire.client.get("/feeds/world.atom?key=")
    assert response.status == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="newswire", error="invalid_request"'


async def test_partner_reads_its_own_rules_but_never_its_key(wire: Wire) -> None:
    response = await wire.client.get("/v1/partners/me", headers={"Authorization": f"Bearer {KEYS['delayed']}"})
    assert response.status == 200
    me = await response.json()
    assert me["id"] == "delayed"
    assert me["level"] == "full"
    assert me["licences"] == ["AFP", "EXW"]
    assert me["delay_minutes"] == 30
    feeds = me["feeds"]["world"]
    assert feeds["atom"] == "https://news.example.org/feeds/world.atom"
    assert feeds["ninjs@2.2"] == "https://news.example.org/feeds/world.ninjs?version=2.2"
    assert set(feeds) == {"atom", "rss", "json", "newsml", "ninjs", "ninjs@2.2"}
    raw = await response.read()
    assert KEYS["delayed"].encode() not in raw
    assert digest(KEYS["delayed"]).encode() not in raw
    assert (await wire.client.get("/v1/partners/me")).status == 401


async def test_answers_that_depend_on_who_asks_are_never_stored_by_a_cache(wire: Wire) -> None:
    # A cache in front (nginx keeps authenticated answers by default) must not hand an editor's view of an
    # embargoed story, or a partner's text or rules, to anyone else.
    await wire.push(story("held", embargo="2026-03-01T13:00:00Z"))
    await wire.push(story("out"))
    asks = [
        ("/v1/items/held", {"Authorization": f"Bearer {EDITOR_TOKEN}"}),
        ("/v1/items/held/versions", {"Authorization": f"Bearer {EDITOR_TOKEN}"}),
        ("/v1/items/out", {"Authorization": f"Bearer {KEYS['delayed']}"}),
        ("/v1/items/out.ninjs", {"Authorization": f"Bearer {KEYS['delayed']}"}),
        ("/v1/items/out.newsml", {}),
        ("/v1/items/out", {}),
        ("/v1/partners/me", {"Authorization": f"Bearer {KEYS['delayed']}"}),
    ]
    for path, headers in asks:
        response = await wire.client.get(path, headers=headers)
        assert response.status == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


async def test_over_its_rate_a_partner_gets_429_with_retry_after(wire: Wire) -> None:
    headers = {"Authorization": f"Bearer {KEYS['slow']}"}
    statuses = [(await wire.client.get("/feeds/world.atom", headers=headers)).status for _ in range(10)]
    assert statuses == [200] * 10  # the first few quick requests are never refused
    refused = await wire.client.get("/feeds/world.atom", headers=headers)
    assert refused.status == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.headers["RateLimit-Limit"] == "12"
    assert refused.headers["RateLimit-Policy"] == "12;w=60;burst=10"
    assert refused.headers["RateLimit"] == f"limit=12, remaining=0, reset={refused.headers['Retry-After']}"
    assert refused.content_type == "application/problem+json"
    other = await wire.client.get("/feeds/world.atom", headers={"Authorization": f"Bearer {KEYS['full']}"})
    assert other.status == 200


def rate_of(headers: Mapping[str, str]) -> dict[str, int]:
    """The members of a RateLimit field (`limit=12, remaining=9, reset=5`)."""
    return {
        name: int(value) for name, _, value in (part.strip().partition("=") for part in headers["RateLimit"].split(","))
    }


async def test_a_partner_is_told_where_it_stands_against_its_rate_on_every_answer(wire: Wire) -> None:
    # So that it can pace itself before it is refused: a full bucket of 10, one more every 5 s at 12 a minute. The
    # first poll takes the full path, the next are answered from memory as soon as they are read.
    headers = {"Authorization": f"Bearer {KEYS['slow']}"}
    answers = [await wire.client.get("/feeds/world.atom", headers=headers) for _ in range(8)]
    answers.append(await wire.client.get("/v1/partners/me", headers=headers))
    answers.append(await wire.client.get("/v1/items/no-such-item", headers=headers))  # admitted, then not found
    assert [a.status for a in answers] == [200] * 9 + [404]
    assert {a.headers["RateLimit-Policy"] for a in answers} == {"12;w=60;burst=10"}
    rates = [rate_of(a.headers) for a in answers]
    assert [r["remaining"] for r in rates] == list(range(9, -1, -1))
    assert all(r["limit"] == 12 and 1 <= r["reset"] <= 5 for r in rates)
    assert (await wire.client.get("/feeds/world.atom", headers=headers)).status == 429


PUBLIC_PATHS = ["/feeds/world.atom", "/", "/opml", "/items/public-story", "/v1/items/public-story", "/v1/items/none"]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
async def test_the_public_is_told_where_it_stands_against_its_rate_on_every_answer(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, path: str
) -> None:
    wire = await make_wire(make_config(tmp_path, public={"requests_per_minute": 60}))
    await wire.push(story("public-story", published="2026-03-01T09:00:00Z"))
    answers = [await wire.client.get(path) for _ in range(3)]
    assert {a.status for a in answers} == {404 if path.endswith("/none") else 200}
    assert {a.headers["RateLimit-Policy"] for a in answers} == {"60;w=60;burst=15"}
    assert [rate_of(a.headers)["remaining"] for a in answers] == [14, 13, 12]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
async def test_without_a_rate_limit_no_ratelimit_field_is_sent(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, path: str
) -> None:
    wire = await make_wire(make_config(tmp_path, public={"requests_per_minute": 0}))
    await wire.push(story("public-story", published="2026-03-01T09:00:00Z"))
    for response in [await wire.client.get(path) for _ in range(2)]:
        assert not [name for name in response.headers if name.lower().startswith("ratelimit")], path


async def test_with_buckets_in_the_store_a_client_is_told_where_it_stands_too(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    # The store tells what the bucket holds once a request is taken from it, as the buckets of one process do.
    config = make_config(tmp_path, server={"shared_rate_limits": True}, public={"requests_per_minute": 60})
    wire = await make_wire(config)
    for remaining in (14, 13):
        response = await wire.client.get("/feeds/world.atom")
        assert response.status == 200
        assert response.headers["RateLimit-Policy"] == "60;w=60;burst=15"
        assert response.headers["RateLimit"] == f"limit=60, remaining={remaining}, reset=1"


async def item_status(wire: Wire, item_id: str, key: str | None) -> int:
    headers = {"Authorization": f"Bearer {KEYS[key]}"} if key else {}
    response = await wire.client.get(f"/v1/items/{item_id}", headers=headers)
    await response.read()
    return response.status


async def test_a_withdrawn_item_is_gone_only_for_those_who_had_seen_it(wire: Wire) -> None:
    # own-story (09:30) is out for everyone with the world section by 12:00, the delayed partner's 30 minutes
    # included; fresh-story (11:50) is not out yet for that partner; exclusive-story only for EXW licensees.
    for item_id in ("own-story", "fresh-story", "exclusive-story"):
        response = await wire.client.post(
            f"/v1/items/{item_id}/withdraw",
            json={"reason": "Legal"},
            headers={"Authorization": f"Bearer {EDITOR_TOKEN}"},
        )
        assert response.status == 200
    wire.clock.advance(hours=1)  # the delay ends after the withdrawal: it was never seen
    assert await item_status(wire, "own-story", None) == 410
    assert await item_status(wire, "own-story", "delayed") == 410
    assert await item_status(wire, "fresh-story", "full") == 410
    assert await item_status(wire, "fresh-story", "delayed") == 404
    assert await item_status(wire, "exclusive-story", "exclusive") == 410
    assert await item_status(wire, "exclusive-story", "full") == 404
    await wire.push(story("sport-story", section="sport", published="2026-03-01T09:00:00Z"))
    response = await wire.client.post(
        "/v1/items/sport-story/withdraw", json={"reason": "Legal"}, headers={"Authorization": f"Bearer {EDITOR_TOKEN}"}
    )
    assert response.status == 200
    assert await item_status(wire, "sport-story", None) == 410  # the public reads every section
    assert await item_status(wire, "sport-story", "full") == 404  # a partner of the world section only


async def test_a_withdrawal_reaches_the_audiences_a_correction_had_hidden_the_story_from(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, store_url: str
) -> None:
    # The public and "full" have no EXW licence: a correction crediting EXW takes the story from their documents.
    # Its withdrawal (for legal reasons) must still reach them, so that the copies they hold are taken down.
    wire = await make_wire(partners_config(tmp_path, store_url))
    full = {"Authorization": f"Bearer {KEYS['full']}"}
    since = "since=2026-03-01T00:00:00Z"
    await wire.push(story("legal", headline="LEGAL STORY", published="2026-03-01T11:00:00Z"))
    await wire.push(story("never", headline="NEVER SEEN", summary="Officials said (EXW) so."))
    wire.clock.advance(minutes=1)
    for headers in (full, {}):
        _, body, _ = await wire.get(f"/feeds/world.atom?{since}", **headers)
        assert b"LEGAL STORY" in body
        assert b"NEVER SEEN" not in body
    await wire.push(story("legal", headline="LEGAL STORY", summary="Officials said (EXW) so.", signal="correction"))
    wire.clock.advance(minutes=1)
    for item_id in ("legal", "never"):
        response = await wire.client.post(f"/v1/items/{item_id}/withdraw", json={"reason": "Legal"}, headers=EDITOR)
        assert response.status == 200
    wire.clock.advance(minutes=1)
    for headers in (full, {}):
        assert (await wire.get("/v1/items/legal", **headers))[0] == 410
        assert (await wire.get("/v1/items/never", **headers))[0] == 404  # never theirs: nothing is revealed
        for path in ("/feeds/world.atom", f"/feeds/world.atom?{since}"):
            _, body, _ = await wire.get(path, **headers)
            tombstones = re.findall(rb'<at:deleted-entry ref="([^"]+)"', body)
            assert [ref.rsplit(b":", 1)[-1] for ref in tombstones] == [b"legal"], (path, headers)
        for fmt in ("json", "rss", "newsml", "ninjs"):
            _, body, _ = await wire.get(f"/feeds/world.{fmt}?{since}", **headers)
            assert b"legal" in body, (fmt, headers)
            assert b"never" not in body, (fmt, headers)


def next_page(headers: Any) -> str:
    """The path of a sync page's `next` link."""
    found = re.search(r'<https://news\.example\.org([^>]+)>; rel="next"', headers["Link"])
    assert found is not None, headers["Link"]
    return found.group(1)


async def test_a_correction_crediting_an_agency_an_audience_may_not_see_removes_the_story_it_had(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path, store_url: str
) -> None:
    # The public and "full" have no EXW licence. A correction crediting EXW takes "kept" from them after they had
    # it: the copies they hold must be taken down, as for a withdrawal, and nothing may tell them of the agency or
    # the corrected text. "held" was corrected so before its embargo ended and "never" credited EXW from the first:
    # neither was ever theirs, and neither leaves a trace.
    wire = await make_wire(partners_config(tmp_path, store_url))
    audiences = {"public": {}, "full": {"Authorization": f"Bearer {KEYS['full']}"}}
    exclusive = {"Authorization": f"Bearer {KEYS['exclusive']}"}
    corrected = {"summary": "Officials said (EXW) so.", "signal": "correction"}
    await wire.push(story("kept", headline="KEPT STORY", published="2026-03-01T11:00:00Z"))
    await wire.push(story("held", headline="HELD STORY", embargo="2026-03-01T12:10:00Z"))
    await wire.push(story("never", headline="NEVER STORY", summary="Officials said (EXW) it."))
    wire.clock.advance(minutes=1)
    cursors = {}
    for name, headers in audiences.items():
        _, body, answer = await wire.get("/feeds/world.atom?since=2026-03-01T00:00:00Z", **headers)
        assert b"KEPT STORY" in body
        cursors[name] = next_page(answer)
    await wire.push(story("kept", headline="KEPT STORY", published="2026-03-01T11:00:00Z", **corrected))
    await wire.push(story("held", headline="HELD STORY", embargo="2026-03-01T12:10:00Z", **corrected))
    await wire.push(story("never", headline="NEVER STORY", **corrected))
    hidden_at = wire.clock()
    when = hidden_at.isoformat().encode()
    wire.clock.advance(minutes=15)  # the embargo is over
    secrets = (b"EXW", b"Exclusive Wire", b"Officials said", b"HELD", b"NEVER")
    marks = {
        "atom": b'<at:deleted-entry ref="tag:newswire.example,2026:item:kept" when="' + when + b'">',
        "rss": b"<title>Withdrawn</title><link>https://news.example.org/items/kept</link>",
        "json": b'"status":"canceled"',
        "newsml": b'<pubStatus qcode="stat:canceled"></pubStatus>',
        "ninjs": b'"pubStatus":"canceled"',
    }
    for name, headers in audiences.items():
        for items in ("/v1/items", "/items"):  # the item as JSON, and its page
            status, problem, _ = await wire.get(f"{items}/kept", **headers)
            assert status == 410, (items, name)
            assert not any(secret in problem for secret in secrets), problem
            assert (await wire.get(f"{items}/held", **headers))[0] == 404
            assert (await wire.get(f"{items}/never", **headers))[0] == 404
        for path in ("/feeds/world.atom", "/feeds/world.atom?archive=2026-03-01"):
            _, body, _ = await wire.get(path, **headers)
            assert re.findall(rb'<at:deleted-entry ref="[^"]+:item:([^"]+)"', body) == [b"kept"], (path, name)
            assert marks["atom"] in body
            assert b"no longer available to this reader" in body
            assert not any(secret in body for secret in secrets), (path, name)
        for fmt in (f for f in FORMATS.values() if not f.variant):
            _, body, answer = await wire.get(cursors[name].replace(".atom", f".{fmt.extension}"), **headers)
            validate_document(fmt, body, answer["Content-Type"])
            assert marks[fmt.extension] in body, (fmt.extension, name)
            assert b"kept" in body
            assert b"no longer available to this reader" in body
            assert not any(secret in body for secret in secrets), (fmt.extension, name)
        cursors[name] = next_page(answer)
    # A later version, that the agency still credits, is no change to those it was taken from.
    await wire.push(story("kept", headline="KEPT STORY", published="2026-03-01T11:00:00Z", summary="(EXW) again."))
    wire.clock.advance(minutes=1)
    for name, headers in audiences.items():
        _, body, _ = await wire.get(cursors[name], **headers)
        assert b"kept" not in body, name
    # The licensed partner is not concerned: it has the corrected story.
    assert (await wire.get("/v1/items/kept", **exclusive))[0] == 200
    _, body, _ = await wire.get("/feeds/world.atom", **exclusive)
    assert b"(EXW) again." in body
    assert b"deleted-entry" not in body
    # The tombstone stays in the current document as long as a withdrawal's does, and its leaving dates the
    # document; the item stays gone.
    wire.clock.advance(days=8)
    for headers in audiences.values():
        _, body, answer = await wire.get("/feeds/world.atom", **headers)
        assert b"deleted-entry" not in body
        assert parsedate_to_datetime(answer["Last-Modified"]) == hidden_at + timedelta(days=7)
        assert (await wire.get("/v1/items/kept", **headers))[0] == 410


async def test_a_credit_written_with_combining_accents_holds_the_story_back_as_the_composed_one_does(
    wire: Wire,
) -> None:
    # "informó EFE" with its "ó" as an "o" and a combining accent (NFD, as some editing tools write it).
    body = unicodedata.normalize("NFD", "<p>EFEBODYSECRET: la cifra, informó EFE, es alta.</p>")
    stored = await wire.push(story("efe-story", headline="EFE HEADLINE", summary="EFE summary.", body=body))
    assert stored["credits"] == ["EFE"]
    assert unicodedata.is_normalized("NFD", stored["body"])  # the text is kept as written
    seen = await everything(wire, KEYS["full"])  # no EFE licence: its stories' summaries at most
    assert b"EFE summary." in seen
    assert b"EFEBODYSECRET" not in seen
