"""Bytes to text, refusing what is not text with a reason the user can act on.

Accepted: UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM. Anything else is refused rather
than guessed, because a wrong guess silently corrupts names (places, actors) that later stages match
against lexicons; the reason names the likely encoding and the ``iconv`` command that fixes it.
"""

from __future__ import annotations

import codecs
import re
import shlex

import charset_normalizer

# Magic numbers of formats people drop into a folder of articles by mistake: name them, say what to do.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG", "a PNG image", "frontwire reads text, not images"),
    (b"\xff\xd8\xff", "a JPEG image", "frontwire reads text, not images"),
    (b"GIF8", "a GIF image", "frontwire reads text, not images"),
    (b"%PDF", "a PDF document", "convert it to text first, e.g. `pdftotext file.pdf`"),
    (b"PK\x03\x04", "a zip archive (or .docx/.xlsx)", "extract the articles as .txt/.html first"),
    (b"\x1f\x8b", "a gzip file that is not a WARC", "decompress it with `gunzip` first"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "extract the articles first"),
    (b"\xd0\xcf\x11\xe0", "an old Office document", "save it as plain text first"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Non-ASCII characters that a windows-1252 English/French/Spanish text plausibly holds.
_CP1252_PLAUSIBLE = set("‘’“”–—…€•°£«»") | {chr(c) for c in range(0xC0, 0x100)}


class DecodeError(ValueError):
    """Why bytes are not usable text. ``kind`` is a ``Failure.kind``: binary | encoding | empty."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def _utf16_without_bom(head: bytes) -> str | None:
    """ASCII text in UTF-16 has a NUL in every other byte; say which byte order it is."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.2 * len(even):
        return "UTF-16LE"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.2 * len(odd):
        return "UTF-16BE"
    return None


def sniff_binary(head: bytes) -> str | None:
    """A reason if the first bytes show a binary file, else None."""
    for magic, what, todo in _MAGIC:
        if head.startswith(magic):
            return f"is {what}, not text; {todo}"
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head and not _utf16_without_bom(head):
        return "is a binary file (it holds NUL bytes), not text; give .txt, .html, .jsonl, RSS/Atom or WARC files"
    return None


def guess_encoding(data: bytes) -> str | None:
    """Best guess at a non-UTF-8 encoding, for the error message only (never used to decode)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and all(ch.isascii() or ch in _CP1252_PLAUSIBLE for ch in text):
        return "WINDOWS-1252"
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    return best.encoding.upper().replace("_", "-") if best else None


def decode_bytes(data: bytes, source: str = "the file") -> str:
    """Decode article bytes, or raise DecodeError saying why not and what to do."""
    head = data[:8192]
    why = sniff_binary(head)
    if why:
        raise DecodeError("binary", why)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError("encoding", f"starts with a {codec} byte-order mark but does not decode ({exc.reason} at byte {exc.start}); re-save it as UTF-8") from exc
            return text.lstrip("\ufeff")
    utf16 = _utf16_without_bom(head)
    if utf16:
        raise DecodeError("encoding", _iconv(utf16, source, "UTF-16 without a byte-order mark"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        enc = guess_encoding(data)
        if enc is None:
            raise DecodeError("binary", f"is not text (byte {exc.start} cannot be decoded and no text encoding fits); give a UTF-8 text file") from exc
        raise DecodeError("encoding", _iconv(enc, source, enc)) from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > 0.05 * max(1, len(text[:8192])):
        raise DecodeError("binary", "is a binary file (many control characters), not text; give a text file")
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(head: bytes) -> str | None:
    """The encoding an HTML page declares in ``<meta charset>``: not a guess, so it may be used."""
    m = _META_CHARSET.search(head[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _iconv(enc: str, source: str, looks_like: str) -> str:
    """The advice for a file in another encoding: a shell command that converts it (path quoted)."""
    return (
        f"is not UTF-8 (it looks like {looks_like}); convert it with "
        f"`iconv -f {enc} -t UTF-8 {shlex.quote(source)} > converted.txt` and read that"
    )
