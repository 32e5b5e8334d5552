"""Text hygiene: the quick paths of clean_text, one_line, sanitise_html and html_to_text give what the full ones
give, for every text."""

from __future__ import annotations

import html
import re
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds._xhtml import xhtml_document
from wire.text import (
    _ALREADY_CLEAN,
    _BLOCK,
    _DROP_ILLEGAL,
    _IMAGE,
    MAX_DEPTH,
    _bidi_closed,
    _deeper_than,
    _with_source,
    already_clean,
    clean_line,
    clean_text,
    cluster_start,
    cut_at_sentence,
    cut_at_word,
    html_to_text,
    lede,
    one_line,
    plain_ascii,
    sanitise_html,
    searchable_texts,
    sentence_ends,
    shows_nothing,
)

texts = (
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
    | st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60)  # the ASCII path, controls and all
    | st.sampled_from(
        ["", " ", "a  b", " a\u00a0b ", "a\u2028b", "x\ty", "\x00AFP\x1b", "\ufffe", "Timbuktu\u3000Mali", "a \n b"]
    )
)

# Whitespace runs as the expression reads them: what one_line collapses, by quicker means.
_SPACE = re.compile(r"\s+")


def test_a_printable_character_is_never_removed_nor_whitespace_but_the_space() -> None:
    # What the quick paths rely on, checked for every code point: a printable text is already clean, and holds
    # no whitespace run but runs of the ASCII space.
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable():
            assert code not in _DROP_ILLEGAL, hex(code)
            assert char == " " or not _SPACE.match(char), hex(code)


@given(texts)
def test_clean_text_removes_exactly_what_xml_cannot_carry(text: str) -> None:
    assert clean_text(text) == _bidi_closed(text.translate(_DROP_ILLEGAL))


@given(texts)
def test_one_line_collapses_every_whitespace_run(text: str) -> None:
    assert one_line(text) == _SPACE.sub(" ", text).strip()
    assert clean_line(text) == _SPACE.sub(" ", _bidi_closed(text.translate(_DROP_ILLEGAL))).strip()


@given(texts)
def test_a_plain_ascii_text_is_one_that_reads_as_it_is_written(text: str) -> None:
    assert plain_ascii(text) == (text.isascii() and text.isprintable() and "  " not in text)


@given(st.lists(texts, max_size=4))
def test_a_body_searched_as_written_reads_so(paragraphs: list[str]) -> None:
    body = sanitise_html("".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
    searched = searchable_texts(body)
    if searched == [body]:  # the quick path: its tags part the paragraphs as the blocks are parted, words alike
        as_written = [t.strip() for t in re.split(r"</?p>", body) if t.strip()]
        assert as_written == [t for t in (html_to_text(block) for block in _BLOCK.split(body)) if t]
    else:
        assert " ".join(searched) == html_to_text(body)


# Embeddings and overrides (LRE, RLE, LRO, RLO), their closing PDF, isolates (LRI, RLI, FSI) and their closing PDI.
_OPENERS = {"\u202a": "e", "\u202b": "e", "\u202d": "e", "\u202e": "e", "\u2066": "i", "\u2067": "i", "\u2068": "i"}
bidi_texts = st.text(alphabet=st.sampled_from([*_OPENERS, "\u202c", "\u2069", "a", "ب", " "]), max_size=30)


@given(bidi_texts)
def test_clean_text_closes_what_a_text_opens_of_embeddings_and_isolates(text: str) -> None:
    cleaned = clean_text(text)
    opened: list[str] = []
    for char in cleaned:  # as Unicode's bidirectional algorithm pairs them, every closing closes something
        if char in _OPENERS:
            opened.append(_OPENERS[char])
        elif char == "\u202c":
            assert opened
            assert opened.pop() == "e"
        elif char == "\u2069":
            assert "i" in opened
            while opened.pop() != "i":
                pass
    assert not opened
    # Nothing else changes: the text's letters and its openings are kept, in their order.
    assert [c for c in cleaned if c not in "\u202c\u2069"] == [c for c in text if c not in "\u202c\u2069"]


def test_closing_embeddings_and_isolates_takes_time_in_proportion_to_the_text() -> None:
    # A body of the largest size made of openings and closings that close nothing: each closing is one step.
    text = "\u202a" * 20_000 + "x" + "\u2069" * 20_000 + "\u2067" * 20_000 + "\u202c" * 20_000
    started = time.perf_counter()
    cleaned = clean_text(text)
    assert time.perf_counter() - started < 1
    assert cleaned == "\u202a" * 20_000 + "x" + "\u2067" * 20_000 + "\u2069" * 20_000 + "\u202c" * 20_000


def test_a_headline_left_open_to_the_right_to_left_is_closed_where_it_ends() -> None:
    assert clean_line("Breaking \u202ewen ") == "Breaking \u202ewen\u202c"
    assert clean_text("\u2067مرحبا\u202b\u2069 \u202c") == "\u2067مرحبا\u202b\u2069 "
    assert cut_at_word("\u202bword " * 20, 30) == ("\u202bword " * 4).rstrip() + "\u202c" * 4 + "…"


# HTML made of the pieces the quick paths tell apart: text, plain tags in their spellings and near misses,
# character references (good and broken), other tags.
html_texts = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<br>",
            "<br/>",
            "<br />",
            "<br\t/>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<em>",
            "</em>",
            "<strong>",
            "</strong>",
            "<pre>",
            "<p class=x>",
            "<p",
            "<",
            ">",
            "&amp;",
            "&#39;",
            "&#x2014;",
            "&",
            "&nbsp",
            "<script>",
            "<a href=x>",
            "</a>",
            "<!-- c -->",
            "<P>",
            "<bR>",
            "<br  />",
        ]
    )
    | texts,
    max_size=12,
).map("".join)


@given(html_texts)
def test_already_clean_means_what_the_expression_says(text: str) -> None:
    assert already_clean(text) == (_ALREADY_CLEAN.fullmatch(text) is not None)


@given(html_texts)
def test_html_to_text_drops_tags_reads_references_and_collapses_spaces(text: str) -> None:
    # Blocks and line breaks part words, other tags do not.
    parted = re.sub(rf"{_BLOCK.pattern}|<br\b[^>]*>", " ", text, flags=re.IGNORECASE)
    expected = _SPACE.sub(" ", html.unescape(re.sub(r"<[^>]*>", "", parted))).strip()
    assert html_to_text(text) == expected


def test_the_lede_is_the_first_paragraph_with_text_cut_at_a_sentence() -> None:
    body = "<h2> </h2><div><p>BERLIN - First <b>one</b>. Still the first.</p></div><p>Second.</p><ul><li>Item</li></ul>"
    assert lede(body) == "BERLIN - First one. Still the first."
    assert lede("No blocks at all. Two sentences.") == "No blocks at all. Two sentences."
    assert lede("<p>" + "A sentence of the lede. " * 40 + "</p><p>Next.</p>", 100) == " ".join(
        ["A sentence of the lede."] * 4
    )
    assert lede("<p></p><hr>") == ""


# Text whose "<" starts no tag of an HTML element: addresses in angle brackets, comparisons, arrows.
angled_texts = st.lists(
    st.sampled_from(
        ["Talks", " ", "\n\n", "<john.smith@example.com>", "<https://example.com/report>", "a<b.", "<1,000",
         "x > y", "R&D", "<-", "<>", "<3", "< p >", "<foo>", "</ bar>", "<b.c>", "<!- x"]
    ),
    max_size=12,
).map("".join)  # fmt: skip


@given(angled_texts)
def test_text_in_angle_brackets_is_kept_whole(text: str) -> None:
    # What a parser would take for a tag and drop is text when it is no tag of HTML's elements.
    assert html_to_text(sanitise_html(text)) == one_line(text)
    assert html_to_text(sanitise_html(f"<p>{text}</p><p>Second.</p>")) == one_line(f"{text} Second.")


def test_a_plain_text_body_with_an_address_keeps_it_and_its_paragraphs() -> None:
    body = "For details contact John Smith <john.smith@example.com> at the ministry.\n\nSecond paragraph."
    assert sanitise_html(body) == (
        "<p>For details contact John Smith &lt;john.smith@example.com&gt; at the ministry.</p><p>Second paragraph.</p>"
    )
    # HTML is HTML by any element's tag, whatever its case; what the allow-list does not hold still goes.
    assert sanitise_html("<P>Read <https://example.com/a>.</P><SCRIPT>alert(1)</SCRIPT>") == (
        "<p>Read &lt;https://example.com/a&gt;.</p>"
    )
    assert sanitise_html("<!-- note --><p>a<b.</p>") == "<p>a&lt;b.</p>"


@pytest.mark.parametrize(
    "second",
    [
        "The talks, led by the U.S. delegation and its many advisers, ended late without any agreement at all.",
        "Talks ended at 5 p.m. on Monday without any agreement, as every one of the delegates had expected.",
        "The meeting was chaired by Gen. Smith, who said nothing at all to any of the reporters waiting outside.",
        "The plan, backed by S. Korea and others, was put off until the next round of the talks in the spring.",
    ],
)
def test_a_summary_is_not_cut_after_an_abbreviation(second: str) -> None:
    first = "Officials met on Monday to discuss the budget, and they talked for a very long time about it all."
    body = f"<p>{first} {second} {'And then more words came, far too many of them for any summary. ' * 3}</p>"
    assert lede(body, 150) == first


def test_relative_links_are_made_absolute_against_the_story_s_page_or_dropped() -> None:
    # In a feed, or republished on a partner's site, a relative reference would lead somewhere else.
    body = '<p><a href="/world/more">More</a> <img src="pic.jpg" alt="A"> <a href="https://x.example/">X</a></p>'
    assert sanitise_html(body, "https://site.example/world/story.html") == (
        '<p><a href="https://site.example/world/more" rel="noopener noreferrer">More</a> '
        '<img src="https://site.example/world/pic.jpg" alt="A"> '
        '<a href="https://x.example/" rel="noopener noreferrer">X</a></p>'
    )
    # Without the page, the link keeps its text; the image, which would show nothing, goes.
    assert sanitise_html(body) == (
        '<p><a rel="noopener noreferrer">More</a>  <a href="https://x.example/" rel="noopener noreferrer">X</a></p>'
    )
    assert sanitise_html('<p>A <img alt="src=" src="data:x"> b <img alt=" src=&quot;"></p>') == "<p>A  b </p>"


@pytest.mark.parametrize("alt", ['x"><script>alert(1)</script>', "x><script>alert(1)</script>", ' src="'])
def test_an_image_is_told_by_its_whole_tag_whatever_its_alt_holds(alt: str) -> None:
    escaped = html.escape(alt, quote=True)
    body = f'<p>Photo: <img alt="{escaped}" src="https://cdn.example/a.png"> and <img alt="{alt}"></p>'
    cleaned = sanitise_html(body)
    assert "<script" not in cleaned
    assert cleaned.count("<img") == 1
    assert 'src="https://cdn.example/a.png"' in cleaned
    # As cleaners before nh3 0.3.7 write a ">" in a value: as it is. The tag ends past it all the same.
    written = '<p><img alt="x><script>alert(1)</script>"> <img alt="x>y" src="https://e.example/b.png"></p>'
    assert _IMAGE.sub(_with_source, written) == '<p> <img alt="x>y" src="https://e.example/b.png"></p>'


@pytest.mark.parametrize("scheme", ["javascript", "JavaScript", "data", "vbscript", "file"])
def test_every_url_attribute_keeps_only_the_allowed_schemes(scheme: str) -> None:
    # `cite` too, which the cleaner's own scheme list does not cover.
    body = (
        f'<blockquote cite="{scheme}:alert(1)"><p>Q</p></blockquote><q cite="https://e.example/s">q</q>'
        f'<a href="{scheme}:alert(1)">a</a><img src="{scheme}:x" alt="i"><a href="MAILTO:desk@e.example">m</a>'
    )
    cleaned = sanitise_html(body)
    assert f"{scheme}:" not in cleaned
    assert 'cite="https://e.example/s"' in cleaned
    assert 'href="MAILTO:desk@e.example"' in cleaned


def test_the_lede_is_the_story_s_first_paragraph_not_a_figure_s_caption_and_tables_keep_theirs() -> None:
    body = (
        '<figure><img src="https://cdn.example/p.jpg" alt="A"><figcaption>The striker celebrates.</figcaption></figure>'
    )
    assert lede(body + "<p>The striker scored twice.</p>") == "The striker scored twice."
    assert lede("<ul><li>Only a list</li></ul>") == "Only a list"  # nothing else: the list stands for it
    table = "<table><caption>Group A</caption><tbody><tr><td>France</td></tr></tbody></table>"
    assert sanitise_html(table) == table


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("El barco se hundió en el mar. Los equipos de rescate siguen buscando.", "El barco se hundió en el mar."),
        ("El presidente dijo que no. La oposición pidió su dimisión.", "El presidente dijo que no."),
        ("The death toll rose to 7. Rescuers were still searching.", "The death toll rose to 7."),
        ("Inflation rose to 2.5. Economists had expected more.", "Inflation rose to 2.5."),
        ("Die Kosten steigen um 3 Mrd. Euro im Jahr. Der Bund zahlt.", "Die Kosten steigen um 3 Mrd. Euro im Jahr."),
        (
            "The vote is set for Mar. 5 in the capital. Polls open at eight.",
            "The vote is set for Mar. 5 in the capital.",
        ),
    ],
)
def test_a_sentence_ends_at_its_stop_whatever_the_word_before_it_is(text: str, first: str) -> None:
    assert text[: next(sentence_ends(text))] == first


@given(texts)
def test_a_text_shows_nothing_when_it_holds_only_whitespace_and_characters_without_a_glyph(text: str) -> None:
    # The quick path (an ASCII text) and the full one agree, and a text shows nothing exactly when every character
    # is whitespace or one of the zero-width, soft-hyphen and directional characters.
    invisible = set(
        "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )
    assert shows_nothing(text) == all(c.isspace() or c in invisible for c in text)
    assert shows_nothing(text + "\u200b \u2069") == shows_nothing(text)
    assert not shows_nothing(text + "x")


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 4 * MAX_DEPTH])
@pytest.mark.parametrize("closed", [True, False], ids=["with end tags", "without"])
def test_a_body_nests_no_deeper_than_the_limit_and_keeps_its_text(depth: int, closed: bool) -> None:
    names = [("div", "blockquote", "span", "em", "b")[n % 5] for n in range(depth)]
    body = "".join(f'<{name} lang="x>y">' if n % 7 == 0 else f"<{name}>" for n, name in enumerate(names))
    body += "The words<br>at the bottom" + ("".join(f"</{name}>" for name in reversed(names)) if closed else "")
    kept = sanitise_html(body)
    assert html_to_text(kept) == "The words at the bottom"
    assert not _deeper_than(kept, MAX_DEPTH)
    assert _deeper_than(kept, min(depth, MAX_DEPTH) - 1)  # as deep as the limit lets it be


def test_paragraphs_whose_end_tags_are_left_out_are_not_nested() -> None:
    # Each paragraph ends where the next begins: a thousand of them are a thousand paragraphs, none unwrapped.
    kept = sanitise_html("<p>A paragraph." * 1000)
    assert kept == "<p>A paragraph.</p>" * 1000


@pytest.mark.parametrize("repeated", ["<b></i>", "<b></p>", "<b><i></b>x"])
def test_tags_a_parser_nests_deeper_than_their_end_tags_say_are_unwrapped_too(repeated: str) -> None:
    # An end tag of an element not open closes nothing, and a formatting element misnested is opened again: the
    # elements nest as the parser builds them, whatever the count of end tags says.
    kept = sanitise_html(repeated * 4 * MAX_DEPTH + "The words")
    built = xhtml_document(kept, title="", language=None)  # as the XML formats read a body: html, body, then it
    assert max(len(list(element.iterancestors())) for element in built.iter()) <= MAX_DEPTH + 1
    assert html_to_text(kept).endswith("The words")


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("هل انتهت الحرب؟ قال المسؤولون إنها لم تنته بعد.", "هل انتهت الحرب؟"),
        ("وزیر اعظم نے آج خطاب کیا۔ انہوں نے کہا کہ معیشت بہتر ہے۔", "وزیر اعظم نے آج خطاب کیا۔"),
        ("प्रधानमंत्री ने आज सभा को संबोधित किया। उन्होंने कहा कि विकास जारी है।", "प्रधानमंत्री ने आज सभा को संबोधित किया।"),
        ("मंत्र का पाठ हुआ॥ फिर सभा शुरू हुई।", "मंत्र का पाठ हुआ॥"),
        ("「今日は晴れです。」と彼は言った。", "「今日は晴れです。」"),
        ("国家统计局今天发布数据．经济保持增长．", "国家统计局今天发布数据．"),
        ("Τι συμβαίνει στην Αθήνα; Η κυβέρνηση απάντησε σήμερα.", "Τι συμβαίνει στην Αθήνα;"),
        ("Τι συμβαίνει στην Αθήνα\u037e Η κυβέρνηση απάντησε.", "Τι συμβαίνει στην Αθήνα\u037e"),
    ],
)
def test_a_sentence_ends_at_the_stop_of_its_own_script(text: str, first: str) -> None:
    assert text[: next(sentence_ends(text))] == first


def test_a_semicolon_after_a_latin_word_ends_no_sentence() -> None:
    text = "Prices rose; the bank held its rate. Markets fell."
    assert text[: next(sentence_ends(text))] == "Prices rose; the bank held its rate."


@pytest.mark.parametrize(
    ("sentence", "limit"),
    [
        ("प्रधानमंत्री ने आज दिल्ली में एक सभा को संबोधित किया। ", 300),
        ("وزیر اعظم نے آج اسلام آباد میں خطاب کیا۔ ", 300),
        ("هل قتل ١١ مسلحاً في شمال مالي؟ ", 300),
        ("Πόσοι τραυματίστηκαν στη Θεσσαλονίκη; ", 300),
        ("新华社北京3月1日电 国家统计局今天发布数据显示，中国经济保持稳定增长。", 300),
    ],
)
def test_a_lede_in_any_script_is_cut_after_a_whole_sentence(sentence: str, limit: int) -> None:
    cut = lede(f"<p>{sentence * 20}</p>", limit)
    assert cut == (sentence * (limit // len(sentence))).strip()
    assert not cut.endswith("…")


def test_a_text_in_chinese_is_cut_near_the_limit_not_back_at_a_latin_word() -> None:
    # Chinese breaks between any two characters: the one space, after "AFP", is no reason to keep four of them.
    text = "AFP 报道" + "国家统计局今天发布数据显示中国经济保持稳定增长" * 20
    cut = cut_at_word(text, 300)
    assert (len(cut), cut[-1]) == (300, "…")
    assert text.startswith(cut[:-1])


# What a reader sees as one character, each more than one code point: a letter and a combining accent (NFD), Thai
# with its vowel and tone marks, Devanagari conjuncts and vowel signs, conjoining Hangul jamo (NFD), a family emoji
# (joined by ZWJs), a skin tone, a flag (two regional indicators), a subdivision flag (tags), a keycap.
CLUSTERS = [
    "e\u0301", "ปี้", "นี้", "ที่", "क्ष", "कि", "ह्म", "\u1100\u1161\u11a8", "\u1112\u1161",
    "👨\u200d👩\u200d👧\u200d👦", "👍🏽", "🇫🇷", "🇩🇪", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "1\ufe0f\u20e3", "a", "b", "中", " ",
]  # fmt: skip


@given(st.lists(st.sampled_from(CLUSTERS), min_size=1, max_size=40), st.integers(min_value=2, max_value=80))
def test_a_shortened_text_never_cuts_a_character_as_the_reader_sees_it_in_two(clusters: list[str], limit: int) -> None:
    text = "".join(clusters)
    boundaries = {0}
    for cluster in clusters:
        boundaries.add(max(boundaries) + len(cluster))
    for at in range(len(text) + 1):
        assert cluster_start(text, at) in boundaries
        assert cluster_start(text, at) <= at
    for cut in (cut_at_word(text, limit), cut_at_sentence(text, limit)):
        kept = cut.removesuffix("…").rstrip()
        assert len(cut) <= limit or cut == text
        assert text.startswith(kept)
        assert len(kept) in boundaries or text[len(kept)] == " "
