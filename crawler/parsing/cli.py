"""``nianbao parse PATH...``: one JSON object per file, in order (contract: shared ``parse-output.md``).

A file that cannot be read or parsed still yields its line, with ``error`` set and the other contract
fields null, so a script reading the output can line results up with its inputs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from crawler.parsing.record import CONTRACT_FIELDS, ReportRecord
from crawler.parsing.report import parse_document

EXIT_OK = 0
EXIT_USAGE = 2


def parse_paths(paths: Sequence[str], out: TextIO) -> int:
    """Parse each file and write its JSON line to ``out``; 0 unless there was nothing to parse."""
    if not paths:
        print("nianbao parse: give at least one file", file=sys.stderr)
        return EXIT_USAGE
    _ensure_utf8(out)
    for path in paths:
        out.write(json.dumps(parse_path(path), ensure_ascii=False) + "\n")
        out.flush()
    return EXIT_OK


def parse_path(path: str) -> dict[str, Any]:
    """The contract object for one file; never raises."""
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        return _error(path, f"unreadable: {exc.strerror or type(exc).__name__}")
    try:
        record = parse_document(body, filename=Path(path).name)
    except Exception as exc:  # a parser bug costs this file's figures, not the rest of the run
        return _error(path, f"parse_failed: {type(exc).__name__}: {exc}"[:300])
    return record.to_contract(path)


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
