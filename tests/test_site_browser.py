"""The pages in a real browser: Debian's Chromium, driven by Playwright, against the real server on loopback.

Never a downloaded browser: Playwright starts `/usr/bin/chromium` (Debian's package, which `.ci/run` installs),
headless, with background networking off. The accessibility check is axe-core (vendored under
`tests/data/axe-core/`), evaluated in each page. Screenshots of the directory and the console are written to
`tests/artifacts/screenshots/` for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, Route, async_playwright, expect

from tests.conftest import DATA, EDITOR, EDITOR_TOKEN, REPO, WireServer, make_config, need, story
from tests.test_pages import SEED_HEADLINES
from wire.app import create_app
from wire.timestamps import format_rfc3339

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_INSTALLED = shutil.which(CHROMIUM) is not None
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
AXE = (DATA / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SEED = (DATA / "seed" / "000_36dec588b06458ad.txt").read_text(encoding="utf-8")
# The times as the page prints them, before each headline.
SEED_TIMES = re.findall(r"GMT \d\d:\d\d \d{4} \w+ ,\d\d \w+", SEED)[:8]
PHONE = {"width": 375, "height": 812}
WITHDRAWN = "Calls for probe into migrant death in Spain"

AppClient = TestClient[web.Request, web.Application]
ClientFactory = Callable[..., Awaitable[AppClient]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class Site:
    """The real server on a loopback port, its public URL, and an API client for setting the scene."""

    url: str
    client: AppClient

    async def push(self, doc: dict[str, Any]) -> None:
        response = await self.client.post("/v1/items", json=doc, headers={"Authorization": f"Bearer {EDITOR_TOKEN}"})
        assert response.status == 201, await response.text()

    async def atom_titles(self, section: str = "world") -> list[str]:
        response = await self.client.get(f"/feeds/{section}.atom")
        assert response.status == 200
        return [entry.title for entry in feedparser.parse(await response.read()).entries]


@pytest.fixture
async def site(tmp_path: Path, aiohttp_client: ClientFactory) -> Site:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = make_config(tmp_path, server={"public_url": url, "max_body_bytes": 65536})
    return Site(url, await aiohttp_client(WireServer(create_app(config), host="127.0.0.1", port=port)))


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    need(CHROMIUM_INSTALLED, "Debian chromium not installed (apt-get install chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@dataclass
class Console:
    """What a page logged as an error: a script failure or a Content-Security-Policy refusal fails the test."""

    errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> Page:
        page.on("console", self._message)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        return page

    def _message(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def assert_clean(self, *expected_statuses: int) -> None:
        """No errors, but for the API's refusals the test provoked (the browser logs each failed request)."""
        allowed = tuple(f"status of {status} " for status in expected_statuses)
        unexpected = [e for e in self.errors if not any(a in e for a in allowed)]
        assert unexpected == []


@pytest.fixture
def console() -> Console:
    return Console()


async def new_page(browser: Browser, console: Console, **options: Any) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(locale="en-GB", **options)
    return context, console.watch(await context.new_page())


async def sign_in(page: Page, site: Site, token: str = EDITOR_TOKEN) -> None:
    await page.goto(f"{site.url}/editor")
    await page.get_by_label("Editor token").fill(token)
    await page.get_by_role("button", name="Sign in").click()
    if token == EDITOR_TOKEN:  # signed in: the console takes the focus, for the page's text
        await expect(page.locator("#page-text")).to_be_focused()


async def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


async def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA and best-practice rules over the page as it stands: each violation and where."""
    await page.evaluate(AXE)
    script = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
    results = await page.evaluate(script, AXE_TAGS)
    return [
        f"{v['id']}: {v['help']} at {', '.join(json.dumps(n['target']) for n in v['nodes'])}"
        for v in results["violations"]
    ]


async def fits_the_width(page: Page) -> bool:
    return bool(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


async def preview_seed(page: Page) -> None:
    await page.get_by_label("Page text").fill(SEED)
    await page.get_by_label("Source", exact=True).select_option("arabstoday")
    await page.locator("#page-section").select_option("world")
    await page.get_by_role("button", name="Preview").click()
    await expect(page.locator("#page-form .status")).to_contain_text("Preview ready")


async def table_rows(page: Page, caption: str) -> list[list[str]]:
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    return [
        [text.strip() for text in await row.locator("td").all_inner_texts()]
        for row in await table.locator("tbody tr").all()
    ]


async def test_an_editor_previews_the_seed_publishes_it_and_withdraws_a_headline(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(
        browser, console, timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900}
    )
    await sign_in(page, site)
    await preview_seed(page)

    rows = await table_rows(page, "Each headline")
    expected = [
        [headline, f"{utc[:10]} {utc[11:16]} UTC", original]
        for (headline, utc), original in zip(SEED_HEADLINES, SEED_TIMES, strict=True)
    ]
    assert rows == expected
    preview = page.locator("#preview")
    await expect(preview.get_by_role("heading", name="Headlines (8)")).to_be_visible()
    await expect(preview.get_by_role("heading", name="Left out (6)")).to_be_visible()
    removed = await table_rows(page, "Lines of the page left out")
    assert removed[0] == ["10", "source pattern", "Maintained and developed by Arabs Today Group SAL."]
    assert ["14", "comment prompt", "Send your comments"] in removed
    credits = preview.locator("dl")
    await expect(credits).to_contain_text("AFP")
    await expect(credits).to_contain_text("Arab Today Media Group")
    await expect(credits).to_contain_text("Arab Today Media Group / Agence France-Presse")
    assert await site.atom_titles() == []  # a preview stores nothing
    await screenshot(page, "console-preview")

    await page.get_by_role("button", name="Publish").click()
    await expect(page.locator("#page-form .status")).to_have_text("Published: 9 items created.")
    await expect(page.get_by_role("button", name="Publish")).to_be_disabled()
    await expect(page.get_by_role("button", name="Preview")).to_be_focused()  # not lost with the disabled button
    await page.get_by_role("button", name="Preview").click()  # the same page again: it would store nothing
    await expect(page.get_by_role("button", name="Publish")).to_be_enabled()
    await page.get_by_role("button", name="Publish").click()
    await expect(page.locator("#page-form .status")).to_have_text("Nothing changed: 9 items unchanged.")
    newest = page.locator("#newest")
    await expect(newest.get_by_role("link", name=WITHDRAWN)).to_be_visible()

    await page.goto(f"{site.url}/")
    world = page.locator("section#world")
    for headline, _ in SEED_HEADLINES:
        await expect(world.get_by_role("link", name=headline, exact=True)).to_be_visible()
    await screenshot(page, "directory")
    titles = await site.atom_titles()
    assert {headline for headline, _ in SEED_HEADLINES} <= set(titles)
    assert len(titles) == 9

    await page.goto(f"{site.url}/editor")  # the same tab: still signed in
    await page.get_by_role("button", name=f"Withdraw: {WITHDRAWN}").click()
    await page.get_by_label("Reason").fill("Duplicate of an updated story")
    await screenshot(page, "console-withdraw")
    await page.get_by_role("button", name="Withdraw the item").click()
    await expect(page.locator("#list-form .status")).to_have_text(f"Withdrawn: {WITHDRAWN}")
    await expect(newest.get_by_role("link", name=WITHDRAWN)).to_have_count(0)
    await expect(newest.locator("ol.items > li")).to_have_count(8)

    await page.goto(f"{site.url}/")
    await expect(page.locator("section#world").get_by_role("link", name=WITHDRAWN)).to_have_count(0)
    await expect(page.locator("section#world ol li")).to_have_count(8)
    assert WITHDRAWN not in await site.atom_titles()
    [item_id] = await withdrawn_ids(site)
    answer = await page.goto(f"{site.url}/items/{item_id}")
    assert answer is not None
    assert answer.status == 410
    console.assert_clean(410)
    await context.close()


async def test_the_preview_shows_the_articles_headline_byline_and_time_as_the_page_prints_them(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    text = (DATA / "pages" / "standfirst_byline_time.txt").read_text(encoding="utf-8")
    await page.get_by_label("Page text").fill(text)
    await page.get_by_label("Source", exact=True).select_option("desk")
    await page.get_by_role("button", name="Preview").click()
    await expect(page.locator("#page-form .status")).to_contain_text("Preview ready")
    article = page.locator("#preview .article-preview")
    await expect(article.locator(".headline")).to_have_text("Energy bills to fall by £238 a year from April")
    await expect(article.locator(".byline")).to_have_text("By Priya Natarajan, Energy correspondent")
    await expect(article.locator(".meta")).to_contain_text("2024-02-26 07:05 UTC (from “26 February 2024, 07:05 GMT”)")
    # Left empty, the headline is the one the page prints above the story, as its hint says.
    await expect(page.locator("#page-title-input")).to_have_value("")
    await expect(page.locator("#page-title-hint")).to_have_text(
        "Left empty, the headline the page prints above the story; without one, the story's first sentence."
    )
    console.assert_clean()
    await context.close()


async def test_the_times_of_an_arabic_page_are_shown_in_the_preview_in_the_order_it_prints_them(
    site: Site, browser: Browser, console: Console
) -> None:
    # "03 مارس 2024 - 10:25" in a line of English reads "03 10:25 - 2024 مارس" unless it keeps its own direction.
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    text = (DATA / "pages" / "arabic_afp.txt").read_text(encoding="utf-8")
    await page.get_by_label("Page text").fill(text)
    await page.get_by_label("Source", exact=True).select_option("desk")
    await page.get_by_role("button", name="Preview").click()
    await expect(page.locator("#page-form .status")).to_contain_text("Preview ready")
    printed = page.locator("#preview .article-preview .meta bdi")
    await expect(printed).to_have_text("03 مارس 2024 - 10:25")
    assert await printed.evaluate("node => node.matches(':dir(rtl)')")
    read_from = page.locator("#preview table.headlines code")
    await expect(read_from).to_have_text(["02 مارس 2024", "01 مارس 2024"])
    for code in await read_from.all():
        assert await code.evaluate("node => node.matches(':dir(rtl)')")
    # The source writes in English: the page says it is in Arabic, and its article is so.
    await expect(page.locator("#preview .article-preview .headline")).to_have_attribute("lang", "en")
    await page.get_by_label("Page language (optional)").fill("Arabic")
    await page.get_by_role("button", name="Preview").click()
    await expect(page.locator("#page-language-error")).to_contain_text("is not a BCP 47 language tag")
    await page.get_by_label("Page language (optional)").fill("ar")
    await page.get_by_role("button", name="Preview").click()
    await expect(page.locator("#page-form .status")).to_contain_text("Preview ready")
    await expect(page.locator("#preview .article-preview .headline")).to_have_attribute("lang", "ar")
    console.assert_clean(422)
    await context.close()


async def withdrawn_ids(site: Site) -> list[str]:
    response = await site.client.get("/feeds/world.atom")
    body = (await response.read()).decode()
    return re.findall(r'deleted-entry ref="tag:[^"]*:item:([^"]+)"', body)


async def test_the_token_lives_in_the_tabs_session_storage_and_nowhere_else(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    await expect(page.get_by_role("heading", name="Publish a page")).to_be_visible()
    assert await page.evaluate("sessionStorage.getItem('newswire.editor-token')") == EDITOR_TOKEN
    assert await page.evaluate("localStorage.length") == 0
    assert await context.cookies() == []
    await page.reload()
    await expect(page.get_by_role("heading", name="Publish a page")).to_be_visible()

    other_tab = console.watch(await context.new_page())
    await other_tab.goto(f"{site.url}/editor")
    await expect(other_tab.get_by_label("Editor token")).to_be_visible()
    await expect(other_tab.get_by_role("heading", name="Publish a page")).to_be_hidden()

    await page.get_by_role("button", name="Sign out").click()
    assert await page.evaluate("sessionStorage.length") == 0
    await expect(page.get_by_label("Editor token")).to_be_visible()
    console.assert_clean()
    await context.close()


async def test_a_wrong_token_is_refused_beside_the_token_field(site: Site, browser: Browser, console: Console) -> None:
    context, page = await new_page(browser, console)
    await sign_in(page, site, token="not-a-token")
    await expect(page.locator("#token-error")).to_have_text(
        "The server refused this token: the editor token is not valid."
    )
    await expect(page.get_by_label("Editor token")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_role("heading", name="Publish a page")).to_be_hidden()
    assert await page.evaluate("sessionStorage.length") == 0
    console.assert_clean(401)
    await context.close()


async def test_the_apis_errors_are_shown_beside_the_fields_they_concern(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    item_form = page.locator("#item-form")
    await item_form.get_by_label("Id").fill("bad id!")
    await item_form.get_by_label("Published (optional)").fill("the day after tomorrow-ish")
    await item_form.get_by_role("button", name="Push the item").click()
    await expect(page.locator("#item-headline-error")).to_have_text("must not be empty")
    await expect(page.locator("#item-id-error")).to_be_visible()
    await expect(page.locator("#item-published-error")).to_be_visible()
    await expect(item_form.get_by_label("Headline")).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#item-summary-error")).to_be_hidden()

    await page.get_by_label("Page text").fill(
        "All rights reserved to Arab Today Media Group 2021 ©\nSend your comments"
    )
    await page.get_by_role("button", name="Preview").click()
    await expect(page.locator("#page-text-error")).to_contain_text("no article")
    await expect(page.get_by_role("button", name="Publish")).to_be_disabled()
    await expect(page.locator("#preview")).to_be_hidden()
    await page.get_by_label("Page text").fill(SEED)
    await page.get_by_label("Article published (optional)").fill("no time at all")
    await page.get_by_role("button", name="Preview").click()
    await expect(page.locator("#page-published-error")).to_contain_text("'no time at all' is not a time")
    await expect(page.locator("#page-text-error")).to_be_hidden()
    await page.get_by_label("Article published (optional)").fill("")
    await page.get_by_role("button", name="Preview").click()
    await expect(page.get_by_role("button", name="Publish")).to_be_enabled()
    await page.get_by_label("Page text").press("End")
    await page.get_by_label("Page text").press_sequentially(" More.")
    await expect(page.get_by_role("button", name="Publish")).to_be_disabled()
    await expect(page.locator("#page-form .status")).to_have_text(
        "The page or its settings changed: preview it again before publishing."
    )
    await expect(page.locator("#preview-title")).to_have_text("Preview of the page as it was")

    await site.push(story("to-withdraw", published="2026-01-01T00:00:00Z"))
    await page.get_by_role("button", name="Show the newest items").click()
    await page.get_by_role("button", name="Withdraw: Headline of to-withdraw").click()
    await page.get_by_role("button", name="Withdraw the item").click()
    await expect(page.locator("#withdraw-reason-error")).to_contain_text("required")
    await screenshot(page, "console-errors")
    console.assert_clean(422)
    await context.close()


async def test_a_correction_in_the_console_derives_summary_and_credits_from_the_corrected_text(
    site: Site, browser: Browser, console: Console
) -> None:
    # What the server derived (a summary cut from the body, a credit found in it) is not sent back as the
    # editor's own: the correction's summary comes from the corrected body, and a credit it took out is gone.
    body = "<p>The minister told AFP that the talks failed on Monday night in the capital.</p>"
    await site.push(story("derived", headline="Talks fail", summary=None, body=body, published="2026-01-01T00:00:00Z"))
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    await page.get_by_role("button", name="Correct: Talks fail").click()
    form = page.locator("#correct-form")
    await expect(form.get_by_label("Summary")).to_have_value("")
    await form.get_by_label("Body").fill(body.replace("AFP", "reporters").replace("Monday", "Tuesday"))
    await form.get_by_label("Correction note").fill("It was Tuesday, and not said to AFP.")
    await form.get_by_role("button", name="Publish the correction").click()
    await expect(page.locator("#list-form .status")).to_have_text("Corrected: Talks fail is now version 2")
    response = await site.client.get("/v1/items/derived", headers={"Authorization": f"Bearer {EDITOR_TOKEN}"})
    item = await response.json()
    assert "Tuesday" in item["summary"]
    assert item["credits"] == []
    assert item["derived"] == {"summary": True, "credits": []}
    console.assert_clean()
    await context.close()


async def test_an_editor_corrects_an_item_and_readers_see_the_note(
    site: Site, browser: Browser, console: Console
) -> None:
    await site.push(story("fix-me", headline="Minster resigns", published="2026-01-01T00:00:00Z"))
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    await page.get_by_role("button", name="Correct: Minster resigns").click()
    form = page.locator("#correct-form")
    await expect(form.get_by_label("Headline")).to_have_value("Minster resigns")
    await form.get_by_label("Headline").fill("Minister resigns")
    await form.get_by_label("Correction note").fill("The headline misspelt minister.")
    await form.get_by_role("button", name="Publish the correction").click()
    await expect(page.locator("#list-form .status")).to_have_text("Corrected: Minister resigns is now version 2")

    await page.goto(f"{site.url}/items/fix-me")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Minister resigns")
    await expect(page.locator("aside.note")).to_contain_text("The headline misspelt minister.")
    console.assert_clean()
    await context.close()


async def test_an_editor_writes_right_to_left_in_the_console_and_the_newest_items_say_their_language(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    form = page.locator("#item-form")
    await form.get_by_label("Id").fill("ar-console")
    headline = form.get_by_label("Headline", exact=True)
    await headline.fill("مقتل ١١ مسلحاً في شمال مالي")
    assert await headline.evaluate("field => field.matches(':dir(rtl)')")
    await form.get_by_text("More fields").click()
    await form.get_by_label("Language (optional)").fill("ar")
    await form.get_by_role("button", name="Push the item").click()
    await expect(form.locator(".status")).to_contain_text("Stored (created)")
    await page.get_by_role("button", name="Show the newest items").click()
    card = page.locator("#newest a.headline", has_text="مقتل ١١ مسلحاً في شمال مالي")
    await expect(card).to_have_attribute("lang", "ar")
    assert await card.evaluate("link => link.matches(':dir(rtl)')")
    console.assert_clean()
    await context.close()


async def test_times_are_shown_in_the_readers_zone_with_utc_on_hover(
    site: Site, browser: Browser, console: Console
) -> None:
    await site.push(story("timed", published="2026-03-01T10:00:00Z"))
    context, page = await new_page(browser, console, timezone_id="Asia/Tokyo")
    await page.goto(f"{site.url}/")
    time = page.locator("section#world time").first
    await expect(time).to_have_attribute("title", "2026-03-01 10:00 UTC")
    await expect(time).to_have_text(re.compile(r"1 Mar 2026.*19:00.*GMT\+9"))
    console.assert_clean()
    await context.close()


async def test_an_item_pushed_from_the_console_takes_every_field_of_the_api(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    form = page.locator("#item-form")
    await form.get_by_label("Id").fill("from-console")
    await form.get_by_label("Headline", exact=True).fill("Budget to be announced")
    await form.get_by_text("More fields").click()
    embargo = format_rfc3339((datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0))
    await form.get_by_label("Embargo (optional)").fill(embargo)
    await form.get_by_label("Credits (optional)").fill("AFP, nobody")
    await form.get_by_label("Rights holder (optional)").fill("Acme Ltd")
    await form.get_by_text("More fields").click()  # folded again: an error inside opens it
    await form.get_by_role("button", name="Push the item").click()
    await expect(page.locator("#item-credits-error")).to_contain_text("unknown agency 'nobody'")
    await expect(form.get_by_label("Credits (optional)")).to_be_visible()
    await form.get_by_label("Credits (optional)").fill("AFP")
    await form.get_by_role("button", name="Push the item").click()
    await expect(form.locator(".status")).to_contain_text("Stored (created)")
    await expect(form.locator(".status")).to_contain_text("held back until")
    # Editors still reach it in the newest items, to correct or withdraw it before its embargo ends.
    await page.get_by_role("button", name="Show the newest items").click()
    card = page.locator("#newest li", has_text="Budget to be announced")
    await expect(card).to_contain_text("held back until")
    await expect(card.get_by_role("button", name="Withdraw: Budget to be announced")).to_be_visible()
    response = await site.client.get("/v1/items/from-console", headers=EDITOR)
    item = await response.json()
    assert (item["embargo"], item["credits"], item["rights"]["holder"]) == (embargo, ["AFP"], "Acme Ltd")
    assert (await site.client.get("/v1/items/from-console")).status == 404  # held back by its embargo
    console.assert_clean(422)
    await context.close()


async def test_escape_closes_the_item_forms_and_focus_goes_back_where_it_was(
    site: Site, browser: Browser, console: Console
) -> None:
    await site.push(story("kept", headline="Kept story"))
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    await page.get_by_role("button", name="Show the newest items").click()
    opener = page.get_by_role("button", name="Withdraw: Kept story")
    await opener.click()
    await expect(page.get_by_label("Reason")).to_be_focused()
    await page.keyboard.press("Escape")
    await expect(page.locator("#withdraw-form")).to_be_hidden()
    await expect(opener).to_be_focused()
    # Pushed twice by a double click, an item is sent once.
    form = page.locator("#item-form")
    await form.get_by_label("Id").fill("twice")
    await form.get_by_label("Headline", exact=True).fill("Clicked twice")
    await form.get_by_role("button", name="Push the item").dblclick()
    await expect(form.locator(".status")).to_contain_text("Stored (created)")
    # Signing out leaves nothing of this work to whoever signs in next on the tab.
    await page.get_by_label("Page text").fill("A draft of a page")
    await page.get_by_role("button", name="Sign out").click()
    await sign_in(page, site)
    await expect(page.get_by_label("Page text")).to_have_value("")
    await expect(form.get_by_label("Id")).to_have_value("")
    console.assert_clean()
    await context.close()


async def until_held(page: Page, routes: list[Route]) -> None:
    """Wait until a request held by a route handler is there (up to two seconds)."""
    for _ in range(100):
        if routes:
            return
        await page.wait_for_timeout(20)
    raise AssertionError("no request reached the route")


async def test_a_preview_answered_late_is_never_the_one_published(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    held: list[Route] = []

    async def hold_the_first(route: Route) -> None:
        if not held:
            held.append(route)  # answered after the second preview
        else:
            await route.continue_()

    await page.route("**/v1/pages?*dry_run=true*", hold_the_first)
    older = SEED.replace("11 Islamist militants", "10 Islamist militants")
    await page.get_by_label("Page text").fill(older)
    await page.get_by_label("Source", exact=True).select_option("arabstoday")
    await page.get_by_role("button", name="Preview").click()
    await until_held(page, held)  # the first preview's request has reached the route
    await preview_seed(page)  # edited, and previewed again: answered first
    await held[0].continue_()
    await page.wait_for_timeout(300)
    await expect(page.locator("#page-form .status")).to_contain_text("Preview ready")
    await page.get_by_role("button", name="Publish").click()
    await expect(page.locator("#page-form .status")).to_contain_text("Published")
    response = await site.client.get("/v1/items", params={"section": "world"}, headers=EDITOR)
    bodies = " ".join(item.get("body", "") for item in (await response.json())["items"])
    assert "11 Islamist militants" in bodies
    assert "10 Islamist militants" not in bodies
    # An answer that comes after a sign-out is shown to no one: here, the newest items asked for just before.
    listing: list[Route] = []
    await page.route("**/v1/items?*", lambda route: listing.append(route))
    await page.get_by_role("button", name="Show the newest items").click()
    await until_held(page, listing)
    await page.get_by_role("button", name="Sign out").click()
    await listing[0].continue_()
    await page.wait_for_timeout(300)
    assert await page.locator("#newest li").count() == 0
    await expect(page.get_by_label("Editor token")).to_be_visible()
    console.assert_clean()
    await context.close()


async def test_every_page_passes_the_axe_accessibility_rules(site: Site, browser: Browser, console: Console) -> None:
    await site.push(story("a11y", summary="A summary.", published="2026-01-01T00:00:00Z"))
    context, page = await new_page(browser, console)
    for path in ("/", "/items/a11y", "/editor"):
        await page.goto(f"{site.url}{path}")
        assert await axe_violations(page) == [], path
    await sign_in(page, site)
    await preview_seed(page)
    await page.get_by_role("button", name="Withdraw: Headline of a11y").click()
    assert await axe_violations(page) == [], "console with a preview, the newest items and the withdraw form"
    await page.get_by_role("button", name="Correct: Headline of a11y").click()
    await page.locator("#item-form").get_by_role("button", name="Push the item").click()
    await expect(page.locator("#item-headline-error")).to_be_visible()
    assert await axe_violations(page) == [], "console with errors and the correction form"
    console.assert_clean(422)
    await context.close()


async def test_every_page_fits_a_phone_screen(site: Site, browser: Browser, console: Console) -> None:
    context, page = await new_page(browser, console, viewport=PHONE, is_mobile=True, has_touch=True)
    await sign_in(page, site)
    await preview_seed(page)
    await page.get_by_role("button", name="Publish").click()
    await expect(page.locator("#page-form .status")).to_contain_text("Published")
    await page.get_by_role("button", name="Withdraw: S. Korea well prepared if N. Korea attends Olympics").click()
    assert await fits_the_width(page), "console"
    await screenshot(page, "console-phone")
    await page.goto(f"{site.url}/")
    assert await fits_the_width(page), "directory"
    await screenshot(page, "directory-phone")
    await page.locator("section#world ol a").first.click()
    await expect(page.get_by_role("heading", name="Credit and rights")).to_be_visible()
    assert await fits_the_width(page), "item page"
    await screenshot(page, "item-phone")
    console.assert_clean()
    await context.close()


async def test_a_refused_token_is_entered_again_and_the_work_in_the_console_is_kept(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    form = page.locator("#item-form")
    await form.get_by_label("Id").fill("kept")
    await form.get_by_label("Headline", exact=True).fill("A story typed at length")
    await page.get_by_label("Page text").fill("A draft of a page")
    await page.evaluate("sessionStorage.setItem('newswire.editor-token', 'revoked')")  # as if it had been revoked
    await form.get_by_role("button", name="Push the item").click()
    await expect(form.locator(".problem")).to_contain_text("Sign in again with a valid token: what you typed is kept.")
    await expect(page.get_by_label("Editor token")).to_be_focused()
    await page.get_by_label("Editor token").fill(EDITOR_TOKEN)
    await page.get_by_role("button", name="Sign in").click()
    await expect(form.get_by_role("button", name="Push the item")).to_be_focused()  # back where the work was
    await expect(form.locator(".problem")).to_be_hidden()
    await expect(form.get_by_label("Headline", exact=True)).to_have_value("A story typed at length")
    await expect(page.get_by_label("Page text")).to_have_value("A draft of a page")
    await form.get_by_role("button", name="Push the item").click()
    await expect(form.locator(".status")).to_contain_text("Stored (created)")
    console.assert_clean(401)
    await context.close()


async def test_an_open_correction_stays_open_with_its_text_when_the_newest_items_are_shown_again(
    site: Site, browser: Browser, console: Console
) -> None:
    await site.push(story("open", headline="Open story", published="2026-01-01T00:00:00Z"))
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    await page.get_by_role("button", name="Correct: Open story").click()
    correction = page.locator("#correct-form")
    await correction.get_by_label("Body").fill("A corrected body, long in the writing.")
    await correction.get_by_label("Correction note").fill("The body was wrong.")
    form = page.locator("#item-form")
    await form.get_by_label("Id").fill("quick")
    await form.get_by_label("Headline", exact=True).fill("Quick headline")
    await form.get_by_role("button", name="Push the item").click()
    await expect(page.locator("#newest").get_by_role("link", name="Quick headline")).to_be_visible()
    await expect(page.locator("#newest li", has_text="Open story").locator("#correct-form")).to_be_visible()
    await expect(correction.get_by_label("Body")).to_have_value("A corrected body, long in the writing.")
    await correction.get_by_label("Correction note").press("Escape")
    await expect(page.get_by_role("button", name="Correct: Open story")).to_be_focused()
    await page.get_by_role("button", name="Correct: Open story").click()
    await correction.get_by_label("Correction note").fill("The body was wrong.")
    # Shown again while the editor types (a publish answered meanwhile): the keys still go to the note.
    await page.evaluate("document.querySelector('#list-form').requestSubmit()")
    await expect(page.locator("#list-form .problem")).to_be_hidden()
    await page.keyboard.type(" Twice.")
    await expect(correction.get_by_label("Correction note")).to_have_value("The body was wrong. Twice.")
    await correction.get_by_role("button", name="Publish the correction").click()
    await expect(page.locator("#list-form .status")).to_have_text("Corrected: Open story is now version 2")
    console.assert_clean()
    await context.close()


async def test_a_correction_answered_late_never_fills_the_form_of_the_story_opened_after_it(
    site: Site, browser: Browser, console: Console
) -> None:
    await site.push(story("first", headline="First story", published="2026-01-01T00:00:00Z"))
    await site.push(story("second", headline="Second story", published="2026-01-02T00:00:00Z"))
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    held: list[Route] = []
    await page.route("**/v1/items/first", lambda route: held.append(route))
    await page.get_by_role("button", name="Correct: First story").click()
    await until_held(page, held)
    await page.get_by_role("button", name="Correct: Second story").click()
    form = page.locator("#correct-form")
    await expect(form.get_by_label("Headline")).to_have_value("Second story")
    await form.get_by_label("Correction note").fill("Fixing the second story.")
    await held[0].continue_()
    await page.wait_for_timeout(300)
    await expect(form.locator(".target")).to_contain_text("Second story")
    await expect(form.get_by_label("Headline")).to_have_value("Second story")
    await expect(form.get_by_label("Correction note")).to_have_value("Fixing the second story.")
    console.assert_clean()
    await context.close()


async def test_a_correction_answered_after_the_list_is_shown_again_opens_under_the_item_listed_now(
    site: Site, browser: Browser, console: Console
) -> None:
    await site.push(story("first", headline="First story", published="2026-01-01T00:00:00Z"))
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    held: list[Route] = []
    await page.route("**/v1/items/first", lambda route: held.append(route))
    await page.get_by_role("button", name="Correct: First story").click()
    await until_held(page, held)
    await page.get_by_role("button", name="Show the newest items").click()  # the card it was asked from goes
    await expect(page.get_by_role("button", name="Correct: First story")).to_be_visible()
    await held[0].continue_()
    form = page.locator("#newest #correct-form")
    await expect(form.get_by_label("Headline")).to_have_value("First story")
    await page.get_by_role("button", name="Sign out").click()  # and signing out empties it as ever
    await expect(page.locator("#console")).to_be_hidden()
    await expect(page.locator("#correct-form")).to_be_hidden()
    console.assert_clean()
    await context.close()


async def test_a_correction_sent_then_left_for_another_story_leaves_that_story_s_form_alone(
    site: Site, browser: Browser, console: Console
) -> None:
    await site.push(story("first", headline="First story", published="2026-01-01T00:00:00Z"))
    await site.push(story("second", headline="Second story", published="2026-01-02T00:00:00Z"))
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    form = page.locator("#correct-form")
    await page.get_by_role("button", name="Correct: First story").click()
    await form.get_by_label("Correction note").fill("Fixing the first story.")
    held: list[Route] = []

    async def hold_posts(route: Route) -> None:
        if route.request.method == "POST":
            held.append(route)
        else:
            await route.continue_()

    await page.route("**/v1/items", hold_posts)
    await form.get_by_role("button", name="Publish the correction").click()
    await until_held(page, held)
    await form.get_by_label("Correction note").press("Escape")
    await page.get_by_role("button", name="Correct: Second story").click()
    await expect(form.get_by_label("Headline")).to_have_value("Second story")
    await form.get_by_label("Correction note").fill("Fixing the second story.")
    await held[0].continue_()
    await expect(page.locator("#list-form .status")).to_contain_text("Corrected: First story is now version 2")
    # The second story's form stays open, with what was typed in it, and its button works again.
    await expect(form).to_be_visible()
    await expect(form.locator(".target")).to_contain_text("Second story")
    await expect(form.get_by_label("Correction note")).to_have_value("Fixing the second story.")
    await expect(form.get_by_role("button", name="Publish the correction")).not_to_have_attribute(
        "aria-disabled", "true"
    )
    console.assert_clean()
    await context.close()


async def test_push_correct_and_withdraw_send_once_say_they_are_at_work_and_keep_the_focus(
    site: Site, browser: Browser, console: Console
) -> None:
    await site.push(story("busy", headline="Busy story", published="2026-01-01T00:00:00Z"))
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    form = page.locator("#item-form")
    await form.get_by_label("Id").fill("by-keyboard")
    await form.get_by_label("Headline", exact=True).fill("Pushed from the keyboard")
    await form.get_by_role("button", name="Push the item").focus()
    await page.keyboard.press("Enter")
    await expect(form.locator(".status")).to_contain_text("Stored (created)")
    await expect(form.get_by_role("button", name="Push the item")).to_be_focused()

    held: list[Route] = []

    async def hold_posts(route: Route) -> None:
        if route.request.method == "POST":
            held.append(route)
        else:
            await route.continue_()

    await page.route("**/v1/items", hold_posts)
    await page.route("**/v1/items/*/withdraw", hold_posts)
    await page.get_by_role("button", name="Correct: Busy story").click()
    correction = page.locator("#correct-form")
    await correction.get_by_label("Correction note").fill("A word was wrong.")
    submit = correction.get_by_role("button", name="Publish the correction")
    await submit.click()
    await until_held(page, held)
    await expect(correction.locator(".status")).to_have_text("Correcting…")
    await expect(submit).to_be_disabled()
    await expect(submit).to_be_focused()
    await page.keyboard.press("Enter")  # pressed again: nothing more is sent
    await page.wait_for_timeout(200)
    assert len(held) == 1
    await held.pop().continue_()
    await expect(page.locator("#list-form .status")).to_have_text("Corrected: Busy story is now version 2")

    await page.get_by_role("button", name="Withdraw: Busy story").click()
    withdrawal = page.locator("#withdraw-form")
    await withdrawal.get_by_label("Reason").fill("Duplicate.")
    submit = withdrawal.get_by_role("button", name="Withdraw the item")
    await submit.click()
    await until_held(page, held)
    await expect(withdrawal.locator(".status")).to_have_text("Withdrawing…")
    await expect(submit).to_be_disabled()
    await expect(submit).to_be_focused()
    await page.keyboard.press("Enter")
    await page.wait_for_timeout(200)
    assert len(held) == 1
    await held.pop().continue_()
    await expect(page.locator("#list-form .status")).to_have_text("Withdrawn: Busy story")
    console.assert_clean()
    await context.close()


async def test_the_preview_tables_are_readable_on_a_narrow_phone(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(browser, console, viewport={"width": 320, "height": 640}, is_mobile=True)
    await sign_in(page, site)
    await preview_seed(page)
    script = "[...document.querySelectorAll('#preview td')].filter(td => td.scrollWidth > td.clientWidth)"
    assert await page.evaluate(f"{script}.map(td => td.textContent)") == []  # no cell prints over the next
    assert await fits_the_width(page)
    await screenshot(page, "console-preview-narrow")
    console.assert_clean()
    await context.close()


async def test_a_page_whose_items_are_out_in_another_section_is_refused_beside_the_section_in_words(
    site: Site, browser: Browser, console: Console
) -> None:
    context, page = await new_page(browser, console)
    await sign_in(page, site)
    await preview_seed(page)
    await page.get_by_role("button", name="Publish").click()
    await expect(page.locator("#page-form .status")).to_contain_text("Published")
    await page.locator("#page-section").select_option("business")
    await page.get_by_role("button", name="Preview").click()
    article = "Islamist militants"
    error = page.locator("#page-section-error")
    await expect(error).to_contain_text(article)
    await expect(error).to_contain_text("and 8 more of the page's items are out already in World")
    await expect(page.locator("#page-section")).to_be_focused()
    await expect(page.locator("#page-section")).to_have_attribute("aria-invalid", "true")
    await expect(page.locator("#page-form .problem")).to_be_hidden()

    await page.get_by_label("Page text").fill("x" * 70_000)  # more than the server's max_body_bytes
    await page.get_by_role("button", name="Preview").click()
    await expect(page.locator("#page-text-error")).to_contain_text("longer than the server takes")
    await expect(page.get_by_label("Page text")).to_be_focused()
    await expect(page.locator("#page-form .problem")).to_be_hidden()
    console.assert_clean(409, 413)
    await context.close()
