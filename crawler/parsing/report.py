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

import re
from collections.abc import Mapping, Sequence

from crawler.parsing import template as tpl
from crawler.parsing.checks import check_consistency, contradicted_summary_keys
from crawler.parsing.doc_kind import (
    ANNUAL_REPORT,
    INTERPRETATION,
    OTHER,
    PROVINCIAL_SUMMARY,
    TEMPLATE_NOTICE,
    classify,
)
from crawler.parsing.metadata import Metadata, notice_year, read_metadata
from crawler.parsing.prose import ProseReading, read_prose
from crawler.parsing.record import Extracted, Issue, Number, ReportRecord
from crawler.parsing.sections import outline_sections
from crawler.parsing.tables import read_tables, summary_from_cells, summary_rule
from crawler.parsing.text import normalise, normalise_cells, prepare, tidy

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
    simplify = prepared.script == "traditional"  # a simplified text is never converted (乾县 stays)
    meta = _normalise_meta(extracted.meta, simplify)
    title = _normalise_title(extracted.title, simplify)
    md = read_metadata(text, title=title, meta=meta)

    cells, uncertain, table_issues, table_era, blank = _read_tables(text, extracted.tables, simplify)
    prose = read_prose(text, agency=md.agency, year=md.report_year)
    # The era from labels only one layout prints (or from the year when only tables 3/4 are there);
    # tables.py defaults to 2019 when it sees no such label, so its era only fills a gap.
    kind = classify(md.title, text)
    template = md.template_era or table_era or _era_without_tables(md, kind, text)
    figures, approximate, contradicted, rules = _merge(cells, prose, blank)
    if kind in (OTHER, TEMPLATE_NOTICE):  # a notice, news item or other report states no figures of its own
        figures, approximate, rules = {}, [], {}
    issues = table_issues + prose.issues + _check(cells, prose, template)

    return ReportRecord(
        doc_kind=kind,
        title=md.title,
        agency=md.agency,
        region=md.region,
        # a notice covers no year of its own, only the year of the reports it is about, when it names one
        report_year=notice_year(md.title, text) if kind == TEMPLATE_NOTICE else md.report_year,
        published_date=md.published_date,
        template=template,
        script=prepared.script,
        figures=figures,
        approximate=approximate,
        issues=issues,
        cells=cells,
        uncertain=uncertain + _uncertain_summary(uncertain, figures) + contradicted,
        rules=rules,
        flags=list(extracted.flags),
        sections=outline_sections(text, template),
        text=text,
    )


def _era_without_tables(md: Metadata, kind: str, text: str) -> str:
    """The era of a document where no template table was read (prose reports, excerpts, 解读).

    The format a text follows shows in its outline: the old format's own sections (概述, 依申请公开
    政府信息情况, 收费及减免情况) make it prose, the 2019 format's (收到和处理政府信息公开申请情况,
    其他需要报告的事项) the 2019 / 2021 layout by year. Without telling headings the year decides for a
    report or a 解读 (to 2018 prose, then the layout of its year); a notice, news item or other document
    follows no report format unless its outline shows one.
    """
    year = md.report_year
    old, new = len(set(_OLD_OUTLINE.findall(text))), len(set(_NEW_OUTLINE.findall(text)))
    by_year = None if year is None else "prose" if year <= 2018 else "2021" if year >= 2021 else "2019"
    if kind in (ANNUAL_REPORT, INTERPRETATION, PROVINCIAL_SUMMARY) and by_year is not None:
        # one old section is enough in a 2019/2020 report without any of the new ones (…收费及减免情况)
        return "prose" if (old >= 2 or (old and by_year == "2019")) and not new else by_year
    if old and not new:  # a sample text, a rule: in the old report format
        return "prose"
    if new and not old and by_year not in (None, "prose"):
        return str(by_year)
    return "unknown"


# 其他需要报告的事项 closes both outlines (the 2008 one too), so it tells neither.
_NEW_OUTLINE = re.compile(r"收到和处理政府信息公开申请|政府信息公开行政复议、行政诉讼情况")
_OLD_OUTLINE = re.compile(r"[、)]概述|依申请公开政府信息(?:的)?情况|收费及减免|收费和减免")


def _read_tables(
    text: str, grids: Sequence[Sequence[Sequence[str]]], simplify: bool
) -> tuple[dict[str, Number], list[str], list[Issue], str | None, list[str]]:
    reading = read_tables(text, _normalise_grids(grids, simplify))
    cells, uncertain, issues = dict(reading.cells), list(reading.uncertain), list(reading.issues)
    return cells, uncertain, issues, reading.template, list(reading.blank)


def _normalise_title(title: str | None, simplify: bool) -> str | None:
    if not title:
        return None
    return normalise(title) if simplify else tidy(title)


def _normalise_meta(meta: Mapping[str, str], simplify: bool) -> dict[str, str]:
    """Page metadata in canonical form."""
    items = [(k, v) for k, v in meta.items() if k and v]
    flat = normalise_cells([part for item in items for part in item], simplify=simplify)
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _normalise_grids(grids: Sequence[Sequence[Sequence[str]]], simplify: bool) -> list[list[list[str]]]:
    """Grid cells in the same canonical form as the text (one pass over all cells)."""
    flat = normalise_cells([cell or "" for grid in grids for row in grid for cell in row], simplify=simplify)
    cells = iter(flat)
    return [[[next(cells) for _ in row] for row in grid] for grid in grids]


def _merge(
    cells: dict[str, Number], prose: ProseReading, blank: Sequence[str] = ()
) -> tuple[dict[str, Number], list[str], list[str], dict[str, str]]:
    """Summary keys from the tables where stated, prose figures for the rest, in contract order.

    A table total contradicted by its own printed components (洪泽 2023: 复议 10/1/0/0 under 总计 0) is
    left out and listed as uncertain; a sentence stating that figure may still supply it. The rule behind
    each figure goes into ``rules`` (``table:<cell>`` or the prose rule's ``prose:<name>``).
    """
    contradicted = contradicted_summary_keys(cells)
    from_cells = {k: v for k, v in summary_from_cells(cells, blank).items() if k not in contradicted}
    merged = {**prose.figures, **from_cells}
    figures = {key: merged[key] for key in tpl.SUMMARY_KEYS if key in merged}
    approximate = [key for key in prose.approximate if key in figures and key not in from_cells]
    unsure = set(contradicted).union(prose.uncertain)
    uncertain = [key for key in tpl.SUMMARY_KEYS if key in unsure and key not in figures]
    rules = {
        key: summary_rule(cells, key) if key in from_cells else prose.rules.get(key, "prose")
        for key in figures
    }
    return figures, approximate, uncertain, rules


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
