"""WARC and WARC.gz crawls: every ``response`` record with an HTML payload is an article.

A damaged or truncated record is a Failure and reading goes on at the next record, found by scanning
for the next gzip member (``.warc.gz``) or ``WARC/1.x`` header line (plain ``.warc``): one bad
record in a crawl of thousands should not lose the rest.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from frontwire.ingest.checks import finish
from frontwire.ingest.decode import DecodeError, decode_bytes
from frontwire.ingest.html import document_from_html
from frontwire.records import Document, Failure

_GZIP_MEMBER = b"\x1f\x8b\x08"
# A record header: found anywhere, since a truncated record can end mid-line right before the next one.
_WARC_LINE = re.compile(rb"(WARC/1\.[01]\r?\nWARC-[A-Za-z-]+:)")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SCAN_CHUNK = 1 << 20


class _QuietIterator(ArchiveIterator):
    """warcio prints a warning per damaged record to stderr; we report them as Failures instead."""

    INC_RECORD = ""


def is_warc(head: bytes) -> bool:
    """True for a plain WARC, or a gzip whose first member decompresses to a WARC header."""
    if head.startswith(b"WARC/1."):
        return True
    if head.startswith(_GZIP_MEMBER):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head[:4096], 16).startswith(b"WARC/")
        except zlib.error:
            return False
    return False


def _next_record_start(fh: BinaryIO, start: int, gz: bool) -> int | None:
    """Offset of the next readable record at or after ``start``."""
    pos = start
    while True:
        fh.seek(pos)
        chunk = fh.read(_SCAN_CHUNK + 16)
        if not chunk:
            return None
        if gz:
            i = chunk.find(_GZIP_MEMBER)
            while i != -1:
                fh.seek(pos + i)
                if is_warc(fh.read(4096)):
                    return pos + i
                i = chunk.find(_GZIP_MEMBER, i + 1)
        else:
            for m in _WARC_LINE.finditer(chunk):
                if m.start(1) + pos >= start:
                    return pos + m.start(1)
        if len(chunk) <= _SCAN_CHUNK:
            return None
        pos += _SCAN_CHUNK


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset=[\"']?([\w.-]+)", content_type, re.I)
    return m.group(1) if m else None


def _record_document(payload: bytes, content_type: str, url: str | None, where: str,
                     published: date | None) -> Document | Failure:
    charset = _charset(content_type)
    try:
        if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            html = payload.decode(charset)
        else:
            html = decode_bytes(payload, where)
    except (LookupError, UnicodeDecodeError):
        return Failure(where, f"payload does not decode as its declared charset {charset}", "encoding")
    except DecodeError as exc:
        return Failure(where, f"payload {exc.reason}", exc.kind)
    return finish(document_from_html(html, url=url, published=published), where)


def read_warc(path: Path, published: date | None = None, *, max_bytes: int) -> Iterator[Document | Failure]:
    """Documents from the HTML responses of a WARC file; ``published`` overrides page metadata
    (the WARC-Date is the crawl date, not the publication date, so it is not used)."""
    source = str(path)
    with open(path, "rb") as fh:
        gz = fh.read(3) == _GZIP_MEMBER
        offset, n = 0, 0
        while offset is not None:
            fh.seek(offset)
            it = _QuietIterator(fh, check_digests=False)
            last: int | None = None  # offset of the last record read whole in this pass
            in_record = False
            resync_from: int | None = None
            try:
                for rec in it:
                    n += 1
                    in_record = True
                    where = f"{source}#{n}"
                    ctype = rec.http_headers.get_header("Content-Type") or "" if rec.http_headers else ""
                    if rec.rec_type != "response" or not ctype.lower().startswith(_HTML_TYPES):
                        last = it.get_record_offset()
                        in_record = False
                        continue
                    payload = rec.content_stream().read(max_bytes + 1)
                    truncated = rec.raw_stream.limit > 0 and not rec.raw_stream.read(1)
                    last = it.get_record_offset()  # reads the rest of the record
                    in_record = False
                    if len(payload) > max_bytes:
                        yield Failure(where, f"record {n} is over the {max_bytes / 1e6:g} MB limit per article; skipped", "too_large")
                        continue
                    embedded = None if gz else _WARC_LINE.search(payload)
                    if truncated or embedded:
                        yield Failure(where, f"record {n} (at byte {last}) is truncated: it ends before its declared Content-Length; skipped it, the rest of the file is still read", "malformed")
                        if embedded:
                            resync_from = last + 1
                            break
                        continue
                    url = rec.rec_headers.get_header("WARC-Target-URI")
                    yield _record_document(payload, ctype, url, where, published)
                else:
                    offset = None
                    continue
            except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError) as exc:
                if not in_record:
                    n += 1
                bad = offset if last is None else _next_record_start(fh, last + 1, gz)
                bad = offset if bad is None else bad
                why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                yield Failure(f"{source}#{n}", f"record {n} (at byte {bad}) is damaged or truncated ({why[:120]}); skipped it, the rest of the file is still read", "malformed")
                resync_from = bad + 1
            offset = _next_record_start(fh, resync_from, gz) if resync_from is not None else None
