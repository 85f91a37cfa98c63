"""Plain sites with anchor pagination: the list's items are ``ul li a``; the next page is the 下一页 link."""

from __future__ import annotations

from collections.abc import Iterable

from scrapy import Request
from scrapy.http import TextResponse

from crawler.registry import Portal
from crawler.spiders.families.base import ListEntry, anchor_text, item_stamp

NEXT_TEXTS = ("下一页", "下页", "后一页")


class PlainFamily:
    def start(self, portal: Portal, column_url: str) -> Request:
        return Request(column_url)

    def entries(self, response: TextResponse, portal: Portal) -> Iterable[ListEntry]:
        selector = portal.options.get("item_selector", "ul.list li a[href]")
        for a in response.css(selector):
            yield ListEntry(response.urljoin(a.attrib["href"].strip()), anchor_text(a), item_stamp(a))

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]:
        for a in response.css("a[href]"):
            text = "".join(a.css("::text").getall()).strip()
            if text in NEXT_TEXTS:
                yield Request(response.urljoin(a.attrib["href"].strip()))
