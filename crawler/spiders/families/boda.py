"""Boda/VSB 博达: list ``x.htm`` then ``x/{n}.htm`` (numbered downwards on some versions, so page numbers are
never computed: the 下页 link is followed); articles ``info/{col}/{id}.htm``; pager in ``span.p_pages``."""

from __future__ import annotations

import re
from collections.abc import Iterable

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
                yield ListEntry(response.urljoin(href), anchor_text(a), item_stamp(a))

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]:
        for a in response.css(".p_pages a[href], .p_next a[href]"):
            if "".join(a.css("::text").getall()).strip() in NEXT_TEXTS:
                yield Request(response.urljoin(a.attrib["href"].strip()))
                return
