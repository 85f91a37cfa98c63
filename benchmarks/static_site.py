"""The demo web pre-rendered to files, served by nginx on a free loopback port: the crawl benchmark's server.

The Python simulator (``demo/server.py``) builds every reply in a thread of one interpreter, so a crawl
against it measures the simulator as much as the crawler. Here every static GET route of every demo site
(``build_sites(scale=…)``) is written to ``<root>/www/<host>/<path>`` and nginx serves the files with each
route's own Content-Type, ETag and Last-Modified from the file (so conditional requests work). Routes the
simulator answers in code (POST pagination, JSON list APIs, redirects) cannot be files, so each site also
gets a plain-family column of static list pages, ``/nianbao-bench/list_<n>.html``, linking every report the
site serves from a file; ``portals`` point a crawl at those columns (family ``plain``).

When nginx is not installed, the same files are served by a threaded ``http.server`` and ``what`` says so:
that server is much slower, so a ceiling measured against it is a floor, not a ceiling.

Use: ``with serving(root, scale) as site: crawl(config, site.portals)``; ``site.what`` names the server.
"""

from __future__ import annotations

import html
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.registry import Portal
from demo.portals import demo_portals, on_port
from demo.sites import Site
from demo.web import build_sites

LOOPBACK = "127.0.0.1"
BENCH_COLUMN = "/nianbao-bench/"
LIST_PAGE_SIZE = 20  # links per generated list page
INDEX_NAME = "__index"  # the file behind a path that ends in "/"
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")  # nginx's temp folders, kept under root


@dataclass(frozen=True)
class StaticSite:
    """A running static server: where it listens, what it is, and the portals that crawl it."""

    port: int
    what: str  # "nginx 1.22.1", or the labelled Python fallback
    portals: tuple[Portal, ...]
    files: int


@dataclass(frozen=True)
class Rendered:
    root: Path  # holds www/<host>/…
    content_types: dict[str, str]  # "<host><raw target>" -> Content-Type
    portals: tuple[Portal, ...]  # registry URLs without a port
    files: int


def file_for(target: str) -> str:
    """The file (relative to the host's folder) behind a request target: ``?`` stays in the name, as nginx
    looks it up with ``try_files "$uri?$args"``; a path ending in ``/`` maps to ``__index``."""
    path, _, query = target.partition("?")
    path = unquote(path)
    if path.endswith("/"):
        path += INDEX_NAME
    return path.lstrip("/") + (f"?{query}" if query else "")


def render(root: Path, scale: int) -> Rendered:
    """Write every static GET route of the demo web (day 1, no faults, ``scale`` extra reports per CMS site)
    and each site's generated list pages under ``root/www``."""
    www = root / "www"
    shutil.rmtree(www, ignore_errors=True)
    content_types: dict[str, str] = {}
    registered = {p.host: p for p in demo_portals(day=1, faults=False)}
    portals: list[Portal] = []
    for site in build_sites(day=1, faults=False, scale=scale):
        folder = www / site.host
        for target, reply in site.routes.items():
            if reply.status != 200:
                continue
            _write(folder / file_for(target), reply.body)
            content_types[site.host + target] = reply.headers.get("Content-Type", "")
        columns = _write_list_pages(site, folder, content_types)
        if columns and site.host in registered:
            portal = registered[site.host]
            url = f"http://{site.host}{BENCH_COLUMN}list_1.html"
            portals.append(replace(portal, family="plain", column_urls=(url,), options={}))
    files = sum(1 for path in www.rglob("*") if path.is_file())
    return Rendered(root, content_types, tuple(portals), files)


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)


def _write_list_pages(site: Site, folder: Path, content_types: dict[str, str]) -> int:
    """A plain-family column (``ul.list`` links, a 下一页 anchor) over the reports this site serves from
    files; returns how many pages it wrote (0: the site serves no report from a file)."""
    items = []
    for served in site.served:
        local = [p for p in served.paths if "://" not in p and p in site.routes]
        if served.reachable and local:
            title = f"{served.agency}{served.report_year}年政府信息公开工作年度报告"
            items.append(f'<li><a href="{html.escape(local[0])}">{html.escape(title)}</a></li>')
    pages = [items[i : i + LIST_PAGE_SIZE] for i in range(0, len(items), LIST_PAGE_SIZE)]
    for number, chunk in enumerate(pages, start=1):
        nav = f'<a href="list_{number + 1}.html">下一页</a>' if number < len(pages) else ""
        content = f'<ul class="list">{"".join(chunk)}</ul><div class="pager">{nav}</div>'
        body = site.page("信息公开年报", content).encode("utf-8")
        target = f"{BENCH_COLUMN}list_{number}.html"
        _write(folder / file_for(target), body.replace(b'charset=gb2312"', b'charset=utf-8"'))
        content_types[site.host + target] = "text/html; charset=utf-8"
    return len(pages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def _nginx_conf(rendered: Rendered, port: int) -> str:
    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    types = "\n".join(f"    {quoted(key)} {quoted(value)};" for key, value in rendered.content_types.items())
    root = rendered.root
    temp = "\n".join(f"  {name}_temp_path {root / 'tmp' / name};" for name in TEMP_PATHS)
    # One worker: the crawler under test is one process too; nginx serving files is far from busy.
    return f"""daemon off;
worker_processes 1;
pid {root / "nginx.pid"};
error_log {root / "error.log"} warn;
{"user root;" if _is_root() else ""}
events {{ worker_connections 1024; }}
http {{
  access_log off;
{temp}
  map_hash_max_size 1048576;
  map_hash_bucket_size 512;
  map "$host$request_uri" $bench_type {{
    default "";
{types}
  }}
  server {{
    listen {LOOPBACK}:{port};
    root {root / "www"}/$host;
    location / {{
      types {{ }}
      default_type "";
      add_header Content-Type $bench_type always;
      try_files "$uri?$args" ${{uri}}{INDEX_NAME} $uri =404;
    }}
  }}
}}
"""


def _is_root() -> bool:
    return os.geteuid() == 0  # nginx run by root drops to "nobody", who cannot read a private temp folder


def _wait_listening(port: int, process: subprocess.Popen[bytes] | None, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"nginx exited {process.returncode} before it listened")
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {LOOPBACK}:{port} after {seconds:g} s")


def nginx_version(binary: str) -> str:
    probe = subprocess.run([binary, "-v"], capture_output=True, text=True, check=False)
    return (probe.stderr or probe.stdout).strip().split(":")[-1].strip().replace("/", " ") or "nginx"


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


@contextmanager
def serving(root: Path, scale: int, *, nginx: bool = True) -> Iterator[StaticSite]:
    """Render the demo web under ``root`` and serve it (nginx when installed and ``nginx``, else the
    labelled Python fallback)."""
    rendered = render(root, scale)
    binary = find_nginx() if nginx else None
    server = _nginx if binary else _python_server
    with server(rendered, binary or "") as (port, what):
        portals = tuple(on_port(p, port) for p in rendered.portals)
        yield StaticSite(port, what, portals, rendered.files)


@contextmanager
def _nginx(rendered: Rendered, binary: str) -> Iterator[tuple[int, str]]:
    port = free_port()
    for name in TEMP_PATHS:
        (rendered.root / "tmp" / name).mkdir(parents=True, exist_ok=True)
    conf = rendered.root / "nginx.conf"
    conf.write_text(_nginx_conf(rendered, port), encoding="utf-8")
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(rendered.root)], stderr=subprocess.DEVNULL)
    try:
        _wait_listening(port, process)
        yield port, nginx_version(binary)
    finally:
        process.terminate()  # our own nginx master, by its pid; it stops its worker
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def _python_server(rendered: Rendered, _: str) -> Iterator[tuple[int, str]]:
    www = rendered.root / "www"

    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def translate_path(self, path: str) -> str:
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            target = urlsplit(self.path)
            raw = target.path + (f"?{target.query}" if target.query else "")
            return str(www / host / file_for(raw))

        def guess_type(self, path: Any) -> str:
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            return rendered.content_types.get(host + self.path) or "application/octet-stream"

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="bench-static", daemon=True)
    thread.start()
    try:
        yield server.server_address[1], "Python http.server (nginx not installed: a floor, not a ceiling)"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
