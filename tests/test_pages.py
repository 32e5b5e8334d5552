"""Scraped pages read by `parse_page` alone (pure): the seed, and pages in other layouts and languages."""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, SHIPPED_CONFIG
from wire.boilerplate import Reason, fingerprint
from wire.config import SourceConfig, load_config
from wire.copyright import Notice
from wire.credits import CreditFinder
from wire.pages import Page, PageError, derived_id, is_prose, lede_headline, page_key, parse_page
from wire.timestamps import format_rfc3339

SEED = DATA / "seed" / "000_36dec588b06458ad.txt"
CONFIG = load_config(SHIPPED_CONFIG)
CREDITS = CreditFinder(CONFIG.agencies)
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

SEED_HEADLINES = [
    ("S. Korea well prepared if N. Korea attends Olympics", "2018-01-04T10:31:00Z"),
    ("Calls for probe into migrant death in Spain", "2018-01-03T11:41:00Z"),
    ("White House blames North Korea for cyberattack", "2017-12-19T18:09:00Z"),
    ("N. Korea weapons 'sprint' revives spectre of nuclear exchange", "2017-12-19T14:38:00Z"),
    ("US vetoes UN resolution rejecting Trump's Jerusalem decision", "2017-12-18T18:45:00Z"),
    ("Britain, France will back UN draft rejecting US Jerusalem move", "2017-12-18T16:37:00Z"),
    ("Trump says US captive in North Korea was tortured", "2017-09-28T07:32:00Z"),
    ("Israel demolishes five Palestinian houses in Negev's Saawah village", "2017-05-10T21:17:00Z"),
]

# A paragraph of prose, long enough to be a story's and not a headline.
LEDE = (
    "The central bank raised its main interest rate by a quarter of a point on Tuesday, the third rise this year, "
    "as inflation stayed well above its target and wages kept climbing faster than productivity in most sectors."
)


def parse(text: str, source: SourceConfig | None = None, **options: object) -> Page:
    return parse_page(
        text,
        source=source or CONFIG.sources["arabstoday"],
        credits=CREDITS,
        now=NOW,
        **options,  # type: ignore[arg-type]
    )


def source(**settings: object) -> SourceConfig:
    return SourceConfig(name="Test site", **settings)  # type: ignore[arg-type]


def headlines(page: Page) -> list[tuple[str, str | None]]:
    return [(h.text, format_rfc3339(h.time.reading.instant) if h.time else None) for h in page.headlines]


def removed(page: Page) -> list[tuple[str, Reason]]:
    return [(r.text, r.reason) for r in page.removed]


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# The seed.


def test_seed_article_is_the_story_paragraph_intact() -> None:
    page = parse(seed_text())
    story = seed_text().splitlines()[0]
    assert page.article.paragraphs == (story,)


def test_a_heading_above_the_seed_s_list_changes_no_headline_s_time() -> None:
    # A list's heading ("Read more") is furniture: it must not decide which side of each headline its time is on.
    lines = seed_text().splitlines()
    page = parse("\n".join([lines[0], "Read more", *lines[1:]]))
    assert headlines(page) == SEED_HEADLINES


def test_seed_article_credits_afp_and_carries_the_footers_rights() -> None:
    page = parse(seed_text())
    assert page.article.credits == ("AFP",)
    assert page.notice is not None
    assert page.notice.holder == "Arab Today Media Group"
    assert page.notice.year == 2021


def test_seed_gives_eight_headlines_each_with_the_time_that_stands_before_it() -> None:
    page = parse(seed_text())
    assert headlines(page) == SEED_HEADLINES


def test_seed_headline_keeps_its_timestamp_as_written_for_provenance() -> None:
    page = parse(seed_text())
    first = page.headlines[0].time
    assert first is not None
    assert first.reading.text == "GMT 10:31 2018 Thursday ,04 January"


def test_seed_footer_prompts_and_copyright_are_removed_with_their_reasons() -> None:
    page = parse(seed_text())
    footer = "Maintained and developed by Arabs Today Group SAL."
    rights = "All rights reserved to Arab Today Media Group 2021 ©"
    assert removed(page) == [
        (footer, Reason.PATTERN),
        (rights, Reason.COPYRIGHT),
        (footer, Reason.PATTERN),
        (rights, Reason.COPYRIGHT),
        ("Send your comments", Reason.COMMENT_PROMPT),
        ("Your comment as a visitor", Reason.COMMENT_PROMPT),
    ]
    assert [r.line for r in page.removed] == [10, 11, 12, 13, 14, 15]


def test_seed_article_text_holds_no_footer_prompt_or_headline_line() -> None:
    page = parse(seed_text())
    text = page.article.text
    for line in ("Maintained", "All rights reserved", "Send your comments", "Your comment", "GMT"):
        assert line not in text
    for headline, _ in SEED_HEADLINES:
        assert headline not in text


def test_seed_headline_is_cut_from_the_lede_at_a_clause() -> None:
    page = parse(seed_text())
    assert page.article.headline == (
        "A French counter-terrorism offensive in rebel-infested northern Mali ended with 11 Islamist militants "
        "killed and a French soldier wounded"
    )


def test_seed_footer_is_found_without_the_sources_pattern_because_it_repeats() -> None:
    page = parse(seed_text(), source(zone="UTC"))
    footer = "Maintained and developed by Arabs Today Group SAL."
    assert headlines(page) == SEED_HEADLINES
    assert (footer, Reason.REPEATED) in removed(page)
    assert page.notice is not None
    assert page.notice.holder == "Arab Today Media Group"


@pytest.mark.parametrize("after", [[], [10], [10, 13, 14]], ids=["nothing", "rights", "rights-and-prompts"])
def test_the_seed_s_footer_met_once_is_cut_from_the_last_headline_it_is_glued_to(after: list[int]) -> None:
    # The site's footer glued to the last headline, and not repeated on the page: the source's pattern cuts it.
    kept = seed_text().splitlines()
    page = parse("\n".join(kept[:10] + [kept[n] for n in after]))
    assert headlines(page) == SEED_HEADLINES
    assert page.article.paragraphs == (kept[0],)
    assert ("Maintained and developed by Arabs Today Group SAL.", Reason.PATTERN) in removed(page)


@pytest.mark.parametrize("after", [[], [10, 11, 12]], ids=["once", "repeated"])
def test_the_seed_s_footer_is_cut_from_a_last_headline_ending_in_an_acronym(after: list[int]) -> None:
    kept = seed_text().splitlines()
    last = kept[9].replace("in Negev's Saawah village", "after talks with the EU")
    page = parse("\n".join([*kept[:9], last, *(kept[n] for n in after)]))
    last_headline = ("Israel demolishes five Palestinian houses after talks with the EU", "2017-05-10T21:17:00Z")
    assert headlines(page) == [*SEED_HEADLINES[:7], last_headline]
    assert page.article.paragraphs == (kept[0],)


@pytest.mark.parametrize("last", ["He is being questioned.", "Russia called for restraint.", "Talks resume Monday."])
def test_a_story_s_short_last_paragraph_stays_the_story_s(last: str) -> None:
    kept = seed_text().splitlines()
    page = parse("\n".join([kept[0], last, *kept[1:]]))
    assert page.article.paragraphs == (kept[0], last)
    assert headlines(page) == SEED_HEADLINES


@pytest.mark.parametrize("link", ["More in U.S.", "More from the U.K.", "Back to U.N."])
def test_a_section_s_link_ending_in_a_dotted_abbreviation_after_the_story_is_no_paragraph_of_it(link: str) -> None:
    kept = seed_text().splitlines()
    page = parse("\n".join([kept[0], link, *kept[1:]]))
    assert page.article.paragraphs == (kept[0],)
    assert headlines(page) == SEED_HEADLINES


def test_a_story_run_into_the_list_after_it_on_one_line_keeps_the_list_out() -> None:
    # The site's list written on the story's line, each headline glued to the time before it ("...JanuaryS. Korea").
    kept = seed_text().splitlines()
    page = parse("\n".join([LEDE + "".join(kept[1:10]), *kept[10:]]))
    assert page.article.paragraphs == (LEDE,)
    assert headlines(page) == SEED_HEADLINES


def test_footer_year_is_never_a_time() -> None:
    page = parse(seed_text())
    times = [h.time.reading.text for h in page.headlines if h.time]
    assert all("2021" not in t for t in times)


# Other layouts and languages.


def test_french_page_with_times_after_headlines_pairs_each_time_with_the_headline_before_it() -> None:
    text = "\n".join(
        [
            "Accueil | Politique | Économie",
            "PARIS (AFP) - Le gouvernement a présenté mardi un projet de loi sur les retraites qui relève l'âge "
            "légal de départ, a-t-on appris de source officielle, malgré l'opposition des syndicats et d'une "
            "partie de la majorité.",
            "Le texte sera examiné au Parlement au printemps, a précisé le ministre du Travail.",
            "À lire aussi",
            "Le Sénat adopte le budget de la Sécurité sociale - 12 mars 2024 à 09h15",
            "Grève dans les transports : le trafic reste perturbé - 11 mars 2024 à 18h40",
            "La réforme de l'assurance chômage contestée en justice - 10 mars 2024 à 07h05",
            "Laissez un commentaire",
            "© Le Monde 2024 - Tous droits réservés",
        ]
    )
    page = parse(text, source(zone="Europe/Paris", dayfirst=True, language="fr"))
    assert headlines(page) == [
        ("Le Sénat adopte le budget de la Sécurité sociale", "2024-03-12T08:15:00Z"),
        ("Grève dans les transports : le trafic reste perturbé", "2024-03-11T17:40:00Z"),
        ("La réforme de l'assurance chômage contestée en justice", "2024-03-10T06:05:00Z"),
    ]
    assert page.article.paragraphs[0].startswith("PARIS (AFP) - Le gouvernement")
    assert page.article.paragraphs[-1].startswith("Le texte sera examiné")
    assert page.article.credits == ("AFP",)
    assert page.article.headline.startswith("Le gouvernement a présenté mardi un projet de loi")
    assert page.notice is not None
    assert page.notice.holder == "Le Monde"
    reasons = dict(removed(page))
    assert reasons["Laissez un commentaire"] is Reason.COMMENT_PROMPT
    assert reasons["Accueil | Politique | Économie"] is Reason.FURNITURE
    assert reasons["À lire aussi"] is Reason.FURNITURE


def test_german_page_with_times_on_their_own_lines_before_headlines() -> None:
    text = "\n".join(
        [
            "Berlin (dpa) - Die Bahn und die Gewerkschaft haben sich nach wochenlangen Verhandlungen auf einen "
            "neuen Tarifvertrag geeinigt, wie beide Seiten am Mittwoch mitteilten. Weitere Streiks sind damit "
            "vorerst vom Tisch.",
            "Mehr zum Thema",
            "12.03.2024, 10:15 Uhr",
            "Lufthansa streicht Hunderte Flüge",
            "11.03.2024, 08:30 Uhr",
            "Inflation sinkt auf tiefsten Stand seit drei Jahren",
            "Kommentar schreiben",
            "© Süddeutsche Zeitung GmbH, München. Alle Rechte vorbehalten.",
        ]
    )
    page = parse(text, source(zone="Europe/Berlin", dayfirst=True))
    assert headlines(page) == [
        ("Lufthansa streicht Hunderte Flüge", "2024-03-12T09:15:00Z"),
        ("Inflation sinkt auf tiefsten Stand seit drei Jahren", "2024-03-11T07:30:00Z"),
    ]
    assert page.article.credits == ("DPA",)
    assert page.notice is not None
    assert page.notice.holder == "Süddeutsche Zeitung GmbH, München"


def test_spanish_headlines_with_relative_times_are_placed_against_now() -> None:
    text = "\n".join(
        [
            "MADRID, 14 mar (EFE).- El Gobierno aprobó este martes la reforma de la ley de vivienda, que limita "
            "los precios del alquiler en las zonas tensionadas y amplía el parque público, informó EFE.",
            "El Congreso debate la ley de amnistía hace 3 horas",
            "Sube el precio de la luz hace 5 horas",
            "Todos los derechos reservados © El País 2024",
        ]
    )
    page = parse(text, source(zone="Europe/Madrid", dayfirst=True))
    assert headlines(page) == [
        ("El Congreso debate la ley de amnistía", "2026-03-01T09:00:00Z"),
        ("Sube el precio de la luz", "2026-03-01T07:00:00Z"),
    ]
    assert page.article.credits == ("EFE",)
    assert page.notice is not None
    assert page.notice.holder == "El País"


def test_arabic_page_with_dates_before_headlines() -> None:
    text = "\n".join(
        [
            "القاهرة - أعلنت الحكومة المصرية اليوم الثلاثاء عن حزمة جديدة من الإجراءات الاقتصادية لدعم الأسر "
            "محدودة الدخل، وذلك في ظل ارتفاع معدلات التضخم، بحسب ما أفادت وكالة فرانس برس نقلا عن مصادر رسمية.",
            "الثلاثاء 12 مارس 2024 10:15",
            "ارتفاع أسعار النفط في الأسواق العالمية",
            "الإثنين 11 مارس 2024 08:30",
            "قمة عربية طارئة في الرياض الأسبوع المقبل",
            "أضف تعليقك",
            "جميع الحقوق محفوظة لـ اليوم العربي © 2024",
        ]
    )
    page = parse(text, source(zone="Africa/Cairo", dayfirst=True))
    assert headlines(page) == [
        ("ارتفاع أسعار النفط في الأسواق العالمية", "2024-03-12T08:15:00Z"),
        ("قمة عربية طارئة في الرياض الأسبوع المقبل", "2024-03-11T06:30:00Z"),
    ]
    assert page.article.credits == ("AFP",)
    assert page.notice is not None
    assert page.notice.holder == "اليوم العربي"
    assert ("أضف تعليقك", Reason.COMMENT_PROMPT) in removed(page)


def test_chinese_page_credits_xinhua_and_reads_its_copyright() -> None:
    text = "\n".join(
        [
            "新华社北京3月12日电 据新华社报道，第十四届全国人民代表大会第二次会议12日在北京人民大会堂举行闭幕会，"
            "会议表决通过了国务院组织法修订草案，代表们对政府工作报告给予了高度评价。",
            "2024年03月11日 10:15 国务院召开常务会议",
            "2024年03月10日 08:30 全国政协会议闭幕",
            "发表评论",
            "版权所有 © 2024 新华网",
        ]
    )
    page = parse(text, source(zone="Asia/Shanghai"))
    assert headlines(page) == [
        ("国务院召开常务会议", "2024-03-11T02:15:00Z"),
        ("全国政协会议闭幕", "2024-03-10T00:30:00Z"),
    ]
    assert page.article.credits == ("Xinhua",)
    assert page.notice is not None
    assert page.notice.holder == "新华网"
    assert ("发表评论", Reason.COMMENT_PROMPT) in removed(page)


def test_headlines_without_times_between_dated_ones_are_headlines_too() -> None:
    text = "\n".join(
        [
            LEDE,
            "Latest news",
            "Markets rally as rate fears ease 2024-03-12 10:15",
            "Storm warning issued for the west coast",
            "Ministers agree on new housing plan 2024-03-11 09:00",
            "Contact us",
        ]
    )
    page = parse(text, source(zone="UTC"))
    assert headlines(page) == [
        ("Markets rally as rate fears ease", "2024-03-12T10:15:00Z"),
        ("Storm warning issued for the west coast", None),
        ("Ministers agree on new housing plan", "2024-03-11T09:00:00Z"),
    ]
    assert ("Latest news", Reason.OUTSIDE_ARTICLE) in removed(page)
    assert ("Contact us", Reason.OUTSIDE_ARTICLE) in removed(page)


def test_relative_times_after_headlines_on_their_own_lines_between_a_heading_and_footer_links() -> None:
    text = "\n".join(
        [
            "Home",
            "Central bank raises rates again",
            "Published: 12 March 2024 09:30 GMT",
            LEDE,
            '"We will do what it takes," the governor told reporters, adding that further rises were possible.',
            "Analysts said the move was expected.",
            "Related stories",
            "Pound jumps after rate decision",
            "2 hours ago",
            "Mortgage rates hit new high",
            "5 hours ago",
            "Savers cheer as banks lift deposit rates",
            "Yesterday at 16:40",
            "Contact us",
            "Terms of use",
            "© 2024 Daily Planet Ltd. All rights reserved.",
        ]
    )
    page = parse(text, source(zone="UTC"))
    assert headlines(page) == [
        ("Pound jumps after rate decision", "2026-03-01T10:00:00Z"),
        ("Mortgage rates hit new high", "2026-03-01T07:00:00Z"),
        ("Savers cheer as banks lift deposit rates", "2026-02-28T16:40:00Z"),
    ]
    assert page.article.paragraphs[0] == LEDE
    assert page.article.paragraphs[-1] == "Analysts said the move was expected."
    assert page.article.headline == "Central bank raises rates again"  # the story's own, not left out
    outside = [text for text, reason in removed(page) if reason is Reason.OUTSIDE_ARTICLE]
    assert outside == ["Home", "Related stories", "Contact us", "Terms of use"]


def test_a_list_before_the_story_with_times_of_day_before_its_headlines() -> None:
    text = f"Latest\n10:31 Markets open higher in Asia\n09:15 Oil steady near $80\n{LEDE}\nReuters"
    page = parse(text, source(zone="UTC"))
    assert headlines(page) == [
        ("Markets open higher in Asia", "2026-03-01T10:31:00Z"),
        ("Oil steady near $80", "2026-03-01T09:15:00Z"),
    ]
    assert page.article.paragraphs == (LEDE,)
    assert page.article.credits == ("Reuters",)


def test_a_ranked_list_with_dates_in_brackets_gives_clean_headlines() -> None:
    text = "\n".join(
        [
            LEDE,
            "Most read",
            "1. Pound jumps after rate decision (12/03/2024)",
            "2. Mortgage rates hit new high (11/03/2024)",
        ]
    )
    page = parse(text, source(zone="Europe/London", dayfirst=True))
    assert headlines(page) == [
        ("Pound jumps after rate decision", "2024-03-12T00:00:00Z"),
        ("Mortgage rates hit new high", "2024-03-11T00:00:00Z"),
    ]


def test_a_line_of_headlines_and_times_glued_without_breaks_is_cut_into_headlines() -> None:
    glued = "Markets rally as fears ease2024-03-12 10:15Storm warning issued2024-03-11 09:00"
    page = parse(f"{LEDE}\n{glued}", source(zone="UTC"))
    assert headlines(page) == [
        ("Markets rally as fears ease", "2024-03-12T10:15:00Z"),
        ("Storm warning issued", "2024-03-11T09:00:00Z"),
    ]


def test_a_timestamp_glued_to_the_end_of_the_story_still_heads_its_headline() -> None:
    story, first_time, *rest = seed_text().split("\n")
    story += " No further details were given."
    page = parse("\n".join([story + first_time, *rest]))
    assert headlines(page) == SEED_HEADLINES
    assert page.article.paragraphs == (story,)


def test_dates_inside_the_story_stay_in_the_story() -> None:
    text = (
        "When the northern town of Aguelhoc was taken on January 24 2012, more than 90 soldiers and civilians were "
        "killed, the statement said, adding that prayers were planned on 26 January 2014 at 10:00 in Kati."
    )
    page = parse(text)
    assert page.article.paragraphs == (text,)
    assert page.headlines == ()


def test_a_lone_dateline_is_no_headline() -> None:
    page = parse(f"Published 12 March 2024 10:15\n{LEDE}", source(zone="UTC"))
    assert page.headlines == ()
    assert page.article.paragraphs == (LEDE,)
    # The story's own time line, labelled: neither a headline nor the article's.
    assert removed(page) == [("Published", Reason.LONE_TIMESTAMP), ("12 March 2024 10:15", Reason.LONE_TIMESTAMP)]


def test_a_copyright_line_with_a_full_date_gives_no_headline() -> None:
    page = parse(f"{LEDE}\nCopyright © 1 January 2021 Daily Planet Ltd", source(zone="UTC"))
    assert page.headlines == ()
    assert page.notice is not None
    assert page.notice.holder == "Daily Planet Ltd"


def test_a_short_line_that_credits_an_agency_adds_the_credit() -> None:
    page = parse(f"{LEDE}\n(Reuters)", source(zone="UTC"))
    assert page.article.credits == ("Reuters",)
    assert removed(page) == [("(Reuters)", Reason.CREDIT_LINE)]


def test_an_agency_in_a_sidebar_headline_does_not_credit_the_article() -> None:
    text = f"{LEDE}\nOil prices fall, Reuters reported 2024-03-12 10:15\nGold steady 2024-03-11 09:00"
    page = parse(text, source(zone="UTC"))
    assert page.article.credits == ()


def test_a_word_that_contains_an_agency_code_is_no_credit() -> None:
    page = parse(f"{LEDE} The SAFPORT terminal and the CAPITAL group were named.", source(zone="UTC"))
    assert page.article.credits == ()


def test_a_paragraph_repeated_on_the_page_is_kept_once() -> None:
    page = parse(f"{LEDE}\n{LEDE}", source(zone="UTC"))
    assert page.article.paragraphs == (LEDE,)
    assert removed(page) == [(LEDE, Reason.DUPLICATE)]


def test_a_headline_repeated_in_two_lists_is_one_headline() -> None:
    lists = "Markets rally 2024-03-12 10:15\nGold steady today 2024-03-11 09:00\n"
    page = parse(f"{LEDE}\n{lists}{lists}", source(zone="UTC"))
    assert headlines(page) == [
        ("Markets rally", "2024-03-12T10:15:00Z"),
        ("Gold steady today", "2024-03-11T09:00:00Z"),
    ]


# Lines seen on earlier pages of the source.


def test_a_line_seen_on_earlier_pages_is_boilerplate() -> None:
    page = parse(
        f"Follow us on Twitter\n{LEDE}\nNewsletter sign-up", seen_lines=frozenset({fingerprint("follow US on twitter")})
    )
    assert ("Follow us on Twitter", Reason.SEEN_BEFORE) in removed(page)


def test_headlines_seen_on_earlier_pages_are_still_headlines() -> None:
    seen = frozenset(fingerprint(h) for h, _ in SEED_HEADLINES)
    page = parse(seed_text(), seen_lines=seen)
    assert headlines(page) == SEED_HEADLINES


def test_the_lines_to_remember_leave_out_headlines_and_prose() -> None:
    page = parse(seed_text())
    assert fingerprint("Send your comments") in page.lines_to_remember
    assert fingerprint("Maintained and developed by Arabs Today Group SAL.") in page.lines_to_remember
    for headline, _ in SEED_HEADLINES:
        assert fingerprint(headline) not in page.lines_to_remember
    assert fingerprint(seed_text().splitlines()[0]) not in page.lines_to_remember


# Ids and keys.


def test_ids_and_page_keys_depend_on_content_not_on_spacing() -> None:
    assert derived_id("arabstoday", "article", "Some  text") == derived_id("arabstoday", "article", "some text")
    assert derived_id("arabstoday", "headline", "x").startswith("arabstoday-h-")
    assert derived_id("arabstoday", "article", "x") != derived_id("other", "article", "x")
    assert page_key("arabstoday", "A  page\n") == page_key("arabstoday", "a page")


def test_lede_headline_drops_a_dateline_and_cuts_at_a_word_when_no_clause_fits() -> None:
    assert lede_headline("PARIS (AFP) - Troops moved north on Friday. More followed.") == "Troops moved north on Friday"
    # The datelines of other agencies and scripts.
    spanish = "Madrid, 12 mar (EFE).- El Gobierno aprobó este martes el proyecto de ley tras meses de negociación."
    assert lede_headline(spanish) == "El Gobierno aprobó este martes el proyecto de ley tras meses de negociación"
    arabic = "نيويورك (فرانس برس) - دعا مجلس الأمن الدولي الخميس إلى وقف فوري لإطلاق النار في السودان وسط المعارك."
    assert lede_headline(arabic) == "دعا مجلس الأمن الدولي الخميس إلى وقف فوري لإطلاق النار في السودان وسط المعارك"
    long = "word " * 60
    cut = lede_headline(long)
    assert cut.endswith("…")
    assert len(cut) <= 150


BUDGET_ZH = "财政部长周二公布了明年的新预算案，其中包括大幅增加教育和医疗支出，"


@pytest.mark.parametrize(
    ("lede", "headline"),
    [
        # The full stops of Urdu and Hindi end the headline's sentence and are not kept in it.
        (
            "حکومت نے منگل کو نئے بجٹ کا اعلان کیا۔ اپوزیشن نے اسے مسترد کر دیا۔",
            "حکومت نے منگل کو نئے بجٹ کا اعلان کیا",
        ),
        ("सरकार ने मंगलवार को नए बजट की घोषणा की। विपक्ष ने इसे खारिज कर दिया।", "सरकार ने मंगलवार को नए बजट की घोषणा की"),
        # A sentence longer than a headline is cut at the Arabic comma, or at a comma of Chinese.
        (
            "أعلن وزير المالية الثلاثاء عن ميزانية جديدة للعام المقبل تتضمن زيادة كبيرة في الإنفاق على التعليم والصحة، "
            "في حين انتقدت المعارضة الخطة ووصفتها بأنها غير واقعية "
            "ولا تراعي الظروف الاقتصادية الصعبة التي يمر بها البلد.",
            "أعلن وزير المالية الثلاثاء عن ميزانية جديدة للعام المقبل تتضمن زيادة كبيرة في الإنفاق على التعليم والصحة",
        ),
        (BUDGET_ZH * 5 + "反对派批评该计划不切实际。", BUDGET_ZH * 4 + "财政部长周二公布了明年的新预算案"),
    ],
)
def test_lede_headline_knows_the_stops_and_commas_of_other_scripts(lede: str, headline: str) -> None:
    assert lede_headline(lede) == headline


def test_a_short_paragraph_ending_in_a_danda_is_a_sentence_of_the_story() -> None:
    short = "विपक्ष ने इसे खारिज कर दिया।"  # six words and its full stop: a sentence beside the story, not a label
    page = parse("\n".join([LEDE, short]), source(zone="UTC"))
    assert page.article.paragraphs[-1] == short


# Pages that cannot be made sense of.


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "holds no text"),
        (" \n\t\n\x00\x07\n", "holds no text"),
        ("Send your comments\nAll rights reserved to Foo 2021 ©", "no article text"),
        ("x" * 2_000_001, "the limit is 2,000,000"),
        ("a\n" * 20_001, "the limit is 20,000"),
    ],
)
def test_a_page_without_article_text_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(PageError, match=message):
        parse(text)


def test_a_page_of_only_headlines_and_boilerplate_says_what_it_held() -> None:
    text = "Markets rally 2024-03-12 10:15\nGold steady today 2024-03-11 09:00\n© 2024 Foo"
    with pytest.raises(PageError, match=r"no article text.*1 copyright line; 2 dated headlines"):
        parse(text, source(zone="UTC"))


# Any input.


@settings(max_examples=300, deadline=2_000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [*"abcXYZ 0123456789:.,-()©\n\t|é年١", "GMT", "2017", "Today", "May", "Send your comments", "AFP", LEDE]
        ),
        max_size=200,
    ).map("".join)
)
def test_any_text_gives_a_page_or_a_clear_error(text: str) -> None:
    page = outcome(text)
    if isinstance(page, PageError):
        assert str(page)
    else:
        assert page.article.paragraphs
        assert all(h.text for h in page.headlines)


@given(st.text(max_size=2_000))
@settings(max_examples=200, deadline=2_000)
def test_any_unicode_gives_a_page_or_a_clear_error(text: str) -> None:
    page = outcome(text)
    assert str(page) if isinstance(page, PageError) else page.article.paragraphs


def outcome(text: str) -> Page | PageError:
    try:
        return parse(text)
    except PageError as exc:
        return exc


@pytest.mark.parametrize(
    "text",
    [
        "1 " * 500_000,
        "Today " * 170_000,
        ("Headline text here 2024-03-12 10:15\n" * 25_000)[:1_000_000],
        "a" * 1_000_000,
        ("Footer line that repeats\n" * 40_000)[:1_000_000],
        "(" * 500_000 + "AFP" + ")" * 500_000,
        "©" * 1_000_000,
        "ab" * 499_999 + "\n" + LEDE,
        LEDE + "\n" + "A-" * 499_000 + "!",
        LEDE + "\n" + "said on Sunday – Reuters " * 40_000,
    ],
    ids=[
        "digits",
        "today",
        "headlines",
        "one-letter",
        "repeats",
        "parentheses",
        "signs",
        "long-line",
        "hyphens",
        "dashes",
    ],
)
def test_a_megabyte_page_built_to_be_slow_is_read_in_bounded_time(text: str) -> None:
    started = time.monotonic()
    with contextlib.suppress(PageError):
        parse(text, source(zone="UTC"))
    assert time.monotonic() - started < 20


def test_a_story_of_short_paragraphs_under_its_dateline_keeps_the_menus_and_footer_out() -> None:
    # No paragraph is long enough to be prose: the story's sentences stand for it, and its lede, under the
    # dateline's time, is not taken for a headline of a list.
    paragraphs = [
        "Der Bundestag hat am Freitag das umstrittene Gebäudeenergiegesetz beschlossen, wie die Deutsche "
        "Presse-Agentur berichtet (dpa).",
        "Für den Entwurf stimmten 399 Abgeordnete, 275 votierten dagegen, fünf enthielten sich.",
        "Die Opposition kündigte an, gegen das Gesetz vor dem Bundesverfassungsgericht zu klagen.",
    ]
    text = "\n".join(
        [
            "Startseite › Politik › Ausland",
            "Bundestag beschließt Heizungsgesetz nach monatelangem Streit",
            "Berlin, 8. September 2023, 13:47 Uhr",
            paragraphs[0],
            "",
            paragraphs[1],
            "",
            paragraphs[2],
            "Mehr zum Thema",
            "07.09.2023, 18:22 Uhr",
            "Scholz verteidigt Haushaltsentwurf im Bundestag",
            "06.09.2023, 09:03 Uhr",
            "Inflation in Deutschland sinkt auf 6,1 Prozent",
            "Newsletter abonnieren",
            "© SPIEGEL 2023 – Alle Rechte vorbehalten",
            "Impressum | Datenschutz | Nutzungsbedingungen",
        ]
    )
    page = parse(text, source(zone="Europe/Berlin", dayfirst=True))
    assert page.article.paragraphs == tuple(paragraphs)
    assert page.article.credits == ("DPA",)
    assert headlines(page) == [
        ("Scholz verteidigt Haushaltsentwurf im Bundestag", "2023-09-07T16:22:00Z"),
        ("Inflation in Deutschland sinkt auf 6,1 Prozent", "2023-09-06T07:03:00Z"),
    ]
    reasons = dict(removed(page))
    assert reasons["Impressum | Datenschutz | Nutzungsbedingungen"] is Reason.FURNITURE
    assert reasons["Newsletter abonnieren"] is Reason.FURNITURE


def news_page(*story: str, updated: str = "16:05") -> str:
    """A news site's page as scraped: its menu, the story's time line, share buttons, the story with a newsletter
    box and a photo's credit among its paragraphs, a list of other headlines with their times, the footer."""
    return "\n".join(
        [
            "Home | World | Business",
            "Floods force thousands from their homes in central Europe",
            f"Published 14:32 GMT, 12 March 2024 | Updated {updated} GMT, 12 March 2024",
            "Share on Facebook",
            "Share via Email",
            "PRAGUE (Reuters) - Torrential rain forced thousands of people from their homes across central Europe on "
            "Thursday, as rivers in the Czech Republic and Austria burst their banks after days of storms.",
            "Sign up for our daily newsletter",
            "Get the top stories delivered to your inbox every morning.",
            "Photo: Michal Cizek / AP",
            *story,
            "Read more",
            "Markets slide as oil jumps 5%",
            "14:10 GMT, 12 March 2024",
            "Heatwave grips southern Australia",
            "09:02 GMT, 12 March 2024",
            "© 2024 Daily Planet Ltd. All rights reserved.",
        ]
    )


def test_a_site_s_furniture_and_the_story_s_time_line_reach_no_item() -> None:
    page = parse(news_page("Meteorologists warned that more rain was on the way."), source(zone="UTC"))
    assert headlines(page) == [
        ("Markets slide as oil jumps 5%", "2024-03-12T14:10:00Z"),
        ("Heatwave grips southern Australia", "2024-03-12T09:02:00Z"),
    ]
    assert page.article.paragraphs[-1] == "Meteorologists warned that more rain was on the way."
    reasons = dict(removed(page))
    for furniture in (
        "Share on Facebook",
        "Share via Email",
        "Sign up for our daily newsletter",
        "Get the top stories delivered to your inbox every morning.",
        "Photo: Michal Cizek / AP",
        "Read more",
    ):
        assert reasons[furniture] is Reason.FURNITURE
    assert reasons["Published"] is reasons["Updated"] is Reason.LONE_TIMESTAMP


def test_a_story_posted_again_after_the_site_updated_it_keeps_its_short_paragraphs() -> None:
    # The site's pages of one story repeat its paragraphs: they are the story, not the site's furniture.
    seen: Counter[str] = Counter()
    short = "Meteorologists warned that more rain was on the way."
    pages = [
        news_page(short),
        news_page(short, "Two people died in Poland, officials said.", updated="17:20"),
        news_page(short, "Two people died in Poland, officials said.", "The army was sent in.", updated="19:45"),
    ]
    for text in pages:
        page = parse(text, source(zone="UTC"), seen_lines=frozenset(f for f, n in seen.items() if n >= 2))
        seen.update(page.lines_to_remember)
        assert short in page.article.paragraphs
    assert page.article.paragraphs[-2:] == ("Two people died in Poland, officials said.", "The army was sent in.")


def test_a_cookie_banner_and_the_site_s_link_lines_reach_no_item() -> None:
    banner = "We use cookies and similar technologies to give you the best experience on our website."
    text = "\n".join([banner, "Accept all", "Settings", news_page(), "Terms of Use | Privacy Policy | Contact us"])
    page = parse(text, source(zone="UTC"))
    assert page.article.paragraphs[0].startswith("PRAGUE (Reuters) - Torrential rain")
    assert page.article.headline == "Floods force thousands from their homes in central Europe"
    reasons = dict(removed(page))
    for furniture in (
        banner,
        "Accept all",
        "Settings",
        "Home | World | Business",
        "Terms of Use | Privacy Policy | Contact us",
    ):
        assert reasons[furniture] is Reason.FURNITURE, furniture
    assert [h[0] for h in headlines(page)] == ["Markets slide as oil jumps 5%", "Heatwave grips southern Australia"]


@pytest.mark.parametrize(
    "title", ["Cumbre fijada para el 5 de marzo", "Summit set for the 5th of March", "Sommet prévu le 5 mars"]
)
def test_a_date_written_as_words_at_a_headline_s_end_is_the_headline_s_own(title: str) -> None:
    text = "\n".join([STORY, title, "3 hours ago", "Another big story of the day", "4 hours ago"])
    assert headlines(parse(text, source(zone="UTC"))) == [
        (title, "2026-03-01T09:00:00Z"),
        ("Another big story of the day", "2026-03-01T08:00:00Z"),
    ]


def test_a_date_among_a_headline_s_words_is_the_headline_s_own() -> None:
    # "fixé au 22 mars" is what the headline says; its time is the one printed beside it.
    text = "\n".join(
        [
            "PARIS (AFP) - L'Assemblée nationale a adopté jeudi soir en première lecture le projet de réforme des "
            "retraites, au terme de deux semaines de débats souvent houleux dans l'hémicycle.",
            "Grève SNCF : le trafic fortement perturbé ce vendredi",
            "12/03/2026 - 17:45",
            "Municipales : le second tour fixé au 22 mars",
            "12/03/2026 - 11:20",
            "Inflation : les prix ont ralenti en février selon l'Insee",
            "11/03/2026 - 09:00",
        ]
    )
    page = parse(text, source(zone="Europe/Paris", dayfirst=True))
    assert headlines(page) == [
        ("Grève SNCF : le trafic fortement perturbé ce vendredi", "2026-03-12T16:45:00Z"),
        ("Municipales : le second tour fixé au 22 mars", "2026-03-12T10:20:00Z"),
        ("Inflation : les prix ont ralenti en février selon l'Insee", "2026-03-11T08:00:00Z"),
    ]


STORY = (
    "France's prime minister survived a no-confidence vote on Monday by a margin of just nine votes, after a tense "
    "debate in which the opposition accused the government of forcing its pension reform through parliament."
)
LIST = [
    ("Oil prices jump after tanker attack in the Gulf", "2026-03-12T00:00:00Z"),
    ("Central bank holds rates as inflation cools", "2026-03-11T00:00:00Z"),
    ("Floods force thousands from their homes in Brazil", "2026-03-10T00:00:00Z"),
]


@pytest.mark.parametrize(
    ("lines", "above"),
    [
        # A labelled time under each headline, above the story or below it: a list, not the story's own times.
        (["Latest news", *(f"{h}\nUpdated {d[8:10]} March 2026 09:00" for h, d in LIST)], True),
        (["Most read", *(f"{h}\nPublished March {int(d[8:10])}" for h, d in LIST)], False),
        (["Les plus lus", *(f"{h}\nPublié le {int(d[8:10])} mars" for h, d in LIST)], False),
        # A date alone beside a headline, after a separator, is its time even without a year.
        ([*(f"{h} | {int(d[8:10])} March" for h, d in LIST)], False),
    ],
)
def test_labelled_and_yearless_times_in_a_list_go_with_their_headlines(lines: list[str], above: bool) -> None:
    text = "\n".join([*lines, STORY] if above else [STORY, *lines])
    page = parse(text, source(zone="UTC"))
    assert [h for h, _ in headlines(page)] == [h for h, _ in LIST]
    assert [(t or "")[5:10] for _, t in headlines(page)] == [
        d[5:10] for _, d in LIST
    ]  # the year: the latest that has come
    assert page.article.paragraphs == (STORY,)


def test_headlines_that_look_like_furniture_stay_headlines() -> None:
    titles = [
        "Related-party loans at state bank draw regulator scrutiny",
        "Credit: Banks tighten lending to small firms",
        "Facebook fined over data breach",
        "Opinion | Why Europe needs its own army | Anne Applebaum",
        "We use cookies to spy on you, ex-Meta engineer says",
        "Inscrits sur les listes, ils votent avec un bulletin nul",
    ]
    text = "\n".join([STORY, *(f"{t}\n12/03/2026 {10 + n:02d}:00" for n, t in enumerate(titles))])
    assert [h for h, _ in headlines(parse(text, source(zone="UTC", dayfirst=True)))] == titles


def test_a_story_quoting_a_cookie_banner_or_naming_sites_keeps_its_paragraphs() -> None:
    quote = '"We use my grandmother\'s recipe, nothing more," said the owner, whose chocolate cookies sell out by noon.'
    lineup = "Courtois · Carvajal · Militão · Rüdiger · Mendy"
    after = "The second half was goalless, and the home side held on for a point that keeps it top of the table."
    page = parse("\n".join([STORY, quote, lineup, after]), source(zone="UTC"))
    assert quote in page.article.paragraphs
    assert lineup in page.article.paragraphs


@pytest.mark.parametrize(
    "lede",
    [
        "The International Monetary Fund (IMF) - the lender of last resort - cut its growth forecast on Tuesday.",
        "Officials (speaking anonymously) - and there were many - said the deal was dead after the talks.",
        "Apple (AAPL) - the world's most valuable company - reported record revenue on Thursday.",
    ],
)
def test_an_aside_in_brackets_is_no_dateline(lede: str) -> None:
    assert lede_headline(lede) == lede.rstrip(".")


@pytest.mark.parametrize(
    ("ago", "hours"),
    [("an hour ago", 1), ("hace dos horas", 2), ("vor einer Stunde", 1), ("منذ ساعتين", 2), ("il y a une heure", 1)],
)
def test_a_relative_time_in_words_goes_with_its_headline(ago: str, hours: int) -> None:
    # Written without digits: a word for "ago" makes it a time, where "Black Friday" alone is a name.
    lines = [STORY, "Oil prices jump after tanker attack in the Gulf", ago, "Central bank holds rates", ago]
    page = parse("\n".join([*lines, "Black Friday sales start early"]), source(zone="UTC"))
    expected = format_rfc3339(NOW - timedelta(hours=hours))
    assert headlines(page) == [
        ("Oil prices jump after tanker attack in the Gulf", expected),
        ("Central bank holds rates", expected),
    ]


# Pages written for the tests (tests/data/pages/, see its README), each in a common layout of a news site.

PAGES = DATA / "pages"


def page_text(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_an_agency_s_copyright_line_under_the_story_holds_its_rights_and_the_footer_the_site_s() -> None:
    # "Copyright 2024 The Associated Press. All rights reserved." under the story, "© 2024 Midland Courier, ..." in the
    # footer: one each, the footer's (the last) held the story's rights too.
    page = parse(page_text("regional_ap.txt"), source(zone="America/Chicago", dayfirst=False))
    assert page.article.notice == Notice("The Associated Press", 2024)
    assert page.notice == Notice("Midland Courier, a Lee Enterprises company", 2024)


def test_a_copyright_line_right_under_the_story_with_no_footer_lower_is_the_site_s() -> None:
    listed = ["Markets rally as rate fears ease 2024-03-12 10:15", "Gold steady as dollar slips 2024-03-11 09:00"]
    under = parse("\n".join([LEDE, "Copyright 2024 Thomson Reuters", *listed, "© 2024 Foo Times"]), source())
    assert under.article.notice == Notice("Thomson Reuters", 2024)
    assert under.notice == Notice("Foo Times", 2024)
    footer = parse("\n".join([LEDE, "© 2024 Foo Times"]), source())
    assert footer.article.notice is None
    assert footer.notice == Notice("Foo Times", 2024)


def test_a_copyright_line_keeps_the_site_s_name_that_its_masthead_repeats() -> None:
    # "Midland Courier" stands alone above the story and in "© 2024 Midland Courier": the holder stays in the notice.
    page = parse(page_text("reuters_dateline.txt"), source(zone="America/Chicago", dayfirst=False))
    assert page.notice is not None
    assert (page.notice.holder, page.notice.year) == ("Midland Courier", 2024)
    assert ("© 2024 Midland Courier", Reason.COPYRIGHT) in removed(page)


@pytest.mark.parametrize(
    ("name", "zone", "times"),
    [
        ("regional_ap.txt", "America/Chicago", ["Mar. 3, 2024, 4:12 p.m. CST", "Mar. 3, 2024, 6:45 p.m. CST"]),
        ("french_afp.txt", "Europe/Paris", ["03/03/2024 à 09h12", "03/03/2024 à 11h47"]),
        ("german_dpa.txt", "Europe/Berlin", ["03.03.2024 | 14:32 Uhr", "03.03.2024 | 17:05 Uhr"]),
        ("arabic_afp.txt", "Asia/Riyadh", ["03 مارس 2024 - 10:25", "03 مارس 2024 - 13:10"]),
        ("uk_published_updated.txt", "Europe/London", ["11 June 2024, 09:15 BST", "11 June 2024, 14:40 BST"]),
    ],
)
def test_the_story_s_published_and_updated_lines_make_no_headline(name: str, zone: str, times: list[str]) -> None:
    # One labelled line under another ("Published: ..." then "Updated: ...") is the story's, as one line of both
    # is: its times do not date the headline or the byline above them.
    text = page_text(name)
    page = parse(text, source(zone=zone, dayfirst=zone != "America/Chicago"))
    listed = [h for h, _ in headlines(page)]
    above = text.split(times[0])[0]
    assert not [h for h in listed if h in above]
    assert [(t, Reason.LONE_TIMESTAMP) for t in times] == [r for r in removed(page) if r[0] in times]


@pytest.mark.parametrize(
    ("name", "zone", "published", "updated"),
    [
        ("regional_ap.txt", "America/Chicago", "2024-03-03T22:12:00Z", "2024-03-04T00:45:00Z"),
        ("french_afp.txt", "Europe/Paris", "2024-03-03T08:12:00Z", "2024-03-03T10:47:00Z"),
        ("german_dpa.txt", "Europe/Berlin", "2024-03-03T13:32:00Z", "2024-03-03T16:05:00Z"),
        ("arabic_afp.txt", "Asia/Riyadh", "2024-03-03T07:25:00Z", "2024-03-03T10:10:00Z"),
        ("uk_published_updated.txt", "Europe/London", "2024-06-11T08:15:00Z", "2024-06-11T13:40:00Z"),
        # Under a cookie banner as long as a paragraph: the banner is no paragraph of the story.
        ("cookie_banner_newsletter.txt", "Europe/London", "2024-02-26T00:00:00Z", None),
        # An update alone: the story was out by then.
        ("title_and_breadcrumb.txt", "America/New_York", "2024-03-01T01:03:00Z", "2024-03-01T01:03:00Z"),
        # Unlabelled, right above the first paragraph (a place before it on its line).
        ("read_more_list.txt", "America/New_York", "2024-03-02T02:14:00Z", None),
        ("spanish_europa_press.txt", "Europe/Madrid", "2024-02-23T13:05:00Z", None),
    ],
)
def test_the_article_is_dated_by_the_time_the_page_prints_above_it(
    name: str, zone: str, published: str, updated: str | None
) -> None:
    page = parse(page_text(name), source(zone=zone, dayfirst=not zone.startswith("America/")))
    article = page.article
    assert article.published is not None
    assert format_rfc3339(article.published.reading.instant) == published
    assert (format_rfc3339(article.updated.reading.instant) if article.updated else None) == updated


@pytest.mark.parametrize(
    ("line", "zone", "updated"),
    [
        ("Publié le 12 mars 2024 à 14h05, mis à jour à 16h30", "Europe/Paris", "2024-03-12T15:30:00Z"),
        ("Published 12 March 2024 10:05 GMT | Updated 16:30 GMT", "Europe/London", "2024-03-12T16:30:00Z"),
        ("Veröffentlicht am 12.03.2024, 14:05 Uhr, aktualisiert 16:30 Uhr", "Europe/Berlin", "2024-03-12T15:30:00Z"),
        # Late in the evening in New York, past midnight in UTC: the date printed is New York's.
        ("Published March 12, 2024 9:05 PM EDT | Updated 11:40 PM EDT", "America/New_York", "2024-03-13T03:40:00Z"),
    ],
)
def test_an_update_s_time_written_without_its_date_takes_the_date_of_the_time_before_it(
    line: str, zone: str, updated: str
) -> None:
    # Read as the latest such moment before the page was read, it was the day before `now`, two years on.
    page = parse("\n".join([line, LEDE]), source(zone=zone, dayfirst=not zone.startswith("America/")))
    article = page.article
    assert article.published is not None
    assert article.updated is not None
    assert format_rfc3339(article.updated.reading.instant) == updated


def test_an_update_s_time_alone_that_would_come_before_the_publication_is_no_update() -> None:
    # The page says no later day: on the day printed, 09:30 is before 14:05, and no time is made up for it.
    page = parse("\n".join(["Publié le 12 mars 2024 à 14h05, mis à jour à 09h30", LEDE]), source(zone="Europe/Paris"))
    assert page.article.published is not None
    assert format_rfc3339(page.article.published.reading.instant) == "2024-03-12T13:05:00Z"
    assert page.article.updated is None


def test_an_update_s_time_with_a_day_word_or_a_date_of_its_own_is_read_as_written() -> None:
    lines = [
        ("Published 12 March 2024 10:05 GMT | Updated 13 March 2024 08:00 GMT", "2024-03-13T08:00:00Z"),
        ("Published 12 March 2024 10:05 GMT | Updated yesterday 16:30 GMT", "2026-02-28T16:30:00Z"),
    ]
    for line, updated in lines:
        article = parse("\n".join([line, LEDE]), source(zone="UTC")).article
        assert article.updated is not None
        assert format_rfc3339(article.updated.reading.instant) == updated


def test_the_french_page_s_update_without_its_date_is_on_the_day_it_was_published() -> None:
    page = parse(page_text("french_updated_time_alone.txt"), source(zone="Europe/Paris", dayfirst=True))
    article = page.article
    assert article.published is not None
    assert article.updated is not None
    assert format_rfc3339(article.published.reading.instant) == "2024-03-12T13:05:00Z"
    assert format_rfc3339(article.updated.reading.instant) == "2024-03-12T15:30:00Z"
    # Its text says the date it took, and reads again to the same instant where the item is stored.
    assert article.updated.reading.text == "2024-03-12 16h30"


def test_the_thai_page_s_last_updated_label_tells_its_update_and_is_no_headline() -> None:
    # "ปรับปรุงล่าสุด" (last updated) was no time's label: its time was lost, and the label taken for the headline.
    page = parse(page_text("thai_last_updated.txt"), source(zone="Asia/Bangkok", dayfirst=True))
    article = page.article
    assert article.headline == "ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ยนโยบายไว้ที่ร้อยละ 2.50 ตามที่ตลาดคาด"
    assert article.published is not None
    assert article.updated is not None
    assert format_rfc3339(article.published.reading.instant) == "2024-03-12T07:05:00Z"
    assert format_rfc3339(article.updated.reading.instant) == "2024-03-12T09:30:00Z"
    assert [h for h, _ in headlines(page)] == [
        "ราคาทองคำในประเทศปรับขึ้นสูงสุดในรอบสามเดือน",
        "ตลาดหุ้นไทยปิดบวกตามแรงซื้อหุ้นกลุ่มพลังงานและธนาคาร",
    ]


@pytest.mark.parametrize(
    "label",
    [
        "ปรับปรุงล่าสุด:",
        "ปรับปรุงล่าสุดเมื่อ",
        "อัปเดต",
        "Dernière mise à jour le",
        "Letzte Änderung:",
        "Última actualización:",
        "Última atualização:",
        "Последнее обновление:",
        "Ostatnia aktualizacja:",
        "Son güncelleme:",
        "Τελευταία ενημέρωση:",
        "تم التحديث:",
        "עדכון אחרון:",
        "آخرین بروزرسانی:",
        "最終更新:",
        "更新时间:",
        "Cập nhật lúc",
        "Dikemas kini:",
        "Sist oppdatert:",
        "Senast uppdaterad:",
        "Utoljára frissítve:",
    ],
)
def test_a_last_updated_label_in_any_language_the_reader_knows_tells_the_update(label: str) -> None:
    line = f"Published 12.03.2024 14:05 | {label} 12.03.2024 16:30"
    page = parse("\n".join([line, LEDE]), source(zone="UTC", dayfirst=True))
    assert page.article.published is not None
    assert page.article.updated is not None
    assert format_rfc3339(page.article.published.reading.instant) == "2024-03-12T14:05:00Z"
    assert format_rfc3339(page.article.updated.reading.instant) == "2024-03-12T16:30:00Z"


def test_words_of_an_update_label_among_a_headline_s_make_it_no_label() -> None:
    listed = ["Protesters updated their demands on Sunday", "Última actualización del censo electoral en Madrid"]
    lines = ["12.03.2024 14:05", listed[0], "11.03.2024 09:00", listed[1], LEDE]
    page = parse("\n".join(lines), source(zone="UTC", dayfirst=True))
    assert headlines(page) == [(listed[0], "2024-03-12T14:05:00Z"), (listed[1], "2024-03-11T09:00:00Z")]


# Another story's headline (of the most read) and its time above the story: the time is that story's.
ANOTHER_STORY_DATED_ABOVE = [
    ["Most read: Farmers block roads in protest over new subsidy rules", "28/02/2026 11:40"],
    ["Home | News | Politics", "Farmers block roads in protest over new subsidy rules", "By Jane Doe", "28/02/2026"],
]


@pytest.mark.parametrize(
    "above",
    [
        # A time above a headline is that headline's, not the story's.
        ["12/03/2026 09:00", "Parliament votes on the pension reform today"],
        # A time under a headline of another story (of the most read) is that story's.
        *ANOTHER_STORY_DATED_ABOVE,
        # A time to come is a misreading: the page is out already.
        ["Published 12/03/2027 09:00"],
        ["12/03/2027 09:00"],
    ],
)
def test_an_article_without_a_time_of_its_own_above_it_is_not_dated(above: list[str]) -> None:
    page = parse("\n".join([*above, STORY]), source(zone="UTC", dayfirst=True))
    assert page.article.paragraphs == (STORY,)
    assert (page.article.published, page.article.updated) == (None, None)


def test_an_article_is_dated_by_the_time_under_its_own_headline() -> None:
    headline = "French government survives no-confidence vote on pension reform"
    page = parse("\n".join(["Home | News | Politics", headline, "28/02/2026 11:40", STORY]), source(zone="UTC"))
    assert page.article.headline == headline
    assert page.article.published is not None
    assert format_rfc3339(page.article.published.reading.instant) == "2026-02-28T11:40:00Z"


def paragraph_starts(page: Page) -> list[str]:
    return [" ".join(p.split()[:4]) for p in page.article.paragraphs]


@pytest.mark.parametrize(
    ("name", "zone", "starts"),
    [
        # "Read more:" and three links between the paragraphs.
        (
            "read_more_list.txt",
            "America/New_York",
            [
                "WASHINGTON — The Senate",
                "The bill passed 77-13",
                "Lawmakers have relied on",
                '"We are getting the',
                "The remaining spending bills,",
            ],
        ),
        # "À lire aussi" and one link.
        (
            "french_afp.txt",
            "Europe/Paris",
            [
                "L'armée de l'air ukrainienne",
                "Selon les autorités régionales,",
                "Le président Volodymyr Zelensky",
                "Moscou n'a pas commenté",
            ],
        ),
        # "Más información", a heading no line rule knows, and one link.
        (
            "spanish_europa_press.txt",
            "Europe/Madrid",
            ["BRUSELAS, 23 Feb. (EUROPA", "El paquete se aprueba", "Las sanciones entrarán en"],
        ),
        # A newsletter box: its title, its invitation (a sentence), its email field and its button.
        (
            "cookie_banner_newsletter.txt",
            "Europe/London",
            [
                "Household energy bills in",
                "The typical household will",
                "Charities warned that millions",
                "The regulator said it",
            ],
        ),
        # An image caption between paragraphs: the short last paragraph after it stays the story's.
        (
            "uk_published_updated.txt",
            "Europe/London",
            [
                "Parts of England could",
                "An amber heat-health alert",
                "Health officials urged people",
                "Forecasters said thunderstorms could",
            ],
        ),
    ],
)
def test_related_links_newsletter_boxes_and_captions_between_paragraphs_stay_out_of_the_story(
    name: str, zone: str, starts: list[str]
) -> None:
    page = parse(page_text(name), source(zone=zone, dayfirst=not zone.startswith("America/")))
    assert paragraph_starts(page) == starts
    assert not [h for h in headlines(page) if h[1] is None]


def test_a_caption_ending_in_its_credit_is_furniture_and_credits_no_agency() -> None:
    caption = "Rescue workers help residents leave a flooded street in Faenza. Photograph: Guglielmo Mangiapane/Reuters"
    page = parse("\n".join([STORY, caption, LEDE]), source(zone="UTC"))
    assert page.article.paragraphs == (STORY, LEDE)
    assert (caption, Reason.FURNITURE) in removed(page)
    assert page.article.credits == ()


@pytest.mark.parametrize(
    ("name", "byline"),
    [
        ("regional_ap.txt", "By JOHN HANNA Associated Press"),
        ("french_afp.txt", "Par Le Quotidien avec AFP"),
        ("german_dpa.txt", "Von Anna Schmidt"),
        ("byline_with_agency.txt", "By Jane Doe, AFP"),
        ("title_and_breadcrumb.txt", "By Carlos Mendez"),
        ("arabic_afp.txt", None),
    ],
)
def test_the_line_that_signs_the_story_above_it_is_its_byline(name: str, byline: str | None) -> None:
    page = parse(page_text(name), source(zone="UTC", dayfirst=True))
    assert page.article.byline == byline


def test_a_headline_that_starts_with_by_is_no_byline() -> None:
    page = parse("\n".join(["By the numbers: how the budget adds up", STORY]), source(zone="UTC"))
    assert page.article.byline is None


@pytest.mark.parametrize(
    ("headline", "story"),
    [
        # In title case, as US sites write headlines.
        ("By Any Measure, Central Bank Is Losing On Inflation", LEDE),
        # "Di" is Italian for "by", and the first word of a politician's name.
        (
            "Di Maio lascia il partito dopo la rottura con Conte",
            "Luigi Di Maio ha annunciato martedì di lasciare il partito dopo settimane di tensioni con il leader "
            "Giuseppe Conte, portando con sé decine di parlamentari e aprendo una crisi nella maggioranza.",
        ),
    ],
)
def test_a_headline_starting_with_the_word_for_by_and_a_capital_is_the_headline_not_the_byline(
    headline: str, story: str
) -> None:
    page = parse("\n".join(["Home | News | Politics | Business", headline, story]), source(zone="UTC"))
    assert page.article.byline is None
    assert page.article.headline == headline


@pytest.mark.parametrize(
    ("name", "headline"),
    [
        ("arabic_afp.txt", "مجلس الأمن يدعو إلى وقف فوري لإطلاق النار في السودان"),
        ("byline_with_agency.txt", "Japan's economy slips into recession, losing spot as world's third-largest"),
        ("cookie_banner_newsletter.txt", "Energy bills to fall by £238 a year from April, regulator says"),
        ("french_afp.txt", "Ukraine : Kiev annonce avoir abattu une dizaine de drones russes pendant la nuit"),
        ("german_dpa.txt", "Bahn und GDL einigen sich auf neuen Tarifvertrag"),
        ("read_more_list.txt", "Senate passes stopgap bill to avert government shutdown"),
        ("regional_ap.txt", "Kansas lawmakers override governor's veto on tax cut plan"),
        ("reuters_dateline.txt", "France's Macron pushes for EU defence bond as Ukraine aid stalls"),
        ("spanish_europa_press.txt", "La UE acuerda un nuevo paquete de sanciones contra Rusia"),
        # Repeated in the page's title and its breadcrumb: the story's headline all the same.
        ("title_and_breadcrumb.txt", "Wildfire in Texas Panhandle becomes largest in state history"),
        ("uk_published_updated.txt", "Heatwave: temperatures could reach 33C this week, Met Office warns"),
        # A standfirst (a sentence) between the headline and the byline.
        ("standfirst_byline_time.txt", "Energy bills to fall by £238 a year from April"),
        # The site's name glued to it: cut off.
        ("headline_glued_to_site_name.txt", "Harbour dredging plan approved after decade of delays"),
        # A kicker in capitals above it ("UPDATE 2-").
        ("kicker_above_headline.txt", "Oil climbs as OPEC+ extends output cuts into second quarter"),
    ],
)
def test_the_article_s_headline_is_the_one_its_page_prints_above_it(name: str, headline: str) -> None:
    page = parse(page_text(name), source(zone="UTC", dayfirst=True))
    assert page.article.headline == headline
    # Not left out: it is the article's (its copies in the page's title and breadcrumb are repeated there).
    assert not [r for r in page.removed if r.text == headline and r.reason is not Reason.REPEATED]
    assert fingerprint(headline) not in page.lines_to_remember  # a later page of the story prints it again


def test_an_article_whose_page_prints_no_headline_above_it_takes_its_lede_s_first_sentence() -> None:
    # A menu right above the story: its items are no headline.
    page = parse(page_text("menu_above_story.txt"), source(zone="UTC"))
    assert page.article.headline == (
        "Crews restored power to more than 40,000 homes across the valley on Sunday after a storm brought down "
        "lines overnight, the electricity company said"
    )


@pytest.mark.parametrize(
    "above",
    [
        # The page's navigation right above the story.
        ["Home | World | Business"],
        ["Home Politics Business Sport Culture"],
        ["Home", "World", "Business"],
        ["Rates rise for the third time this year", "Home > Business > Economy"],
        # The site's name alone.
        ["The Daily Planet of Metropolis"],
        # A dated headline: one of the site's, as in a list.
        ["12/03/2026 09:00", "Parliament votes on the pension reform today"],
        # A time under a headline of another story (of the most read) is that story's.
        *ANOTHER_STORY_DATED_ABOVE,
        # A time line, a byline, a caption and a share button are passed over, but up to the navigation.
        ["Home | World | Business", "By Jo Bloggs", "Image caption, The governor on Tuesday", "Share on X"],
    ],
)
def test_no_headline_above_the_story_leaves_the_lede_s(above: list[str]) -> None:
    planet = SourceConfig(name="The Daily Planet of Metropolis", zone="UTC", dayfirst=True)
    page = parse("\n".join([*above, LEDE]), planet)
    assert page.article.headline == lede_headline(LEDE)


TITLE = "Central bank raises rates for the third time this year"


@pytest.mark.parametrize(
    ("above", "headline"),
    [
        # A standfirst that is no sentence: the headline stands right above it.
        ([TITLE, "Inflation stays well above target as wages keep climbing", "By Jo Bloggs"], TITLE),
        # Kickers in capitals above the headline, or between it and the story.
        (["EXCLUSIVE", TITLE], TITLE),
        (["UPDATE 2-", TITLE, "ANALYSIS"], TITLE),
        # The site's name glued to it, after a separator or run into it; a name it merely starts with stays.
        ([f"{TITLE} | Test site"], TITLE),
        ([f"Test site - {TITLE}"], TITLE),
        ([f"Test site{TITLE}"], TITLE),
        ([f"Test site director resigns over {TITLE.lower()}"], f"Test site director resigns over {TITLE.lower()}"),
        # Times, bylines, captions, share buttons and a short label between it and the story.
        (
            [
                TITLE,
                "Published 12/03/2024 09:00",
                "Image caption, The governor on Tuesday",
                "Listen",
                LEDE[:0] or "By Jo",
            ],
            TITLE,
        ),
        ([TITLE, "Share on Facebook", "Listen to this article", "12/03/2024 09:00"], TITLE),
        # A question.
        (["Is this the end of cheap mortgages?"], "Is this the end of cheap mortgages?"),
    ],
)
def test_the_headline_above_the_story_is_found_past_what_stands_between_them(above: list[str], headline: str) -> None:
    page = parse("\n".join([*above, LEDE]), source(zone="UTC", dayfirst=True))
    assert page.article.headline == headline


def test_a_headline_in_a_script_without_spaces_is_measured_in_letters_and_told_by_its_pairs_of_them() -> None:
    headline = "央行宣布年内第三次加息以应对通胀压力"
    lede = "中国人民银行周二宣布年内第三次加息，将主要利率上调零点二五个百分点，以应对持续高于目标的通胀压力。"
    page = parse("\n".join(["首页 | 新闻 | 财经", headline, lede]), source(zone="UTC"))
    assert page.article.headline == headline


@pytest.mark.parametrize(
    "above",
    [
        # Another story's headline, from a list of the most read above the story: it shares no word with it.
        ["Home | World | Business", "Most read", "Celebrity chef opens a new restaurant in Paris"],
        # Words shared by chance ("this year") are not enough.
        ["Home | World | Business", "Holiday prices soar this year as families book trips abroad"],
    ],
)
def test_a_headline_above_the_story_that_is_not_about_it_is_not_its_headline(above: list[str]) -> None:
    page = parse("\n".join([*above, LEDE]), source(zone="UTC", dayfirst=True))
    assert page.article.headline == lede_headline(LEDE)


def test_another_story_s_headline_above_the_story_s_own_is_passed_over() -> None:
    above = ["Home | World | Business", "Celebrity chef opens a new restaurant in Paris", TITLE]
    page = parse("\n".join([*above, LEDE]), source(zone="UTC", dayfirst=True))
    assert page.article.headline == TITLE


def test_the_site_s_name_cut_from_the_headline_is_left_out_with_its_line() -> None:
    page = parse("\n".join([f"{TITLE} | Test site", LEDE]), source(zone="UTC"))
    assert removed(page) == [("Test site", Reason.OUTSIDE_ARTICLE)]


def test_the_pages_of_one_story_keep_its_headline_though_they_repeat_it() -> None:
    # Not learned as the site's boilerplate: the site's later pages of the story print it again.
    seen: Counter[str] = Counter()
    for more in range(4):
        text = "\n".join(
            ["Home | World | Business", TITLE, LEDE, *[f"Update number {n} of the story." for n in range(more)]]
        )
        page = parse(text, source(zone="UTC"), seen_lines=frozenset(f for f, n in seen.items() if n >= 2))
        seen.update(page.lines_to_remember)
        assert page.article.headline == TITLE


# Other pages of the seed's site, in its layout (tests/data/pages/arabstoday/), with what each must give
# (expected.json): the article's paragraphs, its first and last words, credits and rights, and every headline with
# its time in UTC.
SITE_PAGES = DATA / "pages" / "arabstoday"
SITE_EXPECTED = json.loads((SITE_PAGES / "expected.json").read_text(encoding="utf-8"))


def site_page_params() -> list[str]:
    return sorted(SITE_EXPECTED)


def site_page(name: str) -> str:
    return (SITE_PAGES / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", site_page_params())
def test_the_seed_site_s_other_pages_give_one_article_and_every_headline_at_its_time(name: str) -> None:
    expected = SITE_EXPECTED[name]
    page = parse(site_page(name))
    article = page.article
    assert len(article.paragraphs) == expected["paragraphs"]
    assert article.paragraphs[0].startswith(expected["first"])
    assert article.paragraphs[-1].endswith(expected["last"])
    assert list(article.credits) == expected["credits"]
    assert page.notice == Notice(expected["holder"], expected["year"])
    assert headlines(page) == [tuple(h) for h in expected["headlines"]]
    # No footer, prompt or list line reaches the article or a headline.
    texts = [article.text, *(h.text for h in page.headlines)]
    for footer in ("Maintained and developed", "rights reserved", "Send your comments", "Your comment", "©"):
        assert not [t for t in texts if footer.casefold() in t.casefold()]
    assert not [h for h in page.headlines if h.time and h.time.reading.text in article.text]


def test_a_paragraph_of_greek_ending_in_its_question_mark_is_prose() -> None:
    question = (
        "Πόσοι άνθρωποι τραυματίστηκαν χθες το βράδυ στη Θεσσαλονίκη όταν κατέρρευσε η παλιά γέφυρα πάνω από τον ποταμό"
    )
    assert not is_prose(question + " και ποιος")  # seventeen words that end no sentence: a headline, a label
    assert is_prose(question + ";")
    assert is_prose(question + "\u037e")


# The seed's layout: a story, then its site's list (each time over its headline, the headline glued to the next
# time), then its footer.
def arabstoday_page(story: list[str], listed: list[tuple[str, str]], footer: list[str]) -> str:
    lines = list(story)
    previous = ""
    for headline, printed in listed:
        lines.append(previous + printed)
        previous = headline
    return "\n".join([*lines, previous + footer[0], *footer[1:]])


ARABSTODAY_FOOTER = [
    "Maintained and developed by Arabs Today Group SAL.",
    "All rights reserved to Arab Today Media Group 2017 ©",
    "Send your comments",
]
LISTED = [
    ("Lebanon's Hariri returns to Beirut after 3 weeks", "GMT 20:47 2017 Tuesday ,12 December"),
    ("Is Qatar crisis nearing an end?", "GMT 06:03 2017 Monday ,11 December"),
    ("Kuwait emir names new cabinet", "GMT 00:00 2017 Saturday ,09 December"),
]
LISTED_UTC = [
    ("Lebanon's Hariri returns to Beirut after 3 weeks", "2017-12-12T20:47:00Z"),
    ("Is Qatar crisis nearing an end?", "2017-12-11T06:03:00Z"),
    ("Kuwait emir names new cabinet", "2017-12-09T00:00:00Z"),
]


@pytest.mark.parametrize(
    "footer",
    [
        ["© 2017 Arab Today Media Group. All rights reserved", "Send your comments"],
        ["© 2017 Arab Today Media Group", "Maintained and developed by Arabs Today Group SAL."],
    ],
)
def test_a_copyright_sign_glued_to_the_last_headline_leaves_the_headline(footer: list[str]) -> None:
    # The line was taken whole for the notice: the headline went, and the footer's next line took its time.
    page = parse(arabstoday_page([LEDE], LISTED, footer))
    assert headlines(page) == LISTED_UTC
    assert page.notice == Notice("Arab Today Media Group", 2017)
    assert ("© 2017 Arab Today Media Group", Reason.COPYRIGHT) in [(t[:29], r) for t, r in removed(page)]


ARABIC_STORY = (
    "باريس (أ ف ب) - أعلنت وزارة الجيوش الفرنسية الخميس أن عملية لمكافحة الإرهاب في شمال مالي أسفرت عن مقتل ١١ "
    "جهادياً وإصابة جندي فرنسي بجروح، بحسب ما أفادت مصادر عسكرية لوكالة فرانس برس. وقال مسؤول في عملية سرفال إن "
    "العملية العسكرية الفرنسية في منطقة تمبكتو انتهت، مضيفاً أن حياة الجندي الجريح ليست في خطر."
)
ARABIC_LISTED = [
    ("دعوات للتحقيق في وفاة مهاجر في إسبانيا", "GMT ١٨:٠٩ ٢٠١٧ الثلاثاء ,١٩ ديسمبر"),
    ("واشنطن تستخدم الفيتو ضد قرار بشأن القدس", "GMT ١٦:٣٧ ٢٠١٧ الإثنين ,١٨ ديسمبر"),
]


@pytest.mark.parametrize(
    ("footer", "notice"),
    [
        (["جميع الحقوق محفوظة لمجموعة العرب اليوم الإعلامية ٢٠٢١ ©"], Notice("مجموعة العرب اليوم الإعلامية", 2021)),
        (["© ٢٠١٩ العرب اليوم", "أرسل تعليقك"], Notice("العرب اليوم", 2019)),
        (["جميع الحقوق محفوظة للعرب اليوم ٢٠٢٠"], Notice("العرب اليوم", 2020)),
        (
            [
                "All rights reserved to Arab Today Media Group 2021 ©",
                "Maintained and developed by Arabs Today Group SAL.",
            ],
            Notice("Arab Today Media Group", 2021),
        ),
        (
            [
                "Maintained and developed by Arabs Today Group SAL.",
                "All rights reserved to Arab Today Media Group 2021 ©",
            ],
            Notice("Arab Today Media Group", 2021),
        ),
    ],
)
def test_an_arabic_page_s_footer_glued_to_its_last_headline_is_cut_from_it(footer: list[str], notice: Notice) -> None:
    # A script without case has no capital to tell where the footer starts: the line was taken whole for the
    # notice (or the source's pattern not cut from it), and the holder kept the letter for "to" ("لمجموعة").
    page = parse(arabstoday_page([ARABIC_STORY], ARABIC_LISTED, footer))
    assert len(page.headlines) == len(ARABIC_LISTED)
    assert page.headlines[-1].text == ARABIC_LISTED[-1][0]
    assert page.notice == notice
    assert page.article.credits == ("AFP",)


@pytest.mark.parametrize(
    ("last", "credits"),
    [
        ("He declined to comment. -- Reuters", ("Reuters",)),
        ("Jordan, which lost east Jerusalem to Israel in 1967, is custodian of its holy sites. -- AFP", ("AFP",)),
        ("Jordan is custodian of Muslim holy sites in the city -- AP", ("AP",)),
        ("Jordan is custodian of Muslim holy sites in the city. (Reuters)", ("Reuters",)),
        ("Jordan is custodian of Muslim holy sites in the city. -- Arabs Today", ()),
    ],
)
def test_a_story_signed_at_its_end_by_its_agency_keeps_its_last_paragraph_and_credits_the_agency(
    last: str, credits: tuple[str, ...]
) -> None:
    # Its last paragraph was taken for the list's first headline, and each headline given the time of the next.
    page = parse(arabstoday_page([LEDE, last], LISTED, ARABSTODAY_FOOTER))
    assert page.article.paragraphs == (LEDE, last)
    assert page.article.credits == credits
    assert headlines(page) == LISTED_UTC


# A last paragraph signed after a dash, with no stop before it.
UNSTOPPED = (
    "The minister resigned after weeks of pressure over the contracts awarded to his brother's firm, his office said"
)


@pytest.mark.parametrize(
    ("last", "credits"),
    [
        (f"{UNSTOPPED} on Sunday – Reuters", ("Reuters",)),
        (f"{UNSTOPPED} on Sunday —AFP", ("AFP",)),
        (f"{UNSTOPPED} on Sunday - AP", ("AP",)),
    ],
)
def test_a_story_signed_after_a_dash_without_a_stop_keeps_its_last_paragraph_and_credits_the_agency(
    last: str, credits: tuple[str, ...]
) -> None:
    # Short of prose without its stop, the paragraph was left out as the site's, and its agency not credited.
    page = parse("\n".join([LEDE, last, "About us", "Contact"]), source(zone="UTC"))
    assert page.article.paragraphs == (LEDE, last)
    assert page.article.credits == credits


@pytest.mark.parametrize(
    "last",
    [
        # The agency's name inside the sentence, and a poll's name after a dash: no sign-off.
        "Support for the governing party fell to its lowest level in a decade, said a Reuters – Ipsos poll on Sunday.",
        "Support for the governing party fell to its lowest level in a decade last month, according to Reuters – Ipsos",
    ],
)
def test_an_agency_named_before_a_dash_inside_the_story_signs_nothing(last: str) -> None:
    page = parse("\n".join([LEDE, last, "About us", "Contact"]), source(zone="UTC"))
    assert page.article.credits == ()


def test_a_headline_ending_in_a_dash_and_an_agency_is_no_paragraph_signed_by_it() -> None:
    # Headline-sized: "– Reuters" after it ends no story's paragraph, and the list under the story keeps it.
    listed = "Oil prices climb as supply worries grow – Reuters"
    page = parse("\n".join([LEDE, listed, "2 hours ago", "About us"]), source(zone="UTC"))
    assert page.article.paragraphs == (LEDE,)
    assert [h for h, _ in headlines(page)] == [listed]


def test_a_list_of_one_headline_under_the_story_gives_that_headline_at_its_time() -> None:
    page = parse(arabstoday_page([LEDE], LISTED[:1], ARABSTODAY_FOOTER))
    assert headlines(page) == LISTED_UTC[:1]
    assert page.article.paragraphs == (LEDE,)
    # Above the story, a time over a headline is the story's own (its headline and its time).
    above = parse("\n".join(["GMT 20:47 2017 Tuesday ,12 December", "Central bank raises its main rate", LEDE]))
    assert headlines(above) == []
    # Under it, a time beside a sentence, a byline or a footer's few words is no list.
    for line in ("He declined to comment on the rise.", "By Jane Doe", "About us"):
        page = parse("\n".join([LEDE, "GMT 20:47 2017 Tuesday ,12 December", line]))
        assert headlines(page) == []


@pytest.mark.parametrize(
    "printed", ["Published GMT 20:47 2017 Tuesday ,12 December", "Updated 20:47 GMT, 12 December 2017"]
)
def test_a_labelled_time_under_the_story_is_no_list_of_one(printed: str) -> None:
    # "Published", "Updated": the story's own time; the line beside it is no headline of the site's at that time.
    page = parse("\n".join([LEDE, printed, "Follow our live coverage of the election"]))
    assert headlines(page) == []
    assert ("Follow our live coverage of the election", Reason.OUTSIDE_ARTICLE) in removed(page)


# Pages of the seed's site, constructed in its English and Arabic layouts (see tests/data/pages/README.md).


def test_a_line_above_the_site_s_list_does_not_shift_every_headline_to_the_next_one_s_time() -> None:
    # The story's headline repeated under it, over the list: taken for the list's first headline, it made every
    # headline the one before its time, and the last (glued to the footer) was lost.
    page = parse(page_text("arabstoday_en_headline_repeated_over_list.txt"))
    assert headlines(page) == [
        ("Saudi Aramco raises April crude prices for Asia", "2021-03-15T08:40:00Z"),
        ("Egypt's Suez Canal revenue rises in February", "2021-03-14T19:05:00Z"),
        ("Kuwait cabinet resigns amid standoff with parliament", "2021-03-14T13:22:00Z"),
        ("UAE central bank keeps rates unchanged", "2021-03-13T07:55:00Z"),
    ]
    assert page.article.headline == "Iraq says oil exports from Kirkuk to resume within weeks"
    assert page.article.credits == ("Reuters",)
    assert len(page.article.paragraphs) == 4


def test_the_arabic_edition_s_agency_initials_over_its_list_are_no_headline_of_it() -> None:
    # "أ ف ب" (AFP's initials) alone under the story, over the list, was the list's first headline.
    page = parse(page_text("arabstoday_ar_dateline_and_initials.txt"))
    assert headlines(page) == [
        ("الحكومة العراقية تعلن موعد الانتخابات المبكرة", "2021-03-16T13:05:00Z"),
        ("مصر تفتتح أكبر محطة لتحلية المياه في الشرق الأوسط", "2021-03-16T09:47:00Z"),
        ("الأردن يمدد حظر التجول الليلي أسبوعين إضافيين", "2021-03-15T22:10:00Z"),
        ("السعودية تطلق برنامجا جديدا لدعم الشركات الناشئة", "2021-03-15T18:31:00Z"),
    ]
    assert page.article.headline == "الجيش اللبناني ينتشر في الجنوب بعد انسحاب المسلحين"
    assert page.article.credits == ("AFP",)
    assert len(page.article.paragraphs) == 3
    assert page.notice is not None
    assert page.notice.year == 2021


def test_the_time_under_the_headline_dates_the_story_over_a_dateline_line_of_the_site() -> None:
    # "بيروت - العرب اليوم" (the place, and the site's desk) between the time and the story.
    page = parse(page_text("arabstoday_ar_dateline_and_initials.txt"))
    assert page.article.published is not None
    assert format_rfc3339(page.article.published.reading.instant) == "2021-03-16T14:20:00Z"
    # Two short lines there are a menu: the time above them is not said to be the story's.
    menu = parse("\n".join(["GMT 14:20 2021 Tuesday ,16 March", "Home", "Sport", LEDE]))
    assert menu.article.published is None


def test_a_story_signed_by_its_agency_in_capitals_keeps_its_last_paragraph_and_credits_it() -> None:
    # "... at a Tokyo brokerage. REUTERS": the paragraph was left out as the site's, and Reuters not credited.
    page = parse(page_text("capitals_sign_off_channel_invite.txt"), source(zone="Asia/Singapore", dayfirst=True))
    assert len(page.article.paragraphs) == 3
    assert page.article.paragraphs[-1].endswith("at a Tokyo brokerage. REUTERS")
    assert page.article.credits == ("Reuters",)
    # The paragraph it signs is the story's last: the invitation to the site's channel under it is not the story's.
    assert ("Join ST's WhatsApp Channel and get the latest news and must-reads.", Reason.FURNITURE) in removed(page)


@pytest.mark.parametrize(
    ("last", "credits"),
    [
        ("Officials said the talks would resume in Geneva next week. AFP", ("AFP",)),
        ("Officials said the talks would resume in Geneva next week. XINHUA", ("Xinhua",)),
        ("Officials said the talks would resume in Geneva next week. DPA, AFP", ("AFP", "DPA")),
    ],
)
def test_an_agency_s_name_in_capitals_after_the_last_stop_signs_the_story(last: str, credits: tuple[str, ...]) -> None:
    page = parse("\n".join([LEDE, last, "About us", "Contact"]), source(zone="UTC"))
    assert page.article.paragraphs == (LEDE, last)
    assert page.article.credits == credits


def test_capitals_after_a_short_line_or_no_stop_sign_nothing() -> None:
    # A headline or a label ends in capitals too ("Watch the match LIVE", "Results. UEFA").
    page = parse("\n".join([LEDE, "Results. UEFA"]), source(zone="UTC"))
    assert page.article.paragraphs == (LEDE,)
    assert page.article.credits == ()


def test_a_standfirst_as_long_as_a_paragraph_leaves_the_byline_and_times_under_it_the_story_s() -> None:
    # The standfirst, a sentence of 17 words, was read as the story's first paragraph: the byline under it became a
    # headline of the site's at the story's time, and the story had no time of its own.
    page = parse(page_text("french_standfirst_sentence_byline.txt"), source(zone="Europe/Paris", dayfirst=True))
    article = page.article
    assert article.byline == "Par Claire Martin avec AFP"
    assert article.published is not None
    assert article.updated is not None
    assert format_rfc3339(article.published.reading.instant) == "2024-09-12T12:05:00Z"
    assert format_rfc3339(article.updated.reading.instant) == "2024-09-12T14:30:00Z"
    assert article.credits == ("AFP",)
    assert "Par Claire Martin avec AFP" not in article.paragraphs
    assert article.paragraphs[0].startswith("Les agriculteurs du bassin arachidier")
    assert article.paragraphs[-1].startswith("L'arachide reste la première culture")
    assert len(article.paragraphs) == 5
    assert [h for h, _ in headlines(page)] == [
        "Inondations : le Nigeria déploie l'armée dans le nord-est",
        "Mali : la junte annonce un nouveau calendrier électoral",
    ]


def test_a_time_under_the_story_over_the_heading_of_the_most_read_is_the_story_s() -> None:
    # "05/03/2024 19:42" under the story, then "Lo más visto": the heading was a headline at the story's time, the
    # footer's "Aviso legal" one at the most read's, and the story had no time.
    page = parse(page_text("spanish_efe_time_under_story.txt"), source(zone="Europe/Madrid", dayfirst=True))
    assert page.article.published is not None
    assert format_rfc3339(page.article.published.reading.instant) == "2024-03-05T18:42:00Z"
    assert headlines(page) == [("Un terremoto de magnitud 5,2 sacude el sur de México", "2026-03-01T09:00:00Z")]
    assert page.article.credits == ("EFE",)
    assert len(page.article.paragraphs) == 3


def test_a_time_under_the_story_over_a_headline_is_that_headline_s() -> None:
    # The seed's layout: the list's first time right under the story.
    page = parse(seed_text())
    assert page.article.published is None
    under = parse("\n".join([LEDE, "05/03/2024 19:42", "Un terremoto de magnitud 5,2 sacude el sur de México"]))
    assert under.article.published is None


def test_a_chinese_dateline_s_day_and_month_stay_in_the_lede_which_credits_its_agency() -> None:
    # "新华社北京3月5日电": "3月5日" was cut out of the lede as a list's time, "新华社北京" made a headline at it, the
    # story's own headline another at the story's time, and Xinhua was not credited.
    page = parse(page_text("chinese_xinhua_dateline.txt"), source(zone="Asia/Shanghai", dayfirst=False))
    article = page.article
    assert article.paragraphs[0].startswith("新华社北京3月5日电 记者从中国科学院获悉")
    assert len(article.paragraphs) == 2
    assert article.headline == "中国发布首颗低轨量子通信卫星"
    assert article.credits == ("Xinhua",)
    assert article.published is not None
    assert format_rfc3339(article.published.reading.instant) == "2024-03-05T06:20:33Z"
    assert headlines(page) == [
        ("北京发布春季花粉过敏提示", "2024-03-04T16:00:00Z"),
        ("上海地铁新线开通试运营", "2024-03-03T16:00:00Z"),
    ]


def test_a_byline_over_the_story_s_time_is_no_headline_of_the_list_above_it() -> None:
    # "By AFP" over "Dec. 25, 2023 6:12 a.m. CT", under a list of the latest: the byline was paired with the time
    # as the list's third headline, the story's headline made a headline without time, and AFP not credited.
    page = parse(page_text("byline_agency_under_latest_list.txt"), source(zone="America/Chicago", dayfirst=False))
    article = page.article
    assert article.headline == "Pope calls for ceasefire in Gaza in Christmas message"
    assert article.byline == "By AFP"
    assert article.credits == ("AFP",)
    assert article.published is not None
    assert format_rfc3339(article.published.reading.instant) == "2023-12-25T12:12:00Z"
    assert headlines(page) == [
        ("Storms knock out power to thousands in valley", "2026-03-01T11:45:00Z"),
        ("Police seek witnesses after downtown crash", "2026-03-01T11:00:00Z"),
    ]


def test_a_headline_run_into_the_site_s_name_and_its_time_on_one_line_is_the_story_s() -> None:
    # "Arabs TodayFrench troops kill ...GMT 09:02 2014 Friday ,24 January" over a caption "(AFP/File)": the caption
    # was the first paragraph and its sentence the headline; the headline on its time's line was passed over.
    page = parse(page_text("arabstoday_en_headline_glued_to_time_caption.txt"))
    article = page.article
    assert article.headline == "French troops kill 11 militants in northern Mali"
    assert article.paragraphs[0].startswith("A French counter-terrorism offensive")
    assert len(article.paragraphs) == 3
    assert article.published is not None
    assert format_rfc3339(article.published.reading.instant) == "2014-01-24T09:02:00Z"
    assert ("French soldiers patrol a street in Timbuktu. (AFP/File)", Reason.FURNITURE) in removed(page)
    assert headlines(page) == [
        ("Algeria hostage crisis: one year on", "2014-01-23T18:09:00Z"),
        ("Niger arrests suspected jihadists near border", "2014-01-23T11:41:00Z"),
    ]


def test_agencies_named_by_a_byline_a_source_line_and_the_contributors_are_credited() -> None:
    # "By Howard Schneider | Reuters", "Source: Reuters" and "... Agence France Presse contributed to this report."
    # beside the story credited nobody: an agency's name alone is a credit only as a whole line.
    page = parse(page_text("byline_bar_agency_contributors.txt"), source(zone="America/Chicago", dayfirst=False))
    assert page.article.credits == ("Reuters", "AFP")
    assert page.article.byline == "By Howard Schneider | Reuters"
    assert len(page.article.paragraphs) == 3
    assert ("Source: Reuters", Reason.CREDIT_LINE) in removed(page)


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("Reuters and AFP contributed to this report.", ("AFP", "Reuters")),
        ("AP and Reuters contributed to this report.", ("AP", "Reuters")),  # "AP" as it signs: "(AP)"
        ("The Associated Press contributed reporting.", ("AP",)),
        ("Quelle: dpa", ("DPA",)),
        ("Von Anna Schmidt, dpa", ("DPA",)),
        ("Staff writers contributed to this report.", ()),
        ("Source: the ministry", ()),
    ],
)
def test_a_line_under_the_story_credits_the_agencies_it_names(line: str, credits: tuple[str, ...]) -> None:
    page = parse("\n".join([LEDE, "Reporting by Jane Doe; Editing by John Smith", line]), source(zone="UTC"))
    assert page.article.credits == credits


def test_the_contributors_of_the_story_s_last_paragraph_are_credited_by_the_names_they_sign_with() -> None:
    # The line read as the story's last paragraph: "AP" alone is a credit there as in a line beside the story.
    page = parse("\n".join([LEDE, "AP and Reuters contributed to this report."]), source(zone="UTC"))
    assert page.article.paragraphs[-1] == "AP and Reuters contributed to this report."
    assert set(page.article.credits) == {"AP", "Reuters"}


def test_visitors_comments_under_the_footer_s_comment_form_are_no_headlines() -> None:
    # Each comment's author, time and text: "Great news" was a headline of the site's at its comment's time.
    page = parse(page_text("arabstoday_en_visitor_comments.txt"))
    assert headlines(page) == [
        ("Oman names new crown prince under constitutional changes", "2021-01-05T16:20:00Z"),
        ("Iraq marks anniversary of Soleimani killing", "2021-01-04T11:05:00Z"),
    ]
    assert len(page.article.paragraphs) == 1
    assert ("Great news", Reason.OUTSIDE_ARTICLE) in removed(page)
    # A footer under the prompt: what stands between is read as before (the seed's prompts are its last lines).
    lines = seed_text().splitlines()
    moved = parse("\n".join([lines[0], "Send your comments", *lines[1:14]]))
    assert headlines(moved) == SEED_HEADLINES


def test_a_persian_site_s_notice_of_all_rights_names_no_holder() -> None:
    # "کلیه حقوق این سایت محفوظ است © ۱۴۰۲" ("all rights of this site are reserved"): the phrase and its Solar Hijri
    # year were taken for the holder.
    page = parse(page_text("persian_solar_hijri.txt"), source(zone="Asia/Tehran", dayfirst=True))
    assert page.notice is None
    assert ("کلیه حقوق این سایت محفوظ است © ۱۴۰۲", Reason.COPYRIGHT) in removed(page)
    article = page.article
    assert article.headline == "بانک مرکزی نرخ سود بین بانکی را افزایش داد"
    assert article.credits == ("AFP",)
    assert len(article.paragraphs) == 2
    assert article.published is not None
    assert format_rfc3339(article.published.reading.instant) == "2024-03-05T10:50:00Z"


def test_a_short_sentence_ending_on_a_time_is_the_story_s_not_a_headline_at_it() -> None:
    # "... on Yarm Road at 6am.": cut at its time into a headline of the site's, the page had no story at all.
    page = parse(page_text("short_story_ends_on_time.txt"), source(zone="Europe/London", dayfirst=True))
    assert page.article.paragraphs == (
        "Fire crews were called to a warehouse on Yarm Road at 6am.",
        "Residents were told to keep windows closed.",
        "More to follow.",
    )
    assert page.article.headline == "Breaking: Fire crews tackle blaze at Darlington warehouse"
    assert headlines(page) == [
        ("Man charged after Darlington assault", "2026-03-01T10:00:00Z"),
        ("Council approves new town centre plan", "2026-03-01T08:00:00Z"),
    ]


def test_a_headline_whose_words_the_story_tells_in_compounds_is_the_story_s() -> None:
    # "Regierung einigt sich auf Haushalt 2025" over "... Regierungssprecher ... Bundeshaushalt 2025 geeinigt": the
    # headline shared one whole word with the story, was taken for another story's, and one was cut from the lede.
    page = parse(page_text("german_ticker_compound_headline.txt"), source(zone="Europe/Berlin", dayfirst=True))
    assert page.article.headline == "Regierung einigt sich auf Haushalt 2025"
    assert page.article.published is not None
    assert format_rfc3339(page.article.published.reading.instant) == "2024-07-05T14:20:00Z"
    assert [h for h, _ in headlines(page)] == [
        "Erdbeben der Stärke 5,8 erschüttert Westtürkei",
        "Bundestag beschließt Rentenpaket",
        "Lufthansa-Streik: Hunderte Flüge fallen aus",
    ]


def test_a_list_s_headline_dated_by_a_day_word_after_a_bar_keeps_its_time() -> None:
    # "New bakery opens on Main Street | Yesterday": a day word was read only with a number beside it, and the
    # headline was left out of the list.
    page = parse(page_text("trending_bar_day_word.txt"), source(zone="America/Chicago", dayfirst=False))
    assert headlines(page) == [
        ("Storms knock out power to thousands in valley", "2026-03-01T10:00:00Z"),
        ("High school football: Week 5 scores", "2026-03-01T07:00:00Z"),
        ("New bakery opens on Main Street", "2026-02-28T06:00:00Z"),
    ]


@pytest.mark.parametrize("line", ["Yesterday's heroes honoured at city gala", "Today in history: the first tram"])
def test_a_day_word_among_a_headline_s_words_is_no_time(line: str) -> None:
    page = parse("\n".join([LEDE, "Most read", line, "Storm hits coast | 2 hours ago"]), source(zone="UTC"))
    assert [t for h, t in headlines(page) if h == line] in ([], [None])


@pytest.mark.parametrize("name", ["arabstoday_en_header_clock.txt", "arabstoday_ar_header_clock.txt"])
def test_the_site_s_clock_over_its_menu_is_not_the_story_s_time(name: str) -> None:
    # "Last Updated : GMT 05:39:41" at the top of the page was the story's published and updated time (today's),
    # and the story's own under its headline ("GMT 09:12 2024 Monday ,18 March") was passed over.
    page = parse(page_text(name))
    article = page.article
    assert article.published is not None
    assert format_rfc3339(article.published.reading.instant) == "2024-03-18T09:12:00Z"
    assert article.updated is None
    assert article.credits == ("AP",)
    assert [t for _, t in headlines(page)] == ["2024-03-18T08:30:00Z", "2024-03-17T22:15:00Z"]


def test_a_korean_headline_is_told_by_its_story_s_words_with_their_particles() -> None:
    # "기준금리" and "동결" in the headline, "기준금리를" and "동결했다" in the story: the headline was taken for
    # another story's and one cut from the lede, its dateline with it. "수정" (edited) labels the update.
    page = parse(page_text("korean_headline_particles.txt"), source(zone="Asia/Seoul", dayfirst=False))
    article = page.article
    assert article.headline == "한국은행, 기준금리 연 3.50% 동결"
    assert article.published is not None
    assert article.updated is not None
    assert format_rfc3339(article.published.reading.instant) == "2024-02-22T01:15:00Z"
    assert format_rfc3339(article.updated.reading.instant) == "2024-02-22T05:40:00Z"
    assert len(article.paragraphs) == 2
    assert headlines(page) == [("삼성전자 주가 사상 최고치", "2024-02-20T15:00:00Z")]


def test_a_read_also_link_in_indonesian_between_paragraphs_keeps_the_story_whole() -> None:
    # "Baca juga: ..." between the paragraphs was no link the page reader knew: the story ended above it, and its
    # last paragraph was lost.
    page = parse(page_text("indonesian_read_also_between.txt"), source(zone="Asia/Jakarta", dayfirst=True))
    assert len(page.article.paragraphs) == 2
    assert page.article.paragraphs[-1].startswith("Keputusan ini sejalan")
    assert ("Baca juga: Rupiah menguat pada pembukaan perdagangan", Reason.FURNITURE) in removed(page)
    assert page.article.published is not None
    assert format_rfc3339(page.article.published.reading.instant) == "2024-03-21T08:20:00Z"


def test_a_dateline_line_naming_the_agency_credits_it() -> None:
    # "Beirut - Reuters" over the story, which names Reuters nowhere else: the story went out uncredited.
    page = parse(page_text("arabstoday_en_dateline_line_agency.txt"))
    assert page.article.credits == ("Reuters",)
    assert page.article.signed == ("Reuters",)
    assert page.article.published is not None
    assert format_rfc3339(page.article.published.reading.instant) == "2023-08-02T16:05:00Z"
    assert [t for _, t in headlines(page)] == ["2023-08-02T14:50:00Z", "2023-08-02T09:25:00Z"]
    # The site's own desk credits no agency.
    own = parse(page_text("arabstoday_en_dateline_line_agency.txt").replace("Beirut - Reuters", "Beirut - Arabs Today"))
    assert own.article.credits == ()
