"""The demo's registry: ``demo/portals.toml`` holds ordinary registry entries (checked by
``crawler.registry``) plus the demo's own ``[states]`` table, which says which portals exist only with
faults on or only on one day of the demo web. The demo server listens on an ephemeral port, so the portals
handed to a crawl point at it (``on_port``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from crawler.registry import Portal, RegistryError, check_unique, portal_from_toml, read_registry

PORTALS_FILE = Path(__file__).resolve().parent / "portals.toml"
STATES = frozenset({"only_faults", "only_day"})


def demo_portals(*, day: int = 1, faults: bool = False, path: Path = PORTALS_FILE) -> list[Portal]:
    """The demo web's portals in state (``day``, ``faults``), with their registry URLs (no port)."""
    data = read_registry(path)
    unknown = sorted(set(data) - {"portal", "states"})
    states = data.get("states", {})
    if unknown or set(states) - STATES:
        raise RegistryError(f"{path}: unknown table(s) or state(s) {unknown + sorted(set(states) - STATES)}")
    portals = check_unique([portal_from_toml(entry, str(path)) for entry in data.get("portal", [])], path)
    only_faults = set(states.get("only_faults", ()))
    only_day = {str(slug): int(d) for slug, d in states.get("only_day", {}).items()}
    return [p for p in portals if (faults or p.slug not in only_faults) and only_day.get(p.slug, day) == day]


def on_port(portal: Portal, port: int) -> Portal:
    """The same portal with its URLs pointing at ``port`` (the demo server listens on an ephemeral port)."""
    return replace(
        portal,
        column_urls=tuple(_with_port(url, port) for url in portal.column_urls),
        home_url=_with_port(portal.home_url, port),
    )


def _with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return urlunsplit((parts.scheme, f"{host}:{port}", parts.path, parts.query, parts.fragment))
