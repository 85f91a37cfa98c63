"""A Scrapy DNS resolver for demo and test runs: ``*.test`` names resolve to 127.0.0.1, everything else fails.

Installed (``TWISTED_DNS_RESOLVER``) only when every portal of a crawl is a demo portal, so a demo or a test
can never reach a real host even if a page links to one: the lookup itself refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.crawler import Crawler
from twisted.internet import defer
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer

from crawler.urls import RESERVED_SUFFIX, is_reserved_host

LOOPBACK = "127.0.0.1"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1"})


def resolve_demo_host(name: str) -> str | None:
    """The address a demo crawl may use for ``name``, or None when the name is off limits."""
    name = name.lower().rstrip(".")
    if is_reserved_host(name) or name in LOOPBACK_NAMES:
        return LOOPBACK
    return None


@implementer(IResolverSimple)
class LoopbackOnlyResolver:
    def __init__(self, reactor: Any) -> None:
        self.reactor = reactor

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> LoopbackOnlyResolver:
        return cls(reactor)

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        address = resolve_demo_host(name)
        if address is None:
            return defer.fail(
                DNSLookupError(f"{name}: refused in demo mode (only *{RESERVED_SUFFIX} resolves)")
            )
        return defer.succeed(address)
