"""The dbt-like project: YAML is strict, refs resolve, the DAG orders models and names cycles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from warehouse.dag import DagError, build_order, refs, render
from warehouse.project import LAYERS, PROJECT_ROOT, ProjectError, load_project


def _mini(root: Path, models: dict[str, str], yaml_extra: str = "") -> Path:
    """A throwaway project: models as {name: sql}, in the layer their prefix says."""
    layer_of = {"stg": "staging", "int": "intermediate", "dim": "marts", "fct": "marts", "mart": "marts"}
    docs: dict[str, list[str]] = {}
    for name, sql in models.items():
        layer = layer_of[name.split("_")[0]]
        (root / layer).mkdir(parents=True, exist_ok=True)
        (root / layer / f"{name}.sql").write_text(sql, encoding="utf-8")
        docs.setdefault(layer, []).append(f"  - name: {name}\n    grain: one row per thing\n{yaml_extra}")
    for layer, entries in docs.items():
        (root / layer / "models.yml").write_text("models:\n" + "".join(entries), encoding="utf-8")
    (root / "tests").mkdir(exist_ok=True)
    return root


def test_real_project_is_consistent_and_layered() -> None:
    project = load_project()
    order = build_order(project.models)
    assert set(order) == set(project.models)
    position = {name: i for i, name in enumerate(order)}
    for name, model in project.models.items():
        assert model.grain, name
        for dep in refs(model.sql):
            assert position[dep] < position[name], (dep, name)
            # data flows one way: staging -> intermediate -> marts
            assert list(LAYERS).index(project.models[dep].layer) <= list(LAYERS).index(model.layer)
    for layer, (_, prefixes) in LAYERS.items():
        for sql in (PROJECT_ROOT / layer).glob("*.sql"):
            assert sql.stem in project.models and sql.stem.startswith(prefixes)


def test_order_follows_refs(tmp_path: Path) -> None:
    root = _mini(
        tmp_path,
        {
            "fct_c": "SELECT * FROM {{ ref('int_b') }} JOIN {{ ref('stg_a') }} USING (x)",
            "int_b": "SELECT * FROM {{ ref('stg_a') }}",
            "stg_a": "SELECT * FROM {{ source('raw', 'reports') }}",
        },
    )
    assert build_order(load_project(root).models) == ["stg_a", "int_b", "fct_c"]


def test_cycle_is_named(tmp_path: Path) -> None:
    root = _mini(
        tmp_path,
        {
            "int_a": "SELECT * FROM {{ ref('int_b') }}",
            "int_b": "SELECT * FROM {{ ref('int_c') }}",
            "int_c": "SELECT * FROM {{ ref('int_a') }}",
        },
    )
    with pytest.raises(DagError, match=r"cycle: int_\w -> int_\w -> int_\w -> int_\w") as error:
        build_order(load_project(root).models)
    assert {"int_a", "int_b", "int_c"} <= set(str(error.value).replace("->", " ").split())


def test_unknown_ref_and_source_are_errors(tmp_path: Path) -> None:
    root = _mini(tmp_path, {"int_a": "SELECT * FROM {{ ref('int_missing') }}"})
    with pytest.raises(DagError, match="int_missing"):
        build_order(load_project(root).models)
    with pytest.raises(DagError, match=r"raw\.nope"):
        render("SELECT * FROM {{ source('raw', 'nope') }}", str, "x.sql")
    with pytest.raises(DagError, match="config"):
        render("SELECT {{ config(materialized='table') }}", str, "x.sql")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    materialized: table\n", r"unknown key\(s\) \['materialized'\]"),
        ("    columns:\n      - {name: x, tests: [uniq]}\n", "unknown test 'uniq'"),
        ("    columns:\n      - {name: x, descripton: typo}\n", r"unknown key\(s\) \['descripton'\]"),
        (
            "    columns:\n      - name: x\n        tests:\n"
            "          - relationships: {to: dim_a, column: x}\n",
            r"unknown key\(s\) \['column'\]",
        ),
        ("    key: [y]\n    columns: [{name: x}]\n", r"key column\(s\) \['y'\] are not documented"),
    ],
)
def test_unknown_yaml_keys_are_rejected(tmp_path: Path, extra: str, message: str) -> None:
    root = _mini(tmp_path, {"int_a": "SELECT 1 AS x"}, yaml_extra=extra)
    with pytest.raises(ProjectError, match=message):
        load_project(root)


def test_docs_match_the_code(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT, root)
    (root / "marts" / "mart_orphan.sql").write_text("SELECT 1 AS x", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"without YAML.*mart_orphan"):
        load_project(root)
    (root / "marts" / "mart_orphan.sql").unlink()
    (root / "intermediate" / "int_agencies.sql").unlink()
    with pytest.raises(ProjectError, match=r"no SQL file.*int_agencies"):
        load_project(root)


def test_missing_grain_and_bad_prefix(tmp_path: Path) -> None:
    root = _mini(tmp_path, {"int_a": "SELECT 1"})
    (root / "intermediate" / "models.yml").write_text("models:\n  - name: int_a\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="grain"):
        load_project(root)
    (root / "intermediate" / "models.yml").write_text(
        "models:\n  - {name: fct_a, grain: g}\n", encoding="utf-8"
    )
    (root / "intermediate" / "int_a.sql").rename(root / "intermediate" / "fct_a.sql")
    with pytest.raises(ProjectError, match="named int_"):
        load_project(root)
