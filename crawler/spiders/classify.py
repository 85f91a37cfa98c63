"""Is a response usable, and if not, what happened? One place for the outcome codes the crawl events carry.

Challenge pages (瑞数 412, 加速乐 521, HTTP-200 安全验证 pages) are ``blocked``: never retried in-run, never
stored as reports. The signatures are the public markers of the WAF products portals use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from w3lib.html import get_meta_refresh

CHALLENGE_MARKERS = (
    b"$_ts",
    b"__jsl_clearance",
    b"__jsluid",
    b"acw_sc__v2",
    b"Please enable JavaScript",
    "安全验证".encode(),
    "访问异常".encode(),
    "请稍候".encode(),
    "安全验证".encode("gbk"),
    "访问异常".encode("gbk"),
    "请稍候".encode("gbk"),
)
SOFT_404 = re.compile("页面不存在|找不到该页面|404 Not Found|您访问的页面".encode())
CHALLENGE_MAX_BYTES = 4096  # real report pages are far larger; block pages are tiny


@dataclass(frozen=True)
class Verdict:
    outcome: str  # fetched | not_modified | failed | blocked
    reason: str


OK = Verdict("fetched", "ok")


def classify(status: int, body: bytes, *, content_type: str | None = None) -> Verdict:
    if status == 304:
        return Verdict("not_modified", "not_modified")
    if status in (412, 521) or (status == 202 and b"$_ts" in body):
        return Verdict("blocked", "js_challenge")
    if status == 403:
        return Verdict("blocked", "forbidden")
    if status == 429:
        return Verdict("failed", "rate_limited")
    if status != 200:
        return Verdict("failed", f"http_{status}")
    is_html = content_type is None or "html" in content_type or body[:200].lstrip().startswith(b"<")
    if is_html and len(body) < CHALLENGE_MAX_BYTES:
        if any(marker in body for marker in CHALLENGE_MARKERS):
            return Verdict("blocked", "js_challenge")
        if SOFT_404.search(body):
            return Verdict("failed", "soft_404")
        if len(body.strip()) < 200:
            return Verdict("failed", "empty_body")
    return OK


# -- redirects ---------------------------------------------------------------------------------------------
HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/default.html"})


def redirect_verdict(source: str, target: str, hosts: Iterable[str]) -> Verdict | None:
    """Whether a redirect (HTTP 3xx or a shell page) from ``source`` to ``target`` may be followed: None if
    so. Another host is followed only when it is registered for the portal (``hosts``: its own and its
    successors); a report URL sent to the site's home page is a soft failure (a removed page, not a 404)."""
    src, dst = urlsplit(source), urlsplit(target)
    if dst.hostname != src.hostname and dst.hostname not in set(hosts):
        return Verdict("skipped", "offsite_redirect")
    if dst.port is not None and dst.port != src.port:  # the same name on another port is another server
        return Verdict("skipped", "offsite_redirect")
    if dst.path in HOME_PATHS and not dst.query and src.path not in HOME_PATHS:
        return Verdict("failed", "redirect_to_home")
    return None


# -- redirect shells ---------------------------------------------------------------------------------------
# Column roots on some portals are tiny pages that only send the browser on:
# ``location.replace('./list/')`` (160 bytes) or a meta refresh. Real pages are never this small.
SHELL_MAX_BYTES = 2048
JS_REDIRECT = re.compile(
    r"""location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*(['"])([^'"]+)\1""", re.IGNORECASE
)
META_REFRESH_MAX_DELAY = 100  # Scrapy's METAREFRESH_MAXDELAY: a longer refresh is a page reload


def shell_target(url: str, body: bytes, encoding: str = "utf-8") -> str | None:
    """The absolute URL a redirect-shell page sends the browser to, or None when the page is not a shell."""
    if len(body) > SHELL_MAX_BYTES:
        return None
    text = body.decode(encoding, errors="replace")
    delay, refresh = get_meta_refresh(text, url, ignore_tags=["noscript"])
    if refresh and delay is not None and delay <= META_REFRESH_MAX_DELAY and refresh != url:
        return str(refresh)
    script = JS_REDIRECT.search(text)
    if script and not script[2].lower().startswith("javascript:"):
        target = urljoin(url, script[2].strip())
        return target if target != url else None
    return None


def document_verdict(
    url: str, body: bytes, *, content_type: str | None, encoding: str = "utf-8"
) -> tuple[Verdict, str | None]:
    """What a document's bytes are, in the order the crawl decides (``ReportsSpider.parse_document``) and
    replay repeats: a challenge or block first, then a redirect shell (with its target), then ``classify``."""
    verdict = classify(200, body, content_type=content_type)
    if verdict.outcome == "blocked":
        return verdict, None
    target = shell_target(url, body, encoding)
    if target is not None:
        return Verdict("fetched", "redirect_shell"), target
    return verdict, None
