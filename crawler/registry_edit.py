"""Growing a registry file: entries from the command line or a CSV, checked exactly as the crawler reads them
(``portal_from_toml``), then appended as ``[[portal]]`` tables. Nothing is written unless every new entry
is valid and no slug is taken, so a bad row never leaves a half-imported file.

CSV columns are the registry keys (``slug, host, agency, division_code, family`` required); list-valued keys
(``column_urls``, ``years_expected``, ``successor_hosts``, ``linked_hosts``) hold their items separated by
spaces, and ``options`` holds ``name=value`` pairs separated by spaces. Empty cells are left out.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from crawler.registry import (
    REQUIRED,
    Portal,
    RegistryError,
    check_unique,
    portal_from_toml,
    portals_from_file,
)

LIST_KEYS = ("column_urls", "years_expected", "successor_hosts", "linked_hosts")
INT_LISTS = frozenset({"years_expected"})
KEY_ORDER = (*REQUIRED, "home_url", *LIST_KEYS, "example_only", "provenance", "options")


def entry_from_fields(fields: Mapping[str, str], where: str) -> dict[str, Any]:
    """A ``[[portal]]`` table from flat text fields (a CSV row, command-line options)."""
    entry: dict[str, Any] = {}
    for key, raw in fields.items():
        value = (raw or "").strip()
        if not value or key is None:
            continue
        if key in LIST_KEYS:
            items = value.split()
            entry[key] = [int(i) for i in items] if key in INT_LISTS else items
        elif key == "options":
            pairs = [item.partition("=") for item in value.split()]
            if any(not sep for _, sep, _ in pairs):
                raise RegistryError(f"{where}: options must be name=value pairs, got {value!r}")
            entry[key] = {name: val for name, _, val in pairs}
        elif key == "example_only":
            entry[key] = value.lower() in {"1", "true", "yes"}
        else:
            entry[key] = value
    portal_from_toml(entry, where)  # the crawler's own check: unknown keys and options are errors
    return entry


def entries_from_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        raise RegistryError(f"{path}: no rows (the first line must name the columns)")
    return [entry_from_fields(row, f"{path}: row {n}") for n, row in enumerate(rows, start=2)]


def _value(value: Any) -> str:
    """A TOML value: JSON's strings, numbers, booleans and arrays are TOML's too; tables are inline."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(val)}" for key, val in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)


def to_toml(entry: Mapping[str, Any]) -> str:
    keys = [key for key in KEY_ORDER if key in entry] + sorted(set(entry) - set(KEY_ORDER))
    return "[[portal]]\n" + "".join(f"{key} = {_value(entry[key])}\n" for key in keys)


def append_entries(registry: Path, entries: Iterable[dict[str, Any]]) -> list[Portal]:
    """Append ``entries`` to ``registry`` (created if missing) after checking the whole result."""
    new = list(entries)
    existing = portals_from_file(registry) if registry.exists() else []
    added = [portal_from_toml(entry, str(registry)) for entry in new]
    check_unique([*existing, *added], registry)
    text = registry.read_text(encoding="utf-8") if registry.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    text += "".join("\n" + to_toml(entry) for entry in new)
    registry.parent.mkdir(parents=True, exist_ok=True)
    registry.write_text(text, encoding="utf-8")
    return added
