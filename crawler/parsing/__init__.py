"""Pure parsing: raw bytes of a report in, ``ReportRecord`` out (see ``report.py``). No Scrapy here."""

from crawler.parsing.report import parse_document, parse_extracted

__all__ = ["parse_document", "parse_extracted"]
