"""Editors push scraped pages through POST /v1/pages: an article and its site's dated headlines come out."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tests.conftest import DATA, EDITOR_TOKEN, Wire, make_config
from tests.test_pages import LEDE, SEED_HEADLINES, SITE_EXPECTED, site_page, site_page_params
from wire.config import Config

SEED = (DATA / "seed" / "000_36dec588b06458ad.txt").read_bytes()
TEXT = "text/plain; charset=utf-8"
AUTH = {"Authorization": f"Bearer {EDITOR_TOKEN}"}
BOILERPLATE = ("Maintained and developed", "All rights reserved", "Send your comments", "Your comment as a visitor")


async def post_page(
    wire: Wire,
    body: bytes | str = SEED,
    *,
    status: int | None = 201,
    content_type: str = TEXT,
    **query: str,
) -> Any:
    params = {"source": "arabstoday", "section": "world", **query}
    data = body.encode() if isinstance(body, str) else body
    response = await wire.client.post(
        "/v1/pages", params=params, data=data, headers={**AUTH, "Content-Type": content_type}
    )
    answer = await response.json(content_type=None)
    if status is not None:
        assert response.status == status, answer
    return answer


def articles(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in answer["items"] if i["kind"] == "article"]


def headline_items(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in answer["items"] if i["kind"] == "headline"]


def all_text(item: dict[str, Any]) -> str:
    return " ".join(str(item.get(k, "")) for k in ("headline", "summary", "body"))


async def test_seed_page_becomes_one_article_credited_to_afp_under_the_sites_rights(wire: Wire) -> None:
    answer = await post_page(wire)
    [article] = articles(answer)
    story = SEED.decode().splitlines()[0]
    assert article["body"] == f"<p>{story}</p>"
    assert article["credits"] == ["AFP"]
    assert article["derived"]["credits"] == ["AFP"]  # found in its text: a correction finds it again, or not
    assert article["rights"]["holder"] == "Arab Today Media Group"
    assert article["source"] == "arabstoday"
    assert article["section"] == "world"
    assert article["id"].startswith("arabstoday-a-")


async def test_a_credit_line_beside_the_story_is_given_though_its_text_names_the_agency_too(wire: Wire) -> None:
    # The line "(AFP)" is no part of the text a correction rewords: the credit it gives stays.
    lines = SEED.decode().splitlines()
    page = "\n".join([lines[0], "(AFP)", *lines[1:]])
    answer = await post_page(wire, page)
    [article] = articles(answer)
    assert article["credits"] == ["AFP"]
    assert article["derived"]["credits"] == []


async def test_seed_page_gives_eight_headlines_each_at_its_own_time(wire: Wire) -> None:
    answer = await post_page(wire)
    items = headline_items(answer)
    assert [(i["headline"], i["published"]) for i in items] == SEED_HEADLINES
    first = items[0]
    assert first["provenance"]["published"] == {
        "text": "GMT 10:31 2018 Thursday ,04 January",
        "rule": "text-zone",
        "zone": "GMT",
    }
    assert all(i["id"].startswith("arabstoday-h-") for i in items)


async def test_no_footer_prompt_or_headline_line_reaches_any_item(wire: Wire) -> None:
    answer = await post_page(wire)
    for item in answer["items"]:
        for line in BOILERPLATE:
            assert line not in all_text(item), (line, item["id"])
        assert "GMT" not in all_text(item)
    [article] = articles(answer)
    for headline, _ in SEED_HEADLINES:
        assert headline not in all_text(article)


async def test_the_answer_lists_what_was_removed_and_why(wire: Wire) -> None:
    answer = await post_page(wire)
    assert answer["removed"] == [
        {"line": 10, "reason": "source pattern", "text": "Maintained and developed by Arabs Today Group SAL."},
        {"line": 11, "reason": "copyright line", "text": "All rights reserved to Arab Today Media Group 2021 ©"},
        {"line": 12, "reason": "source pattern", "text": "Maintained and developed by Arabs Today Group SAL."},
        {"line": 13, "reason": "copyright line", "text": "All rights reserved to Arab Today Media Group 2021 ©"},
        {"line": 14, "reason": "comment prompt", "text": "Send your comments"},
        {"line": 15, "reason": "comment prompt", "text": "Your comment as a visitor"},
    ]
    assert answer["rights"] == {"holder": "Arab Today Media Group", "year": 2021}


async def test_an_article_without_published_takes_the_time_it_was_received(wire: Wire) -> None:
    [article] = articles(await post_page(wire))
    assert article["published"] == "2026-03-01T12:00:00Z"
    assert article["provenance"]["published"]["rule"] == "received"


async def test_the_same_page_posted_twice_stores_nothing_new(wire: Wire) -> None:
    first = await post_page(wire)
    wire.clock.advance(minutes=10)
    second = await post_page(wire, status=200)
    assert set(second["outcomes"].values()) == {"unchanged"}
    assert second["items"] == first["items"]
    assert [i["version"] for i in second["items"]] == [1] * 9


async def test_each_item_of_a_page_is_stored_and_served_like_any_item(wire: Wire) -> None:
    answer = await post_page(wire)
    for item in answer["items"]:
        response = await wire.client.get(f"/v1/items/{item['id']}", headers=AUTH)
        assert await response.json() == item


async def test_the_sections_feed_carries_the_page_without_its_boilerplate(wire: Wire) -> None:
    await post_page(wire)
    status, body, _ = await wire.get("/feeds/world.atom")
    assert status == 200
    feed = feedparser.parse(body)
    titles = {entry.title for entry in feed.entries}
    assert {headline for headline, _ in SEED_HEADLINES} <= titles
    assert len(titles) == 9
    for line in BOILERPLATE:
        assert line not in body.decode()


async def test_a_dry_run_answers_what_would_be_stored_and_stores_nothing(wire: Wire) -> None:
    preview = await post_page(wire, status=200, dry_run="true")
    assert preview["dry_run"] is True
    assert len(preview["items"]) == 9
    assert set(preview["outcomes"].values()) == {"created"}
    missing = await wire.client.get(f"/v1/items/{preview['items'][0]['id']}", headers=AUTH)
    assert missing.status == 404
    stored = await post_page(wire, dry_run="false")
    assert stored["items"] == preview["items"]


async def withdraw(wire: Wire, item_id: str) -> None:
    response = await wire.client.post(f"/v1/items/{item_id}/withdraw", json={"reason": "Legal"}, headers=AUTH)
    assert response.status == 200


async def test_a_page_posted_again_after_its_article_was_withdrawn_leaves_it_withdrawn(wire: Wire) -> None:
    first = await post_page(wire)
    [article] = articles(first)
    await withdraw(wire, article["id"])
    for dry_run in ("true", "false"):
        again = await post_page(wire, status=200, dry_run=dry_run)
        assert again["withdrawn"] == [article["id"]]
        assert again["items"] == headline_items(first)
        assert set(again["outcomes"].values()) == {"unchanged"}
    response = await wire.client.get(f"/v1/items/{article['id']}")
    assert response.status == 410


async def test_a_headline_withdrawn_does_not_hold_back_the_pages_that_still_list_it(wire: Wire) -> None:
    first = await post_page(wire)
    gone = headline_items(first)[0]["id"]
    await withdraw(wire, gone)
    wire.clock.advance(minutes=5)
    again = await post_page(wire, title="A new title for the article")
    assert again["withdrawn"] == [gone]
    [article] = articles(again)
    assert (article["headline"], again["outcomes"][article["id"]]) == ("A new title for the article", "updated")
    assert gone not in again["outcomes"]
    response = await wire.client.get(f"/v1/items/{gone}")
    assert response.status == 410


# What the console's Correct form keeps of the stored story (editor.js, KEPT): the rest it restates as edited.
CONSOLE_KEPT = [
    "id",
    "section",
    "sections",
    "kind",
    "byline",
    "language",
    "source",
    "url",
    "located",
    "slugline",
    "embargo",
]


async def correct_as_the_console_does(wire: Wire, item_id: str, *, headline: str, note: str) -> dict[str, Any]:
    """A correction as the console sends it (editor.js, `correct`): the stored story's kept fields (nulls too), the
    credits its text did not give, its rights, the edited headline, the summary unless derived, the body, the
    signal and the note; no `published`, no `updated`: the correction is dated when it is stored."""
    response = await wire.client.get(f"/v1/items/{item_id}", headers=AUTH)
    stored = await response.json()
    derived = stored.get("derived") or {}
    doc = {key: stored[key] for key in CONSOLE_KEPT if key in stored}
    doc["credits"] = [code for code in stored.get("credits") or [] if code not in derived.get("credits", [])]
    doc["rights"] = {key: value for key, value in stored["rights"].items() if value is not None}
    doc["headline"] = headline
    summary = "" if derived.get("summary") else stored.get("summary") or ""
    edited = {"summary": summary, "body": stored.get("body") or ""}
    doc.update({key: value for key, value in edited.items() if value.strip()})
    doc["signal"] = "correction"
    doc["ed_note"] = note
    corrected: dict[str, Any] = await wire.push(doc)
    return corrected


async def zeitung_wire(make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path) -> Wire:
    zeitung = {"name": "Rheinische Zeitung", "zone": "Europe/Berlin", "dayfirst": True, "language": "de"}
    return await make_wire(make_config(tmp_path, sources={"zeitung": zeitung}))


GERMAN_PAGE = (DATA / "pages" / "german_dpa.txt").read_text(encoding="utf-8")
GERMAN_TITLE = "Bahn und GDL einigen sich auf neuen Tarifvertrag"


async def test_a_page_posted_again_leaves_the_correction_made_since_to_its_article(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    # The page prints its "Aktualisiert" time, older than the correction: the article stays as corrected, and the
    # page is taken for what else it holds (nothing new here).
    wire = await zeitung_wire(make_wire, tmp_path)
    first = await post_page(wire, GERMAN_PAGE, source="zeitung")
    [article] = articles(first)
    wire.clock.advance(minutes=30)
    corrected = await correct_as_the_console_does(
        wire, article["id"], headline=f"{GERMAN_TITLE} (korrigiert)", note="Die Zahl der Stunden war falsch."
    )
    assert (corrected["version"], corrected["signal"]) == (2, "correction")
    wire.clock.advance(minutes=30)
    for dry_run in ("true", "false"):
        again = await post_page(wire, GERMAN_PAGE, source="zeitung", status=200, dry_run=dry_run)
        assert again["newer"] == [article["id"]]
        assert again["withdrawn"] == []
        assert again["items"] == headline_items(first)
        assert set(again["outcomes"].values()) == {"unchanged"}
    response = await wire.client.get(f"/v1/items/{article['id']}", headers=AUTH)
    assert await response.json() == corrected


async def test_the_next_scrape_of_a_corrected_page_stores_its_new_headlines_and_keeps_the_correction(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    wire = await zeitung_wire(make_wire, tmp_path)
    [article] = articles(await post_page(wire, GERMAN_PAGE, source="zeitung"))
    wire.clock.advance(minutes=30)
    corrected = await correct_as_the_console_does(wire, article["id"], headline=GERMAN_TITLE, note="Titel gekürzt.")
    wire.clock.advance(hours=2)
    new_headline = "Streik bei der Lufthansa legt Flughäfen lahm 03.03.2024, 19:40 Uhr"
    scrape = GERMAN_PAGE.replace("Mehr zum Thema\n", f"Mehr zum Thema\n{new_headline}\n")
    preview = await post_page(wire, scrape, source="zeitung", status=200, dry_run="true")
    answer = await post_page(wire, scrape, source="zeitung")
    for said in (preview, answer):
        assert said["newer"] == [article["id"]]
        assert [(i["headline"], said["outcomes"][i["id"]]) for i in said["items"]] == [
            ("Streik bei der Lufthansa legt Flughäfen lahm", "created"),
            ("Lufthansa: Verdi ruft zu neuem Warnstreik auf", "unchanged"),
            ("Inflation in Deutschland sinkt auf 2,5 Prozent", "unchanged"),
        ]
    assert headline_items(answer)[0]["published"] == "2024-03-03T18:40:00Z"
    response = await wire.client.get(f"/v1/items/{article['id']}", headers=AUTH)
    assert await response.json() == corrected


async def test_a_page_the_site_updated_after_the_correction_is_a_new_version_of_its_article(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    wire = await zeitung_wire(make_wire, tmp_path)
    [article] = articles(await post_page(wire, GERMAN_PAGE, source="zeitung"))
    await correct_as_the_console_does(wire, article["id"], headline=GERMAN_TITLE, note="Titel gekürzt.")
    wire.clock.advance(hours=2)  # 14:00 UTC: the site updated the story at 13:30 UTC, after the correction
    update = GERMAN_PAGE.replace("Aktualisiert am 03.03.2024 | 17:05 Uhr", "Aktualisiert am 01.03.2026 | 14:30 Uhr")
    answer = await post_page(wire, update, source="zeitung")
    assert answer["newer"] == []
    [again] = articles(answer)
    assert (again["id"], again["version"], answer["outcomes"][again["id"]]) == (article["id"], 3, "updated")
    assert again["updated"] == "2026-03-01T13:30:00Z"


async def test_a_page_without_a_time_of_its_own_posted_again_leaves_the_correction_made_since(wire: Wire) -> None:
    # The seed prints no time for its story: it repeats the version it was stored as, which the correction followed.
    first = await post_page(wire)
    [article] = articles(first)
    wire.clock.advance(minutes=10)
    corrected = await correct_as_the_console_does(
        wire, article["id"], headline="French operation in northern Mali kills 11 militants", note="New headline."
    )
    wire.clock.advance(minutes=10)
    again = await post_page(wire, status=200)
    assert again["newer"] == [article["id"]]
    assert again["items"] == headline_items(first)
    response = await wire.client.get(f"/v1/items/{article['id']}", headers=AUTH)
    assert await response.json() == corrected


async def test_a_headline_corrected_since_its_page_was_posted_stays_corrected(wire: Wire) -> None:
    first = await post_page(wire)
    listed = headline_items(first)[0]
    corrected = await correct_as_the_console_does(
        wire, listed["id"], headline="South Korea well prepared if North Korea attends Olympics", note="Names spelt."
    )
    again = await post_page(wire, status=200)
    assert again["newer"] == [listed["id"]]
    assert listed["id"] not in again["outcomes"]
    response = await wire.client.get(f"/v1/items/{listed['id']}", headers=AUTH)
    assert await response.json() == corrected


async def test_a_page_given_a_new_title_after_the_correction_is_a_new_version_again(wire: Wire) -> None:
    # The editor's title is news the store has not held: the page is no older than the correction.
    [article] = articles(await post_page(wire))
    await correct_as_the_console_does(wire, article["id"], headline="Mali: 11 militants killed", note="Shorter.")
    answer = await post_page(wire, title="French operation in northern Mali kills 11 militants")
    assert answer["newer"] == []
    assert (articles(answer)[0]["version"], answer["outcomes"][article["id"]]) == (3, "updated")


async def test_a_dry_run_of_a_stored_page_reports_it_unchanged(wire: Wire) -> None:
    await post_page(wire)
    preview = await post_page(wire, status=200, dry_run="true")
    assert set(preview["outcomes"].values()) == {"unchanged"}


async def test_title_published_and_id_from_the_query_shape_the_article(wire: Wire) -> None:
    answer = await post_page(
        wire,
        title="French operation in northern Mali kills 11 militants",
        published="25/01/2014 10:31",
        id="mali-2014-01",
    )
    [article] = articles(answer)
    assert article["id"] == "mali-2014-01"
    assert article["headline"] == "French operation in northern Mali kills 11 militants"
    assert article["published"] == "2014-01-25T10:31:00Z"
    assert article["provenance"]["published"] == {"text": "25/01/2014 10:31", "rule": "source-zone", "zone": "UTC"}


async def test_an_id_holding_a_control_character_gets_422_and_changes_no_other_story(wire: Wire) -> None:
    # Dropped as a text's control characters are, "mali-2014-01\x00" would have overwritten "mali-2014-01".
    await wire.push({"id": "mali-2014-01", "section": "world", "headline": "French operation in northern Mali"})
    problem = await post_page(wire, id="mali-2014-01\x00", status=422)
    assert [e["field"] for e in problem["errors"]] == ["id"]
    status, body, _ = await wire.get("/v1/items/mali-2014-01", **AUTH)
    assert (status, json.loads(body)["version"]) == (200, 1)


async def test_a_new_title_for_the_same_page_is_a_new_version_of_the_same_article(wire: Wire) -> None:
    [first] = articles(await post_page(wire))
    answer = await post_page(wire, title="French operation in northern Mali kills 11 militants")
    [second] = articles(answer)
    assert second["id"] == first["id"]
    assert second["version"] == 2
    assert answer["outcomes"][second["id"]] == "updated"
    assert {answer["outcomes"][i["id"]] for i in headline_items(answer)} == {"unchanged"}


async def test_a_page_from_another_site_in_another_language(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    lemonde = {"name": "Le Monde", "zone": "Europe/Paris", "dayfirst": True, "language": "fr"}
    wire = await make_wire(make_config(tmp_path, sources={"lemonde": lemonde}))
    page = "\n".join(
        [
            "PARIS (AFP) - Le gouvernement a présenté mardi un projet de loi sur les retraites qui relève l'âge "
            "légal de départ, a-t-on appris de source officielle, malgré l'opposition des syndicats.",
            "À lire aussi",
            "Le Sénat adopte le budget de la Sécurité sociale - 12/03/2024 à 09h15",
            "Grève dans les transports : le trafic reste perturbé - 11/03/2024 à 18h40",
            "Laissez un commentaire",
            "© Le Monde 2024 - Tous droits réservés",
        ]
    )
    answer = await post_page(wire, page, source="lemonde")
    [article] = articles(answer)
    assert article["credits"] == ["AFP"]
    assert article["rights"]["holder"] == "Le Monde"
    assert article["language"] == "fr"
    items = headline_items(answer)
    assert [(i["headline"], i["published"]) for i in items] == [
        ("Le Sénat adopte le budget de la Sécurité sociale", "2024-03-12T08:15:00Z"),
        ("Grève dans les transports : le trafic reste perturbé", "2024-03-11T17:40:00Z"),
    ]
    assert items[0]["provenance"]["published"] == {
        "text": "12/03/2024 à 09h15",
        "rule": "source-zone",
        "zone": "Europe/Paris",
    }


async def test_an_update_s_time_printed_without_its_date_is_stored_on_the_day_the_page_prints(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    journal = {"name": "Le Journal du Soir", "zone": "Europe/Paris", "dayfirst": True, "language": "fr"}
    wire = await make_wire(make_config(tmp_path, sources={"journal": journal}))
    page = (DATA / "pages" / "french_updated_time_alone.txt").read_text(encoding="utf-8")
    answer = await post_page(wire, page, source="journal")
    [article] = articles(answer)
    assert (article["published"], article["updated"]) == ("2024-03-12T13:05:00Z", "2024-03-12T15:30:00Z")
    provenance = {"text": "2024-03-12 16h30", "rule": "source-zone", "zone": "Europe/Paris"}
    assert article["provenance"]["updated"] == provenance
    stored = await wire.client.get(f"/v1/items/{article['id']}", headers=AUTH)
    assert (await stored.json())["updated"] == "2024-03-12T15:30:00Z"


async def test_an_agency_s_story_holds_the_agency_s_rights_and_the_site_s_headlines_the_site_s(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    courier = {"name": "Midland Courier", "zone": "America/Chicago", "dayfirst": False}
    wire = await make_wire(make_config(tmp_path, sources={"courier": courier}))
    page = (DATA / "pages" / "regional_ap.txt").read_text(encoding="utf-8")
    answer = await post_page(wire, page, source="courier")
    [article] = articles(answer)
    assert article["rights"]["holder"] == "The Associated Press"
    assert article["rights"]["notice"] == "© 2024 The Associated Press"
    site = "Midland Courier, a Lee Enterprises company"
    assert headline_items(answer)
    assert all(i["rights"]["holder"] == site for i in headline_items(answer))
    assert answer["rights"] == {"holder": "The Associated Press", "year": 2024}


async def test_a_line_on_every_page_of_a_site_is_learned_as_its_boilerplate(wire: Wire) -> None:
    menu = "Home Politics Business Sport Culture"

    def page(n: int) -> str:
        return f"{menu}\nStory number {n}: {LEDE}\nShare this story with friends {n} times"

    first = await post_page(wire, page(1), source="desk")
    await post_page(wire, page(2), source="desk")
    third = await post_page(wire, page(3), source="desk")
    assert {"line": 1, "reason": "outside the article", "text": menu} in first["removed"]
    assert {"line": 1, "reason": "seen on earlier pages", "text": menu} in third["removed"]
    again = await post_page(wire, page(1), source="desk", status=200)
    assert again["items"] == first["items"]


async def test_a_sites_headline_list_on_several_pages_still_gives_its_headlines(wire: Wire) -> None:
    headlines = "Markets rally as rate fears ease 2024-03-12 10:15\nGold steady ahead of data 2024-03-11 09:00"
    answers = [await post_page(wire, f"Story {n}. {LEDE}\n{headlines}", source="desk") for n in range(3)]
    for answer in answers:
        assert [i["headline"] for i in headline_items(answer)] == [
            "Markets rally as rate fears ease",
            "Gold steady ahead of data",
        ]
    assert {answers[2]["outcomes"][i["id"]] for i in headline_items(answers[2])} == {"unchanged"}


async def test_a_large_page_is_read_too(wire: Wire) -> None:
    paragraphs = "\n\n".join(f"Paragraph {n}. {LEDE}" for n in range(150))
    answer = await post_page(wire, paragraphs, source="desk")
    [article] = articles(answer)
    assert article["body"].count("<p>") == 150


async def test_times_on_a_page_that_leave_the_years_a_date_holds_are_no_timestamps(wire: Wire) -> None:
    page = (
        f"{LEDE}\n\nThe first farmers settled the valley 5000 years ago, long before the town's charter of "
        "31 December 9999 23:59 EST, a date its founders chose in jest."
    )
    [article] = articles(await post_page(wire, page, source="desk"))
    assert "5000 years ago" in article["body"]


async def test_a_page_without_an_article_is_refused_naming_the_body_and_stores_nothing(wire: Wire) -> None:
    page = "Markets rally 2024-03-12 10:15\nGold steady today 2024-03-11 09:00\nSend your comments"
    problem = await post_page(wire, page, status=422)
    assert problem["errors"][0]["field"] == "(body)"
    assert "no article text" in problem["errors"][0]["reason"]
    assert await feed_ids(wire) == []


async def test_a_control_character_inside_a_line_neither_cuts_it_nor_hides_the_stop_before_it(wire: Wire) -> None:
    # A vertical tab or a form feed inside a paragraph is no line break (its first half went out of the story with
    # its credit); a zero-width space after the last full stop still ends a sentence (the paragraph went out).
    first = (
        "PARIS (AFP) - The central bank raised its main interest rate by a quarter of a point on Tuesday,\x0b "
        "the third rise this year, as inflation stayed well above its target."
    )
    second = LEDE.replace(" on Tuesday,", "\x0con Tuesday,")
    last = "Markets barely moved after the decision.\u200b"
    seed = SEED.decode().splitlines()
    page = "\n".join([first, second, last, *seed[1:]])
    [article] = articles(await post_page(wire, page))
    assert article["body"] == (
        f"<p>{first.replace(chr(11), ' ').replace('  ', ' ')}</p><p>{LEDE}</p><p>Markets barely moved after the "
        "decision.\u200b</p>"
    )
    assert article["credits"] == ["AFP"]


async def test_character_references_a_scraper_left_in_a_page_are_read_as_the_characters_they_stand_for(
    wire: Wire,
) -> None:
    # "&amp;" went out as "&amp;amp;" in the body, and "&#8217;" stood in the headline as it was written.
    headline = "Central bank&#8217;s &quot;third&quot; rise of its interest rate this year &amp; what it means"
    story = LEDE.replace("in most sectors", "in most sectors &amp; regions, AT&T and Q&A aside &lt;b&gt;")
    seed = SEED.decode().splitlines()
    page = "\n".join([headline, story, *seed[1:]])
    [article] = articles(await post_page(wire, page))
    assert article["headline"] == 'Central bank\u2019s "third" rise of its interest rate this year & what it means'
    assert article["body"] == (
        "<p>"
        + LEDE.replace("in most sectors", "in most sectors &amp; regions, AT&amp;T and Q&amp;A aside &lt;b&gt;")
        + "</p>"
    )
    feed = feedparser.parse(await (await wire.client.get("/feeds/world.atom")).read())
    assert article["headline"] in [entry.title for entry in feed.entries]


async def test_the_story_s_own_headline_in_the_site_s_list_is_the_article_dated_by_it_and_no_item_of_its_own(
    wire: Wire,
) -> None:
    headline = "French operation in northern Mali kills 11 Islamist militants"
    seed = SEED.decode().splitlines()
    page = "\n".join([
        headline, seed[0], "GMT 09:15 2018 Friday ,05 January", f"{headline}GMT 10:31 2018 Thursday ,04 January",
        *seed[2:],
    ])  # fmt: skip
    answer = await post_page(wire, page)
    [article] = articles(answer)
    assert article["headline"] == headline
    assert article["published"] == "2018-01-05T09:15:00Z"
    assert article["provenance"]["published"]["text"] == "GMT 09:15 2018 Friday ,05 January"
    assert [(h["headline"], h["published"]) for h in headline_items(answer)] == SEED_HEADLINES
    assert {"line": 4, "text": headline, "reason": "repeats earlier text"} in answer["removed"]
    feed = feedparser.parse(await (await wire.client.get("/feeds/world.atom")).read())
    assert [entry.title for entry in feed.entries].count(headline) == 1


async def test_share_buttons_named_in_a_row_under_the_story_s_time_are_left_out_and_the_time_is_the_story_s(
    wire: Wire,
) -> None:
    seed = SEED.decode().splitlines()
    for buttons in ("Facebook Twitter Email", "Facebook | X | WhatsApp | LinkedIn", "Twitter, Facebook"):
        page = "\n".join([
            "French operation in northern Mali kills 11 Islamist militants", "19 December 2017 18:09", buttons,
            *seed,
        ])  # fmt: skip
        answer = await post_page(wire, page, dry_run="true", status=200)
        [article] = articles(answer)
        assert article["published"] == "2017-12-19T18:09:00Z", buttons
        assert {"line": 3, "text": buttons, "reason": "share, newsletter or related link"} in answer["removed"]


async def test_the_heading_of_the_site_s_list_under_a_time_is_no_headline_item(wire: Wire) -> None:
    # The story's time printed under it, then the list's heading: the heading took that time as a headline.
    seed = SEED.decode().splitlines()
    page = "\n".join([
        seed[0], "Updated 19/12/2017 18:09", "More stories", "18/12/2017 | US vetoes UN resolution on Jerusalem",
        "17/12/2017 | Britain, France will back UN draft", "16/12/2017 | Trump says US captive was tortured",
        *seed[-6:],
    ])  # fmt: skip
    answer = await post_page(wire, page)
    assert [(h["headline"], h["published"]) for h in headline_items(answer)] == [
        ("US vetoes UN resolution on Jerusalem", "2017-12-18T00:00:00Z"),
        ("Britain, France will back UN draft", "2017-12-17T00:00:00Z"),
        ("Trump says US captive was tortured", "2017-12-16T00:00:00Z"),
    ]
    assert [r["reason"] for r in answer["removed"] if r["text"] == "More stories"] == ["outside the article"]
    feed = (await (await wire.client.get("/feeds/world.atom")).read()).decode()
    assert "More stories" not in feed


async def test_the_story_s_headline_under_its_time_is_the_article_s_and_the_time_dates_it(wire: Wire) -> None:
    # A site printing the time over the headline: the headline was passed over for the lede's, the time left out.
    headline = "French operation in northern Mali kills 11 Islamist militants"
    seed = SEED.decode().splitlines()
    page = "\n".join(["Tuesday 19 December 2017 18:09 GMT", headline, "By Jane Doe, AFP", *seed])
    [article] = articles(await post_page(wire, page))
    assert (article["headline"], article["published"], article["byline"]) == (
        headline,
        "2017-12-19T18:09:00Z",
        "By Jane Doe, AFP",
    )


@pytest.mark.parametrize(
    ("dateline", "credits"),
    [("(EFE/AFP)", ["AFP", "EFE"]), ("(Reuters, AP)", ["Reuters", "AP"]), ("(dpa y EFE)", ["DPA", "EFE"])],
)
async def test_a_dateline_naming_several_agencies_in_one_bracket_credits_each(
    wire: Wire, dateline: str, credits: list[str]
) -> None:
    # Each of them credits a story in a bracket of its own ("(EFE)"); together, only one whose name stood alone as
    # a phrase ("AFP") was credited, and the others' licence rules were passed over.
    seed = SEED.decode().splitlines()
    page = "\n".join([f"BOGOTA, Dec 19 {dateline} - {LEDE}", *seed[1:]])
    [article] = articles(await post_page(wire, page, dry_run="true", status=200))
    assert article["credits"] == credits


@pytest.mark.parametrize(
    ("line", "holder", "year"),
    [
        # The stop after "Inc." was cut off before "All rights reserved", kept where the line ends: two holders.
        ("© 2017 Northern Post Media Inc. All rights reserved.", "Northern Post Media Inc.", 2017),
        ("© 2024 Northern Post Media Inc.", "Northern Post Media Inc.", 2024),
        ("© 2020 Le Monde. Tous droits réservés.", "Le Monde", 2020),
        # A year in Arabic-Indic or Devanagari digits was read as part of the holder's name, and as no year.
        ("جميع الحقوق محفوظة © الأخبار ٢٠١٧", "الأخبار", 2017),
        ("© २०२४ दैनिक समाचार", "दैनिक समाचार", 2024),
    ],
)
async def test_a_copyright_line_gives_the_same_holder_however_it_goes_on_and_its_year_in_any_digits(
    wire: Wire, line: str, holder: str, year: int
) -> None:
    page = "\n".join([LEDE, line])
    answer = await post_page(wire, page, source="desk", dry_run="true", status=200)
    assert answer["rights"] == {"holder": holder, "year": year}
    [article] = articles(answer)
    assert article["rights"]["notice"] == f"© {year} {holder}"


async def test_a_page_of_the_site_s_navigation_alone_is_refused_naming_the_body_and_stores_nothing(wire: Wire) -> None:
    # No paragraph and no sentence: the site's name, its menus and its footer make no article of their own.
    page = "\n".join([
        "Arabs Today", "Home | World | Business | Sport | Contact", "Log in", "Search", "Menu", "Sections", "World",
        "Business", "Sport", "About us | Contact | Terms of service | Privacy policy",
        "All rights reserved to Arab Today Media Group 2021 ©",
    ])  # fmt: skip
    problem = await post_page(wire, page, status=422, dry_run="true")
    assert problem["errors"][0]["field"] == "(body)"
    assert "none is a paragraph or a sentence of a story" in problem["errors"][0]["reason"]
    await post_page(wire, page, status=422)
    assert await feed_ids(wire) == []


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        ({"source": ""}, "source", "is required"),
        ({"source": "blog"}, "source", "unknown source 'blog'"),
        ({"section": "moon"}, "section", "unknown section 'moon'"),
        ({"published": "soon"}, "published", "'soon'"),
        ({"id": "a b"}, "id", "must start with a letter or digit"),
        ({"id": "x.atom"}, "id", "must not end with a format extension"),
        ({"title": "x" * 501}, "title", "the limit is 500"),
        ({"title": " "}, "title", "must not be empty"),
        ({"dry_run": "maybe"}, "dry_run", "true or false"),
        ({"colour": "red"}, "colour", "unknown query field"),
    ],
)
async def test_a_bad_query_field_gets_422_naming_it_and_stores_nothing(
    wire: Wire, query: dict[str, str], field: str, reason: str
) -> None:
    problem = await post_page(wire, status=422, **query)
    assert problem["type"] == "/problems/invalid-input"
    reasons = [e["reason"] for e in problem["errors"] if e["field"] == field]
    assert any(reason in r for r in reasons), problem
    assert await feed_ids(wire) == []


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/html; charset=utf-8", "text/plain; charset=iso-8859-1"]
)
async def test_a_page_that_is_not_utf8_plain_text_gets_415(wire: Wire, content_type: str) -> None:
    problem = await post_page(wire, status=415, content_type=content_type)
    assert problem["detail"].endswith(f"not {content_type}")  # what was sent, charset and all


async def test_a_body_that_is_not_utf8_gets_400(wire: Wire) -> None:
    latin1 = "Caf\xe9".encode("latin-1") + SEED
    problem = await post_page(wire, latin1, status=400)
    assert problem["detail"] == "the body is not UTF-8, as its Content-Type says"
    problem = await post_page(wire, latin1, status=400, content_type="text/plain")
    assert problem["detail"] == ("the body is not UTF-8, as a page must be when its Content-Type names no charset")


async def test_a_page_in_us_ascii_is_read_and_one_that_is_not_gets_400(wire: Wire) -> None:
    page = b"Rain in Timbuktu\n\nHeavy rain fell on Timbuktu on Thursday, flooding the old town, officials said.\n"
    for status, charset in ((201, "us-ascii"), (200, "US-ASCII"), (200, "ascii")):  # stored, then unchanged
        await post_page(wire, page, status=status, content_type=f"text/plain; charset={charset}")
    problem = await post_page(wire, SEED, status=400, content_type="text/plain; charset=us-ascii")
    assert problem["detail"] == "the body is not US-ASCII, as its Content-Type says"


async def test_a_page_without_an_editor_token_gets_401(wire: Wire) -> None:
    response = await wire.client.post(
        "/v1/pages?source=arabstoday&section=world", data=SEED, headers={"Content-Type": TEXT}
    )
    assert response.status == 401
    assert await feed_ids(wire) == []


async def feed_ids(wire: Wire) -> list[str]:
    response = await wire.client.get("/feeds/world.atom")
    return re.findall(r"<id>tag:[^<]*:item:([^<]*)</id>", await response.text())


async def test_a_page_that_would_take_back_a_story_already_out_gets_409_naming_the_field(wire: Wire) -> None:
    await post_page(wire, published="2026-03-01T09:00:00Z")
    problem = await post_page(wire, status=409, published="2026-03-05T09:00:00Z")  # days ahead of the clock
    assert problem["type"] == "/problems/conflict"
    assert [e["field"] for e in problem["errors"]] == ["published"]
    assert "is out already" in problem["errors"][0]["reason"]


async def test_a_page_with_a_byte_order_mark_is_the_same_page(wire: Wire) -> None:
    with_mark = await post_page(wire, b"\xef\xbb\xbf" + SEED, dry_run="true", status=200)
    without = await post_page(wire, SEED, dry_run="true", status=200)
    assert with_mark["items"] == without["items"]


async def test_the_article_takes_the_published_and_updated_times_its_page_prints(
    make_wire: Callable[[Config], Awaitable[Wire]], tmp_path: Path
) -> None:
    zeitung = {"name": "Rheinische Zeitung", "zone": "Europe/Berlin", "dayfirst": True, "language": "de"}
    wire = await make_wire(make_config(tmp_path, sources={"zeitung": zeitung}))
    page = (DATA / "pages" / "german_dpa.txt").read_text(encoding="utf-8")
    answer = await post_page(wire, page, source="zeitung", dry_run="true", status=200)
    [article] = articles(answer)
    assert (article["published"], article["updated"]) == ("2024-03-03T13:32:00Z", "2024-03-03T16:05:00Z")
    assert article["provenance"]["published"] == {
        "text": "03.03.2024 | 14:32 Uhr",
        "rule": "source-zone",
        "zone": "Europe/Berlin",
    }
    given = await post_page(wire, page, source="zeitung", published="2024-03-03T12:00:00Z", dry_run="true", status=200)
    assert articles(given)[0]["published"] == "2024-03-03T12:00:00Z"


async def test_the_article_is_signed_by_the_byline_above_it_and_credits_its_agency(wire: Wire) -> None:
    page = (DATA / "pages" / "byline_with_agency.txt").read_text(encoding="utf-8")
    [article] = articles(await post_page(wire, page, dry_run="true", status=200))
    assert article["byline"] == "By Jane Doe, AFP"
    assert article["credits"] == ["AFP"]
    assert article["published"] == "2024-02-15T07:30:00Z"  # "February 15, 2024 at 1:30 a.m. CST", under the byline


async def test_the_article_takes_the_headline_its_page_prints_and_the_title_field_overrides_it(wire: Wire) -> None:
    page = (DATA / "pages" / "title_and_breadcrumb.txt").read_text(encoding="utf-8")
    answer = await post_page(wire, page, source="desk")
    [article] = articles(answer)
    assert article["headline"] == "Wildfire in Texas Panhandle becomes largest in state history"
    assert 8 not in [line["line"] for line in answer["removed"]]  # the headline's line is the article's
    given = await post_page(wire, page, source="desk", title="Texas wildfire grows past 1 million acres")
    assert articles(given)[0]["headline"] == "Texas wildfire grows past 1 million acres"


@pytest.mark.parametrize("name", site_page_params())
async def test_the_seed_site_s_other_pages_preview_one_article_and_every_headline(wire: Wire, name: str) -> None:
    expected = SITE_EXPECTED[name]
    answer = await post_page(wire, site_page(name), status=200, dry_run="true")
    [article] = articles(answer)
    paragraphs = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", article["body"])]
    assert len(paragraphs) == expected["paragraphs"]
    assert paragraphs[0].startswith(expected["first"])
    assert paragraphs[-1].endswith(expected["last"])
    assert article["credits"] == expected["credits"]
    assert article["rights"]["holder"] == expected["holder"]
    assert [(i["headline"], i["published"]) for i in headline_items(answer)] == [
        tuple(h) for h in expected["headlines"]
    ]
    assert all(i["rights"]["holder"] == expected["holder"] for i in headline_items(answer))


async def test_a_page_in_another_language_than_its_source_s_is_told_so_and_its_items_carry_it(wire: Wire) -> None:
    page = (DATA / "pages" / "arabic_afp.txt").read_bytes()
    answer = await post_page(wire, page, source="desk", language="ar")
    assert answer["items"]
    assert {item["language"] for item in answer["items"]} == {"ar"}
    [article] = articles(answer)
    _, body, _ = await wire.get(f"/items/{article['id']}")
    assert re.search(rb'<h1 lang="ar" dir="rtl">', body)
    # Without it, the items take the source's language, else the section's, as before.
    answer = await post_page(wire, page, source="desk", dry_run="true", status=200)
    assert {item["language"] for item in answer["items"]} == {"en"}


async def test_a_page_whose_language_is_no_language_tag_gets_422_naming_it(wire: Wire) -> None:
    problem = await post_page(wire, source="desk", language="Arabic!", status=422)
    assert problem["errors"] == [{"field": "language", "reason": "'Arabic!' is not a BCP 47 language tag such as 'ar'"}]


async def test_the_arabic_edition_s_page_gives_its_story_at_its_time_and_each_headline_at_its_own(wire: Wire) -> None:
    # A constructed page of the seed's site in Arabic: a dateline line under the story's time, AFP's initials alone
    # under the story, over the list.
    page = (DATA / "pages" / "arabstoday_ar_dateline_and_initials.txt").read_bytes()
    answer = await post_page(wire, page, language="ar")
    [article] = articles(answer)
    assert article["headline"] == "الجيش اللبناني ينتشر في الجنوب بعد انسحاب المسلحين"
    assert article["published"] == "2021-03-16T14:20:00Z"
    # AFP's initials under the story sign it ("أ ف ب", a phrase of the shipped configuration): a credit the page
    # gives, as a line "(AFP)" would, not one found in its text.
    assert article["credits"] == ["AFP"]
    assert article["derived"]["credits"] == []
    assert article["rights"]["holder"] == "مجموعة العرب اليوم الإعلامية"
    assert "أ ف ب" not in all_text(article)
    assert [(i["headline"], i["published"]) for i in headline_items(answer)] == [
        ("الحكومة العراقية تعلن موعد الانتخابات المبكرة", "2021-03-16T13:05:00Z"),
        ("مصر تفتتح أكبر محطة لتحلية المياه في الشرق الأوسط", "2021-03-16T09:47:00Z"),
        ("الأردن يمدد حظر التجول الليلي أسبوعين إضافيين", "2021-03-15T22:10:00Z"),
        ("السعودية تطلق برنامجا جديدا لدعم الشركات الناشئة", "2021-03-15T18:31:00Z"),
    ]
    for item in answer["items"]:
        assert "جميع الحقوق محفوظة" not in all_text(item)
