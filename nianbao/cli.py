"""``nianbao``: the command line. A thin dispatcher; each command is a function in the module that owns it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from crawler.config import load_config
from nianbao.crawl_cli import add_arguments as add_crawl_arguments
from nianbao.portals_cli import add_arguments as add_portals_arguments
from nianbao.schedule import add_arguments as add_schedule_arguments


def _parse(args: argparse.Namespace) -> int:
    from crawler.parsing.cli import parse_paths

    return parse_paths(args.paths, sys.stdout)


def _demo(args: argparse.Namespace) -> int:
    from demo.server import serve_until_interrupted

    return serve_until_interrupted(load_config(), port=args.port)


def _crawl(args: argparse.Namespace) -> int:
    from nianbao.crawl_cli import run

    return run(args)


def _portals(args: argparse.Namespace) -> int:
    from nianbao.portals_cli import run

    return run(args)


def _schedule(args: argparse.Namespace) -> int:
    from nianbao.schedule import run

    return run(args)


def _rebuild(args: argparse.Namespace) -> int:
    from nianbao.jobs import rebuild_from_archive

    rebuild_from_archive(load_config())
    return 0


def _load(args: argparse.Namespace) -> int:
    from nianbao.jobs import load

    report = load(load_config())
    return 1 if report.quarantined else 0


def _models(args: argparse.Namespace) -> int:
    from nianbao.jobs import build_models

    return 0 if build_models(load_config(), run_tests=not args.skip_tests) else 1


def _data_tests(args: argparse.Namespace) -> int:
    from nianbao.jobs import run_data_tests

    return 0 if run_data_tests(load_config()) else 1


def _warehouse(args: argparse.Namespace) -> int:
    from nianbao.jobs import run_warehouse

    return 0 if run_warehouse(load_config()) else 1


def _export(args: argparse.Namespace) -> int:
    from warehouse.export import export_marts

    export_marts(load_config())
    return 0


def _report(args: argparse.Namespace) -> int:
    from warehouse.report_page import write_report

    config = load_config()
    page = write_report(config.warehouse_path, config.data_dir / "report")
    print(f"report: {page}")
    return 0


def _docs(args: argparse.Namespace) -> int:
    from warehouse.docs import write_docs

    write_docs(load_config())
    return 0


def _accuracy(args: argparse.Namespace) -> int:
    from crawler.parsing.accuracy import main as accuracy_main

    return accuracy_main(args.fixtures)


def _bench(args: argparse.Namespace) -> int:
    from benchmarks.run import main as bench_main

    return bench_main(load_config(), only=args.only)


Command = tuple[str, str, Callable[[argparse.Namespace], int]]
COMMANDS: tuple[Command, ...] = (
    ("parse", "parse report files and print one JSON object per file", _parse),
    ("demo", "serve the demo portals on loopback until interrupted", _demo),
    ("crawl", "crawl the chosen portals (the demo's without a registry) into the archive and a run", _crawl),
    ("portals", "the registry of portals: list, show, add, import CSV, check SLUG", _portals),
    ("schedule", "print the systemd service and timer (or --cron line) for the spring crawl", _schedule),
    ("rebuild", "re-parse the raw archive into a staging run, with no network", _rebuild),
    ("load", "load finished staging runs into the warehouse", _load),
    ("models", "build the SQL models and publish them if every data test passes", _models),
    ("data-tests", "run the SQL data tests against the published warehouse", _data_tests),
    ("warehouse", "the main job: demo portals, crawl, load, models, data tests, summary", _warehouse),
    ("export", "write the marts as Parquet and CSV, partitioned by year", _export),
    ("report", "write data/report/index.html: the warehouse as charts, each with its SQL and CSV", _report),
    ("docs", "generate model docs from the YAML and the SQL", _docs),
    ("accuracy", "field-level accuracy of the parser over the labelled corpus", _accuracy),
    ("bench", "run the benchmarks and write bench/latest.json", _bench),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nianbao", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text, func in COMMANDS:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.set_defaults(func=func)
        if name == "parse":
            cmd.add_argument("paths", nargs="+", help="files to parse (HTML, text, PDF, DOCX)")
        elif name == "demo":
            cmd.add_argument("--port", type=int, default=8800)
        elif name == "models":
            cmd.add_argument("--skip-tests", action="store_true", help="build without running data tests")
        elif name == "accuracy":
            cmd.add_argument(
                "fixtures",
                nargs="*",
                default=["tests/fixtures/real", "tests/fixtures/golden"],
                help="labelled corpora to score (default: the real corpus, then the synthetic one)",
            )
        elif name == "crawl":
            add_crawl_arguments(cmd)
        elif name == "portals":
            add_portals_arguments(cmd)
        elif name == "schedule":
            add_schedule_arguments(cmd)
        elif name == "bench":
            cmd.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
