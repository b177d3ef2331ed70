"""Plain-text articles: kept verbatim, boilerplate marked (not deleted) so offsets stay true."""

from __future__ import annotations

import re
from datetime import date

from frontwire.ingest.boilerplate import find_boilerplate
from frontwire.records import Document, Span

_TITLE_MAX_WORDS = 15


def _first_line_title(text: str, removed: tuple[Span, ...]) -> str | None:
    """The first line as title when it looks like a headline (short, no final full stop) and is not
    boilerplate: plain text has no other place for one."""
    m = re.search(r"\S[^\n]*", text)
    if not m:
        return None
    line = m.group(0).strip()
    if any(s.start <= m.start() < s.end for s in removed):
        return None
    if len(line.split()) > _TITLE_MAX_WORDS or re.search(r"[.!?:;,\"”]$", line):
        return None
    return line


def document_from_text(
    text: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
) -> Document:
    """A Document whose ``text`` is exactly ``text``; captions, credits, bylines and footers are
    listed in ``removed``. The title, if not given, is the first line when it reads as a headline."""
    removed = find_boilerplate(text)
    return Document.from_text(
        text,
        url=url,
        title=title if title is not None else _first_line_title(text, removed),
        published=published,
        source=source,
        removed=removed,
    )
