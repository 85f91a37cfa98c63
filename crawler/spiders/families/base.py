"""What every family adapter provides, and the link helpers they share."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from parsel import Selector
from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler.registry import Portal

ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|xlsx?|rtf|zip|rar|ofd)(\?|$)", re.IGNORECASE)
ATTACHMENT_HINT = re.compile(r"download\.jsp|downfile|attachment|/files/", re.IGNORECASE)
# A 图片版 report is a page of images (scans of the printed report); its images are its content.
IMAGE_VERSION = re.compile("图片版|扫描版|扫描件")
IMAGE_EXT = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?)(\?|$)", re.IGNORECASE)
CHROME = re.compile(r"top|head|foot|nav|logo|banner|menu", re.IGNORECASE)


@dataclass(frozen=True)
class ListEntry:
    url: str  # absolute
    title: str | None = None
    stamp: str | None = None  # what the listing prints beside the title (a date …): a re-post changes it


class Family(Protocol):
    def start(self, portal: Portal, column_url: str) -> Request: ...

    def entries(self, response: TextResponse, portal: Portal) -> Iterable[ListEntry]: ...

    def next_pages(self, response: TextResponse, portal: Portal) -> Iterable[Request]: ...


def anchor_text(selector: Selector) -> str | None:
    title = selector.attrib.get("title")
    text = title or " ".join(t.strip() for t in selector.css("::text").getall() if t.strip())
    return text or None


def item_stamp(anchor: Selector) -> str | None:
    """The text of the list item (``li``, table row, ``dd``) holding ``anchor``: its date and any other
    text printed with the title, so a recrawl notices an entry that changed."""
    item = anchor.xpath("ancestor::*[self::li or self::tr or self::dd][1]")
    text = " ".join(t.strip() for t in item.css("::text").getall() if t.strip())
    return text or None


def json_object(text: str) -> dict[str, Any] | None:
    """``text`` as a JSON object, or None when it is an HTML page or any other JSON value."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def attachment_links(response: Response) -> list[ListEntry]:
    """Links on a report page that look like files (by extension or download endpoint), absolute, deduped."""
    if not isinstance(response, TextResponse):
        return []
    seen: dict[str, ListEntry] = {}
    for a in response.css("a[href]"):
        href = a.attrib["href"].strip()
        if href.startswith(("javascript:", "mailto:", "#")):
            continue
        if ATTACHMENT_EXT.search(href) or ATTACHMENT_HINT.search(href):
            url = response.urljoin(href)
            seen.setdefault(url, ListEntry(url, anchor_text(a)))
    return list(seen.values())


def is_image_version(response: Response, link_text: str | None) -> bool:
    """The page is a report's 图片版, by its link text or its title."""
    if not isinstance(response, TextResponse):
        return False
    title = "".join(response.xpath("//title//text()").getall())
    return bool(IMAGE_VERSION.search(f"{link_text or ''} {title}"))


def image_links(response: Response) -> list[ListEntry]:
    """The images of a page's content (not of its header, footer or navigation), absolute, deduped."""
    if not isinstance(response, TextResponse):
        return []
    seen: dict[str, ListEntry] = {}
    for img in response.css("img[src]"):
        src = img.attrib["src"].strip()
        chrome = img.xpath("ancestor::*[@class or @id]/@class | ancestor::*[@class or @id]/@id").getall()
        if IMAGE_EXT.search(src) and not any(CHROME.search(value) for value in chrome):
            url = response.urljoin(src)
            seen.setdefault(url, ListEntry(url, img.attrib.get("alt") or None))
    return list(seen.values())
