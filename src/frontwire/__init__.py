"""frontwire: news reports of armed conflict in, ACLED-style events out.

The public API is deliberately thin; each function delegates to the stage that does the work::

    import frontwire
    events = frontwire.extract(text, published="2023-06-04")
    places = frontwire.geocode(text)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from frontwire.records import Document, Event, Evidence, Failure, Place, TimeRef

if TYPE_CHECKING:
    from datetime import date

__all__ = ["Document", "Event", "Evidence", "Failure", "Place", "TimeRef", "extract", "geocode"]
__version__ = "0.1.0"


def extract(
    text: str,
    published: str | date | None = None,
    *,
    model: str | None = None,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    focus: str | None = None,
) -> list[Event]:
    """Code the incidents one article reports as ACLED-style events (see ``pipeline.extract``;
    ``focus``: a file from ``frontwire focus`` or countries/regions like "UA:Donetsk")."""
    from frontwire.pipeline import extract as _extract

    return _extract(text, published, model=model, url=url, title=title, source=source, focus=focus)


def geocode(text: str, ner: bool = False, focus: str | None = None) -> list[Place]:
    """Find and resolve every toponym in ``text`` (see ``places.geocode``); ``ner``: also use
    spaCy's statistical NER to confirm and add toponyms (``places.ner.Detector``; slower, the model
    is loaded once per process); ``focus``: as for ``extract``."""
    from frontwire.places.focus import load_focus

    prior = load_focus(focus) if focus else None
    if ner:
        from frontwire.places.ner import geocode as _ner_geocode

        return _ner_geocode(text, focus=prior)
    from frontwire.places import geocode as _geocode

    return _geocode(text, focus=prior)
