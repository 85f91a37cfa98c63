"""Guangdong 政府信息公开目录平台 (gkmlpt): a hash-routed shell (``/gkmlpt/index#<catid>``) whose
``SID`` names the site; the list is JSON from ``/gkmlpt/api/all/<catid>?page=N&sid=SID``. Some sites put
every article on page 1 and 404 for later pages, so further pages are asked for only while page 1 is short
of ``total``. Titles may come ``%uXXXX``-escaped (JavaScript ``escape``)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request
from scrapy.http import TextResponse

from crawler.registry import Portal
from crawler.spiders.families.base import ListEntry, json_object

SID = re.compile(r"SID\s*:\s*['\"]([\w-]+)['\"]")
PERCENT_U = re.compile(r"%u([0-9A-Fa-f]{4})")


def unescape_percent_u(text: str) -> str:
    return PERCENT_U.sub(lambda m: chr(int(m[1], 16)), text)


def _answer(response: TextResponse) -> dict[str, Any] | None:
    if "/gkmlpt/api/" not in response.url:
        return None
    return json_object(response.text)


def _catid(portal: Portal) -> str:
    return portal.options.get("catid") or urlsplit(portal.column_urls[0]).fragment


class GkmlptFamily:
    def start(self, portal: Portal, column_url: str) -> Request:
        return Request(column_url.split("#")[0])

    def entries(self, response: TextResponse, portal: Portal) -> Iterable[ListEntry]:
        answer = _answer(response)
        for article in (answer or {}).get("articles", []):
            url = article.get("url") or article.get("post_url")
            if url:
                title = unescape_percent_u(article.get("title") or "") or None
                yield ListEntry(response.urljoin(url), title, _stamp(article))

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]:
        answer = _answer(response)
        if answer is None:
            sid = SID.search(response.text)
            if sid:
                yield Request(response.urljoin(f"/gkmlpt/api/all/{_catid(portal)}?page=1&sid={sid[1]}"))
            return
        query = dict(parse_qsl(urlsplit(response.url).query))
        shown, total = len(answer.get("articles", [])), int(answer.get("total", 0))
        if query.get("page") != "1" or shown == 0 or shown >= total:
            return
        base = response.url.split("?")[0]
        for page in range(2, math.ceil(total / shown) + 1):
            yield Request(f"{base}?page={page}&sid={query.get('sid', '')}")


def _stamp(article: dict[str, Any]) -> str | None:
    """The article's dates as the API lists them (a re-post in place gets new ones)."""
    dates = [str(article[key]) for key in ("date", "publish_time", "first_publish_time") if article.get(key)]
    return " ".join(dates) or None
