"""Tests for frontwire.ingest: every source kind, every failure kind, offsets and boilerplate spans.

All articles here were written for these tests; fixtures are written into tmp_path.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import threading
import time
import zipfile
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from frontwire.ingest import document_from_html, document_from_text, read_sources
from frontwire.ingest.boilerplate import find_boilerplate
from frontwire.ingest.lang import language_problem
from frontwire.records import Document, Failure, content_id

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

STORY = (
    "Gunmen attacked the village of Tongomayel in northern Burkina Faso on Saturday, killing "
    "at least eight civilians, residents said. The attackers arrived on motorcycles and set fire "
    "to the market before leaving towards the border. The army said it had sent troops to the area "
    "and that several of the assailants were killed in a clash the following morning."
)

SCRAPED = (
    "Sahel Market Attack Rep. Pic\n"
    "Militants later claimed they had seized an army post near the town. "
    "This is a representational image. Amadou Kaboré/Unsplash.\n"
    "\n"
    "By Jane Doe\n"
    "\n"
    f"{STORY}\n"
    "\n"
    "The regional governor said on Sunday that the situation was under control.\n"
    "\n"
    "Read more: Attacks rise across the Sahel\n"
    "Share: Facebook | X | WhatsApp | Email\n"
    "\n"
    "© 2025 Example News. All rights reserved. Do not reproduce without permission."
)

FRENCH = (
    "Des hommes armés ont attaqué samedi le village de Tongomayel, dans le nord du Burkina Faso, "
    "tuant au moins huit civils, selon des habitants. Les assaillants sont arrivés à moto et ont mis "
    "le feu au marché avant de repartir vers la frontière. L'armée a affirmé avoir envoyé des troupes "
    "dans la zone et que plusieurs assaillants ont été tués lors d'un accrochage le lendemain."
)

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Clashes near Gao | Desert Post</title>
<meta property="og:site_name" content="Desert Post">
<meta property="article:published_time" content="2025-03-14T08:00:00Z">
<link rel="canonical" href="https://desert-post.example/gao-clashes">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Clashes near Gao leave soldiers dead</h1>
<p>Fighting broke out on Tuesday near the town of Gao in northern Mali between the army and an armed group, residents said.</p>
<p>The army said it killed twelve militants and lost three soldiers. The armed group denied losing any fighters and said it had captured two vehicles.</p>
<p>Residents of Gao said the shooting lasted for most of the afternoon and that shops stayed closed on Wednesday.</p>
</article>
<footer><p>Copyright 2025 Desert Post. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>https://wire.example/</link>
<description>test</description>
<item><title>Shelling in Nikopol</title><link>https://wire.example/1</link>
<pubDate>Sun, 02 Nov 2025 18:10:00 GMT</pubDate>
<description><![CDATA[<p>Artillery struck the town of Nikopol overnight, wounding three people, the regional governor said on Sunday.</p>]]></description></item>
<item><title>Empty item</title><link>https://wire.example/2</link><description></description></item>
</channel></rss>"""


def only_docs(items) -> list[Document]:
    return [x for x in items if isinstance(x, Document)]


def only_failures(items) -> list[Failure]:
    return [x for x in items if isinstance(x, Failure)]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# --- plain text and boilerplate ------------------------------------------------------------------


def test_plain_text_is_kept_verbatim_with_boilerplate_marked(tmp_path):
    path = write(tmp_path, "scraped.txt", SCRAPED)
    [doc] = list(read_sources([str(path)]))
    assert isinstance(doc, Document)
    assert doc.text == SCRAPED
    assert doc.id == content_id(SCRAPED)
    assert doc.source == str(path)
    assert doc.published is None
    got = [(s.label, doc.text[s.start:s.end]) for s in doc.removed]
    assert got == [
        ("caption", "Sahel Market Attack Rep. Pic"),
        ("caption", "Militants later claimed they had seized an army post near the town. "
                    "This is a representational image."),
        ("credit", "Amadou Kaboré/Unsplash."),
        ("byline", "By Jane Doe"),
        ("boilerplate", "Read more: Attacks rise across the Sahel"),
        ("boilerplate", "Share: Facebook | X | WhatsApp | Email"),
        ("copyright", "© 2025 Example News. All rights reserved. Do not reproduce without permission."),
    ]
    # the story itself is untouched, and its offsets index the text as given
    start = doc.text.index(STORY)
    assert not any(s.start < start + len(STORY) and s.end > start for s in doc.removed)


def test_crlf_text_keeps_offsets(tmp_path):
    text = SCRAPED.replace("\n", "\r\n")
    [doc] = list(read_sources(str(write(tmp_path, "crlf.txt", text.encode()))))  # a single path works too
    assert doc.text == text
    assert [doc.text[s.start:s.end] for s in doc.removed][-1].startswith("© 2025 Example News.")
    assert all("\r" not in doc.text[s.start:s.end] for s in doc.removed)


def test_caption_block_with_separate_credit_line_takes_the_caption_above():
    text = (
        "Troops patrol a street in Gao on Monday.\n"
        "Photo: John Roe/AFP\n\n"
        f"{STORY}\n"
    )
    spans = find_boilerplate(text)
    assert [(s.label, text[s.start:s.end]) for s in spans] == [
        ("caption", "Troops patrol a street in Gao on Monday."),
        ("credit", "Photo: John Roe/AFP"),
    ]


def test_inline_credit_in_a_long_paragraph_marks_only_the_credit():
    para = STORY + " " + STORY.replace("Saturday", "Friday") + " (Photo by Jane Roe via Getty Images)"
    spans = find_boilerplate(para)
    assert [(s.label, para[s.start:s.end]) for s in spans] == [
        ("credit", "(Photo by Jane Roe via Getty Images)")
    ]


@pytest.mark.parametrize(
    "line,label",
    [
        ("Reporting by Ann Lee; Editing by Tom Park", "byline"),
        ("Written by Ahmed Musa", "byline"),
        ("Subscribe to our newsletter for daily updates", "boilerplate"),
        ("Copyright 2024 Example Media Group", "copyright"),
        ("This material may not be published, broadcast, rewritten or redistributed.", "copyright"),
        ("File photo. Reuters", "caption"),
    ],
)
def test_boilerplate_lines(line, label):
    text = f"{STORY}\n\n{line}\n"
    spans = find_boilerplate(text)
    assert spans and spans[0].label == label
    assert text[spans[0].start:spans[-1].end] == line


@pytest.mark.parametrize(
    "line",
    [
        "The army said the photo circulating on social media was fake and had been taken in 2019.",
        "He was attacked by Jane Doe's supporters, the police said.",
        "The ceasefire was agreed on 24/7 monitoring of the line, officials said.",
        "Kidal Gao Timbuktu",
    ],
)
def test_story_lines_are_not_boilerplate(line):
    text = f"{STORY}\n\n{line}\n"
    assert find_boilerplate(text) == ()


def test_document_from_text_takes_first_line_as_title():
    doc = document_from_text("Clashes in Gao\n\n" + STORY, published=date(2025, 1, 2), source="wire")
    assert doc.title == "Clashes in Gao"
    assert doc.published == date(2025, 1, 2)
    assert doc.source == "wire"
    assert document_from_text(STORY).title is None  # a sentence is not a headline


def test_sidecar_gives_plain_text_a_date_and_is_not_an_article(tmp_path):
    write(tmp_path, "story.txt", STORY)
    write(tmp_path, "story.meta.json", json.dumps({"published": "2025-06-01", "source": "Wire"}))
    items = list(read_sources([str(tmp_path)]))
    [doc] = items
    assert doc.published == date(2025, 6, 1)
    assert doc.source == "Wire"
    assert doc.text == STORY
    [doc] = list(read_sources([str(tmp_path / "story.txt")], published=date(2025, 7, 1)))
    assert doc.published == date(2025, 7, 1)  # the argument wins


def test_an_oversized_sidecar_is_a_failure_not_read(tmp_path):
    write(tmp_path, "story.txt", STORY)
    write(tmp_path, "story.meta.json", json.dumps({"published": "2025-06-01", "pad": "x" * 200_000}))
    [fail] = list(read_sources([str(tmp_path / "story.txt")]))
    assert fail.kind == "malformed" and fail.source.endswith("story.meta.json") and "kB" in fail.reason


# --- HTML ------------------------------------------------------------------------------------------


def test_html_extracts_article_and_metadata(tmp_path):
    path = write(tmp_path, "page.html", HTML_PAGE)
    [doc] = list(read_sources([str(path)]))
    assert doc.published == date(2025, 3, 14)
    assert doc.url == "https://desert-post.example/gao-clashes"
    assert doc.source == "Desert Post"
    assert doc.title.startswith("Clashes near Gao")
    assert "Fighting broke out on Tuesday near the town of Gao" in doc.text
    assert "Sport" not in doc.text and "Privacy" not in doc.text
    # offsets index the extracted text
    i = doc.text.index("twelve militants")
    assert doc.text[i:i + 16] == "twelve militants"
    for s in doc.removed:
        assert doc.text[s.start:s.end].strip()


def test_html_published_argument_overrides_metadata():
    doc = document_from_html(HTML_PAGE, published=date(2025, 3, 20), url="https://x.example/a")
    assert doc.published == date(2025, 3, 20)
    assert doc.url == "https://x.example/a"


def test_html_in_its_declared_charset(tmp_path):
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("Gao", "Ségou")
    [doc] = list(read_sources([str(write(tmp_path, "latin.html", page.encode("cp1252")))]))
    assert "near the town of Ségou" in doc.text


def test_html_sniffed_without_extension(tmp_path):
    path = write(tmp_path, "page", HTML_PAGE)
    [doc] = list(read_sources([str(path)]))
    assert "<p>" not in doc.text and doc.published == date(2025, 3, 14)


# --- JSON Lines --------------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_failures_and_the_rest_go_on(tmp_path):
    lines = [
        json.dumps({"text": STORY, "url": "https://a.example/1", "title": "One", "published": "2025-02-01", "source": "A"}),
        '{"text": "broken',
        json.dumps({"title": "no text"}),
        json.dumps({"text": STORY, "published": "last Tuesday"}),
        "",
        json.dumps({"html": HTML_PAGE, "published": "2025-04-01T10:00:00+02:00"}),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    items = list(read_sources([str(path)]))
    docs, fails = only_docs(items), only_failures(items)
    assert [d.url for d in docs] == ["https://a.example/1", "https://desert-post.example/gao-clashes"]
    assert docs[0].published == date(2025, 2, 1) and docs[0].title == "One" and docs[0].source == "A"
    assert docs[1].published == date(2025, 4, 1)  # the JSON field wins over the page metadata
    assert [f.source for f in fails] == [f"{path}#2", f"{path}#3", f"{path}#4"]
    assert "line 2 is not valid JSON" in fails[0].reason and fails[0].kind == "malformed"
    assert '"text" or "html"' in fails[1].reason
    assert "YYYY-MM-DD" in fails[2].reason


def test_jsonl_published_argument_overrides(tmp_path):
    path = write(tmp_path, "a.jsonl", json.dumps({"text": STORY, "published": "2025-02-01"}) + "\n")
    [doc] = list(read_sources([str(path)], published=date(2024, 1, 1)))
    assert doc.published == date(2024, 1, 1)
    assert doc.source == f"{path}#1"


def test_json_file_with_a_list_of_articles(tmp_path):
    path = write(tmp_path, "batch.json", json.dumps(
        [{"text": STORY, "published": "2025-02-01"}, {"title": "nothing"}], indent=2))
    items = list(read_sources([str(path)]))
    assert isinstance(items[0], Document) and items[0].published == date(2025, 2, 1)
    assert isinstance(items[1], Failure) and items[1].source == f"{path}#2" and "record 2" in items[1].reason
    [fail] = list(read_sources([str(write(tmp_path, "broken.json", '{"text": '))]))
    assert fail.kind == "malformed"


# --- feeds -------------------------------------------------------------------------------------------


def test_feed_file_entries(tmp_path):
    path = write(tmp_path, "wire.xml", FEED)
    items = list(read_sources([str(path)]))
    [doc] = only_docs(items)
    assert doc.title == "Shelling in Nikopol"
    assert doc.url == "https://wire.example/1"
    assert doc.published == date(2025, 11, 2)
    assert doc.source == "Test Wire"
    assert doc.text.startswith("Artillery struck the town of Nikopol")
    [fail] = only_failures(items)
    assert fail.source == f"{path}#2" and fail.kind == "empty"


def test_malformed_feed_is_a_failure(tmp_path):
    path = write(tmp_path, "bad.rss", '<?xml version="1.0"?><rss><channel><title>x</title><item><title>a')
    items = list(read_sources([str(path)]))
    assert not only_docs(items)
    fail = items[0]
    assert isinstance(fail, Failure) and fail.kind == "malformed" and fail.source == str(path)
    assert "not a readable RSS/Atom feed" in fail.reason


@pytest.fixture()
def feed_server(monkeypatch):
    """A feed on a loopback-only HTTP server: /feed.xml is a feed, anything else a 404."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            if self.path == "/feed.xml":
                body = FEED.encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_feed_url_and_404(feed_server):
    items = list(read_sources([f"{feed_server}/feed.xml", f"{feed_server}/gone.xml"]))
    [doc] = only_docs(items)
    assert doc.url == "https://wire.example/1"
    fails = only_failures(items)
    assert fails[-1].kind == "http" and "HTTP 404" in fails[-1].reason
    assert fails[-1].source == f"{feed_server}/gone.xml"


# --- WARC --------------------------------------------------------------------------------------------


def _warc_bytes(pages: list[tuple[str, str]], gz: bool) -> tuple[bytes, list[int]]:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    offsets = []
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
        offsets.append(buf.tell())
        writer.write_record(rec)
    return buf.getvalue(), offsets


def _pages(n: int) -> list[tuple[str, str]]:
    return [
        (f"https://desert-post.example/{i}", HTML_PAGE.replace("Gao", ["Gao", "Kidal", "Mopti", "Sevare"][i]))
        for i in range(n)
    ]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_reads_html_responses(tmp_path, gz):
    data, _ = _warc_bytes(_pages(3), gz)
    path = write(tmp_path, "crawl.warc.gz" if gz else "crawl.warc", data)
    docs = list(read_sources([str(path)]))
    assert [d.url for d in docs] == [f"https://desert-post.example/{i}" for i in range(3)]
    assert "Kidal" in docs[1].text
    assert docs[0].published == date(2025, 3, 14)


@pytest.mark.parametrize("gz", [False, True])
def test_warc_truncated_record_is_a_failure_and_the_rest_go_on(tmp_path, gz):
    data, offs = _warc_bytes(_pages(4), gz)
    cut = offs[1] + (offs[2] - offs[1]) // 2
    path = write(tmp_path, "damaged.warc.gz" if gz else "damaged.warc", data[:cut] + data[offs[2]:])
    items = list(read_sources([str(path)]))
    docs, fails = only_docs(items), only_failures(items)
    assert [d.url for d in docs] == ["https://desert-post.example/0", "https://desert-post.example/2",
                                     "https://desert-post.example/3"]
    [fail] = fails
    assert fail.kind == "malformed" and "rest of the file is still read" in fail.reason


def test_warc_truncated_at_the_end(tmp_path):
    data, _ = _warc_bytes(_pages(2), False)
    path = write(tmp_path, "tail.warc", data[:-300])
    items = list(read_sources([str(path)]))
    assert [d.url for d in only_docs(items)] == ["https://desert-post.example/0"]
    [fail] = only_failures(items)
    assert "truncated" in fail.reason and fail.source.endswith("#2")


# --- bad input ---------------------------------------------------------------------------------------


def test_bad_inputs_are_failures_and_do_not_stop_the_others(tmp_path):
    good = write(tmp_path, "good.txt", STORY)
    empty = write(tmp_path, "empty.txt", "")
    blank = write(tmp_path, "blank.txt", "  \n\t\n ")
    png = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as zf:
        zf.writestr("a.txt", STORY)
    zipped = write(tmp_path, "archive.warc", zbuf.getvalue())
    nul = write(tmp_path, "data.bin", b"abc\x00\x01\x02def" * 50)
    cp1252 = write(tmp_path, "latin.txt", ("Café “quoted” – " + STORY).encode("cp1252"))
    french = write(tmp_path, "french.txt", FRENCH)
    gzipped = write(tmp_path, "notwarc.gz", gzip.compress(STORY.encode()))
    sources = [str(p) for p in (empty, blank, png, zipped, nul, cp1252, french, gzipped)]
    sources += [str(tmp_path / "missing.txt"), str(tmp_path / "*.nothing"), str(good)]
    items = list(read_sources(sources))
    kinds = [(Path(x.source).name, x.kind) for x in items if isinstance(x, Failure)]
    assert kinds == [
        ("empty.txt", "empty"), ("blank.txt", "empty"), ("image.txt", "binary"), ("archive.warc", "binary"),
        ("data.bin", "binary"), ("latin.txt", "encoding"), ("french.txt", "language"),
        ("notwarc.gz", "binary"), ("missing.txt", "input"), ("*.nothing", "input"),
    ]
    assert isinstance(items[-1], Document) and items[-1].text == STORY
    reasons = {Path(x.source).name: x.reason for x in items if isinstance(x, Failure)}
    assert "PNG" in reasons["image.txt"]
    assert "zip" in reasons["archive.warc"]
    assert "iconv -f WINDOWS-1252 -t UTF-8" in reasons["latin.txt"]
    assert "French" in reasons["french.txt"]
    assert "gunzip" in reasons["notwarc.gz"]
    assert "no such file" in reasons["missing.txt"]
    assert "matches no file" in reasons["*.nothing"]


def test_the_suggested_iconv_command_quotes_the_path(tmp_path):
    import shlex

    path = write(tmp_path, "it's a story.txt", "Военные заявили, что отразили атаку на село.".encode("cp1251"))
    [fail] = list(read_sources([str(path)]))
    command = fail.reason.split("`")[1]
    assert shlex.split(command)[5] == str(path)


def test_other_encodings_name_the_encoding(tmp_path):
    path = write(tmp_path, "ru.txt", "Военные заявили, что отразили атаку на село.".encode("cp1251"))
    [fail] = list(read_sources([str(path)]))
    assert fail.kind == "encoding" and "iconv -f" in fail.reason and "-t UTF-8" in fail.reason


@pytest.mark.parametrize("encoding,prefix", [("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-8", b"")])
def test_utf8_with_or_without_bom_and_utf16_with_bom_are_fine(tmp_path, encoding, prefix):
    path = write(tmp_path, "a.txt", prefix + ("Café in Ménaka. " + STORY).encode(encoding))
    [doc] = list(read_sources([str(path)]))
    assert isinstance(doc, Document)
    assert doc.text == "Café in Ménaka. " + STORY


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # sparse: 50 MB on paper, nothing to read
        fh.truncate(50_000_000)
    t0 = time.perf_counter()
    [fail] = list(read_sources([str(path)]))
    assert time.perf_counter() - t0 < 1.0
    assert fail.kind == "too_large" and "50.0 MB" in fail.reason and "10 MB" in fail.reason
    small = write(tmp_path, "small.txt", STORY)
    [fail] = list(read_sources([str(small)], max_bytes=100))
    assert fail.kind == "too_large"
    [doc] = list(read_sources([str(small)], max_bytes=10_000))
    assert isinstance(doc, Document)


class _ReadSizes(io.BytesIO):
    """Records how many bytes each readline call asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []

    def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        self.asked.append(-1 if size is None else size)
        return super().readline(size)


def test_jsonl_lines_are_read_with_a_bound_and_an_overlong_line_is_skipped_whole():
    from frontwire.ingest.jsonl import bounded_lines

    good = json.dumps({"text": STORY}).encode() + b"\n"
    fh = _ReadSizes(b"x" * 5000 + b"\n" + good + b"tail")
    lines = list(bounded_lines(fh, 1000, chunk=64))
    assert [len(x) for x in lines] == [1001, len(good), 4]
    assert lines[1] == good
    assert all(0 < n <= 1001 for n in fh.asked)


def test_jsonl_file_with_an_overlong_line_fails_that_line_only(tmp_path):
    good = json.dumps({"text": STORY})
    path = write(tmp_path, "big.jsonl", json.dumps({"text": "y" * 3000}) + "\n" + good + "\n")
    fail, doc = list(read_sources([str(path)], max_bytes=1000))
    assert isinstance(fail, Failure) and fail.kind == "too_large" and fail.source.endswith("#1")
    assert isinstance(doc, Document) and doc.text == STORY


def test_a_pipe_or_device_is_not_opened_and_the_message_says_why(tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    [fail] = list(read_sources([str(fifo)]))
    assert fail.kind == "input" and "not a regular file" in fail.reason


def test_language_check():
    assert language_problem("Attaque à Djibo, dix morts.") is None  # short: benefit of the doubt
    assert language_problem(STORY) is None
    assert "French" in language_problem(FRENCH)
    assert "Russian" in language_problem("Военные заявили, что отразили атаку на село у границы.")
    assert "Chinese" in language_problem("武装分子周六袭击了布基纳法索北部的一个村庄。")


def test_language_check_ignores_boilerplate(tmp_path):
    # An English caption and footer do not make a French article English.
    text = "Photo: Jean Dupont/AFP\n\n" + FRENCH + "\n\n© 2025 Example News. All rights reserved."
    [fail] = list(read_sources([str(write(tmp_path, "fr.txt", text))]))
    assert fail.kind == "language"
    # ...and a page that is nothing but boilerplate has no article in it.
    [fail] = list(read_sources([str(write(tmp_path, "junk.txt", "Photo: Jean Dupont/AFP\n\nSubscribe now"))]))
    assert fail.kind == "empty" and "boilerplate" in fail.reason


# --- folders, globs, stdin -----------------------------------------------------------------------


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path):
    write(tmp_path, "b/two.txt", STORY.replace("Saturday", "Monday"))
    write(tmp_path, "a.txt", STORY)
    write(tmp_path, ".git/config", "[core]")
    write(tmp_path, "b/.hidden.txt", "secret")
    docs = list(read_sources([str(tmp_path)]))
    assert [Path(d.source).relative_to(tmp_path).as_posix() for d in docs] == ["a.txt", "b/two.txt"]
    again = list(read_sources([str(tmp_path)]))
    assert [d.id for d in again] == [d.id for d in docs]
    globbed = list(read_sources([str(tmp_path / "**" / "*.txt")]))
    assert sorted(d.id for d in globbed) == sorted(d.id for d in docs)


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    [doc] = list(read_sources(["-"], published=date(2025, 5, 5)))
    assert doc.text == STORY and doc.source == "<stdin>" and doc.published == date(2025, 5, 5)


def test_stdin_jsonl(monkeypatch):
    data = json.dumps({"text": STORY}) + "\n" + "{oops\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    items = list(read_sources(["-"]))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], Failure) and items[1].source == "<stdin>#2"


# --- bundled examples ----------------------------------------------------------------------------


def test_bundled_examples_read_cleanly():
    items = list(read_sources([str(EXAMPLES)]))
    assert not only_failures(items)
    docs = only_docs(items)
    assert len(docs) >= 7
    for doc in docs:
        assert doc.published is not None, doc.source
        assert len(doc.text.split()) < 600
    scraped = next(d for d in docs if d.url and "kursk" in d.url)
    labels = {s.label for s in scraped.removed}
    assert {"caption", "credit", "byline", "copyright"} <= labels


def test_a_story_sentence_about_permission_is_not_a_copyright_footer() -> None:
    from frontwire.ingest import document_from_text

    text = ("Police demolished houses built without permission in Kibera on Monday, and residents protested.\n\n"
            "© 2025 Example News. Reproduction without permission is prohibited.")
    doc = document_from_text(text)
    removed = [text[s.start:s.end] for s in doc.removed]
    assert not any("Kibera" in r for r in removed)
    assert any("Reproduction without permission" in r for r in removed)
