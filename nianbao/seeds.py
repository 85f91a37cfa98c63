"""Seed data generated from the parser's template and cpca's division table, never typed by hand.

``python -m nianbao.seeds`` writes ``dbt_like_sql/seeds/*.csv`` (column types from
``warehouse.dimensions.SEED_SCHEMAS``); ``tests/warehouse/test_seeds.py`` fails when a committed CSV differs
from what this module generates, so the warehouse and the parser cannot drift apart, and the warehouse reads
plain files at build time instead of importing the parser.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from crawler.parsing import template as t
from crawler.parsing.regions import index
from crawler.parsing.template import Era
from warehouse.dimensions import SEED_SCHEMAS, SEEDS_DIR, write_seed_csv

# Placeholder division names that are not a real city (municipal districts, directly administered counties).
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Summary figures of prose reports that no template cell holds: they become metrics ``figure.<key>``.
PROSE_TOTALS = ("proactive_total", "consultations", "fees_collected_yuan")


def regions() -> pa.Table:
    """One row per GB/T 2260 division: six-digit code, name, level, parent codes and names."""
    names = index().by_code
    return pa.Table.from_pylist([_region(code, names) for code in sorted(names)])


def _region(code: str, names: dict[str, str]) -> dict[str, object]:
    province_code, city_code = code[:2] + "0000", code[:4] + "00"
    level = "province" if code == province_code else "city" if code == city_code else "county"
    has_city = level != "province" and city_code in names
    if level == "province":
        parent = None
    elif level == "city" or not has_city:  # a county directly under its province has no city
        parent = province_code
    else:
        parent = city_code
    city_name = names.get(city_code)
    return {
        "region_code": code,
        "name": names[code],
        "level": level,
        "parent_code": parent,
        "province_code": province_code,
        "city_code": city_code if has_city else None,
        "province": names.get(province_code),
        "city": city_name if level != "province" and city_name not in _PLACEHOLDERS else None,
        "county": names[code] if level == "county" else None,
    }


def applicant_types() -> pa.Table:
    legal = {"commercial", "research", "social_welfare", "legal_service", "other_org"}
    keys = list(t.APPLICANT_KEYS)
    return pa.table(
        {
            "applicant_type": keys,
            "label": [label for _, label in t.APPLICANT_COLUMNS],
            "applicant_group": ["legal_or_other" if k in legal else k for k in keys],
            "group_label": ["法人或其他组织" if k in legal else dict(t.APPLICANT_COLUMNS)[k] for k in keys],
            "sort_order": list(range(1, len(keys) + 1)),
        }
    )


def _row_kind(key: str) -> str:
    if key in ("new", "carried_over"):
        return "intake"
    if key == "outcomes_total":
        return "total"
    if key == "carried_forward":
        return "carry"
    return "group" if key in t.T3_GROUPS else "outcome"


def outcomes() -> pa.Table:
    """Every table-3 row of both templates plus the group rows, with the 2019↔2021 crosswalk."""
    rows = list(t.T3_ROWS)
    known = {r.key for r in rows}
    for group, label in t.T3_GROUPS.items():
        if group not in known:  # group rows with no row of their own in T3_ROWS (denied, unable, ...)
            position = next(i for i, r in enumerate(rows) if r.group == group)
            rows.insert(position, t.Row(group, label))
    return pa.table(
        {
            "outcome": [r.key for r in rows],
            "label": [r.label for r in rows],
            "row_kind": [_row_kind(r.key) for r in rows],
            "parent_outcome": [r.group for r in rows],
            # The six groups that add up to 总计: a sub-row's group, or the row itself for 予以公开/部分公开.
            "outcome_group": [r.group or (r.key if r.key in t.T3_OUTCOME_GROUPS else None) for r in rows],
            "in_2019": [Era.T2019 in r.templates for r in rows],
            "in_2021": [Era.T2021 in r.templates for r in rows],
            # 2021's three 其他处理 sub-rows exist in 2019 only as their group row.
            "crosswalk_2019": [r.key if Era.T2019 in r.templates else r.group for r in rows],
            "sort_order": list(range(1, len(rows) + 1)),
        }
    )


def metrics() -> pa.Table:
    """Table 2 (both templates) and table 4 cells, plus the summary figures prose reports state."""
    rows: list[dict[str, object]] = []

    def add(key: str, table_no: int, row: tuple[str, str], col: tuple[str, str], versions: set[str]) -> None:
        rows.append(
            {
                "metric_key": key,
                "table_no": table_no,
                "row_key": row[0],
                "row_label": row[1],
                "column_key": col[0],
                "column_label": col[1],
                "in_2019": Era.T2019 in versions,
                "in_2021": Era.T2021 in versions,
            }
        )

    labels: dict[tuple[str, str], tuple[str, str]] = {}
    versions: dict[tuple[str, str], set[str]] = {}
    for version, table in ((Era.T2019, t.T2_2019), (Era.T2021, t.T2_2021)):
        for row, row_label, columns in table:
            for col, col_label in columns:
                labels.setdefault((row, col), (row_label, col_label))
                versions.setdefault((row, col), set()).add(version)
    for (row, col), (row_label, col_label) in labels.items():
        add(t.cell_key("t2", row, col), 2, (row, row_label), (col, col_label), versions[(row, col)])
    both: set[str] = {Era.T2019, Era.T2021}
    for block in t.T4_BLOCKS:
        for result in t.T4_RESULTS:
            add(t.cell_key("t4", block[0], result[0]), 4, block, result, both)
    # Prose-era totals without a template cell of their own.
    add("t4.litigation.total", 4, ("litigation", "行政诉讼"), ("total", "总计"), both)
    for key in PROSE_TOTALS:
        add(f"figure.{key}", 0, (key, key), ("value", "value"), both)
    return pa.Table.from_pylist(rows)


def figure_metrics() -> pa.Table:
    """Each summary figure a report may state, and the cell or metric it lands on in the facts."""
    targets = dict(t.SUMMARY_FROM_CELLS)
    targets["litigation_total"] = "t4.litigation.total"
    for key in PROSE_TOTALS:
        targets[key] = f"figure.{key}"
    keys = [k for k in t.SUMMARY_KEYS if k in targets]
    return pa.table({"figure_key": keys, "metric_key": [targets[k] for k in keys]})


GENERATORS: dict[str, Callable[[], pa.Table]] = {
    "regions": regions,
    "applicant_types": applicant_types,
    "outcomes": outcomes,
    "metrics": metrics,
    "figure_metrics": figure_metrics,
}


def generate(name: str) -> pa.Table:
    return GENERATORS[name]().cast(SEED_SCHEMAS[name])


def write_all(directory: Path = SEEDS_DIR) -> list[Path]:
    return [write_seed_csv(generate(name), directory / f"{name}.csv") for name in SEED_SCHEMAS]


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS_DIR):
        print(path)
