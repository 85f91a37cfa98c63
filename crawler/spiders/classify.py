"""Is a response usable, and if not, what happened? One place for the outcome codes the crawl events carry.

Challenge pages (瑞数 412, 加速乐 521, HTTP-200 安全验证 pages) are ``blocked``: never retried in-run, never
stored as reports. The signatures are the public markers listed in the portal-patterns research note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
