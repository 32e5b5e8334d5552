"""Validators for every format the server speaks, against the official schemas in tests/data/standards, offline.

Each raises AssertionError naming what is wrong, and returns the parsed document so that tests can look inside.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

import feedparser
from jsonschema import Draft7Validator, Draft202012Validator, FormatChecker
from lxml import etree
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from feeds.formats import Format

STANDARDS = Path(__file__).resolve().parent / "data" / "standards"
NINJS_VERSIONS = ("3.1", "2.2")
GEOJSON_URL = "https://geojson.org/schema/GeoJSON.json"

# No DTDs, no entities, no network: a document under test cannot make the validator fetch anything.
_XML_PARSER = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


def validate_newsml(data: bytes) -> etree._Element:
    """The root of `data` after checking it is well-formed XML, valid against the NewsML-G2 2.35 XSD."""
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise AssertionError(f"not well-formed XML: {exc}") from None
    schema = _newsml_schema()
    if not schema.validate(root):
        raise AssertionError(f"not valid NewsML-G2 2.35:\n{schema.error_log}")
    return root


def validate_ninjs(doc: Any, version: str) -> Any:
    """`doc` after checking it is one ninjs object valid against the ninjs `version` schema, formats included."""
    _assert_valid(_ninjs_validator(version), doc, f"ninjs {version}")
    return doc


def validate_jsonfeed(doc: Any) -> Any:
    """`doc` after checking it is valid against the JSON Feed 1.1 schema, formats included."""
    _assert_valid(_jsonfeed_validator(), doc, "JSON Feed 1.1")
    return doc


def parse_feed(data: bytes, content_type: str) -> Any:
    """`data` parsed by feedparser as a reader would get it, after checking feedparser found nothing wrong."""
    parsed = feedparser.parse(data, response_headers={"content-type": content_type})
    if parsed.bozo:
        raise AssertionError(f"feedparser: {parsed.get('bozo_exception')!r}")
    return parsed


def validate_document(fmt: Format, body: bytes, content_type: str | None = None) -> Any:
    """A feed document parsed, after validating it as its format requires: Atom and RSS read back by feedparser
    (as served with `content_type`, by default the format's own), NewsML-G2 against its XSD, JSON Feed against its
    schema, ninjs item by item."""
    if fmt.extension in ("atom", "rss"):
        return parse_feed(body, content_type or fmt.content_type)
    if fmt.extension == "newsml":
        return validate_newsml(body)
    doc = json.loads(body)
    if fmt.extension == "json":
        return validate_jsonfeed(doc)
    for item in doc["items"]:
        validate_ninjs(item, fmt.variant or "3.1")
    return doc


def _assert_valid(validator: Draft7Validator | Draft202012Validator, doc: Any, name: str) -> None:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        _fail(name, errors)


def _fail(name: str, errors: list[Any]) -> NoReturn:
    details = "; ".join(f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:10])
    raise AssertionError(f"not valid {name}: {details}")


@cache
def _newsml_schema() -> etree.XMLSchema:
    # The XSD imports xml.xsd by a relative location, resolved beside it.
    path = STANDARDS / "newsml-g2" / "NewsML-G2_2.35-spec-All-Power.xsd"
    return etree.XMLSchema(etree.parse(str(path), _XML_PARSER))


@cache
def _ninjs_validator(version: str) -> Draft202012Validator:
    if version not in NINJS_VERSIONS:
        raise ValueError(f"no ninjs {version} schema here; versions: {', '.join(NINJS_VERSIONS)}")
    schema = _load(STANDARDS / "ninjs" / f"ninjs-schema_{version}.json")
    geojson = Resource.from_contents(_load(STANDARDS / "ninjs" / "GeoJSON.json"), default_specification=DRAFT7)
    # A registry without a `retrieve` function fails on any reference it does not hold: never the network.
    registry: Registry[Any] = Registry().with_resources([(GEOJSON_URL, geojson)])
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _jsonfeed_validator() -> Draft7Validator:
    schema = _load(STANDARDS / "jsonfeed" / "jsonfeed-1.1.schema.json")
    return Draft7Validator(schema, format_checker=FormatChecker())


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
