"""The one place that reads ``NIANBAO_*`` environment variables.

Every default works with no configuration: data goes under ``./data`` and the demo portals are crawled.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PREFIX = "NIANBAO_"

# name (without prefix) -> (default, description); README's configuration table is checked against this.
SETTINGS: dict[str, tuple[str, str]] = {
    "DATA_DIR": ("data", "root of everything the pipeline writes (archive, staging, warehouse, bench)"),
    "DEMO_FAULTS": ("0", "1 serves the hostile variant of the demo portals"),
    "DEMO_DAY": (
        "1",
        "state of the demo portals: 1, or 2 for the 'day 2' state with new and corrected reports",
    ),
    "DEMO_SCALE": ("0", "extra generated reports per demo site (for benchmarks)"),
    "BENCH_SCALE": ("1", "multiplier for benchmark sizes"),
    "NATIONAL_SIZES": (
        "10000,30000,100000",
        "report counts of make bench-national (comma-separated; the whole path is measured at each)",
    ),
    "NATIONAL_STAR_ROWS": ("100000000", "synthetic fact rows the star query of make bench-national runs on"),
    "NATIONAL_LOAD_ROWS": ("10000000", "fact rows of the loader-vs-COPY measurement of make bench-national"),
    "THROTTLE": ("1", "0 turns AutoThrottle off (benchmarks against loopback only)"),
    "LOG_LEVEL": ("INFO", "log level of the crawl and the loader"),
    "CONTACT": (
        "",
        "how site operators reach you (an e-mail or URL), put into the user agent; a real crawl needs it",
    ),
    "REGISTRY": (
        "",
        "registry of real portals (a .toml file or a folder of them); empty: crawler/portals, else the demo",
    ),
    "REDIS_URL": (
        "",
        "the Redis that distributed crawl workers share (`nianbao crawl --redis`); empty: a private one",
    ),
    "PARSE_WORKERS": (
        "0",
        "processes that extract and parse documents in a crawl or rebuild; 0: one per CPU core",
    ),
    "ALERT_COMMAND": (
        "",
        "command run when a crawl raises an error alarm; it gets the run's alarms as JSON on stdin",
    ),
    "RECRAWL_EVERY": (
        "90",
        "a recrawl re-validates an older, unchanged report once every N runs (rolling); 1 re-validates all",
    ),
    "TODAY": ("", "the crawl's date (YYYY-MM-DD) for 'published in the last 12 months'; empty: today"),
}


class InvalidSettingError(ValueError):
    """A ``NIANBAO_*`` variable holds a value the setting cannot take; the message names both."""


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _number(
    name: str, value: str, kind: type[int] | type[float], allowed: set[int] | None = None
) -> int | float:
    try:
        number = kind(value)
    except ValueError:
        raise InvalidSettingError(f"{PREFIX}{name}={value!r} is not a {kind.__name__}") from None
    if allowed is not None and number not in allowed:
        choices = " or ".join(str(a) for a in sorted(allowed))
        raise InvalidSettingError(f"{PREFIX}{name}={value!r}: expected {choices}")
    return number


@dataclass(frozen=True)
class Config:
    data_dir: Path
    demo_faults: bool
    demo_day: int
    demo_scale: int
    bench_scale: float
    throttle: bool
    log_level: str
    contact: str = ""
    registry: str = ""
    alert_command: str = ""
    redis_url: str = ""
    recrawl_every: int = 90
    today: str = ""  # ISO date; empty: the real date
    full_recrawl: bool = False  # re-validate every known report this run (``nianbao crawl --full``)
    parse_workers: int = 0  # 0: one per CPU core (``parse_worker_count``)
    national_sizes: tuple[int, ...] = (10_000, 30_000, 100_000)
    national_star_rows: int = 100_000_000
    national_load_rows: int = 10_000_000

    @property
    def parse_worker_count(self) -> int:
        """How many worker processes extract and parse documents (the loader stays one writer)."""
        return self.parse_workers or os.cpu_count() or 1

    @property
    def archive_dir(self) -> Path:
        """Raw fetched bytes, content-addressed, plus an index of every fetch."""
        return self.data_dir / "archive"

    @property
    def staging_dir(self) -> Path:
        """Parsed, deduplicated records waiting to be loaded, one folder per crawl run."""
        return self.data_dir / "staging"

    @property
    def identity_dir(self) -> Path:
        """The near-duplicate index of every report document seen, shared by runs (derived from the archive:
        ``nianbao rebuild`` makes it again)."""
        return self.data_dir / "identity"

    @property
    def demo_dir(self) -> Path:
        return self.data_dir / "demo"

    @property
    def bench_dir(self) -> Path:
        return self.data_dir / "bench"

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"


MAX_PARSE_WORKERS = 64


def _worker_count(value: str) -> int:
    count = int(_number("PARSE_WORKERS", value, int))
    if not 0 <= count <= MAX_PARSE_WORKERS:
        raise InvalidSettingError(
            f"{PREFIX}PARSE_WORKERS={value!r}: expected 0 (one per core) to {MAX_PARSE_WORKERS}"
        )
    return count


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    env = os.environ if environ is None else environ

    def get(name: str) -> str:
        return env.get(PREFIX + name, SETTINGS[name][0])

    return Config(
        data_dir=Path(get("DATA_DIR")).resolve(),
        demo_faults=_truthy(get("DEMO_FAULTS")),
        demo_day=int(_number("DEMO_DAY", get("DEMO_DAY"), int, {1, 2})),
        demo_scale=int(_number("DEMO_SCALE", get("DEMO_SCALE"), int)),
        bench_scale=float(_number("BENCH_SCALE", get("BENCH_SCALE"), float)),
        throttle=_truthy(get("THROTTLE")),
        log_level=get("LOG_LEVEL").upper(),
        contact=get("CONTACT").strip(),
        registry=get("REGISTRY").strip(),
        alert_command=get("ALERT_COMMAND").strip(),
        redis_url=get("REDIS_URL").strip(),
        recrawl_every=_positive("RECRAWL_EVERY", get("RECRAWL_EVERY")),
        today=_iso_date("TODAY", get("TODAY").strip()),
        parse_workers=_worker_count(get("PARSE_WORKERS")),
        national_sizes=_sizes("NATIONAL_SIZES", get("NATIONAL_SIZES")),
        national_star_rows=int(_number("NATIONAL_STAR_ROWS", get("NATIONAL_STAR_ROWS"), int)),
        national_load_rows=int(_number("NATIONAL_LOAD_ROWS", get("NATIONAL_LOAD_ROWS"), int)),
    )


def _positive(name: str, value: str) -> int:
    number = int(_number(name, value, int))
    if number < 1:
        raise InvalidSettingError(f"{PREFIX}{name}={value!r}: expected a whole number of at least 1")
    return number


def _iso_date(name: str, value: str) -> str:
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise InvalidSettingError(f"{PREFIX}{name}={value!r}: expected a date as YYYY-MM-DD") from None
    return value


def _sizes(name: str, value: str) -> tuple[int, ...]:
    """A comma-separated list of positive report counts, smallest first."""
    sizes = tuple(sorted(int(_number(name, part.strip(), int)) for part in value.split(",") if part.strip()))
    if not sizes or min(sizes) < 1:
        raise InvalidSettingError(f"{PREFIX}{name}={value!r}: expected positive counts such as 10000,30000")
    return sizes
