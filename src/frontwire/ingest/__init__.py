"""Reading sources into Documents: files, folders, globs, stdin, JSON Lines, RSS/Atom feeds (files or
URLs) and WARC crawls.

``read_sources`` streams ``Document``s and ``Failure``s in a deterministic order; a bad input is a
``Failure`` whose reason says what to do, and never stops the other inputs.

Publication dates (what relative dates such as "on Sunday" resolve against) come from, in order:
the ``published`` argument; a ``<name>.meta.json`` sidecar next to a file; the metadata of the source
(HTML ``<meta>``, feed entry dates, the JSON Lines ``published`` field); else None.
"""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

from frontwire.ingest.checks import finish, parse_date
from frontwire.ingest.decode import DecodeError, declared_charset, decode_bytes, sniff_binary
from frontwire.ingest.feeds import fetch, looks_like_feed, read_feed
from frontwire.ingest.html import document_from_html
from frontwire.ingest.jsonl import bounded_lines, read_json, read_jsonl
from frontwire.ingest.text import document_from_text
from frontwire.ingest.warc import is_warc, read_warc
from frontwire.records import Document, Failure

__all__ = ["DEFAULT_MAX_BYTES", "SIDECAR_SUFFIX", "document_from_html", "document_from_text", "read_sources"]

DEFAULT_MAX_BYTES = 10_000_000
"""Largest article (or feed file) read, in bytes: a larger file is almost surely not one article."""

SIDECAR_SUFFIX = ".meta.json"
"""``story.txt`` may have ``story.meta.json`` beside it: ``{"published", "url", "title", "source"}``.
Plain text has nowhere else to carry a date without changing the text the offsets index."""

SIDECAR_MAX_BYTES = 100_000
"""A sidecar holds four short fields; a larger one is not read."""

_JSONL = (".jsonl", ".ndjson", ".jsonlines")
_HTML = (".html", ".htm", ".xhtml", ".shtml")
_FEED = (".rss", ".atom", ".xml")
_WARC = (".warc", ".warc.gz", ".arc", ".arc.gz")


def read_sources(
    sources: Iterable[str],
    published: date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | Failure]:
    """Documents (or Failures) from files, folders (recursive, sorted), globs, ``-`` (stdin) and
    http(s) URLs of feeds or pages. ``published`` overrides every other publication date."""
    if isinstance(sources, str | Path):  # one path, not an iterable of characters
        sources = [str(sources)]
    for src in sources:
        src = str(src)
        if src == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", published, max_bytes)
        elif src.startswith(("http://", "https://")):
            yield from _read_url(src, published, max_bytes)
        elif Path(src).is_dir():
            yield from _read_folder(Path(src), published, max_bytes)
        elif Path(src).is_file():
            if not src.endswith(SIDECAR_SUFFIX):
                yield from _read_file(Path(src), published, max_bytes)
        elif glob.has_magic(src):
            yield from _read_glob(src, published, max_bytes)
        elif Path(src).exists():
            yield Failure(src, "is not a regular file or folder (a device, pipe or socket?); pass files, folders, or '-' for stdin", "input")
        else:
            yield Failure(src, "no such file or folder; check the path", "input")


def _read_folder(folder: Path, published: date | None, max_bytes: int) -> Iterator[Document | Failure]:
    """Every file under ``folder``, recursively and sorted, so runs are reproducible."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not _skipped(p, folder))
    if not files:
        yield Failure(str(folder), "is a folder with no files in it; nothing to read", "input")
    for path in files:
        yield from _read_file(path, published, max_bytes)


def _read_glob(pattern: str, published: date | None, max_bytes: int) -> Iterator[Document | Failure]:
    """Files matching ``pattern`` (sorted), then the folders it matches, each read as a folder."""
    matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
    if not matches:
        yield Failure(pattern, "matches no file; check the pattern (quote it so the shell leaves it to frontwire)", "input")
    for path in matches:
        if path.is_file() and not path.name.endswith(SIDECAR_SUFFIX):
            yield from _read_file(path, published, max_bytes)
    for folder in (p for p in matches if p.is_dir()):
        yield from _read_folder(folder, published, max_bytes)


def _skipped(path: Path, root: Path) -> bool:
    """Hidden files and folders (``.git``, ``.DS_Store``) and metadata sidecars are not articles."""
    rel = path.relative_to(root)
    return any(part.startswith(".") for part in rel.parts) or path.name.endswith(SIDECAR_SUFFIX)


def _sidecar(path: Path) -> dict | Failure:
    """The metadata in ``path``'s sidecar ({} when it has none), or a Failure saying how to fix it."""
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not side.is_file():
        return {}
    try:
        if side.stat().st_size > SIDECAR_MAX_BYTES:
            raise ValueError(f"over {SIDECAR_MAX_BYTES // 1000} kB; it should hold a few fields")
        meta = json.loads(side.read_text(encoding="utf-8-sig"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
        meta["published"] = parse_date(meta.get("published"))
    except (ValueError, UnicodeDecodeError) as exc:
        return Failure(str(side), f"metadata sidecar is unreadable ({exc}); write {{\"published\": \"YYYY-MM-DD\"}}", "malformed")
    return meta


def _kind(name: str, head: bytes) -> str:
    """html | feed | jsonl | warc | text, from the file name, then from the first bytes."""
    lower = name.lower()
    if lower.endswith(_WARC) or is_warc(head):
        return "warc"
    if lower.endswith(_JSONL):
        return "jsonl"
    if lower.endswith(".json"):
        return "json"
    if lower.endswith(_HTML):
        return "html"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lower.endswith(_FEED) or looks_like_feed(stripped):
        return "feed"
    if stripped.startswith((b"<!doctype html", b"<html")) or b"<body" in stripped[:4096]:
        return "html"
    first_line = stripped.split(b"\n", 1)[0]
    if first_line.startswith(b"{") and (b'"text"' in first_line or b'"html"' in first_line):
        return "jsonl"
    return "text"


def _read_file(path: Path, published: date | None, max_bytes: int) -> Iterator[Document | Failure]:
    source = str(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8192)
            kind = _kind(path.name, head)
            if kind == "warc":
                if not is_warc(head):
                    why = sniff_binary(head) or "does not start with a WARC/1.x header; is it really a WARC file?"
                    yield Failure(source, why, "binary" if sniff_binary(head) else "malformed")
                    return
                yield from read_warc(path, published, max_bytes=max_bytes)
                return
            if kind == "jsonl":
                fh.seek(0)
                yield from read_jsonl(bounded_lines(fh, max_bytes), source, published, max_bytes=max_bytes)
                return
            if kind == "json" and size <= max_bytes:
                yield from read_json(head + fh.read(), source, published, max_bytes=max_bytes)
                return
            if size > max_bytes:  # checked before reading, so a huge file is refused at once
                yield Failure(source, f"is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit per article; split it into articles, or raise the limit (--max-mb)", "too_large")
                return
            data = head + fh.read(max_bytes + 1 - len(head))  # bounded: the file may have grown
            if len(data) > max_bytes:
                yield Failure(source, f"is over the {max_bytes / 1e6:g} MB limit per article; split it into articles, or raise the limit (--max-mb)", "too_large")
                return
    except OSError as exc:
        yield Failure(source, f"cannot be read ({exc.strerror or exc}); check its permissions", "input")
        return
    meta = _sidecar(path)
    if isinstance(meta, Failure):
        yield meta
        return
    yield from _read_bytes(data, source, kind, published or meta.get("published"), meta)


def _read_stream(stream: BinaryIO, source: str, published: date | None, max_bytes: int) -> Iterator[Document | Failure]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Failure(source, f"is over the {max_bytes / 1e6:g} MB limit per article; split it into articles, or raise the limit (--max-mb)", "too_large")
        return
    kind = _kind("", data[:8192])
    if kind == "warc":
        yield Failure(source, "is a WARC file; WARC is read from a file, not stdin: save it and pass its path", "input")
        return
    if kind == "jsonl":
        yield from read_jsonl(data.splitlines(keepends=True), source, published, max_bytes=max_bytes)
        return
    yield from _read_bytes(data, source, kind, published, {})


def _read_url(url: str, published: date | None, max_bytes: int) -> Iterator[Document | Failure]:
    got = fetch(url, max_bytes)
    if isinstance(got, Failure):
        yield got
        return
    data, ctype = got
    kind = "feed" if ("xml" in ctype or looks_like_feed(data[:2048])) and "html" not in ctype else _kind(url, data[:8192])
    yield from _read_bytes(data, url, kind, published, {"url": url})


def _read_bytes(data: bytes, source: str, kind: str, published: date | None, meta: dict) -> Iterator[Document | Failure]:
    if not data.strip():
        yield Failure(source, "is empty (or only whitespace): there is no article text to read", "empty")
        return
    if kind == "feed":
        why = sniff_binary(data[:8192])
        if why:
            yield Failure(source, why, "binary")
        else:
            yield from read_feed(data, source, published)
        return
    try:
        text = decode_bytes(data, source)
    except DecodeError as exc:
        charset = declared_charset(data) if kind == "html" and exc.kind == "encoding" else None
        try:
            text = data.decode(charset) if charset else None
        except UnicodeDecodeError:
            text = None
        if text is None:
            yield Failure(source, exc.reason, exc.kind)
            return
    url, title, src = meta.get("url"), meta.get("title"), meta.get("source")
    if kind == "html":
        doc = document_from_html(text, url=url, published=published, source=src)
        if title:
            doc = replace(doc, title=title)
    else:
        doc = document_from_text(text, url=url, title=title, published=published, source=src)
    if doc.source is None:
        doc = replace(doc, source=source)
    yield finish(doc, source)
