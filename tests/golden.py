"""Golden files: the fixed view of tests/feed_views.py rendered in NewsML-G2, ninjs (3.1 and 2.2) and JSON Feed.

`python -m tests.golden` (through scripts/regenerate-golden) rewrites them; tests only read them. Run it on purpose,
when a renderer's output is meant to change, and review the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

from feeds.formats import FORMATS, Format
from tests.feed_views import golden_feed

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
GOLDEN_FORMATS = ("newsml", "ninjs", "ninjs@2.2", "json")


def golden_path(fmt: Format) -> Path:
    """The golden file of `fmt`: `world.<extension>[-<variant>].<xml|json>`."""
    variant = f"-{fmt.variant}" if fmt.variant else ""
    suffix = "xml" if fmt.extension == "newsml" else "json"
    return GOLDEN / f"world.{fmt.extension}{variant}.{suffix}"


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    view = golden_feed()
    for key in GOLDEN_FORMATS:
        path = golden_path(FORMATS[key])
        path.write_bytes(FORMATS[key].render(view))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
