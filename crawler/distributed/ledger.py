"""Each worker's ledger (``ledger.jsonl`` in its folder), written line by line as the crawl goes, so it
survives a SIGKILL: every request the worker put into the shared queue (with the request itself, to push it
back), every request it dropped as already seen, and every request whose outcome is complete.

A request is one *ask*: the spider's request, or a start request, gets a fresh id in its meta
(``nianbao_ask``) as it leaves the spider (``FinishedRequests``); a redirect or a retry made by the
downloader keeps the id of the ask it continues, and travels through Redis with it. An ask is complete
when its callback has yielded everything (its followers are in the queue and its items through the worker's
pipelines: ``FinishedRequests``) or when its terminal outcome event is written (an errback's failure, a
refusal, a redirect loop: ``WorkerEvents``, which finds the ask among this worker's ``InFlight`` ones).
scrapy-redis pops a request with no acknowledgement and its fingerprint stays in the duplicate filter, so a
killed worker's in-flight asks would never be crawled; ``crawler.distributed.reconcile`` finds them here.

``WorkerEvents`` writes the worker's crawl events except documents: a document's event comes from
``combine``, which parses it from the archive.
"""

from __future__ import annotations

import base64
import json
import pickle
import secrets
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import IO, Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response

from crawler.items import Document, UrlOutcome
from crawler.middlewares import dropped_outcome, linked_url
from crawler.pipelines.stage import outcome_event
from staging.format import EVENTS_FILE

LEDGER_FILE = "ledger.jsonl"
ASK = "nianbao_ask"
_ATTRIBUTE = "_nianbao_ledger"
TERMINAL = frozenset({"failed", "skipped", "blocked"})  # outcomes after which a request yields nothing


def encode_request(request: Request, spider: Spider) -> str:
    """The request as scrapy-redis's queue stores it (``request.to_dict`` pickled), base64 for a JSON line."""
    # scrapy-redis's picklecompat pickles with the highest protocol: the same bytes for the same request
    raw = pickle.dumps(request.to_dict(spider=spider), protocol=pickle.HIGHEST_PROTOCOL)
    return base64.b64encode(raw).decode("ascii")


def decode_request(data: str) -> bytes:
    """The bytes to push into scrapy-redis's queue (its pickle serializer reads them)."""
    return base64.b64decode(data)


class WorkerLedger:
    """The files of one worker: its ledger and its events, one per crawler (``of``)."""

    def __init__(self, worker_dir: Path, run_id: str) -> None:
        worker_dir.mkdir(parents=True, exist_ok=True)
        self.run_id = run_id
        # Line-buffered: every line reaches the kernel when written, so a SIGKILL loses none.
        self._ledger: IO[str] = (worker_dir / LEDGER_FILE).open("a", encoding="utf-8", buffering=1)
        self._events: IO[str] = (worker_dir / EVENTS_FILE).open("a", encoding="utf-8", buffering=1)
        self.in_flight: dict[str, set[str]] = defaultdict(set)  # linked URL -> asks in the downloader
        # A callback's outputs are handled by Scrapy concurrently, so its generator can end before its last
        # follower reaches the queue: an ask completes when its output is exhausted *and* every output has
        # been handled (a request scheduled or dropped, an item through the pipelines).
        self._awaiting: dict[int, tuple[Any, str]] = {}  # id(output) -> (the output, kept alive; its ask)
        self._pending: Counter[str] = Counter()  # ask -> outputs not yet handled
        self._exhausted: dict[str, str] = {}  # ask -> linked URL, once its callback yielded everything

    @classmethod
    def of(cls, crawler: Crawler) -> WorkerLedger:
        shared = getattr(crawler, _ATTRIBUTE, None)
        if shared is None:
            settings = crawler.settings
            shared = cls(Path(settings["NIANBAO_RUN_DIR"]), settings["NIANBAO_RUN_ID"])
            setattr(crawler, _ATTRIBUTE, shared)
        return shared

    def note(self, kind: str, ask: str, url: str, **extra: Any) -> None:
        line = {"kind": kind, "ask": ask, "url": url, **extra}
        self._ledger.write(json.dumps(line, ensure_ascii=False) + "\n")

    def expect(self, ask: str, output: Any) -> None:
        """``output`` of the callback answering ``ask``: the ask is not complete until it is handled."""
        self._awaiting[id(output)] = (output, ask)
        self._pending[ask] += 1

    def handled(self, output: Any) -> None:
        entry = self._awaiting.pop(id(output), None)
        if entry is not None:
            self._pending[entry[1]] -= 1
            self._complete_if_done(entry[1])

    def exhausted(self, message: Request | Response) -> None:
        """The callback answering ``message``'s ask has yielded everything (or raised)."""
        ask = message.meta.get(ASK)
        if ask is not None:
            self._exhausted[ask] = linked_url(message)
            self._complete_if_done(ask)

    def _complete_if_done(self, ask: str) -> None:
        if ask in self._exhausted and self._pending[ask] <= 0:
            url = self._exhausted.pop(ask)
            del self._pending[ask]
            self.in_flight[url].discard(ask)
            self.note("finished", ask, url)

    def event(self, outcome: UrlOutcome) -> None:
        self._events.write(json.dumps(outcome_event(outcome, self.run_id), ensure_ascii=False) + "\n")
        if outcome.outcome in TERMINAL:  # an errback's or a refusal's: the ask ends with it
            for ask in self.in_flight.pop(outcome.url, set()):
                self.note("finished", ask, outcome.url)

    def close(self) -> None:
        self._ledger.close()
        self._events.close()


class Ledger:
    """Records every request this worker enqueues or drops (``request_scheduled`` fires before the push,
    ``request_dropped`` right after a refused one)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.ledger = WorkerLedger.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Ledger:
        extension = cls(crawler)
        crawler.signals.connect(extension.scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(extension.dropped, signal=signals.request_dropped)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(extension.item_handled, signal=signal)
        crawler.signals.connect(extension.ledger.close, signal=signals.spider_closed)
        return extension

    def scheduled(self, request: Request, spider: Spider) -> None:
        ask = request.meta.setdefault(ASK, _new_ask())
        self.ledger.note("enqueued", ask, linked_url(request), request=encode_request(request, spider))
        self.ledger.handled(request)  # on the ledger now: a kill from here on leaves it to be reconciled

    def item_handled(self, item: Any, **_: Any) -> None:
        self.ledger.handled(item)

    def dropped(self, request: Request, spider: Spider) -> None:
        ask = request.meta[ASK]
        self.ledger.note("dropped", ask, linked_url(request))
        self.ledger.handled(request)
        chain = request.meta.get("redirect_urls") or []
        if chain:
            # A redirect that comes back to a URL already asked for ends its chain here (the plain crawl's
            # stage pipeline records the same); a plain duplicate link is someone else's request.
            self.ledger.event(dropped_outcome(request))
            self.ledger.note("finished", ask, linked_url(request))


def _new_ask() -> str:
    return secrets.token_hex(8)


def _fresh(output: Any) -> Any:
    """A request the spider made is a new ask (even if it copied its response's meta)."""
    if isinstance(output, Request):
        output.meta[ASK] = _new_ask()
    return output


class FinishedRequests:
    """A spider middleware, outermost: gives every request the spider makes a fresh ask id, and when a
    callback's output is exhausted (its followers enqueued, its items processed) the ask is complete. A
    callback that raises is complete too: running it again would raise again."""

    def __init__(self, crawler: Crawler) -> None:
        self.ledger = WorkerLedger.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FinishedRequests:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in start:
            yield _fresh(output)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        try:
            for output in result:
                yield self._expected(response, output)
        finally:
            self.ledger.exhausted(response)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        try:
            async for output in result:
                yield self._expected(response, output)
        finally:
            self.ledger.exhausted(response)

    def _expected(self, response: Response, output: Any) -> Any:
        ask = response.meta.get(ASK)
        if ask is not None:
            self.ledger.expect(ask, output)
        return _fresh(output)


class InFlight:
    """A downloader middleware, first: the asks this worker has taken from the queue, by linked URL, so a
    terminal outcome event (which names only its URL) completes the right ones."""

    def __init__(self, crawler: Crawler) -> None:
        self.ledger = WorkerLedger.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> InFlight:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        ask = request.meta.get(ASK)
        if ask is not None:
            self.ledger.in_flight[linked_url(request)].add(ask)
            self.ledger.note("taken", ask, linked_url(request))  # for the record: who had it in flight


class WorkerEvents:
    """The worker's item pipeline after the archive step: non-document outcomes become crawl events (a
    document's event is written by ``combine``, which parses it)."""

    def __init__(self, ledger: WorkerLedger) -> None:
        self.ledger = ledger

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WorkerEvents:
        return cls(WorkerLedger.of(crawler))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, UrlOutcome):
            self.ledger.event(item)
        elif not isinstance(item, Document):
            raise TypeError(f"unexpected item {type(item).__name__}")
        return item


class SharedQueueIdleGrace:
    """Close a worker only after it has been idle (no response, shared queue empty) for
    ``IDLE_GRACE_SECONDS``: a worker whose queue is empty for a moment (its peers still fetching the pages
    that will fill it) would otherwise quit at once. Correctness does not depend on it (the queue persists
    in Redis); it keeps the parallelism."""

    def __init__(self, crawler: Crawler, grace: float) -> None:
        self.crawler = crawler
        self.grace = grace
        self.last_busy = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedQueueIdleGrace:
        grace = crawler.settings.getfloat("IDLE_GRACE_SECONDS")
        if not grace:
            raise NotConfigured
        extension = cls(crawler, grace)
        crawler.signals.connect(extension.busy, signal=signals.response_received)
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        return extension

    def busy(self, **_: Any) -> None:
        self.last_busy = time.monotonic()
        # When this worker fetched, in wall-clock time (comparable across workers): ``benchmarks/distributed``
        # measures the crawl between the first and last response, without the start-up and the grace.
        stats = self.crawler.stats
        if stats is not None:
            stats.set_value("nianbao/worker/last_response_at", time.time())
            if stats.get_value("nianbao/worker/first_response_at") is None:
                stats.set_value("nianbao/worker/first_response_at", time.time())

    def idle(self, spider: Spider) -> None:
        engine = self.crawler.engine
        assert engine is not None  # signals only fire on a running engine
        scheduler = engine.scheduler  # public since Scrapy 2.19
        if scheduler is not None and scheduler.has_pending_requests():
            self.last_busy = time.monotonic()
        if time.monotonic() - self.last_busy < self.grace:
            raise DontCloseSpider
