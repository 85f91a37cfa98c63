"""The crawl benchmark's ceiling: a plain ``scrapy.Spider`` that fetches a list of URLs and does nothing else.

No pipelines, no link following, no archive, no robots.txt check (the list holds the robots.txt URLs our
crawl fetched): only Scrapy's fetch loop, with the download settings of our crawl on loopback (concurrency,
no delay, no AutoThrottle) and the same resolver (``*.test`` names are loopback). It runs in a child
process (``python -m benchmarks.plain_spider URLS.json``, a fresh reactor) and prints its stats as JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

from crawler import settings as ours


class PlainSpider(scrapy.Spider):
    name = "plain"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> Any:
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        yield from ()  # fetched: that is all the ceiling does


def settings() -> dict[str, Any]:
    """Scrapy's defaults plus what our loopback crawl sets for downloading (crawler/settings.py)."""
    return {
        "LOG_LEVEL": "INFO",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0.0,
        "CONCURRENT_REQUESTS": ours.CONCURRENT_REQUESTS,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,  # ours with NIANBAO_THROTTLE=0
        "CONCURRENT_ITEMS": ours.CONCURRENT_ITEMS,
        "HTTPERROR_ALLOW_ALL": True,
        "DOWNLOAD_MAXSIZE": ours.DOWNLOAD_MAXSIZE,
        "TWISTED_DNS_RESOLVER": "crawler.resolver.LoopbackOnlyResolver",
        "DNSCACHE_ENABLED": False,
    }


def main(urls_path: str) -> int:
    urls = json.loads(Path(urls_path).read_text(encoding="utf-8"))
    process = CrawlerProcess(settings())
    crawler = process.create_crawler(PlainSpider)
    process.crawl(crawler, urls=urls)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(json.dumps({key: value for key, value in stats.items() if isinstance(value, int | float)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
