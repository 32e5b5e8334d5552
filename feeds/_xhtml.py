"""An HTML fragment as an XHTML document: well-formed, in the XHTML namespace, whatever the fragment held.

Bodies reach the renderers already sanitised, and most of them are well-formed XML as they stand: those are parsed
as XML at C speed. Anything else (HTML void elements, named entities, broken nesting, characters XML forbids,
prefixed names) goes through lxml's forgiving HTML parser and is then repaired element by element.
"""

from __future__ import annotations

import re

from lxml import etree

from feeds._text import XML_ILLEGAL, legal_text
from feeds.languages import text_direction

XHTML = "http://www.w3.org/1999/xhtml"
_X = f"{{{XHTML}}}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_OPEN = f'<html xmlns="{XHTML}"><head><title/></head><body>'
_CLOSE = "</body></html>"
# An XML name without a prefix; HTML allows names that are not (`a:b`, `x"y`), which XML cannot carry.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")

_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True, collect_ids=False
)
_HTML_PARSER = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def xhtml_document(fragment: str, *, title: str, language: str | None) -> etree._Element:
    """An `html` element (XHTML namespace) whose body holds `fragment`, titled `title`, in `language` if given (and
    `dir="rtl"` when that is written right to left).

    The element may be appended anywhere in another document: it declares its own namespace, and every name, text
    and attribute in it is legal XML, so the document it joins stays well-formed.
    """
    try:
        html = etree.fromstring(f"{_OPEN}{fragment}{_CLOSE}", _XML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        html = _from_html(fragment)
    html[0][0].text = legal_text(title)
    if language:
        html.set(_XML_LANG, language)
        if text_direction(language) == "rtl":
            html.set("dir", "rtl")
    return html


def _from_html(fragment: str) -> etree._Element:
    parsed = etree.fromstring(f"<html><body>{legal_text(fragment)}</body></html>", _HTML_PARSER)
    body = parsed.find("body")
    html = etree.fromstring(f"{_OPEN}{_CLOSE}", _XML_PARSER)
    if body is not None:
        _repair(body)
        target = html[1]
        target.text = body.text
        target.extend(list(body))
    return html


def _repair(root: etree._Element) -> None:
    """Rename every element into the XHTML namespace; drop what XML cannot carry (bad names, illegal characters)."""
    for element in root.iter(etree.Element):  # elements only: the parser already dropped comments and PIs
        tag = element.tag
        element.tag = _X + (tag if _NAME.match(tag) else "span")
        for name, value in list(element.attrib.items()):
            if not isinstance(name, str) or not _NAME.match(name):
                del element.attrib[name]
            elif isinstance(value, str) and XML_ILLEGAL.search(value):
                element.set(name, legal_text(value))
        if element.text and XML_ILLEGAL.search(element.text):
            element.text = legal_text(element.text)
        if element.tail and XML_ILLEGAL.search(element.tail):
            element.tail = legal_text(element.tail)
