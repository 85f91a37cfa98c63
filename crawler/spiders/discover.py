"""Discovery: find a portal's 年报 column from its home page by link text, as a person would.

Column slugs vary and drift (zfxxgknb, xxgknb, ndbg, gknb2023 …), but the link text
does not: 政府信息公开年报 / 政府信息公开工作年度报告 / 年度报告 …, inside the site's 政府信息公开 block. A
name that says 信息公开 identifies the column anywhere on the page; a bare 年度报告 or 年报 counts only inside
a 政府信息公开 block (or on a page that is itself the 政府信息公开 专栏), since a 统计 block has its own
年度报告. A link naming a year or an organ is a report or a notice, not the column. When the home page has
no such link, the spider reads the site's 政府信息公开 pages (``gateway_links``) and looks there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from parsel import Selector
from scrapy.http import TextResponse

# Best first: the more specific the name, the surer the column.
COLUMN_NAMES = (
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "政府信息公开年报",
    "信息公开年度报告",
    "信息公开年报",
    "公开年报",
    "年度报告",
    "年报",
)
SELF_NAMED = "信息公开"  # a name containing this needs no block around it
BLOCK_WORDS = ("政府信息公开", "信息公开")
GATEWAY = re.compile("政府信息公开|信息公开|政务公开")
MAX_NAME_CHARS = 16  # column links are short; report titles name an organ and a year
BLOCK_LEVELS = 3  # how far up from a link its block heading may sit
_NOISE = re.compile(r"[\s\u3000>»【】\[\]·]+|更多")


@dataclass(frozen=True)
class Candidate:
    url: str
    name_rank: int
    offsite: bool
    order: int

    @property
    def key(self) -> tuple[bool, int, int]:
        return (self.offsite, self.name_rank, self.order)


def link_name(anchor: Selector) -> str:
    text = anchor.attrib.get("title") or "".join(anchor.css("::text").getall())
    return _NOISE.sub("", text)


def _short_name(name: str) -> bool:
    """A column's or a section's name: short, and naming no year (a notice or a report title does)."""
    return 0 < len(name) <= MAX_NAME_CHARS and not re.search(r"\d|[〇零一二三四五六七八九]{2,}年", name)


def column_rank(name: str, in_block: bool) -> int | None:
    """The rank of ``name`` among ``COLUMN_NAMES`` (lower is better), or None when it is not a column name."""
    if not _short_name(name):
        return None
    for rank, column in enumerate(COLUMN_NAMES):
        if name.endswith(column):
            return rank if (SELF_NAMED in name or in_block) else None
    return None


def _in_block(anchor: Selector, own: str) -> bool:
    for level in anchor.xpath(f"ancestor::*[position() <= {BLOCK_LEVELS}]"):
        if level.root.tag in {"body", "html"}:
            continue
        around = _NOISE.sub("", "".join(level.xpath(".//text()").getall())).replace(own, "", 1)
        if any(word in around for word in BLOCK_WORDS):
            return True
    return False


def _page_is_block(response: TextResponse) -> bool:
    title = "".join(response.xpath("//title//text()").getall())
    return any(word in title for word in BLOCK_WORDS)


def _absolute(response: TextResponse, anchor: Selector) -> str | None:
    href = anchor.attrib.get("href", "").strip()
    if not href or href.startswith(("javascript:", "mailto:", "#")):
        return None
    return response.urljoin(href)


def find_column(response: TextResponse, hosts: frozenset[str]) -> str | None:
    """The URL of the 年报 column linked from this page: the portal's own hosts first, then the most specific
    name, then the first in the page. None when the page links no column."""
    whole_page = _page_is_block(response)
    candidates = []
    for order, anchor in enumerate(response.css("a[href]")):
        url = _absolute(response, anchor)
        name = link_name(anchor)
        if url is None:
            continue
        rank = column_rank(name, whole_page or _in_block(anchor, name))
        if rank is not None:
            offsite = (urlsplit(url).hostname or "") not in hosts
            candidates.append(Candidate(url, rank, offsite, order))
    return min(candidates, key=lambda c: c.key).url if candidates else None


def gateway_links(response: TextResponse, hosts: frozenset[str], limit: int = 3) -> list[str]:
    """Links to the site's own 政府信息公开 pages, where the column is listed when the home page does not."""
    found: list[str] = []
    for anchor in response.css("a[href]"):
        url = _absolute(response, anchor)
        if url is None or url in found or url == response.url:
            continue
        name = link_name(anchor)
        if _short_name(name) and GATEWAY.search(name) and (urlsplit(url).hostname or "") in hosts:
            found.append(url)
    return found[:limit]
