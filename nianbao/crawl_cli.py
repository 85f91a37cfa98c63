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
        "--workers",
        type=_positive,
        metavar="N",
        help="crawl with N worker processes sharing one Redis (a private redis-server unless --redis)",
    )
    parser.add_argument(
        "--join",
        metavar="RUN_ID",
        help="add --workers N on this machine to a running crawl (same --redis, shared NIANBAO_DATA_DIR)",
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="the Redis the workers share (redis://host:6379/0, unix:///path.sock); default "
        "NIANBAO_REDIS_URL",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="re-validate every known report (a recrawl otherwise asks only for what may have changed)",
    )


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"at least 1, not {number}")
    return number


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
    if args.join:
        return _join(config, args)
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

    with running(config) as demo:
        chosen = _choose(demo.portals, args)
        if _distributed(config, args):
            return _crawl_distributed(config, args, chosen, years=years, mode="demo", need_contact=False)
        with progress_display() as show:
            return crawl(config, chosen, years=years, mode="demo", on_progress=show)


def _crawl_registry(config: Config, registry: Path, args: argparse.Namespace, years: tuple[int, ...]) -> Path:
    from crawler.run import crawl
    from nianbao.progress_view import progress_display

    if not registry.exists():
        raise SelectionError(f"registry {registry} does not exist")
    chosen = _choose(load_portals(registry), args)
    if _distributed(config, args):
        return _crawl_distributed(config, args, chosen, years=years, mode="registry", need_contact=True)
    with progress_display() as show:
        return crawl(config, chosen, years=years, mode="registry", need_contact=True, on_progress=show)


def _distributed(config: Config, args: argparse.Namespace) -> bool:
    return args.workers is not None or bool(args.redis or config.redis_url)


def _crawl_distributed(
    config: Config,
    args: argparse.Namespace,
    chosen: list[Portal],
    *,
    years: tuple[int, ...],
    mode: str,
    need_contact: bool,
) -> Path:
    """``--workers N`` / ``--redis URL``: only here are scrapy-redis and Redis needed."""
    try:
        from crawler.distributed.coordinator import crawl_distributed
    except ImportError as missing:
        raise SelectionError(
            f"--workers/--redis need scrapy-redis ({missing.name} is missing): "
            "pip install 'nianbao[distributed]'"
        ) from None
    workers = args.workers if args.workers is not None else 1
    redis_url = args.redis or config.redis_url or None
    print(f"crawling {len(chosen)} portals with {workers} workers on {redis_url or 'a private redis-server'}")

    def announce(run_dir: Path) -> None:
        if redis_url:
            print(f"crawl {run_dir.name}: other machines join with nianbao crawl --join {run_dir.name} …")

    return crawl_distributed(
        config,
        chosen,
        workers=workers,
        redis_url=redis_url,
        years=years,
        mode=mode,
        need_contact=need_contact,
        announce=announce,
    )


def _join(config: Config, args: argparse.Namespace) -> int:
    """``--join RUN_ID``: workers for a crawl another machine started; that machine combines it."""
    redis_url = args.redis or config.redis_url
    if not redis_url:
        print("nianbao crawl: --join needs the crawl's Redis (--redis or NIANBAO_REDIS_URL)", file=sys.stderr)
        return EXIT_USAGE
    try:
        from crawler.distributed.coordinator import NotJoinable, join_crawl
    except ImportError:
        print("nianbao crawl: --join needs scrapy-redis: pip install 'nianbao[distributed]'", file=sys.stderr)
        return EXIT_USAGE
    try:
        exits = join_crawl(config, args.join, workers=args.workers or 1, redis_url=redis_url)
    except (NotJoinable, OSError) as exc:
        print(f"nianbao crawl: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"joined crawl {args.join}: workers {exits} (its starting machine combines it)")
    return EXIT_OK if not any(exits.values()) else EXIT_ALARM


def _alert(config: Config, run_dir: Path) -> None:
    from nianbao.alerts import send_alarms

    send_alarms(config, run_dir)
