"""``nianbao parse PATH...``: one JSON object per file, in order (the contract: README, "nianbao parse").

A file that cannot be read or parsed still yields its line, with ``error`` set and the other contract
fields null, so a script reading the output can line results up with its inputs. Each file is parsed in a
worker with a time and memory budget (``budget.py``), so one hostile file cannot hang the command. A path
that is not valid UTF-8 is printed with U+FFFD in place of the bad bytes, so every line stays valid JSON.

Exit status: 0 when at least one file was read, 1 when every file failed, 2 when misused.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from crawler.parsing.budget import BudgetedParser
from crawler.parsing.record import CONTRACT_FIELDS, ReportRecord

EXIT_OK = 0
EXIT_ALL_FAILED = 1
EXIT_USAGE = 2


def parse_paths(paths: Sequence[str], out: TextIO) -> int:
    """Parse each file and write its JSON line to ``out``; see the module doc for the exit status."""
    if not paths:
        print("nianbao parse: give at least one file", file=sys.stderr)
        return EXIT_USAGE
    _ensure_utf8(out)
    failed = 0
    with BudgetedParser() as parser:
        for path in paths:
            line = parse_path(path, parser)
            failed += line["error"] is not None
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()
    return EXIT_ALL_FAILED if failed == len(paths) else EXIT_OK


def parse_path(path: str, parser: BudgetedParser) -> dict[str, Any]:
    """The contract object for one file; never raises."""
    shown = printable_path(path)
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        return _error(shown, f"unreadable: {exc.strerror or type(exc).__name__}")
    record = parser.parse(body, filename=printable_path(Path(path).name))
    return record.to_contract(shown)


def printable_path(path: str) -> str:
    """The path as valid UTF-8: undecodable bytes (kept by Python as surrogates) become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _error(path: str, message: str) -> dict[str, Any]:
    contract = ReportRecord(error=message).to_contract(path)
    assert all(contract[key] is None for key in CONTRACT_FIELDS)
    return contract


def _ensure_utf8(out: TextIO) -> None:
    # The contract says UTF-8 whatever the locale; a real stdout can be switched, a StringIO needs not.
    reconfigure = getattr(out, "reconfigure", None)
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-")
    if reconfigure is not None and encoding not in ("utf-8", "utf8"):
        reconfigure(encoding="utf-8")
