"""The data a parse produces: plain dataclasses, JSON-ready, shared by the parser, pipelines and CLI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Number = int | float


@dataclass
class Issue:
    """A consistency problem found in the source (never corrected): a stable code and a human message."""

    code: str
    message: str


@dataclass
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    code: str | None = None  # GB/T 2260 six-digit code of the most specific level known


# ``Extracted.meta`` key: the page chrome's labelled lines around the article (发布日期：… 来源：…), which
# the metadata rules read like header lines; they are never part of ``text``.
INFO_BAR = "info_bar"


@dataclass
class Extracted:
    """What ``crawler.parsing.extract`` gets out of raw bytes before any report logic runs."""

    kind: str  # html | pdf | docx | doc | xls | xlsx | text | image | archive | unknown
    text: str = ""  # main text, original script, whitespace tidied, tables included as '|' rows
    tables: list[list[list[str]]] = field(default_factory=list)  # grids, rowspan/colspan expanded
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # <meta name=...> tags, header lines, INFO_BAR
    encoding: str | None = None
    flags: list[str] = field(default_factory=list)  # needs_ocr, encoding_fixed, truncated, ...
    error: str | None = None  # set when nothing usable could be read; text is then empty


@dataclass
class ReportRecord:
    """One document's parse. ``figures`` holds the contract's summary keys; ``cells`` every table cell."""

    # annual_report | provincial_summary | template_notice | interpretation | other
    doc_kind: str | None = None
    title: str | None = None
    agency: str | None = None
    region: Region = field(default_factory=Region)
    report_year: int | None = None
    published_date: str | None = None  # ISO YYYY-MM-DD
    template: str | None = None  # prose | 2019 | 2021 | unknown
    script: str | None = None  # simplified | traditional
    figures: dict[str, Number] = field(default_factory=dict)
    approximate: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    cells: dict[str, Number] = field(default_factory=dict)  # "t3.granted.total" -> 7 (see template.py)
    uncertain: list[str] = field(default_factory=list)  # figure/cell keys the parser could not pin down
    # figure key -> the rule that produced it ("table:t3.new.total", "prose:applications_none", ...), so
    # every figure can be explained and every miss traced to a rule.
    rules: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)  # carried from extraction: needs_ocr, truncated, ...
    sections: list[str] = field(default_factory=list)  # outline sections the text carries (sections.py)
    text: str = ""  # the normalised (simplified) text the figures were read from; used for dedupe
    error: str | None = None

    def to_contract(self, path: str) -> dict[str, Any]:
        """The ``nianbao parse`` JSON object (see README, 'nianbao parse'); extra keys are ours."""
        if self.error is not None:
            return {"path": path, "error": self.error, **{k: None for k in CONTRACT_FIELDS}}
        data = asdict(self)
        data.pop("text")
        data.pop("error")
        return {"path": path, "error": None, **data}


CONTRACT_FIELDS: tuple[str, ...] = (
    "doc_kind", "title", "agency", "region", "report_year", "published_date", "template", "script",
    "figures", "approximate", "issues",
)  # fmt: skip
