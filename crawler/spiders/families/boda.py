"""Boda/VSB 博达: list ``x.htm`` then ``x/{n}.htm`` (numbered downwards on some versions, so page numbers are
never computed: the 下页 link is followed); articles ``info/{col}/{id}.htm``; pager in ``span.p_pages``. Some
templates wrap a whole card in the link (heading, date, summary: tests/fixtures/markup/boda-lntdxy): the
title is then the card's heading, not all of its text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from parsel import Selector
from scrapy import Request
from scrapy.http import TextResponse

from crawler.registry import Portal
from crawler.spiders.families.base import ListEntry, anchor_text, item_stamp

ARTICLE = re.compile(r"info/\d+/\d+\.s?htm")
NEXT_TEXTS = ("下页", "下一页")


class BodaFamily:
    def start(self, portal: Portal, column_url: str) -> Request:
        return Request(column_url)

    def entries(self, response: TextResponse, portal: Portal) -> Iterable[ListEntry]:
        for a in response.css("a[href]"):
            href = a.attrib["href"].strip()
            if ARTICLE.search(href):
                yield ListEntry(response.urljoin(href), _title(a), item_stamp(a))

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]:
        for a in response.css(".p_pages a[href], .p_next a[href]"):
            if "".join(a.css("::text").getall()).strip() in NEXT_TEXTS:
                yield Request(response.urljoin(a.attrib["href"].strip()))
                return


def _title(anchor: Selector) -> str | None:
    """The link's ``title``, else the heading (or ``em``) it wraps, else all of its text."""
    if anchor.attrib.get("title"):
        return anchor_text(anchor)
    heading = anchor.xpath("(.//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//em)[1]")
    return (anchor_text(heading[0]) if heading else None) or anchor_text(anchor)
