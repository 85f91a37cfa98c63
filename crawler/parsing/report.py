"""The parse of one document: extracted text in, ``ReportRecord`` out.

Steps, each a pure function in its own module:

1. ``text``: split off an archive header, NFKC, traditional -> simplified (the script of the original is
   recorded), whitespace tidied. Every later rule reads this normalised text.
2. ``metadata``: title, agency, region, report year, published date, template era.
3. ``doc_kind``: annual report, provincial summary, template notice, interpretation or other.
4. ``tables``: every template-table cell (2019 / 2021 layouts), with ``uncertain`` keys and issues.
5. ``prose``: summary figures stated in sentences, with breakdown checks.
6. merge: a summary key comes from the table cells when the tables state it, from prose otherwise. Where
   both state it the table wins and a disagreement is an issue (``checks``), never a silent choice.
   ``uncertain`` lists cell keys the tables could not pin down and summary keys left out because of that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from crawler.parsing import template as tpl
from crawler.parsing.checks import check_consistency, contradicted_summary_keys
from crawler.parsing.doc_kind import classify
from crawler.parsing.metadata import Metadata, read_metadata
from crawler.parsing.prose import ProseReading, read_prose
from crawler.parsing.record import Extracted, Issue, Number, ReportRecord
from crawler.parsing.tables import read_tables, summary_from_cells
from crawler.parsing.text import normalise, prepare, to_simplified, tidy

_LITIGATION_CELLS = ("t4.litigation_direct.total", "t4.litigation_after_review.total")
_GRID_SEPARATOR = "\x1f"


def parse_document(
    body: bytes, *, content_type: str | None = None, url: str | None = None, filename: str | None = None
) -> ReportRecord:
    """Raw bytes of one document to its parse (``extract`` then ``parse_extracted``); never raises."""
    from crawler.parsing.extract import extract

    return parse_extracted(extract(body, content_type=content_type, url=url, filename=filename))


def parse_extracted(extracted: Extracted) -> ReportRecord:
    """The parse of an already extracted document."""
    if extracted.error is not None:
        return ReportRecord(error=extracted.error, flags=list(extracted.flags))
    if not extracted.text.strip():
        reason = ", ".join(extracted.flags) or "empty text"
        return ReportRecord(error=f"no_text: nothing readable ({reason})", flags=list(extracted.flags))

    prepared = prepare(extracted.text)
    text = prepared.text
    meta = _normalise_meta(extracted.meta) | prepared.header
    title = normalise(extracted.title) if extracted.title else None
    md = read_metadata(text, title=title, meta=meta)

    cells, uncertain, table_issues, table_era = _read_tables(text, extracted.tables)
    prose = read_prose(text)
    template = table_era or md.template_era or _era_without_tables(md)
    figures, approximate, contradicted = _merge(cells, prose)
    issues = table_issues + prose.issues + _check(cells, prose, template)

    return ReportRecord(
        doc_kind=classify(md.title, text),
        title=md.title,
        agency=md.agency,
        region=md.region,
        report_year=md.report_year,
        published_date=md.published_date,
        template=template,
        script=prepared.script,
        figures=figures,
        approximate=approximate,
        issues=issues,
        cells=cells,
        uncertain=uncertain + _uncertain_summary(uncertain, figures) + contradicted,
        flags=list(extracted.flags),
        text=text,
    )


def _era_without_tables(md: Metadata) -> str:
    """``prose`` for reports from before the 2019 template; ``unknown`` when tables should be there."""
    if md.report_year is not None and md.report_year <= 2018:
        return "prose"
    return "unknown"


def _read_tables(
    text: str, grids: Sequence[Sequence[Sequence[str]]]
) -> tuple[dict[str, Number], list[str], list[Issue], str | None]:
    reading = read_tables(text, _normalise_grids(grids))
    return dict(reading.cells), list(reading.uncertain), list(reading.issues), reading.template


def _normalise_meta(meta: Mapping[str, str]) -> dict[str, str]:
    """Page metadata in canonical form (one OpenCC call for all entries)."""
    items = [(k, v) for k, v in meta.items() if k and v]
    if not items:
        return {}
    flat = [tidy(part) for item in items for part in item]
    joined = to_simplified(_GRID_SEPARATOR.join(flat)).split(_GRID_SEPARATOR)
    if len(joined) != len(flat):
        joined = [normalise(part) for part in flat]
    return dict(zip(joined[::2], joined[1::2], strict=True))


def _normalise_grids(grids: Sequence[Sequence[Sequence[str]]]) -> list[list[list[str]]]:
    """Grid cells in the same canonical form as the text (one OpenCC call for all cells)."""
    cells = [cell or "" for grid in grids for row in grid for cell in row]
    if not cells:
        return []
    joined = to_simplified(_GRID_SEPARATOR.join(tidy(c) for c in cells)).split(_GRID_SEPARATOR)
    if len(joined) != len(cells):  # a converter that ate a separator: convert one by one
        joined = [normalise(c) for c in cells]
    out: list[list[list[str]]] = []
    position = 0
    for grid in grids:
        rows = []
        for row in grid:
            rows.append(joined[position : position + len(row)])
            position += len(row)
        out.append(rows)
    return out


def _merge(cells: dict[str, Number], prose: ProseReading) -> tuple[dict[str, Number], list[str], list[str]]:
    """Summary keys from the tables where stated, prose figures for the rest, in contract order.

    A table total contradicted by its own printed components (洪泽 2023: 复议 10/1/0/0 under 总计 0) is
    left out and listed as uncertain; a sentence stating that figure may still supply it.
    """
    contradicted = contradicted_summary_keys(cells)
    from_cells = {k: v for k, v in summary_from_cells(cells).items() if k not in contradicted}
    merged = {**prose.figures, **from_cells}
    figures = {key: merged[key] for key in tpl.SUMMARY_KEYS if key in merged}
    approximate = [key for key in prose.approximate if key in figures and key not in from_cells]
    uncertain = [key for key in tpl.SUMMARY_KEYS if key in contradicted and key not in figures]
    return figures, approximate, uncertain


def _check(cells: dict[str, Number], prose: ProseReading, template: str) -> list[Issue]:
    """Consistency issues of the tables, and prose figures that disagree with them (bounds excluded)."""
    exact = {k: v for k, v in prose.figures.items() if k not in prose.approximate}
    return check_consistency(cells, exact, template if template in ("2019", "2021") else None)


def _uncertain_summary(uncertain: Sequence[str], figures: Mapping[str, Number]) -> list[str]:
    """Summary keys whose cell the tables could not pin down (and no sentence stated either)."""
    pending = set(uncertain)
    keys = [key for key, cell in tpl.SUMMARY_FROM_CELLS.items() if cell in pending and key not in figures]
    if "litigation_total" not in figures and pending.intersection(_LITIGATION_CELLS):
        keys.append("litigation_total")
    return keys
