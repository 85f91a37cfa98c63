"""TRS WCM (海贝): ``index.html`` is page 1, ``index_1.html`` page 2 …; the page count comes from the inline
``createPageHTML(count, current, "index", "html")`` call (or ``var countPage = N``). Articles are
``./YYYYMM/tYYYYMMDD_ID.html``, linked from ``<li>`` items on most sites and from table rows on older
templates (``table.gl_list td a``, as on 鄂尔多斯's: tests/fixtures/markup/trs-ordos-egb), so any link
of that shape counts, once."""

from __future__ import annotations

import re
from collections.abc import Iterable

from scrapy import Request
from scrapy.http import TextResponse

from crawler.registry import Portal
from crawler.spiders.families.base import ListEntry, anchor_text, item_stamp

ARTICLE = re.compile(r"t\d{8}_\d+\.s?html?$")
CREATE_PAGE = re.compile(r'createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*"(\w+)"\s*,\s*"(\w+)"')
COUNT_PAGE = re.compile(r"countPage\s*=\s*(\d+)")


class TrsFamily:
    def start(self, portal: Portal, column_url: str) -> Request:
        return Request(column_url)

    def entries(self, response: TextResponse, portal: Portal) -> Iterable[ListEntry]:
        seen: set[str] = set()
        for a in response.css("a[href]"):
            href = a.attrib["href"].strip()
            url = response.urljoin(href)
            if ARTICLE.search(href.split("?")[0]) and url not in seen:
                seen.add(url)
                yield ListEntry(url, anchor_text(a), item_stamp(a))

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]:
        # Only the first page fans out: every page carries the same count, so one reading is enough.
        match = CREATE_PAGE.search(response.text)
        if match:
            count, current, stem, ext = int(match[1]), int(match[2]), match[3], match[4]
        else:
            count_match = COUNT_PAGE.search(response.text)
            if not count_match:
                return
            count, current, stem, ext = int(count_match[1]), 0, "index", "html"
        if current != 0:
            return
        for i in range(1, count):
            yield Request(response.urljoin(f"{stem}_{i}.{ext}"))
