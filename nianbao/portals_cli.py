"""``nianbao portals list | show | add | import | check``: the registry as an operator grows it.

The registry read is ``--registry`` or ``NIANBAO_REGISTRY`` or ``crawler/portals/`` (example-only entries
shown, marked); ``add`` and ``import`` write to ``--registry``/``NIANBAO_REGISTRY`` when that is a file,
else to ``crawler/portals/local.toml``. Exit status: 0 done, 1 ``check`` did not reach a report, 2 bad
input (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.config import Config, load_config
from crawler.registry import PORTALS_DIR, REQUIRED, Portal, RegistryError, load_portals
from crawler.registry_edit import append_entries, entries_from_csv, entry_from_fields, to_toml

LOCAL_REGISTRY = PORTALS_DIR / "local.toml"
ADD_KEYS = ("slug", "host", "agency", "division_code", "family", "home_url", "provenance")
ADD_LISTS = ("column_urls", "years_expected", "successor_hosts", "linked_hosts")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--registry", metavar="FILE", help="registry file or folder (default NIANBAO_REGISTRY)"
    )
    parser.set_defaults(portals_command="list")  # ``nianbao portals`` alone lists
    sub = parser.add_subparsers(dest="portals_command")
    sub.add_parser("list", help="one line per registered portal")
    show = sub.add_parser("show", help="a portal's registry entry")
    show.add_argument("slug")
    add = sub.add_parser("add", help="append a portal to the registry (checked first)")
    for key in ADD_KEYS:
        add.add_argument(f"--{key.replace('_', '-')}", required=key in REQUIRED)
    for key in ADD_LISTS:
        add.add_argument(f"--{key.replace('_', '-')}", nargs="+", default=[], metavar="VALUE")
    add.add_argument("--option", nargs="+", default=[], metavar="NAME=VALUE", help="per-portal options")
    imported = sub.add_parser("import", help="append every row of a CSV (all rows valid, or none written)")
    imported.add_argument("csv", type=Path)
    check = sub.add_parser("check", help="find the 年报 column, the CMS family, a list page and a report")
    check.add_argument("slug")


def run(args: argparse.Namespace) -> int:
    config = load_config()
    try:
        return COMMANDS[args.portals_command](config, args)
    except (RegistryError, OSError, ValueError) as exc:
        print(f"nianbao portals {args.portals_command}: {exc}", file=sys.stderr)
        return 2


def _read_registry(config: Config, args: argparse.Namespace) -> Path:
    return Path(args.registry or config.registry or PORTALS_DIR)


def _write_registry(config: Config, args: argparse.Namespace) -> Path:
    given = Path(args.registry or config.registry) if (args.registry or config.registry) else None
    return given if given is not None and not given.is_dir() else (given or PORTALS_DIR) / LOCAL_REGISTRY.name


def _portals(config: Config, args: argparse.Namespace) -> list[Portal]:
    return load_portals(_read_registry(config, args), include_examples=True)


def _find(config: Config, args: argparse.Namespace) -> Portal:
    for portal in _portals(config, args):
        if portal.slug == args.slug:
            return portal
    raise RegistryError(
        f"no portal {args.slug} in {_read_registry(config, args)} (see: nianbao portals list)"
    )


def _list(config: Config, args: argparse.Namespace) -> int:
    for p in _portals(config, args):
        where = ", ".join(p.column_urls) or f"discover from {p.home_url}"
        mark = "  [example only]" if p.example_only else ""
        print(f"{p.slug}\t{p.family}\t{p.division_code}\t{p.agency}\t{where}{mark}")
    return 0


def _show(config: Config, args: argparse.Namespace) -> int:
    portal = _find(config, args)
    entry = {key: value for key, value in vars(portal).items() if value not in ((), {}, "", False)}
    print(to_toml({k: list(v) if isinstance(v, tuple) else v for k, v in entry.items()}), end="")
    return 0


def _add(config: Config, args: argparse.Namespace) -> int:
    fields = {key: getattr(args, key) or "" for key in ADD_KEYS}
    fields |= {key: " ".join(getattr(args, key)) for key in ADD_LISTS}
    fields["options"] = " ".join(args.option)
    registry = _write_registry(config, args)
    (added,) = append_entries(registry, [entry_from_fields(fields, "nianbao portals add")])
    print(f"added {added.slug} to {registry}; try: nianbao portals check {added.slug}")
    return 0


def _import(config: Config, args: argparse.Namespace) -> int:
    registry = _write_registry(config, args)
    added = append_entries(registry, entries_from_csv(args.csv))
    print(f"imported {len(added)} portals into {registry}: {', '.join(p.slug for p in added)}")
    return 0


def _check(config: Config, args: argparse.Namespace) -> int:
    from crawler.check import CheckRefused, Fetcher, check_portal
    from crawler.settings import user_agent

    portal = _find(config, args)
    if portal.example_only:
        raise RegistryError(f"{portal.slug} is example_only: documentation, never fetched")
    if not portal.is_loopback and not config.contact:
        raise RegistryError("checking a real portal needs NIANBAO_CONTACT (it goes into the user agent)")
    fetcher = Fetcher(user_agent(config.contact), portal.hosts)
    try:
        finding = check_portal(portal, fetcher.get)
    except (CheckRefused, OSError) as exc:
        print(f"nianbao portals check: {portal.slug}: {exc}", file=sys.stderr)
        return 1
    for line in finding.lines:
        print(line)
    print(f"{portal.slug}: {'OK' if finding.ok else 'NOT OK: no report page reached'}")
    return 0 if finding.ok else 1


COMMANDS = {"list": _list, "show": _show, "add": _add, "import": _import, "check": _check}
