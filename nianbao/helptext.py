"""What ``nianbao COMMAND --help`` tells a user: what the command does, what it reads and writes, examples.

Kept apart from the parser (``nianbao/cli.py``) so the words can be edited without touching the wiring.
Paths are under ``NIANBAO_DATA_DIR`` (default ``data/``).
"""

from __future__ import annotations

PROGRAM = """\
nianbao collects China's government information-disclosure annual reports (政府信息公开工作年度报告),
reads their figures and serves them as a DuckDB warehouse you can query in SQL.

Start with `nianbao warehouse` (crawl the bundled demo portals and build everything), then look at the
result with `nianbao report`, `nianbao sql` or `nianbao export`. Settings are NIANBAO_* environment
variables (README.md, "Configuration"). Add --debug before the command to see a traceback on failure.
"""

EXIT_CODES = """\
exit codes: 0 ok; 1 the command ran and found problems (a failed data test, a quarantined run);
2 misused command line; 3 invalid NIANBAO_* setting; 4 no warehouse yet; 5 models not built;
6 unknown benchmark; 7 warehouse locked by another process; 8 broken model files in dbt_like_sql/;
9 a query given to `nianbao sql` failed
"""

# command -> (what it does, reads and writes, examples)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "parse": (
        "Read report files (HTML, text, PDF, Word, spreadsheets) and print what the parser finds in each: "
        "one JSON object per file with the agency, year, figures and any inconsistency.",
        "reads the files you name; writes nothing (output goes to the terminal)",
        "nianbao parse report.html\n  nianbao parse downloads/*.pdf > parsed.jsonl",
    ),
    "demo": (
        "Serve the bundled demo portals (simulated government sites) on 127.0.0.1 until Ctrl-C, to look at "
        "what the crawler sees.",
        "reads demo/; writes data/demo/manifest.jsonl",
        "nianbao demo\n  nianbao demo --port 8900",
    ),
    "crawl": (
        "Crawl the chosen portals politely (robots.txt, one request per second per real host) and stage "
        "every report found. Without a registry of real portals (NIANBAO_REGISTRY, --registry) it crawls "
        "the bundled demo portals; a registry crawl needs NIANBAO_CONTACT (it goes into the user agent). "
        "Exit 0 finished, 1 finished with an error alarm (files complete and loadable), 2 could not start.",
        "reads the registry (crawler/portals/*.toml or --registry FILE); writes data/archive/ (raw bytes of "
        "every response), data/staging/<run>/ and its crawl.log",
        "nianbao crawl\n  nianbao crawl --demo\n"
        "  NIANBAO_CONTACT=you@example.org nianbao crawl --portal SLUG --years 2019-2025\n"
        "  nianbao crawl --division 330000 --registry my-portals.toml",
    ),
    "portals": (
        "The registry of portals: list the entries, show one, add one, import a CSV of them (all rows or "
        "none), or check one the way a person would (find its 年报 column and CMS family, read the first "
        "list page, fetch one report). docs/adding-a-portal.md explains every key.",
        "reads crawler/portals/*.toml (or --registry FILE); add and import write crawler/portals/local.toml",
        "nianbao portals list\n  nianbao portals show SLUG\n  nianbao portals import portals.csv\n"
        "  NIANBAO_CONTACT=you@example.org nianbao portals check SLUG",
    ),
    "schedule": (
        "Print the systemd service and timer (or with --cron a crontab line) that run the spring crawl from "
        "this checkout, nightly from February to April; docs/operations.md explains them.",
        "reads nothing; writes nothing (the units go to the terminal)",
        "nianbao schedule --print\n  nianbao schedule --cron",
    ),
    "rebuild": (
        "Re-read every archived document with the current parser, with no network, into a new staging run.",
        "reads data/archive/; writes data/staging/<run>/",
        "nianbao rebuild && nianbao load && nianbao models",
    ),
    "load": (
        "Load finished staging runs into the warehouse. Loading the same run twice changes nothing.",
        "reads data/staging/; writes data/warehouse.duckdb (schema raw)",
        "nianbao load",
    ),
    "models": (
        "Build the SQL models (dimensions, facts, marts), run the data tests and publish the new tables "
        "only if every blocking test passes; the old tables stay otherwise.",
        "reads and writes data/warehouse.duckdb; the models are dbt_like_sql/",
        "nianbao models\n  nianbao models --skip-tests",
    ),
    "data-tests": (
        "Run every data test against the tables already published (nothing is built or published).",
        "reads data/warehouse.duckdb",
        "nianbao data-tests",
    ),
    "warehouse": (
        "The main job: serve the demo portals, crawl them, load, build and test the models, refresh the "
        "exports, and print a summary.",
        "writes data/archive/, data/staging/, data/warehouse.duckdb and data/exports/",
        "nianbao warehouse\n  NIANBAO_DEMO_DAY=2 nianbao warehouse",
    ),
    "sql": (
        "Query the warehouse. With a query: print its result (for scripts). Without: open Harlequin, an "
        "interactive SQL editor in the terminal, read-only. Column descriptions are in duckdb_columns().",
        "reads data/warehouse.duckdb (read-only)",
        'nianbao sql "select * from mart_timeliness"\n  nianbao sql',
    ),
    "export": (
        "Write the published dimensions and marts as Parquet and CSV (UTF-8 with BOM, opens in Excel), one "
        "file per table and report year, with a manifest of row counts and checksums.",
        "reads data/warehouse.duckdb; writes data/exports/ (manifest.json, parquet/, csv/)",
        "nianbao export",
    ),
    "report": (
        "Draw the warehouse as one self-contained page of charts (works offline), each with its SQL and "
        "its data as CSV.",
        "reads data/warehouse.duckdb; writes data/report/index.html",
        "nianbao report && xdg-open data/report/index.html",
    ),
    "docs": (
        "Write the data dictionary: every model, its grain, columns, accepted values and lineage, as an "
        "HTML site with search and as Markdown.",
        "reads dbt_like_sql/ (and column types from data/warehouse.duckdb when present); writes data/docs/",
        "nianbao docs && xdg-open data/docs/index.html",
    ),
    "accuracy": (
        "Score the parser against the labelled corpora: accuracy per era, layout, key and field, and every "
        "miss.",
        "reads tests/fixtures/real and tests/fixtures/golden (or the folders you name)",
        "nianbao accuracy\n  nianbao accuracy tests/fixtures/real",
    ),
    "bench": (
        "Run the benchmarks and record ratios against each engine's own fastest path.",
        "writes data/bench/latest.json (not touched when a benchmark name is unknown)",
        "nianbao bench\n  nianbao bench --only parse --only load",
    ),
}


def epilog(command: str) -> str:
    _, files, examples = COMMANDS[command]
    return f"files: {files}\n\nexamples:\n  {examples}\n\n{EXIT_CODES}"
