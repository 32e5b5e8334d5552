"""Text hygiene: the quick paths of clean_text and one_line give what the full ones give, for every text."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from wire.text import _DROP_ILLEGAL, _SPACE, clean_line, clean_text, one_line

texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.sampled_from(
    ["", " ", "a  b", " a\u00a0b ", "a\u2028b", "x\ty", "\x00AFP\x1b", "\ufffe", "Timbuktu\u3000Mali", "a \n b"]
)


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
    assert clean_text(text) == text.translate(_DROP_ILLEGAL)


@given(texts)
def test_one_line_collapses_every_whitespace_run(text: str) -> None:
    assert one_line(text) == _SPACE.sub(" ", text).strip()
    assert clean_line(text) == _SPACE.sub(" ", text.translate(_DROP_ILLEGAL)).strip()
