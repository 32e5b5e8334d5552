"""Text hygiene: what every string goes through before it is stored, so that no feed can fail to render."""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urljoin

import nh3

# Characters XML 1.0 forbids (C0 controls but tab, newline and carriage return; surrogates; U+FFFE/U+FFFF),
# plus C1 controls and the other non-characters, which no reader wants. A translate table is several times
# faster than a regular expression with astral ranges, and this runs on every field of every item.
_ILLEGAL_CODES = [
    *range(0x09),
    0x0B,
    0x0C,
    *range(0x0E, 0x20),
    *range(0x7F, 0xA0),
    *range(0xD800, 0xE000),
    *range(0xFDD0, 0xFDF0),
    *(plane * 0x10000 + low for plane in range(17) for low in (0xFFFE, 0xFFFF)),
]
_DROP_ILLEGAL: dict[int, None] = dict.fromkeys(_ILLEGAL_CODES)
_ASCII_ILLEGAL = bytes(code for code in _ILLEGAL_CODES if code < 0x80)
# The ASCII characters that are not printable: the controls, line breaks and tabs among them, and DEL.
_ASCII_CONTROLS = bytes([*range(0x20), 0x7F])
_BLANK_LINE = re.compile(r"\n\s*\n")

# The HTML a body may hold: structure and emphasis; no scripts, styles, forms, frames or event handlers.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang", "dir"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
# Elements nested deeper than this in a body are unwrapped, their text kept where it was: XML parsers refuse a
# document nested deeper than 256 elements unless told otherwise (libxml2, which lxml and many readers use), and
# NewsML-G2 carries a body as XHTML some ten elements down. No article's structure comes near it.
MAX_DEPTH = 100
# A tag of a sanitised body: its attributes' values are quoted, and a quoted value may hold ">".
_TAG_TOKEN = re.compile(r'<(/?)([A-Za-z][A-Za-z0-9]*)(?:[^>"]|"[^"]*")*>')
# The elements of the allow-list that hold nothing and have no end tag.
_VOID = frozenset(["br", "hr", "img"])
# Every element name of HTML (the living standard's and the obsolete ones still written): a text is HTML when it
# holds a tag of one of them (or a comment or doctype). Any other "<" is text: an address in angle brackets
# (<name@example.com>, <https://example.com/>), a comparison ("a<b"), which a parser would take for a tag and drop.
_ELEMENTS = {
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base", "basefont",
    "bdi", "bdo", "big", "blink", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite",
    "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl",
    "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1",
    "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins",
    "kbd", "label", "legend", "li", "link", "main", "map", "mark", "marquee", "math", "menu", "meta", "meter",
    "nav", "nobr", "noembed", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param",
    "picture", "plaintext", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section",
    "select", "slot", "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg",
    "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt",
    "u", "ul", "var", "video", "wbr", "xmp",
}  # fmt: skip
# What may start markup: a tag's name (an element's or not), or a comment or doctype.
_OPENING = re.compile(r"<(?:/?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])|!--|!doctype(?=[\s>]))", re.IGNORECASE)
# HTML that is already inside the allow-list: paragraphs, line breaks and emphasis without attributes, text, and
# character references. Most bodies look like this, and they need no parsing (nh3 leaves them as they are).
_PLAIN_TAG = r"</?(?:p|b|i|em|strong)>|<br\s?/?>"
# A character reference, with its semicolon ("&amp;", "&#8217;"): text does not write one otherwise ("AT&T").
REFERENCE = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
# Possessive: each position has one way to match, so a text that does not match fails in linear time.
_ALREADY_CLEAN = re.compile(rf"(?:[^<&]++|{_PLAIN_TAG}|{REFERENCE})*+")
# What follows each "<" of a text of plain tags (the usual spellings of _PLAIN_TAG).
_PLAIN_TAG_RESTS = ("p>", "/p>", "br>", "br/>", "br />", "b>", "/b>", "i>", "/i>", "em>", "/em>", "strong>", "/strong>")
_TAG = re.compile(r"<[^>]*>")


# A UTF-8 byte-order mark, which some Windows tools put at the start of a file.
UTF8_BOM = b"\xef\xbb\xbf"


def is_utf8(raw: bytes) -> bool:
    """Whether `raw` is UTF-8 text."""
    try:
        raw.decode()
    except UnicodeDecodeError:
        return False
    return True


def plain_ascii(value: str) -> bool:
    """Whether a text is ASCII, single-spaced and without a control character (a line break or a tab included):
    one read as it is written, with no space to join and nothing invisible to take out."""
    if not value.isascii() or "  " in value:
        return False
    # Through a table of 256 entries, several times quicker than asking each character whether it is printable.
    raw = value.encode("ascii")
    return len(raw.translate(None, _ASCII_CONTROLS)) == len(raw)


def clean_text(value: str) -> str:
    """Remove characters XML cannot carry, and close the directional embeddings and isolates the text leaves open;
    keep everything else, line breaks included."""
    # An ASCII text (which Python knows without reading it) loses only ASCII controls: its bytes lose them
    # through a table of 256 entries, three times quicker than asking each character whether it is printable.
    if value.isascii():
        raw = value.encode("ascii")
        kept = raw.translate(None, _ASCII_ILLEGAL)
        return value if len(kept) == len(raw) else kept.decode("ascii")
    # Every character removed is a control, a surrogate or a non-character, none of which is printable: most
    # one-line fields are, and the test is a quick scan where translating looks each character up.
    if value.isprintable():
        return value
    return _bidi_closed(legal_text(value))


def legal_text(value: str) -> str:
    """The text without the characters XML cannot carry, as written otherwise: what clean_text keeps of it before it
    closes what the text leaves open."""
    return value.translate(_DROP_ILLEGAL)


# Directional formatting characters (Unicode's bidirectional algorithm): the embeddings and overrides (LRE, RLE,
# LRO, RLO) that PDF closes, and the isolates (LRI, RLI, FSI) that PDI closes.
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"
_PDF = "\u202c"
_ISOLATES = "\u2066\u2067\u2068"
_PDI = "\u2069"
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _bidi_closed(text: str) -> str:
    """The text with every embedding, override and isolate it opens closed at its end, and the closings that close
    nothing dropped. A reader ends them where a paragraph ends, but a headline or a name is shown inside other text
    (a feed reader's list, a page's title, a credit line): one left open there, a right-to-left override above
    all, would turn round all that follows it."""
    if _BIDI_CONTROL.search(text) is None:
        return text
    out: list[str] = []
    opened: list[str] = []
    isolates = 0  # of those opened, the isolates: a PDI closes nothing without one (counted, not searched for)
    last = 0
    for control in _BIDI_CONTROL.finditer(text):  # the text between them is kept as it is
        char = control[0]
        out.append(text[last : control.start()])
        last = control.end()
        if char in _EMBEDDINGS:
            opened.append(char)
        elif char in _ISOLATES:
            opened.append(char)
            isolates += 1
        elif char == _PDF:
            if not opened or opened[-1] not in _EMBEDDINGS:  # within an isolate, a PDF closes nothing outside it
                continue
            opened.pop()
        else:  # a PDI
            if not isolates:
                continue
            while opened.pop() not in _ISOLATES:  # it closes the embeddings opened inside the isolate too
                pass
            isolates -= 1
        out.append(char)
    out.append(text[last:])
    kept = "".join(out)
    ending = kept.rstrip()  # closed before the spaces it ends in, which a one-line field then trims
    return ending + "".join(_PDI if c in _ISOLATES else _PDF for c in reversed(opened)) + kept[len(ending) :]


def clean_line(value: str) -> str:
    """A one-line field (headline, byline): legal characters, whitespace runs collapsed, trimmed."""
    return one_line(clean_text(value))


# Characters that show nothing of their own: zero-width space, non-joiner and joiner, word joiner, byte-order mark
# (zero-width no-break space), soft hyphen, and the directional marks, embeddings and isolates.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def shows_nothing(value: str) -> bool:
    """Whether a text is blank to a reader: nothing but whitespace and characters that show nothing (a headline of
    zero-width spaces is as empty as one of spaces)."""
    if value.isascii():
        return not value.strip()
    return not "".join(value.split()).strip(INVISIBLE)


def one_line(value: str) -> str:
    """Whitespace runs (line breaks included) collapsed to one space, trimmed."""
    # A printable text holds no whitespace but the ASCII space (line breaks, tabs and the other spaces are not
    # printable): with no two spaces in a row, there is no run to collapse.
    if value.isprintable() and "  " not in value:
        return value.strip()
    # str.split() parts at the whitespace `\s` matches, in runs, and drops it at both ends: several times quicker
    # than the expression on a body.
    return " ".join(value.split())


def sanitise_html(value: str, base: str | None = None) -> str:
    """An HTML fragment reduced to the allow-list: no scripts, handlers or `javascript:` links survive.

    Plain text (no tag of an HTML element) becomes paragraphs, one per blank-line-separated block; in HTML, a "<"
    that starts no tag is text too. A relative link or image source is made absolute against `base` (the page the
    story was published at), or dropped without one: in a feed, or on a partner's site, it would lead elsewhere.
    """
    text = clean_text(value).strip()
    if not any(_starts_markup(opening) for opening in _OPENING.finditer(text)):
        return text_to_html(text)
    # Each "<" starts a plain tag. Counted as if each tag that opens nested until its end tag, they nest no deeper
    # than the limit; otherwise the parser tells (a paragraph's end tag may be left out, and the next one ends it).
    if already_clean(text) and not _deeper_than(text, MAX_DEPTH):
        return text
    text = _text_angles_escaped(text)
    cleaned: str = nh3.clean(
        text,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=functools.partial(_absolute_url, base),
    )
    cleaned = clean_text(cleaned).strip()
    if "<img" in cleaned:  # an image whose source was dropped shows nothing: it goes too
        cleaned = _IMAGE.sub(_with_source, cleaned)
    # As the parser writes it, every element that opens has its end tag: the depth counted is the depth.
    return _unnested(cleaned, MAX_DEPTH) if _deeper_than(cleaned, MAX_DEPTH) else cleaned


def _deeper_than(fragment: str, limit: int) -> bool:
    """Whether the tags of an HTML fragment may nest deeper than `limit`, each element that opens counted until its
    end tag (an end tag left out counts as never given). An end tag that is not the innermost open element's may
    close nothing (an element not open) or leave elements a parser opens again (formatting elements misnested): only
    a parser tells how deep that nests, so it counts as too deep."""
    if fragment.count("<") <= limit:  # too few tags to nest that deep
        return False
    open_names: list[str] = []
    for tag in _TAG_TOKEN.finditer(fragment):
        name = tag[2].lower()
        if tag[1]:
            if not open_names or open_names.pop() != name:
                return True
        elif _opens(tag):
            open_names.append(name)
            if len(open_names) > limit:
                return True
    return False


def _opens(tag: re.Match[str]) -> bool:
    """Whether a start tag (`_TAG_TOKEN`) opens an element that holds what follows until its end tag: not a void
    element, nor one written self-closing."""
    return tag[2].lower() not in _VOID and not tag[0].endswith("/>")


def _unnested(fragment: str, limit: int) -> str:
    """A sanitised fragment (every element with its end tag) with the elements nested deeper than `limit`
    unwrapped: their tags dropped, their text and what they held kept in place."""
    out: list[str] = []
    dropped: list[bool] = []  # for each element open: whether its tags are dropped
    at = 0
    for tag in _TAG_TOKEN.finditer(fragment):
        out.append(fragment[at : tag.start()])
        at = tag.end()
        if tag[1]:
            if dropped.pop() if dropped else False:
                continue
        elif _opens(tag):
            dropped.append(len(dropped) >= limit)
            if dropped[-1]:
                continue
        out.append(tag[0])
    out.append(fragment[at:])
    return "".join(out)


_URL_ATTRIBUTES = frozenset(["href", "src", "cite"])
# An image as the cleaner writes it: its attributes in lower case, each value in double quotes (a '"' in one written
# as a reference; a ">" may stand as it is), so that a tag ends at the first ">" outside them.
_IMAGE = re.compile(r'<img((?:\s+[^\s="/>]+(?:="[^"]*")?)*)\s*/?>')
_ATTRIBUTE_NAME = re.compile(r'\s+([^\s="/>]+)(?:="[^"]*")?')


def _with_source(image: re.Match[str]) -> str:
    """An image tag as it is, or nothing for one without a source."""
    names = _ATTRIBUTE_NAME.findall(image[1])
    return image[0] if "src" in names else ""


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _absolute_url(base: str | None, tag: str, attribute: str, value: str) -> str | None:
    """An attribute as kept: a URL that is relative made absolute against `base`, or dropped without one."""
    if attribute not in _URL_ATTRIBUTES:
        return value
    scheme = _SCHEME.match(value.strip())
    if scheme is not None:  # an absolute URL: of a scheme of the allow-list, or dropped (the cleaner checks no `cite`)
        return value if scheme.group()[:-1].lower() in _URL_SCHEMES else None
    if base is None:
        return None
    absolute = urljoin(base, value.strip())
    return absolute if absolute.startswith(("http://", "https://")) else None


def _starts_markup(opening: re.Match[str]) -> bool:
    name = opening.group(1)
    return name is None or name.lower() in _ELEMENTS


def _text_angles_escaped(text: str) -> str:
    """HTML with each "<" that starts no markup written as a character reference, so that a parser keeps it."""
    pieces = text.split("<")
    out = [pieces[0]]
    at = len(pieces[0])
    for piece in pieces[1:]:
        opening = _OPENING.match(text, at)
        out.append("<" if opening is not None and _starts_markup(opening) else "&lt;")
        out.append(piece)
        at += 1 + len(piece)
    return "".join(out)


def already_clean(text: str) -> bool:
    """Whether an HTML text holds nothing but text, plain tags and character references (_ALREADY_CLEAN)."""
    # Most bodies hold no reference, and each "<" starts a paragraph or a line break: splitting at the tags and
    # looking at how each piece starts is several times quicker than the expression, and means the same there.
    if "&" not in text and all(piece.startswith(_PLAIN_TAG_RESTS) for piece in text.split("<")[1:]):
        return True
    return _ALREADY_CLEAN.fullmatch(text) is not None


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs (escaped), one per block separated by a blank line."""
    blocks = _BLANK_LINE.split(text) if "\n" in text else (text,)
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for b in blocks if (line := one_line(b)))


def html_to_text(fragment: str) -> str:
    """The visible text of a sanitised fragment, for summaries and search."""
    if "<" in fragment or "&" in fragment:  # most summaries are plain text already
        # Blocks and line breaks part words; inline tags do not ("<b>one</b>." is "one.").
        fragment = html.unescape(_TAG.sub("", _BREAK.sub(" ", fragment)))
    return one_line(fragment)


def searchable_texts(fragment: str) -> list[str]:
    """A sanitised fragment as a search for phrases must read it, as its readers do: the visible text of each of its
    blocks ("told <b>Reuters</b>", "told&nbsp;Reuters" and "&#40;Reuters&#41;" read "told Reuters" and "(Reuters)";
    a paragraph's last words and the next one's first are no phrase), and the texts its images and links show in
    words (`alt`, `title`: "Photo: AFP"). A fragment of ASCII text in paragraphs alone, single-spaced and without a
    character reference, reads as it is written: it is searched as it is (most bodies), its tags parting its
    paragraphs as the blocks are parted."""
    if (
        plain_ascii(fragment)
        and "&" not in fragment
        and fragment.count("<") == fragment.count("<p>") + fragment.count("</p>")  # each "<" a paragraph's tag
    ):
        return [fragment]
    texts = [text for block in _BLOCK.split(fragment) if (text := html_to_text(block))]
    if "=" in fragment:
        texts += [html.unescape(value) for value in _SHOWN_ATTRIBUTE.findall(fragment)]
    return texts


# An `alt` or `title` attribute in a sanitised fragment (the cleaner writes every value in double quotes, and a
# '"' in text as it is: such a text, visible, is read twice).
_SHOWN_ATTRIBUTE = re.compile(r'\s(?:alt|title)="([^"]*)"')


# Where a block of a sanitised body starts or ends: its paragraphs, headings, quotes, list items, cells, rules.
_ASIDE = re.compile(r"<(figure|table|ul|ol)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(
    r"</?(?:p|div|h[2-6]|blockquote|pre|ul|ol|li|dl|dt|dd|figure|figcaption|table|thead|tbody|tfoot|tr|td|th|hr)\b[^>]*>",
    re.IGNORECASE,
)

_BREAK = re.compile(rf"{_BLOCK.pattern}|<br\b[^>]*>", re.IGNORECASE)


def lede(body_html: str, limit: int = 300) -> str:
    """The text of a sanitised body's first paragraph (its first block with text), cut at a sentence to fit
    `limit`: what a reader allowed a summary but not the body may have of a story without a summary."""
    # A figure's caption, a table's cells, a list's items are not the story's first paragraph: looked at only when
    # the body has nothing else.
    for body in (_ASIDE.sub(" ", body_html), body_html):
        for block in _BLOCK.split(body):
            text = html_to_text(block)
            if text:
                return cut_at_sentence(text, limit)
    return ""


def cut_at_sentence(text: str, limit: int = 300) -> str:
    """The leading sentences of `text` that fit in `limit` characters (at least the first, cut at a word); what they
    open of directional embeddings and isolates closed in them, as clean_text closes a whole text's."""
    if len(text) <= limit:
        return text
    kept = 0
    for end in sentence_ends(text):
        if end > limit:
            break
        kept = end
    return _bidi_closed(text[:kept]) if kept else cut_at_word(text, limit)


# The full stops of the scripts Newswire reads: the Latin one, the Urdu full stop (۔), the danda and double danda of
# Devanagari and the scripts of India (। ॥), the Armenian (։), Ethiopic (።), Myanmar (။) and Khmer (។) full stops,
# and the Chinese and Japanese one (。, with its full-width and half-width forms).
FULL_STOPS = ".\u06d4\u0964\u0965\u0589\u1362\u104b\u17d4\u3002\uff0e\uff61"
# What ends a sentence: a full stop, a question or exclamation mark (the Arabic ؟, the full-width ones), an ellipsis.
SENTENCE_STOPS = FULL_STOPS + "!?\u2026\u061f\uff01\uff1f"
# The stops of Chinese and Japanese (。！？ and their forms), which no space follows.
_UNSPACED_STOPS = "\u3002\uff01\uff1f\uff0e\uff61"
_SPACED_STOPS = "".join(stop for stop in SENTENCE_STOPS if stop not in _UNSPACED_STOPS)
# Greek asks its questions with ";" (its own question mark, U+037E, is one in Unicode's composed form): after a Greek
# letter it ends a sentence, where after any other it is a semicolon. (Greek's semicolon is the raised dot, "·".)
_GREEK_QUESTION = "(?<=[\u0370-\u03ff\u1f00-\u1fff])[;\u037e]"
_ENDS_IN_GREEK_QUESTION = re.compile(f"{_GREEK_QUESTION}$")


def ends_in_greek_question(text: str) -> bool:
    """Whether `text` ends in a question of Greek (";" after a Greek letter)."""
    return _ENDS_IN_GREEK_QUESTION.search(text[-2:]) is not None


# A sentence's stop, where a space and more text follow (after closing quotes or brackets); or a stop of Chinese
# and Japanese, with the brackets it closes (「…。」).
_SENTENCE_BREAK = re.compile(
    rf"(?:[{re.escape(_SPACED_STOPS)}]|{_GREEK_QUESTION})[\"'\u201d\u2019\u00bb)\]]*(?=\s+\S)"
    rf"|[{_UNSPACED_STOPS}][\u300d\u300f\u3011\u3015\u3009\u300b\uff09\u201d\u2019]*"
)
# Words a period follows without ending a sentence: titles, months, company forms ("Gen. Smith", "Jan. 5").
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "cpt", "maj", "adm", "cmdr", "gov", "sen",
    "rep", "pres", "prof", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "dept", "approx", "fig", "mt", "ft",
    "mrd", "mio", "bzw", "ca", "usw", "vgl", "sra", "dña",
))  # fmt: skip
# Words a period follows without ending a sentence only before a number: "Jan. 5", "No. 10" (in Spanish "mar" is
# the sea, and "no" is no).
_BEFORE_NUMBERS = frozenset((
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "nr", "art",
))  # fmt: skip


def sentence_ends(text: str) -> Iterator[int]:
    """Where each sentence of `text` but the last ends (after its stop and closing quotes or brackets). A period
    after an abbreviation ("Gen.", "U.S.", "5 p.m.") or an initial ("S. Korea"), or a stop before a word in lower
    case, ends none: a summary cut there would end in the middle of what it says."""
    for match in _SENTENCE_BREAK.finditer(text):
        end = match.end()
        following = text[end : end + 40].lstrip()
        if match.group()[0] == ".":
            words = text[max(0, match.start() - 40) : match.start()].split()
            last = words[-1].strip("\"'\u201c\u2018(").casefold() if words else ""
            if len(last) == 1 and last.isalpha():
                continue  # an initial: "S. Korea"
            if last in _ABBREVIATIONS or (last in _BEFORE_NUMBERS and following[:1].isdigit()):
                continue
            if "." in last and not last.replace(".", "").isdigit():
                continue  # "U.S.", "p.m.", not "2.5"
        if following[:1].islower():
            continue
        yield end


def cut_at_word(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis when cut.

    Chinese and Japanese break between any two of their characters; a text without a boundary in the second half of
    what fits (Thai, which writes no space between words, or one long word) is cut where it reaches the limit. A
    cut never splits what a reader sees as one character (a letter and its marks, an emoji sequence, a flag)."""
    if len(text) <= limit:
        return text
    head = text[: cluster_start(text, limit - 1)]
    word = _last_word_break(head)
    if word * 2 >= len(head):
        head = head[:word]
    return _bidi_closed(head.rstrip(_TRAILING)) + "…"


# What a cut text does not end in before its ellipsis: spaces, and the commas, colons and dashes of each script.
_TRAILING = " ,;:-\u060c\u061b\u3001\u3000\uff0c\uff1a\uff1b"
# Characters of scripts that break a line between any two of them (Chinese, Japanese): CJK punctuation, kana,
# ideographs, full-width forms.
_IDEOGRAPHIC = re.compile(r"[\u2e80-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


def _last_word_break(head: str) -> int:
    """The last place `head` may be cut between words: at its last space, or after its last ideographic character
    (0 when there is neither)."""
    space = head.rfind(" ")
    ideographs = [m.end() for m in _IDEOGRAPHIC.finditer(head, max(space, 0))]
    return max(space, ideographs[-1] if ideographs else 0, 0)


# Characters that belong with the one before them (UAX #29 Extend and SpacingMark, simplified): the marks
# (combining, enclosing, spacing: vowel signs of the scripts of India and of Thai), the joiners, emoji modifiers
# (skin tones), tags (subdivision flags), and the Thai and Lao vowel AM and half-width kana voicing marks, which
# are letters by category but marks by use.
_MARK_CATEGORIES = frozenset(("Mn", "Mc", "Me"))
_EXTENDERS = frozenset("\u200c\u200d\u0e33\u0eb3\uff9e\uff9f")
# Characters that belong with the one after them: the zero-width joiner (emoji sequences), the viramas that join
# consonants into one conjunct, the Arabic number signs that stand before the digits they mark.
_VIRAMAS = "\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d4d"
_JOINS_NEXT = frozenset(f"\u200d{_VIRAMAS}\u0600\u0601\u0602\u0603\u0604\u0605\u06dd")


def cluster_start(text: str, at: int) -> int:
    """The nearest place at or before `at` where `text` may be cut without cutting a grapheme cluster (what a reader
    sees as one character: "é" written as "e" and a combining accent, "ปี้", a family emoji, a flag) in two."""
    while 0 < at < len(text) and _joined(text, at):
        at -= 1
    return at


def _joined(text: str, at: int) -> bool:
    """Whether the characters either side of `at` belong to one grapheme cluster."""
    before, after = text[at - 1], text[at]
    if after.isascii() and before.isascii():
        return False
    if before in _JOINS_NEXT or _extends(after):
        return True
    if _regional(before) and _regional(after):
        return _regionals_before(text, at) % 2 == 1  # flags are pairs of regional indicators
    return _hangul_joined(ord(before), ord(after))


def _extends(char: str) -> bool:
    code = ord(char)
    return (
        char in _EXTENDERS
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
        or unicodedata.category(char) in _MARK_CATEGORIES
    )


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _regionals_before(text: str, at: int) -> int:
    count = 0
    while at > 0 and _regional(text[at - 1]):
        count += 1
        at -= 1
    return count


def _hangul_joined(before: int, after: int) -> bool:
    """Hangul written as conjoining jamo (as NFD writes it): a leading consonant, a vowel and a trailing consonant
    are one syllable."""
    leading = 0x1100 <= before <= 0x115F or 0xA960 <= before <= 0xA97F
    vowel_after = 0x1160 <= after <= 0x11A7 or 0xD7B0 <= after <= 0xD7C6
    trailing_after = 0x11A8 <= after <= 0x11FF or 0xD7CB <= after <= 0xD7FB
    syllable_after = 0xAC00 <= after <= 0xD7A3
    if leading:
        return vowel_after or syllable_after or 0x1100 <= after <= 0x115F or 0xA960 <= after <= 0xA97F
    return vowel_after or trailing_after
