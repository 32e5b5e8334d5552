"""Attribution rules: what one audience (the public or a partner) may receive of an item.

The view of an item is the most restrictive of: the audience's level, each credited agency's `without_licence`
when the audience lacks that licence, the embargo, and the audience's delay.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from wire.config import AgencyAllowance, AgencyConfig, Config, Level, PartnerConfig
from wire.model import Item, Status

_ORDER = {Level.HEADLINE: 0, Level.SUMMARY: 1, Level.FULL: 2}


@dataclass(frozen=True, slots=True)
class Rules:
    """The rules an audience is served under. Audiences with equal rules share cached renderings."""

    level: Level
    licences: frozenset[str]
    delay: timedelta
    credit: str
    every_licence: bool = False  # editors: no agency restricts what they see


# Editors see every item in full, whatever its credits.
EDITOR_RULES = Rules(Level.FULL, frozenset(), timedelta(0), "{holder} / {agencies}", every_licence=True)


@dataclass(frozen=True, slots=True)
class Audience:
    """Who is asking: the public (`partner` is None) or one partner."""

    name: str
    rules: Rules
    sections: frozenset[str]
    requests_per_minute: int
    partner: PartnerConfig | None = None
    # The rate-limit bucket a partner's requests count against (the public's are counted per client address).
    bucket: str = ""

    def may_read(self, section: str) -> bool:
        return section in self.sections


def public_audience(config: Config) -> Audience:
    public = config.public
    sections = public.sections if public.sections is not None else tuple(config.sections)
    rules = Rules(public.level, frozenset(), timedelta(0), public.credit)
    return Audience("public", rules, frozenset(sections), public.requests_per_minute)


def partner_audience(name: str, partner: PartnerConfig) -> Audience:
    rules = Rules(
        partner.level,
        frozenset(partner.licences),
        timedelta(minutes=partner.delay_minutes),
        partner.credit,
    )
    return Audience(
        name, rules, frozenset(partner.sections), partner.requests_per_minute, partner, bucket=f"partner:{name}"
    )


def level_for(item: Item, rules: Rules, agencies: Mapping[str, AgencyConfig]) -> Level | None:
    """The level at which `rules` may see `item`'s content, or None when the item must not appear at all."""
    level = rules.level
    if rules.every_licence:
        return level
    for code in item.story.credits:
        if code in rules.licences or code not in agencies:
            continue
        allowance = agencies[code].without_licence
        if allowance is AgencyAllowance.NONE:
            return None
        level = min(level, Level(allowance.value), key=_ORDER.__getitem__)
    return level


def is_visible(item: Item, rules: Rules, now: datetime) -> bool:
    """Whether the item is out for these rules at `now`: usable, past its embargo and the audience's delay."""
    return item.status is Status.USABLE and _out(item, rules, now)


def seen_before_withdrawal(item: Item, rules: Rules) -> bool:
    """Whether a withdrawn item had been out for these rules when it was withdrawn (its canceled version's time),
    as the stores' tombstone queries ask too."""
    return seen_at(item, rules, item.version_created)


def seen_at(item: Item, rules: Rules, instant: datetime) -> bool:
    """Whether the item's story had come out for these rules by `instant` (past its embargo and their delay)."""
    return _out(item, rules, instant)


def _out(item: Item, rules: Rules, instant: datetime) -> bool:
    """Whether the item's story is past its embargo and the audience's delay at `instant`."""
    if item.story.embargo is not None and item.story.embargo > instant:
        return False
    return item.published <= instant - rules.delay  # not published + delay: that overflows for the year 9999


def excluded_agencies(rules: Rules, agencies: Mapping[str, AgencyConfig]) -> tuple[str, ...]:
    """Agencies whose items these rules may not see at all."""
    if rules.every_licence:
        return ()
    return tuple(
        sorted(
            code
            for code, agency in agencies.items()
            if agency.without_licence is AgencyAllowance.NONE and code not in rules.licences
        )
    )


_PLACEHOLDER = re.compile(r"\{(holder|agencies|source)\}")


@lru_cache(maxsize=4096)
def credit_line(template: str, *, holder: str, agencies: tuple[str, ...], source: str | None) -> str:
    """Fill a credit template; a placeholder with nothing to say is dropped with the separator before it.
    (Few distinct credit lines exist, and every entry of every rendering asks for one: they are remembered.)"""
    values = {"holder": holder, "agencies": ", ".join(agencies), "source": source or ""}
    # split() gives [lead, name, literal, name, literal, ...]: each literal follows its name.
    lead, *rest = _PLACEHOLDER.split(template)
    names, literals = rest[0::2], rest[1::2]
    out = lead
    kept = [(index, values[name]) for index, name in enumerate(names) if values[name]]
    for position, (index, value) in enumerate(kept):
        if position > 0:
            out += literals[index - 1]
        out += value
    if literals:
        out += literals[-1]
    return re.sub(r"\s+", " ", out).strip()
