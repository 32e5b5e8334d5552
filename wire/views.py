"""Views: stored items shaped for one audience into the immutable feed views that renderers take."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from feeds.view import Credit, Entry, Feed, Link, Rights, Tombstone
from wire.config import AgencyConfig, Config, Level, SourceConfig
from wire.model import Item
from wire.rules import Rules, credit_line, level_for
from wire.text import lede
from wire.urls import Urls

_ORDER = {Level.HEADLINE: 0, Level.SUMMARY: 1, Level.FULL: 2}


@dataclass(frozen=True, slots=True)
class Viewer:
    """Builds entries and feeds under one configuration."""

    title: str
    urls: Urls
    agencies: Mapping[str, AgencyConfig]
    sources: Mapping[str, SourceConfig]
    sections: Mapping[str, str]  # section id -> title
    descriptions: Mapping[str, str]
    languages: Mapping[str, str]

    @classmethod
    def of(cls, config: Config) -> Viewer:
        return cls(
            title=config.feeds.title,
            urls=Urls.of(config.server.public_url, config.feeds.id_authority),
            agencies=config.agencies,
            sources=config.sources,
            sections={k: s.title for k, s in config.sections.items()},
            descriptions={k: s.description or s.title for k, s in config.sections.items()},
            languages={k: s.language for k, s in config.sections.items()},
        )

    def entry(self, item: Item, rules: Rules) -> Entry | None:
        """The item as `rules` may see it, or None when they may not see it at all (visibility aside)."""
        level = level_for(item, rules, self.agencies)
        if level is None:
            return None
        story = item.story
        rights = self.rights(item)
        credits = tuple(Credit(code, self._agency_name(code)) for code in story.credits)
        configured = self.sources.get(story.source) if story.source else None
        source = configured.name if configured else story.source
        summary = None
        # The editor's note of a correction tells of the text ("corrects the toll in the third paragraph to 11"):
        # a reader of headlines learns that the story was corrected, not what its text said.
        ed_note = None
        if _ORDER[level] >= _ORDER[Level.SUMMARY]:
            summary = story.summary or (lede(story.body_html) if story.body_html else None) or None
            ed_note = story.ed_note
        return Entry(
            guid=self.urls.item_guid(story.id),
            item_id=story.id,
            url=self.urls.item_page(story.id),
            kind=story.kind.value,
            headline=story.headline,
            published=item.published,
            updated=max(item.updated, item.published),  # no format dates a version before the story came out
            version=item.version,
            credit_line=credit_line(
                rules.credit,
                holder=rights.holder or self.title,
                agencies=tuple(c.name for c in credits),
                source=source,
            ),
            rights=rights,
            credits=credits,
            summary=summary,
            body_html=story.body_html if level is Level.FULL else None,
            byline=story.byline,
            language=story.language,
            source=source,
            canonical_url=story.url,
            sections=story.sections,
            status=item.status.value,
            signal=story.signal.value if story.signal else None,
            ed_note=ed_note,
            embargo=story.embargo,
            located=story.located,
            slugline=story.slugline,
        )

    def rights(self, item: Item) -> Rights:
        """The item's rights, with the service's name as holder when nobody else is known."""
        rights = item.story.rights
        holder = rights.holder or self.title
        notice = rights.notice or f"© {item.published.year} {holder}"
        return Rights(holder, notice, rights.usage_terms)

    def tombstone(self, item: Item) -> Tombstone:
        """The trace a withdrawn item leaves: its id, link, when and why (RFC 6721)."""
        return Tombstone(
            guid=self.urls.item_guid(item.id),
            item_id=item.id,
            url=self.urls.item_page(item.id),
            when=item.version_created,
            reason=item.withdrawn_reason,
            version=item.version,
        )

    def feed(
        self,
        section: str,
        items: Sequence[Item],
        rules: Rules,
        *,
        empty_since: datetime,
        withdrawn: Sequence[Item] = (),
        links: Sequence[Link] = (),
        query: str = "",
        archive: bool = False,
        sync: bool = False,
        updated: datetime | None = None,
    ) -> Feed:
        """A feed document of `items` (already chosen and ordered) and the tombstones of `withdrawn` items, as
        `rules` may see them. `withdrawn` are the items these rules had seen (the store's question: even one that a
        version crediting an agency they may not see hid before its withdrawal, whose copies must be taken down
        too); a tombstone tells no more than the id, link, time and reason. `query` is the self link's query (an
        archive or cursor position); `sync`, a page of the change log; `updated`, when the document last changed
        for these rules (else its newest entry's)."""
        entries = tuple(e for e in (self.entry(item, rules) for item in items) if e is not None)
        tombstones = tuple(self.tombstone(item) for item in withdrawn)
        changed = [e.updated for e in entries] + [t.when for t in tombstones]
        base = self.urls.feed_base(section)
        return Feed(
            guid=self.urls.feed_guid(section),
            section=section,
            title=f"{self.sections[section]} | {self.title}",
            description=self.descriptions[section],
            language=self.languages[section],
            home_url=self.urls.section_page(section),
            self_link=Link("self", base, query=query, per_format=True),
            updated=updated or max(changed, default=empty_since),
            generator=self.title,
            provider=self.title,
            rights=Rights(self.title, f"© {self.title}. Items carry their own rights.", None),
            entries=entries,
            tombstones=tombstones,
            links=tuple(links),
            archive=archive,
            sync=sync,
        )

    def _agency_name(self, code: str) -> str:
        agency = self.agencies.get(code)
        return agency.name if agency else code
