"""``nianbao crawl``: crawl what the operator chooses.

Without a registry of real portals (``--registry``, ``NIANBAO_REGISTRY``, or crawlable entries in
``crawler/portals/``) or with ``--demo``, the embedded demo portals are served on loopback and crawled, as
before. Otherwise the registry's portals are crawled politely and only with a contact
(``NIANBAO_CONTACT``). ``--portal``, ``--province``/``--division`` and ``--years`` narrow either.

Exit status: 0 the crawl finished without an error alarm; 1 it finished with one (the run's files are
complete and loadable; the alert command, if configured, has been told); 2 it could not start (a bad
option, an unknown portal, a broken registry, no contact).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

from crawler.config import Config, load_config
from crawler.registry import PORTALS_DIR, Portal, RegistryError, load_portals
from crawler.selection import SelectionError, parse_years, select_portals

EXIT_OK, EXIT_ALARM, EXIT_USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--portal", nargs="+", action="extend", default=[], metavar="SLUG", help="only these portals"
    )
    parser.add_argument(
        "--province", action="append", default=[], metavar="CODE", help="only portals in this province"
    )
    parser.add_argument(
        "--division",
        action="append",
        default=[],
        metavar="CODE",
        help="only portals in this division (GB/T 2260 code; a city's code covers its districts)",
    )
    parser.add_argument(
        "--registry", metavar="FILE", help="registry of portals (.toml or a folder); default NIANBAO_REGISTRY"
    )
    parser.add_argument("--years", metavar="FIRST-LAST", help="only these report years, e.g. 2019-2025")
    parser.add_argument("--demo", action="store_true", help="crawl the embedded demo portals on loopback")
    parser.add_argument(
        "--full",
        action="store_true",
        help="re-validate every known report (a recrawl otherwise asks only for what may have changed)",
    )


def registry_path(config: Config, given: str | None) -> Path | None:
    """The registry of real portals to crawl, or None when none is configured (then the demo runs)."""
    if given or config.registry:
        return Path(given or config.registry)
    crawlable = load_portals(PORTALS_DIR)  # example-only entries are left out
    return PORTALS_DIR if crawlable else None


def province_codes(codes: list[str]) -> list[str]:
    bad = [code for code in codes if not (len(code) == 6 and code.endswith("0000"))]
    if bad:
        raise SelectionError(f"--province wants a province's code (like 430000), not {', '.join(bad)}")
    return codes


def _choose(portals: tuple[Portal, ...] | list[Portal], args: argparse.Namespace) -> list[Portal]:
    return select_portals(
        list(portals), slugs=args.portal, divisions=[*province_codes(args.province), *args.division]
    )


def run(args: argparse.Namespace) -> int:
    from crawler.run import ContactMissing, CrawlFailed

    config = load_config()
    if args.full:
        config = replace(config, full_recrawl=True)
    try:
        years = parse_years(args.years) if args.years else ()
        registry = None if args.demo else registry_path(config, args.registry)
        run_dir = (
            _crawl_demo(config, args, years)
            if registry is None
            else _crawl_registry(config, registry, args, years)
        )
    except CrawlFailed as failed:
        print(f"nianbao crawl: {failed}", file=sys.stderr)
        _alert(config, failed.run_dir)
        return EXIT_ALARM
    except (SelectionError, RegistryError, ContactMissing, OSError, tomllib.TOMLDecodeError) as exc:
        print(f"nianbao crawl: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"crawl {run_dir.name} finished: {run_dir}")
    return EXIT_OK


def _crawl_demo(config: Config, args: argparse.Namespace, years: tuple[int, ...]) -> Path:
    from crawler.run import crawl
    from demo.server import running
    from nianbao.progress_view import progress_display

    with running(config) as demo, progress_display() as show:
        return crawl(config, _choose(demo.portals, args), years=years, mode="demo", on_progress=show)


def _crawl_registry(config: Config, registry: Path, args: argparse.Namespace, years: tuple[int, ...]) -> Path:
    from crawler.run import crawl
    from nianbao.progress_view import progress_display

    if not registry.exists():
        raise SelectionError(f"registry {registry} does not exist")
    chosen = _choose(load_portals(registry), args)
    with progress_display() as show:
        return crawl(config, chosen, years=years, mode="registry", need_contact=True, on_progress=show)


def _alert(config: Config, run_dir: Path) -> None:
    from nianbao.alerts import send_alarms

    send_alarms(config, run_dir)
