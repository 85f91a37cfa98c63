"""``nianbao``: the command line. A thin dispatcher; each command is a function in the module that owns it.
What ``--help`` says lives in ``nianbao/helptext.py``; how a failure reads, in ``nianbao/errors.py``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from crawler.config import load_config
from nianbao import errors, helptext
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
    from warehouse.export import export_tables

    export_tables(load_config())
    return 0


def _sql(args: argparse.Namespace) -> int:
    from warehouse.shell import open_shell, print_query

    config = load_config()
    return print_query(config.warehouse_path, args.query) if args.query else open_shell(config.warehouse_path)


def _report(args: argparse.Namespace) -> int:
    from warehouse.connection import require_warehouse
    from warehouse.report_page import write_report

    config = load_config()
    page = write_report(require_warehouse(config.warehouse_path), config.data_dir / "report")
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
    ("sql", "query the warehouse: print one query's result, or open an interactive SQL editor", _sql),
    ("export", "write the dimensions and marts as Parquet and CSV, one file per table and year", _export),
    ("report", "write data/report/index.html: the warehouse as charts, each with its SQL and CSV", _report),
    ("docs", "write the data dictionary (HTML with search and lineage, and Markdown) to data/docs", _docs),
    ("accuracy", "field-level accuracy of the parser over the labelled corpus", _accuracy),
    ("bench", "run the benchmarks and write bench/latest.json", _bench),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao",
        description=helptext.PROGRAM,
        epilog=helptext.EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show the full traceback when a command fails")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text, func in COMMANDS:
        cmd = sub.add_parser(
            name,
            help=help_text,
            description=helptext.COMMANDS[name][0],
            epilog=helptext.epilog(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        cmd.set_defaults(func=func)
        if name == "parse":
            cmd.add_argument("paths", nargs="+", help="files to parse (HTML, text, PDF, DOCX)")
        elif name == "demo":
            cmd.add_argument("--port", type=int, default=8800, help="first port to listen on (default 8800)")
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
            cmd.add_argument(
                "--only",
                action="append",
                help="run one benchmark (repeatable): parse, load, throughput, recrawl, neardup, distributed",
            )
        elif name == "sql":
            cmd.add_argument("query", nargs="?", help="a SQL query to run and print; none opens the editor")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except Exception as error:
        if args.debug:
            raise
        return errors.report(error)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
