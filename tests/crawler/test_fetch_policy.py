"""Issue 10, security: a crawl fetches only http(s), only from its portal's registered hosts and ports.

A real crawl of a one-page portal served on loopback whose list links a local file, another host, an IP
literal and the portal's own name on another port. A second real server stands behind the IP literal and
the other port and counts what reaches it: nothing may. Every refused link is recorded with its reason.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from crawler.registry import Portal
from crawler.run import CrawlFailed, crawl
from crawler.settings import project_settings
from crawler.spiders.classify import redirect_verdict
from staging.runs import read_jsonl
from tests.crawler.conftest import config_for

HOST = "www.fetch-policy.test"
SECRET = Path(__file__)  # a local file a file:// link points at: its bytes must never be archived


@contextmanager
def _server(page: bytes | None) -> Iterator[tuple[int, list[str]]]:
    """A real HTTP server on 127.0.0.1: serves ``page`` for every path (404 when None); logs each request."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(f"{self.headers.get('Host')}{self.path}")
            if page is None or self.path == "/robots.txt":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def test_a_crawl_never_leaves_its_portals_hosts_and_never_reads_a_local_file(tmp_path: Path) -> None:
    with _server(None) as (other_port, other_seen):
        links = [
            SECRET.as_uri(),
            f"http://127.0.0.1:{other_port}/ip-literal.html",
            f"http://{HOST}:{other_port}/other-port.html",
            "http://www.elsewhere.test/offsite.html",
        ]
        items = "".join(f'<li><a href="{url}">2023年政府信息公开工作年度报告</a></li>' for url in links)
        page = f'<html><body><ul class="list">{items}</ul></body></html>'.encode()
        with _server(page) as (port, seen):
            portal = Portal(
                slug="policy", host=HOST, agency="某某县人民政府", division_code="110000", family="plain",
                column_urls=(f"http://{HOST}:{port}/list.html",),
            )  # fmt: skip
            config = config_for(str(tmp_path / "data"))
            with pytest.raises(CrawlFailed) as failed:  # every link refused: no report, which is an alarm
                crawl(config, [portal])
            run = failed.value.run_dir
    assert other_seen == []  # neither the IP literal nor the other port reached the second server
    assert all(entry.startswith(f"{HOST}:{port}/") for entry in seen), seen  # no other Host was asked
    events = {e["url"]: (e["outcome"], e["reason"]) for e in read_jsonl(run / "crawl_events.jsonl")}
    assert events[SECRET.as_uri()] == ("skipped", "scheme_refused")
    for url in links[1:]:
        assert events[url] == ("skipped", "offsite"), (url, events.get(url))
    archived = b"".join(path.read_bytes() for path in (config.archive_dir).rglob("*") if path.is_file())
    assert SECRET.read_bytes()[:200] not in archived


def test_a_redirect_to_the_same_name_on_another_port_is_not_followed() -> None:
    source = f"http://{HOST}:8000/report.html"
    assert redirect_verdict(source, f"http://{HOST}:9999/report.html", [HOST]) is not None
    assert redirect_verdict(source, f"http://{HOST}:8000/moved.html", [HOST]) is None


def test_the_crawl_turns_off_what_it_does_not_use() -> None:
    settings = project_settings()
    assert settings["REMOTE_CONTROL_ENABLED"] is False and settings["TELNETCONSOLE_ENABLED"] is False
    assert settings["EXTENSIONS"]["scrapy.extensions.remote_control.RemoteControl"] is None
    assert {settings["DOWNLOAD_HANDLERS"][scheme] for scheme in ("file", "ftp", "s3", "data")} == {None}


def test_a_robots_txt_redirected_off_site_is_not_followed(tmp_path: Path) -> None:
    """robots.txt requests carry no portal (Scrapy makes them): a redirect keeps host and port."""
    with _server(None) as (other_port, other_seen):

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/robots.txt":
                    self.send_response(302)
                    self.send_header("Location", f"http://127.0.0.1:{other_port}/robots.txt")
                    self.end_headers()
                    return
                self.send_error(404)

            def log_message(self, *args: Any) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            port = server.server_address[1]
            portal = Portal(
                slug="robots", host=HOST, agency="某某县人民政府", division_code="110000", family="plain",
                column_urls=(f"http://{HOST}:{port}/list.html",),
            )  # fmt: skip
            with pytest.raises(CrawlFailed):
                crawl(config_for(str(tmp_path / "data")), [portal])
        finally:
            server.shutdown()
            server.server_close()
    assert other_seen == []
