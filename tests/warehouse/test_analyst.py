"""What an analyst relies on (issue 13): marts that count annual reports only, one timeliness definition, no
misleading zero rows, event URLs that join sources, inferred kinds that say so, a data dictionary that
covers every published column (YAML, DuckDB comments, HTML site)."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest

from crawler.config import Config
from tests.report_browser import CHROMIUM, NO_CHROMIUM, visible_after_search
from tests.warehouse.conftest import DAY1, DAY2, FIXTURES, edit_reports, make_config, query
from warehouse.build import build_models
from warehouse.dag import refs
from warehouse.docs import write_docs
from warehouse.load import load_staging
from warehouse.project import load_project

SUMMARY_AGENCY = "常德市人民政府"  # its 2012 report is turned into a late provincial 综述 below


def _as_summary(report: dict[str, Any]) -> None:
    if report["agency"] == SUMMARY_AGENCY and report["report_year"] == 2012:
        report.update(
            doc_kind="provincial_summary", published_date="2013-06-05", title="2012年全市政务公开工作综述"
        )


def _with_demo_ports(config: Config, run_id: str) -> None:
    """Events as the demo writes them: the URL really fetched, with the server's ephemeral port."""
    path = config.staging_dir / run_id / "crawl_events.jsonl"
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for event in events:
        event["url"] = re.sub(r"^(http://[a-z0-9.-]+\.test)/", r"\1:38117/", event["url"])
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Config:
    data = tmp_path_factory.mktemp("analyst") / "data"
    shutil.copytree(FIXTURES, data / "staging")
    config = make_config(data)
    for run_id in (DAY1, DAY2):
        edit_reports(config, run_id, _as_summary)
        _with_demo_ports(config, run_id)
    load_staging(config)
    assert build_models(config).ok
    return config


def test_agency_marts_count_annual_reports_only(built: Config) -> None:
    summary = query(
        built.warehouse_path,
        "SELECT report_key FROM fct_reports JOIN dim_agencies USING (agency_key) "
        f"WHERE agency_name = '{SUMMARY_AGENCY}' AND report_year = 2012 AND doc_kind = 'provincial_summary'",
    )
    assert len(summary) == 1
    key = summary[0][0]
    for mart in ("mart_agency_year_outcomes", "mart_refusal_reasons", "mart_remedies", "mart_agency_yoy"):
        assert query(built.warehouse_path, f"SELECT count(*) FROM {mart} WHERE report_key = '{key}'") == [
            (0,)
        ]
    kept = query(
        built.warehouse_path, "SELECT report_key, issuer_name, report_year FROM mart_region_summaries"
    )
    assert kept == [(key, SUMMARY_AGENCY, 2012)]


def test_timeliness_has_one_definition(built: Config) -> None:
    """The mart counts what fct_reports says, year by year; a 综述 has no statutory deadline."""
    per_year = query(
        built.warehouse_path,
        """
        SELECT report_year, count(*), count(*) FILTER (WHERE NOT is_on_time) FROM fct_reports
        WHERE doc_kind = 'annual_report' GROUP BY ALL ORDER BY 1""",
    )
    mart = query(
        built.warehouse_path,
        "SELECT report_year, sum(reports)::BIGINT, sum(late)::BIGINT FROM mart_timeliness "
        "GROUP BY ALL ORDER BY 1",
    )
    assert mart == per_year and 2012 not in {year for year, _, _ in mart}  # 2012 has only the late 综述
    deadline = query(
        built.warehouse_path,
        "SELECT deadline_date, is_on_time FROM fct_reports WHERE doc_kind = 'provincial_summary'",
    )
    assert deadline == [(None, None)]


def test_refusal_reasons_hold_no_zero_rows(built: Config) -> None:
    stated_zero = query(
        built.warehouse_path,
        """
        SELECT count(*) FROM fct_applications f JOIN dim_outcomes d USING (outcome)
        WHERE f.applicant_type = 'total' AND d.parent_outcome IS NOT NULL AND f."count" = 0""",
    )
    assert stated_zero[0][0] > 0  # the fixtures state zeros, so the mart has something to leave out
    top = query(
        built.warehouse_path,
        'SELECT outcome, sum("count") AS n FROM mart_refusal_reasons GROUP BY ALL ORDER BY n, outcome',
    )
    assert top and all(n > 0 for _, n in top)
    assert ("unable_no_info", 6) in top  # 5 (常德 2021) + 1 (昭通 2018)


def _staged_urls(config: Config, name: str, pick: str) -> set[str]:
    found: set[str] = set()
    for run_id in (DAY1, DAY2):
        for line in (config.staging_dir / run_id / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            urls = [s["url"] for s in record["sources"]] if pick == "sources" else [record["url"]]
            found.update(re.sub(r"\.test:\d+/", ".test/", url) for url in urls)
    return found


def test_event_urls_join_the_sources_they_fetched(built: Config) -> None:
    ported = query(built.warehouse_path, "SELECT count(*) FROM fct_crawl_events WHERE url LIKE '%.test:%'")
    assert ported == [(0,)]
    expected = _staged_urls(built, "reports.jsonl", "sources") & _staged_urls(
        built, "crawl_events.jsonl", "url"
    )
    joined = query(
        built.warehouse_path,
        "SELECT DISTINCT s.url FROM dim_sources s JOIN fct_crawl_events e USING (url) ORDER BY 1",
    )
    assert len(expected) >= 3 and {url for (url,) in joined} == expected


def test_agency_kind_says_it_is_inferred_and_how(built: Config) -> None:
    rows = dict(
        (name, (kind, inferred, basis))
        for name, kind, inferred, basis in query(
            built.warehouse_path,
            "SELECT agency_name, agency_kind, is_agency_kind_inferred, agency_kind_basis FROM dim_agencies",
        )
    )
    assert rows["武陵区芦荻山乡人民政府"] == ("township", True, "name_township_suffix")
    assert rows["常德市交通运输局"] == ("department", True, "no_pattern")
    assert rows[SUMMARY_AGENCY] == ("government", True, "name_government_suffix")
    page = (load_project().models["dim_agencies"].description or "").lower()
    assert "inferred" in page and "街道办事处" in page


def _published_columns(path: Path) -> list[tuple[str, str, str | None]]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE schema_name = 'main' AND NOT internal AND database_name = current_database() "
            "ORDER BY table_name, column_index"
        ).fetchall()
    return [(t, c, comment) for t, c, comment in rows]


def test_every_published_column_is_described(built: Config) -> None:
    """Whatever models exist: each published column has a description in the YAML (or the glossary), and
    the warehouse carries it as a COMMENT, closed sets with their values."""
    project = load_project()
    columns = _published_columns(built.warehouse_path)
    published = {table for table, _, _ in columns}
    assert published == {n for n in project.models if n.startswith(("dim_", "fct_", "mart_"))}
    described = {(m, c.name): c.description for m in published for c in project.models[m].columns}
    missing = [f"{table}.{column}" for table, column, _ in columns if not described.get((table, column))]
    assert missing == [], f"published columns without a description in dbt_like_sql/: {missing}"
    uncommented = [f"{table}.{column}" for table, column, comment in columns if not comment]
    assert uncommented == []
    comments = {(t, c): comment for t, c, comment in columns}
    assert "(one of: government, department" in str(comments[("dim_agencies", "agency_kind")])
    with duckdb.connect(str(built.warehouse_path), read_only=True) as con:
        table = con.execute(
            "SELECT comment FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'fct_reports'"
        ).fetchall()
    assert "Grain: one row per agency and report year" in str(table[0][0])


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.edges: set[tuple[str, str]] = set()
        self.rows: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if re.match(r"^(https?:)?//", found.get(name) or ""):
                self.external.append(str(found[name]))
        if tag == "path" and found.get("class") == "edge":
            self.edges.add((str(found["data-from"]), str(found["data-to"])))
        if tag == "tr" and "data-text" in found:
            self.rows.append(str(found["data-text"]))


def test_docs_site_has_model_pages_lineage_and_search(built: Config) -> None:
    write_docs(built)
    docs = built.data_dir / "docs"
    project = load_project()
    assert {p.stem for p in docs.glob("*.html")} == set(project.models) | {"index"}
    index = _Links()
    index.feed((docs / "index.html").read_text(encoding="utf-8"))
    assert index.external == []
    assert index.edges == {(dep, name) for name, m in project.models.items() for dep in refs(m.sql)}
    assert len(index.rows) == len(project.models) and any("grant_rate" in row for row in index.rows)
    page = (docs / "dim_agencies.html").read_text(encoding="utf-8")
    assert "name_township_suffix, name_zone_words" in page and "VARCHAR" in page


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_docs_search_finds_models_by_column_in_chromium(built: Config) -> None:
    write_docs(built)
    project = load_project()
    texts = {
        name: " ".join([name, m.description, m.grain, *(f"{c.name} {c.description}" for c in m.columns)])
        for name, m in project.models.items()
    }
    expected = sorted(name for name, text in texts.items() if "is_on_time" in text)
    shown, count = visible_after_search(built.data_dir / "docs" / "index.html", "is_on_time")
    assert sorted(shown) == expected and count == len(expected) and "fct_reports" in shown
