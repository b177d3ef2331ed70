"""HTML pages: trafilatura finds the article (no navigation, comments or link lists) and its metadata.

For HTML, ``Document.text`` is the *extracted* text, paragraphs separated by a blank line, and all
offsets index that text, not the markup. Boilerplate that survives extraction (captions, credits,
copyright lines inside the article body) is still marked in ``Document.removed``.
"""

from __future__ import annotations

import re
from datetime import date

import lxml.html
import trafilatura
from lxml import etree

from frontwire.ingest.checks import parse_date
from frontwire.ingest.text import document_from_text
from frontwire.records import Document

_BLOCK = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section",
    "article", "header", "footer", "figcaption", "figure", "dd", "dt", "table", "ul", "ol", "hr",
}
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "form", "button")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry, or a page trafilatura finds nothing in):
    one paragraph per block element, blank line between paragraphs."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):
        return html.strip()
    for bad in root.iter(*_DROP):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el) -> None:
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.tail:
                parts.append(el.tail)
            return
        block = el.tag.lower() in _BLOCK
        if block:
            parts.append("\n\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    text = "".join(parts)
    paragraphs = [re.sub(r"[ \t\r\f\v\xa0]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    paragraphs = [" ".join(p.split("\n")).strip() for p in paragraphs]
    return "\n\n".join(p for p in paragraphs if p)


def _extract(html: str, url: str | None):
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_links=False,
            include_images=False,
            # Only the page's own date metadata: an "extensive" search of the text can pick up any
            # date the story mentions, and a wrong publication date shifts every relative date.
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": date.today().isoformat()},
        )
    except Exception:  # noqa: BLE001 - trafilatura raises assorted errors on broken markup
        return None


def document_from_html(
    html: str,
    *,
    url: str | None = None,
    published: date | None = None,
    source: str | None = None,
) -> Document:
    """A Document from an HTML page: the article text as extracted by trafilatura (falling back to
    the page's visible text when it finds no article), with title, URL, site name and publication date
    from the page metadata. ``published`` and ``url``, when given, win over the metadata."""
    meta = _extract(html, url)
    text = ""
    if meta is not None and meta.text:
        # trafilatura puts one paragraph per line; a blank line between them keeps paragraphs apart
        # for sentence splitting and for the boilerplate rules.
        text = "\n\n".join(line.strip() for line in meta.text.splitlines() if line.strip())
    if not text:
        try:
            body = lxml.html.document_fromstring(html).find("body")
            text = html_to_text(lxml.html.tostring(body, encoding="unicode")) if body is not None else ""
        except (etree.ParserError, ValueError, AssertionError):  # lxml asserts on some broken pages
            text = ""
        if not text:
            text = html_to_text(html)
    meta_date = None
    if meta is not None and meta.date:
        try:
            meta_date = parse_date(meta.date)
        except ValueError:
            meta_date = None
    return document_from_text(
        text,
        url=url or (meta.url if meta is not None else None),
        title=(meta.title if meta is not None and meta.title else None),
        published=published or meta_date,
        source=source or (meta.sitename if meta is not None and meta.sitename else None),
    )
