"""The crawl benchmark's static server (``benchmarks/static_site.py``): the demo web pre-rendered to files
serves each route's own bytes and Content-Type (query strings included), and a list column per site that
a plain-family crawl can follow. Tested through its Python fallback, which needs no system package (the
benchmark itself prefers nginx and is not part of CI)."""

from __future__ import annotations

import html
import http.client
from pathlib import Path

from benchmarks.static_site import BENCH_COLUMN, serving
from demo.web import build_sites


def _get(port: int, host: str, target: str) -> tuple[int, str | None, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", target, headers={"Host": host})
        reply = connection.getresponse()
        return reply.status, reply.getheader("Content-Type"), reply.read()
    finally:
        connection.close()


def test_the_static_site_serves_every_route_as_the_simulator_does(tmp_path: Path) -> None:
    sites = {site.host: site for site in build_sites(day=1, faults=False, scale=1)}
    with serving(tmp_path, scale=1, nginx=False) as static:
        assert "Python" in static.what and "not a ceiling" in static.what  # labelled as the fallback
        checked = 0
        for host, site in sites.items():
            for target, reply in list(site.routes.items())[:6]:
                status, content_type, body = _get(static.port, host, target)
                assert (status, body) == (200, reply.body), (host, target)
                assert content_type == reply.headers["Content-Type"], (host, target)
                checked += "?" in target
        assert checked > 0  # routes with a query string (index.jsp?page=2) are files too
        assert _get(static.port, sites.popitem()[0], "/no/such/page.html")[0] == 404
        for portal in static.portals:
            host = portal.host
            status, _, body = _get(static.port, host, f"{BENCH_COLUMN}list_1.html")
            assert status == 200 and b'<ul class="list">' in body
            href = body.split(b'<ul class="list">')[1].split(b'href="')[1].split(b'"')[0].decode()
            linked = html.unescape(href)
            assert _get(static.port, host, linked)[0] == 200  # the column links a report that is served
        assert {p.family for p in static.portals} == {"plain"} and len(static.portals) >= 5
