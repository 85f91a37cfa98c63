"""The demo portals over real HTTP on loopback."""

from __future__ import annotations

import http.client
import io
import json
import posixpath
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pdfplumber
import pytest

from crawler.config import Config
from crawler.settings import USER_AGENT
from crawler.urls import canonical_url
from demo.content import seed, seed_reports
from demo.hostile import SLOW_SECONDS
from demo.server import DemoPortals, running

CHANGDE = "www.changde.gov.cn.test"
PANZHIHUA = "www.panzhihua.gov.cn.test"
DEPARTMENT = "zjj.shantou.gov.cn.test"
PLATFORM = "zfxxgk.shantou.gov.cn.test"


def get(
    demo: DemoPortals, host: str, path: str, headers: dict[str, str] | None = None, *, timeout: float = 5
) -> tuple[int, dict[str, str], bytes]:
    """One GET to the simulator on loopback, as ``host``; redirects are returned, never followed (a followed
    Location would make the client resolve a ``.test`` name)."""
    connection = http.client.HTTPConnection("127.0.0.1", demo.port, timeout=timeout)
    try:
        connection.request(
            "GET", path.split("#")[0], headers={"Host": host, "User-Agent": USER_AGENT, **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


def read_manifest(demo: DemoPortals) -> list[dict[str, Any]]:
    return [json.loads(line) for line in demo.manifest_path.read_text(encoding="utf-8").splitlines()]


def squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoPortals]:
    from crawler.config import load_config

    config = load_config({"NIANBAO_DATA_DIR": str(tmp_path_factory.mktemp("sim") / "data")})
    with running(config) as portals:
        yield portals


def test_each_site_has_robots_home_and_column(demo: DemoPortals) -> None:
    for portal in demo.portals:
        robots = get(demo, portal.host, "/robots.txt")[0]
        assert robots == (404 if portal.host == PLATFORM else 200), portal.slug  # the platform has none
        status, _, home = get(demo, portal.host, "/")
        assert status == 200
        if portal.discovers:  # its home page links no column: the crawler must find it
            assert b"zfxxgknb" not in home
            continue
        column_path = "/" + portal.column_urls[0].split("/", 3)[3]
        assert column_path.encode() in home
        assert get(demo, portal.host, column_path)[0] == 200


def test_unknown_host_and_missing_page(demo: DemoPortals) -> None:
    assert get(demo, "www.example.gov.cn.test", "/")[0] == 421
    assert get(demo, CHANGDE, "/zfxxgk/zfxxgknb/index_2.html")[0] == 404


def test_trs_pagination_is_off_by_one_with_create_page_html(demo: DemoPortals) -> None:
    _, _, first = get(demo, CHANGDE, "/zfxxgk/zfxxgknb/index.html")
    assert b'createPageHTML(2, 0, "index", "html")' in first
    status, _, second = get(demo, CHANGDE, "/zfxxgk/zfxxgknb/index_1.html")
    assert status == 200 and b'createPageHTML(2, 1, "index", "html")' in second
    assert re.search(rb'href="\./\d{6}/t\d{8}_\d+\.html"', second)


def test_gbk_site_declares_charset_only_in_meta(demo: DemoPortals) -> None:
    status, headers, body = get(demo, PANZHIHUA, "/zwgk/xxgknb/index.jsp")
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert b'charset=gb2312"' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "攀枝花市人民政府" in body.decode("gbk")
    assert "下一页" in body.decode("gbk")


def test_pdf_attachment_carries_the_report_text(demo: DemoPortals, tmp_path: object) -> None:
    _, _, page = get(demo, CHANGDE, "/zfxxgk/zfxxgknb/index_1.html")
    _, _, first = get(demo, CHANGDE, "/zfxxgk/zfxxgknb/index.html")
    links = re.findall(rb'href="\./(\d{6}/t\d{8}_\d+\.html)"', first + page)
    pdf_path = None
    for link in links:
        _, _, article = get(demo, CHANGDE, "/zfxxgk/zfxxgknb/" + link.decode())
        match = re.search(rb'href="\./(P0\d+\.pdf)"', article)
        if match:
            pdf_path = "/zfxxgk/zfxxgknb/" + link.decode().split("/")[0] + "/" + match[1].decode()
    assert pdf_path is not None
    status, headers, body = get(demo, CHANGDE, pdf_path)
    assert status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert squash(text) == squash(seed("000").text)


def test_conditional_get_answers_304(demo: DemoPortals) -> None:
    status, headers, _ = get(demo, CHANGDE, "/zfxxgk/zfxxgknb/index.html")
    assert status == 200
    status, _, body = get(demo, CHANGDE, "/zfxxgk/zfxxgknb/index.html", {"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")
    status, _, _ = get(demo, CHANGDE, "/zfxxgk/zfxxgknb/index.html", {"If-None-Match": '"stale"'})
    assert status == 200


def test_manifest_lists_every_seed_and_the_cross_post_first(demo: DemoPortals) -> None:
    lines = [json.loads(line) for line in demo.manifest_path.read_text(encoding="utf-8").splitlines()]
    assert {(m["agency"], m["report_year"]) for m in lines} >= {
        (r.agency, r.report_year) for r in seed_reports()
    }
    first_hosts = {url.split("/")[2].split(":")[0] for url in lines[0]["urls"]}
    assert first_hosts == {CHANGDE, PANZHIHUA}
    for entry in lines:
        assert entry["reachable"] is True
        for url, following in zip(entry["urls"], [*entry["urls"][1:], None], strict=True):
            host, path = url.split("/")[2].split(":")[0], "/" + url.split("/", 3)[3]
            status, headers, _ = get(demo, host, path)
            if status in (301, 302):
                location = headers["Location"]
                if canonical_url(location) == canonical_url(following or ""):
                    continue  # moved to another host: the report's next URL
                assert location.startswith("/"), url  # within the site (download.jsp → a hashed file)
                status = get(demo, host, location)[0]
            assert status == 200, url
    keys = [(m["agency"], m["report_year"]) for m in lines]
    assert len(keys) == len(set(keys))  # one report per organ and year: no accidental versions


def test_server_stops_even_when_the_body_raises(tmp_config: Config) -> None:
    port = None
    with pytest.raises(RuntimeError), running(tmp_config) as demo:
        port = demo.port
        raise RuntimeError("boom")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def test_jcms_dataproxy_wants_ajax_headers(demo: DemoPortals) -> None:
    host, target = (
        "www.huaian.gov.cn.test",
        "/module/web/jpage/dataproxy.jsp?startrecord=3&endrecord=5&perpage=2",
    )
    form = b"col=1&appid=1&webid=55&path=%2F&columnid=1229&unitid=4123&permissiontype=0"
    bare = urllib.request.Request(f"http://127.0.0.1:{demo.port}{target}", data=form, headers={"Host": host})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bare, timeout=5)
    assert refused.value.code == 403
    ajax = urllib.request.Request(
        f"http://127.0.0.1:{demo.port}{target}",
        data=form,
        headers={
            "Host": host,
            "X-Requested-With": "XMLHttpRequest",
            "Referer": f"http://{host}/col/col1229/index.html",
        },
    )
    with urllib.request.urlopen(ajax, timeout=5) as response:
        xml = response.read().decode()
    assert xml.count("<record>") == 3 and "<totalrecord>6</totalrecord>" in xml


def test_gkmlpt_has_everything_on_page_one_and_404_after(demo: DemoPortals) -> None:
    host = "www.zhaoqing.gov.cn.test"
    status, _, body = get(demo, host, "/gkmlpt/api/all/2911?page=1&sid=zq0758")
    data = json.loads(body)
    assert status == 200 and len(data["articles"]) == data["total"] == 4
    assert all(a["post_url"].startswith("/gkmlpt/content/") for a in data["articles"])
    assert any("%u" in a["title"] for a in data["articles"])
    assert get(demo, host, "/gkmlpt/api/all/2911?page=2&sid=zq0758")[0] == 404


def test_jpaas_api_is_busy_once_then_answers(demo: DemoPortals) -> None:
    host = "www.taizhou.gov.cn.test"
    api = "/api-gateway/jpaas-publish-server/front/page/build/unit"
    page = api + "?paramJson=%7B%22pageNo%22%3A{}%2C%22pageSize%22%3A2%7D"
    answers = [json.loads(get(demo, host, page.format(2))[2]) for _ in range(2)]
    assert [a["success"] for a in answers] == [False, True]
    assert 'count="5"' in answers[1]["data"]["html"]
    assert json.loads(get(demo, host, page.format(9))[2]) == {"success": True, "data": {"html": ""}}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoPortals]:
    from crawler.config import load_config

    data = tmp_path_factory.mktemp("hostile") / "data"
    with running(load_config({"NIANBAO_DATA_DIR": str(data), "NIANBAO_DEMO_FAULTS": "1"})) as portals:
        yield portals


WENSHAN = "www.wenshan.gov.cn.test"


def test_hostile_site_refuses_library_user_agents(hostile: DemoPortals) -> None:
    path = "/zwgk/xxgknb/index.jsp"
    assert get(hostile, WENSHAN, path, {"User-Agent": "Python-urllib/3.11"})[0] == 403
    assert get(hostile, WENSHAN, path, {"User-Agent": "Scrapy/2.19 (+https://scrapy.org)"})[0] == 403
    assert get(hostile, WENSHAN, path, {"User-Agent": USER_AGENT})[0] == 200
    lines = read_manifest(hostile)
    assert {m["reason"] for m in lines if not m["reachable"]} >= {"js_challenge", "timeout"}


def test_a_slow_page_does_not_hold_up_other_requests(hostile: DemoPortals) -> None:
    """The slow page sleeps in its own request's thread: a page asked for after it is answered while the
    slow one is still pending (the order is what is checked, not a duration)."""
    slow_done = threading.Event()

    def ask_slow() -> None:
        try:
            get(hostile, WENSHAN, "/zwgk/xxgknb/content_6007.html", timeout=SLOW_SECONDS + 5)
        finally:
            slow_done.set()

    threading.Thread(target=ask_slow, daemon=True).start()
    time.sleep(0.2)  # let the slow request reach the server first
    status, _, body = get(hostile, WENSHAN, "/zwgk/xxgknb/content_6001.html")
    assert status == 200 and "年度报告".encode() in body
    assert not slow_done.is_set()


def test_redirects_leave_for_an_unregistered_domain_or_the_home_page(hostile: DemoPortals) -> None:
    status, headers, _ = get(hostile, WENSHAN, "/zwgk/xxgknb/content_6015.html")
    assert status == 301 and headers["Location"].startswith("http://www.gov-cms.com.test")
    status, headers, _ = get(hostile, WENSHAN, "/zwgk/xxgknb/content_6016.html")
    assert (status, headers["Location"]) == (302, "/")


def test_robots_txt_variants(hostile: DemoPortals) -> None:
    _, _, wenshan = get(hostile, WENSHAN, "/robots.txt")
    assert b"Disallow: /zwgk/xxgknb/archive/" in wenshan
    status, _, challenge = get(hostile, "xxgk.wenshan.gov.cn.test", "/robots.txt")
    assert status == 412 and b"$_ts" in challenge
    assert get(hostile, "www.shunyi.gov.cn.test", "/robots.txt")[2] == b"User-agent: *\nDisallow: /\n"
    assert get(hostile, PLATFORM, "/robots.txt")[0] == 404


def test_intermittent_challenge_only_on_the_first_request(hostile: DemoPortals) -> None:
    host, path = "tjj.wenshan.gov.cn.test", "/tjxx/tjnb/content_6103.html"
    status, _, body = get(hostile, host, path)
    assert status == 412 and b"$_ts" in body
    assert get(hostile, host, path)[0] == 200
    assert get(hostile, host, "/tjxx/tjnb/content_6101.html")[0] == 200  # 2 in 3 URLs are never challenged
    challenged = [m for m in read_manifest(hostile) if m["urls"][0].split("/")[2].startswith(host)]
    assert sorted(m["reachable"] for m in challenged) == [False, False, True, True, True, True]


def test_scanned_pdf_has_no_text_layer(hostile: DemoPortals) -> None:
    status, headers, body = get(hostile, WENSHAN, "/zwgk/xxgknb/P020240301_6018.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        assert len(pdf.pages) == 2 and not any(page.chars for page in pdf.pages)
        assert all(page.images for page in pdf.pages)


def test_department_column_root_is_a_160_byte_location_replace_shell(demo: DemoPortals) -> None:
    status, _, shell = get(demo, DEPARTMENT, "/zfxxgk/zfxxgknb/")
    assert status == 200 and 150 <= len(shell) <= 170
    assert b"location.replace('./list/')" in shell
    assert b"createPageHTML(3, 0" in get(demo, DEPARTMENT, "/zfxxgk/zfxxgknb/list/")[2]


def test_legacy_office_attachments_are_served_as_portals_serve_them(demo: DemoPortals) -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    manifest = {m["key"]: m for m in read_manifest(demo)}
    served = {}
    for key in ("synth:wps5004", "synth:xls5005", "synth:dept_9103_prose"):
        url = manifest[key]["urls"][1]
        served[key] = get(demo, url.split("/")[2].split(":")[0], "/" + url.split("/", 3)[3])
    status, headers, body = served["synth:wps5004"]  # .wps: Word 97 bytes, a raw GBK file name
    assert status == 200 and body.startswith(ole2) and headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"].encode("latin-1").decode("gbk").endswith('年度报告.wps"')
    status, headers, body = served["synth:xls5005"]  # .xls behind download.jsp, percent-encoded name
    assert status == 200 and body.startswith(ole2) and "%E5%B9%B4" in headers["Content-Disposition"]
    status, headers, body = served["synth:dept_9103_prose"]  # hashed /files/{hex}.doc on the platform
    assert status == 200 and body.startswith(ole2) and headers["Content-Type"] == "application/msword"
    assert re.search(r"/[0-9a-f]{32}/files/[0-9a-f]{32}\.doc$", manifest["synth:dept_9103_prose"]["urls"][1])


def test_image_version_page_shows_page_images(demo: DemoPortals) -> None:
    text_version, image_version = next(m for m in read_manifest(demo) if m["key"] == "synth:dept_9106_2021")[
        "urls"
    ]
    _, _, page = get(demo, DEPARTMENT, "/" + image_version.split("/", 3)[3])
    assert "（图片版）".encode() in page and "一、总体情况".encode() not in page
    images = re.findall(rb'<img src="\./([^"]+\.png)"', page)
    assert len(images) == 2
    folder = "/" + image_version.split("/", 3)[3].rsplit("/", 1)[0]
    status, headers, png = get(demo, DEPARTMENT, f"{folder}/{images[0].decode()}")
    assert status == 200 and headers["Content-Type"] == "image/png" and png.startswith(b"\x89PNG")
    assert "一、总体情况".encode() in get(demo, DEPARTMENT, "/" + text_version.split("/", 3)[3])[2]


def test_boda_pages_are_numbered_downwards(demo: DemoPortals) -> None:
    host, path, seen = "rsj.gnzrmzf.gov.cn.test", "/zfxxgk1/zfxxgknb.htm", []
    while True:
        _, _, body = get(demo, host, path)
        link = re.search(r'href="([^"]+)">下页', body.decode())
        if link is None:
            break
        path = posixpath.normpath(posixpath.join(posixpath.dirname(path), link[1]))
        seen.append(int(path.rsplit("/", 1)[1].removesuffix(".htm")))
    assert len(seen) >= 2 and seen == sorted(seen, reverse=True) and seen[-1] == 1


def test_boda_article_header_says_utf8_but_body_is_gbk(demo: DemoPortals) -> None:
    _, headers, body = get(demo, "rsj.gnzrmzf.gov.cn.test", "/info/1022/5001.htm")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "政府信息公开" in body.decode("gbk")


def test_post_pagination_wants_the_viewstate(demo: DemoPortals) -> None:
    host, path = "www.hrss.yn.gov.cn.test", "/InfoPublic.aspx?cid=1019"
    status, headers, first = get(demo, host, path)
    assert status == 200 and headers["Content-Type"] == "text/html" and b"charset" not in first
    assert "共2页 第1页" in first.decode("gbk")

    def post(form: bytes) -> tuple[int, bytes]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{demo.port}{path}", data=form, headers={"Host": host}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    status, second = post(b"__VIEWSTATE=dDwtMTI3OTMzNDM4NDs7Pg%3D%3D&cpage=2")
    assert status == 200 and "共2页 第2页" in second.decode("gbk")
    assert post(b"cpage=2")[0] == 500


def test_big5_gateway_mirrors_a_site_in_traditional_characters(demo: DemoPortals) -> None:
    _, _, listing = get(demo, PANZHIHUA, "/zwgk/xxgknb/index.jsp")
    link = re.search(rb'href="http://(big5\.[^/"]+)(/gate/big5/[^"]+)"', listing)
    assert link is not None
    status, headers, body = get(demo, link[1].decode(), link[2].decode())
    assert status == 200 and headers["Content-Type"] == "text/html; charset=big5"
    text = body.decode("big5")
    assert "政府資訊公開" in text or "政府信息公開" in text
