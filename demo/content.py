"""The reports the demo portals serve: the seed texts with their labels, rendered as government-site HTML.

Seed text is kept verbatim. Runs of lines containing ``|`` (the seeds' flattened statistical tables) become
``<table>`` rows, everything else a ``<p>``; so the parser meets real tables, and the text it extracts matches
the seed after whitespace is dropped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SEEDS_DIR = CONTENT_DIR / "seeds"
ATTACHMENTS_DIR = CONTENT_DIR / "attachments"

# Titles as the list pages show them (the seeds carry their own headings in the body).
TITLES: dict[str, str] = {
    "000": "常德市人民政府政务服务中心2012年政府信息公开工作年度报告",
    "001": "昭通市政务服务管理局2018年政府信息公开工作年度报告",
    "002": "佛山市高明区人民政府行政服务中心2018年政府信息公开工作年度报告",
    "003": "2011年全省政务公开和政务服务工作情况综述",
    "004": "攀枝花市2012年政府信息公开工作年度报告",
}
# Posting dates where the label has none (the list needs one; the body is unchanged).
FALLBACK_DATES: dict[str, str] = {"000": "2013-03-20"}


@dataclass(frozen=True)
class SeedReport:
    key: str  # "000" … the seed file's number
    filename: str
    agency: str
    report_year: int
    title: str
    published: str  # YYYY-MM-DD shown on list and page
    text: str
    reposted: str = (
        ""  # YYYY-MM-DD a corrected re-post shows on the list instead (the page keeps ``published``)
    )

    @property
    def pdf_path(self) -> Path:
        return ATTACHMENTS_DIR / f"{Path(self.filename).stem}.pdf"


@cache
def seed_reports() -> tuple[SeedReport, ...]:
    reports = []
    for line in (SEEDS_DIR / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        key = label["file"][:3]
        reports.append(
            SeedReport(
                key=key,
                filename=label["file"],
                agency=label["agency"],
                report_year=int(label["report_year"]),
                title=TITLES[key],
                published=label["published_date"] or FALLBACK_DATES[key],
                text=(SEEDS_DIR / label["file"]).read_text(encoding="utf-8"),
            )
        )
    return tuple(reports)


def seed(key: str) -> SeedReport:
    return next(r for r in seed_reports() if r.key == key)


def text_blocks(text: str) -> Iterator[str | list[list[str]]]:
    """A report text as blocks: each line not in a table, and each run of ``|`` lines as a table (rows of
    stripped cells)."""
    table: list[list[str]] = []
    for line in text.splitlines():
        if "|" in line:
            table.append([cell.strip() for cell in line.split("|")])
            continue
        if table:
            yield table
            table = []
        yield line
    if table:
        yield table


def body_html(text: str) -> str:
    """Paragraphs and tables for a report text (see module doc)."""
    out: list[str] = []
    for block in text_blocks(text):
        if isinstance(block, list):
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in block
            )
            out.append(f'<table border="1" cellspacing="0">{rows}</table>')
        elif block.strip():
            out.append(f"<p>{html.escape(block)}</p>")
    return "\n".join(out)
