"""The demo portals: a real HTTP server on 127.0.0.1 that serves every simulated site, chosen by Host header.

``running(config)`` is what tests and the main job use (ephemeral port, background thread, manifest written,
server stopped on exit); ``serve_until_interrupted`` is ``nianbao demo``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from crawler.config import Config
from crawler.registry import Portal
from demo.portals import demo_portals, on_port
from demo.sites import DROP, Site
from demo.web import build_sites

log = logging.getLogger(__name__)
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class DemoPortals:
    """A running simulator: its port and the registry entries of its sites, already pointing at that port."""

    port: int
    portals: tuple[Portal, ...]
    manifest_path: Path

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


class _Handler(BaseHTTPRequestHandler):
    sites: ClassVar[dict[str, Site]] = {}
    server_version = "TRS WCM/7.0"  # what many portals announce; harmless
    protocol_version = "HTTP/1.1"
    delay: ClassVar[float] = 0.0  # seconds before each answer: a slow portal (benchmarks, tests)

    def _serve(self, method: str) -> None:
        if self.delay:
            time.sleep(self.delay)  # in this request's own thread: other requests are not held up
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length) if length else b""
        site = self.sites.get(host)
        if site is None:
            self._send(421, {"Content-Type": "text/plain"}, f"no demo site {host!r}\n".encode(), method)
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        reply = site.respond(method, self.path, headers, payload)
        if reply.status == DROP:  # a connection reset: no status line, no body
            self.close_connection = True
            return
        self._send(reply.status, reply.headers, reply.body, method)

    def _send(self, status: int, headers: dict[str, str], body: bytes, method: str) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if status != 304 and "Content-Length" not in headers:  # a reply may lie about its length on purpose
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method != "HEAD" and status != 304:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hang up on purpose here (timeouts, resets): log quietly instead of a traceback on stderr.
        log.debug("connection from %s ended early", client_address, exc_info=True)


def _make_server(config: Config, port: int, delay: float = 0.0) -> ThreadingHTTPServer:
    sites = build_sites(day=config.demo_day, faults=config.demo_faults, scale=config.demo_scale)
    handler = type("DemoHandler", (_Handler,), {"sites": {site.host: site for site in sites}, "delay": delay})
    return _Server((LOOPBACK, port), handler)


def write_manifest(config: Config, sites: list[Site], port: int) -> Path:
    """One line per report served: where, and whether a crawler can reach it (and why not)."""
    grouped: dict[str, dict[str, Any]] = {}
    for site in sites:
        for served in site.served:
            entry = grouped.setdefault(
                served.key,
                {
                    "agency": served.agency,
                    "report_year": served.report_year,
                    "urls": [],
                    "reachable": True,
                    "key": served.key,
                },
            )
            entry["urls"].extend(_absolute(site, path, port) for path in served.paths)
            if not served.reachable:
                entry["reachable"] = False
                entry["reason"] = served.reason
            if served.event_url:
                entry["event_url"] = _absolute(site, served.event_url, port)
    # Reports posted on more than one site first: the cross-posted case is the one readers look for.
    entries = sorted(grouped.values(), key=lambda e: -len({u.split("/")[2] for u in e["urls"]}))
    config.demo_dir.mkdir(parents=True, exist_ok=True)
    path = config.demo_dir / "manifest.jsonl"
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8")
    return path


def _absolute(site: Site, path: str, port: int) -> str:
    return path.replace("{port}", f":{port}") if "://" in path else f"http://{site.host}:{port}{path}"


@contextmanager
def running(config: Config, *, delay: float = 0.0) -> Iterator[DemoPortals]:
    """``delay``: seconds before each answer, to stand for a slow real portal (default none)."""
    server = _make_server(config, 0, delay)
    port = server.server_address[1]
    sites = list(server.RequestHandlerClass.sites.values())  # type: ignore[attr-defined]
    manifest = write_manifest(config, sites, port)
    thread = threading.Thread(target=server.serve_forever, name="nianbao-demo", daemon=True)
    thread.start()
    try:
        chosen = demo_portals(day=config.demo_day, faults=config.demo_faults)
        portals = tuple(on_port(p, port) for p in chosen)
        yield DemoPortals(port=port, portals=portals, manifest_path=manifest)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def serve_until_interrupted(config: Config, port: int) -> int:
    server = _make_server(config, port)
    sites = list(server.RequestHandlerClass.sites.values())  # type: ignore[attr-defined]
    bound = server.server_address[1]
    write_manifest(config, sites, bound)
    print(f"demo portals on http://{LOOPBACK}:{bound} (send Host: <site>; Ctrl-C stops)")
    for site in sites:
        print(f"  http://{site.host}:{bound}/   {site.name}")
    print(f"  e.g. curl -H 'Host: {sites[0].host}' http://{LOOPBACK}:{bound}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
