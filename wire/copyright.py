"""Copyright lines: recognised in the languages news sites publish in, and read for their holder and year.

A copyright line is short text carrying a copyright sign, "Copyright" with a year or sign, or a phrase such as
"All rights reserved", "Tous droits réservés", "جميع الحقوق محفوظة" or "版权所有". Its year says when the
notice was last renewed, never when a story was published.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from wire.timestamps import find_timestamps

# Longer text is prose that may mention copyright, not a notice.
MAX_NOTICE_LENGTH = 400

# "All rights reserved" and its kin, as written; matched case- and accent-insensitively.
_RESERVED = (
    "all rights reserved",
    "some rights reserved",
    "tous droits réservés",
    "tous droits de reproduction réservés",
    "alle rechte vorbehalten",
    "todos los derechos reservados",
    "todos los derechos están reservados",
    "todos os direitos reservados",
    "tutti i diritti riservati",
    "riproduzione riservata",
    "alle rechten voorbehouden",
    "tots els drets reservats",
    "toate drepturile rezervate",
    "wszelkie prawa zastrzeżone",
    "všechna práva vyhrazena",
    "všetky práva vyhradené",
    "minden jog fenntartva",
    "alla rättigheter förbehållna",
    "alle rettigheder forbeholdes",
    "alle rettigheter reservert",
    "kaikki oikeudet pidätetään",
    "με επιφύλαξη παντός δικαιώματος",
    "все права защищены",
    "все права сохранены",
    "всі права захищені",
    "усі права захищені",
    "tüm hakları saklıdır",
    "her hakkı saklıdır",
    "جميع الحقوق محفوظة",
    "كافة الحقوق محفوظة",
    "الحقوق محفوظة",
    "تمامی حقوق محفوظ است",
    "کلیه حقوق محفوظ است",
    "کلیه حقوق این سایت محفوظ است",
    "کلیه حقوق این وب سایت محفوظ است",
    "کلیه حقوق این وب\u200cسایت محفوظ است",
    "تمامی حقوق این سایت محفوظ است",
    "כל הזכויות שמורות",
    "सर्वाधिकार सुरक्षित",
    "hak cipta dilindungi",
    "bản quyền thuộc về",
    "สงวนลิขสิทธิ์",
    "版权所有",
    "版權所有",
    "著作権所有",
    "無断転載を禁じます",
    "無断転載禁止",
    "무단 전재 및 재배포 금지",
    "무단전재 및 재배포 금지",
)

# Words that join a reserved phrase to the holder ("reserved to X", "réservés à X", "محفوظة لـ X").
_JOINERS = frozenset((
    "to", "by", "for", "of", "à", "par", "pour", "de", "du", "des", "von", "für", "bei", "por", "para", "del",
    "dos", "da", "di", "per", "van", "door", "för", "av", "af", "na", "dla", "для", "ل", "لـ", "للـ", "لصالح",
))  # fmt: skip
_COMPANY_ABBREVIATIONS = frozenset(("inc", "ltd", "co", "corp", "plc", "llc", "s.a", "s.l", "s.p.a", "n.v", "b.v"))

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?:\s?[-–—/]\s?(?:(?:19|20)?\d\d))?(?!\d)")
# Pieces of a notice: "© Le Monde 2024 - Tous droits réservés | Contact".
# A full stop ends a piece, and stays with it: the holder keeps a company abbreviation's ("Metro Daily Media Inc. All
# rights reserved." names "Metro Daily Media Inc.", as where nothing follows it).
# A year of the Solar Hijri calendar in Persian or Arabic-Indic digits ("۱۴۰۲"), as Persian sites date their notice.
_SOLAR_HIJRI_YEAR = re.compile(r"(?<![\d])[۱١][۳۴٣٤][۰-۹٠-٩]{2}(?![\d])")
_PIECES = re.compile(r"\s*[|·•]\s*|\s[-–—]\s|(?<=[^\s.]{3}\.)\s+")
_TRIM = " \t.,;:|·•–—-_/\\"


@dataclass(frozen=True, slots=True)
class Notice:
    """What a copyright line says: the holder (when one is named) and the latest year."""

    holder: str | None
    year: int | None

    @property
    def text(self) -> str | None:
        """The notice as feeds show it: `© 2021 Arab Today Media Group`."""
        if self.holder is None:
            return None
        return f"© {self.year} {self.holder}" if self.year else f"© {self.holder}"


def copyright_start(text: str) -> int | None:
    """Where a copyright notice starts in `text`, or None when it holds none.

    0 means the whole text is the notice. A larger index means the notice is glued to other text before it
    ("...in Negev's Saawah villageAll rights reserved ..."), which the caller may keep.
    """
    if len(text) > MAX_NOTICE_LENGTH:
        return None
    folded, origin = _fold_mapped(text)
    found = _MARKER.search(folded)
    if found is None:
        return None
    start = origin[found.start()]
    if start == 0 or not _glued(text, start):
        return 0
    return start


def read_notice(text: str) -> Notice:
    """The holder and year of a copyright line (one `copyright_start` recognised)."""
    years = [int(y) for y in _YEAR.findall(fold(text))]
    return Notice(_holder(text), max(years, default=None))


def main_notice(lines: Iterable[str]) -> Notice | None:
    """The notice of a page with these copyright lines: the holder named most often (the last one on a tie)."""
    notices = [read_notice(line) for line in lines]
    holders = [n.holder for n in notices if n.holder is not None]
    if not holders:
        return None
    counts = Counter(holders)
    best = max(counts.values())
    holder = [h for h in holders if counts[h] == best][-1]
    years = [n.year for n in notices if n.holder == holder and n.year is not None]
    return Notice(holder, max(years, default=None))


def _holder(text: str) -> str | None:
    pieces = [p for p in _PIECES.split(text) if p.strip()]
    marked = [p for p in pieces if copyright_start(p) is not None or _YEAR.search(fold(p))]
    for piece in marked + [p for p in pieces if p not in marked]:
        # "All content © Qux Times Ltd 2026": words before the sign describe it, the holder follows it (unless
        # nothing but a year does: "Qux Times Ltd © 2026").
        before, sign, after = piece.partition("©")
        holder = (_strip_notice(after) if sign and before.strip() else None) or _strip_notice(piece)
        if holder is not None:
            return holder
    return None


def _strip_notice(piece: str) -> str | None:
    piece = _ARABIC_TO.sub(_without_arabic_to, piece)
    folded, origin = _fold_mapped(piece)
    keep = [True] * len(piece)
    for match in (*_MARKER_WORDS.finditer(folded), *_YEARS.finditer(folded)):
        for i in range(origin[match.start()], origin[match.end() - 1] + 1):
            keep[i] = False
    for match in _SOLAR_HIJRI_YEAR.finditer(piece):  # "© ۱۴۰۲": a Persian site's year is no part of the holder
        for i in range(match.start(), match.end()):
            keep[i] = False
    for found in find_timestamps(piece):  # "Copyright © 1 January 2021 Foo": the date is no part of the holder
        for i in range(found.start, found.end):
            keep[i] = False
    rest = "".join(c if k else " " for c, k in zip(piece, keep, strict=True))
    words = rest.split()
    while words and (_joiner(words[0]) or not any(c.isalnum() for c in words[0])):
        words.pop(0)
    while words and (_joiner(words[-1]) or not any(c.isalnum() for c in words[-1])):
        words.pop()
    holder = " ".join(words).strip(_TRIM.replace(".", ""))
    if holder.endswith(".") and holder.rsplit(None, 1)[-1].casefold().rstrip(".") not in _COMPANY_ABBREVIATIONS:
        holder = holder.rstrip(".")
    letters = sum(c.isalpha() for c in holder)
    if letters < 2 or len(holder) > 120 or len(holder.split()) > 12:
        return None
    return holder


# Arabic writes "to" (li-) as a letter on the holder's name after "reserved": "محفوظة لمجموعة العرب اليوم" (to the
# Arab Today Group), "محفوظة للعرب اليوم" (to Al-Arab Al-Youm: li- and al- make "lil-").
_ARABIC_TO = re.compile(r"(محفوظة?\s+)ل(ل?)ـ?(?=\w\w)")


def _without_arabic_to(found: re.Match[str]) -> str:
    """The holder's name after "reserved" without the letter for "to": "لمجموعة" is "مجموعة", "للعرب" is "العرب"."""
    return found[1] + ("ال" if found[2] else "")


def _joiner(word: str) -> bool:
    # Compared as written, and the joiners are lower case: "reserved to Arab Today" loses "to", while a capital
    # is part of a name ("De Telegraaf").
    return word in _JOINERS


def _glued(text: str, start: int) -> bool:
    """Whether the notice at `start` is glued to other text before it, which is no part of it."""
    before, first = text[start - 1], text[start]
    if first.isupper():
        # "villageAll rights": a lower-case letter (or a sentence end) runs straight into the notice's capital.
        return glues_to_capital(before)
    if first in "©℗":
        # "...graft purge© 2015 Arab Today Media Group": the sign right after a word, and the holder after the sign
        # ("Qux Times Ltd© 2026" names its holder before it: the line is the notice).
        return (before.isalnum() or before in _GLUE_ENDS) and _strip_notice(text[start + 1 :]) is not None
    if first.isalpha() and not first.islower():
        # A script without case (Arabic, Hebrew): "...بشأن القدسجميع الحقوق محفوظة", a word of two letters or
        # more running into the notice's first (a prefix of one, "وجميع", is the notice's own: "and all ..."). A
        # word a space parts from it is the notice's holder ("العرب اليوم جميع الحقوق محفوظة"), as in Latin letters.
        word = "" if before.isspace() else text[:start].split()[-1]
        return sum(caseless_letter(c) for c in word) >= _GLUED_WORD_LETTERS
    return False


def glues_to_capital(before: str) -> bool:
    """Whether a character right before a capital letter ends other text glued to it: a lower-case letter, a digit,
    a sentence's end, or a letter of a script without case ("villageAll rights", "القدسMaintained by")."""
    return before.islower() or before.isdigit() or before in _GLUE_ENDS or caseless_letter(before)


def caseless_letter(char: str) -> bool:
    """A letter of a script without case (Arabic, Hebrew, Chinese): no word of it starts with a capital."""
    return char.isalpha() and not char.islower() and not char.isupper()


# What ends the text a notice is glued to: a sentence's end, a closing quote or bracket.
_GLUE_ENDS = ".!?\"')»”’"
# Letters at least of the word a notice runs into, in a script without case.
_GLUED_WORD_LETTERS = 2


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isdecimal() and not char.isascii():  # "٢٠١٧", "२०२४": a year is read whatever digits write it
        return str(unicodedata.decimal(char))
    decomposed = unicodedata.normalize("NFD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or " "


def fold(text: str) -> str:
    """`text` lower case and without accents, for matching phrases however a site capitalises or accents them."""
    return "".join(_fold_char(c) for c in text)


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


_RESERVED_PATTERN = "|".join(re.escape(fold(phrase)) for phrase in _RESERVED)
_MARKER = re.compile(
    r"[©℗]|\(c\)\s?(?:19|20)\d\d|^copyright(?![a-z])|(?<![a-z])copyright(?![a-z])\s*(?:[©℗]|\(c\)|(?:19|20)\d\d|by\b|:)"
    f"|{_RESERVED_PATTERN}"
)
# What a holder is stripped of: signs, the word "copyright" and the reserved phrases.
_MARKER_WORDS = re.compile(rf"[©℗]|\(c\)|(?<![a-z])copyright(?![a-z])|{_RESERVED_PATTERN}")
