"""Replays real markup from loopback: each case under ``tests/fixtures/markup/<case>/`` is a site whose host
is ``<case>.markup.test`` and whose pages are the files its ``meta.json`` routes name, served byte for byte.

A route is ``{"file": "list.html"}`` (a capture kept in the case folder) or ``{"real_case": "<slug>"}`` (the
body of a labelled real document, ``tests/fixtures/real/<slug>/body``, for the report pages a capture links
to). Anything else is a 404, as a site answers for a page it does not have.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from tests.conftest import REPO_ROOT

MARKUP = REPO_ROOT / "tests" / "fixtures" / "markup"
REAL = REPO_ROOT / "tests" / "fixtures" / "real"
SUFFIX = ".markup.test"


def host_of(case: str) -> str:
    return f"{case}{SUFFIX}"


def case_meta(case: str) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads((MARKUP / case / "meta.json").read_text(encoding="utf-8"))
    return meta


def _reply(case: str, path: str) -> tuple[int, str, bytes]:
    route = case_meta(case).get("routes", {}).get(path.split("#")[0])
    if route is None:
        return 404, "text/html; charset=utf-8", b"<html><body>404 Not Found</body></html>"
    if "file" in route:
        body = (MARKUP / case / route["file"]).read_bytes()
        return 200, route.get("content_type", "text/html; charset=utf-8"), body
    real = REAL / route["real_case"]
    content_type = json.loads((real / "meta.json").read_text(encoding="utf-8"))["content_type"]
    if "charset" not in content_type and content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return 200, content_type, (real / "body").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    requests_seen: ClassVar[list[tuple[str, str]]] = []
    agents_seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        self.requests_seen.append((host, self.path))
        self.agents_seen.append(self.headers.get("User-Agent") or "")
        if not host.endswith(SUFFIX):
            status, content_type, body = 421, "text/plain", b"unknown host\n"
        else:
            status, content_type, body = _reply(host.removesuffix(SUFFIX), self.path)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class MarkupSites:
    port: int
    requests: list[tuple[str, str]]
    agents: list[str]

    def url(self, case: str, path: str) -> str:
        return f"http://{host_of(case)}:{self.port}{path}"


@contextmanager
def serving() -> Iterator[MarkupSites]:
    """Every case of ``tests/fixtures/markup`` on one loopback server (ephemeral port)."""
    handler = type("MarkupHandler", (_Handler,), {"requests_seen": [], "agents_seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield MarkupSites(server.server_address[1], handler.requests_seen, handler.agents_seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
