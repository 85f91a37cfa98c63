"""Hanweb jpaas (集约化): the column page has ``<script parseType="buildstatic" url=… querydata='{…}'>``; the
list is the JSON answer of that URL (``{success, data: {html}}``) for ``paramJson={"pageNo": n, …}``. The
fragment's ``div.pagination[rows][count]`` gives the page count; ``success: false`` is retried once. Real
pages write ``queryData`` as a JavaScript object literal in single quotes, not JSON, and many spell the
parse type ``bulidstatic`` (tests/fixtures/markup/jpaas-miit): both are read."""

from __future__ import annotations

import ast
import json
import math
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from scrapy import Request
from scrapy.http import TextResponse
from scrapy.selector import Selector

from crawler.registry import Portal
from crawler.spiders.families.base import ListEntry, anchor_text, item_stamp, json_object

MAX_BUSY_RETRIES = 2
BUILD_SCRIPT = 'script[parsetype="buildstatic"][querydata], script[parsetype="bulidstatic"][querydata]'


def _querydata(text: str) -> dict[str, Any]:
    """The script's ``querydata``: JSON, or the single-quoted object literal real pages carry."""
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return {}
    return value if isinstance(value, dict) else {}


def _api_url(response: TextResponse, base: str, query: dict[str, Any], page: int, size: int) -> str:
    params = {**query, "paramJson": json.dumps({"pageNo": page, "pageSize": size}, separators=(",", ":"))}
    return response.urljoin(base) + "?" + urlencode(params)


class JpaasFamily:
    def start(self, portal: Portal, column_url: str) -> Request:
        return Request(column_url)

    def entries(self, response: TextResponse, portal: Portal) -> Iterable[ListEntry]:
        answer = json_object(response.text)
        if not answer or not answer.get("success"):
            return
        fragment = Selector(text=(answer.get("data") or {}).get("html") or "<ul></ul>")
        for a in fragment.css("li a[href]"):
            yield ListEntry(response.urljoin(a.attrib["href"].strip()), anchor_text(a), item_stamp(a))

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]:
        answer = json_object(response.text)
        if answer is None:  # the column page: find the buildstatic script and ask for page 1
            script = response.css(BUILD_SCRIPT)
            if not script:
                return
            query = _querydata(script.attrib["querydata"])
            size = int(json.loads(query.get("paramJson", "{}")).get("pageSize", 15))
            query.pop("paramJson", None)
            yield Request(_api_url(response, script.attrib["url"], query, 1, size))
            return
        params = dict(parse_qsl(urlsplit(response.url).query))
        param = json.loads(params.pop("paramJson", "{}"))
        page, size = int(param.get("pageNo", 1)), int(param.get("pageSize", 15))
        if not answer.get("success"):
            tries = int(response.meta.get("jpaas_busy", 0))
            if tries < MAX_BUSY_RETRIES:
                yield Request(response.url, dont_filter=True, meta={"jpaas_busy": tries + 1})
            return
        if page != 1:
            return
        pager = Selector(text=(answer.get("data") or {}).get("html") or "<div></div>").css("div.pagination")
        if not pager:
            return
        rows = int(pager.attrib.get("rows", size))
        count = int(pager.attrib.get("count", 0))
        base = response.url.split("?")[0]
        for n in range(2, math.ceil(count / max(rows, 1)) + 1):
            yield Request(_api_url(response, base, params, n, rows))
