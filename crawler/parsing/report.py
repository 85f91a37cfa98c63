"""The parse of one document: extracted text in, ``ReportRecord`` out.

Steps, each a pure function in its own module:

1. ``text``: NFKC, traditional -> simplified (the script of the original is recorded), whitespace
   tidied. Every later rule reads this normalised text. (An archive header is not in it: the extractor
   put that into ``Extracted.meta``.)
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
from crawler.parsing.doc_kind import INTERPRETATION, TEMPLATE_NOTICE, classify
from crawler.parsing.metadata import Metadata, read_metadata
from crawler.parsing.prose import ProseReading, read_prose
from crawler.parsing.record import Extracted, Issue, Number, ReportRecord
from crawler.parsing.tables import read_tables, summary_from_cells
from crawler.parsing.text import normalise, normalise_cells, prepare

_LITIGATION_CELLS = ("t4.litigation_direct.total", "t4.litigation_after_review.total")


def parse_document(
    body: bytes, *, content_type: str | None = None, url: str | None = None, filename: str | None = None
) -> ReportRecord:
    """Raw bytes of one document to its parse (``extract`` then ``parse_extracted``); never raises."""
    # Imported here so that ``import crawler.parsing`` stays light (0.1 s, not 0.4 s): the extractors
    # load pdfplumber, python-docx and lxml.
    from crawler.parsing.extract import extract

    return parse_extracted(extract(body, content_type=content_type, url=url, filename=filename))


def parse_extracted(extracted: Extracted) -> ReportRecord:
    """The parse of an already extracted document; never raises.

    A bug in a rule costs this document (``error`` = ``parse_failed: …``, flags kept), never the run.
    """
    try:
        return _parse(extracted)
    except Exception as exc:
        return ReportRecord(
            error=f"parse_failed: {type(exc).__name__}: {exc}"[:300], flags=list(extracted.flags)
        )


def _parse(extracted: Extracted) -> ReportRecord:
    if extracted.error is not None:
        return ReportRecord(error=extracted.error, flags=list(extracted.flags))
    if not extracted.text.strip():
        reason = ", ".join(extracted.flags) or "empty text"
        return ReportRecord(error=f"no_text: nothing readable ({reason})", flags=list(extracted.flags))

    prepared = prepare(extracted.text)
    text = prepared.text
    meta = _normalise_meta(extracted.meta)
    title = normalise(extracted.title) if extracted.title else None
    md = read_metadata(text, title=title, meta=meta)

    cells, uncertain, table_issues, table_era = _read_tables(text, extracted.tables)
    prose = read_prose(text)
    # The era from labels only one layout prints (or from the year when only tables 3/4 are there);
    # tables.py defaults to 2019 when it sees no such label, so its era only fills a gap.
    kind = classify(md.title, text)
    template = md.template_era or table_era or _era_without_tables(md, kind)
    figures, approximate, contradicted = _merge(cells, prose)
    issues = table_issues + prose.issues + _check(cells, prose, template)

    return ReportRecord(
        doc_kind=kind,
        title=md.title,
        agency=md.agency,
        region=md.region,
        report_year=None if kind == TEMPLATE_NOTICE else md.report_year,  # a notice covers no year
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


def _era_without_tables(md: Metadata, kind: str) -> str:
    """``prose`` for reports from before the 2019 template; ``unknown`` when tables should be there.

    An interpretation (解读) prints no tables; its era is that of the report it explains, by year.
    """
    year = md.report_year
    if year is not None and year <= 2018:
        return "prose"
    if kind == INTERPRETATION and year is not None:
        return "2021" if year >= 2021 else "2019"
    return "unknown"


def _read_tables(
    text: str, grids: Sequence[Sequence[Sequence[str]]]
) -> tuple[dict[str, Number], list[str], list[Issue], str | None]:
    reading = read_tables(text, _normalise_grids(grids))
    return dict(reading.cells), list(reading.uncertain), list(reading.issues), reading.template


def _normalise_meta(meta: Mapping[str, str]) -> dict[str, str]:
    """Page metadata in canonical form."""
    items = [(k, v) for k, v in meta.items() if k and v]
    flat = normalise_cells([part for item in items for part in item])
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _normalise_grids(grids: Sequence[Sequence[Sequence[str]]]) -> list[list[list[str]]]:
    """Grid cells in the same canonical form as the text (one pass over all cells)."""
    flat = normalise_cells([cell or "" for grid in grids for row in grid for cell in row])
    cells = iter(flat)
    return [[[next(cells) for _ in row] for row in grid] for grid in grids]


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
