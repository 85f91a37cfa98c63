"""Hanweb 大汉 jcms: the column page embeds ``<script type="text/xml"><datastore>`` with the first records as
CDATA ``<li>`` items, a ``nextgroup`` link carrying the column's ids and the ``totalrecord``; the remaining
records come from ``dataproxy.jsp`` by POST (form fields from ``nextgroup``, ``X-Requested-With``, Referer),
asked for in one range (``startrecord``..``endrecord``) as real crawlers do."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from scrapy import FormRequest, Request
from scrapy.http import TextResponse
from scrapy.selector import Selector

from crawler.registry import Portal
from crawler.spiders.families.base import ListEntry, anchor_text, item_stamp

RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL)
NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*:\s*(\d+)")
PER_PAGE = re.compile(r"perPage\s*:\s*(\d+)")
FORM_FIELDS = ("appid", "webid", "path", "columnid", "unitid", "webname", "permissiontype")


class JcmsFamily:
    def start(self, portal: Portal, column_url: str) -> Request:
        return Request(column_url)

    def entries(self, response: TextResponse, portal: Portal) -> Iterable[ListEntry]:
        for record in RECORD.findall(response.text):
            for a in Selector(text=record).css("a[href]"):
                yield ListEntry(response.urljoin(a.attrib["href"].strip()), anchor_text(a), item_stamp(a))

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]:
        if "dataproxy.jsp" in response.url:
            return  # the range request already returned everything
        text = response.text
        total_match, group = TOTAL.search(text), NEXTGROUP.search(text)
        if not total_match or not group:
            return
        total = int(total_match[1] or total_match[2])
        inline = len(RECORD.findall(text))
        if total <= inline:
            return
        href = Selector(text=group[1]).css("a::attr(href)").get() or ""
        proxy = urlsplit(html.unescape(href))
        params = dict(parse_qsl(proxy.query))
        per_page = PER_PAGE.search(text)
        query = f"startrecord={inline + 1}&endrecord={total}&perpage={per_page[1] if per_page else inline}"
        yield FormRequest(
            response.urljoin(f"{proxy.path}?{query}"),
            formdata={"col": "1", **{k: params.get(k, "") for k in FORM_FIELDS}},
            headers={"X-Requested-With": "XMLHttpRequest", "Referer": response.url},
        )
