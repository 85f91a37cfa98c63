"""The demo portals over real HTTP on loopback."""

from __future__ import annotations

import json
import posixpath
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from crawler.config import Config
from crawler.simulator.content import seed, seed_reports
from crawler.simulator.server import DemoPortals, running

CHANGDE = "www.changde.gov.cn.test"
PANZHIHUA = "www.panzhihua.gov.cn.test"


def get(
    demo: DemoPortals, host: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{demo.port}{path}", headers={"Host": host, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


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
        assert get(demo, portal.host, "/robots.txt")[0] == 200
        status, _, home = get(demo, portal.host, "/")
        assert status == 200
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
    import io

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
        for url in entry["urls"]:
            host, path = url.split("/")[2].split(":")[0], "/" + url.split("/", 3)[3]
            assert get(demo, host, path)[0] == 200, url


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
    assert xml.count("<record>") == 3 and "<totalrecord>5</totalrecord>" in xml


def test_gkmlpt_has_everything_on_page_one_and_404_after(demo: DemoPortals) -> None:
    host = "www.zhaoqing.gov.cn.test"
    status, _, body = get(demo, host, "/gkmlpt/api/all/2911?page=1&sid=zq0758")
    data = json.loads(body)
    assert status == 200 and len(data["articles"]) == data["total"] == 4
    assert all(a["url"].startswith(f"http://{host}/gkmlpt/content/") for a in data["articles"])  # from Host
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


def test_hostile_site_refuses_library_user_agents(tmp_path: Path) -> None:
    from crawler.config import load_config
    from crawler.settings import USER_AGENT

    config = load_config({"NIANBAO_DATA_DIR": str(tmp_path / "data"), "NIANBAO_DEMO_FAULTS": "1"})
    with running(config) as demo:
        host, path = "www.wenshan.gov.cn.test", "/zwgk/xxgknb/index.jsp"
        assert get(demo, host, path, {"User-Agent": "Python-urllib/3.11"})[0] == 403
        assert get(demo, host, path, {"User-Agent": "Scrapy/2.19 (+https://scrapy.org)"})[0] == 403
        assert get(demo, host, path, {"User-Agent": USER_AGENT})[0] == 200
        lines = read_manifest(demo)
        assert {m["reason"] for m in lines if not m["reachable"]} >= {"js_challenge", "timeout"}


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
