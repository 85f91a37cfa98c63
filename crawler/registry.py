"""Portals as data: every site the crawler knows is an entry in ``crawler/portals/*.toml``, not a spider.

A portal names the organ that runs it, the CMS family whose adapter reads its lists, and the column URLs
where its 政府信息公开年报 live. A portal with no column URL is found by discovery: the spider reads its home
page (``home_url``) for the 年报 column's link (``crawler/spiders/discover.py``). ``successor_hosts`` are the
hosts its URLs may be redirected to (a 集约化 migration); a redirect anywhere else is not followed. Entries
marked ``example_only = true`` document real sites; nothing crawls them (``load_portals`` leaves them out
unless asked, and ``crawl`` refuses them).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PORTALS_DIR = Path(__file__).resolve().parent / "portals"
DEMO_SUFFIX = ".test"


@dataclass(frozen=True)
class Portal:
    slug: str
    host: str
    agency: str
    division_code: str
    family: str  # adapter name under crawler/spiders/families
    column_urls: tuple[str, ...]  # empty: discover the column from home_url
    years_expected: tuple[int, ...] = ()
    home_url: str = ""  # where discovery starts; defaults to http://{host}/
    successor_hosts: tuple[str, ...] = ()  # registered new homes of the site: redirects there are followed
    encoding: str | None = None  # what the site is known to send; informational
    example_only: bool = False
    options: dict[str, str] = field(default_factory=dict, hash=False)  # family-specific knobs

    def __post_init__(self) -> None:
        if not self.home_url:
            object.__setattr__(self, "home_url", f"http://{self.host}/")

    @property
    def is_demo(self) -> bool:
        return self.host.endswith(DEMO_SUFFIX)

    @property
    def discovers(self) -> bool:
        """No column URL is registered: the spider finds the 年报 column from the home page."""
        return not self.column_urls

    @property
    def hosts(self) -> frozenset[str]:
        """The hosts that belong to this portal: its own and its registered successors."""
        return frozenset({self.host, *self.successor_hosts})

    def on_port(self, port: int) -> Portal:
        """The same portal with its URLs pointing at ``port`` (the simulator listens on an ephemeral port)."""
        return replace(
            self,
            column_urls=tuple(_with_port(url, port) for url in self.column_urls),
            home_url=_with_port(self.home_url, port),
        )


def _with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return urlunsplit((parts.scheme, f"{host}:{port}", parts.path, parts.query, parts.fragment))


def _portal_from_toml(entry: dict[str, object]) -> Portal:
    options = entry.get("options", {})
    assert isinstance(options, dict)
    return Portal(
        slug=str(entry["slug"]),
        host=str(entry["host"]),
        agency=str(entry["agency"]),
        division_code=str(entry["division_code"]),
        family=str(entry["family"]),
        column_urls=tuple(str(u) for u in entry.get("column_urls", ())),  # type: ignore[attr-defined]
        years_expected=tuple(int(y) for y in entry.get("years_expected", ())),  # type: ignore[attr-defined]
        home_url=str(entry.get("home_url", "")),
        successor_hosts=tuple(str(h) for h in entry.get("successor_hosts", ())),  # type: ignore[attr-defined]
        encoding=str(entry["encoding"]) if "encoding" in entry else None,
        example_only=bool(entry.get("example_only", False)),
        options={str(k): str(v) for k, v in options.items()},
    )


def load_portals(directory: Path = PORTALS_DIR, *, include_examples: bool = False) -> list[Portal]:
    portals: list[Portal] = []
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        portals.extend(_portal_from_toml(entry) for entry in data.get("portal", []))
    slugs = [p.slug for p in portals]
    duplicates = {s for s in slugs if slugs.count(s) > 1}
    if duplicates:
        raise ValueError(f"duplicate portal slugs in {directory}: {sorted(duplicates)}")
    return [p for p in portals if include_examples or not p.example_only]


def demo_portals(*, day: int = 1, faults: bool = False) -> list[Portal]:
    """The simulator's sites. ``day``/``faults`` select portals that only exist in that state."""
    chosen = []
    for portal in load_portals():
        if not portal.is_demo:
            continue
        only_day = portal.options.get("only_day")
        if only_day is not None and int(only_day) != day:
            continue
        if portal.options.get("only_faults") == "1" and not faults:
            continue
        chosen.append(portal)
    return chosen
