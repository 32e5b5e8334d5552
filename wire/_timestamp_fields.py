"""The fields a timestamp's text says, gathered before they are settled to an instant.

`wire.timestamps` fills a Draft from a group of tokens, and `wire._timestamp_shapes` fills one straight
from the text of a common layout; both settle it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(slots=True)
class Draft:
    """Fields as written: None (or the default) where the text says nothing."""

    year: int | None = None
    year_digits: int = 4
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    weekday_text: str = ""
    hour: int | None = None
    minute: int = 0
    second: int = 0
    ampm: int | None = None
    offset: int | None = None
    zone: int | None = None  # an index into wire._timestamp_tokens.ZONES
    zone_text: str = ""
    solar: bool = False
    buddhist: bool = False  # the year is in the Buddhist Era: an era word says so, or the text is Thai
    unordered: tuple[int, int] | None = None  # day and month in an order still to decide
    days_back: int | None = None
    seconds_back: int | Fraction | None = None  # a Fraction only where it is no whole number ("1.33 min")
    months_back: int = 0
    relative: bool = False
    numeric_without_year: bool = False
    numbers: list[tuple[int, int]] | None = None  # bare numbers, (value, digits), placed last
