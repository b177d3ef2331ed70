"""Mark the parts of a scraped article that are not the story: captions, photo credits, bylines,
copyright footers, "Read more" and share-button lines.

They are marked as ``Span``s, never deleted, so every offset still indexes the text the user gave.
Captions matter most: a scraped caption often repeats a claim from the story ("X later claimed ...")
next to "This is a representational image." and a credit, and coding it would double-count the event.
So a line that carries a caption marker or a credit is marked whole (when it is caption-sized), with
the short title-like line just above it.

The rules are about the *shape* of boilerplate (``Name Surname/Agency``, ``Photo:``, ``©``,
``All rights reserved``), not about any particular outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from frontwire.records import Span

# --- sentence-level markers ---------------------------------------------------------------------

_CAPTION_SENT = re.compile(
    r"""^[(\[]?\s*(?:
        (?:this\s+is\s+)?(?:an?\s+|the\s+)?(?:representational|representative|illustrative|file|stock|archive|archival|handout)\s+(?:image|photo(?:graph)?|picture|pic|visual)s?\b
      | (?:image|photo|picture|pic)s?\s+(?:is\s+)?(?:used\s+)?(?:for|of)\s+(?:representation|representational|illustrative|illustration)\w*
      | for\s+(?:representational|representative|illustrative|illustration)\s+purposes?\b
      | (?:image|photo|picture)\s+(?:used\s+)?(?:for\s+)?illustration\b
      | (?:file|stock)\s+(?:photo|image|picture)\b
      | (?:pictured|above|top|below|left|right|main\s+image|featured\s+image)\s*:
      | (?:screen\s?grab|screenshot)\s+(?:from|of|via)\b
    )""",
    re.I | re.X,
)
_CREDIT_LABEL = re.compile(
    r"^[(\[]?\s*(?:photo|image|picture|pic|photograph|video|graphic|illustration|map)s?"
    r"(?:\s+credits?)?\s*(?::|by\b|courtesy\b|©)"
    r"|^[(\[]?\s*(?:credits?|courtesy(?:\s+of)?|source)\s*:"
    r"|^[(\[]?\s*courtesy\s+of\b",
    re.I,
)
_NAME = r"[A-Z][\w'’.-]*"
# "Simon Infanger/Unsplash.", "AFP/Getty Images", "AP Photo/Jane Roe": names on both sides of a slash.
_CREDIT_SLASH = re.compile(
    rf"^[(\[]?\s*(?:{_NAME}\s+){{0,3}}{_NAME}\s*/\s*{_NAME}(?:\s+{_NAME}){{0,3}}\s*[)\]]?\.?$"
)
_AGENCY = (
    r"Reuters|AP|AFP|Getty Images|Unsplash|Shutterstock|EPA|EPA-EFE|Pexels|Pixabay|Alamy|iStock"
    r"|Wikimedia Commons|Anadolu(?: Agency)?|Xinhua|Bloomberg|ANI|PTI|IANS|TASS|Sputnik|NurPhoto"
    r"|SOPA Images|Associated Press|Agence France-Presse|X|Twitter|Telegram|Facebook"
)
_CREDIT_VIA = re.compile(rf"\b(?:via|/)\s*(?:{_AGENCY})\b\W*$")
_AGENCY_ONLY = re.compile(rf"^[(\[]?\s*(?:{_AGENCY})(?:\s*/\s*(?:{_AGENCY}))?\s*[)\]]?\.?$")
_INLINE_CREDIT = re.compile(
    r"[(\[]\s*(?:(?:photo|image|picture|file\s+photo|photograph)s?\s*(?::|by\b)|credit\s*:)[^()\[\]\n]{0,160}[)\]]",
    re.I,
)

_BYLINE_LINE = re.compile(
    rf"^(?:by|written\s+by|story\s+by|words\s+by|report\s+by)\s*:?\s+{_NAME}(?:\s+(?:{_NAME}|de|van|von|al|bin|and|&|,))*"
    r"\s*(?:[,|•·–—-]\s*.{0,60})?$",
    re.I,
)
_BYLINE_SENT = re.compile(
    r"^[(\[]?\s*(?:reporting|writing|editing|additional\s+reporting|compiled|translated|edited|written)"
    r"(?:\s+and\s+\w+)?\s+by\b.{0,240}$",
    re.I,
)

_COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b\s*(?:©\s*)?(?:\d{4}|\w+)"
    r"|\ball\s+rights\s+reserved\b"
    r"|\b(?:do|may|must|shall|can)\s*(?:not|n[o’']t)\s+(?:be\s+)?(?:reproduc|republish|redistribut|rewrit|broadcast|cop(?:y|ied)|publish|distribut)\w*"
    # "reproduction without permission": the content's use, not "houses built without permission"
    r"|\b(?:reproduc|republi|redistribut|copi|copy|use\b|used\b|material|content)\w*[^.\n]{0,60}?"
    r"\bwithout\s+(?:the\s+)?(?:prior\s+)?(?:express\s+)?(?:written\s+)?permission\b"
    r"|^(?:terms\s+of\s+(?:use|service)|privacy\s+policy|cookie\s+(?:policy|settings))\b",
    re.I,
)

# --- line-level markers -------------------------------------------------------------------------

_PROMO_LINE = re.compile(
    r"^[\W_]*(?:read\s+more|read\s+also|also\s+read|read\s+next|related(?:\s+(?:stories|articles|news|coverage))?"
    r"|recommended|more\s+from|more\s+on\s+this|see\s+also|watch(?:\s+now|\s+video)?|listen(?:\s+to\s+this)?"
    r"|advertisement|sponsored|subscribe|sign\s+up|newsletter|follow\s+us|click\s+here|share\s+(?:this|on|via)"
    r"|download\s+(?:our|the)\s+app|get\s+the\s+latest|join\s+our|support\s+our|continue\s+reading|skip\s+to)\b",
    re.I,
)
_SHARE_WORDS = {
    "share", "shares", "facebook", "twitter", "x", "whatsapp", "email", "e-mail", "mail", "linkedin",
    "telegram", "print", "copy", "link", "reddit", "pinterest", "messenger", "flipboard", "comments",
    "comment", "tweet", "save", "bookmark", "this", "article", "on", "via",
}
_CAPTION_TITLE_END = re.compile(r"\b(?:pic|pics|photo|photos|image|images|picture|pictures|file\s+photo)\.?\s*$", re.I)
# Sentence ends, and the end of a parenthesis before a capital: "(Jane Roe/AFP) Police said ..."
_SENT_BREAK = re.compile(r"(?:(?<=[.!?…])[\"”’)\]]?|(?<=[)\]]))(?P<gap>\s+)(?=[\"“‘(\[]?[A-Z0-9©])")
_WORDS = re.compile(r"\S+")

CAPTION_LINE_MAX_WORDS = 80  # a line longer than this is a story paragraph, not a caption
TITLE_LINE_MAX_WORDS = 15


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, without surrounding whitespace."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            yield start, start + len(stripped)
        pos += len(raw)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in _SENT_BREAK.finditer(text, start, end):
        out.append((s, m.start("gap")))
        s = m.end()
    out.append((s, end))
    return [(a, b) for a, b in out if b > a]


def _sentence_label(sent: str) -> str | None:
    s = sent.strip()
    n_words = len(_WORDS.findall(s))
    if _COPYRIGHT.search(s):
        return "copyright"
    if _BYLINE_SENT.match(s):
        return "byline"
    if _CAPTION_SENT.match(s):
        return "caption"
    if _CREDIT_LABEL.match(s) and n_words <= 16:
        return "credit"
    if n_words <= 8 and (_CREDIT_SLASH.match(s) or _AGENCY_ONLY.match(s)):
        return "credit"
    if n_words <= 14 and _CREDIT_VIA.search(s) and re.search(r"\b(?:photo|image|picture|by)\b", s, re.I):
        return "credit"
    return None


def _line_label(line: str) -> str | None:
    n_words = len(_WORDS.findall(line))
    if n_words <= 12 and _BYLINE_LINE.match(line):
        return "byline"
    if n_words <= 25 and _PROMO_LINE.match(line):
        return "boilerplate"
    words = [w.strip("|•·:,()[]").lower() for w in _WORDS.findall(line)]
    words = [w for w in words if w]
    if words and n_words <= 15 and all(w in _SHARE_WORDS for w in words) and "this" not in words[:1]:
        return "boilerplate"
    return None


def _is_title_like(line: str) -> bool:
    n_words = len(_WORDS.findall(line))
    if n_words > TITLE_LINE_MAX_WORDS:
        return False
    return bool(_CAPTION_TITLE_END.search(line)) or not re.search(r"[.!?:;,\"”’)]\s*$", line)


def find_boilerplate(text: str) -> tuple[Span, ...]:
    """Spans of ``text`` that are not the story, labelled caption, credit, byline, copyright or
    boilerplate; sorted, non-overlapping, each within one line."""
    lines = list(_lines(text))
    labels: list[list[tuple[int, int, str]]] = []
    whole: list[str | None] = []  # label when the whole line is boilerplate
    markers_only: list[bool] = []  # every sentence of the line is a caption/credit marker
    for ls, le in lines:
        line_whole, line_labels, only = _label_line(text, ls, le)
        whole.append(line_whole)
        labels.append(line_labels)
        markers_only.append(only)
    _caption_above(text, lines, whole, labels, markers_only)
    spans: list[Span] = []
    for i, (ls, le) in enumerate(lines):
        if whole[i] in ("caption", "byline", "boilerplate"):
            spans.append(Span(ls, le, whole[i]))  # type: ignore[arg-type]
            continue
        pieces = sorted(labels[i])
        spans.extend(Span(a, b, lab) for a, b, lab in pieces)
    return tuple(_merge(text, sorted(spans, key=lambda s: (s.start, s.end))))


def _label_line(text: str, ls: int, le: int) -> tuple[str | None, list[tuple[int, int, str]], bool]:
    """One line's (whole-line label or None, labelled sentence/credit pieces, markers only)."""
    line = text[ls:le]
    label = _line_label(line)
    if label:
        return label, [], False
    sents = _sentences(text, ls, le)
    sent_labels = [_sentence_label(text[a:b]) for a, b in sents]
    n_words = len(_WORDS.findall(line))
    pieces: list[tuple[int, int, str]] = []
    has_caption = any(lab in ("caption", "credit") for lab in sent_labels)
    if has_caption and n_words <= CAPTION_LINE_MAX_WORDS:
        # The whole line is a caption block: unmarked sentences in it are caption text.
        # The caption runs up to its last marker ("... This is a representational image.
        # Jane Roe/AFP."), or one sentence past a leading credit ("Photo: Jane Roe. Troops in
        # Gao."); what follows is story text scraped onto the same line.
        marks = [k for k, lab in enumerate(sent_labels) if lab in ("caption", "credit")]
        upto = marks[-1] + (1 if marks[0] == 0 and marks[-1] == 0 else 0)
        for k, ((a, b), lab) in enumerate(zip(sents, sent_labels, strict=True)):
            if k <= upto or lab:
                pieces.append((a, b, lab or "caption"))
        return "caption-block", pieces, all(lab in ("caption", "credit") for lab in sent_labels)
    if not any(sent_labels) and n_words <= TITLE_LINE_MAX_WORDS and _CAPTION_TITLE_END.search(line) \
            and not re.search(r"[.!?]\s*$", line):
        return "caption", [], False
    if all(sent_labels) and sent_labels:
        return "marked", [(a, b, lab) for (a, b), lab in zip(sents, sent_labels, strict=True)], False
    pieces = [(a, b, lab) for (a, b), lab in zip(sents, sent_labels, strict=True) if lab]
    for m in _INLINE_CREDIT.finditer(text, ls, le):
        if not any(a <= m.start() < b for a, b, _ in pieces):
            pieces.append((m.start(), m.end(), "credit"))
    return None, pieces, False


def _caption_above(
    text: str,
    lines: list[tuple[int, int]],
    whole: list[str | None],
    labels: list[list[tuple[int, int, str]]],
    markers_only: list[bool],
) -> None:
    """A caption block takes the short title-like line just above it ("Troops in Gao. Pic"), and a
    line that is only a credit ("Photo: Jane Roe/AFP") takes the short caption sentence above it
    (``whole`` is updated in place)."""
    for i in range(len(lines)):
        if whole[i] != "caption-block":
            continue
        credit_only = markers_only[i]
        j = i - 1
        if j >= 0 and whole[j] is None and not labels[j]:
            prev = text[lines[j][0]:lines[j][1]]
            n_prev = len(_WORDS.findall(prev))
            if _is_title_like(prev) or (credit_only and n_prev <= 30):
                whole[j] = "caption"
                k = j - 1
                if credit_only and not _is_title_like(prev) and k >= 0 and whole[k] is None \
                        and not labels[k] and _is_title_like(text[lines[k][0]:lines[k][1]]):
                    whole[k] = "caption"


def _merge(text: str, spans: list[Span]) -> list[Span]:
    """Join neighbours with the same label when only spaces (no line break) separate them."""
    out: list[Span] = []
    for s in spans:
        if out and out[-1].label == s.label and out[-1].end <= s.start:
            gap = text[out[-1].end:s.start]
            if not gap.strip() and "\n" not in gap:
                out[-1] = Span(out[-1].start, s.end, s.label)
                continue
        out.append(s)
    return out
