"""Which way a language is written, from its BCP 47 tag: what the HTML pages' `dir` and NewsML-G2's `dir` say.

A reader's software cannot tell from `lang` alone: an Arabic headline that starts with a Latin name or a number
("CNN: ...", "2026: ...") is laid out left to right by `dir="auto"`, which looks only at the first strong letter.
"""

from __future__ import annotations

import functools

# Scripts written right to left (ISO 15924, lower case): Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Mandaic,
# Samaritan, Hanifi Rohingya, Yezidi, Mende Kikakui, Old South Arabian, Imperial Aramaic, Avestan, Manichaean.
_RTL_SCRIPTS = frozenset(
    ("arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "mand", "samr", "rohg", "yezi", "mend", "sarb", "armi", "avst",
     "mani")
)  # fmt: skip
# Languages written right to left unless their tag names another script (CLDR's defaults): Arabic and the languages
# written in its script (Persian, Dari, Urdu, Pashto, Sindhi, Sorani, Uyghur, Kashmiri, Balochi, South Azerbaijani,
# Western Punjabi, Mazanderani, Gilaki, Northern Luri), Hebrew (and its old code), Yiddish, Divehi, Syriac, N'Ko.
_RTL_LANGUAGES = frozenset(
    ("ar", "fa", "prs", "ur", "ps", "sd", "ckb", "ug", "ks", "bal", "azb", "pnb", "mzn", "glk", "lrc", "he", "iw", "yi",
     "ji", "dv", "syr", "nqo", "arc")
)  # fmt: skip


@functools.lru_cache(maxsize=256)
def text_direction(language: str) -> str:
    """The direction of `language`, a BCP 47 tag: "rtl" for a language or script written right to left ("ar",
    "he-IL", "ur", "az-Arab"), else "ltr" ("en", "zh-Hans", "ku-Latn", "ar-Latn")."""
    subtags = language.lower().split("-")
    for subtag in subtags[1:]:
        if len(subtag) == 1:  # an extension or private use: what follows is no script
            break
        if len(subtag) == 4 and subtag.isalpha():
            return "rtl" if subtag in _RTL_SCRIPTS else "ltr"
    return "rtl" if subtags[0] in _RTL_LANGUAGES else "ltr"
