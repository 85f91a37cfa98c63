"""The loader's Arrow stage: one staging run's JSONL files read into Arrow tables, the bulk facts exploded.

pyarrow's JSON reader (C++, multi-threaded) parses each file against the staging format
(``staging/format.py``: ``REPORT`` / ``EVENT``). ``cells`` and ``figures`` (key ->
number) come back as structs whose fields the reader infers from the keys it meets; they are exploded here,
one key (one struct field) at a time with Arrow kernels, into the long rows of ``raw.report_cells`` and
``raw.report_figures``. No Python runs per row. The per-report rows, sources, issues and events are small
and are projected by the loader's SQL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj
import sqlalchemy as sa

from crawler.urls import canonical_url
from staging import format as staged_format
from warehouse import schema

BLOCK_SIZE = 16 << 20  # bytes per parse task; a report line longer than that is read as one block
SEEN = frozenset({"fetched", "not_modified"})  # outcomes whose content (sha256) was observed


class StagingError(ValueError):
    """A staging file that does not match docs/architecture.md; the run is not loaded, its files stay."""


@dataclass(frozen=True)
class StagedRun:
    run_id: str
    reports: pa.Table  # staging.format.REPORT columns, one row per report_id (cells and figures exploded out)
    cells: pa.Table  # landed rows of raw.report_cells
    figures: pa.Table  # landed rows of raw.report_figures
    events: pa.Table  # staging.format.EVENT columns, as staged
    identities: pa.Table  # staging.format.IDENTITY columns (empty for a run staged before identities)
    report_lines: int
    event_lines: int

    def fingerprint(self) -> str:
        """What the run observed: every URL with the sha256 of the content it saw (fetched or not modified),
        every URL it could not get with outcome and reason, and the report ids it staged. Demo URLs are
        compared without their ephemeral port (``canonical_url``)."""
        columns = (self.events.column(name).to_pylist() for name in ("url", "outcome", "reason", "sha256"))
        lines = {
            f"seen\t{canonical_url(url)}\t{sha256}"
            if outcome in SEEN
            else f"{outcome}\t{canonical_url(url)}\t{reason}"
            for url, outcome, reason, sha256 in zip(*columns, strict=True)
        }
        lines.update(f"report\t{report_id}" for report_id in self.reports.column("report_id").to_pylist())
        return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


def read_run(run_dir: Path) -> StagedRun:
    path = run_dir / staged_format.REPORTS_FILE
    reports = read_staged(path, staged_format.REPORT)
    events = canonical_event_urls(read_staged(run_dir / staged_format.EVENTS_FILE, staged_format.EVENT))
    unique = _one_per_report(reports, path)
    marks = {"is_approximate": "approximate", "is_uncertain": "uncertain"}
    try:
        cells = explode(unique, "cells", schema.report_cells, marks)
        figures = explode(unique, "figures", schema.report_figures, marks)
    except StagingError as exc:
        raise StagingError(f"{path}: {exc}") from exc
    kept = [name for name in unique.column_names if name in staged_format.REPORT.names]
    identities = read_staged(run_dir / staged_format.IDENTITIES_FILE, staged_format.IDENTITY)
    return StagedRun(
        run_dir.name,
        unique.select(kept),
        cells,
        figures,
        events,
        identities,
        reports.num_rows,
        events.num_rows,
    )


def canonical_event_urls(events: pa.Table) -> pa.Table:
    """Event ``url`` and ``target`` as URL identities (``canonical_url``), the same form as ``sources[].url``,
    so events join the sources and reports they are about (a demo URL's ephemeral port is not identity)."""
    for name in ("url", "target"):
        index = events.schema.get_field_index(name)
        if index < 0:
            continue
        values = [_identity(url) for url in events.column(index).to_pylist()]
        events = events.set_column(index, name, pa.array(values, type=events.schema.field(index).type))
    return events


def _identity(url: str | None) -> str | None:
    try:
        return None if url is None else canonical_url(url)
    except ValueError:  # an unparsable port: kept as written, it identifies nothing else either
        return url


def read_staged(path: Path, shape: pa.Schema) -> pa.Table:
    """A JSONL file as an Arrow table of ``shape`` (fields it does not list are inferred); a missing or
    empty file is an empty table."""
    size = path.stat().st_size if path.exists() else 0
    if size == 0:
        return shape.empty_table()
    parse = pj.ParseOptions(explicit_schema=shape, unexpected_field_behavior="infer")
    try:
        try:
            return pj.read_json(path, read_options=pj.ReadOptions(block_size=BLOCK_SIZE), parse_options=parse)
        except pa.ArrowInvalid as exc:
            if "straddling" not in str(exc):
                raise
            return pj.read_json(path, read_options=pj.ReadOptions(block_size=size + 1), parse_options=parse)
    except pa.ArrowInvalid as exc:
        raise StagingError(f"{path}: does not match the staging format: {exc}") from exc


def _one_per_report(reports: pa.Table, path: Path) -> pa.Table:
    """Refuse lines without a report_id, and a report_id on two lines: which copy of a report stands for
    it (and which sources it lists) is decided once, by the crawler's stage pipeline
    (``crawler.pipelines.stage.merge_sources``), never again here."""
    ids = reports.column("report_id")
    missing = ids.null_count + (pc.sum(pc.equal(ids, "")).as_py() or 0)
    if missing:
        raise StagingError(f"{path}: {missing} line(s) without report_id")
    repeated = reports.num_rows - pc.count_distinct(ids).as_py()
    if repeated:
        raise StagingError(f"{path}: {repeated} report_id(s) on more than one line (one line per report)")
    return reports


def explode(reports: pa.Table, column: str, table: sa.Table, marks: dict[str, str]) -> pa.Table:
    """The key -> number map in ``column`` as landed rows of ``table``: report_id, key, value, then its
    flags (``marks``: flag column -> the list column naming the keys it marks). A JSON null is a figure not
    stated: no row."""
    shape = schema.arrow_schema(table)
    if column not in reports.column_names or reports.num_rows == 0:
        return shape.empty_table()
    maps = reports.column(column).combine_chunks()
    if not pa.types.is_struct(maps.type):
        raise StagingError(f"{column} is {maps.type}, not a map of key to number")
    ids = reports.column("report_id").combine_chunks()
    flags = shape.names[3:]
    marked = {flag: _rows_by_key(reports.column(marks[flag])) for flag in flags}
    no = pa.array(np.zeros(len(ids), dtype=bool))
    keys = pa.array([field.name for field in maps.type])
    value_type = shape.field("value").type
    chunks: list[pa.RecordBatch] = []
    for index, values in enumerate(maps.flatten()):  # flatten applies the struct's own nulls
        key = keys[index].as_py()
        if pa.types.is_null(values.type):
            continue  # the key is null wherever it appears
        if not (pa.types.is_integer(values.type) or pa.types.is_floating(values.type)):
            raise StagingError(f"{column} {key!r} holds {values.type} values, not numbers")
        rows = _valid_rows(values)
        count = len(values) if rows is None else len(rows)
        if count == 0:
            continue
        arrays = [
            ids if rows is None else ids.take(rows),
            pa.DictionaryArray.from_arrays(pa.array(np.full(count, index, dtype=np.int32)), keys),
            (values if rows is None else values.take(rows)).cast(value_type),
            *(_flags(by_key.get(key), rows, len(ids), no, count) for by_key in marked.values()),
        ]
        chunks.append(pa.RecordBatch.from_arrays(arrays, names=shape.names))
    # The key column stays dictionary-encoded (one index per row); DuckDB reads it as VARCHAR.
    return pa.Table.from_batches(chunks) if chunks else shape.empty_table()


def _valid_rows(values: pa.Array) -> pa.Array | None:
    """Indices of the non-null values, or None when every value is there."""
    if values.null_count == 0:
        return None
    return pa.array(np.flatnonzero(values.is_valid().to_numpy(zero_copy_only=False)).astype(np.int32))


def _rows_by_key(lists: pa.ChunkedArray) -> dict[str, np.ndarray]:
    """key -> the report rows whose list names it (uncertain / approximate lists are short)."""
    combined = lists.combine_chunks()
    by_key: dict[str, list[int]] = {}
    for key, row in zip(
        pc.list_flatten(combined).to_pylist(), pc.list_parent_indices(combined).to_pylist(), strict=True
    ):
        if key is not None:
            by_key.setdefault(key, []).append(row)
    return {key: np.asarray(rows) for key, rows in by_key.items()}


def _flags(
    rows_marked: np.ndarray | None, rows: pa.Array | None, reports: int, no: pa.Array, count: int
) -> pa.Array:
    if rows_marked is None:
        return no.slice(0, count)
    flag = np.zeros(reports, dtype=bool)
    flag[rows_marked] = True
    return pa.array(flag if rows is None else flag[rows.to_numpy()])
