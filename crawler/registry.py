"""Portals as data: every site the crawler knows is an entry in ``crawler/portals/*.toml``, not a spider.

A portal names the organ that runs it, the CMS family whose adapter reads its lists, and the column URLs
where its 政府信息公开年报 live. A portal with no column URL is found by discovery: the spider reads its home
page (``home_url``) for the 年报 column's link (``crawler/spiders/discover.py``). ``successor_hosts`` are the
hosts its URLs may be redirected to (a 集约化 migration); a redirect anywhere else is not followed. Entries
marked ``example_only = true`` document real sites; nothing crawls them (``load_portals`` leaves them out
unless asked, and ``crawl`` refuses them). Keys are checked: an unknown key or option is an error.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.urls import is_reserved_host

PORTALS_DIR = Path(__file__).resolve().parent / "portals"
# Family-independent per-portal knobs, and each family adapter's own (``crawler/spiders/families``).
OPTIONS = frozenset({"download_timeout", "download_maxsize", "catid", "item_selector", "page_field"})


class RegistryError(ValueError):
    """A registry entry the crawler would misread: a missing or unknown key, a duplicate slug."""


@dataclass(frozen=True)
class Portal:
    slug: str
    host: str
    agency: str
    division_code: str
    family: str  # adapter name under crawler/spiders/families
    column_urls: tuple[str, ...]  # empty: discover the column from home_url
    years_expected: tuple[int, ...] = ()  # a year missing from a run raises the year_missing alarm
    home_url: str = ""  # where discovery starts; defaults to http://{host}/
    successor_hosts: tuple[str, ...] = ()  # registered new homes of the site: redirects there are followed
    linked_hosts: tuple[str, ...] = ()  # the government's other hosts its pages link reports on (xxgk.…)
    example_only: bool = False
    options: dict[str, str] = field(default_factory=dict, hash=False)  # OPTIONS: per-portal knobs
    provenance: str = ""  # where the portal's address was published (a real entry must say)

    def __post_init__(self) -> None:
        if not self.home_url:
            object.__setattr__(self, "home_url", f"http://{self.host}/")

    @property
    def is_loopback(self) -> bool:
        """A reserved ``*.test`` host, served on loopback: the crawl may then only resolve such names."""
        return is_reserved_host(self.host)

    @property
    def discovers(self) -> bool:
        """No column URL is registered: the spider finds the 年报 column from the home page."""
        return not self.column_urls

    @property
    def hosts(self) -> frozenset[str]:
        """The hosts its crawl may ask: its own, its registered successors and its linked hosts."""
        return frozenset({self.host, *self.successor_hosts, *self.linked_hosts})

    @property
    def ports(self) -> frozenset[int | None]:
        """The ports its URLs may name: those its registered URLs name, or none (the scheme's default)."""
        return frozenset({None, *(urlsplit(url).port for url in (self.home_url, *self.column_urls))})


REQUIRED = ("slug", "host", "agency", "division_code", "family")
KEYS = frozenset(f.name for f in fields(Portal))


def portal_from_toml(entry: dict[str, Any], source: str = "registry") -> Portal:
    """One ``[[portal]]`` table. Unknown keys and options are refused, never ignored: a misspelt key would
    otherwise silently leave a portal crawled the default way."""
    where = f"{source}: portal {entry.get('slug', '?')!r}"
    unknown = sorted(set(entry) - KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {unknown} (known: {sorted(KEYS)})")
    missing = [key for key in REQUIRED if key not in entry]
    if missing:
        raise RegistryError(f"{where}: missing key(s) {missing}")
    options = entry.get("options", {})
    if not isinstance(options, dict) or set(options) - OPTIONS:
        raise RegistryError(f"{where}: unknown option(s) {sorted(set(options) - OPTIONS)}")
    return Portal(
        slug=str(entry["slug"]),
        host=str(entry["host"]),
        agency=str(entry["agency"]),
        division_code=str(entry["division_code"]),
        family=str(entry["family"]),
        column_urls=tuple(str(u) for u in entry.get("column_urls", ())),
        years_expected=tuple(int(y) for y in entry.get("years_expected", ())),
        home_url=str(entry.get("home_url", "")),
        successor_hosts=tuple(str(h) for h in entry.get("successor_hosts", ())),
        linked_hosts=tuple(str(h) for h in entry.get("linked_hosts", ())),
        example_only=bool(entry.get("example_only", False)),
        options={str(k): str(v) for k, v in options.items()},
        provenance=str(entry.get("provenance", "")),
    )


def read_registry(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def portals_from_file(path: Path) -> list[Portal]:
    data = read_registry(path)
    unknown = sorted(set(data) - {"portal"})
    if unknown:
        raise RegistryError(f"{path}: unknown table(s) {unknown}")
    return [portal_from_toml(entry, str(path)) for entry in data.get("portal", [])]


def check_unique(portals: list[Portal], where: object) -> list[Portal]:
    slugs = [p.slug for p in portals]
    duplicates = {s for s in slugs if slugs.count(s) > 1}
    if duplicates:
        raise RegistryError(f"duplicate portal slugs in {where}: {sorted(duplicates)}")
    return portals


def load_portals(directory: Path = PORTALS_DIR, *, include_examples: bool = False) -> list[Portal]:
    """Every portal of a registry folder (``*.toml``) or file; example-only ones only when asked."""
    files = sorted(directory.glob("*.toml")) if directory.is_dir() else [directory]
    portals = [p for path in files for p in portals_from_file(path)]
    check_unique(portals, directory)
    return [p for p in portals if include_examples or not p.example_only]
