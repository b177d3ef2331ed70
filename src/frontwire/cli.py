"""The ``frontwire`` command line: thin wrappers over the library, one command per job.

Each command parses its options, calls one library function and prints. No logic lives here that a
Python user could not reach through the library.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path

import typer

app = typer.Typer(
    help="Turn news reports of armed conflict into ACLED-style event data, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Build and inspect the offline gazetteer index.", no_args_is_help=True)
token_app = typer.Typer(help="Manage API tokens for write access to `frontwire serve`.", no_args_is_help=True)
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


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files, folders or globs to read; '-' reads stdin."),
    published: str | None = typer.Option(
        None, "--published", "-p", help="Publication date YYYY-MM-DD (else read from HTML metadata)."
    ),
    fmt: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f", help="Output format."),
    model: Path | None = typer.Option(None, "--model", help="Classifier trained by `frontwire train`."),
) -> None:
    """Print the events each article reports, with the evidence behind every field.

    A file that cannot be read (empty, binary, wrong encoding, too large, not English) is reported on
    stderr and the exit code is 1, but every other file is still processed.
    """
    from frontwire.export import write_events
    from frontwire.ingest import read_sources
    from frontwire.pipeline import Pipeline
    from frontwire.records import Failure

    pub = _parse_date(published)
    pipe = Pipeline(model=str(model) if model else None)
    failed = 0

    def documents():
        nonlocal failed
        for item in read_sources(paths, published=pub):
            if isinstance(item, Failure):
                failed += 1
                _err(f"{item.source}: {item.reason}")
                continue
            yield item

    events = (ev for _doc, evs in pipe.process(documents()) for ev in evs)
    write_events(events, sys.stdout, fmt.value)
    if failed:
        raise typer.Exit(1)


# -- other commands are added below, one block per command, each a thin wrapper --------------------


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

