"""Boilerplate a line shows by itself: copyright lines (read for holder and year), comment prompts, patterns."""

from __future__ import annotations

import pytest

from wire.boilerplate import (
    Cut,
    GluedPhrases,
    LineRules,
    Reason,
    fingerprint,
    is_furniture,
    is_menu,
    is_related_heading,
)
from wire.copyright import Notice, copyright_start, main_notice, read_notice


@pytest.mark.parametrize(
    ("line", "holder", "year"),
    [
        ("All rights reserved to Arab Today Media Group 2021 ©", "Arab Today Media Group", 2021),
        ("© 2021 Arab Today Media Group. All rights reserved.", "Arab Today Media Group", 2021),
        ("Copyright © 2019 The Guardian News & Media Limited", "The Guardian News & Media Limited", 2019),
        ("Copyright (c) 2020-2024 Foo Inc.", "Foo Inc.", 2024),
        ("Copyright 2021 Reuters", "Reuters", 2021),
        ("© Le Monde 2024 - Tous droits réservés", "Le Monde", 2024),
        ("TOUS DROITS RESERVES - Le Figaro 2020", "Le Figaro", 2020),
        ("© Süddeutsche Zeitung GmbH. Alle Rechte vorbehalten.", "Süddeutsche Zeitung GmbH", None),
        ("Todos los derechos reservados © El País 2023", "El País", 2023),
        ("© 2022 Folha de S.Paulo. Todos os direitos reservados.", "Folha de S.Paulo", 2022),
        ("© Copyright ANSA 2023 - Tutti i diritti riservati", "ANSA", 2023),
        ("© De Telegraaf 2022 | Alle rechten voorbehouden", "De Telegraaf", 2022),
        ("© 2024 РИА Новости. Все права защищены.", "РИА Новости", 2024),
        ("جميع الحقوق محفوظة لـ اليوم العربي © 2021", "اليوم العربي", 2021),
        ("العرب اليوم جميع الحقوق محفوظة ٢٠٢١", "العرب اليوم", 2021),
        ("ישראל היום כל הזכויות שמורות 2021", "ישראל היום", 2021),
        ("© 2023 Hürriyet. Tüm hakları saklıdır.", "Hürriyet", 2023),
        ("版权所有 © 2020 新华网", "新华网", 2020),
        ("© ۱۴۰۲ خبرآنلاین - کلیه حقوق محفوظ است", "خبرآنلاین", None),
        ("Copyright © 2024 The Asahi Shimbun Company. All rights reserved. No reproduction.", "The Asahi Shimbun "
         "Company", 2024),
    ],
)  # fmt: skip
def test_copyright_line_gives_its_holder_and_year(line: str, holder: str, year: int | None) -> None:
    assert copyright_start(line) == 0
    assert read_notice(line) == Notice(holder, year)


def test_a_persian_notice_of_the_site_s_rights_names_no_holder() -> None:
    # "All rights of this site are reserved", dated in the Solar Hijri calendar: no holder, no year of ours.
    assert read_notice("کلیه حقوق این سایت محفوظ است © ۱۴۰۲") == Notice(None, None)
    assert read_notice("کلیه حقوق این وب\u200cسایت محفوظ است") == Notice(None, None)


def test_words_before_the_sign_are_no_part_of_the_holder() -> None:
    assert read_notice("All content © Qux Times Ltd 2026") == Notice("Qux Times Ltd", 2026)
    assert read_notice("Qux Times Ltd © 2026") == Notice("Qux Times Ltd", 2026)


@pytest.mark.parametrize(
    "line",
    [
        "EU copyright reform passes parliament",
        "Rights groups say the law was reserved for later debate",
        "A court ruled on the copyright of the photographs in 2019, lawyers said.",
    ],
)
def test_text_that_merely_mentions_copyright_is_no_copyright_line(line: str) -> None:
    assert copyright_start(line) is None


def test_rights_phrase_without_a_holder_gives_no_holder() -> None:
    assert read_notice("Alle Rechte vorbehalten") == Notice(None, None)


def test_copyright_glued_after_a_headline_starts_where_the_glue_is() -> None:
    line = "Israel demolishes housesAll rights reserved to Arab Today Media Group 2021 ©"
    assert copyright_start(line) == len("Israel demolishes houses")


def test_the_holder_named_most_often_is_the_pages_holder() -> None:
    notice = main_notice(["© 2020 AFP", "© 2021 Arab Today", "All rights reserved to Arab Today 2019 ©"])
    assert notice == Notice("Arab Today", 2021)
    assert notice.text == "© 2021 Arab Today"


@pytest.mark.parametrize(
    "line",
    [
        "Send your comments",
        "Your comment as a visitor",
        "Leave a comment",
        "Comments (12)",
        "12 comments",
        "Laissez un commentaire",
        "Kommentar schreiben",
        "Deja tu comentario",
        "Deixe seu comentário",
        "Lascia un commento",
        "Оставить комментарий",
        "أضف تعليقك",
        "Yorum yap",
        "发表评论",
    ],
)
def test_comment_prompts_in_many_languages_are_boilerplate(line: str) -> None:
    assert LineRules(()).reason(line) is Reason.COMMENT_PROMPT


@pytest.mark.parametrize(
    "line",
    [
        "Trump's comments spark outrage in Congress",
        "The minister declined to comment on the report, saying an inquiry was under way.",
        "Calls for probe into migrant death in Spain",
    ],
)
def test_news_that_mentions_comments_is_no_prompt(line: str) -> None:
    assert LineRules(()).reason(line) is None


def test_configured_pattern_marks_a_line_as_the_sources_boilerplate() -> None:
    rules = LineRules([r"^Maintained and developed by Arabs Today Group SAL\.?$"])
    assert rules.reason("Maintained and developed by Arabs Today Group SAL.") is Reason.PATTERN
    assert rules.reason("Developed by the ministry") is None


def test_known_boilerplate_glued_to_either_end_of_a_headline_is_cut_off() -> None:
    footer = "Maintained and developed by Arabs Today Group SAL."
    glued = GluedPhrases({footer: Reason.PATTERN}, frozenset())
    assert glued.cut(f"Israel demolishes five houses{footer}") == (
        "Israel demolishes five houses",
        [Cut(footer, Reason.PATTERN)],
    )
    assert glued.cut(f"{footer}Calls for probe")[0] == "Calls for probe"
    assert glued.cut("Nothing glued here at all") == ("Nothing glued here at all", [])


def test_a_line_seen_on_earlier_pages_is_cut_where_it_is_glued_to_a_headline() -> None:
    glued = GluedPhrases({}, frozenset({fingerprint("Follow us on Twitter")}))
    rest, cuts = glued.cut("Storm hits the coastFollow us on Twitter")
    assert rest == "Storm hits the coast"
    assert [(c.text, c.reason) for c in cuts] == [("Follow us on Twitter", Reason.SEEN_BEFORE)]


def test_fingerprints_ignore_case_and_spacing() -> None:
    assert fingerprint("Send  your comments ") == fingerprint("send your comments")
    assert fingerprint("Send your comments") != fingerprint("Send your comment")


@pytest.mark.parametrize(
    "line",
    ["Listen to this article", "Listen", "Écouter cet article", "Artikel anhören", "Listen to this article (4 min)"],
)
def test_an_audio_player_s_button_is_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    ("line", "menu"),
    [
        ("News | Sport | Business | Opinion", True),
        ("Business • Markets • World • Technology", True),
        ("Home Politics Business Sport Culture", True),
        ("Accueil International Politique Économie", True),
        # Headlines: words in lower case between the capitals, or parts of a headline's length.
        ("Home Office to review visa rules after court ruling", False),
        ("Home prices fall for a third month", False),
        ("Wildfire in Texas Panhandle becomes largest in state history | U.S. | Metro Daily", False),
        ("Senate Passes Stopgap Bill", False),
        # In title case: the words that join a sentence.
        ("Home Sales Fall For Third Straight Month As Mortgage Rates Climb", False),
        ("Privacy Watchdog Fines Meta Over Data Transfers", False),
        ("Home Terms Of Use Privacy Policy Contact Us", True),
    ],
)
def test_a_menu_is_told_from_a_headline(line: str, menu: bool) -> None:
    assert is_menu(line) is menu


@pytest.mark.parametrize(
    "line",
    [
        "Join ST's WhatsApp Channel and get the latest news and must-reads.",
        "Join our Telegram channel for breaking news",
        "Rejoignez notre canal WhatsApp",
    ],
)
def test_an_invitation_to_the_site_s_channel_on_a_messaging_app_is_furniture(line: str) -> None:
    assert is_furniture(line)


def test_a_sentence_of_a_story_naming_a_messaging_app_s_channel_is_none() -> None:
    assert not is_furniture("The group announced the attack on its Telegram channel late on Sunday night.")


@pytest.mark.parametrize("line", ["Most read", "Lo más visto", "Les plus lus", "Meistgelesen", "الأكثر قراءة"])
def test_the_heading_of_the_site_s_ranked_list_is_a_list_s_heading(line: str) -> None:
    assert is_related_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "French soldiers patrol a street in Timbuktu. (AFP/File)",
        "Protesters in Beirut on Sunday. (AP Photo/Hussein Malla)",
        "Smoke rises over Gaza City (AFP via Getty Images)",
        "Rescuers search the rubble in Hatay (Photo: AFP)",
    ],
)
def test_a_caption_ending_in_its_photo_s_credit_in_brackets_is_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    ["The minister spoke to reporters on Sunday. (Reuters)", "He filed the report on Monday (file photos were shown)"],
)
def test_a_sentence_ending_in_an_agency_s_bracket_or_an_aside_about_photos_is_no_caption(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Baca juga: Rupiah menguat pada pembukaan perdagangan",
        "Читайте также: Рубль укрепился к доллару",
        "Ayrıca okuyun: Dolar güne yükselişle başladı",
        "Czytaj także: Złoty umacnia się wobec euro",
        "קראו גם: הבורסה בתל אביב עלתה",
    ],
)
def test_a_read_also_link_in_more_languages_is_furniture(line: str) -> None:
    assert is_furniture(line)
