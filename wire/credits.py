"""Which agencies a text credits, by the phrases configured for each (`[agencies.<code>] credited_as`)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from wire.config import AgencyConfig


class CreditFinder:
    """Finds agency credits in text. A phrase matches only as a whole: "AFP" never matches inside "SAFPORT"."""

    def __init__(self, agencies: Mapping[str, AgencyConfig]) -> None:
        self._patterns = {
            code: re.compile("|".join(_whole(p) for p in (agency.name, *agency.credited_as)))
            for code, agency in agencies.items()
        }

    def find(self, *texts: str | None) -> tuple[str, ...]:
        """Agency codes credited anywhere in `texts`, in configuration order."""
        joined = "\n".join(t for t in texts if t)
        return tuple(code for code, pattern in self._patterns.items() if pattern.search(joined))


def _whole(phrase: str) -> str:
    # Word boundaries only where the phrase itself starts or ends with a word character: "(AFP)" needs none.
    # Scripts written without spaces have no word boundaries to ask for: "据新华社报道" credits 新华社.
    start = r"(?<!\w)" if phrase[:1].isalnum() and not _UNSPACED.match(phrase[:1]) else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() and not _UNSPACED.match(phrase[-1:]) else ""
    return f"{start}{re.escape(phrase)}{end}"


# Chinese, Japanese kana, Thai, Lao, Khmer and Myanmar letters.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
