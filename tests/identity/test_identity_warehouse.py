"""Identity end to end: documents through the real dedupe and stage pipelines (two runs, one persistent
index), loaded into a real DuckDB file and built by the models. An agency renamed and moved to a new
division code keeps one year-on-year series; a mirror is one report with two sources; a 雷同 pair is
flagged and both kept; a correction is a new version, not dropped; a report re-posted on a new URL in the
next run is recognised as the report it was."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from crawler.config import Config, load_config
from crawler.items import Document
from crawler.parsing.record import Extracted, ReportRecord
from crawler.pipelines.dedupe import DedupePipeline
from crawler.pipelines.stage import StagePipeline
from staging.runs import mark_finished
from tests.warehouse.conftest import query
from warehouse.build import build_models
from warehouse.load import load_staging

# 洪泽县 became 淮安市洪泽区 in 2016 (GB/T 2260 320829 → 320813); its 国土资源局 became 自然资源局 in 2019.
HONGZE = [
    ("洪泽县国土资源局", 2015, 11),
    ("洪泽县国土资源局", 2016, 12),
    ("淮安市洪泽区国土资源局", 2017, 13),
    ("淮安市洪泽区国土资源局", 2018, 14),
    ("淮安市洪泽区自然资源局", 2019, 16),
    ("淮安市洪泽区自然资源局", 2020, 17),
]
HONGZE_ID = "320813/自然资源"
COPIER, COPIED = "江苏省淮安市洪泽区老子山镇人民政府", "江苏省淮安市洪泽区岔河镇人民政府"


def _text(seed: str, agency: str, year: int, applications: int) -> str:
    """A report body of its own: random CJK sentences seeded by ``seed`` (two seeds share no text)."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    sentences = ["".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(40)) for _ in range(15)]
    return (
        f"{agency}{year}年政府信息公开工作年度报告\n"
        + "。\n".join(sentences)
        + f"\n本年新收申请{applications}件。"
    )


def _doc(url: str, agency: str, year: int, text: str, applications: int, kind: str = "html") -> Document:
    record = ReportRecord(
        doc_kind="annual_report",
        title=f"{agency}{year}年政府信息公开工作年度报告",
        agency=agency,
        report_year=year,
        template="2021",
        script="simplified",
        figures={"applications_new": applications},
        cells={"t3.new.total": applications},
        text=text,
    )
    return Document(
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": "application/pdf" if kind == "pdf" else "text/html"},
        body=text.encode(),
        fetched_at="2026-01-01T00:00:00Z",
        portal="hongze",
        role="attachment" if kind == "pdf" else "page",
        record=record,
        extracted=Extracted(kind=kind, text=text),
        sha256=hashlib.sha256(url.encode() + text.encode()).hexdigest(),
    )


def _stage_run(config: Config, run_id: str, docs: list[Document]) -> None:
    crawler = get_crawler(
        settings_dict={
            "NIANBAO_ARCHIVE_DIR": str(config.archive_dir),
            "NIANBAO_IDENTITY_DIR": str(config.identity_dir),
            "NIANBAO_RUN_DIR": str(config.staging_dir / run_id),
            "NIANBAO_RUN_ID": run_id,
        }
    )
    crawler.stats.open_spider()
    dedupe, stage = DedupePipeline.from_crawler(crawler), StagePipeline.from_crawler(crawler)
    stage.open_spider()
    for doc in docs:
        stage.process_item(dedupe.process_item(doc))
    stage.close_spider()
    mark_finished(config.staging_dir / run_id)


def _first_run() -> list[Document]:
    docs = [
        _doc(f"http://hz.test/nb/{year}.html", name, year, _text(f"hz{year}", name, year, n), n)
        for name, year, n in HONGZE
    ]
    mirrored = docs[4]  # 2019 on the government's platform with its header and footer
    assert mirrored.record is not None
    header = "来源：洪泽区人民政府门户网站 【打印本页】【关闭窗口】\n"
    docs.append(
        _doc("http://www.hz.test/zfxxgk/2019.html", mirrored.record.agency or "", 2019,
             header + mirrored.record.text + "\n【打印本页】", 16)
    )  # fmt: skip
    shared = _text("township", "某镇", 2021, 7)
    docs.append(_doc("http://lzs.test/nb/2021.html", COPIED, 2021, shared.replace("某镇", COPIED), 7))
    docs.append(_doc("http://chh.test/nb/2021.html", COPIER, 2021, shared.replace("某镇", COPIER), 7))
    return docs


def _second_run() -> list[Document]:
    name, year, _ = HONGZE[5]
    corrected = _text(f"hz{year}", name, year, 17).replace("本年新收申请17件", "本年新收申请19件")
    return [
        # the 2020 report corrected in place: same text but for one figure
        _doc(f"http://hz.test/nb/{year}.html", name, year, corrected, 19),
        # the 2016 report re-posted on another site, as its PDF attachment
        _doc("http://archive.hz.test/2016.pdf", HONGZE[1][0], 2016, _text("hz2016", *HONGZE[1]), 12, "pdf"),
    ]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = load_config({"NIANBAO_DATA_DIR": str(tmp_path_factory.mktemp("identity") / "data")})
    _stage_run(config, "20260101T000000Z-one", _first_run())
    _stage_run(config, "20260201T000000Z-two", _second_run())
    load_staging(config)
    result = build_models(config)
    assert result.ok and result.published, result.failed_tests
    return config.warehouse_path


def test_a_renamed_agency_with_a_new_division_code_keeps_one_series(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "SELECT y.agency_id, y.report_year, y.previous_applications_new, y.applications_new "
        "FROM mart_agency_yoy y JOIN dim_agencies a USING (agency_key) "
        "WHERE a.agency_name LIKE '%洪泽%' ORDER BY y.report_year",
    )
    # 2020's current version is the correction (19 new applications), and 2021 has no report.
    assert rows == [
        (HONGZE_ID, 2016, 11, 12),
        (HONGZE_ID, 2017, 12, 13),
        (HONGZE_ID, 2018, 13, 14),
        (HONGZE_ID, 2019, 14, 16),
        (HONGZE_ID, 2020, 16, 19),
    ]
    names = query(
        warehouse,
        "SELECT agency_name, division_code, valid_from_year, valid_to_year, is_current_name "
        f"FROM dim_agencies WHERE agency_id = '{HONGZE_ID}' ORDER BY valid_from_year",
    )
    assert names == [
        ("洪泽县国土资源局", "320829", 2015, 2016, False),
        ("淮安市洪泽区国土资源局", "320813", 2017, 2018, False),
        ("淮安市洪泽区自然资源局", "320813", 2019, None, True),
    ]


def _sources(warehouse: Path, like: str) -> list[tuple[Any, ...]]:
    return query(
        warehouse,
        "SELECT url, version_id, relation, matched_version_id, round(text_similarity, 2) "
        f"FROM fct_report_sources WHERE url LIKE '{like}' ORDER BY url, first_seen_at, relation",
    )


def test_a_mirror_is_one_report_with_two_sources(warehouse: Path) -> None:
    [(version, sources)] = query(
        warehouse, "SELECT version_id, source_count FROM fct_reports WHERE report_year = 2019 "
        "AND agency_key IN (SELECT agency_key FROM dim_agencies WHERE agency_id = '" + HONGZE_ID + "')",
    )  # fmt: skip
    assert sources == 2
    page, mirror = _sources(warehouse, "%2019.html")
    assert page[:3] == ("http://hz.test/nb/2019.html", version, "kept")
    assert mirror[:4] == ("http://www.hz.test/zfxxgk/2019.html", version, "mirror", version)
    assert 0.7 <= mirror[4] < 1.0


def test_a_copied_report_is_flagged_and_both_are_kept(warehouse: Path) -> None:
    pairs = query(
        warehouse,
        "SELECT agency_name_a, agency_name_b, report_year, text_similarity FROM mart_copied_reports",
    )
    assert len(pairs) == 1
    names = {pairs[0][0], pairs[0][1]}
    assert names == {COPIER, COPIED} and pairs[0][2] == 2021 and pairs[0][3] >= 0.7
    kept = query(warehouse, "SELECT count(*) FROM fct_reports WHERE report_year = 2021")
    assert kept == [(2,)]


def test_a_correction_is_a_new_version_never_dropped(warehouse: Path) -> None:
    versions = query(
        warehouse,
        "SELECT v.version_no, v.is_current, s.relation FROM fct_report_versions v "
        "JOIN fct_report_sources s USING (version_id) WHERE v.report_year = 2020 ORDER BY v.version_no",
    )
    assert versions == [(1, False, "kept"), (2, True, "correction")]
    [(matched, old)] = query(
        warehouse,
        "SELECT s.matched_version_id, v.version_id FROM fct_report_sources s "
        "JOIN fct_report_versions v ON v.report_year = 2020 AND v.version_no = 1 "
        "WHERE s.relation = 'correction'",
    )
    assert matched == old


def test_a_report_reposted_in_a_later_run_on_a_new_url_is_recognised(warehouse: Path) -> None:
    rows = _sources(warehouse, "%2016%")
    assert [row[0] for row in rows] == ["http://archive.hz.test/2016.pdf", "http://hz.test/nb/2016.html"]
    assert rows[0][1] == rows[1][1]  # one report version, two sources
    assert rows[0][2] == "format_pair" and rows[0][4] == 1.0
    assert query(warehouse, f"SELECT count(*) FROM fct_reports WHERE version_id = '{rows[0][1]}'") == [(1,)]
