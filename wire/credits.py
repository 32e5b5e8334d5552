"""Which agencies a text credits, by the phrases configured for each (`[agencies.<code>] credited_as`)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from wire.config import AgencyConfig


class CreditFinder:
    """Finds agency credits in text. A phrase matches only as a whole: "AFP" never matches inside "SAFPORT"."""

    def __init__(self, agencies: Mapping[str, AgencyConfig]) -> None:
        # (code, phrase, pattern): a substring test first, which is fast, then the whole-word check.
        self._phrases = [
            (code, phrase, re.compile(_whole(phrase)))
            for code, agency in agencies.items()
            for phrase in dict.fromkeys((agency.name, *agency.credited_as))
        ]

    def find(self, *texts: str | None) -> tuple[str, ...]:
        """Agency codes credited anywhere in `texts`, in configuration order."""
        joined = "\n".join(t for t in texts if t)
        found = {code for code, phrase, pattern in self._phrases if phrase in joined and pattern.search(joined)}
        return tuple(code for code in dict.fromkeys(c for c, _, _ in self._phrases) if code in found)


def _whole(phrase: str) -> str:
    # Word boundaries only where the phrase itself starts or ends with a word character: "(AFP)" needs none.
    # Scripts written without spaces have no word boundaries to ask for: "据新华社报道" credits 新华社.
    start = r"(?<!\w)" if phrase[:1].isalnum() and not _UNSPACED.match(phrase[:1]) else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() and not _UNSPACED.match(phrase[-1:]) else ""
    return f"{start}{re.escape(phrase)}{end}"


# Chinese, Japanese kana, Thai, Lao, Khmer and Myanmar letters.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
