"""Which agencies a text credits, by the phrases configured for each (`[agencies.<code>] credited_as`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from ahocorasick_rs import AhoCorasick, MatchKind

from wire.config import AgencyConfig
from wire.text import INVISIBLE, plain_ascii


class CreditFinder:
    """Finds agency credits in text. A phrase matches only as a whole: "AFP" never matches inside "SAFPORT".

    Every phrase of every agency is found in one pass over the text (an Aho-Corasick automaton), so the cost
    stays that of reading the text however many agencies and phrases are configured; each occurrence is then
    checked for its word boundaries.
    """

    def __init__(self, agencies: Mapping[str, AgencyConfig]) -> None:
        self._codes = tuple(agencies)  # configuration order
        by_phrase: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for code, agency in agencies.items():
            # Only the configured phrases: an agency's bare name is also the name of a company or a subject
            # ("Reuters shares rose"), which credits nobody.
            for phrase in dict.fromkeys(_as_read(p) for p in agency.credited_as):
                if phrase:
                    by_phrase.setdefault(phrase, []).append((code, re.compile(_whole(phrase))))
        # For each phrase, by its index in the automaton: (agency code, whole-phrase pattern) for every agency that
        # lists it.
        self._holders = [tuple(holders) for holders in by_phrase.values()]
        # The agencies a bracket credits alone ("(EFE)"), to read one that names several ("(EFE/AFP)").
        self._bracketed = {
            phrase[1:-1]: tuple(code for code, _ in holders)
            for phrase, holders in by_phrase.items()
            if phrase.startswith("(") and phrase.endswith(")")
        }
        self._automaton = AhoCorasick(list(by_phrase), matchkind=MatchKind.Standard) if by_phrase else None
        self._by_name = {_as_read(agency.name): code for code, agency in agencies.items() if agency.name}

    def find(self, *texts: str | None) -> tuple[str, ...]:
        """Agency codes credited anywhere in `texts`, in configuration order."""
        if self._automaton is None:
            return ()
        joined = "\n".join(_as_read(t) for t in texts if t)
        found = self._shared_brackets(joined)
        # Every occurrence of every phrase, overlapping ones too ("AFP" inside "told AFP"), as character offsets.
        for phrase, start, _ in self._automaton.find_matches_as_indexes(joined, overlapping=True):
            for code, pattern in self._holders[phrase]:
                if code not in found and pattern.match(joined, start):
                    found.add(code)
                    if len(found) == len(self._codes):  # every agency credited: the rest cannot add one
                        return self._codes
        return tuple(code for code in self._codes if code in found)

    def _shared_brackets(self, text: str) -> set[str]:
        """The agencies of a dateline's bracket that names several, each of which a bracket of its own credits:
        "Bogotá, 19 dic (EFE/AFP).-", "(Reuters, AP)", "(dpa y AFP)"."""
        found: set[str] = set()
        if "(" not in text or not self._bracketed:
            return found
        for bracket in _BRACKET.finditer(text):
            parts = _BRACKET_SEPARATOR.split(bracket[1].strip())
            if len(parts) > 1:
                for part in parts:
                    found.update(self._bracketed.get(part, ()))
        return found

    def signed(self, line: str) -> tuple[str, ...]:
        """Agency codes a short line outside a story's text credits: by their phrases, or by being the agency's name
        alone (a signature: "Reuters", "— Agence France-Presse"), in configuration order."""
        found = self.find(line)
        named = self._by_name.get(_as_read(line).strip(_SIGNATURE_MARKS))
        if named is None or named in found:
            return found
        return tuple(code for code in self._codes if code in found or code == named)


def _as_read(text: str) -> str:
    """The text as a reader reads it, as phrases are matched: composed (`_composed`), without the characters that
    show nothing (a soft hyphen in "Reu\u00adters", a zero-width space or joiner, a directional mark), and each
    run of spaces one space (a no-break space, a line break or two spaces in "told  AFP" read as the one space the
    phrase has). Otherwise such a text would let a story out uncredited, past the licence rules."""
    if plain_ascii(text):
        return text  # most texts
    if text.isascii():  # composed, and nothing in it shows nothing
        return " ".join(text.split())
    return " ".join(_composed(text).translate(_SHOWS_NOTHING).split())


# Characters that show nothing of their own: zero-width space, non-joiner and joiner, word joiner, byte-order mark,
# soft hyphen, and the directional marks, embeddings and isolates.
_SHOWS_NOTHING = dict.fromkeys(map(ord, INVISIBLE))


def _composed(text: str) -> str:
    """The text in Unicode's composed form (NFC), as phrases are matched: "informó EFE" credits EFE whether its "ó"
    is one character or an "o" and a combining accent (as some editing tools write it), which would otherwise let a
    story out uncredited, past the licence rules. The stored text stays as written."""
    return unicodedata.normalize("NFC", text)  # the text itself when it is composed already


# What may stand around an agency's name signing a story.
_SIGNATURE_MARKS = " \t-–—()[]./"


def _whole(phrase: str) -> str:
    # Word boundaries only where the phrase itself starts or ends with a word character: "(AFP)" needs none.
    # Scripts written without spaces have no word boundaries to ask for: "据新华社报道" credits 新华社.
    start = r"(?<!\w)" if phrase[:1].isalnum() and not _UNSPACED.match(phrase[:1]) else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() and not _UNSPACED.match(phrase[-1:]) else ""
    return f"{start}{re.escape(phrase)}{end}"


# Chinese, Japanese kana, Thai, Lao, Khmer and Myanmar letters.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


# A short bracket on one line, and what separates the agencies one may name: a slash, a comma, an ampersand, a plus,
# or a word for "and". The bracket is found first and then cut: an expression asking for the separator inside the
# bracket tried every place for it after every "(", and a body of brackets never closed took a second to read.
_BRACKET = re.compile(r"\(([^()\n]{3,160})\)")
_BRACKET_SEPARATOR = re.compile(r"\s*[/,&+]\s*|\s+(?:and|y|et|und|e|и|و)\s+")
