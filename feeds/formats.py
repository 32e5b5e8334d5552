"""The formats the server speaks, in one table: adding one is one module and one row.

A format is found by its URL extension and, for formats with versions (ninjs), the `version` the client asks
for (`/feeds/world.ninjs?version=2.2`); the row without a variant is the default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from feeds import atom, jsonfeed, newsml, ninjs, rss
from feeds.view import Entry, Feed


@dataclass(frozen=True, slots=True)
class Format:
    extension: str
    media_type: str  # without parameters; every format is served as UTF-8
    render: Callable[[Feed], bytes]
    label: str  # its name for people: "Atom", "ninjs 2.2"
    render_item: Callable[[Feed, Entry], bytes] | None = None  # one item alone (`/v1/items/{id}.{ext}`)
    variant: str | None = None  # a version clients may ask for; None for the default
    item_media_type: str | None = None  # of a single item, when it differs from the feed's (NewsML-G2)
    for_readers: bool = False  # feed readers subscribe to it (the others are for syndication partners)
    # Made once (every cached document names its format's key and Content-Type, and shares these strings).
    key: str = field(init=False)  # the extension, and the variant after "@"
    content_type: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", f"{self.extension}@{self.variant}" if self.variant else self.extension)
        object.__setattr__(self, "content_type", f"{self.media_type}; charset=utf-8")

    def url(self, feed_base: str) -> str:
        """The URL of a feed in this format, from the feed's URL without extension."""
        url = f"{feed_base}.{self.extension}"
        return f"{url}?version={self.variant}" if self.variant else url

    @property
    def item_content_type(self) -> str:
        """The Content-Type of what `render_item` makes."""
        return f"{self.item_media_type or self.media_type}; charset=utf-8"


FORMATS: Mapping[str, Format] = {
    f.key: f
    for f in (
        Format(atom.EXTENSION, atom.MEDIA_TYPE, atom.render, "Atom", for_readers=True),
        Format(rss.EXTENSION, rss.MEDIA_TYPE, rss.render, "RSS", for_readers=True),
        Format(jsonfeed.EXTENSION, jsonfeed.MEDIA_TYPE, jsonfeed.render, "JSON Feed", for_readers=True),
        Format(
            newsml.EXTENSION,
            newsml.MEDIA_TYPE,
            newsml.render,
            "NewsML-G2",
            newsml.render_item,
            item_media_type=newsml.ITEM_MEDIA_TYPE,
        ),
        Format(ninjs.EXTENSION, ninjs.MEDIA_TYPE, ninjs.render_31, "ninjs 3.1", ninjs.render_item_31),
        Format(ninjs.EXTENSION, ninjs.MEDIA_TYPE, ninjs.render_22, "ninjs 2.2", ninjs.render_item_22, variant="2.2"),
    )
}

EXTENSIONS: tuple[str, ...] = tuple(dict.fromkeys(f.extension for f in FORMATS.values()))


# The version each default row serves, which clients that pin their version may also ask for by name.
DEFAULT_VERSIONS: Mapping[str, str] = {ninjs.EXTENSION: "3.1"}


def find_format(extension: str, variant: str | None = None) -> Format | None:
    """The format for a URL extension and an optional variant, or None if there is no such format."""
    if variant and DEFAULT_VERSIONS.get(extension) == variant:
        variant = None
    return FORMATS.get(f"{extension}@{variant}" if variant else extension)
