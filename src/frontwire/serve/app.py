"""The workbench API and page: ``create_app(db_path)`` returns a FastAPI app over one store.

Safe by default: reads run in read-only transactions and are open only to loopback clients (others
need a token); every write needs a token and lands in the audit log; parameters are validated
(4xx with a message, never a 500); bodies are capped; no CORS; a CSP with no remote source; the
Host header must name this server. The built front-end (``static/``) is served from the package.
"""

from __future__ import annotations

import io
import ipaddress
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.body_limit import RequestBodyLimitMiddleware

from frontwire.export import export_store
from frontwire.serve import queries, snapshot
from frontwire.serve.auth import bearer, verify_token
from frontwire.serve.filters import Filters, ReviewStatus
from frontwire.serve.filters import where as filter_sql
from frontwire.serve.models import (
    EventDetail,
    EventPage,
    EventsQuery,
    MapData,
    MapQuery,
    Meta,
    Review,
    ReviewsQuery,
    SuggestQuery,
    Timeline,
)
from frontwire.serve.review import ReviewError, ReviewRequest, apply_review
from frontwire.serve.security import (
    MAX_BODY_BYTES,
    BodyLimitMiddleware,
    HostCheckMiddleware,
    SecurityHeadersMiddleware,
)
from frontwire.store import Store, StoreError

STATIC_DIR = Path(__file__).parent / "static"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")

_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>frontwire</title>
<p>The front-end is not built. Run <code>bash scripts/setup.sh</code> (needs npm), or
<code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>. The JSON API is at
<a href="/api/openapi.json">/api/openapi.json</a>.</p>"""


def is_loopback(host: str | None) -> bool:
    """True for a loopback address or 'localhost': the clients allowed to read without a token."""
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _token_name(request: Request) -> str | None:
    """None without a token; raises 403 for a token that matches no one."""
    header = request.headers.get("authorization")
    token = bearer(header)
    if token is None:
        if header:
            raise HTTPException(403, "malformed Authorization header; use 'Bearer TOKEN'")
        return None
    cur = request.app.state.store.con.cursor()
    try:
        name = verify_token(cur, token)
    finally:
        cur.close()
    if name is None:
        raise HTTPException(403, "unknown token; create one with `frontwire token create NAME`")
    return name


def reader(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor in a read-only transaction; non-loopback clients must present a token."""
    client = request.client.host if request.client else None
    if not is_loopback(client) and _token_name(request) is None:
        raise HTTPException(401, "reads from other hosts need 'Authorization: Bearer TOKEN'")
    cur = request.app.state.store.con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION READ ONLY")
        yield cur
    finally:
        try:
            cur.execute("ROLLBACK")
        finally:
            cur.close()


def writer(request: Request) -> str:
    """The token owner's name (recorded as 'who'); 401 without a token, 403 with a bad one."""
    name = _token_name(request)
    if name is None:
        raise HTTPException(
            401,
            "writes need 'Authorization: Bearer TOKEN'; create one with `frontwire token create NAME`",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if request.app.state.read_only:
        raise HTTPException(403, "the store is served read-only (--read-only); no reviews")
    return name


Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(reader)]
Who = Annotated[str, Depends(writer)]


class _FilteredStore:
    """What ``export_store`` needs from a Store, reading our parameterised filter instead of a
    SQL ``where`` string: user input never becomes SQL text."""

    def __init__(self, con: duckdb.DuckDBPyConnection, f: Filters) -> None:
        self.con = con
        self.f = f

    def reviewed_events(self, where: str | None = None) -> tuple[list[str], list[tuple]]:
        """As ``Store.reviewed_events``; ``where`` is accepted for that signature and ignored."""
        cond, params = filter_sql(self.f)
        if self.f.review_status is ReviewStatus.rejected:
            cond = "FALSE"  # rejected events are never exported
        cur = self.con.execute(
            f"SELECT * FROM events_reviewed WHERE {cond} ORDER BY event_date NULLS LAST, event_id",
            params,
        )
        return [d[0] for d in cur.description], cur.fetchall()

    sources_by_event = Store.sources_by_event
    claims_by_event = Store.claims_by_event


def create_app(
    db_path: str | Path,
    *,
    read_only: bool = False,
    allowed_hosts: tuple[str, ...] | list[str] = LOOPBACK_HOSTS,
) -> FastAPI:
    """The workbench over the store at ``db_path``.

    ``read_only=True`` opens the file read-only (other processes may read it too) and refuses
    reviews. ``allowed_hosts`` are the Host header names accepted (DNS-rebinding guard); add the
    name or address the server is reached by when it is not loopback.
    """
    path = Path(db_path)
    if not path.exists():
        raise StoreError(f"no store at {path}; run `frontwire ingest SOURCE --db {path}` first")
    store = Store(path, read_only=read_only)
    use_snapshot = not read_only  # a read-only instance cannot attach an in-memory database
    if use_snapshot:
        snapshot.build(store.con)
        # No user SQL runs here, but lock file access anyway: the server never needs it.
        store.con.execute("SET enable_external_access = false")
        store.con.execute("SET lock_configuration = true")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="frontwire workbench API",
        version="1",
        description=(
            "Browse, filter, review and export the fused events of a frontwire store. Reads are "
            "open to loopback clients; writes need `Authorization: Bearer TOKEN` (create one with "
            "`frontwire token create NAME`)."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN; the schema is enough
        redoc_url=None,
    )
    app.state.store = store
    app.state.read_only = read_only
    # Bodies without a Content-Length (chunked) are counted while read by Starlette's limiter;
    # a declared length over the limit gets a JSON 413 before anything is read.
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY_BYTES)
    app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HostCheckMiddleware, allowed_hosts=allowed_hosts)
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    _add_read_routes(app, use_snapshot, read_only)
    _add_review_routes(app, store, use_snapshot)
    _add_export_routes(app)
    app.get("/", include_in_schema=False)(_index)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    return app


async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """A 422 whose ``detail`` is one readable line ('field: what is wrong; ...')."""
    errors = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body"))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        errors.append(f"{loc}: {msg}" if loc else msg)
    return JSONResponse(
        status_code=422,
        content={"detail": "; ".join(errors) or "invalid request",
                 "errors": [{"loc": e.get("loc"), "msg": e.get("msg")} for e in exc.errors()]},
    )  # fmt: skip


def _add_read_routes(app: FastAPI, snap: bool, read_only: bool) -> None:
    """Health, metadata, the event table and detail, and the map/timeline/suggest views."""

    @app.get("/api/health", tags=["meta"])
    def health(con: Cursor) -> dict[str, Any]:
        """Liveness and the store's size."""
        return {"ok": True, "events": con.execute("SELECT count(*) FROM events").fetchone()[0],
                "read_only": read_only}  # fmt: skip

    @app.get("/api/meta", response_model=Meta, tags=["meta"])
    def meta(con: Cursor) -> dict[str, Any]:
        """Taxonomy, countries, date span and counts for building the filters."""
        return queries.meta(con, snap)

    @app.get("/api/events", response_model=EventPage, tags=["events"])
    def events(q: Annotated[EventsQuery, Query()], con: Cursor) -> Response:
        """One page of the events matching the filters, sorted on the server."""
        return _fast(queries.events_page(con, q, q.sort.value, q.order, q.page, q.page_size, snap))

    @app.get("/api/events/{event_id}", response_model=EventDetail, tags=["events"])
    def event(event_id: str, con: Cursor) -> dict[str, Any]:
        """One event: coded fields, evidence, source documents, reports, claims, audit log."""
        _check_id(event_id)
        detail = queries.event_detail(con, event_id, snap)
        if detail is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return detail

    @app.get("/api/timeline", response_model=Timeline, tags=["views"])
    def timeline_view(f: Annotated[Filters, Query()], con: Cursor) -> Response:
        """Events per day and type (the page leaves the date filters out to brush over them)."""
        return _fast(queries.timeline(con, f, snap))

    @app.get("/api/map", response_model=MapData, tags=["views"])
    def map_view(q: Annotated[MapQuery, Query()], con: Cursor) -> Response:
        """Points or grid cells for the map view (server-side aggregation when dense)."""
        f = Filters(**q.model_dump(exclude={"zoom", "bbox"}))
        return _fast(queries.map_data(con, f, q.zoom, q.box(), snap))

    @app.get("/api/suggest", tags=["views"])
    def suggest(q: Annotated[SuggestQuery, Query()], con: Cursor) -> dict[str, list[str]]:
        """Frequent values of a field containing a text (for filter inputs)."""
        return {"values": queries.suggest(con, q.field, q.q, q.limit, snap)}


def _add_review_routes(app: FastAPI, store: Store, snap: bool) -> None:
    """The audit log (read) and the review action (token required)."""

    @app.get("/api/events/{event_id}/reviews", response_model=list[Review], tags=["review"])
    def event_reviews(event_id: str, con: Cursor) -> list[dict[str, Any]]:
        """The audit log of one event, newest first."""
        _check_id(event_id)
        if queries.find_event(con, event_id, snap) is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return queries.reviews(con, event_id)

    @app.get("/api/reviews", response_model=list[Review], tags=["review"])
    def all_reviews(q: Annotated[ReviewsQuery, Query()], con: Cursor) -> list[dict[str, Any]]:
        """The latest entries of the audit log."""
        return queries.reviews(con, None, q.limit)

    @app.post("/api/events/{event_id}/review", response_model=EventDetail, tags=["review"])
    def review(
        event_id: str, body: ReviewRequest, who: Who
    ) -> dict[str, Any]:
        """Accept, reject or edit an event (token required); returns the event as reviewed."""
        _check_id(event_id)
        cur = store.con.cursor()
        try:
            try:
                found = apply_review(cur, event_id, who, body)
            except ReviewError as exc:
                raise HTTPException(422, str(exc)) from exc
            except duckdb.TransactionException as exc:
                raise HTTPException(409, f"conflicting write, retry: {exc}") from exc
            if not found:
                raise HTTPException(404, f"no event {event_id!r}")
            if snap:
                snapshot.refresh(cur, event_id)
            return queries.event_detail(cur, event_id, snap) or {}
        finally:
            cur.close()


def _add_export_routes(app: FastAPI) -> None:
    """The filtered, reviewed events as downloads (the same writers as ``frontwire export``)."""

    @app.get("/api/export/acled.csv", tags=["export"], response_class=Response)
    def export_csv(f: Annotated[Filters, Query()], con: Cursor) -> Response:
        """The filtered, reviewed events as ACLED CSV (formula-safe cells)."""
        return _export(con, f, "acled-csv", "events.csv", "text/csv; charset=utf-8")

    @app.get("/api/export/events.geojson", tags=["export"], response_class=Response)
    def export_geojson(f: Annotated[Filters, Query()], con: Cursor) -> Response:
        """The filtered, reviewed events as a GeoJSON FeatureCollection."""
        return _export(con, f, "geojson", "events.geojson", "application/geo+json")


def _export(con: duckdb.DuckDBPyConnection, f: Filters, fmt: str, name: str, media: str) -> Response:
    out = io.StringIO()
    export_store(_FilteredStore(con, f), out, fmt)  # type: ignore[arg-type]
    return Response(
        out.getvalue(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _index() -> Response:
    """The built front-end, or a page saying how to build it."""
    page = STATIC_DIR / "index.html"
    if page.is_file():
        return FileResponse(page, media_type="text/html")
    return HTMLResponse(_NOT_BUILT, status_code=503)


def _fast(data: dict[str, Any]) -> Response:
    """JSON straight from the query result: the hot views skip re-validating their own output
    against the response model (which still documents them in the OpenAPI schema)."""
    return JSONResponse(data)


def _check_id(event_id: str) -> None:
    if not event_id or len(event_id) > 200:
        raise HTTPException(422, "event_id must be 1-200 characters")
