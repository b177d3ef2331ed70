"""JSON Lines: one article per line, ``{"text" | "html", "url", "title", "published", "source"}``
(and ``.json`` files holding one such object or a list of them).

Read line by line so a large file streams; a bad line is a Failure naming its line number and the
other lines go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import BinaryIO

from frontwire.ingest.checks import finish, parse_date
from frontwire.ingest.html import document_from_html
from frontwire.ingest.text import document_from_text
from frontwire.records import Document, Failure


def _opt_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    return str(value) if value not in (None, "") else None


def bounded_lines(fh: BinaryIO, max_bytes: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """The lines of ``fh``, each cut at ``max_bytes + 1`` bytes (the rest of the line is skipped).

    Why not ``for line in fh``: that holds a whole line in memory, so one multi-gigabyte line would
    be read before its size could be refused. A cut line is still longer than ``max_bytes``, so
    ``read_jsonl`` reports it as too large, and line numbers stay right.
    """
    while raw := fh.readline(max_bytes + 1):
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := fh.readline(chunk)) and not rest.endswith(b"\n"):
                pass
        yield raw


def read_json(data: bytes, source: str, published: date | None = None, *, max_bytes: int) -> Iterator[Document | Failure]:
    """A ``.json`` file: one article object, or a list of them (read like JSON Lines)."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield Failure(source, f"is not valid UTF-8 JSON ({exc}); fix it, or write one article per line as .jsonl", "malformed")
        return
    records = value if isinstance(value, list) else [value]
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in records]
    yield from read_jsonl(lines, source, published, max_bytes=max_bytes, unit="record")


def read_jsonl(
    lines: Iterable[bytes], source: str, published: date | None = None, *, max_bytes: int, unit: str = "line"
) -> Iterator[Document | Failure]:
    """Documents from JSON Lines; ``published`` overrides each line's ``published`` field."""
    for lineno, raw in enumerate(lines, start=1):
        where = f"{source}#{lineno}"
        if len(raw) > max_bytes:
            yield Failure(where, f"{unit} {lineno} is {len(raw) / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit per article; shorten it or raise the limit (--max-mb)", "too_large")
            continue
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield Failure(where, f"{unit} {lineno} is not UTF-8 (byte {exc.start}); re-save the file as UTF-8", "encoding")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"{unit} {lineno} is not valid JSON ({exc.msg} at column {exc.colno}); fix or remove that line", "malformed")
            continue
        if not isinstance(record, dict):
            yield Failure(where, f"{unit} {lineno} is a JSON {type(record).__name__}, not an object; write one {{\"text\": ...}} object per line", "malformed")
            continue
        text, html = record.get("text"), record.get("html")
        if not isinstance(text, str) and not isinstance(html, str):
            yield Failure(where, f"{unit} {lineno} has no \"text\" or \"html\" string; add the article under one of those keys", "malformed")
            continue
        try:
            pub = published or parse_date(record.get("published"))
        except ValueError as exc:
            yield Failure(where, f"{unit} {lineno}: \"published\" {exc}", "malformed")
            continue
        url, title = _opt_str(record, "url"), _opt_str(record, "title")
        src = _opt_str(record, "source") or where
        if isinstance(text, str):
            doc = document_from_text(text, url=url, title=title, published=pub, source=src)
        else:
            doc = document_from_html(html, url=url, published=pub, source=src)  # type: ignore[arg-type]
            if title:
                doc = replace(doc, title=title)
        yield finish(doc, where)

