"""Showing a crawl's progress (``crawler/progress.py`` counts it): on a terminal a live table (rich), one row
per portal with its list pages, documents and failures; in a log (no terminal) a plain line whenever a
portal's counts change, and a last line per portal when the crawl ends. Written to stderr, so stdout keeps
only the command's result."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.live import Live
from rich.table import Table

from crawler.run import Progress

Counts = dict[str, dict[str, int]]


def plain_line(slug: str, counts: dict[str, int], *, final: bool) -> str:
    state = "done" if final else "crawling"
    return (
        f"{state} {slug}: {counts['pages']} list pages, {counts['documents']} documents, "
        f"{counts['failures']} failures"
    )


def _table(counts: Counts, final: bool) -> Table:
    table = Table(title="crawl finished" if final else "crawling", title_justify="left")
    for column in ("portal", "list pages", "documents", "failures"):
        table.add_column(column, justify="left" if column == "portal" else "right")
    for slug, row in counts.items():
        failures = f"[red]{row['failures']}[/red]" if row["failures"] else "0"
        table.add_row(slug, str(row["pages"]), str(row["documents"]), failures)
    return table


@contextmanager
def progress_display(stream: TextIO | None = None) -> Iterator[Progress]:
    """A callback for ``crawler.run.crawl(on_progress=…)``: a live table on a terminal, else plain lines."""
    out = stream or sys.stderr
    if out.isatty():
        with Live(_table({}, False), console=Console(file=out), refresh_per_second=2) as live:
            yield lambda counts, final: live.update(_table(counts, final))
        return
    shown: Counts = {}

    def lines(counts: Counts, final: bool) -> None:
        for slug, row in counts.items():
            if final or shown.get(slug) != row:
                print(plain_line(slug, row, final=final), file=out, flush=True)
        shown.update({slug: dict(row) for slug, row in counts.items()})

    yield lines
