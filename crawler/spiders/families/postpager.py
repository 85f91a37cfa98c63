"""ASP.NET-style POST pagination: page 1 is a GET; page N is the same form POSTed back with ``cpage=N`` (and
whatever hidden fields, e.g. ``__VIEWSTATE``, the page carries). The page count comes from ``共N页``; items
are ``td.nlist a`` (or ``table.list a``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from scrapy import FormRequest, Request
from scrapy.http import TextResponse

from crawler.registry import Portal
from crawler.spiders.families.base import ListEntry, anchor_text, item_stamp

PAGE_COUNT = re.compile(r"共\s*(\d+)\s*页")


class PostPagerFamily:
    def start(self, portal: Portal, column_url: str) -> Request:
        return Request(column_url)

    def entries(self, response: TextResponse, portal: Portal) -> Iterable[ListEntry]:
        for a in response.css("td.nlist a[href], table.list a[href]"):
            yield ListEntry(response.urljoin(a.attrib["href"].strip()), anchor_text(a), item_stamp(a))

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]:
        if response.request is not None and response.request.method == "POST":
            return  # page 1 fans out to every page
        count = PAGE_COUNT.search(response.text)
        field = portal.options.get("page_field", "cpage")
        form = response.css(f'form:has(input[name="{field}"])')
        if not count or not form:
            return
        # Send back every field the form carries (ASP.NET wants its __VIEWSTATE), with the page changed.
        hidden = {i.attrib["name"]: i.attrib.get("value", "") for i in form.css("input[name]")}
        action = response.urljoin(form.attrib.get("action") or response.url)
        for page in range(2, int(count[1]) + 1):
            yield FormRequest(action, formdata={**hidden, field: str(page)})
