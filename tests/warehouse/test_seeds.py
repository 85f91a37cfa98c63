"""The committed seed CSVs are exactly what ``nianbao.seeds`` generates from the parser's template and
cpca's division table: regenerate with ``.venv/bin/python -m nianbao.seeds`` after changing either."""

from __future__ import annotations

import pytest

from nianbao import seeds
from warehouse import dimensions


@pytest.mark.parametrize("name", dimensions.SEEDS)
def test_seed_csv_is_generated(name: str) -> None:
    committed = dimensions.read_seed(name)
    generated = seeds.generate(name)
    assert committed.schema.equals(generated.schema)
    assert committed.equals(generated), f"dbt_like_sql/seeds/{name}.csv is stale: run python -m nianbao.seeds"


def test_every_generator_has_a_schema() -> None:
    assert set(seeds.GENERATORS) == set(dimensions.SEED_SCHEMAS)
