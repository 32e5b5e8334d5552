"""Boilerplate: the lines of a scraped page that belong to the site, not to the story.

What can be told from one line alone (`LineRules`): the source's configured patterns, copyright lines and comment
prompts. What needs the page or the site's other pages (`repeated`, `seen before`) is decided by `wire.pages`
with the fingerprints made here. `GluedPhrases` finds known boilerplate glued to other text without a break
("...Saawah villageMaintained and developed by ...").
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from wire.copyright import copyright_start, fold, glues_to_capital


class Reason(enum.StrEnum):
    """Why a piece of a page was left out of every item."""

    PATTERN = "source pattern"
    COPYRIGHT = "copyright line"
    COMMENT_PROMPT = "comment prompt"
    FURNITURE = "share, newsletter or related link"
    REPEATED = "repeated on the page"
    SEEN_BEFORE = "seen on earlier pages"
    DUPLICATE = "repeats earlier text"
    LONE_TIMESTAMP = "timestamp without headline"
    OUTSIDE_ARTICLE = "outside the article"
    CREDIT_LINE = "agency credit line"
    NO_WORDS = "no words"


def line_key(text: str) -> str:
    """What two lines share when they are "the same line": case and runs of spaces do not count."""
    return " ".join(text.casefold().split())


def fingerprint(text: str) -> str:
    """A short, stable digest of a line (its `line_key`): what the store remembers instead of the text."""
    return hashlib.sha256(line_key(text).encode()).hexdigest()[:16]


class LineRules:
    """The boilerplate rules that need nothing but the line: configured patterns, copyright, comment prompts."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self._patterns = tuple(re.compile(p) for p in patterns)

    def reason(self, text: str) -> Reason | None:
        """Why `text` as a whole is boilerplate, or None. A notice glued after other text is not the whole."""
        if any(p.search(text) for p in self._patterns):
            return Reason.PATTERN
        if copyright_start(text) == 0:
            return Reason.COPYRIGHT
        if is_comment_prompt(text):
            return Reason.COMMENT_PROMPT
        if is_furniture(text):
            return Reason.FURNITURE
        return None

    def glued_start(self, text: str) -> int | None:
        """Where a line of the source's patterns starts when it is glued after other text, with no break between
        them ("...loses voteMaintained and developed by ..."), or None. It ends the text, so only its end is read:
        a glue point among the last few, in its last _GLUED_LINE_LENGTH characters."""
        if not self._patterns:
            return None
        offset = max(len(text) - _GLUED_LINE_LENGTH, 0)
        points = [offset + point for point in _line_starts(text[offset:])]
        for point in points[-_MAX_GLUE_POINTS:]:
            if point > 0 and any(p.search(text[point:]) for p in self._patterns):
                return point
        return None


# A line of the site's patterns glued after other text is looked for in so many characters at the text's end.
_GLUED_LINE_LENGTH = 300


# A prompt is short: an invitation, a counter or a form label, never a sentence of a story.
_PROMPT_MAX_LENGTH = 80
_PROMPT_MAX_WORDS = 7

# The word for comments (folded: lower case, no accents), found inside inflected forms ("commentaires", "التعليقات").
_NOUNS = (
    "comment", "kommentar", "comentario", "commento", "commenti", "reactie", "reageer", "комментари",
    "коментар", "تعليق", "yorum", "评论", "評論", "留言", "コメント", "댓글", "komentarz", "komentar",
    "σχολι", "תגוב",
)  # fmt: skip
# Words that turn the noun into a prompt: verbs inviting the reader, and "your".
_CUES = (
    "send", "leave", "post", "add", "write", "submit", "join", "view", "show", "hide", "load", "read", "your",
    "visitor", "first to", "laisser", "laissez", "ajouter", "ajoutez", "écrire", "écrivez", "envoyer", "envoyez",
    "poster", "postez", "réagir", "réagissez", "votre", "vos", "schreiben", "hinterlassen", "abgeben", "ihr",
    "ihre", "ihren", "dein", "deine", "deja", "dejar", "deje", "escribe", "escribir", "enviar", "envía", "agregar",
    "añadir", "tu", "su", "deixe", "deixar", "escreva", "seu", "sua", "lascia", "lasciare", "scrivi", "invia",
    "tuo", "laat", "schrijf", "plaats", "uw", "je", "оставить", "оставьте", "написать", "напишите", "ваш",
    "добавить", "أضف", "اترك", "اكتب", "أرسل", "شارك", "yap", "yaz", "yazın", "gönder", "bırak", "yorumunuz",
)  # fmt: skip
# Scripts written without spaces: their cues are matched anywhere.
_UNSPACED_CUES = ("发表", "發表", "发布", "写", "添加", "する", "書く", "投稿", "작성", "남기기", "등록")

_NOUN = re.compile("|".join(re.escape(fold(n)) for n in _NOUNS))
_CUE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(fold(c)) for c in _CUES)
    + r")(?!\w)|"
    + "|".join(re.escape(fold(c)) for c in _UNSPACED_CUES)
)
# "Comments", "Comments (12)", "12 comments", "التعليقات": the noun alone with a count.
_COUNTER = re.compile(r"^\W*(?:\d+\s*)?\w*(?:" + _NOUN.pattern + r")\w*\s*(?:\(\d+\)|\d+)?\W*$")


def is_comment_prompt(text: str) -> bool:
    """True for a comment form's prompt or counter: "Send your comments", "Your comment as a visitor",
    "Laissez un commentaire", "Kommentar schreiben", "أضف تعليقك", "发表评论", "Comments (3)"."""
    if len(text) > _PROMPT_MAX_LENGTH or len(text.split()) > _PROMPT_MAX_WORDS:
        return False
    folded = fold(text)
    if not _NOUN.search(folded):
        return False
    return bool(_CUE.search(folded) or _COUNTER.match(folded))


# A page's furniture between and around the story's paragraphs (folded: lower case, no accents): share buttons, an
# audio player's, a newsletter's sign-up, a related story's link, an advertisement's label, a photo's credit.
_NETWORKS = r"facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest|e-?mail|email|messenger|bluesky"
_SHARE_VERBS = r"share|partager|teilen|compartir|condividi|compartilhar|delen|udostepnij|paylas|поделиться|شارك"
_SHARE = re.compile(
    rf"^(?:{_SHARE_VERBS})(?: this(?: article| story| page)?| (?:cet|l.)article)?"
    rf"(?: (?:on|via|with|sur|par|en|por|per|auf|по|عبر) (?:{_NETWORKS}))?$"
    rf"|^(?:auf |on |op )?(?:{_NETWORKS})(?: (?:teilen|delen|paylas))?$|^(?:copy link|copier le lien|link kopieren)$"
    rf"|^(?:{_NETWORKS})(?:[\s|•·,/]+(?:{_NETWORKS}))+$"  # the buttons' names in a row: "Facebook Twitter Email"
)
# A site's channel on a messaging app is one too ("Join ST's WhatsApp Channel and get the latest news").
_NEWSLETTER = re.compile(
    r"newsletter|lettre d.information|rundbrief|delivered to your inbox|(?:whatsapp|telegram) (?:channel|kanal|canal)"
    r"|(?:canal|chaine) (?:whatsapp|telegram)"
)
# An invitation to a newsletter may be a sentence ("Get the day's top business stories delivered to your inbox every
# weekday morning."): up to this many words.
_NEWSLETTER_MAX_WORDS = 20
# A newsletter box's title ("The Business Newsletter") and its form ("Enter your email address", "Sign up").
_NEWSLETTER_TITLE = re.compile(r"^(?:\S+\s+){0,3}(?:newsletters?|rundbrief)$")
_SIGN_UP_FORM = re.compile(
    r"^(?:enter your email(?: address)?|your email(?: address)?|email address|e-?mail-adresse|ihre e-?mail-adresse|"
    r"votre (?:adresse )?e-?mail|tu (?:correo|email)(?: electronico)?|la tua e-?mail|sign ?up(?: now)?|"
    r"subscribe(?: now)?|s.inscrire|je m.inscris|jetzt abonnieren|suscribirse|suscribete|iscriviti)$"
)
_SIGN_UP = re.compile(  # an invitation: the line starts with it
    r"^(?:sign ?up|subscribe|inscrivez\w*|abonnez\w*|anmelden|melden sie sich|abonnieren|suscr[ií]bete|iscriviti|"
    r"assine|get|receive|recevez|join|rejoignez|folgen sie|siga|segui)\b"
)
_SIGN_UP_WORD = re.compile(r"\b(?:sign ?up|subscribe|inscri\w*|abonn\w*|anmeld\w*|suscrib\w*|iscriviti|assine)\b")
_RELATED_PHRASES = (
    "read more", "read also", "more on this", "related", "see also", "lire aussi", "a lire aussi", "a lire",
    "voir aussi", "mehr zum thema", "lesen sie auch", "auch interessant", "leer mas", "lee tambien", "ver tambien",
    "leggi anche", "leia tambem", "اقرأ أيضا", "اقرأ أيضاً", "اقرأ المزيد", "baca juga", "читайте также",
    "читайте також", "ayrıca okuyun", "ayrıca bakınız", "czytaj także", "czytaj też", "przeczytaj także",
    "čtěte také", "lees ook", "läs också", "les også", "læs også", "διαβάστε επίσης", "קראו גם",
)  # fmt: skip
_RELATED = re.compile(  # the phrase, then a bar, a colon or a spaced dash (not "Related-party loans")
    r"^(?:" + "|".join(re.escape(fold(p)) for p in _RELATED_PHRASES) + r")(?:\s*[:|>»]|\s+[–—-]\s|$)"
)
# Headings of a box of related links besides those phrases: furniture only once links are found under them.
_RELATED_HEADINGS = (
    *_RELATED_PHRASES, "related stories", "related articles", "related coverage", "more on this story",
    "more stories", "you may also like", "mas informacion", "noticias relacionadas", "te puede interesar",
    "sur le meme sujet", "a voir aussi", "weitere artikel", "das konnte sie auch interessieren",
    "articoli correlati", "potrebbe interessarti", "أخبار ذات صلة", "مواضيع ذات صلة",
    # The site's ranked lists: their heading stands over its headlines as a related box's does.
    "most read", "most popular", "most viewed", "les plus lus", "les plus populaires", "lo mas visto",
    "lo mas leido", "meistgelesen", "am meisten gelesen", "i piu letti", "piu letti", "mais lidas", "mais lidos",
    "الأكثر قراءة", "الأكثر مشاهدة",
)  # fmt: skip
_RELATED_HEADING_MAX_LENGTH = 60
_RELATED_HEADING = re.compile(r"^(?:" + "|".join(re.escape(fold(p)) for p in _RELATED_HEADINGS) + r")$")


def is_related_heading(text: str) -> bool:
    """True for the heading of a box of related links ("Read more:", "À lire aussi", "Más información"): the links
    under it are other stories, though they stand between the story's paragraphs."""
    if len(text) > _RELATED_HEADING_MAX_LENGTH:
        return False
    return bool(_RELATED_HEADING.match(_folded_label(text)))


def _folded_label(text: str) -> str:
    """A short line as its kind is told from it: folded (lower case, no accents), without the marks around it
    ("Read more:", "» Lire aussi"), its spaces collapsed."""
    return " ".join(fold(text).strip(" .:|-–—•»>").split())


# An audio player's button: "Listen to this article", "Écouter cet article", "Artikel anhören" (and its length).
_LISTEN = re.compile(
    r"^(?:listen(?: (?:to )?(?:this|the) (?:article|story))?|listen now|ecouter(?: cet article| l.article)?|"
    r"artikel (?:anhoren|vorlesen)|vorlesen|escuchar(?: (?:este|el) articulo| la noticia)?|"
    r"ascolta(?: l.articolo| questo articolo)?|ouvir (?:este )?(?:artigo|materia))(?:\s*\(?\d+\s*min\w*\)?)?$"
)
_ADVERT = re.compile(r"^(?:advertisement|sponsored|publicite|anzeige|werbung|publicidad|pubblicita|إعلان)$")
_PHOTO_CREDIT = re.compile(r"^(?:foto|photo|photograph|image|credit photo|fotografia)\s*:")
_PHOTO_CREDIT_MAX_WORDS = 6
# A photo's caption: said to be one ("Image caption, People enjoyed ..."), or ending in its credit ("... in Faenza on
# Saturday. Photograph: Guglielmo Mangiapane/Reuters"): a name, a slash or "via", and an agency or a site. A
# sentence of a story ends on its full stop.
_CAPTION = re.compile(
    r"^(?:image caption|media caption|image source|legende|bildunterschrift|pie de foto|didascalia)\s*[,:]"
)
_CAPTION_CREDIT = re.compile(r"(?:Photograph|Photo|Foto|Picture|Bild|Image|PHOTO|FOTO)\s*:\s*([^:.!?]{3,80})$")
_CAPTION_CREDIT_WORDS = 8
# A photo's credit in brackets ending its caption: "(AFP/File)", "(AP Photo/Hussein Malla)", "(Reuters/File Photo)",
# "(AFP via Getty Images)", "(Photo: AFP)": an agency's bracket alone ("(Reuters)") signs a story instead.
_BRACKETED_PHOTO_CREDIT = re.compile(r"\(([^()]{2,60})\)\s*$")
_PHOTO_WORD = re.compile(r"\b(?:photo|file|getty|foto|archives?|handout|archivo|archiv)\b", re.IGNORECASE)


def _is_caption(text: str, folded: str) -> bool:
    """ "Image caption, People enjoyed ...", "... on Saturday. Photograph: Guglielmo Mangiapane/Reuters": a caption,
    said to be one or ending in a credit of names ("Name/Agency", "Name via Site"), each word capitalised."""
    if _CAPTION.match(folded) or _is_bracketed_photo_credit(text):
        return True
    credit = _CAPTION_CREDIT.search(text.rstrip(" )"))
    if credit is None:
        return False
    names = credit.group(1).replace("/", " / ").split()
    if not ("/" in names or "via" in names) or len(names) > _CAPTION_CREDIT_WORDS + 1:
        return False
    return all(word in ("/", "via") or word[:1].isupper() for word in names)


def _is_bracketed_photo_credit(text: str) -> bool:
    """Whether `text` ends in a photo's credit in brackets: names, each capitalised (or "via"), one of them saying
    it is a photo ("Photo", "File", "Getty Images")."""
    found = _BRACKETED_PHOTO_CREDIT.search(text)
    if found is None or _PHOTO_WORD.search(found[1]) is None:
        return False
    words = found[1].replace("/", " ").replace(":", " ").split()
    return all(word == "via" or word[:1].isupper() for word in words)


_FURNITURE_MAX_LENGTH = 160
# A consent banner starts by telling the reader of the site's cookies (a few words from "we use" to "cookies"), and
# says what they are for; a story that quotes one says who said it first.
_COOKIE_BANNER = re.compile(
    r"^(?:we use|we and our partners use|this (?:web)?site uses|wir verwenden|wir nutzen|diese (?:web)?seite "
    r"verwendet|nous utilisons|ce site utilise|utilizamos|usamos|este sitio utiliza|utilizziamo|questo sito utilizza)"
    r"(?:\s+\S+){0,3}\s+cookies?\b"
)
_COOKIE_PURPOSE = re.compile(
    r"experience|consent|accept|privacy|advertis|analytic|personali|website|site|navigation|zustimm|akzeptier|"
    r"datenschutz|werbung|webseite|consentement|publicit|navigation|consentimiento|experiencia|publicidad|"
    r"esperienza|consenso|pubblicit"
)
_CONSENT_BUTTONS = re.compile(
    r"^(?:accept|accept all|accept cookies|reject all|manage cookies|cookie settings|settings|i agree|"
    r"akzeptieren|alle akzeptieren|akzeptieren und weiter|einstellungen|ablehnen|accepter|tout accepter|refuser|"
    r"parametres|aceptar|aceptar todo|rechazar|configuracion|accetta|accetta tutto|rifiuta|impostazioni)$"
)
# A line of links (a menu, a footer): three parts or more between bars or bullets, no digits, no sentence, one of
# them a site's own page ("Home", "Privacy Policy", "Impressum"): a line-up of names or a byline is no menu.
_LINK_SEPARATORS = re.compile(r"\s+[|•·]\s+")
_SITE_PAGES = frozenset(
    fold(page)
    for page in (
        "home", "homepage", "privacy", "privacy policy", "terms", "terms of use", "terms of service", "contact",
        "contact us", "about", "about us", "sitemap", "advertise", "careers", "accessibility", "cookies",
        "cookie policy", "accueil", "mentions légales", "confidentialité", "nous contacter", "startseite",
        "impressum", "datenschutz", "kontakt", "nutzungsbedingungen", "agb", "inicio", "portada", "aviso legal",
        "privacidad", "política de privacidad", "contacto", "home page", "chi siamo", "contatti", "início",
        "الرئيسية", "اتصل بنا", "سياسة الخصوصية",
    )
)  # fmt: skip
_COOKIE_BANNER_MAX_LENGTH = 400


def is_furniture(text: str) -> bool:
    """True for a page's furniture: "Share on Facebook", "Listen to this article", "Sign up for our daily
    newsletter", "Lire aussi | Retraites : ...", "Advertisement", "Foto: Kay Nietfeld / dpa", a photo's caption, a
    cookie banner and its buttons, a newsletter box's title and form, a line of links ("Terms of Use | Privacy
    Policy | Contact"); never a sentence of a story (short, and each kind known by its first words or its
    vocabulary)."""
    if len(text) > _COOKIE_BANNER_MAX_LENGTH:
        return False
    folded = _folded_label(text)
    if _COOKIE_BANNER.search(folded) and _COOKIE_PURPOSE.search(folded) and text.lstrip()[:1] not in "\"“„«'‘":
        return True
    if _is_caption(text, folded):  # as long as a sentence of the story it shows may be
        return True
    if len(text) > _FURNITURE_MAX_LENGTH:
        return False
    if _CONSENT_BUTTONS.match(folded) or _SIGN_UP_FORM.match(folded) or _is_link_line(folded):
        return True
    if _RELATED.match(folded):
        return True
    if _is_newsletter_box(folded):
        return True
    if len(folded.split()) > 12:
        return False
    if _SHARE.search(folded) or _LISTEN.match(folded) or _ADVERT.match(folded):
        return True
    return bool(_PHOTO_CREDIT.match(folded) and len(folded.split()) <= _PHOTO_CREDIT_MAX_WORDS)


def is_share_buttons(text: str) -> bool:
    """ "Share on Facebook", "Facebook | X | WhatsApp": the buttons that share a story, not the site's navigation,
    though their names may stand between bars as a menu's do."""
    folded = _folded_label(text)
    return len(folded.split()) <= 12 and _SHARE.search(folded) is not None


def _is_newsletter_box(folded: str) -> bool:
    """A newsletter's title, or an invitation to it: it starts the line, or stands in a button's few words
    ("Newsletter abonnieren")."""
    if not _NEWSLETTER.search(folded) or len(folded.split()) > _NEWSLETTER_MAX_WORDS:
        return False
    if _NEWSLETTER_TITLE.match(folded) and not any(c.isdigit() for c in folded):
        return True
    return bool(_SIGN_UP.search(folded) or (len(folded.split()) <= 3 and _SIGN_UP_WORD.search(folded)))


def is_menu(text: str) -> bool:
    """True for a site's menu: "News | Sport | Home" (three parts or more between bars or bullets, of a few words
    each), or its items run together, each capitalised, one of them a page of the site's own ("Home Politics
    Business Sport Culture"). A headline has words in lower case between its capitals ("Home Office to review ..."),
    or, written in title case, the little words that join a sentence ("Home Sales Fall For Third Month As ...")."""
    parts = _LINK_SEPARATORS.split(" ".join(text.split()))
    if len(parts) >= 3 and all(0 < len(part.split()) <= 3 for part in parts):
        return True
    words = text.split()
    return (
        len(words) >= 3
        and all(word[:1].isupper() or not word[:1].isalpha() for word in words)
        and any(fold(word) in _SITE_PAGES for word in words)
        and not any(fold(word) in _SENTENCE_WORDS for word in words)
    )


# Words a headline in title case joins its words with, which no menu's items have ("Terms of Use" and "About Us"
# have theirs, and are not here).
_SENTENCE_WORDS = frozenset((
    "a", "an", "as", "at", "after", "amid", "against", "before", "for", "from", "in", "into", "on", "over", "to",
    "with", "is", "are", "was", "were", "has", "have", "will", "says", "than", "and", "but", "or",
))  # fmt: skip


def _is_link_line(folded: str) -> bool:
    """ "Home | World | Business", "Terms of Use | Privacy Policy | Contact": a line of links, not a headline."""
    parts = _LINK_SEPARATORS.split(folded)
    return (
        len(parts) >= 3
        and not any(c.isdigit() for c in folded)
        and all(0 < len(part.split()) <= 6 and part[-1:] not in ".!?" for part in parts)
        and any(part in _SITE_PAGES for part in parts)
    )


# Known boilerplate shorter than this is not looked for inside other text: "Home" or "Share" would cut words.
MIN_GLUED_LENGTH = 12
# Candidates looked at per end of a text: bounds the work on a page built to defeat the index.
_MAX_CANDIDATES = 8
# Places where two blocks were glued without a break, looked at per end of a text (for fingerprints).
_MAX_GLUE_POINTS = 4


@dataclass(frozen=True, slots=True)
class Cut:
    """A piece of boilerplate cut from the start or the end of a text."""

    text: str
    reason: Reason


class GluedPhrases:
    """Known boilerplate found glued to the start or the end of other text.

    `phrases` are exact texts met on their own elsewhere on the page, with their reason; `seen` are fingerprints
    of lines met on earlier pages, looked for where a lower-case letter runs into a capital ("villageMaintained").
    """

    def __init__(self, phrases: Mapping[str, Reason], seen: frozenset[str]) -> None:
        self._phrases = {p: r for p, r in phrases.items() if len(p) >= MIN_GLUED_LENGTH}
        self._seen = seen
        self._by_end: dict[str, list[str]] = {}
        self._by_start: dict[str, list[str]] = {}
        for phrase in sorted(self._phrases, key=len, reverse=True):
            _add(self._by_end, phrase[-MIN_GLUED_LENGTH:], phrase)
            _add(self._by_start, phrase[:MIN_GLUED_LENGTH], phrase)

    def cut(self, text: str) -> tuple[str, list[Cut]]:
        """`text` without the boilerplate glued to its ends, and what was cut (in no particular order)."""
        cuts: list[Cut] = []
        for _ in range(3):  # a footer glued to each end, or two footers glued together
            found = self._cut_once(text)
            if found is None:
                break
            text, cut = found
            cuts.append(cut)
        return text, cuts

    def _cut_once(self, text: str) -> tuple[str, Cut] | None:
        for phrase in self._by_end.get(text[-MIN_GLUED_LENGTH:], ()):
            if len(phrase) < len(text) and text.endswith(phrase):
                return text[: -len(phrase)].rstrip(), Cut(phrase, self._phrases[phrase])
        for phrase in self._by_start.get(text[:MIN_GLUED_LENGTH], ()):
            if len(phrase) < len(text) and text.startswith(phrase):
                return text[len(phrase) :].lstrip(), Cut(phrase, self._phrases[phrase])
        if not self._seen:
            return None
        points = glue_points(text)
        for point in points[-_MAX_GLUE_POINTS:]:
            if fingerprint(text[point:]) in self._seen:
                return text[:point], Cut(text[point:], Reason.SEEN_BEFORE)
        for point in points[:_MAX_GLUE_POINTS]:
            if fingerprint(text[:point]) in self._seen:
                return text[point:], Cut(text[:point], Reason.SEEN_BEFORE)
        return None


def glue_points(text: str) -> list[int]:
    """Indexes where a lower-case letter, digit or sentence end runs straight into a capital letter, or a letter of a
    script without case does ("...بشأن القدسMaintained and developed by ...")."""
    return [i for i in range(1, len(text)) if text[i].isupper() and glues_to_capital(text[i - 1])]


def _line_starts(text: str) -> list[int]:
    """The glue points of `text`, and where a capitalised word runs on from an acronym ("the EUMaintained"): a
    line starts at the capital before its lower-case letters."""
    acronyms = [
        i for i in range(1, len(text) - 1) if text[i - 1].isupper() and text[i].isupper() and text[i + 1].islower()
    ]
    return sorted([*glue_points(text), *acronyms])


def _add(index: dict[str, list[str]], key: str, phrase: str) -> None:
    bucket = index.setdefault(key, [])
    if len(bucket) < _MAX_CANDIDATES:
        bucket.append(phrase)
