"""What every reader shares: parsing a publication date from metadata, and the checks that turn a
Document the user cannot get events from (empty, not English) into a Failure saying why."""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

from frontwire.ingest.lang import language_problem
from frontwire.records import Document, Failure


def parse_date(value: object) -> date | None:
    """A date from ISO 8601 ("2025-03-14", "2025-03-14T08:00:00Z") or RFC 2822 (feeds, HTTP).

    Raises ValueError for a non-empty value that is neither, so a typo is reported, not ignored.
    The calendar date is taken as written (no time-zone shift): that is the date the outlet printed.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ]|$)", s)
    if m:
        return date.fromisoformat(m.group(1))
    try:
        return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    raise ValueError(f"{s!r} is not a date; use YYYY-MM-DD")


def story_text(doc: Document) -> str:
    """The text with removed spans blanked out (same length), for checks that must ignore them."""
    if not doc.removed:
        return doc.text
    chars = list(doc.text)
    for span in doc.removed:
        chars[span.start:span.end] = " " * (span.end - span.start)
    return "".join(chars)


def finish(doc: Document, source: str) -> Document | Failure:
    """The document, or a Failure if nothing could be extracted from it."""
    if not doc.text.strip():
        return Failure(source, "is empty (or only whitespace): there is no article text to read", "empty")
    story = story_text(doc)
    if not story.strip():
        return Failure(source, "holds only boilerplate (captions, credits, copyright lines), no article text", "empty")
    why = language_problem(story)
    if why:
        return Failure(source, why, "language")
    return doc
