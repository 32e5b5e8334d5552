"""The validators themselves: they accept the official samples, offline, and reject what the schemas forbid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.validators import STANDARDS, parse_feed, validate_jsonfeed, validate_newsml, validate_ninjs


@pytest.mark.parametrize("path", sorted((STANDARDS / "newsml-g2" / "examples").glob("*.xml")), ids=lambda p: p.name)
def test_newsml_validator_accepts_iptc_examples(path: Path) -> None:
    validate_newsml(path.read_bytes())


@pytest.mark.parametrize(
    "path", sorted((STANDARDS / "ninjs" / "examples").glob("*/*.json")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_ninjs_validator_accepts_iptc_examples_offline(path: Path) -> None:
    version = "2.2" if path.parent.name == "2.2" else "3.1"  # 3.0 examples are valid 3.1
    validate_ninjs(json.loads(path.read_text(encoding="utf-8")), version)


@pytest.mark.parametrize("path", sorted((STANDARDS / "jsonfeed" / "examples").glob("*.json")), ids=lambda p: p.name)
def test_json_feed_validator_accepts_the_spec_examples(path: Path) -> None:
    validate_jsonfeed(json.loads(path.read_text(encoding="utf-8")))


def test_validators_reject_what_the_schemas_forbid() -> None:
    newsml_doc = (STANDARDS / "newsml-g2" / "examples" / "LISTING_1_A_NewsML-G2_News_Item.xml").read_bytes()
    newsml_doc = newsml_doc.replace(b"itemClass", b"itemKlass")
    with pytest.raises(AssertionError, match="NewsML-G2"):
        validate_newsml(newsml_doc)
    with pytest.raises(AssertionError, match="well-formed"):
        validate_newsml(b"<newsMessage>")
    with pytest.raises(AssertionError, match="versionCreated"):
        validate_ninjs({"uri": "tag:x,2026:a", "versionCreated": "2026-03-01T10:00:00"}, "3.1")  # no offset
    with pytest.raises(AssertionError, match="versioncreated"):
        validate_ninjs({"uri": "tag:x,2026:a", "versioncreated": "2026-03-01T10:00:00Z"}, "3.1")  # a 2.2 name
    with pytest.raises(AssertionError, match="feed_url"):
        validate_jsonfeed(
            {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [], "feed_url": "not a uri"}
        )
    with pytest.raises(AssertionError, match="feedparser"):
        parse_feed(b"<rss><channel><title>unclosed", "application/rss+xml")
