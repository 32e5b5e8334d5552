"""Agency credits: every configured phrase found as a whole, in one pass, whatever the phrases share."""

from __future__ import annotations

import time
import unicodedata

from wire.config import AgencyConfig
from wire.credits import CreditFinder
from wire.text import sanitise_html, searchable_texts

AGENCIES = {
    "AFP": AgencyConfig("Agence France-Presse", ("AFP", "told AFP", "(AFP)")),
    "AP": AgencyConfig("The Associated Press", ("(AP)", "Associated Press")),
    "XIN": AgencyConfig("Xinhua News Agency", ("新华社",)),
    # Two agencies credited by one phrase: a joint dispatch names both.
    "JNT": AgencyConfig("Joint Desk", ("AFP-AP pool",)),
    "POOL": AgencyConfig("Pool Service", ("AFP-AP pool",)),
}
FINDER = CreditFinder(AGENCIES)
# An agency credited by a phrase alone, not by its bare name ("Reuters shares fell" credits nobody).
TOLD = CreditFinder({"R": AgencyConfig("Reuters", ("told Reuters",))})


def test_codes_come_in_configuration_order_whatever_the_text_order() -> None:
    assert FINDER.find("said the Associated Press, which told AFP") == ("AFP", "AP")


def test_a_phrase_inside_a_word_is_no_credit_but_a_later_whole_one_is() -> None:
    assert FINDER.find("The SAFPORT terminal, SAFP and AFPX") == ()
    assert FINDER.find("The SAFPORT terminal, a source told AFP.") == ("AFP",)


def test_phrases_that_overlap_or_contain_each_other_are_all_seen() -> None:
    assert FINDER.find("(AFP) — reporting by the Associated Press (AP)") == ("AFP", "AP")
    assert FINDER.find("an AFP-AP pool report") == ("AFP", "JNT", "POOL")  # "AP" alone is no phrase of AP's


def test_unspaced_scripts_need_no_word_boundary() -> None:
    assert FINDER.find("据新华社报道，会议于周二举行。") == ("XIN",)


def test_every_text_given_is_searched_and_none_is_skipped() -> None:
    assert FINDER.find(None, "", "headline", "body citing Associated Press") == ("AP",)


def test_no_agencies_configured_credits_nothing() -> None:
    assert CreditFinder({}).find("told AFP") == ()


def test_once_every_agency_is_credited_the_answer_is_every_agency_in_order() -> None:
    finder = CreditFinder({"AP": AGENCIES["AP"], "AFP": AGENCIES["AFP"]})
    repeated = "a source told AFP. " * 50
    assert finder.find(f"{repeated} said the Associated Press {repeated}") == ("AP", "AFP")
    assert finder.find(repeated) == ("AFP",)


def test_an_agency_s_name_alone_credits_nothing() -> None:
    finder = CreditFinder({"Reuters": AgencyConfig("Reuters", ("(Reuters)", "told Reuters"))})
    assert finder.find("Reuters shares rose 2% on Monday.") == ()
    assert finder.find("LONDON (Reuters) - Shares rose.") == ("Reuters",)
    # A line that is the name alone signs a story: a page's credit line.
    assert finder.signed("Reuters") == finder.signed("— Reuters.") == ("Reuters",)
    assert finder.signed("Reuters shares rose") == ()
    assert FINDER.signed("(AP) Agence France-Presse") == ("AP",)
    assert FINDER.signed("Agence France-Presse") == ("AFP",)


def test_a_phrase_is_found_whether_its_accents_are_composed_or_combining() -> None:
    finder = CreditFinder({"EFE": AgencyConfig("Agencia EFE", ("informó EFE",))})
    composed = "La cifra, informó EFE, es alta."
    assert finder.find(unicodedata.normalize("NFD", composed)) == ("EFE",)
    assert finder.find(composed) == ("EFE",)
    # A phrase configured with combining accents finds the composed text too.
    decomposed = CreditFinder({"EFE": AgencyConfig("Agencia EFE", (unicodedata.normalize("NFD", "informó EFE"),))})
    assert decomposed.find(composed) == ("EFE",)
    assert decomposed.signed(unicodedata.normalize("NFD", "Agencia EFE")) == ("EFE",)


def test_a_phrase_is_found_as_a_reader_reads_it_whatever_spaces_or_invisible_characters_part_its_words() -> None:
    finder = CreditFinder({"Reuters": AgencyConfig("Reuters", ("(Reuters)", "told Reuters"))})
    for text in (
        "officials told\u00a0Reuters on Monday",  # a no-break space
        "officials told\nReuters on Monday",
        "officials told  Reuters on Monday",
        "officials told Reu\u00adters on Monday",  # a soft hyphen
        "officials told Reu\u200bters on Monday",  # a zero-width space
        "LONDON (\u200eReuters) - Shares rose.",  # a directional mark
    ):
        assert finder.find(text) == ("Reuters",), text
    assert finder.signed("Reu\u00adters") == ("Reuters",)
    # Texts stay apart: the end of one and the start of the next are no phrase.
    assert finder.find("officials told", "Reuters shares rose") == ()


def test_a_body_is_searched_as_its_readers_read_it_and_as_its_images_and_links_say_in_words() -> None:
    def searched(body: str) -> tuple[str, ...]:
        return FINDER.find(*searchable_texts(sanitise_html(body)))

    assert searched("<p>Troops moved north, a source told AFP.</p><p>Eleven were killed.</p>") == ("AFP",)
    assert searched("<p>Troops moved north, a source told <b>AFP</b>.</p>") == ("AFP",)
    assert searched("<p>Troops moved north, a source told&nbsp;AFP.</p>") == ("AFP",)
    assert searched("<p>Troops moved north &#40;AP&#41; on Monday.</p>") == ("AP",)
    assert searched("<p>Troops moved north, a source told\nAFP.</p>") == ("AFP",)
    assert searched('<p>Troops moved north.</p><p><img src="https://e.example/a.jpg" alt="Photo: AFP"></p>') == ("AFP",)
    assert searched('<p><a href="https://e.example/" title="By the Associated Press">Troops</a></p>') == ("AP",)
    # A paragraph's last words and the next one's first are no phrase, however the body is written.
    assert searched("<p>The minister told</p><p>AFP shares fell.</p>") == ("AFP",)  # "AFP" alone is a phrase
    assert TOLD.find(*searchable_texts(sanitise_html("<p>The minister told</p><p>Reuters shares fell.</p>"))) == ()
    assert (
        TOLD.find(
            *searchable_texts(sanitise_html("<p>In São Paulo the minister told</p>\n<p>Reuters shares fell.</p>"))
        )
        == ()
    )
    assert TOLD.find(*searchable_texts(sanitise_html("<p>In São Paulo the minister told<br>Reuters.</p>"))) == ("R",)
    # What the cleaner takes out (a script's text) is read by nobody.
    assert searched("<p>Troops moved north.</p><script>var credit = 'told AFP';</script>") == ()


def test_a_bracket_naming_several_agencies_credits_each_and_brackets_never_closed_take_time_in_proportion() -> None:
    assert FINDER.find("BOGOTA, Dec 19 (AP/AFP) - Troops moved north.") == ("AFP", "AP")
    assert FINDER.find("BOGOTA, Dec 19 (AFP y AP) - Troops moved north.") == ("AFP", "AP")
    # A body of the largest size of brackets opened and never closed, each full of what parts agencies: every
    # place after every "(" was tried as the separator's, a second's work before the story was stored.
    for filler in (",", " y ", "/"):
        body = ("(" + filler * (170 // len(filler))) * (2_000_000 // 171)
        started = time.perf_counter()
        assert FINDER.find(body) == ()
        assert time.perf_counter() - started < 0.3, filler
