"""In demo mode only ``*.test`` names resolve, and only to loopback."""

from __future__ import annotations

import pytest
from twisted.internet.error import DNSLookupError

from crawler.resolver import LoopbackOnlyResolver, resolve_demo_host


@pytest.mark.parametrize(
    "name", ["www.changde.gov.cn.test", "WWW.PANZHIHUA.GOV.CN.TEST.", "localhost", "127.0.0.1"]
)
def test_demo_names_map_to_loopback(name: str) -> None:
    assert resolve_demo_host(name) == "127.0.0.1"


@pytest.mark.parametrize(
    "name", ["www.nianbao-demo.gov.cn", "nianbao-demo.gov.cn", "test", "demo.test.example", "10.0.0.1"]
)
def test_everything_else_is_refused(name: str) -> None:
    assert resolve_demo_host(name) is None


def test_resolver_answers_through_twisted() -> None:
    resolver = LoopbackOnlyResolver(reactor=None)
    ok: list[str] = []
    resolver.getHostByName("www.changde.gov.cn.test").addCallback(ok.append)
    assert ok == ["127.0.0.1"]
    errors: list[object] = []
    resolver.getHostByName("www.nianbao-demo.gov.cn").addErrback(lambda f: errors.append(f.value))
    assert len(errors) == 1 and isinstance(errors[0], DNSLookupError)
