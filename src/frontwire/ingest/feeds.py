"""RSS/Atom feeds, from a file or a URL: each entry's content (or summary) is an article.

Entry HTML is a fragment, not a page, so it is turned into text directly rather than through
trafilatura, whose article detection needs a whole page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import feedparser
import httpx

from frontwire.ingest.checks import finish
from frontwire.ingest.html import html_to_text
from frontwire.ingest.text import document_from_text
from frontwire.records import Document, Failure

TIMEOUT = 20.0
USER_AGENT = "frontwire (offline news-to-events reader)"


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes are an RSS, RDF or Atom document."""
    return bool(re.search(rb"<(?:rss|feed|rdf:RDF)\b", head[:2048]))


def read_feed(data: bytes, source: str, published: date | None = None) -> Iterator[Document | Failure]:
    """One Document per entry; a malformed feed or an entry without text is a Failure."""
    parsed = feedparser.parse(data)
    exc = parsed.get("bozo_exception")
    # feedparser is lenient: it recovers entries from broken XML. Report the damage, keep the entries.
    broken = parsed.bozo and not isinstance(
        exc, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType
    )
    if broken:
        why = str(exc or "unreadable XML").strip()
        got = f"; {len(parsed.entries)} entries were still read" if parsed.entries else ""
        yield Failure(source, f"is not a readable RSS/Atom feed ({why}){got}; check that it is a whole feed", "malformed")
    if not parsed.entries:
        if not broken:
            yield Failure(source, "is a feed with no entries; nothing to read", "empty")
        return
    site = parsed.feed.get("title") or None
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{n}"
        body, kind = "", "text/html"
        if entry.get("content"):
            body = entry.content[0].get("value", "")
            kind = entry.content[0].get("type", kind)
        if not body.strip():
            body = entry.get("summary", "")
            kind = entry.get("summary_detail", {}).get("type", kind)
        text = html_to_text(body) if "html" in kind else body.strip()
        if not text.strip():
            yield Failure(where, f"entry {n} has no content or summary text; nothing to read", "empty")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        pub = published or (date(*stamp[:3]) if stamp else None)
        doc = document_from_text(
            text, url=entry.get("link"), title=entry.get("title"), published=pub, source=site or where
        )
        yield finish(doc, where)


def fetch(url: str, max_bytes: int) -> tuple[bytes, str] | Failure:
    """The body and content type at ``url``, or a Failure saying what went wrong (HTTP status,
    connection error, too large). Reads at most ``max_bytes`` + 1 bytes."""
    try:
        with httpx.stream("GET", url, timeout=TIMEOUT, follow_redirects=True,
                          headers={"User-Agent": USER_AGENT}) as resp:
            if resp.status_code >= 400:
                return Failure(url, f"HTTP {resp.status_code} {resp.reason_phrase}; check the URL (is the feed still published there?)", "http")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    return Failure(url, f"is over the {max_bytes / 1e6:g} MB limit; raise the limit (--max-mb) if it really is one feed or page", "too_large")
            return b"".join(chunks), resp.headers.get("content-type", "")
    except httpx.HTTPError as exc:
        return Failure(url, f"could not be fetched ({type(exc).__name__}: {exc}); check the URL and the network", "http")
